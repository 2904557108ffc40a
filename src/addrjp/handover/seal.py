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

Opening decrypts in memory, checks every file against ``handover.json`` and only then publishes them: the
files are written into a temporary folder beside the target, which is renamed into place at the end. A
wrong key, a wrong password or a damaged package leaves nothing behind.

Beside the package, ``seal`` writes ``PACKAGE.receipt.json`` for the ledger (管理簿): the package's SHA-256,
the file list and the record count; never a name, an address or a password.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "out").mkdir(), (d / "out" / "mailing.csv").write_text("id,name\\n1,x\\n"), \\
...     (d / "out" / "manifest.json").write_text("{}")
>>> from addrjp.handover.keys import generate_keypair
>>> pair = generate_keypair(d / "vendor")
>>> sealed = seal_directory(d / "out", d / "pkg.age", recipient=pair.public_path)
>>> sealed.format, sealed.files, sealed.records
('age', ('mailing.csv', 'manifest.json'), 1)
>>> opened = open_package(d / "pkg.age", d / "in", identity=pair.identity_path)
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
import tempfile
import time
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage
import pyzipper

from addrjp.errors import InputError, IntegrityError
from addrjp.handover._files import sha256_bytes, sha256_file, write_atomic
from addrjp.handover.keys import load_identity, load_recipient
from addrjp.handover.package import HANDOVER, Contents, read_contents
from addrjp.handover.package import MANIFEST as HANDOVER_MANIFEST

FORMAT_AGE = "age"
FORMAT_ZIP = "zip-aes"
ENCRYPTION = {FORMAT_AGE: "age v1, X25519 (pyrage)", FORMAT_ZIP: "ZIP, WinZip AES-256 (pyzipper)"}
AGE_MAGIC = b"age-encryption.org/v1\n"
AGE_ARMOR = b"-----BEGIN AGE ENCRYPTED FILE-----"
ZIP_MAGIC = b"PK\x03\x04"
# unambiguous letters and digits (no 0/O, 1/l/I): a password read aloud or typed from a letter
PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"
PASSWORD_GROUPS = 6
AES_256 = 3  # WinZip AE strength code of AES-256
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
    undecided_review: int | None = None  # review rows without a decision, as the manifest states (None: unknown)


@dataclass(frozen=True)
class OpenResult:
    """An opened package: the folder, the files in it (including ``handover.json``), the record count."""

    directory: Path
    format: str
    files: tuple[str, ...]
    records: int
    handover: Mapping[str, Any]


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


def receipt_path(package: Path | str) -> Path:
    """Where ``seal`` writes the receipt of ``package`` (``PACKAGE.receipt.json``)."""
    package = Path(package)
    return package.parent / (package.name + ".receipt.json")


