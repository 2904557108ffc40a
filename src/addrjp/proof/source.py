"""The cards of a mailing folder (宛名ファイル一式), verified before anything is drawn.

A proof is tied to one mailing file: the manifest must be an addrjp manifest, and ``mailing.csv`` (and
``findings.csv`` when the statuses are asked for) must have exactly the SHA-256, size and row count the
manifest records, in the column profile and encoding it records. A folder changed after ``addrjp clean``
is refused, with the file named and never a cell's content.

``mailing.csv`` holds only the printed rows (ok, fixed, review): held and excluded rows are not there, so
they can never be drawn. The statuses themselves are in ``findings.csv`` (ward only): ``--status`` needs it.

>>> select([Card("A", "", "", "", "", "", (), "")] * 0, ids=None, sample=None, statuses=None, status_of={})
[]
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from addrjp.errors import InputError, IntegrityError
from addrjp.mailing import schema
from addrjp.mailing.manifest import manifest_profile, read_manifest, sha256_hex
from addrjp.mailing.writer import restore_cell


@dataclass(frozen=True, slots=True)
class Card:
    """One printed row of mailing.csv: what its card shows."""

    id: str
    postal_code: str
    address1: str
    address2: str
    name: str
    honorific: str
    joint: tuple[str, ...]  # given names of a joint card (連名)
    barcode: str
    line: int = 0  # line in mailing.csv


@dataclass
class Folder:
    """A verified mailing folder: its cards in file order, the manifest and what identifies it."""

    path: Path
    manifest: dict[str, Any]
    manifest_sha256: str
    cards: list[Card]
    statuses: dict[str, str] = field(default_factory=dict)  # id -> status, when findings.csv was read

    @property
    def mailing_sha256(self) -> str:
        return str(self.manifest["files"][schema.MAILING_FILE]["sha256"])


def _verified(folder: Path, manifest: dict[str, Any], name: str) -> bytes:
    entry = manifest.get("files", {}).get(name)
    if not isinstance(entry, dict):
        raise IntegrityError(f"{folder / schema.MANIFEST_FILE}: does not list {name}; not a mailing folder")
    path = folder / name
    if not path.is_file():
        raise InputError("missing", file=str(path), hint="give the folder addrjp clean wrote (or the vendor's copy)")
    data = path.read_bytes()
    if len(data) != entry.get("bytes") or sha256_hex(data) != entry.get("sha256"):
        raise IntegrityError(f"{path}: changed since the run (SHA-256 or size differs from the manifest); "
                             "refusing to draw a proof of it — run addrjp check, and clean again")
    return data


def _rows(data: bytes, encoding: str, file: str) -> list[list[str]]:
    codec = schema.OUT_ENCODINGS.get(encoding, encoding)
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        raise IntegrityError(f"{file}: not in the encoding the manifest records ({encoding})") from None
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def read_folder(path: str | Path, *, need_statuses: bool = False) -> Folder:
    """Read and verify a mailing folder; :class:`IntegrityError` when it is not what its manifest says."""
    folder = Path(path)
    if not folder.is_dir():
        raise InputError("no such folder", file=str(path), hint="give the output folder of addrjp clean")
    manifest = read_manifest(folder)
    manifest_bytes = (folder / schema.MANIFEST_FILE).read_bytes()
    profile = manifest_profile(manifest)
    if profile not in schema.MAILING_PROFILES:
        raise IntegrityError(f"{folder / schema.MANIFEST_FILE}: unknown column profile {profile}")
    data = _verified(folder, manifest, schema.MAILING_FILE)
    rows = _rows(data, str(manifest.get("out_encoding", "utf-8")), str(folder / schema.MAILING_FILE))
    columns = schema.profile_columns(profile)
    if not rows or tuple(rows[0]) != columns:
        raise IntegrityError(f"{folder / schema.MAILING_FILE} line 1: columns are not {', '.join(columns)}")
    body = rows[1:]
    if len(body) != manifest.get("counts", {}).get("mailing"):
        raise IntegrityError(f"{folder / schema.MAILING_FILE}: {len(body)} rows, the manifest says "
                             f"{manifest.get('counts', {}).get('mailing')}")
    fields = schema.profile_fields(profile)
    cards = []
    for n, row in enumerate(body, start=2):
        if len(row) != len(fields):
            raise IntegrityError(f"{folder / schema.MAILING_FILE} line {n}: {len(row)} fields, expected {len(fields)}")
        cell = dict(zip(fields, (restore_cell(v) for v in row), strict=True))
        honorific = cell.get("honorific", _default_honorific(manifest))
        joint = tuple(j for j in (cell.get(f"joint{i}", "") for i in range(1, schema.MAX_JOINT + 1)) if j)
        cards.append(Card(cell["id"], cell["postal_code"], cell["address1"], cell["address2"], cell["name"],
                          honorific, joint, cell["barcode"], n))
    statuses: dict[str, str] = {}
    if need_statuses:
        if not (folder / schema.FINDINGS_FILE).is_file():
            raise InputError(f"{schema.FINDINGS_FILE} is not in the folder (a vendor's copy): the statuses are "
                             "not known", file=str(folder), hint="draw without --status, or use the ward's folder")
        findings = _rows(_verified(folder, manifest, schema.FINDINGS_FILE), "utf-8-sig",
                         str(folder / schema.FINDINGS_FILE))
        if not findings or tuple(findings[0]) != schema.FINDINGS_COLUMNS:
            raise IntegrityError(f"{folder / schema.FINDINGS_FILE} line 1: not the findings columns")
        statuses = {restore_cell(r[0]): r[1] for r in findings[1:] if len(r) > 1}
        printed = [i for i, s in statuses.items() if s in schema.PRINTED_STATUSES]
        if printed != [c.id for c in cards]:
            raise IntegrityError(f"{schema.FINDINGS_FILE}: the printed rows are not the rows of "
                                 f"{schema.MAILING_FILE}, in order")
    return Folder(folder, manifest, sha256_hex(manifest_bytes), cards, statuses)


def _default_honorific(manifest: dict[str, Any]) -> str:
    """The 敬称 of a profile without the column (``en``): the run's ``--honorific`` (mailing file v1: 様)."""
    value = manifest.get("options", {}).get("honorific")
    return str(value) if isinstance(value, str) else schema.DEFAULT_HONORIFIC


