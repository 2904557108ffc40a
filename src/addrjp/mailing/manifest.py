"""The manifest (マニフェスト, the run's record): counts, file hashes, versions, options, time.

``manifest.json`` travels with the mailing file to the vendor, so it holds **no personal data**: counts,
SHA-256 hashes and sizes of the files, the addrjp and Japan Post data versions, the options of the run and
the time. ``addrjp check`` recomputes every hash and count from it.

Conservation (件数の保存): rows(input) = rows(findings.csv) = rows(mailing.csv) + hold + excluded, and the
statuses add up to the input. :func:`conservation_problems` says what disagrees; a run with any problem
publishes nothing.

>>> conservation_problems({"input": 3, "findings": 3, "mailing": 2,
...                        "by_status": {"ok": 1, "fixed": 0, "review": 1, "hold": 1, "excluded": 0}})
[]
>>> conservation_problems({"input": 3, "findings": 3, "mailing": 3,
...                        "by_status": {"ok": 2, "fixed": 0, "review": 0, "hold": 1, "excluded": 0}})
['mailing rows (3) + hold (1) + excluded (0) != input rows (3)', 'printed statuses (2) != mailing rows (3)']
>>> sha256_hex(b"")[:12]
'e3b0c44298fc'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from addrjp.errors import InputError, IntegrityError
from addrjp.mailing.schema import FORMAT, KNOWN_FORMATS, MANIFEST_FILE, PRINTED_STATUSES, V1_PROFILE
from addrjp.quality.findings import STATUSES


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of *data* as 64 lower-case hex digits."""
    return hashlib.sha256(data).hexdigest()


def file_entry(data: bytes | Sequence[bytes], *, rows: int | None = None, encoding: str | None = None,
               columns: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The manifest's record of one output file, from its bytes or its pieces one after the other (a file
    written in pieces, such as report.html, is hashed without being joined)."""
    if isinstance(data, bytes):
        return file_record(sha256_hex(data), len(data), rows=rows, encoding=encoding, columns=columns)
    digest = hashlib.sha256()
    for part in data:
        digest.update(part)
    return file_record(digest.hexdigest(), sum(map(len, data)), rows=rows, encoding=encoding, columns=columns)


def file_record(sha256: str, size: int, *, rows: int | None = None, encoding: str | None = None,
                columns: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The manifest's record of one output file from its SHA-256 and size (a file written in parts)."""
    entry: dict[str, Any] = {"sha256": sha256, "bytes": size}
    if rows is not None:
        entry["rows"] = rows
    if encoding is not None:
        entry["encoding"] = encoding
    if columns is not None:
        entry["columns"] = list(columns)
    return entry


def postal_data_version() -> Any:
    """The Japan Post data version, from :func:`addrjp.postal.lookup.postal_data_info` when it exists."""
    try:
        from addrjp.postal.lookup import postal_data_info
    except ImportError:
        return None
    try:
        info = postal_data_info()
    except Exception as exc:  # the version is recorded, never the reason a run fails
        return {"error": type(exc).__name__}
    if dataclasses.is_dataclass(info) and not isinstance(info, type):
        return {k: _jsonable(v) for k, v in dataclasses.asdict(info).items()}
    return _jsonable(info)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def conservation_problems(counts: Mapping[str, Any]) -> list[str]:
    """What disagrees in rows(input) = rows(findings) = rows(mailing) + hold + excluded (empty when all agree)."""
    by_status: Mapping[str, int] = counts.get("by_status", {})
    n_in, n_find, n_mail = counts.get("input"), counts.get("findings"), counts.get("mailing")
    problems = []
    unknown = sorted(set(by_status) - set(STATUSES))
    if unknown:
        problems.append(f"unknown status(es) {', '.join(unknown)}")
    if n_in != n_find:
        problems.append(f"findings rows ({n_find}) != input rows ({n_in})")
    hold, excl = by_status.get("hold", 0), by_status.get("excluded", 0)
    if not isinstance(n_mail, int) or not isinstance(n_in, int) or n_mail + hold + excl != n_in:
        problems.append(f"mailing rows ({n_mail}) + hold ({hold}) + excluded ({excl}) != input rows ({n_in})")
    printed = sum(by_status.get(s, 0) for s in PRINTED_STATUSES)
    if printed != n_mail:
        problems.append(f"printed statuses ({printed}) != mailing rows ({n_mail})")
    if sum(by_status.values()) != n_in:
        problems.append(f"statuses ({sum(by_status.values())}) != input rows ({n_in})")
    return problems


