"""The ward's signature on a package (区の電子署名, the ward's digital signature): Ed25519 in minisign's format.

The vendor's public key is sent openly, so anyone holding it can make a package that ``open`` decrypts. What
a forger cannot make is a signature with the ward's secret key. ``seal --sign-key`` signs the sealed package
with the ward's Ed25519 key (through ``cryptography``); the signature travels **beside** the package as
``PACKAGE.minisig``, and ``open --ward-key WARD.sign.pub`` refuses a package whose signature is missing, made
with another key, or does not match its bytes — before anything is decrypted.

Why a detached file: the signature covers the exact bytes the ledger's SHA-256 covers, so both speak of the
same object; the package stays a plain age file or AES-ZIP that the standard tools open; the vendor verifies
before decrypting anything (the decryptor never sees a forger's bytes); and the files are minisign's, so the
standard tool checks them too: ``minisign -Vm PACKAGE -p WARD.sign.pub``
(https://jedisct1.github.io/minisign/). Keys made by ``minisign -G -W`` (no password) work here as well.

The formats (all base64 lines after an ``untrusted comment:`` line):

* public key: ``"Ed" ‖ key id (8 bytes) ‖ Ed25519 public key (32)``;
* secret key: ``"Ed" ‖ kdf "\\0\\0" (none) ‖ "B2" ‖ salt (32) ‖ opslimit (8) ‖ memlimit (8) ‖ key id (8) ‖
  secret key (64) ‖ BLAKE2b-256 checksum (32)``; written owner-only (0600);
* signature: ``"ED" ‖ key id ‖ Ed25519(BLAKE2b-512(file))``, then ``trusted comment: TEXT`` and the global
  signature ``Ed25519(signature ‖ TEXT)``, which binds the trusted comment (here: the package's name,
  SHA-256, record count and time of sealing) to the signature.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> pair = generate_signing_key(d / "新宿区")
>>> (d / "pkg.age").write_bytes(b"age-encryption.org/v1\\n...")
25
>>> sig = sign_file(d / "pkg.age", load_signing_key(pair.secret_path), "addrjp package pkg.age")
>>> verify_file(d / "pkg.age", load_verify_key(pair.public_path)).trusted_comment
'addrjp package pkg.age'
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from addrjp.errors import InputError, IntegrityError
from addrjp.handover._files import CHUNK, read_key_text, write_atomic

SIGNATURE_SUFFIX = ".minisig"
PUBLIC_SUFFIX = ".sign.pub"
SECRET_SUFFIX = ".sign.key"
UNTRUSTED = "untrusted comment: "
TRUSTED = "trusted comment: "
_ED = b"Ed"  # signature algorithm of keys, and of legacy (not prehashed) signatures
_ED_HASHED = b"ED"  # signature over the BLAKE2b-512 of the file (minisign's default)
_KDF_NONE = b"\x00\x00"
_KDF_SCRYPT = b"Sc"
_CHECKSUM_ALG = b"B2"
MAX_TRUSTED_COMMENT = 1024


@dataclass(frozen=True)
class SigningKeyPair:
    """Where a new ward signing key pair was written, and its key id (16 hex digits, as minisign shows it)."""

    public_path: Path
    secret_path: Path
    key_id: str


@dataclass(frozen=True)
class VerifyKey:
    """The ward's public signing key: its id and the Ed25519 public key."""

    key_id: bytes
    public: Ed25519PublicKey

    @property
    def key_id_hex(self) -> str:
        """The key id as minisign prints it (16 upper-case hex digits)."""
        return key_id_hex(self.key_id)


@dataclass(frozen=True)
class SigningKey:
    """The ward's secret signing key (never leaves the ward)."""

    key_id: bytes
    private: Ed25519PrivateKey

    @property
    def key_id_hex(self) -> str:
        """The key id as minisign prints it."""
        return key_id_hex(self.key_id)


@dataclass(frozen=True)
class Verified:
    """A signature that matched: the key id and the trusted comment it binds."""

    key_id: str
    trusted_comment: str
    signature_path: Path


def key_id_hex(key_id: bytes) -> str:
    """minisign's display of a key id: the 8 bytes as a little-endian number in hex."""
    return key_id[::-1].hex().upper()


def signature_path(package: Path | str) -> Path:
    """Where the signature of ``package`` travels: ``PACKAGE.minisig`` beside it."""
    package = Path(package)
    return package.parent / (package.name + SIGNATURE_SUFFIX)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _checksum(key_id: bytes, secret: bytes) -> bytes:
    return hashlib.blake2b(_ED + key_id + secret, digest_size=32).digest()


