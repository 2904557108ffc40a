"""The vendor's pre-print check (印刷前検査, pre-print validation) of a mailing folder: ``addrjp check DIR``.

Recomputes everything the manifest claims and everything the mailing file (v2, and v1) promises: every
file's SHA-256 and size, every row count and the conservation of rows, the columns of the profile the
manifest records (``ja``: 宛名番号 … カスタマバーコード, or ``en``), unique ids, every postal code (``NNN-NNNN``
and present in the Japan Post data), every printed cell (address, name, 敬称, 連名) printable in the
character set recorded in the manifest, and every customer barcode's check digit and postal code. A file edited or truncated after
``addrjp clean`` fails. Problems name the file, the line and the column; never a cell's content.

The vendor may receive only ``mailing.csv`` and ``manifest.json``: the ward-only files (``findings.csv``,
``report.html``) are checked when present and noted when absent.

>>> report = check_output("/nonexistent-folder")
>>> report.ok, report.problems[0]
(False, '/nonexistent-folder: no such folder')
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from addrjp.errors import InputError, IntegrityError
from addrjp.mailing import schema
from addrjp.mailing.manifest import conservation_problems, manifest_profile, read_manifest, sha256_hex
from addrjp.mailing.writer import restore_cell
from addrjp.quality.findings import STATUSES

MAX_PER_KIND = 10  # problems listed per kind; the rest are counted


@dataclass
class CheckReport:
    """The result of :func:`check_output`: ``ok`` when there is no problem."""

    folder: str
    problems: list[str] = field(default_factory=list)
    passed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def render(self) -> str:
        """A plain-text pass/fail report for a person (Japanese and English)."""
        lines = [f"addrjp check {self.folder}"]
        lines += [f"  OK    {p}" for p in self.passed]
        lines += [f"  NOTE  {n}" for n in self.notes]
        lines += [f"  FAIL  {p}" for p in self.problems]
        if self.ok:
            lines.append(f"合格 PASS: {self.counts.get('mailing', 0):,} rows ready to print (印刷可)")
        else:
            lines.append(f"不合格 FAIL: {len(self.problems)} problem(s); do not print (印刷しないでください)")
        return "\n".join(lines)


class _Kinds:
    """Collects problems, at most MAX_PER_KIND per kind, counting the rest."""

    def __init__(self, report: CheckReport) -> None:
        self.report = report
        self.seen: Counter[str] = Counter()

    def add(self, kind: str, message: str) -> None:
        self.seen[kind] += 1
        if self.seen[kind] <= MAX_PER_KIND:
            self.report.problems.append(message)

    def close(self) -> None:
        for kind, n in self.seen.items():
            if n > MAX_PER_KIND:
                self.report.problems.append(f"… and {n - MAX_PER_KIND:,} more: {kind}")


def _read_csv(data: bytes, encoding: str, file: str, kinds: _Kinds) -> list[list[str]] | None:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        kinds.add("decode", f"{file} line {line}: bytes that are not valid {encoding} (byte offset {exc.start})")
        return None
    if encoding in ("utf-8", "utf-8-sig") and text.startswith("\ufeff"):
        text = text[1:]
    try:
        return list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        kinds.add("csv", f"{file}: not valid CSV (quotes)")
        return None


def _postal_checker() -> Callable[[str], bool] | None:
    try:
        from addrjp.postal.lookup import lookup_postal
    except ImportError:
        return None

    def known(code: str) -> bool:
        try:
            return bool(lookup_postal(code))
        except ValueError:
            return False

    return known


def _printable_checker(charset: str) -> Callable[[str], tuple[str, ...]]:
    """The characters of a cell the character set cannot print, by the one rule ``clean`` applies too
    (:func:`addrjp.text.charsets.printable_form`)."""
    try:
        from addrjp.text.charsets import printable_form, profile

        profile(charset)
        return lambda text: printable_form(text, charset).unprintable
    except (ImportError, ValueError):
        codec = schema.OUT_ENCODINGS.get(charset, "utf-8")

        def encodable(text: str) -> tuple[str, ...]:
            return tuple(dict.fromkeys(ch for ch in text if not _encodes(ch, codec)))

        return encodable


def _encodes(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
        return True
    except UnicodeEncodeError:
        return False


def _code_points(chars: tuple[str, ...]) -> str:
    """Code points only (U+20BB7): a check report may be read by anyone at the vendor."""
    return ", ".join(f"U+{ord(c):04X}" for c in chars[:5]) + (", …" if len(chars) > 5 else "")


def _barcode_verifier() -> Callable[[str, str], str | None] | None:
    try:
        from addrjp.mailing.barcode import verify_barcode
    except ImportError:
        return None
    return verify_barcode


def _check_mailing(rows: list[list[str]], manifest: dict[str, Any], report: CheckReport, kinds: _Kinds) -> list[str]:
    file = schema.MAILING_FILE
    header, body = (rows[0], rows[1:]) if rows else ([], [])
    profile = manifest_profile(manifest)
    if profile not in schema.MAILING_PROFILES:
        kinds.add("schema", f"{schema.MANIFEST_FILE}: unknown column profile {profile}")
        return []
    columns = schema.profile_columns(profile)
    fields = schema.profile_fields(profile)
    if tuple(header) != columns:
        kinds.add("schema", f"{file} line 1: columns are not {', '.join(columns)} (profile {profile})")
        return []
    want = manifest.get("files", {}).get(file, {}).get("rows")
    if want != len(body) or manifest.get("counts", {}).get("mailing") != len(body):
        kinds.add("count", f"{file}: {len(body):,} rows, the manifest says {want}")
    width = len(columns)
    printed_fields = [(f, c) for f, c in zip(fields, columns, strict=True)
                      if f in ("address1", "address2", "name", "honorific", "joint1", "joint2", "joint3")]
    postal_known = _postal_checker()
    if postal_known is None:
        kinds.add("postal", "the Japan Post postal index is not available: postal codes cannot be verified")
    printable = _printable_checker(str(manifest.get("charset", "cp932")))
    verify = _barcode_verifier()
    first_line: dict[str, int] = {}
    ids: list[str] = []
    known_cache: dict[str, bool] = {}
    print_cache: dict[str, tuple[str, ...]] = {}
    barcodes = 0
    for n, row in enumerate(body, start=2):
        if len(row) != width:
            kinds.add("fields", f"{file} line {n}: {len(row)} fields, expected {width}")
            continue
        cell = dict(zip(fields, (restore_cell(v) for v in row), strict=True))
        rid, postal, a1, name, barcode = (cell[f] for f in ("id", "postal_code", "address1", "name", "barcode"))
        ids.append(rid)
        if not rid:
            kinds.add("id", f"{file} line {n}, column {columns[0]}: empty")
        elif rid in first_line:
            kinds.add("id", f"{file} line {n}, column {columns[0]}: repeats line {first_line[rid]}")
        else:
            first_line[rid] = n
        if not schema.POSTAL_OUT_RE.match(postal):
            kinds.add("postal_form", f"{file} line {n}, column {columns[1]}: not NNN-NNNN")
        elif postal_known is not None:
            ok = known_cache.get(postal)
            if ok is None:
                ok = known_cache[postal] = postal_known(postal)
            if not ok:
                kinds.add("postal", f"{file} line {n}, column {columns[1]}: not in the Japan Post data")
        if not a1:
            kinds.add("address", f"{file} line {n}, column {columns[2]}: empty")
        if not name:
            kinds.add("name", f"{file} line {n}, column {columns[4]}: empty")
        filled = [bool(cell.get(f"joint{i}")) for i in range(1, schema.MAX_JOINT + 1)]
        if filled != sorted(filled, reverse=True):
            kinds.add("joint", f"{file} line {n}: a 連名 column is empty before a filled one")
        for _f, col in printed_fields:
            value = cell[_f]
            bad = print_cache.get(value)
            if bad is None:
                bad = print_cache[value] = printable(value) if value else ()
            if bad:
                kinds.add("charset", f"{file} line {n}, column {col}: a character outside the character set "
                                     f"{manifest.get('charset')} ({_code_points(bad)})")
        if barcode:
            barcodes += 1
            if verify is None:
                kinds.add("barcode", f"{file}: barcodes present but the barcode module is not available")
            else:
                why = verify(barcode, postal)
                if why:
                    kinds.add("barcode", f"{file} line {n}, column {columns[-1]}: {why}")
    report.counts["mailing"] = len(body)
    report.counts["barcodes"] = barcodes
    return ids


def _check_findings(rows: list[list[str]], manifest: dict[str, Any], mailing_ids: list[str] | None,
                    kinds: _Kinds) -> None:
    file = schema.FINDINGS_FILE
    header, body = (rows[0], rows[1:]) if rows else ([], [])
    if tuple(header) != schema.FINDINGS_COLUMNS:
        kinds.add("schema", f"{file} line 1: columns are not {', '.join(schema.FINDINGS_COLUMNS)}")
        return
    counts = manifest.get("counts", {})
    if counts.get("findings") != len(body) or counts.get("input") != len(body):
        kinds.add("count", f"{file}: {len(body):,} rows, the manifest says {counts.get('findings')} "
                           f"(input {counts.get('input')})")
    width = len(schema.FINDINGS_COLUMNS)
    by_status: Counter[str] = Counter()
    seen: dict[str, int] = {}
    printed: list[str] = []
    for n, row in enumerate(body, start=2):
        if len(row) != width:
            kinds.add("fields", f"{file} line {n}: {len(row)} fields, expected {width}")
            continue
        rid, status = restore_cell(row[0]), row[1]
        if rid in seen:
            kinds.add("id", f"{file} line {n}, column id: repeats line {seen[rid]}")
        seen.setdefault(rid, n)
        if status not in STATUSES:
            kinds.add("status", f"{file} line {n}, column status: not one of {', '.join(STATUSES)}")
        by_status[status] += 1
        if status in schema.PRINTED_STATUSES:
            printed.append(rid)
    want = counts.get("by_status", {})
    for s in STATUSES:
        if by_status.get(s, 0) != want.get(s, 0):
            kinds.add("count", f"{file}: {by_status.get(s, 0):,} rows with status {s}, the manifest says {want.get(s)}")
    if mailing_ids is not None and printed != mailing_ids:
        kinds.add("conservation", f"{file}: the printed rows (ok, fixed, review) are not exactly the rows of "
                                  f"{schema.MAILING_FILE}, in order")


def check_output(path: str | Path) -> CheckReport:
    """Check an output folder of ``addrjp clean`` (or a vendor's copy of it)."""
    folder = Path(path)
    report = CheckReport(str(path))
    if not folder.is_dir():
        report.problems.append(f"{path}: no such folder")
        return report
    try:
        manifest = read_manifest(folder)
    except (IntegrityError, InputError) as exc:
        report.problems.append(str(exc))
        return report
    kinds = _Kinds(report)
    counts = manifest.get("counts", {})
    for p in conservation_problems(counts):
        kinds.add("conservation", f"{schema.MANIFEST_FILE}: {p}")
    report.counts.update({k: counts.get(k) for k in ("input", "findings", "mailing")})
    files: dict[str, Any] = manifest.get("files", {})
    if schema.MAILING_FILE not in files:
        kinds.add("manifest", f"{schema.MANIFEST_FILE}: does not list {schema.MAILING_FILE}")
    contents: dict[str, bytes] = {}
    for name, entry in files.items():
        if "/" in name or "\\" in name or name.startswith("."):
            kinds.add("manifest", f"{schema.MANIFEST_FILE}: a file name that is not a plain name")
            continue
        fp = folder / name
        if not fp.is_file():
            if name in schema.WARD_ONLY_FILES:
                report.notes.append(f"{name}: not present (ward only); not checked")
            else:
                kinds.add("missing", f"{name}: missing")
            continue
        data = fp.read_bytes()
        if len(data) != entry.get("bytes") or sha256_hex(data) != entry.get("sha256"):
            kinds.add("hash", f"{name}: changed since the run (SHA-256 or size differs from the manifest: "
                              f"{len(data):,} bytes, manifest {entry.get('bytes')})")
        else:
            report.passed.append(f"{name}: SHA-256 and size match the manifest")
        contents[name] = data
    extra = sorted(p.name for p in folder.iterdir() if p.name not in files and p.name != schema.MANIFEST_FILE)
    if extra:
        report.notes.append(f"files not in the manifest (ignored): {', '.join(extra)}")

    mailing_ids: list[str] | None = None
    if schema.MAILING_FILE in contents:
        enc = schema.OUT_ENCODINGS.get(str(manifest.get("out_encoding", "utf-8")), "utf-8")
        listed = files.get(schema.MAILING_FILE, {}).get("columns")
        profile = manifest_profile(manifest)
        if (listed is not None and profile in schema.MAILING_PROFILES
                and tuple(listed) != schema.profile_columns(profile)):
            kinds.add("manifest", f"{schema.MANIFEST_FILE}: the columns listed for {schema.MAILING_FILE} are not "
                                  f"those of the profile {profile}")
        before = len(report.problems)
        rows = _read_csv(contents[schema.MAILING_FILE], enc, schema.MAILING_FILE, kinds)
        if rows is not None:
            mailing_ids = _check_mailing(rows, manifest, report, kinds)
            if len(report.problems) == before:
                report.passed.append(f"{schema.MAILING_FILE}: columns, {len(rows) - 1:,} rows, unique ids, "
                                     f"postal codes, character set {manifest.get('charset')}, "
                                     f"{report.counts.get('barcodes', 0):,} barcodes")
    if schema.FINDINGS_FILE in contents:
        before = len(report.problems)
        rows = _read_csv(contents[schema.FINDINGS_FILE], "utf-8-sig", schema.FINDINGS_FILE, kinds)
        if rows is not None:
            _check_findings(rows, manifest, mailing_ids, kinds)
            if len(report.problems) == before:
                report.passed.append(f"{schema.FINDINGS_FILE}: columns, {len(rows) - 1:,} rows, statuses, "
                                     "conservation with the mailing file")
    kinds.close()
    return report


__all__ = ["CheckReport", "check_output"]
