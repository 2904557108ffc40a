"""Writing the outputs (出力ファイル): CSV safety, encodings, owner-only files, an atomic publish of the folder.

Three promises, each kept here and nowhere else:

* **CSV safety** (CSV インジェクション対策). A cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return would be run as a formula by spreadsheet software. Such a cell is written with a leading
  apostrophe ``'``; so that the raw value stays recoverable, a cell that itself begins with ``'`` gets one
  too, and :func:`restore_cell` removes exactly one.
* **No silent '?'.** A character the output encoding cannot represent is an error here; the pipeline finds
  such rows first and holds them (finding ``output.unencodable``).
* **Nothing half-written.** Every file is written into a temporary folder beside the output folder (mode
  0700, files 0600: they hold personal data), then the folder is renamed into place.
* **Temporaries are known as ours** (一時フォルダの目印). Every temporary folder holds a marker file
  (:data:`TEMPORARY_MARKER`) naming the process that made it; :func:`is_addrjp_temporary` recognises such a
  folder, and a folder without the marker is never taken for one.

>>> neutralise_cell("=HYPERLINK(\\"x\\")")
'\\'=HYPERLINK("x")'
>>> neutralise_cell("-1")
"'-1"
>>> restore_cell(neutralise_cell("'quoted"))
"'quoted"
>>> unencodable_positions("髙橋", "cp932"), unencodable_positions("𠮷野", "cp932")
([], [0])
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import fcntl
import hashlib
import io
import json
import os
import shutil
import socket
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from addrjp.errors import InputError, IntegrityError
from addrjp.fileio import fault_from
from addrjp.mailing.schema import KNOWN_FORMATS, MANIFEST_FILE, OUTPUT_FILES
from addrjp.temporaries import (
    TEMPORARY_KIND,
    TEMPORARY_MARKER,
    boot_id,
    is_addrjp_temporary,
    is_stale_temporary,
    read_temporary_marker,
    temporaries_beside,
)

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

#: First characters that make a spreadsheet evaluate a cell, plus the apostrophe used to neutralise them.
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
_NEUTRALISE_RE = r"^[=+\-@\t\r']"
LINE_TERMINATOR = "\r\n"  # RFC 4180; what vendors' Windows tools expect

FILE_MODE = 0o600
DIR_MODE = 0o700

def neutralise_cell(text: str) -> str:
    """The cell as written to CSV: a leading ``'`` when it begins with a formula character or ``'``."""
    if text and (text[0] in FORMULA_PREFIXES or text[0] == "'"):
        return "'" + text
    return text


def restore_cell(text: str) -> str:
    """The raw value of a cell written by :func:`neutralise_cell`."""
    return text[1:] if text.startswith("'") else text


def neutralise_expr(column: str) -> pl.Expr:
    """:func:`neutralise_cell` as a polars expression (nulls become empty cells)."""
    col = pl.col(column).fill_null("")
    return pl.when(col.str.contains(_NEUTRALISE_RE)).then(pl.lit("'") + col).otherwise(col).alias(column)


def unencodable_positions(text: str, encoding: str) -> list[int]:
    """Indexes of the characters of *text* that *encoding* cannot represent (empty when all can)."""
    try:
        text.encode(encoding)
        return []
    except UnicodeEncodeError:
        out = []
        for i, ch in enumerate(text):
            try:
                ch.encode(encoding)
            except UnicodeEncodeError:
                out.append(i)
        return out


def csv_bytes(frame: pl.DataFrame, columns: Sequence[str], *, encoding: str, file: str, header: bool = True,
              first_row: int = 1) -> bytes:
    """*frame*'s *columns* as CSV bytes (header first, CRLF, cells neutralised), strictly encoded.

    Without *header* (a later part of a file written in parts) neither the header line nor UTF-8's byte-order
    mark is written; *first_row* is the data row number of the frame's first row in the whole file.
    Raises :class:`IntegrityError` naming the data row and column of the first character *encoding* cannot
    represent: the caller was meant to hold that row, and a silent ``?`` is never written.
    """
    out = frame.select(neutralise_expr(c) for c in columns)
    codec = codecs.lookup(encoding).name
    if codec in ("utf-8", "utf-8-sig"):
        # polars writes UTF-8 itself: no Python string of the whole file (a million rows is ~250 MB)
        buf = io.BytesIO()
        if codec == "utf-8-sig" and header:
            buf.write(codecs.BOM_UTF8)
        out.write_csv(buf, line_terminator=LINE_TERMINATOR, quote_style="necessary", include_header=header)
        return buf.getvalue()
    text = out.write_csv(None, line_terminator=LINE_TERMINATOR, quote_style="necessary", include_header=header)
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        for c in columns:
            bad = out.select(
                pl.col(c).map_elements(lambda v: bool(unencodable_positions(v, encoding)),
                                       return_dtype=pl.Boolean).arg_true().first()
            ).item()
            if bad is not None:
                raise IntegrityError(
                    f"{file}: data row {bad + first_row}, column {c}: a character {encoding} cannot represent "
                    "(the row should have been held with output.unencodable)"
                ) from None
        raise


def json_bytes(obj: object) -> bytes:
    """Stable, readable JSON (UTF-8, sorted keys, trailing newline)."""
    return (json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def write_private_file(path: Path, data: bytes | Sequence[bytes]) -> None:
    """Create *path* (must not exist) readable and writable by the owner only, write *data* (bytes, or its
    pieces one after the other), fsync."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        for part in (data,) if isinstance(data, bytes | bytearray | memoryview) else data:
            view = memoryview(part)
            while view:
                n = os.write(fd, view)
                view = view[n:]
        os.fsync(fd)
    finally:
        os.close(fd)


