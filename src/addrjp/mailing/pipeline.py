"""Batch cleansing (一括クレンジング, batch cleansing of a register extract) on polars.

:func:`clean_frame` takes a register as a polars DataFrame (canonical or Japanese headers, or a column map)
and returns **one row per input row** with the documented columns (``findings.csv``'s and the mailing
file's, :data:`~addrjp.mailing.schema.CLEAN_FRAME_COLUMNS`); :func:`run_clean` is the
whole ``addrjp clean`` run: read, clean, write ``mailing.csv``, ``findings.csv``, ``report.html`` and
``manifest.json`` into a temporary folder, check conservation, publish.

Speed comes from the shape of a register: addresses and names repeat (households, apartment blocks), so
record validation runs once per **distinct** (postal code, address, address2) and once per distinct name,
in a pool of processes over chunks of distinct values when there are many; everything per row is a column
expression. Findings travel as a bit mask over the catalogue (:mod:`addrjp.mailing.masks`), so combining
them per row is a bitwise OR. What a worker runs per distinct address is :mod:`addrjp.mailing.address_stage`,
handed out in chunks by :mod:`addrjp.mailing.jobs`; neither needs polars.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from addrjp.errors import DataError
from addrjp.mailing import schema
from addrjp.mailing.jobs import _Chunks
from addrjp.mailing.masks import (
    CODE_BIT,
    NO_RANK,
    RANK_ERROR,
    RANK_EXCLUDED,
    codes_of_mask,
    mask_of,
    summarise,
)
from addrjp.mailing.options import Options, Progress, require_birthdate
from addrjp.mailing.side_files import _gaiji_map, _returned_list
from addrjp.quality.findings import SEVERITY_RANK, Finding

#: Extra columns of the run's frame (``_clean_frame``) besides ``findings.csv``'s; the public
#: :func:`clean_frame` keeps only the documented ones (:data:`addrjp.mailing.schema.CLEAN_FRAME_COLUMNS`).
EXTRA_COLUMNS: tuple[str, ...] = ("address1", "address2", "barcode", "town", "_line", "fingerprint", "decisions",
                                   "honorific", "name_print", "joint1", "joint2", "joint3")


# --- the seams to layer 3 (record validation, names, duplicates) and the barcode -----------------------


_NameRow = tuple[int, int, bool, str, str, str]

_ADDRESS_SCHEMA: dict[str, Any] = {
    "a_mask": pl.UInt64, "a_rank": pl.Int8, "a_fixed": pl.Boolean, "postal_code_out": pl.String,
    "address1": pl.String, "address2_out": pl.String, "address_out": pl.String, "town": pl.String,
    "a_suggestion": pl.String, "barcode": pl.String, "address_key": pl.String, "block_key": pl.String,
}
_NAME_SCHEMA: dict[str, Any] = {
    "n_mask": pl.UInt64, "n_rank": pl.Int8, "n_fixed": pl.Boolean, "name_out": pl.String,
    "n_suggestion": pl.String, "name_key": pl.String,
}


def _name_outcomes(pairs: Sequence[tuple[str, str | None]], opts: Options) -> list[_NameRow]:
    """Normalize distinct (name, staff override): mask, rank, fixed, name_out, suggestion."""
    try:
        from addrjp.quality.names import name_key, normalize_name, plain_name
    except ImportError as exc:
        raise DataError("name normalization (addrjp.quality.names) is not available in this build") from exc
    max_length = _name_max_length()
    gaiji = _gaiji_map(opts.gaiji_map) if opts.gaiji_map else None
    out: list[_NameRow] = []
    for name, override in pairs:
        if override is None and plain_name(name, opts.charset, max_length=max_length):  # printed as written
            out.append((0, NO_RANK, False, name, "", name_key(name)))
            continue
        r = normalize_name(name, charset=opts.charset, gaiji_map=gaiji, override=override,
                           max_length=max_length)  # type: ignore[arg-type]
        findings = list(r.findings)
        if not r.text and not any(f.code == "name.empty" for f in findings):
            findings.append(Finding.of("name.empty", field="name"))
        mask, rank, fixed = summarise(findings)
        fixed = fixed or (rank == NO_RANK and getattr(r, "status", "ok") == "fixed")
        out.append((mask, rank, fixed, r.text or "", "", name_key(r.text or name)))
    return out


def _name_max_length() -> float | None:
    """The name line's budget (:data:`~addrjp.quality.record.DEFAULT_LAYOUT`), None in a build without it."""
    try:
        from addrjp.quality.record import DEFAULT_LAYOUT
    except ImportError:
        return None
    return DEFAULT_LAYOUT.name_line


