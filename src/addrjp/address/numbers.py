"""住所の番号 (house numbers): the grammar of the text after the town, and what follows it.

After the town come the 丁目 (chōme), then the house number: 住居表示 (jūkyo hyōji) ``8番1号`` (block 8,
house 1) or 地番 (chiban) ``826番地3`` (lot 826, sub-lot 3), written in many ways: ``2丁目8番1号``, ``2-8-1``,
``２ー８ー１``, ``二丁目八番一号``, ``二ノ八``, ``8番地の1``. Then the building and the room: ``101号室``,
``15F``, ``15階``, ``3号棟``, or a further number (``2-8-1-101``) — never read into the house number.

This module only reads the *shape*; which first number is a 丁目 is decided with the town master by
:func:`addrjp.address.parse.parse_address` (a bare leading number is a 丁目 only when the town has 丁目).

>>> units, end = scan_units(unify_separators("2ー8ー1 タワー"))
>>> [(u.value, u.marker) for u in units], end
([('2', ''), ('8', ''), ('1', '')], 5)
>>> split_room("新宿センタービル15階")
('新宿センタービル', '15階', 15)
>>> split_room("3号棟201号室")
('3号棟', '201号室', None)
>>> split_room("B1F")
(None, 'B1F', -1)
"""

from __future__ import annotations

import re
from typing import NamedTuple

from addrjp.text import HYPHENS, kanji_to_int
from addrjp.text.numerals import KANJI_NUMERAL_CHARS

_KANJI = "".join(sorted(set(KANJI_NUMERAL_CHARS)))
_DIGITS = "0123456789"
_NUMERAL = _DIGITS + _KANJI
_LONG_VOWELS = frozenset("ーｰ")
_PURE = "".join(sorted(HYPHENS - _LONG_VOWELS))

_SEP_TABLE = str.maketrans({c: "-" for c in _PURE})
#: a dash to translate (a search is several times cheaper than translate on a text with none); the ASCII
#: hyphen-minus, which translates to itself, is none
_ANY_DASH = re.compile("[" + re.escape(_PURE.replace("-", "")) + "]")
#: a character :func:`unify_separators` may change (a dash to translate, the long vowel mark, 一 or 丿): a
#: text without one is its own result
_TO_UNIFY = re.compile("[" + re.escape(_PURE.replace("-", "")) + "ーｰ一丿]")
_LONG_BETWEEN = re.compile(f"(?<=[{_NUMERAL}丁目番地号])[ーｰ](?=\\s*[{_NUMERAL}])")
#: 一 or 丿 standing for a dash between two Arabic numbers (2一5 is 2-5: no kanji numeral stands there)
_KANJI_DASH = re.compile("(?<=[0-9])[一丿](?=[0-9])")

# one number with its marker; markers are not taken when they start a room word (号室, 号棟, 番館)
_UNIT = re.compile(
    f"(?P<num>[0-9]+|[{_KANJI}]+)"
    "(?:\\s*(?P<marker>丁目|丁(?=\\s*[-の之ノ0-9" + _KANJI + "])|番地|番(?![館棟])|号(?![室棟館車])))?"
)
# a number that is not part of the house number: 101号室, 3号棟, 15階, 15F, 2番館
_ROOM_AHEAD = re.compile(r"\s*(?:号室|号棟|号館|号車|室|階|[FfＦ](?![A-Za-z])|棟|番館|館)")
_SEP = re.compile(r"\s*(?:-|の|ノ|之)\s*")
#: one number of the common forms: Arabic digits or kanji numerals, each run whole (possessive), and a marker
_COMMON_UNIT = f"(?:([0-9]++)|([{_KANJI}]++))(丁目|番地|番(?![館棟])|号(?![室棟館車])|)"
#: the common forms in one match: up to four numbers, each after a separator or directly after the one
#: before (2-8-1, 2丁目8番1号, 二丁目54番地10, 826番地の3, 2-8-1-101); what the match may not be read as
#: is checked after it (see _scan_common). Groups of number k (0-3): separator 4k (k > 0), digits 4k+1,
#: kanji 4k+2, marker 4k+3; a separator or marker not written is ``""`` (a number not there: all None).
#: Each optional part is an alternation ending in the empty alternative (``(…|)``), not ``(…)?``: the
#: same alternatives in the same order, so the same match, without the engine's repeat context for each
#: (about half the instructions a match; the former pattern is the tests' reference,
#: tests/support/common_pattern_reference.py)
_COMMON = re.compile(_COMMON_UNIT + f"(?:(-|の|ノ|之|){_COMMON_UNIT}" * 3 + "|)" * 3)
#: what may continue a house number after a bare number (markers, room words, separators, a kanji
#: numeral): the general scanner reads on from there
_CHAIN_STOPS = frozenset("丁番号地室階棟館車FfＦのノ之-" + _KANJI)
_AFTER_MARKER_STOPS = frozenset("-のノ之" + _NUMERAL)
_SPACE = re.compile(r"\s+")
_NUMBERS_ONLY = re.compile(r"[0-9]+(?:-[0-9]+)*")

