"""What a message may show of a file's cells (メッセージに出してよい内容): header names, never data.

Messages name columns by position and header. But a register exported without its header row has a
resident's name, address and birthdate where the header should be, and a wrong ``--map`` makes addrjp list
"the columns found". So before a first row is shown, it is judged: a row in which any cell looks like data
(three digits or more, as in a postal code, a date, a lot number or an id; a long cell; a 丁目/番地 address;
a date written with an era and kanji numerals; a prefecture's name; a space between two Japanese words, as
between a family and a given name) is not a header, and only the positions of its columns are shown.

>>> looks_like_header(["宛名番号", "氏名", "郵便番号", "住所"])
True
>>> looks_like_header(["1", "山田　太郎", "160-0023", "東京都新宿区西新宿2-8-1"])
False
>>> describe_columns(["番号", "", "住所"])
'番号, (empty), 住所'
>>> looks_like_header(["山田　太郎", "昭和三十年五月一日"]) or looks_like_header(["ヤマダ タロウ", "東京都新宿区西新宿"])
False
>>> looks_like_header(["Postal code", "生年月日", "都道府県", "市区町村"])
True
>>> describe_columns(["A0001", "山田　太郎", "1600023"])
'3 columns (column 1 … column 3; the first line is data, so no header is shown)'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from addrjp.address.prefectures import PREFECTURES
from addrjp.text.width import fold_width

#: Longest cell read as a header name: longer ones are data.
MAX_HEADER_CHARS = 20
_DIGITS3 = re.compile(r"(?:[0-9].*){3}")
_ADDRESS = re.compile(r"[0-9〇一二三四五六七八九十]+\s*(?:丁目|番地|番|号)")
_LINE_BREAK = re.compile(r"[\r\n]")
#: an era date in kanji (昭和三十年五月一日, 平成元年): a birthdate
_ERA_DATE = re.compile(r"(?:明治|大正|昭和|平成|令和)\s*[0-9〇一二三四五六七八九十元]+\s*年")
_PREFECTURE = re.compile("|".join(map(re.escape, PREFECTURES)))


def _japanese(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" or ch in "々〆ヶ"


def _spaced_words(text: str) -> bool:
    """Two Japanese words with a space between them: a name (山田　太郎, ヤマダ タロウ), never a header.

    The same test as the pattern ``[\\u3040-\\u30ff\\u3400-\\u9fff々〆ヶ]\\s+`` followed by that class again,
    without the 6 ms that compiling the class costs every process before its first row.
    """
    prev = ""
    for i, ch in enumerate(text):
        if ch.isspace() and prev and _japanese(prev):
            j = i
            while j < len(text) and text[j].isspace():
                j += 1
            if j < len(text) and _japanese(text[j]):
                return True
        prev = ch
    return False


def looks_like_data(cell: object) -> bool:
    """True when a cell of a first row looks like a resident's data rather than a column header."""
    if cell is None:
        return False
    text = fold_width(str(cell)).strip()
    return (len(text) > MAX_HEADER_CHARS or bool(_DIGITS3.search(text)) or bool(_ADDRESS.search(text))
            or "@" in text or bool(_LINE_BREAK.search(text)) or bool(_ERA_DATE.search(text))
            or _spaced_words(text) or bool(_PREFECTURE.search(text)))


def looks_like_header(row: Sequence[object]) -> bool:
    """True when no cell of *row* looks like data: it may be shown in a message as the file's header."""
    return not any(looks_like_data(c) for c in row)


def describe_columns(row: Sequence[object]) -> str:
    """The columns of a first row for a message: the header names, or positions only when it is data."""
    if looks_like_header(row):
        return ", ".join(str(c).strip() if c not in (None, "") and str(c).strip() else "(empty)" for c in row)
    n = len(row)
    span = "column 1" if n == 1 else f"column 1 … column {n}"
    return f"{n} column{'s' if n != 1 else ''} ({span}; the first line is data, so no header is shown)"


__all__ = ["MAX_HEADER_CHARS", "describe_columns", "looks_like_data", "looks_like_header"]
