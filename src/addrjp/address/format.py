"""住所の書式 (jūsho no shoshiki, address house styles): an :class:`Address` written back as text.

Three house styles (see docs/addresses.md):

- ``official``: as a resident register writes it, prefecture included, 丁目 in kanji, 住居表示 as N番N号
  and 地番 as N番地N: 東京都新宿区西新宿二丁目8番1号;
- ``horizontal``: for horizontal print, prefecture dropped, numbers joined by hyphens: 新宿区西新宿2-8-1;
- ``vertical``: for vertical print (縦書き), numbers in kanji: 新宿区西新宿二丁目八番一号, the room, floor and
  号棟 too, letters and digits of building names full width (:mod:`addrjp.address.vertical`; ``numerals=``
  chooses 十一 / 一一).

Hyphens are written only where the parser reads them back the same (a bare first number is a 丁目 in a town
with 丁目, and the numbering system must survive), else the markers 番, 番地, 号 are written, so that
``parse_address(format_address(a))`` gives back *a*. Building names are never altered.

>>> normalize_address("東京都新宿区西新宿２－８－１", "official")
'東京都新宿区西新宿二丁目8番1号'
>>> normalize_address("東京都新宿区西新宿二丁目8番1号")
'新宿区西新宿2-8-1'
>>> normalize_address("新宿区西新宿2-8-1", "vertical")
'新宿区西新宿二丁目八番一号'
>>> normalize_address("新宿区西新宿2-8-1 新宿センタービル 15F", "vertical", numerals="positional")
'新宿区西新宿二丁目八番一号\u3000新宿センタービル\u3000一五階'
>>> normalize_address("新宿区西新宿826番地")
'新宿区西新宿826番地'
>>> normalize_address("新宿区西新宿2-8-1 新宿センタービル 15F", split_building=True)
('新宿区西新宿2-8-1', '新宿センタービル 15F')
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Literal, overload

from addrjp.address.model import Address, check_fields
from addrjp.address.numbers import split_room
from addrjp.address.parse import MAX_UNKNOWN_CHOME, chome_plausible, clean_text, number_rules, parse_address
from addrjp.address.styles import STYLES, Style, check_style
from addrjp.address.towns import Town, TownMaster, load_town_master
from addrjp.text import int_to_kanji
from addrjp.text.limits import check_text

__all__ = ["STYLES", "Style", "format_address", "normalize_address"]


def _kanji(value: str) -> str:
    return int_to_kanji(int(value))


def _plain(value: str) -> str:
    return value


def _master_numbering(town: Town | None, chome: int | None) -> str | None:
    if town is None or not town.chome_numbering:
        return None
    if chome in town.chome_numbering:
        system = town.chome_numbering[chome]
    else:
        systems = set(town.chome_numbering.values())
        system = systems.pop() if len(systems) == 1 else "mixed"
    return system if system in ("jukyo", "chiban") else None


def _numbers(a: Address, style: str, town: Town | None) -> str:
    if style == "horizontal":
        return _horizontal_numbers(a, town)
    # kanji only where the parser reads them back: after a town, not after a 小字 (字大野原798)
    kanji = style == "vertical" and a.town is not None and a.koaza is None
    digits: Callable[[str], str] = _kanji if kanji else _plain
    out = ""
    if a.chome is not None:
        chome = int_to_kanji(a.chome) if style in ("official", "vertical") else str(a.chome)
        out = chome + "丁目"
    if a.banchi is None:
        return out
    ambiguous = a.chome is None and a.koaza is None and chome_plausible(town, int(a.banchi))
    keeps_numbering = a.numbering == _master_numbering(town, a.chome)
    b, g = digits(a.banchi), (digits(a.go) if a.go is not None else None)
    marked = style in ("official", "vertical") and a.numbering is not None
    if not marked and keeps_numbering and not ambiguous:
        sep = "の" if kanji else "-"
        return out + b + (sep + g if g is not None else "")
    return marked_numbers(out, b, g, a.numbering)


def _horizontal_numbers(a: Address, town: Town | None) -> str:
    """``_numbers(a, "horizontal", town)``: what the general path computed for that style (kept as the
    reference in tests/support/format_reference.py, where the tests compare the two), with the town's facts
    read from its :func:`~addrjp.address.parse.number_rules` (made once per town) instead of per address:
    ``chome_plausible(town, v)`` is ``v in rules.chome`` where the town's 丁目 are known, else
    ``rules.unknown and 1 <= v <= MAX_UNKNOWN_CHOME`` (``unknown`` is ``has_chome`` without a list), and
    ``_master_numbering(town, chome)`` is ``rules.chome.get(chome, rules.single)`` (the one system of all
    its 丁目 when *chome* has none of its own; None when they are mixed) kept only when it is 住居表示 or
    地番; both are False/None without a town or a list. Arabic digits, no markers unless the numbering
    would be lost or the first number read as a 丁目 (tested against that reference:
    tests/address/test_horizontal_numbers.py)."""
    chome, banchi = a.chome, a.banchi
    if banchi is None:
        return "" if chome is None else f"{chome}丁目"
    rules = number_rules(town) if town is not None else None
    listed = rules.chome if rules is not None else None  # the town's 丁目 → numbering ({} when unknown)
    ambiguous = False
    if chome is None and a.koaza is None:
        value = int(banchi)
        ambiguous = rules is not None and (
            (value in listed) if listed else (rules.unknown and 1 <= value <= MAX_UNKNOWN_CHOME))
    master: str | None = None
    if listed:
        system = listed.get(chome, rules.single)  # type: ignore[union-attr]
        master = system if system in ("jukyo", "chiban") else None
    go = a.go
    if a.numbering == master and not ambiguous:
        # each line written as one string: 番 and 号, then the 丁目 before them by hyphen or marker
        numbers = banchi if go is None else f"{banchi}-{go}"
        if chome is None:
            return numbers
        if rules is not None and (
                (chome in listed) if listed else (rules.unknown and 1 <= chome <= MAX_UNKNOWN_CHOME)):
            return f"{chome}-{numbers}"
        return f"{chome}丁目{numbers}"
    return marked_numbers("" if chome is None else f"{chome}丁目", banchi, go, a.numbering)


def marked_numbers(head: str, banchi: str, go: str | None, numbering: str | None) -> str:
    """The house number after *head* (the 丁目) with its markers: 地番 N番地N, 住居表示 N番N号, else N番N (one
    rule for the horizontal, official and vertical styles)."""
    if numbering == "chiban":
        return head + banchi + "番地" + (go or "")
    if numbering == "jukyo":
        return head + banchi + "番" + (go + "号" if go is not None else "")
    return head + banchi + "番" + (go or "")


def _second_line(a: Address) -> tuple[str, str]:
    """(suffix for the numbers, building line): a room the tail grammar would misread stays with the numbers."""
    if a.room is None:
        return "", a.building or ""
    if (a.banchi is not None or a.chome is not None) and not _room_reads_back(a.room):
        return "-" + a.room, a.building or ""
    building, room = a.building, a.room  # " ".join of those that are not empty, without a generator
    return "", (f"{building} {room}" if room else building) if building else room


@lru_cache(maxsize=16384)
def _room_reads_back(room: str) -> bool:
    """True when the tail grammar reads *room* back as the room after a building (``split_room``); kept per
    distinct room (101, 203号室 recur on every floor of a register)."""
    return split_room("X " + room)[1] == room


@overload
def format_address(address: Address, style: str = ..., *, prefecture: bool | None = ...,
                   split_building: Literal[False] = ..., master: TownMaster | None = ...,
                   numerals: str = ...) -> str: ...
@overload
def format_address(address: Address, style: str = ..., *, prefecture: bool | None = ...,
                   split_building: Literal[True], master: TownMaster | None = ...,
                   numerals: str = ...) -> tuple[str, str]: ...
@overload
def format_address(address: Address, style: str = ..., *, prefecture: bool | None = ...,
                   split_building: bool = ..., master: TownMaster | None = ...,
                   numerals: str = ...) -> str | tuple[str, str]: ...


def format_address(address: Address, style: str = "horizontal", *, prefecture: bool | None = None,
                   split_building: bool = False, master: TownMaster | None = None,
                   numerals: str = "tens") -> str | tuple[str, str]:
    """Write *address* in a house style; *prefecture* None means the style's default (official only).

    With ``split_building=True`` the result is ``(address line, building and room line)``. *numerals* is the
    vertical style's convention for kanji numerals (``tens`` 十一, ``positional`` 一一). A *style* that
    is not one of :data:`STYLES` raises :class:`~addrjp.errors.InputError` (a ``ValueError``) whatever the
    address; a text field longer than :data:`~addrjp.text.limits.MAX_TEXT_CHARS` is an
    :class:`~addrjp.errors.InputError`.
    """
    check_style(style)
    check_fields(address)
    if style == "vertical":
        from addrjp.address.vertical import format_vertical

        return format_vertical(address, prefecture=prefecture, split_building=split_building, master=master,
                               numerals=numerals)
    a = address
    town: Town | None = None
    if a.town is not None and a.pref and a.city:
        town = (master or load_town_master()).find_town(a.pref, a.city, a.town)
    return _format_flat(a, style, prefecture, split_building, town)


def format_lines(address: Address, town: Town | None, *, prefecture: bool,
                 checked: bool = False) -> tuple[str, str]:
    """``format_address(address, "horizontal", prefecture=prefecture, split_building=True)`` for an address
    whose town the caller has looked up already: *town* is what ``load_town_master().find_town(pref, city,
    town)`` gives for its town, written as parsed (the record's validation asks the master once per town).
    The same checks of the fields' lengths, unless *checked* says the caller made them (the text fields
    within the limit together, as :func:`~addrjp.address.model.check_fields` first tests)."""
    if not checked:
        check_fields(address)
    return _format_flat(address, "horizontal", prefecture, True, town)  # type: ignore[return-value]


def _format_flat(a: Address, style: str, prefecture: bool | None, split_building: bool,
                 town: Town | None) -> str | tuple[str, str]:
    """:func:`format_address` in the horizontal or official style, the town looked up (*town*)."""
    if prefecture is None:
        prefecture = style == "official"
    numbers = _horizontal_numbers(a, town) if style == "horizontal" else _numbers(a, style, town)
    room_suffix, second = _second_line(a)
    city = a.city
    # the head (prefecture, city, street, town, 小字, lot note), the numbers and the room kept with them,
    # written as one string
    line = (f"{(a.pref or '') if (prefecture or not city) else ''}{city or ''}{a.street or ''}{a.town or ''}"
            f"{a.koaza or ''}{a.lot_note or ''}{numbers}{room_suffix if numbers else ''}")
    if a.rest:
        line += (" " if a.town is not None or a.koaza else "") + a.rest
    if not numbers and room_suffix:
        second = " ".join(p for p in (a.building, a.room) if p)
    if split_building:
        return line, second
    return f"{line} {second}" if second else line


def normalize_address(text: str, style: str = "horizontal", *, prefecture: bool | None = None,
                      split_building: bool = False, postal_code: str | None = None,
                      numerals: str = "tens") -> str | tuple[str, str]:
    """Parse *text* and write it in a house style (see :func:`format_address`); never raises on a str
    address (a bad *style* raises :class:`~addrjp.errors.InputError` before the text is looked at).

    Text the parser cannot read at all comes back cleaned (widths, spaces) but otherwise as written.
    Text longer than :data:`~addrjp.text.limits.MAX_TEXT_CHARS` is an :class:`~addrjp.errors.InputError`.
    """
    check_style(style)
    check_text(text, "address")
    a = parse_address(text, postal_code=postal_code)
    if a.pref is None and a.city is None and a.town is None:
        cleaned = clean_text(text)
        return (cleaned, "") if split_building else cleaned
    return format_address(a, style, prefecture=prefecture, split_building=split_building, numerals=numerals)
