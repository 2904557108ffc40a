"""Addresses validated while the register is read (:mod:`addrjp.mailing.ahead`) give the run it gives
without: byte-identical mailing.csv and findings.csv, the same page and manifest, whether the area the
first chunks suggest is the register's (the work ahead kept), another municipality or none (thrown away
and done again), given with ``--area``, or changed by the ward's decisions (the corrected addresses
validated in their turn). The runs here use the worker pool on a small register (its thresholds lowered)
and read it in small chunks.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from ahead_pool import assert_as_without_ahead, assert_readers_error_leaves_nothing, pooled_runs
from run_outputs import assert_same_outputs, page_without_time

from addrjp.mailing import ahead as ahead_module
from addrjp.mailing.pipeline import Options, run_clean
from addrjp.mailing.workers import fork_available

pytestmark = pytest.mark.skipif(not fork_available(), reason="the worker pool needs fork")

ROWS = 1_200
CHUNK = 100


def _register(folder: Path, first: str) -> Path:
    """A synthetic 新宿区 register whose first chunk is *first*: "shinjuku" (as the rest), "chiyoda" (every
    row in 千代田区: that chunk alone infers 13101) or "mixed" (half and half: no area)."""
    from benchmarks.synth_register import ROWS_HEADER, generate

    rows = [list(r) for r in generate(ROWS, seed=11).rows]
    for i in range(CHUNK):
        if first == "chiyoda" or (first == "mixed" and i % 2):
            rows[i][2:5] = ["100-0001", f"東京都千代田区千代田1-{i + 1}", ""]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(ROWS_HEADER)
    writer.writerows(rows)
    path = folder / f"register-{first}.csv"
    path.write_bytes(buf.getvalue().encode("cp932"))
    return path


@pytest.fixture
def pooled(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Runs of a small register with the worker pool; the runs' AheadWork objects are collected."""
    return pooled_runs(monkeypatch)


def _clean(register: Path, out: Path, **opts: Any) -> dict[str, Any]:
    options = Options(min_age=77, as_of=dt.date(2026, 9, 15), workers=2, **opts)
    return run_clean(register, out, options, force=True, chunk_rows=CHUNK).manifest


_page = page_without_time
_same = assert_same_outputs


def _without_ahead(register: Path, out: Path, monkeypatch: pytest.MonkeyPatch, **opts: Any) -> dict[str, Any]:
    with monkeypatch.context() as m:
        m.setattr(ahead_module, "AHEAD_CHUNKS", 0)
        return _clean(register, out, **opts)


@pytest.mark.parametrize(("first", "area", "kept"), [
    ("shinjuku", "auto", True),  # the first chunks suggest the register's area: their work is kept
    ("chiyoda", "auto", False),  # the first chunk alone is 千代田区: its work is thrown away and done again
    ("mixed", "auto", False),  # the first chunk alone has no area
    ("chiyoda", "13104", True),  # the area given: known before the read, the work ahead is always kept
    ("shinjuku", "none", True),
])
def test_addresses_validated_during_the_read_give_the_run_without(
        tmp_path: Path, pooled: list[Any], monkeypatch: pytest.MonkeyPatch, first: str, area: str,
        kept: bool) -> None:
    register = _register(tmp_path, first)
    manifest = _clean(register, tmp_path / "ahead", area=area)
    (work,) = pooled
    assert work.sent >= 1
    if kept:
        assert work.kept >= 1 and work.dropped == 0
    else:
        assert work.dropped >= 1  # the chunk(s) sent with the first chunks' area
    assert manifest["options"]["area"] == (None if area == "none" else "13104")
    baseline = _without_ahead(register, tmp_path / "baseline", monkeypatch, area=area)
    assert_as_without_ahead(tmp_path / "ahead", manifest, tmp_path / "baseline", baseline, pooled)


def test_addresses_the_decisions_correct_are_validated_in_their_turn(tmp_path: Path, pooled: list[Any],
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from addrjp.mailing.reader import read_register
    from addrjp.review.decisions import Decision, decisions_bytes, fingerprints

    register = _register(tmp_path, "shinjuku")
    frame = read_register(register).frame
    fps = dict(zip(frame["id"].to_list(), fingerprints(frame).to_list(), strict=True))
    first = _without_ahead(register, tmp_path / "first", monkeypatch)
    assert first["counts"]["input"] == ROWS
    rows = list(csv.DictReader(io.StringIO((tmp_path / "first" / "findings.csv").read_text("utf-8-sig"))))
    ok = [r["id"] for r in rows if r["status"] == "ok"]
    decisions = tmp_path / "decisions.csv"
    decisions.write_bytes(decisions_bytes([
        Decision(ok[0], fps[ok[0]], "correct", field="address", value="東京都新宿区舟町5",
                 decided_by="確認 花子", decided_at="2026-09-01T10:00:00+09:00"),
        Decision(ok[1], fps[ok[1]], "exclude", reason="転出", decided_by="確認 花子",
                 decided_at="2026-09-01T10:00:00+09:00"),
    ]))
    pooled.clear()
    _clean(register, tmp_path / "ahead", decisions=str(decisions))
    assert pooled[0].kept >= 1
    _without_ahead(register, tmp_path / "baseline", monkeypatch, decisions=str(decisions))
    _same(tmp_path / "ahead", tmp_path / "baseline")
    found = pl.read_csv(tmp_path / "ahead" / "findings.csv", infer_schema=False)
    corrected = "舟町5" in found.filter(pl.col("id") == ok[0])["address_out"].item()
    assert corrected, "the corrected address is the one validated"


def test_the_options_of_the_work_ahead_must_be_the_runs_but_for_where_the_area_came_from() -> None:
    from addrjp.mailing.ahead import same_options

    run = Options(area="13104", area_source="inferred", area_share=0.97)
    assert same_options(Options(area="13104", area_source="given"), run)
    assert not same_options(Options(area="13101", area_source="inferred", area_share=0.97), run)
    assert not same_options(Options(area=None, area_source="not_inferred"), run)
    assert not same_options(Options(area="13104", area_source="given", style="vertical"), run)


def test_a_bad_cell_after_chunks_sent_ahead_is_the_readers_error_and_leaves_nothing(
        tmp_path: Path, pooled: list[Any]) -> None:
    register = _register(tmp_path, "shinjuku")
    assert_readers_error_leaves_nothing(register, CHUNK * 5, _clean, tmp_path / "out")  # in the sixth chunk
    assert pooled[0].sent >= 1  # chunks were in the workers when the reader stopped
    assert sorted(p.name for p in tmp_path.iterdir()) == [register.name]


def test_a_chunk_whose_work_ahead_failed_is_validated_again_in_its_turn(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A chunk whose results could not be gathered while the read went on (a worker's fault) is not taken:
    its addresses are validated again in their turn, where the fault, if it is one, is reported as without
    the work ahead (never "the results were let go")."""

    class _Failing:
        futures: tuple[Any, ...] = ()

        def frame(self, schema: dict[str, Any]) -> pl.DataFrame:
            raise RuntimeError("a worker's fault")

        def close(self) -> None:
            pass

    work = ahead_module.AheadWork(pool=None, spill=lambda: None)
    opts = Options(area="13104")
    failing = ahead_module._Ahead(opts, pl.DataFrame({k: ["x"] for k in ahead_module.KEYS}), _Failing())  # type: ignore[arg-type]
    work.chunks[0] = failing
    assert work.room()  # puts the finished chunk aside: its results fail, it is cancelled
    assert work.take(0, opts) is None
    assert work.dropped == 1 and work.kept == 0
