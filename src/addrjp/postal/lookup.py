"""Postal code look-ups (郵便番号検索): code → areas, and address → code by Japan Post's rules.

:func:`lookup_postal` reads a code written any common way (``160-0023``, ``1600023``, ``〒160-0023``,
full-width digits, any dash of :data:`addrjp.text.HYPHENS`) and returns the areas (町域) or the office
(大口事業所) or P.O. box (私書箱) it belongs to. :func:`codes_for` goes the other way: the code(s) Japan
Post's notes give for a town and its 丁目, 番, 号, building and floor (see :mod:`addrjp.postal.notes`).

>>> [a.town for a in lookup_postal("〒160-0023")]
['西新宿']
>>> lookup_postal("0000000")
[]
>>> codes_for("東京都", "新宿区", "西早稲田", chome=2, banchi="1", go="5")
['1620051']
>>> codes_for("東京都", "新宿区", "西新宿", chome=2, banchi="6", go="1", building="新宿住友ビル", floor=15)
['1630215']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from addrjp.errors import InputError
from addrjp.postal.index import MEMO, PostalIndex, load_index
from addrjp.postal.notes import FLOOR_UNKNOWN, UNITS, Clause, Rule, _int, parse_note
from addrjp.text import HYPHENS, fold_width
from addrjp.text.limit_checks import check_texts
from addrjp.text.limits import MAX_CODE_CHARS, check_text

_MEMO_LIMIT = 400_000
_STRIP = {ord(c): None for c in HYPHENS | {" ", "\u3000", "〒", "\t"}}
_KIND = {"A": "area", "O": "office", "B": "box"}


@dataclass(frozen=True, slots=True)
class PostalArea:
    """One row behind a postal code: a town area (``kind='area'``), an office or a P.O. box."""

    code: str
    pref: str
    city: str
    town: str
    pref_kana: str
    city_kana: str
    town_kana: str
    note: str | None
    rule: Rule | None
    kind: str  # 'area' | 'office' | 'box'
    building: str | None = None
    floor: int | None = None  # FLOOR_UNKNOWN (0) for 地階・階層不明
    office_name: str | None = None
    office_address: str | None = None
    jis: str = ""


def fold_code(text: str) -> str:
    """A postal code as written, folded but not checked: widths folded; 〒, hyphens and spaces removed.

    >>> fold_code("〒１６０ー００２３"), fold_code("16O-002")
    ('1600023', '16O002')
    """
    return text.translate(_STRIP) if text.isascii() else fold_width(text.strip()).translate(_STRIP)


def normalize_code(code: object) -> str:
    """The 7 ASCII digits of a postal code written any usual way; InputError when it is not one.

    >>> normalize_code("〒１６０－００２３")
    '1600023'
    """
    if not isinstance(code, str):
        raise InputError(f"a postal code must be text, not {type(code).__name__}", hint="e.g. '160-0023'")
    text = fold_code(code)
    if len(text) != 7 or not (text.isascii() and text.isdigit()):
        raise InputError(
            "not a postal code: expected 7 digits (e.g. 160-0023)", hint="check the digits and the hyphen"
        )
    return text


def _area(index: PostalIndex, code: str, row: list[str]) -> PostalArea:
    place = index.places[int(row[1])]
    kind = _KIND[row[0]]
    if kind == "area":
        note = row[4] or None
        return PostalArea(
            code=code, pref=place[1], city=place[2], town=row[2], pref_kana=place[3], city_kana=place[4],
            town_kana=row[3], note=note, rule=parse_note(note), kind="area", building=row[5] or None,
            floor=int(row[6]) if row[6] else None, jis=place[0],
        )
    return PostalArea(
        code=code, pref=place[1], city=place[2], town=row[2], pref_kana=place[3], city_kana=place[4],
        town_kana=row[3], note=None, rule=None, kind=kind, office_name=row[4], office_address=row[6],
        jis=place[0],
    )


def lookup_postal(code: str) -> list[PostalArea]:
    """The areas, office or P.O. box of a postal code; [] when Japan Post has no such code.

    Raises :class:`addrjp.errors.InputError` (a ValueError) when *code* is not a 7-digit postal code
    (or is longer than :data:`~addrjp.text.limits.MAX_CODE_CHARS` characters).
    """
    try:
        hit = MEMO.get(code)
    except TypeError:
        hit = None
    if hit is None:
        hit = _lookup(code)
    return list(hit)


def _lookup(code: object) -> tuple[PostalArea, ...]:
    check_text(code, "postal_code", MAX_CODE_CHARS)
    digits = normalize_code(code)
    index = load_index()
    result = MEMO.get(digits)
    if result is None:
        result = tuple(_area(index, digits, row) for row in index.raw_rows(digits))
    if len(MEMO) > _MEMO_LIMIT:
        MEMO.clear()
    MEMO[digits] = result
    MEMO[code] = result  # type: ignore[index]
    return result


def index_memo(name: str, limit: int = _MEMO_LIMIT) -> dict[Any, Any]:
    """A memo named *name* that lives as long as the loaded postal index (:func:`addrjp.postal.index.reset`
    or another index gives a new, empty one), for results that depend only on the index's rows. Bounded:
    emptied when it holds more than *limit* entries."""
    index = load_index()
    memos: dict[str, dict[Any, Any]] | None = getattr(index, "_memos", None)
    if memos is None:
        memos = index._memos = {}  # type: ignore[attr-defined]
    memo = memos.get(name)
    if memo is None or len(memo) > limit:
        memo = memos[name] = {}
    return memo


def is_representative(code: str) -> bool:
    """True for a code that stands for the rest of a municipality (``以下に掲載がない場合``)."""
    return any(a.rule is not None and a.rule.kind == "city_rest" for a in lookup_postal(code))


def _key(text: str | None) -> str:
    """Town/city/prefecture as compared by codes_for: widths folded, spaces dropped, ヶ/ケ and ヵ/カ one."""
    if not text:
        return ""
    return fold_width(text).replace(" ", "").replace("ヶ", "ケ").replace("ヵ", "カ")


_TownRow = tuple[str, Rule, str | None, int | None]  # code, rule, building key, floor


def _city_rows(index: PostalIndex, pref: str, city: str) -> dict[str, list[_TownRow]] | None:
    """town key → the town's area rows, for one municipality; prepared on first use and kept. The rows come
    from the index's ``cities.bin`` (:mod:`addrjp.postal.cities`: only this municipality's are decoded), or,
    for an index without one, from ``areas.parquet`` read whole and partitioned by municipality."""
    cities: Any = getattr(index, "_city_cache", None)
    if cities is None:
        cities = index._city_cache = {}  # type: ignore[attr-defined]
    part = cities.get((pref, city))
    if part is not None:
        return part
    packed = index.cities
    if packed is not None:
        rows = packed.rows(pref, city)
        if rows is None:
            return None
    else:
        frames: Any = getattr(index, "_city_frames", None)
        if frames is None:
            import polars as pl

            from addrjp.postal.cities import COLUMNS

            def ke(col: str) -> Any:  # stored text is normalized already: only ヶ/ケ, ヵ/カ and spaces
                return pl.col(col).str.replace_all("ヶ", "ケ", literal=True).str.replace_all("ヵ", "カ", literal=True)

            frame = index.area_columns(*COLUMNS).select(
                ke("pref"), ke("city"), ke("town").str.replace_all(" ", "", literal=True), "code", "note",
                "building", "floor",
            )
            frames = index._city_frames = frame.partition_by(  # type: ignore[attr-defined]
                ["pref", "city"], as_dict=True, include_key=False)
        frame = frames.get((pref, city))
        if frame is None:
            return None
        rows = list(frame.iter_rows())
    towns: dict[str, list[_TownRow]] = {}
    for town, code, note, building, floor in rows:
        towns.setdefault(town, []).append(
            (code, parse_note(note), _building_key(building) if building else None, floor)
        )
    cities[(pref, city)] = towns
    return towns


def _building_key(text: str) -> str:
    return _key(text).replace("・", "").replace("-", "")


def codes_for(
    pref: str, city: str, town: str, chome: int | None = None, banchi: str | int | None = None,
    go: str | int | None = None, building: str | None = None, floor: int | None = None,
) -> list[str]:
    """The postal code(s) Japan Post gives this address, as 7-digit strings.

    One code when the notes decide it; several when the parts given cannot (e.g. 西早稲田 2丁目 without
    the 番); [] when the town is unknown. ``town=""`` gives the municipality's 以下に掲載がない場合 code.
    A basement floor (0 or below) or an unknown floor of a listed high-rise gives its 地階・階層不明 code.
    The town is compared as given (the address parser resolves spellings), tolerant of ヶ/ケ. Text longer
    than :data:`~addrjp.text.limits.MAX_TEXT_CHARS` is an :class:`~addrjp.errors.InputError`.
    """
    check_texts(_CODES_FOR_FIELDS, (pref, city, town, banchi, go, building))
    index = load_index()
    constant: dict[tuple[str, str, str], tuple[str, ...]] | None = getattr(index, "_codes_constant", None)
    if constant is None:
        constant = index._codes_constant = {}  # type: ignore[attr-defined]
    fixed = constant.get((pref, city, town))
    if fixed is not None:
        return list(fixed)
    rules = _town_rules(index, pref, city, town)
    if rules is None:
        return []
    if rules.constant is not None:
        # every row is for the whole town and none for a building: the parts given cannot change the codes
        if len(constant) > _MEMO_LIMIT:
            constant.clear()
        constant[(pref, city, town)] = rules.constant
    if building and rules.by_building:
        _wanted, mine = _building_rows(rules, building)
        if mine:
            if floor is not None and floor > 0:
                exact = [code for _i, code, fl in mine if fl == floor]
                if exact:
                    return _unique(exact)
            unknown = [code for _i, code, fl in mine if fl == FLOOR_UNKNOWN]
            return _unique(unknown or [code for _i, code, _fl in mine])
    decided: list[str] = []
    open_: list[str] = []
    rest: list[str] = []
    for code, rule in rules.plain:
        if rule.kind in ("rest", "city_rest"):
            rest.append(code)
            continue
        result = rule.match(chome=chome, banchi=banchi, go=go)
        if result is True:
            decided.append(code)
        elif result is None:
            open_.append(code)
    if decided:
        return _unique(decided)
    if open_:
        return _unique(open_ + rest)
    if rest:
        return _unique(rest)
    return _unique([code for code, _rule in rules.plain])  # no row fits: the parts cannot decide


_CODES_FOR_FIELDS = ("pref", "city", "town", "banchi", "go", "building")


@dataclass(frozen=True, slots=True)
class _TownRules:
    """One town's area rows as :func:`codes_for` reads them, prepared once per town."""

    key: str  # the town's comparison key (a building written with the town before it is looked up without)
    #: the rows for no building, in the index's order: (code, rule)
    plain: tuple[tuple[str, Rule], ...]
    #: building key → the rows for that building: (position among the town's rows, code, floor)
    by_building: dict[str, list[tuple[int, str, int | None]]]
    #: the codes when every row is for the whole town and none for a building, else None
    constant: tuple[str, ...] | None
    #: which parts the rows for no building read (:meth:`Rule.match`): 丁目, 番/番地, 号 (see :func:`codes_key`)
    reads: tuple[bool, bool, bool] = (True, True, True)


