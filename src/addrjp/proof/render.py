"""The proof PDF (宛名面の校正刷り): a cover page tying it to one mailing file, then one card per page.

Each card is drawn 100 × 148 mm as it will be printed: the postal code's digits in the red boxes (drawn in
red for reference: they are on the postcard already), the address and the name in the layout of
:mod:`addrjp.proof.layout`, and the customer barcode's 67 bars. ``sheet="a4"`` puts four cards on an A4
page, with thin cut lines. The cover page lists the folder, the SHA-256 of manifest.json and of
mailing.csv, the counts by status and what was selected, so that a proof is tied to one mailing file; it
holds no name or address.

The PDF is made with ReportLab (pages compressed; no timestamps or random ids in the file, so the same
folder and options give the same bytes).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from addrjp.proof import dimensions as d
from addrjp.proof.fonts import Fonts, load_fonts
from addrjp.proof.layout import CardLayout, layout_card
from addrjp.proof.source import Card, Folder

SHEETS: tuple[str, ...] = ("card", "a4")
_MM = 72.0 / 25.4  # points per millimetre
_BOXES_FORM = "addrjpPostalBoxes"


@dataclass(frozen=True)
class ProofOptions:
    """How to draw: layout (vertical/horizontal), sheet (card/a4), font file, barcode size."""

    layout: str = "vertical"
    sheet: str = "card"
    font: str | None = None
    barcode_pt: float = d.BARCODE_PT


def render_proof(folder: Folder, cards: Sequence[Card], options: ProofOptions | None = None, *,
                 selection: str = "all") -> tuple[bytes, int]:
    """The proof PDF's bytes and its page count (cover included)."""
    from reportlab.pdfgen.canvas import Canvas

    opts = options or ProofOptions()
    if opts.sheet not in SHEETS:
        raise ValueError(f"unknown sheet {opts.sheet!r}: use one of {', '.join(SHEETS)}")
    fonts = load_fonts(opts.font)
    page = (d.CARD_W * _MM, d.CARD_H * _MM) if opts.sheet == "card" else (d.A4_W * _MM, d.A4_H * _MM)
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=page, pageCompression=1, invariant=1)
    canvas.setTitle("addrjp proof (宛名面校正刷り)")
    canvas.setAuthor("addrjp")
    canvas.setSubject(f"mailing.csv {folder.mailing_sha256}")
    _define_boxes(canvas)
    _cover(canvas, folder, cards, opts, fonts, page, selection)
    pages = 1
    per_sheet = 1 if opts.sheet == "card" else d.A4_COLUMNS * d.A4_ROWS

    def measure(text: str, size_pt: float) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return float(stringWidth(text, fonts.horizontal_font, size_pt)) / _MM

    for i, card in enumerate(cards):
        slot = i % per_sheet
        if slot == 0:
            canvas.showPage()
            pages += 1
        if opts.sheet == "card":
            ox, oy = 0.0, 0.0
        else:
            col, row = slot % d.A4_COLUMNS, slot // d.A4_COLUMNS
            ox = (d.A4_W - d.A4_COLUMNS * d.CARD_W) / 2 + col * d.CARD_W
            oy = (d.A4_H - d.A4_ROWS * d.CARD_H) / 2 + row * d.CARD_H
            _cut_lines(canvas, ox, oy, page)
        lay = layout_card(card, opts.layout, barcode_pt=opts.barcode_pt, measure=measure)
        _draw_card(canvas, lay, card, fonts, ox, oy, page[1])
    canvas.showPage()
    canvas.save()
    return buf.getvalue(), pages


def _define_boxes(canvas: Any) -> None:
    """The 郵便番号枠 as a form drawn on every card: seven boxes and the hyphen [JP-p05]."""
    canvas.beginForm(_BOXES_FORM)
    canvas.setStrokeColorRGB(*d.BOX_RGB)
    for i, (x, y, w, h) in enumerate(d.box_rects()):
        lw = d.BOX_LINE_UPPER if i < 3 else d.BOX_LINE_LOWER
        canvas.setLineWidth(lw * _MM)
        # the line outside the inner rectangle: dimensions are measured from the inside of the lines
        canvas.rect((x - lw / 2) * _MM, (d.CARD_H - y - h - lw / 2) * _MM, (w + lw) * _MM, (h + lw) * _MM,
                    stroke=1, fill=0)
    x0, x1, y = d.hyphen_line()
    canvas.setLineWidth(d.BOX_LINE_UPPER * _MM)
    canvas.line(x0 * _MM, (d.CARD_H - y) * _MM, x1 * _MM, (d.CARD_H - y) * _MM)
    canvas.endForm()


