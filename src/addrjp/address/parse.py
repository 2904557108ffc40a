"""住所の解析 (jūsho no kaiseki, address parsing): a messy address string into an :class:`Address`.

The text is cleaned (invisibles and variation selectors dropped, widths folded with jaconv, spaces of every
kind made one), then read from the left: the prefecture, the municipality, then the **town, matched against
the town master before any number is interpreted** (so 四谷, 二十騎町, 百人町, 五軒町 and 一番町 stay
names), then the 丁目 and the house number (see :mod:`addrjp.address.numbers`), then building and room.
Spelling variants (ヶ/ケ/が, 市ヶ谷 → 市谷, 髙 → 高, renamed towns) are matched on a comparison key and
reported in ``town_variant``; nothing is invented: what cannot be matched stays in ``rest``.

>>> a = parse_address("東京都新宿区西新宿２－８－１")
>>> a.town, a.chome, a.banchi, a.go
('西新宿', 2, '8', '1')
>>> parse_address("新宿区西新宿826番地").chome is None
True
>>> a = parse_address("新宿区四谷三丁目5")
>>> a.town, a.chome, a.banchi, a.inferred
('四谷', 3, '5', ('pref',))
>>> parse_address("東京都四谷三丁目5").town is None  # 四谷 is in 新宿区 and in 府中市: not guessed
True
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jaconv.conv_table import H2Z_K, Z2H_AD

from addrjp.address.area import area_place
from addrjp.address.lots import DIVISION_EXTRA, koaza_numbered, long_koaza_end
from addrjp.address.model import FIELD_NAMES, Address, Numbering, address_from_values, address_of
from addrjp.address.numbers import (
    _AFTER_MARKER_STOPS,
    _CHAIN_STOPS,
    _COMMON,
    _ROOM_AHEAD,
    Unit,
    glued_building,
    kanji_number_end,
    scan_units,
    split_room,
    unify_separators,
)
from addrjp.address.towns import Town, TownMaster, TownMatch, load_town_master, town_key
from addrjp.text import HYPHENS, fold_width, kanji_to_int, strip_invisibles
from addrjp.text.limits import MAX_CODE_CHARS, MAX_TEXT_CHARS, check_text
from addrjp.text.numerals import KANJI_NUMERAL_CHARS
from addrjp.text.whitespace import INVISIBLES

_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_SPACES = re.compile(r"[\s\u3000\u00a0\u2000-\u200a\u202f\u205f]+")
# anything clean_text would change: full-width ASCII, half-width kana, spaces other than one ASCII space
# between words, invisibles (see addrjp.text.whitespace.INVISIBLES), selectors
_NEEDS_CLEANING = re.compile(
    "[\uff01-\uff9f\uffe0-\uffef\u3000\u00a0\u00ad\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\ufeff\ufe00-\ufe0f"
    "\U000e0100-\U000e01ef\t\n\r\x0b\x0c\x1c-\x1f\x85]|  |^ | $"
)
#: the characters of :data:`_NEEDS_CLEANING` (one class: a search of the whole pattern tries its four
#: alternatives at every position); the spaces it finds are tested as text (:func:`_is_clean`)
_CLEANING_CHAR = re.compile(_NEEDS_CLEANING.pattern.split("]|", 1)[0] + "]")
_POSTAL_PREFIX = re.compile(
    r"^(?:〒|郵便番号|T)?\s*([0-9]{3})\s*[" + re.escape("".join(sorted(HYPHENS))) + r"]?\s*([0-9]{4})\s+"
)
_LEADING_NUMERAL = re.compile(r"[0-9〇一二三四五六七八九十百千壱弐参]")
# 小字 before a lot number: 字中島下27-4, 字イサノ134ノ1; or a short prefix: 惣作70, 宮の前921-3, ロ124, ニの2132
_KOAZA_NAMED = re.compile(r"(?P<k>(?:大字|小字|字)[^\s0-9()（）-]{1,20}?)\s?(?=[0-9])")
_KOAZA_SHORT = re.compile(
    r"(?P<k>[\u4e00-\u9fff々ヶァ-ヺぁ-ゖ][\u4e00-\u9fff々ヶァ-ヺぁ-ゖ部]{0,3}?)(?:(?<=^[ァ-ヺぁ-ゖ])[のノ-])?"
    r"(?=[0-9]|[〇一二三四五六七八九十百千]+-[0-9])"
)
_KOAZA_ONLY = re.compile(r"(?:大字|小字|字)[^\s0-9()（）-]{1,20}")
#: numbered land divisions before the lot: 地割 (chiwari, northern Iwate: 第21地割) and Hokkaido's 線 (sen: 南13線,
#: 北9線西), with a 字 after them (第9地割字銅屋), and 第N号 and a 区画整理 街区 (see addrjp.address.lots): an
#: area, never the 番地
_DIVISION = re.compile(
    "(?P<k>(?:[東西南北]?第?(?:[0-9]+|[〇一二三四五六七八九十百]+)(?:地割|線)[東西南北]?"
    "(?:(?:小字|字)[^\\s0-9()（）-]{1,20}?(?=\\s?[0-9]))?)|" + DIVISION_EXTRA + ")\\s?"
)
#: 無番地・番外地 (no lot number: land outside the numbered lots), with the owner written before it (国有無番地);
#: 地先 (chisaki: the water or shore off a town, written instead of a lot number: 吾妻地先)
_LOT_NOTE = re.compile("(?:国有|官有|公有|市有|町有|村有|道有|都有|府有|県有)?地?(?:無番地|番外地)|(?:国有|官有)地|地先$")

#: a bare leading number is read as a 丁目 up to this value when the town's 丁目 list is unknown
MAX_UNKNOWN_CHOME = 50


#: what only the full cleaning handles: the half-width kana jaconv widens (and composes with their voiced
#: marks), invisibles, variation selectors; a text without them is width-folded by one table
_FOLD_IN_FULL = re.compile("[" + re.escape("".join(sorted(
    {chr(k) for k, v in H2Z_K.items() if chr(k) != v} | INVISIBLES))) + "\ufe00-\ufe0f\U000e0100-\U000e01ef]")


def _clean_text_full(text: str) -> str:
    """:func:`clean_text` of a text that needs cleaning, every step taken."""
    text = _SELECTORS.sub("", strip_invisibles(text))
    return _SPACES.sub(" ", fold_width(text)).strip()


def _clean_text_slow(text: str) -> str:
    """:func:`_clean_text_full`; for a text whose only characters to change are full-width ones and spaces
    (西新宿８－１３－６　ビル, the ideographic space of a register), the width folding is jaconv's own
    table for them (``z2h`` of letters, digits and symbols: what :func:`~addrjp.text.fold_width` applies
    once no half-width kana is left), without the kana pass and the invisibles (tested equal)."""
    if _FOLD_IN_FULL.search(text) is None:
        return _SPACES.sub(" ", text.translate(Z2H_AD)).strip()
    return _clean_text_full(text)


def clean_text(text: str) -> str:
    """Invisibles and variation selectors dropped, widths folded, runs of spaces made one ASCII space."""
    if _is_clean(text):
        return text  # the common case: nothing to fold
    return _clean_text_slow(text)


def _is_clean(text: str) -> bool:
    """``_NEEDS_CLEANING.search(text) is None``: no character to fold or drop, no space first, last or doubled."""
    return _CLEANING_CHAR.search(text) is None and "  " not in text and text[:1] != " " and text[-1:] != " "


def parse_address(text: str, *, postal_code: str | None = None, area: str | None = None,
                  master: TownMaster | None = None) -> Address:
    """Parse an address; *postal_code* (7 digits, hyphen allowed) and *area* (the register's local government
    code, 13104 or 131041) are context to infer a missing part.

    A town written alone is read in the *area* first (信濃町 with area 13104 is 新宿区信濃町, not 長野県上水内郡
    信濃町), then with the postal code; an address that names its prefecture or municipality is read as
    written. Never raises on a str of up to :data:`~addrjp.text.limits.MAX_TEXT_CHARS` characters: what cannot
    be read is kept in ``rest``; a longer one, or a malformed or unknown *area*, is an
    :class:`~addrjp.errors.InputError`.

    >>> a = parse_address("舟町26―203", area="13104")
    >>> a.city, a.town, a.banchi, a.go, a.inferred
    ('新宿区', '舟町', '26', '203', ('pref', 'city'))
    """
    if not isinstance(text, str):
        raise TypeError("parse_address() takes a str")
    if len(text) > MAX_TEXT_CHARS:
        check_text(text, "address")
    code = _context_code(postal_code)
    if master is None:
        return _parse_cached(text, code, _area_cached(area) if area is not None else None)
    place = area_place(area, master) if area is not None else None
    return _parse_fast(text, code, place, master)


def _context_code(postal_code: str | None) -> str | None:
    """The 7 digits of the context *postal_code* of :func:`parse_address` (None when it has none); one longer
    than :data:`~addrjp.text.limits.MAX_CODE_CHARS` is an :class:`~addrjp.errors.InputError`."""
    if postal_code is None:
        return None
    if type(postal_code) is str and len(postal_code) == 7 and postal_code.isascii() and postal_code.isdigit():
        return postal_code  # the common 1600023, checked and clean as it is
    check_text(postal_code, "postal_code", MAX_CODE_CHARS)
    return _clean_code(postal_code)


def parse_lines(line1: str, line2: str, *, postal_code: str | None = None, area: str | None = None,
                master: TownMaster | None = None) -> tuple[Address, bool]:
    """住所と方書 (jūsho to katagaki, an address and its second line): the address, with the second line read
    into it when it only adds building, floor and room; and whether it was.

    What the two parses give: ``parse_address(f"{line1} {line2}")`` (with the same *postal_code*, *area* and
    *master*) when it reads the same town, 丁目, 番地, 号 and ``rest`` as ``parse_address(line1)``, else the
    latter — a second line that would change the numbers (``西新宿3-5`` + ``101`` read as 3-5-101) is kept
    apart, as written. In the common case (a head the parser has read before, numbers of the common forms)
    the address is read once: see :func:`_merged_lines`. The same errors as :func:`parse_address` for either
    line; two lines each within :data:`~addrjp.text.limits.MAX_TEXT_CHARS` but over it together are kept apart.

    >>> a, merged = parse_lines("新宿区西新宿2-8-1", "新宿ビル15階")
    >>> a.banchi, a.go, a.building, a.room, merged
    ('8', '1', '新宿ビル', '15階', True)
    >>> parse_lines("新宿区西新宿2-8-1", "")[1]
    False
    """
    if not line2 and master is None and type(line1) is str and len(line1) <= MAX_TEXT_CHARS:
        # parse_address(line1, …) itself (the same checks, in its order), without its memo of whole texts: a
        # batch passes each distinct address once, where the memo only costs a miss and keeps the Address
        return _parse_fast(line1, _context_code(postal_code), None if area is None else _area_cached(area),
                           load_town_master()), False
    once = bool(line2) and type(line1) is str and type(line2) is str and len(line1) + len(line2) < MAX_TEXT_CHARS
    if once:
        code = _context_code(postal_code)
        tm = master if master is not None else load_town_master()
        place = None if area is None else _area_cached(area) if master is None else area_place(area, master)
        merged = _merged_lines(line1, line2, code, place, tm)
        if merged is not None:
            return merged, True
    parsed = parse_address(line1, postal_code=postal_code, area=area, master=master)
    if not line2:
        return parsed, False
    if once:  # line 1's reading put its head in the memo (where it can be kept): the joined text may be read once
        merged = _merged_lines(line1, line2, code, place, tm)
        if merged is not None:
            return merged, True
    if len(line1) + 1 + len(line2) > MAX_TEXT_CHARS:  # each line within the limit, both together over it:
        return parsed, False  # kept apart, as written (the joined text is not an address one can read)
    combined = parse_address(f"{line1} {line2}", postal_code=postal_code, area=area, master=master)
    if (combined.town, combined.chome, combined.banchi, combined.go, combined.rest) == (
            parsed.town, parsed.chome, parsed.banchi, parsed.go, parsed.rest):
        return combined, True
    return parsed, False


@lru_cache(maxsize=256)
def _area_cached(area: str) -> tuple[str, str]:
    return area_place(area, load_town_master())


def _clean_code(code: str | None) -> str | None:
    if not code:
        return None
    if len(code) == 8 and code[3] == "-" and code.isascii():
        code = code[:3] + code[4:]  # the common 160-0023
    if len(code) == 7 and code.isascii() and code.isdigit():
        return code
    return _code_digits(code)


@lru_cache(maxsize=4096)
def _code_digits(code: str) -> str | None:
    """The 7 digits of a postal code written otherwise (〒160-0023, １６０－００２３), else None."""
    digits = "".join(ch for ch in fold_width(code) if ch.isdigit())
    return digits if len(digits) == 7 else None


@lru_cache(maxsize=65536)
def _parse_cached(text: str, code: str | None, place: tuple[str, str] | None) -> Address:
    return _parse_fast(text, code, place, load_town_master())


def _skip_space(w: str, pos: int) -> int:
    while pos < len(w) and w[pos] == " ":
        pos += 1
    return pos


def _unsqueeze(w: str, n: int) -> int:
    """The position in *w* after its first *n* characters that are not spaces."""
    if n == 0:
        return 0
    seen = 0
    for i, ch in enumerate(w):
        if ch != " ":
            seen += 1
            if seen == n:
                return i + 1
    return len(w)


#: a character that ends a municipality's name (塩釜市, 北区, 西多摩郡): a town matched right before one is
#: the start of a municipality the master does not know, never a town of somewhere else
_MUNICIPALITY_END = frozenset("市区郡")
#: 京都の通り名 (Kyoto street designations): a street, and the directions after it (上る, 下る, 東入 …)
_STREET_MARK = re.compile("通|上る|下る|上ル|下ル|[東西南北]入る|[東西南北]入ル|[東西南北]入")
_DIRECTION = re.compile("上る|下る|上ル|下ル|[東西南北]入る|[東西南北]入ル|[東西南北]入")
_STREET_SPAN = 40


class _Head:
    """The head of an address as read: prefecture, municipality, town (in the space-free text)."""

    __slots__ = ("cities", "city", "city_by_town", "code_cities", "inferred", "pos", "pref", "street", "town",
                 "town_at", "variant")

    def __init__(self) -> None:
        self.pref: str | None = None
        self.city: str | None = None
        self.town: Town | None = None
        self.variant: str | None = None
        self.street: str | None = None
        self.pos = 0
        self.inferred: list[str] = []
        self.cities: list[tuple[str, str]] = []
        self.code_cities: list[tuple[str, str]] = []
        self.town_at = 0  # where the town starts in the space-free text
        self.city_by_town = False  # the municipality was decided by the town (not written, or several)

    def copy(self) -> _Head:
        """The same head, with lists of its own (a head from the memo is read, never changed)."""
        h = _Head.__new__(_Head)
        for name in _Head.__slots__:
            value = getattr(self, name)
            setattr(h, name, list(value) if type(value) is list else value)
        return h

    def take_city(self, place: tuple[str, str], inferred: bool) -> None:
        if self.pref is None:
            self.pref = place[0]
            self.inferred.append("pref")
        self.city = place[1]
        if inferred:
            self.inferred.append("city")

    def take_town(self, t: str, tm: TownMatch, start: int) -> None:
        self.town = tm.town
        if not tm.exact:
            self.variant = t[start:start + tm.length]
        self.town_at = start
        self.pos = start + tm.length


# ---- the memo of heads ------------------------------------------------------------------------------------
#: where the head of an address (prefecture, municipality, town) can end: at the first number as the grammar
#: reads one — an Arabic digit, or kanji numerals before 丁目/丁/番地/番/号 (then starts_with_number is True)
_HEAD_END = re.compile("[0-9]|[〇一二三四五六七八九十百千壱弐参][" + re.escape(KANJI_NUMERAL_CHARS)
                       + "]*(?:丁目|丁|番地|番|号)")
#: _HEAD_END found in one pass: a digit, or a whole run of kanji numerals (searching _HEAD_END itself rescans
#: the rest of a run from each of its characters: quadratic on a long run, 4,000 千 took 0.2 s)
_HEAD_RUN = re.compile("[0-9]|[" + re.escape(KANJI_NUMERAL_CHARS) + "]+")
_HEAD_FIRST = frozenset("〇一二三四五六七八九十百千壱弐参")
#: the first character :data:`_HEAD_RUN` can find (one class, searched faster than its two alternatives)
_HEAD_CHAR = re.compile("[0-9" + re.escape(KANJI_NUMERAL_CHARS) + "]")


def _head_end(t: str, start: int = 0) -> int | None:
    """Where ``_HEAD_END.search(t)`` starts, in linear time: the first digit, or the first character that can
    begin a kanji numeral in a run of numerals followed by 丁目/丁/番地/番/号, whichever comes first.

    *start*: where ``_HEAD_CHAR.search(t)`` found the first digit or kanji numeral of *t*, when the caller
    has it. :data:`_HEAD_RUN` matches at a position exactly when its character is one of those (a digit, or
    a run of numerals starting there), so its first match in *t* starts there, and a search from *start*
    finds the same match (the text before it is not read again)."""
    search = _HEAD_RUN.search
    m = search(t, start)
    while m is not None:
        run = m.group()
        if run <= "9":
            return m.start()
        if t.startswith(("丁", "番", "号"), m.end()):
            for i, ch in enumerate(run):
                if ch in _HEAD_FIRST:
                    return m.start() + i
        m = search(t, m.end())
    return None


#: the keyed characters a text of the memo's entry can go on with after its head: an Arabic digit, or the
#: first character of a kanji numeral (_HEAD_END): a longer key that goes on otherwise matches none of them
_DIGIT_KEYS = town_key("0123456789")
_KANJI_NUMERAL_KEYS = "".join(dict.fromkeys(town_key("〇一二三四五六七八九十百千壱弐参")))
_MEMO_LIMIT = 50_000


class _Probe:
    """The town master for one :func:`_resolve` call, noting every look-up of a name: the table and where in
    the keyed text it started (every look-up is of a suffix of that text; one that is not spoils the memo)."""

    def __init__(self, master: TownMaster, key: str) -> None:
        self.master, self.key, self.n = master, key, len(key)
        self.lookups: list[tuple[str, int, str, str]] = []
        self.spoilt = False
        self.by_code = False  # a look-up of the postal code's towns (not only of its municipalities)

    def _note(self, table: str, key: str, pref: str = "", city: str = "") -> None:
        if not self.key.endswith(key):
            self.spoilt = True
        self.lookups.append((table, self.n - len(key), pref, city))

    def match_pref(self, key: str) -> tuple[str, int] | None:
        self._note("pref", key)
        return self.master.match_pref(key)

    def match_pref_short(self, key: str) -> tuple[str, int] | None:
        self._note("pref_short", key)
        return self.master.match_pref_short(key)

    def match_city(self, key: str, pref: str | None) -> tuple[list[tuple[str, str]], int]:
        self._note("city", key)
        return self.master.match_city(key, pref)

    def match_town(self, key: str, text: str, pref: str, city: str) -> TownMatch | None:
        self._note("town", key, pref, city)
        return self.master.match_town(key, text, pref, city)

    def match_town_ids(self, key: str, pref: str | None = None,
                       cities: Any = None) -> tuple[tuple[int, ...], int]:
        self._note("ids", key)
        return self.master.match_town_ids(key, pref, cities)

    def town_ids_for_code(self, code: str) -> tuple[int, ...]:
        self.by_code = True
        return self.master.town_ids_for_code(code)

    def towns_for_code(self, code: str) -> list[Town]:
        self.by_code = True
        return self.master.towns_for_code(code)

    def __getattr__(self, name: str) -> Any:  # the other look-ups by code (cities_for_code) and by id
        return getattr(self.master, name)


#: a head from the memo: where it ends in the space-free text, the town, whether the place is known (a
#: prefecture and a municipality), and the Address's fields with the head's filled in (:func:`_head_values`)
_Known = tuple[int, Town, bool, tuple[Any, ...]]


def _resolve_memo(t: str, code: str | None, place: tuple[str, str] | None,
                  master: TownMaster) -> _Known | _Head | None:
    """:func:`_resolve` for a text whose head is in the memo: the same head for the same text before its first
    number (with the same postal code and area, and the same kind of number), else None (resolved in full).

    A head is kept only when it is proven not to depend on what follows it: every look-up that made it was
    of text before that number, and no key of the table looked in goes on from the text looked up with a
    character the text can go on with (so no other continuation can match more); the few readings of the
    text after the head (a 市/区/郡 or 大字 following, whether a number follows) are then the same for every
    text of the memo's entry. Kyoto (street designations read up to 40 characters on) is never kept. A head
    with a town (it ends exactly at the first number) is kept as a :data:`_Known`, which :func:`_parse`
    takes straight to the numbers; a head without one (西新宿 alone: several towns of Japan) as the
    :class:`_Head` the reading left, for :func:`_parse` to go on from — but not after a single municipality
    written (新宿区西親宿2-1), whose reading looks up to 16 characters on for a 大字 (:func:`_town_across_aza`).

    A head that a key goes on from with some digit or kanji numeral (四谷 begins 四谷3栄町, the digit spelling
    of 四谷三栄町, and 四谷三栄町) is not kept for every number, but it is for each other first character apart
    (四谷4丁目, 四谷一丁目), under the same proof with that character alone as what the text goes on with: an
    entry keyed by the character itself.
    """
    j = _head_end(t)
    if j is None:
        return None
    known = _memo_entry(t, j, t[j] <= "9", code, place, master)
    if known is None:  # not kept for every number that can follow: the entry of this first character
        known = _memo_entry(t, j, t[j], code, place, master)
        if known is None and len(t) > j + 1:  # nor for it: the entry of the first two (四谷3丁目)
            known = _memo_entry(t, j, t[j:j + 2], code, place, master)
    return known


def _memo_entry(t: str, j: int, kind: bool | str, code: str | None, place: tuple[str, str] | None,
                master: TownMaster) -> _Known | _Head | None:
    """The memo's entry for the head ``t[:j]`` before a number of *kind* — a bool, every digit (True) or every
    kanji numeral (False); the character ``t[j]`` alone; or the two ``t[j:j + 2]`` — read and kept when
    missing: under its postal code, and under the code's municipalities when the reading consulted no more
    of the code than those (:func:`_read_head_entry`), where it serves every code with the same
    municipalities. A reading gives the narrower entries too: those after one that is None are kept."""
    memo = master.head_memo
    head = t[:j]
    key = (head, kind, code, place)
    known = memo.get(key, _MISSING)
    if known is not _MISSING:
        return known
    cities = tuple(master.cities_for_code(code)) if code else ()
    known = memo.get((head, kind, bool(code), cities, place), _MISSING)
    if known is not _MISSING:
        memo[key] = known
        return known
    entry, by_code, for_char, for_pair = _read_head_entry(t, j, code, place, master)
    if len(memo) >= _MEMO_LIMIT:
        memo.clear()
    path = [(t[j] <= "9", entry), (t[j], for_char)]  # widest first
    if len(t) > j + 1:
        path.append((t[j:j + 2], for_pair))
    path = path[0 if type(kind) is bool else len(kind):]
    for k, value in path:
        if not by_code:
            memo[(head, k, bool(code), cities, place)] = value
        memo[(head, k, code, place)] = value
        if value is not None:
            break
    return path[0][1]


_MISSING = object()


def _remember(t: str, j: int, code: str | None, place: tuple[str, str] | None,
              master: TownMaster) -> _Known | _Head | None:
    """The head of *t* as a memo entry, or None when it cannot be proven the same for another text with the
    same head (see :func:`_resolve_memo`)."""
    return _read_head(t, j, code, place, master)[0]


def _read_head(t: str, j: int, code: str | None, place: tuple[str, str] | None,
               master: TownMaster) -> tuple[_Known | _Head | None, bool]:
    """:func:`_remember`, and whether the reading looked up the postal code's towns (then the entry holds
    for that code only; else for every code of the same municipalities)."""
    known, by_code, _for_char, _for_pair = _read_head_entry(t, j, code, place, master)
    return known, by_code


_Entry = _Known | _Head | None


def _read_head_entry(t: str, j: int, code: str | None, place: tuple[str, str] | None,
                     master: TownMaster) -> tuple[_Entry, bool, _Entry, _Entry]:
    """:func:`_read_head`, and the entries for the texts that go on with the same character ``t[j]``, and with
    the same two ``t[j:j + 2]`` (each the wider entry when that holds; None when none holds): where a key
    goes on from the head with ``t[j]`` (四谷 begins 四谷3栄町), the head still holds for a text going on with
    two characters that no key is, and that no key goes on with (四谷3丁 — :meth:`TownMaster.extends_into`)."""
    key = town_key(t)
    probe = _Probe(master, key)
    h = _resolve(t, key, code, place, probe)  # type: ignore[arg-type]
    if probe.spoilt or h.street is not None or (h.city or "").startswith("京都市") or t[j - 1:j].isdigit():
        return None, probe.by_code, None, None
    if h.town is None:
        if len(h.cities) == 1:
            return None, probe.by_code, None, None  # _town_across_aza looked for a 大字 up to 16 characters on
    elif h.pos != j or _cut_short(t, key, h, master):
        return None, probe.by_code, None, None
    if any(start > j for _table, start, _pref, _city in probe.lookups):
        return None, probe.by_code, None, None
    digit = t[j] <= "9"
    after = _DIGIT_KEYS if digit else _KANJI_NUMERAL_KEYS
    if any(master.extends(table, key[start:j], pref, city, after) for table, start, pref, city in probe.lookups):
        one = town_key(t[j])
        if len(one) != 1:
            return None, probe.by_code, None, None
        if any(master.extends(table, key[start:j], pref, city, one) for table, start, pref, city in probe.lookups):
            two = town_key(t[j:j + 2])
            if len(two) != 2 or any(master.extends_into(table, key[start:j], pref, city, two)
                                    for table, start, pref, city in probe.lookups):
                return None, probe.by_code, None, None
            return None, probe.by_code, None, _head_entry(h, master)  # 四谷3丁目: no key goes on with 3丁
        one_entry = _head_entry(h, master)  # another numeral goes on to a longer key
        return None, probe.by_code, one_entry, one_entry
    entry = _head_entry(h, master)
    return entry, probe.by_code, entry, entry


def _head_entry(h: _Head, master: TownMaster) -> _Known | _Head:
    """The memo's entry of a head proven not to depend on what follows it."""
    if h.town is None:
        return h
    jis = master.jis(h.pref, h.city) if h.pref and h.city else None
    head = _head_values(h.pref, h.city, h.town.town, tuple(h.inferred), h.variant, jis, h.street)
    return h.pos, h.town, bool(h.pref and h.city), head


