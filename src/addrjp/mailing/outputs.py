"""The outputs of a run (出力ファイル), written as the cleansed rows come, part by part.

``mailing.csv`` (the printed rows, in the label profile and the output encoding) and ``findings.csv`` (every
row) are written a part at a time — into a run's :class:`~addrjp.mailing.writer.OutputFolder`, or into memory
for :func:`~addrjp.mailing.pipeline.build_outputs` — and each part's rows are counted from its written bytes
(:func:`~addrjp.mailing.pipeline.count_csv_rows`: conservation is proved from what was written, not from
the frame). The counts by status, finding and town and the decisions' counts add up over the parts; the
review page keeps the rows it embeds (all of them up to :data:`~addrjp.review.decisions.PAGE_ALL_ROWS`, else
the ones it may draw first; from the second part on, put aside in the run's scratch folder: kept in
memory, each part's few rows would keep the whole part's text alive). :meth:`Outputs.finish` renders ``report.html`` and ``manifest.json`` (which
refuses a run whose counts do not add up). Written in parts or whole, the bytes are the same.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import polars as pl

from addrjp.errors import IntegrityError
from addrjp.mailing import schema


class _Buffer:
    """An output file kept in memory (the interface of :class:`~addrjp.mailing.writer.OutputFile`)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._parts: list[bytes] = []
        self._hash = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self._parts.append(data)
        self._hash.update(data)
        self.size += len(data)

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    def getvalue(self) -> bytes:
        return b"".join(self._parts)