def _cut_lines(canvas: Any, ox: float, oy: float, page: tuple[float, float]) -> None:
    canvas.saveState()
    canvas.setStrokeGray(0.75)
    canvas.setLineWidth(0.2)
    canvas.rect(ox * _MM, page[1] - (oy + d.CARD_H) * _MM, d.CARD_W * _MM, d.CARD_H * _MM, stroke=1, fill=0)
    canvas.restoreState()


def _draw_card(canvas: Any, lay: CardLayout, card: Card, fonts: Fonts, ox: float, oy: float,
               page_h: float) -> None:
    """Draw one card whose top-left corner is at (ox, oy) mm from the page's top-left corner.

    All text goes into one text object and the bars into one path (a card is drawn 35,000 times).
    """
    base_x, base_y = ox * _MM, page_h - (oy + d.CARD_H) * _MM  # the card's lower-left corner, points
    canvas.saveState()
    canvas.translate(base_x, base_y)
    canvas.doForm(_BOXES_FORM)
    canvas.setFillGray(0.0)
    t = canvas.beginText()
    t.setFont(d.DIGIT_FONT, d.DIGIT_PT)
    for digit in lay.digits:
        t.setTextOrigin(digit.x * _MM - _digit_width(digit.text) / 2, (d.CARD_H - digit.y) * _MM)
        t.textOut(digit.text)
    for run in lay.texts:
        if run.vertical:
            fonts.vertical(t, run.text, run.x * _MM, (d.CARD_H - run.y) * _MM, run.size_pt)
        else:
            fonts.horizontal(t, run.text, run.x * _MM, (d.CARD_H - run.y) * _MM, run.size_pt)
    t.setFillGray(0.55)
    fonts.horizontal(t, f"校正用 proof  {card.id}", 3 * _MM, 5.5 * _MM, 5.5)
    canvas.drawText(t)
    if lay.bars:
        # one path of rectangles, filled black: the 67 bars, positions in points from the card's corner
        canvas.addLiteral("0 g\n" + "\n".join(map(_bar_op, lay.bars)) + "\nf")
    canvas.restoreState()


@functools.lru_cache(maxsize=4096)
def _bar_op(rect: tuple[float, float, float, float]) -> str:
    """``x y w h re`` of one bar in points from the card's lower-left corner (bars repeat across cards)."""
    x, y, w, h = rect
    return f"{x * _MM:.3f} {(d.CARD_H - y - h) * _MM:.3f} {w * _MM:.3f} {h * _MM:.3f} re"


@functools.cache
def _digit_width(digit: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(digit, d.DIGIT_FONT, d.DIGIT_PT))


def _cover(canvas: Any, folder: Folder, cards: Sequence[Card], opts: ProofOptions, fonts: Fonts,
           page: tuple[float, float], selection: str) -> None:
    """The first page: what this proof is of (hashes, counts, options); no personal data."""
    m = folder.manifest
    counts = m.get("counts", {})
    by = counts.get("by_status", {})
    lines = [
        ("宛名面 校正刷り  addrjp proof", 13.0),
        ("", 6.0),
        (f"folder: {folder.path.name}", 8.0),
        (f"manifest.json SHA-256: {folder.manifest_sha256}", 6.0),
        (f"mailing.csv SHA-256: {folder.mailing_sha256}", 6.0),
        (f"created {m.get('created')}  addrjp {m.get('addrjp_version')}  format {m.get('format')}", 6.5),
        (f"columns {m.get('columns', 'en')}  charset {m.get('charset')}  encoding {m.get('out_encoding')}  "
         f"style {m.get('options', {}).get('style', 'horizontal')}", 6.5),
        ("", 6.0),
        (f"input rows 入力 {counts.get('input')}   printed 印刷 {counts.get('mailing')}", 8.0),
        (f"ok {by.get('ok', 0)}  fixed {by.get('fixed', 0)}  review {by.get('review', 0)}  "
         f"hold 保留 {by.get('hold', 0)}  excluded 対象外 {by.get('excluded', 0)}", 8.0),
        (f"cards in this proof 校正枚数: {len(cards)}  ({selection})", 8.0),
        (f"layout {opts.layout}  sheet {opts.sheet}  font {fonts.source}  barcode {opts.barcode_pt:g} pt", 6.5),
        ("", 6.0),
        ("held and excluded rows have no card (保留・対象外の行は印刷されません).", 6.5),
        ("The red boxes are the postcard's own 郵便番号枠; only the digits are printed.", 6.5),
        ("Check with addrjp check that the vendor's copy has the same SHA-256.", 6.5),
    ]
    y = page[1] - 15 * _MM
    canvas.setFillGray(0.0)
    for text, size in lines:
        canvas.setFont(fonts.horizontal_font, size)
        canvas.drawString(8 * _MM, y, text)
        y -= size * 1.6


__all__ = ["SHEETS", "ProofOptions", "render_proof"]
