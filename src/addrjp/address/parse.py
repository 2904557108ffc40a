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

from addrjp.address.model import Address, Numbering
from addrjp.address.numbers import Unit, kanji_number_end, scan_units, split_room, unify_separators
from addrjp.address.towns import Town, TownMaster, load_town_master, town_key
from addrjp.text import HYPHENS, fold_width, strip_invisibles
from addrjp.text.limits import MAX_CODE_CHARS, check_text

_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_SPACES = re.compile(r"[\s\u3000\u00a0\u2000-\u200a\u202f\u205f]+")
# anything clean_text would change: full-width ASCII, half-width kana, spaces other than one ASCII space
# between words, invisibles (see addrjp.text.whitespace.INVISIBLES), selectors
_NEEDS_CLEANING = re.compile(
    "[\uff01-\uff9f\uffe0-\uffef\u3000\u00a0\u00ad\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\ufeff\ufe00-\ufe0f"
    "\U000e0100-\U000e01ef\t\n\r\x0b\x0c\x1c-\x1f\x85]|  |^ | $"
)
_POSTAL_PREFIX = re.compile(
    r"^(?:〒|郵便番号|T)?\s*([0-9]{3})\s*[" + re.escape("".join(sorted(HYPHENS))) + r"]?\s*([0-9]{4})\s+"
)
_LEADING_NUMERAL = re.compile(r"[0-9〇一二三四五六七八九十百千壱弐参]")
# 小字 before a lot number: 字中島下27-4, 字イサノ134ノ1; or a short prefix: 惣作70, 宮の前921-3, ロ124, ニの2132
_KOAZA_NAMED = re.compile(r"(?P<k>(?:大字|字)[^\s0-9()（）-]{1,20})(?=[0-9])")
_KOAZA_SHORT = re.compile(
    r"(?P<k>[\u4e00-\u9fff々ヶァ-ヺぁ-ゖ][\u4e00-\u9fff々ヶァ-ヺの部]{0,3}?)(?:(?<=^[ァ-ヺぁ-ゖ])[のノ-])?(?=[0-9])"
)
_KOAZA_ONLY = re.compile(r"(?:大字|字)[^\s0-9()（）-]{1,20}")
#: 京都の通り名 (Kyoto street designations) written before the town: 烏丸通塩小路下る, 丸太町柳馬場東入
_STREET = re.compile(r"[^\s0-9]{1,20}?(?:上る|下る|上ル|下ル|東入る|西入る|東入ル|西入ル|東入|西入)")

#: a bare leading number is read as a 丁目 up to this value when the town's 丁目 list is unknown
MAX_UNKNOWN_CHOME = 50


def _clean_text_slow(text: str) -> str:
    text = _SELECTORS.sub("", strip_invisibles(text))
    return _SPACES.sub(" ", fold_width(text)).strip()


def clean_text(text: str) -> str:
    """Invisibles and variation selectors dropped, widths folded, runs of spaces made one ASCII space."""
    if _NEEDS_CLEANING.search(text) is None:
        return text  # the common case: nothing to fold (checked once, in C)
    return _clean_text_slow(text)


def parse_address(text: str, *, postal_code: str | None = None, master: TownMaster | None = None) -> Address:
    """Parse an address; *postal_code* (7 digits, hyphen allowed) is context to infer a missing part.

    Never raises on a str of up to :data:`~addrjp.text.limits.MAX_TEXT_CHARS` characters: what cannot be
    read is kept in ``rest``; a longer one is an :class:`~addrjp.errors.InputError`.
    """
    if not isinstance(text, str):
        raise TypeError("parse_address() takes a str")
    check_text(text, "address")
    check_text(postal_code, "postal_code", MAX_CODE_CHARS)
    if master is None:
        return _parse_cached(text, _clean_code(postal_code))
    return _parse(text, _clean_code(postal_code), master)


def _clean_code(code: str | None) -> str | None:
    if not code:
        return None
    digits = "".join(ch for ch in fold_width(code) if ch.isdigit())
    return digits if len(digits) == 7 else None


@lru_cache(maxsize=65536)
def _parse_cached(text: str, code: str | None) -> Address:
    return _parse(text, code, load_town_master())


def _skip_space(w: str, pos: int) -> int:
    while pos < len(w) and w[pos] == " ":
        pos += 1
    return pos


