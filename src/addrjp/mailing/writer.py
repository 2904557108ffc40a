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
import io
import json
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import polars as pl

from addrjp.errors import InputError, IntegrityError
from addrjp.mailing.schema import FORMAT, MANIFEST_FILE, OUTPUT_FILES

#: First characters that make a spreadsheet evaluate a cell, plus the apostrophe used to neutralise them.
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
_NEUTRALISE_RE = r"^[=+\-@\t\r']"
LINE_TERMINATOR = "\r\n"  # RFC 4180; what vendors' Windows tools expect

FILE_MODE = 0o600
DIR_MODE = 0o700

#: The marker file inside every temporary folder addrjp makes beside an output folder (``.NAME.tmp-*`` while
#: the files are written, ``.NAME.old-*`` while an earlier run's output is being replaced). Its content is
#: JSON: ``{"addrjp": "temporary", "pid": …, "boot_id": …, "started": …}``.
TEMPORARY_MARKER = ".addrjp-temporary"
TEMPORARY_KIND = "temporary"
#: Name patterns of the temporary folders beside an output folder called NAME.
TEMPORARY_INFIXES: tuple[str, ...] = (".tmp-", ".old-")


def is_addrjp_temporary(path: str | os.PathLike[str]) -> bool:
    """True when *path* is a temporary folder made by addrjp (a real folder, not a link, named
    ``.NAME.tmp-*`` or ``.NAME.old-*``, holding a valid :data:`TEMPORARY_MARKER`)."""
    p = Path(path)
    if p.is_symlink() or not p.is_dir():
        return False
    if not p.name.startswith(".") or not any(infix in p.name for infix in TEMPORARY_INFIXES):
        return False
    return read_temporary_marker(p) is not None


def read_temporary_marker(path: Path) -> dict[str, object] | None:
    """The marker of a temporary folder as a dict, or ``None`` when it is absent or not addrjp's."""
    marker = path / TEMPORARY_MARKER
    try:
        if marker.is_symlink() or not marker.is_file() or marker.stat().st_size > 4096:
            return None
        data = json.loads(marker.read_bytes().decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("addrjp") != TEMPORARY_KIND:
        return None
    return data


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


def csv_bytes(frame: pl.DataFrame, columns: Sequence[str], *, encoding: str, file: str) -> bytes:
    """*frame*'s *columns* as CSV bytes (header first, CRLF, cells neutralised), strictly encoded.

    Raises :class:`IntegrityError` naming the data row and column of the first character *encoding* cannot
    represent: the caller was meant to hold that row, and a silent ``?`` is never written.
    """
    out = frame.select(neutralise_expr(c) for c in columns)
    codec = codecs.lookup(encoding).name
    if codec in ("utf-8", "utf-8-sig"):
        # polars writes UTF-8 itself: no Python string of the whole file (a million rows is ~250 MB)
        buf = io.BytesIO()
        if codec == "utf-8-sig":
            buf.write(codecs.BOM_UTF8)
        out.write_csv(buf, line_terminator=LINE_TERMINATOR, quote_style="necessary")
        return buf.getvalue()
    text = out.write_csv(None, line_terminator=LINE_TERMINATOR, quote_style="necessary")
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
                    f"{file}: data row {bad + 1}, column {c}: a character {encoding} cannot represent "
                    "(the row should have been held with output.unencodable)"
                ) from None
        raise


def json_bytes(obj: object) -> bytes:
    """Stable, readable JSON (UTF-8, sorted keys, trailing newline)."""
    return (json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def write_private_file(path: Path, data: bytes) -> None:
    """Create *path* (must not exist) readable and writable by the owner only, write *data*, fsync."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        view = memoryview(data)
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
        return json.loads((path / MANIFEST_FILE).read_text("utf-8")).get("format") == FORMAT
    except (OSError, ValueError, AttributeError):
        return False


def check_out_dir(out_dir: Path, *, force: bool, inputs: Sequence[Path] = ()) -> None:
    """Refuse an output folder that exists (without ``--force``) or that cannot safely be replaced.

    Called before any work, so that a long run never ends in "folder exists".
    """
    out = out_dir.resolve()
    for inp in inputs:
        rp = inp.resolve()
        if rp == out or out in rp.parents:
            raise InputError(
                "the output folder contains the input file; it would be replaced",
                file=str(out_dir), hint="choose another --out folder",
            )
    if out.exists() or out.is_symlink():
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


def publish_dir(files: Mapping[str, bytes], out_dir: Path, *, force: bool) -> Path:
    """Write *files* into a temporary folder beside *out_dir*, then rename it into place (atomically).

    An existing *out_dir* is replaced only with *force* and only when it holds an earlier run's outputs.
    On any error nothing is published and the temporary folder is removed.
    """
    check_out_dir(out_dir, force=force)
    out = out_dir.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    old: Path | None = None
    try:
        os.chmod(tmp, DIR_MODE)
        for name, data in files.items():
            write_private_file(tmp / name, data)
        dfd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.rmdir(old)
            os.rename(out, old)
        try:
            os.rename(tmp, out)
        except OSError:
            if old is not None:
                os.rename(old, out)
                old = None
            raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    with contextlib.suppress(OSError):
        pfd = os.open(out.parent, os.O_RDONLY)
        try:
            os.fsync(pfd)
        finally:
            os.close(pfd)
    return out


__all__ = [
    "FORMULA_PREFIXES",
    "TEMPORARY_MARKER",
    "check_out_dir",
    "csv_bytes",
    "is_addrjp_temporary",
    "json_bytes",
    "neutralise_cell",
    "neutralise_expr",
    "publish_dir",
    "read_temporary_marker",
    "restore_cell",
    "unencodable_positions",
    "write_private_file",
]
