"""What ``erase`` may erase (消去対象の確認): only what it can prove addrjp made or received, unchanged.

``erase`` destroys data for good, so before it touches a byte it proves, for each thing it is asked to erase:

* **the received folder** — it holds a ``handover.json`` written by ``addrjp open`` (the receipt record of
  :mod:`addrjp.handover.received`), every file that record lists is there with the SHA-256 and size it
  records, and *nothing else* is inside (no other file, no folder, no link). A web project or an export
  that holds a ``manifest.json`` is refused, and so is a received folder someone added files to: the
  refusal lists what else is there;
* **each package file** (``--package``) — it starts like a sealed package (age, or a ZIP whose first member
  is WinZip AES-encrypted) and, where a record of it exists, has the SHA-256 recorded: in the received
  folder's ``handover.json``, in the seal's receipt beside it, in the ledger given;
* **temporaries beside the folder** — ``.NAME.tmp-*`` / ``.NAME.old-*`` folders left by a killed
  ``open`` or ``clean`` are erased too, but only those holding addrjp's marker
  (:mod:`addrjp.handover.temporaries`) and no process still at work; look-alikes without the marker are
  left alone and named on the certificate.

Every check runs before anything is changed: a refusal touches nothing. Refusals are
:class:`~addrjp.errors.InputError` when the thing is not what ``erase`` takes (exit 2), and
:class:`~addrjp.errors.IntegrityError` when it does not match its record (exit 1).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from addrjp.errors import InputError, IntegrityError
from addrjp.handover._files import sha256_file
from addrjp.handover.ledger import Ledger, read_receipt
from addrjp.handover.package import HANDOVER, receipt_path
from addrjp.handover.received import Received, read_received
from addrjp.handover.seal import sealed_format
from addrjp.handover.temporaries import (
    is_addrjp_temporary,
    read_temporary_marker,
    still_running,
    temporaries_beside,
)

GROUP_RECEIVED = "received"
GROUP_PACKAGE = "package"
GROUP_TEMPORARY = "temporary"
_LISTED_EXTRAS = 12


@dataclass(frozen=True)
class Target:
    """One file to erase: where it is, how the certificate lists it, its size and SHA-256 before erasure."""

    path: Path
    label: str
    bytes: int
    sha256: str
    group: str


@dataclass(frozen=True)
class PackageProof:
    """A package file to erase and what showed that it is a sealed package of this handover."""

    name: str
    sha256: str
    bytes: int
    format: str
    checks: tuple[str, ...]


@dataclass
class Plan:
    """Everything ``erase`` will erase, proven; and what it found and leaves alone."""

    root: Path | None
    received: Received | None
    targets: list[Target] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)
    packages: list[PackageProof] = field(default_factory=list)
    temporaries: list[str] = field(default_factory=list)
    left_alone: list[str] = field(default_factory=list)


def check_regular(path: Path, label: str, device: int | None = None) -> os.stat_result:
    """The file's stat when it is a regular file with one link (on ``device``); InputError otherwise."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        raise InputError("the file does not exist", file=label) from None
    if stat.S_ISLNK(info.st_mode):
        raise InputError("a symbolic link could point outside the package; refusing to erase anything",
                         file=label, hint="remove the link by hand after checking where it points")
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file (a folder, device, pipe or socket); refusing to erase anything",
                         file=label)
    if info.st_nlink > 1:
        raise InputError("the file has another hard link outside this path; overwriting it would change data "
                         "elsewhere, so nothing was erased", file=label)
    if device is not None and info.st_dev != device:
        raise InputError("the file is on another file system; refusing", file=label)
    return info


def _describe_extras(extras: list[str]) -> str:
    shown = ", ".join(extras[:_LISTED_EXTRAS])
    more = len(extras) - _LISTED_EXTRAS
    return shown + (f" and {more} more" if more > 0 else "")


def _received_folder(directory: Path, plan: Plan) -> None:
    if directory.is_symlink():
        raise InputError("the folder is a symbolic link; refusing to erase through it", file=str(directory),
                         hint="give the real folder of the opened package")
    if not directory.is_dir():
        raise InputError("the folder to erase does not exist", file=str(directory))
    root = directory.resolve()
    if os.path.ismount(root):
        raise InputError("the folder is a mount point (a whole drive); refusing to erase it", file=str(directory))
    received = read_received(root, str(directory))
    device = root.stat().st_dev
    extras: list[str] = []
    present: list[str] = []
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        if entry.is_symlink():
            extras.append(f"{entry.name} (symbolic link)")
        elif entry.is_dir(follow_symlinks=False):
            extras.append(f"{entry.name}/ (folder)")
        elif entry.name != HANDOVER and entry.name not in received.files:
            extras.append(entry.name)
        else:
            present.append(entry.name)
    if extras:
        raise InputError(f"the folder holds what addrjp open did not write: {_describe_extras(extras)}; refusing "
                         "to erase anything (nothing was touched)", file=str(directory),
                         hint="move those out first (and dispose of them by your own procedure if they hold "
                         "personal data); addrjp erase erases only what it can prove it received")
    missing = sorted(set(received.files) - set(present))
    if missing:
        raise IntegrityError(f"{directory}: {', '.join(missing)} listed in handover.json is missing: it was moved or "
                             "deleted outside addrjp; refusing to erase (nothing was touched) and to certify "
                             "an erasure that may not be complete — find the file and put it back")
    for name in [*sorted(received.files), HANDOVER]:
        path = root / name
        info = check_regular(path, f"{directory}/{name}", device)
        digest = sha256_file(path)
        if name in received.files and (digest, info.st_size) != received.files[name]:
            raise IntegrityError(f"{directory}/{name} was changed after addrjp open wrote it (SHA-256 or size "
                                 "differs from handover.json); refusing to erase anything (nothing was touched)")
        plan.targets.append(Target(path=path, label=name, bytes=info.st_size, sha256=digest, group=GROUP_RECEIVED))
    plan.root, plan.received = root, received
    plan.folders.append(root)
    _temporaries(root, device, plan)


