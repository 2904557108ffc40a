"""The encoding of a register file (文字コードの判定): UTF-8, CP932 (Shift_JIS) or EUC-JP, and where a bad byte is.

Ward systems export CP932 or UTF-8; older ones EUC-JP. UTF-8 is recognised by decoding (Japanese text in
CP932 or EUC-JP is almost never valid UTF-8). CP932 and EUC-JP are not told apart so easily: EUC-JP bytes are
often valid CP932 too (山田 in EUC-JP, ``BB B3 C5 C4``, reads in CP932 as ｻｳﾅﾄ), and CP932 half-width katakana
can be valid EUC-JP. When both decode, :func:`japanese_score` weighs which reading is Japanese text: kana and
common (JIS level 1) kanji count for it; half-width katakana glued to kanji or kana, a voiced mark (ﾞ) after a
letter that takes none, rare kanji, Greek, Cyrillic and box drawing count against it. A tie goes to CP932.

Line numbers count every line ending (CRLF, LF and a lone CR: old Mac exports), so that an error points at
the line a text editor shows.

>>> detect_encoding("氏名\\n山田　太郎\\n".encode("euc-jp")), detect_encoding("氏名\\n山田　太郎\\n".encode("cp932"))
('euc-jp', 'cp932')
>>> detect_encoding("id,ｶﾅ\\n1,ﾔﾏﾀﾞ ﾀﾛｳ\\n".encode("cp932"))
'cp932'
>>> line_of(b"a\\rb\\rc\\xff", 5)
3
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Collection
from functools import lru_cache

#: Candidates tried after UTF-8, most common first (the tie-breaker).
CANDIDATES: tuple[str, ...] = ("cp932", "euc-jp")

#: Bytes scored when both decode: enough for hundreds of rows, bounded for a million-row file.
SAMPLE_BYTES = 256 * 1024

_VOICEABLE = set("ｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾊﾋﾌﾍﾎｳ")
_SEMI_VOICEABLE = set("ﾊﾋﾌﾍﾎ")


def _is_halfwidth_kana(ch: str) -> bool:
    return "\uff61" <= ch <= "\uff9f"


def _is_wide_japanese(ch: str) -> bool:
    if not ch:
        return False
    cp = ord(ch)
    return 0x3041 <= cp <= 0x30FF or 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF


@lru_cache(maxsize=8192)
def _kanji_level(ch: str) -> int:
    """1 or 2 for a JIS X 0208 level-1 or level-2 kanji, 0 for other kanji (extensions, JIS X 0212)."""
    try:
        b = ch.encode("euc-jp")
    except UnicodeEncodeError:
        return 0
    if len(b) != 2:
        return 0
    row = b[0] - 0xA0
    return 1 if 16 <= row <= 47 else 2 if 48 <= row <= 84 else 0


_RARE_HALFWIDTH = set("｡｢｣､･")  # EUC-JP rows 1-5 (punctuation, full-width space, kana) misread as CP932


def _weight(text: str, i: int) -> float:
    ch = text[i]
    cp = ord(ch)
    if 0x3041 <= cp <= 0x309F or ch in "ー々〆":
        return 3.0
    if 0x30A1 <= cp <= 0x30FA:
        return 2.0
    if 0x4E00 <= cp <= 0x9FFF:
        level = _kanji_level(ch)
        return 2.0 if level == 1 else 0.5 if level == 2 else -1.0
    if _is_halfwidth_kana(ch):
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch in _RARE_HALFWIDTH:
            return -3.0
        if _is_wide_japanese(prev) or _is_wide_japanese(nxt):
            return -3.0  # ｶﾅ glued to kanji or kana: a misread double-byte character
        if ch == "ﾞ" and prev not in _VOICEABLE:
            return -3.0
        if ch == "ﾟ" and prev not in _SEMI_VOICEABLE:
            return -3.0
        return 1.0
    if 0x3000 <= cp <= 0x303F or 0xFF01 <= cp <= 0xFF5E:
        return 1.0  # full-width space, punctuation, letters and digits
    if cp == 0xFFFD or 0xE000 <= cp <= 0xF8FF or unicodedata.category(ch) in ("Cc", "Co", "Cn"):
        return -5.0
    if 0x0370 <= cp <= 0x04FF or 0x2500 <= cp <= 0x257F:
        return -2.0  # Greek, Cyrillic, box drawing: JIS rows 6-8, what misread bytes land on
    return 0.0


def _one_row_kanji(text: str) -> bool:
    """True when four or more kanji all come from one JIS row: EUC-JP half-width kana (8E xx) read as CP932."""
    rows: set[int] = set()
    n = 0
    for ch in text:
        if 0x4E00 <= ord(ch) <= 0x9FFF:
            try:
                b = ch.encode("euc-jp")
            except UnicodeEncodeError:
                return False
            rows.add(b[0])
            n += 1
            if len(rows) > 1:
                return False
    return n >= 4


def japanese_score(text: str, encoding: str) -> float:
    """How much *text* (decoded from *encoding*) reads as Japanese, per byte that is not ASCII (higher is
    better; ASCII only: 0). Per byte, because a misread changes how many characters the same bytes make."""
    total = 0.0
    for i, ch in enumerate(text):
        if ch >= "\x80":
            total += _weight(text, i)
    nbytes = sum(1 for b in text.encode(encoding, errors="replace") if b >= 0x80)
    if _one_row_kanji(text):
        total -= 2.0 * nbytes
    return total / nbytes if nbytes else 0.0


#: How far apart the two readings must score (per byte) for one to be chosen; closer, the file is refused.
MARGIN = 0.25


class AmbiguousEncoding(ValueError):
    """Both CP932 and EUC-JP read the bytes as plausible Japanese: the encoding must be given."""

    def __init__(self, scores: dict[str, float]) -> None:
        self.scores = scores
        super().__init__("both cp932 and euc-jp read the file as Japanese text")


def _sample(data: bytes) -> bytes:
    """The first :data:`SAMPLE_BYTES`, cut at a line end so that no character is split (*data* may be the
    file's first ``SAMPLE_BYTES + 1`` bytes only: the sample is the same)."""
    if len(data) <= SAMPLE_BYTES:
        return data
    cut = data.rfind(b"\n", 0, SAMPLE_BYTES)
    return data[: cut + 1] if cut > 0 else data[:SAMPLE_BYTES]


def _decode_sample(sample: bytes, encoding: str) -> str:
    """The sample's text; a character cut by the sample's end (a first line longer than the sample) is left
    out, not an error: the whole file decodes."""
    return codecs.getincrementaldecoder(encoding)().decode(sample)


def decodings(data: bytes, texts: dict[str, str] | None = None) -> dict[str, str]:
    """The candidates (:data:`CANDIDATES`) under which *data* decodes, with the decoded sample; *texts*, when
    given, receives each whole decoded text (so that the caller need not decode the file again)."""
    sample = _sample(data)
    out: dict[str, str] = {}
    for enc in CANDIDATES:
        try:
            whole = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if texts is not None:
            texts[enc] = whole
        out[enc] = whole if sample is data else _decode_sample(sample, enc)
    return out


#: Enough of a file's start for :func:`choose_encoding`: the BOM and the scored sample.
HEAD_BYTES = SAMPLE_BYTES + 1


def choose_encoding(head: bytes, decodable: Collection[str]) -> str | None:
    """The rule of :func:`detect_encoding`, given the file's first :data:`HEAD_BYTES` bytes (*head*; all of
    them for a shorter file) and the encodings among ``utf-8`` and :data:`CANDIDATES` that decode the whole
    file (*decodable*): a reader that goes over the file once, block by block, decides as a whole read does.

    >>> choose_encoding("氏名\\n".encode("cp932"), {"cp932"})
    'cp932'
    """
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if "utf-8" in decodable:
        return "utf-8"
    found = [enc for enc in CANDIDATES if enc in decodable]
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    sample = _sample(head)
    scores = {enc: japanese_score(_decode_sample(sample, enc), enc) for enc in found}
    ranked = sorted(scores, key=lambda e: -scores[e])
    if scores[ranked[0]] - scores[ranked[1]] < MARGIN:
        raise AmbiguousEncoding(scores)
    return ranked[0]


def detect_encoding(data: bytes, texts: dict[str, str] | None = None) -> str | None:
    """``utf-8-sig``, ``utf-8``, ``cp932`` or ``euc-jp`` for a file's bytes, or None when none decodes.

    When CP932 and EUC-JP both decode and neither reading is clearly the Japanese one (scores closer than
    :data:`MARGIN`), :class:`AmbiguousEncoding`: a wrong guess would print mojibake names, so the caller asks
    for ``--encoding``. (A UTF-16 byte-order mark is the caller's to refuse.) *texts*, when given, receives
    the whole text under each encoding that decoded it. The rule itself is :func:`choose_encoding`.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        whole = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if texts is not None:
            texts["utf-8"] = whole
        return "utf-8"
    return choose_encoding(data[:HEAD_BYTES], decodings(data, texts))


def line_of(data: bytes, offset: int) -> int:
    """The line (1-based) holding byte *offset*: every CRLF, LF and lone CR ends a line."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def line_start(data: bytes, offset: int) -> int:
    """The byte offset where the line holding *offset* begins."""
    return max(data.rfind(b"\n", 0, offset), data.rfind(b"\r", 0, offset)) + 1


__all__ = ["CANDIDATES", "HEAD_BYTES", "MARGIN", "AmbiguousEncoding", "choose_encoding", "decodings", "detect_encoding",
           "japanese_score", "line_of", "line_start"]
