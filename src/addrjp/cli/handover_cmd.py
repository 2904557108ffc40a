"""``addrjp keygen | seal | open | ledger | erase``: the safe handover of the mailing file (受け渡し).

Thin over ``addrjp.handover``: parses options, calls the library, prints a short summary. No name or
address is ever printed; only file names, counts and hashes.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from addrjp.errors import InputError, IntegrityError


def register(sub: Any) -> None:
    """Add the handover commands to the ``addrjp`` parser."""
    p = sub.add_parser("keygen", help="委託先の鍵ペアを作る (make the vendor's age key pair)",
                       description="Write PREFIX.pub (give it to the ward) and PREFIX.key (secret, mode 0600).")
    p.add_argument("--out", required=True, metavar="PREFIX", help="path prefix of the two key files")
    p.set_defaults(handler=_keygen)

    p = sub.add_parser("seal", help="受け渡しデータを暗号化する (seal the mailing package for the vendor)",
                       description="Encrypt mailing.csv and manifest.json of an addrjp clean output folder "
                       "to the vendor's public key (age), or into an AES-256 ZIP with --zip-aes. findings.csv "
                       "and report.html stay at the ward unless --include names them.")
    p.add_argument("directory", metavar="DIR", help="output folder of addrjp clean")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--recipient", metavar="PREFIX.pub", help="the vendor's public key file (or age1... key)")
    how.add_argument("--zip-aes", action="store_true",
                     help="AES-256 ZIP for 7-Zip; a random password is printed once for the password notice")
    p.add_argument("--out", required=True, metavar="PACKAGE", help="the package file to write")
    p.add_argument("--include", action="append", default=[], metavar="FILE",
                   help="also seal this file of DIR (e.g. findings.csv: holds original names and addresses)")
    p.add_argument("--force", action="store_true", help="overwrite an existing package file")
    p.add_argument("--require-decisions", action="store_true",
                   help="判断必須: refuse to seal while review rows (要確認) have no decision (see report.html)")
    p.set_defaults(handler=_seal)

    p = sub.add_parser("open", help="受け取ったデータを復号し検査する (decrypt a package, then check it)",
                       description="Decrypt PACKAGE into a new folder (nothing is written on a wrong key or "
                       "password), then run the pre-print check (addrjp check) on it.")
    p.add_argument("package", metavar="PACKAGE")
    p.add_argument("--identity", metavar="PREFIX.key", help="secret key for an age package")
    p.add_argument("--password-stdin", action="store_true",
                   help="read the ZIP password from standard input (otherwise it is asked for)")
    p.add_argument("--out", required=True, metavar="DIR", help="new folder for the files")
    p.add_argument("--no-check", action="store_true", help="do not run the pre-print check")
    p.set_defaults(handler=_open)

    p = sub.add_parser("ledger", help="管理簿 (the handover ledger): add, show, verify")
    lsub = p.add_subparsers(dest="ledger_command", metavar="add|show|verify", required=True)
    a = lsub.add_parser("add", help="record one handover")
    a.add_argument("--ledger", required=True, metavar="FILE")
    a.add_argument("--handler", dest="handler_name", required=True, metavar="NAME", help="取扱者: who handed over / received")
    a.add_argument("--direction", required=True, choices=["ward-to-vendor", "vendor-to-ward"])
    a.add_argument("--package", required=True, metavar="PACKAGE")
    a.add_argument("--records", type=int, metavar="N", help="件数, if the package has no receipt")
    a.add_argument("--content", metavar="TEXT", help="内容, if the package has no receipt")
    a.set_defaults(handler=_ledger_add)
    s = lsub.add_parser("show", help="print the ledger and check its chain")
    s.add_argument("--ledger", required=True, metavar="FILE")
    s.set_defaults(handler=_ledger_show)
    v = lsub.add_parser("verify", help="check that no entry was edited, removed or reordered")
    v.add_argument("--ledger", required=True, metavar="FILE")
    v.add_argument("--head", metavar="HASH", help="the head hash noted at the last add (detects cut-off entries)")
    v.add_argument("--count", type=int, metavar="N", help="the number of entries expected")
    v.set_defaults(handler=_ledger_verify)

    p = sub.add_parser("erase", help="データを消去し消去証明書を作る (erase a package, write a certificate)",
                       description="Overwrite and unlink the files of an opened package, then write the "
                       "certificate FILE (JSON) and a printable HTML beside it.")
    p.add_argument("directory", metavar="DIR", help="the folder made by addrjp open")
    p.add_argument("--certificate", required=True, metavar="FILE", help="certificate JSON (HTML goes beside it)")
    p.add_argument("--package", action="append", default=[], metavar="PACKAGE",
                   help="also erase this sealed package file")
    p.add_argument("--responsible", default="", metavar="NAME", help="責任者 (person responsible)")
    p.add_argument("--title", default="", help="責任者の役職 (title)")
    p.add_argument("--organization", default="", help="事業者名 (organization)")
    p.add_argument("--location", default="", help="作業場所 (location)")
    p.add_argument("--phone", default="", help="連絡先 (phone)")
    p.add_argument("--medium", default="", help="媒体 (medium, e.g. the PC or drive and its serial number)")
    p.add_argument("--information", default=None, help="情報項目 (default: from mailing.csv's columns)")
    p.add_argument("--contract", default="", help="委託業務名 (contract or work title)")
    p.set_defaults(handler=_erase)


def _keygen(args: argparse.Namespace) -> int:
    from addrjp.handover.keys import generate_keypair

    pair = generate_keypair(args.out)
    print(f"public key (give to the ward / 区へ渡す): {pair.public_path}")
    print(f"secret key (keep here, never send / 委託先で保管): {pair.identity_path} (mode 0600)")
    print(f"recipient: {pair.recipient}")
    return 0


def _seal(args: argparse.Namespace) -> int:
    from addrjp.handover.package import WARD_ONLY_FILES
    from addrjp.handover.seal import seal_directory

    for name in args.include:
        if name in WARD_ONLY_FILES:
            print(f"note: including {name}, which holds the ward's own data (original names, addresses, "
                  "findings)", file=sys.stderr)
    result = seal_directory(args.directory, args.out, recipient=args.recipient, zip_aes=args.zip_aes,
                            include=args.include, overwrite=args.force,
                            require_decisions=getattr(args, "require_decisions", False))
    if result.undecided_review:
        print(f"warning: {result.undecided_review:,} review rows (要確認) have no decision yet and are sealed to "
              "print as they are; decide them in report.html and run addrjp clean --decisions FILE, or seal with "
              "--require-decisions to refuse", file=sys.stderr)
    print(f"sealed {result.records} records ({', '.join(result.files)}) into {result.package} "
          f"[{result.format}]")
    if result.withheld:
        print(f"kept at the ward (not sealed): {', '.join(result.withheld)}")
    print(f"SHA-256: {result.sha256}")
    print(f"receipt for the ledger: {result.receipt}")
    if result.password is not None:
        if not sys.stdout.isatty():
            print("warning: the password goes to redirected output; do not keep it beside the package",
                  file=sys.stderr)
        print("\nPASSWORD (shown once; write it on the separate password notice, パスワード通知書, and send it "
              "separately from the medium; it is not stored anywhere):")
        print(f"    {result.password}\n")
    return 0


def _read_password(args: argparse.Namespace) -> str | None:
    from addrjp.handover.seal import FORMAT_ZIP, package_format

    try:
        with open(args.package, "rb") as handle:
            head = handle.read(64)
    except OSError:
        return None  # open_package reports the missing file
    if package_format(head) != FORMAT_ZIP:
        return None
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise InputError("this ZIP package needs its password", file=args.package,
                         hint="type it at a terminal, or pipe it with --password-stdin")
    return getpass.getpass("password (パスワード): ")


def _open(args: argparse.Namespace) -> int:
    from addrjp.handover.keys import identity_is_private
    from addrjp.handover.seal import open_package

    password = _read_password(args)
    if args.identity and not identity_is_private(args.identity):
        print(f"warning: {args.identity} is readable by other users; run: chmod 600 {args.identity}",
              file=sys.stderr)
    result = open_package(args.package, args.out, identity=args.identity, password=password)
    print(f"opened {result.records} records into {result.directory} ({', '.join(result.files)}); "
          "every file matched its SHA-256")
    if args.no_check:
        return 0
    try:
        from addrjp.mailing.check import check_output
    except ModuleNotFoundError as exc:
        if exc.name not in ("addrjp.mailing.check", "addrjp.mailing"):
            raise
        print("pre-print check skipped: addrjp.mailing.check is not available in this version", file=sys.stderr)
        return 0
    report = check_output(result.directory)
    print(report.render())
    return 0 if report.ok else 1


def _ledger_add(args: argparse.Namespace) -> int:
    from addrjp.handover.ledger import DIRECTIONS, Ledger

    entry = Ledger(args.ledger).add_package(args.package, handler=args.handler_name, direction=args.direction,
                                            content=args.content, records=args.records)
    print(f"entry {entry.seq}: {entry.time} {DIRECTIONS[entry.direction]} {entry.records} records, "
          f"{entry.package} SHA-256 {entry.package_sha256}")
    if entry.same_package_as is not None:
        print(f"same package as entry {entry.same_package_as} (identical SHA-256)")
    print(f"head hash (note it on paper to detect later removal of entries): {entry.hash}")
    return 0


def _ledger_show(args: argparse.Namespace) -> int:
    from addrjp.handover.ledger import DIRECTIONS, Ledger

    book = Ledger(args.ledger)
    if not book.path.exists():
        raise InputError("the ledger file does not exist", file=args.ledger)
    entries = book.read()
    print("番号  日時                       方向              件数  取扱者 / 内容 / パッケージ SHA-256")
    for e in entries:
        same = f" (= entry {e.same_package_as})" if e.same_package_as else ""
        print(f"{e.seq:>4}  {e.time:<25}  {DIRECTIONS.get(e.direction, e.direction):<16}  {e.records:>6}  "
              f"{e.handler} / {e.content} / {e.package} {e.package_sha256[:16]}…{same}")
    try:
        verified = book.verify()
    except IntegrityError as exc:
        raise IntegrityError(f"the chain is BROKEN: {exc}") from None
    print(f"chain OK: {verified.entries} entries, head {verified.head}")
    return 0


def _ledger_verify(args: argparse.Namespace) -> int:
    from addrjp.handover.ledger import Ledger

    verified = Ledger(args.ledger).verify(expect_head=args.head, expect_count=args.count)
    print(f"ledger OK: {verified.entries} entries, no entry edited, removed or reordered; head {verified.head}")
    if args.head is None:
        print("(entries cut off at the end are detected only with --head or --count)")
    return 0


def _erase(args: argparse.Namespace) -> int:
    from addrjp.handover.erase import erase_directory

    cert = erase_directory(args.directory, args.certificate, responsible=args.responsible, title=args.title,
                           organization=args.organization, location=args.location, phone=args.phone,
                           medium=args.medium, information=args.information, contract=args.contract,
                           packages=args.package)
    print(f"erased {len(cert.erased)} files ({sum(e.bytes for e in cert.erased):,} bytes); folder removed")
    print(f"certificate: {cert.json_path} and {cert.html_path} (print, sign, hand to the ward)")
    print("note: a file-level overwrite cannot prove that SSD/flash sectors, backups or other copies are gone")
    return 0
