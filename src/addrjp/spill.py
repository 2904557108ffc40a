"""Frames put aside during a run (退避, spill): kept in memory, or written to a private folder.

A run over more rows than fit in memory at once reads, works and writes in parts, and keeps what a later
step needs — the register's chunks, the duplicates' blocks, the rows of the review page — in a
:class:`Spill`: each part is appended under a key and taken back, in order, when its step comes. With a
folder, each part is an Arrow IPC file (LZ4, owner-only) in it; without one, the parts stay in memory (a
ward's register: nothing is written). The folder belongs to the run (the caller makes it inside its marked
temporary folder and removes it); nothing here outlives the run.

>>> import polars as pl
>>> spill = Spill()
>>> spill.append("a", pl.DataFrame({"x": [1]})); spill.append("a", pl.DataFrame({"x": [2]}))
>>> spill.take("a")["x"].to_list(), spill.keys()
([1, 2], [])
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import polars as pl

FILE_MODE = 0o600


class Spill:
    """Parts of frames under keys, in memory (no *folder*) or as files in *folder* (which must exist)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._parts: dict[str, list[pl.DataFrame | Path]] = {}
        self._count = 0
        self.bytes_written = 0

    @property
    def on_disk(self) -> bool:
        return self.folder is not None

    def append(self, key: str, frame: pl.DataFrame) -> None:
        """Add *frame* as the next part under *key* (an empty frame is kept too: it holds the schema)."""
        parts = self._parts.setdefault(key, [])
        if self.folder is None:
            parts.append(frame)
            return
        self._count += 1
        # a name of its own (O_EXCL, owner-only): several spills may share the run's scratch folder
        fd, name = tempfile.mkstemp(prefix=f"part-{self._count:07d}-", suffix=".arrow", dir=self.folder)
        path = Path(name)
        os.fchmod(fd, FILE_MODE)
        with open(fd, "wb") as fh:
            frame.write_ipc(fh, compression="lz4")
        self.bytes_written += path.stat().st_size
        parts.append(path)

    def keys(self) -> list[str]:
        return [k for k, v in self._parts.items() if v]

    def has(self, key: str) -> bool:
        return bool(self._parts.get(key))

    def parts(self, key: str, *, keep: bool = False) -> Iterator[pl.DataFrame]:
        """The parts under *key*, in the order they were added; each is let go once read unless *keep*."""
        parts = self._parts.get(key, [])
        if keep:
            for part in list(parts):
                yield _read(part) if isinstance(part, Path) else part
            return
        self._parts.pop(key, None)
        parts.reverse()
        while parts:
            part = parts.pop()  # read once: let it go
            if isinstance(part, Path):
                frame = _read(part)
                with contextlib.suppress(OSError):
                    part.unlink()
                yield frame
            else:
                yield part

    def take(self, key: str, *, keep: bool = False) -> pl.DataFrame:
        """The parts under *key* as one frame (an empty frame when there are none)."""
        frames = list(self.parts(key, keep=keep))
        if not frames:
            return pl.DataFrame()
        return frames[0] if len(frames) == 1 else pl.concat(frames, how="vertical_relaxed", rechunk=True)

    def clear(self) -> None:
        """Let every part go (files removed)."""
        for parts in self._parts.values():
            for part in parts:
                if isinstance(part, Path):
                    with contextlib.suppress(OSError):
                        part.unlink()
        self._parts.clear()


def compact(frame: pl.DataFrame) -> pl.DataFrame:
    """*frame* in buffers of its own (圧縮, compacted). A filter, a slice or a selection of a polars frame
    shares the string buffers of the whole frame it came from (string views): a few rows kept from each
    part of a large run keep every part's text alive. Written to Arrow IPC and read back, only the rows'
    own bytes remain.

    >>> big = pl.DataFrame({"s": [f"新宿区西新宿{i}丁目の長い住所" for i in range(10_000)]})
    >>> held_bytes(compact(big.head(2))) < held_bytes(big.head(2)) // 100
    True
    """
    buf = io.BytesIO()
    frame.write_ipc(buf)
    buf.seek(0)
    return pl.read_ipc(buf)


def held_bytes(frame: pl.DataFrame) -> int:
    """The bytes of the buffers *frame* keeps alive (shared ones counted whole), as Arrow sees them: what
    :meth:`polars.DataFrame.estimated_size` does not say of a filtered string column."""
    table = frame.to_arrow(compat_level=pl.CompatLevel.newest())  # zero-copy: polars' own buffers
    return sum(buf.size for column in table.columns for chunk in column.chunks
               for buf in chunk.buffers() if buf is not None)


def _read(path: Path) -> pl.DataFrame:
    with open(path, "rb") as fh:  # read into memory (not mapped: the file goes once read)
        return pl.read_ipc(fh)


__all__ = ["Spill", "compact", "held_bytes"]
