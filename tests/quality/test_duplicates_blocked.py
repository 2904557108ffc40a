"""Duplicates and households worked per block give exactly what the whole list gives.

The guarantee (docs/performance.md): every pair find_duplicates compares shares a block (町 + 丁目 + 番, or
the address where there is no block key) and an address household lies within its block, so dealing rows
into partitions by block can miss no pair, split no cluster and no guessed household; the register's
households (世帯番号) are dealt again by their number, and household ids number the households by their
first row over the whole list. These tests feed the same rows whole and in parts (random chunks, several
partitions, in memory and spilled to disk) and compare every output column.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addrjp.quality.duplicates import BlockedDuplicates, Returned, find_duplicates
from addrjp.quality.names import name_key
from addrjp.spill import Spill

NAMES = ["山田　太郎", "山田　花子", "山田　太朗", "髙橋　茂", "高橋　茂", "高橋　しげる", "佐藤　悦子", "佐藤　エツコ",
         "", "山田太郎", "ﾀﾛｳ"]
BLOCKS = ["東京都|新宿区|西新宿|2|8", "東京都|新宿区|西新宿|2|9", "東京都|新宿区|舟町||26", None]
ROOMS = ["1", "101", "", "2F"]

row_strategy = st.tuples(
    st.sampled_from(NAMES), st.sampled_from(BLOCKS), st.sampled_from(ROOMS),
    st.sampled_from(["1940-01-01", "1941-02-02", None]), st.booleans(),
    st.sampled_from([None, "", "H1", "H2", "H3"]), st.booleans(),
)


def _frame(rows: list[tuple], with_household: bool) -> pl.DataFrame:
    out = []
    for i, (name, block, room, bd, eligible, household, facility) in enumerate(rows):
        address_key = None if block is None else f"{block}|1|{room}"
        out.append({"id": f"R{i:03d}", "name_text": name, "name_key": name_key(name), "address_key": address_key,
                    "block_key": block, "birthdate": bd, "eligible": eligible,
                    "household": household if with_household else None, "facility": facility})
    schema = {"id": pl.String, "name_text": pl.String, "name_key": pl.String, "address_key": pl.String,
              "block_key": pl.String, "birthdate": pl.String, "eligible": pl.Boolean, "household": pl.String,
              "facility": pl.Boolean}
    return pl.DataFrame(out, schema=schema)


def _blocked(frame: pl.DataFrame, *, partitions: int, cuts: list[int], spill: Spill, joint: bool,
             returned: Returned | None) -> pl.DataFrame:
    run = BlockedDuplicates(joint_household=joint, returned=returned, partitions=partitions, spill=spill)
    start = 0
    for cut in [*sorted(set(cuts)), frame.height]:
        if start <= cut <= frame.height:
            run.add(frame.slice(start, cut - start))
            start = cut
    return pl.concat(list(run.results())).sort("row")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row_strategy, max_size=40), partitions=st.integers(1, 7),
       cuts=st.lists(st.integers(0, 40), max_size=4), joint=st.booleans(), with_household=st.booleans(),
       on_disk=st.booleans())
def test_blocks_give_what_the_whole_list_gives(rows: list[tuple], partitions: int, cuts: list[int], joint: bool,
                                               with_household: bool, on_disk: bool, tmp_path: Path) -> None:
    frame = _frame(rows, with_household)
    returned = Returned(ids=frozenset({"R001"}), address_keys=frozenset({f"{BLOCKS[0]}|1|101"}))
    whole = find_duplicates(frame, joint_household=joint, returned=returned)
    folder = None
    if on_disk:
        folder = tmp_path / f"spill{len(list(tmp_path.iterdir()))}"
        folder.mkdir()
    parts = _blocked(frame, partitions=partitions, cuts=cuts, spill=Spill(folder), joint=joint, returned=returned)
    assert parts.rows() == whole.rows()
    assert parts.columns == whole.columns
    if folder is not None:
        assert list(folder.iterdir()) == []  # every part read once and removed


def test_the_synthetic_registers_pairs_are_the_same_in_blocks() -> None:
    from benchmarks.eval_duplicates import build_frame
    from benchmarks.synth_register import generate

    synth = generate(3_000, seed=3)
    frame = build_frame(synth.rows, synth.truth)
    whole = find_duplicates(frame, joint_household=True)
    assert whole["duplicate_kind"].is_not_null().sum() > 20  # the register has duplicates to find
    parts = _blocked(frame, partitions=16, cuts=[700, 1500, 2999], spill=Spill(), joint=True, returned=None)
    assert parts.rows() == whole.rows()
