"""The horizontal style's numbers and second line as ``address/format.py`` computed them before the town's
facts were read once per town (the reference of tests/address/test_horizontal_numbers.py)."""

from __future__ import annotations

from addrjp.address.format import _master_numbering, _room_reads_back
from addrjp.address.model import Address
from addrjp.address.parse import chome_plausible
from addrjp.address.towns import Town


def horizontal_numbers(a: Address, town: Town | None) -> str:
    out = ""
    if a.chome is not None:
        out = str(a.chome) + "丁目"
    if a.banchi is None:
        return out
    ambiguous = a.chome is None and a.koaza is None and chome_plausible(town, int(a.banchi))
    keeps_numbering = a.numbering == _master_numbering(town, a.chome)
    b, g = a.banchi, a.go
    if keeps_numbering and not ambiguous:
        if a.chome is not None and chome_plausible(town, a.chome):
            out = str(a.chome) + "-"
        return out + b + ("-" + g if g is not None else "")
    if a.numbering == "chiban":
        return out + b + "番地" + (g or "")
    if a.numbering == "jukyo":
        return out + b + "番" + (g + "号" if g is not None else "")
    return out + b + "番" + (g or "")


def second_line(a: Address) -> tuple[str, str]:
    if a.room is None:
        return "", a.building or ""
    if (a.banchi is not None or a.chome is not None) and not _room_reads_back(a.room):
        return "-" + a.room, a.building or ""
    return "", " ".join(p for p in (a.building, a.room) if p)


def format_flat(a: Address, style: str, prefecture: bool | None, split_building: bool,
                town: Town | None) -> str | tuple[str, str]:
    """``format._format_flat`` as it wrote the line before it was one string: the head by concatenation,
    then the numbers (``format._numbers``, itself tested against :func:`horizontal_numbers`) and the room."""
    from addrjp.address.format import _numbers, _second_line

    if prefecture is None:
        prefecture = style == "official"
    head = (a.pref or "") if (prefecture or not a.city) else ""
    head += (a.city or "") + (a.street or "") + (a.town or "") + (a.koaza or "") + (a.lot_note or "")
    numbers = _numbers(a, style, town)
    room_suffix, second = _second_line(a)
    line = head + numbers + (room_suffix if numbers else "")
    if a.rest:
        line += (" " if a.town is not None or a.koaza else "") + a.rest
    if not numbers and room_suffix:
        second = " ".join(p for p in (a.building, a.room) if p)
    if split_building:
        return line, second
    return f"{line} {second}" if second else line


def outcome(fn: object, *args: object) -> object:
    """What ``fn(*args)`` gives: its value, or the class of the ValueError it raises (two computations
    compared on the same arguments agree on both)."""
    try:
        return fn(*args)  # type: ignore[operator]
    except ValueError as exc:
        return type(exc)
