"""Is this the package the ward sent? (発送元の確認, checking the origin) — before anything is decrypted.

The vendor's public key is public by design, so a package that decrypts proves nothing about who made it.
``open`` therefore checks the package's bytes against what the ward recorded, by at least one of:

* ``expect_sha256`` — the SHA-256 the ward wrote on the handover form (受け渡し票) or said on the phone;
* ``ledger`` — the ward's ledger (管理簿, or the vendor's copy of it): its chain must verify and one
  ward-to-vendor entry must hold this package's SHA-256;
* ``ward_key`` — the ward's public signing key: ``PACKAGE.minisig`` must be a valid signature of the
  package by that key (see :mod:`addrjp.handover.signing`).

Every one given must pass; a mismatch is :class:`~addrjp.errors.IntegrityError` (the check failed: do not
open, call the ward). Giving none is :class:`~addrjp.errors.InputError`: without one, a package forged by
anyone holding the vendor's public key would pass.

>>> normalize_sha256(" AB" * 32)
'abababababababababababababababababababababababababababababababab'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from addrjp.errors import InputError, IntegrityError
from addrjp.handover.ledger import Ledger
from addrjp.handover.signing import Verified, load_verify_key, verify_file

_HEX64 = re.compile(r"[0-9a-f]{64}")
_COMMENT_SHA = re.compile(r"\bsha256=([0-9a-f]{64})\b")


@dataclass(frozen=True)
class Origin:
    """What showed that a package is the ward's: a line per check, and the ledger entry or signature."""

    sha256: str
    checks: tuple[str, ...]
    ledger_entry: int | None = None
    signature: Verified | None = None


def normalize_sha256(text: str, *, what: str = "--expect-sha256") -> str:
    """64 lower-case hex digits from ``text`` (spaces, colons and case ignored); InputError otherwise."""
    compact = re.sub(r"[\s:]", "", str(text)).lower()
    if not _HEX64.fullmatch(compact):
        raise InputError(f"{what} must be a SHA-256: 64 hexadecimal digits",
                         hint="copy it from the handover form (受け渡し票) or from addrjp seal's output")
    return compact


def check_origin(
    package: Path,
    digest: str,
    *,
    expect_sha256: str | None = None,
    ledger: Path | str | None = None,
    ward_key: Path | str | None = None,
    signature: Path | str | None = None,
) -> Origin:
    """Check ``package`` (whose SHA-256 is ``digest``) against every anchor given; at least one is needed."""
    if expect_sha256 is None and ledger is None and ward_key is None:
        raise InputError("say how to check that the package is the one the ward sent", file=str(package),
                         hint="give --ward-key WARD.sign.pub (the ward's signature), --expect-sha256 HEX (from "
                         "the handover form) or --ledger FILE (the ward's ledger); anyone holding your public "
                         "key can make a package that decrypts")
    checks: list[str] = []
    entry_seq: int | None = None
    verified: Verified | None = None
    if expect_sha256 is not None:
        want = normalize_sha256(expect_sha256)
        if want != digest:
            raise IntegrityError(f"{package}: its SHA-256 is {digest[:16]}…, the ward recorded {want[:16]}…; "
                                 "this is not the package the ward sent — do not open it, call the ward")
        checks.append("SHA-256 as recorded by the ward (--expect-sha256)")
    if ledger is not None:
        book = Ledger(ledger)
        book.verify()
        entry = book.find_handover(digest)
        if entry is None:
            raise IntegrityError(f"{package}: the ledger {book.path.name} records no handover of a package with "
                                 f"SHA-256 {digest[:16]}…; this is not a package the ward sent — do not open it")
        entry_seq = entry.seq
        checks.append(f"ledger {book.path.name}: entry {entry.seq} ({entry.time}, {entry.records} records)")
    if ward_key is not None:
        key = load_verify_key(ward_key)
        verified = verify_file(package, key, signature)
        stated = _COMMENT_SHA.search(verified.trusted_comment)
        if stated and stated.group(1) != digest:
            raise IntegrityError(f"{verified.signature_path}: the signature names another package "
                                 f"(SHA-256 {stated.group(1)[:16]}…); do not open it, ask the ward")
        checks.append(f"signed by the ward key {verified.key_id}: {verified.trusted_comment}")
    return Origin(sha256=digest, checks=tuple(checks), ledger_entry=entry_seq, signature=verified)


__all__ = ["Origin", "check_origin", "normalize_sha256"]