def _name_rows(names_df: pl.DataFrame, opts: Options, progress: Progress | None, *, parallel: bool,
               pool: Any) -> pl.DataFrame:
    """The names stage's frame for distinct (``name``, ``_override``): *names_df*'s columns, then
    :data:`_NAME_SCHEMA`'s (rows in no particular order). A name printed as written without an override is
    decided as a column (:func:`~addrjp.quality.names_frame.plain_name_frame`: the row
    :func:`_name_outcomes` gives it), its key too where that is the name without spaces; the others go
    through :func:`_name_outcomes`."""
    try:
        from addrjp.quality.names import name_key
        from addrjp.quality.names_frame import plain_name_frame
    except ImportError as exc:
        raise DataError("name normalization (addrjp.quality.names) is not available in this build") from exc
    fast = plain_name_frame(names_df["name"], opts.charset, _name_max_length())
    decided = fast["plain"] & names_df["_override"].is_null()
    plain = pl.concat([names_df, fast], how="horizontal").filter(decided)
    keys = plain["key"]
    if keys.null_count():  # a key that is not the name without its spaces: the per-name function
        missing = plain.filter(pl.col("key").is_null())["name"].unique()
        table = pl.DataFrame({"name": missing, "_k": [name_key(v) for v in missing.to_list()]},
                             schema={"name": pl.String, "_k": pl.String})
        plain = plain.join(table, on="name", how="left", maintain_order="left").with_columns(
            key=pl.coalesce("key", "_k"))
    plain = plain.select(
        "name", "_override",
        n_mask=pl.lit(0, pl.UInt64), n_rank=pl.lit(NO_RANK, pl.Int8), n_fixed=pl.lit(False),
        name_out=pl.col("name"), n_suggestion=pl.lit(""), name_key=pl.col("key"),
    )
    rest_df = names_df.filter(~decided)
    rest = _Chunks(_name_outcomes, list(rest_df.iter_rows()), opts, "names", progress, parallel=parallel,
                   pool=pool).frame(_NAME_SCHEMA)
    return pl.concat([plain, pl.concat([rest_df, rest], how="horizontal")], how="vertical")



# --- the frame ---------------------------------------------------------------------------------------


def prepare_input(df: pl.DataFrame, *, check_lengths: bool = True) -> pl.DataFrame:
    """The canonical input columns as non-null text (missing optional ones empty) plus ``_line``.

    A cell longer than :data:`~addrjp.text.limits.MAX_FIELD_CHARS` (the limit of ``addrjp clean``'s reader)
    is an :class:`~addrjp.errors.InputError` naming the column and the row; *check_lengths* False for rows the
    reader has already checked against that limit (it reports the file and the errors in their order).
    """
    missing = [c for c in schema.INPUT_REQUIRED if c not in df.columns]
    if missing:
        from addrjp.errors import InputError
        from addrjp.redact import describe_columns

        raise InputError(f"missing required column(s) {', '.join(missing)}; the columns are: "
                         f"{describe_columns(df.columns)}")
    cols = [
        (pl.col(c).cast(pl.String).fill_null("") if c in df.columns else pl.lit("")).alias(c)
        for c in schema.INPUT_COLUMNS
    ]
    line = pl.col("_line").cast(pl.Int64) if "_line" in df.columns else (pl.int_range(pl.len()) + 2).cast(pl.Int64)
    out = df.select(*cols, line.alias("_line"))
    if check_lengths:
        _check_cell_lengths(out)
    return out


def _check_cell_lengths(frame: pl.DataFrame) -> None:
    from addrjp.errors import InputError
    from addrjp.text.limits import MAX_FIELD_CHARS

    first = frame.select(
        [(pl.col(c).str.len_chars() > MAX_FIELD_CHARS).arg_true().first().alias(c) for c in schema.INPUT_COLUMNS]
    ).row(0, named=True)
    hits = [(row, c) for c, row in first.items() if row is not None]
    if hits:
        row, c = min(hits)
        raise InputError(f"a cell longer than {MAX_FIELD_CHARS:,} characters", line=int(frame["_line"][row]),
                         column=c, hint="a register cell is never this long; check the data")


def selection_part(base: pl.DataFrame, opts: Options) -> pl.DataFrame:
    """``s_mask``, ``s_rank`` per row from the age rule (all zero / -1 when no rule is set), and
    ``s_suggestion``: why a birthdate is ``select.birthdate_invalid`` (``birthdate: era_ended: 昭和 ended on
    1989-01-07``), empty otherwise."""
    if opts.min_age is None:
        return pl.DataFrame({"s_mask": pl.zeros(base.height, pl.UInt64, eager=True),
                             "s_rank": pl.repeat(NO_RANK, base.height, dtype=pl.Int8, eager=True),
                             "s_suggestion": pl.repeat("", base.height, dtype=pl.String, eager=True)})
    from addrjp.mailing.select import birthdate_selection

    as_of = opts.as_of or dt.date.today()
    read = birthdate_selection(base["birthdate"], min_age=opts.min_age, as_of=as_of)  # each cell read once
    below, bad = 1 << CODE_BIT["select.age_below"], 1 << CODE_BIT["select.birthdate_invalid"]
    return read.select(sel="selected", inv="invalid", why="problem").select(
        s_mask=pl.when("inv").then(pl.lit(bad, pl.UInt64)).when("sel").then(pl.lit(0, pl.UInt64))
        .otherwise(pl.lit(below, pl.UInt64)),
        s_rank=pl.when("inv").then(pl.lit(RANK_ERROR, pl.Int8)).when("sel").then(pl.lit(NO_RANK, pl.Int8))
        .otherwise(pl.lit(RANK_EXCLUDED, pl.Int8)),
        s_suggestion=pl.when("inv").then(pl.lit("birthdate: ") + pl.col("why").fill_null("not_a_date"))
        .otherwise(pl.lit("")),
    )


