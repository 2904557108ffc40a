"""What a message may show of a file's first row: header names, never data."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import addrjp.redact as redact_mod
from addrjp.redact import looks_like_data, looks_like_header


def test_doctests() -> None:
    assert doctest.testmod(redact_mod).failed == 0


@pytest.mark.parametrize("cell", ["160-0023", "１６０００２３", "1940-01-01", "昭和15年1月1日", "A0001",
                                  "新宿区西新宿二丁目8番1号", "taro@example.jp", "x" * 21, "a\nb",
                                  # a birthdate in kanji, a spaced name, an address without a number
                                  "昭和三十年五月一日", "平成元年", "山田　太郎", "ヤマダ タロウ", "東京都新宿区西新宿"])
def test_data_cells(cell: str) -> None:
    assert looks_like_data(cell)


@pytest.mark.parametrize("row", [["id", "name", "postal_code", "address", "address2", "birthdate"],
                                 ["宛名番号", "氏名", "郵便番号", "住所１", "住所2", "生年月日", ""],
                                 ["No.", "お名前", "〒", "所在地", "方書き", "誕生日"],
                                 ["世帯番号", "敬称", "都道府県", "市区町村", "Postal code", "フリガナ"]])
def test_header_rows(row: list[str]) -> None:
    assert looks_like_header(row)


_SPACED_PATTERN = r"[\u3040-\u30ff\u3400-\u9fff々〆ヶ]\s+[\u3040-\u30ff\u3400-\u9fff々〆ヶ]"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("山田太郎ヤマダあゝ々〆ヶー・ 　\t\n\u3000\u303f\u3040\u30ff\u3400\u9fff\ua000"
                                         "abc1-"), max_size=12))
def test_spaced_words_is_the_pattern_it_replaces(text: str) -> None:
    import re

    assert redact_mod._spaced_words(text) == bool(re.search(_SPACED_PATTERN, text))
