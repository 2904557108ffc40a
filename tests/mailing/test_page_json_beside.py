"""The review page's rows made beside the CSV files (Outputs: page_rows_json in a thread when the run is one
part): the same report.html as the page rendered after the counts, a fault in the thread raised by finish as
itself (nothing published), and a run of several parts rendering its page at the end as before."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.mailing import outputs as outputs_module
from addrjp.mailing.outputs import Outputs
from addrjp.mailing.pipeline import Options, clean_frame, run_clean
from addrjp.review import page as page_module
from addrjp.review.page import ROW_FIELDS, page_rows_json, render_page_bytes

_CREATED = dt.datetime(2026, 9, 15, 9, 30, tzinfo=dt.UTC)
_TEXT = st.text(st.one_of(st.sampled_from(list('"\\<>&\u2028\x01新ｱ𠮷')), st.characters(exclude_categories=["Cs"])),
                max_size=6)
_ROW = st.tuples(st.sampled_from(["ok", "fixed", "review", "hold", "excluded"]), _TEXT,
                 st.one_of(st.none(), _TEXT), st.integers(0, 5), st.booleans())


def _frame(rows: list[tuple[str, str, str | None, int, bool]]) -> pl.DataFrame:
    n = len(rows)
    cols: dict[str, list[object]] = {c: [] for c in ROW_FIELDS}
    for i, (status, text, name, partner, decided) in enumerate(rows):
        for c in ROW_FIELDS:
            if c == "_line":
                cols[c].append(i + 2)
            elif c == "id":
                cols[c].append(f"A{i}")
            elif c == "status":
                cols[c].append(status)
            elif c == "duplicate_of":  # some rows a duplicate of another (the page draws partners first)
                cols[c].append(f"A{partner}" if partner < n and partner != i and i % 3 == 0 else "")
            elif c == "decisions":
                cols[c].append('[{"a":"approve","s":"applied"}]' if decided else "")
            elif c == "name_in":
                cols[c].append(name)
            else:
                cols[c].append(text)
    return pl.DataFrame(cols, schema={c: pl.Int64 if c == "_line" else pl.String for c in ROW_FIELDS})


@settings(max_examples=80, deadline=None)
@given(st.lists(_ROW, max_size=8), st.sampled_from([None, 0, 3, 10**6]))
def test_rows_made_beforehand_give_the_same_page(rows: list[tuple[str, str, str | None, int, bool]],
                                                  more: int | None) -> None:
    frame = _frame(rows)
    total = None if more is None else frame.height + more  # a larger run embeds only the first rows
    counts = {"input": frame.height, "mailing": 0, "by_status": {"ok": frame.height}, "by_finding": {}}
    totals = None if total is None else page_module.PageTotals(rows=total, towns=page_module.town_counts(frame))
    kw = {"counts": counts, "options": {"charset": "cp932"}, "created": _CREATED, "totals": totals}
    assert render_page_bytes(frame, rows_json=page_rows_json(frame, total=total), **kw) == render_page_bytes(frame, **kw)


def _result(rows: int) -> pl.DataFrame:
    df = pl.DataFrame({"id": [f"R{i:03d}" for i in range(rows)], "name": [f"新宿　花子{i}" for i in range(rows)],
                       "postal_code": ["160-0023"] * rows,
                       "address": [f"東京都新宿区西新宿2-8-{i % 9 + 1}" for i in range(rows)]})
    result = clean_frame(df, Options(barcode=False))  # its lines given (in parts, each part would count from 2)
    return result.with_columns((pl.int_range(pl.len(), dtype=pl.Int64) + 2).alias("_line"))


def _report(result: pl.DataFrame, parts: int, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, int]:
    made: list[int] = []
    original = outputs_module.Outputs._page_json_beside

    def beside(self: Outputs, page: pl.DataFrame) -> None:
        made.append(page.height)
        original(self, page)

    monkeypatch.setattr(outputs_module.Outputs, "_page_json_beside", beside)
    out = Outputs(Options(barcode=False), total_rows=result.height)
    step = -(-result.height // parts)
    for start in range(0, result.height, step):
        out.add(result.slice(start, step))
    files, _, _ = out.finish(input_rows=result.height, input_info={"name": "in.csv"}, unknown=[])
    html = re.sub(rb"\d{4}-\d\d-\d\d \d\d:\d\d", b"T", files["report.html"])  # the page's two times
    return html, len(made)


def test_a_one_part_run_makes_its_page_rows_beside_and_gives_the_same_report(monkeypatch: pytest.MonkeyPatch) -> None:
    result = _result(30)
    one, beside = _report(result, 1, monkeypatch)
    three, not_beside = _report(result, 3, monkeypatch)
    assert (beside, not_beside) == (1, 0)  # only a run of one part makes them beforehand
    assert one == three
    data = re.search(rb'id="addrjp-data">(.*?)</script>', one, re.S)
    assert data is not None and json.loads(data.group(1))["total"] == 30


def test_a_fault_in_the_page_thread_is_raised_by_finish_and_nothing_is_published(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    register = tmp_path / "in.csv"
    register.write_text("id,name,postal_code,address\n" + "\n".join(
        f"R{i:03d},新宿　花子{i},160-0023,東京都新宿区西新宿2-8-{i % 9 + 1}" for i in range(20)) + "\n", "utf-8")

    def broken(*args: object, **kwargs: object) -> tuple[list[bytes], list[bytes]]:
        raise RuntimeError("page thread failed")

    monkeypatch.setattr(page_module, "page_rows_json", broken)
    out = tmp_path / "out"
    with pytest.raises(RuntimeError, match="page thread failed"):
        run_clean(register, out, Options(barcode=False), force=True)
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]  # no temporary beside it
