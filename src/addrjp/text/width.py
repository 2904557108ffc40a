"""Width folding (全角・半角, zenkaku/hankaku: full and half width).

For addresses the canonical form is half-width ASCII digits and letters with full-width katakana:
``西新宿２－８－１　ｼﾝｼﾞｭｸﾋﾞﾙ`` becomes ``西新宿2－8－1 シンジュクビル`` (hyphens are unified
separately, see :mod:`addrjp.text.hyphens`). Half-width katakana are composed with their voiced
marks (``ｶﾞ`` → ``ガ``). Built on ``jaconv``.

>>> fold_width("ＡＢＣ１２３　ｶﾞｰﾃﾞﾝ")
'ABC123 ガーデン'
>>> halfwidth_kana_to_full("ｼﾝｼﾞｭｸ")
'シンジュク'
>>> display_width("西新宿2-8-1")
5.5
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import jaconv
from jaconv.conv_table import H2Z_K, Z2H_AD

#: every character fold_width changes: the half-width kana jaconv widens (the voiced-mark pairs it composes
#: begin with one) and the full-width letters, digits, symbols and space it narrows; text without any of
#: them is returned as it is without converting
_FOLDED = re.compile("[" + re.escape("".join(sorted({chr(c) if isinstance(c, int) else c for c in (*H2Z_K, *Z2H_AD)})))
                     + "]")


def halfwidth_kana_to_full(text: str) -> str:
    """Half-width katakana (JIS X 0201) to full-width, composing ``ﾞ``/``ﾟ`` where a composed letter exists."""
    return str(jaconv.h2z(text, kana=True, ascii=False, digit=False))


@lru_cache(maxsize=65536)
def fold_width(text: str) -> str:
    """Full-width ASCII (letters, digits, symbols, the ideographic space) to half-width; half-width kana to full.

    Idempotent. Characters outside these two ranges are returned unchanged.
    """
    if text.isascii() or _FOLDED.search(text) is None:
        return text
    text = halfwidth_kana_to_full(text)
    return str(jaconv.z2h(text, kana=False, ascii=True, digit=True))


def display_width(text: str) -> float:
    """Printed width in full-width units (全角1文字 = 1): wide and full-width characters count 1, others 0.5.

    Used for layout limits on the address side of a postcard; combining marks and selectors count 0.
    """
    total = 0.0
    for w in map(_WIDTHS.__getitem__, text):
        if w:
            total += w
    return total


def _char_width(ch: str) -> float:
    if unicodedata.combining(ch) or "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef":
        return 0.0
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.5


class _Widths(dict[str, float]):
    """Character -> display width, filled on first sight of a character."""

    def __missing__(self, ch: str) -> float:
        w = self[ch] = _char_width(ch)
        return w


_WIDTHS = _Widths()
