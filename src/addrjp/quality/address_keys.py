"""The keys duplicates are found by (重複判定のキー: the resolved address, and its block).

Made once per distinct address, in the address stage (the workers of ``addrjp clean``), which never loads
polars: this module needs only the standard library and the text layer. :mod:`addrjp.quality.duplicates`
compares rows by them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from addrjp.address.model import Address


def address_key(address: Any) -> str | None:
    """The resolved-address key of a parsed :class:`~addrjp.address.model.Address`, or None.

    pref | city | town | 丁目 | 番 | 号 | room. None when the town or the block number is unknown (such rows
    are never compared). The building *name* is left out — it is written in too many ways, and one house
    number rarely holds two buildings — the room number is kept (floor when there is no room).

    >>> from addrjp.address.model import Address
    >>> address_key(Address(pref="東京都", city="新宿区", town="西新宿", chome=2, banchi="8", go="1", room="101号室"))
    '東京都|新宿区|西新宿|2|8|1|101'
    """
    block = block_key(address)
    if block is None:
        return None
    room = _room_key(getattr(address, "room", None))
    if not room and getattr(address, "floor", None) is not None:
        room = f"{address.floor}F"
    return f"{block}|{getattr(address, 'go', None) or ''}|{room}"


def address_keys(address: Address | None) -> tuple[str, str]:
    """``(address_key(address) or "", block_key(address) or "")`` of a parsed address (or None): the two
    keys of the pipeline's address columns in one call.

    >>> from addrjp.address.model import Address
    >>> address_keys(Address(pref="東京都", city="新宿区", town="西新宿", chome=2, banchi="8", go="1", floor=3))
    ('東京都|新宿区|西新宿|2|8|1|3F', '東京都|新宿区|西新宿|2|8')
    >>> address_keys(None)
    ('', '')
    """
    if address is None:
        return "", ""
    town, banchi = address.town, address.banchi
    if not town or not banchi:
        return "", ""
    chome = address.chome
    # (f-strings of the parts: what "|".join of them with str() of the 丁目 and 番 gives)
    block = f"{address.pref or ''}|{address.city or ''}|{town}|{'' if chome is None else chome}|{banchi}"
    room = address.room
    room = _room_key_of(room) if room else ""
    if not room and address.floor is not None:
        room = f"{address.floor}F"
    return f"{block}|{address.go or ''}|{room}", block


def block_key(address: Any) -> str | None:
    """The block key (町 + 丁目 + 番, within prefecture and city) of a parsed address, or None.

    >>> from addrjp.address.model import Address
    >>> block_key(Address(pref="東京都", city="新宿区", town="西新宿", chome=2, banchi="8", go="1"))
    '東京都|新宿区|西新宿|2|8'
    """
    town = getattr(address, "town", None)
    banchi = getattr(address, "banchi", None)
    if not town or not banchi:
        return None
    chome = getattr(address, "chome", None)
    return "|".join((getattr(address, "pref", None) or "", getattr(address, "city", None) or "", town,
                     "" if chome is None else str(chome), str(banchi)))


_ROOM_DROP = re.compile(r"[\s\u3000\-‐－ー]|号室|号|室")


def _room_key(room: str | None) -> str:
    if not room:
        return ""
    return _room_key_of(room)


@lru_cache(maxsize=16384)
def _room_key_of(room: str) -> str:
    """The room part of the address key, once per distinct room (101, 203号室 recur in a register)."""
    from addrjp.text.width import fold_width

    return _ROOM_DROP.sub("", fold_width(room)).upper()


__all__ = ["address_key", "address_keys", "block_key"]