#: The columns of the cleansed frame (before renaming) that are written into mailing.csv: everything the
#: output encoding must be able to write. ``address2_out`` is the second line as printed (the building split
#: from the address column included), not the input's ``address2``; 連名 are parts of ``name_out``.
MAILING_SOURCE_COLUMNS: tuple[str, ...] = ("id", "postal_code_out", "address1", "address2_out", "name_out",
                                           "honorific", "barcode")


#: The cells a printed row's mailing.csv line is made of, in the frame :meth:`CleanRun.finish_part` makes:
#: :data:`MAILING_SOURCE_COLUMNS` and the label's (the card's own name, the 連名). Their odd rows, found once
#: there, serve the encodability check and the writer's images (``_odd``).
MAILING_CELL_COLUMNS: tuple[str, ...] = (*MAILING_SOURCE_COLUMNS, "name_print",
                                         *(f"joint{i}" for i in range(1, schema.MAX_JOINT + 1)))


def encodability_part(frame: pl.DataFrame, encoding: str,
                      columns: Sequence[str] = MAILING_SOURCE_COLUMNS, *, odd: pl.Series | None = None) -> pl.Series:
    """``o_mask``: ``output.unencodable`` where a cell of the mailing file cannot be written in *encoding*.

    *columns* are the frame's columns that end up in mailing.csv (those of them that are present); for cp932
    each value is first put in its CP932 image (〜 U+301C → ～ U+FF5E), as the writer does
    (:mod:`addrjp.mailing.encodable`: a column expression, the rare odd cells one by one).
    """
    from addrjp.mailing.encodable import unencodable_mask

    bit = 1 << CODE_BIT["output.unencodable"]
    if encoding.replace("_", "-").lower() in ("utf-8", "utf8", "utf-8-sig"):
        return pl.zeros(frame.height, pl.UInt64, eager=True).alias("o_mask")
    bad = unencodable_mask(frame, encoding, columns, odd=odd)
    return pl.select(pl.when(bad).then(pl.lit(bit, pl.UInt64)).otherwise(pl.lit(0, pl.UInt64))).to_series().alias(
        "o_mask")


def combine(base: pl.DataFrame, parts: Sequence[pl.DataFrame]) -> pl.DataFrame:
    """Rows of *base* with the per-part ``*_mask``, ``*_rank``, ``*_fixed`` columns combined into status.

    Every part is a frame of *base*'s height; a part's mask/rank/fixed columns end in those suffixes. The
    result has ``mask`` (UInt64), ``status`` and ``findings`` (the codes in the catalogue's order).
    """
    frame = pl.concat([base, *parts], how="horizontal")
    masks = [c for c in frame.columns if c.endswith("_mask")]
    ranks = [c for c in frame.columns if c.endswith("_rank")]
    fixed = [c for c in frame.columns if c.endswith("_fixed")]
    frame = frame.with_columns(
        mask=pl.reduce(lambda a, b: a | b, [pl.col(c).fill_null(0).cast(pl.UInt64) for c in masks])
        if masks else pl.lit(0, pl.UInt64),
        rank=pl.max_horizontal([pl.col(c).fill_null(NO_RANK).cast(pl.Int8) for c in ranks])
        if ranks else pl.lit(NO_RANK, pl.Int8),
        any_fixed=pl.any_horizontal([pl.col(c).fill_null(False) for c in fixed]) if fixed else pl.lit(False),
    )
    frame = frame.with_columns(
        status=pl.when(pl.col("rank") >= RANK_EXCLUDED).then(pl.lit("excluded"))
        .when(pl.col("rank") == RANK_ERROR).then(pl.lit("hold"))
        .when(pl.col("rank") == SEVERITY_RANK["warning"]).then(pl.lit("review"))
        .when(pl.col("any_fixed")).then(pl.lit("fixed"))
        .otherwise(pl.lit("ok"))
    )
    distinct = frame["mask"].unique().to_list()
    texts = pl.DataFrame({"mask": distinct, "findings": [codes_of_mask(m) for m in distinct]},
                         schema={"mask": pl.UInt64, "findings": pl.String})
    return frame.join(texts, on="mask", how="left", maintain_order="left")


def clean_frame(df: pl.DataFrame, options: Options | None = None, *,
                mapping: dict[str, str] | str | None = None, progress: Progress | None = None,
                **kwargs: Any) -> pl.DataFrame:
    """Cleanse a register (一括クレンジング): one row per input row, in input order.

    *df* has the canonical columns or a ward's Japanese headers (氏名, 郵便番号, 住所, 方書, 生年月日,
    宛名番号 …), or *mapping* says which is which as ``--map`` does (``{"name": "氏名"}`` or
    ``"name=氏名,address=住所"``). The result has exactly :data:`addrjp.mailing.schema.CLEAN_FRAME_COLUMNS`
    (findings.csv's, then ``address1``, ``address2``, ``barcode``), all text. Options as an :class:`Options`
    or as keywords (``min_age=77, as_of=date(2026, 9, 15), charset="cp932"``…). ``area`` is ``"auto"`` by
    default (inferred from the register as ``addrjp clean`` does: 90% of the rows naming one municipality),
    ``None`` for none, or a local government code (``"13104"``); an unknown code raises
    :class:`~addrjp.errors.InputError`. ``decisions=PATH`` applies a decisions file
    (:mod:`addrjp.review.decisions`).
    """
    from addrjp.mailing.columns import canonical_frame

    frame = _clean_frame(canonical_frame(df, mapping), options, progress=progress, **kwargs)
    return frame.select(schema.CLEAN_FRAME_COLUMNS)


