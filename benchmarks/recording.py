"""What the recorders share (記録の道具): ``benchmarks.record_stage`` and ``benchmarks.record_sample`` record
what ``clean`` gives for fixed inputs, and check a tree against the record, with the same command line."""

from __future__ import annotations

import argparse
import gzip
from collections.abc import Sequence
from pathlib import Path


def record_args(prog: str, doc: str, what: str, *, show: int, argv: Sequence[str] | None) -> argparse.Namespace:
    """The recorders' command line: ``--write`` (record *what* again) or ``--check`` (compare today's with the
    record), and ``--show N`` (what differs, printed with ``--check``)."""
    ap = argparse.ArgumentParser(prog=prog, description=doc.split("\n\n")[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help=f"record the {what} again")
    mode.add_argument("--check", action="store_true", help=f"compare today's {what} with the record")
    ap.add_argument("--show", type=int, default=show, help="differences to print (--check)")
    return ap.parse_args(argv)


def write_record(path: Path, data: bytes) -> int:
    """*data* compressed into *path* (atomically, :func:`addrjp.fileio.write_atomic`; no time or name in the
    gzip header, so the same data give the same bytes); returns the compressed size."""
    from addrjp.fileio import PUBLIC, write_atomic

    path.parent.mkdir(parents=True, exist_ok=True)
    packed = gzip.compress(data, mtime=0)
    write_atomic(path, packed, PUBLIC)
    return len(packed)
