"""The customer barcode symbol: bar table, 67 bars, SVG dimensions (JP-p12) and quiet zone, PNG."""

from __future__ import annotations

import doctest
import itertools
import struct
import xml.etree.ElementTree as ET
import zlib

import pytest

import addrjp.mailing.barcode_symbol as symbol_module
from addrjp.mailing.barcode import CHECK_VALUES, encode_barcode
from addrjp.mailing.barcode_symbol import BAR_PATTERNS, barcode_png, barcode_svg, bars, symbol_size_mm

SVG = "{http://www.w3.org/2000/svg}"
# docs/barcode.md §2.2, numeric form: 1 long, 2 up (ascender), 3 down (descender), 4 timing.
NUMERIC_TABLE = {
    "0": "144", "1": "114", "2": "132", "3": "312", "4": "123", "5": "141", "6": "321", "7": "213",
    "8": "231", "9": "411", "-": "414", "CC1": "324", "CC2": "342", "CC3": "234", "CC4": "432",
    "CC5": "243", "CC6": "423", "CC7": "441", "CC8": "111",
}
KASUMIGASEKI = encode_barcode("100-0013", "1-3-2-503")


def test_doctests() -> None:
    assert doctest.testmod(symbol_module).failed == 0


def test_bar_table_matches_the_numeric_table() -> None:
    daft = {"1": "F", "2": "A", "3": "D", "4": "T"}
    assert set(BAR_PATTERNS) == set(CHECK_VALUES)
    for token, numeric in NUMERIC_TABLE.items():
        assert BAR_PATTERNS[token] == "".join(daft[c] for c in numeric), token
    assert len(set(BAR_PATTERNS.values())) == 19  # decodable: every character distinct


def test_bars_start_stop_and_count() -> None:
    states = bars(KASUMIGASEKI)
    assert len(states) == 67
    assert states[:2] == ("F", "D") and states[-2:] == ("D", "F")
    assert "".join(states[2:5]) == BAR_PATTERNS["1"]
    assert "".join(states[-5:-2]) == BAR_PATTERNS["9"]  # the check digit of the p17 example


def test_bars_rejects_wrong_input() -> None:
    with pytest.raises(ValueError):
        bars(KASUMIGASEKI[:20])
    with pytest.raises(ValueError):
        bars(("X",) * 21)


@pytest.mark.parametrize(("size", "width", "height"), [(8.0, 63.84, 2.88), (10.0, 79.8, 3.6), (11.5, 91.77, 4.14)])
def test_symbol_size(size: float, width: float, height: float) -> None:
    assert symbol_size_mm(size) == pytest.approx((width, height))


@pytest.mark.parametrize("size", [7.9, 11.6, 0.0, -10.0])
def test_size_out_of_range(size: float) -> None:
    with pytest.raises(ValueError, match=r"between 8 and 11\.5"):
        barcode_svg(KASUMIGASEKI, size_pt=size)
    with pytest.raises(ValueError):
        barcode_png(KASUMIGASEKI, size_pt=size)


def _bars_of_svg(svg: str) -> tuple[ET.Element, list[dict[str, float]]]:
    root = ET.fromstring(svg)
    group = root.find(f"{SVG}g")
    assert group is not None
    rects = [{k: float(v) for k, v in r.attrib.items()} for r in group.iter(f"{SVG}rect")]
    return root, rects


@pytest.mark.parametrize("size", [8.0, 9.0, 10.0, 11.5])
def test_svg_dimensions(size: float) -> None:
    s = size / 10
    root, rects = _bars_of_svg(barcode_svg(KASUMIGASEKI, size_pt=size))
    assert len(rects) == 67
    assert all(r["width"] == pytest.approx(0.6 * s) for r in rects)
    xs = [r["x"] for r in rects]
    assert xs[0] == pytest.approx(2.0)  # quiet zone
    assert all(b - a == pytest.approx(1.2 * s) for a, b in itertools.pairwise(xs))
    heights = {round(r["height"], 3) for r in rects}
    assert heights == {round(3.6 * s, 3), round(2.4 * s, 3), round(1.2 * s, 3)}
    width_mm = float(root.attrib["width"].removesuffix("mm"))
    height_mm = float(root.attrib["height"].removesuffix("mm"))
    assert width_mm == pytest.approx(symbol_size_mm(size)[0] + 4.0)
    assert height_mm == pytest.approx(3.6 * s + 4.0)
    right_edge = xs[-1] + 0.6 * s
    assert width_mm - right_edge >= 2.0 - 1e-9


def test_svg_bar_positions_follow_states() -> None:
    _, rects = _bars_of_svg(barcode_svg(KASUMIGASEKI))
    top, third = 2.0, 1.2
    expected = {"F": (top, 3 * third), "A": (top, 2 * third), "D": (top + third, 2 * third), "T": (top + third, third)}
    for state, rect in zip(bars(KASUMIGASEKI), rects, strict=True):
        assert (rect["y"], rect["height"]) == pytest.approx(expected[state])


def test_svg_quiet_zone_at_least_2mm() -> None:
    with pytest.raises(ValueError, match="quiet zone"):
        barcode_svg(KASUMIGASEKI, quiet_zone_mm=1.5)
    _root, rects = _bars_of_svg(barcode_svg(KASUMIGASEKI, quiet_zone_mm=5))
    assert rects[0]["x"] == pytest.approx(5.0)


def _png_rows(png: bytes) -> tuple[int, int, list[bytes]]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, data = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        assert struct.unpack(">I", png[pos + 8 + length : pos + 12 + length])[0] == zlib.crc32(kind + data)
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", data[:10])
            assert (depth, colour) == (1, 0)
        elif kind == b"IDAT":
            idat += data
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = (width + 7) // 8 + 1
    rows = [raw[i * stride + 1 : (i + 1) * stride] for i in range(height)]
    assert all(raw[i * stride] == 0 for i in range(height))
    return width, height, rows


def _dark_runs(row: bytes, width: int) -> int:
    bits = [(row[x >> 3] >> (7 - (x & 7))) & 1 == 0 for x in range(width)]
    return sum(1 for x in range(width) if bits[x] and (x == 0 or not bits[x - 1]))


@pytest.mark.parametrize("dpi", [300, 600])
def test_png_draws_67_bars(dpi: int) -> None:
    width, height, rows = _png_rows(barcode_png(KASUMIGASEKI, dpi=dpi))
    px = dpi / 25.4
    assert width == round((79.8 + 4) * px)
    assert height == round((3.6 + 4) * px)
    states = bars(KASUMIGASEKI)
    middle = rows[round((2.0 + 1.8) * px)]
    top = rows[round((2.0 + 0.6) * px)]
    bottom = rows[round((2.0 + 3.0) * px)]
    assert _dark_runs(middle, width) == 67
    assert _dark_runs(top, width) == sum(1 for s in states if s in "FA")
    assert _dark_runs(bottom, width) == sum(1 for s in states if s in "FD")
    assert _dark_runs(rows[0], width) == 0  # quiet zone


def test_png_rejects_bad_dpi() -> None:
    with pytest.raises(ValueError, match="dpi"):
        barcode_png(KASUMIGASEKI, dpi=10)