def _looks_like_output(path: Path) -> bool:
    """True for an empty folder or one holding only the files of an earlier addrjp run."""
    names = {p.name for p in path.iterdir()}
    if not names:
        return True
    if MANIFEST_FILE not in names or not names <= set(OUTPUT_FILES) | {MANIFEST_FILE}:
        return False
    try:
        return json.loads((path / MANIFEST_FILE).read_text("utf-8")).get("format") in KNOWN_FORMATS
    except (OSError, ValueError, AttributeError):
        return False


def output_target(out_dir: Path) -> Path:
    """The folder an output is published as: *out_dir* made absolute, or, when it is a symbolic link, the
    folder the link points to (so that the link keeps pointing at the new output).

    A link to nothing (dangling) is refused: where the user meant the output to go is unknown.
    """
    if out_dir.is_symlink():
        try:
            target = out_dir.resolve(strict=True)
        except (OSError, RuntimeError):
            raise InputError(
                "--out is a symbolic link to nothing (リンク先がありません)", file=str(out_dir),
                hint="remove the link or point it at a folder, or choose another --out",
            ) from None
        return target
    return out_dir.absolute()


def _existing_ancestor(path: Path) -> Path:
    p = path
    while not p.exists() and p != p.parent:
        p = p.parent
    return p


def check_writable(out: Path) -> None:
    """Prove that the folder that will hold *out* can be written, by making (and removing) a temporary
    folder in it: before any work, so that a long run never ends in "read-only file system"."""
    parent = _existing_ancestor(out.parent)
    try:
        probe = Path(tempfile.mkdtemp(prefix=f".{out.name}.probe-", dir=parent))
        os.rmdir(probe)
    except OSError as exc:
        raise fault_from(exc, "the output folder cannot be written, nothing was done (出力先に書き込めません)",
                         parent) from None


def check_out_dir(out_dir: Path, *, force: bool, inputs: Sequence[Path] = ()) -> None:
    """Refuse an output folder that exists (without ``--force``) or that cannot safely be replaced, and
    prove the place writable (:class:`FaultError` otherwise).

    Called before any work, so that a long run never ends in "folder exists" or "read-only".
    """
    out = output_target(out_dir).resolve()
    for inp in inputs:
        rp = inp.resolve()
        if rp == out or out in rp.parents:
            raise InputError(
                "the output folder contains the input file; it would be replaced",
                file=str(out_dir), hint="choose another --out folder",
            )
    if out.exists():
        if not out.is_dir():
            raise InputError("exists and is not a folder", file=str(out_dir), hint="choose another --out")
        if not force:
            raise InputError(
                "the output folder already exists", file=str(out_dir),
                hint="add --force to replace an earlier run, or choose another --out folder",
            )
        if not _looks_like_output(out):
            raise InputError(
                "the folder exists and holds files that are not the outputs of an earlier run; "
                "refusing to replace it, even with --force",
                file=str(out_dir), hint="choose a new or empty --out folder",
            )
    check_writable(out)


