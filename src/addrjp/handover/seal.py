"""Sealing a package for the vendor and opening it (暗号化, encryption; 復号, decryption).

Two formats:

* **age** (default, https://age-encryption.org/v1) with the ``pyrage`` package: the files (see
  ``addrjp.handover.package``) go into a gzip-compressed tar, encrypted to the vendor's X25519 public key.
  No shared password exists that could leak; only the vendor's secret key opens it. The standard ``age``
  tool opens it too: ``age -d -i vendor.key PACKAGE | tar xz``.
* **AES-256 ZIP** (``zip_aes=True``, pyzipper, WinZip AE encryption) for vendors who only have 7-Zip. A
  random password of about 138 bits is made here and returned once (``SealResult.password``) for the
  separate password notice (パスワード通知書); it is never written anywhere by addrjp. The legacy ZIP
  encryption (ZipCrypto) is never written and is refused when opening.

With ``sign_key`` (the ward's signing key, :mod:`addrjp.handover.signing`), ``seal`` also writes the
ward's signature ``PACKAGE.minisig`` beside the package. Beside it, too, goes ``PACKAGE.receipt.json`` for
the ledger (管理簿): the package's SHA-256, the file list with hashes and the record count; never a name, an
address or a password.

Opening first checks that the package is the one the ward sent (:mod:`addrjp.handover.origin`: the ward's
signature, the SHA-256 the ward recorded, or the ward's ledger), then decrypts in memory and reads the
members as a stream (:mod:`addrjp.handover.unpack`: names, types, duplicates, sizes bounded), and only
then writes them into a marked temporary folder beside the target, which is renamed into place at the
end, with the receipt record ``handover.json`` (:mod:`addrjp.handover.received`). A forged, wrong or
damaged package, a wrong key or password leaves nothing behind.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "out").mkdir(), (d / "out" / "mailing.csv").write_text("id,name\\n1,x\\n"), \\
...     (d / "out" / "manifest.json").write_text("{}")
>>> from addrjp.handover.keys import generate_keypair
>>> pair = generate_keypair(d / "vendor")
>>> sealed = seal_directory(d / "out", d / "pkg.age", recipient=pair.public_path)
>>> sealed.format, sealed.files, sealed.records
('age', ('mailing.csv', 'manifest.json'), 1)
>>> opened = open_package(d / "pkg.age", d / "in", identity=pair.identity_path, expect_sha256=sealed.sha256)
>>> sorted(p.name for p in (d / "in").iterdir())
['handover.json', 'mailing.csv', 'manifest.json']
"""

from __future__ import annotations

import io
import json
import os
import secrets
import shutil
import tarfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage
import pyzipper

from addrjp.errors import FaultError, InputError, IntegrityError
from addrjp.handover import unpack
from addrjp.handover._files import fault_from, read_bounded, sha256_bytes, sha256_file, write_atomic
from addrjp.handover.dates import iso_jst
from addrjp.handover.keys import load_identity, load_recipient
from addrjp.handover.origin import Origin, check_origin
from addrjp.handover.package import HANDOVER, MANIFEST, Contents, parse_manifest, read_contents, receipt_path
from addrjp.handover.received import received_record
from addrjp.handover.signing import SIGNATURE_SUFFIX, load_signing_key, sign_file, signature_path
from addrjp.handover.temporaries import TEMPORARY_MARKER, make_temporary

FORMAT_AGE = "age"
FORMAT_ZIP = "zip-aes"
ENCRYPTION = {FORMAT_AGE: "age v1, X25519 (pyrage)", FORMAT_ZIP: "ZIP, WinZip AES-256 (pyzipper)"}
AGE_MAGIC = b"age-encryption.org/v1\n"
AGE_ARMOR = b"-----BEGIN AGE ENCRYPTED FILE-----"
ZIP_MAGIC = b"PK\x03\x04"
# unambiguous letters and digits (no 0/O, 1/l/I): a password read aloud or typed from a letter
PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"
PASSWORD_GROUPS = 6
MAX_PACKAGE_BYTES = 2 << 30
RECEIPT_FORMAT = "addrjp-seal-receipt/1"


@dataclass(frozen=True)
class SealResult:
    """A sealed package: where it is, its SHA-256, what it holds; ``password`` only for ``zip-aes``."""

    package: Path
    receipt: Path
    format: str
    sha256: str
    size: int
    files: tuple[str, ...]
    withheld: tuple[str, ...]
    records: int
    password: str | None = None
    signature: Path | None = None
    signed_by: str | None = None
    undecided_review: int | None = None  # review rows without a decision, as the manifest states (None: unknown)


