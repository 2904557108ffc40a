"""A register streamed in blocks is the register read whole: for any block size (tiny ones included) the same
rows and lines, the same detected encoding, and for bad bytes the same first error (file, line, column,
message) as the read that held the whole file and its text — BOMs, lone CRs, CRLFs and characters split
across blocks, EUC-JP that is also valid CP932, the refusal when both readings score alike (with the
scored sample made small so that files longer than it are generated), NUL bytes, UTF-16.

The reference is the whole read as it was before streaming: the bytes checked with
:func:`addrjp.mailing.reader.detect_encoding` (whole-bytes), decoded at once, split by ``io.StringIO``."""

from __future__ import annotations

import io
from pathlib import Path
from unittest import mock

import polars as pl
import pytest
from csv_reference import csv_rows
from hypothesis import given, settings
from hypothesis import strategies as st

import addrjp.mailing.encodings as encodings_mod
from addrjp.errors import InputError
from addrjp.mailing.encodings import line_of, line_start
from addrjp.mailing.reader import (
    RegisterSource,
    csv_source,
    detect_encoding,
    normalize_encoding,
    open_register,
)
from addrjp.mailing.stream import Blocks, decoded_lines, locate, scan

FILE = "r.csv"


def _whole_error(data: bytes, exc: UnicodeDecodeError, enc: str) -> InputError:
    # utf-8-sig's decoder counts from after the BOM: the whole read said byte offset 0 for the file's byte 3
    at = exc.start + (3 if enc == "utf-8-sig" and data.startswith(b"\xef\xbb\xbf") else 0)
    return InputError(f"bytes that are not valid {enc} at byte offset {at} "
                      f"(byte {at - line_start(data, at) + 1} of the line)", file=FILE, line=line_of(data, at))


def _whole_source(data: bytes, encoding: str | None, chunk_rows: int) -> RegisterSource:
    """The read before streaming: every check on the whole bytes, one text, io.StringIO's lines."""
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise InputError("the file is empty (ファイルが空です)", file=FILE)
    nul = data.find(b"\x00")
    if nul >= 0 and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"a NUL byte at byte offset {nul}: this is not a text CSV", file=FILE,
                         line=line_of(data, nul))
    try:
        enc = normalize_encoding(encoding) if encoding else detect_encoding(data)
    except InputError as exc:
        raise InputError(exc.reason, file=FILE, line=exc.line) from None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        raise _whole_error(data, exc, enc) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return RegisterSource(csv_rows(io.StringIO(text, newline=""), FILE), file=FILE, encoding=enc, mapping={},
                          chunk_rows=chunk_rows)


def _outcome(make: object) -> tuple[str, object]:
    try:
        source = make()  # type: ignore[operator]
        parts = list(source.chunks())
    except InputError as exc:
        return "error", (exc.reason, exc.file, exc.line, exc.column)
    return "rows", (source.encoding, pl.concat(parts).rows(), source.rows, source.column_map)


HEADERS = ["id,name,postal_code,address\n", "宛名番号,氏名,郵便番号,住所\r\n", "\ufeffid,name,postal_code,address\r"]
TEXTS = ["山田　太郎", "ﾔﾏﾀﾞ ﾀﾛｳ", "ﾀﾛ", "新宿区西新宿2-8-1", "髙①", "1600023", "R1", "R2", "R3", "", " ", "a\"b",
         "佐藤", "拙", "\t"]
RAW = [b"\r", b"\n", b"\r\n", b",", b'"', b"\x00", b"\xff", b"\x81", b"\x8e", b"\xe3\x81", b"\xef\xbb\xbf",
       b"\xff\xfe", b"\xa4", b"\x0d\x0a\x0d"]


@st.composite
def registers(draw: st.DrawFn) -> bytes:
    """Bytes shaped like a register: a header, rows of cells in one encoding, now and then a raw byte."""
    enc = draw(st.sampled_from(["utf-8", "cp932", "euc-jp"]))

    def encode(text: str) -> bytes:
        return text.encode(enc, errors="ignore")

    out = bytearray(draw(st.sampled_from([b"", b"", b"\xef\xbb\xbf", b"\xff\xfe"])))
    out += encode(draw(st.sampled_from(HEADERS)))
    for _ in range(draw(st.integers(0, 6))):
        cells = draw(st.lists(st.sampled_from(TEXTS), min_size=3, max_size=5))
        line = ",".join('"' + c.replace('"', '""') + '"' if draw(st.booleans()) else c for c in cells)
        out += encode(draw(st.sampled_from(["R1,", "R2,", "R3,", "R4,"])) + line)
        if draw(st.integers(0, 5)) == 0:
            raw = draw(st.sampled_from(RAW))
            at = draw(st.integers(0, len(out)))
            out[at:at] = raw
        out += encode(draw(st.sampled_from(["\n", "\r\n", "\r"])))
    return bytes(out)


