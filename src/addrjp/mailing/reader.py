"""Reading a register extract (住民記録の抽出ファイル, resident-register extract): CSV or Excel into polars.

Ward systems export CSV in CP932 (Shift_JIS) or UTF-8, with or without a byte-order mark (older ones
EUC-JP: told from CP932 by which reading is Japanese text, see :mod:`addrjp.mailing.encodings`), or staff save an
Excel workbook (.xlsx). This module reads either into a polars DataFrame with the canonical columns
``id, name, postal_code, address, address2, birthdate`` (all text) and ``_line``, the line (CSV) or row
(Excel) of each record in the file, so that every later message can point at it.

Header names are recognised out of the box (氏名, 郵便番号, 住所, 方書, 生年月日, 宛名番号…, see
:data:`addrjp.mailing.schema.HEADER_ALIASES`) or given with ``--map name=氏名,address=住所``.

Everything a person must fix is an :class:`~addrjp.errors.InputError` naming the file, the line and the
column, and saying what to do; no message ever contains the content of a cell.

>>> parse_mapping("name=氏名, address=住所")
{'name': '氏名', 'address': '住所'}
>>> detect_encoding("氏名".encode("cp932"))
'cp932'
>>> detect_encoding(b"\\xef\\xbb\\xbfid")
'utf-8-sig'
>>> detect_encoding("1,山田,1600023,新宿区西新宿2-8-1\\n".encode("euc-jp"))  # also valid CP932: ｻｳﾅﾄ…
'euc-jp'
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gc
import hashlib
import zipfile
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from addrjp.collector import switched
from addrjp.errors import InputError
from addrjp.mailing.schema import (
    HEADER_ALIASES,
    INPUT_COLUMNS,
    INPUT_REQUIRED,
    MAX_FIELD_CHARS,
)
from addrjp.mailing.stream import BLOCK_BYTES, Scan, text_lines
from addrjp.redact import describe_columns, looks_like_header
from addrjp.text.width import fold_width

#: Control characters refused in a cell (C0 except tab/LF/CR, DEL, C1). Line breaks and tabs inside a
#: cell are read as a space.
_CONTROL_RE = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
_ENCODING_NAMES: dict[str, str] = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "utf_8_sig": "utf-8-sig",
    "cp932": "cp932",
    "ms932": "cp932",
    "windows-31j": "cp932",
    "shift_jis": "cp932",  # ward systems say Shift_JIS and mean Microsoft's CP932 (①, ﾊﾝｶｸ, NEC/IBM kanji)
    "shift-jis": "cp932",
    "sjis": "cp932",
    "euc-jp": "euc-jp",
    "euc_jp": "euc-jp",
}
_DEFAULT_FIELD_LIMIT = csv.field_size_limit()
_ENCODING_HINT = ("give the file's encoding with --encoding cp932, --encoding euc-jp or --encoding utf-8 "
                  "(文字コードを指定してください)")


@dataclass(frozen=True)
class Register:
    """A register extract read into memory: the frame and where it came from."""

    frame: pl.DataFrame  # canonical columns (str, never null) + ``_line`` (Int64)
    file: str
    encoding: str  # 'utf-8', 'utf-8-sig', 'cp932' … or 'xlsx'
    columns_found: tuple[str, ...]  # header names as in the file
    column_map: dict[str, str] = field(default_factory=dict)  # canonical -> header in the file
    sheet: str | None = None  # the workbook's sheet that was read (Excel only)

    @property
    def rows(self) -> int:
        return self.frame.height


def parse_mapping(text: str | None) -> dict[str, str]:
    """Parse ``--map name=氏名,address=住所`` into ``{canonical: header}``."""
    if not text:
        return {}
    out: dict[str, str] = {}
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        key, sep, value = part.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key or not value:
            raise InputError(
                f"--map: '{part}' is not of the form column=見出し",
                hint="for example --map name=氏名,postal_code=郵便番号,address=住所",
            )
        if key not in INPUT_COLUMNS:
            raise InputError(
                f"--map: unknown column '{key}'",
                hint="the columns are " + ", ".join(INPUT_COLUMNS),
            )
        out[key] = value
    return out


def _header_key(name: str) -> str:
    return "".join(fold_width(name).split()).lower().replace("（", "(").replace("）", ")")


def _no_header(file: str) -> InputError:
    return InputError(
        "the first line is not a header row: it looks like a resident's data (見出し行がありません; "
        "a register exported without its header?)",
        file=file, line=1,
        hint="export the register again with its header row, or add one such as "
        "宛名番号,氏名,郵便番号,住所 (id,name,postal_code,address)",
    )


def map_columns(header: Sequence[str], mapping: dict[str, str], *, file: str) -> dict[str, int]:
    """Canonical column -> index in *header*, from ``--map`` first, then the recognised header names.

    Messages list the header names, or only positions when the first line looks like data
    (:func:`addrjp.redact.describe_columns`): a cell's content is never shown.
    """
    found = describe_columns(header)
    keys = [_header_key(h) for h in header]
    result: dict[str, int] = {}
    for canonical, wanted in mapping.items():
        matches = [i for i, h in enumerate(header) if h == wanted or keys[i] == _header_key(wanted)]
        if not matches:
            if not looks_like_header(header):
                raise _no_header(file)
            raise InputError(
                f"--map {canonical}={wanted}: no such column; the columns found are: {found}",
                file=file, line=1,
            )
        result[canonical] = matches[0]
    for canonical, aliases in HEADER_ALIASES.items():
        if canonical in result:
            continue
        alias_keys = {_header_key(a) for a in aliases}
        matches = [i for i, k in enumerate(keys) if k in alias_keys and i not in result.values()]
        if len(matches) > 1:
            names = ", ".join(header[i] for i in matches)
            raise InputError(
                f"several columns could be '{canonical}' ({names})",
                file=file, line=1,
                hint=f"choose one with --map {canonical}=見出し",
            )
        if matches:
            result[canonical] = matches[0]
    missing = [c for c in INPUT_REQUIRED if c not in result]
    if missing and not looks_like_header(header):
        raise _no_header(file)
    if missing:
        raise InputError(
            f"missing required column(s) {', '.join(missing)} (必須の列がありません); the columns found are: {found}",
            file=file, line=1,
            hint=f"rename the header or map it, e.g. --map {_map_example(missing)}",
        )
    return result


def _map_example(missing: Sequence[str]) -> str:
    """A ``--map`` value naming each missing column by its usual register header (``id=宛名番号``; ``見出し``
    for a column with no Japanese header among its aliases, so that the message itself never fails)."""
    return ",".join(f"{c}={next((a for a in HEADER_ALIASES[c] if not a.isascii()), '見出し')}" for c in missing)


def detect_encoding(data: bytes, texts: dict[str, str] | None = None) -> str:
    """The encoding of a CSV's bytes: a BOM, else UTF-8 when it decodes, else CP932 or EUC-JP, whichever
    reads as Japanese text (see :mod:`addrjp.mailing.encodings`).

    Raises :class:`InputError` (with the line and byte offset of the first bad byte) when none decodes, and
    when CP932 and EUC-JP read equally well (the encoding must then be given).
    """
    from addrjp.mailing.encodings import AmbiguousEncoding
    from addrjp.mailing.encodings import detect_encoding as detect

    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            "the file is UTF-16 (Excel 'Unicode text'), which addrjp does not read",
            hint="save it as 'CSV UTF-8' or as CSV (Shift_JIS/CP932) and try again",
        )
    try:
        found = detect(data, texts)
    except AmbiguousEncoding:
        raise InputError(
            "cannot tell whether the file is CP932 (Shift_JIS) or EUC-JP: both read as Japanese text "
            "(文字コードを判定できません)",
            hint="give the encoding: --encoding cp932 or --encoding euc-jp",
        ) from None
    if found is not None:
        return found
    # report the error of the encoding that got furthest: it is the likelier one
    errors: list[tuple[UnicodeDecodeError, str]] = []
    for enc in ("utf-8", "cp932", "euc-jp"):
        try:
            data.decode(enc)
        except UnicodeDecodeError as exc:
            errors.append((exc, enc))
    worst, enc = max(errors, key=lambda e: e[0].start)
    raise _decode_error([data], worst.start, enc, None) from None


def _decode_error(blocks: Iterable[bytes], offset: int, encoding: str, file: str | None) -> InputError:
    from addrjp.mailing.stream import locate

    line, start = locate(blocks, offset)
    return InputError(
        f"bytes that are not valid {encoding} at byte offset {offset} "
        f"(byte {offset - start + 1} of the line)",
        file=file, line=line, hint=_ENCODING_HINT,
    )


def normalize_encoding(name: str) -> str:
    """The codec for an ``--encoding`` value (Shift_JIS is read as CP932)."""
    key = name.strip().lower()
    if key in _ENCODING_NAMES:
        return _ENCODING_NAMES[key]
    raise InputError(f"--encoding {name}: not supported", hint="use utf-8, cp932 (Shift_JIS) or euc-jp")


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: Tried on every byte when no encoding is given (the order breaks ties between their first bad bytes).
_TRIED = ("utf-8", "cp932", "euc-jp")


def checked_encoding(blocks: Iterable[bytes], *, encoding: str | None, file: str,
                     empty: bool = False) -> tuple[str, Scan]:
    """The encoding a CSV's bytes are read in, and the first pass over them (:func:`addrjp.mailing.stream.scan`),
    after every check of the bytes a whole read made, in its order: *empty* (a blank file refused), a NUL
    byte, the ``--encoding`` name, UTF-16, CP932 and EUC-JP alike, no encoding that decodes, a bad byte of
    the encoding given or found. Never more than a block of the file in memory."""
    from addrjp.mailing.encodings import AmbiguousEncoding, choose_encoding
    from addrjp.mailing.stream import scan

    given: str | None = None
    bad_name: InputError | None = None
    if encoding:
        try:
            given = normalize_encoding(encoding)
        except InputError as exc:
            bad_name = exc
    tried = ("utf-8" if given == "utf-8-sig" else given,) if given else () if bad_name else _TRIED
    found = scan(blocks, tried)
    if empty and found.blank:
        raise InputError(
            "the file is empty (ファイルが空です)", file=file,
            hint="export the register again with a header row and the data rows",
        )
    utf16 = found.head.startswith(_UTF16_BOMS)
    if found.nul is not None and not utf16:
        from addrjp.mailing.stream import locate

        raise InputError(
            f"a NUL byte at byte offset {found.nul}: this is not a text CSV",
            file=file, line=locate(blocks, found.nul)[0],
            hint="export the register again as CSV (UTF-8 or Shift_JIS)",
        )
    if bad_name is not None:
        raise InputError(bad_name.reason, file=file, hint=bad_name.hint)
    if given is None:
        if utf16:
            raise InputError(
                "the file is UTF-16 (Excel 'Unicode text'), which addrjp does not read", file=file,
                hint="save it as 'CSV UTF-8' or as CSV (Shift_JIS/CP932) and try again",
            )
        try:
            chosen = choose_encoding(found.head, [enc for enc in _TRIED if found.decodes(enc)])
        except AmbiguousEncoding:
            raise InputError(
                "cannot tell whether the file is CP932 (Shift_JIS) or EUC-JP: both read as Japanese text "
                "(文字コードを判定できません)", file=file,
                hint="give the encoding: --encoding cp932 or --encoding euc-jp",
            ) from None
        if chosen is None:
            # report the error of the encoding that got furthest: it is the likelier one
            enc = max(_TRIED, key=lambda e: found.errors[e])
            raise _decode_error(blocks, found.errors[enc], enc, file)
        given = chosen
    bad = found.errors.get("utf-8" if given == "utf-8-sig" else given)
    if bad is not None:
        raise _decode_error(blocks, bad, given, file)
    return given, found


def decode_bytes(data: bytes, *, encoding: str | None, file: str) -> tuple[str, str]:
    """Decode a CSV's bytes (NUL bytes refused first); returns (text, encoding used)."""
    from addrjp.mailing.stream import Blocks

    enc, _ = checked_encoding(Blocks(data, size=max(1, len(data))), encoding=encoding, file=file)
    text = data.decode(enc)  # checked: it decodes
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, enc


