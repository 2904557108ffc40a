"""Small file helpers of the handover layer: atomic writes, hashing, counting CSV records.

Everything the handover writes is published atomically (a temporary file in the same directory, then
``os.replace``), so a crash or an error never leaves a half-written package, ledger or certificate.

>>> sha256_bytes(b"")
'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
>>> count_csv_records(b'id,name\\n1,"a\\nb"\\n2,c\\n')
2
"""

from __future__ import annotations

import csv
import hashlib
import io
import stat
from pathlib import Path

from addrjp.errors import InputError
from addrjp.fileio import fault_from, write_atomic

__all__ = ["MAX_KEY_FILE_BYTES", "count_csv_records", "fault_from", "read_bounded", "read_key_text", "sha256_bytes", "sha256_file", "write_atomic"]

CHUNK = 1 << 20

#: A key, signature or key-id file is a few hundred bytes; anything beyond this is not one.
MAX_KEY_FILE_BYTES = 64 * 1024


def read_bounded(path: Path, what: str, limit: int, *, too_large: str | InputError | None = None,
                 missing_hint: str | None = None, shown: str | None = None) -> bytes:
    """The bytes of a file the handover reads whole (a key, the ledger, a certificate, a record, a package):
    an :class:`InputError` naming the file when it is missing, a folder or another non-file, larger than
    *limit* (*too_large*: the message, or the error itself; else "this is not a/an WHAT file (too large)") or not readable for permission; any
    other OSError is the machine's fault (:func:`fault_from`, exit 3). *shown* names the file in messages
    when it is not *path* as given. The file's content is never shown.

    >>> read_bounded(Path("/nonexistent/ward.ledger"), "ledger", 1 << 20)
    Traceback (most recent call last):
    ...
    addrjp.errors.InputError: /nonexistent/ward.ledger: the ledger file does not exist
    """
    where = shown if shown is not None else str(path)
    a_what = ("an " if what[:1] in "aeiou" else "a ") + what
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"this is a folder, not {a_what} file", file=where)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"this is not {a_what} file (not a regular file)", file=where)
        if info.st_size > limit:
            if isinstance(too_large, InputError):
                raise too_large
            raise InputError(too_large or f"this is not {a_what} file (too large)", file=where)
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"the {what} file does not exist", file=where, hint=missing_hint) from None
    except IsADirectoryError:
        raise InputError(f"this is a folder, not {a_what} file", file=where) from None
    except PermissionError:
        raise InputError(f"the {what} file cannot be read (permission denied)", file=where) from None
    except OSError as exc:
        raise fault_from(exc, f"the {what} file cannot be read", where) from None


def read_key_text(path: Path, what: str, *, encoding: str, kind: str = "", missing_hint: str | None = None) -> str:
    """The text of a small key or signature file (*what*: ``"age public key"``, ``"signature"`` …), or an
    :class:`InputError` naming the file and why it is not one: missing, a folder, too large, not text,
    unreadable (*kind*, e.g. ``"age"``, qualifies *what* where the file is said not to be one). The file's
    content is never shown.

    >>> read_key_text(Path("/nonexistent/ward.sign.pub"), "ward public key", encoding="utf-8")
    Traceback (most recent call last):
    ...
    addrjp.errors.InputError: /nonexistent/ward.sign.pub: the ward public key file does not exist
    """
    kind_what = f"{kind} {what}" if kind else what
    a_what = ("an " if kind_what[:1] in "aeiou" else "a ") + kind_what
    data = read_bounded(path, what, MAX_KEY_FILE_BYTES, too_large=f"this is not {a_what} file (too large)",
                        missing_hint=missing_hint)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(f"this is not {a_what} file (not text)", file=str(path)) from None


def sha256_bytes(data: bytes) -> str:
    """The SHA-256 of ``data`` as lowercase hex."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """The SHA-256 of the file at ``path`` as lowercase hex, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def count_csv_records(data: bytes) -> int:
    """Rows of a CSV file minus its header row; quoted line breaks stay inside their record.

    Works for UTF-8 and CP932 alike: in both, the bytes of a quote, a comma and a line break never occur
    inside a multi-byte character, so the bytes are read as Latin-1 only to find the record boundaries.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    rows = sum(1 for row in csv.reader(io.StringIO(data.decode("latin-1"), newline="")) if row)
    return max(rows - 1, 0)