class Outputs:
    """The outputs of one run, fed with its cleansed frame in parts (:meth:`add`, in row order).

    *folder* is the run's output folder (None: the files stay in memory and :meth:`finish` returns them);
    *total_rows* the register's rows, which decide what the review page embeds; *reps* the ids that are some
    row's ``duplicate_of`` (the page's partner rows), needed only when the page embeds not every row.
    """

    def __init__(self, opts: Any, *, folder: Any = None, total_rows: int, reps: set[str] | None = None) -> None:
        from addrjp.review.decisions import PAGE_ALL_ROWS, RunSummary

        self.out_encoding = schema.output_encoding(opts.charset, opts.out_encoding)  # checked by Options
        self.headers = schema.profile_columns(opts.columns)
        self.opts = opts
        self.codec = schema.OUT_ENCODINGS[self.out_encoding]
        self.folder = folder
        self.mailing = self._file(schema.MAILING_FILE)
        self.findings = self._file(schema.FINDINGS_FILE)
        self.rows = self.mailing_rows = self.findings_rows = 0
        self.by_status: dict[str, int] = {s: 0 for s in ("ok", "fixed", "review", "hold", "excluded")}
        self.by_finding: dict[str, int] = {}
        self._towns: list[pl.DataFrame] = []
        self.summary = RunSummary()
        self.page_all = total_rows <= PAGE_ALL_ROWS
        self.reps = reps or set()
        from addrjp.spill import Spill

        # the page's rows, kept to the end: in memory for a run of one part, in the run's scratch folder from the
        # second part on (a filter of a part keeps the whole part's string buffers alive: 2 GB over 50 parts)
        self.page = Spill()

    def _file(self, name: str) -> Any:
        return self.folder.open(name) if self.folder is not None else _Buffer(name)

    def _write(self, f: Any, data: bytes) -> None:
        """The next part of *f*: in a folder, written by its writer thread while this part's counts are made
        (:meth:`~addrjp.mailing.writer.OutputFolder.append_beside`; :meth:`add` waits for it before it
        returns, so no part's bytes outlive its call and a fault is raised by the part that made it)."""
        if self.folder is not None:
            self.folder.append_beside(f, data)
        else:
            f.write(data)

    def add(self, result: pl.DataFrame) -> None:
        """The next rows of the run's cleansed frame (the columns of ``_clean_frame``, or a public
        :func:`~addrjp.mailing.pipeline.clean_frame` result: the review columns are then empty)."""
        from addrjp.mailing.encodable import output_images
        from addrjp.mailing.label import mailing_frame as label_frame
        from addrjp.mailing.pipeline import _records, _with_report_columns
        from addrjp.mailing.writer import csv_bytes
        from addrjp.review.decisions import page_candidates
        from addrjp.review.page import ROW_FIELDS, town_counts

        # a frame made elsewhere (an older tool, a test) may lack the review columns: empty, not an error
        result = result.with_columns(pl.lit("", pl.String).alias(c) for c in ("description", "fingerprint",
                                                                               "decisions")
                                     if c not in result.columns)
        result = _with_report_columns(result)
        first = self.rows == 0
        page = result if self.page_all else result.filter(page_candidates(self.reps))
        page = page.select(pl.col(c) if c in page.columns else pl.lit("").alias(c) for c in ROW_FIELDS)
        printed = result.filter(pl.col("status").is_in(schema.PRINTED_STATUSES))
        mailing_frame = label_frame(printed, self.opts.columns)
        if self.codec == "cp932":  # the cells in the image the codec writes, every column in one pass
            # (the run's frame says which rows have a cell to look at: finish_part's ``_odd``, of these cells)
            mailing_frame = output_images(mailing_frame, self.codec, [c for c in mailing_frame.columns
                                                                     if c not in ("id", "postal_code", "barcode")],
                                          odd=printed["_odd"] if "_odd" in printed.columns else None)
        mailing_frame = mailing_frame.rename(dict(zip(mailing_frame.columns, self.headers, strict=True)))
        mailing = csv_bytes(mailing_frame, self.headers, encoding=self.codec, file=schema.MAILING_FILE,
                            header=first, first_row=self.mailing_rows + 1)
        self._write(self.mailing, mailing)
        findings = csv_bytes(result, schema.FINDINGS_COLUMNS, encoding=schema.FINDINGS_ENCODING,
                             file=schema.FINDINGS_FILE, header=first, first_row=self.findings_rows + 1)
        self._write(self.findings, findings)
        self.mailing_rows += _records(mailing, self.codec) - first
        self.findings_rows += _records(findings, schema.FINDINGS_ENCODING) - first
        del mailing, findings, mailing_frame, printed
        self.rows += result.height
        for s, n in result.group_by("status").len().iter_rows():
            self.by_status[s] = self.by_status.get(s, 0) + n
        for codes, n in result.group_by("findings").len().iter_rows():
            for code in codes.split(";") if codes else ():
                self.by_finding[code] = self.by_finding.get(code, 0) + n
        self._towns.append(town_counts(result))
        self.summary.add(result)
        if self.folder is not None and self.rows > result.height and not self.page.on_disk:
            from addrjp.spill import Spill

            kept = self.page.take("page")
            self.page = Spill(self.folder.scratch())
            self.page.append("page", kept)
        self.page.append("page", page)
        if self.folder is not None:
            self.folder.wait()  # the part's two files written (a fault raised here, as the serial write's)

    def finish(self, *, input_rows: int, input_info: dict[str, Any],
               unknown: Sequence[Any]) -> tuple[dict[str, bytes], dict[str, Any], dict[str, Any]]:
        """The counts, ``report.html`` and ``manifest.json`` (written to the folder, or returned with the two CSV
        files when there is none); :class:`IntegrityError` when conservation fails. *unknown*: the decisions
        naming ids the register does not have."""
        from addrjp.mailing.manifest import build_manifest, file_entry, file_record
        from addrjp.mailing.pipeline import CODE_BIT
        from addrjp.mailing.report import report_parts
        from addrjp.mailing.writer import json_bytes
        from addrjp.review.decisions import file_info
        from addrjp.review.page import PageTotals

        opts = self.opts
        if self.folder is not None:  # the two CSV files flushed to the disk while the page is made
            self.folder.sync_beside(self.mailing)
            self.folder.sync_beside(self.findings)
        counts: dict[str, Any] = {
            "input": input_rows,
            "findings": self.findings_rows,
            "mailing": self.mailing_rows,
            "by_status": self.by_status,
            "by_finding": dict(sorted(self.by_finding.items(), key=lambda kv: CODE_BIT.get(kv[0], 99))),
        }
        counts["decisions"] = self.summary.counts(len(unknown))
        if opts.decisions:
            input_info = {**input_info, "decisions": file_info(opts.decisions)}
        parts = list(self.page.parts("page"))
        page = pl.concat(parts, how="vertical") if parts else pl.DataFrame()
        del parts
        towns = pl.concat(self._towns).group_by("town").agg(pl.col("len").sum()) if self._towns else pl.DataFrame(
            schema={"town": pl.String, "len": pl.Int64})
        report = report_parts(page, counts=counts, options=opts.for_manifest(), decisions_path=opts.decisions,
                              totals=PageTotals(rows=self.rows, towns=towns, unknown=unknown))
        if self.folder is not None:
            self.folder.wait()
        files = {
            schema.MAILING_FILE: file_record(self.mailing.sha256, self.mailing.size, rows=counts["mailing"],
                                             encoding=self.out_encoding, columns=self.headers),
            schema.FINDINGS_FILE: file_record(self.findings.sha256, self.findings.size, rows=counts["findings"],
                                              encoding="utf-8-sig", columns=schema.FINDINGS_COLUMNS),
            schema.REPORT_FILE: file_entry(report),
        }
        manifest = build_manifest(files=files, counts=counts, input_info=input_info, options=opts.for_manifest(),
                                  charset=opts.charset, out_encoding=self.out_encoding,
                                  columns=opts.columns)  # raises on conservation
        if self.rows != input_rows:
            raise IntegrityError(f"conservation failed, nothing written: {self.rows} result rows "
                                 f"for {input_rows} input rows")
        if self.folder is not None:  # report.html written in its pieces: the page never copied into one object
            self.folder.write(schema.REPORT_FILE, report)
            self.folder.write(schema.MANIFEST_FILE, json_bytes(manifest))
            return {}, counts, manifest
        return {schema.MAILING_FILE: self.mailing.getvalue(), schema.FINDINGS_FILE: self.findings.getvalue(),
                schema.REPORT_FILE: b"".join(report), schema.MANIFEST_FILE: json_bytes(manifest)}, counts, manifest


__all__ = ["Outputs"]
