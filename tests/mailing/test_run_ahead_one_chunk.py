"""A register read as one chunk (a ward's) sends its addresses to the workers as soon as it is read, with
the area of a sample of its rows, while this process infers the area of every row (issue 16: the workers
no longer wait for the area, the decisions and the chunk's keys). The work is kept only when the sample's
options are the run's (:func:`~addrjp.mailing.ahead.same_options`), else thrown away and done again: the
outputs are those of the run without the step either way (byte-identical CSVs, the same page and manifest
but their times, ``check`` passing).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from ahead_pool import assert_as_without_ahead, assert_readers_error_leaves_nothing, pooled_runs
from run_outputs import assert_same_outputs

from addrjp.mailing import ahead as ahead_module
from addrjp.mailing import run as run_module
from addrjp.mailing.pipeline import Options, run_clean
from addrjp.mailing.workers import fork_available

pytestmark = pytest.mark.skipif(not fork_available(), reason="the worker pool needs fork")

ROWS = 600


def _register(folder: Path, *, chiyoda_rows: tuple[int, ...] = ()) -> Path:
    """A synthetic 新宿区 register; the rows *chiyoda_rows* (0-based) moved to 千代田区."""
    from benchmarks.synth_register import ROWS_HEADER, generate

    rows = [list(r) for r in generate(ROWS, seed=5).rows]
    for i in chiyoda_rows:
        rows[i][2:5] = ["100-0001", f"東京都千代田区千代田1-{i + 1}", ""]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(ROWS_HEADER)
    writer.writerows(rows)
    path = folder / "register.csv"
    path.write_bytes(buf.getvalue().encode("cp932"))
    return path


@pytest.fixture
def pooled(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Runs of a small register with the worker pool (thresholds lowered); their AheadWork collected."""
    return pooled_runs(monkeypatch)


def _clean(register: Path, out: Path, progress: Any = None, **opts: Any) -> dict[str, Any]:
    options = Options(min_age=77, as_of=dt.date(2026, 9, 15), workers=2, **opts)
    return run_clean(register, out, options, force=True, progress=progress).manifest


def _without_ahead(register: Path, out: Path, monkeypatch: pytest.MonkeyPatch, **opts: Any) -> dict[str, Any]:
    with monkeypatch.context() as m:
        m.setattr(ahead_module, "AHEAD_CHUNKS", 0)
        return _clean(register, out, **opts)


@pytest.mark.parametrize("area", ["auto", "13104", "none"])
def test_a_register_of_one_chunk_sends_its_addresses_at_once_and_keeps_them(
        tmp_path: Path, pooled: list[Any], monkeypatch: pytest.MonkeyPatch, area: str) -> None:
    register = _register(tmp_path)
    manifest = _clean(register, tmp_path / "ahead", area=area)
    (work,) = pooled
    assert (work.sent, work.kept, work.dropped) == (1, 1, 0)
    assert manifest["options"]["area"] == (None if area == "none" else "13104")
    baseline = _without_ahead(register, tmp_path / "baseline", monkeypatch, area=area)
    assert_as_without_ahead(tmp_path / "ahead", manifest, tmp_path / "baseline", baseline, pooled)


def test_a_sample_that_names_another_area_has_its_work_thrown_away(
        tmp_path: Path, pooled: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    # a sample of every 300th row (rows 0 and 300), both of 千代田区: the sample infers 13101, the register 13104
    monkeypatch.setattr(run_module, "GUESS_ROWS", 2)
    register = _register(tmp_path, chiyoda_rows=(0, 300))
    manifest = _clean(register, tmp_path / "ahead")
    (work,) = pooled
    assert (work.sent, work.kept, work.dropped) == (1, 0, 1)
    assert manifest["options"]["area"] == "13104"
    _without_ahead(register, tmp_path / "baseline", monkeypatch)
    assert_same_outputs(tmp_path / "ahead", tmp_path / "baseline")


def test_the_address_stage_is_still_shown_to_its_end(tmp_path: Path, pooled: list[Any]) -> None:
    seen: list[tuple[str, int, int]] = []
    _clean(_register(tmp_path), tmp_path / "out", progress=lambda *a: seen.append(a))
    addresses = [(done, total) for stage, done, total in seen if stage == "addresses"]
    assert pooled[0].kept == 1
    assert len(addresses) >= 1 and addresses[-1][0] == addresses[-1][1] > 0
    assert [d for d, _ in addresses] == sorted(d for d, _ in addresses)


def test_a_bad_cell_in_the_chunk_sent_is_the_readers_error_and_leaves_nothing(
        tmp_path: Path, pooled: list[Any]) -> None:
    """The reader's checks of a whole register end after its one chunk is out (and sent to the workers):
    its error is still the one the run reports, and nothing is written."""
    register = _register(tmp_path)
    assert_readers_error_leaves_nothing(register, ROWS // 2, _clean, tmp_path / "out")  # mid-register
    assert pooled[0].sent == 1  # the chunk was in the workers when the reader raised
    assert sorted(p.name for p in tmp_path.iterdir()) == [register.name]


def test_a_fault_while_sending_ahead_sends_nothing_and_the_run_reports_it_in_its_turn(
        tmp_path: Path, pooled: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    original = ahead_module.chunk_keys

    def failing(base: Any, opts: Any, **given: Any) -> Any:  # given: the age rule's columns, made before
        calls.append(base.height)
        raise RuntimeError("a fault in the keys")

    monkeypatch.setattr(ahead_module, "chunk_keys", failing)
    _clean(_register(tmp_path), tmp_path / "out")  # start makes the keys itself: the run is the same
    assert calls == [ROWS] and pooled[0].sent == 0
    monkeypatch.setattr(ahead_module, "chunk_keys", original)
    with monkeypatch.context() as m:
        m.setattr(ahead_module, "AHEAD_CHUNKS", 0)
        _clean(_register(tmp_path), tmp_path / "baseline")
    assert_same_outputs(tmp_path / "out", tmp_path / "baseline")