def _csv_error(exc: csv.Error, file: str, line: int) -> InputError:
    """The reader's error of a ``csv.Error`` met reading the record that starts at *line*."""
    if "field larger than field limit" in str(exc):
        return InputError(
            f"a cell longer than {MAX_FIELD_CHARS} characters", file=file, line=line,
            hint="a register cell is never this long; check the export (quotes, separators)",
        )
    return InputError(
        "the line is not valid CSV (a quote \" opened and not closed, or text after a closing quote)",
        file=file, line=line,
        hint="check the quotes on this line; in Excel, save the sheet again as CSV",
    )


def _changed(file: str) -> InputError:
    return InputError(
        "the file changed while it was read (読み込み中にファイルが変更されました)", file=file,
        hint="wait until the export has finished writing the file, then run again",
    )


def _same_blocks(blocks: Iterable[bytes], found: Scan, file: str) -> Iterator[bytes]:
    """*blocks* again (the second pass), proved at their end to be the bytes the first pass checked."""
    digest, size = hashlib.sha256(), 0
    try:
        for block in blocks:
            digest.update(block)
            size += len(block)
            yield block
    except OSError as exc:
        from addrjp.fileio import fault_from

        raise fault_from(exc, "cannot read the register (読み込めません)", file) from None
    if (size, digest.hexdigest()) != (found.size, found.sha256):
        raise _changed(file)


