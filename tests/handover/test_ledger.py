"""The ledger (管理簿): entries chained by hash; edits, removals and reordering detected."""

from __future__ import annotations

import itertools
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from handover_fixtures import assert_no_personal_data, make_output

from addrjp.errors import InputError, IntegrityError
from addrjp.handover.keys import generate_keypair
from addrjp.handover.ledger import GENESIS, Ledger, entry_hash
from addrjp.handover.seal import seal_directory

JST = timezone(timedelta(hours=9))


def _book(tmp_path: Path, n: int = 4) -> Ledger:
    book = Ledger(tmp_path / "ledger.jsonl")
    for i in range(n):
        book.add(handler=f"担当{i}", direction="ward-to-vendor" if i % 2 == 0 else "vendor-to-ward",
                 content="宛名データ", records=100 + i, package=f"p{i}.age", package_sha256=f"{i:064x}",
                 package_bytes=1000 + i, time=datetime(2025, 4, 1, 9, i, tzinfo=JST))
    return book


def _lines(book: Ledger) -> list[str]:
    return book.path.read_text(encoding="utf-8").splitlines()


def _write(book: Ledger, lines: list[str]) -> None:
    book.path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_chain_links_every_entry(tmp_path: Path) -> None:
    book = _book(tmp_path)
    entries = book.read()
    assert [e.seq for e in entries] == [1, 2, 3, 4]
    assert entries[0].prev == GENESIS
    assert all(b.prev == a.hash for a, b in itertools.pairwise(entries))
    assert all(entry_hash(e.body()) == e.hash for e in entries)
    result = book.verify()
    assert result.entries == 4 and result.head == entries[-1].hash
    assert entries[0].time == "2025-04-01T09:00:00+09:00"


def test_removed_entry_is_detected(tmp_path: Path) -> None:
    book = _book(tmp_path)
    lines = _lines(book)
    _write(book, lines[:1] + lines[2:])
    with pytest.raises(IntegrityError, match="entry 2: it does not follow"):
        book.verify()


def test_reordered_entries_are_detected(tmp_path: Path) -> None:
    book = _book(tmp_path)
    lines = _lines(book)
    _write(book, [lines[0], lines[2], lines[1], lines[3]])
    with pytest.raises(IntegrityError, match="removed or the order was changed"):
        book.verify()


@pytest.mark.parametrize("field,value", [("records", 999), ("handler", "別人"), ("time", "2025-04-02T09:00:00+09:00"),
                                          ("package_sha256", "f" * 64), ("direction", "vendor-to-ward")])
def test_edited_entry_is_detected(tmp_path: Path, field: str, value: object) -> None:
    book = _book(tmp_path)
    lines = _lines(book)
    doc = json.loads(lines[2])
    doc[field] = value
    lines[2] = json.dumps(doc, ensure_ascii=False)
    _write(book, lines)
    with pytest.raises(IntegrityError, match="entry 3: its content does not match its hash; the entry was edited"):
        book.verify()


def test_edit_with_recomputed_hash_breaks_the_next_link(tmp_path: Path) -> None:
    book = _book(tmp_path)
    lines = _lines(book)
    doc = json.loads(lines[1])
    doc["records"] = 1
    doc["hash"] = entry_hash({k: v for k, v in doc.items() if k != "hash"})
    lines[1] = json.dumps(doc, ensure_ascii=False)
    _write(book, lines)
    with pytest.raises(IntegrityError, match="entry 3: it does not follow"):
        book.verify()


def test_cut_off_tail_needs_the_noted_head(tmp_path: Path) -> None:
    book = _book(tmp_path)
    head = book.verify().head
    _write(book, _lines(book)[:-1])
    assert book.verify().entries == 3  # a chain alone cannot see its missing end ...
    with pytest.raises(IntegrityError, match="removed from the end"):
        book.verify(expect_head=head)  # ... the head noted on paper can
    with pytest.raises(IntegrityError, match="3 entries, expected 4"):
        book.verify(expect_count=4)


def test_garbage_line_and_missing_file(tmp_path: Path) -> None:
    book = _book(tmp_path, 2)
    _write(book, [*_lines(book), "not json"])
    with pytest.raises(IntegrityError, match="line 3: not a ledger entry"):
        book.verify()
    with pytest.raises(InputError, match="does not exist"):
        Ledger(tmp_path / "none.jsonl").verify()


def test_add_refuses_a_broken_ledger_and_bad_values(tmp_path: Path) -> None:
    book = _book(tmp_path, 3)
    args = {"handler": "山田", "content": "x", "records": 1, "package": "p", "package_sha256": "a" * 64,
            "package_bytes": 1}
    with pytest.raises(InputError, match="unknown direction"):
        book.add(direction="sideways", **args)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="handler must not be empty"):
        book.add(**{**args, "handler": "  "}, direction="ward-to-vendor")  # type: ignore[arg-type]
    lines = _lines(book)
    _write(book, [lines[0], lines[2]])
    before = book.path.read_bytes()
    with pytest.raises(IntegrityError):
        book.add(direction="ward-to-vendor", **args)  # type: ignore[arg-type]
    assert book.path.read_bytes() == before


def test_add_package_uses_the_receipt_and_links_the_return(tmp_path: Path) -> None:
    make_output(tmp_path / "out")
    pair = generate_keypair(tmp_path / "vendor")
    sealed = seal_directory(tmp_path / "out", tmp_path / "pkg.age", recipient=pair.public_path)
    book = Ledger(tmp_path / "ledger.jsonl")
    sent = book.add_package(sealed.package, handler="区 山田", direction="ward-to-vendor")
    assert sent.records == 2 and sent.package_sha256 == sealed.sha256 and sent.package == "pkg.age"
    assert "mailing.csv" in sent.content and sent.same_package_as is None
    sealed.receipt.unlink()
    back = book.add_package(sealed.package, handler="印刷 佐藤", direction="vendor-to-ward")
    assert back.records == 2 and back.same_package_as == 1
    assert book.verify().entries == 2
    assert_no_personal_data(book.path.read_text(encoding="utf-8"))


def test_add_package_without_receipt_needs_counts(tmp_path: Path) -> None:
    (tmp_path / "other.age").write_bytes(b"age-encryption.org/v1\n...")
    book = Ledger(tmp_path / "ledger.jsonl")
    with pytest.raises(InputError, match="no record count"):
        book.add_package(tmp_path / "other.age", handler="山田", direction="vendor-to-ward")
    entry = book.add_package(tmp_path / "other.age", handler="山田", direction="vendor-to-ward",
                             content="返却データ", records=7)
    assert entry.records == 7


def test_receipt_of_another_package_is_refused(tmp_path: Path) -> None:
    make_output(tmp_path / "out")
    pair = generate_keypair(tmp_path / "vendor")
    sealed = seal_directory(tmp_path / "out", tmp_path / "pkg.age", recipient=pair.public_path)
    sealed.package.write_bytes(sealed.package.read_bytes() + b"x")
    with pytest.raises(IntegrityError, match="receipt belongs to another package"):
        Ledger(tmp_path / "l.jsonl").add_package(sealed.package, handler="山田", direction="ward-to-vendor")
