"""Key pairs for the handover (鍵ペア, key pair): the vendor's age X25519 identity and its public recipient.

The vendor (委託先, contractor) runs ``addrjp keygen --out PREFIX`` once and gives the ward ``PREFIX.pub``
(the public recipient, ``age1...``; not secret). ``PREFIX.key`` (``AGE-SECRET-KEY-1...``) never leaves
the vendor and is written readable by its owner only (mode 0600). The files use the format of the
standard ``age-keygen`` tool, so keys made by either tool work with both (https://age-encryption.org/v1).

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> pair = generate_keypair(d / "vendor")
>>> pair.recipient.startswith("age1"), oct(pair.identity_path.stat().st_mode & 0o777)
(True, '0o600')
>>> str(load_recipient(pair.public_path)) == pair.recipient
True
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pyrage

from addrjp.errors import InputError
from addrjp.handover._files import read_key_text, write_atomic
from addrjp.handover.dates import iso_jst

SECRET_PREFIX = "AGE-SECRET-KEY-1"
PUBLIC_PREFIX = "age1"


@dataclass(frozen=True)
class KeyPair:
    """Where a new key pair was written, and its public recipient string."""

    public_path: Path
    identity_path: Path
    recipient: str


def generate_keypair(prefix: Path | str) -> KeyPair:
    """Generate an age X25519 key pair and write ``PREFIX.pub`` and ``PREFIX.key`` (mode 0600).

    Refuses to overwrite existing files: a lost or replaced key makes sealed packages unreadable.
    """
    prefix = Path(prefix)
    public_path = prefix.parent / (prefix.name + ".pub")
    identity_path = prefix.parent / (prefix.name + ".key")
    if not prefix.parent.is_dir():
        raise InputError("the folder for the key files does not exist", file=str(prefix.parent),
                         hint="create it first or choose another --out prefix")
    for path in (public_path, identity_path):
        if path.exists():
            raise InputError("a key file already exists here; refusing to overwrite it", file=str(path),
                             hint="choose another --out prefix, or move the old key away on purpose")
    identity = pyrage.x25519.Identity.generate()
    recipient = str(identity.to_public())
    created = iso_jst()
    secret = f"# created: {created}\n# public key: {recipient}\n{identity}\n"
    write_atomic(identity_path, secret.encode("ascii"), mode=0o600)
    write_atomic(public_path, f"# addrjp handover recipient (age X25519)\n{recipient}\n".encode("ascii"),
                 mode=0o644)
    return KeyPair(public_path=public_path, identity_path=identity_path, recipient=recipient)


def _lines(path: Path, what: str) -> list[str]:
    text = read_key_text(path, what, kind="age", encoding="ascii",
                         missing_hint="check the path; the vendor's key is the PREFIX.key written by addrjp keygen")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def load_recipient(source: Path | str) -> pyrage.x25519.Recipient:
    """The recipient in a ``.pub`` file (or an ``age1...`` string given directly)."""
    text = str(source).strip()
    if text.startswith(PUBLIC_PREFIX) and not Path(text).exists():
        lines = [text]
        where = "--recipient"
    else:
        lines = _lines(Path(source), "public key")
        where = str(source)
    if any(line.startswith(SECRET_PREFIX) for line in lines):
        raise InputError("this is a secret key, not a public key", file=where,
                         hint="seal with the vendor's PREFIX.pub; the .key file must never leave the vendor")
    keys = [line for line in lines if line.startswith(PUBLIC_PREFIX)]
    if len(keys) != 1:
        raise InputError(f"expected exactly one age1... public key, found {len(keys)}", file=where)
    try:
        return pyrage.x25519.Recipient.from_str(keys[0])
    except pyrage.RecipientError:
        raise InputError("the public key is damaged (not a valid age1... key)", file=where) from None


def load_identity(path: Path | str) -> pyrage.x25519.Identity:
    """The identity (secret key) in a ``.key`` file as written by ``addrjp keygen`` or ``age-keygen``."""
    path = Path(path)
    keys = [line for line in _lines(path, "secret key") if line.startswith(SECRET_PREFIX)]
    if len(keys) != 1:
        raise InputError(f"expected exactly one AGE-SECRET-KEY-1... line, found {len(keys)}", file=str(path),
                         hint="give the vendor's PREFIX.key, not the .pub file")
    try:
        return pyrage.x25519.Identity.from_str(keys[0])
    except pyrage.IdentityError:
        raise InputError("the secret key is damaged (not a valid age secret key)", file=str(path)) from None


def identity_is_private(path: Path | str) -> bool:
    """True when the key file is readable by its owner only (no group or other permission bits);
    InputError when there is no such file."""
    try:
        return os.stat(path).st_mode & 0o077 == 0
    except FileNotFoundError:
        raise InputError("the secret key file does not exist", file=str(path),
                         hint="check the path; the vendor's key is the PREFIX.key written by addrjp keygen") from None
    except OSError as exc:
        raise InputError(f"the secret key file cannot be read ({exc.strerror or type(exc).__name__})",
                         file=str(path)) from None
