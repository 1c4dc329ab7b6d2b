"""The CJK face `inspect` draws cell text in: WenQuanYi Micro Hei (Apache 2.0), as the
registry package `paperang-p2-fonts-cjk` ships it (a 5.2 MB .ttc and nothing else, in
the `ocr` extra beside Pillow), so the picture is the same on every machine, with or
without fonts installed. No system font is ever asked for.
"""

from __future__ import annotations

import functools
from importlib import resources

from PIL import Image, ImageChops, ImageFont

from catalogue.errors import MissingDependency

FONT_PACKAGE = "paperang_p2_fonts_cjk"
FONT_FILE = "fonts/wqy-microhei.ttc"
# A code point no font maps (private use): what the face draws for a character it lacks.
MISSING = "\ue000"


def font_path() -> str:
    try:
        return str(resources.files(FONT_PACKAGE).joinpath(FONT_FILE))
    except ModuleNotFoundError as error:
        raise MissingDependency("inspect draws cell text with a CJK font from the ocr extra: "
                                "pip install 'catalogue[ocr]'") from error


@functools.lru_cache(maxsize=64)
def cjk_font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path(), max(1, size), index=0)


@functools.lru_cache(maxsize=4096)
def has_glyph(char: str) -> bool:
    """Whether the face draws `char` itself rather than its box for a missing glyph (a
    missing ☑ drawn as that box would read as an empty mark)."""
    font = cjk_font(32)
    if not char.strip():
        return False
    drawn, missing = (_bitmap(font, c) for c in (char, MISSING))
    return drawn.size != missing.size or ImageChops.difference(drawn, missing).getbbox() is not None


def _bitmap(font: ImageFont.FreeTypeFont, char: str) -> Image.Image:
    mask = font.getmask(char)
    return Image.frombytes("L", mask.size, bytes(mask)) if mask.size[0] and mask.size[1] else Image.new("L", (1, 1))