def generate_signing_key(prefix: Path | str) -> SigningKeyPair:
    """Make the ward's Ed25519 signing key: ``PREFIX.sign.pub`` (give to the vendor) and ``PREFIX.sign.key``
    (the secret, mode 0600; keep it at the ward). Refuses to overwrite existing files."""
    prefix = Path(prefix)
    public_path = prefix.parent / (prefix.name + PUBLIC_SUFFIX)
    secret_path = prefix.parent / (prefix.name + SECRET_SUFFIX)
    if not prefix.parent.is_dir():
        raise InputError("the folder for the key files does not exist", file=str(prefix.parent),
                         hint="create it first or choose another --out prefix")
    for path in (public_path, secret_path):
        if path.exists() or path.is_symlink():
            raise InputError("a key file already exists here; refusing to overwrite it", file=str(path),
                             hint="choose another --out prefix, or move the old key away on purpose")
    private = Ed25519PrivateKey.generate()
    seed = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    key_id = os.urandom(8)
    secret = seed + public
    blob = (_ED + _KDF_NONE + _CHECKSUM_ALG + bytes(32) + bytes(8) + bytes(8) + key_id + secret
            + _checksum(key_id, secret))
    shown = key_id_hex(key_id)
    write_atomic(secret_path, (f"{UNTRUSTED}addrjp ward signing secret key {shown} (minisign, no password; "
                               f"keep at the ward)\n{_b64(blob)}\n").encode("ascii"), mode=0o600)
    write_atomic(public_path, (f"{UNTRUSTED}minisign public key {shown}\n"
                               f"{_b64(_ED + key_id + public)}\n").encode("ascii"), mode=0o644)
    return SigningKeyPair(public_path=public_path, secret_path=secret_path, key_id=shown)


def _read_lines(path: Path, what: str) -> list[str]:
    return read_key_text(path, what, encoding="utf-8").splitlines()


def _decode(line: str, length: int | None, where: str, what: str) -> bytes:
    try:
        data = base64.b64decode(line.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise InputError(f"this is not a {what} (not base64)", file=where) from None
    if length is not None and len(data) != length:
        raise InputError(f"this is not a {what} ({len(data)} bytes, expected {length})", file=where)
    return data


def load_verify_key(source: Path | str) -> VerifyKey:
    """The ward's public signing key from a ``.sign.pub`` (minisign public key) file, or its base64 line."""
    text = str(source).strip()
    if text.startswith("RW") and len(text) == 56 and not Path(text).exists():
        lines, where = [text], "--ward-key"
    else:
        lines, where = _read_lines(Path(source), "ward public key"), str(source)
    keys = [line for line in lines if line.strip() and not line.startswith(UNTRUSTED)]
    if any(line.startswith("age1") or line.startswith("AGE-SECRET-KEY-") for line in keys):
        raise InputError("this is an age encryption key, not the ward's signing key", file=where,
                         hint="give the ward's PREFIX.sign.pub made by addrjp keygen --signing")
    if len(keys) != 1:
        raise InputError(f"expected one public key line, found {len(keys)}", file=where,
                         hint="give the ward's PREFIX.sign.pub made by addrjp keygen --signing")
    data = _decode(keys[0], None, where, "minisign public key")
    if len(data) == 158:
        raise InputError("this is the ward's secret key, not its public key", file=where,
                         hint="the vendor gets PREFIX.sign.pub; the .sign.key file never leaves the ward")
    if len(data) != 42 or data[:2] != _ED:
        raise InputError("this is not a minisign public key", file=where)
    return VerifyKey(key_id=data[2:10], public=Ed25519PublicKey.from_public_bytes(data[10:]))


def load_signing_key(path: Path | str) -> SigningKey:
    """The ward's secret signing key from ``PREFIX.sign.key`` (or a ``minisign -G -W`` key without password)."""
    path = Path(path)
    lines = [line for line in _read_lines(path, "ward secret key") if line.strip()]
    body = [line for line in lines if not line.startswith(UNTRUSTED)]
    if len(body) != 1:
        raise InputError("this is not a minisign secret key file", file=str(path),
                         hint="give the ward's PREFIX.sign.key made by addrjp keygen --signing")
    data = _decode(body[0], None, str(path), "minisign secret key")
    if len(data) == 42:
        raise InputError("this is a public key, not the ward's secret signing key", file=str(path),
                         hint="give PREFIX.sign.key")
    if len(data) != 158 or data[:2] != _ED or data[4:6] != _CHECKSUM_ALG:
        raise InputError("this is not a minisign secret key", file=str(path))
    if data[2:4] == _KDF_SCRYPT:
        raise InputError("this secret key is protected by a password, which addrjp does not ask for",
                         file=str(path), hint="make a key with addrjp keygen --signing (or minisign -G -W)")
    if data[2:4] != _KDF_NONE:
        raise InputError("this secret key uses an unknown key derivation", file=str(path))
    key_id, secret, checksum = data[54:62], data[62:126], data[126:158]
    if checksum not in (_checksum(key_id, secret), bytes(32)):
        raise InputError("the secret key is damaged (its checksum does not match)", file=str(path))
    private = Ed25519PrivateKey.from_private_bytes(secret[:32])
    if private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw) != secret[32:]:
        raise InputError("the secret key is damaged (its two halves disagree)", file=str(path))
    return SigningKey(key_id=key_id, private=private)


