"""``addrjp clean`` with no options runs with the library's own defaults (``Options()``): a ward tool that
calls the Python API and a clerk at the command line get the same card for the same row.

The command line spells its defaults out for argparse (its start-up imports no pipeline module), so this
test is what keeps the two in step.
"""

from __future__ import annotations

import dataclasses

from addrjp.cli.main import build_parser
from addrjp.mailing.area import AUTO
from addrjp.mailing.options import Options


def test_the_command_lines_defaults_are_options_defaults() -> None:
    args = build_parser("clean").parse_args(["clean", "register.csv", "--out", "out"])
    lib = Options()
    given = {
        "charset": args.charset,
        "out_encoding": args.out_encoding,
        "columns": args.columns,
        "honorific": args.honorific,
        "style": args.style,
        "prefecture": args.prefecture,
        "numerals": args.kanji_numerals,
        "min_age": args.min_age,
        "area": AUTO if args.area is None else args.area,
        "gaiji_map": args.gaiji_map,
        "name_overrides": args.name_overrides,
        "returned": args.returned,
        "workers": args.workers,
        "barcode": not args.no_barcode,
        "joint_household": args.joint_household,
        "decisions": args.decisions,
    }
    assert given == {k: getattr(lib, k) for k in given}
    # every option a run records is either set from the command line above or settled by the run itself
    settled = {"as_of", "area_source", "area_share"}
    assert {f.name for f in dataclasses.fields(Options)} == set(given) | settled