#: the last characters of a text :data:`_FLOOR` matches (F, f, 階), and the first of one that ends otherwise
#: (B, b, 地: B1, 地下1)
_FLOOR_LAST = frozenset("Ff階")
_FLOOR_FIRST = frozenset("Bb地")
_FLOOR = re.compile(r"(?:(?P<b>B|地下)(?P<bn>[0-9]+)(?:F|階)?|(?P<n>[0-9]+)(?:F|階))$", re.IGNORECASE)
_ROOM_END = re.compile(
    r"(?P<room>"
    r"(?:B|地下)[0-9]+(?:F|階)?"  # B1F, 地下1階
    r"|[0-9]+(?:[・,、~〜-][0-9]+)*(?:F|階)"  # 15F, 3・4F, 15階
    r"|[A-Za-z]?-?[0-9]+(?:号室|室|号)"  # 101号室, A-101号室, 5号
    r"|[0-9]{3,5}"  # 402 (a bare room number of three to five digits)
    r")$",
    re.IGNORECASE,
)
#: _ROOM_END read from the end: each alternative reversed, matched at the start of the reversed text. The
#: longest of their matches is where _ROOM_END's leftmost match starts, found in one pass (a search of
#: _ROOM_END tries every start and is quadratic on a long run of digits and dashes)
_ROOM_END_REVERSED = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"(?:F|階)?[0-9]+(?:B|下地)",
    r"(?:F|階)[0-9]+(?:[・,、~〜-][0-9]+)*",
    r"(?:室号|室|号)[0-9]+-?[A-Za-z]?",
    r"[0-9]{3,5}",
))


#: the patterns of :data:`_ROOM_END_REVERSED` that can match a reversed text beginning with a character: each
#: begins with F or 階 (either case: F and f are the only characters ``F`` matches ignoring case), 室 or 号, or
#: a digit; a text ending in anything else ends in no room (tested on every character)
_ROOM_BY_LAST = {
    **dict.fromkeys("Ff階", (_ROOM_END_REVERSED[0], _ROOM_END_REVERSED[1])),
    **dict.fromkeys("室号", (_ROOM_END_REVERSED[2],)),
    **dict.fromkeys("0123456789", (_ROOM_END_REVERSED[0], _ROOM_END_REVERSED[3])),
}


def _room_start(body: str) -> int | None:
    """Where the room or floor that ends *body* (a stripped text) starts: the start of
    ``_ROOM_END.search(body)``, or None."""
    patterns = _ROOM_BY_LAST.get(body[-1:])
    if patterns is None:
        return None  # コーポ佐藤, メゾン新宿: no pattern matches what it ends with
    rev = body[::-1]
    longest = 0
    for rx in patterns:
        m = rx.match(rev)
        if m is not None and m.end() > longest:
            longest = m.end()
    return len(body) - longest if longest else None


class Unit(NamedTuple):
    """One number of the house number as written: value (ASCII digits), marker, and its span."""

    value: str
    marker: str  # '丁目', '番地', '番', '号' or '' (bare, or followed by a separator)
    start: int
    end: int


_new_unit = tuple.__new__  # a Unit without the Python-level __new__ (the scanner makes many)


