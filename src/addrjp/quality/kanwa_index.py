"""pykakasi's kanwa dictionary (漢和辞書, kanwa jisho: kanji-to-kana dictionary), filed by first character.

pykakasi reads names into kana (see :mod:`addrjp.quality.readings`) with one dictionary of 269,000 words
under 6,823 first characters, and unpickles all of it (9.7 MB) when a converter is made: about 0.65 s, 5 % of
a ward's ``clean`` run, to read the few hundred names a run compares by reading. This module files the
**same dictionary, unchanged** (every entry, in pykakasi's order), by first character into a cache file, and
hands pykakasi a table that loads one character's entries the first time pykakasi asks for them. The
readings are exactly pykakasi's (tested on the whole dictionary and on a large sample of names); only the
loading is lazy, and the way a word is found (below).

The file is derived on the user's machine from the installed pykakasi, once, next to the town master cache
(``$ADDRJP_CACHE_DIR``, else ``~/.cache/addrjp``), and rebuilt whenever pykakasi or its dictionary changes:
it is not shipped, because pykakasi's dictionary is GPL-3.0-or-later data and addrjp is MIT. A cache that
cannot be written costs that process the whole load, as before; nothing else changes.

pykakasi finds a word by scanning every word filed under the text's first character (up to 2,500 of them)
at every position it reads; :class:`LongestMatch` gives the same answer by looking up the text's prefixes,
longest first, in the character's words (:func:`use_longest_match`, for the pykakasi versions it was proved
against, :data:`PROVED_PYKAKASI`: tests/quality/test_kanwa_longest_match.py, and every word of the
dictionary by ``python3 -m benchmarks.eval_kanwa_lookup``). 400 name parts then read in ~0.08 s of CPU
instead of ~0.25 s (loaded 0.15 s, scanned 0.1 s); ~0.03 s with only their hiragana made
(:func:`addrjp.quality.readings.hiragana_only`).

File layout (little-endian): ``ADDRJPK2``, the key (32 ASCII hex), the count *n* (u32), *n* first characters
(u32, ascending), *n* + 1 offsets (u64, from the start of the file), then each character's region: one byte
of kind and one of the longest word's length, then either (``T``) UTF-8 text, one line per word
(``\nword\treading\treading…\n``: pykakasi's entries when every one is ``(reading, None)``, the case of all
but one character), read as text and looked up with ``str.find`` without decoding the other words, or
(``M``) a ``marshal`` dump of pykakasi's ``{word: [(reading, okurigana class or None), ...]}``.

>>> table = KanwaIndex(build_index({ord("公"): {"公": [("こう", None)]}}, key="0" * 32))
>>> dict(table.get(ord("公")))
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
from functools import lru_cache
from pathlib import Path
from typing import Any

from addrjp.fileio import write_cache

_MAGIC = b"ADDRJPK2"
_SCHEMA = 2
_KEY_LEN = 32
_HEADER = len(_MAGIC) + _KEY_LEN + 4
_KEEP = 2  # cache files kept (another pykakasi may be in use by another environment)

Entries = dict[str, list[tuple[str, Any]]]
#: a character's entries as the index gives them: pykakasi's dict, or its :class:`CharWords`
Words = Mapping[str, list[tuple[str, Any]]]


class KanwaIndex(Mapping[int, Words]):
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
        self._loaded: dict[int, Words] = {}

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
        entries = _region(self._data[self._offsets[i]: self._offsets[i + 1]])
        self._loaded[key] = entries
        return entries

    def __getitem__(self, key: int) -> Words:
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


class CharWords(Mapping[str, list[tuple[str, Any]]]):
    """One first character's words as pykakasi files them (``{word: [(reading, None), ...]}``, in pykakasi's
    order), read from a ``T`` region's text: a word's entries are made when it is looked up.

    >>> words = CharWords("\\n幸子\\tさちこ\\tゆきこ\\n幸\\tこう\\n", longest=2)
    >>> words.get("幸子"), words.get("幸せ"), list(words)
    ([('さちこ', None), ('ゆきこ', None)], None, ['幸子', '幸'])
    """

    __slots__ = ("_made", "_text", "longest")

    def __init__(self, text: str, *, longest: int) -> None:
        self._text = text
        #: the length of the longest word (no prefix of a text longer than this is a word)
        self.longest = longest
        self._made: dict[str, list[tuple[str, Any]]] = {}

    def get(self, word: str, default: Any = None) -> Any:
        """The entries of *word*, or *default* when it is not one of the character's words."""
        made = self._made.get(word)
        if made is not None:
            return made
        if not isinstance(word, str) or not word or "\t" in word or "\n" in word:
            return default
        at = self._text.find(f"\n{word}\t")
        if at < 0:
            return default
        start = at + len(word) + 2
        made = [(reading, None) for reading in self._text[start: self._text.index("\n", start)].split("\t")]
        self._made[word] = made
        return made

    def __getitem__(self, word: str) -> list[tuple[str, Any]]:
        entries = self.get(word)
        if entries is None:
            raise KeyError(word)
        entries_: list[tuple[str, Any]] = entries
        return entries_

    def __iter__(self) -> Iterator[str]:
        return (line.split("\t", 1)[0] for line in self._lines())

    def __len__(self) -> int:
        return self._text.count("\n") - 1

    def items(self) -> Iterator[tuple[str, list[tuple[str, Any]]]]:  # type: ignore[override]
        """Every (word, entries), in pykakasi's order (what pykakasi's own algorithm scans)."""
        for line in self._lines():
            word, *readings = line.split("\t")
            yield word, [(reading, None) for reading in readings]

    def _lines(self) -> list[str]:
        return self._text[1:-1].split("\n")


