"""The handover package's contents (受け渡しデータ, data handed over): which files, their hashes, their count.

A cleansing run (``addrjp clean``) writes four files; only two leave the ward by default (データの最小化,
data minimisation):

* ``mailing.csv`` — what the vendor prints (opaque id, postal code, address, name, barcode);
* ``manifest.json`` — counts and SHA-256 of each file, no personal data; the vendor's check needs it.

``findings.csv`` (original names and addresses, findings) and ``report.html`` (the ward's summary) stay at the
ward unless an explicit ``include`` names them. Into every package goes ``handover.json``: the list of files
with their SHA-256 and size, the names of files withheld, the record count — never a name or an address.

>>> describe(("mailing.csv", "manifest.json"))
'郵送用宛名データ (mailing file): mailing.csv, manifest.json'
"""

from __future__ import annotations

import json
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from addrjp.errors import InputError, IntegrityError
from addrjp.handover._files import count_csv_records, fault_from, sha256_bytes
from addrjp.handover.dates import iso_jst
from addrjp.mailing import schema
from addrjp.mailing.manifest import validate_manifest

MAILING = schema.MAILING_FILE
MANIFEST = schema.MANIFEST_FILE
HANDOVER = "handover.json"


def receipt_path(package: Path | str) -> Path:
    """Where ``seal`` writes the receipt of ``package`` (``PACKAGE.receipt.json``), and where ``ledger add``
    and ``erase`` look for it.

    >>> receipt_path("/srv/out/keirou.age").name
    'keirou.age.receipt.json'
    """
    package = Path(package)
    return package.parent / (package.name + ".receipt.json")
DEFAULT_FILES: tuple[str, ...] = (MAILING, MANIFEST)
WARD_ONLY_FILES: tuple[str, ...] = tuple(n for n in schema.OUTPUT_FILES if n in schema.WARD_ONLY_FILES)
HANDOVER_FORMAT = "addrjp-handover/1"
# keys under which a manifest's ``counts`` may hold the number of mailing.csv rows (read defensively)
_MAILING_COUNT_KEYS = ("mailing", "mailing_rows", "mailing_csv", "mailing.csv", "printed")


@dataclass(frozen=True)
class Contents:
    """The files of one handover package, read into memory and described (no personal data in the fields)."""

    files: dict[str, bytes]
    withheld: tuple[str, ...]
    records: int

    def entries(self) -> dict[str, dict[str, Any]]:
        """``{name: {"sha256": ..., "bytes": ...}}`` for each file."""
        return {name: {"sha256": sha256_bytes(data), "bytes": len(data)} for name, data in self.files.items()}

    def handover_json(self, encryption: str) -> bytes:
        """The ``handover.json`` that travels inside the package."""
        doc = {
            "format": HANDOVER_FORMAT,
            "created": iso_jst(),
            "content": describe(tuple(self.files)),
            "records": self.records,
            "encryption": encryption,
            "files": self.entries(),
            "withheld": list(self.withheld),
        }
        return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def describe(names: Iterable[str]) -> str:
    """The ledger's content description (内容) of a package holding ``names``."""
    return "郵送用宛名データ (mailing file): " + ", ".join(names)


def _check_name(name: str) -> None:
    if not name or name in (".", "..") or "/" in name or "\\" in name or name == HANDOVER:
        raise InputError(f"{name!r} is not a file name that can go into a package",
                         hint="give plain file names from the output folder of addrjp clean")


