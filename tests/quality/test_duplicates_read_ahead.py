"""The duplicates' read-ahead (先読み): names at one address compared while the workers parse addresses, so
that the engine finds their readings made; it fills caches only."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.quality import readings
from addrjp.quality.duplicates import find_duplicates, read_ahead
from addrjp.quality.names import name_key

NAMES = ["山田　太郎", "山田　花子", "山田　太朗", "髙橋　茂", "高橋　茂", "高橋　しげる", "佐藤　悦子", "佐藤　エツコ",
         "佐藤　幸子", "佐藤　倖子", "", "山田太郎", "やまだたろう", "ﾀﾛｳ", "鈴木　実", "鈴木　ミノル", "鈴木　清"]
ADDRESSES = ["東京都|新宿区|西新宿|2|8|1|101", "東京都|新宿区|西新宿|2|8|1|", "東京都|新宿区|舟町||26|3|", None]

rows = st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(ADDRESSES),
                          st.sampled_from(["1940-01-01", "1941-02-02", None, ""])), min_size=2, max_size=30)


def _frame(items: list[tuple[str, str | None, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        {"id": [f"R{i:03d}" for i in range(len(items))], "name_text": [n for n, _, _ in items],
         "name_key": [name_key(n) for n, _, _ in items], "address_key": [a for _, a, _ in items],
         "block_key": [a.rsplit("|", 2)[0] if a else None for _, a, _ in items],
         "birthdate": [b for _, _, b in items]},
        schema={"id": pl.String, "name_text": pl.String, "name_key": pl.String, "address_key": pl.String,
                "block_key": pl.String, "birthdate": pl.String})


@settings(max_examples=60, deadline=None)
@given(rows)
def test_after_the_read_ahead_the_engine_reads_no_new_name(items: list[tuple[str, str | None, str | None]]) -> None:
    frame = _frame(items)
    before = find_duplicates(frame)
    for cached in (readings.reading, readings.readings):
        cached.cache_clear()
    read_ahead(frame.with_columns(pl.col("address_key").fill_null("?")), ["address_key"])
    misses = readings.reading.cache_info().misses, readings.readings.cache_info().misses
    assert find_duplicates(frame).equals(before)  # the same output, with the caches filled
    assert (readings.reading.cache_info().misses, readings.readings.cache_info().misses) == misses


def test_read_ahead_compares_each_pair_of_names_of_one_address_once() -> None:
    frame = _frame([("山田　太郎", "a", None), ("山田　花子", "a", None), ("山田　太郎", "a", None),
                    ("佐藤　悦子", "a", None), ("鈴木　実", "b", None), ("", "a", None)])
    assert read_ahead(frame, ["address_key"]) == 3  # 太郎/花子, 太郎/悦子, 花子/悦子; b alone, the empty name none


def test_names_near_by_postal_code_and_birthdate_are_read_ahead() -> None:
    # one person written at one address in two ways: two address cells, one postal code and birthdate
    frame = pl.DataFrame({"postal_code": ["1600023", "1600023", "1600023", "1620001"],
                          "address": ["西新宿2-8-1", "西新宿二丁目8番1号", "西新宿2-8-1", "舟町26"],
                          "name_text": ["佐藤　悦子", "佐藤　エツコ", "佐藤　花子", "佐藤　エツ子"],
                          "name_key": [name_key("佐藤　悦子"), name_key("佐藤　エツコ"), name_key("佐藤　花子"),
                                       name_key("佐藤　エツ子")],
                          "birthdate": ["1940-01-01", "1940-01-01", "1941-02-02", "1940-01-01"]})
    assert read_ahead(frame, ["postal_code", "address"]) == 0  # 悦子/花子 share a cell but not a birthdate
    assert read_ahead(frame, ["postal_code", "address"], near=["postal_code"]) == 1  # 悦子/エツコ; 舟町 elsewhere
