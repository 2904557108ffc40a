"""A register read as one chunk (a ward's) has its age rule's columns made once: for the addresses sent
ahead, and taken again by ``start`` when the work ahead is kept and the rule's day is given (the rule reads
only ``min_age`` and ``as_of``, which the work's options share with the run's). The outputs are those of
the run without the work ahead."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from ahead_pool import pooled_runs
from run_outputs import assert_same_outputs

from addrjp.mailing import ahead as ahead_module
from addrjp.mailing import pipeline
from addrjp.mailing.ahead import selection_reusable
from addrjp.mailing.pipeline import Options, run_clean
from addrjp.mailing.workers import fork_available

pytestmark = pytest.mark.skipif(not fork_available(), reason="the worker pool needs fork")


def _register(folder: Path) -> Path:
    from benchmarks.synth_register import ROWS_HEADER, generate

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(ROWS_HEADER)
    writer.writerows(generate(500, seed=9).rows)
    path = folder / "register.csv"
    path.write_bytes(buf.getvalue().encode("cp932"))
    return path


def _counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    original = pipeline.selection_part

    def counted(base: Any, opts: Any) -> Any:
        calls.append(base.height)
        return original(base, opts)

    monkeypatch.setattr(pipeline, "selection_part", counted)
    return calls


@pytest.mark.parametrize("area", ["auto", "13104"])
def test_the_age_rule_is_made_once_for_a_register_of_one_chunk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               area: str) -> None:
    register = _register(tmp_path)
    made = pooled_runs(monkeypatch)
    calls = _counted(monkeypatch)
    options = Options(min_age=77, as_of=dt.date(2026, 9, 15), workers=2, area=area)
    run_clean(register, tmp_path / "once", options, force=True)
    assert made[0].kept == 1
    assert calls == [500]
    with monkeypatch.context() as m:
        m.setattr(ahead_module, "AHEAD_CHUNKS", 0)
        run_clean(register, tmp_path / "baseline", options, force=True)
    assert calls == [500, 500]  # without the work ahead: made by start
    assert_same_outputs(tmp_path / "once", tmp_path / "baseline")


def test_a_rule_of_today_is_made_again_and_no_rule_needs_nothing_kept() -> None:
    rule = Options(min_age=77, as_of=dt.date(2026, 9, 15))
    assert selection_reusable(rule)
    assert not selection_reusable(dataclasses.replace(rule, as_of=None))  # the day may change meanwhile
    assert not selection_reusable(Options())  # no rule: its columns are constants, made again at no cost


def test_a_run_whose_rule_is_today_makes_the_rule_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    register = _register(tmp_path)
    made = pooled_runs(monkeypatch)
    calls = _counted(monkeypatch)
    run_clean(register, tmp_path / "today", Options(min_age=77, workers=2), force=True)
    assert made[0].kept == 1
    assert calls == [500, 500]
