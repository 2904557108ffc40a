"""Spaces (空白) and invisible characters.

Registers mix ASCII spaces, the ideographic space ``　`` (U+3000), no-break spaces and tabs, and
copy-paste leaves zero-width spaces and byte-order marks behind. Variation selectors are *not*
handled here: they carry meaning for names (see :mod:`addrjp.quality.names`).

>>> collapse_spaces(" 新宿区　西新宿\\u00a0 2 ")
'新宿区 西新宿 2'
>>> strip_invisibles("西\\u200b新宿\\ufeff")
'西新宿'
"""

from __future__ import annotations

import re

SPACES: frozenset[str] = frozenset(" \t\u3000\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f")
INVISIBLES: frozenset[str] = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

_INVISIBLE_TABLE = {ord(c): None for c in INVISIBLES}
_SPACE_RUN = re.compile("[" + "".join(sorted(SPACES)) + "]+")


def strip_invisibles(text: str) -> str:
    """Remove zero-width and directional characters and the BOM."""
    return text.translate(_INVISIBLE_TABLE)


def collapse_spaces(text: str) -> str:
    """Turn every run of spaces of any kind into one ASCII space, and trim both ends."""
    return _SPACE_RUN.sub(" ", text).strip()
