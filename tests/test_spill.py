"""What a spill puts aside it gives back, part for part, whether it held the part in memory or wrote it to its
folder; and a :class:`~addrjp.spill.MemoryBudget` never holds more than its bytes, counting a buffer that
several parts share once and a filter of a large frame as the large frame's buffers it keeps alive."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.spill import MemoryBudget, Spill, held_bytes


def _frame(rows: int, start: int = 0) -> pl.DataFrame:
    return pl.DataFrame({"row": range(start, start + rows),
                         "address": [f"東京都新宿区西新宿二丁目{i}番{i % 7}号 メゾン{i}" for i in range(start, start + rows)]},
                        schema={"row": pl.Int64, "address": pl.String})


def _files(folder: Path) -> list[Path]:
    return sorted(folder.iterdir())


def test_a_part_within_the_budget_is_held_and_one_beyond_it_is_a_file(tmp_path: Path) -> None:
    small, large = _frame(10), _frame(50_000, 10)
    budget = MemoryBudget(held_bytes(small) + 1024)
    spill = Spill(tmp_path, budget=budget)
    spill.append("a", small)
    assert budget.held == held_bytes(small) and not _files(tmp_path)
    spill.append("a", large)
    assert budget.held == held_bytes(small) and len(_files(tmp_path)) == 1
    back = spill.take("a")
    assert back.equals(pl.concat([small, large]))
    assert budget.held == 0 and not _files(tmp_path) and not spill.keys()


def test_parts_sharing_a_frame_buffers_are_counted_once(tmp_path: Path) -> None:
    frame = _frame(20_000)
    pieces = frame.with_columns(p=pl.col("row") % 8).partition_by("p", maintain_order=True)
    budget = MemoryBudget(held_bytes(frame) * 2)
    spill = Spill(tmp_path, budget=budget)
    for piece in pieces:
        spill.append("p", piece.drop("p"))
    assert not _files(tmp_path)  # every piece held: their shared text counted once
    assert budget.held <= budget.limit
    assert spill.take("p").sort("row").equals(frame)
    assert budget.held == 0


def test_a_filter_of_a_large_frame_counts_what_it_keeps_alive(tmp_path: Path) -> None:
    big = _frame(50_000)
    kept = big.filter(pl.col("row") % 1000 == 0)  # 50 rows, the whole frame's text behind them
    budget = MemoryBudget(held_bytes(big) // 2)
    spill = Spill(tmp_path, budget=budget)
    spill.append("k", kept)
    assert budget.held == 0 and len(_files(tmp_path)) == 1  # past the budget by what it holds: a file
    assert spill.take("k").equals(kept)


def test_parts_read_and_kept_stay_counted_until_taken(tmp_path: Path) -> None:
    budget = MemoryBudget(1 << 20)
    spill = Spill(tmp_path, budget=budget)
    spill.append("a", _frame(100))
    held = budget.held
    assert [f.height for f in spill.parts("a", keep=True)] == [100] and budget.held == held
    assert spill.take("a").height == 100 and budget.held == 0


def test_clear_lets_every_part_go(tmp_path: Path) -> None:
    small = _frame(10)
    budget = MemoryBudget(held_bytes(small) + 1024)
    spill = Spill(tmp_path, budget=budget)
    spill.append("a", small)
    spill.append("b", _frame(50_000))
    spill.clear()
    assert budget.held == 0 and not _files(tmp_path) and not spill.keys()


def test_spills_sharing_a_budget_share_its_bytes(tmp_path: Path) -> None:
    one, two = _frame(1000), _frame(1000, 1000)
    budget = MemoryBudget(held_bytes(one) + 1024)
    first, second = Spill(tmp_path / "1", budget=budget), Spill(tmp_path / "2", budget=budget)
    (tmp_path / "1").mkdir()
    (tmp_path / "2").mkdir()
    first.append("a", one)
    second.append("a", two)  # the budget is taken by the first spill's part
    assert not _files(tmp_path / "1") and len(_files(tmp_path / "2")) == 1
    assert first.take("a").equals(one) and second.take("a").equals(two) and budget.held == 0


_ops = st.lists(st.tuples(st.sampled_from(["append", "take"]), st.sampled_from(["a", "b", "c"]),
                          st.integers(0, 3_000)), max_size=25)


@settings(max_examples=60, deadline=None)
@given(ops=_ops, limit=st.integers(0, 400_000))
def test_any_sequence_of_parts_comes_back_as_put_and_the_budget_holds(tmp_path_factory: pytest.TempPathFactory,
                                                                      ops: list[tuple[str, str, int]],
                                                                      limit: int) -> None:
    folder = tmp_path_factory.mktemp("spill")
    budget = MemoryBudget(limit)
    spill = Spill(folder, budget=budget)
    expected: dict[str, list[pl.DataFrame]] = {}
    start = 0
    for op, key, rows in ops:
        if op == "append":
            frame = _frame(rows, start)
            if rows % 3 == 1:  # some parts are filters of a larger frame
                frame = _frame(rows * 3, start).filter(pl.col("row") % 3 == 0)
            start += rows * 3
            spill.append(key, frame)
            expected.setdefault(key, []).append(frame)
        else:
            want = expected.pop(key, [])
            got = spill.take(key)
            assert got.equals(pl.concat(want, how="vertical")) if want else got.is_empty()
        assert 0 <= budget.held <= limit
    for key, want in expected.items():
        assert spill.take(key).equals(pl.concat(want, how="vertical"))
    assert budget.held == 0 and not list(folder.iterdir())


def test_a_part_arrow_cannot_view_goes_to_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import addrjp.spill as spill_module

    def no_view(frame: pl.DataFrame) -> None:
        raise TypeError("no zero-copy view")

    monkeypatch.setattr(spill_module, "_buffers", no_view)
    budget = MemoryBudget(1 << 30)
    spill = Spill(tmp_path, budget=budget)
    frame = _frame(10)
    spill.append("a", frame)
    assert budget.held == 0 and len(_files(tmp_path)) == 1
    assert spill.take("a").equals(frame)


def test_a_buffer_seen_again_larger_counts_at_its_larger_size() -> None:
    whole = pl.DataFrame({"x": range(10_000)})
    budget = MemoryBudget(1 << 20)
    head = budget.hold(whole.head(10))  # a slice from the start: its buffer at the same address as the whole's
    assert head is not None and budget.held <= held_bytes(whole)
    rest = budget.hold(whole)
    assert budget.held == held_bytes(whole)  # the whole buffer, once
    budget.release(head)
    assert budget.held == held_bytes(whole)
    budget.release(rest)
    assert budget.held == 0
