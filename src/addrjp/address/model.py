"""Address (住所, jūsho): one parsed Japanese address, the object every later step takes.

A Japanese address is written from the largest unit to the smallest: 都道府県 (prefecture), 市区町村
(municipality), 町域/町字 (town, often followed by 丁目 chōme, a numbered district), then the house number.
The house number is either 住居表示 (jūkyo hyōji, residence indication: N番N号, block and house) or 地番
(chiban, land lot: N番地N, lot and sub-lot); building and room follow. Field rules (see docs/addresses.md):

- ``pref``, ``city``, ``town``: official names from the town master (Japan Post spelling), or None;
- ``chome``: int; ``banchi`` and ``go``: text of ASCII digits; ``numbering``: ``'jukyo'`` or ``'chiban'``;
- ``building`` and ``room``: what follows the house number, width-folded but otherwise as written;
- ``rest``: what could not be interpreted (never invented, never dropped);
- ``town_variant``: the town as written when the spelling differs from the official one (市ヶ谷田町);
- ``address_b``: the text after the matched town, width-folded only (for the customer barcode);
- ``inferred``: the fields filled from context rather than read (('pref',), ('pref', 'city'), …).

>>> a = Address(pref="東京都", city="新宿区", town="西新宿", chome=2, banchi="8", go="1")
>>> a.house_number
'2-8-1'
>>> a.town_matched
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from typing import Any, Literal

from addrjp.text.limit_checks import check_texts

Numbering = Literal["jukyo", "chiban"]


@dataclass(frozen=True, slots=True)
class Address:
    """A parsed address. Immutable; build new ones with :func:`dataclasses.replace`."""

    pref: str | None = None
    city: str | None = None
    town: str | None = None
    chome: int | None = None
    banchi: str | None = None
    go: str | None = None
    building: str | None = None
    room: str | None = None
    rest: str | None = None
    numbering: Numbering | None = None
    inferred: tuple[str, ...] = ()
    town_variant: str | None = None
    jis: str | None = None
    address_b: str = ""
    original: str = ""
    #: 小字 or other lot-area name written between the town and the lot number (字中島下27-4 → '中島下').
    koaza: str | None = None
    #: 京都の通り名 (a Kyoto street designation) written before the town: 烏丸通塩小路下る.
    street: str | None = None
    #: Floor parsed from the building part (15階, 15F → 15; B1F, 地下1階 → -1), for the high-rise postal rule.
    floor: int | None = None
    #: 無番地, 番外地 or 地先 (officially no lot number), with its owner when written (国有無番地), as written.
    lot_note: str | None = None

    @property
    def town_matched(self) -> bool:
        """True when the town was found in the town master."""
        return self.town is not None

    @property
    def house_number(self) -> str:
        """The numbers joined by hyphens (chōme-banchi-go), '' when none: 2-8-1, 826-3, 3."""
        parts = [str(self.chome)] if self.chome is not None else []
        parts += [p for p in (self.banchi, self.go) if p is not None]
        return "-".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The fields as a plain dict (for JSON output)."""
        out = asdict(self)
        out["inferred"] = list(self.inferred)
        return out


#: every field's slot, in declaration order (see :func:`address_from_values`)
FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Address))
_new = object.__new__


def address_from_values(values: Iterable[Any]) -> Address:
    """The :class:`Address` of every field's value in declaration order (:data:`FIELD_NAMES`), equal to
    ``Address(*values)``: the parser's constructor. The dataclass's ``__init__`` sets each field of the frozen
    class through ``object.__setattr__`` (about as much as reading the numbers of an address); this sets the
    slots directly (:func:`address_of`). A wrong number of values raises ValueError.

    >>> a = Address(town="西新宿", chome=2)
    >>> address_from_values(getattr(a, name) for name in FIELD_NAMES) == a
    True
    """
    given = tuple(values)
    if len(given) != len(FIELD_NAMES):
        raise ValueError(f"Address takes {len(FIELD_NAMES)} values, {len(given)} given")
    return address_of(*given)


class _Unfrozen:
    """The slots of :class:`Address`, in the same order, without the frozen ``__setattr__``: an object made
    as one and given the class :class:`Address` (``__class__`` assignment, allowed between classes of the
    same slots) is an Address like any other — equal, hashed, printed and frozen alike (tested)."""

    __slots__ = FIELD_NAMES


def address_of(pref: str | None, city: str | None, town: str | None, chome: int | None, banchi: str | None,
               go: str | None, building: str | None, room: str | None, rest: str | None,
               numbering: Numbering | None, inferred: tuple[str, ...], town_variant: str | None, jis: str | None,
               address_b: str, original: str, koaza: str | None, street: str | None, floor: int | None,
               lot_note: str | None) -> Address:
    """``Address(pref, city, …, lot_note)``, every field given in declaration order: the constructor of the
    parser's common path (:func:`address_from_values` takes an iterable). The slots are set as those of a
    plain class (one store each, not the frozen class's ``object.__setattr__``), then the object becomes an
    Address. Its parameters are the fields' names in order (tested).

    >>> a = Address(town="西新宿", chome=2)
    >>> address_of(*(getattr(a, name) for name in FIELD_NAMES)) == a
    True
    """
    a: Any = _new(_Unfrozen)
    a.pref = pref
    a.city = city
    a.town = town
    a.chome = chome
    a.banchi = banchi
    a.go = go
    a.building = building
    a.room = room
    a.rest = rest
    a.numbering = numbering
    a.inferred = inferred
    a.town_variant = town_variant
    a.jis = jis
    a.address_b = address_b
    a.original = original
    a.koaza = koaza
    a.street = street
    a.floor = floor
    a.lot_note = lot_note
    a.__class__ = Address
    return a


def check_fields(address: Address) -> None:
    """Refuse an :class:`Address` with a text field longer than :data:`~addrjp.text.limits.MAX_TEXT_CHARS`
    (:class:`~addrjp.errors.InputError` naming the field)."""
    a = address  # no field can be longer than all of them together (the common case, one sum)
    check_texts(_TEXT_FIELDS, (a.pref, a.city, a.town, a.koaza, a.street, a.building, a.room, a.rest))


_TEXT_FIELDS = ("pref", "city", "town", "koaza", "street", "building", "room", "rest")
