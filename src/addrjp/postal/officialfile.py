"""Reading Japan Post's official download files (公式ファイル): zip or bare CSV, Shift_JIS or UTF-8.

Japan Post publishes each file as a zip holding one CSV: the classic edition in Shift_JIS (CP932) with CRLF
line ends, and UTF-8 editions. This module opens either form, decodes it, and yields the rows with their line
numbers; a corrupt zip, an undecodable byte or a file that is not CSV becomes an
:class:`addrjp.errors.InputError` naming the file and the line.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from addrjp.errors import InputError

_HINT = "download the file again from https://www.post.japanpost.jp/zipcode/download.html"


def read_bytes(path: Path) -> tuple[bytes, str]:
    """The CSV bytes of *path* (a zip holding one CSV, or the CSV itself) and the name to report."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", file=str(path)) from exc
    if raw[:2] != b"PK" and path.suffix.lower() != ".zip":
        return raw, str(path)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            members = [m for m in zf.infolist() if not m.is_dir() and m.filename.lower().endswith(".csv")]
            if len(members) != 1:
                raise InputError(
                    f"the zip holds {len(members)} CSV files; expected exactly one", file=str(path), hint=_HINT
                )
            return zf.read(members[0]), f"{path}:{members[0].filename}"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError) as exc:
        raise InputError(f"not a readable zip file ({exc})", file=str(path), hint=_HINT) from exc


def decode(raw: bytes, name: str) -> tuple[str, str]:
    """The text of a Japan Post CSV and the encoding found: UTF-8 (with or without BOM), else CP932."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp932"), "cp932"
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
            "the file is neither Shift_JIS (CP932) nor UTF-8", file=name, line=line,
            hint="use the file as Japan Post publishes it",
        ) from exc


def rows(path: Path) -> Iterator[tuple[str, int, list[str]]]:
    """(file name, line number, fields) for every non-empty line of the CSV in *path*."""
    raw, name = read_bytes(path)
    text, _encoding = decode(raw, name)
    if "\x00" in text:
        raise InputError("the file holds NUL characters: not a Japan Post CSV (UTF-16?)", file=name, line=1)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            fields = next(csv.reader([line]))
        except csv.Error as exc:
            raise InputError(f"not a CSV line ({exc})", file=name, line=number) from exc
        yield name, number, fields