def build_manifest(
    *,
    files: Mapping[str, dict[str, Any]],
    counts: Mapping[str, Any],
    input_info: Mapping[str, Any],
    options: Mapping[str, Any],
    charset: str,
    out_encoding: str,
    columns: str = V1_PROFILE,
    created: dt.datetime | None = None,
) -> dict[str, Any]:
    """The manifest as a JSON-ready dict. Raises :class:`IntegrityError` when conservation fails.

    *columns* is the column profile of mailing.csv (``ja`` or ``en``, see :mod:`addrjp.mailing.schema`).
    """
    from addrjp import __version__

    problems = conservation_problems(counts)
    if problems:
        raise IntegrityError("conservation failed, nothing written: " + "; ".join(problems))
    when = (created or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    from addrjp.mailing.area import describe_area

    return {
        "format": FORMAT,
        "created": when.isoformat().replace("+00:00", "Z"),
        "addrjp_version": __version__,
        "postal_data": postal_data_version(),
        "input": _jsonable(dict(input_info)),
        "options": _jsonable(dict(options)),
        "area": describe_area(options),  # 対象地域: "13104 (inferred from 97.8% of rows)", "13104 (given)", "none"
        "charset": charset,
        "out_encoding": out_encoding,
        "columns": columns,
        "counts": _jsonable(dict(counts)),
        "files": _jsonable(dict(files)),
    }


def read_manifest(folder: str | Path) -> dict[str, Any]:
    """Load ``manifest.json`` from an output folder; :class:`IntegrityError` when missing or not a manifest,
    :class:`InputError` naming the field when a field has the wrong type (:func:`validate_manifest`)."""
    path = Path(folder) / MANIFEST_FILE
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise IntegrityError(f"{path}: missing") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise IntegrityError(f"{path}: not readable JSON ({type(exc).__name__})") from None
    if not isinstance(data, dict) or data.get("format") not in KNOWN_FORMATS:
        raise IntegrityError(f"{path}: not an addrjp manifest of format {' or '.join(KNOWN_FORMATS)}")
    validate_manifest(data, str(path))  # a field of the wrong type is named, never a traceback later
    return data


def _kind(value: Any) -> str:
    return {str: "text", int: "a number", bool: "true/false", list: "a list", dict: "an object",
            float: "a decimal number", type(None): "null"}.get(type(value), type(value).__name__)


def _want(ok: bool, where: str, field: str, expected: str, value: Any) -> None:
    if not ok:
        raise InputError(f"field {field} must be {expected}, found {_kind(value)}", file=where,
                         hint="manifest.json was edited or damaged; run addrjp clean again to rewrite it")


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _counts_tree(value: Any, where: str, field: str, *, depth: int) -> None:
    """A count or an object of counts (by status, by finding, decisions by kind), a few levels deep."""
    if isinstance(value, dict) and depth < 3:
        for key, inner in value.items():
            _counts_tree(inner, where, f"{field}.{key}", depth=depth + 1)
        return
    _want(_count(value), where, field, "a whole number", value)


def validate_manifest(doc: Mapping[str, Any], where: str) -> None:
    """InputError naming the field when a field the handover or the check reads has the wrong type.

    Fields are optional (a folder from another tool may have fewer); those present must be: ``format``,
    ``charset``, ``out_encoding`` text; ``counts`` an object of whole numbers (``input``, ``findings``, ``mailing``) and of objects of
    whole numbers (``by_status``, ``by_finding``, ``decisions``); ``files`` an object of ``{sha256: 64 hex digits, bytes, rows: whole numbers}``.

    >>> validate_manifest({"files": {"mailing.csv": {"rows": "12"}}}, "manifest.json")
    Traceback (most recent call last):
    ...
    addrjp.errors.InputError: manifest.json: field files.mailing.csv.rows must be a whole number, found text — manifest.json was edited or damaged; run addrjp clean again to rewrite it
    """
    for name in ("format", "charset", "out_encoding"):
        if name in doc:
            _want(isinstance(doc[name], str), where, name, "text", doc[name])
    if "counts" in doc:
        counts = doc["counts"]
        _want(isinstance(counts, dict), where, "counts", "an object", counts)
        for key, value in counts.items():
            if key in ("input", "findings", "mailing"):
                _want(_count(value), where, f"counts.{key}", "a whole number", value)
            else:  # by_status, by_finding, decisions…: whole numbers, or objects of them
                _counts_tree(value, where, f"counts.{key}", depth=0)
    if "files" in doc:
        files = doc["files"]
        _want(isinstance(files, dict), where, "files", "an object (file name: its record)", files)
        for name, entry in files.items():
            _want(isinstance(entry, dict), where, f"files.{name}", "an object", entry)
            if "sha256" in entry:
                digest = entry["sha256"]
                _want(isinstance(digest, str) and len(digest) == 64
                      and all(c in "0123456789abcdefABCDEF" for c in digest),
                      where, f"files.{name}.sha256", "64 hexadecimal digits", digest)
            for key in ("bytes", "rows"):
                if key in entry:
                    _want(_count(entry[key]), where, f"files.{name}.{key}", "a whole number", entry[key])


def manifest_profile(manifest: dict[str, Any]) -> str:
    """The column profile of a manifest's mailing.csv (``en`` for a mailing file v1, which names none)."""
    return str(manifest.get("columns") or V1_PROFILE)


__all__ = ["build_manifest", "conservation_problems", "file_entry", "file_record", "manifest_profile", "postal_data_version",
           "read_manifest", "sha256_hex", "validate_manifest"]
