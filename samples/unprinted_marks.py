"""Marks whose state a PDF does not print: drawn with the font's missing-glyph frame.

A Word catalogue set in a symbol font (Wingdings 2 ☑/☐, Symbol √, Wingdings □) that
the converting machine lacks gets another font for those characters; where that font
has no glyph either, it draws its .notdef glyph, an empty frame (▯). LibreOffice does
so for the second box of a line in district_mixed and district_vertical_symbol: a
checked and an empty box then print the same frame, and only the text layer (the
character code, or an /ActualText span) says which it was. No scan of the page can
give that state.

`unstated_cells(pdf)` lists the (item_no, column) cells of the source's expected rows
that such marks decide, so that the scan bench does not count them against the OCR
path. The rule is general: a mark is drawn as a missing-glyph frame when its glyph
has the outline of its font's .notdef glyph (read from the embedded TrueType
program), and such frames print no state when the document draws them for checked
and for empty marks alike (in district_vertical_symbol the two fallback fonts' frames
differ a little in size, nothing a reader takes for a state). Which item and column
a mark decides, and its state, come from the text path's record of the source; the
states are checked against the expected rows.
"""

from __future__ import annotations

import functools
import io
import logging
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTFont
from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.layout import LAParams, LTChar
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import resolve1

# fontTools warns of the zero timestamps in LibreOffice's subset fonts' head tables.
logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)

# A mark of the record is drawn by a character whose box holds the mark's centre,
# within this many points (the two readers' boxes differ by a fraction of a point).
MATCH_PT = 1.0
# An unprinted mark of an option no contract column names ("公开查阅点") decides the
# group's catch-all columns instead: checked, the label goes to the extra list.
OTHER_COLUMNS = {"channel": ("channel_other", "channels_extra"), "method": ("method_other",)}


def _glyph_shape(font: TTFont, name: str) -> tuple[Any, ...]:
    glyf = font["glyf"]
    glyph = glyf[name]
    if glyph.numberOfContours == 0:
        return ()
    coords, ends, flags = glyph.getCoordinates(glyf)
    return tuple(coords), tuple(ends), tuple(flags)


@functools.lru_cache(maxsize=64)
def _font_program(data: bytes) -> TTFont | None:
    try:
        font = TTFont(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - not a TrueType program we can read: drawn glyphs unknown
        return None
    return font if "glyf" in font else None


def _glyph_name(font: TTFont, code: int, text: str) -> str | None:
    """The glyph a simple TrueType font draws for a character code (PDF 9.6.6.4)."""
    order = font.getGlyphOrder()
    if "cmap" not in font:  # a subset without a cmap: codes are glyph ids
        return order[code] if code < len(order) else None
    for table in font["cmap"].tables:
        key = {(3, 0): (0xF000 + code, code), (1, 0): (code,), (3, 1): tuple(ord(c) for c in text[:1])}
        for k in key.get((table.platformID, table.platEncID), ()):
            if k in table.cmap:
                return table.cmap[k]
    return None


class _NotdefFinder(PDFLayoutAnalyzer):
    """Every character drawn with a glyph of its font's .notdef outline, as boxes."""

    def __init__(self, rsrcmgr: PDFResourceManager) -> None:
        super().__init__(rsrcmgr, pageno=1, laparams=LAParams())
        self.height = 0.0
        self.boxes: list[tuple[float, float, float, float]] = []

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):  # type: ignore[no-untyped-def]
        advance = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
        char = self.cur_item._objs[-1]
        if isinstance(char, LTChar) and _draws_notdef(font, cid, char.get_text()):
            self.boxes.append((char.x0, self.height - char.y1, char.x1, self.height - char.y0))
        return advance

    def receive_layout(self, ltpage) -> None:  # type: ignore[no-untyped-def]
        pass


