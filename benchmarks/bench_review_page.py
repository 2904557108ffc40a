"""The review page (確認画面) with a ward's full list: first paint and a filter in the browser.

A 35,335-row synthetic register (the seed's size, CP932 like a ward's export) is cleaned once; its
report.html is then opened from file:// in Debian's Chromium (Playwright, headless) several times. The
figures are taken inside the page with the Performance API, not with a clock around the driver:

* **first paint**: the page's own ``addrjp:painted`` mark (after its script has parsed the data and drawn
  the table, one frame later), measured from the navigation's time origin; Chromium's
  ``first-contentful-paint`` is reported beside it;
* **filter**: the ``addrjp:filter`` measure, from the change of the finding filter to the next frame after
  the table was drawn again (also for the "all rows" switch, which filters all 35,335 rows).

Run: ``python3 -m benchmarks.bench_review_page [--rows 35335] [--runs 7]``; prints medians and the spread.
Target (issue 14): first paint and a filter each under 1 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.browser import browser_context, open_page

ROOT = Path(__file__).resolve().parents[1]


def make_run(work: Path, rows: int) -> Path:
    """A cleaned synthetic register of *rows* rows; returns its report.html."""
    reg = work / "register.csv"
    subprocess.run([sys.executable, "-m", "benchmarks.synth_register", "--rows", str(rows), "--seed", "1",
                    "--out", str(reg), "--encoding", "cp932"], cwd=ROOT, check=True)
    out = work / "out"
    subprocess.run([sys.executable, "-m", "addrjp", "clean", str(reg), "--out", str(out), "--min-age", "77",
                    "--as-of", "2026-09-15", "-q"], cwd=ROOT, check=True)
    return out / "report.html"


def measure(report: Path, runs: int) -> dict[str, object]:
    paint, fcp, filt, switch = [], [], [], []
    with browser_context() as context:
        for _ in range(runs):
            page = open_page(context, report)
            paint.append(page.evaluate("performance.getEntriesByName('addrjp:painted')[0].startTime"))
            fcp.append(page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0"))
            finding = page.evaluate("document.querySelector('#f-finding').options[2].value")
            page.select_option("#f-finding", finding)
            page.wait_for_function("performance.getEntriesByName('addrjp:filter').length >= 1")
            filt.append(page.evaluate("performance.getEntriesByName('addrjp:filter')[0].duration"))
            page.check("#f-all")
            page.wait_for_function("performance.getEntriesByName('addrjp:filter').length >= 2")
            switch.append(page.evaluate("performance.getEntriesByName('addrjp:filter')[1].duration"))
            page.close()
    size = report.stat().st_size

    def stat(values: list[float]) -> dict[str, float]:
        return {"median_ms": round(statistics.median(values), 1), "min_ms": round(min(values), 1),
                "max_ms": round(max(values), 1)}

    return {"report_bytes": size, "runs": runs, "first_paint": stat(paint), "first_contentful_paint": stat(fcp),
            "filter_finding": stat(filt), "switch_all_rows": stat(switch)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=35_335)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--report", type=Path, help="an existing report.html instead of a new run")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="addrjp-bench-page-") as tmp:
        started = time.perf_counter()
        report = args.report or make_run(Path(tmp), args.rows)
        prepared = time.perf_counter() - started
        figures = measure(report, args.runs)
    figures["rows"] = args.rows if not args.report else None
    figures["prepare_s"] = round(prepared, 1)
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