def _temporaries(root: Path, device: int, plan: Plan) -> None:
    for folder in temporaries_beside(root):
        marker = read_temporary_marker(folder) if is_addrjp_temporary(folder) else None
        if marker is None:
            plan.left_alone.append(folder.name)
            continue
        if still_running(marker):
            raise InputError(f"an addrjp run (process {marker.get('pid')}) is still writing {folder.name}; "
                             "refusing to erase anything now", file=str(folder.parent),
                             hint="wait until it has finished, then run addrjp erase again")
        files: list[Target] = []
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            label = f"{folder.name}/{entry.name}"
            if entry.is_symlink() or entry.is_dir(follow_symlinks=False):
                raise InputError("addrjp's temporary folder holds a folder or a link, which addrjp never "
                                 "writes there; refusing to erase anything", file=str(folder.parent / label))
            path = folder / entry.name
            info = check_regular(path, str(folder.parent / label), device)
            files.append(Target(path=path, label=label, bytes=info.st_size, sha256=sha256_file(path),
                                group=GROUP_TEMPORARY))
        plan.targets.extend(files)
        plan.folders.append(folder)
        plan.temporaries.append(folder.name)


def _package(path: Path, plan: Plan, ledger: Ledger | None) -> None:
    info = check_regular(path, str(path))
    try:
        with open(path, "rb") as handle:
            head = handle.read(64)
    except OSError as exc:
        raise InputError(f"the package cannot be read ({exc.strerror or type(exc).__name__})", file=str(path)) from None
    fmt = sealed_format(head)
    if fmt is None:
        raise InputError("not a sealed package (neither an age file nor an AES-256 ZIP of addrjp seal); "
                         "refusing to erase it (nothing was touched)", file=str(path),
                         hint="--package takes only the package file the ward handed over")
    digest = sha256_file(path)
    checks: list[str] = [f"sealed package ({fmt})"]
    received = plan.received
    if received is not None and received.package_sha256 is not None:
        if digest != received.package_sha256:
            raise IntegrityError(f"{path}: not the package the folder was opened from (its SHA-256 differs from "
                                 "the one in handover.json); refusing to erase anything — erase it on its own")
        checks.append("SHA-256 as in the received folder's handover.json")
    if read_receipt(path, digest) is not None or receipt_path(path).is_file():
        checks.append("SHA-256 as in the seal's receipt")
    if ledger is not None:
        if ledger.find_handover(digest) is None:
            raise IntegrityError(f"{path}: the ledger {ledger.path.name} records no handover of a package with "
                                 f"this SHA-256 ({digest[:16]}…); refusing to erase anything")
        checks.append(f"SHA-256 as in the ledger {ledger.path.name}")
    plan.targets.append(Target(path=path, label=path.name, bytes=info.st_size, sha256=digest, group=GROUP_PACKAGE))
    plan.packages.append(PackageProof(name=path.name, sha256=digest, bytes=info.st_size, format=fmt,
                                      checks=tuple(checks)))


def plan_erasure(directory: Path | None, packages: Sequence[Path], *, ledger: Path | None = None) -> Plan:
    """Prove what may be erased (see the module's docstring); raise before anything is touched otherwise."""
    if directory is None and not packages:
        raise InputError("nothing to erase", hint="give the folder made by addrjp open and/or --package FILE")
    book = Ledger(ledger) if ledger is not None else None
    if book is not None:
        book.verify()
    plan = Plan(root=None, received=None)
    if directory is not None:
        _received_folder(directory, plan)
    for path in packages:
        if plan.root is not None and path.resolve().parent == plan.root:
            continue  # a package inside the folder is already listed there (or refused as an extra)
        if any(t.path.resolve() == path.resolve() for t in plan.targets):
            raise InputError("the same package is given twice", file=str(path))
        _package(path, plan, book)
    return plan


__all__ = ["GROUP_PACKAGE", "GROUP_RECEIVED", "GROUP_TEMPORARY", "PackageProof", "Plan", "Target",
           "check_regular", "plan_erasure"]
