"""The write phase of a run in parts: each part finished (``CleanRun.finish_part``) and written
(``Outputs.add``) one at a time and in order (the files are those of the run without chunks' parts
interleaved), the next part finished in a thread while one is written, never more than one ahead
(``run._finished_parts``), and a fault while a part is written or while the next is finished leaves no
output folder and no temporary one.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from run_outputs import write_register

from addrjp.mailing import run as run_module
from addrjp.mailing.outputs import Outputs
from addrjp.mailing.pipeline import CleanRun, Options, run_clean

ROWS = 600
CHUNK = 100


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_register(tmp_path_factory.mktemp("register") / "register.csv", ROWS, seed=3)


def _clean(register: Path, out: Path) -> Any:
    options = Options(min_age=77, as_of=dt.date(2026, 9, 15), workers=1)
    return run_clean(register, out, options, force=True, chunk_rows=CHUNK)


def test_parts_are_finished_and_written_one_at_a_time_in_order(
        register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[tuple[str, int]] = []
    lock = threading.Lock()
    writing = threading.Event()
    original_add, original_finish = Outputs.add, CleanRun.finish_part

    def add(self: Outputs, result: Any) -> None:
        with lock:
            events.append(("add", result["_line"][0]))
        assert not writing.is_set()  # never two parts at once
        writing.set()
        try:
            original_add(self, result)
        finally:
            writing.clear()

    def finish_part(self: CleanRun, joined: Any, found: Any, **kwargs: Any) -> Any:
        with lock:
            events.append(("finish", joined["_line"][0]))
        return original_finish(self, joined, found, **kwargs)

    monkeypatch.setattr(Outputs, "add", add)
    monkeypatch.setattr(CleanRun, "finish_part", finish_part)
    monkeypatch.setattr(run_module, "PARTITION_ROWS", 250)
    result = _clean(register, tmp_path / "out")
    assert result.counts["findings"] == ROWS
    written = [line for kind, line in events if kind == "add"]
    finished = [line for kind, line in events if kind == "finish"]
    assert len(written) == ROWS // CHUNK and written == sorted(written) == finished
    # each part is finished before it is written, and written after the one before it
    assert all(events.index(("finish", line)) < events.index(("add", line)) for line in written)
    monkeypatch.setattr(Outputs, "add", original_add)
    monkeypatch.setattr(CleanRun, "finish_part", original_finish)
    _clean(register, tmp_path / "plain")
    for name in ("mailing.csv", "findings.csv"):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "plain" / name).read_bytes(), name


@pytest.mark.parametrize("where", ["add", "finish_part"])
def test_a_fault_in_the_write_phase_leaves_no_output(register: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    calls = {"n": 0}
    cls: Any = Outputs if where == "add" else CleanRun
    original = getattr(cls, where)

    def failing(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, where, failing)
    out = tmp_path / "out"
    with pytest.raises(Exception):  # noqa: B017 - whatever the writer makes of it, nothing is left
        _clean(register, out)
    assert calls["n"] == 3
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == []


# the parts made one ahead, in a thread, while the one before is written (run._finished_parts) -------------
def _maker(events: list[str], *, fail_at: int | None = None, slow: float = 0.0) -> Any:
    import time

    def finish(i: int) -> Any:
        events.append(f"start {i} {'main' if threading.current_thread() is threading.main_thread() else 'thread'}")
        time.sleep(slow)
        if i == fail_at:
            raise OSError(28, f"No space left on device ({i})")
        events.append(f"done {i}")
        return i

    return finish


def test_parts_come_in_order_one_ahead_at_most() -> None:
    events: list[str] = []
    got = []
    for part in run_module._finished_parts(_maker(events), 4):
        events.append(f"got {part}")
        got.append(part)
    assert got == [0, 1, 2, 3]
    # part i + 1 is begun once part i is made (never two made at once), part i + 2 only once part i is
    # handed over (never more than one ahead)
    for i in range(3):
        assert events.index(f"done {i}") < events.index(f"start {i + 1} thread")
    for i in range(2):
        assert events.index(f"got {i}") < events.index(f"start {i + 2} thread")
    assert all(e.endswith("thread") for e in events if e.startswith("start"))


def test_a_run_of_one_part_makes_it_here_without_a_thread() -> None:
    events: list[str] = []
    assert list(run_module._finished_parts(_maker(events), 1)) == [0]
    assert events == ["start 0 main", "done 0"]
    assert list(run_module._finished_parts(_maker(events), 0)) == []


def test_a_fault_in_a_part_is_raised_when_that_part_is_asked_for() -> None:
    events: list[str] = []
    got = []
    with pytest.raises(OSError, match=r"No space left on device \(2\)"):
        for part in run_module._finished_parts(_maker(events, fail_at=2), 4):
            got.append(part)
    assert got == [0, 1]
    assert "start 3 thread" not in events  # nothing made after the fault


def test_when_the_writer_stops_the_part_being_made_is_waited_for() -> None:
    import contextlib

    events: list[str] = []
    with (pytest.raises(RuntimeError, match="the write failed"),
          contextlib.closing(run_module._finished_parts(_maker(events, slow=0.2), 3)) as parts):
        for part in parts:
            if part == 0:
                raise RuntimeError("the write failed")
    # closed: part 1, begun while part 0 was being written, has ended; part 2 was never begun
    assert events[-1] == "done 1"
    assert not any(e.startswith("start 2") for e in events)
    assert not [t for t in threading.enumerate() if t.name.startswith("addrjp-finish")]


def test_an_interrupt_while_a_part_is_written_leaves_no_output_and_no_thread(
        register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C (KeyboardInterrupt, which only the main thread gets) while a part is written, with the next
    part being made in the thread: the run stops, the part in hand is waited for, nothing is published."""
    calls = {"n": 0}
    original = Outputs.add

    def interrupted(self: Outputs, result: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        original(self, result)

    monkeypatch.setattr(Outputs, "add", interrupted)
    monkeypatch.setattr(run_module, "PARTITION_ROWS", 250)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        _clean(register, out)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == []
    assert not [t for t in threading.enumerate() if t.name.startswith("addrjp-finish")]