def _town_rules(index: PostalIndex, pref: str, city: str, town: str) -> _TownRules | None:
    """The prepared rows of a town written (pref, city, town), kept per index (None: no such town)."""
    memo: dict[tuple[str, str, str], _TownRules | None] | None = getattr(index, "_town_rules", None)
    if memo is None or len(memo) > _MEMO_LIMIT:
        memo = index._town_rules = {}  # type: ignore[attr-defined]
    try:
        return memo[(pref, city, town)]
    except KeyError:
        pass
    towns = _city_rows(index, _key(pref), _key(city))
    key = _key(town)
    rows = towns.get(key) if towns is not None else None
    rules: _TownRules | None = None
    if rows:
        by_building: dict[str, list[tuple[int, str, int | None]]] = {}
        for i, (code, _rule, bkey, fl) in enumerate(rows):
            if bkey is not None:
                by_building.setdefault(bkey, []).append((i, code, fl))
        always = all(bkey is None and rule.kind in _ALWAYS for _code, rule, bkey, _fl in rows)
        plain = tuple((code, rule) for code, rule, bkey, _fl in rows if bkey is None)
        rules = _TownRules(
            key=key, plain=plain, by_building=by_building,
            constant=tuple(_unique([code for code, _rule, _bkey, _fl in rows])) if always else None,
            reads=_parts_read(rule for _code, rule in plain),
        )
    memo[(pref, city, town)] = rules
    return rules


