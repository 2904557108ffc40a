"""Area inference by the heads of addresses (AreaTally) counts exactly what reading every address counts.

The tally finds the municipality once per distinct (postal code, head) — the head being the address's text
before its first digit, at most as long as a prefecture, a space and the longest municipality — and reads
every address whose head clean_text would change in full. These tests feed both ways the same rows: built
from prefectures, municipalities (the long ones, the designated cities' wards, names shared between
prefectures), towns, digits of both widths, spaces and full-width spaces, half-width kana, invisibles and
kanji numerals, with valid, office, unknown and malformed postal codes; and the synthetic register.
"""

from __future__ import annotations

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addrjp.mailing.area import AreaTally, frame_values, head_length, infer_area_of_frame, municipality_counts

PIECES = [
    "東京都", "東京", "北海道", "神奈川県", "京都府", "大阪府", "長野県", "鹿児島県", "和歌山県",
    "新宿区", "新宿", "北区", "中央区", "府中市", "札幌市中央区", "大阪市北区", "上水内郡信濃町", "信濃町",
    "南都留郡冨士河口湖町", "東牟婁郡那智勝浦町", "仲多度郡まんノう町", "市ヶ谷", "市谷", "西新宿", "舟町",
    "四谷", "高田馬場", "髙田馬場", "大字", "字", "八丁目", "二丁目", "三", "十", "番地", "号", "-", "－", "ー",
    "1", "2", "26", "１", "２", "０", " ", "  ", "\u3000", "ｼﾝｼﾞｭｸ", "ﾞ", "ｶ", "\u200b", "\ufeff", "\u00a0",
    "コーポ", "ヶ", "ケ", "が", "の", "ノ", "檜", "桧", "(", "（", "〒", "A", "Ａ",
]
POSTAL = ["", "160-0023", "1600023", "160-0016", "1620843", "100-0001", "1638001", "0600001", "16O-0016",
          "999-9999", "３８９－１３０５", "3891305", "１６０００２３"]

address_text = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
rows = st.lists(st.tuples(st.sampled_from(POSTAL), address_text), min_size=1, max_size=40)


def _frame(values: list[tuple[str, str]]) -> pl.DataFrame:
    return pl.DataFrame({"postal_code": [p for p, _ in values], "address": [a for _, a in values]},
                        schema={"postal_code": pl.String, "address": pl.String})


def _whole(frame: pl.DataFrame) -> dict[str, int]:
    return dict(municipality_counts(frame_values(frame)))


def test_the_premises_of_reading_by_heads_hold_for_the_shipped_master() -> None:
    assert head_length() == 15  # 神奈川県 (4), a space, 南都留郡冨士河口湖町 (10)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows, st.integers(min_value=1, max_value=5))
def test_tally_in_chunks_counts_what_reading_every_address_counts(values: list[tuple[str, str]], parts: int) -> None:
    frame = _frame(values)
    tally = AreaTally()
    size = -(-frame.height // parts)
    for start in range(0, frame.height, size):
        tally.add(frame.slice(start, size))
    assert dict(tally.counts()) == _whole(frame)


def test_tally_on_the_synthetic_register_equals_reading_every_address() -> None:
    from benchmarks.synth_register import ROWS_HEADER, generate

    synth = generate(3_000, seed=5, town_down=0.3)
    frame = pl.DataFrame(synth.rows, schema=list(ROWS_HEADER), orient="row")
    assert dict(AreaTally.counts(_tally(frame))) == _whole(frame)
    assert infer_area_of_frame(frame).code == "13104"


def _tally(frame: pl.DataFrame) -> AreaTally:
    tally = AreaTally()
    tally.add(frame)
    return tally


def test_missing_columns_and_nulls_read_as_empty() -> None:
    frame = pl.DataFrame({"address": ["東京都新宿区西新宿2-8-1", None]})
    assert dict(_tally(frame).counts()) == {"13104": 1}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows, st.integers(min_value=1, max_value=5))
def test_the_running_total_after_each_chunk_is_a_recount_of_the_rows_so_far(values: list[tuple[str, str]],
                                                                             parts: int) -> None:
    frame = _frame(values)
    tally = AreaTally()
    size = -(-frame.height // parts)
    for start in range(0, frame.height, size):
        tally.add(frame.slice(start, size))
        assert dict(tally.counts()) == _whole(frame.slice(0, start + size))
        got, want = tally.result(), infer_area_of_frame(frame.slice(0, start + size))
        assert (got.code, got.share, got.rows) == (want.code, want.share, want.rows)  # (top: either of a tie)
