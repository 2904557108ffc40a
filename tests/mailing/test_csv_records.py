"""A CSV register's records read as columns where no quote has been seen (addrjp.mailing.csv_records) are the
records, lines and errors of csv.reader over the whole text (the reader's row-by-row path before it,
tests/support/csv_reference.py), whatever the pieces the text comes in, the chunk size and the field limit."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator

import polars as pl
from csv_reference import csv_rows
from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.errors import InputError
from addrjp.mailing.csv_records import Batch, CsvRecords
from addrjp.mailing.reader import RegisterSource, _csv_error, csv_source
from addrjp.mailing.stream import text_lines

FILE = "r.csv"
CELLS = ["山田　太郎", "ﾔﾏﾀﾞ ﾀﾛｳ", "新宿区西新宿2-8-1", "1600023", "", " ", "\t", "a\x0cb", "x\u2028y", "髙①",
         "長い長い長い長い名前", "R1"]
ENDS = ["\n", "\r\n", "\r"]


@st.composite
def texts(draw: st.DrawFn) -> tuple[str, int]:
    """A register's text: a header of *width* fields, lines of mostly that many fields, blank lines, now and
    then a quoted cell (after which only the csv module reads)."""
    width = draw(st.integers(1, 4))
    lines = [",".join(f"h{i}" for i in range(width)) + draw(st.sampled_from(ENDS))]
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.integers(0, 20))
        if kind == 0:
            lines.append(draw(st.sampled_from(ENDS)))  # a blank line
            continue
        n = width if kind > 3 else draw(st.integers(1, 5))
        cells = draw(st.lists(st.sampled_from(CELLS), min_size=n, max_size=n))
        if kind == 1:
            cells[0] = '"' + cells[0] + draw(st.sampled_from(['"', '\n"', "", '"x'])) + ""
        lines.append(",".join(cells) + draw(st.sampled_from([*ENDS, ""]) if len(lines) > 1 else st.just("\n")))
    return "".join(lines), width


def _pieces(text: str, cuts: list[int]) -> list[str]:
    """*text* in pieces of whole lines (as addrjp.mailing.stream.decoded_texts gives them)."""
    lines = list(text_lines(text))
    points = sorted({c % (len(lines) + 1) for c in cuts} | {0, len(lines)})
    return ["".join(lines[a:b]) for a, b in itertools.pairwise(points) if b > a]


def _flat(items: Iterator[tuple[int, list[str]] | Batch]) -> Iterator[tuple[int, list[str]]]:
    for item in items:
        if isinstance(item, Batch):
            lines = item.lines.to_list()
            fields = [f.to_list() for f in item.fields]
            for k, line in enumerate(lines):
                yield line, [f[k] for f in fields]
        else:
            yield item


def _collect(records: Iterator[tuple[int, list[str]]]) -> tuple[list[tuple[int, list[str]]], object]:
    out: list[tuple[int, list[str]]] = []
    try:
        for r in records:
            out.append(r)
    except InputError as exc:
        return out, (exc.reason, exc.line)
    return out, None


@settings(max_examples=500, deadline=None)
@given(texts(), st.lists(st.integers(0, 30), max_size=4), st.sampled_from([None, 4, 12, 10_000]))
def test_records_as_columns_are_those_csv_reader_gives(made: tuple[str, int], cuts: list[int],
                                                       limit: int | None) -> None:
    text, width = made
    old = csv.field_size_limit(limit or 131072)
    try:
        want = _collect(iter(csv_rows(io.StringIO(text, newline=""), FILE)))
        records = CsvRecords(_pieces(text, cuts), error=lambda exc, line: _csv_error(exc, FILE, line))
        got: list[tuple[int, list[str]]] = []
        error = None
        try:
            header = next(records, None)
            if header is not None:
                got.append(header)
                got.extend(_flat(records.items(width, limit)))
        except InputError as exc:
            error = (exc.reason, exc.line)
    finally:
        csv.field_size_limit(old)
    assert (got, error) == want


def _outcome(make: object) -> tuple[str, object]:
    try:
        source = make()  # type: ignore[operator]
        parts = list(source.chunks())
    except InputError as exc:
        return "error", (exc.reason, exc.file, exc.line, exc.column)
    return "rows", ([p.rows() for p in parts], source.rows, source.column_map)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["R1", "R2", "R3", "R4", "R5", ""]),
                          st.lists(st.sampled_from(CELLS), min_size=3, max_size=3),
                          st.sampled_from([*ENDS, "\n\n", "\r\n\r\n"])), max_size=12),
       st.integers(1, 60), st.sampled_from([1, 2, 3, 1000]), st.sampled_from(["utf-8", "cp932"]),
       st.booleans())
def test_a_register_read_as_columns_is_the_row_by_row_read(rows: list[tuple[str, list[str], str]], block: int,
                                                          chunk_rows: int, enc: str, ragged: bool) -> None:
    text = "宛名番号,氏名,郵便番号,住所\r\n" + "".join(
        ",".join([i, *cells[:2 if ragged and k == len(rows) // 2 else 3]]) + end
        for k, (i, cells, end) in enumerate(rows))
    data = text.encode(enc, errors="ignore")
    decoded = data.decode(enc)
    whole = _outcome(lambda: RegisterSource(csv_rows(io.StringIO(decoded, newline=""), FILE), file=FILE,
                                            encoding=enc, mapping={}, chunk_rows=chunk_rows))
    columns = _outcome(lambda: csv_source(data, file=FILE, encoding=enc, chunk_rows=chunk_rows, block_bytes=block))
    assert columns == whole


def test_the_reference_register_is_read_as_columns() -> None:
    text = "id,name,postal_code,address\r\n" + "".join(f"R{i},山田　太郎,1600023,新宿区西新宿2-8-{i}\r\n"
                                                      for i in range(500))
    records = CsvRecords([text], error=lambda exc, line: _csv_error(exc, FILE, line))
    assert next(records) == (1, ["id", "name", "postal_code", "address"])
    items = list(records.items(4, 10_000))
    assert len(items) == 1 and isinstance(items[0], Batch) and items[0].height == 500
    assert items[0].lines.to_list() == list(range(2, 502))
    assert isinstance(items[0].fields[0], pl.Series)
