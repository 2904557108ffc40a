"""``addrjp proof``: exit codes, a changed folder refused, nothing half-written, no personal data in messages."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from proof_fixtures import ROWS, make_folder

from addrjp.cli.main import main


def run(*args: str) -> int:
    return main(list(args))


def test_proof_writes_an_owner_only_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = make_folder(tmp_path / "out")
    out = tmp_path / "proof.pdf"
    assert run("proof", str(folder), "--out", str(out)) == 0
    assert out.read_bytes().startswith(b"%PDF-") and stat.S_IMODE(out.stat().st_mode) == 0o600
    err = capsys.readouterr().err
    assert "5 cards, 6 pages" in err
    assert run("proof", str(folder), "--out", str(out)) == 2  # exists
    assert "--force" in capsys.readouterr().err
    assert run("proof", str(folder), "--out", str(out), "--force", "--sample", "2", "-q") == 0


def test_changed_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = make_folder(tmp_path / "out")
    data = (folder / "mailing.csv").read_bytes()
    (folder / "mailing.csv").write_bytes(data.replace("新宿　花子".encode("cp932"), "新宿　花代".encode("cp932")))
    out = tmp_path / "proof.pdf"
    assert run("proof", str(folder), "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert "changed since the run" in err and "花" not in err
    assert not out.exists() and not list(tmp_path.glob(".proof.pdf.*"))  # nothing half-written
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    manifest["counts"]["mailing"] += 1
    from addrjp.mailing.manifest import sha256_hex

    (folder / "mailing.csv").write_bytes(data)
    manifest["files"]["mailing.csv"]["sha256"] = sha256_hex(data)
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    assert run("proof", str(folder), "--out", str(out)) == 2
    assert "rows, the manifest says" in capsys.readouterr().err


def test_selection_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = make_folder(tmp_path / "out")
    out = str(tmp_path / "p.pdf")
    held = next(r for r in ROWS if r.status == "hold")
    assert run("proof", str(folder), "--out", out, "--ids", f"P0001,{held.id}") == 2
    err = capsys.readouterr().err
    assert "not printed rows" in err and held.id not in err
    assert run("proof", str(folder), "--out", out, "--status", "hold") == 2
    assert "never printed" in capsys.readouterr().err
    ids = tmp_path / "ids.txt"
    ids.write_text("P0003\n# a comment\nP0001\n", "utf-8")
    assert run("proof", str(folder), "--out", out, "--ids", f"@{ids}") == 0
    (folder / "findings.csv").unlink()  # the vendor's copy
    assert run("proof", str(folder), "--out", out, "--force", "--status", "review") == 2
    assert "findings.csv is not in the folder" in capsys.readouterr().err
    assert run("proof", str(folder), "--out", out, "--force") == 0  # without --status it draws all


def test_bad_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = make_folder(tmp_path / "out")
    assert run("proof", str(tmp_path / "nothing"), "--out", str(tmp_path / "p.pdf")) == 2
    assert run("proof", str(folder), "--out", str(folder / "p.pdf")) == 2
    assert "into the mailing folder" in capsys.readouterr().err
    assert run("proof", str(folder), "--out", str(tmp_path / "p.pdf"), "--font", str(tmp_path / "none.ttf")) == 2
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"not a font")
    assert run("proof", str(folder), "--out", str(tmp_path / "p.pdf"), "--font", str(bad)) == 2
    assert "cannot embed this font" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run("proof", str(folder), "--out", str(tmp_path / "p.pdf"), "--barcode-size", "12")


def test_embedded_font(tmp_path: Path) -> None:
    from proof_fixtures import IPAEX

    if not IPAEX.is_file():
        import os

        if os.environ.get("ADDRJP_REQUIRE_PROOF_TOOLS") == "1":
            pytest.fail("IPAex明朝 (fonts-ipaexfont-mincho) is required")
        pytest.skip("IPAex明朝 (fonts-ipaexfont-mincho) is not installed")
    from pypdf import PdfReader

    folder = make_folder(tmp_path / "out")
    out = tmp_path / "p.pdf"
    assert run("proof", str(folder), "--out", str(out), "--font", str(IPAEX), "-q") == 0
    reader = PdfReader(out)
    fonts = set()
    for page in reader.pages[1:]:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font.get("/DescendantFonts")
            desc = (descendant[0].get_object() if descendant else font).get("/FontDescriptor")
            if desc is not None and ("/FontFile2" in desc.get_object()):
                fonts.add(str(font["/BaseFont"]).split("+")[-1])
    assert {"IPAexMincho", "IPAexMincho-V"} <= fonts  # embedded, horizontal and vertical
    text = reader.pages[1].extract_text().replace("\n", "")
    assert "東京都新宿区西新宿二丁目八番一号" in text and "新宿花子様" in text  # real characters, in order
