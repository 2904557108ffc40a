"""The review page (確認画面, report.html): the run's summary and a page the clerk works in.

One self-contained HTML file, opened from the output folder with a double-click: no server, no network, no
font or script from elsewhere. A strict Content-Security-Policy (``default-src 'none'``) allows only the
page's own inline script and style, each by its SHA-256 hash (never ``'unsafe-inline'``). The rows are
embedded once as JSON (``<``, ``>``, ``&``, U+2028 and U+2029 escaped, so no cell can end the script
block) and every value reaches the screen through ``textContent``, never as markup.

The page shows the summary and charts (bars on a logarithmic scale, so that rare findings stay visible,
with the count printed), then every held (保留) and review (要確認) row — all rows on a switch — with
filters, sorting and paging; for the selected row the input and output side by side with the changes
marked, each finding explained in Japanese with what to do, the suggestion, the partner row of a
duplicate, and the decision controls. 「判断記録を保存」 downloads the decisions file that
``addrjp clean --decisions`` reads (:mod:`addrjp.review.decisions`). The page holds personal data: it is
for the ward only and is never sealed for the vendor.

>>> "<" in embed_json({"x": "</script><b>&"}), embed_json({"x": "\\u2028"})
(False, '{"x":"\\\\u2028"}')
>>> csp_source("a")
"'sha256-ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs='"
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from importlib import resources
from typing import Any

import polars as pl

from addrjp.quality.findings import ACTION_JA, CATALOGUE
from addrjp.review.decisions import PAGE_ALL_ROWS as MAX_ALL_ROWS

MAX_TOWNS = 40
#: The embedded columns, in order (the data holds one list per column; the script reads rows by position).
ROW_FIELDS: tuple[str, ...] = (
    "_line", "id", "status", "findings", "duplicate_of", "postal_code_in", "postal_code_out", "address_in",
    "address1", "address2", "name_in", "name_out", "suggestion", "town", "fingerprint", "decisions",
)


def asset(name: str) -> str:
    """The text of one of the page's assets (``page.js``, ``page.css``), shipped as package data."""
    return resources.files("addrjp.review").joinpath("assets", name).read_text(encoding="utf-8")


