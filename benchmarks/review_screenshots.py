"""Screenshots of the review page (確認画面) for the docs, made from the bundled example by the test tooling.

Cleans ``examples/shinjuku_register.csv`` (synthetic people) with the 敬老会 age rule, opens report.html in
Debian's Chromium (Playwright, headless) and writes into ``docs/images/``:

* ``review-summary.png`` — the summary and the charts;
* ``review-filtered.png`` — the table filtered to one finding;
* ``review-duplicate.png`` — a probable duplicate with its partner row beside it;
* ``review-editor.png`` — the correction editor, prefilled with the suggestion.

Run: ``python3 -m benchmarks.review_screenshots [--out docs/images]``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.browser import browser_context, open_page

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="addrjp-shots-") as tmp:
        run = Path(tmp) / "out"
        subprocess.run([sys.executable, "-m", "addrjp", "clean", str(ROOT / "examples" / "shinjuku_register.csv"),
                        "--out", str(run), "--min-age", "77", "--as-of", "2026-09-15", "-q"], cwd=ROOT, check=True)
        with browser_context(width=1360, height=900) as context:
            page = open_page(context, run / "report.html")
            page.evaluate("localStorage.setItem('addrjp.reviewer', '確認 花子')")
            page.reload()
            page.wait_for_selector("html[data-ready='1']")
            box = page.locator("#summary h3").nth(2).bounding_box()  # down to the chart by town
            assert box is not None
            page.screenshot(path=str(args.out / "review-summary.png"), full_page=True,
                            clip={"x": 0, "y": 0, "width": 1360, "height": box["y"] + box["height"] + 8})

            page.select_option("#f-finding", "address.town_unknown")
            page.locator("#list tbody tr").first.click()
            page.locator("#review").screenshot(path=str(args.out / "review-filtered.png"))

            page.click("button[data-act='correct']")
            page.wait_for_selector("#editor-value")
            page.locator("#detail").screenshot(path=str(args.out / "review-editor.png"))
            page.click("#form-cancel")

            page.select_option("#f-finding", "duplicate.probable")
            page.locator("#list tbody tr").first.click()
            page.wait_for_selector("#detail .partner")
            page.locator("#work").screenshot(path=str(args.out / "review-duplicate.png"))
    for name in ("review-summary", "review-filtered", "review-duplicate", "review-editor"):
        print(args.out / f"{name}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
