"""The common number pattern as it was written before its optional parts became alternations ending in the
empty one (``(…)?`` → ``(…|)``, :data:`addrjp.address.numbers._COMMON`): the tests' reference, and how its
groups compare with the new one's (a separator or marker not written: None there, ``""`` now)."""

from __future__ import annotations

import re

from addrjp.address.numbers import _KANJI

_UNIT = f"(?:([0-9]++)|([{_KANJI}]++))(丁目|番地|番(?![館棟])|号(?![室棟館車]))?"
COMMON_BEFORE = re.compile(_UNIT + f"(?:(-|の|ノ|之)?{_UNIT}" * 3 + ")?" * 3)


def groups_as_before(m: re.Match[str] | None) -> tuple[int, tuple[str | None, ...]] | None:
    """(end, groups) of a match of the new pattern written as the former pattern gives them: the separator
    and marker of a number that is there None where not written (``""``)."""
    if m is None:
        return None
    g = list(m.groups())
    for k in range(4):
        if g[4 * k] is None and g[4 * k + 1] is None:
            continue  # the number is not there: every group of it None in both
        if g[4 * k + 2] == "":
            g[4 * k + 2] = None
        if k and g[4 * k - 1] == "":
            g[4 * k - 1] = None
    return m.end(), tuple(g)


def groups_before(text: str, pos: int = 0) -> tuple[int, tuple[str | None, ...]] | None:
    m = COMMON_BEFORE.match(text, pos)
    return None if m is None else (m.end(), m.groups())