def csp_source(text: str) -> str:
    """The CSP source expression allowing exactly this inline script or style."""
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def embed_json(value: Any) -> str:
    """*value* as JSON safe to put inside a ``<script type="application/json">`` element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


#: What :func:`embed_json` makes of each character inside a JSON string: json.dumps's escapes (the quote,
#: the backslash, control characters) and the page's own (``<``, ``>``, ``&``, U+2028, U+2029).
_JSON_ESCAPES: dict[str, str] = {
    **{chr(c): f"\\u{c:04x}" for c in range(0x20)},
    "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "\\": "\\\\",
    "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029",
}


def _embedded(name: str, dtype: pl.DataType, *, whole: str | None = None) -> pl.Expr | None:
    """The JSON list of column *name* (without its brackets) as an expression, None for other dtypes. A text
    column with rows and no null is joined whole (*whole* ``"escape"``, or ``"as_is"`` when no cell holds a
    character to escape): ``"a","b"`` in one step, not a quoted string per cell."""
    if dtype == pl.String and whole is not None:
        cells = pl.col(name).str.replace_many(_JSON_ESCAPES) if whole == "escape" else pl.col(name)
        return pl.concat_str([pl.lit('"'), cells.str.join('","'), pl.lit('"')]).alias(name)
    if dtype == pl.String:
        cell = pl.concat_str([pl.lit('"'), pl.col(name).str.replace_many(_JSON_ESCAPES), pl.lit('"')])
    elif dtype.is_integer():
        cell = pl.col(name).cast(pl.String)
    else:
        return None
    return cell.fill_null("null").str.join(",").alias(name)


def embed_column(series: pl.Series) -> str:
    """``embed_json(series.to_list())`` made by polars (text and integer columns; others through
    :func:`embed_json`): no Python string per cell.

    >>> s = pl.Series(["a", None, '</b> & "c"'])
    >>> embed_column(s) == embed_json(s.to_list()), embed_column(pl.Series([1, None], dtype=pl.Int64))
    (True, '[1,null]')
    """
    return embed_frame(series.to_frame())[1:-1]


def embed_frame(frame: pl.DataFrame) -> str:
    """``embed_json(_columns(frame))``: the frame as one list per column, the text and integer columns in
    one polars select (in parallel), no Python string per cell."""
    return embed_frame_bytes(frame).decode("utf-8")


def embed_frame_bytes(frame: pl.DataFrame) -> bytes:
    """:func:`embed_frame` as UTF-8 bytes, made from polars' own bytes (each column's joined text read back
    as binary): no Python string of the rows at all, which for a ward's page (megabytes of kanji) costs
    more than the polars work itself — the text made, copied into the page and encoded again."""
    return b"".join(embed_frame_parts(frame))


def embed_frame_parts(frame: pl.DataFrame) -> list[bytes]:
    """:func:`embed_frame_bytes` in pieces (joined, the same bytes): each column's JSON as polars gave it, with
    the brackets and commas between, so that a page written in pieces copies no column again."""
    whole = _whole_columns(frame)
    exprs = {c: _embedded(c, t, whole=whole.get(c)) for c, t in frame.schema.items()}
    wanted = [e.cast(pl.Binary) for e in exprs.values() if e is not None]
    done = frame.select(wanted).row(0, named=True) if wanted else {}
    parts = [b"["]
    for i, (c, e) in enumerate(exprs.items()):
        if i:
            parts.append(b",")
        if e is None:
            parts.append(embed_json(frame[c].to_list()).encode("utf-8"))
        else:
            parts.extend((b"[", done[c] or b"", b"]"))
    parts.append(b"]")
    return parts


def _whole_columns(frame: pl.DataFrame) -> dict[str, str]:
    """The text columns of *frame* that can be joined whole (rows and no null): ``"escape"`` where a cell holds
    a character :data:`_JSON_ESCAPES` escapes, ``"as_is"`` where none does (most columns: ids, codes, dates)."""
    if not frame.height:
        return {}
    texts = [c for c, t in frame.schema.items() if t == pl.String and not frame[c].null_count()]
    if not texts:
        return {}
    escapes = list(_JSON_ESCAPES)
    found = frame.select([pl.col(c).str.contains_any(escapes).any().alias(c) for c in texts]).row(0, named=True)
    return {c: "escape" if found[c] else "as_is" for c in texts}


def embed_doc(doc: Mapping[str, Any]) -> str:
    """``embed_json(doc)`` where a value may be a frame (:func:`embed_frame`)."""
    return embed_doc_bytes(doc).decode("utf-8")


def embed_doc_bytes(doc: Mapping[str, Any]) -> bytes:
    """:func:`embed_doc` as UTF-8 bytes (the frames by :func:`embed_frame_bytes`)."""
    return b"".join(embed_doc_parts(doc))


def embed_doc_parts(doc: Mapping[str, Any]) -> list[bytes]:
    """:func:`embed_doc_bytes` in pieces (the frames by :func:`embed_frame_parts`)."""
    parts = [b"{"]
    for i, (k, v) in enumerate(doc.items()):
        parts.append((b"," if i else b"") + embed_json(str(k)).encode("utf-8") + b":")
        parts.extend(_embedded_value(v))
    parts.append(b"}")
    return parts


def _embedded_value(value: Any) -> list[bytes]:
    """A value of :func:`embed_doc_parts` in pieces: a frame by :func:`embed_frame_parts`, anything else by
    :func:`embed_json`."""
    if isinstance(value, pl.DataFrame):
        return embed_frame_parts(value)
    return [embed_json(value).encode("utf-8")]


def content_security_policy(script: str, style: str) -> str:
    """The page's CSP: nothing from anywhere, the inline script and style by hash, data: images only."""
    return (f"default-src 'none'; script-src {csp_source(script)}; style-src {csp_source(style)}; "
            "img-src data:; base-uri 'none'; form-action 'none'")


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]], *, cls: str = "") -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td class="n">{v:,}</td>' if isinstance(v, int) else f"<td>{escape(str(v))}</td>"
                         for v in row) + "</tr>"
        for row in rows
    )
    attr = f' class="{cls}"' if cls else ""
    return f"<table{attr}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _decision_rows(result: pl.DataFrame) -> list[tuple[str, int, list[dict[str, Any]]]]:
    if "decisions" not in result.columns:
        return []
    rows = result.filter(pl.col("decisions") != "").select("id", "_line", "decisions").iter_rows()
    return [(rid, int(line), json.loads(text)) for rid, line, text in rows]


