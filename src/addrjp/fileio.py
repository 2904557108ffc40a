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

import errno
import os
import tempfile
from pathlib import Path

from addrjp.errors import FaultError

OWNER_ONLY = 0o600
PUBLIC = 0o644

#: What to do about a machine's fault, by errno name (the message says it after the cause).
FAULT_HINTS: dict[str, str] = {
    "ENOSPC": "free space on the disk (ディスクの空きを確保してください)",
    "EDQUOT": "the disk quota is used up (容量制限)",
    "EFBIG": "the file-size limit (ulimit -f) is too small for the file (ファイルサイズの上限)",
    "EROFS": "the folder is on a read-only file system (読み取り専用); choose another place",
    "EACCES": "no permission (権限がありません); choose another place or ask for access",
    "EPERM": "not permitted (許可されていません); choose another place",
    "EIO": "the disk reported an input/output error (入出力エラー); check the disk and try again",
    "ENOMEM": "out of memory (メモリ不足)",
}


def os_cause(exc: OSError) -> str:
    """The cause of an OSError as ``ENOSPC: No space left on device`` (no path, no data).

    >>> os_cause(OSError(28, "No space left on device"))
    'ENOSPC: No space left on device'
    """
    name = errno.errorcode.get(exc.errno or 0, "") if exc.errno else ""
    if name and exc.strerror:
        return f"{name}: {exc.strerror}"
    return exc.strerror or type(exc).__name__


def fault_from(exc: OSError, what: str, path: str | os.PathLike[str] | None = None) -> FaultError:
    """A :class:`~addrjp.errors.FaultError` for a machine's fault: *what* failed, the path (*path*, the one
    the user knows, else the OSError's own file name), the cause and what to do.

    >>> str(fault_from(OSError(28, "No space left on device"), "cannot write the output", "/srv/out"))
    '/srv/out: cannot write the output; free space on the disk (ディスクの空きを確保してください) (ENOSPC: No space left on device)'
    """
    name = errno.errorcode.get(exc.errno or 0, "") if exc.errno else ""
    hint = FAULT_HINTS.get(name)
    where = path if path is not None else exc.filename
    return FaultError(what + (f"; {hint}" if hint else ""), path=None if where is None else os.fspath(where),
                      cause=os_cause(exc))


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


def write_cache(path: Path, data: bytes, *, family: str, keep: int) -> bool:
    """Write a cache file of addrjp's own (*path*, atomically, readable by all) and keep at most *keep* files of
    its *family* (a glob in the same folder, e.g. ``"towns-*.bin"``), the newest; False when the cache folder
    cannot be written (a read-only home: the caller goes on without a cache)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data, PUBLIC)
        older = sorted((p for p in path.parent.glob(family) if p != path),
                       key=lambda p: p.stat().st_mtime, reverse=True)
        for old in older[keep - 1:]:
            old.unlink(missing_ok=True)
    except OSError:
        return False
    return True