def _clean_frame(df: pl.DataFrame, options: Options | None = None, *, progress: Progress | None = None,
                 **kwargs: Any) -> pl.DataFrame:
    """The run's frame of a canonical register: :data:`~addrjp.mailing.schema.CLEAN_FRAME_COLUMNS`, then
    ``town`` and ``_line`` (for the report)."""
    opts = options or Options(**kwargs)
    if options is not None and kwargs:
        opts = Options(**{**options.__dict__, **kwargs})
    require_birthdate(df.columns, opts)
    base = prepare_input(df)
    from addrjp.mailing.area import resolve_area

    run = CleanRun(resolve_area(base, opts), progress=progress)
    run.plan_decisions(base)
    joined = run.rows_part(base)
    found = run.duplicates()
    return run.finish_part(joined, found, fingerprints="page")


class CleanRun:
    """One cleansing run over a register given whole or in chunks, each chunk through the same steps.

    :meth:`plan_decisions` evaluates the ward's decisions against the rows they name; :meth:`rows_part` works a
    chunk's rows (the age rule, the decisions, each distinct address and name once, in the worker *pool*
    when there are many) and deals its rows for the duplicates; :meth:`duplicates` then finds them over the
    whole register, block by block (:class:`~addrjp.quality.duplicates.BlockedDuplicates`); and
    :meth:`finish_part` completes a chunk's rows (duplicates, label, encodability, statuses, decisions).
    """

    def __init__(self, opts: Options, *, progress: Progress | None = None, pool: Any = None, spill: Any = None,
                 partitions: int = 1, decisions: Any = None, input_fingerprints: bool = False) -> None:
        from addrjp.quality.duplicates import BlockedDuplicates
        from addrjp.review.decisions import RunDecisions

        self.opts = opts
        self.progress = progress
        self.pool = pool
        # the ward's decisions (and --name-overrides) adjust the input: corrections, exclusions, printed names
        self.decisions = decisions if decisions is not None else RunDecisions.for_run(opts.decisions,
                                                                                      opts.name_overrides)
        returned = _returned_list(opts.returned) if opts.returned else None
        self.found = BlockedDuplicates(joint_household=opts.joint_household, returned=returned,
                                       partitions=partitions, spill=spill)
        self.rows = 0
        self.out_encoding = schema.output_encoding(opts.charset, opts.out_encoding)
        #: every row's fingerprint made from its input columns in :meth:`start`, while the workers read the
        #: addresses (for :meth:`finish_part`'s ``fingerprints="all"``: they depend on nothing the run finds)
        self.input_fingerprints = input_fingerprints

    def plan_decisions(self, named: pl.DataFrame) -> None:
        """The decisions evaluated against the register's rows they name (all of *named*'s rows that they
        name: the whole register, or the named rows gathered from its chunks)."""
        if self.decisions.decisions:
            self.decisions.evaluate(named.filter(pl.col("id").is_in(list(self.decisions.named_ids()))))

    # a chunk's rows ------------------------------------------------------------------------------------
    def rows_part(self, base: pl.DataFrame) -> pl.DataFrame:
        """A prepared chunk (:func:`prepare_input`) worked row by row: every input column, the age rule's,
        the decisions', the address's and the name's columns, and ``_row`` (the row over the register)."""
        return self.complete(self.start(base))

    def start(self, base: pl.DataFrame, *, ahead: Any = None) -> _Started:
        """The first half of :meth:`rows_part`: the age rule and the decisions applied, the chunk's distinct
        addresses handed to the workers (so that the next chunk can start while this one completes).
        *ahead*: the chunk's addresses validated during the read (:mod:`addrjp.mailing.ahead`), with these
        options; only the others are validated now."""
        opts = self.opts
        offset = self.rows
        self.rows += base.height
        prepared = base
        from addrjp.mailing.ahead import address_job, selection_reusable

        made = getattr(ahead, "selection", None)  # the age rule's columns made for the work ahead, when they hold
        if made is None or made.height != base.height or not selection_reusable(opts):
            made = selection_part(base, opts)
        elif ahead is not None:
            ahead.selection = None  # taken: the work ahead holds only its keys and results now
        base = pl.concat([base, made], how="horizontal")
        base = self.decisions.apply(base).with_row_index("_row", offset)
        active = base.filter(pl.col("s_rank") < RANK_EXCLUDED)
        keys_df = active.select("postal_code", "address", "address2").unique(maintain_order=True)
        job = address_job(keys_df, opts, self.progress, pool=self.pool, ahead=ahead)
        if self.input_fingerprints:  # the register's values as read (before any correction), as finish_part's
            from addrjp.review.decisions import fingerprints

            base = base.with_columns(fingerprints(prepared).alias("_fp"))
        return _Started(base, keys_df, job)

    def complete(self, started: _Started) -> pl.DataFrame:
        """The second half of :meth:`rows_part`: names (here, while the workers read the addresses), the
        addresses gathered, everything joined per row, the rows dealt for the duplicates."""
        opts, base = self.opts, started.base
        with started.job as address_job:
            # names, and the readings dictionary the duplicates need, are done here meanwhile
            names_df = base.filter(pl.col("s_rank") < RANK_EXCLUDED).select("name", "_override").unique(
                maintain_order=True)
            names = _name_rows(names_df, opts, self.progress, parallel=not address_job.in_workers, pool=self.pool)
            from addrjp.mailing.encodable import unstable_class
            from addrjp.mailing.select import birthdate_iso

            unstable_class(self.out_encoding)  # the mailing cells' check, built now rather than after the addresses
            # the birthdates the duplicates compare (as duplicates_input reads its rows), read once for both
            birthdates = birthdate_iso(base.filter(pl.col("s_rank") < RANK_EXCLUDED)["birthdate"])
            if address_job.in_workers:  # the readings the duplicates will compare, made while we wait
                from addrjp.quality.readings import warm_up

                warm_up()  # else pykakasi is loaded only if the duplicates compare a reading (a small register: none)
                _read_ahead(base, names, birthdates)
                _import_the_outputs()
            # the names joined to their rows while the workers may still be at work: the addresses are left
            keys = ["postal_code", "address", "address2"]
            order = [*base.columns, *(c for c in _ADDRESS_SCHEMA if c not in keys),
                     *(c for c in names.columns if c not in ("name", "_override"))]
            named = base.join(names, on=["name", "_override"], how="left", maintain_order="left",
                              nulls_equal=True).with_columns(
                _empty_when_excluded(("n_mask", "n_rank", "n_fixed"), ("name_out", "n_suggestion", "name_key")))
            del base, names, names_df
            addr = pl.concat([started.keys, address_job.frame(_ADDRESS_SCHEMA)], how="horizontal")
        joined = named.join(addr, on=keys, how="left", maintain_order="left")
        del named, addr, started  # a million rows: let the parts go once joined
        joined = joined.with_columns(_empty_when_excluded(
            ("a_mask", "a_rank", "a_fixed"),
            ("postal_code_out", "address1", "address2_out", "address_out", "town", "a_suggestion", "barcode",
             "address_key", "block_key"),
        )).select(order)  # the columns in the order of the rows, the addresses', the names' (as joined before)
        self.found.add(duplicates_input(joined, birthdates=birthdates))
        return joined.drop("address_key", "block_key", "name_key")

    # the duplicates ------------------------------------------------------------------------------------
    def duplicates(self) -> pl.DataFrame:
        """Every row's duplicates and households (:func:`addrjp.quality.duplicates.find_duplicates`'s
        columns), found over all rows given, in row order."""
        parts = list(self.found.results())
        return pl.concat(parts, how="vertical").sort("row") if parts else pl.DataFrame()

    def duplicate_parts(self) -> Iterator[pl.DataFrame]:
        """The same, one partition after another (rows in no order): for a register too large to hold."""
        return self.found.results()

    # the rest of a chunk -------------------------------------------------------------------------------
    def finish_part(self, joined: pl.DataFrame, found: pl.DataFrame, *, fingerprints: str = "page",
                    reps: set[str] | None = None) -> pl.DataFrame:
        """The run's frame of a chunk (:func:`_clean_frame`'s columns) from its worked rows (:meth:`rows_part`)
        and its rows' duplicates (*found*, in any order). *fingerprints*: ``"page"`` as the review page of
        this frame alone wants them (:func:`~addrjp.review.decisions.page_fingerprints`), ``"all"``, or
        ``"candidates"``: the rows the page of a larger run may draw first (held, review, decided, and rows
        in a duplicate pair, whose representatives are *reps*)."""
        opts, decisions = self.opts, self.decisions
        dup = decisions.clear_pairs(joined["id"], duplicates_columns(joined, found))
        joined = pl.concat([joined, dup], how="horizontal").with_columns(
            name_print=pl.col("name_out"),
            name_out=pl.coalesce("joint_name", "name_out"),
            a_suggestion=pl.when(pl.col("d_suggestion") != "").then("d_suggestion").otherwise("a_suggestion"),
        )
        label = _label_part(joined, opts)
        joined = pl.concat([joined.drop("honorific"), label], how="horizontal")
        excluded = pl.col("s_rank") >= RANK_EXCLUDED
        from addrjp.mailing.encodable import odd_rows

        # the rows with a cell the output encoding may not write as it is, in one pass for both the check here
        # and the writer's images (Outputs.add, ``_odd``)
        odd = odd_rows(joined, self.out_encoding, MAILING_CELL_COLUMNS)
        if odd is not None:
            joined = joined.with_columns(odd.alias("_odd"))
        o_mask = encodability_part(joined, self.out_encoding, odd=odd)
        o_rank = pl.select(pl.when(o_mask > 0).then(pl.lit(RANK_ERROR, pl.Int8))
                           .otherwise(pl.lit(NO_RANK, pl.Int8))).to_series().alias("o_rank")
        joined = joined.with_columns(o_mask=pl.when(excluded).then(0).otherwise(o_mask).cast(pl.UInt64),
                                     o_rank=pl.when(excluded).then(NO_RANK).otherwise(o_rank).cast(pl.Int8))
        frame = decisions.finish(combine(joined.drop("_row"), []), with_fingerprints=fingerprints == "page")
        if fingerprints == "all" and "_fp" in frame.columns:  # made from the input in start
            frame = frame.with_columns(fingerprint=pl.col("_fp"))
        elif fingerprints != "page":
            from addrjp.review.decisions import fingerprints_where, page_candidates

            want = pl.lit(True) if fingerprints == "all" else page_candidates(reps or set())
            frame = frame.with_columns(fingerprint=fingerprints_where(frame, frame.select(want).to_series()))
        return _run_columns(frame)


