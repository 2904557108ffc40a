"""The ward's check of a returned erasure certificate (消去証明書の確認と受領) against its ledger.

When the vendor's certificate comes back, the ward checks it against what the ledger (管理簿) recorded at
the handover and records its receipt, closing the handover (``addrjp erase verify CERT --ledger LEDGER``):

* the certificate is one of ``addrjp erase`` (format, fields of the right types) and says ``complete``,
  with nothing left unerased;
* it names a package the ledger records as handed over (区→委託先): the package the received folder was
  opened from, or a package file it erased, by SHA-256;
* where the ledger recorded the package's files (from the seal's receipt), the received folder's files it
  erased have those SHA-256s, and the record count agrees;
* it was not recorded before.

A mismatch is :class:`~addrjp.errors.IntegrityError` (the check failed: ask the vendor); a file that is
not a certificate is :class:`~addrjp.errors.InputError`. The receipt is a ledger entry of kind
``certificate`` naming the handover entry it closes; neither holds a resident's name or address.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from addrjp.errors import InputError, IntegrityError
from addrjp.handover._files import read_bounded, sha256_bytes
from addrjp.handover.dates import stamp_and_wareki
from addrjp.handover.erase import CERT_FORMAT
from addrjp.handover.ledger import KIND_CERTIFICATE, Entry, Ledger

MAX_CERTIFICATE_BYTES = 16 << 20
_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class CertificateCheck:
    """A certificate that matched the ledger: which handover it closes, and what it says."""

    path: Path
    sha256: str
    handover: Entry
    finished: str
    finished_wareki: str
    responsible: str
    erased_files: int
    covers_folder: bool
    notes: tuple[str, ...]


def _bad(path: Path, why: str) -> InputError:
    return InputError(f"this is not an erasure certificate of addrjp erase ({why})", file=str(path),
                      hint="give the certificate JSON the vendor returned (the .json beside the printed .html)")


def _hex(value: Any) -> str | None:
    return value.lower() if isinstance(value, str) and _HEX64.fullmatch(value.lower()) else None


def read_certificate(path: Path | str) -> tuple[dict[str, Any], bytes]:
    """The certificate's JSON document (fields checked) and its bytes; InputError when it is not one."""
    path = Path(path)
    data = read_bounded(path, "certificate", MAX_CERTIFICATE_BYTES, too_large=_bad(path, "too large"))
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _bad(path, "not JSON") from None
    if not isinstance(doc, dict) or doc.get("format") != CERT_FORMAT:
        raise _bad(path, "no format " + CERT_FORMAT)
    for name, kind in (("result", str), ("finished", str), ("erased", list), ("not_erased", list)):
        if not isinstance(doc.get(name), kind):
            raise _bad(path, f"field {name} is missing or of the wrong type")
    for number, entry in enumerate(doc["erased"], start=1):
        if (not isinstance(entry, dict) or not isinstance(entry.get("path"), str) or _hex(entry.get("sha256")) is None
                or not isinstance(entry.get("bytes"), int)):
            raise _bad(path, f"field erased, item {number}, is not a file record")
    if doc.get("received") is not None and not isinstance(doc.get("received"), dict):
        raise _bad(path, "field received is of the wrong type")
    if doc.get("packages") is not None and not isinstance(doc.get("packages"), list):
        raise _bad(path, "field packages is of the wrong type")
    return doc, data


def _packages(doc: dict[str, Any]) -> dict[str, str]:
    """``{sha256: how the certificate names it}`` for every package the certificate speaks of."""
    found: dict[str, str] = {}
    received = doc.get("received") or {}
    digest = _hex(received.get("package_sha256"))
    if digest:
        found[digest] = "the received folder"
    for item in doc.get("packages") or []:
        if isinstance(item, dict) and _hex(item.get("sha256")):
            found.setdefault(_hex(item.get("sha256")) or "", f"the package file {item.get('name')}")
    for item in doc["erased"]:  # certificates of earlier versions list the package file among the erased
        found.setdefault(item["sha256"].lower(), f"the erased file {item['path']}")
    return found


