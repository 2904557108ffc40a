"""The dimensions of the address side (宛名面の寸法), in millimetres, each with its source: one place.

Everything :mod:`addrjp.proof` draws is placed from these numbers; docs/proof.md lists them with the same
sources. Positions are measured from the card's top-left corner (x to the right, y downwards), as Japan
Post's figures measure them; the renderer converts to PDF coordinates.

Sources:

[JP-p05]
    日本郵便「郵便番号・バーコードマニュアル」郵便番号枠 (https://www.post.japanpost.jp/zipcode/zipmanual/p05.html),
    図2 郵便番号記入枠仕様 (定形郵便物; the specification is a JIS standard, 注3): the frame's inner edge 12.0 mm
    from the top edge and 8.0 mm from the right edge (±1.5 mm, 注1); dimensions measured from the inside of
    the frame lines; the upper three boxes and the hyphen 0.4–0.6 mm thick, the lower four 0.2–0.4 mm;
    朱色 or 金赤 (vermilion / gold-red) without black or blue ink (注2). The box sizes of 図2 (each box 5.7 mm
    wide and 8.0 mm high; 1.3 mm between boxes 1–3, 1.9 mm between boxes 3 and 4 where the hyphen is, 4.0 mm
    below the frame's top, 1.1 mm between boxes 4–7: 47.7 mm in all) are read from the figure as transcribed
    by webdesign-tokyo.net ("ハガキの郵便番号枠を自分で描く際の注意点"); they add up to its 47.7 mm.
[JP-p12]
    同 バーコード(3/4) (p12.html): the customer barcode's size at 8–11.5 pt (10 pt nominal): long bar 3.6 mm,
    timing bar 1.2 mm, pitch 1.2 mm, bar 0.6 mm — kept in :mod:`addrjp.mailing.barcode_symbol`.
[JP-p13]
    同 バーコード(4/4) (p13.html) 印字位置: at least 2 mm of blank around the symbol; horizontal addressing:
    directly under the addressee's name; vertical addressing: left, right or below; within the face less
    10 mm from every edge (※1: 15 mm or more where possible) and outside the 70 mm × 35 mm cancellation
    area (消印領域; allowed there only for 料金別納/料金後納 mail).
[JP-card]
    通常はがき (the standard postcard): 100 mm × 148 mm (日本郵便 郵便はがき; 内国郵便約款 allows private
    postcards from 90 × 140 to 107 × 154 mm). ISO A4 (JIS P 0138): 210 mm × 297 mm.
[house]
    addrjp's own layout where no rule exists (font sizes, where the address and the name stand): chosen to
    stay inside the [JP-p13] margins, clear of the [JP-p05] boxes, and documented in docs/proof.md.

>>> box_rects()[0], round(box_rects()[-1][0] + box_rects()[-1][2], 1)
((44.3, 12.0, 5.7, 8.0), 92.0)
>>> CARD_W - BARCODE_MARGIN_X * 2 >= 79.8  # the 10 pt symbol fits inside the 10 mm margins
True
"""

from __future__ import annotations

# --- the card and the sheet [JP-card] --------------------------------------------------------------------
CARD_W = 100.0
CARD_H = 148.0
A4_W = 210.0
A4_H = 297.0
#: Cards on one A4 sheet (``--sheet a4``): 2 columns × 2 rows of 100 × 148 mm.
A4_COLUMNS = 2
A4_ROWS = 2

# --- 郵便番号枠 (the red postal-code boxes) [JP-p05] ---------------------------------------------------
BOX_TOP = 12.0  # inner edge of the frame from the card's top edge
BOX_RIGHT = 8.0  # inner edge of the last box from the card's right edge
BOX_TOLERANCE = 1.5  # ± on BOX_TOP and BOX_RIGHT
BOX_W = 5.7
BOX_H = 8.0
#: Gaps between the inner edges of neighbouring boxes: 1–2, 2–3, 3–4 (the hyphen), 4–5, 5–6, 6–7.
BOX_GAPS: tuple[float, ...] = (1.3, 1.3, 1.9, 1.1, 1.1, 1.1)
BOX_LINE_UPPER = 0.5  # upper three boxes and the hyphen: 0.4–0.6 mm
BOX_LINE_LOWER = 0.3  # lower four boxes: 0.2–0.4 mm
HYPHEN_FROM_TOP = 4.0  # the hyphen between boxes 3 and 4, below the frame's top
#: 朱色 / 金赤 in RGB (magenta and yellow only, no black or blue ink).
BOX_RGB = (0.93, 0.25, 0.15)