def _stream_texts(blocks: Iterable[bytes], encoding: str, found: Scan, file: str) -> Iterator[str]:
    """The decoded text in pieces of whole lines (:func:`addrjp.mailing.stream.decoded_texts`), the bytes
    proved to be those the first pass checked."""
    from addrjp.mailing.stream import decoded_texts

    decoded = found.texts.get(encoding)
    found.texts.clear()  # held no longer than the read
    try:  # a file of one block was decoded by the first pass (the bytes are read again, and proved the same)
        yield from decoded_texts(_same_blocks(blocks, found, file), encoding, decoded=decoded)
    except UnicodeDecodeError:
        raise _changed(file) from None


@contextlib.contextmanager
def _field_limit(limit: int | None = MAX_FIELD_CHARS * 4) -> Iterator[None]:
    """The csv module's field limit set for reading a register (beyond it the C reader stops; smaller excesses
    are measured), restored after; ``None`` restores the previous one for a while (a chunk handed out)."""
    if limit is None:
        yield
        return
    old = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


#: Rows per chunk of a register read in pieces (:meth:`RegisterSource.chunks`); :func:`read_register` joins them.
CHUNK_ROWS = 200_000


class RegisterSource:
    """A register extract opened for reading: the file, its encoding and header (read and checked when it is
    opened), and its rows as checked chunks (:meth:`chunks`), read once.

    Errors come in the order a whole read reports them: a malformed line as it is reached; after the last
    row, no data rows, then a control character or an overlong cell (the first in the file), then ids
    missing or repeated. So the chunks already seen must be discarded when :meth:`chunks` raises.
    """

    def __init__(self, rows: Iterable[tuple[int, Sequence[object]]], *, file: str, encoding: str,
                 mapping: dict[str, str], excel: bool = False, sheet: str | None = None,
                 chunk_rows: int = CHUNK_ROWS) -> None:
        self.file, self.encoding, self.sheet, self.excel = file, encoding, sheet, excel
        self.chunk_rows = max(1, chunk_rows)
        self._limit = None if excel else MAX_FIELD_CHARS * 4
        self._rows = iter(rows)
        try:
            with _field_limit(self._limit):
                _, header_raw = next(self._rows)
        except StopIteration:
            raise InputError(
                "the file is empty (ファイルが空です)", file=file,
                hint="export the register again with a header row and the data rows",
            ) from None
        header = [("" if h is None else str(h)).strip().lstrip("\ufeff") for h in header_raw]
        if excel:
            while header and header[-1] == "":
                header.pop()
        seen: dict[str, int] = {}
        for i, h in enumerate(header if looks_like_header(header) else ()):  # data: map_columns says so
            if h and h in seen:
                raise InputError(
                    f"the column name '{h}' appears twice (columns {seen[h] + 1} and {i + 1})",
                    file=file, line=1, hint="rename one of them",
                )
            seen[h] = i
        self.header = header
        self.colmap = map_columns(header, mapping, file=file)
        self.rows = 0  # data rows read so far
        self._used = False
        self.sha256: str | None = None  # of a CSV's bytes as read (proved the same in both passes), and their size
        self.size: int | None = None

    @property
    def columns_found(self) -> tuple[str, ...]:
        return tuple(self.header)

    @property
    def column_map(self) -> dict[str, str]:
        """canonical -> header in the file"""
        return {c: self.header[i] for c, i in self.colmap.items()}

    def chunks(self) -> Iterator[pl.DataFrame]:
        """The data rows in checked frames of at most ``chunk_rows`` rows (canonical columns, ``_line``)."""
        if self._used:
            raise RuntimeError("a register source is read once")
        self._used = True
        width = len(self.header)
        wanted = list(self.colmap.items())
        rows: list[Sequence[object]] = []
        lines = array("q")
        gc_on = gc.isenabled()
        with _field_limit(self._limit), switched(False):
            yield from self._loop(rows, lines, wanted, _CellChecks([c for c, _ in wanted]), width, gc_on)

    def _loop(self, rows: list[Sequence[object]], lines: array[int], wanted: list[tuple[str, int]],
              checks: _CellChecks, width: int, gc_on: bool) -> Iterator[pl.DataFrame]:
        from addrjp.mailing.csv_records import Batch, CsvRecords

        file, excel = self.file, self.excel
        offset = 0
        # a CSV's records come as columns (csv_records.Batch) where no quote has been seen: parts of a chunk
        parts: list[pl.DataFrame] = []
        held = 0  # rows in parts
        items: Iterable[tuple[int, Sequence[object]] | Batch] = (
            self._rows.items(width, self._limit) if isinstance(self._rows, CsvRecords) else self._rows)
        for item in items:
            if isinstance(item, Batch):
                if rows:
                    parts.append(self._raw(rows, lines, wanted))
                    held += len(rows)
                    rows, lines = [], array("q")
                batch = pl.DataFrame({c: item.fields[i] for c, i in wanted}).with_columns(_line=item.lines)
                while held + batch.height >= self.chunk_rows:
                    cut = self.chunk_rows - held
                    parts.append(batch.slice(0, cut))
                    batch = batch.slice(cut)
                    frame = checks.chunk(self._frame([], array("q"), wanted, parts), offset)
                    offset += self.chunk_rows
                    parts, held = [], 0
                    with self._lent(gc_on):
                        yield frame
                if batch.height:
                    parts.append(batch)
                    held += batch.height
                continue
            line, row = item
            n = len(row)
            if n != width:
                if excel:
                    extra = [v for v in row[width:] if v not in (None, "")]
                    if extra:
                        raise InputError(
                            f"this row has {width + len(extra)} or more cells but the header has {width}",
                            file=file, line=line, hint="remove the cells right of the last header column",
                        )
                    if all(v in (None, "") for v in row):
                        continue  # an empty row of the sheet
                    row = list(row[:width]) + [None] * (width - min(n, width))
                else:
                    more = "too many" if n > width else "too few"
                    raise InputError(
                        f"{more} fields: {n} on this line, {width} in the header",
                        file=file, line=line,
                        hint="a comma inside a cell must be quoted (\"...\"); check the line in a text editor",
                    )
            elif excel and all(v in (None, "") for v in row):
                continue
            rows.append(row)
            lines.append(line)
            if held + len(rows) == self.chunk_rows:
                frame = checks.chunk(self._frame(rows, lines, wanted, parts), offset)
                offset += self.chunk_rows
                rows, lines, parts, held = [], array("q"), [], 0
                with self._lent(gc_on):
                    yield frame  # while the chunk is out, other readers read with the usual limit, gc as usual
        if rows or parts:
            frame = checks.chunk(self._frame(rows, lines, wanted, parts), offset)
            offset += frame.height
            with self._lent(gc_on):
                yield frame
        self.rows = offset
        if not offset:
            raise InputError(
                "the file has a header but no data rows (見出し行だけでデータがありません)", file=file, line=1,
                hint="check that the export contains the residents",
            )
        checks.finish(file=file, header=self.header, colmap=self.colmap)

    @contextlib.contextmanager
    def _lent(self, gc_on: bool) -> Iterator[None]:
        """While a chunk is out: other readers read with the usual field limit, the collector as usual."""
        with _field_limit(_DEFAULT_FIELD_LIMIT if self._limit else None), switched(gc_on):
            yield

    def _raw(self, rows: list[Sequence[object]], lines: array[int], wanted: list[tuple[str, int]]) -> pl.DataFrame:
        """The wanted cells of *rows* as text columns, and ``_line``."""
        data: dict[str, list[str]] = {}
        for c, i in wanted:
            if self.excel:
                data[c] = [v if isinstance(v, str) else _cell_text(v, c) for v in (r[i] for r in rows)]
            else:
                data[c] = [r[i] for r in rows]  # type: ignore[misc]  # the csv reader's cells are str
        return pl.DataFrame(data, schema={c: pl.String for c, _ in wanted}).with_columns(
            pl.Series("_line", lines, dtype=pl.Int64))

    def _shape(self, read: pl.DataFrame) -> pl.DataFrame:
        """The canonical columns (those the file lacks empty), then ``_line``."""
        have = set(read.columns)
        return read.select(
            [pl.col(c) if c in have else pl.lit("", pl.String).alias(c) for c in INPUT_COLUMNS] + [pl.col("_line")])

    def _frame(self, rows: list[Sequence[object]], lines: array[int], wanted: list[tuple[str, int]],
               parts: Sequence[pl.DataFrame] = ()) -> pl.DataFrame:
        """A chunk's frame: the rows read as columns before (*parts*), then *rows*."""
        pieces = [*parts, self._raw(rows, lines, wanted)] if rows else list(parts)
        return self._shape(pieces[0] if len(pieces) == 1 else pl.concat(pieces, how="vertical", rechunk=True))

    def read(self) -> Register:
        """Every row in one frame (the whole register in memory)."""
        parts = list(self.chunks())
        frame = parts[0] if len(parts) == 1 else pl.concat(parts, how="vertical", rechunk=True)
        return Register(frame, self.file, self.encoding, tuple(self.header), self.column_map, self.sheet)


