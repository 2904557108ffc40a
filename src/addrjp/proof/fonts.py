"""Fonts for the proof (校正刷りの書体): ReportLab's Japanese CID font, or a TrueType/OpenType font embedded.

Without a font file the proof uses HeiseiMin-W3 (平成明朝), one of the Adobe Japanese CID fonts ReportLab
knows: nothing is embedded, the PDF names the font and its CMap, and a viewer draws it with its own Japanese
font (poppler needs ``poppler-data`` and a Japanese font installed). Vertical text uses the vertical CMap
``UniJIS-UCS2-V``: the viewer picks the vertical glyphs (ー, 「」, （）, small kana …) itself.

With ``--font FILE`` (for a proof to print, e.g. IPAex明朝 from Debian's ``fonts-ipaexfont-mincho``) the font
is embedded (subset). TrueType fonts have no vertical writing in ReportLab, so for vertical text the font is
loaded a second time with its character map pointed at the glyphs of its own ``vert`` feature (fontTools):
ー, 「」, （）, 〜, 、。 and the small kana are drawn with the forms the font designed for vertical text, while
the PDF keeps the real characters for search and copy. Each character is then placed in its own cell,
top to bottom.
"""

from __future__ import annotations

import functools
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from addrjp.errors import InputError

CID_FACE = "HeiseiMin-W3"


@dataclass(frozen=True)
class Fonts:
    """The registered fonts (``horizontal_font``, ``vertical_font``) and how vertical text is drawn."""

    horizontal_font: str
    vertical_font: str
    kind: str  # 'cid' (vertical CMap: one string per column) or 'ttf' (one cell per character)
    ascent: float = 0.88  # em above the baseline (TrueType): where a cell's top is
    source: str = CID_FACE  # what the cover page names

    def vertical(self, t: Any, text: str, cx: float, top: float, size: float) -> None:
        """Add *text* to the text object *t*, top to bottom in a column centred on *cx*, its first cell's
        top at *top* (points)."""
        t.setFont(self.vertical_font, size)
        if self.kind == "cid":  # the vertical CMap advances downwards by itself
            t.setTextOrigin(cx, top)
            t.textOut(text)
            return
        y = top - self.ascent * size
        for ch in text:
            if ch not in " \u3000":
                t.setTextOrigin(cx - _width(self.vertical_font, ch) * size / 2, y)
                t.textOut(ch)
            y -= size

    def horizontal(self, t: Any, text: str, x: float, top: float, size: float) -> None:
        """Add *text* to the text object *t*, left to right from *x*, its line's top at *top* (points)."""
        t.setFont(self.horizontal_font, size)
        t.setTextOrigin(x, top - self.ascent * size)
        t.textOut(text)


@functools.lru_cache(maxsize=65536)
def _width(font: str, ch: str) -> float:
    """The advance of *ch* at 1 pt (cached: a proof draws the same characters thousands of times)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(ch, font, 1.0))


_LOADED: dict[str, Fonts] = {}


def load_fonts(font_file: str | None = None) -> Fonts:
    """Register the proof's fonts (once per process) and return their names."""
    key = font_file or ""
    if key in _LOADED:
        return _LOADED[key]
    fonts = _ttf(Path(font_file)) if font_file else _cid()
    _LOADED[key] = fonts
    return fonts


def _cid() -> Fonts:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    horizontal = UnicodeCIDFont(CID_FACE)
    vertical = UnicodeCIDFont(CID_FACE, isVertical=True)
    vertical.name = vertical.fontName = f"{CID_FACE}-V"  # ReportLab names both by the face: tell them apart
    pdfmetrics.registerFont(horizontal)
    pdfmetrics.registerFont(vertical)
    return Fonts(horizontal.name, vertical.name, "cid", source=f"{CID_FACE} (Adobe-Japan1 CID, not embedded)")


def _ttf(path: Path) -> Fonts:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    if not path.is_file():
        raise InputError("no such font file", file=str(path), hint="give a .ttf or .otf (TrueType outlines) file")
    data = path.read_bytes()
    tag = hashlib.sha256(data).hexdigest()[:10]
    try:
        horizontal = TTFont(f"addrjp-{tag}", io.BytesIO(data))
        vertical = TTFont(f"addrjp-{tag}-V", io.BytesIO(_vertical_variant(data)))
    except (TTFError, OSError, ValueError, KeyError, AssertionError) as exc:
        raise InputError(f"cannot embed this font ({type(exc).__name__})", file=str(path),
                         hint="use a TrueType font (.ttf, or .otf with TrueType outlines) that allows embedding, "
                              "e.g. /usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf") from None
    pdfmetrics.registerFont(horizontal)
    pdfmetrics.registerFont(vertical)
    ascent = float(horizontal.face.ascent) / 1000.0
    return Fonts(horizontal.fontName, vertical.fontName, "ttf", ascent=ascent or 0.88,
                 source=f"{path.name} (embedded)")


def vertical_forms(font: Any) -> dict[str, str]:
    """The font's ``vert`` substitutions (glyph name → vertical glyph name), from its GSUB table."""
    if "GSUB" not in font:
        return {}
    table = font["GSUB"].table
    out: dict[str, str] = {}
    if table.FeatureList is None or table.LookupList is None:
        return out
    for record in table.FeatureList.FeatureRecord:
        if record.FeatureTag not in ("vert", "vrt2"):
            continue
        for index in record.Feature.LookupListIndex:
            for sub in table.LookupList.Lookup[index].SubTable:
                sub = getattr(sub, "ExtSubTable", sub)
                mapping = getattr(sub, "mapping", None)
                if mapping:
                    out.update(mapping)
    return out


def _vertical_variant(data: bytes) -> bytes:
    """The font with its character map pointed at its vertical forms, and a name of its own."""
    from fontTools.ttLib import TTFont as FontFile

    font = FontFile(io.BytesIO(data))
    forms = vertical_forms(font)
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap = {cp: forms.get(glyph, glyph) for cp, glyph in table.cmap.items()}
    for record in font["name"].names:
        if record.nameID in (1, 3, 4, 6):  # family, unique id, full name, PostScript name
            text = record.toUnicode()
            record.string = text.replace(" ", "") + "-V" if record.nameID == 6 else text + " V"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


__all__ = ["CID_FACE", "Fonts", "load_fonts", "vertical_forms"]
