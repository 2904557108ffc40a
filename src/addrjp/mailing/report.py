"""The run report (処理結果レポート, report.html): one self-contained page for the ward's staff.

Counts by status, by finding and by town as inline SVG bar charts; the page itself is the review page
(確認画面) of :mod:`addrjp.review.page`, where the clerk decides on held and review rows. No font, no image,
no link to anything outside the file (a Content-Security-Policy forbids it), so it opens the same on an
offline office PC. The page holds names and addresses: it is written owner-only like the other outputs,
for the ward only.

>>> svg = bar_chart([("ok", 3), ("hold", 1)], title="status")
>>> svg.startswith("<svg") and "hold" in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
True
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

import polars as pl

from addrjp.text import display_width

STATUS_JA: dict[str, str] = {
    "ok": "正常", "fixed": "修正済", "review": "要確認", "hold": "保留", "excluded": "対象外",
}
STATUS_COLOUR: dict[str, str] = {
    "ok": "#2e7d32", "fixed": "#1565c0", "review": "#ef6c00", "hold": "#c62828", "excluded": "#757575",
}


def bar_chart(items: Sequence[tuple[str, int]], *, title: str, colours: Mapping[str, str] | None = None,
              labels: Mapping[str, str] | None = None, scale: str = "log") -> str:
    """A horizontal bar chart as an inline SVG string (labels escaped), the count printed beside each bar.

    Bars are on a logarithmic *scale* (log(1 + n)) by default, so that a finding on 3 rows stays visible
    beside one on 30,000; ``"sqrt"`` or ``"linear"`` for others.
    """
    shown = [(labels or {}).get(key, key) for key, _ in items]
    # room for the longest label at 12 px: wide (CJK) characters ~12 px, others ~7 px
    label_w = min(560, max(120, 12 + max((sum(12 if display_width(c) == 1 else 7 for c in t) for t in shown),
                                         default=0)))
    width, bar_h, gap = label_w + 460, 18, 6
    top = max((n for _, n in items), default=0) or 1
    height = len(items) * (bar_h + gap) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="{escape(title)}">']
    for i, (key, n) in enumerate(items):
        y = 5 + i * (bar_h + gap)
        share = {"log": math.log1p(n) / math.log1p(top), "sqrt": (n / top) ** 0.5}.get(scale, n / top)
        w = max(2, round((width - label_w - 70) * share)) if n else 0
        colour = (colours or {}).get(key, "#5c6bc0")
        label = (labels or {}).get(key, key)
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">{escape(label)}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="{colour}"/>'
                     f'<text x="{label_w + w + 6}" y="{y + 13}">{n:,}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_report(result: pl.DataFrame, *, counts: Mapping[str, Any], options: Mapping[str, Any],
                  created: dt.datetime | None = None, decisions_path: str | None = None,
                  totals: Any = None) -> str:
    """The report page for a cleansed frame (columns of :func:`addrjp.mailing.pipeline.clean_frame`): the
    review page of :mod:`addrjp.review.page` (summary, charts, the rows to decide on); *totals*
    (:class:`addrjp.review.page.PageTotals`) when *result* holds only the rows the page embeds."""
    return report_bytes(result, counts=counts, options=options, created=created, decisions_path=decisions_path,
                        totals=totals).decode("utf-8")


def report_bytes(result: pl.DataFrame, *, counts: Mapping[str, Any], options: Mapping[str, Any],
                 created: dt.datetime | None = None, decisions_path: str | None = None,
                 totals: Any = None) -> bytes:
    """:func:`render_report` as the bytes of report.html (UTF-8): the rows' JSON is put in as polars made it
    (:func:`addrjp.review.page.render_page_bytes`), never a Python string."""
    return b"".join(report_parts(result, counts=counts, options=options, created=created,
                                 decisions_path=decisions_path, totals=totals))


def report_parts(result: pl.DataFrame, *, counts: Mapping[str, Any], options: Mapping[str, Any],
                 created: dt.datetime | None = None, decisions_path: str | None = None,
                 totals: Any = None) -> list[bytes]:
    """:func:`report_bytes` in pieces, as a run hashes and writes report.html
    (:func:`addrjp.review.page.render_page_parts`: the page never copied into one object)."""
    from addrjp.review.page import render_page_parts

    return render_page_parts(result, counts=counts, options=options, created=created,
                             decisions_path=decisions_path, totals=totals)


__all__ = ["bar_chart", "render_report", "report_bytes", "report_parts"]