_STATE_JA = {"stale": "名簿が変わったため未適用 (stale)", "conflict": "食い違いのため未適用 (conflicting)",
             "not_applicable": "保留・対象外の行には承認を適用できません (not applicable)",
             "superseded": "新しい判断に置き換え (superseded)"}


def _problems_html(result: pl.DataFrame, unknown: Sequence[Any]) -> str:
    from addrjp.review.decisions import ACTION_LABEL_JA

    items: list[tuple[Any, ...]] = []
    for rid, line, decisions in _decision_rows(result):
        for d in decisions:
            if d["s"] in _STATE_JA:
                items.append((d.get("l") or "", rid, line, ACTION_LABEL_JA.get(d["a"], d["a"]), _STATE_JA[d["s"]]))
    for d in unknown:
        items.append((d.line, d.id, "", ACTION_LABEL_JA.get(d.action, d.action), "名簿にない宛名番号 (unknown id)"))
    if not items:
        return ""
    items.sort(key=lambda t: (t[0] if isinstance(t[0], int) else 0, t[1]))
    return ('<h3>適用されなかった判断 (decisions not applied)</h3>'
            + _table(["判断記録の行 (line)", "宛名番号 (id)", "名簿の行 (register line)", "判断 (action)", "理由 (why)"],
                     [(str(a), b, str(c), d, e) for a, b, c, d, e in items], cls="problems"))


