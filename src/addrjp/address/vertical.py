"""縦書きの住所 (tategaki, addresses for vertical print): numbers in kanji, building names full width.

On a vertically printed postcard every character stands upright in one column, so Arabic digits and Latin
letters are not left as they are: the numbers of the address (丁目, 番, 番地, 号), the room (号室), the floor
(階) and the 号棟 are written in kanji numerals, and letters and digits that belong to a *name* (a building
called 第２コーポ or ＡＢＣハイツ, the 棟 Ａ) become full-width. The long vowel mark and the hyphens that belong
to a name (タワー, ハイツ－Ａ) are kept as written; nothing is dropped or invented.

Two conventions for the kanji numerals (``numerals=``), both in use by label software (宛名印刷ソフト):

``tens`` (十方式, the default)
    the grammar of written Japanese: 十一番, 二十三号, 百四号室, 十五階 (二丁目八番一号);
``positional`` (〇方式, 位取り)
    one kanji per digit, as label software's "漢数字(一〇〇)" setting writes them: 一一番, 二三号, 一〇四号室,
    一五階.

A number written with a leading zero (room 0104) keeps its zero in either convention (〇一〇四).

Hyphens between the house numbers are written only where the parser reads them back the same (の, as the
vertical style of :mod:`addrjp.address.format` does); otherwise the markers 番, 番地, 号 are written. After a
小字 (字大野原798) the parser does not read kanji numerals, so there the digits are full width instead.

>>> from addrjp.address.parse import parse_address
>>> format_vertical(parse_address("新宿区高田馬場1-2-3 ABCハイツ104号室"), split_building=True)
('新宿区高田馬場一丁目二番三号', 'ＡＢＣハイツ\\u3000百四号室')
>>> format_vertical(parse_address("新宿区高田馬場1-2-3 ABCハイツ104号室"), numerals="positional", split_building=True)
('新宿区高田馬場一丁目二番三号', 'ＡＢＣハイツ\\u3000一〇四号室')
>>> vertical_building("第2コーポ山田 3号棟")
'第２コーポ山田\\u3000三号棟'
>>> vertical_room("15F"), vertical_room("B1F"), vertical_room("A-101", "positional")
('十五階', '地下一階', 'Ａ－一〇一')
>>> kanji_number("104"), kanji_number("104", "positional"), kanji_number("0104")
('百四', '一〇四', '〇一〇四')
"""

from __future__ import annotations

import re
from typing import Literal, overload

from addrjp.address.format import _master_numbering, marked_numbers
from addrjp.address.model import Address, check_fields
from addrjp.address.numbers import split_room
from addrjp.address.parse import chome_plausible
from addrjp.address.towns import Town, TownMaster, load_town_master
from addrjp.text import int_to_kanji

Numerals = Literal["tens", "positional"]
NUMERALS: tuple[str, ...] = ("tens", "positional")

_KANJI_DIGITS = "〇一二三四五六七八九"
#: ASCII → the full-width form printed upright in a column. Letters, digits and the symbols of building
#: names; the apostrophe and quotes take their JIS X 0208 forms (＇ and ＂ are not in JIS X 0208).
_WIDE: dict[int, str] = {cp: chr(cp + 0xFEE0) for cp in range(0x21, 0x7F)}
_WIDE.update({ord(" "): "\u3000", ord("'"): "\u2019", ord('"'): "\u201d", ord("`"): "\u2018"})

#: A number followed by a counter that makes it a number of the address (棟, 階, 号室 …): written in kanji.
_COUNTED = re.compile(r"(?P<num>[0-9]+)(?P<counter>号棟|号館|号室|番館|棟|館|階|号|室|[Ff](?![A-Za-z]))")
#: Floors below ground: B1F, B1, 地下1階.
_BASEMENT = re.compile(r"^(?:[Bb]|地下)(?P<num>[0-9]+)(?:[Ff]|階)?$")
_DIGITS = re.compile(r"[0-9]+")


def kanji_number(digits: str, numerals: str = "tens") -> str:
    """ASCII *digits* as kanji numerals in a convention (a leading zero is always kept, positionally); more than
    :data:`~addrjp.text.limits.MAX_CODE_CHARS` digits is an :class:`~addrjp.errors.InputError`."""
    from addrjp.text.limits import MAX_CODE_CHARS, check_text

    check_text(digits, "digits", MAX_CODE_CHARS)
    if numerals not in NUMERALS:
        raise ValueError(f"unknown kanji numerals {numerals!r}: use one of {', '.join(NUMERALS)}")
    if numerals == "positional" or (len(digits) > 1 and digits[0] == "0"):
        return "".join(_KANJI_DIGITS[int(d)] for d in digits)
    return int_to_kanji(int(digits))


def widen(text: str) -> str:
    """ASCII letters, digits, symbols and spaces to their full-width forms (ＡＢＣ, ２, －, 　)."""
    return text.translate(_WIDE)


