"""Kanji numerals (漢数字, kansūji) as written in addresses: 二丁目, 十一番, 二十三号, 一〇五.

Reads both the multiplicative grammar (二十一 = 21, 百二 = 102, 千二百 = 1200) and positional strings
(一〇五 = 105), the formal numerals 壱 弐 参 拾 and Arabic digits in either width mixed in. Writes
numbers back in the multiplicative grammar used for vertical print (縦書き).

>>> kanji_to_int("二十三")
23
>>> kanji_to_int("一〇五")
105
>>> kanji_to_int("壱")
1
>>> kanji_to_int("西") is None
True
>>> kanji_to_int("十二三") is None  # not a well-formed numeral: never read as a number
True
>>> int_to_kanji(23)
'二十三'
"""

from __future__ import annotations

DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "○": 0,
    "一": 1, "壱": 1, "壹": 1,
    "二": 2, "弐": 2, "貳": 2,
    "三": 3, "参": 3, "參": 3,
    "四": 4, "五": 5, "伍": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
for _i, _c in enumerate("0123456789"):
    DIGITS[_c] = _i
for _i, _c in enumerate("０１２３４５６７８９"):
    DIGITS[_c] = _i
UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "千": 1000}

#: Every character that may appear in a kanji numeral (for building parser patterns).
NUMERAL_CHARS: str = "".join(DIGITS) + "".join(UNITS)
#: Kanji numeral characters only (no Arabic digits).
KANJI_NUMERAL_CHARS: str = "".join(c for c in NUMERAL_CHARS if not ("0" <= c <= "9" or "０" <= c <= "９"))

_KANJI_DIGITS = "〇一二三四五六七八九"


def kanji_to_int(text: str) -> int | None:
    """The value of a numeral written in kanji (or digits), or None when *text* is not a numeral."""
    if not text:
        return None
    if any(c not in DIGITS and c not in UNITS for c in text):
        return None
    if not any(c in UNITS for c in text):
        # Positional: 一〇五, 105, １０５.
        value = 0
        for c in text:
            value = value * 10 + DIGITS[c]
        return value
    total = 0
    current: int | None = None  # the digit waiting for a unit
    last_unit = 10_000
    for c in text:
        if c in DIGITS:
            if current is not None or DIGITS[c] == 0:
                return None  # 十二三, 百〇五, 二二十: a run of digits is no multiplicative numeral
            current = DIGITS[c]
        else:
            unit = UNITS[c]
            if unit >= last_unit:
                return None  # 十百, 百百: not a well-formed numeral
            total += (1 if current is None else current) * unit
            current = None
            last_unit = unit
    if current is not None:
        total += current
    return total


def int_to_kanji(value: int) -> str:
    """Write a non-negative integer in multiplicative kanji numerals (23 → 二十三, 105 → 百五, 0 → 〇)."""
    if value < 0:
        raise ValueError("kanji numerals are written for non-negative integers only")
    if value == 0:
        return "〇"
    if value >= 10_000:
        return "".join(_KANJI_DIGITS[int(d)] for d in str(value))
    out = []
    for unit, mark in ((1000, "千"), (100, "百"), (10, "十")):
        q, value = divmod(value, unit)
        if q:
            out.append(("" if q == 1 else _KANJI_DIGITS[q]) + mark)
    if value:
        out.append(_KANJI_DIGITS[value])
    return "".join(out)
