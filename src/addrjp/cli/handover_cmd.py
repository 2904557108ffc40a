"""``addrjp keygen | seal | open | ledger | erase``: the safe handover of the mailing file (受け渡し).

Thin over ``addrjp.handover``: parses options, calls the library, prints a short summary. No name or
address is ever printed; only file names, counts and hashes.

Exit codes of these commands: 0 done; 1 a check failed (検査不合格: a package, ledger or certificate does
not match what was recorded, or the pre-print check after ``open`` failed; nothing was written or erased);
2 usage or input error (a missing file, a wrong key or password, a folder that is not a received package);
3 a machine's fault (disk full, read-only folder).
"""

from __future__ import annotations

import argparse
import functools
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from addrjp.cli.exit_codes import epilog
from addrjp.errors import EXIT_FINDINGS, InputError, IntegrityError

EXIT_CODES = epilog("0 done; 1 check failed (検査不合格: does not match what the ward recorded, or the "
                    "pre-print check failed; nothing written or erased)")

Handler = Callable[[argparse.Namespace], int]


def _exit_codes(handler: Handler) -> Handler:
    """A failed check is exit 1 (as for ``addrjp check``); a stray OS error reaches ``main``, which makes it a
    machine's fault (exit 3) like every command's."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except IntegrityError as exc:
            print(f"addrjp {args.command}: 検査不合格 (check failed): {exc}", file=sys.stderr)
            return EXIT_FINDINGS

    return run


def _parser(sub: Any, name: str, **kwargs: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, epilog=EXIT_CODES, **kwargs)
    return parser


def register(sub: Any) -> None:
    """Add the handover commands to the ``addrjp`` parser."""
    p = _parser(sub, "keygen", help="鍵ペアを作る (make the vendor's age key pair, or the ward's signing key)",
                description="Vendor: write PREFIX.pub (give it to the ward) and PREFIX.key (secret, mode 0600). "
                "Ward, with --signing: write PREFIX.sign.pub (give it to the vendor) and PREFIX.sign.key "
                "(secret, mode 0600, stays at the ward) to sign packages (Ed25519, minisign format).")
    p.add_argument("--out", required=True, metavar="PREFIX", help="path prefix of the two key files")
    p.add_argument("--signing", action="store_true",
                   help="make the ward's signing key (署名鍵) instead of the vendor's encryption key")
    p.set_defaults(handler=_exit_codes(_keygen))

    p = _parser(sub, "seal", help="受け渡しデータを暗号化する (seal the mailing package for the vendor)",
                description="Encrypt mailing.csv and manifest.json of an addrjp clean output folder "
                "to the vendor's public key (age), or into an AES-256 ZIP with --zip-aes. findings.csv "
                "and report.html stay at the ward unless --include names them. With --sign-key the package "
                "is signed with the ward's key (PACKAGE.minisig beside it).")
    p.add_argument("directory", metavar="DIR", help="output folder of addrjp clean")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--recipient", metavar="PREFIX.pub", help="the vendor's public key file (or age1... key)")
    how.add_argument("--zip-aes", action="store_true",
                     help="AES-256 ZIP for 7-Zip; a random password is printed once for the password notice")
    p.add_argument("--out", required=True, metavar="PACKAGE", help="the package file to write")
    p.add_argument("--sign-key", metavar="PREFIX.sign.key",
                   help="the ward's secret signing key: sign the package (PACKAGE.minisig) so that the vendor "
                   "can prove it comes from the ward")
    p.add_argument("--include", action="append", default=[], metavar="FILE",
                   help="also seal this file of DIR (e.g. findings.csv: holds original names and addresses)")
    p.add_argument("--force", action="store_true", help="overwrite an existing package file")
    p.add_argument("--require-decisions", action="store_true",
                   help="判断必須: refuse to seal while review rows (要確認) have no decision (see report.html)")
    p.set_defaults(handler=_exit_codes(_seal))

    p = _parser(sub, "open", help="受け取ったデータを確認・復号し検査する (verify, decrypt and check a package)",
                description="Check that PACKAGE is the one the ward sent (the ward's signature, the SHA-256 it "
                "recorded, or its ledger: at least one), decrypt it into a new folder (nothing is written on a "
                "mismatch, a wrong key or password), then run the pre-print check (addrjp check) on it.")
    p.add_argument("package", metavar="PACKAGE")
    p.add_argument("--identity", metavar="PREFIX.key", help="secret key for an age package")
    p.add_argument("--password-stdin", action="store_true",
                   help="read the ZIP password from standard input (otherwise it is asked for)")
    p.add_argument("--ward-key", metavar="WARD.sign.pub",
                   help="the ward's public signing key: PACKAGE.minisig must be the ward's signature")
    p.add_argument("--signature", metavar="FILE", help="the signature file, if not PACKAGE.minisig")
    p.add_argument("--expect-sha256", metavar="HEX",
                   help="the package's SHA-256 as the ward recorded it (handover form, 受け渡し票)")
    p.add_argument("--ledger", metavar="FILE",
                   help="the ward's ledger (管理簿): it must record the handover of this package")
    p.add_argument("--out", required=True, metavar="DIR", help="new folder for the files")
    p.add_argument("--no-check", action="store_true", help="do not run the pre-print check")
    p.set_defaults(handler=_exit_codes(_open))

    p = _parser(sub, "ledger", help="管理簿 (the handover ledger): add, show, verify")
    lsub = p.add_subparsers(dest="ledger_command", metavar="add|show|verify", required=True)
    a = _parser(lsub, "add", help="record one handover, or the return of an erasure certificate",
                description="--kind handover (default): record a package handed over (--direction, --package). "
                "--kind certificate: check the vendor's erasure certificate against this ledger and record its "
                "receipt (the same as addrjp erase verify).")
    a.add_argument("--ledger", required=True, metavar="FILE")
    a.add_argument("--handler", dest="handler_name", required=True, metavar="NAME",
                   help="取扱者: who handed over / received")
    a.add_argument("--kind", choices=["handover", "certificate"], default="handover",
                   help="handover (受け渡し, default) or certificate (消去証明書の受領)")
    a.add_argument("--direction", choices=["ward-to-vendor", "vendor-to-ward"], help="for --kind handover")
    a.add_argument("--package", metavar="PACKAGE", help="for --kind handover")
    a.add_argument("--certificate", metavar="CERT.json", help="for --kind certificate")
    a.add_argument("--records", type=int, metavar="N", help="件数, if the package has no receipt")
    a.add_argument("--content", metavar="TEXT", help="内容, if the package has no receipt")
    a.set_defaults(handler=_exit_codes(_ledger_add))
    s = _parser(lsub, "show", help="print the ledger and check its chain (text, CSV for Excel, printable HTML)")
    s.add_argument("--ledger", required=True, metavar="FILE")
    s.add_argument("--format", choices=["text", "csv", "html"], default="text",
                   help="text (default), csv (UTF-8 with BOM, for Excel) or html (printable page)")
    s.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    s.add_argument("--force", action="store_true", help="replace an existing --out file")
    s.set_defaults(handler=_exit_codes(_ledger_show))
    v = _parser(lsub, "verify", help="check that no entry was edited, removed or reordered")
    v.add_argument("--ledger", required=True, metavar="FILE")
    v.add_argument("--head", metavar="HASH", help="the head hash noted at the last add (detects cut-off entries)")
    v.add_argument("--count", type=int, metavar="N", help="the number of entries expected")
    v.set_defaults(handler=_exit_codes(_ledger_verify))

    p = _parser(sub, "erase", help="データを消去し消去証明書を作る (erase a received package, write a certificate)",
                usage="addrjp erase [DIR] --certificate FILE [--package PACKAGE ...] [options]\n"
                      "       addrjp erase verify CERT --ledger LEDGER --handler NAME",
                description="Vendor: overwrite and unlink the files of a package received through addrjp open "
                "(DIR: its handover.json and every file must match, nothing else may be inside; addrjp's "
                "marked temporaries beside it go too) and each --package (a sealed package), then write the "
                "certificate FILE (JSON) and a printable HTML beside it. A refusal touches nothing. "
                "Ward: 'addrjp erase verify CERT --ledger LEDGER' checks a returned certificate against the "
                "package hash in the ledger and records its receipt.")
    p.add_argument("directory", nargs="?", metavar="DIR", help="the folder made by addrjp open (or: verify)")
    p.add_argument("cert", nargs="?", metavar="CERT", help=argparse.SUPPRESS)
    p.add_argument("--certificate", metavar="FILE", help="certificate JSON to write (HTML goes beside it)")
    p.add_argument("--package", action="append", default=[], metavar="PACKAGE",
                   help="also erase this sealed package file")
    p.add_argument("--ledger", metavar="FILE",
                   help="erase: each --package must be recorded in it; verify: the ward's ledger")
    p.add_argument("--handler", dest="handler_name", metavar="NAME",
                   help="verify: 取扱者, who received the certificate")
    p.add_argument("--responsible", default="", metavar="NAME", help="責任者 (person responsible)")
    p.add_argument("--title", default="", help="責任者の役職 (title)")
    p.add_argument("--organization", default="", help="事業者名 (organization)")
    p.add_argument("--location", default="", help="作業場所 (location)")
    p.add_argument("--phone", default="", help="連絡先 (phone)")
    p.add_argument("--medium", default="", help="媒体 (medium, e.g. the PC or drive and its serial number)")
    p.add_argument("--information", default=None, help="情報項目 (default: from mailing.csv's columns)")
    p.add_argument("--contract", default="", help="委託業務名 (contract or work title)")
    p.set_defaults(handler=_exit_codes(_erase))


def _keygen(args: argparse.Namespace) -> int:
    if args.signing:
        from addrjp.handover.signing import generate_signing_key

        signing = generate_signing_key(args.out)
        print(f"ward public signing key (give to the vendor / 委託先へ渡す): {signing.public_path}")
        print(f"ward secret signing key (keep at the ward, never send / 区で保管): {signing.secret_path} "
              "(mode 0600)")
        print(f"key id: {signing.key_id}")
        return 0
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
                            include=args.include, overwrite=args.force, sign_key=args.sign_key,
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
    if result.signature is not None:
        print(f"signed with the ward key {result.signed_by}: {result.signature} (send it with the package)")
    else:
        print("not signed: the vendor can check the package only against the SHA-256 above (write it on the "
              "handover form) or your ledger; sign with --sign-key WARD.sign.key", file=sys.stderr)
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
    result = open_package(args.package, args.out, identity=args.identity, password=password,
                          expect_sha256=args.expect_sha256, ledger=args.ledger, ward_key=args.ward_key,
                          signature=args.signature)
    if args.identity and not identity_is_private(args.identity):
        print(f"warning: {args.identity} is readable by other users; run: chmod 600 {args.identity}",
              file=sys.stderr)
    if result.origin is not None:
        for line in result.origin.checks:
            print(f"verified: {line}")
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
    return 0 if report.ok else EXIT_FINDINGS


def _ledger_add(args: argparse.Namespace) -> int:
    from addrjp.handover.ledger import DIRECTIONS, Ledger

    book = Ledger(args.ledger)
    if args.kind == "certificate":
        if not args.certificate or args.package or args.direction:
            raise InputError("--kind certificate takes --certificate CERT.json (no --package, no --direction)",
                             hint="addrjp ledger add --ledger L --handler NAME --kind certificate --certificate C")
        return _record_certificate(Path(args.certificate), book, args.handler_name)
    if not args.package or not args.direction or args.certificate:
        raise InputError("--kind handover takes --direction and --package (no --certificate)",
                         hint="addrjp ledger add --ledger L --handler NAME --direction ward-to-vendor --package P")
    entry = book.add_package(args.package, handler=args.handler_name, direction=args.direction,
                             content=args.content, records=args.records)
    print(f"entry {entry.seq}: {entry.time} ({entry.date_wareki}) {DIRECTIONS[entry.direction]} {entry.records} "
          f"records, {entry.package} SHA-256 {entry.package_sha256}")
    if entry.same_package_as is not None:
        print(f"same package as entry {entry.same_package_as} (identical SHA-256)")
    print(f"head hash (note it on paper to detect later removal of entries): {entry.hash}")
    return 0


def _record_certificate(path: Path, book: Any, handler: str) -> int:
    from addrjp.handover.certificate import record_certificate

    checked, entry = record_certificate(path, book, handler=handler)
    h = checked.handover
    print(f"certificate OK: erasure complete on {checked.finished_wareki} ({checked.finished}), "
          f"{checked.erased_files} files, by {checked.responsible or '(not named)'}")
    print(f"it covers the package of entry {h.seq} ({h.package}, {h.records} records, SHA-256 "
          f"{h.package_sha256[:16]}…)")
    for note in checked.notes:
        print(f"note: {note}")
    print(f"recorded as entry {entry.seq}: {entry.time} ({entry.date_wareki}), received by {entry.handler}")
    print(f"head hash (note it on paper to detect later removal of entries): {entry.hash}")
    return 0


def _ledger_show(args: argparse.Namespace) -> int:
    from addrjp.handover.ledger import DIRECTIONS, Ledger
    from addrjp.handover.ledger_print import ledger_csv, ledger_html

    book = Ledger(args.ledger)
    if not book.path.exists():
        raise InputError("the ledger file does not exist", file=args.ledger)
    entries = book.read()
    try:
        verified = book.verify()
        chain, ok = f"OK: {verified.entries} entries, head {verified.head}", True
    except IntegrityError as exc:
        chain, ok = f"BROKEN: {exc}", False
    if args.format == "text":
        lines = ["番号  日時 (JST)                 和暦              方向              件数  取扱者 / 内容 / "
                 "パッケージ SHA-256"]
        for e in entries:
            same = f" (= entry {e.same_package_as})" if e.same_package_as else ""
            lines.append(f"{e.seq:>4}  {e.jst_time:<25}  {e.wareki:<14}  "
                         f"{DIRECTIONS.get(e.direction, e.direction):<16}  {e.records:>6}  "
                         f"{e.handler} / {e.content} / {e.package} {e.package_sha256[:16]}…{same}")
        data = ("\n".join(lines) + "\n" + (f"chain {chain}\n" if ok else "")).encode("utf-8")
    elif args.format == "csv":
        data = ledger_csv(entries, chain=chain)
    else:
        data = ledger_html(entries, chain=chain, ok=ok, title=book.path.name).encode("utf-8")
    if args.out:
        _write_out(Path(args.out), data, force=args.force, ledger=book.path)
        print(f"wrote {args.out} ({len(entries)} entries)")
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    if not ok:
        raise IntegrityError(f"the chain is {chain}")
    return 0


def _write_out(path: Path, data: bytes, *, force: bool, ledger: Path) -> None:
    from addrjp.fileio import fault_from, write_atomic

    if path.resolve() == ledger.resolve():
        raise InputError("--out is the ledger itself; refusing to overwrite it", file=str(path))
    if (path.exists() or path.is_symlink()) and not force:
        raise InputError("the file already exists; refusing to overwrite it", file=str(path),
                         hint="choose another --out, or add --force")
    if not path.parent.is_dir():
        raise InputError("the folder for --out does not exist", file=str(path.parent))
    try:
        write_atomic(path, data, mode=0o644)
    except OSError as exc:
        raise fault_from(exc, "the file could not be written", path) from None


def _ledger_verify(args: argparse.Namespace) -> int:
    from addrjp.handover.ledger import Ledger

    verified = Ledger(args.ledger).verify(expect_head=args.head, expect_count=args.count)
    print(f"ledger OK: {verified.entries} entries, no entry edited, removed or reordered; head {verified.head}")
    if args.head is None:
        print("(entries cut off at the end are detected only with --head or --count)")
    return 0


def _erase(args: argparse.Namespace) -> int:
    if args.directory == "verify":
        return _erase_verify(args)
    from addrjp.handover.erase import erase_directory

    if args.cert is not None:
        raise InputError(f"unexpected argument {args.cert!r}", hint="addrjp erase DIR --certificate FILE")
    if not args.certificate:
        raise InputError("give --certificate FILE: where to write the certificate of erasure",
                         hint="addrjp erase DIR --certificate 消去証明.json --package PACKAGE")
    if args.handler_name:
        raise InputError("--handler is for addrjp erase verify; the vendor's person is --responsible")
    cert = erase_directory(args.directory, args.certificate, responsible=args.responsible, title=args.title,
                           organization=args.organization, location=args.location, phone=args.phone,
                           medium=args.medium, information=args.information, contract=args.contract,
                           packages=args.package, ledger=args.ledger)
    temporaries = cert.doc.get("temporaries") or []
    print(f"erased {len(cert.erased)} files ({sum(e.bytes for e in cert.erased):,} bytes)"
          + ("; folder removed" if args.directory else ""))
    if temporaries:
        print(f"also erased addrjp's temporary folders beside it: {', '.join(temporaries)}")
    for name in cert.doc.get("left_alone") or []:
        print(f"warning: {name} beside the folder has no addrjp marker and was left alone; check it by hand",
              file=sys.stderr)
    print(f"certificate: {cert.json_path} and {cert.html_path} (print, sign, hand to the ward)")
    print("note: a file-level overwrite cannot prove that SSD/flash sectors, backups or other copies are gone")
    return 0


def _erase_verify(args: argparse.Namespace) -> int:
    from addrjp.handover.ledger import Ledger

    if not args.cert or not args.ledger or not args.handler_name:
        raise InputError("addrjp erase verify needs the certificate, --ledger and --handler",
                         hint="addrjp erase verify 消去証明.json --ledger 管理簿.jsonl --handler NAME")
    if args.certificate or args.package:
        raise InputError("--certificate and --package are for erasing, not for erase verify")
    return _record_certificate(Path(args.cert), Ledger(args.ledger), args.handler_name)
