"""The rows with a mailing cell the output encoding may not write as it is, found once (encodable.odd_rows,
in finish_part: ``_odd``) and given to the encodability check and to the writer's images: the same verdicts
and the same images as each finding them itself, and the same outputs of a run."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.mailing import encodable
from addrjp.mailing.encodable import odd_rows, output_images, unencodable_mask
from addrjp.mailing.pipeline import Options, run_clean

#: characters CP932 writes as they are, writes in another image (〜 ‖ − ￠), or cannot write (𠮷 ㈱ is fine)
_CHARS = st.sampled_from(list("山田花子新宿区1-2 ｱｲ〜‖−￠¢𠮷髙﨑①㈱\u3000・ー"))
_CELL = st.one_of(st.none(), st.text(_CHARS, max_size=6))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_CELL, _CELL, _CELL), max_size=8))
def test_a_superset_of_odd_rows_gives_the_same_verdicts_and_images(rows: list[tuple[str | None, ...]]) -> None:
    frame = pl.DataFrame(rows, schema={"a": pl.String, "b": pl.String, "extra": pl.String}, orient="row")
    wider = odd_rows(frame, "cp932", ["a", "b", "extra"])  # more columns than the callers look at
    assert wider is not None
    assert unencodable_mask(frame, "cp932", ["a", "b"], odd=wider).equals(unencodable_mask(frame, "cp932", ["a", "b"]))
    assert output_images(frame, "cp932", ["a", "b"], odd=wider).equals(output_images(frame, "cp932", ["a", "b"]))


def test_no_class_no_odd_rows() -> None:
    assert odd_rows(pl.DataFrame({"a": ["x"]}), "utf-8", ["a"]) is None
    assert odd_rows(pl.DataFrame({"a": ["x"]}), "cp932", ["b"]) is None


def _register(path: Path) -> Path:
    names = ["山田　花子", "山田　太郎", "髙橋　〜子", "𠮷野　一郎", "佐藤　ｱｲ", "佐藤　‖美", "鈴木　−郎", "鈴木　花子"]
    lines = ["id,name,postal_code,address,address2"]
    for i, name in enumerate(names):
        house = i // 2 + 1  # two people a house: joint cards with --joint-household
        lines.append(f"R{i},{name},160-0023,東京都新宿区西新宿2-8-{house},ハイツ〜{house}0{i % 2 + 1}")
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


@pytest.mark.parametrize("joint", [False, True])
def test_a_run_writes_what_it_wrote_when_each_step_found_its_own_odd_rows(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch,
                                                                          joint: bool) -> None:
    register = _register(tmp_path / "in.csv")
    opts = Options(barcode=False, joint_household=joint, area=None)
    run_clean(register, tmp_path / "shared", opts)
    monkeypatch.setattr(encodable, "odd_rows", lambda *a, **k: None)  # no ``_odd``: each step its own pass
    run_clean(register, tmp_path / "own", opts)
    for name in ("mailing.csv", "findings.csv"):
        assert (tmp_path / "shared" / name).read_bytes() == (tmp_path / "own" / name).read_bytes(), name
    mailing = (tmp_path / "shared" / "mailing.csv").read_bytes().decode("cp932")
    assert "～" in mailing and "𠮷" not in mailing  # an image written, an unwritable name held
