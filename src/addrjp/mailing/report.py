"""The run report (処理結果レポート, report.html): one self-contained page for the ward's staff.

Counts by status, by finding and by town as inline SVG bar charts, and the held rows (保留) with their
findings so that a person can decide about each. No script, no font, no image, no link to anything outside
the file (a Content-Security-Policy forbids it), so it opens the same on an offline office PC. The page
holds names and addresses of held rows: it is written owner-only like the other outputs, for the ward only.

>>> svg = bar_chart([("ok", 3), ("hold", 1)], title="status")
>>> svg.startswith("<svg") and "hold" in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

import polars as pl

from addrjp.quality.findings import CATALOGUE
from addrjp.text import display_width

STATUS_JA: dict[str, str] = {
    "ok": "正常", "fixed": "修正済", "review": "要確認", "hold": "保留", "excluded": "対象外",
}
STATUS_COLOUR: dict[str, str] = {
    "ok": "#2e7d32", "fixed": "#1565c0", "review": "#ef6c00", "hold": "#c62828", "excluded": "#757575",
}
MAX_HELD_ROWS = 2_000
MAX_TOWNS = 40

_CSS = """
body{font-family:"Hiragino Sans","Yu Gothic","Meiryo",sans-serif;margin:2em;color:#222;max-width:1100px}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:2em}
table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left}
th{background:#f3f3f3}td.n{text-align:right}.note{color:#555;font-size:.9em}
svg text{font-size:12px;font-family:inherit}
"""


def bar_chart(items: Sequence[tuple[str, int]], *, title: str, colours: Mapping[str, str] | None = None,
              labels: Mapping[str, str] | None = None) -> str:
    """A horizontal bar chart as an inline SVG string (labels escaped)."""
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
        w = max(1, round((width - label_w - 70) * n / top)) if n else 0
        colour = (colours or {}).get(key, "#5c6bc0")
        label = (labels or {}).get(key, key)
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">{escape(label)}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="{colour}"/>'
                     f'<text x="{label_w + w + 6}" y="{y + 13}">{n:,}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td class="n">{v:,}</td>' if isinstance(v, int) else f"<td>{escape(str(v))}</td>"
                         for v in row) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_report(result: pl.DataFrame, *, counts: Mapping[str, Any], options: Mapping[str, Any],
                  created: dt.datetime | None = None) -> str:
    """The report page for a cleansed frame (columns of :func:`addrjp.mailing.pipeline.clean_frame`)."""
    from addrjp import __version__

    when = (created or dt.datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M")
    by_status: Mapping[str, int] = counts["by_status"]
    status_items = [(s, int(by_status.get(s, 0))) for s in STATUS_JA]
    by_finding: Mapping[str, int] = counts.get("by_finding", {})
    finding_items = [(c, int(n)) for c, n in by_finding.items()]
    finding_labels = {c: f"{c} {CATALOGUE[c].message_ja}" if c in CATALOGUE else c for c, _ in finding_items}
    towns = (
        result.filter(pl.col("status") != "excluded")
        .with_columns(pl.when(pl.col("town") == "").then(pl.lit("(町名不明)")).otherwise("town").alias("town"))
        .group_by("town").len().sort(["len", "town"], descending=[True, False])
    )
    town_items = [(t, int(n)) for t, n in towns.head(MAX_TOWNS).iter_rows()]
    held = result.filter(pl.col("status") == "hold")
    held_rows = [
        (r["_line"], r["id"], "; ".join(f"{c} {CATALOGUE[c].message_ja}" if c in CATALOGUE else c
                                        for c in r["findings"].split(";") if c),
         r["name_in"], r["postal_code_in"], r["address_in"], r["suggestion"])
        for r in held.head(MAX_HELD_ROWS).iter_rows(named=True)
    ]
    summary = _table(
        ["", "件数"],
        [("入力 (input rows)", int(counts["input"])), ("宛名ファイル mailing.csv (to print)", int(counts["mailing"]))]
        + [(f"{STATUS_JA[s]} ({s})", n) for s, n in status_items],
    )
    opts = _table(["option", "value"], [(k, "" if v is None else v) for k, v in sorted(options.items())])
    from addrjp.mailing.area import describe_area

    area = f'<p>対象地域 (area): {escape(describe_area(options))}</p>'
    more = (f'<p class="note">先頭 {MAX_HELD_ROWS:,} 件のみ表示 (first {MAX_HELD_ROWS:,} of {held.height:,}); '
            "全件は findings.csv を参照。</p>" if held.height > MAX_HELD_ROWS else "")
    held_html = (_table(["行 line", "ID", "所見 findings", "氏名 name", "郵便番号", "住所 address", "候補 suggestion"],
                        held_rows) if held_rows else "<p>保留はありません (no held rows).</p>")
    return f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="referrer" content="no-referrer">
<title>addrjp 処理結果レポート</title><style>{_CSS}</style></head>
<body>
<h1>宛名クレンジング結果 (addrjp clean report)</h1>
<p class="note">作成 {escape(when)} · addrjp {escape(__version__)} ·
この報告書には保留行の氏名・住所が含まれます。区の担当者のみが扱ってください (contains personal data: ward only).</p>
<h2>概要 (summary)</h2>{summary}{area}
<h2>状態別 (by status)</h2>{bar_chart(status_items, title="by status", colours=STATUS_COLOUR,
                                   labels={s: f"{STATUS_JA[s]} {s}" for s in STATUS_JA})}
<h2>所見別 (by finding)</h2>{bar_chart(finding_items, title="by finding", labels=finding_labels)
                               if finding_items else "<p>所見はありません (no findings).</p>"}
<h2>町域別 (by town, top {MAX_TOWNS})</h2>{bar_chart(town_items, title="by town") if town_items else ""}
<h2>保留行 (held rows: {held.height:,})</h2>{more}{held_html}
<h2>実行条件 (options)</h2>{opts}
</body></html>
"""


__all__ = ["bar_chart", "render_report"]
