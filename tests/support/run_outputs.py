"""Helpers for tests of whole runs (no tests here): a synthetic register written as a ward's extract, and
the comparison of two runs' outputs (byte-identical CSVs, the same page and manifest but their times)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

_TIME = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?(Z|[+-]\d\d:?\d\d)?")


def write_register(path: Path, rows: int, seed: int) -> Path:
    """*rows* rows of the synthetic 新宿区 register (:mod:`benchmarks.synth_register`), CP932 with CRLF, at
    *path*."""
    from benchmarks.synth_register import ROWS_HEADER, generate

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(ROWS_HEADER)
    writer.writerows(generate(rows, seed=seed).rows)
    path.write_bytes(buf.getvalue().encode("cp932"))
    return path


def page_without_time(out: Path) -> str:
    """The review page of the run in *out*, without the time it was made."""
    return _TIME.sub("", (out / "report.html").read_text("utf-8"))


def assert_same_outputs(a: Path, b: Path) -> None:
    """The runs in *a* and *b* wrote byte-identical mailing.csv and findings.csv, the same page and the same
    manifest but for their times (and the page's hash)."""
    for name in ("mailing.csv", "findings.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert page_without_time(a) == page_without_time(b)
    ma, mb = (json.loads((d / "manifest.json").read_text("utf-8")) for d in (a, b))
    for m in (ma, mb):
        m.pop("created")
        m["files"].pop("report.html")
    assert ma == mb