def _empty_when_excluded(numbers: Sequence[str], texts: Sequence[str]) -> list[pl.Expr]:
    """*numbers* null and *texts* ``""`` in a row the age rule excludes (and a null of *texts* ``""`` in any
    row): an excluded row is not validated, and its outputs stay empty even when another row shares its
    address or name."""
    excluded = pl.col("s_rank") >= RANK_EXCLUDED
    return ([pl.when(excluded).then(pl.lit(None)).otherwise(pl.col(c)).alias(c) for c in numbers]
            + [pl.when(excluded).then(pl.lit("")).otherwise(pl.col(c).fill_null("")).alias(c) for c in texts])


def _import_the_outputs() -> None:
    """Import the modules the work after the last address uses (the duplicates' households, the page, the
    report, the manifest: ~20 ms at a first import), while the workers read addresses and not after them."""
    import addrjp.mailing.manifest
    import addrjp.mailing.report
    import addrjp.quality.households
    import addrjp.review.page  # noqa: F401


def _read_ahead(base: pl.DataFrame, names: pl.DataFrame, birthdates: pl.Series) -> None:
    """The names of the rows that share an address cell, or a postal code and a birthdate, compared now
    (:func:`~addrjp.quality.duplicates.read_ahead`), as :func:`duplicates_input` will give them, so that
    their readings are ready. *birthdates*: :func:`~addrjp.mailing.select.birthdate_iso` of the active rows'
    birthdates."""
    from addrjp.quality.duplicates import read_ahead

    keys = ["postal_code", "address", "address2"]
    rows = (base.filter(pl.col("s_rank") < RANK_EXCLUDED).select(*keys, "name", "_override", "birthdate")
            .join(names.select("name", "_override", "name_out", "name_key"), on=["name", "_override"], how="left",
                  maintain_order="left", nulls_equal=True))
    read_ahead(rows.select(*keys, pl.col("name_out").fill_null("").alias("name_text"),
                           pl.col("name_key").fill_null(""), birthdates.alias("birthdate")), keys,
               near=["postal_code"])


