"""addrjp's temporary folders beside an output (一時フォルダ): how they are made, marked and recognised.

``open`` (and ``clean``'s writer) write into a hidden folder beside the target, ``.NAME.tmp-XXXX``, and rename
it into place at the end. A kill (``kill -9``, a power cut) between the two leaves that folder behind, holding
personal data. So that such a folder can later be erased as addrjp's own, and nothing else ever is, every
temporary folder holds a marker file (:data:`TEMPORARY_MARKER`) written before any data: JSON naming the
process that made it. A folder without a valid marker is never taken for one of ours, whatever its name.

The marker and its recognition are :mod:`addrjp.temporaries` (one definition for ``clean``'s writer and
``open``), so ``erase`` recognises the temporaries of ``open`` and of ``clean`` alike.

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

from addrjp.handover.dates import iso_jst
from addrjp.temporaries import (
    TEMPORARY_INFIXES,
    TEMPORARY_KIND,
    TEMPORARY_MARKER,
    boot_id,
    is_addrjp_temporary,
    read_temporary_marker,
    still_running,
)
from addrjp.temporaries import temporaries_beside as _beside


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


def temporaries_beside(target: Path) -> list[Path]:
    """Folders beside ``target`` named like its temporaries (``.NAME.tmp-*``, ``.NAME.old-*``, and the
    ``.NAME.opening-*`` of addrjp before the marker), marked or not; sorted by name."""
    return _beside(target, (*TEMPORARY_INFIXES, ".opening-"))


__all__ = ["TEMPORARY_MARKER", "is_addrjp_temporary", "make_temporary", "read_temporary_marker",
           "still_running", "temporaries_beside"]
