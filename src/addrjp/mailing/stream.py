"""A register file's bytes read as a stream (逐次読み込み, streamed reading): blocks, a first pass, decoded lines.

A register may be far larger than a ward's (10 million rows: 858 MB of CP932, three times that once decoded
to one text). It is read twice, a block of :data:`BLOCK_BYTES` at a time, and never held whole:

1. :func:`scan` goes over every byte once and finds what a whole read finds before any row: whether the file
   is blank, the first NUL byte, the file's first bytes (the BOM and the sample the encoding is scored on),
   which encodings decode the whole file and, for each that does not, the offset of its first bad byte, the
   file's size and SHA-256 — so every error about the bytes comes before the first row, as it did.
2. :func:`decoded_lines` decodes the chosen encoding with an incremental decoder and gives the text's lines
   as ``io.StringIO(text, newline="")`` does (CRLF, LF or a lone CR), a line that spans blocks joined first.

Neither holds more than a block, its text and the longest line. :func:`locate` turns a byte offset into the
line and the line's first byte, as :func:`addrjp.mailing.encodings.line_of` and ``line_start`` do on the
whole bytes.

>>> blocks = Blocks("氏名\\r\\n山田\\r\\n".encode("cp932"), size=3)
>>> found = scan(blocks, ("utf-8", "cp932"))
>>> found.errors, found.size
({'utf-8': 0}, 12)
>>> list(decoded_lines(blocks, "cp932"))
['氏名\\r\\n', '山田\\r\\n']
>>> locate(blocks, 8)
(2, 6)
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: Bytes read at a time. A ward's register (a few MB) is one block.
BLOCK_BYTES = 4 << 20

#: Bytes that leave a file blank: whitespace and a UTF-8 BOM's bytes.
_BLANK = b" \t\r\n\xef\xbb\xbf"

#: A line of a text and its end as ``io.StringIO(text, newline="")`` splits it: CRLF, LF or a lone CR.
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+\Z")


class Blocks:
    """The bytes of a file (*source* a path) or of a bytes object, as blocks of at most *size* bytes; each
    iteration starts again from the first byte. A file's ``OSError`` is the caller's to report."""

    def __init__(self, source: Path | bytes, *, size: int = BLOCK_BYTES) -> None:
        self.source = source
        self.size = max(1, size)

    def __iter__(self) -> Iterator[bytes]:
        size = self.size
        if isinstance(self.source, bytes):
            data = self.source
            for start in range(0, len(data), size):
                yield data[start:start + size]  # the whole of a one-block file is not copied
            return
        with open(self.source, "rb") as fh:
            while block := fh.read(size):
                yield block


@dataclass
class Scan:
    """What the first pass found over a file's bytes (see :func:`scan`)."""

    size: int = 0
    sha256: str = ""
    blank: bool = True  # only whitespace and BOM bytes (or nothing)
    nul: int | None = None  # offset of the first NUL byte
    head: bytes = b""  # the first *head* bytes
    errors: dict[str, int] = field(default_factory=dict)  # encoding -> offset of its first bad byte
    #: a file of one block: the text of each encoding that decodes it (the second pass need not decode it again)
    texts: dict[str, str] = field(default_factory=dict)

    def decodes(self, encoding: str) -> bool:
        return encoding not in self.errors


def scan(blocks: Iterable[bytes], encodings: Sequence[str], *, head: int | None = None) -> Scan:
    """One pass over *blocks*: the :class:`Scan` of the bytes (their first *head* bytes kept, by default
    :data:`addrjp.mailing.encodings.HEAD_BYTES`), with each of *encodings* tried on all of them
    (an incremental decoder per encoding, dropped at its first bad byte, whose offset in the file is
    kept)."""
    if head is None:
        from addrjp.mailing import encodings as detection

        head = detection.HEAD_BYTES
    found = Scan()
    digest = hashlib.sha256()
    # utf-8-sig is tried as utf-8 (the BOM is valid UTF-8): its own decoder counts offsets from the BOM's end,
    # or not, by how the blocks fall
    decoders = {enc: codecs.getincrementaldecoder("utf-8" if enc == "utf-8-sig" else enc)() for enc in encodings}
    first = bytearray()
    offset = 0
    texts: dict[str, list[str]] | None = {enc: [] for enc in decoders}  # while the file is one block
    for block in blocks:
        if offset and texts is not None:
            texts = None  # a second block: not kept (a block's text is all a pass holds)
        digest.update(block)
        if len(first) < head:
            first += block[:head - len(first)]
        if found.blank and block.strip(_BLANK):
            found.blank = False
        if found.nul is None and (nul := block.find(b"\x00")) >= 0:
            found.nul = offset + nul
        for enc, dec in list(decoders.items()):
            pending = len(dec.getstate()[0])
            try:
                text = dec.decode(block)
            except UnicodeDecodeError as exc:  # exc.object is the pending bytes and the block
                found.errors[enc] = offset - pending + exc.start
                del decoders[enc]
                continue
            if texts is not None:
                texts[enc].append(text)
        offset += len(block)
    for enc, dec in decoders.items():
        pending = len(dec.getstate()[0])
        try:
            text = dec.decode(b"", final=True)
        except UnicodeDecodeError as exc:  # the file ends inside a character
            found.errors[enc] = offset - pending + exc.start
            continue
        if texts is not None:
            found.texts[enc] = "".join(texts[enc]) + text
    found.size, found.sha256, found.head = offset, digest.hexdigest(), bytes(first)
    return found