def _municipality_follows(t: str, pos: int) -> bool:
    return t[pos:pos + 1] in _MUNICIPALITY_END and pos < len(t)


def _town_alone_ends(t: str, pos: int) -> bool:
    """Whether a town found alone, with no municipality written, ends where the text says: at the end, before
    a number, a 字 or a bracket — not before more of a name (津丸 in 津丸戸町22番14号, 塩釜 in 塩釜市本町)."""
    rest = t[pos:]
    if not rest or rest[0] in "(（-" or rest.startswith(("大字", "小字", "字")):
        return True
    return starts_with_number(rest)


def _resolve(t: str, key: str, code: str | None, place: tuple[str, str] | None, master: TownMaster) -> _Head:
    """Prefecture, municipality and town at the start of the space-free text *t* (*key* its comparison key).

    Order: the prefecture as written (or without 都/府/県 before one of its municipalities); then a town of the
    area written alone; then the municipality as written, a town of the postal code's municipality written
    alone (信濃町 with 160-0016), the town after an ambiguous municipality (北区上賀茂本山: 京都市北区);
    last the town alone, nationwide or in the prefecture, when exactly one town has that name.
    """
    h = _Head()
    pm = master.match_pref(key)
    if pm is None:
        ps = master.match_pref_short(key)
        if ps is not None and master.match_city(key[ps[1]:], ps[0])[0]:
            pm = ps  # 大阪大阪市北区, 埼玉さいたま市: the prefecture without 府/県, before its municipality
    if pm is not None:
        h.pref, h.pos = pm
    pref_written = h.pref is not None
    code_cities = master.cities_for_code(code) if code else []
    if h.pref is not None:
        code_cities = [c for c in code_cities if c[0] == h.pref]
        if place is not None and place[0] != h.pref:
            place = None  # another prefecture is written: the area says nothing about it
    h.code_cities = code_cities
    pos = h.pos
    cities, n = master.match_city(key[pos:], h.pref)

    # 1. the area: a town of the area written alone, even where a municipality elsewhere has its name
    if place is not None and place not in cities:
        tm = master.match_town(key[pos:], t[pos:], place[0], place[1])
        if tm is not None and tm.length >= n and not _municipality_follows(t, pos + tm.length):
            h.take_city(place, inferred=True)
            h.take_town(t, tm, pos)
            h.city_by_town = True
            return h
    if place is not None and place in cities:
        cities = [place]
    # 2. the postal code: a town of its municipality written alone (信濃町31-12 with 160-0016)
    if cities and code_cities and not pref_written and not any(c in code_cities for c in cities):
        ids, _n = master.match_town_ids(key[pos:], None, code_cities)
        if set(ids) & set(master.town_ids_for_code(code or "")):
            cities, n = [], 0
    if cities and code_cities and len(cities) > 1:
        cities = [c for c in cities if c in code_cities] or cities
    contested = bool(cities) and place not in cities and not (code_cities and any(c in code_cities for c in cities))
    h.cities = cities

    if len(cities) == 1:
        start = pos + n
        if cities[0][1].startswith("京都市"):
            h.take_city(cities[0], inferred=False)
            h.pos = start
            if _kyoto_street(h, t, key, start, master):
                return h
        tm = master.match_town(key[start:], t[start:], cities[0][0], cities[0][1])
        if h.city is None and contested and _town_elsewhere(
                t, key, pos, n + (tm.length if tm is not None else 0), cities, h.pref, master):
            # 栄町19-17 (印旛郡栄町, or a town 栄町 elsewhere), 錦町西38-11 (球磨郡錦町 + 西, or 深川市錦町西),
            # 小坂町小坂町7-13: a town elsewhere covers as much of the text as the municipality and its town
            return h
        if h.city is None:
            h.take_city(cities[0], inferred=False)
        h.pos = start
        if tm is not None:
            h.take_town(t, tm, start)
        _town_across_aza(h, t, key, start, tm, master)
        return h

    # no municipality written, or several with that name: the town decides, when exactly one town has it
    start = pos + n
    allowed = cities if cities else (code_cities or None)
    ids, tn = master.match_town_ids(key[start:], h.pref, allowed)
    if contested and _town_elsewhere(t, key, pos, n + tn, cities, h.pref, master):
        return h  # 金山町金山17-12: 最上郡金山町 + 金山 (大沼郡金山町 has none), or the town 金山町金山 of 下呂市
    if len(ids) > 1 and code:
        with_code = set(master.town_ids_for_code(code))
        ids = tuple(g for g in ids if g in with_code) or ids
    if len(ids) == 1 and (cities or code_cities or _town_alone_ends(t, start + tn)):
        town = master.town_of(ids[0])
        h.take_city((town.pref, town.city), inferred=not cities)
        h.town = town
        if town.town != t[start:start + tn]:
            h.variant = t[start:start + tn]
        h.town_at = start
        h.city_by_town = True
        h.pos = start + tn
        return h
    h.pos = start if cities else pos
    return h


