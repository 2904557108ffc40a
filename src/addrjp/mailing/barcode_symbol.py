"""Customer barcode symbol (カスタマバーコードのシンボル): the 67 bars, drawn as SVG or PNG.

Each of the 21 tokens is three bars, framed by the start code (STC, 2 bars) and the stop code (SPC, 2 bars):
67 bars of equal width. A bar is long (``F``, full), ascending (``A``, top and middle thirds), descending
(``D``, middle and bottom) or timing (``T``, middle only). Dimensions from Japan Post's
「郵便番号・バーコードマニュアル」 JP-p12: at the nominal size of 10 pt the long bar is 3.6 mm, the timing
bar 1.2 mm, the pitch 1.2 mm and the bar 0.6 mm wide; sizes from 8 to 11.5 pt scale these by size/10.
A quiet zone of at least 2 mm is left on every side (JP-p13).

>>> from addrjp.mailing.barcode import encode_barcode
>>> states = bars(encode_barcode("100-0013", "1-3-2-503"))
>>> len(states), "".join(states[:5]), "".join(states[-2:])
(67, 'FDFFT', 'DF')
>>> symbol_size_mm(10.0)
(79.8, 3.6)
"""

from __future__ import annotations

import struct
import zlib
from functools import lru_cache
from typing import TYPE_CHECKING

from addrjp.mailing.barcode import CHECK_VALUES, DATA_LENGTH

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "BAR_COUNT",
    "BAR_PATTERNS",
    "MAX_SIZE_PT",
    "MIN_SIZE_PT",
    "QUIET_ZONE_MM",
    "bar_rects",
    "barcode_png",
    "barcode_svg",
    "bars",
    "symbol_size_mm",
]

BAR_COUNT = 67
MIN_SIZE_PT = 8.0
MAX_SIZE_PT = 11.5
#: Quiet zone (余白) on every side, in millimetres; JP-p13 asks for at least 2 mm.
QUIET_ZONE_MM = 2.0

#: Bars of each token, DAFT letters (F long, A up, D down, T timing) [docs/barcode.md §2.2].
BAR_PATTERNS: dict[str, str] = {
    "0": "FTT", "1": "FFT", "2": "FDA", "3": "DFA", "4": "FAD",
    "5": "FTF", "6": "DAF", "7": "AFD", "8": "ADF", "9": "TFF",
    "-": "TFT",
    "CC1": "DAT", "CC2": "DTA", "CC3": "ADT", "CC4": "TDA",
    "CC5": "ATD", "CC6": "TAD", "CC7": "TTF", "CC8": "FFF",
}
START = "FD"
STOP = "DF"

# Nominal dimensions at 10 pt, millimetres.
_LONG_MM = 3.6
_THIRD_MM = 1.2  # timing bar length: one third of the long bar
_PITCH_MM = 1.2
_WIDTH_MM = 0.6
# Vertical extent of each bar state, in thirds of the long bar from the top: (first third, thirds spanned).
_EXTENT: dict[str, tuple[int, int]] = {"F": (0, 3), "A": (0, 2), "D": (1, 2), "T": (1, 1)}


def bars(tokens: Sequence[str]) -> tuple[str, ...]:
    """The 67 bar states (``'F' 'A' 'D' 'T'``) of 21 tokens, start and stop codes included."""
    if len(tokens) != DATA_LENGTH + 1:
        raise ValueError(f"a customer barcode has {DATA_LENGTH + 1} tokens, not {len(tokens)}")
    try:
        body = "".join(BAR_PATTERNS[t] for t in tokens)
    except KeyError:
        raise ValueError("a token is not a customer barcode character") from None
    return tuple(START + body + STOP)


def _scale(size_pt: float) -> float:
    if not MIN_SIZE_PT <= size_pt <= MAX_SIZE_PT:
        raise ValueError(f"barcode size must be between {MIN_SIZE_PT:g} and {MAX_SIZE_PT:g} pt")
    return size_pt / 10.0


def symbol_size_mm(size_pt: float = 10.0) -> tuple[float, float]:
    """Width and height of the bars alone (no quiet zone) in millimetres: 66 pitches + 1 bar, long bar."""
    s = _scale(size_pt)
    return (round((BAR_COUNT - 1) * _PITCH_MM * s + _WIDTH_MM * s, 4), round(_LONG_MM * s, 4))


def bar_rects(tokens: Sequence[str], size_pt: float = 10.0) -> list[tuple[float, float, float, float]]:
    """The 67 bars as rectangles ``(x, y, width, height)`` in millimetres, from the symbol's top-left corner
    (no quiet zone; y grows downwards): for drawing the symbol in another document (``addrjp proof``).

    >>> from addrjp.mailing.barcode import encode_barcode
    >>> rects = bar_rects(encode_barcode("160-0023", "2-8-1"))
    >>> len(rects), rects[0], rects[1]
    (67, (0.0, 0.0, 0.6, 3.6), (1.2, 1.2, 0.6, 2.4))
    """
    _check_tokens(tokens)
    xs, shapes = _geometry(size_pt)
    return [(x, *shapes[state]) for x, state in zip(xs, bars(tokens), strict=True)]


