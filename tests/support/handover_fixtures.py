"""Shared helpers of the handover tests (no tests here): an output folder shaped like ``addrjp clean``'s."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

# synthetic residents (not real people); the tests assert none of these strings leaks into metadata
NAMES = ("新宿花子", "西新宿太郎", "髙橋一郎")
ADDRESSES = ("東京都新宿区西新宿2-8-1", "東京都新宿区歌舞伎町1-4-1", "東京都新宿区北新宿1-1-1")
MAILING = (
    "id,postal_code,address1,address2,name,barcode\r\n"
    f"A001,163-8001,{ADDRESSES[0]},,{NAMES[0]},16380012-8-1\r\n"
    f"A002,160-0021,{ADDRESSES[1]},\"新宿ビル\r\n3階\",{NAMES[1]},16000211-4-1\r\n"
)
FINDINGS = (
    "id,status,findings,duplicate_of,postal_code_in,postal_code_out,address_in,address_out,name_in,name_out,"
    "suggestion\r\n"
    f"A001,ok,,,1638001,163-8001,{ADDRESSES[0]},{ADDRESSES[0]},{NAMES[0]},{NAMES[0]},\r\n"
    f"A002,fixed,postal.filled,,,160-0021,{ADDRESSES[1]},{ADDRESSES[1]},{NAMES[1]},{NAMES[1]},\r\n"
    f"A003,hold,address.unknown_town,,,,{ADDRESSES[2]},,{NAMES[2]},{NAMES[2]},\r\n"
)
REPORT = f"<html><body>3 rows; {NAMES[2]} held</body></html>\n"


def _entry(data: bytes, rows: int | None = None) -> dict[str, object]:
    entry: dict[str, object] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    if rows is not None:
        entry["rows"] = rows
    return entry


def make_output(folder: Path, *, encoding: str = "utf-8") -> Path:
    """Write mailing.csv, findings.csv, report.html and a manifest.json as addrjp clean does."""
    folder.mkdir(parents=True)
    files = {
        "mailing.csv": MAILING.encode(encoding),
        "findings.csv": FINDINGS.encode(encoding),
        "report.html": REPORT.encode("utf-8"),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    manifest = {
        "format": "addrjp-mailing/1",
        "counts": {"input": 3, "findings": 3, "mailing": 2,
                   "by_status": {"ok": 1, "fixed": 1, "review": 0, "hold": 1, "excluded": 0}},
        "files": {
            "mailing.csv": _entry(files["mailing.csv"], 2),
            "findings.csv": _entry(files["findings.csv"], 3),
            "report.html": _entry(files["report.html"]),
        },
        "out_encoding": encoding,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return folder


def assert_no_personal_data(text: str) -> None:
    """No synthetic name or address appears in ``text``."""
    for value in NAMES + ADDRESSES:
        assert value not in text


def leftovers(parent: Path) -> list[str]:
    """Hidden temporary entries left in ``parent`` (there must be none after a failure)."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))
