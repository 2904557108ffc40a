"""The definition of reading an address with its second line (方書), as ``quality/record.py::_parse_lines`` wrote it
before :func:`addrjp.address.parse.parse_lines` read both in one pass: line 1 parsed alone, both lines joined
parsed again, and the joined reading taken when it reads the same town, 丁目, 番地, 号 and rest."""

from __future__ import annotations

from addrjp.address.model import Address
from addrjp.address.parse import parse_address
from addrjp.address.towns import TownMaster


def parse_lines_twice(line1: str, line2: str, context: str | None, area: str | None,
                      master: TownMaster | None = None) -> tuple[Address, bool]:
    """The address and whether the second line was merged into it, by two parses."""
    parsed = parse_address(line1, postal_code=context, area=area, master=master)
    if not line2:
        return parsed, False
    combined = parse_address(f"{line1} {line2}", postal_code=context, area=area, master=master)
    same = (combined.town, combined.chome, combined.banchi, combined.go) == (
        parsed.town, parsed.chome, parsed.banchi, parsed.go)
    if same and combined.rest == parsed.rest:
        return combined, True
    return parsed, False