def _town_elsewhere(t: str, key: str, pos: int, n: int, cities: list[tuple[str, str]], pref: str | None,
                    master: TownMaster) -> bool:
    """A municipality's name written without its prefecture that also begins a town elsewhere covering at least
    the first *n* characters — the municipality alone (栄町 for 印旛郡栄町, 大島町, 信濃町), or the municipality
    and the town read in it (錦町西: 球磨郡錦町 + 西, or 深川市錦町西): without an area or a postal code to
    decide, nothing is guessed."""
    ids, tn = master.match_town_ids(key[pos:], pref)
    return tn >= n and any(master.place_of(g) not in cities for g in ids)


def _town_across_aza(h: _Head, t: str, key: str, start: int, tm: TownMatch | None, master: TownMaster) -> None:
    """大字/字 written inside a town's name (湊町大字共和 for Japan Post's 湊町共和): the longer town read across
    it, when the master has one; after a town that matched, only 大字 right after it is looked through."""
    if tm is not None:
        i = start + tm.length
        prefixes = ("大字",) if t.startswith("大字", i) else ()
    else:
        found = [(t.find(p, start, start + 16), p) for p in ("大字", "字")]
        found = [(j, p) for j, p in found if j > start]
        if not found:
            return
        i, p0 = min(found)
        prefixes = (p0,)
    for p in prefixes:
        skip = len(p)
        joined_key = key[start:i] + key[i + skip:]
        joined = t[start:i] + t[i + skip:]
        tm2 = master.match_town(joined_key, joined, h.pref or "", h.city or "")
        if tm2 is not None and tm2.length > i - start and (tm is None or tm2.length > tm.length):
            h.town = tm2.town
            end = start + tm2.length + skip
            h.variant = t[start:end]
            h.town_at = start
            h.pos = end
            return


