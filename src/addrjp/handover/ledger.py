"""The handover ledger (管理簿, register of handovers): append-only, each entry chained to the one before.

Every handover of personal data between the ward (区) and the vendor (委託先) is one entry: date and time
(日時), handler (取扱者), direction (ward-to-vendor 提供 / vendor-to-ward 返却), content (内容), record count
(件数) and the SHA-256 of the package. No resident's name or address is ever written here.

The file is JSON Lines. Each entry carries ``prev`` (the hash of the entry before it; 64 zeros for the
first) and ``hash`` (SHA-256 of the entry's canonical JSON without ``hash``), so ``verify`` detects an
edited entry, a removed entry and a changed order. A chain cannot by itself detect that its *last* entries
were cut off: note the head hash that ``add`` prints on paper or in the other party's ledger and pass it
to ``verify(expect_head=...)``.

>>> import tempfile, pathlib
>>> book = Ledger(pathlib.Path(tempfile.mkdtemp()) / "ledger.jsonl")
>>> e = book.add(handler="山田", direction="ward-to-vendor", content="宛名データ", records=3,
...              package="p.age", package_sha256="ab" * 32, package_bytes=10)
>>> e.seq, e.prev == GENESIS, book.verify().head == e.hash
(1, True, True)
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from addrjp.errors import InputError, IntegrityError
from addrjp.handover._files import sha256_file, write_atomic

DIRECTIONS: dict[str, str] = {"ward-to-vendor": "区→委託先 (提供)", "vendor-to-ward": "委託先→区 (返却)"}
GENESIS = "0" * 64
LEDGER_FORMAT = "addrjp-ledger/1"


@dataclass(frozen=True)
class Entry:
    """One line of the ledger."""

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

    def body(self) -> dict[str, Any]:
        """The fields the hash covers (everything except ``hash``)."""
        doc = asdict(self)
        del doc["hash"]
        return doc


@dataclass(frozen=True)
class Verified:
    """The result of a successful ``verify``: the number of entries and the head hash."""

    entries: int
    head: str


def entry_hash(body: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of an entry's body (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _clean_text(value: str, what: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise InputError(f"the {what} must not be empty")
    if len(value) > 200:
        raise InputError(f"the {what} is longer than 200 characters")
    return value


class Ledger:
    """An append-only, hash-chained ledger file (管理簿)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    def read(self) -> list[Entry]:
        """All entries in file order, parsed but not verified; InputError for an unreadable line."""
        if not self.path.exists():
            return []
        entries: list[Entry] = []
        for number, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
                entries.append(Entry(**doc))
            except (json.JSONDecodeError, TypeError) as exc:
                raise IntegrityError(f"{self.path}, line {number}: not a ledger entry ({type(exc).__name__}); "
                                     "the ledger was edited or damaged") from None
        return entries

    def verify(self, *, expect_head: str | None = None, expect_count: int | None = None) -> Verified:
        """Check the chain; raise IntegrityError naming the first line that was edited, removed or moved."""
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
        if expect_head is not None and expect_head.lower() != prev:
            raise IntegrityError(f"{self.path}: the last entry's hash is {prev[:16]}…, expected "
                                 f"{expect_head[:16]}…; entries were removed from the end or added")
        return Verified(entries=len(entries), head=prev)

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
    ) -> Entry:
        """Verify the ledger, then append one entry (the file is rewritten atomically) and return it."""
        if direction not in DIRECTIONS:
            raise InputError(f"unknown direction {direction!r}", hint="use " + " or ".join(DIRECTIONS))
        if records < 0:
            raise InputError("the record count must not be negative")
        handler = _clean_text(handler, "handler")
        content = _clean_text(content, "content description")
        head = self.verify() if self.path.exists() else Verified(0, GENESIS)
        entries = self.read()
        same = next((e.seq for e in entries if e.package_sha256 == package_sha256), None)
        when = time if time is not None and time.tzinfo is not None else (time or datetime.now()).astimezone()
        stamp = when.isoformat(timespec="seconds")
        body: dict[str, Any] = {
            "seq": head.entries + 1, "time": stamp, "handler": handler, "direction": direction,
            "content": content, "records": records, "package": Path(package).name,
            "package_sha256": package_sha256, "package_bytes": package_bytes, "same_package_as": same,
            "prev": head.head, "format": LEDGER_FORMAT,
        }
        entry = Entry(**body, hash=entry_hash(body))
        old = self.path.read_bytes() if self.path.exists() else b""
        if old and not old.endswith(b"\n"):
            old += b"\n"
        line = json.dumps(asdict(entry), ensure_ascii=False, separators=(",", ":")) + "\n"
        mode = self.path.stat().st_mode & 0o777 if self.path.exists() else 0o640
        write_atomic(self.path, old + line.encode("utf-8"), mode=mode)
        return entry

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

        Content and record count come from the arguments, else from the package's receipt
        (``PACKAGE.receipt.json`` written by ``seal``, checked to belong to this package), else from an
        earlier entry for the same package (a return of what was sent). Otherwise InputError.
        """
        package = Path(package)
        if not package.is_file():
            raise InputError("the package file does not exist", file=str(package))
        digest = sha256_file(package)
        if content is None or records is None:
            known = _from_receipt(package, digest) or _from_entries(self.read(), digest)
            if known is None:
                raise InputError("no record count or content is known for this package", file=str(package),
                                 hint="keep PACKAGE.receipt.json from addrjp seal beside it, "
                                 "or give --records N and --content TEXT")
            content = content if content is not None else known[0]
            records = records if records is not None else known[1]
        return self.add(handler=handler, direction=direction, content=content, records=records,
                        package=package.name, package_sha256=digest, package_bytes=package.stat().st_size,
                        time=time)


def _from_receipt(package: Path, digest: str) -> tuple[str, int] | None:
    receipt = package.parent / (package.name + ".receipt.json")
    if not receipt.is_file():
        return None
    try:
        doc = json.loads(receipt.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InputError("the package's receipt is not readable JSON", file=str(receipt)) from None
    if doc.get("package_sha256") != digest:
        raise IntegrityError(f"{receipt}: the receipt belongs to another package (SHA-256 differs); "
                             "the package was changed or replaced after sealing")
    content, records = doc.get("content"), doc.get("records")
    if isinstance(content, str) and isinstance(records, int):
        return content, records
    return None


def _from_entries(entries: list[Entry], digest: str) -> tuple[str, int] | None:
    for entry in entries:
        if entry.package_sha256 == digest:
            return entry.content, entry.records
    return None
