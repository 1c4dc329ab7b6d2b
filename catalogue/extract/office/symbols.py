"""Text in a symbol font (Wingdings, Wingdings 2, Symbol …) → canonical marks.

Office files say which font a run is in, so a Wingdings 2 "R" is ☑ by its font,
exactly as the PDF reader decides it: the code tables are pdf.marks.SYMBOL_GLYPHS.
"""

from __future__ import annotations

from catalogue.extract.pdf.marks import BULLET, SYMBOL_GLYPHS, font_family
from catalogue.raw import UNREADABLE

# Symbol fonts map their glyphs to U+F020..U+F0FF as well as to bytes 0x20..0xFF.
PRIVATE_USE_BASE = 0xF000


def is_symbol_font(font: str | None) -> bool:
    return bool(font) and bool(font_family(font))


def symbol_char(font: str, code: int) -> str:
    """The canonical text of one glyph code of a symbol font (a mark, a bullet or ⍰)."""
    if PRIVATE_USE_BASE + 0x20 <= code <= PRIVATE_USE_BASE + 0xFF:
        code -= PRIVATE_USE_BASE
    if code == 0x20:
        return " "
    return SYMBOL_GLYPHS.get(font_family(font), {}).get(code, UNREADABLE)


def symbol_text(font: str | None, text: str) -> str:
    """A run's text as read: unchanged in an ordinary font, glyph by glyph in a symbol font."""
    if not is_symbol_font(font):
        return text
    return "".join(ch if ch in "\n\t" else symbol_char(font or "", ord(ch)) for ch in text)


__all__ = ["BULLET", "is_symbol_font", "symbol_char", "symbol_text"]
