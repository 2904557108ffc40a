"""``addrjp towns``: the town master (町域マスター): import a municipality's ABR 町字マスター, list, check.

::

    addrjp towns import mt_town_city131016.csv      # add 千代田区 (丁目 lists and numbering systems)
    addrjp towns list --city 新宿区                  # towns, 丁目 and 住居表示/地番 of a municipality
    addrjp towns check                               # the ABR rows in use against Japan Post's towns

The ABR file comes from the Digital Agency's address base registry catalogue (町字マスター, CSV, either the
2022 layout with Japanese headers or the current one with lg_code, machiaza_id, …). Imported files are
written, cleaned, to $ADDRJP_TOWNS_DIR (default ~/.local/share/addrjp/towns), one per municipality.
出典：アドレス・ベース・レジストリ（デジタル庁）.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from addrjp.cli.exit_codes import epilog
from addrjp.errors import InputError

if TYPE_CHECKING:
    from addrjp.address.abr import AbrTown


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "towns",
        help="町域マスター / town master: import an ABR 町字マスター, list towns, check",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="towns_action", metavar="ACTION")
    imp = sub.add_parser("import", help="import an ABR 町字マスター CSV (one or more municipalities)",
                         epilog=epilog("0 done"))
    imp.add_argument("file", type=Path, help="the ABR CSV (UTF-8 or Shift_JIS)")
    imp.add_argument("--data-dir", type=Path, help="where to write (default: $ADDRJP_TOWNS_DIR or the user data dir)")
    imp.set_defaults(handler=run_import)
    ls = sub.add_parser("list", help="list the towns of a municipality with 丁目 and numbering",
                        epilog=epilog("0 done"))
    ls.add_argument("--pref", default="東京都", help="都道府県 (default 東京都)")
    ls.add_argument("--city", required=True, help="市区町村, e.g. 新宿区")
    ls.set_defaults(handler=run_list)
    ck = sub.add_parser("check", help="compare the ABR rows in use with Japan Post's towns",
                        epilog=epilog("0 every difference explained by aliases.csv; 1 some are not (listed)"))
    ck.set_defaults(handler=run_check)
    p.set_defaults(handler=lambda args: (p.print_help(sys.stderr), 2)[1])


def run_import(args: argparse.Namespace) -> int:
    from addrjp.address.abr import read_abr_csv, write_abr_csv
    from addrjp.address.towns import crosscheck_abr, load_town_master, user_towns_dir

    rows = read_abr_csv(args.file)
    if not rows:
        raise InputError("no town rows in the file", file=str(args.file), hint="give the ABR 町字マスター CSV")
    by_lg: dict[str, list[AbrTown]] = defaultdict(list)
    for r in rows:
        by_lg[r.lg_code].append(r)
    out_dir = args.data_dir or user_towns_dir()
    for lg, lg_rows in sorted(by_lg.items()):
        target = out_dir / f"abr_mt_town_{lg}.csv"
        write_abr_csv(lg_rows, target)
        print(f"{lg} {lg_rows[0].pref}{lg_rows[0].city_name}: {len(lg_rows)} rows -> {target}")
    problems = crosscheck_abr(rows, load_town_master())
    kinds: dict[str, int] = defaultdict(int)
    for d in problems:
        kinds[d.kind] += 1
    if problems:
        summary = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
        print(f"against Japan Post's towns: {summary} (see `addrjp towns check`)")
    print(f"imported {len(rows)} rows for {len(by_lg)} municipalities; used from the next run on")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from addrjp.address.towns import load_town_master

    master = load_town_master()
    towns = master.towns_in(args.pref, args.city)
    if not towns:
        raise InputError(f"no municipality {args.pref}{args.city} in the postal data",
                         hint="write the name as Japan Post does, e.g. --pref 東京都 --city 新宿区")
    for t in towns:
        chome = ",".join(map(str, t.chome_list)) or ("yes" if t.has_chome else "-")
        systems: list[str] = sorted(set(t.chome_numbering.values())) or ["unknown"]
        print(f"{t.town}\t{t.town_kana}\t丁目 {chome}\t{'/'.join(systems)}\t{' '.join(t.codes)}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from addrjp.address.towns import crosscheck_abr, load_abr_rows, load_town_master

    problems = crosscheck_abr(load_abr_rows(), load_town_master())
    for d in problems:
        print(f"{d.kind}\t{d.pref}{d.city}\t{d.town}\t{d.detail}")
    unexplained = [d for d in problems if d.kind != "alias"]
    print(f"{len(problems)} differences ({len(unexplained)} not explained by data/towns/aliases.csv)",
          file=sys.stderr)
    return 1 if unexplained else 0