def select(cards: Sequence[Card], *, ids: Sequence[str] | None, sample: int | None,
           statuses: Sequence[str] | None, status_of: dict[str, str]) -> list[Card]:
    """The cards to draw, in file order: by id, by status, or an even sample (first and last included).

    Held and excluded rows are never in *cards* (mailing.csv has only printed rows): asking for them by
    status is refused, and an id that is not a printed row is an error naming how many were not found.
    """
    chosen = list(cards)
    if statuses:
        bad = [s for s in statuses if s not in schema.PRINTED_STATUSES]
        if bad:
            raise InputError(f"--status {','.join(bad)}: rows with status hold or excluded are never printed, "
                             "so they have no card", hint="use ok, fixed or review")
        chosen = [c for c in chosen if status_of.get(c.id) in statuses]
    if ids is not None:
        wanted = list(dict.fromkeys(ids))
        by_id = {c.id: c for c in chosen}
        missing = [i for i in wanted if i not in by_id]
        if missing:
            raise InputError(f"--ids: {len(missing)} id(s) are not printed rows of this mailing file "
                             "(held, excluded, or not in it)", hint="see findings.csv for their status")
        keep = set(wanted)
        chosen = [c for c in chosen if c.id in keep]
    if sample is not None and sample < len(chosen):
        if sample <= 0:
            return []
        if sample == 1:
            return chosen[:1]
        step = (len(chosen) - 1) / (sample - 1)
        chosen = [chosen[round(i * step)] for i in range(sample)]
    return chosen


__all__ = ["Card", "Folder", "read_folder", "select"]
