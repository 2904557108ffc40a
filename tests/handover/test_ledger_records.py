"""The ledger as the ward's checklist asks (管理簿): JST with 和暦, CSV and HTML for filing, old ledgers still
verify, damaged lines named."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from pathlib import Path

import pytest

from addrjp.errors import IntegrityError
from addrjp.handover.ledger import GENESIS, Ledger
from addrjp.handover.ledger_print import ledger_csv, ledger_html


def _v1_line(seq: int, prev: str, **fields: object) -> tuple[str, str]:
    """A line as addrjp wrote ledgers before 和暦 and kinds (format addrjp-ledger/1, the time in UTC)."""
    body = {"seq": seq, "time": "2025-09-01T01:00:00+00:00", "handler": "区 山田", "direction": "ward-to-vendor",
            "content": "郵送用宛名データ (mailing file): mailing.csv, manifest.json", "records": 2,
            "package": "p.age", "package_sha256": "ab" * 32, "package_bytes": 100, "same_package_as": None,
            "prev": prev, "format": "addrjp-ledger/1", **fields}
    digest = hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True,
                                       separators=(",", ":")).encode()).hexdigest()
    line = json.dumps({**body, "hash": digest}, ensure_ascii=False, separators=(",", ":"))
    return line, digest


def test_a_ledger_of_the_first_format_still_verifies_and_grows(tmp_path: Path) -> None:
    first, h1 = _v1_line(1, GENESIS)
    second, h2 = _v1_line(2, h1, direction="vendor-to-ward", same_package_as=1)
    book = Ledger(tmp_path / "old.jsonl")
    book.path.write_text(first + "\n" + second + "\n", encoding="utf-8")
    assert book.verify().head == h2
    entries = book.read()
    assert entries[0].jst_time == "2025-09-01T10:00:00+09:00" and entries[0].wareki == "令和7年9月1日"
    added = book.add(handler="区 田中", direction="ward-to-vendor", content="x", records=1, package="q.age",
                     package_sha256="cd" * 32, package_bytes=5)
    assert added.seq == 3 and added.prev == h2 and book.verify(expect_head=added.hash).entries == 3


def test_times_are_recorded_in_jst_with_the_wareki_date(tmp_path: Path) -> None:
    book = Ledger(tmp_path / "l.jsonl")
    entry = book.add(handler="区 山田", direction="ward-to-vendor", content="x", records=1, package="p.age",
                     package_sha256="ab" * 32, package_bytes=1, time=dt.datetime(2026, 11, 30, 15, 5, tzinfo=dt.UTC))
    line = json.loads(book.path.read_text(encoding="utf-8"))
    assert line["time"] == "2026-12-01T00:05:00+09:00" and line["date_wareki"] == "令和8年12月1日"
    assert line["format"] == "addrjp-ledger/2" and line["kind"] == "handover" and entry.wareki == "令和8年12月1日"


def test_a_field_of_the_wrong_type_is_named(tmp_path: Path) -> None:
    line, _ = _v1_line(1, GENESIS, records="2")
    book = Ledger(tmp_path / "l.jsonl")
    book.path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(IntegrityError, match="line 1: field records holds text"):
        book.read()


def test_bytes_that_are_not_utf8_are_a_clear_integrity_error(tmp_path: Path) -> None:
    first, _ = _v1_line(1, GENESIS)
    book = Ledger(tmp_path / "l.jsonl")
    book.path.write_bytes(first.encode("utf-8") + b"\n" + "区 山田".encode("cp932") + b"\n")
    with pytest.raises(IntegrityError, match=r"line 2: not UTF-8 \(byte 1 of the line\)"):
        book.verify()


def test_a_byte_order_mark_added_by_an_editor_changes_nothing(tmp_path: Path) -> None:
    first, h1 = _v1_line(1, GENESIS)
    book = Ledger(tmp_path / "l.jsonl")
    book.path.write_bytes(b"\xef\xbb\xbf" + first.encode("utf-8") + b"\n")
    assert book.verify().head == h1


def _book(tmp_path: Path) -> Ledger:
    book = Ledger(tmp_path / "l.jsonl")
    book.add(handler="=HYPERLINK(\"http://x\")", direction="ward-to-vendor", content="<script>alert(1)</script>",
             records=35000, package="p.age", package_sha256="ab" * 32, package_bytes=1,
             time=dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC))
    book.add(handler="印刷 佐藤", direction="vendor-to-ward", content="返却", records=35000, package="p.age",
             package_sha256="ab" * 32, package_bytes=1)
    return book


def test_csv_is_for_excel_utf8_with_bom_crlf_and_no_formula(tmp_path: Path) -> None:
    book = _book(tmp_path)
    data = ledger_csv(book.read(), chain="OK")
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and b"\n\n" not in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][0].startswith("番号") and "和暦 (date)" in rows[0]
    assert rows[1][1] == "2026-12-01T18:00:00+09:00" and rows[1][2] == "令和8年12月1日"
    assert rows[1][5] == "'=HYPERLINK(\"http://x\")" and rows[2][11] == "1"
    assert rows[-1][0].endswith("OK")


def test_html_is_self_contained_escaped_and_printable(tmp_path: Path) -> None:
    book = _book(tmp_path)
    page = ledger_html(book.read(), chain="OK", ok=True, title="l.jsonl")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "http" not in page.replace("http://x", "") and "<link" not in page and "src=" not in page
    assert "@page" in page and "令和8年12月1日" in page and "署名" in page
    broken = ledger_html(book.read(), chain="BROKEN: entry 2 edited", ok=False, title="l.jsonl")
    assert "改ざんの疑い" in broken