def _draws_notdef(font: Any, cid: int, text: str) -> bool:
    descriptor = getattr(font, "descriptor", None) or {}
    stream = resolve1(descriptor.get("FontFile2")) if descriptor else None
    if stream is None or getattr(font, "is_multibyte", lambda: False)():
        return False  # not embedded (drawn by a system font), or a CID font: not judged here
    program = _font_program(stream.get_data())
    if program is None:
        return False
    name = _glyph_name(program, cid, text)
    order = program.getGlyphOrder()
    if name is None or name == order[0]:
        return name is not None
    return _glyph_shape(program, name) == _glyph_shape(program, order[0])


@functools.lru_cache(maxsize=32)
def notdef_boxes(pdf: Path) -> dict[int, list[tuple[float, float, float, float]]]:
    """Per page (from 1), the boxes (points, top-left origin) of characters drawn with
    their font's missing-glyph frame."""
    out: dict[int, list[tuple[float, float, float, float]]] = {}
    with open(pdf, "rb") as handle:
        manager = PDFResourceManager()
        finder = _NotdefFinder(manager)
        interpreter = PDFPageInterpreter(manager, finder)
        for number, page in enumerate(PDFPage.get_pages(handle), 1):
            finder.height = float(page.mediabox[3] - page.mediabox[1])
            finder.boxes = []
            interpreter.process_page(page)
            if finder.boxes:
                out[number] = finder.boxes
    return out


@functools.lru_cache(maxsize=32)
def unstated_cells(pdf: Path, expected_json: str) -> frozenset[tuple[int, str]]:
    """The (item_no, column) cells of the expected rows that an unprinted mark decides.

    `expected_json` is the expected rows as JSON (hashable for the cache): the text
    path's reading of each such mark must agree with it, or the mark is not the one
    the record says and the generator stops."""
    import json

    from catalogue.api import extract_file

    boxes = notdef_boxes(pdf)
    if not boxes:
        return frozenset()
    expected = {row["item_no"]: row for row in json.loads(expected_json)}
    framed = []
    for item in extract_file(pdf).record.items:
        for mark in item.marks:
            cx, cy = (mark.bbox[0] + mark.bbox[2]) / 2, (mark.bbox[1] + mark.bbox[3]) / 2
            if any(x0 - MATCH_PT <= cx <= x1 + MATCH_PT and y0 - MATCH_PT <= cy <= y1 + MATCH_PT
                   for x0, y0, x1, y1 in boxes.get(mark.place.page, ())):
                framed.append((item, mark))
    # A font's box glyph may have the outline of its .notdef (the sample fonts made
    # with fontTools draw ☐ so): frames then still say "empty", as long as no checked
    # mark is drawn as one. Frames drawn for both states say nothing.
    if len({mark.state for _, mark in framed}) < 2:
        return frozenset()
    cells: set[tuple[int, str]] = set()
    for item, mark in framed:
        if mark.label is None:
            # Its label is not in its cell (a page break cut the cell before it): which
            # option it is cannot be told here. An empty one stays counted (a frame
            # reads empty); a checked one would be counted wrong, so stop.
            if mark.state == "checked":
                raise ValueError(f"{pdf.name}: item {item.item_no} has a checked unprinted mark with no label")
            continue
        columns = mark.fields or _catch_all(item.marks, mark)
        want = expected[item.item_no]
        if mark.fields and any(bool(want[c]) != (mark.state == "checked") for c in columns):
            raise ValueError(f"{pdf.name}: item {item.item_no}'s unprinted mark {mark.label!r} reads "
                             f"{mark.state}, not as its expected row says")
        cells.update((item.item_no, c) for c in columns)
    return frozenset(cells)


def _catch_all(marks: list[Any], mark: Any) -> tuple[str, ...]:
    """The catch-all columns of the option group of a mark's cell (its neighbours say
    which group it is)."""
    groups = {f.split("_", 1)[0] for m in marks if (m.row, m.col, m.place) == (mark.row, mark.col, mark.place)
              for f in m.fields}
    if len(groups) != 1 or next(iter(groups)) not in OTHER_COLUMNS:
        raise ValueError(f"unprinted mark {mark.label!r}: its cell names no single option group")
    return OTHER_COLUMNS[groups.pop()]