def _building_rows(rules: _TownRules, building: str) -> tuple[str, list[tuple[int, str, int | None]]]:
    """The building's key and the town's rows for it (its key with or without the town's name before it), in
    the town's row order: [] when the town has none for it."""
    wanted = _building_key(building)
    alt = wanted.removeprefix(rules.key)
    mine = rules.by_building.get(wanted, [])
    if alt != wanted and alt in rules.by_building:
        mine = sorted(mine + rules.by_building[alt])  # the rows of both keys, in the town's row order
    return wanted, mine


def _parts_read(rules: Iterable[Rule]) -> tuple[bool, bool, bool]:
    """Whether any of *rules* reads the 丁目, the 番/番地 and the 号 of an address in :meth:`Rule.match`
    (what ``codes_for`` asks of the rows for no building). By the kinds of ``Rule.match``: ``all``,
    ``except_buildings`` and ``direct_banchi`` are True whatever the parts; ``chome_part`` and
    ``banchi_part`` read whether the 丁目 and the 番地 are None; ``parts``, ``names`` and ``except`` read,
    through their clauses (and the clauses they exclude), the field of each level's unit
    (:data:`~addrjp.postal.notes.UNITS`); every other kind is None whatever the parts (``rest`` and
    ``city_rest`` are not matched at all)."""
    chome = banchi = go = False
    clauses: list[Clause] = []
    for rule in rules:
        if rule.kind in ("chome_part", "banchi_part"):
            chome = banchi = True
        elif rule.kind in ("parts", "names", "except"):
            clauses.extend(rule.clauses)
    while clauses:
        clause = clauses.pop()
        clauses.extend(clause.exclude)
        for level in clause.levels:
            field = UNITS.get(level.unit)
            chome = chome or field == "chome"
            banchi = banchi or field == "banchi"
            go = go or field == "go"
    return chome, banchi, go


