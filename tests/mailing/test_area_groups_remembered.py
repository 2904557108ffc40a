"""The area's count remembers each group's municipality (a function of the group and the town master), so
that every row's count after a sample's reads the sample's groups once: the counts are those read afresh."""

from __future__ import annotations

from collections import Counter

import polars as pl
import pytest

from addrjp.mailing import area as area_module
from addrjp.mailing.area import AreaTally, municipality_counts


def _frame() -> pl.DataFrame:
    from benchmarks.synth_register import ROWS_HEADER, generate

    reg = generate(400, seed=11)
    rows = [dict(zip(ROWS_HEADER, r, strict=True)) for r in reg.rows]
    frame = pl.DataFrame(rows)
    extra = pl.DataFrame({"postal_code": ["100-0001", "", "160-0023", "bad"],
                          "address": ["東京都千代田区千代田1-1", "新宿区舟町5", "西新宿2-8-1", "大阪府大阪市北区梅田1"]})
    return pl.concat([frame.select("postal_code", "address"), extra])


def _counts(frame: pl.DataFrame) -> Counter[str]:
    tally = AreaTally()
    tally.add(frame)
    return tally.counts()


def test_counts_after_a_sample_are_the_counts_read_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    frame = _frame()
    monkeypatch.setattr(area_module, "_MEMO", [None, {}])
    fresh = _counts(frame)
    monkeypatch.setattr(area_module, "_MEMO", [None, {}])
    _counts(frame.gather_every(7))  # the sample's groups remembered
    assert area_module._MEMO[1]
    assert _counts(frame) == fresh
    assert _counts(frame) == fresh  # every group remembered now
    values = frame.group_by("postal_code", "address", maintain_order=True).len().rows()
    assert fresh == municipality_counts(values)  # the count by heads is the count of every address


def test_nothing_is_remembered_past_the_bound_and_a_new_master_forgets(monkeypatch: pytest.MonkeyPatch) -> None:
    frame = _frame()
    monkeypatch.setattr(area_module, "_MEMO", [None, {}])
    monkeypatch.setattr(area_module, "MEMO_GROUPS", 3)
    fresh = _counts(frame)
    assert len(area_module._MEMO[1]) == 3
    assert _counts(frame) == fresh
    master = area_module._master()
    assert area_module._memo(master) is area_module._MEMO[1]
    assert area_module._memo(object()) == {}  # type: ignore[arg-type]  # another master: nothing remembered
