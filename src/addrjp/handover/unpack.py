"""Reading a decrypted package's members safely (展開, unpacking): names, types, duplicates, sizes, streaming.

A package is hostile until proven otherwise. Its members are read as a stream, never as a whole, in two
passes over the decrypted bytes:

1. **scan** — every member is checked and hashed, nothing is written: a plain file name (no ``/``, ``\\``,
   ``..``, no leading dot), a regular file (no link, device, folder, FIFO or sparse file), no name twice,
   only names listed in the package's ``handover.json`` with the size it lists, and the total decompressed
   size bounded (:func:`unpacked_limit`), so that a 300 MB member in a 300 KB package is refused after
   reading at most the bound, with memory bounded by one chunk.
2. **extract** — only when the scan passed, the listed members are written (and hashed again) into the
   caller's temporary folder. A refused member is never written anywhere.

``seal`` puts ``handover.json`` first, so a member that is not listed, or larger than listed, is refused from
its header before a byte of it is read; packages of older versions (``handover.json`` last) are still
accepted, bounded by the total size.

>>> unpacked_limit(300_000) == MIN_UNPACKED_BYTES
True
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import tarfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyzipper

from addrjp.errors import InputError, IntegrityError
from addrjp.handover._files import CHUNK
from addrjp.handover.package import HANDOVER

MIN_UNPACKED_BYTES = 64 << 20
MAX_UNPACKED_BYTES = 4 << 30
#: the most a package may grow when decompressed (text compresses 3-10 times; a bomb 1000 times)
MAX_RATIO = 100
MAX_HANDOVER_BYTES = 1 << 20
#: small members kept in memory during the scan (to validate them: handover.json, manifest.json)
KEEP_BYTES = 1 << 20
AES_256 = 3  # WinZip AE strength code of AES-256


def unpacked_limit(compressed: int) -> int:
    """The most bytes the members of a package of ``compressed`` bytes may decompress to."""
    return min(MAX_UNPACKED_BYTES, max(MIN_UNPACKED_BYTES, MAX_RATIO * compressed))


@dataclass(frozen=True)
class Member:
    """One member as scanned: its size and SHA-256 (``data`` only for small members kept in memory)."""

    name: str
    size: int
    sha256: str
    data: bytes | None = None


@dataclass(frozen=True)
class Scanned:
    """A package whose members passed the scan: ``handover.json`` as parsed, and the other members."""

    handover: dict[str, Any]
    members: dict[str, Member]


def check_member_name(name: str) -> None:
    """IntegrityError unless ``name`` is a plain file name that can be written into the received folder."""
    if (not name or len(name) > 255 or "/" in name or "\\" in name or "\x00" in name or name in (".", "..")
            or name.startswith(".") or name.strip() != name):
        raise IntegrityError(f"the package holds an unexpected path {name!r}; refusing to open it")


class _Bounded(io.RawIOBase):
    """A read-only stream that refuses to deliver more than ``limit`` bytes in total."""

    def __init__(self, inner: IO[bytes], limit: int) -> None:
        self._inner = inner
        self._left = limit
        self._limit = limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        want = min(len(view), CHUNK)
        data = self._inner.read(want)
        if len(data) > self._left:
            raise IntegrityError(f"the package decompresses to more than {self._limit:,} bytes; it is not an "
                                 "addrjp package (a decompression bomb?) — refusing to open it")
        self._left -= len(data)
        view[:len(data)] = data
        return len(data)


def _tar_stream(payload: bytes, limit: int) -> IO[bytes]:
    raw: Any = io.BytesIO(payload)
    if payload[:2] == b"\x1f\x8b":
        raw = gzip.GzipFile(fileobj=raw, mode="rb")
    return io.BufferedReader(_Bounded(raw, limit), buffer_size=CHUNK)


def _damaged(exc: BaseException) -> IntegrityError:
    return IntegrityError(f"the decrypted package is not a valid archive ({type(exc).__name__}); it is damaged "
                          "or was not made by addrjp seal — nothing was written")


_ARCHIVE_ERRORS = (tarfile.TarError, zlib.error, EOFError, OSError, ValueError)
_ZIP_ERRORS = (*_ARCHIVE_ERRORS, pyzipper.BadZipFile, KeyError)


def _chunks(handle: IO[bytes], size: int) -> Iterator[bytes]:
    left = size
    try:
        while left > 0:
            data = handle.read(min(CHUNK, left))
            if not data:
                raise EOFError("unexpected end of member")
            left -= len(data)
            yield data
    except IntegrityError:
        raise
    except _ARCHIVE_ERRORS as exc:
        raise _damaged(exc) from None


Entries = Iterator[tuple[str, int, Iterator[bytes]]]


def tar_entries(payload: bytes) -> Entries:
    """``(name, size, chunks)`` for each member of a (gzip-compressed) tar, checked for name and type."""
    stream = _tar_stream(payload, unpacked_limit(len(payload)))
    try:
        tar = tarfile.open(fileobj=stream, mode="r|")  # noqa: SIM115 - closed by the with below
    except IntegrityError:
        raise
    except _ARCHIVE_ERRORS as exc:
        raise _damaged(exc) from None
    with tar:
        while True:
            try:
                info = tar.next()
            except IntegrityError:
                raise
            except _ARCHIVE_ERRORS as exc:
                raise _damaged(exc) from None
            if info is None:
                return
            check_member_name(info.name)
            if not info.isreg() or info.issparse():
                raise IntegrityError(f"the package holds {info.name!r}, which is not a regular file (a link, "
                                     "device, folder or sparse file); refusing to open it")
            handle = tar.extractfile(info)
            if handle is None:  # pragma: no cover - isreg() members always have a file object
                raise IntegrityError(f"the package's member {info.name!r} cannot be read")
            yield info.name, info.size, _chunks(handle, info.size)


def zip_entries(data: bytes, password: str, limit: int | None = None) -> Entries:
    """``(name, size, chunks)`` for each member of an AES-256 ZIP, ``handover.json`` first."""
    try:
        archive = pyzipper.AESZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as exc:
        raise IntegrityError(f"the package is damaged or was changed ({type(exc).__name__}); "
                             "nothing was written") from None
    with archive:
        archive.setpassword(password.encode("utf-8"))
        infos = archive.infolist()
        seen: set[str] = set()
        for info in infos:
            check_member_name(info.filename)
            if info.filename in seen:
                raise IntegrityError(f"{info.filename} appears twice in the ZIP; refusing to open it")
            seen.add(info.filename)
            if not info.flag_bits & 0x1 or getattr(info, "wz_aes_strength", None) != AES_256:
                raise IntegrityError(f"{info.filename} in the ZIP is not AES-256 encrypted (legacy ZipCrypto "
                                     "or none); refusing to open it")
        if sum(info.file_size for info in infos) > (limit or unpacked_limit(len(data))):
            raise IntegrityError("the package's members add up to more than the size an addrjp package may "
                                 "have; refusing to open it")
        infos.sort(key=lambda info: info.filename != HANDOVER)
        for info in infos:
            yield info.filename, info.file_size, _zip_chunks(archive, info)


def _zip_chunks(archive: pyzipper.AESZipFile, info: Any) -> Iterator[bytes]:
    try:
        with archive.open(info) as handle:
            yield from _chunks(handle, info.file_size)
            if handle.read(1):
                raise IntegrityError(f"{info.filename} in the ZIP is longer than it says; refusing to open it")
    except RuntimeError as exc:
        if "password" in str(exc).lower():
            raise InputError("wrong password for this package", hint="use the password from the separate "
                             "password notice (パスワード通知書); nothing was written") from None
        raise IntegrityError(f"the package is damaged ({exc.__class__.__name__})") from None
    except IntegrityError:
        raise
    except _ZIP_ERRORS as exc:
        raise IntegrityError(f"the package is damaged or was changed ({type(exc).__name__}); "
                             "nothing was written") from None


def _listed(doc: Mapping[str, Any]) -> dict[str, tuple[str, int]]:
    """``{name: (sha256, bytes)}`` from handover.json's ``files``; IntegrityError for a wrong shape."""
    files = doc.get("files")
    if not isinstance(files, dict):
        raise IntegrityError("handover.json in the package is not readable (field files is not an object)")
    out: dict[str, tuple[str, int]] = {}
    for name, entry in files.items():
        check_member_name(name)
        if name == HANDOVER:
            raise IntegrityError("handover.json in the package lists itself; it was not made by addrjp seal")
        digest = entry.get("sha256") if isinstance(entry, dict) else None
        size = entry.get("bytes") if isinstance(entry, dict) else None
        if not isinstance(digest, str) or len(digest) != 64:
            raise IntegrityError(f"handover.json in the package is not readable (field files.{name}.sha256)")
        if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
            raise IntegrityError(f"handover.json in the package is not readable (field files.{name}.bytes)")
        out[name] = (digest.lower(), -1 if size is None else size)
    return out


