"""Conservation counts rows from the written bytes: the linear record counter equals the CSV reader's count
on every file the writer can produce (cells with quotes, commas, line breaks of every kind, formula
characters), in UTF-8 with a BOM and in CP932."""

from __future__ import annotations

import csv
import io

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.mailing.pipeline import count_csv_rows
from addrjp.mailing.writer import csv_bytes

cell = st.text(alphabet=st.sampled_from(list('ab,"\r\n \t=-+@\'髙新宿〜')), max_size=8)


def _reader_count(data: bytes, encoding: str) -> int:
    with io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="") as stream:
        return max(sum(1 for _ in csv.reader(stream)) - 1, 0)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(cell, cell), max_size=20), st.sampled_from(["utf-8-sig", "cp932"]))
def test_record_count_equals_the_csv_readers(rows: list[tuple[str, str]], encoding: str) -> None:
    frame = pl.DataFrame({"a": [a for a, _ in rows], "b": [b for _, b in rows]}, schema={"a": pl.String, "b": pl.String})
    data = csv_bytes(frame, ["a", "b"], encoding=encoding, file="x.csv")
    assert count_csv_rows(data, encoding) == _reader_count(data, encoding) == len(rows)


def test_bytes_without_a_last_line_break_and_empty() -> None:
    assert count_csv_rows(b"id\r\n1\r\n2", "utf-8") == 2
    assert count_csv_rows(b"", "utf-8") == 0
    assert count_csv_rows(b"id\r\n", "cp932") == 0


def test_a_last_record_ending_in_an_empty_quoted_cell_is_counted() -> None:
    assert count_csv_rows(b'id\r\n""', "utf-8") == 1
    assert count_csv_rows(b'id\r\n"a""\r\nb",""\r\n"",x\r\n', "cp932") == 2