@settings(max_examples=400, deadline=None)
@given(registers(), st.integers(1, 40), st.sampled_from([None, None, None, "cp932", "euc-jp", "utf-8",
                                                        "utf-8-sig", "latin-9"]),
       st.sampled_from([1, 2, 1000]))
def test_streamed_register_is_the_whole_read(data: bytes, block: int, encoding: str | None, chunk_rows: int) -> None:
    with mock.patch.object(encodings_mod, "SAMPLE_BYTES", 24), mock.patch.object(encodings_mod, "HEAD_BYTES", 25):
        whole = _outcome(lambda: _whole_source(data, encoding, chunk_rows))
        streamed = _outcome(lambda: csv_source(data, file=FILE, encoding=encoding, chunk_rows=chunk_rows,
                                               block_bytes=block))
    assert streamed == whole


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=60) | registers(), st.integers(1, 17))
def test_a_scan_in_blocks_finds_what_the_whole_bytes_give(data: bytes, block: int) -> None:
    found = scan(Blocks(data, size=block), ("utf-8", "utf-8-sig", "cp932", "euc-jp"), head=10)
    assert found.head == data[:10] and found.size == len(data)
    assert found.nul == (data.find(b"\x00") if b"\x00" in data else None)
    assert found.blank == (not data.strip(b" \t\r\n\xef\xbb\xbf"))
    for enc in ("utf-8", "utf-8-sig", "cp932", "euc-jp"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as exc:
            bom = 3 if enc == "utf-8-sig" and data.startswith(b"\xef\xbb\xbf") else 0  # counted from the BOM's end
            assert found.errors[enc] == exc.start + bom
        else:
            assert found.decodes(enc)
            assert list(decoded_lines(Blocks(data, size=block), enc)) == list(
                io.StringIO(text[1:] if text.startswith("\ufeff") else text, newline=""))
    for offset in range(len(data) + 1):
        assert locate(Blocks(data, size=block), offset) == (line_of(data, offset), line_start(data, offset))


def test_euc_jp_valid_as_cp932_and_alike_readings_in_tiny_blocks() -> None:
    euc = "id,name,postal_code,address\n1,山田,1600023,新宿区西新宿2-8-1\n".encode("euc-jp")
    assert csv_source(euc, file=FILE, block_bytes=1).encoding == "euc-jp"
    alike = "id,name,postal_code,address\n1,ﾀﾛ,1600023,x\n".encode("cp932")
    with pytest.raises(InputError, match="cp932 or --encoding euc-jp"):
        csv_source(alike, file=FILE, block_bytes=3)


def test_a_file_is_read_in_blocks_and_its_hash_is_of_its_bytes(tmp_path: Path) -> None:
    import hashlib

    src = tmp_path / "r.csv"
    data = ("id,name,postal_code,address\r\n" + "".join(f"R{i},山田　太郎,1600023,新宿区西新宿{i}\r\n"
                                                        for i in range(500))).encode("cp932")
    src.write_bytes(data)
    source = open_register(src, block_bytes=97, chunk_rows=64)
    frame = pl.concat(list(source.chunks()))
    assert frame.height == 500 and frame["_line"].to_list() == list(range(2, 502))
    assert (source.sha256, source.size) == (hashlib.sha256(data).hexdigest(), len(data))


def test_a_file_changed_between_the_two_passes_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "r.csv"
    rows = "".join(f"R{i},a,1600023,x\n" for i in range(20_000))  # beyond the file object's buffer
    src.write_bytes(f"id,name,postal_code,address\n{rows}Z,b,1600023,y\n".encode())
    source = open_register(src, block_bytes=1024)
    src.write_bytes(f"id,name,postal_code,address\n{rows}Z,c,1600023,y\n".encode())
    with pytest.raises(InputError, match="changed while it was read"):
        list(source.chunks())


def test_a_file_of_one_block_is_decoded_once_and_still_proved_unchanged(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "r.csv"
    src.write_bytes("id,name,postal_code,address\nR1,山田,1600023,x\n".encode("cp932"))
    source = open_register(src)  # one block: the first pass's text is the second pass's
    assert [c.rows() for c in source.chunks()] == [[("R1", "山田", "1600023", "x", "", "", "", "", 2)]]
    passes: list[int] = []
    read = Blocks.__iter__

    def changing(self: Blocks) -> object:  # the second pass reads other bytes of the same size
        passes.append(1)
        for block in read(self):
            yield block if len(passes) == 1 else block.replace("山田".encode("cp932"), "山本".encode("cp932"))

    monkeypatch.setattr(Blocks, "__iter__", changing)
    with pytest.raises(InputError, match="changed while it was read"):
        list(open_register(src).chunks())


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(list("ab,\"\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029新")), max_size=40))
def test_text_lines_are_the_lines_a_newline_free_stream_gives(text: str) -> None:
    from addrjp.mailing.stream import text_lines

    assert list(text_lines(text)) == list(io.StringIO(text, newline=""))
