"""Variant and old kanji (異体字・旧字体, itaiji/kyūjitai: variant and old character forms) for comparison keys.

The same family name is registered as 髙橋 or 高橋, 渡邊, 渡邉 or 渡辺, 齋藤, 齊藤 or 斎藤, and a town as
髙田馬場 or 高田馬場. :func:`fold_variants` maps every variant to one standard representative so that
two spellings of the same name compare equal. It is for *keys only*: never print its output, because the
registered form is the resident's own (see :mod:`addrjp.quality.names` for printing).

Where the relations come from, in order:

1. a small hand table (:data:`HAND_VARIANTS`) for relations the official maps do not make or make
   differently (齊 → 斎 so that 齋/齊/斎/斉 share one key; 嶋 → 島; CJK radical-supplement look-alikes);
2. variation selectors (SVS U+FE00–FE0F, IVS U+E0100–E01EF) are dropped: a glyph variant is the same name;
3. CJK compatibility ideographs go to their canonical unified ideograph (神 U+FA19 → U+795E), Kangxi
   radicals (U+2F00–2FD5) to the ideograph they look like (⾼ → 高);
4. the MJ縮退マップ (文字情報技術促進協議会, via ``jntajis-python``; schemes "JIS incorporation / UCS
   unification" and "法務省戸籍法関連通達・通知") for characters outside JIS X 0208 (髙 → 高, 﨑 → 崎), and
   for JIS X 0208 level-2 characters only when the candidate is a level-1 character (邊 → 辺, 櫻 → 桜,
   廣 → 広, 嵜 → 崎, 濱 → 浜). Level-1 characters are never folded by the map: the MJ map also holds
   glyph relations such as 玉/王 or 着/著 that would merge different names;
5. the National Tax Agency's JIS縮退マップ (JIS X 0213 → JIS X 0208) where MJ has nothing (鷗 → 鴎).

The result is iterated to a fixed point, so :func:`fold_variants` is idempotent.

>>> fold_variants("髙田馬場")
'高田馬場'
>>> fold_variants("渡邊") == fold_variants("渡邉") == fold_variants("渡辺") == "渡辺"
True
>>> fold_variants("齋藤") == fold_variants("齊藤") == fold_variants("斉藤") == "斎藤"
True
>>> fold_variants("濵田 德永 瀨戸 櫻井 廣田 山嵜 﨑山 霞ヶ関")
'浜田 徳永 瀬戸 桜井 広田 山崎 崎山 霞ヶ関'
>>> fold_variants("葛\\U000e0101飾")
'葛飾'
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

import jntajis

from addrjp.text.limits import check_text

#: MJ縮退マップ schemes used: JIS包摂規準・UCS統合規則 (1) and 法務省戸籍法関連通達・通知 (8). The
#: "inference by reading and glyph" (2) and 法務省告示582号 (4) schemes relate too loosely for keys.
MJ_KEY_SCHEMES: int = int(jntajis.MJShrinkSchemeCombo.JIS_INCORPORATION_UCS_UNIFICATION_RULE) | int(
    jntajis.MJShrinkSchemeCombo.MOJ_FAMILY_REGISTER_ACT_RELATED_NOTICE
)

#: CJK Radicals Supplement look-alikes → the unified ideograph (EquivalentUnifiedIdeograph.txt, the ones
#: met in names and towns; text extracted from PDFs carries them). Kangxi radicals need no table (NFKC).
RADICALS: dict[str, str] = {
    "⺅": "亻",
    "⻑": "長",
    "⻒": "镸",
    "⻘": "青",
    "⻝": "食",
    "⻤": "鬼",
    "⻄": "西",
    "⻆": "角",
    "⻏": "阝",
    "⻖": "阝",
    "⺾": "艹",
    "⻌": "辶",
    "⻍": "辶",
    "⻁": "虎",
    "⻂": "衤",
    "⻟": "飠",
    "⻣": "骨",
    "⻨": "麦",
    "⻩": "黄",
    "⻫": "斉",
    "⻭": "歯",
    "⻯": "竜",
    "⻲": "亀",
    "⺠": "民",
    "⺟": "母",
    "⺩": "王",
    "⺮": "竹",
    "⺲": "罒",
    "⺷": "羊",
    "⺹": "耂",
    "⻊": "足",
}

#: Relations the official maps miss or make differently (variant → representative).
HAND_VARIANTS: dict[str, str] = {
    # 齋/齊/斎/斉: registers and staff use them interchangeably in 斎藤/斉藤 names; one key for all.
    "齊": "斎",
    "斉": "斎",
    "齋": "斎",
    "亝": "斎",
    "齐": "斎",
    # island/shore variants common in family names (both JIS level 1, so the map rule keeps them)
    "嶋": "島",
    "嶌": "島",
    "冨": "富",
    "凜": "凛",
    **RADICALS,
}

_SELECTORS = frozenset(range(0xFE00, 0xFE10)) | frozenset(range(0xE0100, 0xE01F0))


def radical_to_ideograph(ch: str) -> str | None:
    """The unified ideograph a Kangxi or CJK-supplement radical stands for, or None.

    >>> radical_to_ideograph("\u2fbc"), radical_to_ideograph("\u2ed1"), radical_to_ideograph("高")
    ('高', '長', None)
    """
    cp = ord(ch)
    if 0x2F00 <= cp <= 0x2FD5:
        return unicodedata.normalize("NFKC", ch)
    return RADICALS.get(ch)


@cache
def _compat_tables() -> tuple[dict[tuple[str, str], str], dict[str, tuple[str, ...]]]:
    """(base, selector) → compatibility ideograph, and unified → its compatibility ideographs.

    Built from the canonical decompositions: the standardized variation sequences of StandardizedVariants.txt
    give the n-th compatibility ideograph of a base (in code point order) the selector U+FE00 + n.
    """
    by_base: dict[str, list[str]] = {}
    for cp in [*range(0xF900, 0xFB00), *range(0x2F800, 0x2FA20)]:
        ch = chr(cp)
        base = unicodedata.normalize("NFC", ch)
        if base != ch:
            by_base.setdefault(base, []).append(ch)
    svs = {(base, chr(0xFE00 + i)): c for base, cs in by_base.items() for i, c in enumerate(cs)}
    return svs, {base: tuple(cs) for base, cs in by_base.items()}


def standardized_variant(base: str, selector: str) -> str | None:
    """The compatibility ideograph of a standardized variation sequence (神 + U+FE00 → U+FA19), or None.

    >>> standardized_variant("\u795e", "\ufe00") == "\ufa19"
    True
    """
    return _compat_tables()[0].get((base, selector))


def compatibility_forms(ch: str) -> tuple[str, ...]:
    """The CJK compatibility ideographs canonically equivalent to the unified ideograph *ch* (may be empty).

    >>> compatibility_forms("\u51de") == ("\ufa15",)
    True
    """
    return _compat_tables()[1].get(ch, ())


def jis0208_level(ch: str) -> int:
    """JIS X 0208 kanji level of one character: 1 (第一水準), 2 (第二水準), 3 (other JIS X 0208), 0 (none).

    >>> jis0208_level("高"), jis0208_level("邊"), jis0208_level("〓"), jis0208_level("髙")
    (1, 2, 3, 0)
    """
    try:
        b = ch.encode("shift_jis")
    except UnicodeEncodeError:
        return 0
    if len(b) != 2:
        return 0
    v = int.from_bytes(b, "big")
    if 0x889F <= v <= 0x9872:
        return 1
    if 0x989F <= v <= 0xEAA4:
        return 2
    return 3


def _is_ideograph(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x3400 <= cp <= 0x4DBF
        or 0x4E00 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0x20000 <= cp <= 0x3134F
        or 0x2E80 <= cp <= 0x2FDF
        or cp == 0x3005  # 々 kept by the map anyway
    )


def _step(ch: str) -> str:
    """One folding step for one character (the character itself when nothing applies)."""
    hand = HAND_VARIANTS.get(ch)
    if hand is not None:
        return hand
    cp = ord(ch)
    if 0x2F00 <= cp <= 0x2FDF:  # Kangxi radicals: compatibility decomposition is the ideograph
        return unicodedata.normalize("NFKC", ch)
    if 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F:
        nfc = unicodedata.normalize("NFC", ch)
        if nfc != ch:
            return nfc
    level = jis0208_level(ch)
    if level == 1 or level == 3:
        return ch
    candidates = [c for c in jntajis.mj_shrink_candidates(ch, MJ_KEY_SCHEMES) if len(c) == 1 and c != ch]
    if level == 2:
        for c in candidates:
            if jis0208_level(c) == 1:
                return c
        return ch
    for c in candidates:
        if jis0208_level(c):
            return c
    if candidates:
        return candidates[0]
    nta = jntajis.jnta_shrink_translit(ch, passthrough=True)
    if len(nta) == 1 and nta != ch and _is_ideograph(nta):
        return nta
    return ch


@cache
def fold_char(ch: str) -> str:
    """The representative of one character (itself when it has no variant relation); cached.

    >>> fold_char("髙"), fold_char("邉"), fold_char("ヶ"), fold_char("玉")
    ('高', '辺', 'ヶ', '玉')
    """
    if ord(ch) in _SELECTORS:
        return ""
    if not _is_ideograph(ch):
        return ch
    seen = [ch]
    cur = ch
    while True:
        nxt = _step(cur)
        if nxt == cur:
            return cur
        if nxt in seen:  # a cycle in the maps (x → y → x): its smallest code point, whatever the entry
            return min(seen[seen.index(nxt) :])
        seen.append(nxt)
        cur = nxt


class _FoldTable(dict[int, str]):
    """``str.translate`` table that fills itself on first sight of a code point."""

    def __missing__(self, cp: int) -> str:
        value = fold_char(chr(cp))
        self[cp] = value
        return value


_TABLE = _FoldTable()


@lru_cache(maxsize=131072)
def fold_variants(text: str) -> str:
    """Every variant or old kanji in *text* to its standard representative; selectors dropped. Keys only.

    Idempotent; characters that are not ideographs are returned unchanged (ヶ stays ヶ). Text longer than
    :data:`~addrjp.text.limits.MAX_TEXT_CHARS` is an :class:`~addrjp.errors.InputError`.
    """
    check_text(text, "text")
    if text.isascii():
        return text
    return text.translate(_TABLE)


#: The MJ縮退マップ's 法務省戸籍法関連通達・通知 scheme alone: the characters a family register may carry for
#: one another, variants and misspellings alike (楳/梅, 功/切, 帥/師).
MJ_REGISTER_SCHEME: int = int(jntajis.MJShrinkSchemeCombo.MOJ_FAMILY_REGISTER_ACT_RELATED_NOTICE)


@lru_cache(maxsize=4096)
def register_related(a: str, b: str) -> bool:
    """True when the MJ縮退マップ's 戸籍 notices relate the characters *a* and *b* (either way).

    Evidence that one may have been written for the other (a variant, or a misspelling the notices record),
    never a fold: the relation also joins characters that are different names (功/切).

    >>> register_related("楳", "梅"), register_related("功", "切"), register_related("山", "塩")
    (True, True, False)
    """
    if a == b:
        return True
    return b in jntajis.mj_shrink_candidates(a, MJ_REGISTER_SCHEME) or a in jntajis.mj_shrink_candidates(
        b, MJ_REGISTER_SCHEME)
