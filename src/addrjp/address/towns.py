"""Town master (町域マスター, chōiki master): every town of Japan, its 丁目 and its numbering system.

The towns (都道府県 prefecture, 市区町村 municipality, 町域 town, with readings) come from Japan Post's
postal index (:func:`addrjp.postal.index.load_index`, KEN_ALL areas plus the office file's towns); the 丁目
lists and the numbering system (住居表示 jūkyo hyōji, N番N号, or 地番 chiban, N番地N) come from the Address
Base Registry 町字マスター where the project ships or imported it (Shinjuku 13104 by default, see
:mod:`addrjp.address.abr` and ``data/towns/``), corrected by ``data/towns/numbering_fixes.csv``.

Names are matched on a comparison key (:func:`town_key`): widths folded, ヶ/ケ/が/ガ → ケ, の/ノ/之 → ノ,
variant kanji folded (髙 → 高), so 霞ヶ丘町 finds 霞ケ丘町; the official spelling is always what is returned.
Renamed and colloquial names (坂町 → 四谷坂町, 市ヶ谷田町 → 市谷田町) come from ``data/towns/aliases.csv``,
numeral spellings (北1条西 ↔ 北一条西) and 大字/字 prefixes are generated.

The names and keys themselves are made in :mod:`addrjp.address.town_keys` (doctests there); here, the queries:

>>> nishi = load_town_master().find_town("東京都", "新宿区", "西新宿")
>>> nishi.has_chome, nishi.codes[0]
(True, '1600023')
"""

from __future__ import annotations

import csv
import hashlib
import importlib
import importlib.metadata
import marshal
import mmap
import os
import struct
import sys
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

from addrjp.address.abr import AbrTown, read_abr_csv
from addrjp.address.town_build import _Builder
from addrjp.address.town_keys import (
    _MAGIC,
    _SCHEMA,
    NumberingSystem,
    Town,
    _City,
    clean_name,
    jo_spellings,
    numeral_spellings,
    town_key,
)
from addrjp.errors import DataError
from addrjp.fileio import write_cache
from addrjp.text.variants import register_related

__all__ = [  # the names other modules import from here (the keys and records live in town_keys)
    "Discrepancy", "NumberingSystem", "Town", "TownMaster", "TownMatch", "abr_files", "build_master",
    "build_shipped_master", "cache_dir", "city_spellings", "clean_name", "crosscheck_abr", "jo_spellings", "load_abr_rows",
    "load_master_cached", "load_shipped_master", "load_town_master", "master_cache_key", "numeral_spellings",
    "packaged_abr_files", "shipped_master_key", "town_key", "user_towns_dir",
]

#: Environment variable naming the cache directory of the packed town master.
CACHE_ENV = "ADDRJP_CACHE_DIR"
_KEEP_CACHES = 4


def _splits_number(key: str, n: int) -> bool:
    """True when a key of length *n* ending in a digit would cut the number the text goes on with
    (大町2 for 大町2条 in 大町20-9)."""
    return n < len(key) and key[n - 1].isdigit() and key[n].isdigit()


@dataclass(frozen=True, slots=True)
class TownMatch:
    """A town found at the start of a text: the town and how many characters of the text it took."""

    town: Town
    length: int
    exact: bool  # the text spelled the official name exactly


def _package_data_dir() -> Path:
    here = Path(__file__).resolve()
    packaged = here.parents[1] / "_data" / "towns"
    if packaged.is_dir():
        return packaged
    return here.parents[3] / "data" / "towns"


def user_towns_dir() -> Path:
    """Where ``addrjp towns import`` writes (``$ADDRJP_TOWNS_DIR``, else ``~/.local/share/addrjp/towns``)."""
    env = os.environ.get("ADDRJP_TOWNS_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "addrjp" / "towns"


def abr_files(extra_dirs: Iterable[Path] = ()) -> list[Path]:
    """The ABR 町字マスター files in use: the packaged ones, then imported ones (later files win)."""
    files: dict[str, Path] = {}
    for d in (_package_data_dir(), user_towns_dir(), *extra_dirs):
        if d.is_dir():
            for p in sorted(d.glob("abr_mt_town_*.csv")):
                files[p.name] = p
    return list(files.values())


def _read_small_csv(name: str) -> list[dict[str, str]]:
    path = _package_data_dir() / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(fh) if not row.get(next(iter(row), ""), "").startswith("#")]



