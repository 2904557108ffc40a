"""地方公共団体コード (chihō kōkyō dantai kōdo, local government code): the register's own area as context.

A ward's register names its municipality by the code of JIS X 0402 / 総務省: five digits (13104 for
東京都新宿区), or six with the check digit (131041). Given as ``area=``, the municipality is context for every
address, like a postal code: a town written alone (舟町26-203) is read in the area first.

The check digit: the five digits weighted 6, 5, 4, 3, 2, summed; 11 minus the remainder modulo 11, its last
digit (総務省「全国地方公共団体コード」).

>>> check_digit("13104")
'1'
>>> normalize_area("131041"), normalize_area(" 13104 ")
('13104', '13104')
>>> normalize_area("131042")
Traceback (most recent call last):
...
addrjp.errors.InputError: area 131042: the check digit is wrong (131041 is 13104 with its check digit) — give the 5-digit local government code, e.g. 13104 for 東京都新宿区
>>> area_place("13104")
('東京都', '新宿区')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from addrjp.errors import InputError
from addrjp.text import fold_width

if TYPE_CHECKING:
    from addrjp.address.towns import TownMaster

__all__ = ["AREA_HINT", "area_place", "check_digit", "normalize_area"]

#: What to do about a bad area code (the hint of the InputError).
AREA_HINT = "give the 5-digit local government code, e.g. 13104 for 東京都新宿区"

_WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(code: str) -> str:
    """The check digit of a 5-digit local government code (13104 → 1)."""
    total = sum(int(d) * w for d, w in zip(code, _WEIGHTS, strict=True))
    return str((11 - total % 11) % 10)


def _hint(name: str) -> str:
    """What to do: give the code; on the command line (``--area``) also how to run without an area."""
    return AREA_HINT + (f", or {name} none for no area" if name.startswith("--") else "")


def normalize_area(area: str, *, name: str = "area") -> str:
    """The 5-digit code of an area written with 5 digits or 6 (check digit verified); InputError otherwise.

    Widths and surrounding spaces are folded; nothing else is accepted (the error never echoes more than
    the code as given, which is no personal data). *name* is how the message names the value (``--area``
    on the command line).
    """
    if not isinstance(area, str):
        raise InputError(f"{name} must be a local government code given as text", hint=_hint(name))
    text = fold_width(area).strip()
    shown = text[:12]
    if not (text.isascii() and text.isdigit() and len(text) in (5, 6)):
        raise InputError(f"{name} {shown}: not a local government code of 5 or 6 digits (e.g. 13104 or 131041 "
                         "for 東京都新宿区)", hint=_hint(name))
    code = text[:5]
    if len(text) == 6 and text[5] != check_digit(code):
        raise InputError(f"{name} {text}: the check digit is wrong ({code}{check_digit(code)} is {code} with its "
                         "check digit)", hint=_hint(name))
    return code


def area_place(area: str, master: TownMaster | None = None, *, name: str = "area") -> tuple[str, str]:
    """The (prefecture, municipality) of an area code; InputError when no municipality of Japan Post's data has
    it — a prefecture's code (13000) or a designated city as a whole (14100 横浜市): give a ward's code."""
    if master is None:
        from addrjp.address.towns import load_town_master

        master = load_town_master()
    code = normalize_area(area, name=name)
    place = master.city_of_jis(code)
    if place is None:
        if code.endswith("000"):
            what = "the code of a prefecture, not of a municipality"
        elif code[4] == "0" and any(master.city_of_jis(code[:4] + d) for d in "123456789"):
            what = "the code of a city as a whole (政令指定都市 or 特別区部): give the code of one of its wards"
        else:
            what = "no municipality in Japan Post's data has this code (a typo?)"
        raise InputError(f"{name} {fold_width(area).strip()}: {what}", hint=_hint(name))
    return place
