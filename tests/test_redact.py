"""What a message may show of a file's first row: header names, never data."""

from __future__ import annotations

import doctest

import pytest

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