def _region(data: bytes) -> Entries | CharWords:
    """A character's entries from its region of the file (see the module's text)."""
    kind, longest = data[0], data[1]
    if kind == ord("T"):
        return CharWords(bytes(data[2:]).decode("utf-8"), longest=longest)
    if kind == ord("M"):
        entries: Entries = marshal.loads(data[2:])
        return entries
    raise ValueError("not a kanwa index")


def _text_of(entries: Entries) -> str | None:
    """A ``T`` region's text of a character's entries, or None when they do not all read back as such lines
    (an okurigana class, a separator or an empty reading or word, a word or reading that is not text)."""
    bad: Any = _NOT_TEXT  # in place of a reading with an okurigana class: the join below fails on it
    try:
        text = "\n" + "\n".join([w + "\t" + "\t".join([r if c is None else bad for r, c in v])
                                  for w, v in entries.items()]) + "\n"
    except (TypeError, ValueError):  # not text, or an entry that is not (reading, class)
        return None
    readings = sum(map(len, entries.values()))
    if (text.count("\n") != len(entries) + 1 or text.count("\t") != readings or "\t\t" in text
            or "\t\n" in text or "\n\t" in text):
        return None  # a separator inside a word or a reading, or an empty one: not readable back
    return text


_NOT_TEXT = object()


def _region_bytes(entries: Entries) -> bytes:
    longest = max(map(len, entries), default=0)
    text = _text_of(entries) if longest <= 255 else None
    if text is not None:
        return b"T" + bytes([longest]) + text.encode("utf-8")
    return b"M\x00" + marshal.dumps(entries)


def build_index(table: Mapping[int, Entries], *, key: str) -> bytes:
    """The index file of pykakasi's table ``{code point: {word: [(reading, class), ...]}}``, order kept."""
    if len(key) != _KEY_LEN or not key.isascii():
        raise ValueError("the key is 32 ASCII characters")
    chars = sorted(table)
    blobs = [_region_bytes(table[c]) for c in chars]
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


def load_index(directory: Path | None = None) -> Mapping[int, Words]:
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


def install(table: Mapping[int, Words]) -> bool:
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


#: pykakasi versions whose internals addrjp's converter replaces were proved against: the word lookup
#: (``JConv.convert``, :class:`LongestMatch`: tests/quality/test_kanwa_longest_match.py) and the script
#: conversion (``IConv.convert``, :func:`addrjp.quality.readings.hiragana_only`); another version keeps its own.
PROVED_PYKAKASI = frozenset({"2.3.0"})


@lru_cache(maxsize=1)
def pykakasi_proved() -> bool:
    """True when the installed pykakasi is one of :data:`PROVED_PYKAKASI`."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pykakasi") in PROVED_PYKAKASI
    except PackageNotFoundError:  # pragma: no cover - a declared dependency
        return False


class LongestMatch:
    """pykakasi's word lookup (最長一致, longest match: the reading of the longest dictionary word the text
    starts with), by looking up the text's prefixes, longest first, instead of scanning every word filed
    under its first character.

    pykakasi keeps, of the words that start the text and have an entry for the text before it (*btext*: an
    entry without okurigana class, or one whose class holds it), the longest and its first such entry. Two
    different words of one length cannot both start a text, so the longest prefix that is such a word gives
    the same answer. A text whose variant characters change its length (variation selectors) is left to
    pykakasi's own lookup, with every other call it has (:meth:`__getattr__`).
    """

    def __init__(self, jconv: Any) -> None:
        self._own = jconv
        self._itaiji = jconv._itaiji
        self._kanwa = jconv._kanwa
        self.convert = lru_cache(maxsize=512)(self._convert)  # as pykakasi's own

    def __getattr__(self, name: str) -> Any:
        return getattr(self._own, name)

    def _convert(self, itext: str, btext: str) -> tuple[str, int]:
        text = self._itaiji.convert(itext)
        if len(text) != len(itext):
            own: tuple[str, int] = self._own.convert(itext, btext)
            return own
        table = self._kanwa.load(text[0])
        if table is None:
            return "", 0
        for n in range(min(len(text), getattr(table, "longest", len(text))), 0, -1):
            entries = table.get(text[:n])
            if entries:
                for reading, klass in entries:
                    if klass is None or btext in klass:
                        return reading, n
        return "", 0


def use_longest_match(kakasi: Any) -> bool:
    """Give *kakasi* (a ``pykakasi.Kakasi()``) the :class:`LongestMatch` lookup when its pykakasi is one it
    was proved against (:func:`pykakasi_proved`) and has the expected shape; True when in use."""
    if not pykakasi_proved():
        return False
    jconv = getattr(kakasi, "_jconv", None)
    if isinstance(jconv, LongestMatch):
        return True
    if jconv is None or not all(hasattr(jconv, a) for a in ("_itaiji", "_kanwa", "convert", "isRegion")):
        return False
    kakasi._jconv = LongestMatch(jconv)
    return True


def use_index() -> bool:
    """Install the lazily loaded dictionary into pykakasi (once per process); True when it is in use."""
    if os.environ.get("ADDRJP_KANWA_INDEX", "1") == "0":  # pykakasi's own loading, e.g. to compare
        return False
    try:
        table = load_index()
    except (OSError, ValueError, ImportError):
        return False  # pykakasi loads its dictionary itself
    return install(table)


__all__ = ["PROVED_PYKAKASI", "CharWords", "KanwaIndex", "LongestMatch", "build_index", "dictionary_path",
           "index_key", "install", "load_index", "pykakasi_proved", "use_index", "use_longest_match"]
