"""Notes (備考, bikō: the text in parentheses after a KEN_ALL town name) turned into structured rules.

A KEN_ALL town often has several codes, and the note on each row says which part of the town the code is
for: ``（２丁目１番１～２３号、２番）``, ``（３丁目１８・２１番）``, ``（４丁目以降）``, ``（その他）``,
``（次のビルを除く）``, ``（１５階）``. :func:`parse_note` reads a note into a :class:`Rule`, and
:meth:`Rule.match` says whether an address (丁目 chome, 番/番地 banchi, 号 go) lies in it: True, False,
or None when the parts given cannot decide. The notes come from Japan Post's KEN_ALL (readme:
https://www.post.japanpost.jp/zipcode/dl/readme.html); notes are normalized first
(:func:`addrjp.postal.normalize.norm_note`: half-width digits, ``〜``, ``-``).

Rule kinds:

- ``all`` — no note, or ``一円``: the whole town;
- ``city_rest`` — ``以下に掲載がない場合``: the rest of the municipality (town name empty);
- ``rest`` — ``その他``: the parts of the town no other row of the town names;
- ``except_buildings`` — ``次のビルを除く``: the town except its listed high-rise buildings;
- ``floor`` — one floor of a high-rise building (``15階``), or :data:`FLOOR_UNKNOWN` for ``地階・階層不明``
  (basement or floor not known);
- ``chome_part`` / ``banchi_part`` / ``oaza_part`` — ``丁目`` / ``番地`` / ``大字``: the part of the town
  written with 丁目, with plain 番地, or with 大字;
- ``parts`` — numbered parts (:class:`Clause`: 丁目, 番, 号, 地割, 区, 線, 条 with ranges, lists, open ends
  ``以降``/``以上``, branch numbers ``405-3``, exclusions ``「…を除く」``), possibly with named sub-areas;
- ``names`` — named sub-areas only (小字, 通り names in Kyoto, ``成田国際空港内``…);
- ``except`` — the town except the numbered parts listed (``376-10を除く``);
- ``direct_banchi`` — ``次に番地がくる場合``: the 番地 follows the municipality name directly;
- ``unparsed`` — kept as text; :attr:`Rule.parsed` is False.

>>> r = parse_note("2丁目1番1〜23号、2番")
>>> r.kind, r.match(chome=2, banchi="1", go="5"), r.match(chome=1), r.match(chome=2)
('parts', True, False, None)
>>> parse_note("3丁目18・21番").match(chome=3, banchi="1")
False
>>> parse_note("地階・階層不明").floor == FLOOR_UNKNOWN
True
>>> parse_note("4丁目以降").match(chome=12)
True
>>> parse_note("1、2丁目").match(chome=2)
True
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

#: The ``floor`` given to ``地階・階層不明`` rows (basement or floor not known). Real floors start at 1.
FLOOR_UNKNOWN = 0

KINDS: tuple[str, ...] = (
    "all", "city_rest", "rest", "except_buildings", "floor", "chome_part", "banchi_part", "oaza_part",
    "parts", "names", "except", "direct_banchi", "unparsed",
)

#: Unit (単位) of a numbered level → the address field it is compared with (None: no field holds it).
UNITS: dict[str, str | None] = {
    "丁目": "chome", "丁": "chome", "番地": "banchi", "番": "banchi", "号": "go", "枝": "go", "枝2": None,
    "地割": None, "区": None, "線": None, "条": None, "地区": None, "組": None,
}
_DEPTH: dict[str, int] = {"地割": 0, "条": 1, "区": 1, "線": 1, "地区": 1, "丁目": 1, "丁": 1, "組": 2,
                          "番地": 2, "番": 2, "号": 3, "枝": 4, "枝2": 5}

_KEYWORDS: dict[str, str] = {
    "以下に掲載がない場合": "city_rest",
    "その他": "rest",
    "次のビルを除く": "except_buildings",
    "丁目": "chome_part",
    "番地": "banchi_part",
    "大字": "oaza_part",
    "一円": "all",
    "次に番地がくる場合": "direct_banchi",
}
_FLOOR = re.compile(r"^(?:高層棟)?(?:(\d+)階|地階・階層不明)$")
_AFTER_NUMBER = re.compile(r"(?P<unit>丁目|番地|地割|地区|番|号|区|線|条|丁|組)|(?P<open>以降|以上)")
_TOKEN = re.compile(
    r"(?P<num>\d+)|(?P<eda>[-の](?=\d))|(?P<tilde>〜)|(?P<dai>第(?=\d))|(?P<dot>・)|(?P<comma>、)"
    r"|(?P<quote>「[^「」]*」)|(?P<paren>\([^()]*\))"
    r"|(?P<name>[^\d、・〜「」()]+?)(?=\d|[、・〜「」()]|$|第\d)"
)


@dataclass(frozen=True, slots=True)
class Span:
    """Numbers ``lo`` to ``hi`` at one level (``hi`` None: open-ended, ``4丁目以降``)."""

    lo: int
    hi: int | None

    def __contains__(self, n: int) -> bool:
        return self.lo <= n and (self.hi is None or n <= self.hi)


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a clause: its unit (丁目, 番, 号, 地割…) and the spans it allows."""

    unit: str
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Clause:
    """A path of levels from coarse to fine (丁目 2 → 番 1 → 号 1〜23), possibly scoped to a named
    sub-area (``name``), with parts excluded (``「…を除く」``)."""

    levels: tuple[Level, ...] = ()
    name: str | None = None
    exclude: tuple[Clause, ...] = ()

    def match(self, values: dict[str, int | None]) -> bool | None:
        """True/False when the address is/is not in this part; None when the parts given cannot decide."""
        result: bool | None = True
        for level in self.levels:
            field = UNITS.get(level.unit)
            value = values.get(field) if field else None
            if value is None:
                result = None
                continue
            if not any(value in s for s in level.spans):
                return False
        if self.name is not None and result:
            result = None
        if result is not False and self.exclude:
            ex = _any(c.match(values) for c in self.exclude)
            if ex is True:
                return False
            if ex is None:
                result = None
        return result

    def to_obj(self) -> dict[str, Any]:
        obj: dict[str, Any] = {"levels": [[lv.unit, [[s.lo, s.hi] for s in lv.spans]] for lv in self.levels]}
        if self.name is not None:
            obj["name"] = self.name
        if self.exclude:
            obj["exclude"] = [c.to_obj() for c in self.exclude]
        return obj


