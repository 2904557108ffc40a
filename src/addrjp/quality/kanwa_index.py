"""pykakasi's kanwa dictionary (漢和辞書, kanwa jisho: kanji-to-kana dictionary), filed by first character.

pykakasi reads names into kana (see :mod:`addrjp.quality.readings`) with one dictionary of 269,000 words
under 6,823 first characters, and unpickles all of it (9.7 MB) when a converter is made: about 0.65 s, 5 % of
a ward's ``clean`` run, to read the few hundred names a run compares by reading. This module files the
**same dictionary, unchanged** (every entry, in pykakasi's order), by first character into a cache file, and
hands pykakasi a table that loads one character's entries the first time pykakasi asks for them. pykakasi's
own algorithm runs on pykakasi's own data: the readings are exactly pykakasi's (tested on the whole
dictionary and on a large sample of names), only the loading is lazy.

The file is derived on the user's machine from the installed pykakasi, once, next to the town master cache
(``$ADDRJP_CACHE_DIR``, else ``~/.cache/addrjp``), and rebuilt whenever pykakasi or its dictionary changes:
it is not shipped, because pykakasi's dictionary is GPL-3.0-or-later data and addrjp is MIT. A cache that
cannot be written costs that process the whole load, as before; nothing else changes.

File layout (little-endian): ``ADDRJPK1``, the key (32 ASCII hex), the count *n* (u32), *n* first characters
(u32, ascending), *n* + 1 offsets (u64, from the start of the file), then each character's entries as a
``marshal`` dump of pykakasi's ``{word: [(reading, okurigana class or None), ...]}``.

>>> table = KanwaIndex(build_index({ord("公"): {"公": [("こう", None)]}}, key="0" * 32))
>>> table.get(ord("公"))
{'公': [('こう', None)]}
>>> table.get(ord("X")) is None
True
"""

from __future__ import annotations

import hashlib
import marshal
import os
import struct
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from addrjp.fileio import write_cache

_MAGIC = b"ADDRJPK1"
_SCHEMA = 1
_KEY_LEN = 32
_HEADER = len(_MAGIC) + _KEY_LEN + 4
_KEEP = 2  # cache files kept (another pykakasi may be in use by another environment)

Entries = dict[str, list[tuple[str, Any]]]


class KanwaIndex(Mapping[int, Entries]):
    """The dictionary as pykakasi's ``Kanwa`` table: first character's code point → its entries, loaded lazily."""

    def __init__(self, data: bytes, *, key: str | None = None) -> None:
        if data[: len(_MAGIC)] != _MAGIC:
            raise ValueError("not a kanwa index")
        self.key = bytes(data[len(_MAGIC): len(_MAGIC) + _KEY_LEN]).decode("ascii")
        if key is not None and self.key != key:
            raise ValueError("kanwa index of another dictionary")
        (n,) = struct.unpack_from("<I", data, len(_MAGIC) + _KEY_LEN)
        self._chars = array("I")
        self._chars.frombytes(bytes(data[_HEADER: _HEADER + 4 * n]))
        self._offsets = array("Q")
        self._offsets.frombytes(bytes(data[_HEADER + 4 * n: _HEADER + 12 * n + 8]))
        if sys.byteorder != "little":  # pragma: no cover - the file is little-endian everywhere
            self._chars.byteswap()
            self._offsets.byteswap()
        if len(self._offsets) != n + 1 or self._offsets[n] != len(data):
            raise ValueError("truncated kanwa index")
        self._data = data
        self._loaded: dict[int, Entries] = {}

    def _position(self, key: int) -> int:
        i = bisect_left(self._chars, key)
        return i if i < len(self._chars) and self._chars[i] == key else -1

    def get(self, key: int, default: Any = None) -> Any:
        """The entries of words starting with the character *key* (a code point), or *default*."""
        entries = self._loaded.get(key)
        if entries is not None:
            return entries
        i = self._position(key) if isinstance(key, int) else -1
        if i < 0:
            return default
        entries = marshal.loads(self._data[self._offsets[i]: self._offsets[i + 1]])
        self._loaded[key] = entries
        return entries

    def __getitem__(self, key: int) -> Entries:
        entries = self.get(key)
        if entries is None:
            raise KeyError(key)
        return entries

    def __contains__(self, key: object) -> bool:
        return isinstance(key, int) and self._position(key) >= 0

    def __iter__(self) -> Iterator[int]:
        return iter(self._chars)

    def __len__(self) -> int:
        return len(self._chars)

    @property
    def loaded(self) -> int:
        """How many first characters were read so far (for tests and measurements)."""
        return len(self._loaded)


