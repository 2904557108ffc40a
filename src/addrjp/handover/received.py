"""The received folder's record (受領記録): the ``handover.json`` that ``open`` writes into the folder.

``open`` replaces the package's own ``handover.json`` (what the ward sealed) by a record of the receipt:
the package's name, SHA-256 and size, how its origin was checked, the time (JST), and every file it wrote
with its SHA-256 and size; the sealed ``handover.json`` is kept inside it under ``sealed``. This record is
what lets ``erase`` prove that a folder is a package received through ``open``, unchanged, and nothing else:
a web project or an export that merely holds a ``manifest.json`` has no such record.

Folders opened by addrjp before this record existed hold the sealed ``handover.json`` itself (format
``addrjp-handover/1``); they are still recognised, by its file list, but carry no package hash.

>>> doc = json.loads(received_record(package="p.age", package_sha256="ab" * 32, package_bytes=10,
...     package_format="age", files={"mailing.csv": ("cd" * 32, 5)}, sealed={"records": 1},
...     checks=("SHA-256 as recorded by the ward",), opened="2026-12-01T09:00:00+09:00"))
>>> read_received_doc(doc, "handover.json").files
{'mailing.csv': ('cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd', 5)}
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from addrjp.errors import InputError, IntegrityError
from addrjp.handover._files import read_bounded
from addrjp.handover.package import HANDOVER, HANDOVER_FORMAT
from addrjp.handover.unpack import check_member_name

RECEIVED_FORMAT = "addrjp-received/1"
MAX_RECORD_BYTES = 1 << 20
_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Received:
    """A received folder's record: the package it came from (None for folders of older versions), the files."""

    format: str
    package: str | None
    package_sha256: str | None
    files: dict[str, tuple[str, int]]
    records: int | None
    legacy: bool


def received_record(
    *,
    package: str,
    package_sha256: str,
    package_bytes: int,
    package_format: str,
    files: Mapping[str, tuple[str, int]],
    sealed: Mapping[str, Any],
    checks: tuple[str, ...],
    opened: str,
) -> bytes:
    """The ``handover.json`` that ``open`` writes into the received folder (UTF-8 JSON)."""
    records = sealed.get("records")
    doc = {
        "format": RECEIVED_FORMAT,
        "written_by": "addrjp open",
        "opened": opened,
        "package": package,
        "package_sha256": package_sha256,
        "package_bytes": package_bytes,
        "package_format": package_format,
        "origin_checks": list(checks),
        "records": records if isinstance(records, int) and not isinstance(records, bool) else None,
        "files": {name: {"sha256": digest, "bytes": size} for name, (digest, size) in sorted(files.items())},
        "sealed": dict(sealed),
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _not_ours(where: str, why: str) -> InputError:
    return InputError(f"{HANDOVER} {why}: this folder was not written by addrjp open; refusing to erase it "
                      "(nothing was touched)", file=where,
                      hint="addrjp erase erases only a package received through addrjp open, unchanged")


def read_received_doc(doc: Any, where: str) -> Received:
    """The record from a parsed ``handover.json``; InputError (naming the field) when it is not one of ours."""
    if not isinstance(doc, dict):
        raise _not_ours(where, "is not a JSON object")
    fmt = doc.get("format")
    if fmt not in (RECEIVED_FORMAT, HANDOVER_FORMAT):
        raise _not_ours(where, f"has format {fmt!r}" if isinstance(fmt, str) else "has no addrjp format")
    files = doc.get("files")
    if not isinstance(files, dict) or not files:
        raise _not_ours(where, "lists no files (field files)")
    listed: dict[str, tuple[str, int]] = {}
    for name, entry in files.items():
        try:
            check_member_name(name)
        except IntegrityError:
            raise _not_ours(where, "lists a path that is not a plain file name (field files)") from None
        if name == HANDOVER or not isinstance(entry, dict):
            raise _not_ours(where, f"has a wrong record for a file (field files.{name})")
        digest, size = entry.get("sha256"), entry.get("bytes")
        if not isinstance(digest, str) or not _HEX64.fullmatch(digest):
            raise _not_ours(where, f"has no SHA-256 for a file (field files.{name}.sha256)")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise _not_ours(where, f"has no size for a file (field files.{name}.bytes)")
        listed[name] = (digest, size)
    records = doc.get("records")
    records = records if isinstance(records, int) and not isinstance(records, bool) else None
    if fmt == HANDOVER_FORMAT:
        return Received(format=fmt, package=None, package_sha256=None, files=listed, records=records, legacy=True)
    package, digest = doc.get("package"), doc.get("package_sha256")
    if not isinstance(package, str) or not isinstance(digest, str) or not _HEX64.fullmatch(digest):
        raise _not_ours(where, "does not record the package and its SHA-256 (fields package, package_sha256)")
    return Received(format=fmt, package=package, package_sha256=digest, files=listed, records=records,
                    legacy=False)


def read_received(folder: Path, label: str | None = None) -> Received:
    """The record of a received folder; InputError when the folder has none that addrjp open wrote.
    ``label`` is the folder as the user named it (for messages)."""
    path = folder / HANDOVER
    shown = Path(label) if label is not None else folder
    where = str(shown / HANDOVER)
    if path.is_symlink() or not path.is_file():
        raise InputError(f"this folder has no {HANDOVER} written by addrjp open: it is not a package received "
                         "through addrjp open; refusing to erase it (nothing was touched)", file=str(shown),
                         hint="addrjp erase erases only the folder made by addrjp open; a folder made by "
                         "addrjp clean, a web project or an export is never erased")
    data = read_bounded(path, HANDOVER, MAX_RECORD_BYTES, shown=where, too_large=_not_ours(where, "is too large"))
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _not_ours(where, "is not readable JSON") from None
    return read_received_doc(doc, where)


__all__ = ["RECEIVED_FORMAT", "Received", "read_received", "read_received_doc", "received_record"]
