"""Atomic file writes (原子的な書き込み): a file is either whole and new, or untouched.

Everything addrjp publishes goes through :func:`write_atomic`: the bytes are written to a temporary file in the
same directory, synced, then renamed over the target with ``os.replace``. A crash, a full disk or an error
never leaves a half-written file behind; files are created owner-only (0600) unless told otherwise.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> write_atomic(d / "a.txt", b"hello")
>>> (d / "a.txt").read_bytes(), oct((d / "a.txt").stat().st_mode & 0o777)
(b'hello', '0o600')
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

OWNER_ONLY = 0o600
PUBLIC = 0o644


def write_atomic(path: str | os.PathLike[str], data: bytes, mode: int = OWNER_ONLY) -> None:
    """Write *data* to *path* through a temporary file in the same directory, then ``os.replace``.

    The temporary file has *mode* before any byte is written; it is removed on any error.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
