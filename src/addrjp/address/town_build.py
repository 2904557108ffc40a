"""Building the packed town master (町域マスターの構築) from Japan Post's rows, the ABR 町字マスター, aliases and
numbering fixes: an object graph, packed into the format :class:`addrjp.address.towns.TownMaster` reads.
"""

from __future__ import annotations

import marshal
import re
import struct
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from addrjp.address.abr import AbrTown
from addrjp.address.town_keys import (
    _JO_NAME,
    _MAGIC,
    _SCHEMA,
    _STREET_NAME,
    NumberingSystem,
    Town,
    _City,
    _lengths_by_first,
    clean_name,
    jo_spellings,
    numeral_spellings,
    town_key,
)
from addrjp.errors import DataError


class _Builder:
    """The town master as built from rows: an object graph, packed by :meth:`pack` for :class:`TownMaster`."""

    def __init__(self) -> None:
        self.prefs: dict[str, str] = {}  # key -> official prefecture
        self.pref_short: dict[str, str] = {}  # key of the name without 都/府/県 -> official prefecture
        self.pref_lengths: tuple[int, ...] = ()
        self._cities: dict[tuple[str, str], _City] = {}
        self._city_keys: dict[str, list[_City]] = defaultdict(list)  # city key (incl. aliases) -> cities
        self._city_keys_by_pref: dict[tuple[str, str], list[_City]] = defaultdict(list)
        self.city_lengths: dict[str, tuple[int, ...]] = {}
        self._global_towns: dict[str, list[Town]] = defaultdict(list)
        self._codes: dict[str, list[Town]] = defaultdict(list)
        self._code_cities: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.abr_sources: list[str] = []

    # ---- building -------------------------------------------------------------------------------------
    @classmethod
    def from_rows(cls, areas: Iterable[dict[str, Any]], offices: Iterable[dict[str, Any]] = (),
                  abr: Iterable[AbrTown] = (), aliases: Iterable[dict[str, str]] = (),
                  fixes: Iterable[dict[str, str]] = ()) -> _Builder:
        """Build from rows with the postal index's columns (code, jis, pref, city, town, town_kana, has_chome)."""
        self = cls()
        towns: dict[tuple[str, str, str], Town] = {}
        for row in areas:
            pref, city, name = clean_name(row["pref"]), clean_name(row["city"]), clean_name(row["town"] or "")
            jis = str(row.get("jis") or "")
            code = str(row.get("code") or "")
            ckey = (pref, city)
            if ckey not in self._cities:
                self._cities[ckey] = _City(pref, city, jis, key=town_key(city))
            if code:
                self._code_cities[code].append(ckey)
            if not name:
                continue
            t = towns.get((pref, city, name))
            if t is None:
                t = towns[(pref, city, name)] = Town(pref, city, name, jis, str(row.get("town_kana") or ""))
            t.has_chome = t.has_chome or bool(row.get("has_chome"))
            if code and code not in t.codes:
                t.codes = (*t.codes, code)
        # towns known only from the office file (after numeral and 大字 spellings are considered)
        self._index_towns(towns.values())
        extra: dict[tuple[str, str, str], Town] = {}
        for row in offices:
            pref, city, name = clean_name(row["pref"]), clean_name(row["city"]), clean_name(row["town"] or "")
            if not name or (pref, city) not in self._cities:
                continue
            c = self._cities[(pref, city)]
            if name in c.by_name or town_key(name) in c.towns or _STREET_NAME.search(name) or (
                    city.startswith("京都市") and "通" in name[:-1]):
                continue  # known already, or a Kyoto street designation (一条通西洞院東入, 堀川通二条城前)
            if (pref, city, name) not in extra:
                extra[(pref, city, name)] = Town(pref, city, name, c.jis, source="office")
        if extra:
            self._index_towns(extra.values())
        self._apply_abr(abr, fixes)
        self._apply_aliases(aliases)
        self._finish()
        return self

    def _index_towns(self, towns: Iterable[Town]) -> None:
        towns = list(towns)
        for t in towns:
            c = self._cities[(t.pref, t.city)]
            c.by_name[t.town] = t
            for spelling in sorted(self._name_forms(t.town)):  # sorted: the same bytes whatever the hash seed
                self._add_key(c, town_key(spelling), t)
            for code in t.codes:
                self._codes[code].append(t)
        # generated spellings (numbers in digits or kanji, Hokkaido's 条-less grid names) only where the key
        # is free: a generated spelling never makes another town's name ambiguous
        for t in towns:
            c = self._cities[(t.pref, t.city)]
            for spelling in self._generated_spellings(t.town, t.pref, c):
                k = town_key(spelling)
                if all(o is t for o in c.towns.get(k, ())):
                    self._add_key(c, k, t)

    @staticmethod
    def _name_forms(name: str) -> set[str]:
        """The name, without its 大字/字 prefix, and with 大字 before it."""
        base = name
        for prefix in ("大字", "字"):
            if name.startswith(prefix) and len(name) > len(prefix):
                base = name[len(prefix):]
                break
        return {name, base, "大字" + base, "字" + base}

    @classmethod
    def _generated_spellings(cls, name: str, pref: str, c: _City) -> Iterator[str]:
        forms = cls._name_forms(name)
        if pref == "北海道":
            for f in list(forms):
                m = _JO_NAME.match(f)
                # 八軒2東 for 八軒二条東 only where 八軒 is no town of its own
                if m is not None and town_key(m.group("p")) not in c.towns:
                    forms.update(jo_spellings(f))
        for f in list(forms):
            forms.update(numeral_spellings(f))
        yield from sorted(forms)

    @staticmethod
    def _add_key(c: _City, key: str, t: Town) -> None:
        lst = c.towns.setdefault(key, [])
        if t not in lst:
            lst.append(t)

    def _apply_abr(self, abr: Iterable[AbrTown], fixes: Iterable[dict[str, str]]) -> None:
        fix_map: dict[tuple[str, str, int | None], NumberingSystem] = {}
        for f in fixes:
            chome = int(f["chome_number"]) if f.get("chome_number") else None
            fix_map[(f["lg_code"][:5], town_key(clean_name(f["oaza_cho"])), chome)] = f["numbering"]  # type: ignore[assignment]
        by_jis = {c.jis: c for c in self._cities.values()}
        for row in abr:
            if not row.oaza_cho or not row.is_current or row.machiaza_type == "3":
                continue
            c = by_jis.get(row.jis)
            if c is None:
                continue
            name = clean_name(row.oaza_cho)
            cands = c.towns.get(town_key(name), [])
            if not cands:
                continue  # an old name without a Japan Post town (坂町): covered by aliases.csv
            t = cands[0]
            if name != t.town:
                t.abr_name = name
            system: NumberingSystem = "jukyo" if row.is_jukyo else "chiban"
            system = fix_map.get((row.jis, town_key(name), row.chome_int), system)
            t.chome_numbering[row.chome_int] = system

    def _apply_aliases(self, aliases: Iterable[dict[str, str]]) -> None:
        for a in aliases:
            c = self._cities.get((a["pref"], a["city"]))
            if c is None:
                continue
            written, official, kind = clean_name(a["written"]), clean_name(a["official"]), a.get("kind", "")
            if kind == "prefix":  # every town whose name starts with `official` may be written with `written`
                for name, t in list(c.by_name.items()):
                    if name.startswith(official):
                        self._add_key(c, town_key(written + name[len(official):]), t)
            elif official in c.by_name:
                self._add_key(c, town_key(written), c.by_name[official])

    def _finish(self) -> None:
        from addrjp.address.prefectures import PREFECTURES

        for p in PREFECTURES:
            self.prefs[town_key(p)] = p
            if p[-1] in "都府県":  # 大阪 for 大阪府, 埼玉 for 埼玉県 (read only before one of its municipalities)
                self.pref_short[town_key(p[:-1])] = p
        self.pref_lengths = tuple(sorted({len(k) for k in [*self.prefs, *self.pref_short]}, reverse=True))
        pref_cities: dict[str, list[_City]] = defaultdict(list)
        for c in self._cities.values():
            pref_cities[c.pref].append(c)
            c.lengths = _lengths_by_first(c.towns)
            for k, ts in c.towns.items():
                for t in ts:
                    if t not in self._global_towns[k]:
                        self._global_towns[k].append(t)
        for pref, cities in pref_cities.items():
            for c in cities:
                for spelling in sorted(self._city_spellings(c.city)):
                    self._city_keys_by_pref[(pref, town_key(spelling))].append(c)
                    self._city_keys[town_key(spelling)].append(c)
        for (_pref, _k), cs in list(self._city_keys_by_pref.items()):
            if len(cs) > 1:
                self._city_keys_by_pref[(_pref, _k)] = list(dict.fromkeys(cs))
        self.city_lengths = _lengths_by_first(self._city_keys)

    @staticmethod
    def _city_spellings(city: str) -> set[str]:
        out = {city}
        county = re.match(r"^.+?郡(.+[町村])$", city)
        if county:  # 上益城郡嘉島町 -> 嘉島町; not 蒲郡市 -> 市, 郡山市 -> 山市 (郡 of the city's own name)
            out.add(county.group(1))
        m = re.match(r"^(.+?市)(.+区)$", city)
        if m:
            out.add(m.group(2))  # 大阪市北区 -> 北区 (kept only where unique in the prefecture)
        return out

    # ---- packing --------------------------------------------------------------------------------------
    def pack(self, key: str = "") -> bytes:
        """The master as bytes: a header (prefectures, municipalities, key tables of municipalities) and
        sections read on demand (one per municipality, per first key character of the nationwide town
        table, per 3-digit postal code prefix). Plain marshal data: ints, strings, tuples, dicts.

        Towns are referred to as ``municipality index << 16 | town index within the municipality``.
        """
        cities = list(self._cities.values())
        cidx = {(c.pref, c.city): i for i, c in enumerate(cities)}
        gid: dict[int, int] = {}
        blobs: list[bytes] = []
        city_rows: list[tuple[str, str, str, str]] = []
        city_blob: list[int] = []
        for i, c in enumerate(cities):
            towns = list(c.by_name.values())
            if len(towns) >= 1 << 16:  # pragma: no cover - no municipality comes near
                raise DataError("a municipality has too many towns for the town master's format")
            local = {id(t): j for j, t in enumerate(towns)}
            for j, t in enumerate(towns):
                gid[id(t)] = (i << 16) | j
            rows = [(t.town, t.jis, t.town_kana, t.has_chome, t.codes, t.source,
                     tuple(t.chome_numbering.items()), t.abr_name) for t in towns]
            keys = {k: tuple(local[id(t)] for t in ts) for k, ts in c.towns.items()}
            city_rows.append((c.pref, c.city, c.jis, c.key))
            city_blob.append(len(blobs))
            blobs.append(marshal.dumps((rows, keys, c.lengths)))
        by_first: dict[str, dict[str, tuple[int, ...]]] = defaultdict(dict)
        for k, ts in self._global_towns.items():
            by_first[k[:1]][k] = tuple(gid[id(t)] for t in ts)
        global_blob: dict[str, int] = {}
        for ch, table in by_first.items():
            global_blob[ch] = len(blobs)
            blobs.append(marshal.dumps((table, _lengths_by_first(table).get(ch, ()))))
        shards: dict[str, dict[str, tuple[tuple[int, ...], tuple[int, ...]]]] = defaultdict(dict)
        for code in dict.fromkeys([*self._codes, *self._code_cities]):
            shards[code[:3]][code] = (
                tuple(gid[id(t)] for t in self._codes.get(code, [])),
                tuple(dict.fromkeys(cidx[c] for c in self._code_cities.get(code, []))),
            )
        code_blob: dict[str, int] = {}
        for prefix, table2 in shards.items():
            code_blob[prefix] = len(blobs)
            blobs.append(marshal.dumps(table2))
        offsets: list[tuple[int, int]] = []
        pos = 0
        for b in blobs:
            offsets.append((pos, pos + len(b)))
            pos += len(b)
        header = {
            "schema": _SCHEMA, "key": key, "offsets": tuple(offsets),
            "prefs": self.prefs, "pref_short": self.pref_short, "pref_lengths": self.pref_lengths,
            "cities": tuple(city_rows), "city_blob": tuple(city_blob),
            "city_keys": {k: tuple(cidx[(c.pref, c.city)] for c in cs) for k, cs in self._city_keys.items()},
            "city_keys_by_pref": {pk: tuple(cidx[(c.pref, c.city)] for c in cs)
                                  for pk, cs in self._city_keys_by_pref.items()},
            "city_lengths": self.city_lengths,
            "global_blob": global_blob, "code_blob": code_blob, "abr_sources": tuple(self.abr_sources),
        }
        head = marshal.dumps(header)
        return b"".join([_MAGIC, struct.pack("<I", len(head)), head, *blobs])

