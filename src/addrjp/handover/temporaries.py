"""addrjp's temporary folders beside an output (一時フォルダ): how they are made, marked and recognised.

``open`` (and ``clean``'s writer) write into a hidden folder beside the target, ``.NAME.tmp-XXXX``, and rename
it into place at the end. A kill (``kill -9``, a power cut) between the two leaves that folder behind, holding
personal data. So that such a folder can later be erased as addrjp's own, and nothing else ever is, every
temporary folder holds a marker file (:data:`TEMPORARY_MARKER`) written before any data: JSON naming the
process that made it. A folder without a valid marker is never taken for one of ours, whatever its name.

The marker's name and content are the ones of :mod:`addrjp.mailing.writer` (``TEMPORARY_MARKER``,
``is_addrjp_temporary``), so ``erase`` recognises the temporaries of ``open`` and of ``clean`` alike.

>>> import tempfile, pathlib
>>> parent = pathlib.Path(tempfile.mkdtemp())
>>> tmp = make_temporary(parent / "受領")
>>> tmp.name.startswith(".受領.tmp-"), is_addrjp_temporary(tmp), len(temporaries_beside(parent / "受領"))
(True, True, 1)
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from addrjp.handover.dates import iso_jst

#: The marker file inside every temporary folder of addrjp (same name and content as mailing.writer's).
TEMPORARY_MARKER = ".addrjp-temporary"
TEMPORARY_KIND = "temporary"
#: Name infixes of the temporary folders beside an output called NAME: ``.NAME.tmp-*``, ``.NAME.old-*``.
TEMPORARY_INFIXES: tuple[str, ...] = (".tmp-", ".old-")
_MARKER_MAX_BYTES = 4096
_BOOT_ID = Path("/proc/sys/kernel/random/boot_id")


def boot_id() -> str | None:
    """This boot's id on Linux (a process id is meaningful only within one boot); None elsewhere."""
    try:
        return _BOOT_ID.read_text(encoding="ascii").strip() or None
    except OSError:
        return None


def make_temporary(target: Path) -> Path:
    """Create ``.TARGET.tmp-XXXX`` beside ``target`` (mode 0700) holding the marker, and return it."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    marker = {"addrjp": TEMPORARY_KIND, "pid": os.getpid(), "boot_id": boot_id(), "started": iso_jst()}
    fd = os.open(tmp / TEMPORARY_MARKER, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(json.dumps(marker).encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())
    return tmp


def read_temporary_marker(path: Path) -> dict[str, Any] | None:
    """The marker of a temporary folder as a dict, or None when it is absent or not addrjp's."""
    marker = path / TEMPORARY_MARKER
    try:
        if marker.is_symlink() or not marker.is_file() or marker.stat().st_size > _MARKER_MAX_BYTES:
            return None
        data = json.loads(marker.read_bytes().decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("addrjp") != TEMPORARY_KIND:
        return None
    return data


def is_addrjp_temporary(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` is a temporary folder made by addrjp: a real folder (not a link) named
    ``.NAME.tmp-*`` or ``.NAME.old-*`` that holds a valid marker."""
    p = Path(path)
    if p.is_symlink() or not p.is_dir():
        return False
    if not p.name.startswith(".") or not any(infix in p.name for infix in TEMPORARY_INFIXES):
        return False
    return read_temporary_marker(p) is not None


def still_running(marker: dict[str, Any]) -> bool:
    """True when the process named in ``marker`` may still be at work (same boot, process alive)."""
    pid = marker.get("pid")
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
        return False
    here = boot_id()
    if here is not None and marker.get("boot_id") not in (None, here):
        return False  # made before the last reboot: that process is gone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid != os.getpid()


def temporaries_beside(target: Path) -> list[Path]:
    """Folders beside ``target`` named like its temporaries (``.NAME.tmp-*``, ``.NAME.old-*``, and the
    ``.NAME.opening-*`` of addrjp before the marker), marked or not; sorted by name."""
    parent = target.parent
    prefixes = tuple(f".{target.name}{infix}" for infix in (*TEMPORARY_INFIXES, ".opening-"))
    try:
        names = sorted(entry.name for entry in os.scandir(parent) if entry.name.startswith(prefixes))
    except OSError:
        return []
    return [parent / name for name in names]


__all__ = ["TEMPORARY_MARKER", "is_addrjp_temporary", "make_temporary", "read_temporary_marker",
           "still_running", "temporaries_beside"]
