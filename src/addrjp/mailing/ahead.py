"""Address work started while the register is still being read (先読み検証, sakiyomi kenshō: validation ahead).

A register larger than one chunk is read whole before its rows are worked, because the area of the run
(``--area auto``, the default) is settled from the tally of every row (:mod:`addrjp.mailing.area`). The
worker processes, forked before the read, would wait for it. Instead, each chunk's distinct addresses go to
them as soon as the chunk is read (:meth:`AheadWork.offer`), validated with the area the run would have if
the register ended there (the area given, or the one inferred from the chunks read so far): the
*speculative* options. When the read ends and the area is settled, a chunk's results are kept only when the
options they were made with are the run's options (:func:`same_options`: equal in every field but where the
area came from, which the validation does not read); otherwise they are thrown away and the chunk's
addresses are validated again, as if nothing had been done ahead.

A register of one chunk (a ward's: the chunk is shorter than the reader's) is offered as soon as it is
read, with the area inferred from a sample of its rows (``run.GUESS_ROWS``): the workers start on its
addresses while this process infers the area from every row, applies the age rule and the decisions and
makes the chunk's keys, instead of after all of that. The same rule keeps or drops the work.

The results are therefore by construction those of a run without this step: each address's outcome is a
function of the address and the options (:func:`~addrjp.mailing.address_stage._address_outcomes`), and
:class:`AddressJob` gives :meth:`~addrjp.mailing.pipeline.CleanRun.start` the outcomes of exactly its
chunk's keys, in its order — those validated ahead with the same options, and the others (keys that the
ward's decisions corrected, or that were not sent ahead) validated then.

Memory stays bounded: at most :data:`AHEAD_CHUNKS` chunks are in the workers at once; the results of a
chunk that is done while the read goes on are put aside in the run's scratch folder.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import polars as pl

if TYPE_CHECKING:  # pragma: no cover
    from addrjp.mailing.jobs import _Chunks
    from addrjp.mailing.options import Options, Progress

#: Chunks whose addresses may be in the workers at once during the read (0: nothing is done ahead). The
#: workers validate about a chunk in the time the reader reads five, so two keep them busy.
AHEAD_CHUNKS = 2
#: The columns that identify an address (the key of the address work).
KEYS = ("postal_code", "address", "address2")


def same_options(a: Options, b: Options) -> bool:
    """True when options *a* and *b* validate an address alike: equal in every field except where the area
    came from (``area_source``, ``area_share``: said in the manifest, never read by the validation)."""
    return dataclasses.replace(a, area_source=None, area_share=None) == dataclasses.replace(
        b, area_source=None, area_share=None)


def chunk_keys(base: pl.DataFrame, opts: Options, *, selection: pl.DataFrame | None = None) -> pl.DataFrame:
    """The distinct addresses of a prepared chunk's rows that the age rule keeps, as ``start`` finds them
    before the ward's decisions (which may only change a few). *selection*: the chunk's
    :func:`~addrjp.mailing.pipeline.selection_part` with *opts*, when already made."""
    from addrjp.mailing.pipeline import RANK_EXCLUDED, selection_part

    if selection is None:
        selection = selection_part(base, opts)
    kept = selection["s_rank"] < RANK_EXCLUDED
    return base.select(*KEYS).filter(kept).unique(maintain_order=True)


def selection_reusable(opts: Options) -> bool:
    """True when the age rule's columns made for a chunk during the read (with options that are *opts* in
    every field but the area's: :func:`same_options`) are those ``start`` would make: the rule reads only
    ``min_age`` and ``as_of``, and a rule whose day is today (``as_of`` None) is read again (the day may
    have changed since)."""
    return opts.min_age is not None and opts.as_of is not None


class _Ahead:
    """One chunk's addresses given to the workers during the read: the options and keys they were given
    with, and the job (while it runs) or the results (put aside once it is done)."""

    def __init__(self, opts: Options, keys: pl.DataFrame, job: _Chunks[Any, Any], *,
                 selection: pl.DataFrame | None = None) -> None:
        self.opts = opts
        self.keys = keys
        self.job: _Chunks[Any, Any] | None = job
        self.kept: Callable[[], pl.DataFrame] | None = None
        #: the chunk's age rule columns made with *opts* (kept for a register of one chunk, whose ``start``
        #: takes them when :func:`selection_reusable`), else None
        self.selection = selection

    @property
    def running(self) -> bool:
        return self.job is not None and not all(f.done() for f in self.job.futures)

    def outcomes(self) -> pl.DataFrame:
        """The keys with their outcomes (``_ADDRESS_SCHEMA``'s columns), in the keys' order."""
        from addrjp.mailing.pipeline import _ADDRESS_SCHEMA

        if self.job is not None:
            frame = pl.concat([self.keys, self.job.frame(_ADDRESS_SCHEMA)], how="horizontal")
            self.job = None
            return frame
        if self.kept is None:
            raise RuntimeError("the results of the work ahead were let go")
        frame = self.kept()
        self.kept = None
        return frame

    def cancel(self) -> None:
        if self.job is not None:
            self.job.close()  # what has not started is cancelled; what runs is let finish and dropped
            self.job = None
        self.kept = None


class AheadWork:
    """The address work of a run started during the read (see the module's text).

    *pool* is the run's :class:`~addrjp.mailing.workers.WorkerPool`; *spill* a callable giving the
    :class:`~addrjp.spill.Spill` where finished results wait (made on first use, in the run's scratch folder).
    """

    def __init__(self, pool: Any, spill: Callable[[], Any], *, chunks: int | None = None) -> None:
        self.pool = pool
        self._spill = spill
        self.limit = AHEAD_CHUNKS if chunks is None else chunks
        self.chunks: dict[int, _Ahead] = {}
        self.sent = self.kept = self.dropped = 0  # chunks sent ahead, their results kept, thrown away

    def room(self) -> bool:
        """True when one more chunk may go to the workers now (the finished ones are put aside first)."""
        if self.limit <= 0:
            return False
        for index, ahead in self.chunks.items():
            if ahead.job is not None and not ahead.running:
                self._put_aside(index, ahead)
        return sum(a.running for a in self.chunks.values()) < self.limit

    def _put_aside(self, index: int, ahead: _Ahead) -> None:
        try:
            frame = ahead.outcomes()
        except Exception:  # the chunk is validated again in its turn, which reports the fault
            ahead.cancel()
            return
        spill = self._spill()
        key = f"ahead{index}"
        spill.append(key, frame)
        ahead.kept = lambda: spill.take(key)

    def offer(self, index: int, base: pl.DataFrame, opts: Callable[[], Options | None], *,
              progress: Progress | None = None, keep_selection: bool = False) -> None:
        """Chunk *index* (prepared) has been read: its addresses go to the workers with the options *opts*
        gives (None: the run's options cannot be guessed yet, nothing is sent) when there is room.
        *progress* is told of the work as its results are gathered (a register of one chunk, whose address
        stage is all of this work); *keep_selection*: the age rule's columns made here are kept with the
        work, for ``start`` (a register of one chunk: held in memory anyway)."""
        if not self.room():
            return
        try:
            guess = opts()
        except Exception:  # an area that does not resolve is reported after the read, as before
            return
        if guess is None:
            return
        from addrjp.mailing.address_stage import _address_outcomes
        from addrjp.mailing.jobs import _Chunks
        from addrjp.mailing.pipeline import selection_part

        try:
            selection = selection_part(base, guess)
            keys = chunk_keys(base, guess, selection=selection)
            job = _Chunks(_address_outcomes, keys.rows(), guess, "addresses", progress, pool=self.pool)
        except Exception:  # the same work in its turn reports it, after the reader's checks of the last chunk
            return
        if not job.in_workers:  # too few addresses for the workers: validated in their turn
            job.close()
            return
        self.chunks[index] = _Ahead(guess, keys, job, selection=selection if keep_selection else None)
        self.sent += 1

    def take(self, index: int, opts: Options) -> _Ahead | None:
        """Chunk *index*'s work ahead, when it was done with the run's options *opts*; else None (and what
        was done is thrown away)."""
        ahead = self.chunks.pop(index, None)
        if ahead is None:
            return None
        if ahead.job is None and ahead.kept is None:  # its work failed while put aside: done again in its turn
            self.dropped += 1
            return None
        if not same_options(ahead.opts, opts):
            ahead.cancel()
            self.dropped += 1
            return None
        self.kept += 1
        return ahead

    def close(self) -> None:
        for ahead in self.chunks.values():
            ahead.cancel()
        self.chunks.clear()


class AddressJob:
    """The address work of a chunk (the interface of :class:`~addrjp.mailing.jobs._Chunks`) when part
    of it was done ahead: the keys not done ahead are validated now (in the workers when there are many),
    and :meth:`frame` gives every key's outcomes in the order of *keys*."""

    def __init__(self, keys: pl.DataFrame, ahead: _Ahead, opts: Options, progress: Progress | None, *,
                 pool: Any) -> None:
        from addrjp.mailing.address_stage import _address_outcomes
        from addrjp.mailing.jobs import _Chunks

        self.keys = keys.select(*KEYS)
        self.ahead = ahead
        self.progress = progress
        self.rest = self.keys.join(ahead.keys, on=list(KEYS), how="anti", nulls_equal=True, maintain_order="left")
        self.job = _Chunks(_address_outcomes, self.rest.rows(), opts, "addresses", progress, pool=pool)

    @property
    def in_workers(self) -> bool:
        """True while any of the work runs in other processes (this one is free meanwhile)."""
        return self.job.in_workers or self.ahead.running

    def __enter__(self) -> AddressJob:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.job.close()
        self.ahead.cancel()

    def frame(self, schema: dict[str, Any]) -> pl.DataFrame:
        """Every key's outcomes (the columns of *schema*), in the order of the keys."""
        try:
            done = self.ahead.outcomes()
            now = pl.concat([self.rest, self.job.frame(schema)], how="horizontal")
        finally:
            self.close()
        if not now.height and done.select(KEYS).equals(self.keys):
            # every key done ahead, in the order of the keys (a register of one chunk without decisions): the
            # join would give these rows as they are (each key once), after the last result, in the serial part
            found = done
        else:
            both = pl.concat([done, now], how="vertical")
            found = self.keys.join(both, on=list(KEYS), how="left", nulls_equal=True, maintain_order="left")
        if self.progress and not self.rest.height:  # every key was done ahead: the stage is shown done
            self.progress("addresses", self.keys.height, self.keys.height)
        return found.select(list(schema))


def address_job(keys: pl.DataFrame, opts: Options, progress: Progress | None, *, pool: Any,
                ahead: _Ahead | None) -> Any:
    """The address work of a chunk's *keys*: a :class:`~addrjp.mailing.jobs._Chunks` when nothing was
    done ahead, else an :class:`AddressJob` that takes what was."""
    if ahead is None:
        from addrjp.mailing.address_stage import _address_outcomes
        from addrjp.mailing.jobs import _Chunks

        return _Chunks(_address_outcomes, keys.rows(), opts, "addresses", progress, pool=pool)
    return AddressJob(keys, ahead, opts, progress, pool=pool)


__all__ = ["AHEAD_CHUNKS", "AddressJob", "AheadWork", "address_job", "chunk_keys", "same_options",
           "selection_reusable"]