def build_index(table: Mapping[int, Entries], *, key: str) -> bytes:
    """The index file of pykakasi's table ``{code point: {word: [(reading, class), ...]}}``, order kept."""
    if len(key) != _KEY_LEN or not key.isascii():
        raise ValueError("the key is 32 ASCII characters")
    chars = sorted(table)
    blobs = [marshal.dumps(table[c]) for c in chars]
    n = len(chars)
    offsets = array("Q")
    pos = _HEADER + 4 * n + 8 * (n + 1)
    for blob in blobs:
        offsets.append(pos)
        pos += len(blob)
    offsets.append(pos)
    cps = array("I", chars)
    if sys.byteorder != "little":  # pragma: no cover
        cps.byteswap()
        offsets.byteswap()
    return b"".join([_MAGIC, key.encode("ascii"), struct.pack("<I", n), cps.tobytes(), offsets.tobytes(), *blobs])


def dictionary_path() -> Path:
    """pykakasi's kanwa dictionary file (``kanwadict4.db``)."""
    from pykakasi.properties import Configurations

    config: Any = Configurations  # an instance under the class's name
    return Path(config.dictpath(config.jisyo_kanwa))


def index_key(path: Path) -> str:
    """The cache key of the index of the dictionary at *path*: its place, size and time, pykakasi's version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        pykakasi_version = version("pykakasi")
    except PackageNotFoundError:  # pragma: no cover - a declared dependency
        pykakasi_version = "-"
    st = path.stat()
    text = f"{_SCHEMA}\0{marshal.version}\0{pykakasi_version}\0{path.resolve()}\0{st.st_size}\0{st.st_mtime_ns}"
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:_KEY_LEN]


def _read_dictionary(path: Path) -> dict[int, Entries]:
    import pickle

    from addrjp.collector import paused

    # 270,000 small containers and no cycle among them: the collector would only walk them (-50 %)
    with paused(), open(path, "rb") as handle:
        table = pickle.load(handle)  # pykakasi's own file, as pykakasi itself reads it
    if not isinstance(table, dict):
        raise ValueError("pykakasi's dictionary is not a table")
    return table


def _open_cached(path: Path, key: str) -> KanwaIndex | None:
    try:
        # read, not mapped: a file truncated under a mapping would kill the process (SIGBUS)
        return KanwaIndex(path.read_bytes(), key=key)
    except (OSError, ValueError, struct.error):
        return None  # missing, truncated or of another dictionary: built again


def load_index(directory: Path | None = None) -> Mapping[int, Entries]:
    """pykakasi's dictionary as a lazily loaded table: from the cache, or built now and cached.

    When the cache cannot be written the table built in memory is returned (the whole load, as pykakasi's).
    """
    source = dictionary_path()
    key = index_key(source)
    if directory is None:
        from addrjp.address.towns import cache_dir

        directory = cache_dir()
    path = directory / f"kanwa-{key}.idx"
    cached = _open_cached(path, key)
    if cached is not None:
        return cached
    table = _read_dictionary(source)
    data = build_index(table, key=key)
    if not write_cache(path, data, family="kanwa-*.idx", keep=_KEEP):
        return table  # a read-only cache: this process has the whole table already
    return _open_cached(path, key) or KanwaIndex(data, key=key)


def install(table: Mapping[int, Entries]) -> bool:
    """Give *table* to pykakasi's dictionary class before any converter loads the pickle; True when in use.

    pykakasi keeps its table in the shared state of ``pykakasi.kanji.Kanwa`` and reads it only with
    ``table.get(code point)``; when that shape is not there (another pykakasi), nothing is changed and
    pykakasi loads its dictionary itself.
    """
    try:
        from pykakasi.kanji import Kanwa
    except ImportError:  # pragma: no cover - a declared dependency
        return False
    state = getattr(Kanwa, "_shared_state", None)
    if not isinstance(state, dict) or "_jisyo_table" not in state or not callable(getattr(Kanwa, "load", None)):
        return False
    lock = state.get("_lock")
    if lock is not None:
        with lock:
            if state["_jisyo_table"] is None:
                state["_jisyo_table"] = table
    elif state["_jisyo_table"] is None:
        state["_jisyo_table"] = table
    return state["_jisyo_table"] is table


def use_index() -> bool:
    """Install the lazily loaded dictionary into pykakasi (once per process); True when it is in use."""
    if os.environ.get("ADDRJP_KANWA_INDEX", "1") == "0":  # pykakasi's own loading, e.g. to compare
        return False
    try:
        table = load_index()
    except (OSError, ValueError, ImportError):
        return False  # pykakasi loads its dictionary itself
    return install(table)


__all__ = ["KanwaIndex", "build_index", "dictionary_path", "index_key", "install", "load_index", "use_index"]
