"""The data that moves from extract/ to normalise/: cells with their place in a grid.

Every input format (PDF, scan, TSV, HTML, Markdown) is reduced to these types, so
the normaliser sees one shape and never a PDF library.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import KW_ONLY, MISSING, dataclass, field, fields
from typing import Any

# The canonical mark characters an extractor writes into a cell's text are part of
# this contract; the vocabulary defines them (`X as X` says they are given on here).
from catalogue.schemas.vocabulary import CHECKED as CHECKED
from catalogue.schemas.vocabulary import UNCHECKED as UNCHECKED
from catalogue.schemas.vocabulary import UNREADABLE as UNREADABLE

# A table with more cell positions than this (rows × columns) is not a catalogue
# table; readers refuse it rather than build a grid that fills memory.
MAX_GRID_POSITIONS = 2_000_000

# A catalogue table has a few dozen columns (the national layouts, one column an option,
# about 40); one far wider is a layout grid or a hostile file, and its cells, all in one
# row, would cost the normaliser work growing with the square of the width. Such a table
# is left out with a page note (extract_document), whatever the input.
MAX_COLUMNS = 1000

# What RawCell.bbox and MarkBox.bbox measure, by input (RawTable.units).
UNITS_POINTS = "pt"  # PDF points from the displayed page's top-left corner (scans too: see RawTable.dpi)
UNITS_CELLS = "cell"  # spreadsheet / document table: 0-based column and row of the sheet or body table
UNITS_NONE = ""  # text inputs: no boxes; RawTable.first_line gives line numbers where rows are lines
POINTS_PER_INCH = 72.0  # a PDF point is 1/72 inch: pixels = points × dpi / POINTS_PER_INCH

# A cell of a row its input hides (a web page's display: none row, a sheet's row an
# AutoFilter hid) that was read nonetheless: the item it makes says so (from_hidden_row).
HIDDEN_ROW = "hidden_row"
HIDDEN_ROW_FLAGS = frozenset({HIDDEN_ROW})

# Cell flags an extractor may set from geometry.
TEXT_AT_TOP = "text_at_top"  # the cell's text touches its top edge (it may continue a cut label)
TEXT_AT_BOTTOM = "text_at_bottom"  # the cell's text touches its bottom edge
# "Touches" means no room for another line between the text and that edge, and another
# line needs its leading as well as its glyphs: about 1.25 times the text's height
# (the PDF readers measure the font size, OCR the height of the ink of a line).
LINE_HEIGHT = 1.25
LOW_CONFIDENCE = "low_confidence"  # OCR read this cell with low confidence


Box = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass(frozen=True, slots=True)
class CellSpan:
    """A cell of a table's grid: its first row and column, how many rows and columns it
    spans, and its box. The one record of such a cell: a PDF grid's cells before their
    text is read (pdf/geometry.grid_cells), a scan grid's (ocr/grid.PixelCell, which adds
    its pixels), RawCell, and the cell `catalogue inspect` draws (inspect/model.CellView)."""

    row: int
    col: int
    _: KW_ONLY
    rowspan: int = 1
    colspan: int = 1
    bbox: Box | None = None  # as RawTable.units says; None where the input has no boxes

    @property
    def merged(self) -> bool:
        return self.rowspan > 1 or self.colspan > 1


@dataclass(frozen=True, slots=True)
class RawCell(CellSpan):
    """A cell as an extractor hands it over: RawCell(row, col, text, rowspan=…, colspan=…, bbox=…)."""

    text: str
    flags: frozenset[str] = frozenset()
    # The room between the text and the cell's top and bottom edges, in lines of the
    # text (LINE_HEIGHT times its size): below 1 is the flag's "touches". None where the
    # extractor measures no text position.
    text_room: tuple[float, float] | None = None


def _slot_setter(name: str) -> Callable[[Any, Any], None]:
    for kind in RawCell.__mro__:
        if name in vars(kind):
            return vars(kind)[name].__set__
    raise AttributeError(name)


# A cell of one row and one column, most cells of a sheet or a web page, made by setting
# RawCell's slots directly: RawCell is frozen, so its generated __init__ sets each of its
# eight fields through object.__setattr__ (2.4 µs a cell against 1.0 µs here, a third of
# building a 20,000-row sheet's table). The fields this does not give take their
# declared defaults; a field added with a default factory would have none, and a
# __post_init__ would not run, so either fails here, at import, not on a half-made cell.
_GIVEN = ("text", "row", "col", "bbox")
_SETTERS = tuple(_slot_setter(name) for name in _GIVEN)
_DEFAULTS = tuple((_slot_setter(f.name), f.default) for f in fields(RawCell) if f.name not in _GIVEN)
if any(default is MISSING for _, default in _DEFAULTS) or hasattr(RawCell, "__post_init__"):
    raise TypeError("RawCell has a field without a plain default or a __post_init__: plain_cell skips both")


def plain_cell(text: str, row: int, col: int, bbox: Box | None = None) -> RawCell:
    """RawCell(row=row, col=col, text=text, bbox=bbox), the rest its defaults (rowspan 1, colspan 1)."""
    cell: RawCell = object.__new__(RawCell)
    set_text, set_row, set_col, set_bbox = _SETTERS
    set_text(cell, text)
    set_row(cell, row)
    set_col(cell, col)
    set_bbox(cell, bbox)
    for setter, default in _DEFAULTS:
        setter(cell, default)
    return cell


@dataclass(frozen=True)
class MarkBox:
    """Where a mark glyph sits on the page, so a person can be shown what was read.

    The extractors record every glyph that may be a mark (a weak one such as 口 too);
    which of them count, and as what, the normaliser decides from the cell text.
    """

    text: str  # the glyph as it is in the cell text (☑, ☐, ⍰, ✓, □ …)
    bbox: Box  # points, like RawCell.bbox
    row: int  # the cell that holds it
    col: int


@dataclass
class RawTable:
    """One table as found on one page (or one block of a text input)."""

    source: str
    page: int  # 1-based page, or block number for text inputs
    index: int  # order of the table on its page, from 0
    n_rows: int
    n_cols: int
    cells: list[RawCell]
    warnings: list[str] = field(default_factory=list)
    marks: list[MarkBox] = field(default_factory=list)  # filled by the PDF and OCR extractors only
    units: str = UNITS_POINTS  # what the cells' boxes measure (UNITS_*)
    dpi: float | None = None  # a scan: the resolution OCR read it at (pixels = points × dpi / 72)
    first_line: int | None = None  # a text input with one line a row (TSV): the 1-based line of row 0
    label: str = ""  # how a person finds the page in an Office file: 'sheet 2 "目录"', 'table 3'
    # Read from a page before those asked for (--pages) for its header only: the rows down
    # to its header, which name the columns of the pages after it; it makes no item.
    lead: bool = False

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with its cells and marks as tuples of their fields: a long PDF's page
        workers send every table to the process that normalises it, and the dataclasses'
        own pickling (a generated __getstate__ and __setstate__ a cell, a state dict a
        mark) was most of what splitting the pages cost beyond reading them. Cells of a
        subclass of RawCell (or marks of MarkBox's) are pickled as they are."""
        state = self.__dict__.copy()
        cells, marks = self.cells, self.marks
        packed = {type(cell) for cell in cells} <= {RawCell} and {type(mark) for mark in marks} <= {MarkBox}
        if packed:
            state["cells"] = [(c.text, c.row, c.col, c.rowspan, c.colspan, c.bbox, c.flags, c.text_room) for c in cells]
            state["marks"] = [(m.text, m.bbox, m.row, m.col) for m in marks]
        return _unpacked_table, (state, packed)

    @property
    def recognised(self) -> bool:
        """The table's text was read by a recogniser (OCR) from an image, not taken from a
        text layer or a file's cells: extract has repaired its certain misreads
        (extract/ocr/misreads.py), but a mark or a character may still be uncertain, and
        the normaliser's decisions that weigh how far a reading can be trusted ask this."""
        return self.dpi is not None

    def content_key(self) -> int:
        """What the table's cells hold and where, as one hash: two tables with the same key
        are the same table (a copy of a sheet kept beside it, a web page's phone layout)."""
        return hash(tuple((cell.row, cell.col, cell.rowspan, cell.colspan, cell.text) for cell in self.cells))

    def grid(self) -> list[list[RawCell | None]]:
        """Cells by position; a spanned position holds the spanning cell."""
        grid: list[list[RawCell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            if cell.rowspan == 1 and cell.colspan == 1:  # most cells: placed without the span loops
                if cell.row < self.n_rows and cell.col < self.n_cols:
                    grid[cell.row][cell.col] = cell
                continue
            for r in range(cell.row, min(cell.row + cell.rowspan, self.n_rows)):
                for c in range(cell.col, min(cell.col + cell.colspan, self.n_cols)):
                    grid[r][c] = cell
        return grid

    @classmethod
    def from_rows(cls, source: str, page: int, rows: list[list[str]], index: int = 0) -> RawTable:
        """A table without spans, from plain rows of strings (ragged rows are padded)."""
        n_cols = max((len(r) for r in rows), default=0)
        cells = [
            RawCell(row=r, col=c, text=text)
            for r, row in enumerate(rows)
            for c, text in enumerate(row)
        ]
        return cls(source=source, page=page, index=index, n_rows=len(rows), n_cols=n_cols, cells=cells,
                   units=UNITS_NONE)


_CELL_SETTERS = tuple(_slot_setter(name) for name in ("text", "row", "col", "rowspan", "colspan", "bbox", "flags",
                                                       "text_room"))
if len(_CELL_SETTERS) != len(fields(RawCell)):
    raise TypeError("RawCell's fields changed: RawTable.__reduce__ and _unpacked_table pack every one of them")
_MARK_FIELDS = ("text", "bbox", "row", "col")
if tuple(f.name for f in fields(MarkBox)) != _MARK_FIELDS:
    raise TypeError("MarkBox's fields changed: RawTable.__reduce__ and _unpacked_table pack every one of them")


def _unpacked_table(state: dict[str, Any], packed: bool) -> RawTable:
    """A RawTable from RawTable.__reduce__: its cells and marks rebuilt from their
    fields' tuples where `packed` (each slot set directly, as plain_cell does)."""
    table: RawTable = object.__new__(RawTable)
    if packed:
        cells, marks = state["cells"], state["marks"]
        set_text, set_row, set_col, set_rowspan, set_colspan, set_bbox, set_flags, set_room = _CELL_SETTERS
        new = object.__new__
        built = []
        for text, row, col, rowspan, colspan, bbox, flags, room in cells:
            cell = new(RawCell)
            set_text(cell, text)
            set_row(cell, row)
            set_col(cell, col)
            set_rowspan(cell, rowspan)
            set_colspan(cell, colspan)
            set_bbox(cell, bbox)
            set_flags(cell, flags)
            set_room(cell, room)
            built.append(cell)
        boxes = []
        for values in marks:
            mark = new(MarkBox)
            vars(mark).update(zip(_MARK_FIELDS, values, strict=True))
            boxes.append(mark)
        state["cells"], state["marks"] = built, boxes
    vars(table).update(state)
    return table


@dataclass
class PageNote:
    """Something an extractor noticed about a page that holds no table cells."""

    page: int  # 0: the whole document
    code: str
    message: str
    # Why the page's text layer could not be used, and why OCR did not read the page
    # instead, where the note says so: a message about several notes is built from these.
    reason: str | None = None
    ocr_blocked: str | None = None

    def describe(self, source: str) -> str:
        """One line naming the file and page (messages that already do are kept)."""
        if self.message.startswith(source):
            return self.message
        where = f"{source} p{self.page}" if self.page else source
        return f"{where}: {self.message}"


@dataclass
class RawDocument:
    """An extracted input: its tables are produced lazily, page by page."""

    source: str  # file name without folders
    path: str
    sha256: str
    kind: str  # "pdf", "tsv", "csv", "html", "markdown", "image"
    tables: Iterator[RawTable]
    notes: list[PageNote] = field(default_factory=list)  # filled while tables are consumed
    pages: int = 0
    split: bool = False  # its pages are being read by worker processes (PageSplit)