def unify_separators(text: str) -> str:
    """Every dash to ASCII ``-``, and the long vowel mark too where it stands between numbers.

    One character for one, so positions in the result are positions in *text*.

    >>> unify_separators("2ー8ー1タワー"), unify_separators("2一5")
    ('2-8-1タワー', '2-5')
    """
    if _TO_UNIFY.search(text) is None:
        return text  # the common case (2-8-1, 2丁目8番1号): one search
    out = text.translate(_SEP_TABLE) if _ANY_DASH.search(text) is not None else text
    if "ー" in out or "ｰ" in out:
        out = _LONG_BETWEEN.sub("-", out)
    if "一" in out or "丿" in out:
        out = _KANJI_DASH.sub("-", out)
    return out


def numeral_value(text: str) -> str | None:
    """A number written in digits or kanji as ASCII digits without leading zeros ('〇八' → '8')."""
    if text.isdigit() and text.isascii():
        return str(int(text))
    v = kanji_to_int(text)
    return None if v is None else str(v)


def scan_units(text: str, start: int = 0) -> tuple[list[Unit], int]:
    """Numbers with markers from *start* (text from :func:`unify_separators`); where the house number ends."""
    common = _scan_common(text, start)
    return common if common is not None else _scan_units(text, start)


def _scan_common(text: str, start: int) -> tuple[list[Unit], int] | None:
    """The common forms read in one match of a compiled pattern (:data:`_COMMON`): Arabic or kanji numbers
    with markers and separators, and what ends before spaces (2-8-1 メゾン) — the units of the general
    scanner, or None where its look-aheads could read otherwise (spaces inside the number, a kanji numeral
    without a marker, 号 followed by more, room words or separators right after the last number): the
    general scanner reads those (the same result where both read, tested)."""
    m = _COMMON.match(text, start)
    if m is None:
        return None
    g = m.groups()
    units: list[Unit] = []
    marker = ""
    pos = num_end = start
    for k in (0, 4, 8, 12):
        num = g[k] or g[k + 1]
        if num is None:
            break
        if k:
            if marker == "号" or (not marker and not g[k - 1]):
                return None  # 1号-101 goes on to a room; 2三丁目 is no 2 and 三丁目
            if g[k - 1]:
                pos += 1  # the separator (one character)
        mark = g[k + 2]
        if g[k] is not None:
            value = num if num[0] != "0" else str(int(num))
        else:
            v = kanji_to_int(num) if mark else None
            if v is None:
                return None  # a kanji numeral without a marker, or no well-formed numeral
            value = str(v)
        begin = pos
        num_end = pos + len(num)
        marker = mark or ""
        pos = num_end + len(marker)
        units.append(_new_unit(Unit, (value, marker, begin, pos)))
    end = pos
    c = text[end] if end < len(text) else ""
    if not c:
        return units, end
    if not marker:
        if c in _CHAIN_STOPS:
            return None
        if c.isspace():
            nxt = text[end:].lstrip()[:1]
            if nxt and (nxt in "-のノ之丁番号" or _ROOM_AHEAD.match(text, num_end) is not None):
                return None
    elif marker == "号":
        if c == "-":
            return None
    elif c in _AFTER_MARKER_STOPS:
        return None
    elif c.isspace():
        nxt = text[end:].lstrip()[:1]
        if nxt and nxt in _AFTER_MARKER_STOPS:
            return None
    return units, end


def _scan_units(text: str, start: int) -> tuple[list[Unit], int]:
    units: list[Unit] = []
    pos = start
    n = len(text)
    while pos < n:
        m = _UNIT.match(text, pos)
        if m is None:
            break
        value = numeral_value(m.group("num"))
        if value is None:
            break
        num_end = m.end("num")
        marker = m.group("marker") or ""
        if not marker and _ROOM_AHEAD.match(text, num_end):
            break  # 101号室, 15階: a room or floor, not part of the house number
        if not marker and text[m.start()] in _KANJI and kanji_number_end(text, m.start()) is None:
            break  # 一ツ家, 百入町: kanji that start a word, not a number
        if marker == "丁":
            marker = "丁目"
        units.append(_new_unit(Unit, (value, marker, m.start(), m.end())))
        pos = m.end()
        if marker == "号" and not (pos + 1 < n and text[pos] == "-" and text[pos + 1] in _DIGITS):
            break  # the house number is complete; 1号-101 goes on to a room number
        sep = _SEP.match(text, pos)
        if sep is not None and sep.end() < n and text[sep.end()] in _NUMERAL:
            pos = sep.end()
            continue
        if marker in ("丁目", "番", "番地"):
            # after a marker the next number may follow directly or after spaces (2丁目 8番 1号)
            sp = _SPACE.match(text, pos)
            nxt = sp.end() if sp else pos
            if nxt < n and text[nxt] in _NUMERAL and (marker == "丁目" or sp is None or _next_is_go(text, nxt)):
                pos = nxt
                continue
        break
    return units, (units[-1].end if units else start)