class _CellChecks:
    """The checks of cells across chunks: the first control character and the first overlong cell (by row,
    then column name, as one frame would find them), and every id, checked once all rows are read."""

    def __init__(self, present: Sequence[str]) -> None:
        self.present = [c for c in INPUT_COLUMNS if c in present]
        self.ctl: tuple[int, str, int] | None = None  # (row, column, line)
        self.long: tuple[int, str, int] | None = None
        self.ids: list[pl.DataFrame] = []

    def chunk(self, frame: pl.DataFrame, offset: int) -> pl.DataFrame:
        present = self.present
        found = frame.select(
            *[pl.col(c).str.contains(_CONTROL_RE).arg_true().first().alias(f"ctl_{c}") for c in present],
            *[(pl.col(c).str.len_chars() > MAX_FIELD_CHARS).arg_true().first().alias(f"len_{c}") for c in present],
        ).row(0, named=True)
        for kind in ("ctl", "long"):
            key = "ctl" if kind == "ctl" else "len"
            hits = [(found[f"{key}_{c}"], c) for c in present if found[f"{key}_{c}"] is not None]
            if hits:
                row, c = min(hits)
                hit = (offset + row, c, int(frame["_line"][row]))
                if getattr(self, kind) is None:
                    setattr(self, kind, hit)
        frame = frame.with_columns(
            pl.col(c).str.replace_all(r"[\r\n\t]+", " ") for c in present if c not in ("id", "birthdate")
        ).with_columns(pl.col("id").str.strip_chars(), pl.col("birthdate").str.strip_chars())
        self.ids.append(frame.select("id", "_line"))
        return frame

    def finish(self, *, file: str, header: list[str], colmap: dict[str, int]) -> None:
        if self.ctl is not None:
            _, c, line = self.ctl
            raise InputError(
                "a control character (such as NUL or an escape code) in this cell",
                file=file, line=line, column=header[colmap[c]],
                hint="remove it in the source system or a text editor, then export again",
            )
        if self.long is not None:
            _, c, line = self.long
            raise InputError(
                f"a cell longer than {MAX_FIELD_CHARS} characters",
                file=file, line=line, column=header[colmap[c]],
                hint="a register cell is never this long; check the export (quotes, separators)",
            )
        ids = self.ids[0] if len(self.ids) == 1 else pl.concat(self.ids, rechunk=False)  # not a second copy
        self.ids = []
        _check_ids(ids, file=file, column=header[colmap["id"]])