@dataclass(frozen=True)
class OpenResult:
    """An opened package: the folder, the files in it (including ``handover.json``), the record count."""

    directory: Path
    format: str
    files: tuple[str, ...]
    records: int
    handover: Mapping[str, Any]
    package_sha256: str = ""
    origin: Origin | None = None


def make_password() -> str:
    """A random password of 24 unambiguous characters (about 138 bits) in groups of four.

    >>> p = make_password(); len(p), p.count("-")
    (29, 5)
    """
    chars = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4 * PASSWORD_GROUPS))
    return "-".join(chars[i:i + 4] for i in range(0, len(chars), 4))


def _tar_bytes(members: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    now = int(time.time())
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.PAX_FORMAT) as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), now, 0o600
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _zip_bytes(members: Mapping[str, bytes], password: str) -> bytes:
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(buffer, "w", compression=pyzipper.ZIP_DEFLATED,
                             encryption=pyzipper.WZ_AES) as archive:
        archive.setpassword(password.encode("ascii"))
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def seal_directory(
    directory: Path | str,
    out: Path | str,
    *,
    recipient: Path | str | None = None,
    zip_aes: bool = False,
    include: Iterable[str] = (),
    overwrite: bool = False,
    sign_key: Path | str | None = None,
    require_decisions: bool = False,
) -> SealResult:
    """Seal the output folder of ``addrjp clean`` into ``out`` for the vendor.

    ``recipient`` is the vendor's ``PREFIX.pub`` (or an ``age1...`` string); with ``zip_aes=True`` an AES-256
    ZIP is written instead and the generated password is returned in the result (show it once; never store
    it beside the package). ``include`` adds files beyond ``mailing.csv`` and ``manifest.json``.
    ``sign_key`` is the ward's ``PREFIX.sign.key``: the package is signed and ``PACKAGE.minisig`` written.
    """
    out = Path(out)
    if zip_aes == (recipient is not None):
        raise InputError("give either a recipient (age) or zip_aes, exactly one",
                         hint="addrjp seal DIR --recipient VENDOR.pub --out PACKAGE, or --zip-aes")
    if not out.parent.is_dir():
        raise InputError("the folder for the package does not exist", file=str(out.parent))
    if out.exists() and not overwrite:
        raise InputError("the package file already exists; refusing to overwrite it", file=str(out),
                         hint="choose another --out, or add --force if the old package was never handed over")
    if out.resolve().parent == Path(directory).resolve():
        raise InputError("the package must not be written into the folder being sealed", file=str(out))
    key = load_signing_key(sign_key) if sign_key is not None else None
    old_signature = signature_path(out)
    if key is None and (old_signature.exists() or old_signature.is_symlink()):
        raise InputError(f"a signature ({old_signature.name}) lies beside the package file; it would no longer "
                         "match", file=str(old_signature),
                         hint="sign the new package with --sign-key, or move the old signature away")
    contents: Contents = read_contents(directory, include)
    undecided = _check_decisions(contents, require=require_decisions)
    fmt = FORMAT_ZIP if zip_aes else FORMAT_AGE
    # handover.json first: the vendor's open knows the file list before it reads any other member
    members = {HANDOVER: contents.handover_json(ENCRYPTION[fmt]), **contents.files}
    password: str | None = None
    if zip_aes:
        password = make_password()
        blob = _zip_bytes(members, password)
    else:
        assert recipient is not None
        blob = pyrage.encrypt(_tar_bytes(members), [load_recipient(recipient)])
    try:
        write_atomic(out, blob, mode=0o600)
    except OSError as exc:
        raise fault_from(exc, "the package could not be written; nothing was sealed", out) from None
    digest = sha256_bytes(blob)
    sealed_at = iso_jst()
    signature: Path | None = None
    try:
        if key is not None:
            comment = (f"addrjp-package sha256={digest} records={contents.records} format={fmt} "
                       f"sealed={sealed_at} file={out.name}")
            signature = sign_file(out, key, comment)
        receipt = receipt_path(out)
        receipt_doc = {
            **json.loads(members[HANDOVER]),
            "format": RECEIPT_FORMAT,
            "package": out.name,
            "package_sha256": digest,
            "package_bytes": len(blob),
            "sealed": sealed_at,
            "signature": signature.name if signature is not None else None,
            "signed_by": key.key_id_hex if key is not None else None,
        }
        write_atomic(receipt, (json.dumps(receipt_doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
                     mode=0o600)
    except OSError as exc:
        for path in (out, signature_path(out)):
            if path.is_file():
                path.unlink()  # made by this call a moment ago; a package without its receipt is not handed over
        raise fault_from(exc, "the receipt or signature could not be written; nothing was sealed",
                         Path(exc.filename or out)) from None
    return SealResult(package=out, receipt=receipt, format=fmt, sha256=digest, size=len(blob),
                      files=tuple(contents.files), withheld=contents.withheld, records=contents.records,
                      password=password, signature=signature,
                      signed_by=key.key_id_hex if key is not None else None,
                      undecided_review=undecided)


def _check_decisions(contents: Contents, *, require: bool) -> int | None:
    """Refuse a decisions file (判断記録) among the files to seal, recognised by its header or its name; return
    the review rows without a decision (from the manifest), refusing when *require* and any (or unknown)."""
    from addrjp.review.decisions import is_decisions_data
    from addrjp.review.summary import undecided_review

    for name, data in contents.files.items():
        if is_decisions_data(data) or "判断記録" in name or name.lower().startswith("decisions"):
            raise InputError(f"{name} is a decisions file (判断記録): it holds the ward's decisions and personal "
                             "data, stays at the ward and is never sealed", hint="remove it from --include")
    try:
        manifest = json.loads(contents.files[MANIFEST].decode("utf-8-sig"))
    except (KeyError, UnicodeDecodeError, ValueError):
        manifest = {}
    undecided = undecided_review(manifest if isinstance(manifest, dict) else {})
    if require and undecided is None:
        raise InputError("--require-decisions: the manifest does not count the review rows without a decision",
                         hint="run addrjp clean again with this version, then seal")
    if require and undecided:
        raise InputError(f"--require-decisions: {undecided:,} review rows (要確認) have no decision yet; nothing was "
                         "sealed", hint="decide them in report.html, run addrjp clean --decisions FILE, then seal")
    return undecided


def package_format(data: bytes) -> str:
    """``"age"`` or ``"zip-aes"`` from a package's first bytes; InputError for anything else."""
    if data.startswith(AGE_MAGIC):
        return FORMAT_AGE
    if data.startswith(ZIP_MAGIC):
        return FORMAT_ZIP
    if data.startswith(AGE_ARMOR):
        raise InputError("this is an ASCII-armored age file", hint="decode it with: age -d -i KEY -o FILE, "
                         "or ask for a binary package (no --armor)")
    raise InputError("not a sealed package (neither age nor ZIP)", hint="give the file made by addrjp seal")


def sealed_format(head: bytes) -> str | None:
    """``"age"`` or ``"zip-aes"`` when ``head`` (a file's first bytes) starts a sealed package, else None.

    Stricter than :func:`package_format`: a ZIP counts only when its first member is encrypted with WinZip
    AES (general-purpose flag bit 0 set, compression method 99), as every package of ``seal`` is.

    >>> sealed_format(b"age-encryption.org/v1\\n-> X25519 ..."), sealed_format(b"PK\\x03\\x04\\x14\\x00\\x00\\x00")
    ('age', None)
    """
    if head.startswith(AGE_MAGIC):
        return FORMAT_AGE
    if head.startswith(ZIP_MAGIC) and len(head) >= 10:
        flags = int.from_bytes(head[6:8], "little")
        method = int.from_bytes(head[8:10], "little")
        if flags & 0x1 and method == 99:
            return FORMAT_ZIP
    return None


def _prepare_target(out: Path) -> None:
    if out.is_symlink() or (out.exists() and (not out.is_dir() or any(out.iterdir()))):
        raise InputError("the target folder already exists and is not empty", file=str(out),
                         hint="give a new folder for --out; opened files are never mixed with old ones")
    if not out.parent.is_dir():
        raise InputError("the parent of the target folder does not exist", file=str(out.parent))
    if not os.access(out.parent, os.W_OK | os.X_OK):
        raise FaultError("the folder for the opened files is not writable; nothing was opened",
                         path=str(out.parent), cause="permission denied or read-only file system")


def _read_package(package: Path) -> bytes:
    return read_bounded(package, "package", MAX_PACKAGE_BYTES,
                        too_large="the package is larger than 2 GiB; this is not an addrjp package")


def _decrypt_age(data: bytes, package: Path, identity: Path | str | None) -> bytes:
    if identity is None:
        raise InputError("this is an age package: give the secret key", file=str(package),
                         hint="addrjp open PACKAGE --identity VENDOR.key --out DIR")
    key = load_identity(identity)
    try:
        return pyrage.decrypt(data, [key])
    except pyrage.DecryptError as exc:
        if "no matching keys" in str(exc).lower():
            raise InputError("this secret key cannot open the package (it was sealed for another key)",
                             file=str(identity), hint="use the key whose .pub the ward sealed to; "
                             "nothing was written") from None
        raise IntegrityError(f"{package}: the package is damaged or was changed (age: {exc}); "
                             "nothing was written") from None


def open_package(
    package: Path | str,
    out: Path | str,
    *,
    identity: Path | str | None = None,
    password: str | None = None,
    expect_sha256: str | None = None,
    ledger: Path | str | None = None,
    ward_key: Path | str | None = None,
    signature: Path | str | None = None,
) -> OpenResult:
    """Check that ``package`` is the one the ward sent, decrypt it into the new folder ``out`` after checking
    every member against its handover.json, and write the receipt record ``out/handover.json``.

    At least one of ``ward_key`` (the ward's ``PREFIX.sign.pub``; the signature is ``PACKAGE.minisig`` unless
    ``signature`` says where), ``expect_sha256`` (the package's SHA-256 as the ward recorded it) and
    ``ledger`` (the ward's ledger) is needed, and each given must match (:func:`check_origin`).
    ``identity`` is the vendor's ``PREFIX.key`` for an age package, ``password`` the ZIP password. All
    checks run before anything is published: on any error nothing is left in or beside ``out``.
    """
    package, out = Path(package), Path(out)
    data = _read_package(package)
    fmt = package_format(data)
    _prepare_target(out)
    digest = sha256_bytes(data)
    origin = check_origin(package, digest, expect_sha256=expect_sha256, ledger=ledger, ward_key=ward_key,
                          signature=signature)
    if fmt == FORMAT_AGE:
        payload = _decrypt_age(data, package, identity)

        def entries() -> unpack.Entries:
            return unpack.tar_entries(payload)
    else:
        if password is None:
            raise InputError("this is an AES-256 ZIP package: give its password", file=str(package),
                             hint="addrjp open PACKAGE --out DIR asks for it (or --password-stdin)")
        zip_password = password

        def entries() -> unpack.Entries:
            return unpack.zip_entries(data, zip_password)
    scanned = unpack.scan(entries(), keep=lambda name: name == MANIFEST)
    manifest = scanned.members.get(MANIFEST)
    if manifest is not None and manifest.data is not None:
        try:
            parse_manifest(manifest.data, f"{package}: {MANIFEST}")
        except InputError as exc:
            raise IntegrityError(f"the package's manifest is not valid ({exc}); it was not made by addrjp "
                                 "seal or was changed — nothing was written") from None
    record = received_record(
        package=package.name, package_sha256=digest, package_bytes=len(data), package_format=fmt,
        files={name: (m.sha256, m.size) for name, m in scanned.members.items()}, sealed=scanned.handover,
        checks=origin.checks, opened=iso_jst())
    _publish(entries(), scanned, record, out)
    records = scanned.handover.get("records")
    return OpenResult(directory=out, format=fmt, files=tuple(sorted([*scanned.members, HANDOVER])),
                      records=records if isinstance(records, int) and not isinstance(records, bool) else -1,
                      handover=scanned.handover, package_sha256=digest, origin=origin)


def _publish(entries: unpack.Entries, scanned: unpack.Scanned, record: bytes, out: Path) -> None:
    """Write the members and the record into a marked temporary folder beside ``out``, then rename it."""
    try:
        tmp = make_temporary(out)
    except OSError as exc:
        raise fault_from(exc, "the temporary folder for the opened files could not be made; nothing was opened",
                         out.parent) from None
    try:
        unpack.extract(entries, scanned, tmp)
        fd = os.open(tmp / HANDOVER, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(record)
            handle.flush()
            os.fsync(handle.fileno())
        (tmp / TEMPORARY_MARKER).unlink()
        if out.exists():
            out.rmdir()
        os.rename(tmp, out)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise fault_from(exc, "the opened files could not be written; nothing was opened",
                         Path(exc.filename or tmp)) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def package_sha256(package: Path | str) -> str:
    """The SHA-256 of a package file (what the ledger records)."""
    return sha256_file(Path(package))


__all__ = ["FORMAT_AGE", "FORMAT_ZIP", "SIGNATURE_SUFFIX", "OpenResult", "SealResult", "make_password",
           "open_package", "package_format", "package_sha256", "receipt_path", "seal_directory", "sealed_format"]
