"""A page's content → its tables: symbol-font glyphs and drawn boxes become canonical
marks (vector_marks), and each ruled grid becomes a table with merged cells (geometry).

PDF and OFD pages both come here as a PageContent; the engines registry names this
step as the ruled engines' table finder. It imports no page loop and no engine, so
the page loop (stream), the engines and the OFD reader can all import it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from catalogue.extract.pages import MAX_LOOKBACK
from catalogue.extract.pdf.geometry import PageContent, build_table, find_grids
from catalogue.extract.pdf.unruled import Columns, unruled_tables
from catalogue.extract.pdf.vector_marks import convert_symbol_chars, marks_and_rulings
from catalogue.raw import RawTable

# A page whose images cover at least this share of it, and whose text layer gives no
# table, is a scan: with no text at all, or with a scanner's invisible text layer (a
# "searchable PDF"), a title or a page number stamped on it; the table's rulings are in
# the picture either way.
SCAN_COVER = 0.5
# A page over such a picture is read from its text layer first where at least this
# share of its text objects is drawn to be seen over the picture (a watermark, a
# scanned letterhead, a coloured page under typed text): a scanner's layer is invisible
# or under its scan as a whole, and a page number stamped on a scan is one object of many.
SHOWN_TEXT_SHARE = 0.5


def text_on_picture(content: PageContent) -> bool:
    """Whether the page is text printed over a picture, to be read from its text layer,
    rather than a scan (SHOWN_TEXT_SHARE)."""
    return content.shown_text_objects > 0 and content.shown_text_objects >= SHOWN_TEXT_SHARE * content.text_objects


def page_tables(content: PageContent, source: str) -> list[RawTable]:
    """The tables of one page read on its own (no table of a page before goes on here)."""
    return _tables(content, source, None)[0]


def _tables(content: PageContent, source: str,
            carried: Callable[[], Columns | None] | None) -> tuple[list[RawTable], Columns | None]:
    """The page's tables, and the columns of an unruled table on it for the next page;
    `carried` gives the columns of the page before, asked only for a page that has
    neither a ruled grid nor a header line of its own."""
    convert_symbol_chars(content.chars)
    marks, rulings, chars = marks_and_rulings(content.paths, content.chars, content.pictures)
    chars += marks
    grids = find_grids(rulings)
    ruled = [build_table(grid, chars, source, content.number, k) for k, grid in enumerate(grids)]
    if grids and not all(len(grid.xs) == 2 or len(grid.ys) == 2 for grid in grids):
        return ruled, None
    if content.image_cover >= SCAN_COVER and not text_on_picture(content):
        # A picture under the text: a scan, whose table (rulings and marks) is in the
        # picture, with a scanner's invisible text layer over it; OCR reads it (stream).
        return ruled, None
    # No ruled grid: a table printed without one (extract/pdf/unruled.py). Its cells'
    # edges are where the text parts, not drawn lines, so no text is said to touch one.
    # Nor are grids of one column or one row alone a table's: the shading of a table
    # drawn without rules (banded rows), a frame round the page, or a header row ruled
    # or shaded over rows that are not draw them; the page's text is read as unruled,
    # and the grids are kept where it holds no such table (a ruled table's last row
    # alone on its page).
    unruled, columns = unruled_tables(chars, carried)
    if ruled and not unruled:
        return ruled, None
    tables = [build_table(grid, chars, source, content.number, k) for k, grid in enumerate(unruled)]
    for table in tables:
        table.cells = [replace(cell, flags=frozenset(), text_room=None) for cell in table.cells]
    return tables, columns


class PageTables:
    """page_tables for the pages of one file in order: an unruled table whose header is
    not printed again goes on to the next page with its columns (unruled.Columns), as a
    ruled table goes on with its rulings. `earlier` reads a page this reader was not
    given (None where it cannot be read), so a worker that starts in the middle of a
    file finds the columns of the page before it too."""

    def __init__(self) -> None:
        self.columns: dict[int, Columns | None] = {}  # page → the columns it leaves the next
        self.earlier: Callable[[int], PageContent | None] | None = None

    def __call__(self, content: PageContent, source: str) -> list[RawTable]:
        tables, self.columns[content.number] = _tables(content, source, lambda: self._before(content.number))
        return tables

    def _before(self, number: int, depth: int = 0) -> Columns | None:
        """The columns page `number - 1` leaves to page `number`: known when this reader
        read that page, else read from it (and, where it too goes on under no header, the
        page before it, up to MAX_LOOKBACK pages back)."""
        if number - 1 in self.columns or number == 1 or self.earlier is None or depth >= MAX_LOOKBACK:
            return self.columns.get(number - 1)
        content = self.earlier(number - 1)
        found = (_tables(content, "", lambda: self._before(number - 1, depth + 1))[1]
                 if content is not None else None)
        self.columns[number - 1] = found
        return found