def _kyoto_street(h: _Head, t: str, key: str, start: int, master: TownMaster) -> bool:
    """京都の通り名: a street designation before the town (河原町通二条下る一之船入町, 堀川通寺之内上る4丁目
    天神北町): the town is the first one found after the last direction (上る, 下る, 東入 …), or after the
    street (通) when no direction is written; the designation is kept as written in ``street``."""
    segment = t[start:start + _STREET_SPAN]
    first = _STREET_MARK.search(segment)
    if first is None:
        return False
    directions = list(_DIRECTION.finditer(segment))
    scan = directions[-1].end() if directions else first.end()
    for p in range(scan, len(segment)):
        tm = master.match_town(key[start + p:], t[start + p:], h.pref or "", h.city or "")
        if tm is not None:
            h.street = t[start:start + p]
            h.take_town(t, tm, start + p)
            return True
    return False


# ---- the common path ---------------------------------------------------------------------------------------
#: a character a postal code written before the address can begin with (:data:`_POSTAL_PREFIX` after
#: :func:`clean_text`, which leaves no space first): such a text goes to :func:`_parse`
_PREFIX_FIRST = frozenset("〒郵T0123456789")
#: the first character of a tail the common path reads: a digit, or a kanji numeral that
#: :func:`starts_with_number` can accept (:data:`_LEADING_NUMERAL`); other tails may hold a 小字
_NUMBER_FIRST = frozenset("0123456789〇一二三四五六七八九十百千壱弐参")
#: a bare number followed by one of these is read by :func:`_read_numbers` as a grid or block name (2条, 42街区)
_GRID_AFTER = ("条", "線", "地", "街")
_KANJI_NUMERAL_SET = frozenset(KANJI_NUMERAL_CHARS)


