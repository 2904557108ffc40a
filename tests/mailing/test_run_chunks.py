"""``addrjp clean`` in chunks is ``addrjp clean`` whole: a register run in one piece and in small chunks (the
rows read, worked and written a chunk at a time, put aside on disk between the steps, duplicates found block
by block in several partitions) writes byte-identical mailing.csv and findings.csv, the same review page data
and the same manifest (but its time), with the ward's decisions (approve, correct, exclude, hold,
not_duplicate, stale and unknown ones), households from 世帯番号, joint cards, the returned list, the age rule
and area inference; and ``check`` passes on what it wrote.

Bounded memory is guarded by what each step is given (no step sees more rows than a chunk, and the rows put
aside between the steps are on disk past the run's memory budget, never more than it in memory), never by a
time or a process size.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from run_outputs import assert_same_outputs, page_without_time

from addrjp.mailing import run as run_module
from addrjp.mailing.check import check_output
from addrjp.mailing.pipeline import Options, run_clean
from addrjp.mailing.reader import read_register
from addrjp.review.decisions import Decision, decisions_bytes, fingerprints

ROWS = 1_500


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from benchmarks.synth_register import ROWS_HEADER, generate

    synth = generate(ROWS, seed=5)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([*ROWS_HEADER, "世帯番号"])
    for i, row in enumerate(synth.rows):
        # a household number on a share of the rows: pairs of neighbouring rows, some alone
        writer.writerow([*row, f"H{i // 2:05d}" if i % 5 < 3 else ""])
    path = tmp_path_factory.mktemp("register") / "register.csv"
    path.write_bytes(buf.getvalue().encode("cp932"))
    return path


def _decisions(register: Path, whole: Path, folder: Path) -> Path:
    """One decision of every kind on rows of the register (chosen from a whole run's findings), one stale
    (a fingerprint that is not the row's) and one naming an id the register does not have."""
    frame = read_register(register).frame
    fps = dict(zip(frame["id"].to_list(), fingerprints(frame).to_list(), strict=True))
    rows = list(csv.DictReader(io.StringIO((whole / "findings.csv").read_text("utf-8-sig"))))
    review = [r["id"] for r in rows if r["status"] == "review"]
    hold = [r["id"] for r in rows if r["status"] == "hold"]
    dup = next(r for r in rows if r["duplicate_of"])
    ok = [r["id"] for r in rows if r["status"] == "ok"]

    def d(rid: str, action: str, **kw: str) -> Decision:
        return Decision(rid, kw.pop("fp", fps.get(rid, "fp1:0000000000000000")), action, decided_by="確認 花子",
                        decided_at="2026-09-01T10:00:00+09:00", **kw)

    path = folder / "decisions.csv"
    path.write_bytes(decisions_bytes([
        d(review[0], "approve"), d(hold[0], "correct", field="postal_code", value="1600023"),
        d(ok[0], "exclude", reason="転出"), d(ok[1], "hold", reason="家族に確認中"),
        d(dup["id"], "not_duplicate", value=dup["duplicate_of"]),
        d(review[1], "approve", fp="fp1:0000000000000000"), d("Z9999999", "approve"),
    ]))
    return path


def _returned(register: Path, folder: Path) -> Path:
    frame = read_register(register).frame
    path = folder / "returned.csv"
    path.write_text("id\n" + "\n".join(frame["id"].to_list()[100:160:6]) + "\n", encoding="utf-8")
    return path


def _clean(register: Path, out: Path, *, chunk_rows: int | None = None, **opts: Any) -> dict[str, Any]:
    options = Options(min_age=77, as_of=dt.date(2026, 9, 15), workers=1, **opts)
    return run_clean(register, out, options, force=True, chunk_rows=chunk_rows).manifest


_page = page_without_time
_same = assert_same_outputs


@pytest.fixture(params=["plain", "decisions", "joint"])
def case(request: pytest.FixtureRequest, register: Path, tmp_path: Path) -> dict[str, Any]:
    if request.param == "plain":
        return {}
    if request.param == "joint":
        return {"joint_household": True, "returned": str(_returned(register, tmp_path))}
    whole = tmp_path / "first"
    _clean(register, whole)
    return {"decisions": str(_decisions(register, whole, tmp_path))}


#: the run's memory budget for what it puts aside: none (every part a file), some parts (the rest files), all
SPILL_BUDGETS = {"files": 0, "some": 300_000, "memory": run_module.SPILL_MEMORY}


@pytest.mark.parametrize("budget", list(SPILL_BUDGETS))
def test_a_register_in_small_chunks_writes_what_it_writes_whole(register: Path, tmp_path: Path,
                                                                 case: dict[str, Any], budget: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = _clean(register, tmp_path / "whole", **case)
    monkeypatch.setattr(run_module, "PARTITION_ROWS", 400)  # several partitions of the duplicates
    monkeypatch.setattr(run_module, "SPILL_MEMORY", SPILL_BUDGETS[budget])
    chunked = _clean(register, tmp_path / "chunks", chunk_rows=173, **case)
    _same(tmp_path / "whole", tmp_path / "chunks")
    assert manifest["counts"] == chunked["counts"]
    assert manifest["options"]["area_source"] == "inferred"  # area inference over every chunk's addresses
    if "decisions" in case:
        decisions = manifest["counts"]["decisions"]
        assert sum(decisions["applied"].values()) >= 4 and decisions["stale"] == 1 and decisions["unknown"] == 1
    if "joint_household" in case:
        assert manifest["counts"]["by_finding"].get("returned.previous", 0) > 0
    report = check_output(tmp_path / "chunks")
    assert report.ok, report.problems


def test_a_large_run_embeds_the_same_page_rows_in_chunks(register: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the page's limit of rows (made small here) the page embeds only the rows it draws first: kept
    chunk by chunk, they are the rows the whole run embeds."""
    from addrjp.review import decisions, page

    monkeypatch.setattr(decisions, "PAGE_ALL_ROWS", 300)
    monkeypatch.setattr(page, "MAX_ALL_ROWS", 300)
    _clean(register, tmp_path / "whole")
    monkeypatch.setattr(run_module, "PARTITION_ROWS", 500)
    _clean(register, tmp_path / "chunks", chunk_rows=250)
    _same(tmp_path / "whole", tmp_path / "chunks")
    data = json.loads(re.search(r'<script type="application/json" id="addrjp-data">(.*?)</script>',
                                (tmp_path / "chunks" / "report.html").read_text("utf-8"), re.S)[1])  # type: ignore[index]
    assert data["all"] is False and data["total"] == ROWS and 0 < len(data["rows"][0]) < ROWS


def test_no_step_of_a_chunked_run_is_given_more_than_a_chunk(register: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from addrjp.mailing.outputs import Outputs
    from addrjp.mailing.pipeline import CleanRun
    from addrjp.spill import Spill

    seen: dict[str, list[int]] = {"start": [], "finish": [], "write": [], "spilled": [], "memory": []}

    def spy(cls: Any, name: str, key: str, arg: int) -> None:
        original = getattr(cls, name)

        def wrapped(self: Any, *args: Any, **kwargs: Any) -> Any:
            frame = args[arg]
            seen[key].append(frame.height)
            return original(self, *args, **kwargs)

        monkeypatch.setattr(cls, name, wrapped)

    spy(CleanRun, "start", "start", 0)
    spy(CleanRun, "finish_part", "finish", 0)
    spy(Outputs, "add", "write", 0)
    original_append = Spill.append

    def append(self: Spill, key: str, frame: pl.DataFrame) -> None:
        seen["spilled" if self.on_disk else "memory"].append(frame.height)
        original_append(self, key, frame)

    monkeypatch.setattr(Spill, "append", append)
    monkeypatch.setattr(run_module, "PARTITION_ROWS", 400)
    monkeypatch.setattr(run_module, "SPILL_MEMORY", 0)  # no memory budget: every part put aside is a file
    chunk = 200
    _clean(register, tmp_path / "chunks", chunk_rows=chunk)
    for key in ("start", "finish", "write"):
        assert seen[key] and max(seen[key]) <= chunk, key
        assert sum(seen[key]) == ROWS, key
    # what is put aside between the steps goes to the run's scratch folder (only the first chunk is held in
    # memory, until the second is read, and the review page's rows of the first part, until the second is
    # written) and is gone when the outputs are published
    assert sum(seen["memory"]) <= 2 * chunk and sum(seen["spilled"]) >= 3 * ROWS
    assert sorted(p.name for p in (tmp_path / "chunks").iterdir()) == ["findings.csv", "mailing.csv",
                                                                       "manifest.json", "report.html"]
    assert not [p for p in tmp_path.iterdir() if p.name != "chunks"]


def test_a_chunked_run_holds_no_more_than_its_budget_and_files_the_rest(register: Path, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from addrjp.spill import MemoryBudget

    budgets: list[MemoryBudget] = []
    placed: list[bool] = []
    original_hold = MemoryBudget.hold

    def hold(self: MemoryBudget, frame: pl.DataFrame) -> Any:
        counted = original_hold(self, frame)
        if self not in budgets:
            budgets.append(self)
        placed.append(counted is not None)
        return counted

    monkeypatch.setattr(MemoryBudget, "hold", hold)
    monkeypatch.setattr(run_module, "PARTITION_ROWS", 400)
    monkeypatch.setattr(run_module, "SPILL_MEMORY", SPILL_BUDGETS["some"])
    _clean(register, tmp_path / "chunks", chunk_rows=200)
    assert len(budgets) == 1  # one budget for the run
    budget = budgets[0]
    assert any(placed) and not all(placed)  # some parts held, the others files
    assert 0 < budget.peak <= budget.limit == SPILL_BUDGETS["some"] and budget.held == 0
    assert sorted(p.name for p in (tmp_path / "chunks").iterdir()) == ["findings.csv", "mailing.csv",
                                                                       "manifest.json", "report.html"]


def test_a_register_file_above_the_bound_files_every_part_it_puts_aside(register: Path, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from addrjp.spill import Spill

    budgets: list[object] = []
    original_append = Spill.append

    def append(self: Spill, key: str, frame: pl.DataFrame) -> None:
        if self.on_disk and key.rstrip("0123456789") in ("input", "rows", "block", "found"):  # the run's own
            budgets.append(self.budget)
        original_append(self, key, frame)

    monkeypatch.setattr(Spill, "append", append)
    monkeypatch.setattr(run_module, "SPILL_MEMORY_MAX_INPUT", register.stat().st_size - 1)
    manifest = _clean(register, tmp_path / "large", chunk_rows=200)
    assert budgets and all(b is None for b in budgets)  # as before the budget: every part a file
    monkeypatch.setattr(run_module, "SPILL_MEMORY_MAX_INPUT", register.stat().st_size)
    budgets.clear()
    assert _clean(register, tmp_path / "held", chunk_rows=200)["counts"] == manifest["counts"]
    assert budgets and all(b is not None for b in budgets)
    _same(tmp_path / "large", tmp_path / "held")


def test_a_register_of_one_chunk_is_held_in_memory(register: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from addrjp.spill import Spill

    disk: list[bool] = []
    original_append = Spill.append

    def append(self: Spill, key: str, frame: pl.DataFrame) -> None:
        disk.append(self.on_disk)
        original_append(self, key, frame)

    monkeypatch.setattr(Spill, "append", append)
    _clean(register, tmp_path / "whole")
    assert disk and not any(disk)


def test_a_run_reports_a_bad_cell_as_the_reader_does(tmp_path: Path) -> None:
    # a cell too long on line 2, a control character on line 3: the reader's first error, with its file
    src = tmp_path / "register.csv"
    src.write_text("宛名番号,氏名,郵便番号,住所\n"
                   f"A1,山田　花子,1600023,新宿区西新宿{'一' * 1200}\n"
                   "A2,山田\x07太郎,1600023,新宿区西新宿2-8-1\n", encoding="utf-8")
    with pytest.raises(Exception) as read_error:
        read_register(src)
    with pytest.raises(type(read_error.value)) as run_error:
        run_clean(src, tmp_path / "out", Options())
    assert str(run_error.value) == str(read_error.value)


def test_fingerprints_made_from_the_input_are_those_of_the_finished_rows(register: Path, tmp_path: Path,
                                                                          case: dict[str, Any],
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A run up to the page's row limit makes every row's fingerprint from its input while the workers read
    the addresses; the page (corrections and all) is what fingerprints of the finished rows give."""
    import addrjp.mailing.pipeline as pipeline
    import addrjp.mailing.run as run_mod

    early = tmp_path / "early"
    _clean(register, early, **case)
    made: list[bool] = []

    class LateRun(pipeline.CleanRun):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            made.append(kwargs.pop("input_fingerprints"))
            super().__init__(*args, input_fingerprints=False, **kwargs)

    monkeypatch.setattr(run_mod, "CleanRun", LateRun)
    late = tmp_path / "late"
    _clean(register, late, **case)
    assert made == [True]
    _same(early, late)
