"""The postal index's area rows by municipality (市区町村別の町域行): ``cities.bin``, ready-made with the index.

:func:`addrjp.postal.lookup.codes_for` reads the area rows of one municipality at a time (town key, code,
note, building, floor, in the index's row order). Read from ``areas.parquet``, that meant reading every row of
Japan (124,526) and partitioning them by municipality (~0.13 s of CPU, with polars) to answer for one ward —
in every ``addrjp clean`` run, before its workers were forked. ``cities.bin`` holds the same rows packed by
municipality, written by :func:`addrjp.postal.build.write_index` beside the other files (``addrjp postal
import`` and ``scripts/build_postal_index.py`` alike): a JSON header (municipality key → byte range) and one
UTF-8 block per municipality, decoded only when that municipality is asked for, and one block of the towns
whose lots are numbered per 小字 (``koaza_banchi``: :func:`addrjp.address.lots.koaza_numbered` reads it, so that a
forked worker of ``clean`` never needs polars for it).

The keys are those ``codes_for`` compares: ヶ → ケ and ヵ → カ in the prefecture, the municipality and the town,
spaces dropped from the town (the index's text is normalized already). A file that does not belong to the
index beside it (another build's: its ``built_at`` and row count are those of ``meta.json``) is not used; the
rows are then read from ``areas.parquet`` as before.

>>> blob = pack_cities({"pref": ["東京都"], "city": ["新宿区"], "town": ["西新宿"], "code": ["1600023"],
...                     "note": [None], "building": [None], "floor": [None], "koaza_banchi": [False]},
...                    {"built_at": "t"})
>>> rows = CityRows(blob)
>>> rows.matches({"built_at": "t", "counts": {"area_rows": 1}}), rows.rows("東京都", "新宿区")
(True, [('西新宿', '1600023', None, None, None)])
>>> rows.koaza_towns()
[]
>>> rows.rows("東京都", "渋谷区") is None
True
"""

from __future__ import annotations

import json
import struct
from collections.abc import Mapping, Sequence
from typing import Any

from addrjp.errors import DataError

MAGIC = b"ADDRJPC1"
FORMAT = 2
FILE_NAME = "cities.bin"

#: (town key, code, note, building, floor) of one area row
CityRow = tuple[str, str, str | None, str | None, int | None]
#: the columns of the index's areas that the file is made from
COLUMNS: tuple[str, ...] = ("pref", "city", "town", "code", "note", "building", "floor", "koaza_banchi")


def ke(text: str) -> str:
    """Prefecture, municipality or town as ``codes_for`` compares them: ヶ/ケ and ヵ/カ made one.

    >>> ke("鶴ヶ島市"), ke("ヵ所")
    ('鶴ケ島市', 'カ所')
    """
    return text.replace("ヶ", "ケ").replace("ヵ", "カ")


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    if "\t" in text or "\n" in text:
        raise DataError("a postal index cell holds a tab or a line break; the index cannot be packed by city")
    return text


def pack_cities(areas: Mapping[str, Sequence[Any]], meta: Mapping[str, Any]) -> bytes:
    """``cities.bin`` of the index's area columns (:data:`COLUMNS`, in the index's row order) and its meta."""
    pref, city, town = areas["pref"], areas["city"], areas["town"]
    code, note, building, floor = areas["code"], areas["note"], areas["building"], areas["floor"]
    blocks: dict[tuple[str, str], list[str]] = {}
    for i in range(len(code)):
        key = (ke(pref[i]), ke(city[i]))
        fields = (ke(town[i]).replace(" ", ""), code[i], note[i], building[i],
                  None if floor[i] is None else int(floor[i]))
        blocks.setdefault(key, []).append("\t".join(_cell(f) for f in fields))
    koaza = areas["koaza_banchi"]
    # the towns as stored (not as ke makes them): what lots.koaza_numbered compares, by its own keys
    koaza_rows = ["\t".join(_cell(f) for f in (pref[i], city[i], town[i])) for i in range(len(code)) if koaza[i]]
    payload = bytearray("\n".join(koaza_rows).encode("utf-8"))
    koaza_span = [0, len(payload)]
    cities: list[list[Any]] = []
    for (p, c), rows in blocks.items():
        start = len(payload)
        payload += "\n".join(rows).encode("utf-8")
        cities.append([p, c, start, len(payload)])
    header = json.dumps({"format": FORMAT, "built_at": meta.get("built_at"), "area_rows": len(code),
                         "koaza": koaza_span, "cities": cities}, ensure_ascii=False).encode("utf-8")
    return MAGIC + struct.pack("<I", len(header)) + header + bytes(payload)


class CityRows:
    """A loaded ``cities.bin``: :meth:`rows` of one municipality, decoded when asked for."""

    def __init__(self, blob: bytes) -> None:
        if blob[:8] != MAGIC:
            raise ValueError("not a cities.bin")
        (n,) = struct.unpack_from("<I", blob, 8)
        header = json.loads(blob[12:12 + n].decode("utf-8"))
        if header.get("format") != FORMAT:
            raise ValueError("another format of cities.bin")
        self.built_at: Any = header.get("built_at")
        self.area_rows = int(header["area_rows"])
        self._koaza: tuple[int, int] = tuple(header["koaza"])
        self._ranges: dict[tuple[str, str], tuple[int, int]] = {(p, c): (s, e) for p, c, s, e in header["cities"]}
        self._payload = memoryview(blob)[12 + n:]

    def matches(self, meta: Mapping[str, Any]) -> bool:
        """True when the file was made with the index whose ``meta.json`` is *meta*."""
        counts = meta.get("counts") or {}
        return self.built_at == meta.get("built_at") and self.area_rows == counts.get("area_rows")

    def rows(self, pref: str, city: str) -> list[CityRow] | None:
        """The area rows of a municipality (keys as :func:`ke` makes them), None when the index has none."""
        span = self._ranges.get((pref, city))
        if span is None:
            return None
        text = bytes(self._payload[span[0]:span[1]]).decode("utf-8")
        out: list[CityRow] = []
        for line in text.split("\n"):
            town, code, note, building, floor = line.split("\t")
            out.append((town, code, note or None, building or None, int(floor) if floor else None))
        return out

    def koaza_towns(self) -> list[tuple[str, str, str]]:
        """(prefecture, municipality, town) as stored of every area row whose lots are numbered per 小字
        (``koaza_banchi``), in the index's row order."""
        start, end = self._koaza
        text = bytes(self._payload[start:end]).decode("utf-8")
        out: list[tuple[str, str, str]] = []
        for line in text.split("\n") if text else ():
            pref, city, town = line.split("\t")
            out.append((pref, city, town))
        return out


__all__ = ["COLUMNS", "FILE_NAME", "CityRows", "ke", "pack_cities"]