class _TownRules:
    """What :func:`_read_numbers` asks of a town about its numbers, answered once per town (the
    :data:`_Known` heads of the memo hold a few hundred towns): its 丁目 (``chome_numbering``), whether a bare
    first number can be a 丁目 of an unknown list (:func:`chome_plausible`), whether N-N-N is read as
    丁目-番-号 (:func:`_impossible_chome`) and the one numbering of all its 丁目 (:func:`_town_numbering`)."""

    __slots__ = ("all_jukyo", "chome", "listed", "single", "unknown")

    def __init__(self, town: Town) -> None:
        self.chome = town.chome_numbering
        self.unknown = not town.chome_numbering and town.has_chome
        self.listed = bool(town.chome_list)
        self.all_jukyo = self.listed and set(town.chome_numbering.values()) == {"jukyo"}
        systems = set(town.chome_numbering.values())
        self.single = systems.pop() if len(systems) == 1 else None


_TOWN_RULES: dict[Town, _TownRules] = {}


def number_rules(town: Town) -> _TownRules:
    """What a town's 丁目 say about its numbers (:class:`_TownRules`), made once per town and kept (bounded
    by the master's towns): for the parser's common path and the horizontal style's numbers."""
    rules = _TOWN_RULES.get(town)
    if rules is None:
        rules = _TOWN_RULES[town] = _TownRules(town)
    return rules


def _parse_fast(original: str, code: str | None, place: tuple[str, str] | None, master: TownMaster) -> Address:
    """:func:`_parse`, with the common case read in this one function: a clean text (or one cleaned) whose head
    is a :data:`_Known` of the memo and whose numbers are one match of the common forms
    (:data:`~addrjp.address.numbers._COMMON`) with no 小字, division or second 丁目 — what
    :func:`_parse_text`, :func:`_read_numbers`, :func:`~addrjp.address.numbers.scan_units` and
    :func:`_address` do in four, the match's groups taken straight to the fields. Anything else is read by
    those (from the cleaned text: nothing is done twice). The same Address as :func:`_parse` (tested:
    tests/address/test_parse_common_path.py)."""
    w = original if _is_clean(original) else _clean_text_slow(original)
    if not w or w[0] in _PREFIX_FIRST:
        return _parse(original, code, place, master)  # a postal code may be written first (〒160-0023 …)
    t = w.replace(" ", "") if " " in w else w
    m = _HEAD_CHAR.search(t)
    if m is None:
        return _parse_text(original, w, t, code, place, master)
    j = m.start() if m.group() <= "9" else _head_end(t, m.start())  # a digit first is where the head ends
    if j is None:
        return _parse_text(original, w, t, code, place, master)
    known = _known_of(master.head_memo, t, j, code, place)
    if type(known) is not tuple:  # not read yet (or held for every code of its municipalities), or no town
        if type(known) is _Head and known.town is None and known.city is None and not code and place is None:
            # 西新宿2-8-1 alone (a town of several municipalities), no code or area to decide: all is rest
            h = known
            b = w[_after_head(w, t, h.pos):]
            return address_of(h.pref, None, None, None, None, None, None, None, b or None, None, tuple(h.inferred),
                              h.variant, None, b, original, None, h.street, None, None)
        return _parse_text(original, w, t, code, place, master)
    pos = _after_head(w, t, known[0])
    a = _common_numbers(known, w, pos, original)
    return a if a is not None else _known_head(known, w, pos, original)


