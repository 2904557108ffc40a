"""The area of a run (対象地域, taishō chiiki: the municipality a register belongs to).

A ward's extract lists its own residents: most rows are in one municipality, and many write their address
from the town down (舟町26-203, no 東京都新宿区). The area is that municipality's local government code
(全国地方公共団体コード, zenkoku chihō kōkyō dantai kōdo): 5 digits, or 6 with the check digit (検査数字); the
rules of the code are :mod:`addrjp.address.area`'s.
Validation reads addresses in the area first and flags rows outside it (``address.outside_area``).

:func:`area_code` checks a code given by a person: it must exist among the municipalities of Japan Post's
data (the town master's: special wards, wards of designated cities, cities, towns and villages; a
prefecture or a designated city as a whole is no area). :func:`infer_area` finds the area of a register:
when at least :data:`INFER_SHARE` of the rows whose municipality is written (with its prefecture, or by its
full name) or implied by a valid postal code name the same municipality, that is the area. It is cheap: a
prefix match of prefecture and municipality and a postal look-up per distinct (postal code, address), no
parse. :func:`resolve_area` applies both to a run's :class:`~addrjp.mailing.pipeline.Options`
(``area="auto"``, the default, infers; ``None`` or ``"none"`` turns the area off; a code is checked) and
records where the area came from; :func:`describe_area` says it in one line for the report and manifest.

>>> area_code("131041"), area_code("13104")
('13104', '13104')
>>> area_code("131042")
Traceback (most recent call last):
...
addrjp.errors.InputError: --area 131042: the check digit is wrong (131041 is 13104 with its check digit) — give the 5-digit local government code, e.g. 13104 for 東京都新宿区, or --area none for no area
>>> infer_area([("160-0016", "信濃町31-12", 40), ("", "新宿区舟町5", 55), ("100-0001", "千代田1-1", 5)]).code
'13104'
>>> describe_area({"area": "13104", "area_source": "inferred", "area_share": 0.978})
'13104 (inferred from 97.8% of rows)'
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl

    from addrjp.address.towns import TownMaster
    from addrjp.mailing.pipeline import Options

#: Share of the counted rows one municipality must have to be the inferred area.
INFER_SHARE = 0.9
#: ``area`` values: infer from the register / no area.
AUTO = "auto"
NONE = "none"
#: ``area_source`` values (where the area of a resolved run came from).
SOURCES = ("given", "inferred", "not_inferred", "off")

def _master() -> TownMaster:
    from addrjp.address.towns import load_town_master

    return load_town_master()


def municipality_name(code: str) -> str | None:
    """The prefecture and municipality of a 5-digit code, None when there is no such municipality.

    >>> municipality_name("13104")
    '東京都新宿区'
    """
    found = _master().city_of_jis(code[:5])
    return None if found is None else found[0] + found[1]


def area_code(value: str, *, option: str = "--area") -> str:
    """The 5-digit code of an area written as 5 digits or 6 with the check digit; InputError naming
    *option* when it is malformed, its check digit is wrong, or no municipality has it (the rules of
    :mod:`addrjp.address.area`)."""
    from addrjp.address.area import area_place, normalize_area
    from addrjp.text.limits import MAX_CODE_CHARS, check_text

    check_text(value, "area", MAX_CODE_CHARS)
    area_place(str(value), _master(), name=option)
    return normalize_area(str(value), name=option)


# ---- inference ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AreaInference:
    """What :func:`infer_area` found: the area (None when no municipality has the share), the share of the
    counted rows naming the most common municipality, how many rows were counted, and that municipality."""

    code: str | None
    share: float
    rows: int
    top: str | None = None


def _code_cities(code: str, master: TownMaster) -> frozenset[tuple[str, str]]:
    """The municipalities a valid postal code belongs to (none for an invalid or unknown code)."""
    from addrjp.postal.lookup import fold_code, lookup_postal

    digits = fold_code(code)
    if len(digits) != 7 or not digits.isascii() or not digits.isdigit():
        return frozenset()
    cities = set(master.cities_for_code(digits))
    if not cities:  # an office or P.O. box code
        cities = {(a.pref, a.city) for a in lookup_postal(digits)}
    return frozenset(cities)


#: characters of an address enough to hold any prefecture and municipality name (and spaces)
_HEAD = 32


def _municipality(address: str, code_cities: frozenset[tuple[str, str]], master: TownMaster) -> str | None:
    from addrjp.address.parse import clean_text
    from addrjp.address.towns import town_key

    key = town_key(clean_text(address[:_HEAD * 2])[:_HEAD])
    chosen: tuple[str, str] | None = None
    pm = master.match_pref(key)
    if pm is not None:  # the prefecture written: the municipality written after it
        pref, pos = pm
        while pos < len(key) and key[pos] == " ":
            pos += 1
        cities, _ = master.match_city(key[pos:], pref)
        in_pref = [c for c in cities if c in code_cities]
        if len(cities) == 1:
            chosen = cities[0]
        elif len(in_pref) == 1:
            chosen = in_pref[0]
        elif not cities and len(pref_code := {c for c in code_cities if c[0] == pref}) == 1:
            chosen = next(iter(pref_code))
    elif len(code_cities) == 1:  # no prefecture: a valid postal code decides (no match needed)
        chosen = next(iter(code_cities))
    else:
        cities, n = master.match_city(key, None)
        if len(cities) == 1 and n == len(cities[0][1]):  # the full name, written alone
            chosen = cities[0]
    if chosen is None:
        return None
    jis = master.jis(*chosen)
    return jis[:5] if jis else None


def municipality_of(postal_code: str, address: str, master: TownMaster | None = None) -> str | None:
    """The 5-digit code of the municipality a row names, or None: the one written with its prefecture; else
    the one a valid postal code implies; else the one written by its full name (新宿区, 府中市 only when
    unique). A short spelling without prefecture (信濃町, 北区 for 大阪市北区) is no evidence by itself.

    >>> municipality_of("", "東京都新宿区西新宿2-8-1"), municipality_of("160-0016", "信濃町31-12")
    ('13104', '13104')
    >>> municipality_of("", "信濃町31-12") is None
    True
    """
    master = master or _master()
    return _municipality(address, _code_cities(postal_code, master) if postal_code else frozenset(), master)


def infer_area(values: Iterable[tuple[str, str, int]], *, share: float = INFER_SHARE,
               master: TownMaster | None = None) -> AreaInference:
    """The area of a register from its distinct (postal code, address, rows) values.

    The rows whose municipality :func:`municipality_of` finds are counted; when one municipality has at
    least *share* of them, it is the area.
    """
    master = master or _master()
    codes: dict[str, frozenset[tuple[str, str]]] = {"": frozenset()}
    counts: Counter[str] = Counter()
    for postal_code, address, rows in values:
        code_cities = codes.get(postal_code or "")
        if code_cities is None:
            code_cities = codes[postal_code] = _code_cities(postal_code, master)
        code = _municipality(address or "", code_cities, master)
        if code is not None:
            counts[code] += rows
    counted = sum(counts.values())
    if not counted:
        return AreaInference(None, 0.0, 0, None)
    top, n = counts.most_common(1)[0]
    ratio = n / counted
    return AreaInference(top if ratio >= share else None, ratio, counted, top)


def frame_values(frame: pl.DataFrame) -> list[tuple[str, str, int]]:
    """The distinct (postal_code, address, rows) of a register frame (missing columns read as empty)."""
    import polars as pl

    cols = [(pl.col(c).cast(pl.String).fill_null("") if c in frame.columns else pl.lit("")).alias(c)
            for c in ("postal_code", "address")]
    counted = frame.select(cols).group_by("postal_code", "address", maintain_order=True).len()
    return [(p, a, int(n)) for p, a, n in counted.iter_rows()]


def resolve_area(frame: pl.DataFrame, opts: Options) -> Options:
    """*opts* with the area settled: a given code checked (5 digits kept), ``"auto"`` inferred from
    *frame*, ``None``/``"none"`` off; ``area_source`` and ``area_share`` say where it came from. Options
    already resolved are returned as they are."""
    if opts.area_source is not None:
        return opts
    value = opts.area
    if value is None or str(value).strip().lower() == NONE:
        return dataclasses.replace(opts, area=None, area_source="off", area_share=None)
    if str(value).strip().lower() == AUTO:
        found = infer_area(frame_values(frame))
        return dataclasses.replace(opts, area=found.code,
                                   area_source="inferred" if found.code else "not_inferred",
                                   area_share=round(found.share, 4) if found.rows else None)
    return dataclasses.replace(opts, area=area_code(str(value)), area_source="given", area_share=None)


def _percent(share: float) -> str:
    """One decimal, rounded down (89.96% is not 90.0%)."""
    return f"{math.floor(share * 1000 + 1e-9) / 10:.1f}%"


def describe_area(options: Mapping[str, Any]) -> str:
    """The area of a run in one line: ``13104 (given)``, ``13104 (inferred from 97.8% of rows)``, ``none``.

    >>> describe_area({"area": None, "area_source": "not_inferred", "area_share": 0.62})
    'none (not inferred: the most common municipality has 62.0% of rows, 90% needed)'
    """
    area, source, share = options.get("area"), options.get("area_source"), options.get("area_share")
    if source == "inferred" and area:
        return f"{area} (inferred from {_percent(float(share or 0))} of rows)"
    if source == "not_inferred":
        if share is None:
            return "none (not inferred: no row names its municipality)"
        return (f"none (not inferred: the most common municipality has {_percent(float(share))} of rows, "
                f"{round(INFER_SHARE * 100)}% needed)")
    if area and area != AUTO:
        return f"{area} (given)"
    if area == AUTO:
        return "auto (not resolved)"
    return "none"


__all__ = ["AUTO", "INFER_SHARE", "NONE", "AreaInference", "area_code", "describe_area",
           "frame_values", "infer_area", "municipality_name", "municipality_of", "resolve_area"]