class TownMaster:
    """All towns, indexed for prefix matching per municipality, per prefecture and nationwide.

    Made from the bytes of :meth:`_Builder.pack` (built from rows, or read from the cache file); the
    sections (a municipality's towns, the nationwide table, the postal codes) are unpacked on first use.
    """

    def __init__(self, data: bytes | mmap.mmap) -> None:
        if data[:8] != _MAGIC or len(data) < 12:
            raise ValueError("not an addrjp town master")
        (n,) = struct.unpack_from("<I", data, 8)
        h = marshal.loads(data[12:12 + n])
        if not isinstance(h, dict) or h.get("schema") != _SCHEMA:
            raise ValueError("another version of the town master format")
        self._data = memoryview(data)
        self._base = 12 + n
        self.key: str = h["key"]
        self._offsets: tuple[tuple[int, int], ...] = h["offsets"]
        self.prefs: dict[str, str] = h["prefs"]  # key -> official prefecture
        self.pref_short: dict[str, str] = h["pref_short"]  # key without 都/府/県 -> official prefecture
        self.pref_lengths: tuple[int, ...] = h["pref_lengths"]
        self._city_rows: tuple[tuple[str, str, str, str], ...] = h["cities"]  # pref, city, jis, key
        self._city_index = {(r[0], r[1]): i for i, r in enumerate(self._city_rows)}
        self._jis_index = {r[2]: i for i, r in enumerate(self._city_rows) if r[2]}
        self._city_blob: tuple[int, ...] = h["city_blob"]
        self._loaded: list[_City | None] = [None] * len(self._city_rows)
        self._city_keys: dict[str, tuple[int, ...]] = h["city_keys"]
        self._city_keys_by_pref: dict[tuple[str, str], tuple[int, ...]] = h["city_keys_by_pref"]
        self.city_lengths: dict[str, tuple[int, ...]] = h["city_lengths"]
        self._global_blob: dict[str, int] = h["global_blob"]
        self._global_lengths: dict[str, tuple[int, ...]] = {}
        self._global_tables: dict[str, dict[str, tuple[int, ...]]] = {}  # first key character -> its section
        self._code_blob: dict[str, int] = h["code_blob"]
        self._codes: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self._codes_loaded: set[str] = set()
        self.abr_sources: list[str] = list(h["abr_sources"])
        self._sorted: dict[Any, list[str]] = {}  # table -> its keys, sorted (see extends)
        #: the parser's memo of resolved heads (addrjp.address.parse), kept with the master it was made with
        self.head_memo: dict[Any, Any] = {}

    @classmethod
    def from_rows(cls, areas: Iterable[dict[str, Any]], offices: Iterable[dict[str, Any]] = (),
                  abr: Iterable[AbrTown] = (), aliases: Iterable[dict[str, str]] = (),
                  fixes: Iterable[dict[str, str]] = ()) -> TownMaster:
        """Build from rows with the postal index's columns (code, jis, pref, city, town, town_kana, has_chome)."""
        return cls(_Builder.from_rows(areas, offices, abr, aliases, fixes).pack())

    # ---- sections, unpacked on first use --------------------------------------------------------------
    def _section(self, i: int) -> Any:
        start, end = self._offsets[i]
        return marshal.loads(self._data[self._base + start:self._base + end])

    def _city(self, i: int) -> _City:
        c = self._loaded[i]
        if c is None:
            pref, city, jis, key = self._city_rows[i]
            rows, keys, lengths = self._section(self._city_blob[i])
            order = [Town(pref, city, name, tjis, kana, has_chome, codes, source, dict(numbering), abr)
                     for name, tjis, kana, has_chome, codes, source, numbering, abr in rows]
            c = self._loaded[i] = _City(
                pref, city, jis, towns={k: [order[j] for j in js] for k, js in keys.items()},
                lengths=lengths, by_name={t.town: t for t in order}, key=key, order=order,
            )
        return c

    def _city_named(self, pref: str, city: str) -> _City | None:
        i = self._city_index.get((pref, city))
        return None if i is None else self._city(i)

    def _town(self, gid: int) -> Town:
        return self._city(gid >> 16).order[gid & 0xFFFF]

    def _global_section(self, first: str) -> tuple[int, ...]:
        """The nationwide key lengths for a first key character (its section unpacked on first use)."""
        lengths = self._global_lengths.get(first)
        if lengths is None:
            blob = self._global_blob.get(first)
            lengths = ()
            if blob is not None:
                table, lengths = self._section(blob)
                self._global_tables[first] = table
            self._global_lengths[first] = lengths
        return lengths

    def _code_entry(self, code: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
        prefix = code[:3]
        if prefix not in self._codes_loaded:
            self._codes_loaded.add(prefix)
            blob = self._code_blob.get(prefix)
            if blob is not None:
                self._codes.update(self._section(blob))
        return self._codes.get(code, ((), ()))

    # ---- matching (used by the parser) ----------------------------------------------------------------
    def match_pref(self, key: str) -> tuple[str, int] | None:
        """The prefecture the keyed text starts with (its full name), and its length."""
        for n in self.pref_lengths:
            p = self.prefs.get(key[:n])
            if p is not None:
                return p, n
        return None

    def match_pref_short(self, key: str) -> tuple[str, int] | None:
        """A prefecture written without its 都/府/県 (埼玉, 大阪) at the start of the keyed text, and its length.

        The caller accepts it only before one of the prefecture's municipalities (大阪大阪市北区), never alone.
        """
        for n in self.pref_lengths:
            p = self.pref_short.get(key[:n])
            if p is not None:
                return p, n
        return None

    def match_city(self, key: str, pref: str | None) -> tuple[list[tuple[str, str]], int]:
        """Municipalities (pref, city) the keyed text starts with, and the length of the spelling.

        The longest spelling wins; every municipality with that spelling is returned — a designated city's
        ward written alone (北区) is 東京都北区, 京都市北区, 大阪市北区 … and the town after it decides.
        """
        by_pref = self._city_keys_by_pref
        keys = self._city_keys
        for n in self.city_lengths.get(key[:1], ()):
            if n > len(key):
                continue
            k = key[:n]
            cs = by_pref.get((pref, k)) if pref else keys.get(k)
            if cs:
                rows = self._city_rows
                return [(rows[i][0], rows[i][1]) for i in cs], n
        return [], 0

    def match_town(self, key: str, text: str, pref: str, city: str) -> TownMatch | None:
        """The longest town of one municipality that the keyed text starts with.

        Where one key stands for several towns (two spellings that fold together), the one spelled exactly as
        written; when none is, no town (never a guess between them).
        """
        c = self._city_named(pref, city)
        if c is None:
            return None
        towns = c.towns
        for n in c.lengths.get(key[:1], ()):
            if n > len(key):
                continue
            ts = towns.get(key[:n])
            if ts and _splits_number(key, n):
                return None  # 浦臼第1 in 浦臼第15-2: never a shorter town either
            if ts:
                written = text[:n]
                if len(ts) == 1:
                    return TownMatch(ts[0], n, ts[0].town == written)
                exact = [t for t in ts if t.town == written]
                return TownMatch(exact[0], n, True) if exact else None
        return None

    def extends(self, table: str, prefix: str, pref: str = "", city: str = "", after: str | None = None) -> bool:
        """True when a key of *table* is longer than the keyed *prefix* and starts with it: a look-up of a text
        that begins with *prefix* may then match more than *prefix*, depending on what follows. With *after*
        (keyed characters), only a key that goes on with one of them counts: a text whose next character is
        one of *after* can match no other longer key.

        Tables: ``pref`` (prefectures), ``pref_short`` (without 都/府/県), ``city`` (every spelling of every
        municipality), ``town`` (the towns of *pref* *city*), ``ids`` (every town nationwide).
        """
        if not prefix:
            return True
        keys = self._sorted_keys(table, prefix, pref, city)
        if after is not None:
            return _goes_on_with(keys, prefix, _sorted_chars(after))
        i = bisect_left(keys, prefix)
        n = len(prefix)
        while i < len(keys) and keys[i].startswith(prefix):
            if len(keys[i]) > n:
                return True
            i += 1
        return False

    def extends_into(self, table: str, prefix: str, pref: str, city: str, text: str) -> bool:
        """True when a key of *table* longer than the keyed *prefix* may match a text that goes on from *prefix*
        with the keyed *text*: a key that is *prefix* and a shorter start of *text*, or one that starts with
        *prefix* + *text* (:meth:`extends` with *after* is this for a *text* of one character).

        >>> m = load_town_master()
        >>> m.extends_into("town", town_key("四谷"), "東京都", "新宿区", town_key("3栄"))
        True
        >>> m.extends_into("town", town_key("四谷"), "東京都", "新宿区", town_key("3丁"))
        False
        """
        if not prefix:
            return True
        keys = self._sorted_keys(table, prefix, pref, city)
        for n in range(1, len(text)):
            shorter = prefix + text[:n]
            i = bisect_left(keys, shorter)
            if i < len(keys) and keys[i] == shorter:
                return True
        longer = prefix + text
        i = bisect_left(keys, longer)
        return i < len(keys) and keys[i].startswith(longer)

    def _sorted_keys(self, table: str, prefix: str, pref: str, city: str) -> list[str]:
        """The keys of a table of :meth:`extends`, sorted (once per table and scope)."""
        scope: Any = (pref, city) if table == "town" else prefix[0] if table == "ids" else None
        keys = self._sorted.get((table, scope))
        if keys is None:
            if table == "pref":
                keys = sorted(self.prefs)
            elif table == "pref_short":
                keys = sorted(self.pref_short)
            elif table == "city":
                keys = sorted(self._city_keys)
            elif table == "town":
                c = self._city_named(pref, city)
                keys = sorted(c.towns) if c is not None else []
            elif table == "ids":  # the keys starting with prefix[0] are those of its section
                self._global_section(prefix[0])
                keys = sorted(self._global_tables.get(prefix[0], ()))
            else:  # pragma: no cover - a programming error
                raise ValueError(f"no table {table!r}")
            self._sorted[(table, scope)] = keys
        return keys

    def longer_town_misspelt(self, pref: str, city: str, prefix: str, written: str) -> bool:
        """True when a town of the municipality has a key that starts with the keyed *prefix* and goes on with
        a name the keyed *written* may be a misspelling of: one edit from it with a character in common
        (浄法寺町 + 楳ノ木 for 浄法寺町梅ノ木, 厚田 + 濃書 for 厚田濃昼), or, for a one-character name, a
        character the 戸籍 notices relate to it (中 + 功 for 中切: :func:`~addrjp.text.variants.register_related`).
        One character for another unrelated one is another name (八幡イ beside 八幡町)."""
        c = self._city_named(pref, city)
        if c is None or not prefix or not written:
            return False
        n, w = len(prefix), len(written)
        for k in c.towns:
            if len(k) <= n or abs(len(k) - n - w) > 1 or not k.startswith(prefix):
                continue
            rest = k[n:]
            if max(len(rest), w) >= 2:
                if Levenshtein.distance(rest, written, score_cutoff=1) <= 1:
                    return True
            elif register_related(rest, written):
                return True
        return False

    def match_town_ids(self, key: str, pref: str | None = None,
                       cities: Iterable[tuple[str, str]] | None = None) -> tuple[tuple[int, ...], int]:
        """Towns the keyed text starts with, nationwide or in a prefecture or in given municipalities, as
        town ids (:meth:`town_of`, :meth:`place_of`) with the length of the longest key that has any; no
        municipality's towns are unpacked (a town written alone costs a few dictionary look-ups)."""
        allowed = None if cities is None else {self._city_index.get(c, -1) for c in cities}
        lengths = self._global_section(key[:1])
        table = self._global_tables.get(key[:1], {})  # every key of these lengths starts with key[:1]
        rows = self._city_rows
        for n in lengths:
            if n > len(key):
                continue
            ids = table.get(key[:n])
            if not ids:
                continue
            if _splits_number(key, n):
                return (), 0  # 鶴沼第1 in 鶴沼第134-4: never the shorter 鶴沼 of somewhere else
            if pref is not None or allowed is not None:
                ids = tuple(g for g in ids if (pref is None or rows[g >> 16][0] == pref)
                            and (allowed is None or g >> 16 in allowed))
            if ids:
                return ids, n
        return (), 0

    def town_of(self, town_id: int) -> Town:
        """The town of a town id from :meth:`match_town_ids` or :meth:`town_ids_for_code`."""
        return self._town(town_id)

    def place_of(self, town_id: int) -> tuple[str, str]:
        """The (pref, city) of a town id, without unpacking its municipality."""
        r = self._city_rows[town_id >> 16]
        return r[0], r[1]

    def town_ids_for_code(self, code: str) -> tuple[int, ...]:
        """The town ids of the towns a 7-digit postal code covers."""
        return self._code_entry(code)[0]

    def city_of_jis(self, jis: str) -> tuple[str, str] | None:
        """The (pref, city) of a 5-digit local government code (13104 → 東京都 新宿区), else None."""
        i = self._jis_index.get(jis)
        return None if i is None else (self._city_rows[i][0], self._city_rows[i][1])

    # ---- the public API for validation ----------------------------------------------------------------
    def cities(self, pref: str | None = None) -> list[tuple[str, str]]:
        """All municipalities (pref, city), optionally of one prefecture."""
        return [(r[0], r[1]) for r in self._city_rows if pref is None or r[0] == pref]

    def jis(self, pref: str, city: str) -> str | None:
        """The 5-digit local government code of a municipality."""
        i = self._city_index.get((pref, city))
        return None if i is None else self._city_rows[i][2]

    def towns_in(self, pref: str, city: str) -> list[Town]:
        """The towns of one municipality (official spellings), in the master's order."""
        c = self._city_named(pref, city)
        return list(c.order) if c else []

    def find_town(self, pref: str, city: str, name: str) -> Town | None:
        """The town of a municipality written *name* (any spelling the master knows), else None."""
        c = self._city_named(pref, city)
        if c is None:
            return None
        clean = clean_name(name)
        if clean in c.by_name:
            return c.by_name[clean]
        ts = c.towns.get(town_key(clean))
        return ts[0] if ts else None

    def towns_for_code(self, code: str) -> list[Town]:
        """The towns a 7-digit postal code covers (KEN_ALL areas)."""
        return [self._town(g) for g in self._code_entry(code)[0]]

    def cities_for_code(self, code: str) -> list[tuple[str, str]]:
        """The municipalities a 7-digit postal code belongs to."""
        rows = self._city_rows
        return [(rows[i][0], rows[i][1]) for i in self._code_entry(code)[1]]

    def has_chome(self, pref: str, city: str, town: str) -> bool | None:
        """True when the town has 丁目 (ABR list, else Japan Post's flag); None when the town is unknown."""
        t = self.find_town(pref, city, town)
        if t is None:
            return None
        if t.chome_numbering:
            return bool(t.chome_list)
        return t.has_chome

    def chome_max(self, pref: str, city: str, town: str) -> int | None:
        """The highest 丁目 of a town when the ABR lists them, else None (unknown)."""
        t = self.find_town(pref, city, town)
        if t is None or not t.chome_list:
            return None
        return t.chome_list[-1]

    def valid_chome(self, pref: str, city: str, town: str, chome: int | None) -> bool | None:
        """Whether the town has this 丁目 (None chome: whether it may be written without); None = unknown."""
        t = self.find_town(pref, city, town)
        if t is None or not t.chome_numbering:
            if t is not None and chome is not None and not t.has_chome:
                return False  # Japan Post says the town has no 丁目 at all
            return None
        if chome is None:
            return None in t.chome_numbering
        return chome in t.chome_numbering

    def numbering(self, pref: str, city: str, town: str, chome: int | None = None) -> NumberingSystem | None:
        """'jukyo' (住居表示), 'chiban' (地番) or 'mixed' for a town (and 丁目); None when unknown."""
        t = self.find_town(pref, city, town)
        if t is None or not t.chome_numbering:
            return None
        if chome is not None or None in t.chome_numbering:
            return t.chome_numbering.get(chome)
        systems = set(t.chome_numbering.values())
        return systems.pop() if len(systems) == 1 else "mixed"


# ---- loading --------------------------------------------------------------------------------------------
def load_abr_rows(extra_dirs: Iterable[Path] = ()) -> list[AbrTown]:
    """All ABR 町字 rows in use (packaged Shinjuku plus imported municipalities)."""
    rows: list[AbrTown] = []
    for path in abr_files(extra_dirs):
        rows.extend(read_abr_csv(path))
    return rows


def _build_packed(areas: Iterable[dict[str, Any]], offices: Iterable[dict[str, Any]] = (),
                  key: str = "", abr_paths: Iterable[Path] | None = None) -> bytes:
    abr = load_abr_rows() if abr_paths is None else [r for p in abr_paths for r in read_abr_csv(p)]
    return _Builder.from_rows(
        areas, offices, abr=abr, aliases=_read_small_csv("aliases.csv"),
        fixes=_read_small_csv("numbering_fixes.csv"),
    ).pack(key)


def _packed_from_index(postal_dir: Path, key: str = "", abr_paths: Iterable[Path] | None = None) -> bytes:
    from addrjp.postal.index import PostalIndex

    index = PostalIndex(postal_dir)
    areas = index.areas.select("code", "jis", "pref", "city", "town", "town_kana", "has_chome")
    offices = index.offices.select("pref", "city", "town").unique(maintain_order=True)
    return _build_packed(areas.iter_rows(named=True), offices.iter_rows(named=True), key, abr_paths)


def build_master(areas: Iterable[dict[str, Any]], offices: Iterable[dict[str, Any]] = ()) -> TownMaster:
    """A master from postal rows plus the shipped ABR rows, fixes and aliases."""
    return TownMaster(_build_packed(areas, offices))


def cache_dir() -> Path:
    """Where the packed town master is cached: ``$ADDRJP_CACHE_DIR``, else ``$XDG_CACHE_HOME/addrjp``
    (``~/.cache/addrjp``)."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "addrjp"


def _file_digest(h: Any, path: Path) -> None:
    h.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
    try:
        h.update(path.read_bytes())
    except OSError:
        h.update(b"<missing>")
    h.update(b"\0")


def _version_of(module: str) -> str:
    try:
        mod = importlib.import_module(module)
    except ImportError:  # pragma: no cover - a declared dependency
        return "-"
    version = getattr(mod, "__version__", None)
    if version is None:
        try:
            version = importlib.metadata.version(module.replace("_", "-"))
        except importlib.metadata.PackageNotFoundError:
            version = "-"
    return str(version)


def master_cache_key(postal_dir: Path) -> str:
    """The cache key of the town master built from *postal_dir*: changes whenever an input changes.

    Inputs: the postal index (its ``meta.json``, with the data version and build time, and the size and
    mtime of its Parquet files), every ABR file in use, ``aliases.csv`` and ``numbering_fixes.csv``,
    the source of the modules that build the keys (this package and ``addrjp.text``), the versions of
    jntajis and jaconv (variant kanji, widths), and Python's marshal version.
    """
    h = hashlib.sha256()
    h.update(f"{_SCHEMA}\0{marshal.version}\0{sys.version_info[:2]}\0".encode())
    h.update(str(postal_dir.resolve()).encode("utf-8", "surrogateescape") + b"\0")
    _file_digest(h, postal_dir / "meta.json")
    for name in ("areas.parquet", "offices.parquet"):
        try:
            st = (postal_dir / name).stat()
            h.update(f"{name}:{st.st_size}:{st.st_mtime_ns}\0".encode())
        except OSError:
            h.update(f"{name}:missing\0".encode())
    for path in abr_files():
        _file_digest(h, path)
    for name in ("aliases.csv", "numbering_fixes.csv"):
        _file_digest(h, _package_data_dir() / name)
    here = Path(__file__).resolve().parent
    for src in (*sorted(here.glob("*.py")), *sorted((here.parent / "text").glob("*.py"))):
        _file_digest(h, src)
    h.update(f"{_version_of('jntajis')}\0{_version_of('jaconv')}".encode())
    return h.hexdigest()[:32]


def load_master_cached(postal_dir: Path, directory: Path | None = None) -> TownMaster:
    """The town master of the postal index in *postal_dir*, from the cache when its key matches.

    On a miss (or an unreadable cache file) the master is built from the index and written to the cache
    (atomically; all but the few newest cache files removed); an unwritable cache directory only costs the build time.
    """
    key = master_cache_key(postal_dir)
    directory = cache_dir() if directory is None else directory
    path = directory / f"towns-{key}.bin"
    try:
        with path.open("rb") as fh:  # mapped, not read: the sections are paged in as they are used
            master = TownMaster(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))
        if master.key == key:
            return master
    except (OSError, ValueError, EOFError, TypeError, KeyError, struct.error):
        pass  # missing, truncated or from another version: rebuilt below
    data = _packed_from_index(postal_dir, key)
    # keep a few (another postal index or ABR set may be in use by other processes); a read-only home: no
    # cache, the next process builds again
    write_cache(path, data, family="towns-*.bin", keep=_KEEP_CACHES)
    return TownMaster(data)


def city_spellings(city: str) -> set[str]:
    """The spellings the master reads a municipality by: its whole name, without its county (嘉島町 for
    上益城郡嘉島町, never 市 for 蒲郡市), a designated city's ward alone (北区 for 大阪市北区).

    >>> sorted(city_spellings("上益城郡嘉島町")), sorted(city_spellings("蒲郡市"))
    (['上益城郡嘉島町', '嘉島町'], ['蒲郡市'])
    """
    return _Builder._city_spellings(city)


#: The town master shipped in the package, built by ``scripts/build_town_master.py`` (docs/performance.md).
SHIPPED_MASTER = "town_master.bin"

#: The modules whose code decides the packed master's content (the keys, the builder, the ABR reader); the
#: queries of this module are not among them, so changing them needs no new shipped master.
_BUILDER_SOURCES = (
    "address/town_keys.py", "address/town_build.py", "address/abr.py", "address/prefectures.py",
    "text/__init__.py", "text/width.py", "text/numerals.py", "text/variants.py", "text/place_variants.py",
    "text/hyphens.py", "text/whitespace.py", "text/limits.py",
)


def _content_digest(h: Any, name: str, path: Path) -> None:
    h.update(name.encode("utf-8", "surrogateescape") + b"\0")
    try:
        h.update(hashlib.sha256(path.read_bytes()).digest())
    except OSError:
        h.update(b"<missing>")


def shipped_master_key(postal_dir: Path, abr_paths: Iterable[Path] | None = None) -> str:
    """The key of a town master built from *postal_dir* and the ABR files in use, from content only.

    Unlike :func:`master_cache_key` it names no path and no time, so the master built in the project's
    checkout (``scripts/build_town_master.py``) is valid in every installation of the same sources: the
    postal index's ``meta.json`` (its build time and counts) and the sizes of its files, every ABR file (name and content; one imported by ``addrjp towns import`` changes
    it), ``aliases.csv`` and ``numbering_fixes.csv``, the source of the builder's modules and the versions
    of jntajis and jaconv.
    """
    h = hashlib.sha256()
    h.update(f"shipped\0{_SCHEMA}\0{_version_of('jntajis')}\0{_version_of('jaconv')}\0".encode())
    _content_digest(h, "meta.json", postal_dir / "meta.json")  # rewritten (built_at, counts) by every build
    for name in ("areas.parquet", "offices.parquet"):  # their sizes, not their 2.4 MB (~40 ms a process)
        try:
            h.update(f"{name}:{(postal_dir / name).stat().st_size}\0".encode())
        except OSError:
            h.update(f"{name}:missing\0".encode())
    for path in (abr_files() if abr_paths is None else list(abr_paths)):
        _content_digest(h, path.name, path)
    for name in ("aliases.csv", "numbering_fixes.csv"):
        _content_digest(h, name, _package_data_dir() / name)
    root = Path(__file__).resolve().parents[1]
    for rel in _BUILDER_SOURCES:
        _content_digest(h, rel, root / rel)
    return h.hexdigest()[:32]


def packaged_abr_files() -> list[Path]:
    """The ABR files shipped in the package (not those imported on this machine)."""
    return sorted(_package_data_dir().glob("abr_mt_town_*.csv"))


def build_shipped_master(postal_dir: Path) -> bytes:
    """The packed master of *postal_dir* and the packaged ABR files, keyed by :func:`shipped_master_key`."""
    abr = packaged_abr_files()
    return _packed_from_index(postal_dir, shipped_master_key(postal_dir, abr), abr)


def load_shipped_master(postal_dir: Path) -> TownMaster | None:
    """The master shipped in the package, when it was built from exactly the inputs now in use."""
    path = _package_data_dir() / SHIPPED_MASTER
    try:
        with path.open("rb") as fh:
            master = TownMaster(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))
    except (OSError, ValueError, EOFError, TypeError, KeyError, struct.error):
        return None
    return master if master.key == shipped_master_key(postal_dir) else None


@lru_cache(maxsize=1)
def load_town_master() -> TownMaster:
    """The town master for all of Japan: the one shipped in the package when its inputs are the ones in use
    (the packaged postal index and ABR files), else built once into the user's cache (an imported postal
    index or ABR town master) and loaded from there (once per process)."""
    try:
        from addrjp.postal.index import index_dir
    except ImportError as exc:  # pragma: no cover - only while the postal layer is missing
        raise DataError("the postal index module is not available; the town master needs it") from exc
    postal_dir = index_dir()
    shipped = load_shipped_master(postal_dir)
    return shipped if shipped is not None else load_master_cached(postal_dir)


@lru_cache(maxsize=64)
def _sorted_chars(chars: str) -> str:
    """The distinct characters of *chars*, in code point order (what :func:`_goes_on_with` steps through)."""
    return "".join(sorted(set(chars)))


def _goes_on_with(keys: list[str], prefix: str, after: str) -> bool:
    """True when a key of the sorted *keys* starts with *prefix* followed by one of the characters of *after*
    (distinct, sorted): ``any(keys[bisect_left(keys, prefix + c)].startswith(prefix + c) for c in after)``,
    with one bisection per character that a key actually goes on with, not per character of *after* (one
    for the ten digits, which no key but a spelling of a number goes on with).

    Why it is the same: the keys that start with *prefix* + c for some c of *after* lie in sorted order at
    or after the first key ``k >= prefix + after[0]``. A string between two strings that share *prefix*
    shares it, so when any such key exists, *k* starts with *prefix* and goes on with a character
    ``c = k[len(prefix)]`` between ``after[0]`` and that key's. If *c* is in *after*, *k* is one; if not, no
    key goes on with a character of *after* below *c* (*k* was the first), and the search goes on from the
    first character of *after* above *c*. A key that does not start with *prefix* ends it (every later
    key is greater than all that do)."""
    if not after:
        return False
    n = len(prefix)
    i = bisect_left(keys, prefix + after[0])
    end = len(keys)
    while i < end:
        k = keys[i]
        if not k.startswith(prefix):
            return False
        c = k[n]  # k >= prefix + after[0] > prefix, so it is longer than prefix
        if c in after:
            return True
        nxt = bisect_right(after, c)
        if nxt == len(after):
            return False
        i = bisect_left(keys, prefix + after[nxt], i + 1)
    return False


# ---- checking the ABR against Japan Post ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Discrepancy:
    """One disagreement between the ABR 町字マスター and Japan Post's towns."""

    kind: str  # 'no_city', 'alias', 'no_postal_town', 'postal_code', 'chome_flag', 'not_in_abr'
    pref: str
    city: str
    town: str
    detail: str