@lru_cache(maxsize=8)
def _geometry(size_pt: float) -> tuple[tuple[float, ...], dict[str, tuple[float, float, float]]]:
    """x of each of the 67 bars, and (y, width, height) of each bar state, at *size_pt* (mm)."""
    s = _scale(size_pt)
    third, pitch, bar_w = _THIRD_MM * s, _PITCH_MM * s, _WIDTH_MM * s
    xs = tuple(round(i * pitch, 4) for i in range(BAR_COUNT))
    shapes = {state: (round(first * third, 4), round(bar_w, 4), round(span * third, 4))
              for state, (first, span) in _EXTENT.items()}
    return xs, shapes


def _num(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text or "0"


def _check_tokens(tokens: Sequence[str]) -> None:
    if any(t not in CHECK_VALUES for t in tokens):
        raise ValueError("a token is not a customer barcode character")


def barcode_svg(tokens: Sequence[str], size_pt: float = 10.0, quiet_zone_mm: float = QUIET_ZONE_MM) -> str:
    """An SVG document of the symbol in millimetres (print at 100 %, no scaling), quiet zone included.

    >>> from addrjp.mailing.barcode import encode_barcode
    >>> svg = barcode_svg(encode_barcode("160-0023", "2-8-1"), size_pt=10)
    >>> svg.count("<rect "), 'width="83.8mm"' in svg
    (68, True)
    """
    _check_tokens(tokens)
    states = bars(tokens)
    s = _scale(size_pt)
    if quiet_zone_mm < QUIET_ZONE_MM:
        raise ValueError(f"the quiet zone must be at least {QUIET_ZONE_MM:g} mm")
    width, height = symbol_size_mm(size_pt)
    total_w = width + 2 * quiet_zone_mm
    total_h = height + 2 * quiet_zone_mm
    third, pitch, bar_w = _THIRD_MM * s, _PITCH_MM * s, _WIDTH_MM * s
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{_num(total_w)}mm" '
        f'height="{_num(total_h)}mm" viewBox="0 0 {_num(total_w)} {_num(total_h)}" '
        'shape-rendering="crispEdges">\n',
        f'<rect x="0" y="0" width="{_num(total_w)}" height="{_num(total_h)}" fill="#ffffff"/>\n',
        '<g fill="#000000">\n',
    ]
    for i, state in enumerate(states):
        first, span = _EXTENT[state]
        x = quiet_zone_mm + i * pitch
        y = quiet_zone_mm + first * third
        parts.append(
            f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(bar_w)}" height="{_num(span * third)}"/>\n'
        )
    parts.append("</g>\n</svg>\n")
    return "".join(parts)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def barcode_png(
    tokens: Sequence[str], size_pt: float = 10.0, dpi: int = 600, quiet_zone_mm: float = QUIET_ZONE_MM
) -> bytes:
    """A 1-bit PNG of the symbol at *dpi* (with its physical size recorded), drawn with the standard library.

    Bar edges are rounded to whole pixels; use 600 dpi or more for print (at 300 dpi a 0.6 mm bar is
    7 pixels, within the manual's 0.50–0.70 mm tolerance).

    >>> from addrjp.mailing.barcode import encode_barcode
    >>> barcode_png(encode_barcode("160-0023", "2-8-1"))[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    _check_tokens(tokens)
    states = bars(tokens)
    s = _scale(size_pt)
    if quiet_zone_mm < QUIET_ZONE_MM:
        raise ValueError(f"the quiet zone must be at least {QUIET_ZONE_MM:g} mm")
    if not 72 <= dpi <= 4800:
        raise ValueError("dpi must be between 72 and 4800")
    px_per_mm = dpi / 25.4

    def px(mm: float) -> int:
        return round(mm * px_per_mm)

    width_mm, height_mm = symbol_size_mm(size_pt)
    w = px(width_mm + 2 * quiet_zone_mm)
    h = px(height_mm + 2 * quiet_zone_mm)
    # Columns of each bar, rows of each third (edges rounded independently so that bars stay aligned).
    third = _THIRD_MM * s
    row_edges = [px(quiet_zone_mm + k * third) for k in range(4)]
    columns: list[tuple[int, int]] = []
    for i in range(BAR_COUNT):
        x0 = quiet_zone_mm + i * _PITCH_MM * s
        columns.append((px(x0), px(x0 + _WIDTH_MM * s)))
    row_bytes = (w + 7) // 8
    # One bitmap row per band of thirds: 1 = white (grey 1-bit), 0 = black.
    band_rows: list[bytes] = []
    for band in range(3):
        line = bytearray(b"\xff" * row_bytes)
        for (c0, c1), state in zip(columns, states, strict=True):
            first, span = _EXTENT[state]
            if first <= band < first + span:
                for x in range(c0, c1):
                    line[x >> 3] &= ~(0x80 >> (x & 7)) & 0xFF
        band_rows.append(b"\x00" + bytes(line))
    blank = b"\x00" + b"\xff" * row_bytes
    raw = bytearray()
    for y in range(h):
        row = next((b for b in range(3) if row_edges[b] <= y < row_edges[b + 1]), None)
        raw += blank if row is None else band_rows[row]
    ppm = round(dpi / 0.0254)
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 1, 0, 0, 0, 0)),
            _png_chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1)),
            _png_chunk(b"IDAT", zlib.compress(bytes(raw), 9)),
            _png_chunk(b"IEND", b""),
        )
    )
