"""A whole ``addrjp clean`` run (一括クレンジングの実行) at any size: read, worked and written in chunks.

A ward's register (tens of thousands of rows) is one chunk, held in memory from start to end. A larger one
is read in chunks of :data:`~addrjp.mailing.reader.CHUNK_ROWS` rows, and no step holds the whole list:

1. **read** — each chunk read and checked (:class:`~addrjp.mailing.reader.RegisterSource`), the area's
   evidence counted (:class:`~addrjp.mailing.area.AreaTally`), the rows the ward's decisions name kept, the
   chunk put aside (:class:`~addrjp.spill.Spill`: Arrow IPC files in the run's scratch folder, inside its
   marked temporary output folder). The area is settled once the whole register is read, as before; but
   each full chunk's distinct addresses already go to the workers as it is read, with the area the run would
   have if the register ended there (:mod:`addrjp.mailing.ahead`: kept only when that is the run's area);
   a register of one chunk (a ward's) sends its addresses as soon as it is read, with the area of a sample
   of its rows (:data:`GUESS_ROWS`), while the area of every row is inferred here.
2. **rows** — each chunk's distinct addresses go to the worker processes while this process normalises the
   names of the chunk before (:meth:`~addrjp.mailing.pipeline.CleanRun.start` / ``complete``); the worked
   rows are put aside, and their keys dealt into the duplicates' partitions by block.
3. **duplicates** — found block by block (:class:`~addrjp.quality.duplicates.BlockedDuplicates`), the same
   pairs as over the whole list; each partition's rows are dealt back to their chunks.
4. **write** — each chunk finished (:meth:`~addrjp.mailing.pipeline.CleanRun.finish_part`) and appended to
   mailing.csv and findings.csv (:class:`~addrjp.mailing.outputs.Outputs`, rows counted from the written
   bytes), then report.html and manifest.json; the folder is published atomically, or nothing is.

The worker pool is forked before the register is read, while this process is small (a forked child's resident
size starts as its parent's), once the data the workers need is loaded here.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import time
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

import polars as pl

from addrjp.mailing.address_stage import _address_outcomes
from addrjp.mailing.jobs import workers_for
from addrjp.mailing.options import Options, Progress, require_birthdate
from addrjp.mailing.pipeline import CleanRun, RunResult, prepare_input
from addrjp.mailing.side_files import load_side_files

#: Rows per partition of the duplicates (rows dealt by block) when the register comes in several chunks.
PARTITION_ROWS = 500_000
#: Bytes of the parts a register of several chunks puts aside (its chunks, their worked rows, the duplicates'
#: blocks) that are held in memory before the rest go to the run's scratch folder
#: (:class:`~addrjp.spill.MemoryBudget`). A million rows put aside ~1.3 GB over the run, at most ~626 MB at
#: once (their buffers, each counted once), and writing them to files and reading them back cost ~4–5 s of
#: CPU there (docs/performance-log.md, "The parts put aside, held in memory up to a budget").
SPILL_MEMORY = 640 << 20
#: A register file larger than this files every part it puts aside, as before the budget: its read holds the
#: workers' results for the chunks read ahead of the rows step, which grow with the register (~2.4 GB summed
#: by the end of a 10M register's read), and the budget on top of them took that run's peak from 2.2–3.1 GB
#: to 2.8–3.5 GB, near the 4 GB bound, for 1.6 % of its time. A 1M-row register's file is ~85 MB.
SPILL_MEMORY_MAX_INPUT = 256 << 20
#: A register file at least this large gets the run's worker pool (forked before it is read); a smaller
#: one is worked in this process (too few distinct addresses to pay for the processes). A register row is
#: ~80 bytes and ~98 % of its addresses are distinct, so this is the size at which a register has the
#: :data:`~addrjp.mailing.jobs.PARALLEL_MIN_DISTINCT` addresses that the pool is used for: a smaller file
#: would fork workers that are never given work (docs/performance-log.md, "the pool, by its measured cost").
POOL_MIN_BYTES = 640_000
#: Rows of a register read as one chunk (a ward's) from which the work ahead guesses the run's area
#: (``--area auto``), every so many rows of it: the guess decides only whether that work is kept
#: (:func:`~addrjp.mailing.ahead.same_options`); the run's area is inferred from every row after the read.
GUESS_ROWS = 2_000
#: An address the warm-up validates before the workers are forked (loads what they need). Names are not
#: warmed here: this process normalises them while the workers read addresses, and loads their tables then.
_WARM_ADDRESS = ("160-0023", "東京都新宿区西新宿2-8-1", "")


def run_register(input_path: str | Path, out_dir: str | Path, opts: Options, *, encoding: str | None = None,
                 mapping: dict[str, str] | None = None, force: bool = False, progress: Progress | None = None,
                 notice: Callable[[str], None] | None = None, sheet: str | None = None,
                 chunk_rows: int | None = None) -> RunResult:
    """``addrjp clean`` (:func:`addrjp.mailing.pipeline.run_clean`): see the module's text."""
    from addrjp.mailing.writer import check_out_dir, remove_stale_temporaries

    inp, out = Path(input_path), Path(out_dir)
    started = time.perf_counter()
    check_out_dir(out, force=force, inputs=[inp])
    for line in remove_stale_temporaries(out).notices():
        if notice is not None:
            notice(line)
    load_side_files(opts)
    pool = start_pool(inp, opts)
    try:
        return _run(inp, out, opts, encoding=encoding, mapping=mapping, force=force, progress=progress,
                    sheet=sheet, chunk_rows=chunk_rows, pool=pool, started=started)
    finally:
        if pool is not None:
            pool.shutdown()


