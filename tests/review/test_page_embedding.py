"""The page's rows embedded as JSON by polars (embed_column, embed_doc) are what json.dumps gives
(embed_json of the lists), for any text a cell can hold."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.review.page import _columns, embed_column, embed_doc, embed_frame, embed_json

#: every character json.dumps or the page escapes, and some it does not
_SPECIAL = st.sampled_from(list('\x00\x01\x08\x09\x0a\x0c\x0d\x1f\x7f"\\/<>&\u2028\u2029\u3000新ｱ𠮷\ufeff'))
_TEXT = st.text(st.one_of(_SPECIAL, st.characters(exclude_categories=["Cs"])), max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), _TEXT), max_size=10))
def test_a_text_column_embeds_as_json_dumps_gives(cells: list[str | None]) -> None:
    series = pl.Series(cells, dtype=pl.String)
    assert embed_column(series) == embed_json(cells)


@given(st.lists(st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)), max_size=10))
def test_an_integer_column_embeds_as_json_dumps_gives(cells: list[int | None]) -> None:
    assert embed_column(pl.Series(cells, dtype=pl.Int64)) == embed_json(cells)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10**6), _TEXT, st.one_of(st.none(), _TEXT)), max_size=8), _TEXT)
def test_a_page_document_embeds_as_json_dumps_gives(rows: list[tuple[int, str, str | None]], note: str) -> None:
    frame = pl.DataFrame(rows, schema={"_line": pl.Int64, "id": pl.String, "name": pl.String}, orient="row")
    doc = {"v": 1, "rows": frame, "empty": frame.clear(), "note": note, "nested": {"a": [note, 2]}}
    assert embed_doc(doc) == embed_json({k: _columns(v) if isinstance(v, pl.DataFrame) else v
                                         for k, v in doc.items()})


def test_a_column_of_another_kind_embeds_through_json_dumps() -> None:
    frame = pl.DataFrame({"ok": [True, None], "id": ["a", "b"]})
    assert embed_doc({"rows": frame}) == embed_json({"rows": [[True, None], ["a", "b"]]})


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_TEXT, st.sampled_from(["a", "b", "1", ""]), st.one_of(st.none(), _TEXT)), max_size=10))
def test_text_columns_joined_whole_embed_as_json_dumps_gives(rows: list[tuple[str, str, str | None]]) -> None:
    # columns with no null are joined whole, escaped or (no character to escape) as they are
    frame = pl.DataFrame({"t": [r[0] for r in rows], "plain": [r[1] for r in rows], "n": [r[2] for r in rows]},
                         schema={"t": pl.String, "plain": pl.String, "n": pl.String})
    assert embed_frame(frame) == embed_json([frame[c].to_list() for c in frame.columns])
