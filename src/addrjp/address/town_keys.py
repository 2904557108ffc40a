"""The town master's names and records (町域マスターの名前とキー): the working spelling of a name, its comparison
key, the generated spellings, and the records the packed master is made of.

What this module and :mod:`addrjp.address.town_build` compute decides the bytes of the packed master (and the
key of the one shipped in the package, :func:`addrjp.address.towns.shipped_master_key`); the queries on a
packed master live in :mod:`addrjp.address.towns`.

>>> town_key("霞ヶ丘町") == town_key("霞ケ丘町") == town_key("霞が丘町")
True
>>> town_key("髙田馬場") == town_key("高田馬場")
True
>>> numeral_spellings("北十条西")
['北10条西']
>>> numeral_spellings("パルプ町1条")
['パルプ町一条']
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import product
from typing import Literal

from addrjp.text import fold_width, int_to_kanji, kanji_to_int
from addrjp.text.place_variants import PLACE_VARIANTS
from addrjp.text.variants import fold_char

NumberingSystem = Literal["jukyo", "chiban", "mixed"]

_MAGIC = b"ADDRJPT1"
_SCHEMA = 2

_KEY_TABLE = str.maketrans({
    "ヶ": "ケ", "が": "ケ", "ガ": "ケ", "ケ": "ケ", "ヵ": "カ",
    "の": "ノ", "之": "ノ",
    "ゑ": "エ", "ゐ": "イ",
})
_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_NUMERAL_RUN = re.compile("[〇一二三四五六七八九十百千]+|[0-9]+")
_STREET_NAME = re.compile("(?:上る|下る|上ル|下ル|[東西南北]入)")


_NEEDS_FOLD = re.compile("[\uff01-\uff9f\uffe0-\uffef\u3000 \ufe00-\ufe0f\U000e0100-\U000e01ef]")


def clean_name(text: str) -> str:
    """Width-folded, variation selectors removed, spaces dropped: the working spelling of a name."""
    if _NEEDS_FOLD.search(text) is None:
        return text
    return _SELECTORS.sub("", fold_width(text)).replace(" ", "").replace("\u3000", "")


class _KeyTable(dict[int, str]):
    """``str.translate`` table: the kana/の folds above, then variant kanji (fold_char, then the variants of
    place names: 桧/檜, 龍/竜, 舘/館, 竈/竃 from :mod:`addrjp.text.place_variants`); fills itself."""

    def __init__(self, place_variants: dict[str, str]) -> None:
        super().__init__()
        self._place = place_variants

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        folded = _KEY_TABLE.get(cp, ch)
        value = fold_char(folded if isinstance(folded, str) else ch) or ch
        value = self._place.get(value, value) if len(value) == 1 else value
        self[cp] = value
        return value


_KEY = _KeyTable(PLACE_VARIANTS)
_BASE_KEY = _KeyTable({})


def town_key(text: str) -> str:
    """The comparison key of a (width-folded, selector-free) name; one character per character.

    Keys only: never print a key. The length is kept so a key's prefix maps back to the text.
    """
    return text.translate(_KEY)


def base_key(text: str) -> str:
    """:func:`town_key` without the variants of place names (:mod:`addrjp.text.place_variants`): the kana/の
    folds and :func:`~addrjp.text.variants.fold_char` alone, what names are compared by. What the place-name
    table adds is the difference; a test checks that it never gives two towns of one municipality one key.

    >>> base_key("四竈") == base_key("四竃"), town_key("四竈") == town_key("四竃")
    (False, True)
    """
    return text.translate(_BASE_KEY)


def numeral_spellings(name: str) -> list[str]:
    """Other spellings of the numbers in a name: each run of kanji numerals as digits, each run of digits as
    kanji, in every combination (八軒二条東 → 8軒二条東, 八軒2条東, 8軒2条東); at most 3 runs are varied, and
    never a numeral that ends the name (栄一 is not written 栄1)."""
    # a numeral ending the name (栄一, 北一) keeps its kanji: 栄1 would read 栄1-16-24 as that town
    runs = [m for m in _NUMERAL_RUN.finditer(name) if m.end() < len(name)][:3]
    if not runs:
        return []
    options: list[tuple[str, ...]] = []
    for m in runs:
        text = m.group()
        if text.isdigit() and text.isascii():
            options.append((text, int_to_kanji(int(text))))
        else:
            v = kanji_to_int(text)
            options.append((text,) if v is None else (text, str(v)))
    out: list[str] = []
    for choice in product(*options):
        parts, last = [], 0
        for m, alt in zip(runs, choice, strict=True):
            parts += [name[last:m.start()], alt]
            last = m.end()
        alt_name = "".join(parts) + name[last:]
        if alt_name != name and alt_name not in out:
            out.append(alt_name)
    return out


#: 北海道の条丁目 (Hokkaido's 条 and 丁目 grid names): 北一条西 is also written 北1西 (二丁目: 北1西2).
_JO_NAME = re.compile(r"^(?P<p>.*?[^0-9〇一二三四五六七八九十百千])(?P<n>[0-9]+|[〇一二三四五六七八九十百]+)条"
                      r"(?P<s>[東西南北])$")


def jo_spellings(name: str) -> list[str]:
    """The 条-less spellings of a Hokkaido grid town (北一条西 → 北1西, 北一西; 八軒二条東 → 八軒2東), only
    where a name part stands before the number and a direction after it: 旭町1条 is never 旭町1 (旭町1-33-2
    is 旭町, lot 1), 一条東 has no name part.

    >>> jo_spellings("北一条西")
    ['北1西', '北一西']
    >>> jo_spellings("一条東"), jo_spellings("旭町1条")
    ([], [])
    """
    m = _JO_NAME.match(name)
    if m is None:
        return []
    n = m.group("n")
    value = int(n) if n.isdigit() and n.isascii() else kanji_to_int(n)
    if value is None:
        return []
    return list(dict.fromkeys(m.group("p") + form + m.group("s") for form in (str(value), int_to_kanji(value))))


@dataclass(slots=True, eq=False)
class Town:
    """One town of the master (official Japan Post spelling) with what is known of its 丁目 and numbering."""

    pref: str
    city: str
    town: str
    jis: str
    town_kana: str = ""
    has_chome: bool = False
    codes: tuple[str, ...] = ()
    #: 'area' (KEN_ALL) or 'office' (a town known only from the office file)
    source: str = "area"
    #: 丁目 → numbering, from the ABR (None key: the town without 丁目); empty when no ABR data
    chome_numbering: dict[int | None, NumberingSystem] = field(default_factory=dict)
    #: the ABR spelling when it differs (霞ヶ丘町 for Japan Post's 霞ケ丘町)
    abr_name: str | None = None

    @property
    def chome_list(self) -> tuple[int, ...]:
        """The 丁目 numbers known from the ABR, ascending; () when unknown or none."""
        return tuple(sorted(c for c in self.chome_numbering if c is not None))


def _lengths_by_first(keys: Iterable[str]) -> dict[str, tuple[int, ...]]:
    """First character -> the lengths of the keys starting with it, longest first (a prefix search tries
    only the lengths that exist for the text's first character)."""
    out: dict[str, set[int]] = defaultdict(set)
    for k in keys:
        if k:
            out[k[0]].add(len(k))
    return {ch: tuple(sorted(ns, reverse=True)) for ch, ns in out.items()}


@dataclass(slots=True, eq=False)
class _City:
    pref: str
    city: str
    jis: str
    towns: dict[str, list[Town]] = field(default_factory=dict)  # key (incl. aliases) -> towns
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)  # first key character -> key lengths
    by_name: dict[str, Town] = field(default_factory=dict)
    key: str = ""
    order: list[Town] = field(default_factory=list)  # the towns in the master's order (packed form)

