"""Text in a symbol font (Wingdings, Wingdings 2, Symbol …) → canonical marks.

A Wingdings 2 "R" is ☑ by its font, never by the letter alone. The PDF reader knows
a glyph's font name; Office files say which font a run is in. Both decide by the
code tables here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from catalogue.raw import CHECKED, UNCHECKED, UNREADABLE

BULLET = "•"

# Symbol font byte → canonical mark (or a bullet), per font family.
SYMBOL_GLYPHS: dict[str, dict[int, str]] = {
    "wingdings2": {
        0x52: CHECKED, 0x53: CHECKED, 0x54: CHECKED, 0x50: CHECKED, 0x4F: CHECKED, 0x51: CHECKED,
        0xA3: UNCHECKED, 0x2A: UNCHECKED, 0xA2: UNCHECKED, 0x99: UNCHECKED,
        0x97: BULLET, 0x98: BULLET,
    },
    "wingdings": {
        0xFE: CHECKED, 0xFD: CHECKED, 0xFC: CHECKED, 0xFB: CHECKED, 0x78: CHECKED, 0x6E: CHECKED,
        0xA8: UNCHECKED, 0x6F: UNCHECKED, 0x70: UNCHECKED, 0x71: UNCHECKED, 0x72: UNCHECKED,
        0x6C: BULLET, 0x9F: BULLET, 0xA7: BULLET, 0x77: BULLET, 0xD8: BULLET, 0x76: BULLET,
    },
    "zapfdingbats": {
        0x33: CHECKED, 0x34: CHECKED, 0x37: CHECKED, 0x38: CHECKED, 0x6E: CHECKED,
        0x6F: UNCHECKED, 0x70: UNCHECKED, 0x71: UNCHECKED, 0x72: UNCHECKED, 0x6C: BULLET,
    },
    "symbol": {0xD6: "√", 0xB7: BULLET},
}
# Symbol fonts map their glyphs to U+F020..U+F0FF as well as to bytes 0x20..0xFF.
PRIVATE_USE_BASE = 0xF000
# A font embedded as a subset is named with six capitals and a plus: "ABCDEF+Wingdings2".
SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")


@lru_cache(maxsize=256)  # a page has a handful of fonts and thousands of chars
def font_family(fontname: str) -> str:
    """'ABCDEF+Wingdings2', 'Wingdings 2', 'Wingdings-Regular' → 'wingdings2' / 'wingdings'."""
    name = SUBSET_PREFIX.sub("", fontname).lower()
    name = name.replace("#20", "").replace(" ", "").replace("-", "").replace("_", "").split(",")[0]
    for family in ("wingdings2", "wingdings3", "wingdings", "webdings", "zapfdingbats", "symbol"):
        if name.startswith(family):
            return family
    if name.startswith("dingbats"):
        return "zapfdingbats"
    return ""


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
