"""``addrjp clean``: batch cleansing of a register extract (一括クレンジング) into a mailing folder.

::

    addrjp clean 住民抽出.csv --out out/2026 --min-age 77 --as-of 2026-09-15
    addrjp clean register.xlsx --out out/x --map name=氏名,address=住所 --out-encoding cp932
    addrjp clean 住民抽出.csv --out out/v --style vertical --kanji-numerals positional --honorific 様

Exit codes: 0 done; 1 done, but held rows exist and ``--fail-on hold`` was given (or review rows with
``--fail-on review``); 2 usage or input error (nothing written); 3 a machine's fault (disk full, file-size
limit, read-only output folder: one line naming the path and the cause, nothing half-written).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from typing import TextIO

from addrjp.cli.exit_codes import epilog
from addrjp.errors import InputError

STATUS_ORDER = ("ok", "fixed", "review", "hold", "excluded")
STATUS_JA = {"ok": "正常", "fixed": "修正済", "review": "要確認", "hold": "保留", "excluded": "対象外"}


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("give the date as YYYY-MM-DD, e.g. 2026-09-15") from None


def _age(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("the age is a whole number, e.g. 77") from None
    if not 0 <= value <= 150:
        raise argparse.ArgumentTypeError("the age must be between 0 and 150")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``clean`` command."""
    p = subparsers.add_parser(
        "clean",
        help="名簿の一括クレンジング (cleanse a register extract into a mailing folder)",
        description=(
            "住民記録の抽出ファイル (CSV or .xlsx) を検査・正規化し、宛名ファイルを作ります。"
            " Reads a register extract, checks and normalises postal codes, addresses and names, finds "
            "duplicates, and writes mailing.csv (vendor), findings.csv (ward), manifest.json and report.html "
            "into --out, atomically and readable by the owner only."
        ),
        epilog=epilog("0 done (完了); 1 done with held rows and --fail-on hold (保留あり)"),
    )
    p.add_argument("input", help="入力ファイル: register extract (.csv UTF-8/CP932, or .xlsx)")
    p.add_argument("--out", required=True, metavar="DIR", help="出力フォルダ (output folder; must not exist)")
    p.add_argument("--force", action="store_true", help="上書き: replace DIR when it holds an earlier run")
    p.add_argument("--encoding", metavar="ENC",
                   help="入力の文字コード (utf-8, cp932/shift_jis, euc-jp); detected when omitted")
    p.add_argument("--sheet", metavar="NAME",
                   help="読むシート: the sheet of an .xlsx workbook to read (needed when several visible sheets "
                        "hold data; a hidden sheet is read only when named)")
    p.add_argument("--map", metavar="COL=見出し,...",
                   help="見出しの対応: e.g. name=氏名,postal_code=郵便番号,address=住所,address2=方書,"
                        "birthdate=生年月日,id=宛名番号 (Japanese headers are recognised without it)")
    p.add_argument("--min-age", type=_age, metavar="N", help="年齢条件: only people aged N or more (e.g. 77)")
    p.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD",
                   help="基準日 for --min-age (Japanese law: older at the end of the day before the birthday); "
                        "default today")
    p.add_argument("--charset", default="cp932", metavar="SET",
                   help="印字文字セット of the vendor: cp932 (default), jisx0208, jisx0213, unicode")
    p.add_argument("--out-encoding", default=None, choices=("cp932", "utf-8-sig", "utf-8"),
                   help="mailing.csv の文字コード; default from --charset: cp932 (CRLF) for cp932 and jisx0208, "
                        "utf-8-sig (UTF-8 with BOM) for jisx0213 and unicode; unencodable rows are held, never '?'")
    p.add_argument("--columns", default="ja", choices=("ja", "en"),
                   help="mailing.csv の列: ja (default; 宛名番号, 郵便番号, 住所1, 住所2, 氏名, 敬称, 連名1-3, "
                        "カスタマバーコード, as label software reads them) or en (id, postal_code, address1, "
                        "address2, name, barcode)")
    p.add_argument("--honorific", default="様", metavar="敬称",
                   help="敬称 printed after each name (default 様); a register column 敬称 wins where filled")
    p.add_argument("--style", default="horizontal", choices=("horizontal", "vertical"),
                   help="住所の書式 of 住所1/住所2: horizontal (default; 西新宿2-8-1) or vertical (縦書き: "
                        "西新宿二丁目八番一号, rooms and floors in kanji, building names full width)")
    p.add_argument("--kanji-numerals", default="tens", choices=("tens", "positional"),
                   help="漢数字 of --style vertical: tens (default; 十一番, 百四号室) or positional (一一番, 一〇四号室)")
    p.add_argument("--prefecture", action=argparse.BooleanOptionalAction, default=True,
                   help="都道府県を住所1に書く (default yes); --no-prefecture leaves it out (東京都 …)")
    p.add_argument("--area", metavar="CODE|none",
                   help="対象地域: local government code (全国地方公共団体コード, 5 digits or 6 with the check "
                        "digit), e.g. 13104 for 新宿区: addresses are read in it first and those outside are "
                        "flagged; none turns it off; default: inferred from the register (90%% of the rows "
                        "in one municipality)")
    p.add_argument("--gaiji-map", metavar="FILE", help="外字対応表: the ward's private-use → Unicode table")
    p.add_argument("--name-overrides", metavar="FILE", help="氏名の個別指定: id → name as it must be printed")
    p.add_argument("--returned", metavar="FILE", help="前回返戻リスト: addresses mail came back from")
    p.add_argument("--decisions", metavar="FILE",
                   help="判断記録: the ward's decisions saved from the review page (report.html); each is applied "
                        "when its row is unchanged (stale, unknown and conflicting ones are listed)")
    p.add_argument("--joint-household", action="store_true",
                   help="世帯ごとに1通 (連名): one postcard per household with the members' names joined; "
                        "the other members' rows become excluded (select.household_joint)")
    p.add_argument("--fail-on", choices=("never", "hold", "review"), default="never",
                   help="exit 1 when rows are held (hold) or held or to review (review); default never")
    p.add_argument("--workers", type=int, metavar="N", help="processes for large inputs (default: up to 2)")
    p.add_argument("--no-barcode", action="store_true", help="カスタマバーコード欄を作らない")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary on stderr")
    p.set_defaults(handler=run)


