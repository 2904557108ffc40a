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



def _records_with_the_copy(data: bytes) -> int:
    """The count as it was before the shortcut: the pairs of quotes removed (a copy), then the line breaks
    inside the quotes left subtracted."""
    ends = data.endswith(b"\n")
    data = data.replace(b'""', b"")
    breaks = data.count(b"\n") - b"".join(data.split(b'"')[1::2]).count(b"\n")
    return max(breaks + (0 if ends else 1) - 1, 0) if data else 0


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('a,"\r\n')), max_size=30))
def test_bytes_whose_quotes_pair_off_count_as_with_the_copy(text: str) -> None:
    data = ("id\r\n" + text).encode()
    assert count_csv_rows(data, "utf-8") == _records_with_the_copy(data)


def test_files_of_empty_quoted_cells_take_the_shortcut_and_count_right() -> None:
    assert count_csv_rows(b'id,a\r\n1,""\r\n2,""\r\n', "utf-8") == 2
    assert count_csv_rows(b'id,a\r\n1,""""\r\n', "utf-8") == 1  # the cell is one quote: """" is two pairs