def _known_of(memo: dict[Any, Any], t: str, j: int, code: str | None,
              place: tuple[str, str] | None) -> _Entry:
    """The memo's entry of :func:`_parse_fast` for the head ``t[:j]`` (None when there is none for this text
    and code): the entry for every digit or kanji numeral, else for the character ``t[j]`` (四谷4丁目), else
    for the two ``t[j:j + 2]`` (四谷3丁目) — see :func:`_memo_entry`."""
    head = t[:j]
    known = memo.get((head, t[j] <= "9", code, place))
    if known is None:
        known = memo.get((head, t[j], code, place))
        if known is None and len(t) > j + 1:
            known = memo.get((head, t[j:j + 2], code, place))
    return known


def _common_numbers(known: _Known, w: str, pos: int, original: str) -> Address | None:
    """The Address of :func:`_parse_fast` from a :data:`_Known` head ending at *pos* of the cleaned text *w*,
    when the numbers after it are one match of the common forms; None where :func:`_read_numbers` must read
    them (:func:`_known_head`)."""
    _n, town, known_place, head = known
    b = w[pos:]
    s = unify_separators(b)
    mt = _COMMON.match(s) if s[:1] in _NUMBER_FIRST and not _may_be_division(s) else None
    if mt is None:
        return None
    # the units of _scan_common, from the groups: digits 4k, kanji 4k+1, marker 4k+2 of number k (0-3), and
    # the separator 4k-1 before it
    g = mt.groups()
    d = g[0]
    if d is not None:
        v0 = d if d[0] != "0" else str(int(d))
    else:
        if not g[2] or (x := kanji_to_int(g[1])) is None:
            return None  # a kanji numeral without a marker, or no numeral
        v0 = str(x)
    mark = g[2]
    values = [v0]
    markers = [mark]
    for i in (4, 8, 12):
        d = g[i]
        if d is None and g[i + 1] is None:
            break
        if mark == "号" or (not mark and not g[i - 1]):
            return None  # 1号-101 goes on to a room; 2三丁目 is no 2 and 三丁目
        if d is not None:
            value = d if d[0] != "0" else str(int(d))
        else:
            if not g[i + 2] or (x := kanji_to_int(g[i + 1])) is None:
                return None
            value = str(x)
        mark = g[i + 2]
        values.append(value)
        markers.append(mark)
    end = mt.end()
    c = s[end:end + 1]
    if c:  # what follows the last number: where the general scanner's look-aheads could read on
        if not mark:
            if c in _CHAIN_STOPS:
                return None
            if c.isspace():
                nxt = s[end:].lstrip()[:1]
                if nxt and (nxt in "-のノ之丁番号" or _ROOM_AHEAD.match(s, end) is not None):
                    return None
        elif mark == "号":
            if c == "-":
                return None
        elif c in _AFTER_MARKER_STOPS:
            return None
        elif c.isspace():
            nxt = s[end:].lstrip()[:1]
            if nxt and nxt in _AFTER_MARKER_STOPS:
                return None
    count = len(values)
    first = markers[0]
    if count == 1 and not first and s[end:end + 1] in _GRID_AFTER:
        return None  # 2条3丁目, 42街区: a grid or block name
    rules = _TOWN_RULES.get(town)
    if rules is None:
        rules = _TOWN_RULES[town] = _TownRules(town)
    chome: int | None = None
    idx = 0
    if first == "丁目":
        chome, idx = int(v0), 1
    elif not first:
        value_ = int(v0)
        if ((value_ in rules.chome) if rules.chome else (rules.unknown and 1 <= value_ <= MAX_UNKNOWN_CHOME)) or (
                rules.all_jukyo and count >= 3 and 1 <= value_ <= MAX_UNKNOWN_CHOME and markers[1] in ("", "番")
                and markers[2] in ("", "号")):
            chome, idx = value_, 1
    if (idx < count and markers[idx] == "丁目") or (idx + 1 < count and markers[idx + 1] == "丁目"):
        return None  # a second 丁目 (2丁目3丁目, 3-4丁目): read in full
    banchi = values[idx] if idx < count else None
    go = values[idx + 1] if idx + 1 < count else None
    if "番地" in markers[idx:idx + 2]:
        numbering: Numbering | None = "chiban"
    elif idx + 1 < count and markers[idx + 1] == "号":
        numbering = "jukyo"
    elif known_place and rules.chome:
        system = rules.chome.get(chome, rules.single)
        numbering = system if system in ("jukyo", "chiban") else None
    else:
        numbering = None
    floor: int | None
    if idx + 2 < count:  # a third (fourth) number after the house number: a room (2-8-1-101)
        room: str | None = "-".join(values[idx + 2:])
        building = b[_after_separators(s, end):].strip() or None
        floor = None
    elif end == len(s):
        building = room = floor = None
    else:
        building, room, floor = split_room(b[_after_separators(s, end):])
    return address_of(head[0], head[1], head[2], chome, banchi, go, building, room, None, numbering,
                      head[_INFERRED], head[_VARIANT], head[_JIS], b, original, None, head[_STREET], floor, None)


def _merged_lines(line1: str, line2: str, code: str | None, place: tuple[str, str] | None,
                  master: TownMaster) -> Address | None:
    """``_parse_fast(f"{line1} {line2}", …)`` when :func:`parse_lines` takes it (the second line merged) and
    that is known from this one reading; None otherwise (then both lines are parsed as the definition says).

    Why one reading suffices. The cleaned text of both lines is *w1* (line 1 cleaned), a space, and more —
    checked, or given when both lines are clean. So the space-free texts begin alike (*t1*), and the head
    :func:`_parse_fast` finds in *t1* (a digit, or a run of kanji numerals followed by 丁/番/号 in *t1*) is
    where it finds it in the joined text: the runs it looks at up to there end inside *t1*. The memo's key
    and entry are then the same, and so is the position *pos* after the head (:func:`_after_head` reads
    only the part of *w1* before it). After it, line 1's tail *b1* and the joined tail ``b1 + " " + …``
    unify alike on *b1* (:func:`~addrjp.address.numbers.unify_separators` changes a character by what is
    next to it only for ー/ｰ before spaces and a numeral: refused when *b1* ends in one), and
    :data:`~addrjp.address.numbers._COMMON` reads both the same: none of its atoms matches the space, its
    runs are possessive and its look-aheads are negative classes, which the space passes as the end of the
    text does. What :func:`_common_numbers` then checks after the match reads the same characters in both,
    except at the end of *b1*, where line 1 stops and has nothing to check. So when the joined text takes the
    common path (:func:`_common_numbers` gives an Address), line 1 takes it too, with the same match: the same
    town, 丁目, 番地 and 号, and no ``rest`` — the merge is certain and line 1's Address is not needed.
    Tested against the two parses: tests/address/test_parse_lines.py."""
    w1 = line1 if _is_clean(line1) else _clean_text_slow(line1)
    if not w1 or w1[0] in _PREFIX_FIRST or w1[-1] in "ーｰ":
        return None
    joined = f"{line1} {line2}"
    if w1 is line1 and _is_clean(line2):
        w = joined  # clean: no character to fold, one space between two texts that neither begin nor end in one
    else:
        w = joined if _is_clean(joined) else _clean_text_slow(joined)
        if w[len(w1):len(w1) + 1] != " " or not w.startswith(w1):
            return None
    t1 = w1.replace(" ", "") if " " in w1 else w1
    m = _HEAD_CHAR.search(t1)
    if m is None:
        return None
    j = m.start() if m.group() <= "9" else _head_end(t1, m.start())
    if j is None:
        return None
    known = _known_of(master.head_memo, t1, j, code, place)
    if type(known) is not tuple:
        return None
    return _common_numbers(known, w, _after_head(w1, t1, known[0]), joined)


def _after_head(w: str, t: str, n: int) -> int:
    """Where the text after a head of *n* characters of the space-free *t* begins in *w*, its spaces skipped:
    ``_skip_space(w, _unsqueeze(w, n))`` (*n* itself when no space comes before it)."""
    if t is w:
        return n
    pos = _unsqueeze(w, n) if w.find(" ", 0, n) >= 0 else n
    return pos + 1 if w[pos:pos + 1] == " " else pos  # one space at most: clean_text made every run one


