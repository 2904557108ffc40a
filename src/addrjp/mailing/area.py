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
from functools import lru_cache
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
    return _inference(municipality_counts(values, master=master), share)


def municipality_counts(values: Iterable[tuple[str, str, int]], *, master: TownMaster | None = None) -> Counter[str]:
    """Rows per municipality (5-digit code) of (postal code, address, rows) values, by :func:`municipality_of`."""
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
    return counts


def _inference(counts: Counter[str], share: float) -> AreaInference:
    counted = sum(counts.values())
    if not counted:
        return AreaInference(None, 0.0, 0, None)
    top, n = counts.most_common(1)[0]
    ratio = n / counted
    return AreaInference(top if ratio >= share else None, ratio, counted, top)


def frame_values(frame: pl.DataFrame) -> list[tuple[str, str, int]]:
    """The distinct (postal_code, address, rows) of a register frame (missing columns read as empty)."""
    counted = _postal_address(frame).group_by("postal_code", "address", maintain_order=True).len()
    return [(p, a, int(n)) for p, a, n in counted.iter_rows()]


def _postal_address(frame: pl.DataFrame) -> pl.DataFrame:
    import polars as pl

    return frame.select([(pl.col(c).cast(pl.String).fill_null("") if c in frame.columns else pl.lit("")).alias(c)
                         for c in ("postal_code", "address")])


# ---- inference over a whole register, by the heads of its addresses ------------------------------------------
#
# :func:`_municipality` reads only the prefecture and the municipality at the start of an address's key: at
# most ``max(pref_lengths)`` characters, one space, ``max(city lengths)`` characters (:func:`head_length`).
# So rows are counted by a short *head* of the address instead of the address itself, and the municipality
# is found once per distinct (postal code, head) — a few hundred in a ward's register, where the addresses
# are all distinct. The head is the text before the first digit with one "0" for the digit (no prefecture or
# municipality name holds a digit, so a name read across it matches nothing, as in the whole address), within
# the first head_length + 1 characters (the last one is never read). It stands for the address exactly when
# clean_text leaves it as it is (nothing to fold, no space run, no invisible): then the key of the address and
# the key of the head agree on every character :func:`_municipality` reads. Every other address is read whole.
# tests/mailing/test_area_tally.py checks both ways give the same counts (hypothesis, and the corpora).

_DIGITS = "[0-9０-９]"


@lru_cache(maxsize=1)
def head_length() -> int | None:
    """Characters of an address's key the municipality is read from (prefecture, a space, municipality), or
    None when the town master's names break the premises of reading by heads (a name with a digit)."""
    from addrjp.address.towns import town_key

    master = _master()
    city_keys = getattr(master, "_city_keys", None)  # every spelling of every municipality, keyed
    if not city_keys or not master.pref_lengths:
        return None
    names = [*master.prefs, *city_keys]
    if any(any(c.isdigit() for c in name) for name in names) or town_key("0123456789") != "0123456789":
        return None
    return max(master.pref_lengths) + 1 + max(len(k) for k in city_keys)


def _head_expr(k: int) -> pl.Expr:
    import polars as pl

    # the first k + 1 characters, cut at the first digit, which becomes one "0"
    return pl.col("address").str.slice(0, k + 1).str.replace(f"(?s){_DIGITS}.*", "0").alias("head")