def locate(blocks: Iterable[bytes], offset: int) -> tuple[int, int]:
    """(line, offset of the line's first byte) of byte *offset*: every CRLF, LF and lone CR ends a line."""
    line, start, base, after_cr = 1, 0, 0, False
    for block in blocks:
        piece = block[:offset - base]
        line += piece.count(b"\n") + piece.count(b"\r") - piece.count(b"\r\n")
        if after_cr and piece.startswith(b"\n"):
            line -= 1  # a CRLF split between two blocks is one line end
        end = max(piece.rfind(b"\n"), piece.rfind(b"\r"))
        if end >= 0:
            start = base + end + 1
        after_cr = piece.endswith(b"\r")
        base += len(piece)
        if base >= offset:
            break
    return line, start


#: Line ends ``str.splitlines`` knows besides CR, LF and CRLF (which a CSV line does not end at).
_OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def text_lines(text: str) -> Iterator[str]:
    r"""The lines of *text*, each with its end, as ``io.StringIO(text, newline="")`` gives them — without
    the stream's copy of the text (four bytes a character). ``str.splitlines`` (in C, 7× faster) where the
    text holds no line end other than CR, LF and CRLF, the line pattern otherwise.

    >>> list(text_lines("a\r\nb\rc\n\nd")), list(text_lines("a\x0cb\n"))
    (['a\r\n', 'b\r', 'c\n', '\n', 'd'], ['a\x0cb\n'])
    """
    if not any(ch in text for ch in _OTHER_BREAKS):  # eight searches for a character: 20x the class's regex
        return iter(text.splitlines(True))
    return (m.group() for m in _LINE.finditer(text))


def decoded_lines(blocks: Iterable[bytes], encoding: str) -> Iterator[str]:
    """The lines of the text *blocks* decode to in *encoding* (a leading BOM character left out), as
    :func:`text_lines` gives them for the whole text. A ``UnicodeDecodeError`` is raised as met (the
    caller's first pass has found the bytes decode)."""
    for text in decoded_texts(blocks, encoding):
        yield from text_lines(text)


def decoded_texts(blocks: Iterable[bytes], encoding: str, *, decoded: str | None = None) -> Iterator[str]:
    """The text *blocks* decode to in *encoding* (a leading BOM character left out), in pieces that end at a
    line end (CRLF, LF or a lone CR; the last piece ends where the text does): :func:`text_lines` of each
    piece, one after the other, are the lines of the whole text. *decoded*: that text already decoded by the
    first pass (:attr:`Scan.texts`, a file of one block): the blocks are still read (the caller proves them
    the same), not decoded again."""
    if decoded is not None:
        for _ in blocks:
            pass
        text = decoded[1:] if decoded.startswith("\ufeff") else decoded
        if text:
            yield text
        return
    dec = codecs.getincrementaldecoder(encoding)()
    carry = ""
    started = False
    for block in blocks:
        text = dec.decode(block)
        if not text:
            continue
        if not started:
            started = True
            if text.startswith("\ufeff"):
                text = text[1:]
        if carry:
            text = carry + text
        # the lines complete in this text: up to its last line end, but a CR at its very end may be a CRLF's
        end = len(text) - 1 if text.endswith("\r") else len(text)
        cut = max(text.rfind("\n", 0, end), text.rfind("\r", 0, end)) + 1
        if cut:
            yield text[:cut] if cut < len(text) else text
        carry = text[cut:]
    text = dec.decode(b"", final=True)
    if not started and text.startswith("\ufeff"):
        text = text[1:]
    if carry + text:
        yield carry + text


__all__ = ["BLOCK_BYTES", "Blocks", "Scan", "decoded_lines", "decoded_texts", "locate", "scan", "text_lines"]