@dataclass
class _Started:
    base: pl.DataFrame
    keys: pl.DataFrame
    job: Any  # _Chunks, or ahead.AddressJob (its interface) when part was validated during the read


def _run_columns(frame: pl.DataFrame) -> pl.DataFrame:
    address_in = pl.when(pl.col("address2") != "").then(pl.col("address") + " " + pl.col("address2")).otherwise(
        pl.col("address"))
    return frame.select(
        "id",
        "status",
        "findings",
        pl.col("duplicate_of").fill_null(""),
        pl.col("postal_code").alias("postal_code_in"),
        "postal_code_out",
        address_in.alias("address_in"),
        "address_out",
        pl.col("name").alias("name_in"),
        "name_out",
        pl.when(pl.col("a_suggestion") != "").then("a_suggestion")
        .when(pl.col("n_suggestion") != "").then("n_suggestion")
        .when(pl.col("s_suggestion").fill_null("") != "").then("s_suggestion")
        .otherwise("d_household").alias("suggestion"),
        "description",
        "address1",
        pl.col("address2_out").alias("address2"),
        "barcode",
        "town",
        "_line",
        "fingerprint",
        "decisions",
        "honorific",
        "name_print",
        *(pl.col(f"joint{i}").fill_null("") for i in range(1, schema.MAX_JOINT + 1)),
        *(["_odd"] if "_odd" in frame.columns else []),  # rows with a mailing cell to look at (finish_part)
    )




def _label_part(frame: pl.DataFrame, opts: Options) -> pl.DataFrame:
    """敬称 per row (``h_mask``/``h_rank`` where a register's cannot print) and the 連名 given names."""
    from addrjp.mailing.label import honorific_part

    part = honorific_part(frame["honorific"], opts.honorific, opts.charset)
    excluded = frame["s_rank"] >= RANK_EXCLUDED
    part = part.with_columns(h_mask=pl.when(excluded).then(pl.lit(0, pl.UInt64)).otherwise("h_mask"),
                             h_rank=pl.when(excluded).then(pl.lit(NO_RANK, pl.Int8)).otherwise("h_rank"))
    given = frame["joint_given"] if "joint_given" in frame.columns else pl.Series([None] * frame.height,
                                                                                 dtype=pl.List(pl.String))
    joints = pl.DataFrame({"g": given}).select(
        [pl.col("g").list.get(i, null_on_oob=True).fill_null("").alias(f"joint{i + 1}")
         for i in range(schema.MAX_JOINT)])
    return pl.concat([part, joints], how="horizontal")


