"""ABR 町字マスター (Address Base Registry town master, Digital Agency): reading, cleaning, writing.

The アドレス・ベース・レジストリ (ABR) 町字マスター lists, per municipality, every 町字 (town and 丁目)
with its 住居表示フラグ (1: 住居表示 residence indication, N番N号; 0: 地番 land lots, N番地N). addrjp uses it
for the 丁目 lists and the numbering system of each town; the towns themselves come from Japan Post.

Two layouts are read: the 2022 試験公開版 with Japanese headers (全国地方公共団体コード, 町字id, …) and the
正式版 with English headers (lg_code, machiaza_id, …). Artefacts of third-party re-exports are undone: a
leading unnamed pandas index column, ids that lost their leading zeros (``3001`` → ``0003001``), numbers
written as floats (``1.0``, ``1620834.0``). Rows are written back in one canonical layout (English headers).

Licence of the data: 出典：アドレス・ベース・レジストリ（デジタル庁）, 公共データ利用規約 第1.0版 (PDL1.0,
compatible with CC BY 4.0); files written here are processed copies (加工して作成).

>>> clean_int_text("1620834.0")
'1620834'
>>> clean_int_text("3001", width=7)
'0003001'
>>> clean_int_text("")
''
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from addrjp.errors import InputError
from addrjp.fileio import PUBLIC, write_atomic

#: The canonical columns, in the order written (the 正式版 names).
COLUMNS: tuple[str, ...] = (
    "lg_code", "machiaza_id", "machiaza_type", "pref", "county", "city", "ward",
    "oaza_cho", "oaza_cho_kana", "chome", "chome_number", "koaza",
    "rsdt_addr_flg", "rsdt_addr_mtd_code", "status_flg", "efct_date", "ablt_date", "post_code", "remarks",
)

#: 2022 trial-layout Japanese headers → canonical names.
JAPANESE_HEADERS: dict[str, str] = {
    "全国地方公共団体コード": "lg_code",
    "町字id": "machiaza_id",
    "町字ID": "machiaza_id",
    "町字区分コード": "machiaza_type",
    "都道府県名": "pref",
    "郡名": "county",
    "市区町村名": "city",
    "政令市区名": "ward",
    "大字・町名": "oaza_cho",
    "大字・町名_カナ": "oaza_cho_kana",
    "丁目名": "chome",
    "丁目名_数字": "chome_number",
    "小字名": "koaza",
    "住居表示フラグ": "rsdt_addr_flg",
    "住居表示方式コード": "rsdt_addr_mtd_code",
    "状態フラグ": "status_flg",
    "効力発生日": "efct_date",
    "廃止日": "ablt_date",
    "郵便番号": "post_code",
    "備考": "remarks",
}

_REQUIRED = ("lg_code", "machiaza_id", "pref", "city", "oaza_cho", "rsdt_addr_flg")
_WIDTHS = {"lg_code": 6, "machiaza_id": 7, "post_code": 7}
_NUMERIC = ("lg_code", "machiaza_id", "machiaza_type", "chome_number", "rsdt_addr_flg",
            "rsdt_addr_mtd_code", "status_flg", "post_code")


@dataclass(frozen=True, slots=True)
class AbrTown:
    """One row of the 町字マスター (canonical column names)."""

    lg_code: str
    machiaza_id: str
    machiaza_type: str
    pref: str
    county: str
    city: str
    ward: str
    oaza_cho: str
    oaza_cho_kana: str
    chome: str
    chome_number: str
    koaza: str
    rsdt_addr_flg: str
    rsdt_addr_mtd_code: str
    status_flg: str
    efct_date: str
    ablt_date: str
    post_code: str
    remarks: str

    @property
    def jis(self) -> str:
        """The 5-digit local government code (the 6-digit lg_code without its check digit)."""
        return self.lg_code[:5]

    @property
    def city_name(self) -> str:
        """The municipality as Japan Post writes it: 郡 + 市区町村 + 政令市の区 (上益城郡嘉島町, 大阪市北区)."""
        return self.county + self.city + self.ward

    @property
    def chome_int(self) -> int | None:
        """The 丁目 as an int, None for a town without 丁目."""
        return int(self.chome_number) if self.chome_number else None

    @property
    def is_jukyo(self) -> bool:
        """True when the 町字 is flagged as 住居表示 (residence indication)."""
        return self.rsdt_addr_flg == "1"

    @property
    def is_current(self) -> bool:
        """True unless the row has an abolition date (廃止日)."""
        return not self.ablt_date


def clean_int_text(value: str, *, width: int = 0) -> str:
    """An integer written by a spreadsheet or pandas (``'1.0'``, ``' 12 '``) back to digits, zero-padded."""
    value = value.strip()
    if not value:
        return ""
    if value.endswith(".0"):
        value = value[:-2]
    if not value.isdigit():
        return value  # left for the caller to reject
    return value.zfill(width) if width else value


def _decode(data: bytes, source: str) -> str:
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("the file is neither UTF-8 nor Shift_JIS (CP932)", file=source,
                     hint="save it as UTF-8 CSV and try again")


def parse_abr_csv(text: str, *, source: str = "<text>") -> list[AbrTown]:
    """Rows of an ABR 町字マスター CSV (either layout); raises InputError naming the line and column."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("the file is empty", file=source, hint="give the ABR 町字マスター CSV") from None
    names = [JAPANESE_HEADERS.get(h.strip(), h.strip()) for h in header]
    missing = [c for c in _REQUIRED if c not in names]
    if missing:
        raise InputError(
            f"not an ABR 町字マスター file: missing column(s) {', '.join(missing)}", file=source, line=1,
            hint="download mt_town_cityXXXXXX.csv (or mt_town_all.csv) from the Digital Agency's catalogue",
        )
    index = {name: i for i, name in enumerate(names) if name in COLUMNS and name not in ("",)}
    rows: list[AbrTown] = []
    for lineno, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) < len(header):
            raise InputError(f"{len(record)} fields, expected {len(header)}", file=source, line=lineno,
                             hint="the file looks truncated or was edited; download it again")
        values: dict[str, str] = {}
        for column in COLUMNS:
            i = index.get(column)
            cell = record[i].strip() if i is not None else ""
            if column in _NUMERIC:
                cell = clean_int_text(cell, width=_WIDTHS.get(column, 0))
                if cell and not cell.isdigit():
                    raise InputError("not a number", file=source, line=lineno, column=column,
                                     hint="this column holds digits only")
            values[column] = cell
        if len(values["lg_code"]) != 6:
            raise InputError("a local government code has 6 digits", file=source, line=lineno,
                             column="lg_code", hint="check the file is an ABR 町字マスター")
        rows.append(AbrTown(**values))
    return rows


def read_abr_csv(path: str | os.PathLike[str]) -> list[AbrTown]:
    """Read an ABR 町字マスター CSV file (UTF-8 or CP932, either layout)."""
    source = os.fspath(path)
    try:
        data = Path(source).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", file=source,
                         hint="check the path and the permissions") from None
    return parse_abr_csv(_decode(data, source), source=source)


def render_abr_csv(rows: Iterable[AbrTown]) -> str:
    """Rows in the canonical layout (English headers, ids zero-padded), as CSV text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([getattr(row, c) for c in COLUMNS])
    return out.getvalue()


def write_abr_csv(rows: Sequence[AbrTown], path: str | os.PathLike[str]) -> None:
    """Write rows atomically (temporary file in the same directory, then rename)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, render_abr_csv(rows).encode("utf-8"), PUBLIC)