def _cell_text(value: object, column: str) -> str:
    """An Excel cell as text: numbers without '.0', dates as ISO, postal codes zero-padded to 7 digits."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and column == "postal_code" and 0 <= value < 10_000_000:
        return f"{value:07d}"  # Excel drops the leading zero of 060-0001
    return str(value)


def _check_ids(frame: pl.DataFrame, *, file: str, column: str) -> None:
    empty = frame.filter(pl.col("id") == "")
    if empty.height:
        first = empty["_line"].to_list()[:5]
        raise InputError(
            f"{empty.height} row(s) without an id (lines {', '.join(map(str, first))}"
            + (", …)" if empty.height > 5 else ")"),
            file=file, line=first[0], column=column,
            hint="every row needs its own id (宛名番号) so that findings can be traced back",
        )
    dups = frame.filter(pl.col("id").is_duplicated())
    if dups.height:
        groups = (
            dups.group_by("id", maintain_order=True).agg(pl.col("_line").sort())["_line"].to_list()
        )
        pairs = [f"line {g[1]} repeats the id of line {g[0]}" for g in groups[:5]]
        more = f" (and {len(groups) - 5} more)" if len(groups) > 5 else ""
        raise InputError(
            f"{len(groups)} id(s) not unique: " + "; ".join(pairs) + more,
            file=file, line=groups[0][1], column=column,
            hint="ids must be unique; fix the export or choose another id column with --map id=見出し",
        )


def read_csv_bytes(data: bytes, *, file: str, encoding: str | None = None,
                   mapping: dict[str, str] | None = None) -> Register:
    """Read a CSV register extract from its bytes."""
    return csv_source(data, file=file, encoding=encoding, mapping=mapping).read()


def csv_source(data: bytes | Path, *, file: str, encoding: str | None = None,
               mapping: dict[str, str] | None = None, chunk_rows: int = CHUNK_ROWS,
               block_bytes: int = BLOCK_BYTES) -> RegisterSource:
    """A CSV register extract (its bytes, or the path of its file) opened for reading in chunks
    (:class:`RegisterSource`). The bytes are read as a stream of *block_bytes* blocks, twice
    (:mod:`addrjp.mailing.stream`): once to check them all and find the encoding, once to decode and split
    them into rows; what is held is a block, the longest line and the chunk of rows, whatever the file's size.
    The rows, the errors and the encoding are those of a read of the whole bytes, for any block size."""
    from addrjp.mailing.stream import Blocks

    blocks = Blocks(data, size=block_bytes)
    try:
        enc, found = checked_encoding(blocks, encoding=encoding, file=file, empty=True)
    except OSError as exc:
        from addrjp.fileio import fault_from

        raise fault_from(exc, "cannot read the register (読み込めません)", file) from None
    from addrjp.mailing.csv_records import CsvRecords

    records = CsvRecords(_stream_texts(blocks, enc, found, file), error=lambda exc, line: _csv_error(exc, file, line))
    source = RegisterSource(records, file=file, encoding=enc, mapping=mapping or {}, chunk_rows=chunk_rows)
    source.sha256, source.size = found.sha256, found.size
    return source


#: What a damaged workbook raises while it is opened or its sheets are read: a ZIP with a bad member, a part
#: missing (KeyError), XML that does not parse (SyntaxError: ElementTree's and lxml's ParseError), bad values.
_BROKEN_WORKBOOK: tuple[type[Exception], ...] = (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError,
                                                 TypeError, IndexError, AttributeError, EOFError, SyntaxError,
                                                 zlib.error)


def _broken_workbook(file: str, exc: BaseException, what: str | None = None) -> InputError:
    return InputError(
        f"the Excel workbook is damaged and cannot be read ({what or type(exc).__name__}; ブックが壊れています)",
        file=file, hint="open it in Excel and save it again as .xlsx, or save the sheet as CSV",
    )


def _has_data(ws: object) -> bool:
    """True when a sheet holds any non-empty cell (stops at the first one)."""
    return any(any(v not in (None, "") for v in row) for row in ws.iter_rows(values_only=True))  # type: ignore[attr-defined]


def choose_sheet(sheets: Sequence[tuple[str, str, bool]], wanted: str | None, *, file: str) -> str:
    """The sheet to read, from (name, state, holds data) of every worksheet and ``--sheet`` (*wanted*).

    With *wanted*, that sheet (hidden or not: it was named). Otherwise the one visible sheet that holds data;
    several visible sheets with data are refused (usage error: which one is the register is not guessed),
    and a hidden sheet is never read unless named.

    >>> choose_sheet([("名簿", "visible", True), ("メモ", "visible", False), ("旧", "hidden", True)], None, file="r.xlsx")
    '名簿'
    """
    names = [name for name, _, _ in sheets]
    listing = ", ".join(f"{name}" + (" (hidden)" if state != "visible" else "") + ("" if data else " (empty)")
                        for name, state, data in sheets)
    if wanted is not None:
        if wanted not in names:
            raise InputError(f"--sheet {wanted}: no such sheet; the sheets are: {listing}", file=file,
                             hint="give the sheet's name as Excel shows it on its tab")
        return wanted
    visible_data = [name for name, state, data in sheets if state == "visible" and data]
    if len(visible_data) > 1:
        raise InputError(
            f"the workbook has {len(visible_data)} visible sheets with data ({', '.join(visible_data)}); "
            "which one is the register is not guessed (複数のシートにデータがあります)",
            file=file, hint=f"choose one with --sheet NAME, e.g. --sheet {visible_data[0]}",
        )
    if visible_data:
        return visible_data[0]
    hidden_data = [name for name, state, data in sheets if state != "visible" and data]
    if hidden_data:
        raise InputError(
            f"the only data is on hidden sheet(s) ({', '.join(hidden_data)}); a hidden sheet is never read "
            "unless it is named (非表示のシート)",
            file=file, hint=f"check the workbook, then name it with --sheet {hidden_data[0]} if it is the register",
        )
    raise InputError("the workbook has no data (ブックにデータがありません)", file=file,
                     hint="export the register again with a header row and the data rows")


def read_xlsx(path: Path, *, mapping: dict[str, str] | None = None, sheet: str | None = None) -> Register:
    """Read one sheet of an Excel workbook (.xlsx) in read-only mode: the one visible sheet with data, or the
    sheet named by *sheet* (see :func:`choose_sheet`); :attr:`Register.sheet` says which was read.

    A damaged workbook (still a ZIP, but a part missing or not XML) is an :class:`InputError`, never a traceback.
    """
    return xlsx_source(path, mapping=mapping, sheet=sheet).read()


def xlsx_source(path: Path, *, mapping: dict[str, str] | None = None, sheet: str | None = None,
                chunk_rows: int = CHUNK_ROWS) -> RegisterSource:
    """A workbook's sheet opened for reading in chunks (see :func:`read_xlsx`); the workbook is closed when the
    rows are read, or at once when opening fails."""
    from openpyxl.reader.excel import ExcelReader  # imported here: only Excel users pay for it
    from openpyxl.utils.exceptions import InvalidFileException

    file = str(path)
    try:
        reader = ExcelReader(path, read_only=True, data_only=True)
        reader.read()
        wb = reader.wb
    except (InvalidFileException, OSError, *_BROKEN_WORKBOOK) as exc:
        raise InputError(
            f"cannot open as an Excel workbook ({type(exc).__name__})", file=file,
            hint="save it again from Excel as .xlsx, or as CSV",
        ) from None
    try:
        # openpyxl leaves out, without a word, a sheet whose part is missing from the file
        declared = [str(s.name) for s in getattr(getattr(reader, "parser", None), "sheets", ())]
        lost = [name for name in declared if name not in wb.sheetnames]
        if lost:
            raise _broken_workbook(file, KeyError(lost[0]), f"sheet(s) {', '.join(lost)} missing from the file")
        try:
            sheets = [(ws.title, ws.sheet_state, _has_data(ws)) for ws in wb.worksheets]
        except _BROKEN_WORKBOOK as exc:
            raise _broken_workbook(file, exc) from None
        name = choose_sheet(sheets, sheet, file=file)

        def rows() -> Iterator[tuple[int, tuple[object, ...]]]:
            try:
                for i, row in enumerate(wb[name].iter_rows(values_only=True), start=1):
                    if any(v not in (None, "") for v in row):
                        yield i, row
            except _BROKEN_WORKBOOK as exc:
                raise _broken_workbook(file, exc) from None
            finally:
                wb.close()

        return RegisterSource(rows(), file=file, encoding="xlsx", mapping=mapping or {}, excel=True, sheet=name,
                              chunk_rows=chunk_rows)
    except BaseException:
        wb.close()
        raise


def read_register(path: str | Path, *, encoding: str | None = None,
                  mapping: dict[str, str] | None = None, sheet: str | None = None) -> Register:
    """Read a register extract (.csv, .txt or .xlsx; *sheet* chooses a workbook's sheet). Never modifies the file."""
    return open_register(path, encoding=encoding, mapping=mapping, sheet=sheet).read()


def open_register(path: str | Path, *, encoding: str | None = None, mapping: dict[str, str] | None = None,
                  sheet: str | None = None, chunk_rows: int = CHUNK_ROWS,
                  block_bytes: int = BLOCK_BYTES) -> RegisterSource:
    """Open a register extract for reading in chunks of *chunk_rows* rows (:class:`RegisterSource`): the file
    checked, its encoding found and its header read and mapped now, the rows as they are read (a CSV's
    bytes streamed in blocks of *block_bytes*: see :func:`csv_source`)."""
    p = Path(path)
    file = str(path)
    if not p.exists():
        raise InputError("no such file", file=file, hint="check the path")
    if p.is_dir():
        raise InputError("this is a folder, not a file", file=file, hint="give the register file")
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        if encoding:
            raise InputError("--encoding applies to CSV files, not to Excel workbooks", file=file)
        return xlsx_source(p, mapping=mapping, sheet=sheet, chunk_rows=chunk_rows)
    if suffix == ".xls":
        raise InputError("old Excel format (.xls) is not read", file=file,
                         hint="save it from Excel as .xlsx (Excel ブック) or as CSV")
    try:
        with p.open("rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        from addrjp.fileio import fault_from

        raise fault_from(exc, "cannot read the register (読み込めません)", file) from None
    if magic == b"PK\x03\x04":
        return xlsx_source(p, mapping=mapping, sheet=sheet, chunk_rows=chunk_rows)
    if sheet is not None:
        raise InputError("--sheet applies to Excel workbooks (.xlsx), not to CSV files", file=file)
    return csv_source(p, file=file, encoding=encoding, mapping=mapping, chunk_rows=chunk_rows,
                      block_bytes=block_bytes)


__all__ = [
    "CHUNK_ROWS",
    "Register",
    "RegisterSource",
    "checked_encoding",
    "choose_sheet",
    "csv_source",
    "decode_bytes",
    "detect_encoding",
    "map_columns",
    "normalize_encoding",
    "open_register",
    "parse_mapping",
    "read_csv_bytes",
    "read_register",
    "read_xlsx",
    "text_lines",
]