def duplicates_part(frame: pl.DataFrame, opts: Options) -> pl.DataFrame:
    """``d_mask``, ``d_rank``, ``duplicate_of`` from duplicates, households and returned mail over the list.

    Only rows the run selected take part (excluded rows are not mailed); rows held for their own reasons
    take part as ineligible, so they may be flagged but never withhold a printable row's postcard.
    """
    from addrjp.quality.duplicates import find_duplicates

    returned = _returned_list(opts.returned) if opts.returned else None
    frame = frame.with_row_index("_row") if "_row" not in frame.columns else frame
    found = find_duplicates(duplicates_input(frame), returned=returned, joint_household=opts.joint_household)
    return duplicates_columns(frame, found)


def duplicates_input(frame: pl.DataFrame, *, birthdates: pl.Series | None = None) -> pl.DataFrame:
    """The rows of worked rows (``_row`` numbering them over the register) that take part in the duplicates,
    as :func:`~addrjp.quality.duplicates.find_duplicates` reads them. *birthdates*, when given, are
    :func:`~addrjp.mailing.select.birthdate_iso` of those rows' birthdates, already read."""
    active = pl.col("s_rank") < RANK_EXCLUDED
    held = (pl.col("a_rank").fill_null(NO_RANK) >= RANK_ERROR) | (pl.col("n_rank").fill_null(NO_RANK) >= RANK_ERROR)
    rows = frame.filter(active).select(
        pl.col("_row").cast(pl.Int64).alias("row"), "id", pl.col("name_out").alias("name_text"), "name_key",
        "address_key", "block_key", "birthdate", (~held).alias("eligible"), "household", "address2_out",
    )
    from addrjp.quality.households import facility_column

    rows = rows.with_columns(facility_column(rows["address2_out"]).alias("facility")).drop("address2_out")
    # birthdates compare as dates whatever their spelling (1949-09-15, 昭和24年9月15日, S24.9.15)
    from addrjp.mailing.select import birthdate_iso

    return rows.with_columns(birthdate_iso(rows["birthdate"]) if birthdates is None
                             else birthdates.alias("birthdate"))


def duplicates_columns(frame: pl.DataFrame, found: pl.DataFrame) -> pl.DataFrame:
    """The duplicates part of worked rows (``_row``): ``d_mask``, ``d_rank``, ``duplicate_of``, households,
    joint names, suggestions, from *found* (:func:`~addrjp.quality.duplicates.find_duplicates`'s output for
    rows of *frame*, in any order; rows it lacks have none)."""
    if "joint_of" in found.columns:
        # members joined to another member's card (one family name, one address …) are folded into it
        found = found.with_columns(_folded=pl.col("joint_of").is_not_null(), _primary=pl.col("joint_of"))
    else:
        found = found.with_columns(_folded=pl.lit(False), joint_name=pl.lit(None, pl.String),
                                   joint_given=pl.lit(None, pl.List(pl.String)), _primary=pl.lit(None, pl.String))
    bit = {code: 1 << CODE_BIT[code] for code in
           ("duplicate.exact", "duplicate.probable", "household.shared", "returned.previous",
            "select.household_joint")}
    kind = pl.col("duplicate_kind")
    parts = found.select(
        pl.col("row").cast(pl.UInt32),
        d_mask=(
            pl.when(kind == "exact").then(pl.lit(bit["duplicate.exact"], pl.UInt64))
            .when(kind == "probable").then(pl.lit(bit["duplicate.probable"], pl.UInt64))
            .otherwise(pl.lit(0, pl.UInt64))
            | pl.when(pl.col("household_shared").fill_null(False))
            .then(pl.lit(bit["household.shared"], pl.UInt64)).otherwise(pl.lit(0, pl.UInt64))
            | pl.when(pl.col("returned_previous").fill_null(False))
            .then(pl.lit(bit["returned.previous"], pl.UInt64)).otherwise(pl.lit(0, pl.UInt64))
            | pl.when(pl.col("_folded")).then(pl.lit(bit["select.household_joint"], pl.UInt64))
            .otherwise(pl.lit(0, pl.UInt64))
        ),
        d_rank=pl.when(pl.col("_folded")).then(pl.lit(RANK_EXCLUDED, pl.Int8))
        .when(kind == "exact").then(pl.lit(RANK_ERROR, pl.Int8))
        .when((kind == "probable") | pl.col("returned_previous").fill_null(False))
        .then(pl.lit(SEVERITY_RANK["warning"], pl.Int8))
        .otherwise(pl.lit(NO_RANK, pl.Int8)),
        duplicate_of=pl.col("duplicate_of").fill_null(""),
        household_id=pl.col("household_id"),
        household_size=pl.col("household_size"),
        joint_name=pl.col("joint_name"),
        joint_given=pl.col("joint_given"),
        d_suggestion=pl.when(pl.col("_folded")).then(pl.col("_primary")).otherwise(None),
        # which households household.shared speaks of: the register's 世帯番号 or the same address
        d_household=pl.when(pl.col("household_shared").fill_null(False))
        .then(pl.lit("household=") + pl.col("household_source")).otherwise(None),
    )
    out = frame.select(pl.col("_row").cast(pl.UInt32).alias("row")).join(parts, on="row", how="left",
                                                                          maintain_order="left")
    return out.select(
        pl.col("d_mask").fill_null(0),
        pl.col("d_rank").fill_null(NO_RANK),
        pl.col("duplicate_of").fill_null(""),
        "household_id",
        pl.col("household_size").fill_null(0),
        "joint_name",
        "joint_given",
        pl.col("d_suggestion").fill_null(""),
        pl.col("d_household").fill_null(""),
    )


