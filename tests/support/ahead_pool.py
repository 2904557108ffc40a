"""The worker pool for a small register (thresholds lowered), with each run's AheadWork collected: for the
tests of the work sent ahead (tests/mailing/test_run_ahead*.py)."""

from __future__ import annotations

from typing import Any

import pytest

from addrjp.mailing import pipeline
from addrjp.mailing import run as run_module


def pooled_runs(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Runs of a small register get the pool; the list fills with their AheadWork objects, in run order."""
    monkeypatch.setattr(run_module, "POOL_MIN_BYTES", 0)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_DISTINCT", 10)
    made: list[Any] = []
    original = run_module._ahead_work

    def collect(pool: Any, folder: Any) -> Any:
        made.append(original(pool, folder))
        return made[-1]

    monkeypatch.setattr(run_module, "_ahead_work", collect)
    return made
