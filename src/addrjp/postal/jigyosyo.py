"""JIGYOSYO (事業所の個別郵便番号, the office file): the project's own parser of Japan Post's official file.

13 columns: 大口事業所等の所在地のJISコード, 大口事業所名（カナ）, 大口事業所名（漢字）, 都道府県名, 市区町村名,
町域名, 小字名・丁目・番地等, 大口事業所等個別番号 (the office's own postal code), 旧郵便番号, 取扱局,
個別番号の種別の表示 (0 office, 1 私書箱 P.O. box), 複数番号の有無, 修正コード (0 none, 1 new, 5 removed)
(https://www.post.japanpost.jp/zipcode/dl/jigyosyo/readme.html). Shift_JIS as published; UTF-8 accepted.
Rows marked removed (修正コード 5) are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from addrjp.errors import InputError
from addrjp.postal.officialfile import rows
from addrjp.postal.records import OfficeRecord

COLUMNS = 13


def parse_rows(lines: Iterable[tuple[str, int, list[str]]]) -> Iterator[OfficeRecord]:
    """JIGYOSYO records from (file, line, fields) rows, checked column by column."""
    for name, line, f in lines:
        if len(f) != COLUMNS:
            raise InputError(
                f"{len(f)} columns; a JIGYOSYO row has {COLUMNS}", file=name, line=line,
                hint="is this the office file (JIGYOSYO) as Japan Post publishes it?",
            )
        if not (len(f[0]) == 5 and f[0].isascii() and f[0].isdigit()):
            raise InputError("the local government code is not 5 digits", file=name, line=line, column="1")
        if not (len(f[7]) == 7 and f[7].isascii() and f[7].isdigit()):
            raise InputError("the postal code is not 7 digits", file=name, line=line, column="8")
        if not f[3].endswith(("都", "道", "府", "県")):
            raise InputError(
                "the prefecture is not readable: wrong encoding?", file=name, line=line, column="4",
                hint="the file is Shift_JIS as published; use it as downloaded",
            )
        if f[10] not in ("0", "1"):
            raise InputError("the kind must be 0 (office) or 1 (P.O. box)", file=name, line=line, column="11")
        if f[11] not in ("0", "1", "2", "3") or f[12] not in ("0", "1", "5"):
            raise InputError("unexpected flag value", file=name, line=line, column="12" if f[11] > "3" else "13")
        if f[12] == "5":
            continue
        yield OfficeRecord(
            code=f[7], jis=f[0], office_kana=f[1], office_name=f[2], pref=f[3], city=f[4], town=f[5],
            office_address=f[6], old_code=f[8], post_office=f[9], kind="box" if f[10] == "1" else "office",
            multiple=f[11] != "0", correction=int(f[12]),
        )


def read_jigyosyo(path: Path) -> list[OfficeRecord]:
    """Every record of a JIGYOSYO file (zip or CSV)."""
    return list(parse_rows(rows(path)))