def _blake2b_file(path: Path) -> bytes:
    digest = hashlib.blake2b(digest_size=64)
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.digest()


def sign_file(path: Path | str, key: SigningKey, trusted_comment: str, *, out: Path | str | None = None) -> Path:
    """Sign the file at ``path`` and write ``PATH.minisig`` (or ``out``); return where it was written."""
    path = Path(path)
    comment = " ".join(trusted_comment.split())
    if len(comment.encode("utf-8")) > MAX_TRUSTED_COMMENT:
        raise InputError("the trusted comment is too long for a signature")
    signature = key.private.sign(_blake2b_file(path))
    global_signature = key.private.sign(signature + comment.encode("utf-8"))
    target = Path(out) if out is not None else signature_path(path)
    text = (f"{UNTRUSTED}signature from addrjp ward key {key.key_id_hex}\n"
            f"{_b64(_ED_HASHED + key.key_id + signature)}\n{TRUSTED}{comment}\n{_b64(global_signature)}\n")
    write_atomic(target, text.encode("utf-8"), mode=0o644)
    return target


def verify_file(path: Path | str, key: VerifyKey, signature: Path | str | None = None) -> Verified:
    """Check the signature of the file at ``path`` (``PATH.minisig`` unless ``signature`` is given).

    IntegrityError when the signature is missing beside the file, was made with another key, does not match
    the file's bytes, or its trusted comment was changed; InputError when a given signature file is missing.
    """
    path = Path(path)
    sig_path = Path(signature) if signature is not None else signature_path(path)
    if signature is None and not sig_path.exists():
        raise IntegrityError(f"{path}: there is no signature beside the package ({sig_path.name}); it cannot "
                             "be shown to come from the ward — do not open it, ask the ward")
    try:
        lines = _read_lines(sig_path, "signature")
    except InputError as exc:
        if signature is None:
            raise IntegrityError(f"{sig_path}: {exc.reason}; the package cannot be shown to come from the "
                                 "ward") from None
        raise
    where = str(sig_path)
    if len(lines) < 4 or not lines[0].startswith(UNTRUSTED) or not lines[2].startswith(TRUSTED):
        raise IntegrityError(f"{where}: not a minisign signature file (4 lines expected); the package cannot "
                             "be shown to come from the ward")
    try:
        head = _decode(lines[1], 74, where, "signature")
        global_signature = _decode(lines[3], 64, where, "signature")
    except InputError as exc:
        raise IntegrityError(f"{where}: {exc.reason}; the signature is damaged") from None
    algorithm, key_id, raw = head[:2], head[2:10], head[10:]
    if key_id != key.key_id:
        raise IntegrityError(f"{path}: signed with another key (key id {key_id_hex(key_id)}), not the ward key "
                             f"{key.key_id_hex}; do not open it, ask the ward")
    if algorithm == _ED_HASHED:
        message = _blake2b_file(path)
    elif algorithm == _ED:
        message = path.read_bytes()
    else:
        raise IntegrityError(f"{where}: unknown signature algorithm; the signature is damaged")
    comment = lines[2][len(TRUSTED):]
    try:
        key.public.verify(raw, message)
    except InvalidSignature:
        raise IntegrityError(f"{path}: the ward's signature does not match the package; it was changed or "
                             "replaced after sealing — do not open it, ask the ward") from None
    try:
        key.public.verify(global_signature, raw + comment.encode("utf-8"))
    except InvalidSignature:
        raise IntegrityError(f"{where}: the signature's trusted comment was changed") from None
    return Verified(key_id=key.key_id_hex, trusted_comment=comment, signature_path=sig_path)


__all__ = ["SIGNATURE_SUFFIX", "SigningKey", "SigningKeyPair", "Verified", "VerifyKey", "generate_signing_key",
           "key_id_hex", "load_signing_key", "load_verify_key", "sign_file", "signature_path", "verify_file"]
