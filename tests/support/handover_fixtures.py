"""Shared helpers of the handover tests (no tests here): an output folder shaped like ``addrjp clean``'s."""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
import tarfile
import zlib
from pathlib import Path

# synthetic residents (not real people); the tests assert none of these strings leaks into metadata
NAMES = ("新宿花子", "西新宿太郎", "髙橋一郎")
ADDRESSES = ("東京都新宿区西新宿2-8-1", "東京都新宿区歌舞伎町1-4-1", "東京都新宿区北新宿1-1-1")
MAILING = (
    "id,postal_code,address1,address2,name,barcode\r\n"
    f"A001,163-8001,{ADDRESSES[0]},,{NAMES[0]},16380012-8-1\r\n"
    f"A002,160-0021,{ADDRESSES[1]},\"新宿ビル\r\n3階\",{NAMES[1]},16000211-4-1\r\n"
)
FINDINGS = (
    "id,status,findings,duplicate_of,postal_code_in,postal_code_out,address_in,address_out,name_in,name_out,"
    "suggestion\r\n"
    f"A001,ok,,,1638001,163-8001,{ADDRESSES[0]},{ADDRESSES[0]},{NAMES[0]},{NAMES[0]},\r\n"
    f"A002,fixed,postal.filled,,,160-0021,{ADDRESSES[1]},{ADDRESSES[1]},{NAMES[1]},{NAMES[1]},\r\n"
    f"A003,hold,address.unknown_town,,,,{ADDRESSES[2]},,{NAMES[2]},{NAMES[2]},\r\n"
)
REPORT = f"<html><body>3 rows; {NAMES[2]} held</body></html>\n"


def _entry(data: bytes, rows: int | None = None) -> dict[str, object]:
    entry: dict[str, object] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    if rows is not None:
        entry["rows"] = rows
    return entry


def make_output(folder: Path, *, encoding: str = "utf-8") -> Path:
    """Write mailing.csv, findings.csv, report.html and a manifest.json as addrjp clean does."""
    folder.mkdir(parents=True)
    files = {
        "mailing.csv": MAILING.encode(encoding),
        "findings.csv": FINDINGS.encode(encoding),
        "report.html": REPORT.encode("utf-8"),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    manifest = {
        "format": "addrjp-mailing/1",
        "counts": {"input": 3, "findings": 3, "mailing": 2,
                   "by_status": {"ok": 1, "fixed": 1, "review": 0, "hold": 1, "excluded": 0}},
        "files": {
            "mailing.csv": _entry(files["mailing.csv"], 2),
            "findings.csv": _entry(files["findings.csv"], 3),
            "report.html": _entry(files["report.html"]),
        },
        "out_encoding": encoding,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return folder


def assert_no_personal_data(text: str) -> None:
    """No synthetic name or address appears in ``text``."""
    for value in NAMES + ADDRESSES:
        assert value not in text


def leftovers(parent: Path) -> list[str]:
    """Hidden temporary entries left in ``parent`` (there must be none after a failure)."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def recorded_sha256(package: Path) -> str:
    """The package's SHA-256 as the ward would have recorded it (lets a test reach what ``open`` checks after
    the package's origin)."""
    return hashlib.sha256(package.read_bytes()).hexdigest()


def tree_digest(root: Path) -> dict[str, str]:
    """Every path under ``root`` (links not followed) with its kind, mode and content hash: equal before and
    after means nothing was touched."""
    out: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        key = str(path.relative_to(root))
        if path.is_symlink():
            out[key] = f"link {os.readlink(path)}"
        elif path.is_dir():
            out[key] = f"dir {oct(info.st_mode)}"
        else:
            out[key] = f"file {oct(info.st_mode)} {info.st_nlink} {hashlib.sha256(path.read_bytes()).hexdigest()}"
    return out


def tar_gz(members: list[tuple[str, bytes]]) -> bytes:
    """A gzip-compressed tar of ``members`` in the order given (duplicates allowed: a crafted archive)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def zero_bomb_tar_gz(name: str, size: int, *, before: tuple[tuple[str, bytes], ...] = ()) -> bytes:
    """A gzip-compressed tar whose member ``name`` holds ``size`` zero bytes, built without ever holding them:
    the deflate stream of 1 MiB of zeros after a full flush is the same every time, so it is repeated.
    ``before`` are small members written first. About 1 KB of gzip per MiB of zeros."""
    prefix = b""
    for member, data in before:
        small = tarfile.TarInfo(member)
        small.size = len(data)
        prefix += small.tobuf(tarfile.PAX_FORMAT) + data + bytes((-len(data)) % tarfile.BLOCKSIZE)
    info = tarfile.TarInfo(name)
    info.size = size
    prefix += info.tobuf(tarfile.PAX_FORMAT)
    mib = 1 << 20
    padding = (-size) % tarfile.BLOCKSIZE + 2 * tarfile.BLOCKSIZE  # the member's padding and the end blocks
    zeros_total = size + padding
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts = [deflate.compress(prefix), deflate.flush(zlib.Z_FULL_FLUSH)]
    chunk = bytes(mib)
    segment = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    full, rest = divmod(zeros_total, mib)
    parts.append(segment * full)
    parts.append(deflate.compress(bytes(rest)) + deflate.flush(zlib.Z_FINISH))
    crc = zlib.crc32(prefix)
    for _ in range(full):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(bytes(rest), crc)
    length = (len(prefix) + zeros_total) & 0xFFFFFFFF
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + b"".join(parts) + struct.pack("<II", crc, length)


def received_package(tmp_path: Path) -> Path:
    """A mailing folder sealed for a fresh vendor key and opened as the vendor does: the received folder
    (``tmp_path/"in"``), its package ``tmp_path/"pkg.age"``, the key pair under ``tmp_path/"vendor"``."""
    from addrjp.handover.keys import generate_keypair
    from addrjp.handover.seal import open_package, seal_directory

    make_output(tmp_path / "out")
    pair = generate_keypair(tmp_path / "vendor")
    seal_directory(tmp_path / "out", tmp_path / "pkg.age", recipient=pair.public_path)
    open_package(tmp_path / "pkg.age", tmp_path / "in", identity=pair.identity_path,
                 expect_sha256=recorded_sha256(tmp_path / "pkg.age"))
    return tmp_path / "in"
