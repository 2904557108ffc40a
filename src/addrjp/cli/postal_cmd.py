"""``addrjp postal``: look up postal codes (郵便番号) and manage the Japan Post data.

::

    addrjp postal 160-0023                 # the areas of a code (readable table)
    addrjp postal --town 西新宿 --json     # every code of a town, as JSON for tools
    addrjp postal info                     # data version, source and counts
    addrjp postal import KEN_ALL.zip JIGYOSYO.zip [--out DIR]   # rebuild from Japan Post's files
    addrjp postal notes --coverage         # how many notes became rules (national and per prefecture)
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from dataclasses import asdict
from pathlib import Path
from typing import Any

from addrjp.cli.exit_codes import epilog
from addrjp.errors import InputError

_ACTIONS = ("info", "import", "notes")


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "postal",
        help="郵便番号を調べる / look up postal codes; info, import, notes",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=epilog("0 done; 1 not found"),
    )
    p.add_argument("words", nargs="*", metavar="CODE | info | import FILE... | notes",
                   help="a postal code (160-0023, 〒１６０－００２３…) or an action")
    p.add_argument("--town", help="町域名: list the codes of this town (e.g. 西新宿)")
    p.add_argument("--city", help="市区町村名 to narrow --town (e.g. 新宿区)")
    p.add_argument("--pref", help="都道府県名 to narrow --town (e.g. 東京都)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--out", type=Path, help="import: where to write the index (default: the user data dir)")
    p.add_argument("--coverage", action="store_true", help="notes: print how many notes became rules")
    p.add_argument("--unparsed", action="store_true", help="notes: list the notes kept as text")
    p.set_defaults(handler=run)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(_width(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = []
    for r in [headers, *rows] if any(headers) else rows:
        lines.append("  ".join(str(v) + " " * (w - _width(str(v))) for v, w in zip(r, widths, strict=True)).rstrip())
    return "\n".join(lines)


def _fmt_code(code: str) -> str:
    return f"{code[:3]}-{code[3:]}"


def _area_dict(a: Any) -> dict[str, Any]:
    d = asdict(a)
    d["rule"] = json.loads(a.rule.to_json()) if a.rule is not None else None
    return d


def _print_areas(areas: list[Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps([_area_dict(a) for a in areas], ensure_ascii=False, indent=2))
        return
    rows = []
    for a in areas:
        where = a.town + (f" {a.building}" if a.building else "")
        if a.kind == "area":
            detail = a.note or ""
            rule = a.rule.kind if a.rule is not None else ""
        else:
            detail = f"{a.office_name} {a.office_address}".strip()
            rule = ""
        rows.append([_fmt_code(a.code), a.kind, a.pref, a.city, where, detail, rule])
    print(_table(["郵便番号", "種別", "都道府県", "市区町村", "町域", "備考・事業所", "規則"], rows))


def run(args: argparse.Namespace) -> int:
    words: list[str] = list(args.words)
    if args.town:
        if words:
            raise InputError("give either a code or --town, not both")
        return _town(args)
    if not words:
        raise InputError("give a postal code, --town, or an action (info, import, notes)",
                         hint="e.g. addrjp postal 160-0023")
    action = words[0]
    if action == "info":
        return _info(args)
    if action == "import":
        return _import(args, words[1:])
    if action == "notes":
        return _notes(args)
    if len(words) > 1:
        raise InputError("give one postal code at a time")
    from addrjp.postal.lookup import lookup_postal

    areas = lookup_postal(action)
    if not areas:
        if args.json:
            print("[]")
        else:
            print(f"{action}: Japan Post has no such postal code", file=sys.stderr)
        return 1
    _print_areas(areas, args.json)
    return 0


def _town(args: argparse.Namespace) -> int:
    import polars as pl

    from addrjp.postal.index import load_index
    from addrjp.postal.lookup import lookup_postal
    from addrjp.text import fold_width

    df = load_index().areas
    cond = pl.col("town") == fold_width(args.town).strip()
    if args.city:
        cond &= pl.col("city") == fold_width(args.city).strip()
    if args.pref:
        cond &= pl.col("pref") == fold_width(args.pref).strip()
    codes = df.filter(cond).get_column("code").unique(maintain_order=True).to_list()
    areas = [a for code in codes for a in lookup_postal(code) if a.town == fold_width(args.town).strip()]
    if not areas:
        if args.json:
            print("[]")
        else:
            print("no such town in the postal data", file=sys.stderr)
        return 1
    _print_areas(areas, args.json)
    return 0


def _info(args: argparse.Namespace) -> int:
    from addrjp.postal.lookup import postal_data_info

    info = postal_data_info()
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 0
    counts = info.get("counts", {})
    rows = [
        ["data version", str(info.get("data_version", ""))],
        ["source", str(info.get("source", ""))],
        ["built", str(info.get("built_at", ""))],
        ["directory", str(info.get("directory", ""))],
        ["area codes", f"{counts.get('area_codes', 0):,} ({counts.get('area_rows', 0):,} rows)"],
        ["office codes", f"{counts.get('office_codes', 0):,} ({counts.get('office_rows', 0):,} rows)"],
        ["notes", f"{counts.get('distinct_notes', 0):,} distinct, {counts.get('unparsed_notes', 0)} kept as text"],
    ]
    print(_table(["", ""], rows))
    return 0


def _import(args: argparse.Namespace, files: list[str]) -> int:
    from addrjp.postal.importer import import_files
    from addrjp.postal.index import user_index_dir

    if not files:
        raise InputError("import needs the downloaded files", hint="addrjp postal import KEN_ALL.zip JIGYOSYO.zip")
    out = args.out or user_index_dir()
    built = import_files([Path(f) for f in files], out)
    c = built.meta["counts"]
    print(
        f"postal index written to {out}: {c['area_codes']:,} area codes, {c['office_codes']:,} office codes, "
        f"{c['unparsed_notes']} of {c['distinct_notes']:,} notes kept as text",
        file=sys.stderr,
    )
    return 0


def note_coverage(df: Any) -> dict[str, Any]:
    """Distinct notes and how many became rules: national, and per prefecture."""
    import polars as pl

    notes = df.filter(pl.col("note").is_not_null()).select("pref", "note", "rule_parsed")
    national = notes.unique(["note"])
    per_pref = (
        notes.unique(["pref", "note"]).group_by("pref", maintain_order=True)
        .agg(pl.len().alias("distinct"), pl.col("rule_parsed").sum().alias("parsed"))
    )
    return {
        "national": {"distinct": national.height, "parsed": int(national["rule_parsed"].sum())},
        "prefectures": {r["pref"]: {"distinct": r["distinct"], "parsed": int(r["parsed"])}
                        for r in per_pref.iter_rows(named=True)},
        "unparsed": sorted(national.filter(~pl.col("rule_parsed"))["note"].to_list()),
    }


def _notes(args: argparse.Namespace) -> int:
    from addrjp.postal.index import load_index

    cov = note_coverage(load_index().areas)
    if args.json:
        print(json.dumps(cov, ensure_ascii=False, indent=2))
        return 0
    nat = cov["national"]
    rows = [["全国 national", str(nat["distinct"]), str(nat["parsed"]), f"{100 * nat['parsed'] / nat['distinct']:.1f}%"]]
    if args.coverage or not args.unparsed:
        for pref, c in cov["prefectures"].items():
            rows.append([pref, str(c["distinct"]), str(c["parsed"]), f"{100 * c['parsed'] / c['distinct']:.1f}%"])
        print(_table(["", "distinct notes", "rules", "coverage"], rows))
    if args.unparsed:
        for note in cov["unparsed"]:
            print(note)
    return 0