class ProgressBar:
    """A progress bar on stderr (stage and counts only: never a name or an address)."""

    def __init__(self, stream: TextIO, *, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        now = time.monotonic()
        if done < total and now - self.last < 0.2:
            return
        self.last = now
        width = 30
        filled = width * done // total
        self.stream.write(f"\r  {stage:<10} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def summary_table(counts: dict, out: str, seconds: float, *, sheet: str | None = None) -> str:
    """The short table printed at the end of a run (with the workbook's sheet that was read)."""
    by = counts["by_status"]
    total = counts["input"] or 1
    lines = [f"addrjp clean: {counts['input']:,} rows in {seconds:.1f} s → {out}"]
    if sheet is not None:
        lines.append(f"  sheet (読んだシート): {sheet}")
    lines.append(f"  {'status':<10}{'rows':>10}{'%':>8}")
    for s in STATUS_ORDER:
        n = by.get(s, 0)
        lines.append(f"  {s:<10}{n:>10,}{100 * n / total:>7.1f}%  {STATUS_JA[s]}")
    lines.append(f"  mailing.csv (印刷 to print): {counts['mailing']:,} rows")
    top = sorted(counts.get("by_finding", {}).items(), key=lambda kv: -kv[1])[:5]
    if top:
        lines.append("  top findings: " + ", ".join(f"{c} {n:,}" for c, n in top))
    return "\n".join(lines)


def _notice(line: str) -> None:
    """A fact the user must hear even with --quiet (a removed temporary of an interrupted run)."""
    print(f"addrjp clean: {line}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Handler of ``addrjp clean``."""
    from pathlib import Path

    from addrjp.allocator import set_for_batch_run
    from addrjp.collector import lasting

    set_for_batch_run()  # before polars is imported: its allocator keeps freed pages for the next chunk
    with lasting():  # polars and the pipeline: imported once, kept to the end, never walked by the collector
        from addrjp.mailing.area import AUTO, NONE, area_code
        from addrjp.mailing.label import check_honorific
        from addrjp.mailing.pipeline import Options, run_clean
        from addrjp.mailing.reader import parse_mapping

    if args.as_of and args.min_age is None:
        raise InputError("--as-of is the reference date of --min-age", hint="add --min-age, e.g. --min-age 77")
    if args.workers is not None and args.workers < 1:
        raise InputError("--workers must be 1 or more")
    area = AUTO if args.area is None else args.area.strip()
    if area.lower() not in (AUTO, NONE):
        area = area_code(area, option="--area")  # a usage error before anything is read
    try:
        from addrjp.text.charsets import profile

        charset = profile(args.charset).name
    except ImportError:  # pragma: no cover - the text layer ships with addrjp
        charset = args.charset
    opts = Options(
        charset=charset,
        out_encoding=args.out_encoding,
        columns=args.columns,
        honorific=check_honorific(args.honorific, charset),
        style=args.style,
        prefecture=args.prefecture,
        numerals=args.kanji_numerals,
        min_age=args.min_age,
        as_of=args.as_of or (dt.date.today() if args.min_age is not None else None),
        area=area,
        gaiji_map=args.gaiji_map,
        name_overrides=args.name_overrides,
        returned=args.returned,
        workers=args.workers,
        barcode=not args.no_barcode,
        joint_household=args.joint_household,
        decisions=args.decisions,
    )
    for option, value in (("--gaiji-map", args.gaiji_map), ("--name-overrides", args.name_overrides),
                          ("--returned", args.returned), ("--decisions", args.decisions)):
        if value and not Path(value).is_file():
            raise InputError(f"{option}: no such file", file=value)
    bar = ProgressBar(sys.stderr, enabled=not args.quiet and sys.stderr.isatty())
    result = run_clean(args.input, args.out, opts, encoding=args.encoding, mapping=parse_mapping(args.map),
                       force=args.force, progress=bar, notice=_notice, sheet=args.sheet)
    if not args.quiet:
        print(summary_table(result.counts, args.out, result.seconds, sheet=result.sheet), file=sys.stderr)
        from addrjp.review.summary import decisions_lines

        for line in decisions_lines(result.counts.get("decisions", {}), given=bool(args.decisions)):
            print(line, file=sys.stderr)
    by = result.counts["by_status"]
    if args.fail_on == "hold" and by.get("hold", 0):
        return 1
    if args.fail_on == "review" and (by.get("hold", 0) or by.get("review", 0)):
        return 1
    return 0