# --- the digits written in the boxes [house] ---------------------------------------------------------
DIGIT_PT = 17.0  # Helvetica digits about 4.3 mm high: inside the 8 mm box, touching no line
DIGIT_FONT = "Helvetica"

# --- the customer barcode [JP-p12, JP-p13] ------------------------------------------------------------
BARCODE_PT = 10.0  # nominal size: 79.8 mm × 3.6 mm
BARCODE_QUIET = 2.0  # blank around the symbol
BARCODE_MARGIN_X = 10.0  # printable area: 10 mm from the edges
BARCODE_BOTTOM = 15.0  # vertical layout: bars end 15 mm above the bottom edge (※1, "15 mm where possible")
BARCODE_BELOW_NAME = 5.0  # horizontal layout: the symbol's top this far under the name block [house]
CANCEL_W = 35.0  # 消印領域 on a portrait card (70 × 35 mm turned with the card): top-left corner
CANCEL_H = 70.0

# --- where the address and the name stand [house] -----------------------------------------------------
MARGIN = 10.0  # nothing printed closer to an edge
TEXT_BOTTOM = CARD_H - BARCODE_BOTTOM - 3.6 - BARCODE_QUIET - 2.0  # vertical text ends above the barcode
#: vertical layout (縦書き)
V_ADDRESS_X = 86.0  # centre of the 住所1 column
V_ADDRESS_TOP = 26.0  # first character's top, under the boxes
V_ADDRESS_PT = 13.0  # preferred size; smaller (down to V_ADDRESS_MIN_PT) when the line is long
V_ADDRESS_MIN_PT = 8.5
V_LINE_PITCH = 1.45  # column pitch in character sizes
V_ADDRESS2_INDENT = 2.0  # 住所2 starts this many characters lower
V_NAME_X = 50.0  # centre of the name column (the card's centre line)
V_NAME_TOP = 34.0
V_NAME_PT = 24.0
V_NAME_MIN_PT = 12.0
V_NAME_PITCH = 1.45  # joint names: column pitch in name sizes
V_NAME_LEFT = CANCEL_W + 2.0  # no name column left of this (clear of the cancellation area)
#: horizontal layout (横書き)
H_ADDRESS_X = 14.0
H_ADDRESS_TOP = 30.0  # first line's top
H_ADDRESS_PT = 12.0
H_ADDRESS_MIN_PT = 8.0
H_NAME_TOP = 66.0
H_NAME_PT = 20.0
H_NAME_MIN_PT = 11.0
H_NAME_X = 22.0
H_RIGHT = CARD_W - MARGIN  # text ends here

PT_MM = 25.4 / 72.0  # one typographic point in millimetres


def box_rects() -> list[tuple[float, float, float, float]]:
    """The seven boxes' inner rectangles ``(x, y, w, h)`` from the card's top-left corner [JP-p05]."""
    total = 7 * BOX_W + sum(BOX_GAPS)
    x = CARD_W - BOX_RIGHT - total
    out = []
    for i in range(7):
        out.append((round(x, 4), BOX_TOP, BOX_W, BOX_H))
        if i < 6:
            x += BOX_W + BOX_GAPS[i]
    return out


def hyphen_line() -> tuple[float, float, float]:
    """(x from, x to, y) of the hyphen between boxes 3 and 4 [JP-p05]."""
    boxes = box_rects()
    return boxes[2][0] + BOX_W + 0.4, boxes[3][0] - 0.4, BOX_TOP + HYPHEN_FROM_TOP


__all__ = [name for name in dir() if name.isupper()] + ["box_rects", "hyphen_line"]
