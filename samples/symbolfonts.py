"""Tiny stand-ins for the Wingdings and Wingdings 2 fonts, built with fontTools.

Word prints check boxes with these symbol fonts; a PDF then holds the letter "R" (or
U+F052) in a font named Wingdings2, and only the font name tells it is a ☑. The real
fonts cannot be shipped, so the generator builds fonts with the same names and code
points whose glyphs are boxes, ticks and squares. Only the glyphs the samples use exist.
"""

from __future__ import annotations

from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

UPM = 1000


def _square(pen: TTGlyphPen, x0: int, y0: int, x1: int, y1: int, clockwise: bool = True) -> None:
    pts = [(x0, y0), (x0, y1), (x1, y1), (x1, y0)] if clockwise else [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    pen.moveTo(pts[0])
    for p in pts[1:]:
        pen.lineTo(p)
    pen.closePath()


def _empty_box() -> TTGlyphPen:
    pen = TTGlyphPen(None)
    _square(pen, 80, -20, 780, 680)
    _square(pen, 140, 40, 720, 620, clockwise=False)
    return pen


def _checked_box() -> TTGlyphPen:
    pen = _empty_box()
    pen.moveTo((220, 330))
    pen.lineTo((400, 130))
    pen.lineTo((700, 560))
    pen.lineTo((640, 600))
    pen.lineTo((400, 230))
    pen.lineTo((270, 380))
    pen.closePath()
    return pen


def _filled_square() -> TTGlyphPen:
    pen = TTGlyphPen(None)
    _square(pen, 120, 20, 740, 640)
    return pen


def _empty() -> TTGlyphPen:
    return TTGlyphPen(None)


# font PostScript name, family name, {code point: glyph maker}
FONTS: dict[str, tuple[str, dict[int, object]]] = {
    "Wingdings2": (
        "Wingdings 2",
        {0x52: _checked_box, 0xF052: _checked_box, 0xA3: _empty_box, 0xF0A3: _empty_box},
    ),
    "Wingdings": (
        "Wingdings",
        {0xFE: _checked_box, 0xF0FE: _checked_box, 0xA8: _empty_box, 0xF0A8: _empty_box,
         0x6F: _empty_box, 0x6E: _filled_square},
    ),
}


def build_font(ps_name: str, folder: Path) -> Path:
    family, glyph_makers = FONTS[ps_name]
    names = [".notdef", "space"]
    cmap = {0x20: "space"}
    glyphs = {".notdef": _empty_box().glyph(), "space": _empty().glyph()}
    for code, maker in sorted(glyph_makers.items()):
        name = f"g{code:04X}"
        names.append(name)
        cmap[code] = name
        glyphs[name] = maker().glyph()  # type: ignore[operator]
    fb = FontBuilder(UPM, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap(cmap)
    fb.setupGlyf(glyphs)
    fb.setupHorizontalMetrics({n: (860 if n != "space" else 300, 0) for n in names})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": family, "styleName": "Regular", "psName": ps_name})
    fb.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    fb.setupPost()
    path = folder / f"{ps_name}.ttf"
    fb.save(str(path))
    return path
