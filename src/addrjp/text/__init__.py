"""Character-level text tools (layer 1): no data files, no I/O.

Width folding (全角/半角, zenkaku/hankaku), the hyphen family, kanji numerals (漢数字), spaces and
invisible characters, variant kanji (異体字) for comparison keys, and character-set printability.
Every other layer uses these; none of them imports anything above this layer.
"""

from addrjp.text.hyphens import HYPHENS, is_hyphen, unify_hyphens
from addrjp.text.numerals import int_to_kanji, kanji_to_int
from addrjp.text.whitespace import collapse_spaces, strip_invisibles
from addrjp.text.width import display_width, fold_width, halfwidth_kana_to_full

__all__ = [
    "HYPHENS",
    "collapse_spaces",
    "display_width",
    "fold_width",
    "halfwidth_kana_to_full",
    "int_to_kanji",
    "is_hyphen",
    "kanji_to_int",
    "strip_invisibles",
    "unify_hyphens",
]