_KANJI_RUN = re.compile(f"[{_KANJI}]+")
_AFTER_KANJI_NUMBER = re.compile(f"\\s*(?:丁目|丁|番地|番|号)|\\s*(?:-|の|ノ|之)\\s*[{_NUMERAL}]|(?!\\w)")


def kanji_number_end(text: str, pos: int) -> int | None:
    """Where the kanji numeral at *pos* ends, if the grammar reads it as a number there; else None.

    A kanji numeral is a number before 丁目/丁/番/番地/号, before a dash or の/ノ/之 and a number, or
    standing alone: before a space, a bracket or other punctuation, or at the end (text from
    :func:`unify_separators`); not at the start of a word (一ツ家, 百入町, 十二社).

    >>> kanji_number_end("三丁目", 0), kanji_number_end("二ノ八", 0), kanji_number_end("十(私書箱)", 0)
    (1, 1, 1)
    >>> kanji_number_end("百入町4丁目", 0) is None
    True
    """
    m = _KANJI_RUN.match(text, pos)
    if m is None or _AFTER_KANJI_NUMBER.match(text, m.end()) is None:
        return None
    return m.end()


def _next_is_go(text: str, pos: int) -> bool:
    m = _UNIT.match(text, pos)
    return m is not None and (m.group("marker") or "") == "号"


def parse_floor(room: str) -> int | None:
    """The floor a room text names: 15階/15F → 15, B1F/地下1階 → -1; None otherwise."""
    if room[-1:] not in _FLOOR_LAST and room[:1] not in _FLOOR_FIRST:
        return None  # 101号室, 402: a floor ends in F or 階, or is a basement (B1, 地下1)
    m = _FLOOR.fullmatch(room)
    if m is None:
        return None
    if m.group("b"):
        return -int(m.group("bn"))
    return int(m.group("n"))


def split_room(tail: str) -> tuple[str | None, str | None, int | None]:
    """Building and room from what follows the house number (building text is never altered)."""
    tail = tail.strip()
    if not tail:
        return None, None, None
    body = tail.lstrip("-").strip() if tail[0] == "-" else tail
    # (a text of numbers begins and ends with an ASCII digit: a building name, コーポ101, is not tried)
    if "0" <= body[:1] <= "9" and "0" <= body[-1:] <= "9" and _NUMBERS_ONLY.fullmatch(body):
        return None, body, None  # 101, 1-1: numbers after the house number are a room
    start = _room_start(body)
    if start is None:
        return body, None, None
    room = body[start:]
    building = body[:start].rstrip(" -")
    if room[:1] == "-":
        room = room[1:]
    if building and room.isdigit() and not (body[start - 1] in " -" or not building[-1].isdigit()):
        return body, None, None  # digits glued to digits (ビル2402?): not safe to split
    return (building or None), room, parse_floor(room)


#: the end of a building or facility name written without a house number (NTTドコモ東海岐阜ビル, 新千歳空港内)
_FACILITY_END = ("ビル", "タワー", "空港内", "構内")


def glued_building(tail: str) -> tuple[str, str | None, int | None] | None:
    """(building, room, floor) when *tail*, written right after a town with no number, is a building: one that
    ends in a floor or a room (グラングリーン大阪パークタワー14階, 3F, 201号室) or in a facility word (…ビル,
    …タワー, …空港内, …構内); else None. A bare number (大浜101) is no room here: it may be the lot of a 小字.

    >>> glued_building("奈良女子大学コラボレーションセンター3F")
    ('奈良女子大学コラボレーションセンター', '3F', 3)
    >>> glued_building("新千歳空港内"), glued_building("大浜101"), glued_building("南軽井沢")
    (('新千歳空港内', None, None), None, None)
    """
    building, room, floor = split_room(tail)
    if building is None or (building[:1].isdigit()):
        return None
    if room is not None:
        if floor is None and not room.endswith("室"):
            return None
        return building, room, floor
    return (building, None, None) if building.endswith(_FACILITY_END) else None
