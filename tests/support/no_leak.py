"""Helpers (no tests): assert that a message shows none of a register's cell values (personal data)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_SHORT_NUMBER = re.compile(r"^[0-9]{1,4}$")  # ids and counts like "1" or "12" collide with line numbers


def cell_values(rows: Iterable[Sequence[object]]) -> list[str]:
    """The values a message must never contain: every cell of 2+ characters (short numbers excepted),
    and for a name with a space each half of 2+ characters too."""
    out: list[str] = []
    for row in rows:
        for cell in row:
            text = "" if cell is None else str(cell).strip()
            if len(text) < 2 or _SHORT_NUMBER.match(text):
                continue
            out.append(text)
            out.extend(part for part in re.split(r"[\s\u3000]+", text) if len(part) >= 2 and part != text
                       and not _SHORT_NUMBER.match(part))
    return out


def assert_no_cell_values(message: str, rows: Iterable[Sequence[object]]) -> None:
    """Fail (naming only the column position, never the value) when *message* contains a cell value."""
    for i, value in enumerate(cell_values(rows)):
        assert value not in message, f"message shows cell value #{i} (length {len(value)})"
