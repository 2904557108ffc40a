"""The CSV records of a register as the reader read them row by row before its columnar path
(addrjp.mailing.csv_records): one ``csv.reader(strict=True)`` over all lines, the same errors. The reference
of the equivalence tests."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from addrjp.errors import InputError
from addrjp.mailing.schema import MAX_FIELD_CHARS


def csv_rows(lines: Iterable[str], file: str) -> Iterable[tuple[int, list[str]]]:
    """(line where the record starts, fields) for every non-blank record."""
    reader = csv.reader(lines, strict=True)
    start = 1
    try:
        for row in reader:
            if row:  # a blank line is not a record
                yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        reason = str(exc)
        if "field larger than field limit" in reason:
            raise InputError(
                f"a cell longer than {MAX_FIELD_CHARS} characters", file=file, line=start,
                hint="a register cell is never this long; check the export (quotes, separators)",
            ) from None
        raise InputError(
            "the line is not valid CSV (a quote \" opened and not closed, or text after a closing quote)",
            file=file, line=start,
            hint="check the quotes on this line; in Excel, save the sheet again as CSV",
        ) from None
