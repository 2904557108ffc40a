"""The hyphen family (ハイフン類, hyphen look-alikes) written in Japanese addresses.

Registers, forms and keyboards produce many dashes for the one separator in ``2-8-1``: ASCII ``-``,
full-width ``－``, the Unicode dashes, the minus sign, box-drawing lines and the katakana long vowel
mark ``ー`` (chōonpu), which is a letter inside タワー but a separator between digits. This module is
the one list of them; deciding *where* a long vowel mark is a separator is the parser's job.

>>> unify_hyphens("2－8‐1")
'2-8-1'
>>> is_hyphen("ー")
True
"""

from __future__ import annotations

# One fact in one place: every character read as a hyphen next to numbers.
HYPHENS: frozenset[str] = frozenset(
    "-"  # U+002D hyphen-minus
    "－"  # U+FF0D full-width hyphen-minus
    "‐"  # U+2010 hyphen
    "‑"  # U+2011 non-breaking hyphen
    "‒"  # U+2012 figure dash
    "–"  # U+2013 en dash
    "—"  # U+2014 em dash
    "―"  # U+2015 horizontal bar
    "−"  # U+2212 minus sign
    "ー"  # U+30FC katakana-hiragana prolonged sound mark
    "ｰ"  # U+FF70 half-width prolonged sound mark
    "─"  # U+2500 box drawings light horizontal
    "━"  # U+2501 box drawings heavy horizontal
    "﹣"  # U+FE63 small hyphen-minus
    "⁃"  # U+2043 hyphen bullet
    "˗"  # U+02D7 modifier letter minus sign
    "➖"  # U+2796 heavy minus sign
)

# Those that are never letters: safe to unify anywhere (the long vowel marks are not among them).
_PURE_DASHES: frozenset[str] = HYPHENS - {"ー", "ｰ"}
_PURE_TABLE = {ord(c): "-" for c in _PURE_DASHES}


def is_hyphen(ch: str) -> bool:
    """True when *ch* is one character of the hyphen family (including the long vowel marks)."""
    return ch in HYPHENS


def unify_hyphens(text: str) -> str:
    """Replace every dash that is never a letter by ASCII ``-``; long vowel marks are left alone."""
    return text.translate(_PURE_TABLE)
