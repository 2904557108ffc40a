"""``addrjp normalize``: 住所の正規化 (address normalization) in a house style.

::

    addrjp normalize 東京都新宿区西新宿２－８－１                 # 新宿区西新宿2-8-1
    addrjp normalize --style official 新宿区西新宿2-8-1           # 東京都新宿区西新宿二丁目8番1号
    addrjp normalize --style vertical --split-building "西新宿2-8-1 新宿センタービル 15F"
    addrjp normalize --json 新宿区西新宿2-8-1                     # the parsed parts as JSON
    cat addresses.txt | addrjp normalize -                        # one address per line from stdin

Styles: official (as a resident register writes it), horizontal (横書き, hyphens), vertical (縦書き, kanji).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import Any

from addrjp.address.styles import STYLES
from addrjp.cli.exit_codes import epilog


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "normalize",
        help="住所を正規化する / normalize addresses in a house style",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=epilog("0 done"),
    )
    p.add_argument("text", nargs="+", metavar="TEXT", help="addresses (quote those with spaces); - reads stdin")
    p.add_argument("--style", choices=STYLES, default="horizontal",
                   help="official: 東京都新宿区西新宿二丁目8番1号; horizontal (default): 新宿区西新宿2-8-1; "
                        "vertical: 新宿区西新宿二丁目八番一号")
    pref = p.add_mutually_exclusive_group()
    pref.add_argument("--prefecture", dest="prefecture", action="store_true", default=None,
                      help="always write the prefecture (default: official style only)")
    pref.add_argument("--no-prefecture", dest="prefecture", action="store_false",
                      help="never write the prefecture")
    p.add_argument("--kanji-numerals", choices=("tens", "positional"), default="tens",
                   help="vertical style: tens (default; 十一番, 百四号室) or positional (一一番, 一〇四号室)")
    p.add_argument("--split-building", action="store_true",
                   help="building and room on a second line (tab-separated in text output)")
    p.add_argument("--postal-code", metavar="CODE", help="postal code as context for a missing prefecture/city/town")
    p.add_argument("--json", action="store_true", help="print one JSON object per address (parts and the result)")
    p.set_defaults(handler=run)


def _inputs(texts: list[str]) -> Iterable[str]:
    for t in texts:
        if t == "-":
            for line in sys.stdin:
                line = line.rstrip("\r\n")
                if line.strip():
                    yield line
        else:
            yield t


def run(args: argparse.Namespace) -> int:
    from addrjp.address.format import format_address  # here, not at start-up: the parser and its data
    from addrjp.address.parse import parse_address

    unmatched = 0
    for text in _inputs(args.text):
        a = parse_address(text, postal_code=args.postal_code)
        result = format_address(a, args.style, prefecture=args.prefecture, split_building=args.split_building,
                                numerals=args.kanji_numerals)
        if a.town is None:
            unmatched += 1
        if args.json:
            d = a.to_dict()
            d["normalized"] = list(result) if isinstance(result, tuple) else result
            print(json.dumps(d, ensure_ascii=False))
        else:
            print("\t".join(result) if isinstance(result, tuple) else result)
    if unmatched:
        print(f"addrjp normalize: {unmatched} address(es) without a recognised town (kept as written)",
              file=sys.stderr)
    return 0
