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
from pathlib import Path

from addrjp.fileio import write_atomic

__all__ = ["count_csv_records", "sha256_bytes", "sha256_file", "write_atomic"]

CHUNK = 1 << 20


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