def seal_directory(
    directory: Path | str,
    out: Path | str,
    *,
    recipient: Path | str | None = None,
    zip_aes: bool = False,
    include: Iterable[str] = (),
    overwrite: bool = False,
    require_decisions: bool = False,
) -> SealResult:
    """Seal the output folder of ``addrjp clean`` into ``out`` for the vendor.

    ``recipient`` is the vendor's ``PREFIX.pub`` (or an ``age1...`` string); with ``zip_aes=True`` an AES-256
    ZIP is written instead and the generated password is returned in the result (show it once; never store
    it beside the package). ``include`` adds files beyond ``mailing.csv`` and ``manifest.json``.
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
    contents: Contents = read_contents(directory, include)
    undecided = _check_decisions(contents, require=require_decisions)
    fmt = FORMAT_ZIP if zip_aes else FORMAT_AGE
    members = dict(contents.files)
    members[HANDOVER] = contents.handover_json(ENCRYPTION[fmt])
    password: str | None = None
    if zip_aes:
        password = make_password()
        blob = _zip_bytes(members, password)
    else:
        assert recipient is not None
        blob = pyrage.encrypt(_tar_bytes(members), [load_recipient(recipient)])
    write_atomic(out, blob, mode=0o600)
    digest = sha256_bytes(blob)
    receipt = receipt_path(out)
    receipt_doc = {
        **json.loads(members[HANDOVER]),
        "format": RECEIPT_FORMAT,
        "package": out.name,
        "package_sha256": digest,
        "package_bytes": len(blob),
    }
    write_atomic(receipt, (json.dumps(receipt_doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
                 mode=0o600)
    return SealResult(package=out, receipt=receipt, format=fmt, sha256=digest, size=len(blob),
                      files=tuple(contents.files), withheld=contents.withheld, records=contents.records,
                      password=password, undecided_review=undecided)


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
        manifest = json.loads(contents.files[HANDOVER_MANIFEST].decode("utf-8-sig"))
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


def _members_from_tar(payload: bytes) -> dict[str, bytes]:
    members: dict[str, bytes] = {}
    try:
        with tarfile.open(fileobj=io.BytesIO(payload), mode="r:*") as tar:
            for info in tar:
                _check_member_name(info.name)
                if not info.isreg():
                    raise IntegrityError(f"the package holds {info.name!r}, which is not a regular file; refusing")
                handle = tar.extractfile(info)
                assert handle is not None
                members[info.name] = handle.read()
    except (tarfile.TarError, zlib.error, EOFError, OSError) as exc:
        raise IntegrityError(f"the decrypted package is not a valid archive ({type(exc).__name__})") from None
    return members


def _check_member_name(name: str) -> None:
    if not name or "/" in name or "\\" in name or name in (".", "..") or name.startswith("."):
        raise IntegrityError(f"the package holds an unexpected path {name!r}; refusing to open it")


def _members_from_zip(data: bytes, password: str) -> dict[str, bytes]:
    members: dict[str, bytes] = {}
    try:
        with pyzipper.AESZipFile(io.BytesIO(data)) as archive:
            archive.setpassword(password.encode("utf-8"))
            for info in archive.infolist():
                _check_member_name(info.filename)
                if not info.flag_bits & 0x1 or getattr(info, "wz_aes_strength", None) != AES_256:
                    raise IntegrityError(f"{info.filename} in the ZIP is not AES-256 encrypted (legacy ZipCrypto "
                                         "or none); refusing to open it")
                if info.filename in members:
                    raise IntegrityError(f"{info.filename} appears twice in the ZIP; refusing to open it")
                members[info.filename] = archive.read(info)
    except RuntimeError as exc:
        if "password" in str(exc).lower():
            raise InputError("wrong password for this package", hint="use the password from the separate "
                             "password notice (パスワード通知書); nothing was written") from None
        raise IntegrityError(f"the package is damaged ({exc.__class__.__name__})") from None
    except (pyzipper.BadZipFile, zlib.error, EOFError, ValueError, OSError, KeyError) as exc:
        raise IntegrityError(f"the package is damaged or was changed ({type(exc).__name__}); "
                             "nothing was written") from None
    return members


def _check_members(members: Mapping[str, bytes]) -> dict[str, Any]:
    if HANDOVER not in members:
        raise IntegrityError("the package has no handover.json: it was not made by addrjp seal")
    try:
        doc = json.loads(members[HANDOVER].decode("utf-8"))
        listed = doc["files"]
        assert isinstance(listed, dict)
    except (UnicodeDecodeError, ValueError, KeyError, AssertionError):
        raise IntegrityError("handover.json in the package is not readable") from None
    present = set(members) - {HANDOVER}
    if present != set(listed):
        missing = sorted(set(listed) - present)
        extra = sorted(present - set(listed))
        raise IntegrityError(f"the package's files differ from handover.json (missing {missing}, extra {extra})")
    for name in sorted(present):
        entry = listed[name]
        if not isinstance(entry, dict) or sha256_bytes(members[name]) != entry.get("sha256"):
            raise IntegrityError(f"{name} does not match its SHA-256 in handover.json; the package was changed")
    return doc


def _prepare_target(out: Path) -> None:
    if out.is_symlink() or (out.exists() and (not out.is_dir() or any(out.iterdir()))):
        raise InputError("the target folder already exists and is not empty", file=str(out),
                         hint="give a new folder for --out; opened files are never mixed with old ones")
    if not out.parent.is_dir():
        raise InputError("the parent of the target folder does not exist", file=str(out.parent))


def open_package(
    package: Path | str,
    out: Path | str,
    *,
    identity: Path | str | None = None,
    password: str | None = None,
) -> OpenResult:
    """Decrypt ``package`` into the new folder ``out`` after checking every file against handover.json.

    ``identity`` is the vendor's ``PREFIX.key`` for an age package, ``password`` the ZIP password. All
    checks run before anything is published: on any error nothing is left in or beside ``out``.
    """
    package, out = Path(package), Path(out)
    if not package.is_file():
        raise InputError("the package file does not exist", file=str(package))
    if package.stat().st_size > MAX_PACKAGE_BYTES:
        raise InputError("the package is larger than 2 GiB; this is not an addrjp package", file=str(package))
    _prepare_target(out)
    data = package.read_bytes()
    fmt = package_format(data)
    if fmt == FORMAT_AGE:
        if identity is None:
            raise InputError("this is an age package: give the secret key", file=str(package),
                             hint="addrjp open PACKAGE --identity VENDOR.key --out DIR")
        key = load_identity(identity)
        try:
            payload = pyrage.decrypt(data, [key])
        except pyrage.DecryptError as exc:
            if "no matching keys" in str(exc).lower():
                raise InputError("this secret key cannot open the package (it was sealed for another key)",
                                 file=str(identity), hint="use the key whose .pub the ward sealed to; "
                                 "nothing was written") from None
            raise IntegrityError(f"{package}: the package is damaged or was changed (age: {exc}); "
                                 "nothing was written") from None
        members = _members_from_tar(payload)
    else:
        if password is None:
            raise InputError("this is an AES-256 ZIP package: give its password", file=str(package),
                             hint="addrjp open PACKAGE --out DIR asks for it (or --password-stdin)")
        members = _members_from_zip(data, password)
    doc = _check_members(members)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.opening-"))
    try:
        for name, content in members.items():
            fd = os.open(tmp / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
        if out.exists():
            out.rmdir()
        os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    records = doc.get("records")
    return OpenResult(directory=out, format=fmt, files=tuple(sorted(members)),
                      records=records if isinstance(records, int) else -1, handover=doc)


def package_sha256(package: Path | str) -> str:
    """The SHA-256 of a package file (what the ledger records)."""
    return sha256_file(Path(package))
