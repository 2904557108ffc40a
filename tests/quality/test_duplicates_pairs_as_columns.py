"""The engine's pairs found as columns give what the first pair loop gave.

The engine (``_duplicate_rows``) no longer reads every row of an address into Python: the first row of each
name key at an address is paired with the others' by a join on a hash of the address (kept only where the
addresses are equal) and a pair whose known birthdates differ is dropped before Python sees it (two people:
the first rule of ``_same_person_at_address``). The loop it replaces is kept in
``tests/support/duplicates_reference.py``; these tests feed both the same rows — many names at one address,
rows out of order, birthdates equal, different and missing — and compare every row of the result.
"""

from __future__ import annotations

import polars as pl
from duplicates_reference import duplicate_rows_reference
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addrjp.quality.duplicates import _address_pairs, _duplicate_rows, _prepare, find_duplicates
from addrjp.quality.names import name_key

NAMES = ["山田　太郎", "山田　花子", "山田　太朗", "山田　タロウ", "髙橋　茂", "高橋　茂", "高橋　しげる", "佐藤　悦子",
         "佐藤　エツコ", "佐藤　幸子", "佐藤　倖子", "斉藤　実", "斎藤　実", "鈴木　ミノル", "鈴木　実", "", "山田太郎",
         "やまだたろう", "ﾀﾛｳ", "山田 太郎"]
BLOCKS = ["東京都|新宿区|西新宿|2|8", "東京都|新宿区|舟町||26", None]
ROOMS = ["", "101"]
BIRTHDATES = ["1940-01-01", "1941-02-02", None]

row_strategy = st.tuples(st.sampled_from(NAMES), st.sampled_from(BLOCKS), st.sampled_from(ROOMS),
                         st.sampled_from(BIRTHDATES), st.booleans())


def _frame(rows: list[tuple], order: list[int] | None) -> pl.DataFrame:
    numbers = order if order is not None else list(range(len(rows)))
    out = []
    for i, (name, block, room, bd, eligible) in enumerate(rows):
        out.append({"row": numbers[i], "id": f"R{numbers[i]:03d}", "name_text": name, "name_key": name_key(name),
                    "address_key": None if block is None else f"{block}|1|{room}", "block_key": block,
                    "birthdate": bd, "eligible": eligible})
    schema = {"row": pl.Int64, "id": pl.String, "name_text": pl.String, "name_key": pl.String,
              "address_key": pl.String, "block_key": pl.String, "birthdate": pl.String, "eligible": pl.Boolean}
    return pl.DataFrame(out, schema=schema)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(row_strategy, max_size=40), data=st.data())
def test_pairs_as_columns_give_what_the_pair_loop_gave(rows: list[tuple], data: st.DataObject) -> None:
    order = data.draw(st.permutations(list(range(len(rows)))) | st.none())
    df = _prepare(_frame(rows, order))
    assert _duplicate_rows(df).sort("row").rows() == duplicate_rows_reference(df).sort("row").rows()


def test_a_pair_whose_birthdates_differ_is_left_out_and_a_missing_one_kept() -> None:
    df = _prepare(_frame([("山田　太郎", BLOCKS[0], "", "1940-01-01", True),
                          ("山田　花子", BLOCKS[0], "", "1941-02-02", True),
                          ("山田　タロウ", BLOCKS[0], "", None, True)], None))
    cols = ["row", "name_key", "birthdate", "address_key"]
    pairs = _address_pairs(df, cols).sort("row", "row_b")
    assert pairs.select("row", "row_b").rows() == [(0, 2), (1, 2)]  # 0/1 differ in birthdate: two people


def test_rows_given_out_of_order_pair_the_first_row_of_each_name() -> None:
    frame = _frame([("山田　太郎", BLOCKS[0], "", None, True), ("山田　タロウ", BLOCKS[0], "", None, True),
                    ("山田　太郎", BLOCKS[0], "", None, True)], [5, 9, 2])
    out = find_duplicates(frame)
    # row 2 is the first 山田　太郎; 5 repeats it exactly, 9 reads alike
    assert out.select("row", "duplicate_kind", "duplicate_of").rows() == [
        (2, None, None), (5, "exact", "R002"), (9, "probable", "R002")]


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(st.tuples(st.sampled_from(["a", "b", "c", None]), st.booleans()), max_size=30), data=st.data())
def test_households_grouped_by_hash_are_those_grouped_by_key(rows: list[tuple[str | None, bool]],
                                                              data: st.DataObject) -> None:
    from addrjp.quality.duplicates import _household_sizes

    order = data.draw(st.permutations(list(range(len(rows)))))
    df = pl.DataFrame({"row": order, "_household": [h for h, _ in rows], "_member": [m for _, m in rows]},
                      schema={"row": pl.Int64, "_household": pl.String, "_member": pl.Boolean})
    hashed, keyed = _household_sizes(df), _household_sizes(df, by_hash=False)
    assert hashed.columns == keyed.columns
    assert hashed.rows() == keyed.rows()