def crosscheck_abr(rows: Iterable[AbrTown], master: TownMaster) -> list[Discrepancy]:
    """Compare ABR rows with the postal towns: names, postal codes, 丁目 flags, towns missing on either side."""
    out: list[Discrepancy] = []
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        if not row.oaza_cho or not row.is_current or row.machiaza_type == "3":
            continue
        pref, city, name = clean_name(row.pref), clean_name(row.city_name), clean_name(row.oaza_cho)
        if master.jis(pref, city) is None:
            out.append(Discrepancy("no_city", pref, city, name, "municipality not in the postal data"))
            continue
        t = master.find_town(pref, city, name)
        if t is None:
            out.append(Discrepancy("no_postal_town", pref, city, name, f"ABR {row.machiaza_id}: no Japan Post town"))
            continue
        seen[(pref, city)].add(t.town)
        if town_key(t.town) != town_key(name):
            out.append(Discrepancy("alias", pref, city, name, f"ABR {row.machiaza_id}: old or other name of {t.town}"))
            continue
        if row.post_code and t.codes and row.post_code not in t.codes:
            out.append(Discrepancy("postal_code", pref, city, name,
                                   f"ABR {row.post_code}, Japan Post {', '.join(t.codes)}"))
        if t.source == "area" and bool(row.chome_int) != t.has_chome:
            out.append(Discrepancy("chome_flag", pref, city, name,
                                   f"ABR 丁目 {row.chome or 'none'}, Japan Post has_chome={t.has_chome}"))
    for (pref, city), names in seen.items():
        for t in master.towns_in(pref, city):
            if t.town not in names and t.source == "area":
                out.append(Discrepancy("not_in_abr", pref, city, t.town, "Japan Post town without an ABR row"))
    return out