def _known_head(known: _Known, w: str, pos: int, original: str) -> Address:
    """The memo hit of :func:`_parse_text`: the numbers read by :func:`_read_numbers`."""
    _n, town, known_place, head = known
    address_b = w[pos:]
    inferred = head[_INFERRED]
    certain = "city" not in inferred and "town" not in inferred
    return _address(head, address_b, original, _read_numbers(address_b, town, known_place, certain))


def _parse(original: str, code: str | None, place: tuple[str, str] | None, master: TownMaster) -> Address:
    w = clean_text(original)
    m = _POSTAL_PREFIX.match(w)
    if m:
        code = code or m.group(1) + m.group(2)
        w = w[m.end():]
    t = w.replace(" ", "") if " " in w else w  # the head is read without spaces (西多摩郡 奥多摩町)
    return _parse_text(original, w, t, code, place, master)


def _parse_text(original: str, w: str, t: str, code: str | None, place: tuple[str, str] | None,
                master: TownMaster) -> Address:
    """:func:`_parse` from the cleaned text *w* (a leading postal code taken off) and *t*, the same without
    spaces."""
    known = _resolve_memo(t, code, place, master)
    if known is None:
        key = town_key(t)
        h = _resolve(t, key, code, place, master)
        if h.town is not None and _cut_short(t, key, h, master):
            _drop_town(h)
    elif isinstance(known, _Head):  # a head without a town, read before
        h = known.copy()
    else:  # the common case: a head with a town, read before
        n, town_, known_place, head = known
        pos = _skip_space(w, _unsqueeze(w, n) if t is not w else n)
        address_b = w[pos:]
        inferred_ = head[_INFERRED]
        certain = "city" not in inferred_ and "town" not in inferred_
        return _address(head, address_b, original, _read_numbers(address_b, town_, known_place, certain))
    pos = _skip_space(w, _unsqueeze(w, h.pos) if t is not w else h.pos)
    pref, city, town, inferred = h.pref, h.city, h.town, h.inferred

    number_first = starts_with_number(w[pos:])
    city_from_context = False
    if town is None and code and city is not None and number_first:
        # the town was left out (新宿区2-8-1 with 160-0023 as context): the code's town, when it has one
        ts = [t_ for t_ in master.towns_for_code(code) if t_.city == city and t_.pref == pref]
        if len({t_.town for t_ in ts}) == 1:
            town = ts[0]
            inferred.append("town")
    elif town is None and code and city is None and number_first:
        ts = master.towns_for_code(code)
        if len({(t_.pref, t_.city, t_.town) for t_ in ts}) == 1:
            town = ts[0]
            if pref is None:
                pref = town.pref
                inferred.append("pref")
            city = town.city
            inferred += ["city", "town"]
    if town is None and city is None and not h.cities:
        # no municipality written and no town found (a misspelt town: 津丸戸町 with 162-0821): the area's
        # municipality, else the code's; the text stays in `rest` for validation to compare with its towns
        context = place if place is not None and pref in (None, place[0]) else (
            h.code_cities[0] if len(h.code_cities) == 1 else None)
        if context is not None:
            city = context[1]
            city_from_context = True
            if pref is None:
                pref = context[0]
                inferred.append("pref")
            inferred.append("city")

    jis = master.jis(pref, city) if pref and city else None
    address_b = w[pos:]
    fields: dict[str, Any] = {
        "pref": pref, "city": city, "town": town.town if town else None, "inferred": tuple(inferred),
        "town_variant": h.variant, "jis": jis, "address_b": address_b, "original": original,
        "street": h.street,
    }
    if town is None and (city is None or city_from_context or not (
            address_b[:1].isdigit() or _DIVISION.match(address_b)
            or (_KOAZA_NAMED.match(address_b) and _without_towns(master, pref or "", city)))):
        # no town: numbers are read only when they follow the written municipality directly (鳴沢村8532-28),
        # or a 字 of a municipality that has no towns in Japan Post's data (山形村字北野尻7977)
        if city is not None and not city_from_context and address_b[:1] in "(（" and address_b[-1:] in ")）":
            return Address(building=address_b, **fields)  # only a remark (成田市(…私書箱第1001号)): the second line
        return Address(rest=address_b or None, **fields)
    certain = town is not None and not ({"city", "town"} & set(inferred))
    head = _head_values(pref, city, fields["town"], fields["inferred"], h.variant, jis, h.street)
    numbers = _read_numbers(address_b, town, town is not None and bool(pref and city), certain)
    return _address(head, address_b, original, numbers)


def _head_values(pref: str | None, city: str | None, town: str | None, inferred: tuple[str, ...],
                 variant: str | None, jis: str | None, street: str | None) -> tuple[Any, ...]:
    """Every field of an Address in declaration order, the head's filled in and the others None."""
    values: list[Any] = [None] * len(FIELD_NAMES)
    for name, value in (("pref", pref), ("city", city), ("town", town), ("inferred", inferred),
                        ("town_variant", variant), ("jis", jis), ("street", street)):
        values[_AT[name]] = value
    return tuple(values)


_AT = {name: i for i, name in enumerate(FIELD_NAMES)}
_ADDRESS_B, _ORIGINAL, _INFERRED = _AT["address_b"], _AT["original"], _AT["inferred"]
_VARIANT, _JIS, _STREET = _AT["town_variant"], _AT["jis"], _AT["street"]


def _address(head: tuple[Any, ...], address_b: str, original: str, numbers: dict[str, Any]) -> Address:
    """The Address of a head (:func:`_head_values`), the text after the town and the fields
    :func:`_read_numbers` read from it."""
    values = list(head)
    values[_ADDRESS_B] = address_b
    values[_ORIGINAL] = original
    for name, value in numbers.items():
        values[_AT[name]] = value
    return address_from_values(values)


def _without_towns(master: TownMaster, pref: str, city: str) -> bool:
    """Whether Japan Post's data name no town in the municipality: none, or only the municipality itself as
    its one area (東筑摩郡山形村, 利島村: KEN_ALL's town is the village's own name)."""
    return all(city.endswith(t.town) for t in master.towns_in(pref, city))


#: where the unread name after a town ends: a digit, a bracket or a 字 marker (the name is compared whole)
_NAME_END = re.compile("[0-9(（]|大字|小字|字")
_MAX_NAME = 20


def _cut_short(t: str, key: str, h: _Head, master: TownMaster) -> bool:
    """Whether the town found is only the start of what was written: it is followed directly by a name that is
    no number, no 字/大字/小字, no 地割 or 無番地, and that name, up to the number, is one edit from the rest of
    a longer town of the municipality that begins with the town (浄法寺町楳ノ木 for 浄法寺町梅ノ木, 厚田濃書 for
    厚田濃昼, 小坂砿山 for 小坂鉱山: a variant or a misspelling the key does not fold). Then the shorter town is
    not the one the person meant: it is dropped and the text left unread, for validation to compare with the
    municipality's towns — never the shorter town with a 小字 (a 小字 after a town, 寺泊下荒町, stays one)."""
    town = h.town
    if town is None or h.pos >= len(t) or starts_with_number(t[h.pos:]) or t.startswith(("字", "大字", "小字"), h.pos) \
            or _DIVISION.match(t, h.pos) or _LOT_NOTE.match(t, h.pos):
        return False
    m = _NAME_END.search(t, h.pos, h.pos + _MAX_NAME + 1)
    end = m.start() if m is not None else min(len(t), h.pos + _MAX_NAME)
    if end == h.pos:
        return False
    return master.longer_town_misspelt(town.pref, town.city, key[h.town_at:h.pos], key[h.pos:end])


def _drop_town(h: _Head) -> None:
    """Forget the town found (see :func:`_cut_short`) and what it decided: the municipality too when the town
    chose it (a town written alone, or a ward name that several cities have); the text is read from where the
    town began."""
    h.town = None
    h.variant = None
    h.pos = h.town_at
    if h.city_by_town:
        if "pref" in h.inferred:
            h.pref = None
        h.city = None
        h.inferred = [f for f in h.inferred if f not in ("pref", "city")]


