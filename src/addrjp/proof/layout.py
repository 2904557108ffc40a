"""Where everything stands on one card (宛名面のレイアウト): pure geometry in millimetres, no PDF.

A card is laid out from its :class:`~addrjp.proof.source.Card` and the dimensions of
:mod:`addrjp.proof.dimensions`, in one of two layouts:

``vertical`` (縦書き, the default)
    住所1 in the right-hand column under the postal-code boxes, 住所2 (building and room) in the next column,
    starting two characters lower; the name larger in the centre column with its 敬称 after a one-character
    gap; a joint card's given names (連名) in the columns to its left, each starting level with the card's
    given name, every 敬称 level with the card's; the customer barcode across the bottom, 15 mm above the edge.
``horizontal`` (横書き)
    the address lines at the top left, the name below them, larger, joint names on the lines under it
    aligned on the given name and the 敬称; the barcode directly under the name block.

Text that would not fit is made smaller, never cut: a line too long even at the smallest size goes on two.
Positions are from the card's top-left corner; a vertical run is given by its column's centre and its first
cell's top, a horizontal one by its left end and its top.

>>> from addrjp.proof.source import Card
>>> card = Card("A1", "160-0023", "東京都新宿区西新宿二丁目八番一号", "", "山田　太郎", "様", ("花子",), "")
>>> lay = layout_card(card, "vertical")
>>> [(t.role, t.text) for t in lay.texts]
[('address1', '東京都新宿区西新宿二丁目八番一号'), ('name', '山田　太郎'), ('honorific', '様'), ('joint', '花子'), ('honorific', '様')]
>>> name, h1, joint, h2 = lay.texts[1:]
>>> joint.x < name.x and abs(joint.y - (name.y + 3 * name.size_mm)) < 1e-9 and h1.y == h2.y
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from addrjp.mailing.barcode import barcode_from_text
from addrjp.mailing.barcode_symbol import bar_rects, symbol_size_mm
from addrjp.proof import dimensions as d
from addrjp.proof.source import Card
from addrjp.quality.households import split_name
from addrjp.text.width import display_width

LAYOUTS: tuple[str, ...] = ("vertical", "horizontal")
#: Width of a text in millimetres at a size in points (the renderer measures with its font).
Measure = Callable[[str, float], float]


def _cells_measure(text: str, size_pt: float) -> float:
    """A font-free estimate: full-width characters one em, others half."""
    return display_width(text) * size_pt * d.PT_MM


@dataclass(frozen=True, slots=True)
class Text:
    """One run of text: where (mm), how large (pt), which way, and what it is (``role``)."""

    text: str
    x: float
    y: float
    size_pt: float
    vertical: bool
    role: str  # address1, address2, name, joint, honorific, digit

    @property
    def size_mm(self) -> float:
        return self.size_pt * d.PT_MM


@dataclass(frozen=True)
class CardLayout:
    """What one card shows: text runs, the postal digits, the barcode's bars (x, y, w, h in mm)."""

    texts: list[Text]
    digits: list[Text]
    bars: list[tuple[float, float, float, float]] = field(default_factory=list)


def _digits(postal_code: str) -> list[Text]:
    """The seven digits, each centred in its box [JP-p05]; x is the centre, y the baseline."""
    digits = [c for c in postal_code if c.isdigit()]
    height = 0.718 * d.DIGIT_PT * d.PT_MM  # Helvetica's digits are 718/1000 em high
    out = []
    for (x, y, w, h), ch in zip(d.box_rects(), digits, strict=False):
        out.append(Text(ch, x + w / 2, y + (h + height) / 2, d.DIGIT_PT, False, "digit"))
    return out


def _bars(barcode: str, x: float, y: float, size_pt: float) -> list[tuple[float, float, float, float]]:
    if not barcode:
        return []
    tokens = barcode_from_text(barcode)
    return [(x + bx, y + by, bw, bh) for bx, by, bw, bh in bar_rects(tokens, size_pt)]


def _fit(cells: float, room_mm: float, best_pt: float, least_pt: float) -> float:
    """The size (pt) at which *cells* one-em cells fill at most *room_mm*, between the two bounds."""
    if cells <= 0:
        return best_pt
    return max(min(best_pt, room_mm / cells / d.PT_MM), least_pt)


def _wrap(text: str, cells: int) -> list[str]:
    """*text* in pieces of at most *cells* characters, broken after a space where there is one."""
    out = []
    while len(text) > cells:
        cut = max(text.rfind(" ", 0, cells + 1), text.rfind("\u3000", 0, cells + 1))
        cut = cut + 1 if cut > cells // 2 else cells
        out.append(text[:cut].rstrip(" \u3000"))
        text = text[cut:].lstrip(" \u3000")
    return [*out, text] if text else out


