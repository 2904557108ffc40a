"""``addrjp decisions check FILE --register EXTRACT``: the decisions file (判断記録) checked without a run.

Lists the decisions that a run would not apply: stale ones (the row changed since the decision), unknown
ids (not in the register), conflicting ones (two actions for one row, a field corrected twice, a "not the
same person" naming an unknown id). Only ids and line numbers are printed, never a name or an address.

Exit codes: 0 every decision applies; 1 some would not (listed); 2 usage or input error; 3 system error.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from addrjp.cli.exit_codes import epilog


def register(sub: Any) -> None:
    """Add ``addrjp decisions check``."""
    p = sub.add_parser("decisions", help="判断記録の点検 (check a decisions file against a register)")
    dsub = p.add_subparsers(dest="decisions_command", metavar="check", required=True)
    c = dsub.add_parser(
        "check", help="stale, unknown and conflicting decisions, without a run",
        description="判断記録を名簿と照合し、適用されない判断(名簿が変わった・名簿にない宛名番号・食い違い)を一覧にします。"
        " Checks a decisions file (saved from the review page) against a register extract and lists the "
        "decisions a run would not apply, with their line numbers and ids.",
        epilog=epilog("0 every decision applies; 1 some would not (listed)"),
    )
    c.add_argument("file", metavar="FILE", help="判断記録 (decisions file, CSV)")
    c.add_argument("--register", required=True, metavar="EXTRACT", help="名簿: the register extract (.csv, .xlsx)")
    c.add_argument("--encoding", metavar="ENC", help="the register's encoding (detected when omitted)")
    c.add_argument("--map", metavar="COL=見出し,...", help="the register's header mapping, as for addrjp clean")
    c.add_argument("--json", action="store_true", help="print the result as JSON")
    c.set_defaults(handler=_check)


def _check(args: argparse.Namespace) -> int:
    from addrjp.mailing.reader import parse_mapping, read_register
    from addrjp.review.decisions import check_against_register, read_decisions

    dfile = read_decisions(args.file)
    register = read_register(args.register, encoding=args.encoding, mapping=parse_mapping(args.map))
    plan = check_against_register(dfile, register.frame)
    applies = sum(len(g) for g in plan.fresh.values())
    if args.json:
        doc = {"file": args.file, "sha256": dfile.sha256, "decisions": len(dfile.decisions), "applies": applies,
               "problems": [{"kind": p.kind, "id": p.id, "lines": list(p.lines), "register_line": p.register_line,
                             "detail": p.detail} for p in plan.problems]}
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 1 if plan.problems else 0
    counts = {k: sum(1 for p in plan.problems if p.kind == k) for k in ("stale", "unknown", "conflict")}
    print(f"{args.file}: {len(dfile.decisions)} decisions; {applies} apply to {register.rows:,} register rows")
    for p in plan.problems:
        print("  " + p.render())
    if plan.problems:
        print(f"not applied: stale {counts['stale']}, unknown {counts['unknown']}, conflicting "
              f"{counts['conflict']} (適用されない判断があります: 確認画面で判断し直してください)", file=sys.stderr)
        return 1
    print("OK: every decision applies (すべての判断が適用されます)")
    return 0