def _parse_handover(data: bytes) -> dict[str, Any]:
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise IntegrityError("handover.json in the package is not readable") from None
    if not isinstance(doc, dict):
        raise IntegrityError("handover.json in the package is not readable (not a JSON object)")
    return doc


def scan(entries: Entries, *, keep: Callable[[str], bool] = lambda name: False) -> Scanned:
    """Pass 1: check and hash every member, write nothing; IntegrityError for anything out of place."""
    listed: dict[str, tuple[str, int]] | None = None
    handover: dict[str, Any] | None = None
    members: dict[str, Member] = {}
    for name, size, chunks in entries:
        if name in members or (name == HANDOVER and handover is not None):
            raise IntegrityError(f"{name} appears twice in the package; refusing to open it")
        if name == HANDOVER:
            if size > MAX_HANDOVER_BYTES:
                raise IntegrityError("handover.json in the package is too large; it was not made by addrjp seal")
            handover = _parse_handover(b"".join(chunks))
            listed = _listed(handover)
            for seen, member in members.items():
                _check_listed(listed, seen, member.size)
            continue
        if listed is not None:
            _check_listed(listed, name, size)
        digest = hashlib.sha256()
        kept: list[bytes] | None = [] if size <= KEEP_BYTES and keep(name) else None
        for chunk in chunks:
            digest.update(chunk)
            if kept is not None:
                kept.append(chunk)
        members[name] = Member(name=name, size=size, sha256=digest.hexdigest(),
                               data=b"".join(kept) if kept is not None else None)
    if handover is None or listed is None:
        raise IntegrityError("the package has no handover.json: it was not made by addrjp seal")
    missing = sorted(set(listed) - set(members))
    if missing:
        raise IntegrityError(f"the package's files differ from handover.json (missing {missing})")
    for name, member in members.items():
        if member.sha256 != listed[name][0]:
            raise IntegrityError(f"{name} does not match its SHA-256 in handover.json; the package was changed")
    return Scanned(handover=handover, members=members)


