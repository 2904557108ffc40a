"""``addrjp clean`` on the command line after a fuzzy town correction: the building and room are printed once in
住所2 and the customer barcode is computed from that single text (the defect of issue 12 §4, guarded through
the command, not only through the pipeline's frame)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from addrjp.cli.main import main
from addrjp.mailing.barcode import barcode_to_text, customer_barcode

# a synthetic resident; 市各田町 is 市谷田町 with one wrong kanji, the building is in 方書
REGISTER = ("宛名番号,氏名,郵便番号,住所,方書,生年月日\r\n"
            "B01,山田　花子,162-0843,新宿区市各田町1-12-6,セントラル市谷田町マンション301号室,1940-01-01\r\n"
            "B02,山田　一郎,162-0843,新宿区市谷田町1-12-6,セントラル市谷田町マンション301号室,1938-02-02\r\n")
BUILDING = "セントラル市谷田町マンション"


@pytest.fixture()
def cleaned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, dict[str, dict[str, str]]]:
    src = tmp_path / "register.csv"
    src.write_bytes(REGISTER.encode("cp932"))
    out = tmp_path / "out"
    assert main(["clean", str(src), "--out", str(out), "--force", "-q"]) == 0
    capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO((out / "mailing.csv").read_bytes().decode("cp932"))))
    return out, {r["宛名番号"]: r for r in rows}


def test_clean_prints_the_building_once_after_a_fuzzy_town_correction(
        cleaned: tuple[Path, dict[str, dict[str, str]]]) -> None:
    out, mailing = cleaned
    fuzzy, written_right = mailing["B01"], mailing["B02"]
    assert fuzzy["住所1"] == "東京都新宿区市谷田町1-12-6"
    assert fuzzy["住所2"].count(BUILDING) == 1 and fuzzy["住所2"].count("301") == 1
    assert (fuzzy["住所1"], fuzzy["住所2"]) == (written_right["住所1"], written_right["住所2"])
    findings = {r["id"]: r for r in csv.DictReader(io.StringIO((out / "findings.csv").read_text("utf-8-sig")))}
    assert findings["B01"]["status"] == "review" and "address.town_unknown" in findings["B01"]["findings"]
    assert findings["B01"]["address_out"].count(BUILDING) == 1
    assert findings["B01"]["address_in"] == "新宿区市各田町1-12-6 " + BUILDING + "301号室"  # the register's text kept


def test_clean_computes_the_barcode_from_the_single_printed_text(
        cleaned: tuple[Path, dict[str, dict[str, str]]], capsys: pytest.CaptureFixture[str]) -> None:
    out, mailing = cleaned
    row = mailing["B01"]
    printed = f"{row['住所1']} {row['住所2']}"
    assert row["カスタマバーコード"] == barcode_to_text(customer_barcode(row["郵便番号"], printed))
    assert row["カスタマバーコード"] == "16208431-12-6-301CC4CC4CC44"  # 1-12-6-301 once, not …301-301
    assert row["カスタマバーコード"] == mailing["B02"]["カスタマバーコード"]
    assert main(["check", str(out)]) == 0  # one verdict: what clean wrote, check passes
    assert "PASS" in capsys.readouterr().out