def _any(results: Any) -> bool | None:
    """Three-valued OR."""
    out: bool | None = False
    for r in results:
        if r is True:
            return True
        if r is None:
            out = None
    return out


@dataclass(frozen=True, slots=True)
class Rule:
    """What one KEN_ALL row's note says about the part of the town its code covers."""

    kind: str
    text: str | None = None
    clauses: tuple[Clause, ...] = ()
    names: tuple[str, ...] = ()
    floor: int | None = None
    parsed: bool = True

    def match(
        self, chome: int | None = None, banchi: str | int | None = None, go: str | int | None = None,
        name: str | None = None,
    ) -> bool | None:
        """Is the address (丁目, 番/番地, 号; optionally a sub-area name) in this row's part of the town?

        True or False when the note decides it; None when it cannot (parts missing, or a rule that needs
        knowledge of the other rows — ``rest``, ``city_rest`` — or of the building).
        """
        kind = self.kind
        if kind in ("all", "except_buildings", "direct_banchi"):
            return True
        values = {"chome": chome, "banchi": _int(banchi), "go": _int(go)}
        if kind == "chome_part":
            return None if chome is None and banchi is None else chome is not None
        if kind == "banchi_part":
            return None if chome is None and banchi is None else chome is None
        if kind == "parts" or kind == "names":
            named = None
            if self.names:
                named = True if name is not None and name in self.names else None
            if name is not None and not self.clauses and named is None:
                return False
            hit = _any(c.match(values) if c.name is None or name is None else
                       (c.match(values) if c.name == name else False) for c in self.clauses)
            if hit is True or named is True:
                return True
            if hit is None or self.names:
                return None
            return False
        if kind == "except":
            hit = _any(c.match(values) for c in self.clauses)
            if self.names:
                if name is None:
                    return None
                hit = True if name in self.names else hit
            return None if hit is None else not hit
        return None

    def to_json(self) -> str:
        """The rule as compact JSON (the ``rule`` column of the index)."""
        obj: dict[str, Any] = {"kind": self.kind}
        if self.clauses:
            obj["clauses"] = [c.to_obj() for c in self.clauses]
        if self.names:
            obj["names"] = list(self.names)
        if self.floor is not None:
            obj["floor"] = self.floor
        if not self.parsed:
            obj["parsed"] = False
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _int(value: str | int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    text = value.strip()
    return int(text) if text.isascii() and text.isdigit() else None


class _Unparsed(Exception):
    pass


@lru_cache(maxsize=8192)
def parse_note(note: str | None) -> Rule:
    """The rule of a (normalized) note; ``Rule('unparsed')`` with the text kept when it cannot be read."""
    if note is None or note == "":
        return Rule("all")
    if note in _KEYWORDS:
        return Rule(_KEYWORDS[note], note)
    m = _FLOOR.match(note)
    if m is not None:
        return Rule("floor", note, floor=int(m.group(1)) if m.group(1) else FLOOR_UNKNOWN)
    try:
        if note.endswith("を除く") and "「" not in note:
            clauses, names = _parse_parts(note[: -len("を除く")])
            return Rule("except", note, clauses=clauses, names=names)
        clauses, names = _parse_parts(note)
    except _Unparsed:
        return Rule("unparsed", note, parsed=False)
    if not clauses:
        return Rule("names", note, names=names)
    return Rule("parts", note, clauses=clauses, names=names)


# --- the parser of numbered parts -------------------------------------------------------------------


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        m = None
        if out and out[-1][0] in ("num", "unit"):  # units and 以降 only right after a number
            m = _AFTER_NUMBER.match(text, pos)
            if m is not None and m.lastgroup == "unit" and out[-1][0] == "unit":
                m = None
        if m is None:
            m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise _Unparsed
        out.append((m.lastgroup or "", m.group()))
        pos = m.end()
    return out


@dataclass
class _Item:
    """One number or range read from the note, before its unit is known."""

    lo: tuple[int, ...]
    hi: tuple[int, ...] | None  # None: a single number; () : open-ended
    unit: str | None = None


def _parse_parts(text: str) -> tuple[tuple[Clause, ...], tuple[str, ...]]:
    """Clauses and bare names of a note such as ``1〜3丁目、4丁目1〜14番、千蔵木``."""
    toks = _tokens(text)
    clauses: list[Clause] = []
    names: list[str] = []
    context: list[Level] = []  # the current path, coarse to fine
    pending: list[_Item] = []  # numbers whose unit comes later (``1、2丁目``)
    group: list[_Item] = []  # the items of the level being read (``18・21番``)
    scope: str | None = None  # a name that began this segment (``猪位金4〜7区``)
    emitted = True
    merge_next = False  # a ``・`` after a unit: the next group adds spans to the same level
    last_unit: str | None = None
    i = 0

    def close_group(unit: str) -> None:
        nonlocal context, emitted, last_unit, merge_next
        items = [*pending, *group]
        pending.clear()
        group.clear()
        depth = _DEPTH[unit]
        if merge_next and context and context[-1].unit == unit and not emitted:
            depth += 1  # ``1〜2番・10〜27番``: more spans for the same level
        while context and _DEPTH[context[-1].unit] >= depth:
            context.pop()
        spans: list[Span] = []
        eda: list[Span] = []
        for it in items:
            spans.append(_span(it.lo[0], None if it.hi is None else (it.hi[0] if it.hi else ())))
            # 1-7-1: deeper branch numbers are kept as levels no field holds
            if len(it.lo) > 2 and (
                it.hi is not None or (len(items) > 1 and any(len(x.lo) != len(it.lo) for x in items))
            ):
                raise _Unparsed
            if len(it.lo) > 1:
                if it.hi is not None and it.hi and (len(it.hi) == 2 and it.hi[0] == it.lo[0]):
                    eda.append(Span(it.lo[1], it.hi[1]))
                elif it.hi is None:
                    eda.append(Span(it.lo[1], it.lo[1]))
        if eda and len(items) == 1:
            deeper = [Level("枝2", (Span(n, n),)) for n in items[0].lo[2:]]
            context = [*context, Level(unit, tuple(spans)), Level("枝", tuple(eda)), *deeper]
        elif eda:
            for it in items:  # each branch number its own clause
                lv = [Level(unit, (_span(it.lo[0], None if it.hi is None else (it.hi[0] if it.hi else ())),))]
                if len(it.lo) >= 2:
                    lv.append(Level("枝", (Span(it.lo[1], it.lo[1] if it.hi is None or not it.hi
                                                   else (it.hi[1] if len(it.hi) == 2 else None)),)))
                lv.extend(Level("枝2", (Span(n, n),)) for n in it.lo[2:])
                clauses.append(Clause((*context, *lv), scope))
            emitted = True
            last_unit = unit
            return
        elif merge_next and context and context[-1].unit == unit and not emitted:
            context = [*context[:-1], Level(unit, context[-1].spans + tuple(spans))]
        else:
            context = [*context, Level(unit, tuple(spans))]
        emitted = False
        merge_next = False
        last_unit = unit

    def emit(extra_exclude: tuple[Clause, ...] = ()) -> None:
        nonlocal emitted
        if not emitted and context:
            clauses.append(Clause(tuple(context), scope, extra_exclude))
        emitted = True

    while i < len(toks):
        kind, value = toks[i]
        if kind == "dai":
            i += 1
            continue
        if kind == "num":
            item, i = _read_item(toks, i)
            if group and len(group[-1].lo) >= 2 and len(item.lo) == 1:  # 4の2・4・6: more branch numbers
                base = group[-1].lo[:-1]
                item.lo = (*base, item.lo[0])
                if item.hi:
                    item.hi = (*base, item.hi[0])
            if i < len(toks) and toks[i][0] == "unit":
                item.unit = toks[i][1]
                i += 1
                # ``1番地〜2061番地``: a range whose ends both carry the unit
                if i < len(toks) and toks[i][0] == "tilde" and item.hi is None:
                    if i + 1 < len(toks) and toks[i + 1][0] in ("num", "dai"):
                        j = i + 1 + (toks[i + 1][0] == "dai")
                        end, j = _read_item(toks, j)
                        if j < len(toks) and toks[j][0] == "unit" and toks[j][1] == item.unit:
                            j += 1
                        item.hi = end.lo
                        i = j
                    else:
                        item.hi = ()
                        i += 1
                if i < len(toks) and toks[i][0] == "open":
                    item.hi = ()
                    i += 1
                # ``10番地の2``: a branch number after the unit
                if i + 1 < len(toks) and toks[i][0] == "eda" and toks[i + 1][0] == "num":
                    item.lo = (*item.lo, int(toks[i + 1][1]))
                    i += 2
                group.append(item)
                close_group(item.unit)
            else:
                group.append(item)
                if i < len(toks) and toks[i][0] == "dot":
                    i += 1
                    continue
                pending.extend(group)
                group.clear()
            continue
        if kind == "dot":
            merge_next = bool(i and toks[i - 1][0] == "unit")
            if i + 1 < len(toks) and toks[i + 1][0] == "name" and i and toks[i - 1][0] == "name":
                emit()
            i += 1
            continue
        if kind == "comma":
            emit()
            i += 1
            continue
        if kind == "quote":
            inner = value[1:-1]
            if inner.endswith("を除く"):
                ex, ex_names = _parse_parts(inner[: -len("を除く")])
                if ex_names:
                    raise _Unparsed
                _flush_pending(pending, last_unit, close_group)
                if context and not emitted:
                    emit(ex)
                elif names and emitted and not context:
                    clauses.append(Clause((), names.pop(), ex))
                elif clauses:
                    clauses[-1] = Clause(clauses[-1].levels, clauses[-1].name, clauses[-1].exclude + ex)
                else:
                    raise _Unparsed
            else:
                _flush_pending(pending, last_unit, close_group)
                if context and not emitted:
                    clauses.append(Clause(tuple(context), inner))
                    emitted = True
                elif names:
                    names[-1] = names[-1] + value
                elif clauses and clauses[-1].name is None:
                    clauses[-1] = Clause(clauses[-1].levels, inner, clauses[-1].exclude)
                else:
                    names.append(inner)
            i += 1
            continue
        if kind == "paren":
            inner = value[1:-1]
            _flush_pending(pending, last_unit, close_group)
            sub = parse_note(inner)
            if not sub.parsed:
                raise _Unparsed
            if context and not emitted:
                clauses.append(Clause(tuple(context), inner))
                emitted = True
            else:
                raise _Unparsed
            i += 1
            continue
        if kind == "name":
            if "を除く" in value or "〜" in value:
                raise _Unparsed
            prev = toks[i - 1][0] if i else "comma"
            nxt = toks[i + 1][0] if i + 1 < len(toks) else "end"
            if prev in ("comma", "dai") or i == 0 or (prev == "dot" and i >= 2 and toks[i - 2][0] == "name"):
                _flush_pending(pending, last_unit, close_group)
                emit()
                context = []
                if nxt in ("num", "dai"):
                    scope = value  # a name that numbers follow: 猪位金4〜7区
                else:
                    scope = None
                    names.append(value)
            else:  # text after numbers: 1丁目東
                _flush_pending(pending, last_unit, close_group)
                if context and not emitted:
                    clauses.append(Clause(tuple(context), (scope or "") + value))
                    emitted = True
                else:
                    raise _Unparsed
            i += 1
            continue
        if kind in ("tilde", "open", "unit", "eda"):
            raise _Unparsed
        raise _Unparsed  # pragma: no cover - every token kind is handled above
    _flush_pending(pending, last_unit, close_group)
    if group:
        raise _Unparsed
    emit()
    return tuple(clauses), tuple(names)


def _flush_pending(pending: list[_Item], last_unit: str | None, close_group: Any) -> None:
    """Numbers left without a unit take the last unit seen, or 番地 (``106〜305、405-3、638``)."""
    if pending:
        close_group(last_unit or "番地")


def _span(lo: int, hi: int | tuple[()] | None) -> Span:
    if hi is None:
        return Span(lo, lo)
    if hi == ():
        return Span(lo, None)
    assert isinstance(hi, int)
    return Span(lo, hi) if hi >= lo else Span(hi, lo)


def _read_item(toks: list[tuple[str, str]], i: int) -> tuple[_Item, int]:
    """A number, a branch number (``405-3``, ``3の22``), a range (``1〜23``, ``696-2〜696-3``) or an
    open range (``1000〜``, ``35以降``)."""
    lo, i = _read_number(toks, i)
    item = _Item(lo, None)
    if i < len(toks) and toks[i][0] == "tilde":
        if i + 1 < len(toks) and toks[i + 1][0] in ("num", "dai"):
            j = i + 1 + (toks[i + 1][0] == "dai")
            hi, i = _read_number(toks, j)
            if len(hi) < len(lo):  # 5363-7〜8: the branch range
                hi = (*lo[: len(lo) - len(hi)], *hi)
            item.hi = hi
        else:
            item.hi = ()
            i += 1
    if i < len(toks) and toks[i][0] == "open":
        item.hi = ()
        i += 1
    return item, i


def _read_number(toks: list[tuple[str, str]], i: int) -> tuple[tuple[int, ...], int]:
    parts = [int(toks[i][1])]
    i += 1
    while i + 1 < len(toks) and toks[i][0] == "eda" and toks[i + 1][0] == "num":
        parts.append(int(toks[i + 1][1]))
        i += 2
    return tuple(parts), i