def _parse(original: str, code: str | None, master: TownMaster) -> Address:
    w = clean_text(original)
    m = _POSTAL_PREFIX.match(w)
    if m:
        code = code or m.group(1) + m.group(2)
        w = w[m.end():]
    key = town_key(w)
    inferred: list[str] = []
    pos = 0
    pref: str | None = None
    city: str | None = None
    town: Town | None = None
    variant: str | None = None
    street: str | None = None

    pm = master.match_pref(key)
    if pm is not None:
        pref, n = pm
        pos = _skip_space(w, n)

    code_cities = master.cities_for_code(code) if code else []
    if pref is not None and code_cities:
        code_cities = [c for c in code_cities if c[0] == pref]

    cities, n = master.match_city(key[pos:], pref)
    if cities and code_cities and pm is None and not any(c in code_cities for c in cities) and any(
            code in mt.town.codes for mt in master.match_town_anywhere(key, w, None, code_cities)):
        # 信濃町31-12 with 160-0016: a town of the code's municipality written without it (新宿区信濃町)
        # is that town, not the municipality of the same name elsewhere (長野県上水内郡信濃町)
        cities, n = [], 0
    if cities:
        if code_cities and len(cities) > 1:
            cities = [c for c in cities if c in code_cities] or cities
        if len(cities) == 1:
            pref_found, city = cities[0]
            if pref is None:
                pref = pref_found
                inferred.append("pref")
            pos = _skip_space(w, pos + n)

    if city is not None and pref == "京都府" and (sm := _STREET.match(w, pos)) is not None:
        # Kyoto: a street designation before the town (烏丸通四条下る水銀屋町620)
        tm = master.match_town(key[sm.end():], w[sm.end():], pref, city)
        if tm is not None:
            street = sm.group()
            town = tm.town
            if not tm.exact:
                variant = w[sm.end():sm.end() + tm.length]
            pos = _skip_space(w, sm.end() + tm.length)
    if city is not None and town is None:
        tm = master.match_town(key[pos:], w[pos:], pref or "", city)
        if tm is not None:
            town = tm.town
            if not tm.exact:
                variant = w[pos:pos + tm.length]
            pos = _skip_space(w, pos + tm.length)
    else:
        start = pos
        allowed = code_cities or None
        if cities:  # an ambiguous municipality (府中市, 港区): the town after it may decide
            allowed = [c for c in cities if c in code_cities] if code_cities else cities
            start = _skip_space(w, pos + n)
        matches = master.match_town_anywhere(key[start:], w[start:], pref, allowed)
        if matches and code and len(matches) > 1:
            with_code = [mt for mt in matches if code in mt.town.codes]
            matches = with_code or matches
        if matches and len({(mt.town.pref, mt.town.city, mt.town.town) for mt in matches}) == 1:
            tm = matches[0]
            town = tm.town
            if pref is None:
                pref = town.pref
                inferred.append("pref")
            city = town.city
            if not cities:
                inferred.append("city")
            if not tm.exact:
                variant = w[start:start + tm.length]
            pos = _skip_space(w, start + tm.length)

    number_first = starts_with_number(w[pos:])
    city_from_code = False
    if town is None and code and city is not None and number_first:
        # the town was left out (新宿区2-8-1 with 160-0023 as context): the code's town, when it has one
        ts = [t for t in master.towns_for_code(code) if t.city == city and t.pref == pref]
        if len({t.town for t in ts}) == 1:
            town = ts[0]
            inferred.append("town")
    elif town is None and code and city is None and number_first:
        ts = master.towns_for_code(code)
        if len({(t.pref, t.city, t.town) for t in ts}) == 1:
            town = ts[0]
            if pref is None:
                pref = town.pref
                inferred.append("pref")
            city = town.city
            inferred += ["city", "town"]
    if town is None and city is None and len(code_cities) == 1 and not cities:
        # no municipality written and no town found (a misspelt town: 津丸戸町 with 162-0821): the code's
        # municipality; the text stays in `rest` for validation to compare with the code's towns
        code_pref, city = code_cities[0]
        city_from_code = True
        if pref is None:
            pref = code_pref
            inferred.append("pref")
        inferred.append("city")

    jis = master.jis(pref, city) if pref and city else None
    address_b = w[pos:]
    fields: dict[str, Any] = {
        "pref": pref, "city": city, "town": town.town if town else None, "inferred": tuple(inferred),
        "town_variant": variant, "jis": jis, "address_b": address_b, "original": original, "street": street,
    }
    if town is None and (city is None or city_from_code or not address_b[:1].isdigit()):
        # no town: numbers are read only when they follow the written municipality directly (鳴沢村8532-28)
        return Address(rest=address_b or None, **fields)
    return Address(**fields, **_read_numbers(address_b, town, town is not None and bool(pref and city)))


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


def _read_numbers(b: str, town: Town | None, known_place: bool) -> dict[str, Any]:
    """The fields read from the text after the town (numbers, 小字, building, room, rest)."""
    s = unify_separators(b)
    start = 0
    koaza: str | None = None
    if s and not starts_with_number(s) and not (town is not None and town.chome_list):
        km = _KOAZA_NAMED.match(s) or _KOAZA_SHORT.match(s)
        if km is not None:
            koaza = km.group("k")
            start = km.end()
    units, end = scan_units(s, start)
    if not units:
        tail = b.strip()
        if tail[:1] in "(（" and tail[-1:] in ")）":  # only a remark (私書箱第3号): kept as the second line
            return {"building": tail}
        km = _KOAZA_ONLY.match(tail)
        if km is not None:  # 字高館: a 小字 without a number
            rest = tail[km.end():].strip()
            if rest[:1] in "(（" and rest[-1:] in ")）":
                return {"koaza": km.group(), "building": rest}
            return {"koaza": km.group(), "rest": rest or None}
        return {"rest": tail or None}

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
    markers = {u.marker for u in units[idx:idx + 2]}
    if "番地" in markers:
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