class AreaTally:
    """The evidence for the area of a register, added chunk by chunk (:meth:`add`); :meth:`result` infers.

    Gives what :func:`infer_area` gives on the register's :func:`frame_values`, reading each distinct head of
    an address once (see above) instead of every address.
    """

    def __init__(self, *, share: float = INFER_SHARE) -> None:
        self.share = share
        self._heads: list[pl.DataFrame] = []  # postal_code, head, len (rows)
        self._whole: list[pl.DataFrame] = []  # postal_code, address, len: addresses whose head is not clean
        self._clean: dict[str, bool] = {}
        #: the running total: (the master it was counted with, parts of _heads and _whole counted, counts) —
        #: rows per municipality add up over the parts, so each result counts only the parts added since
        self._total: tuple[object, int, int, Counter[str]] | None = None

    def add(self, frame: pl.DataFrame) -> None:
        """Count the (postal code, address) of a frame of register rows (missing columns read as empty)."""
        import polars as pl

        values = _postal_address(frame)
        k = head_length()
        if k is None:
            self._whole.append(values.group_by("postal_code", "address").len())
            return
        values = values.with_columns(_head_expr(k))
        from addrjp.address.parse import clean_text

        heads = values["head"].unique().to_list()
        unseen = [h for h in heads if h not in self._clean]
        for h in unseen:
            self._clean[h] = clean_text(h) == h
        unclean = [h for h in heads if not self._clean[h]]
        if unclean:
            whole = pl.col("head").is_in(unclean)
            self._whole.append(values.filter(whole).group_by("postal_code", "address").len())
            values = values.filter(~whole)
        self._heads.append(values.group_by("postal_code", "head").len())

    def result(self, master: TownMaster | None = None) -> AreaInference:
        """The area of the rows added so far (the same as :func:`infer_area` on their values)."""
        return _inference(self.counts(master), self.share)

    def counts(self, master: TownMaster | None = None) -> Counter[str]:
        """Rows per municipality of the rows added so far (:func:`municipality_counts` of their values).

        A running total: each (postal code, head or address) group's rows count for one municipality (or
        none), a function of the group's key, so the counts of the parts added since the last call are added
        to the last call's (with the same master), not recounted with every part (the area the work ahead
        guesses after each chunk of a large register)."""
        master = master or _master()
        if self._total is not None and self._total[0] is master:
            _, heads, whole, before = self._total
        else:
            heads, whole, before = 0, 0, Counter()
        counts = before + self._count(self._heads[heads:], self._whole[whole:], master)
        self._total = (master, len(self._heads), len(self._whole), counts)
        return Counter(counts)

    @staticmethod
    def _count(heads: list[pl.DataFrame], whole: list[pl.DataFrame], master: TownMaster) -> Counter[str]:
        """Rows per municipality of these parts (postal code and head, postal code and address, with rows)."""
        import polars as pl

        # the municipalities each postal code implies, as the index of a distinct set (few in a register)
        sets: dict[frozenset[tuple[str, str]], int] = {}
        kinds: list[frozenset[tuple[str, str]]] = []
        counts: Counter[str] = Counter()
        for parts, text in ((heads, "head"), (whole, "address")):
            if not parts:
                continue
            frame = pl.concat(parts)
            postal = frame["postal_code"].unique().to_list()
            ids = []
            for code in postal:
                cities = _code_cities(code, master) if code else frozenset()
                if cities not in sets:
                    sets[cities] = len(kinds)
                    kinds.append(cities)
                ids.append(sets[cities])
            table = pl.DataFrame({"postal_code": postal, "_cities": ids},
                                 schema={"postal_code": pl.String, "_cities": pl.Int64})
            grouped = (frame.join(table, on="postal_code", how="left").group_by("_cities", text)
                       .agg(pl.col("len").sum()))
            memo = _memo(master)
            for cid, value, rows in grouped.iter_rows():
                cities = kinds[cid]
                found = memo.get((cities, value), _UNSEEN)
                if found is _UNSEEN:
                    found = _municipality(value, cities, master)
                    if len(memo) < MEMO_GROUPS:
                        memo[(cities, value)] = found
                if found is not None:
                    counts[found] += int(rows)
        return counts


#: Groups (municipalities of a postal code, head or address) whose municipality a process remembers for the
#: next count: a ward's register's area is guessed from a sample of its rows, then inferred from every row,
#: and the sample's groups are among every row's. A function of the group and the master, so remembered.
MEMO_GROUPS = 65_536
_UNSEEN = object()
_MEMO: list[Any] = [None, {}]  # the master the groups were read with, and the groups' municipalities


def _memo(master: TownMaster) -> dict[tuple[frozenset[tuple[str, str]], str], Any]:
    """The remembered municipalities of groups read with *master* (forgotten when the master changes)."""
    if _MEMO[0] is not master:
        _MEMO[0], _MEMO[1] = master, {}
    memo: dict[tuple[frozenset[tuple[str, str]], str], Any] = _MEMO[1]
    return memo


def infer_area_of_frame(frame: pl.DataFrame, *, share: float = INFER_SHARE) -> AreaInference:
    """:func:`infer_area` of a register frame's rows (``postal_code``, ``address``), by heads (:class:`AreaTally`).

    >>> import polars as pl
    >>> infer_area_of_frame(pl.DataFrame({"postal_code": ["160-0016", ""], "address": ["信濃町31-12", "新宿区舟町5"]})).code
    '13104'
    """
    tally = AreaTally(share=share)
    tally.add(frame)
    return tally.result()


def resolve_area(frame: pl.DataFrame | AreaTally, opts: Options) -> Options:
    """*opts* with the area settled: a given code checked (5 digits kept), ``"auto"`` inferred from
    *frame* (a register frame, or the :class:`AreaTally` of one read in chunks), ``None``/``"none"`` off;
    ``area_source`` and ``area_share`` say where it came from. Options already resolved are returned as they
    are."""
    if opts.area_source is not None:
        return opts
    value = opts.area
    if value is None or str(value).strip().lower() == NONE:
        return dataclasses.replace(opts, area=None, area_source="off", area_share=None)
    if str(value).strip().lower() == AUTO:
        found = frame.result() if isinstance(frame, AreaTally) else infer_area_of_frame(frame)
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


__all__ = ["AUTO", "INFER_SHARE", "NONE", "AreaInference", "AreaTally", "area_code", "describe_area",
           "frame_values", "head_length", "infer_area", "infer_area_of_frame", "municipality_counts",
           "municipality_name", "municipality_of", "resolve_area"]