def split_rows(result: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rows the page draws first, the others): first the held and review rows, rows with decisions and the
    partner rows of flagged duplicates; the others are parsed after the first paint (the "all rows" switch)."""
    from addrjp.review.decisions import page_rows

    near = page_rows(result)
    return result.filter(near), result.filter(~near)


def _columns(frame: pl.DataFrame) -> list[list[Any]]:
    """The frame as one list per column (the page's script turns them into rows): faster to make than rows."""
    return [frame[c].to_list() for c in frame.columns]


def page_data(result: pl.DataFrame, *, unknown: Sequence[Any] = (), counts: Mapping[str, Any] | None = None,
              created: str = "", source: str = "", total: int | None = None) -> dict[str, Any]:
    """What the page's script needs, as JSON-ready data: the rows, the catalogue, the run. *total* is the
    run's number of rows when *result* holds only some of them (at least every row the page draws first)."""
    doc = _page_doc(result, unknown=unknown, counts=counts, created=created, source=source, total=total)
    return {k: _columns(v) if isinstance(v, pl.DataFrame) else v for k, v in doc.items()}


def _page_doc(result: pl.DataFrame, *, unknown: Sequence[Any] = (), counts: Mapping[str, Any] | None = None,
              created: str = "", source: str = "", total: int | None = None) -> dict[str, Any]:
    """:func:`page_data` with the rows (``rows``, ``more``) as frames of :data:`ROW_FIELDS`, for
    :func:`embed_doc`."""
    from addrjp.review.decisions import ACTION_LABEL_JA, EXCLUDE_REASONS, FIELD_LABEL_JA

    total = result.height if total is None else total
    all_rows = total <= MAX_ALL_ROWS
    first, more = split_rows(result)
    cols = [pl.col(c) if c in result.columns else pl.lit("").alias(c) for c in ROW_FIELDS]
    rows = first.select(cols)
    rest = more.select(cols) if all_rows else more.select(cols).clear()
    catalogue = {c: [e.message_ja, e.message_en, ACTION_JA.get(c, ""), "/".join(e.severities)]
                 for c, e in CATALOGUE.items()}
    return {
        "v": 1,
        "fields": list(ROW_FIELDS),
        "rows": rows,
        "more": rest,
        "all": all_rows,
        "total": total,
        "catalogue": catalogue,
        "actions": ACTION_LABEL_JA,
        "fieldLabels": FIELD_LABEL_JA,
        "reasons": list(EXCLUDE_REASONS),
        "unknown": [{"id": d.id, "p": d.fingerprint, "a": d.action, "f": d.field, "v": d.value, "r": d.reason,
                     "b": d.decided_by, "t": d.decided_at, "l": d.line} for d in unknown],
        "created": created,
        "source": source,
        "undecided": int(((counts or {}).get("decisions") or {}).get("review_without_decision", 0)),
    }


@dataclass(frozen=True)
class PageTotals:
    """What the page says of a run whose rows it is not given all of: the number of rows, the rows by town
    (:func:`town_counts`, summed over the parts), the decisions naming ids the register does not have."""

    rows: int
    towns: pl.DataFrame
    unknown: Sequence[Any] = ()


def town_counts(result: pl.DataFrame) -> pl.DataFrame:
    """``town``, ``len``: rows that are not excluded, by town (``(町名不明)`` when unknown), unsorted."""
    return (result.filter(pl.col("status") != "excluded")
            .with_columns(pl.when(pl.col("town") == "").then(pl.lit("(町名不明)")).otherwise("town").alias("town"))
            .group_by("town").agg(pl.len().cast(pl.Int64)))


def render_page(result: pl.DataFrame, *, counts: Mapping[str, Any], options: Mapping[str, Any],
                created: dt.datetime | None = None, decisions_path: str | None = None,
                bar_chart: Any = None, totals: PageTotals | None = None) -> str:
    """The review page for a cleansed frame (the columns of :func:`addrjp.mailing.pipeline.clean_frame`).

    With *totals*, *result* holds only the rows the page embeds (all of them up to
    :data:`MAX_ALL_ROWS`, else at least the rows it draws first), and *totals* says the rest."""
    return render_page_bytes(result, counts=counts, options=options, created=created,
                             decisions_path=decisions_path, bar_chart=bar_chart, totals=totals).decode("utf-8")


def render_page_bytes(result: pl.DataFrame, *, counts: Mapping[str, Any], options: Mapping[str, Any],
                      created: dt.datetime | None = None, decisions_path: str | None = None,
                      bar_chart: Any = None, totals: PageTotals | None = None) -> bytes:
    """:func:`render_page` as the UTF-8 bytes of report.html: the page's text around the rows encoded, the
    rows' JSON put in as polars made it (:func:`embed_frame_bytes`), so the rows are never a Python string."""
    return b"".join(render_page_parts(result, counts=counts, options=options, created=created,
                                      decisions_path=decisions_path, bar_chart=bar_chart, totals=totals))


def render_page_parts(result: pl.DataFrame, *, counts: Mapping[str, Any], options: Mapping[str, Any],
                      created: dt.datetime | None = None, decisions_path: str | None = None,
                      bar_chart: Any = None, totals: PageTotals | None = None) -> list[bytes]:
    """:func:`render_page_bytes` in pieces (joined, the same bytes): a run hashes and writes them one after
    the other, and the page (megabytes of rows) is never copied into one object."""
    from addrjp import __version__
    from addrjp.mailing.report import STATUS_COLOUR, STATUS_JA
    from addrjp.mailing.report import bar_chart as default_chart
    from addrjp.review.decisions import unknown_decisions

    chart = bar_chart or default_chart
    when = (created or dt.datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M")
    by_status: Mapping[str, int] = counts["by_status"]
    status_items = [(s, int(by_status.get(s, 0))) for s in STATUS_JA]
    by_finding: Mapping[str, int] = counts.get("by_finding", {})
    finding_items = [(c, int(n)) for c, n in by_finding.items()]
    finding_labels = {c: f"{CATALOGUE[c].message_ja} {c}" if c in CATALOGUE else c for c, _ in finding_items}
    towns = (town_counts(result) if totals is None else totals.towns).sort(["len", "town"],
                                                                         descending=[True, False])
    town_items = [(t, int(n)) for t, n in towns.head(MAX_TOWNS).iter_rows()]
    decisions = counts.get("decisions") or {}
    undecided = int(decisions.get("review_without_decision", 0))
    held_undecided = int(decisions.get("hold_without_decision", 0))
    summary = _table(
        ["", "件数"],
        [("入力 (input rows)", int(counts["input"])), ("宛名ファイル mailing.csv (to print)", int(counts["mailing"]))]
        + [(f"{STATUS_JA[s]} ({s})", n) for s, n in status_items]
        + [("要確認で未判断 (review rows without a decision)", undecided),
           ("保留で未判断 (held rows without a decision)", held_undecided)],
    )
    unknown = unknown_decisions(result, decisions_path) if totals is None else list(totals.unknown)
    applied = decisions.get("applied") or {}
    from addrjp.review.decisions import ACTION_LABEL_JA

    decision_rows = [(f"{ACTION_LABEL_JA[a]} ({a})", int(applied.get(a, 0))) for a in ACTION_LABEL_JA] + [
        ("氏名の個別指定 (--name-overrides)", int(decisions.get("name_overrides", 0))),
        ("名簿が変わったため未適用 (stale)", int(decisions.get("stale", 0))),
        ("名簿にない宛名番号 (unknown id)", int(decisions.get("unknown", 0))),
        ("食い違い (conflicting)", int(decisions.get("conflicting", 0))),
        ("適用できない承認 (not applicable)", int(decisions.get("not_applicable", 0))),
    ]
    source = str(options.get("decisions") or "")
    decisions_html = (
        f'<p>判断記録 (decisions file): {escape(source) if source else "なし (none: add --decisions FILE)"}</p>'
        + _table(["適用した判断 (decisions applied)", "件数"], decision_rows) + _problems_html(result, unknown))
    opts = _table(["option", "value"], [(k, "" if v is None else v) for k, v in sorted(options.items())])
    from addrjp.mailing.area import describe_area

    area = f'<p id="area">対象地域 (area): {escape(describe_area(options))}</p>'
    undecided_note = (f'<p class="warn" id="undecided-note">要確認の行のうち {undecided:,} 行はまだ判断されていません '
                      f"(review rows without a decision: {undecided:,}). 要確認の行はそのまま印刷されます。</p>"
                      if undecided else '<p class="note" id="undecided-note">要確認の行はすべて判断済みです '
                      "(every review row has a decision).</p>")
    doc = _page_doc(result, unknown=unknown, counts=counts, created=when, source=source,
                    total=None if totals is None else totals.rows)
    more = _embedded_value(doc.pop("more"))  # after the rest of the page: parsed once the first rows are drawn
    data = embed_doc_parts(doc)
    script, style = asset("page.js"), asset("page.css")
    head = f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{content_security_policy(script, style)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>addrjp 確認画面 (review page)</title><style>{style}</style></head>
<body>
<header><h1>宛名クレンジング結果・確認画面 <span class="en">(addrjp clean: report and review page)</span></h1>
<p class="note">作成 {escape(when)} · addrjp {escape(__version__)} ·
この画面には氏名・住所が含まれます。区の担当者のみが扱い、委託先へは渡さないでください
(contains personal data: ward only, never sent to the vendor).</p>
<nav><a href="#summary">概要 summary</a> · <a href="#review">確認と判断 review</a> ·
<a href="#decisions">判断記録 decisions</a> · <a href="#options">実行条件 options</a></nav></header>
<section id="summary"><h2>概要 (summary)</h2>{summary}{area}{undecided_note}
<h3>状態別 (by status)</h3>{chart(status_items, title="by status", colours=STATUS_COLOUR,
                                 labels={s: f"{STATUS_JA[s]} {s}" for s in STATUS_JA})}
<h3>指摘事項別 (by finding)</h3><p class="note">棒の長さは対数目盛 (bars on a logarithmic scale, so that rare findings stay visible; the count is printed).</p>
{chart(finding_items, title="by finding", labels=finding_labels) if finding_items else "<p>指摘事項はありません (no findings).</p>"}
<h3>町域別 (by town, top {MAX_TOWNS})</h3>{chart(town_items, title="by town") if town_items else ""}
</section>
<section id="review"><h2>確認と判断 (review and decide)</h2>
<noscript><p class="warn">この画面の確認・判断機能には JavaScript が必要です (the review needs JavaScript).</p></noscript>
<div id="app" aria-live="polite"><p class="note">読み込み中… (loading)</p></div>
</section>
<section id="decisions"><h2>判断記録 (decisions of this run)</h2>{decisions_html}</section>
<script type="application/json" id="addrjp-data">"""
    middle = f"""</script>
<script>{script}</script>
<section id="options"><h2>実行条件 (options)</h2>{opts}</section>
<script type="application/json" id="addrjp-more">"""
    end = """</script>
</body></html>
"""
    return [head.encode("utf-8"), *data, middle.encode("utf-8"), *more, end.encode("utf-8")]


__all__ = ["MAX_ALL_ROWS", "ROW_FIELDS", "PageTotals", "asset", "content_security_policy", "csp_source", "embed_column",
           "embed_doc", "embed_doc_bytes", "embed_doc_parts", "embed_frame", "embed_frame_bytes", "embed_frame_parts",
           "embed_json", "page_data", "render_page", "render_page_bytes",
           "render_page_parts", "town_counts"]
