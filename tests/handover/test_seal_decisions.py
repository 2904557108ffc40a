"""The decisions file (判断記録) and the review page stay at the ward: seal refuses the one, never packs either,
and warns about (or with --require-decisions refuses) review rows that no one decided on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from addrjp.cli.main import main
from addrjp.errors import InputError
from addrjp.handover.keys import generate_keypair
from addrjp.handover.seal import open_package, seal_directory
from addrjp.mailing.pipeline import Options, run_clean
from addrjp.mailing.reader import read_register
from addrjp.review.decisions import Decision, decisions_bytes, fingerprints, is_decisions_data

REGISTER = """id,name,postal_code,address,address2,birthdate
A1,岡本　幸子,162-0855,東京都新宿区二十騎堺13-5,,1940-01-02
A2,佐藤　花子,1600022,新宿区新宿一丁目1番1号,,1945-05-05
"""


@pytest.fixture()
def clean_run(tmp_path: Path) -> tuple[Path, Path, Path]:
    src = tmp_path / "register.csv"
    src.write_text(REGISTER, encoding="utf-8")
    out = tmp_path / "out"
    run_clean(src, out, Options(barcode=False))
    frame = read_register(src).frame
    dec = tmp_path / "ward-notes.csv"  # named like anything else: recognised by its header
    dec.write_bytes(decisions_bytes([Decision("A1", fingerprints(frame)[0], "approve", decided_by="確認")]))
    pair = generate_keypair(tmp_path / "vendor")
    return out, dec, pair.public_path


def test_seal_refuses_a_decisions_file_by_content_and_name(clean_run: tuple[Path, Path, Path], tmp_path: Path) -> None:
    out, dec, pub = clean_run
    for name in ("notes.csv", "判断記録-20260901.csv", "decisions.csv"):
        shutil.copy(dec, out / name)
        with pytest.raises(InputError, match="decisions file"):
            seal_directory(out, tmp_path / "pkg.age", recipient=pub, include=[name])
        assert not (tmp_path / "pkg.age").exists()


def test_default_package_holds_neither_the_page_nor_decisions(clean_run: tuple[Path, Path, Path],
                                                             tmp_path: Path) -> None:
    out, dec, pub = clean_run
    shutil.copy(dec, out / "decisions.csv")
    sealed = seal_directory(out, tmp_path / "pkg.age", recipient=pub)
    assert sealed.files == ("mailing.csv", "manifest.json") and "report.html" in sealed.withheld
    opened = open_package(tmp_path / "pkg.age", tmp_path / "in", identity=tmp_path / "vendor.key",
                          expect_sha256=sealed.sha256)
    assert set(opened.files) == {"handover.json", "mailing.csv", "manifest.json"}
    for p in (tmp_path / "in").iterdir():
        assert not is_decisions_data(p.read_bytes())


def test_seal_warns_and_can_refuse_undecided_review_rows(clean_run: tuple[Path, Path, Path], tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    out, dec, pub = clean_run
    assert seal_directory(out, tmp_path / "a.age", recipient=pub).undecided_review == 1
    assert main(["seal", str(out), "--recipient", str(pub), "--out", str(tmp_path / "b.age")]) == 0
    assert "warning: 1 review rows (要確認) have no decision yet" in capsys.readouterr().err
    assert main(["seal", str(out), "--recipient", str(pub), "--out", str(tmp_path / "c.age"),
                 "--require-decisions"]) == 2
    assert "--require-decisions: 1 review rows" in capsys.readouterr().err
    assert not (tmp_path / "c.age").exists()
    # decided: the next run counts none, and --require-decisions seals
    src = tmp_path / "register.csv"
    run_clean(src, out, Options(barcode=False, decisions=str(dec)), force=True)
    assert main(["seal", str(out), "--recipient", str(pub), "--out", str(tmp_path / "d.age"),
                 "--require-decisions"]) == 0
    assert "warning" not in capsys.readouterr().err
