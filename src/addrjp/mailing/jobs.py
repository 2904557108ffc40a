"""Work over distinct values in the worker processes (ワーカーへの分配: chunks of addresses or names).

:class:`_Chunks` runs a stage's function over its distinct values in chunks (:func:`chunk_sizes`), in the
run's pool of forked processes when there are many, and gathers the results in order as one frame. Only the
gathering needs polars (imported there): what runs in a worker never does (a forked child must not call
polars, whose thread pool does not survive the fork).

>>> _columns_of(lambda items, _opts: [(i, 2 * i) for i in items], [1, 2, 3], Options())
[(1, 2, 3), (2, 4, 6)]
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from addrjp.mailing.options import Options, Progress

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    import polars as pl

T = TypeVar("T")
R = TypeVar("R")

#: Distinct values above which validation runs in a pool of processes: where the address work the second
#: worker takes over outweighs what the pool costs (measured at 35k: ~5.5 µs of CPU a key for the keys and
#: results crossing the pipes, ~40 ms to fork and start; see docs/performance.md).
PARALLEL_MIN_DISTINCT = 8_000
#: Values of a chunk of work for a worker, at most; the last chunks are smaller (:func:`chunk_sizes`).
CHUNK_SIZE = 2_000
#: The smallest chunk :func:`chunk_sizes` makes (~25 ms of a worker's time: the pipe's cost stays small).
MIN_CHUNK_SIZE = 250


def chunk_sizes(total: int, workers: int) -> list[int]:
    """The sizes of the chunks *total* values are worked in, in order: :data:`CHUNK_SIZE` while much is
    left, then a quarter of what is left per worker pair, down to :data:`MIN_CHUNK_SIZE`, so that the
    workers end within a small chunk of each other instead of one waiting for the other's last full chunk
    (guided scheduling). The chunks cover the values in order: the results are the same.

    >>> chunk_sizes(20_825, 2)[-8:], sum(chunk_sizes(20_825, 2))
    ([720, 540, 405, 304, 250, 250, 250, 159], 20825)
    >>> chunk_sizes(4_500, 1)
    [2000, 2000, 500]
    """
    sizes: list[int] = []
    left = total
    while left > 0:
        size = CHUNK_SIZE if workers < 2 else min(CHUNK_SIZE, max(MIN_CHUNK_SIZE, -(-left // (2 * workers))))
        size = min(size, left)
        sizes.append(size)
        left -= size
    return sizes


def _multiprocessing() -> ModuleType:
    """The multiprocessing module, imported by the first run that uses a pool (not at start-up)."""
    import multiprocessing

    return multiprocessing


def _columns_of(func: Callable[[Sequence[T], Options], list[R]], items: Sequence[T],
                opts: Options) -> list[tuple[Any, ...]]:
    """*func* of *items*, its rows turned into columns (in the worker: columns cross the pipe and become a
    frame faster than rows)."""
    return list(zip(*func(items, opts), strict=True))


def _frame_of_columns(columns: Sequence[Sequence[Any]], schema: dict[str, Any]) -> pl.DataFrame:
    import polars as pl

    if not columns:
        return pl.DataFrame(schema=schema)
    return pl.DataFrame({name: list(col) for name, col in zip(schema, columns, strict=True)}, schema=schema)


def workers_for(opts: Options) -> int:
    """Worker processes a run may use: ``--workers``, else up to 2 (the cores of the machine)."""
    return opts.workers if opts.workers is not None else min(2, os.cpu_count() or 1)


class _Chunks(Generic[T, R]):
    """*func* over *items* in chunks: started at once in a pool of forked processes when there are many,
    so this process can do other work meanwhile; :meth:`frame` gathers them in order.

    The pool is the run's (*pool*, a :class:`~addrjp.mailing.workers.WorkerPool` started before the register
    was read), or one made here: then *func* runs here first on the first item, which loads the postal
    index, its areas (read with polars) and the town master into this process, and the workers inherit them.
    A forked child must never call polars itself (its thread pool does not survive a fork: the child would
    hang).
    """

    def __init__(self, func: Callable[[Sequence[T], Options], list[R]], items: Sequence[T], opts: Options,
                 stage: str, progress: Progress | None, *, parallel: bool = True, pool: Any = None) -> None:
        self.func, self.opts, self.stage, self.progress = func, opts, stage, progress
        self.total = len(items)
        workers = workers_for(opts)
        self.chunks = []
        start = 0
        for size in chunk_sizes(self.total, workers):
            self.chunks.append(items[start:start + size])
            start += size
        self.pool: ProcessPoolExecutor | None = None  # made here, shut down here
        self.futures: list[Future[list[tuple[Any, ...]]]] = []
        self.parallel = parallel and self.total >= PARALLEL_MIN_DISTINCT
        if self.parallel and pool is not None:
            self.futures = [pool.submit(_columns_of, func, chunk, opts) for chunk in self.chunks]
            self.chunks = []
        elif self.parallel and workers > 1 and "fork" in _multiprocessing().get_all_start_methods():
            func(items[:1], opts)  # warm up: load the data here, before the fork
            from concurrent.futures import ProcessPoolExecutor

            from addrjp.mailing.workers import load_before_fork, worker_start

            load_before_fork()

            # each worker ends with this process, even after kill -9 (no orphan holds the register)
            self.pool = ProcessPoolExecutor(workers, mp_context=_multiprocessing().get_context("fork"),
                                            initializer=worker_start, initargs=(os.getpid(),))
            self.futures = [self.pool.submit(_columns_of, func, chunk, opts) for chunk in self.chunks]
            self.chunks = []  # the pool holds them until each is done

    @property
    def in_workers(self) -> bool:
        """True when the work runs in other processes (this one is free meanwhile)."""
        return bool(self.futures)

    def __enter__(self) -> _Chunks[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for f in self.futures:
            f.cancel()
        self.futures = []
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None

    def _done(self) -> Iterator[list[tuple[Any, ...]]]:
        """The workers' results in order, each future let go once read (so its result can be freed)."""
        self.futures.reverse()
        while self.futures:
            yield self.futures.pop().result()

    def frame(self, schema: dict[str, Any]) -> pl.DataFrame:
        """The results as one frame, each chunk made columnar as it arrives (no list of all the tuples)."""
        import polars as pl

        frames: list[pl.DataFrame] = []
        done = 0
        try:
            parts: Iterable[list[tuple[Any, ...]]] = (
                self._done() if self.futures else (_columns_of(self.func, c, self.opts) for c in self.chunks))
            for part in parts:
                frames.append(_frame_of_columns(part, schema))
                done += frames[-1].height
                if self.progress:
                    self.progress(self.stage, done, self.total)
        finally:
            self.close()
        if not frames:
            return pl.DataFrame(schema=schema)
        return pl.concat(frames, how="vertical", rechunk=True)


__all__ = ["CHUNK_SIZE", "MIN_CHUNK_SIZE", "PARALLEL_MIN_DISTINCT", "chunk_sizes", "workers_for"]