def codes_key(
    pref: str, city: str, town: str, chome: int | None = None, banchi: str | int | None = None,
    go: str | int | None = None, building: str | None = None, floor: int | None = None,
) -> tuple[Any, ...]:
    """郵便番号規則の鍵 (the key of the postal rules): the parts of an address that :func:`codes_for` reads,
    so that two addresses with the same key get the same codes (a memo of the codes, or of what follows
    from them, may be keyed by it). The same :class:`~addrjp.errors.InputError` for a text too long.

    What ``codes_for`` reads, by its code: the town as written (``pref``, ``city``, ``town``: its memos
    and the rows are keyed by them); nothing more for a town whose rows all hold for the whole town; a
    building only when the town has rows for buildings, and then its key (:func:`_building_key`), and
    the floor only when that key finds rows (a floor above 0, else nothing); the 丁目, 番 and 号 only
    where the rows for no building read them (:func:`_parts_read`), the 番 and 号 as ``Rule.match``
    reads them (as numbers; the 番地 also whether it is None).

    >>> codes_key("東京都", "新宿区", "西早稲田", chome=2, banchi="01", go="5", building="コーポ")
    ('東京都', '新宿区', '西早稲田', None, 2, (False, 1), 5)
    >>> codes_key("東京都", "新宿区", "四谷", chome=2, banchi="1", go="7", building="コーポ")
    ('東京都', '新宿区', '四谷')
    """
    check_texts(_CODES_FOR_FIELDS, (pref, city, town, banchi, go, building))
    head = (pref, city, town)
    rules = _town_rules(load_index(), pref, city, town)
    if rules is None or rules.constant is not None:
        return head
    if building and rules.by_building:
        wanted, mine = _building_rows(rules, building)
        if mine:
            return (*head, wanted, floor if floor is not None and floor > 0 else None)
    reads_chome, reads_banchi, reads_go = rules.reads
    return (*head, None, chome if reads_chome else None,
            (banchi is None, _int(banchi)) if reads_banchi else None, _int(go) if reads_go else None)


#: rule kinds that hold for every part of the town (:meth:`addrjp.postal.notes.Rule.match` is True); the
#: codes of a town whose rows are all such, none for a building, are kept per index (``_codes_constant``)
_ALWAYS = frozenset(("all", "except_buildings", "direct_banchi"))


def _unique(codes: list[str]) -> list[str]:
    return list(dict.fromkeys(codes))


def postal_data_info() -> dict[str, Any]:
    """Where the loaded postal index comes from: data version, source, files, build time, counts."""
    index = load_index()
    meta = dict(index.meta)
    meta["directory"] = str(index.directory)
    return meta