def read_contents(directory: Path | str, include: Iterable[str] = ()) -> Contents:
    """Read the files to seal from an ``addrjp clean`` output folder, checking them against its manifest.

    Raises InputError for a missing folder or file (or a symlink), IntegrityError when a file no longer
    matches the SHA-256 in ``manifest.json`` or the row count disagrees with the manifest's counts.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise InputError("the folder to seal does not exist", file=str(directory),
                         hint="give the output folder of addrjp clean")
    names = list(DEFAULT_FILES)
    for name in include:
        _check_name(name)
        if name not in names:
            names.append(name)
    files: dict[str, bytes] = {}
    for name in names:
        path = directory / name
        try:
            mode = path.lstat().st_mode
        except FileNotFoundError:
            raise InputError(f"{name} is missing from the folder", file=str(directory),
                             hint="seal the complete output folder of addrjp clean") from None
        if not stat.S_ISREG(mode):
            raise InputError(f"{name} is not a regular file (a link or a folder); refusing to seal it",
                             file=str(path))
        try:
            files[name] = path.read_bytes()
        except PermissionError:
            raise InputError(f"{name} cannot be read (permission denied)", file=str(path)) from None
        except OSError as exc:
            raise fault_from(exc, f"{name} cannot be read", path) from None
    manifest = parse_manifest(files[MANIFEST], str(directory / MANIFEST))
    verify_against_manifest(files, manifest, str(directory / MANIFEST))
    records = record_count(files[MAILING], manifest, str(directory / MANIFEST))
    withheld = tuple(n for n in WARD_ONLY_FILES if n not in files and (directory / n).exists())
    return Contents(files=files, withheld=withheld, records=records)


def parse_manifest(data: bytes, where: str) -> Mapping[str, Any]:
    """``manifest.json`` as a mapping, its fields checked (:func:`validate_manifest`); InputError otherwise."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise InputError("manifest.json is not valid JSON", file=where, line=line,
                         hint="run addrjp clean again to rewrite it") from None
    except RecursionError:
        raise InputError("manifest.json is nested too deeply to be a manifest", file=where) from None
    if not isinstance(doc, dict):
        raise InputError("manifest.json is not a JSON object", file=where)
    validate_manifest(doc, where)
    return doc


def manifest_hashes(manifest: Mapping[str, Any]) -> dict[str, str]:
    """``{file name: sha256}`` from the manifest's ``files`` (a mapping or a list; other shapes ignored)."""
    files = manifest.get("files")
    out: dict[str, str] = {}
    items: list[tuple[Any, Any]] = []
    if isinstance(files, dict):
        items = list(files.items())
    elif isinstance(files, list):
        items = [(f.get("name") or f.get("path"), f) for f in files if isinstance(f, dict)]
    for name, value in items:
        digest = value.get("sha256") if isinstance(value, dict) else value
        if isinstance(name, str) and isinstance(digest, str) and len(digest) == 64:
            out[Path(name).name] = digest.lower()
    return out


def verify_against_manifest(files: Mapping[str, bytes], manifest: Mapping[str, Any], where: str) -> None:
    """Raise IntegrityError if a file to be sealed no longer has the SHA-256 its manifest records."""
    for name, digest in manifest_hashes(manifest).items():
        if name in files and sha256_bytes(files[name]) != digest:
            raise IntegrityError(f"{name} does not match the SHA-256 in manifest.json ({where}): it was changed "
                                 "after addrjp clean wrote it; run addrjp clean again before sealing")


def manifest_record_count(manifest: Mapping[str, Any]) -> int | None:
    """The number of mailing.csv records the manifest states, if it states one."""
    counts = manifest.get("counts")
    if isinstance(counts, dict):
        for key in _MAILING_COUNT_KEYS:
            value = counts.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                return value
    files = manifest.get("files")
    if isinstance(files, dict) and isinstance(files.get(MAILING), dict):
        for key in ("rows", "records"):
            value = files[MAILING].get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                return value
    return None


def record_count(mailing: bytes, manifest: Mapping[str, Any], where: str) -> int:
    """Records in ``mailing.csv`` (rows minus header), checked against the manifest's count when present."""
    counted = count_csv_records(mailing)
    stated = manifest_record_count(manifest)
    if stated is not None and stated != counted:
        raise IntegrityError(f"mailing.csv has {counted} records but manifest.json ({where}) says {stated}; "
                             "run addrjp clean again before sealing")
    return counted
