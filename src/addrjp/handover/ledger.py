"""The handover ledger (管理簿, register of handovers): append-only, each entry chained to the one before.

Every handover of personal data between the ward (区) and the vendor (委託先) is one entry, as the ward's
checklist asks: date and time (日時, in JST, with the 和暦 date beside it), handler (取扱者), direction
(ward-to-vendor 提供 / vendor-to-ward 返却), content (内容), record count (件数) and the SHA-256 of the
package (and of its files, from the seal's receipt). The return of the vendor's erasure certificate
(消去証明書の受領) is an entry of kind ``certificate`` that names the handover it closes. No resident's
name or address is ever written here; the handler's name is the staff member's.

The file is JSON Lines. Each entry carries ``prev`` (the hash of the entry before it; 64 zeros for the
first) and ``hash`` (SHA-256 of the entry's canonical JSON without ``hash``), so ``verify`` detects an
edited entry, a removed entry and a changed order. The hash covers the fields as written, so entries of
the first format (``addrjp-ledger/1``: no kind, no 和暦, UTC or local times) still verify. A chain cannot by
itself detect that its *last* entries were cut off: note the head hash that ``add`` prints on paper or in
the other party's ledger and pass it to ``verify(expect_head=...)``.

>>> import tempfile, pathlib, datetime as dt
>>> book = Ledger(pathlib.Path(tempfile.mkdtemp()) / "ledger.jsonl")
>>> e = book.add(handler="山田", direction="ward-to-vendor", content="宛名データ", records=3,
...              package="p.age", package_sha256="ab" * 32, package_bytes=10,
...              time=dt.datetime(2026, 11, 30, 15, 0, tzinfo=dt.UTC))
>>> e.seq, e.prev == GENESIS, book.verify().head == e.hash, e.time, e.date_wareki
(1, True, True, '2026-12-01T00:00:00+09:00', '令和8年12月1日')
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from addrjp.errors import InputError, IntegrityError
from addrjp.handover._files import fault_from, read_bounded, sha256_file, write_atomic
from addrjp.handover.dates import iso_jst, stamp_and_wareki
from addrjp.handover.package import receipt_path

DIRECTIONS: dict[str, str] = {"ward-to-vendor": "区→委託先 (提供)", "vendor-to-ward": "委託先→区 (返却)"}
KIND_HANDOVER = "handover"
KIND_CERTIFICATE = "certificate"
KINDS: dict[str, str] = {KIND_HANDOVER: "受け渡し (handover)", KIND_CERTIFICATE: "消去証明書の受領 (certificate)"}
GENESIS = "0" * 64
LEDGER_FORMAT_V1 = "addrjp-ledger/1"
LEDGER_FORMAT = "addrjp-ledger/2"
MAX_LEDGER_BYTES = 256 << 20

# field -> allowed types (None: JSON null); the first format's fields, then those added by the second
_V1_FIELDS: dict[str, tuple[type | None, ...]] = {
    "seq": (int,), "time": (str,), "handler": (str,), "direction": (str,), "content": (str,),
    "records": (int,), "package": (str,), "package_sha256": (str,), "package_bytes": (int,),
    "same_package_as": (int, None), "prev": (str,), "hash": (str,), "format": (str,),
}
_V2_FIELDS: dict[str, tuple[type | None, ...]] = {
    "date_wareki": (str,), "kind": (str,), "files": (dict,), "certificate": (str,),
    "certificate_sha256": (str,), "refers_to": (int, None),
}


@dataclass(frozen=True)
class Entry:
    """One line of the ledger. ``raw`` is the line as written: what its hash covers."""

    seq: int
    time: str
    handler: str
    direction: str
    content: str
    records: int
    package: str
    package_sha256: str
    package_bytes: int
    same_package_as: int | None
    prev: str
    hash: str
    format: str = LEDGER_FORMAT
    date_wareki: str = ""
    kind: str = KIND_HANDOVER
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    certificate: str = ""
    certificate_sha256: str = ""
    refers_to: int | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def body(self) -> dict[str, Any]:
        """The fields the hash covers (everything written except ``hash``)."""
        return {k: v for k, v in self.raw.items() if k != "hash"}

    @property
    def jst_time(self) -> str:
        """The time in JST (entries of the first format may be in UTC or the machine's zone)."""
        try:
            return stamp_and_wareki(self.time)[0]
        except InputError:
            return self.time

    @property
    def wareki(self) -> str:
        """The 和暦 date: as recorded, or (first format) computed from the time."""
        if self.date_wareki:
            return self.date_wareki
        try:
            return stamp_and_wareki(self.time)[1]
        except InputError:
            return ""


@dataclass(frozen=True)
class Verified:
    """The result of a successful ``verify``: the number of entries and the head hash."""

    entries: int
    head: str


def entry_hash(body: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of an entry's body (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _clean_text(value: str, what: str) -> str:
    value = " ".join(str(value).split())
    if not value:
        raise InputError(f"the {what} must not be empty")
    if len(value) > 200:
        raise InputError(f"the {what} is longer than 200 characters")
    return value


def _type_name(value: Any) -> str:
    return {str: "text", int: "a number", bool: "true/false", list: "a list", dict: "an object",
            float: "a decimal number", type(None): "null"}.get(type(value), type(value).__name__)


def _entry(doc: Any, where: str) -> Entry:
    """An Entry from one parsed line; IntegrityError naming the field when a field is missing or mistyped."""
    if not isinstance(doc, dict):
        raise IntegrityError(f"{where}: not a ledger entry (not a JSON object); the ledger was edited or damaged")
    known = {**_V1_FIELDS, **_V2_FIELDS}
    for name in doc:
        if name not in known:
            raise IntegrityError(f"{where}: not a ledger entry (unknown field {name!r}); the ledger was edited")
    for name, types in known.items():
        if name not in doc:
            if name in _V1_FIELDS:
                raise IntegrityError(f"{where}: not a ledger entry (field {name} is missing); the ledger was "
                                     "edited or damaged")
            continue
        value = doc[name]
        ok = any(value is None if t is None else (isinstance(value, t) and not (t is int and isinstance(value, bool)))
                 for t in types)
        if not ok:
            raise IntegrityError(f"{where}: field {name} holds {_type_name(value)}, not what a ledger entry holds; "
                                 "the ledger was edited or damaged")
    return Entry(**doc, raw=dict(doc))


class Ledger:
    """An append-only, hash-chained ledger file (管理簿)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    def _bytes(self) -> bytes:
        return read_bounded(self.path, "ledger", MAX_LEDGER_BYTES, too_large="this file is too large to be a ledger")

    def read(self) -> list[Entry]:
        """All entries in file order, parsed but not verified; IntegrityError for a line that is not one."""
        if not self.path.exists():
            return []
        data = self._bytes()
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]  # saved by an editor that adds a byte-order mark: the entries are unchanged
        entries: list[Entry] = []
        for number, raw in enumerate(data.split(b"\n"), start=1):
            where = f"{self.path}, line {number}"
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise IntegrityError(f"{where}: not UTF-8 (byte {exc.start + 1} of the line); the ledger was "
                                     "saved in another encoding or damaged — restore it from the backup, or "
                                     "give the right --ledger file") from None
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as exc:
                raise IntegrityError(f"{where}: not a ledger entry ({type(exc).__name__}); "
                                     "the ledger was edited or damaged") from None
            entries.append(_entry(doc, where))
        return entries

    def verify(self, *, expect_head: str | None = None, expect_count: int | None = None) -> Verified:
        """Check the chain; raise IntegrityError naming the first line that was edited, removed or moved."""
        return self.verified_entries(expect_head=expect_head, expect_count=expect_count)[0]

    def verified_entries(self, *, expect_head: str | None = None,
                         expect_count: int | None = None) -> tuple[Verified, list[Entry]]:
        """:meth:`verify` and the entries it checked, from one reading of the file."""
        if not self.path.exists():
            raise InputError("the ledger file does not exist", file=str(self.path))
        entries = self.read()
        prev = GENESIS
        for number, entry in enumerate(entries, start=1):
            if entry_hash(entry.body()) != entry.hash:
                raise IntegrityError(f"{self.path}, entry {number}: its content does not match its hash; "
                                     "the entry was edited")
            if entry.prev != prev or entry.seq != number:
                raise IntegrityError(f"{self.path}, entry {number}: it does not follow the entry before it "
                                     f"(seq {entry.seq}); an entry was removed or the order was changed")
            prev = entry.hash
        if expect_count is not None and expect_count != len(entries):
            raise IntegrityError(f"{self.path}: {len(entries)} entries, expected {expect_count}; "
                                 "entries were removed from the end")
        if expect_head is not None and expect_head.strip().lower() != prev:
            raise IntegrityError(f"{self.path}: the last entry's hash is {prev[:16]}…, expected "
                                 f"{expect_head.strip()[:16]}…; entries were removed from the end or added")
        return Verified(entries=len(entries), head=prev), entries

    def find_handover(self, package_sha256: str) -> Entry | None:
        """The last ward-to-vendor handover of the package with this SHA-256 (the ledger is not verified here)."""
        found = [e for e in self.read() if e.kind == KIND_HANDOVER and e.direction == "ward-to-vendor"
                 and e.package_sha256 == package_sha256]
        return found[-1] if found else None

    def add(
        self,
        *,
        handler: str,
        direction: str,
        content: str,
        records: int,
        package: str,
        package_sha256: str,
        package_bytes: int,
        time: datetime | None = None,
        kind: str = KIND_HANDOVER,
        files: Mapping[str, Mapping[str, Any]] | None = None,
        certificate: str = "",
        certificate_sha256: str = "",
        refers_to: int | None = None,
    ) -> Entry:
        """Verify the ledger, then append one entry (the file is rewritten atomically) and return it."""
        if direction not in DIRECTIONS:
            raise InputError(f"unknown direction {direction!r}", hint="use " + " or ".join(DIRECTIONS))
        if kind not in KINDS:
            raise InputError(f"unknown kind {kind!r}", hint="use " + " or ".join(KINDS))
        if isinstance(records, bool) or not isinstance(records, int) or records < 0:
            raise InputError("the record count must be a whole number, not negative")
        handler = _clean_text(handler, "handler")
        content = _clean_text(content, "content description")
        head = self.verify() if self.path.exists() else Verified(0, GENESIS)
        entries = self.read()
        same = next((e.seq for e in entries if e.package_sha256 == package_sha256), None)
        stamp, era_date = stamp_and_wareki(iso_jst(time))
        body: dict[str, Any] = {
            "seq": head.entries + 1, "time": stamp, "date_wareki": era_date, "kind": kind, "handler": handler,
            "direction": direction, "content": content, "records": records, "package": Path(package).name,
            "package_sha256": package_sha256, "package_bytes": package_bytes, "same_package_as": same,
            "files": {name: dict(entry) for name, entry in (files or {}).items()},
            "certificate": certificate, "certificate_sha256": certificate_sha256, "refers_to": refers_to,
            "prev": head.head, "format": LEDGER_FORMAT,
        }
        digest = entry_hash(body)
        line = json.dumps({**body, "hash": digest}, ensure_ascii=False, separators=(",", ":")) + "\n"
        old = self._bytes() if self.path.exists() else b""
        if old and not old.endswith(b"\n"):
            old += b"\n"
        mode = self.path.stat().st_mode & 0o777 if self.path.exists() else 0o640
        try:
            write_atomic(self.path, old + line.encode("utf-8"), mode=mode)
        except OSError as exc:
            raise fault_from(exc, "the ledger could not be written; it is unchanged", self.path) from None
        return _entry({**body, "hash": digest}, str(self.path))

    def add_package(
        self,
        package: Path | str,
        *,
        handler: str,
        direction: str,
        content: str | None = None,
        records: int | None = None,
        time: datetime | None = None,
    ) -> Entry:
        """Append an entry for a package file: its SHA-256 and size are computed here.

        Content, record count and the files' hashes come from the arguments, else from the package's
        receipt (``PACKAGE.receipt.json`` written by ``seal``, checked to belong to this package), else
        from an earlier entry for the same package (a return of what was sent). Otherwise InputError.
        """
        package = Path(package)
        if not package.is_file():
            raise InputError("the package file does not exist", file=str(package))
        digest = sha256_file(package)
        known = read_receipt(package, digest) or _from_entries(self.read(), digest)
        if content is None or records is None:
            if known is None:
                raise InputError("no record count or content is known for this package", file=str(package),
                                 hint="keep PACKAGE.receipt.json from addrjp seal beside it, "
                                 "or give --records N and --content TEXT")
            content = content if content is not None else known.content
            records = records if records is not None else known.records
        return self.add(handler=handler, direction=direction, content=content, records=records,
                        package=package.name, package_sha256=digest, package_bytes=package.stat().st_size,
                        time=time, files=known.files if known is not None else None)


@dataclass(frozen=True)
class Known:
    """What is known of a package from its receipt or an earlier entry: content, records, file hashes."""

    content: str
    records: int
    files: dict[str, dict[str, Any]]


def _receipt_files(doc: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    files = doc.get("files")
    out: dict[str, dict[str, Any]] = {}
    if not isinstance(files, dict):
        return out
    for name, entry in files.items():
        if (isinstance(name, str) and isinstance(entry, dict) and isinstance(entry.get("sha256"), str)
                and isinstance(entry.get("bytes"), int) and not isinstance(entry.get("bytes"), bool)):
            out[name] = {"sha256": entry["sha256"], "bytes": entry["bytes"]}
    return out


def read_receipt(package: Path, digest: str) -> Known | None:
    """What the seal's receipt beside ``package`` says, checked to belong to it; None without a receipt."""
    receipt = receipt_path(package)
    if not receipt.is_file():
        return None
    try:
        doc = json.loads(receipt.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        raise InputError("the package's receipt is not readable JSON", file=str(receipt)) from None
    if not isinstance(doc, dict):
        raise InputError("this is not a receipt of addrjp seal (not a JSON object)", file=str(receipt))
    stated = doc.get("package_sha256")
    if not isinstance(stated, str):
        raise InputError("this is not a receipt of addrjp seal (no package_sha256)", file=str(receipt))
    if stated != digest:
        raise IntegrityError(f"{receipt}: the receipt belongs to another package (SHA-256 differs); "
                             "the package was changed or replaced after sealing")
    content, records = doc.get("content"), doc.get("records")
    if isinstance(content, str) and isinstance(records, int) and not isinstance(records, bool) and records >= 0:
        return Known(content=content, records=records, files=_receipt_files(doc))
    return None


def _from_entries(entries: list[Entry], digest: str) -> Known | None:
    for entry in entries:
        if entry.package_sha256 == digest and entry.kind == KIND_HANDOVER:
            return Known(content=entry.content, records=entry.records, files=dict(entry.files))
    return None


__all__ = ["DIRECTIONS", "GENESIS", "KINDS", "KIND_CERTIFICATE", "KIND_HANDOVER", "LEDGER_FORMAT", "Entry",
           "Known", "Ledger", "Verified", "entry_hash", "read_receipt"]
