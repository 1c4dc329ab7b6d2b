"""pdfium's functions as the reader calls them per character, text object and path
segment: without ctypes' argument types.

A pypdfium2.raw function converts each argument through its declared type (a handle
is checked against its pointer class, an out-parameter wrapped in a reference): about
half of a call's time, and a page calls pdfium some 25,000 times. Without argument
types ctypes passes ctypes instances as they are, so every argument here must be one
of the C type the function takes (a handle, `ctypes.byref(...)` for a pointer,
`c_float` for a float, `c_ulong` for an unsigned long) or a Python int where the
function takes an int. Handles come back as `Handle`, a `c_void_p` subclass that ctypes
returns as it is (not turned into an int, which it would then pass as a 32-bit int),
so they can be passed back; `handle.value` is the address (None for NULL).
"""

from __future__ import annotations

import ctypes
import functools
from types import SimpleNamespace
from typing import Any


class Handle(ctypes.c_void_p):
    """A pdfium handle (page object, font, path segment) as these functions return it."""


def _lean(function: Any, restype: Any = ctypes.c_int) -> Any:
    """The same C function, called with no argument types: PYFUNCTYPE(restype) declares
    none, so ctypes takes any number of arguments and converts none of them. PYFUNCTYPE,
    not CFUNCTYPE: the call keeps the GIL. These functions return within microseconds,
    and releasing and taking the GIL around each (two mutexes and a condition signal)
    cost about a tenth of a call; a font pdfium loads meanwhile calls back into Python
    (pdfium_fonts) on this same thread, which holds the GIL already."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    if address is None:
        raise ValueError(f"pdfium's {getattr(function, '__name__', function)} is a null pointer")
    return ctypes.PYFUNCTYPE(restype)(address)


@functools.cache
def calls() -> SimpleNamespace:
    """The functions, made once per process from pypdfium2's bindings (the same library)."""
    import pypdfium2.raw as raw

    return SimpleNamespace(
        # the page's and form objects' objects
        page_object=_lean(raw.FPDFPage_GetObject, Handle),  # (page, int)
        form_count=_lean(raw.FPDFFormObj_CountObjects),  # (object)
        form_object=_lean(raw.FPDFFormObj_GetObject, Handle),  # (object, c_ulong)
        object_type=_lean(raw.FPDFPageObj_GetType),  # (object)
        object_bounds=_lean(raw.FPDFPageObj_GetBounds),  # (object, 4 × byref(c_float))
        object_matrix=_lean(raw.FPDFPageObj_GetMatrix),  # (object, byref(FS_MATRIX))
        image_data=_lean(raw.FPDFImageObj_GetImageDataRaw, ctypes.c_ulong),  # (image, buffer or None, c_ulong)
        # paths
        draw_mode=_lean(raw.FPDFPath_GetDrawMode),  # (path, byref(c_int), byref(c_int))
        fill_color=_lean(raw.FPDFPageObj_GetFillColor),  # (path, 4 × byref(c_uint))
        segment_count=_lean(raw.FPDFPath_CountSegments),  # (path)
        segment=_lean(raw.FPDFPath_GetPathSegment, Handle),  # (path, int)
        segment_point=_lean(raw.FPDFPathSegment_GetPoint),  # (segment, byref(c_float), byref(c_float))
        segment_type=_lean(raw.FPDFPathSegment_GetType),  # (segment)
        segment_close=_lean(raw.FPDFPathSegment_GetClose),  # (segment)
        # text objects and fonts
        text_font=_lean(raw.FPDFTextObj_GetFont, Handle),  # (text object)
        text_render_mode=_lean(raw.FPDFTextObj_GetTextRenderMode),  # (text object)
        object_text=_lean(raw.FPDFTextObj_GetText, ctypes.c_ulong),  # (text object, textpage, None, c_ulong)
        font_name=_lean(raw.FPDFFont_GetBaseFontName, ctypes.c_ulong),  # (font, buffer, c_ulong)
        font_embedded=_lean(raw.FPDFFont_GetIsEmbedded),  # (font)
        glyph_width=_lean(raw.FPDFFont_GetGlyphWidth),  # (font, int code point, c_float, byref(c_float))
        # the text page's characters
        char_object=_lean(raw.FPDFText_GetTextObject, Handle),  # (textpage, int)
        char_matrix=_lean(raw.FPDFText_GetMatrix),  # (textpage, int, byref(FS_MATRIX))
        char_size=_lean(raw.FPDFText_GetFontSize, ctypes.c_double),  # (textpage, int)
        char_origin=_lean(raw.FPDFText_GetCharOrigin),  # (textpage, int, byref(c_double), byref(c_double))
        char_box=_lean(raw.FPDFText_GetLooseCharBox),  # (textpage, int, byref(FS_RECTF))
    )