def check_certificate(path: Path | str, ledger: Ledger) -> CertificateCheck:
    """Check the certificate at ``path`` against ``ledger`` (see the module's docstring)."""
    path = Path(path)
    doc, data = read_certificate(path)
    digest = sha256_bytes(data)
    entries = ledger.verified_entries()[1]
    again = next((e for e in entries if e.kind == KIND_CERTIFICATE and e.certificate_sha256 == digest), None)
    if again is not None:
        raise InputError(f"this certificate was already recorded as entry {again.seq}; nothing was added",
                         file=str(path))
    if doc["result"] != "complete" or doc["not_erased"] or doc.get("error"):
        why = doc.get("error") or "files left unerased"
        raise IntegrityError(f"{path}: the certificate says the erasure is incomplete ({why}); ask the vendor to "
                             "finish the erasure and send a complete one")
    named = _packages(doc)
    matches = [e for e in entries if e.kind != KIND_CERTIFICATE and e.direction == "ward-to-vendor"
               and e.package_sha256 in named]
    if not matches:
        raise IntegrityError(f"{path}: the certificate names no package that the ledger {ledger.path.name} records "
                             "as handed over to the vendor (by SHA-256); it is for another package, or this is "
                             "the wrong ledger")
    handover = matches[-1]
    received = doc.get("received") or {}
    covers_folder = _hex(received.get("package_sha256")) == handover.package_sha256
    notes: list[str] = []
    if covers_folder and handover.files:
        erased = {e["path"]: e["sha256"].lower() for e in doc["erased"]}
        for name, entry in sorted(handover.files.items()):
            want = entry.get("sha256") if isinstance(entry, dict) else None
            if erased.get(name) != want:
                raise IntegrityError(f"{path}: {name} on the certificate is not the file the ward handed over "
                                     "(its SHA-256 differs from the ledger's, or it is not listed as erased)")
    if not covers_folder:
        notes.append("the certificate covers the package file only, not a folder opened from it")
    records = doc.get("records")
    if covers_folder and isinstance(records, int) and not isinstance(records, bool) and records != handover.records:
        raise IntegrityError(f"{path}: the certificate counts {records} records, the ledger's entry {handover.seq} "
                             f"counts {handover.records}")
    try:
        finished, finished_wareki = stamp_and_wareki(doc["finished"])
        datetime.fromisoformat(finished)
    except InputError:
        raise _bad(path, "field finished is not a time") from None
    fields = doc.get("japanese_contract_fields")
    responsible = fields.get("責任者", "") if isinstance(fields, dict) else ""
    return CertificateCheck(path=path, sha256=digest, handover=handover, finished=finished,
                            finished_wareki=finished_wareki,
                            responsible=responsible if isinstance(responsible, str) else "",
                            erased_files=len(doc["erased"]), covers_folder=covers_folder, notes=tuple(notes))


def record_certificate(path: Path | str, ledger: Ledger, *, handler: str,
                       time: datetime | None = None) -> tuple[CertificateCheck, Entry]:
    """Check the certificate (:func:`check_certificate`), then record its receipt in the ledger."""
    checked = check_certificate(path, ledger)
    h = checked.handover
    name = checked.path.name if len(checked.path.name) <= 60 else checked.path.name[:59] + "…"
    content = (f"消去証明書の受領 (erasure certificate received): {name}; 消去完了 {checked.finished_wareki}, "
               f"{checked.erased_files} files; closes entry {h.seq}")
    entry = ledger.add(handler=handler, direction="vendor-to-ward", content=content, records=h.records,
                       package=h.package, package_sha256=h.package_sha256, package_bytes=h.package_bytes,
                       time=time, kind=KIND_CERTIFICATE, certificate=checked.path.name,
                       certificate_sha256=checked.sha256, refers_to=h.seq)
    return checked, entry


__all__ = ["CertificateCheck", "check_certificate", "read_certificate", "record_certificate"]
