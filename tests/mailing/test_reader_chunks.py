"""A register read in chunks is the register read whole: the same rows, and for bad input the same first
error (the file, line and column it names) whatever the chunk size — a malformed line as it is reached,
then, after the last row, no data rows, the first control character, the first overlong cell, missing and
repeated ids, in that order."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.errors import InputError
from addrjp.mailing.reader import csv_source
from addrjp.mailing.schema import MAX_FIELD_CHARS

HEADER = "id,name,postal_code,address,生年月日\n"
CELLS = ["", "山田　太郎", "160-0023", "新宿区西新宿2-8-1", "1940-01-01", " x ", "a\tb", "\x07", "a\r\nb",
         "X" * (MAX_FIELD_CHARS + 1), "R1", "R2", "R3", "\"q\""]


def _line(cells: list[str]) -> str:
    return ",".join('"' + c.replace('"', '""') + '"' if any(ch in c for ch in ',"\r\n') else c for c in cells)


def _outcome(data: bytes, chunk_rows: int) -> tuple[str, object]:
    try:
        source = csv_source(data, file="r.csv", chunk_rows=chunk_rows)
        parts = list(source.chunks())
    except InputError as exc:
        return "error", (str(exc), exc.line, exc.column)
    frame = pl.concat(parts)
    return "rows", (frame.rows(), source.rows, source.column_map)


rows = st.lists(st.tuples(st.sampled_from(["R1", "R2", "R3", "R4", "R5", "", " R6 "]),
                          st.lists(st.sampled_from(CELLS), min_size=3, max_size=5)), max_size=8)


@settings(max_examples=300, deadline=None)
@given(rows, st.sampled_from([1, 2, 3]), st.booleans())
def test_chunks_give_what_one_read_gives(values: list[tuple[str, list[str]]], chunk_rows: int, blank: bool) -> None:
    lines = [_line([rid, *cells]) for rid, cells in values]
    if blank and lines:
        lines.insert(len(lines) // 2, "")
    data = (HEADER + "\n".join(lines) + "\n").encode("utf-8")
    assert _outcome(data, chunk_rows) == _outcome(data, 10_000)


def test_an_early_bad_cell_is_reported_after_a_later_malformed_line() -> None:
    data = (HEADER + "R1,\x07,1600023,新宿1,\n" + "R2,a,b,c,d\n" * 5 + "R3,a,b\n").encode()
    for chunk_rows in (1, 2, 100):
        kind, (message, line, _) = _outcome(data, chunk_rows)  # type: ignore[misc]
        assert kind == "error" and "too few fields" in message and line == 8


def test_duplicate_ids_across_chunks_name_both_lines() -> None:
    data = (HEADER + "R1,a,b,c,\nR2,a,b,c,\nR1,a,b,c,\n").encode()
    kind, (message, line, column) = _outcome(data, 1)  # type: ignore[misc]
    assert kind == "error" and "line 4 repeats the id of line 2" in message and line == 4 and column == "id"


def test_a_source_is_read_once() -> None:
    source = csv_source((HEADER + "R1,a,b,c,\n").encode(), file="r.csv")
    list(source.chunks())
    with pytest.raises(RuntimeError):
        list(source.chunks())


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", "あ", "\r", "\n", ",", '"', " ", "\u2028", "\x0c", "\x85"]), max_size=40))
def test_the_lines_of_a_text_are_the_lines_a_text_stream_gives(text: str) -> None:
    import io

    from addrjp.mailing.reader import text_lines

    assert list(text_lines(text)) == list(io.StringIO(text, newline=""))