def start_pool(inp: Path, opts: Options) -> Any:
    """The run's worker pool, forked now (before the register is read) when the register is large enough
    and the machine has the cores; None otherwise (the work is done in this process)."""
    workers = workers_for(opts)
    if workers < 2:
        return None
    try:
        size = inp.stat().st_size
    except OSError:
        return None  # the reader reports it
    if size < POOL_MIN_BYTES:
        return None  # a small register: the pool's modules are not even imported
    from addrjp.mailing.workers import WorkerPool, fork_available

    if not fork_available():
        return None
    # what the workers need (record validation, the postal index, the town master, the barcode's tables)
    # is loaded here first, so that they inherit it; the area is not known yet and is not needed for that
    warm = dataclasses.replace(opts, area=None, area_source="off")
    from addrjp.collector import lasting

    with lasting():  # modules and data kept to the end (here and in the workers): not walked by the collector
        _address_outcomes([_WARM_ADDRESS], warm)
    return WorkerPool(workers)


def _finished_parts(finish: Callable[[int], pl.DataFrame], count: int) -> Generator[pl.DataFrame, None, None]:
    """``finish(0)``, ``finish(1)`` … ``finish(count - 1)`` in order, each made in a thread while the caller
    writes the one before (``CleanRun.finish_part`` is mostly polars' work, which lets the interpreter's lock
    go; ``Outputs.add`` mostly Python's): one part ahead at most, in order, one at a time. A fault of
    *finish* is raised here, as itself, when its part is asked for; when the caller stops (a fault of its
    own), the part being made is waited for and dropped. A run of one part makes it here, with no thread."""
    if count <= 1:
        if count:
            yield finish(0)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1, thread_name_prefix="addrjp-finish") as ex:
        ahead = ex.submit(finish, 0)
        for i in range(count):
            part = ahead.result()
            if i + 1 < count:
                ahead = ex.submit(finish, i + 1)
            yield part
            del part


def _ahead_work(pool: Any, folder: Any) -> Any:
    """The run's address work during the read (:class:`~addrjp.mailing.ahead.AheadWork`), when it has
    workers; its finished chunks wait in a spill of the run's scratch folder, made when first needed."""
    if pool is None:
        return None
    from addrjp.mailing.ahead import AheadWork
    from addrjp.spill import Spill

    made: list[Spill] = []

    def spill() -> Spill:
        if not made:
            made.append(Spill(folder.scratch()))
        return made[0]

    return AheadWork(pool, spill)