# --- a whole run -----------------------------------------------------------------------------------------


@dataclass
class RunResult:
    """What a run published: where, the counts, the manifest, how long it took."""

    out_dir: Path
    counts: dict[str, Any]
    manifest: dict[str, Any]
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def sheet(self) -> str | None:
        """The sheet of the input workbook that was read (None for CSV)."""
        value = self.manifest.get("input", {}).get("sheet")
        return None if value is None else str(value)

    @property
    def held(self) -> int:
        return int(self.counts["by_status"].get("hold", 0))


#: Encodings in which the bytes of ``"``, CR and LF never occur inside another character (ASCII-compatible
#: multi-byte encodings: UTF-8's continuation bytes are >= 0x80, CP932's trail bytes >= 0x40).
_ASCII_SAFE = frozenset({"utf-8", "utf-8-sig", "utf8", "cp932", "shift_jis", "euc-jp", "euc_jp", "ascii"})


def count_csv_rows(data: bytes, encoding: str) -> int:
    """Data rows in CSV bytes written by this package (records counted as RFC 4180 reads them: a line break
    inside a quoted cell is no new record; cells may hold quotes, doubled). Linear, without decoding.

    >>> count_csv_rows(b'id,name\\r\\n1,"a\\r\\nb"\\r\\n2,"a ""b"" c"\\r\\n', "utf-8")
    2
    """
    return max(_records(data, encoding) - 1, 0)


def _records(data: bytes, encoding: str) -> int:
    """CSV records in *data* (the header, if any, counted)."""
    if encoding.replace("_", "-").lower() not in _ASCII_SAFE and encoding.lower() not in _ASCII_SAFE:
        import csv
        import io

        with io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="") as stream:
            return sum(1 for _ in csv.reader(stream))
    if not data:
        return 0
    # a pair of adjacent quotes (an empty cell, an escaped quote) changes no character's being inside quotes
    # (polars writes every empty cell so: most of a findings file's quotes); then inside quotes are the odd
    # pieces between the quote characters left, and the line breaks there are not records' ends
    ends = data.endswith(b"\n")
    quotes = data.count(b'"')
    if quotes and quotes == 2 * data.count(b'""'):
        # every quote is one of a pair removed below (the count, like the replacement, takes the pairs left to
        # right without overlap): nothing is left inside quotes, and the copy need not be made
        return data.count(b"\n") + (0 if ends else 1)
    if quotes:
        data = data.replace(b'""', b"")
    breaks = data.count(b"\n")
    if b'"' in data:
        breaks -= b"".join(data.split(b'"')[1::2]).count(b"\n")
    return breaks + (0 if ends else 1)


def _with_report_columns(result: pl.DataFrame) -> pl.DataFrame:
    """A public :func:`clean_frame` result with the columns the report reads (town unknown, lines by order)."""
    extra = []
    if "town" not in result.columns:
        extra.append(pl.lit("", pl.String).alias("town"))
    if "_line" not in result.columns:
        extra.append((pl.int_range(pl.len(), dtype=pl.Int64) + 2).alias("_line"))
    return result.with_columns(extra) if extra else result


def build_outputs(result: pl.DataFrame, *, input_rows: int, input_info: dict[str, Any],
                  opts: Options) -> tuple[dict[str, bytes], dict[str, Any], dict[str, Any]]:
    """The bytes of every output file, the counts and the manifest of a cleansed frame.

    Counts are taken from the written bytes themselves; :class:`IntegrityError` when conservation fails.
    (A run writes the same files in parts: :class:`addrjp.mailing.outputs.Outputs`.)
    """
    from addrjp.mailing.outputs import Outputs
    from addrjp.review.decisions import unknown_decisions

    outputs = Outputs(opts, total_rows=result.height)
    outputs.add(result)
    return outputs.finish(input_rows=input_rows, input_info=input_info,
                          unknown=unknown_decisions(result, opts.decisions))


def run_clean(input_path: str | Path, out_dir: str | Path, options: Options | None = None, *,
              encoding: str | None = None, mapping: dict[str, str] | None = None, force: bool = False,
              progress: Progress | None = None, notice: Callable[[str], None] | None = None,
              sheet: str | None = None, chunk_rows: int | None = None) -> RunResult:
    """``addrjp clean``: read *input_path*, cleanse, write the four outputs atomically into *out_dir*.

    Before any work the output place is checked (exists, replaceable, writable) and the temporaries an
    interrupted earlier run left beside it are removed; *notice* receives one line for each such fact. A
    register of more than *chunk_rows* rows (default :data:`addrjp.mailing.reader.CHUNK_ROWS`) is read,
    worked and written in chunks of that many rows, in bounded memory (:mod:`addrjp.mailing.run`); the
    outputs are the same.
    """
    from addrjp.mailing.run import run_register

    return run_register(input_path, out_dir, options or Options(), encoding=encoding, mapping=mapping,
                        force=force, progress=progress, notice=notice, sheet=sheet, chunk_rows=chunk_rows)


__all__ = [
    "CODE_BIT",
    "CleanRun",
    "Options",
    "RunResult",
    "build_outputs",
    "clean_frame",
    "codes_of_mask",
    "combine",
    "mask_of",
    "run_clean",
    "summarise",
]
