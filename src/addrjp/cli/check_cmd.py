"""``addrjp check DIR``: the vendor's pre-print check of a mailing folder (印刷前検査).

::

    addrjp check out/2026

Verifies the manifest (every hash and count), the columns, unique ids, every postal code, the character set
and every barcode's check digit. Exit codes: 0 pass; 1 fail (do not print); 2 usage error.
"""

from __future__ import annotations

import argparse
import json

from addrjp.cli.exit_codes import epilog


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``check`` command."""
    p = subparsers.add_parser(
        "check",
        help="宛名ファイルの印刷前検査 (verify a mailing folder before printing)",
        description=(
            "印刷前検査: addrjp clean の出力フォルダを検証します。 Verifies manifest.json (every SHA-256 and "
            "count), the schema, unique ids, postal codes against Japan Post data, the character set and the "
            "customer barcodes. A file edited or truncated after the run fails."
        ),
        epilog=epilog("0 pass (合格); 1 fail (不合格: do not print)"),
    )
    p.add_argument("dir", metavar="DIR", help="出力フォルダ (the folder holding manifest.json and mailing.csv)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Handler of ``addrjp check``."""
    from addrjp.mailing.check import check_output

    report = check_output(args.dir)
    if args.json:
        print(json.dumps({"ok": report.ok, "problems": report.problems, "passed": report.passed,
                          "notes": report.notes, "counts": report.counts}, ensure_ascii=False, indent=2))
    else:
        print(report.render())
    return 0 if report.ok else 1
