"""addrjp's temporary folders beside an output (一時フォルダ): the marker by which they are known as ours.

``clean`` (the writer) and ``open`` (the handover) write into a hidden folder beside the target,
``.NAME.tmp-XXXX`` (or ``.NAME.old-XXXX`` while an earlier output is being replaced), and rename it into place
at the end. A kill (``kill -9``, a power cut) between the two leaves that folder behind, holding personal data.
So that such a folder can later be removed or erased as addrjp's own, and nothing else ever is, every
temporary folder holds a marker file (:data:`TEMPORARY_MARKER`), written before any data: JSON naming the
process that made it (``{"addrjp": "temporary", "pid": …, "boot_id": …, …}``). A folder without a valid marker
is never taken for one of ours, whatever its name. One definition, used by :mod:`addrjp.mailing.writer` and
:mod:`addrjp.handover.temporaries`.

>>> import tempfile, pathlib
>>> parent = pathlib.Path(tempfile.mkdtemp())
>>> look_alike = parent / ".out.tmp-1234"
>>> look_alike.mkdir()
>>> is_addrjp_temporary(look_alike), [p.name for p in temporaries_beside(parent / "out")]
(False, ['.out.tmp-1234'])
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path
from typing import Any

#: The marker file inside every temporary folder of addrjp.
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
    """True when *path* is a temporary folder made by addrjp: a real folder (not a link) named
    ``.NAME.tmp-*`` or ``.NAME.old-*`` that holds a valid :data:`TEMPORARY_MARKER`."""
    p = Path(path)
    if p.is_symlink() or not p.is_dir():
        return False
    if not p.name.startswith(".") or not any(infix in p.name for infix in TEMPORARY_INFIXES):
        return False
    return read_temporary_marker(p) is not None


def is_stale_temporary(path: str | os.PathLike[str]) -> bool:
    """True when *path* is addrjp's temporary, no live process holds its marker's ``flock`` (the writer of
    ``clean`` holds it while it lives) and the process the marker names has ended (:func:`still_running`:
    ``open`` writes no lock): the run that made it was killed or crashed."""
    p = Path(path)
    marker = read_temporary_marker(p) if is_addrjp_temporary(p) else None
    if marker is None or still_running(marker):
        return False
    try:
        fd = os.open(p / TEMPORARY_MARKER, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # locked: its run is alive
    finally:
        os.close(fd)
    return True


def still_running(marker: dict[str, Any]) -> bool:
    """True when the process named in *marker* may still be at work (same boot, process alive)."""
    pid = marker.get("pid")
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
        return False
    here = boot_id()
    if here is not None and marker.get("boot_id") not in (None, "", here):
        return False  # made before the last reboot: that process is gone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid != os.getpid()


def temporaries_beside(target: Path, infixes: tuple[str, ...] = TEMPORARY_INFIXES) -> list[Path]:
    """Folders beside *target* named like its temporaries (``.NAME.tmp-*``, ``.NAME.old-*``), marked or not;
    sorted by name."""
    parent = target.parent
    prefixes = tuple(f".{target.name}{infix}" for infix in infixes)
    try:
        names = sorted(entry.name for entry in os.scandir(parent) if entry.name.startswith(prefixes))
    except OSError:
        return []
    return [parent / name for name in names]


__all__ = ["TEMPORARY_INFIXES", "TEMPORARY_KIND", "TEMPORARY_MARKER", "boot_id", "is_addrjp_temporary",
           "is_stale_temporary", "read_temporary_marker", "still_running", "temporaries_beside"]
