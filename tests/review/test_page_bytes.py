"""report.html made as bytes (render_page_bytes: the rows' JSON put in as polars made it, never a Python
string) holds what the page's data says (page_data), for any text a cell can hold, and is the text
render_page gives, encoded."""

from __future__ import annotations

import datetime as dt
import json
import re

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.review.page import (
    ROW_FIELDS,
    embed_doc_bytes,
    embed_doc_parts,
    embed_frame_bytes,
    embed_frame_parts,
    embed_json,
    page_data,
    render_page,
    render_page_bytes,
)

_SPECIAL = st.sampled_from(list('\x00\x01\x1f"\\/<>&\u2028\u2029\u3000新ｱ𠮷\ufeff'))
_TEXT = st.text(st.one_of(_SPECIAL, st.characters(exclude_categories=["Cs"])), max_size=8)
_STATUS = st.sampled_from(["ok", "fixed", "review", "hold", "excluded"])
_CREATED = dt.datetime(2026, 9, 15, 9, 30, tzinfo=dt.UTC)


def _frame(rows: list[tuple[str, str, str | None]]) -> pl.DataFrame:
    n = len(rows)
    cols: dict[str, pl.Series] = {}
    for c in ROW_FIELDS:
        if c == "_line":
            cols[c] = pl.Series(c, range(2, n + 2), dtype=pl.Int64)
        elif c == "id":
            cols[c] = pl.Series(c, [f"A{i}" for i in range(n)], dtype=pl.String)
        elif c == "status":
            cols[c] = pl.Series(c, [r[0] for r in rows], dtype=pl.String)
        elif c in ("findings", "duplicate_of", "decisions"):
            cols[c] = pl.Series(c, [""] * n, dtype=pl.String)
        elif c == "name_in":
            cols[c] = pl.Series(c, [r[2] for r in rows], dtype=pl.String)  # nulls: each cell quoted
        else:
            cols[c] = pl.Series(c, [r[1] for r in rows], dtype=pl.String)
    return pl.DataFrame(cols)


def _blocks(html: str) -> tuple[dict[str, object], list[list[object]]]:
    found = re.findall(r'<script type="application/json" id="addrjp-(data|more)">(.*?)</script>', html, re.S)
    assert [k for k, _ in found] == ["data", "more"]
    return json.loads(found[0][1]), json.loads(found[1][1])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_STATUS, _TEXT, st.one_of(st.none(), _TEXT)), max_size=6))
def test_the_pages_bytes_hold_the_rows_as_page_data_gives(rows: list[tuple[str, str, str | None]]) -> None:
    frame = _frame(rows)
    counts = {"input": frame.height, "mailing": 0, "by_status": {"ok": frame.height}, "by_finding": {}}
    html = render_page_bytes(frame, counts=counts, options={"charset": "cp932"}, created=_CREATED)
    assert html == render_page(frame, counts=counts, options={"charset": "cp932"}, created=_CREATED).encode("utf-8")
    data, more = _blocks(html.decode("utf-8"))
    want = page_data(frame, counts=counts, created=_CREATED.strftime("%Y-%m-%d %H:%M"))
    assert more == want.pop("more")
    assert data == json.loads(json.dumps(want))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_TEXT, st.one_of(st.none(), _TEXT), st.one_of(st.none(), st.integers(-9, 10**6))),
                max_size=8))
def test_embedded_bytes_and_their_pieces_are_the_json_text_encoded(
        rows: list[tuple[str, str | None, int | None]]) -> None:
    frame = pl.DataFrame(rows, schema={"t": pl.String, "n": pl.String, "i": pl.Int64}, orient="row")
    lists = [frame[c].to_list() for c in frame.columns]
    assert embed_frame_bytes(frame) == embed_json(lists).encode("utf-8")
    assert b"".join(embed_frame_parts(frame)) == embed_json(lists).encode("utf-8")
    doc = {"rows": frame, "empty": frame.clear(), "flag": [True, None]}
    assert embed_doc_bytes(doc) == embed_json({"rows": lists, "empty": [[], [], []], "flag": [True, None]}).encode()
    doc = {**doc, "fields": ["a"]}
    want = {"rows": lists, "empty": [[], [], []], "flag": [True, None], "fields": ["a"]}
    assert b"".join(embed_doc_parts(doc)) == embed_json(want).encode("utf-8")
