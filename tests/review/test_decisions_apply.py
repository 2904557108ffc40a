"""``clean --decisions``: each kind of decision applied in the pipeline, and what is never applied silently."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import polars as pl
import pytest
from review_fixtures import REGISTER

from addrjp.mailing.pipeline import Options, run_clean
from addrjp.mailing.reader import read_register
from addrjp.review.decisions import Decision, decisions_bytes, fingerprints


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    d = tmp_path_factory.mktemp("register")
    src = d / "register.csv"
    src.write_bytes(REGISTER.encode("cp932"))
    frame = read_register(src).frame
    return src, dict(zip(frame["id"].to_list(), fingerprints(frame).to_list(), strict=True))


def _run(src: Path, out: Path, decisions: list[Decision] | None, **opts: object) -> tuple[dict[str, dict[str, str]],
                                                                                         dict]:
    path = None
    if decisions is not None:
        path = out.parent / f"{out.name}-decisions.csv"
        path.write_bytes(decisions_bytes(decisions))
    result = run_clean(src, out, Options(decisions=str(path) if path else None, **opts), force=True)  # type: ignore[arg-type]
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((out / "findings.csv").read_text("utf-8-sig")))}
    return rows, result.manifest


def D(rid: str, fps: dict[str, str], action: str, **kw: str) -> Decision:
    return Decision(rid, kw.pop("fp", fps.get(rid, "fp1:0000000000000000")), action, decided_by="確認 花子",
                    decided_at="2026-09-01T10:00:00+09:00", **kw)


def test_every_kind_applies(register: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    src, fps = register
    ds = [D("T02", fps, "approve"), D("T03", fps, "correct", field="address", value="東京都新宿区西落合4丁目7番5号"),
          D("T05", fps, "not_duplicate", value="T04"), D("T01", fps, "exclude", reason="亡くなった"),
          D("T06", fps, "hold", reason="家族に確認中"), D("T08", fps, "correct", field="postal_code", value="1690074"),
          D("T08", fps, "correct", field="name", value="上田 正子")]
    rows, manifest = _run(src, tmp_path / "out", ds)
    assert rows["T02"]["status"] == "fixed" and rows["T02"]["findings"] == "address.town_unknown;decision.approved"
    assert rows["T03"]["status"] == "fixed" and "decision.corrected" in rows["T03"]["findings"]
    assert rows["T03"]["address_in"] == "東京都新宿区西落合五丁目7番5号"
    assert {rows["T04"]["status"], rows["T05"]["status"]} == {"ok"}
    assert "T05" in rows["T04"]["description"] and "T04" in rows["T05"]["description"]  # both ids named
    assert rows["T01"]["status"] == "excluded" and rows["T01"]["findings"] == "decision.excluded"
    assert "亡くなった" in rows["T01"]["description"] and "確認 花子" in rows["T01"]["description"]
    assert rows["T06"]["status"] == "hold" and rows["T06"]["findings"] == "decision.held"
    assert rows["T08"]["name_out"] == "上田 正子" and rows["T08"]["name_in"] == "上田　正子"
    counts = manifest["counts"]["decisions"]
    assert counts["applied"] == {"approve": 1, "correct": 3, "not_duplicate": 1, "exclude": 1, "hold": 1}
    assert counts["stale"] == counts["unknown"] == counts["conflicting"] == 0
    data = (tmp_path / "out-decisions.csv").read_bytes()
    assert manifest["input"]["decisions"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert "亡くなった" not in json.dumps(manifest, ensure_ascii=False)  # counts and hash, never contents
    assert manifest["counts"]["by_status"]["excluded"] == 1 and manifest["counts"]["input"] == 8


def test_a_corrected_value_keeps_its_own_findings(register: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    src, fps = register
    rows, _ = _run(src, tmp_path / "out", [D("T03", fps, "correct", field="address", value="東京都新宿区西落合9丁目7番5号"),
                                           D("T06", fps, "correct", field="postal_code", value="123")])
    assert rows["T03"]["status"] == "hold" and "address.chome_invalid" in rows["T03"]["findings"]
    assert "decision.corrected" in rows["T03"]["findings"]
    assert rows["T06"]["status"] == "fixed" and "postal.malformed" in rows["T06"]["findings"]  # refilled from the address


def test_stale_unknown_and_conflicting_are_not_applied(register: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    src, fps = register
    ds = [D("T01", fps, "exclude", reason="転出", fp="fp1:ffffffffffffffff"),
          D("Z99", fps, "approve"),
          D("T06", fps, "approve"), D("T06", fps, "exclude", reason="辞退"),
          D("T02", fps, "not_duplicate", value="Z98"),
          D("T07", fps, "approve")]
    rows, manifest = _run(src, tmp_path / "out", ds)
    assert rows["T01"]["status"] == "review" and rows["T01"]["findings"] == "decision.stale"
    assert "以前の判断" in rows["T01"]["description"] and "転出" in rows["T01"]["description"]
    assert rows["T06"]["status"] == "hold" and rows["T06"]["findings"] == "decision.conflict"
    assert rows["T02"]["status"] == "hold" and "decision.conflict" in rows["T02"]["findings"]
    # approving a held row (no 番地) is not applicable: it stays held, the approval is not recorded as applied
    assert rows["T07"]["status"] == "hold" and "decision.approved" not in rows["T07"]["findings"]
    counts = manifest["counts"]["decisions"]
    assert (counts["stale"], counts["unknown"], counts["conflicting"], counts["not_applicable"]) == (1, 1, 3, 1)
    assert counts["applied"] == {"approve": 0, "correct": 0, "not_duplicate": 0, "exclude": 0, "hold": 0}
    html = (tmp_path / "out" / "report.html").read_text("utf-8")
    assert "Z99" in html and "名簿にない宛名番号" in html


def test_review_rows_without_a_decision_are_counted(register: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    src, fps = register
    _, manifest = _run(src, tmp_path / "none", None)
    assert manifest["counts"]["decisions"]["review_without_decision"] == 2  # T02 and T05
    assert "decisions" not in manifest["input"]
    _, manifest = _run(src, tmp_path / "one", [D("T02", fps, "approve")])
    assert manifest["counts"]["decisions"]["review_without_decision"] == 1


def test_name_overrides_are_name_corrections_with_a_trace(register: tuple[Path, dict[str, str]],
                                                          tmp_path: Path) -> None:
    src, fps = register
    overrides = tmp_path / "overrides.csv"
    overrides.write_text("id,name\nT04,吉田 やえ子\n", encoding="utf-8")
    rows, manifest = _run(src, tmp_path / "out", None, name_overrides=str(overrides))
    assert rows["T04"]["name_out"] == "吉田 やえ子" and "decision.corrected" in rows["T04"]["findings"]
    assert manifest["counts"]["decisions"]["name_overrides"] == 1
    # with a decisions file too: the same name twice is one decision; two different names conflict
    rows, _ = _run(src, tmp_path / "same", [D("T04", fps, "correct", field="name", value="吉田 やえ子")],
                   name_overrides=str(overrides))
    assert rows["T04"]["name_out"] == "吉田 やえ子"
    rows, _ = _run(src, tmp_path / "differ", [D("T04", fps, "correct", field="name", value="吉田 八重")],
                   name_overrides=str(overrides))
    assert rows["T04"]["status"] == "hold" and "decision.conflict" in rows["T04"]["findings"]


def test_a_decision_survives_a_cp932_to_utf8_reexport(register: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    _src, fps = register
    utf8 = tmp_path / "register-utf8.csv"
    utf8.write_bytes(("\ufeff" + REGISTER.replace("　", " ")).encode("utf-8"))
    rows, _ = _run(utf8, tmp_path / "out", [D("T02", fps, "approve")])
    assert "decision.approved" in rows["T02"]["findings"] and rows["T02"]["status"] == "fixed"


def test_a_large_run_fingerprints_only_the_rows_the_page_embeds(register: tuple[Path, dict[str, str]],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import addrjp.review.decisions as decisions_module
    import addrjp.review.page as page_module
    from addrjp.mailing.pipeline import build_outputs, clean_frame

    src, fps = register
    monkeypatch.setattr(decisions_module, "PAGE_ALL_ROWS", 3)
    monkeypatch.setattr(page_module, "MAX_ALL_ROWS", 3)
    frame = read_register(src).frame
    result = clean_frame(frame, Options(barcode=False))
    got = dict(zip(result["id"].to_list(), result["fingerprint"].to_list(), strict=True))
    flagged = set(result.filter(pl.col("status").is_in(["review", "hold"]))["id"].to_list()) | {"T04"}  # T05's partner
    assert {rid for rid, fp in got.items() if fp} == flagged
    assert all(got[rid] == fps[rid] for rid in flagged)
    html = build_outputs(result, input_rows=result.height, input_info={}, opts=Options(barcode=False))[0]["report.html"]
    assert b'"all":false' in html
