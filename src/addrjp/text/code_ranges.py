"""Runs of code points (符号位置の範囲) and the stamp of a derived character table.

A set of characters a target writes mostly comes in runs (a row of the JIS table is one run): a regular
expression class of it is written as its runs (:func:`code_ranges`, e.g. the mailing file's check,
:func:`addrjp.mailing.encodable.class_of`). The package ships such derived tables ready-made
(``scripts/build_char_tables.py``) instead of deriving them from the codecs and the rules at every start
(tens of milliseconds); a shipped table holds only while what it was derived from is the same, and
:func:`python_stamp` is that stamp for what Python itself gives (its codecs and Unicode database): a
consumer that finds another stamp derives the table itself, as before.

>>> code_ranges("abcxz")
((97, 99), (120, 120), (122, 122))
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Iterable

Ranges = tuple[tuple[int, int], ...]


def code_ranges(chars: Iterable[str]) -> Ranges:
    """The runs (first, last code point, both included) of *chars* (characters, in any order), in order."""
    runs: list[list[int]] = []
    for cp in sorted({ord(c) for c in chars}):
        if runs and runs[-1][1] == cp - 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    return tuple((a, b) for a, b in runs)


def python_stamp() -> str:
    """What a table derived from this Python's codecs and Unicode database depends on, e.g. ``3.11/14.0.0``."""
    return f"{sys.version_info[0]}.{sys.version_info[1]}/{unicodedata.unidata_version}"


__all__ = ["Ranges", "code_ranges", "python_stamp"]