# --- addrjp's own temporaries: marked, locked while in use, removed by the next run when stale ----------


class _Temporary:
    """A temporary folder beside an output, marked as addrjp's and locked by this process while it lives.

    The marker is written under another name, locked (``flock``), then renamed into place: a marker is
    never visible unlocked while its writer lives. The lock ends with the process, whatever kills it.
    """

    def __init__(self, path: Path, *, created: bool) -> None:
        self.path = path
        self.fd: int | None = None
        if created:
            os.chmod(path, DIR_MODE)
        self._mark()

    @classmethod
    def make(cls, parent: Path, name: str, kind: str) -> _Temporary:
        return cls(Path(tempfile.mkdtemp(prefix=f".{name}{kind}", dir=parent)), created=True)

    def _mark(self) -> None:
        pending = self.path / (TEMPORARY_MARKER + ".new")
        fd = os.open(pending, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            info = {"addrjp": TEMPORARY_KIND, "pid": os.getpid(), "host": socket.gethostname(),
                    "boot_id": boot_id() or "", "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
            os.write(fd, json.dumps(info, sort_keys=True).encode("utf-8"))
            os.fsync(fd)
            os.rename(pending, self.path / TEMPORARY_MARKER)
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(pending)
            raise
        self.fd = fd

    def unmark(self) -> None:
        """Remove the marker (just before the folder becomes the output) and let the lock go."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path / TEMPORARY_MARKER)
        self.release()

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        self.release()


@dataclass(frozen=True)
class TemporariesFound:
    """What :func:`remove_stale_temporaries` did beside an output folder."""

    removed: tuple[Path, ...] = ()
    in_use: tuple[Path, ...] = ()  # addrjp's, held by a running process: left alone
    unknown: tuple[Path, ...] = ()  # named like ours but without the marker: never touched

    def notices(self) -> list[str]:
        """One line each, Japanese first (folder names only, never their contents)."""
        out = []
        if self.removed:
            out.append(f"前回中断した実行の一時フォルダを削除しました removed {len(self.removed)} temporary "
                       f"folder(s) left by an interrupted addrjp run: {', '.join(str(p) for p in self.removed)}")
        if self.in_use:
            out.append(f"実行中の別の addrjp の一時フォルダがあります another addrjp run is writing beside this "
                       f"output: {', '.join(str(p) for p in self.in_use)}")
        if self.unknown:
            out.append(f"addrjp の印のない一時フォルダは削除しません left alone (no addrjp marker; remove by hand "
                       f"if it is yours): {', '.join(str(p) for p in self.unknown)}")
        return out


def remove_stale_temporaries(out_dir: Path) -> TemporariesFound:
    """Remove the temporaries of earlier, interrupted addrjp runs beside *out_dir* (``.NAME.tmp-*``,
    ``.NAME.old-*``): only folders holding addrjp's marker and held by no live process."""
    out = output_target(out_dir)
    removed: list[Path] = []
    in_use: list[Path] = []
    unknown: list[Path] = []
    for p in temporaries_beside(out):
        if p.is_symlink() or not p.is_dir():
            continue
        if not is_addrjp_temporary(p):
            unknown.append(p)
        elif is_stale_temporary(p):
            shutil.rmtree(p, ignore_errors=True)
            (unknown if p.exists() else removed).append(p)
        else:
            in_use.append(p)
    return TemporariesFound(tuple(removed), tuple(in_use), tuple(unknown))


class OutputFile:
    """One output file written in parts (owner-only, created new): its SHA-256 and size as written."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name
        self._fd: int | None = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        self._hash = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        if self._fd is None:
            raise ValueError(f"{self.name} is closed")
        self._hash.update(data)
        view = memoryview(data)
        while view:
            n = os.write(self._fd, view)
            view = view[n:]
        self.size += len(data)

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    def sync(self) -> None:
        """Flush what is written so far to the disk (fsync), the file left open: :meth:`close`'s own flush
        then has little left to do."""
        if self._fd is not None:
            os.fsync(self._fd)

    def close(self) -> None:
        """Flush to the disk (fsync) and close."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    def abandon(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            with contextlib.suppress(OSError):
                os.close(fd)


class _Beside:
    """The writer thread of an :class:`OutputFolder`: one thread, started when first given work, that runs
    what it is given in order (a file's parts are written in the order given); :meth:`wait` waits for all of
    it and gives back the first exception with the name of the file it was writing, or None."""

    def __init__(self) -> None:
        self._executor: ThreadPoolExecutor | None = None
        self._pending: list[tuple[Future[None], str]] = []

    def submit(self, name: str, func: Callable[..., None], *args: Any) -> None:
        if self._executor is None:
            from concurrent.futures import ThreadPoolExecutor

            self._executor = ThreadPoolExecutor(1, thread_name_prefix="addrjp-write")
        self._pending.append((self._executor.submit(func, *args), name))

    def wait(self) -> tuple[BaseException, str] | None:
        pending, self._pending = self._pending, []
        first: tuple[BaseException, str] | None = None
        for future, name in pending:
            exc = future.exception()  # waits; every piece given is done (or failed) before this returns
            if exc is not None and first is None:
                first = (exc, name)
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None
        return first


class OutputFolder:
    """The marked temporary folder a run writes its outputs into, then publishes as the output folder.

    Made beside *out_dir* (after the checks of :func:`check_out_dir`), marked as addrjp's and locked while it
    lives. Files are written whole (:meth:`write`) or in parts (:meth:`open`); a run's spilled parts go in
    :meth:`scratch` (removed before publishing). :meth:`publish` renames the folder into place atomically
    (an earlier output replaced only with *force*); on any error, or when the folder is left unpublished
    (:meth:`discard`, the end of a ``with`` block by an exception), nothing is published and the folder is
    removed. A machine's fault is a :class:`FaultError` naming the output and the cause.
    """

    def __init__(self, out_dir: Path, *, force: bool) -> None:
        self.out_dir = out_dir
        self.force = force
        check_out_dir(out_dir, force=force)
        self.out = output_target(out_dir)
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self._tmp: _Temporary | None = _Temporary.make(self.out.parent, self.out.name, ".tmp-")
        except OSError as exc:
            raise fault_from(exc, "cannot make the temporary output folder; nothing was published",
                             out_dir) from None
        self._files: dict[str, OutputFile] = {}
        self._scratch: Path | None = None
        self.published: Path | None = None
        self._beside = _Beside()

    @property
    def path(self) -> Path:
        if self._tmp is None:
            raise ValueError("the output folder is no longer open")
        return self._tmp.path

    def __enter__(self) -> OutputFolder:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if self.published is None:
            self.discard()

    def _fault(self, exc: OSError, step: str) -> Exception:
        self.discard()
        return fault_from(exc, f"cannot write {step}; nothing was published (出力できませんでした)", self.out_dir)

    def append_beside(self, f: OutputFile, data: bytes) -> None:
        """:meth:`append`, done by the folder's writer thread while the caller goes on (``os.write`` and the
        file's SHA-256 let the interpreter's lock go); the parts of a file are written in the order given.
        A fault is raised by :meth:`wait` (and by every later call of the folder) as :meth:`append` raises
        it: the same :class:`FaultError`, the folder discarded, nothing published."""
        self._beside.submit(f.name, f.write, data)

    def sync_beside(self, f: OutputFile) -> None:
        """Flush *f* to the disk (:meth:`OutputFile.sync`) in the writer thread, after its parts given so
        far: the wait for the disk overlaps the caller's work instead of :meth:`publish`'s."""
        self._beside.submit(f.name, f.sync)

    def wait(self) -> None:
        """Wait for the writer thread's work; its first fault raised here, as the serial call raises it."""
        failed = self._beside.wait()
        if failed is None:
            return
        exc, name = failed
        if isinstance(exc, OSError):
            raise self._fault(exc, name) from None
        self.discard()
        raise exc

    def _check_name(self, name: str) -> None:
        if not name or name in (".", "..") or "/" in name or "\\" in name or name.startswith(TEMPORARY_MARKER):
            raise ValueError(f"not a plain file name: {name!r}")
        if name in self._files:
            raise ValueError(f"{name} is written once")

    def open(self, name: str) -> OutputFile:
        """A new file of the output, to be written in parts (closed by :meth:`publish`)."""
        self.wait()
        self._check_name(name)
        try:
            f = self._files[name] = OutputFile(self.path / name)
        except OSError as exc:
            raise self._fault(exc, name) from None
        return f

    def append(self, f: OutputFile, data: bytes) -> None:
        """Write the next part of *f* (a fault is published as one)."""
        self.wait()  # after the parts given to the writer thread
        try:
            f.write(data)
        except OSError as exc:
            raise self._fault(exc, f.name) from None

    def write(self, name: str, data: bytes | Sequence[bytes]) -> None:
        """A whole file of the output (bytes, or its pieces one after the other)."""
        self.wait()
        self._check_name(name)
        try:
            write_private_file(self.path / name, data)
        except OSError as exc:
            raise self._fault(exc, name) from None

    def scratch(self) -> Path:
        """A private folder inside the temporary one for the run's spilled parts (never published)."""
        if self._scratch is None:
            try:
                self._scratch = Path(tempfile.mkdtemp(prefix="scratch-", dir=self.path))
            except OSError as exc:
                raise self._fault(exc, "the temporary folder") from None
        return self._scratch

    def publish(self) -> Path:
        """Close every file, remove the scratch folder, and rename the folder into place."""
        self.wait()
        tmp = self._tmp
        if tmp is None:
            raise ValueError("the output folder is no longer open")
        step = "the temporary folder"
        try:
            for f in self._files.values():
                step = f.name
                f.close()
            if self._scratch is not None:
                shutil.rmtree(self._scratch)
                self._scratch = None
            check_out_dir(self.out_dir, force=self.force)
        except OSError as exc:
            raise self._fault(exc, step) from None
        except BaseException:
            self.discard()
            raise
        out = self.out
        old: _Temporary | None = None
        step = "the output folder"
        try:
            dfd = os.open(tmp.path, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
            if out.exists():
                old_path = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
                os.rmdir(old_path)
                os.rename(out, old_path)
                try:
                    old = _Temporary(old_path, created=False)  # marked: a kill now leaves a known temporary
                except OSError:
                    os.rename(old_path, out)
                    raise
            tmp.unmark()  # the marker never reaches the output; unmarked only for the rename itself
            try:
                os.rename(tmp.path, out)
            except OSError:
                if old is not None:
                    old.unmark()
                    os.rename(old.path, out)
                    old = None
                raise
        except OSError as exc:
            raise self._fault(exc, step) from None
        except BaseException:
            self.discard()
            raise
        self._tmp = None
        self.published = out
        if old is not None:
            old.remove()
        with contextlib.suppress(OSError):
            pfd = os.open(out.parent, os.O_RDONLY)
            try:
                os.fsync(pfd)
            finally:
                os.close(pfd)
        return out

    def discard(self) -> None:
        """Remove the temporary folder and everything in it (nothing is published)."""
        self._beside.wait()  # the writer thread done (its fault, if any, is the caller's to say) before removal
        for f in self._files.values():
            f.abandon()
        if self._tmp is not None:
            self._tmp.remove()
            self._tmp = None


def publish_dir(files: Mapping[str, bytes], out_dir: Path, *, force: bool) -> Path:
    """Write *files* into a temporary folder beside *out_dir*, then rename it into place (atomically).

    An existing *out_dir* is replaced only with *force* and only when it holds an earlier run's outputs;
    when *out_dir* is a symbolic link, the folder it points to is replaced and the link kept. On any error
    nothing is published and the temporary folder is removed; a machine's fault (disk full, file-size limit,
    read-only folder) is a :class:`FaultError` naming the path and the cause. A kill leaves a marked
    temporary that the next run removes (:func:`remove_stale_temporaries`).
    """
    for name in files:
        if not name or name in (".", "..") or "/" in name or "\\" in name or name.startswith(TEMPORARY_MARKER):
            raise ValueError(f"not a plain file name: {name!r}")
    with OutputFolder(out_dir, force=force) as folder:
        for name, data in files.items():
            folder.write(name, data)
        return folder.publish()


__all__ = [
    "FORMULA_PREFIXES",
    "TEMPORARY_MARKER",
    "OutputFile",
    "OutputFolder",
    "TemporariesFound",
    "check_out_dir",
    "check_writable",
    "csv_bytes",
    "is_addrjp_temporary",
    "is_stale_temporary",
    "json_bytes",
    "neutralise_cell",
    "neutralise_expr",
    "output_target",
    "publish_dir",
    "read_temporary_marker",
    "remove_stale_temporaries",
    "restore_cell",
    "unencodable_positions",
    "write_private_file",
]