def _sample_guess(base: pl.DataFrame, opts: Options, infer: bool) -> Callable[[], Options]:
    """The options a register read as one chunk (*base*) will likely have: the area given or off as the run
    has it, or (*infer*) the one inferred from every :data:`GUESS_ROWS`-th of its rows."""
    from addrjp.mailing.area import resolve_area

    def guess() -> Options:
        if not infer:
            return resolve_area(pl.DataFrame(), opts)
        return resolve_area(base.gather_every(max(1, base.height // GUESS_ROWS)), opts)

    return guess


def _file_sha256(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


class _Store:
    """Where a run puts its parts: memory while the register is one chunk; from the second chunk on, memory
    up to *budget* bytes (:data:`SPILL_MEMORY`, or 0) and the run's scratch folder past it (the first chunk
    is moved there)."""

    def __init__(self, folder: Any, budget: int) -> None:
        from addrjp.spill import Spill

        self.folder = folder
        self.budget = budget
        self.spill = Spill()

    def put_input(self, base: pl.DataFrame, index: int) -> None:
        if index == 1 and not self.spill.on_disk:
            from addrjp.spill import MemoryBudget, Spill

            first = self.spill.take("input")
            self.spill = Spill(self.folder.scratch(), budget=MemoryBudget(self.budget) if self.budget else None)
            self.spill.append("input", first)
        self.spill.append("input", base)


def _run(inp: Path, out: Path, opts: Options, *, encoding: str | None, mapping: dict[str, str] | None,
         force: bool, progress: Progress | None, sheet: str | None, chunk_rows: int | None, pool: Any,
         started: float) -> RunResult:
    import gc

    from addrjp.mailing.area import AUTO, AreaTally, resolve_area
    from addrjp.mailing.outputs import Outputs
    from addrjp.mailing.reader import CHUNK_ROWS, open_register
    from addrjp.mailing.writer import OutputFolder
    from addrjp.spill import compact

    timings: dict[str, float] = {}
    source = open_register(inp, encoding=encoding, mapping=mapping, sheet=sheet,
                           chunk_rows=chunk_rows or CHUNK_ROWS)
    require_birthdate(list(source.column_map), opts, found=source.columns_found, file=source.file)
    decisions: Any = None
    named_ids: list[str] = []
    if opts.decisions or opts.name_overrides:  # read (and checked) before the register, as before
        from addrjp.review.decisions import RunDecisions

        decisions = RunDecisions.for_run(opts.decisions, opts.name_overrides)
        named_ids = list(decisions.named_ids()) if decisions.decisions else []
    infer = opts.area_source is None and str(opts.area).strip().lower() == AUTO
    with OutputFolder(out, force=force) as folder:
        # 1. read: every chunk checked, the area's evidence counted, the decisions' rows kept, put aside; its
        # addresses given to the workers with the area the run would have if the register ended here
        large = source.size is not None and source.size > SPILL_MEMORY_MAX_INPUT
        store = _Store(folder, 0 if large else SPILL_MEMORY)
        tally = AreaTally()
        named: list[pl.DataFrame] = []
        chunks = 0
        ahead = _ahead_work(pool, folder)
        read_opts = opts

        def guess() -> Options:
            return resolve_area(tally if infer else pl.DataFrame(), read_opts)

        for chunk in source.chunks():
            base = prepare_input(chunk, check_lengths=False)  # the reader checked every cell, in order
            if ahead is not None and not chunks and base.height < source.chunk_rows:
                # the register is this one chunk (a ward's): its addresses go to the workers now, with the
                # area of a sample of its rows, while the area of every row is inferred here
                ahead.offer(chunks, base, _sample_guess(base, read_opts, infer), progress=progress,
                            keep_selection=True)
            if infer:
                tally.add(base)
            if named_ids:
                named.append(compact(base.filter(pl.col("id").is_in(named_ids))))  # not the chunk's buffers
            if ahead is not None and base.height >= source.chunk_rows:  # a short chunk is the last: worked next
                ahead.offer(chunks, base, guess)
            store.put_input(base, chunks)
            chunks += 1
            del chunk, base
        rows = source.rows
        gc.freeze()  # what start-up and the reader made lives to the end: the collector need not look at it
        timings["read"] = time.perf_counter() - started

        t = time.perf_counter()
        opts = resolve_area(tally if infer else pl.DataFrame(), opts)  # the manifest and report say which
        spill = store.spill
        partitions = 1 if chunks == 1 else max(1, -(-rows // PARTITION_ROWS))
        from addrjp.review.decisions import PAGE_ALL_ROWS, unknown_of

        mode = "all" if rows <= PAGE_ALL_ROWS else "candidates"
        run = CleanRun(opts, progress=progress, pool=pool, spill=spill, partitions=partitions,
                       decisions=decisions, input_fingerprints=mode == "all")
        if named_ids:
            run.plan_decisions(pl.concat(named, how="vertical"))
        del named

        # 2. rows: a chunk's addresses go to the workers while the chunk before is completed here
        offsets: list[int] = []
        pending = None
        done = 0
        for number, base in enumerate(spill.parts("input")):
            offsets.append(run.rows)
            following = run.start(base, ahead=ahead.take(number, opts) if ahead is not None else None)
            del base
            if pending is not None:
                spill.append(f"rows{done}", run.complete(pending))
                done += 1
            pending = following
        if ahead is not None:
            ahead.close()
        if pending is not None:
            spill.append(f"rows{done}", run.complete(pending))
            done += 1
        del pending

        # 3. duplicates, block by block; each partition's rows dealt back to their chunks
        if pool is not None:  # no address is left for the workers: they end (and free their memory) meanwhile
            pool.release()
        reps: set[str] = set()
        empty: pl.DataFrame | None = None
        bounds = pl.Series("start", offsets, dtype=pl.Int64)
        for part in run.duplicate_parts():
            empty = part.clear() if empty is None else empty
            reps.update(part["duplicate_of"].drop_nulls().unique().to_list())
            if done == 1:
                spill.append("found0", part)
                continue
            index = (bounds.search_sorted(part["row"], side="right").cast(pl.Int64) - 1).alias("_chunk")
            for (c,), piece in part.with_columns(index).partition_by("_chunk", as_dict=True).items():
                spill.append(f"found{c}", piece.drop("_chunk"))
        timings["clean"] = time.perf_counter() - t

        # 4. write: each chunk finished and appended to the outputs, then the report and the manifest
        t = time.perf_counter()
        outputs = Outputs(opts, folder=folder, total_rows=rows, reps=reps)

        def finished(i: int) -> pl.DataFrame:  # part i, finished (in _finished_parts' thread)
            joined = spill.take(f"rows{i}")
            found = spill.take(f"found{i}") if spill.has(f"found{i}") else empty
            if found is None:  # the engine always gives a part, if an empty one
                raise RuntimeError("the duplicates gave no part")
            return run.finish_part(joined, found, fingerprints=mode, reps=reps)

        # (closed on the way out: a fault in add waits for the part being made, then leaves nothing behind)
        with contextlib.closing(_finished_parts(finished, done)) as parts:
            for part in parts:
                outputs.add(part)
                del part
                if progress:
                    progress("write", min(rows, outputs.rows), rows)
        # a CSV's hash is the reader's, of the bytes it read (proved the same in its two passes): not a third read
        sha256, size = ((source.sha256, source.size) if source.sha256 is not None and source.size is not None
                        else _file_sha256(inp))
        input_info: dict[str, Any] = {"name": inp.name, "sha256": sha256, "bytes": size, "encoding": source.encoding,
                                      "rows": rows, "columns": source.column_map}
        if source.sheet is not None:
            input_info["sheet"] = source.sheet  # which sheet of the workbook was read
        _, counts, manifest = outputs.finish(input_rows=rows, input_info=input_info,
                                             unknown=unknown_of(opts.decisions, run.decisions.known_ids))
        spill.clear()
        folder.publish()
        timings["write"] = time.perf_counter() - t
    return RunResult(out.absolute(), counts, manifest, time.perf_counter() - started, timings)


__all__ = ["PARTITION_ROWS", "POOL_MIN_BYTES", "run_register", "start_pool"]
