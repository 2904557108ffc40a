"""``addrjp proof``: a proof of the address side of every postcard (宛名面の校正刷り) as one PDF.

::

    addrjp proof out/2026-keiro --out proof.pdf                 # every printed row, vertical layout
    addrjp proof out/2026-keiro --out sample.pdf --sample 100   # 100 cards spread over the file
    addrjp proof out/2026-keiro --out review.pdf --status review --sheet a4
    addrjp proof out/2026-keiro --out print.pdf --ids R000001,R000017 --font /usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf

Exit codes: 0 written; 2 usage or input error, or a folder that is not what its manifest says (refused,
nothing written); 3 a machine's fault.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from addrjp.cli.exit_codes import epilog
from addrjp.errors import InputError


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("a whole number, e.g. 100") from None
    if value < 1:
        raise argparse.ArgumentTypeError("at least 1")
    return value


def _size(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("a size in points, 8 to 11.5") from None
    if not 8.0 <= value <= 11.5:
        raise argparse.ArgumentTypeError("the barcode size must be between 8 and 11.5 pt (Japan Post)")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``proof`` command."""
    p = subparsers.add_parser(
        "proof",
        help="宛名面の校正刷り (a PDF proof of every card's address side)",
        description=(
            "宛名ファイルの各行を、印刷される宛名面のとおりに PDF に描きます。 Draws the address side of each "
            "printed row of a mailing folder (100 × 148 mm per card): postal code in the red boxes, address, "
            "name with its 敬称 and 連名, customer barcode. The folder is verified against its manifest first; "
            "the first page names its hashes and counts."
        ),
        epilog=epilog("0 written (a folder changed since clean is refused with 2)"),
    )
    p.add_argument("dir", metavar="DIR", help="出力フォルダ of addrjp clean (manifest.json, mailing.csv)")
    p.add_argument("--out", required=True, metavar="FILE", help="the PDF to write (e.g. proof.pdf)")
    p.add_argument("--force", action="store_true", help="replace FILE when it exists")
    p.add_argument("--ids", metavar="ID,...|@FILE",
                   help="only these rows (宛名番号): comma-separated, or @FILE with one id a line")
    p.add_argument("--sample", type=_positive, metavar="N", help="N cards spread evenly over the file")
    p.add_argument("--status", metavar="ok,fixed,review",
                   help="only rows with these statuses (needs findings.csv, the ward's copy)")
    p.add_argument("--layout", choices=("vertical", "horizontal"), default="vertical",
                   help="縦書き vertical (default) or 横書き horizontal")
    p.add_argument("--sheet", choices=("card", "a4"), default="card",
                   help="one 100 × 148 mm page per card (default), or four cards per A4 page")
    p.add_argument("--font", metavar="FILE",
                   help="TrueType/OpenType font to embed (e.g. IPAex明朝 ipaexm.ttf); default: HeiseiMin-W3, "
                        "not embedded")
    p.add_argument("--barcode-size", type=_size, default=10.0, metavar="PT",
                   help="customer barcode size, 8 to 11.5 pt (default 10: 79.8 × 3.6 mm)")
    p.add_argument("--quiet", "-q", action="store_true", help="no summary on stderr")
    p.set_defaults(handler=run)


def _ids(value: str | None) -> list[str] | None:
    if value is None:
        return None
    if value.startswith("@"):
        path = Path(value[1:])
        try:
            text = path.read_text("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            raise InputError("cannot read the id list (UTF-8, one id a line)", file=str(path)) from None
        ids = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    else:
        ids = [v.strip() for v in value.split(",") if v.strip()]
    if not ids:
        raise InputError("--ids: no id given", hint="e.g. --ids R000001,R000002 or --ids @ids.txt")
    return ids


def run(args: argparse.Namespace) -> int:
    """Handler of ``addrjp proof``."""
    from addrjp.proof import ProofOptions, make_proof

    statuses = [s.strip() for s in args.status.split(",") if s.strip()] if args.status else None
    options = ProofOptions(layout=args.layout, sheet=args.sheet, font=args.font, barcode_pt=args.barcode_size)
    result = make_proof(args.dir, args.out, ids=_ids(args.ids), sample=args.sample, statuses=statuses,
                        options=options, force=args.force)
    if not args.quiet:
        print(f"addrjp proof: {result.cards:,} cards, {result.pages:,} pages (cover included) in "
              f"{result.seconds:.1f} s → {result.path}", file=sys.stderr)
    return 0