def starts_with_number(text: str) -> bool:
    """True when *text* starts with a number as the address grammar reads one.

    Digits always; a kanji numeral only before 丁目/丁/番/番地/号, a dash, の/ノ/之 and a number, or
    standing alone (before a space, punctuation or the end) — so 百入町 (a misspelt 百人町), 一ツ家 and the
    小字 十二社 do not start with a number.

    >>> starts_with_number("2-8-1"), starts_with_number("四丁目10番"), starts_with_number("二ノ八")
    (True, True, True)
    >>> starts_with_number("百入町4丁目10番17号"), starts_with_number("市谷田町1")
    (False, False)
    """
    m = _LEADING_NUMERAL.match(text)
    if m is None:
        return False
    if text[0].isdigit():
        return True
    return kanji_number_end(unify_separators(text), 0) is not None


def chome_plausible(town: Town | None, value: int) -> bool:
    """True when *value* can be a 丁目 of *town* (one of its 丁目, or 1..50 when its list is unknown)."""
    if town is None:
        return False
    if town.chome_numbering:
        return value in town.chome_numbering
    return town.has_chome and 1 <= value <= MAX_UNKNOWN_CHOME


def _impossible_chome(town: Town | None, units: list[Unit]) -> bool:
    """N-N-N in a town whose 丁目 are all 住居表示 (新宿10-28-8): 丁目-番-号 even where the town has no
    such 丁目, so validation reports the 丁目 (address.chome_invalid) instead of a block 10, house 28 and a
    room 8. Two numbers (新宿10-28) stay 番-号: nothing says the first is a 丁目. Up to
    MAX_UNKNOWN_CHOME only (新宿826-3-201 is not read as 丁目 826)."""
    if town is None or not town.chome_list or len(units) < 3:
        return False
    if set(town.chome_numbering.values()) != {"jukyo"}:
        return False
    first, second, third = units[:3]
    return (1 <= int(first.value) <= MAX_UNKNOWN_CHOME and second.marker in ("", "番")
            and third.marker in ("", "号"))


def _may_be_division(s: str) -> bool:
    """False where :data:`_DIVISION` cannot match *s*: each of its alternatives needs 地割, 線, 第 (第N号) or
    街区 (the match is tried only where one is written)."""
    return "線" in s or "地割" in s or "第" in s or "街区" in s


def _read_numbers(b: str, town: Town | None, known_place: bool, certain: bool = False) -> dict[str, Any]:
    """The fields read from the text after the town (numbers, 小字, building, room, rest); *certain*: the town
    and its municipality were written, nothing inferred (a building may then follow the town directly)."""
    s = unify_separators(b)
    start = 0
    koaza: str | None = None
    cm = _DIVISION.match(s) if _may_be_division(s) else None
    if cm is not None:
        koaza = cm.group("k")
        start = cm.end()
    elif s and not "0" <= s[0] <= "9" and not starts_with_number(s) and not (town is not None and town.chome_list):
        km = _KOAZA_NAMED.match(s) or _KOAZA_SHORT.match(s)
        if km is not None:
            koaza = km.group("k")
            start = km.end()
        elif town is not None and not town.has_chome and (e := long_koaza_end(s)) is not None \
                and koaza_numbered(town):
            koaza, start = s[:e], e  # 寺津町四ノ割横道東8: lots numbered per 小字 (KEN_ALL), the name before one
    units, end = scan_units(s, start)
    if len(units) == 1 and koaza is not None and koaza.rstrip().endswith("街区"):
        if s.startswith("画地", end):
            end += 2  # 42街区1画地: the lot (画地) of a 区画整理 block; its marker is no building
        elif s[end:end + 1] in (",", "、"):  # 62街区1,3: several lots, no building ",3"
            return {"koaza": koaza, "rest": b[units[0].start:].strip()}
    if units and units[0].marker == "" and s[units[0].end:units[0].end + 1] in ("条", "線", "地", "街"):
        # 2条3丁目 where the town is not known: a grid name (条, 線), never lot 2 with a building 条3丁目; a
        # 区画整理 block without its lot (42街区) is no lot 42 with a building 街区
        return {"koaza": koaza, "rest": b[units[0].start:].strip() or None}
    if not units:
        if cm is None:
            koaza = None  # a guessed 小字 with no number after it is no 小字 (ビル5F)
        tail = b[start:].strip() if koaza else b.strip()
        if tail and tail[0] in "(（" and tail[-1] in ")）":  # only a remark (私書箱第3号): kept as the second line
            return {"koaza": koaza, "building": tail}
        km = _KOAZA_ONLY.match(tail) if koaza is None else None
        if km is not None:  # 字高館: a 小字 without a number
            koaza = km.group()
            tail = tail[km.end():].strip()
        lm = _LOT_NOTE.match(tail)
        lot_note = None
        if lm is not None:  # 無番地, 番外地: written as such
            lot_note = lm.group()
            tail = tail[lm.end():].strip()
        if tail and tail[0] in "(（" and tail[-1] in ")）":
            return {"koaza": koaza, "lot_note": lot_note, "building": tail}
        glued = glued_building(tail) if certain and koaza is None and lot_note is None else None
        if glued is not None:  # 大深町グラングリーン大阪パークタワー14階: a building, no number written
            return {"building": glued[0], "room": glued[1], "floor": glued[2]}
        return {"koaza": koaza, "lot_note": lot_note, "rest": tail or None}

    chome: int | None = None
    idx = 0
    first = units[0]
    if first.marker == "丁目" or (first.marker == "" and koaza is None and (
            chome_plausible(town, int(first.value)) or _impossible_chome(town, units))):
        chome = int(first.value)
        idx = 1
    banchi: Unit | None = units[idx] if idx < len(units) else None
    go: Unit | None = units[idx + 1] if idx + 1 < len(units) else None
    extra = units[idx + 2:]
    if banchi is not None and banchi.marker in ("丁目",):
        # a second 丁目 (2丁目3丁目): not a house number; keep the text as it is
        return {"chome": chome, "koaza": koaza, "rest": b[banchi.start:].strip() or None}
    if go is not None and go.marker == "丁目":
        extra = units[idx + 1:]
        go = None

    numbering: Numbering | None = None
    if (banchi is not None and banchi.marker == "番地") or (go is not None and go.marker == "番地"):
        numbering = "chiban"
    elif go is not None and go.marker == "号":
        numbering = "jukyo"
    elif known_place:
        system = _town_numbering(town, chome)
        numbering = system if system in ("jukyo", "chiban") else None  # type: ignore[assignment]

    if extra:
        # a third (fourth) number after the house number: a room (2-8-1-101), never a house number
        room: str | None = "-".join(u.value for u in extra)
        building = b[_after_separators(s, extra[-1].end):].strip() or None
        floor = None
    elif end == len(s):
        building = room = floor = None  # nothing after the house number (split_room of "")
    else:
        building, room, floor = split_room(b[_after_separators(s, end):])
    return {
        "chome": chome, "banchi": banchi.value if banchi else None, "go": go.value if go else None,
        "building": building, "room": room, "floor": floor, "numbering": numbering, "koaza": koaza,
    }


def _after_separators(s: str, pos: int) -> int:
    """The position after the dashes and spaces at *pos* of the unified text (the separator before a
    building or room is not part of it, whichever dash was written)."""
    while pos < len(s) and s[pos] in "- ":
        pos += 1
    return pos


def _town_numbering(town: Town | None, chome: int | None) -> str | None:
    if town is None or not town.chome_numbering:
        return None
    if chome in town.chome_numbering:
        return town.chome_numbering[chome]
    systems = set(town.chome_numbering.values())
    return systems.pop() if len(systems) == 1 else None
