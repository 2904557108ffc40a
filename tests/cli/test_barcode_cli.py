"""``addrjp barcode``: output, JSON, SVG/PNG files, and errors without traceback (exit 2)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from addrjp.cli.main import main


def test_address_b(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["barcode", "160-0023", "2丁目8番1号", "--address-b"]) == 0
    out = capsys.readouterr().out
    assert "2-8-1" in out
    assert "16000232-8-1CC4CC4CC4CC4CC4CC4CC4CC4CC6" in out
    assert "STC 1 6 0 0 0 2 3 2 - 8 - 1" in out and out.rstrip().endswith("CC6")


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["barcode", "100-0013", "1丁目3番2号　郵便プラザ503室", "--address-b", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["postal_code"] == "100-0013"
    assert result["address_number"] == "1-3-2-503"
    assert result["barcode"] == "10000131-3-2-503CC4CC4CC4CC49"
    assert len(result["tokens"]) == 21 and result["check_digit"] == "9"
    assert len(result["bars"]) == 67


def test_raw_po_box(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["barcode", "980-8691", "215", "--raw", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["barcode"].startswith("9808691215CC4")


def test_svg_and_png_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    svg, png = tmp_path / "b.svg", tmp_path / "b.png"
    args = ["barcode", "160-0023", "2-8-1", "--address-b", "--svg", str(svg), "--png", str(png), "--size", "9"]
    assert main(args) == 0
    text = svg.read_text(encoding="utf-8")
    assert text.count("<rect ") == 68 and 'width="75.82mm"' in text  # 71.82 mm + 2 × 2 mm
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert stat.S_IMODE(svg.stat().st_mode) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".addrjp-")]


def test_bad_postal_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["barcode", "16-0023", "1", "--address-b"]) == 2
    err = capsys.readouterr().err
    assert "7 digits" in err and "Traceback" not in err


def test_bad_size(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["barcode", "160-0023", "1", "--address-b", "--size", "12"])
    assert exc.value.code == 2
    assert "between 8 and 11.5" in capsys.readouterr().err


def test_raw_rejects_kanji(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["barcode", "160-0023", "2丁目", "--raw"]) == 2
    err = capsys.readouterr().err
    assert "2丁目" not in err  # no address text in messages


def test_missing_output_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "nope" / "b.svg"
    assert main(["barcode", "160-0023", "1", "--address-b", "--svg", str(target)]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_full_address_with_parser(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("addrjp.address.parse")
    pytest.importorskip("addrjp.postal.lookup")
    assert main(["barcode", "160-0023", "西新宿2丁目8番1号", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["address_number"] == "2-8-1"
    assert result["barcode"] == "16000232-8-1CC4CC4CC4CC4CC4CC4CC4CC4CC6"
    assert main(["barcode", "160-0000", "東京都新宿区西新宿2丁目8番1号"]) == 2
    err = capsys.readouterr().err
    assert "representative" in err and "西新宿" not in err
