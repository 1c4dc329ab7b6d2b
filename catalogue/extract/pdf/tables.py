"""A page's content → its tables: symbol-font glyphs and drawn boxes become canonical
marks (vector_marks), and each ruled grid becomes a table with merged cells (geometry).

PDF and OFD pages both come here as a PageContent; the engines registry names this
step as the ruled engines' table finder. It imports no page loop and no engine, so
the page loop (stream), the engines and the OFD reader can all import it.
"""

from __future__ import annotations

from dataclasses import replace

from catalogue.extract.pdf.geometry import PageContent, build_table, find_grids
from catalogue.extract.pdf.unruled import unruled_grids
from catalogue.extract.pdf.vector_marks import convert_symbol_chars, marks_and_rulings
from catalogue.raw import RawTable

# A page whose images cover at least this share of it, and whose text layer gives no
# table, is a scan: with no text at all, or with a scanner's invisible text layer (a
# "searchable PDF"), a title or a page number stamped on it; the table's rulings are in
# the picture either way.
SCAN_COVER = 0.5


def page_tables(content: PageContent, source: str) -> list[RawTable]:
    convert_symbol_chars(content.chars)
    marks, rulings, chars = marks_and_rulings(content.paths, content.chars)
    chars += marks
    grids = find_grids(rulings)
    if grids:
        return [build_table(grid, chars, source, content.number, k) for k, grid in enumerate(grids)]
    if content.image_cover >= SCAN_COVER:
        # A picture under the text: a scan, whose table (rulings and marks) is in the
        # picture, with a scanner's invisible text layer over it; OCR reads it (stream).
        return []
    # No ruled grid: a table printed without one (extract/pdf/unruled.py). Its cells'
    # edges are where the text parts, not drawn lines, so no text is said to touch one.
    tables = [build_table(grid, chars, source, content.number, k) for k, grid in enumerate(unruled_grids(chars))]
    for table in tables:
        table.cells = [replace(cell, flags=frozenset(), text_room=None) for cell in table.cells]
    return tables
