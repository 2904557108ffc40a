"""A small register for the review tests: synthetic residents (from the bundled synthetic example; no real
person) with a review row, a held row, a probable duplicate pair (T04/T05) and a building on line 2."""

from __future__ import annotations

REGISTER = """宛名番号,氏名,郵便番号,住所,方書,生年月日
T01,小林　清,1600007,東京都新宿区荒木町3-12,,1944-06-12
T02,岡本　幸子,162-0855,東京都新宿区二十騎堺13-5,,1940-01-02
T03,阿部　秀夫,161-0031,東京都新宿区西落合五丁目7番5号,,1941-03-03
T04,吉田　八重子,169-0072,新宿区大久保1-13-5,,1936-05-05
T05,吉田　八重子,169-0072,東京都新宿区大久保1丁目13番5号加藤荘103号室,,1936-05-05
T06,鈴木　和子,1600005,新宿区愛住町15番地,,1933-06-07
T07,松本　春子,160-0006,東京都新宿区舟町,,1938-02-02
T08,上田　正子,169-0074,新宿区北新宿4丁目17番11号,坂本荘 208,1935-02-10
"""


def register_text(rows: int) -> str:
    """The header and the first *rows* residents of :data:`REGISTER`."""
    return "".join(REGISTER.splitlines(keepends=True)[: rows + 1])
