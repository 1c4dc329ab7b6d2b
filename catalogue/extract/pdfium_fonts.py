"""What pdfium finds when a PDF asks for a font it does not embed.

pdfium decodes a non-embedded CJK font (STSong-Light through UniGB-UCS2-H, SimSun
through GBK-EUC-H …) with its own predefined CMaps and takes the widths from the PDF,
but it keeps a character only when some installed font gives it a glyph: on a
server without a Chinese font it read nothing, or boxes of zero height, and on a
desktop it read the text. What a page gave depended on the machine.

So pdfium is given a font lookup of our own, in place of the system's, for the whole
process: a CJK character set (GB2312, Big5, Shift-JIS, Hangul) gets a stand-in face
that maps every code point to one glyph without ink, and every other request gets
nothing, so pdfium falls back on the Latin faces it carries (the same on every
machine). The text and widths still come from the PDF and pdfium's CMaps; the stand-in
only lets the characters exist. Reading is then the same on every machine, with or
without fonts installed (tests/test_pdf_fonts.py compares it with pdfminer's on every
CMap sample).

Rendering in this process draws such text invisibly (the glyph has no ink): the OCR
path never reads a picture of characters the text layer already gives, and a page
image in `inspect` shows the cells' text from the reader, not from the picture.

The face is a file of this package (`cjk-stand-in.ttf`, under 1 KB), made by
`python -m catalogue.extract.pdfium_fonts` with fontTools (a development
dependency); a test checks the file is what that makes.
"""

from __future__ import annotations

import ctypes
import functools
import sys
from pathlib import Path

STAND_IN = Path(__file__).with_name("cjk-stand-in.ttf")
# The Windows character sets pdfium asks a font lookup for when a non-embedded CID font's
# CMap or ordering is Chinese, Japanese or Korean (FXFONT_*_CHARSET in pdfium).
CJK_CHARSETS = frozenset({128, 129, 134, 136})  # Shift-JIS, Hangul, GB2312, Big5
# The code points the stand-in maps: every plane with CJK ideographs (BMP, SMP, SIP, TIP).
LAST_CODE_POINT = 0x3FFFF
UNITS_PER_EM = 1000
ASCENT, DESCENT = 880, -120  # a CJK em box, so a character's box has its usual height
_FONT_HANDLE = 1  # our only font: pdfium just passes the handle back


@functools.cache
def install() -> None:
    """Give pdfium the stand-in lookup; once per process, before a document is read
    (pdfium keeps the face it found for each font name)."""
    import pypdfium2.raw as raw

    data = STAND_IN.read_bytes()
    buffer = ctypes.create_string_buffer(data, len(data))
    fields = dict(raw.FPDF_SYSFONTINFO._fields_)

    def map_font(_this: object, _weight: int, _italic: int, charset: int, _pitch: int, _face: object,
                 _exact: object) -> int | None:
        return _FONT_HANDLE if charset in CJK_CHARSETS else None

    def font_data(_this: object, _font: object, table: int, out: ctypes._Pointer[ctypes.c_ubyte], size: int) -> int:
        if table != 0:  # 0 asks for the whole file; a table by tag only of collections
            return 0
        if out and size >= len(data):
            ctypes.memmove(out, buffer, len(data))
        return len(data)

    info = raw.FPDF_SYSFONTINFO()
    info.version = 1
    info.MapFont = fields["MapFont"](map_font)
    info.GetFont = fields["GetFont"](lambda _this, _face: None)  # by name only through MapFont
    info.GetFontData = fields["GetFontData"](font_data)
    info.DeleteFont = fields["DeleteFont"](lambda _this, _font: None)
    # pdfium keeps the pointer for the life of the process: so must we (and the callbacks).
    _KEEP.extend((info, buffer))
    raw.FPDF_SetSystemFontInfo(ctypes.byref(info))


_KEEP: list[object] = []


def build() -> bytes:
    """The stand-in face: one glyph, a two-point contour (a box for the glyph's bounds,
    no area to fill), mapped from every code point by a format 13 cmap (many to one)."""
    import io

    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

    builder = FontBuilder(UNITS_PER_EM, isTTF=True)
    names = [".notdef", "stand-in"]
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({})
    pen = TTGlyphPen(None)
    pen.moveTo((0, DESCENT))
    pen.lineTo((UNITS_PER_EM, ASCENT))
    pen.closePath()
    glyph = pen.glyph()
    builder.setupGlyf({name: glyph for name in names})
    builder.setupHorizontalMetrics({name: (UNITS_PER_EM, 0) for name in names})
    builder.setupHorizontalHeader(ascent=ASCENT, descent=DESCENT)
    builder.setupNameTable({"familyName": "Catalogue CJK Stand-in", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=ASCENT, sTypoDescender=DESCENT, usWinAscent=ASCENT, usWinDescent=-DESCENT)
    builder.setupPost()
    builder.updateHead(created=0, modified=0)  # the same bytes on every run
    many_to_one = CmapSubtable.newSubtable(13)
    many_to_one.platformID, many_to_one.platEncID, many_to_one.language = 3, 10, 0
    many_to_one.cmap = dict.fromkeys(range(0x20, LAST_CODE_POINT + 1), "stand-in")
    builder.font["cmap"].tables = [many_to_one]
    out = io.BytesIO()
    builder.font.save(out)
    return out.getvalue()


if __name__ == "__main__":
    STAND_IN.write_bytes(build())
    sys.stdout.write(f"{STAND_IN} {STAND_IN.stat().st_size} bytes\n")
