"""``addrjp barcode``: the customer barcode (カスタマバーコード) of one postal code and address.

Prints the data characters and can write the symbol as SVG (or PNG) for a proof print::

    addrjp barcode 160-0023 "西新宿2丁目8番1号"
    addrjp barcode 160-0023 "西新宿2丁目8番1号" --svg barcode.svg --size 10
    addrjp barcode 980-8691 215 --raw          # a PO box number given as the address part (JP-p22)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from addrjp.cli.exit_codes import epilog
from addrjp.errors import InputError
from addrjp.fileio import write_atomic


def _size(text: str) -> float:
    from addrjp.mailing.barcode_symbol import MAX_SIZE_PT, MIN_SIZE_PT

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("the size is a number of points, e.g. 10") from None
    if not MIN_SIZE_PT <= value <= MAX_SIZE_PT:
        raise argparse.ArgumentTypeError(f"the size must be between {MIN_SIZE_PT:g} and {MAX_SIZE_PT:g} pt")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``barcode`` command."""
    p = subparsers.add_parser(
        "barcode",
        help="カスタマバーコード (customer barcode) of one address",
        description=(
            "カスタマバーコード (Japan Post customer barcode): prints the 20 data characters and the check "
            "digit for a postal code and an address, and can write the symbol (67 bars) as SVG or PNG."
        ),
        epilog=epilog("0 done"),
    )
    p.add_argument("postal_code", help="郵便番号, e.g. 160-0023")
    p.add_argument(
        "address", nargs="?", default="", help="住所: the address as written (from the town name on is enough)"
    )
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--address-b",
        action="store_true",
        help="ADDRESS is address B only (what follows the town name); the address parser is not used",
    )
    mode.add_argument(
        "--raw",
        action="store_true",
        help="ADDRESS is the 住所表示番号 itself (digits, hyphens, A-Z), encoded as given (PO box numbers etc.)",
    )
    p.add_argument("--svg", metavar="FILE", type=Path, help="write the symbol as SVG (print at 100 %%)")
    p.add_argument("--png", metavar="FILE", type=Path, help="write the symbol as a 1-bit PNG")
    p.add_argument("--dpi", type=int, default=600, help="PNG resolution (default 600)")
    p.add_argument(
        "--size", metavar="PT", type=_size, default=10.0, help="symbol size in points, 8 to 11.5 (default 10)"
    )
    p.add_argument("--json", action="store_true", help="print a JSON object instead of text")
    p.set_defaults(handler=run)


def _write_atomic(path: Path, data: bytes) -> None:
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError("the output folder does not exist", file=str(path), hint="create it first")
    write_atomic(path, data)


def _tokens(args: argparse.Namespace) -> tuple[tuple[str, ...], str, str | None]:
    from addrjp.mailing.barcode import (
        address_number_for,
        customer_barcode_noted,
        encode_barcode,
        extract_address_number,
    )

    if args.raw:
        return encode_barcode(args.postal_code, args.address), args.address.upper(), None
    if args.address_b:
        number = extract_address_number(args.address)
        return encode_barcode(args.postal_code, number), number, None
    try:
        tokens, note = customer_barcode_noted(args.postal_code, args.address)
        number = address_number_for(args.postal_code, args.address)
    except ModuleNotFoundError:
        raise InputError(
            "the address parser or the postal data is not available in this installation",
            hint="give address B only (what follows the town name) with --address-b",
        ) from None
    return tokens, number, note


def run(args: argparse.Namespace) -> int:
    """Handler of ``addrjp barcode``: 0 when a barcode was made."""
    from addrjp.mailing.barcode import BarcodeError, barcode_to_text, postal_digits
    from addrjp.mailing.barcode_symbol import barcode_png, barcode_svg, bars

    try:
        postal_digits(args.postal_code)
        tokens, number, note = _tokens(args)
    except BarcodeError as exc:
        raise InputError(str(exc), column="postal_code/address", hint="check the postal code and address") from None
    code = "".join(tokens[:7])
    if args.svg:
        _write_atomic(args.svg, barcode_svg(tokens, size_pt=args.size).encode("utf-8"))
    if args.png:
        try:
            png = barcode_png(tokens, size_pt=args.size, dpi=args.dpi)
        except ValueError as exc:
            raise InputError(str(exc), hint="use --dpi between 72 and 4800") from None
        _write_atomic(args.png, png)
    result = {
        "postal_code": f"{code[:3]}-{code[3:]}",
        "address_number": number,
        "barcode": barcode_to_text(tokens),
        "tokens": list(tokens),
        "check_digit": tokens[-1],
        "bars": "".join(bars(tokens)),
        "review": note,
    }
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    out = sys.stdout
    out.write(f"郵便番号 postal code:          {result['postal_code']}\n")
    out.write(f"住所表示番号 address number:   {number or '(none)'}\n")
    out.write(f"barcode (mailing.csv):         {result['barcode']}\n")
    out.write(f"characters:                    STC {' '.join(tokens)} SPC\n")
    out.write(f"check digit:                   {tokens[-1]}\n")
    if note:
        sys.stderr.write(f"要確認 review: {note}\n")
    for label, path in (("SVG", args.svg), ("PNG", args.png)):
        if path:
            out.write(f"{label} written ({args.size:g} pt):".ljust(31) + f"{path}\n")
    return 0
