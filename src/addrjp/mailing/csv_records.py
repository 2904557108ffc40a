"""A CSV register's records (CSVのレコード), row by row or, where no quote has been seen, as columns.

The reader gives :class:`~addrjp.mailing.reader.RegisterSource` the records of a CSV's decoded text: the
Python ``csv`` module reads them one by one (quotes, doubled quotes, line breaks inside quotes, the errors'
lines). But a ward's register rarely holds a quote, and then every record is one line and its fields are the
line split at its commas: a piece of text (:func:`addrjp.mailing.stream.decoded_texts`, whole lines) with no
quote character in it, and before which no quote was seen, is read **as columns** (polars: the lines' ends
stripped, blank lines left out, the commas counted, the lines split) — when every one of its non-blank lines
has exactly the header's number of fields and none is longer than the field limit. Otherwise that piece is
read record by record as before, so every error (too many or too few fields, a cell over the limit, a quote
left open) is the ``csv`` module's, at the same line; once a quote is seen, the rest of the file is read
record by record (a quoted cell may span lines and pieces).

The records, their lines and the errors are those of ``csv.reader(lines, strict=True)`` over the whole text
(tests/mailing/test_csv_records.py, hypothesis).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import polars as pl

from addrjp.mailing.stream import text_lines


@dataclass
class Batch:
    """Records read as columns: field *i* of every record (``fields[i]``) and the line each record is on."""

    fields: list[pl.Series]
    lines: pl.Series  # Int64

    @property
    def height(self) -> int:
        return self.lines.len()


class _Lines:
    """The lines handed to ``csv.reader``: those of the current piece, then (unless *bounded*) the next ones."""

    def __init__(self, owner: CsvRecords) -> None:
        self.owner = owner

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        o = self.owner
        if o._i >= len(o._lines) and (o._bounded or not o._load()):
            raise StopIteration
        line = o._lines[o._i]
        o._i += 1
        o._consumed += 1
        return line


class CsvRecords:
    """(line where the record starts, fields) of every non-blank record of *texts* (pieces of a CSV's text
    cut at line ends), iterated one by one; :meth:`items` gives the same records, as :class:`Batch` columns
    where they can be. *error* makes the reader's error of a ``csv.Error`` met on a record starting at a line."""

    def __init__(self, texts: Iterable[str], *, error: Callable[[csv.Error, int], Exception]) -> None:
        self._texts = iter(texts)
        self._error = error
        self._lines: list[str] = []
        self._i = 0
        self._consumed = 0  # lines given out so far (to csv.reader or in batches)
        self._bounded = False
        self.quoted = False  # a quote character seen in a piece loaded so far
        self._reader = csv.reader(_Lines(self), strict=True)

    def _load(self) -> bool:
        text = next(self._texts, None)
        if text is None:
            return False
        self._lines = list(text_lines(text))
        self._i = 0
        if '"' in text:
            self.quoted = True
        return True

    def _record(self) -> tuple[int, list[str]] | None:
        """The next non-blank record csv.reader reads, None at the end (of the piece, when bounded)."""
        while True:
            start = self._consumed + 1
            try:
                row = next(self._reader)
            except StopIteration:
                return None
            except csv.Error as exc:
                raise self._error(exc, start) from None
            if row:  # a blank line is not a record
                return start, row

    def __iter__(self) -> CsvRecords:
        return self

    def __next__(self) -> tuple[int, list[str]]:
        record = self._record()
        if record is None:
            raise StopIteration
        return record

    def items(self, width: int, limit: int | None) -> Iterator[tuple[int, list[str]] | Batch]:
        """The records not yet read: a :class:`Batch` for each quote-free piece whose every record has *width*
        fields, none longer than *limit* characters; single records for the rest."""
        while True:
            if not self.quoted:
                if self._i >= len(self._lines) and not self._load():
                    return
                if not self.quoted:
                    batch = self._batch(width, limit)
                    if batch is not None:
                        if batch.height:
                            yield batch
                        continue
                    self._bounded = True  # this piece record by record (its error, if any, is csv's)
                    try:
                        while (record := self._record()) is not None:
                            yield record
                    finally:
                        self._bounded = False
                    continue
            while (record := self._record()) is not None:
                yield record
            return

    def _batch(self, width: int, limit: int | None) -> Batch | None:
        """The rest of the current piece as columns, or None when a line is not a plain record of *width*."""
        lines = self._lines[self._i:]
        text = pl.Series("s", lines, dtype=pl.String)
        if limit is not None and text.str.len_chars().gt(limit).any():
            return None
        stripped = text.str.strip_chars_end("\r\n")  # a line holds one line end, at its end
        first = self._consumed + 1
        frame = pl.DataFrame({"s": stripped, "_line": pl.int_range(first, first + len(lines), dtype=pl.Int64,
                                                                     eager=True)}).filter(pl.col("s") != "")
        if frame.height and not (frame["s"].str.count_matches(",", literal=True) == width - 1).all():
            return None
        if width > 1:
            parts = frame["s"].str.split_exact(",", width - 1).struct.unnest()
            fields = [parts.to_series(i) for i in range(width)]
        else:
            fields = [frame["s"]]
        self._i = len(self._lines)
        self._consumed += len(lines)
        return Batch(fields, frame["_line"])


__all__ = ["Batch", "CsvRecords"]
