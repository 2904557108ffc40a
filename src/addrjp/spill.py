"""Frames put aside during a run (退避, spill): kept in memory, or written to a private folder.

A run over more rows than fit in memory at once reads, works and writes in parts, and keeps what a later
step needs — the register's chunks, the duplicates' blocks, the rows of the review page — in a
:class:`Spill`: each part is appended under a key and taken back, in order, when its step comes. With a
folder, each part is an Arrow IPC file (LZ4, owner-only) in it; without one, the parts stay in memory (a
ward's register: nothing is written). The folder belongs to the run (the caller makes it inside its marked
temporary folder and removes it); nothing here outlives the run.

A spill with a folder may also be given a :class:`MemoryBudget` (保持上限, a bound on what is held): its parts
then stay in memory while the Arrow buffers of all the parts held under that budget (each buffer counted once,
however many parts share it) fit in the budget's bytes, and go to files beyond it. Writing a part to a file
and reading it back costs a few milliseconds of CPU a megabyte (Arrow IPC); a register of a million rows puts
aside about 1.3 GB over its run, so a budget of a few hundred megabytes saves seconds there while a larger
register still goes to the folder past the bound.

>>> import polars as pl
>>> spill = Spill()
>>> spill.append("a", pl.DataFrame({"x": [1]})); spill.append("a", pl.DataFrame({"x": [2]}))
>>> spill.take("a")["x"].to_list(), spill.keys()
([1, 2], [])
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     budget = MemoryBudget(1 << 20)
...     held = Spill(Path(folder), budget=budget)
...     held.append("a", pl.DataFrame({"x": range(1000)}))      # 8 kB: held in memory
...     held.append("a", pl.DataFrame({"x": range(500_000)}))   # 4 MB: beyond the budget, a file
...     (budget.held, len(list(Path(folder).iterdir())), held.take("a").height, budget.held)
(8000, 1, 501000, 0)
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl

FILE_MODE = 0o600


class MemoryBudget:
    """The bytes of frames that spills sharing this budget may hold in memory (保持上限, a bound on what is held).

    A part is held when the buffers it would add to those already held fit within *limit*: the distinct Arrow
    buffers the parts keep alive (:func:`held_bytes`'s view, but each buffer counted once: a filter or the
    pieces of one frame share its string buffers, and the budget counts them as the memory they are). Arrow's
    view shows a slice from the start of a column as a buffer of the slice's length, so a part that is only
    such a slice of a larger frame is counted by its length. In a run that is at most a reader's batch of line
    numbers (8 bytes a row) under a chunk cut from the batch's start: its other parts are frames joined,
    selected, concatenated or dealt by ``partition_by``, whose numbers are new buffers, and text buffers are
    shown whole.

    >>> budget = MemoryBudget(100_000)
    >>> frame = pl.DataFrame({"x": range(10_000)})                 # one 80 kB buffer
    >>> first, again = budget.hold(frame), budget.hold(frame[:10])  # a slice shares it: nothing more
    >>> budget.held, budget.hold(pl.DataFrame({"y": range(10_000)})), budget.peak
    (80000, None, 80000)
    >>> budget.release(first); budget.release(again); budget.held
    0
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.held = 0  #: bytes of the buffers held now
        self.peak = 0  #: the most held at once
        self._refs: dict[int, list[int]] = {}  # buffer address: [size, parts holding it]

    def hold(self, frame: pl.DataFrame) -> Any:
        """Count *frame*'s buffers as held and return what :meth:`release` takes back, or None (nothing
        counted) when they would take the budget past its limit. (What is returned also keeps the Arrow view
        the buffers were read from alive, so that their addresses are not another buffer's while counted.)"""
        try:
            table, found = _buffers(frame)
        except (pl.exceptions.PolarsError, TypeError, ValueError, NotImplementedError):
            return None  # a column Arrow has no zero-copy view of: not held (the part goes to a file, as before)
        # a buffer seen again counts once, at the largest size seen (a slice from its start may be shown as a
        # shorter buffer at the same address, and keeps the whole one alive)
        buffers: dict[int, int] = {}
        for buf in found:
            buffers[buf.address] = max(buffers.get(buf.address, 0), buf.size)
        refs = self._refs
        new = sum(max(size - refs[address][0], 0) if address in refs else size for address, size in buffers.items())
        if self.held + new > self.limit:
            return None
        for address, size in buffers.items():
            ref = refs.get(address)
            if ref is None:
                refs[address] = [size, 1]
            else:
                ref[0] = max(ref[0], size)
                ref[1] += 1
        self.held += new
        self.peak = max(self.peak, self.held)
        return (table, tuple(buffers))

    def release(self, held: Any) -> None:
        """A held part let go (what :meth:`hold` gave): its buffers no longer counted for it (those no part
        holds leave the count)."""
        for address in held[1]:
            ref = self._refs[address]
            ref[1] -= 1
            if not ref[1]:
                del self._refs[address]
                self.held -= ref[0]


class _Held:
    """A part kept in memory under a budget, with the buffers it is counted by."""

    __slots__ = ("counted", "frame")

    def __init__(self, frame: pl.DataFrame, counted: Any) -> None:
        self.frame = frame
        self.counted = counted


class Spill:
    """Parts of frames under keys, in memory (no *folder*) or as files in *folder* (which must exist); with a
    *budget*, the parts of a spill with a folder stay in memory as long as the budget holds them."""

    def __init__(self, folder: Path | None = None, *, budget: MemoryBudget | None = None) -> None:
        self.folder = folder
        self.budget = budget
        self._parts: dict[str, list[pl.DataFrame | Path | _Held]] = {}
        self._count = 0
        self.bytes_written = 0

    @property
    def on_disk(self) -> bool:
        """Whether parts go to the folder (past the budget, if there is one)."""
        return self.folder is not None

    def append(self, key: str, frame: pl.DataFrame) -> None:
        """Add *frame* as the next part under *key* (an empty frame is kept too: it holds the schema)."""
        parts = self._parts.setdefault(key, [])
        if self.folder is None:
            parts.append(frame)
            return
        if self.budget is not None:
            counted = self.budget.hold(frame)
            if counted is not None:
                parts.append(_Held(frame, counted))
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
                yield _read(part) if isinstance(part, Path) else part.frame if isinstance(part, _Held) else part
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
            elif isinstance(part, _Held):
                self._release(part)
                frame = part.frame
                del part
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
                elif isinstance(part, _Held):
                    self._release(part)
        self._parts.clear()

    def _release(self, part: _Held) -> None:
        if self.budget is not None:
            self.budget.release(part.counted)


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
    return sum(buf.size for buf in _buffers(frame)[1])


def _buffers(frame: pl.DataFrame) -> tuple[Any, list[Any]]:
    """*frame* as Arrow (zero-copy: polars' own buffers) and every buffer of its columns' chunks (a buffer
    two columns share, once for each)."""
    table = frame.to_arrow(compat_level=pl.CompatLevel.newest())
    return table, [buf for column in table.columns for chunk in column.chunks
                   for buf in chunk.buffers() if buf is not None]


def _read(path: Path) -> pl.DataFrame:
    with open(path, "rb") as fh:  # read into memory (not mapped: the file goes once read)
        return pl.read_ipc(fh)


__all__ = ["MemoryBudget", "Spill", "compact", "held_bytes"]
