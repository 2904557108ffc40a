#!/usr/bin/env python3
"""Build the town master shipped in the package (data/towns/town_master.bin) from the embedded postal index.

The master is every town of Japan Post's data with the packaged ABR 町字マスター, aliases and numbering fixes,
packed for prefix matching (addrjp.address.towns). It is committed so that a fresh install has it ready
(no build on the first run); ``tests/address/test_shipped_town_master.py`` fails when it no longer matches
its inputs. Run after rebuilding the postal index, after changing data/towns/, or after changing the
builder's modules (addrjp.address.towns._BUILDER_SOURCES), then commit data/towns/town_master.bin:

    python3 scripts/build_town_master.py [--out FILE]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from addrjp.address.towns import SHIPPED_MASTER, TownMaster, build_shipped_master
from addrjp.fileio import PUBLIC, write_atomic
from addrjp.postal.index import embedded_index_dir

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "towns" / SHIPPED_MASTER)
    args = parser.parse_args(argv)
    data = build_shipped_master(embedded_index_dir())
    master = TownMaster(data)
    write_atomic(args.out, data, PUBLIC)
    print(f"town master {master.key} written to {args.out}: {len(master.cities())} municipalities, "
          f"{len(data):,} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
