"""What a chunked run keeps from part to part holds only its own rows, never a part's buffers: a filter or a
selection of a polars frame shares the string buffers of the whole frame (string views), so a few rows kept
from each of 50 parts kept every part's text alive (the write phase of 10M rows grew by 2 GB). Guarded
structurally, by what is held (Arrow's view of the buffers), never by a process size or a time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from run_outputs import write_register

from addrjp.mailing import run as run_module
from addrjp.mailing.pipeline import Options, run_clean
from addrjp.spill import compact, held_bytes

ROWS = 1_200


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_register(tmp_path_factory.mktemp("register") / "register.csv", ROWS, seed=11)


def test_a_compacted_frame_holds_only_its_rows() -> None:
    part = pl.DataFrame({"address": [f"東京都新宿区西新宿二丁目{i}番{i}号 メゾン新宿{i}" for i in range(20_000)],
                         "row": range(20_000)})
    kept = part.filter(pl.col("row") % 1000 == 0)
    assert held_bytes(kept) >= held_bytes(part) // 2  # what polars keeps: the part's whole text
    small = compact(kept)
    assert small.equals(kept) and held_bytes(small) < held_bytes(part) // 100


def test_the_page_rows_of_a_chunked_run_keep_no_part(register: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from addrjp.mailing import report
    from addrjp.mailing.outputs import Outputs
    from addrjp.review import decisions, page

    monkeypatch.setattr(decisions, "PAGE_ALL_ROWS", 300)  # the page embeds the rows it draws first
    monkeypatch.setattr(page, "MAX_ALL_ROWS", 300)
    parts: list[int] = []
    original_add = Outputs.add

    def add(self: Outputs, result: pl.DataFrame) -> None:
        original_add(self, result)
        parts.append(result.height)
        # from the second part on, the page's rows are files in the scratch folder, not frames
        if len(parts) > 1:
            assert self.page.on_disk
            assert not [p for p in self.page._parts.get("page", []) if not isinstance(p, Path)]

    seen: dict[str, Any] = {}
    original_render = report.report_parts

    def render(result: pl.DataFrame, **kw: Any) -> list[bytes]:
        seen["page"] = result
        return original_render(result, **kw)

    monkeypatch.setattr(Outputs, "add", add)
    monkeypatch.setattr(report, "report_parts", render)
    monkeypatch.setattr(run_module, "PARTITION_ROWS", 400)
    options = Options(min_age=77, as_of=dt.date(2026, 9, 15), workers=1)
    run_clean(register, tmp_path / "out", options, force=True, chunk_rows=100)
    rows = seen["page"]
    assert len(parts) == ROWS // 100 and 0 < rows.height < ROWS
    # the page's frame holds what a fresh copy of its rows holds, not the parts it was drawn from
    assert held_bytes(rows) <= 1.5 * held_bytes(compact(rows)) + 4096


def test_the_rows_a_run_keeps_for_its_decisions_keep_no_chunk(register: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from addrjp.mailing.pipeline import CleanRun
    from addrjp.mailing.reader import read_register
    from addrjp.review.decisions import Decision, decisions_bytes, fingerprints

    frame = read_register(register).frame
    ids, fps = frame["id"].to_list(), fingerprints(frame).to_list()
    path = tmp_path / "decisions.csv"
    path.write_bytes(decisions_bytes([Decision(ids[i], fps[i], "exclude", decided_by="確認 花子",
                                               decided_at="2026-09-01T10:00:00+09:00", reason="転出")
                                      for i in (5, 450, 1100)]))
    seen: dict[str, pl.DataFrame] = {}
    original = CleanRun.plan_decisions

    def plan(self: CleanRun, named: pl.DataFrame) -> None:
        seen["named"] = named
        original(self, named)

    monkeypatch.setattr(CleanRun, "plan_decisions", plan)
    options = Options(min_age=77, as_of=dt.date(2026, 9, 15), workers=1, decisions=str(path))
    run_clean(register, tmp_path / "out", options, force=True, chunk_rows=100)
    named = seen["named"]
    assert named.height == 3
    assert held_bytes(named) <= 1.5 * held_bytes(compact(named)) + 4096