def _check_listed(listed: Mapping[str, tuple[str, int]], name: str, size: int) -> None:
    if name not in listed:
        raise IntegrityError(f"the package holds {name!r}, which its handover.json does not list; "
                             "refusing to open it (nothing was written)")
    want = listed[name][1]
    if want >= 0 and size != want:
        raise IntegrityError(f"{name} in the package has {size:,} bytes, its handover.json lists {want:,}; "
                             "refusing to open it")


def extract(entries: Entries, scanned: Scanned, folder: Path) -> None:
    """Pass 2: write the members that passed the scan into ``folder`` (new files, mode 0600), hashing again."""
    for name, _size, chunks in entries:
        if name == HANDOVER:
            for _ in chunks:
                pass
            continue
        want = scanned.members.get(name)
        if want is None:  # pragma: no cover - the scan saw the same bytes
            raise IntegrityError(f"{name} was not in the package when it was checked; nothing was published")
        digest = hashlib.sha256()
        fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                digest.update(chunk)
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        if digest.hexdigest() != want.sha256:  # pragma: no cover - the payload is immutable bytes
            raise IntegrityError(f"{name} changed between the check and the write; nothing was published")


__all__ = ["MAX_RATIO", "MAX_UNPACKED_BYTES", "MIN_UNPACKED_BYTES", "Member", "Scanned", "check_member_name",
           "extract", "scan", "tar_entries", "unpacked_limit", "zip_entries"]