def vertical_building(text: str, numerals: str = "tens") -> str:
    """A building line for vertical print: counted numbers (3号棟, 2階, 15F) in kanji, the rest widened.

    The name itself is kept as written: only widths change (第2コーポ → 第２コーポ, ABC → ＡＢＣ); ー stays ー.
    """
    out: list[str] = []
    pos = 0
    for m in _COUNTED.finditer(text):
        out.append(widen(text[pos:m.start()]))
        counter = "階" if m.group("counter") in ("F", "f") else m.group("counter")
        out.append(kanji_number(m.group("num"), numerals) + counter)
        pos = m.end()
    out.append(widen(text[pos:]))
    return "".join(out)


def vertical_room(room: str, numerals: str = "tens") -> str:
    """A room or floor for vertical print: every number in kanji (104号室 → 百四号室, B1F → 地下一階)."""
    m = _BASEMENT.match(room)
    if m:
        return "地下" + kanji_number(m.group("num"), numerals) + "階"
    out: list[str] = []
    pos = 0
    for d in _DIGITS.finditer(room):
        out.append(widen(room[pos:d.start()]))
        out.append(kanji_number(d.group(), numerals))
        pos = d.end()
    rest = room[pos:]
    if rest in ("F", "f") and pos:
        rest = "階"
    out.append(widen(rest))
    return "".join(out)


def _numbers(a: Address, town: Town | None, numerals: str) -> str:
    """丁目, 番, 号 / 番地 in kanji (full-width digits after a 小字, where kanji would not read back)."""
    kanji = a.town is not None and a.koaza is None

    def digits(value: str) -> str:
        return kanji_number(value, numerals) if kanji else widen(value)

    out = kanji_number(str(a.chome), numerals) + "丁目" if a.chome is not None else ""
    if a.banchi is None:
        return out
    ambiguous = a.chome is None and a.koaza is None and chome_plausible(town, int(a.banchi))
    keeps_numbering = a.numbering == _master_numbering(town, a.chome)
    b, g = digits(a.banchi), (digits(a.go) if a.go is not None else None)
    if a.numbering is None and keeps_numbering and not ambiguous:
        sep = "の" if kanji else "－"
        return out + b + (sep + g if g is not None else "")
    return marked_numbers(out, b, g, a.numbering)


@overload
def format_vertical(address: Address, *, prefecture: bool | None = ..., split_building: Literal[False] = ...,
                    master: TownMaster | None = ..., numerals: str = ...) -> str: ...
@overload
def format_vertical(address: Address, *, prefecture: bool | None = ..., split_building: Literal[True],
                    master: TownMaster | None = ..., numerals: str = ...) -> tuple[str, str]: ...
@overload
def format_vertical(address: Address, *, prefecture: bool | None = ..., split_building: bool = ...,
                    master: TownMaster | None = ..., numerals: str = ...) -> str | tuple[str, str]: ...


def format_vertical(address: Address, *, prefecture: bool | None = None, split_building: bool = False,
                    master: TownMaster | None = None, numerals: str = "tens") -> str | tuple[str, str]:
    """Write *address* for vertical print (縦書き); the house style ``vertical`` of :func:`format_address`.

    With ``split_building=True`` the result is ``(address line, building and room line)``; the two parts of
    the second line are separated by a full-width space. A text field longer than
    :data:`~addrjp.text.limits.MAX_TEXT_CHARS` is an :class:`~addrjp.errors.InputError`.
    """
    check_fields(address)
    if numerals not in NUMERALS:
        raise ValueError(f"unknown kanji numerals {numerals!r}: use one of {', '.join(NUMERALS)}")
    a = address
    town: Town | None = None
    if a.town is not None and a.pref and a.city:
        town = (master or load_town_master()).find_town(a.pref, a.city, a.town)
    head = (a.pref or "") if (prefecture or not a.city) else ""
    head += (a.city or "") + (a.street or "") + (a.town or "") + widen(a.koaza or "")
    numbers = _numbers(a, town, numerals)
    room_suffix, second = _second_line(a, numerals)
    line = head + numbers + (room_suffix if numbers else "")
    if a.rest:
        line += ("\u3000" if a.town is not None or a.koaza else "") + widen(a.rest)
    if not numbers and room_suffix:
        second = _join(a.building, a.room, numerals)
    if split_building:
        return line, second
    return f"{line}\u3000{second}" if second else line


def _join(building: str | None, room: str | None, numerals: str) -> str:
    parts = [vertical_building(building, numerals) if building else "",
             vertical_room(room, numerals) if room else ""]
    return "\u3000".join(p for p in parts if p)


def _second_line(a: Address, numerals: str) -> tuple[str, str]:
    """(suffix for the numbers, building line): a room the tail grammar would misread (2-8-1-1) stays with the
    numbers as in the horizontal style, joined by －, its digits full width rather than kanji (一号－一 would
    read back as another address)."""
    if a.room is None:
        return "", vertical_building(a.building, numerals) if a.building else ""
    if a.banchi is not None or a.chome is not None:
        probe = split_room("X " + a.room)
        if probe[1] != a.room:
            return "－" + widen(a.room), (
                vertical_building(a.building, numerals) if a.building else "")
    return "", _join(a.building, a.room, numerals)


__all__ = ["NUMERALS", "format_vertical", "kanji_number", "vertical_building", "vertical_room", "widen"]