def layout_card(card: Card, layout: str = "vertical", *, barcode_pt: float = d.BARCODE_PT,
                measure: Measure = _cells_measure) -> CardLayout:
    """The layout of *card* (``vertical`` or ``horizontal``); *measure* gives horizontal text widths."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}: use one of {', '.join(LAYOUTS)}")
    if layout == "vertical":
        return _vertical(card, barcode_pt)
    return _horizontal(card, barcode_pt, measure)


def _name_parts(card: Card) -> tuple[str, str, list[str]]:
    """(what precedes the given name, the card's given name, the joint given names) of the name block."""
    parts = split_name(card.name) if card.joint else None
    if parts is None:
        return "", card.name, list(card.joint)
    family, space, given = parts
    return family + space, given, list(card.joint)


def _vertical(card: Card, barcode_pt: float) -> CardLayout:
    texts: list[Text] = []
    room = d.TEXT_BOTTOM - d.V_ADDRESS_TOP
    lines = [card.address1] + ([card.address2] if card.address2 else [])
    cells = max(len(lines[0]), len(lines[-1]) + (d.V_ADDRESS2_INDENT if len(lines) > 1 else 0))
    size = _fit(cells, room, d.V_ADDRESS_PT, d.V_ADDRESS_MIN_PT)
    per_column = int(room / (size * d.PT_MM))
    x = d.V_ADDRESS_X
    pitch = size * d.PT_MM * d.V_LINE_PITCH
    for i, line in enumerate(lines):
        indent = d.V_ADDRESS2_INDENT if i and len(line) + d.V_ADDRESS2_INDENT <= per_column else 0
        for piece in _wrap(line, per_column - int(indent)):
            texts.append(Text(piece, x, d.V_ADDRESS_TOP + indent * size * d.PT_MM, size, True,
                              "address2" if i else "address1"))
            x -= pitch
    address_left = x + pitch - size * d.PT_MM / 2

    lead, given, joints = _name_parts(card)
    honorific = card.honorific
    longest = max([len(given), *(len(j) for j in joints)])
    cells_total = len(lead) + longest + ((1 + len(honorific)) if honorific else 0)
    name_room = d.TEXT_BOTTOM - d.V_NAME_TOP
    nsize = min(d.V_NAME_PT, name_room / max(cells_total, 1) / d.PT_MM)
    if nsize < d.V_NAME_MIN_PT:  # a very long name: smaller still, never cut
        nsize = max(nsize, 6.0)
    cell = nsize * d.PT_MM
    top = d.V_NAME_TOP + max(0.0, (name_room - cells_total * cell) / 2)
    n = 1 + len(joints)
    npitch = cell * d.V_NAME_PITCH
    x0 = d.V_NAME_X + (n - 1) * npitch / 2
    x0 = min(x0, address_left - 2.0 - cell / 2)
    x0 = max(x0, d.V_NAME_LEFT + cell / 2 + (n - 1) * npitch)
    given_top = top + len(lead) * cell
    honorific_top = given_top + (longest + 1) * cell
    texts.append(Text(lead + given, x0, top, nsize, True, "name"))
    if honorific:
        texts.append(Text(honorific, x0, honorific_top, nsize, True, "honorific"))
    for k, joint in enumerate(joints, start=1):
        texts.append(Text(joint, x0 - k * npitch, given_top, nsize, True, "joint"))
        if honorific:
            texts.append(Text(honorific, x0 - k * npitch, honorific_top, nsize, True, "honorific"))
    width, height = symbol_size_mm(barcode_pt)
    bars = _bars(card.barcode, (d.CARD_W - width) / 2, d.CARD_H - d.BARCODE_BOTTOM - height, barcode_pt)
    return CardLayout(texts, _digits(card.postal_code), bars)


def _horizontal(card: Card, barcode_pt: float, measure: Measure) -> CardLayout:
    texts: list[Text] = []
    room = d.H_RIGHT - d.H_ADDRESS_X
    lines = [card.address1] + ([card.address2] if card.address2 else [])
    size = d.H_ADDRESS_PT
    widest = max(measure(line, 1.0) for line in lines) or 1.0
    size = max(min(size, room / widest), d.H_ADDRESS_MIN_PT)
    y = d.H_ADDRESS_TOP
    for i, line in enumerate(lines):
        indent = 2 * size * d.PT_MM if i else 0.0
        pieces = [line]
        if measure(line, size) + indent > room:
            per_line = max(1, int(len(line) * (room - indent) / measure(line, size)))
            pieces = _wrap(line, per_line)
        for piece in pieces:
            texts.append(Text(piece, d.H_ADDRESS_X + indent, y, size, False, "address2" if i else "address1"))
            y += size * d.PT_MM * 1.6

    lead, given, joints = _name_parts(card)
    honorific = card.honorific

    def block_width(pt: float) -> float:
        longest = max(measure(g, pt) for g in [given, *joints])
        return measure(lead, pt) + longest + ((measure("\u3000" + honorific, pt)) if honorific else 0.0)

    nsize = d.H_NAME_PT
    nroom = d.H_RIGHT - d.H_NAME_X
    if block_width(nsize) > nroom:
        nsize = max(nsize * nroom / block_width(nsize), 6.0)
    cell = nsize * d.PT_MM
    top = max(d.H_NAME_TOP, y + 6.0)
    given_x = d.H_NAME_X + measure(lead, nsize)
    honorific_x = given_x + max(measure(g, nsize) for g in [given, *joints]) + measure("\u3000", nsize)
    texts.append(Text(lead + given, d.H_NAME_X, top, nsize, False, "name"))
    if honorific:
        texts.append(Text(honorific, honorific_x, top, nsize, False, "honorific"))
    for k, joint in enumerate(joints, start=1):
        row = top + k * cell * 1.35
        texts.append(Text(joint, given_x, row, nsize, False, "joint"))
        if honorific:
            texts.append(Text(honorific, honorific_x, row, nsize, False, "honorific"))
    bottom = top + (len(joints) * 1.35 + 1) * cell
    width, _ = symbol_size_mm(barcode_pt)
    bars = _bars(card.barcode, (d.CARD_W - width) / 2, bottom + d.BARCODE_BELOW_NAME, barcode_pt)
    return CardLayout(texts, _digits(card.postal_code), bars)


__all__ = ["LAYOUTS", "CardLayout", "Text", "layout_card"]
