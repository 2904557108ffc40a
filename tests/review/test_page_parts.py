"""report.html in pieces (render_page_parts; a run hashes and writes the pieces one after the other, never
joining the page): joined, the pieces are the page's bytes, and a file written from pieces is the file written
whole, with the same manifest record (the frame's and document's pieces: tests/review/test_page_bytes.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.mailing.manifest import file_entry, file_record
from addrjp.mailing.writer import write_private_file
from addrjp.review.page import (
    ROW_FIELDS,
    render_page,
    render_page_parts,
)

_TEXT = st.text(st.one_of(st.sampled_from(list('\x00"\\<>&\u2028新ｱ𠮷')), st.characters(exclude_categories=["Cs"])),
                max_size=6)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["ok", "review", "hold"]), _TEXT), max_size=6))
def test_the_pages_pieces_join_to_the_page(rows: list[tuple[str, str]]) -> None:
    n = len(rows)
    cols: dict[str, list[object]] = {c: [r[1] for r in rows] for c in ROW_FIELDS}
    cols.update({"_line": list(range(2, n + 2)), "id": [f"A{i}" for i in range(n)], "status": [r[0] for r in rows],
                 "duplicate_of": [""] * n, "decisions": [""] * n})
    frame = pl.DataFrame(cols, schema={c: pl.Int64 if c == "_line" else pl.String for c in ROW_FIELDS})
    counts = {"input": frame.height, "mailing": 0, "by_status": {"ok": frame.height}, "by_finding": {}}
    kw = {"counts": counts, "options": {"charset": "cp932"}, "created": dt.datetime(2026, 9, 15, 9, 30)}
    parts = render_page_parts(frame, **kw)
    assert all(isinstance(p, bytes) for p in parts)
    assert b"".join(parts) == render_page(frame, **kw).encode("utf-8")


def test_a_file_written_from_pieces_is_the_file_written_whole(tmp_path: Path) -> None:
    parts = [b"<html>", b"", "新宿".encode() * 5000, b"\x00", b"</html>\n"]
    write_private_file(tmp_path / "a.html", parts)
    write_private_file(tmp_path / "b.html", b"".join(parts))
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes() == b"".join(parts)
    assert oct(os.stat(tmp_path / "a.html").st_mode & 0o777) == "0o600"
    whole = b"".join(parts)
    assert file_entry(parts) == file_entry(whole) == file_record(hashlib.sha256(whole).hexdigest(), len(whole))
