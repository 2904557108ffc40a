"""The proof PDF read back with pdfplumber: pages, the digits in their boxes, the barcode's bars, the reading
order of vertical text, the 敬称 and 連名, one page per printed row and none for held or excluded rows."""

from __future__ import annotations

import doctest
import functools
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from proof_fixtures import ROWS, Row, column_text, make_folder, mm, printed

import addrjp.proof.dimensions as dims
import addrjp.proof.layout as layout_mod
import addrjp.proof.source as source_mod
from addrjp.mailing.barcode import barcode_from_text, encode_barcode
from addrjp.mailing.barcode_symbol import bars
from addrjp.proof import ProofOptions, make_proof
from addrjp.proof.dimensions import box_rects


@pytest.fixture(scope="module")
def proof(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("proof")
    folder = make_folder(tmp / "out")
    result = make_proof(folder, tmp / "proof.pdf")
    assert result.cards == len(printed()) and result.pages == len(printed()) + 1
    return result.path


@functools.cache
def _pages(path: Path) -> list[Any]:
    pdf = pdfplumber.open(path)
    return list(pdf.pages)


@functools.cache
def _card_pages(path: Path) -> dict[str, Any]:
    """Card pages by the id printed in the proof's corner label."""
    out = {}
    for page in _pages(path)[1:]:
        label = [c for c in page.chars if c["size"] < 6]
        text = "".join(c["text"] for c in sorted(label, key=lambda c: c["x0"]))
        out[text.split()[-1]] = page
    return out


@pytest.mark.parametrize("module", [dims, layout_mod, source_mod])
def test_doctests(module: object) -> None:
    assert doctest.testmod(module).failed == 0  # type: ignore[arg-type]


def test_page_size_is_a_postcard(proof: Path) -> None:
    for page in _pages(proof):
        assert abs(mm(page.width) - 100.0) < 0.01 and abs(mm(page.height) - 148.0) < 0.01


def test_one_page_per_printed_row_none_for_held(proof: Path) -> None:
    pages = _card_pages(proof)
    assert list(pages) == [r.id for r in printed()]  # in file order
    everything = "".join(c["text"] for p in _pages(proof) for c in p.chars)
    for r in ROWS:
        if not r.printed:
            assert r.id not in everything and r.name.replace("\u3000", "") not in everything


def test_cover_ties_the_proof_to_one_mailing_file(proof: Path) -> None:
    import json

    from addrjp.mailing.manifest import sha256_hex

    folder = proof.parent / "out"
    cover = _pages(proof)[0].extract_text()
    assert sha256_hex((folder / "manifest.json").read_bytes()) in cover
    assert json.loads((folder / "manifest.json").read_text("utf-8"))["files"]["mailing.csv"]["sha256"] in cover
    assert "printed 印刷 5" in cover and "hold 保留 1" in cover and "excluded 対象外 1" in cover
    for r in ROWS:  # no personal data on the cover
        assert r.name.split("\u3000")[0] not in cover and r.address1[6:] not in cover


def test_postal_digits_inside_their_boxes(proof: Path) -> None:
    boxes = box_rects()
    for row in printed():
        page = _card_pages(proof)[row.id]
        digits = sorted((c for c in page.chars if c["fontname"].endswith("Helvetica")), key=lambda c: c["x0"])
        assert "".join(c["text"] for c in digits) == row.postal.replace("-", "")
        for c, (x, y, w, h) in zip(digits, boxes, strict=True):
            assert x < mm(c["x0"]) < mm(c["x1"]) < x + w, row.id
            assert y < mm(c["top"]) < mm(c["bottom"]) < y + h, row.id
        red = [r for r in page.rects if r["stroke"] and r["stroking_color"] == dims.BOX_RGB]
        assert len(red) == 7
        first = min(red, key=lambda r: r["x0"])
        # the line's inner edge 12.0 mm from the top; the last box's inner edge 8.0 mm from the right [JP-p05]
        assert abs(mm(first["top"] + first["linewidth"] / 2) - 12.0) < 0.01
        last = max(red, key=lambda r: r["x1"])
        assert abs(100.0 - mm(last["x1"] - last["linewidth"] / 2) - 8.0) < 0.01


def test_barcode_bars_pitch_and_height(proof: Path) -> None:
    heights = {"F": 3.6, "A": 2.4, "D": 2.4, "T": 1.2}
    offsets = {"F": 0.0, "A": 0.0, "D": 1.2, "T": 1.2}
    for row in printed():
        page = _card_pages(proof)[row.id]
        drawn = sorted((r for r in page.rects if r["fill"] and not r["stroke"]), key=lambda r: r["x0"])
        assert len(drawn) == 67, row.id
        want = bars(encode_barcode(row.postal, row.number))
        top = min(mm(r["top"]) for r in drawn)
        for i, (r, state) in enumerate(zip(drawn, want, strict=True)):
            assert abs(mm(r["width"]) - 0.6) < 0.01
            assert abs(mm(r["height"]) - heights[state]) < 0.01
            assert abs(mm(r["top"]) - top - offsets[state]) < 0.01
            if i:
                assert abs(mm(r["x0"] - drawn[i - 1]["x0"]) - 1.2) < 0.01  # the pitch [JP-p12]
        # vertical layout: across the bottom, the bars ending 15 mm above the edge, 10 mm from the sides
        assert abs(148.0 - mm(max(r["bottom"] for r in drawn)) - 15.0) < 0.01
        assert mm(drawn[0]["x0"]) >= 10.0 and mm(drawn[-1]["x1"]) <= 90.0
        assert barcode_from_text  # the cell's text is what was drawn (tokens from mailing.csv)


def test_vertical_text_reads_top_to_bottom(proof: Path) -> None:
    for row in printed():
        page = _card_pages(proof)[row.id]
        chars = [c for c in page.chars if not c["fontname"].endswith("Helvetica") and c["size"] >= 6]
        x1 = mm(max((c["x0"] + c["x1"]) / 2 for c in chars))  # the right-most column: 住所1
        assert column_text(chars, x1).replace("\u3000", "") == row.address1, row.id
        if row.address2:
            x2 = sorted({round(mm((c["x0"] + c["x1"]) / 2), 1) for c in chars})[-2]
            assert column_text(chars, x2).replace("\u3000", "") == row.address2.replace("\u3000", "")
            first1 = min(c["top"] for c in chars if abs(mm((c["x0"] + c["x1"]) / 2) - x1) < 1)
            first2 = min(c["top"] for c in chars if abs(mm((c["x0"] + c["x1"]) / 2) - x2) < 1)
            assert first2 > first1  # the building line starts lower
        big = [c for c in chars if c["size"] > 14]  # the name is larger than the address
        name_x = mm((big[0]["x0"] + big[0]["x1"]) / 2)
        assert column_text(big, name_x).replace("\u3000", "") == row.name.replace("\u3000", "") + row.honorific


def test_honorific_and_joint_names_aligned(proof: Path) -> None:
    row = next(r for r in ROWS if r.joints)
    page = _card_pages(proof)[row.id]
    chars = [c for c in page.chars if c["size"] >= 10 and not c["fontname"].endswith("Helvetica")]
    honorifics = [c for c in chars if c["text"] == "様"]
    assert len(honorifics) == 1 + len(row.joints)
    assert len({round(c["top"], 2) for c in honorifics}) == 1  # every 敬称 level with the card's
    given = row.name.split("\u3000")[1]
    primary_given = next(c for c in chars if c["text"] == given[0])
    for joint in row.joints:
        first = next(c for c in chars if c["text"] == joint[0])
        assert abs(first["top"] - primary_given["top"]) < 0.01  # starts level with the card's given name
        assert first["x0"] < primary_given["x0"]  # in a column to the left
        assert column_text(chars, mm((first["x0"] + first["x1"]) / 2)).replace("\u3000", "") == joint + "様"
    register = next(r for r in ROWS if r.honorific == "殿")
    assert "殿" in "".join(c["text"] for c in _card_pages(proof)[register.id].chars)


def test_a4_sheets_hold_four_cards(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "out")
    result = make_proof(folder, tmp_path / "a4.pdf", options=ProofOptions(sheet="a4"))
    pages = _pages(result.path)
    assert len(pages) == 1 + 2  # cover + ceil(5 / 4)
    assert abs(mm(pages[1].width) - 210) < 0.01 and abs(mm(pages[1].height) - 297) < 0.01
    drawn = [r for r in pages[1].rects if r["fill"] and not r["stroke"]]
    assert len(drawn) == 4 * 67


def test_horizontal_layout(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "out", style="horizontal")
    result = make_proof(folder, tmp_path / "h.pdf", options=ProofOptions(layout="horizontal"))
    row = next(r for r in ROWS if r.joints)
    page = _card_pages(result.path)[row.id]
    chars = [c for c in page.chars if c["size"] >= 6 and not c["fontname"].endswith("Helvetica")]
    line = [c for c in chars if abs(c["top"] - chars[0]["top"]) < 0.5]
    assert "".join(c["text"] for c in sorted(line, key=lambda c: c["x0"])) == row.address1  # left to right
    name_chars = [c for c in chars if c["size"] > 14]
    drawn = [r for r in page.rects if r["fill"] and not r["stroke"]]
    assert min(r["top"] for r in drawn) > max(c["bottom"] for c in name_chars)  # the barcode under the name


def test_selection_sample_ids_status(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "out")
    assert make_proof(folder, tmp_path / "s.pdf", sample=2).cards == 2
    result = make_proof(folder, tmp_path / "i.pdf", ids=["P0005", "P0001"])
    assert list(_card_pages(result.path)) == ["P0001", "P0005"]
    result = make_proof(folder, tmp_path / "r.pdf", statuses=["review", "fixed"])
    assert list(_card_pages(result.path)) == ["P0002", "P0005"]


def test_same_folder_same_bytes(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "out")
    a = make_proof(folder, tmp_path / "a.pdf").path.read_bytes()
    b = make_proof(folder, tmp_path / "b.pdf").path.read_bytes()
    assert a == b


def test_proof_of_a_folder_written_by_clean(tmp_path: Path) -> None:
    pytest.importorskip("addrjp.quality.record")
    import polars as pl

    from addrjp.mailing.pipeline import Options, run_clean

    register = tmp_path / "register.csv"
    pl.DataFrame({"id": ["1", "2", "3"], "name": ["新宿 花子", "", "西早稲田 一郎"],
                  "postal_code": ["160-0023", "160-0023", "169-0051"],
                  "address": ["新宿区西新宿2-8-1", "新宿区西新宿2-8-2", "新宿区西早稲田2-1-5"],
                  "address2": ["", "", "ABCハイツ104号室"]}).write_csv(register)
    run_clean(register, tmp_path / "out", Options(style="vertical", numerals="positional"))
    result = make_proof(tmp_path / "out", tmp_path / "p.pdf")
    pages = _card_pages(result.path)
    assert list(pages) == ["1", "3"]  # row 2 (no name) is held: no page
    text = "".join(c["text"] for c in pages["3"].chars)
    assert "ＡＢＣハイツ一〇四号室" in text.replace("\u3000", "")


def _glyph_ink(pdf: Path, page: int, cell: tuple[float, float, float, float], dpi: int = 600) -> tuple[int, int]:
    """Width and height (pixels) of the dark pixels in one cell (mm) of a page rendered by pdftoppm."""
    import subprocess

    px = dpi / 25.4
    x, y, w, h = (round(v * px) for v in cell)
    pgm = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-gray", "-x", str(x),
                          "-y", str(y), "-W", str(w), "-H", str(h), str(pdf)], capture_output=True, check=True).stdout
    assert pgm[:2] == b"P5"
    header = pgm.split(maxsplit=4)  # P5, width, height, maxval, pixels
    width, height, pixels = int(header[1]), int(header[2]), header[4]
    dark = [(i % width, i // width) for i, v in enumerate(pixels[:width * height]) if v < 128]
    if not dark:
        return 0, 0
    xs, ys = [p[0] for p in dark], [p[1] for p in dark]
    return max(xs) - min(xs) + 1, max(ys) - min(ys) + 1


@pytest.mark.parametrize("font", ["cid", "ttf"])
def test_vertical_forms_of_long_vowel_and_brackets(tmp_path: Path, font: str) -> None:
    from proof_fixtures import IPAEX, need_render_tools

    need_render_tools(japanese_font=font == "cid", ipaex=font == "ttf")
    rows = (Row("V0001", "ok", "160-0023", "東京都新宿区西新宿二丁目八番一号", "タワー（東）", "山田　太郎"),)
    folder = make_folder(tmp_path / "out", rows)
    result = make_proof(folder, tmp_path / "v.pdf", options=ProofOptions(font=str(IPAEX) if font == "ttf" else None))
    page = _pages(result.path)[1]
    assert column_text(page.chars, 79.35, tol=1.5) == "タワー（東）"  # the text is there, in order
    from addrjp.proof.layout import layout_card
    from addrjp.proof.source import read_folder

    line = next(t for t in layout_card(read_folder(folder).cards[0]).texts if t.role == "address2")
    for ch, tall in (("ー", True), ("（", False)):  # in a column ー is a vertical stroke, （ opens downwards
        k = line.text.index(ch)
        cell = (line.x - line.size_mm / 2, line.y + k * line.size_mm, line.size_mm, line.size_mm)
        w, h = _glyph_ink(result.path, 2, cell)
        assert w and h and (h > 2 * w if tall else w > 2 * h), (ch, w, h)
