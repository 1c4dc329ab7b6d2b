"""Cells read from a sheet or a document table → one RawTable.

Spreadsheets and Word tables know their structure exactly: merges are records, not
guesses from ruling lines. Every cell therefore gets a bbox in grid units (column,
row, column + colspan, row + rowspan, counted in the sheet or body table): it tells the normaliser that the cell's extent
is known, as a PDF's ruling lines tell it, so a merged group or a merged 公开主体 that
runs from one sheet or table into the next carries on as over a PDF page break. No
text is ever cut inside a cell, so no cell is flagged as touching its table's edge.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from catalogue.raw import (
    HIDDEN_ROW_FLAGS,
    MAX_GRID_POSITIONS,
    UNITS_CELLS,
    RawCell,
    RawTable,
    plain_cell,
)

# A catalogue table has a row (its header, or one item on a sheet that goes on from
# the last) with this many distinct filled cells: a category, a content or subject,
# and an option or time. A 说明 sheet of notes, or a layout table around a title, has none.
MIN_TABLE_COLUMNS = 3


Element = TypeVar("Element")


def unwrap_frames(table: Element, rows: Callable[[Element], Iterable[Element]],
                  cells: Callable[[Element], Iterable[Element]], own_text: Callable[[Element], bool],
                  nested: Callable[[Element], list[Element]]) -> list[Element]:
    """The table, or, where it only lays out other tables (a catalogue pasted from a web
    page sits in a one-cell frame), the tables nested in it, in order, each unwrapped
    the same way. A frame has no row with MIN_TABLE_COLUMNS cells of text of their own
    (`own_text`: outside any nested table); a catalogue whose cells hold a small table
    each (an option list drawn as a table) has, and stays whole."""
    inner: list[Element] = []
    for row in rows(table):
        own = 0
        for cell in cells(row):
            inner.extend(nested(cell))
            own += own_text(cell)
        if own >= MIN_TABLE_COLUMNS:
            return [table]
    if not inner:
        return [table]
    return [found for frame in inner for found in unwrap_frames(frame, rows, cells, own_text, nested)]


@dataclass
class CellGrid:
    """What a reader found: texts by (row, col), merges, hidden rows and columns (0-based)."""

    texts: dict[tuple[int, int], str] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 exclusive
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    # Formula cells with no computed value, read as empty.
    uncomputed: set[tuple[int, int]] = field(default_factory=set)
    # Rows hidden by the sheet's AutoFilter that were read nonetheless (xlsx): their cells
    # are flagged HIDDEN_ROW, so that each item read from one says so.
    filtered_rows: set[int] = field(default_factory=set)
    # Runs of a document's cells in hidden type (Word's w:vanish), left out of their text.
    hidden_text: int = 0
    # Cells that hold a picture as their value (WPS's DISPIMG("ID_…")): (row, col) → its id.
    pictures: dict[tuple[int, int], str] = field(default_factory=dict)
    # (rows, columns) of a document table, whose grid is explicit: kept whole, empty
    # columns too, so that a table and the next one it continues have the same columns.
    # None for a sheet, which is cut to its filled cells.
    extent: tuple[int, int] | None = None


class GridTooLarge(Exception):
    def __init__(self, n_rows: int, n_cols: int) -> None:
        super().__init__(
            f"{n_rows:,} rows by {n_cols:,} columns of filled cells, over the limit of "
            f"{MAX_GRID_POSITIONS:,} cell positions; is this really a catalogue table?"
        )


@dataclass
class Built:
    table: RawTable
    hidden_rows: int  # hidden rows and columns inside the table that were left out
    hidden_cols: int
    stray: Stray | None = None  # filled cells far below the table, left out


@dataclass(frozen=True)
class Stray:
    """Filled cells that a long run of empty rows parts from a sheet's table, holding no
    catalogue table of their own: a note parked far down, a key slipped with Ctrl+End."""

    cells: int
    first_row: int  # 1-based, as the sheet numbers it
    gap: int  # empty rows between the table and them


# A run of more empty rows than this parts a sheet's filled cells into blocks: spacer rows
# between a catalogue's groups are a few; more than a screenful of nothing is no spacing.
# Such runs are left out of the table (a cell far below would otherwise make the grid a
# million empty positions), and a block under the catalogue's that holds no catalogue
# table (MIN_TABLE_COLUMNS) is a stray, left out with a note.
FAR_GAP = 50


def cell_value_text(value: object) -> str:
    """A cell value as catalogue text: 1.0 → "1", line breaks as "\\n", dates as ISO dates."""
    if type(value) is str:  # most cells: asked first
        return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def build_table(grid: CellGrid, source: str, page: int) -> Built | None:
    """The table of filled cells (hidden rows and columns left out), or None when empty.

    The grid's texts are taken out of it as its cells are made (a reader's grid is built
    once, for this): a sheet's texts by place and its table's cells are not both whole
    in memory."""
    filled = [key for key, text in grid.texts.items() if text.strip()]
    if not filled:
        return None
    stray: Stray | None = None
    gaps: list[range] = []
    if grid.extent is not None:
        r_lo, c_lo, (r_hi, c_hi) = 0, 0, grid.extent
    else:
        gaps, stray, filled = _far_blocks(grid, filled)
        r_lo, r_hi = min(r for r, _ in filled), max(r for r, _ in filled) + 1
        c_lo, c_hi = min(c for _, c in filled), max(c for _, c in filled) + 1
    # Merges are clipped to the filled area: a title merged across 26 columns above a
    # 12-column table adds no empty columns.
    rows = [r for r in range(r_lo, r_hi) if r not in grid.hidden_rows and not any(r in gap for gap in gaps)]
    cols = [c for c in range(c_lo, c_hi) if c not in grid.hidden_cols]
    if len(rows) * len(cols) > MAX_GRID_POSITIONS:
        raise GridTooLarge(len(rows), len(cols))
    row_at = {r: i for i, r in enumerate(rows)}
    col_at = {c: i for i, c in enumerate(cols)}
    covered: set[tuple[int, int]] = set()
    cells: list[RawCell] = []
    # A cell's box is in whole rows and columns (no edge past the filled area's last row
    # or column): each edge's float made once per table, not four new floats per cell (a
    # third of a cell's memory).
    edges = [float(v) for v in range(max(r_hi, c_hi) + 1)]
    for r0, c0, r1, c1 in grid.merges:
        span_rows = [row_at[r] for r in range(max(r0, r_lo), min(r1, r_hi)) if r in row_at]
        span_cols = [col_at[c] for c in range(max(c0, c_lo), min(c1, c_hi)) if c in col_at]
        if not span_rows or not span_cols:
            continue  # wholly hidden, or outside the filled area
        if any((r, c) in covered for r in span_rows for c in span_cols):
            continue  # overlapping merge records: the first one wins
        covered.update((r, c) for r in span_rows for c in span_cols)
        cells.append(_cell(grid.texts.get((r0, c0), ""), span_rows[0], span_cols[0],
                           len(span_rows), len(span_cols), (rows[span_rows[0]], cols[span_cols[0]]), edges,
                           # a cell down several rows is theirs too: the hidden row's alone is flagged
                           len(span_rows) == 1 and rows[span_rows[0]] in grid.filtered_rows))
    texts = grid.texts
    for r in rows:
        y = row_at[r]
        hidden = r in grid.filtered_rows
        for c in cols:
            text = texts.pop((r, c), "")
            x = col_at[c]
            if not covered or (y, x) not in covered:
                box = (edges[c], edges[r], edges[c + 1], edges[r + 1])
                cells.append(RawCell(row=y, col=x, text=text, bbox=box, flags=HIDDEN_ROW_FLAGS) if hidden
                             else plain_cell(text, y, x, box))
    texts.clear()
    if grid.merges:  # a merge's cell was made before the cells around it
        cells.sort(key=lambda cell: (cell.row, cell.col))
    table = RawTable(source=source, page=page, index=0, n_rows=len(rows), n_cols=len(cols), cells=cells,
                     units=UNITS_CELLS)
    hidden_rows = sum(1 for r in range(r_lo, r_hi) if r in grid.hidden_rows)
    hidden_cols = sum(1 for c in range(c_lo, c_hi) if c in grid.hidden_cols)
    return Built(table, hidden_rows, hidden_cols, stray)


def _far_blocks(grid: CellGrid, filled: list[tuple[int, int]]) -> tuple[list[range], Stray | None, list[tuple[int, int]]]:
    """The runs of more than FAR_GAP empty rows between a sheet's filled cells (merges
    count as filling the rows they span), the stray block under the table's, and the
    filled cells that stay. A stray is what lies below the last block that holds a
    catalogue table (a row of MIN_TABLE_COLUMNS filled cells), itself holding none;
    its texts are taken out of the grid."""
    taken = sorted({r for r, _ in filled} | {r for r0, _, r1, _ in grid.merges for r in range(r0, r1)})
    blocks: list[list[int]] = [[taken[0]]]
    for r in taken[1:]:
        if r - blocks[-1][-1] - 1 > FAR_GAP:
            blocks.append([])
        blocks[-1].append(r)
    if len(blocks) == 1:
        return [], None, filled
    per_row: dict[int, int] = {}
    for r, _ in filled:
        per_row[r] = per_row.get(r, 0) + 1
    shaped = [k for k, block in enumerate(blocks) if any(per_row.get(r, 0) >= MIN_TABLE_COLUMNS for r in block)]
    stray: Stray | None = None
    if shaped and shaped[-1] < len(blocks) - 1:
        last = blocks[shaped[-1]][-1]
        below = [(r, c) for r, c in filled if r > last]
        if below:
            first = min(r for r, _ in below)
            stray = Stray(len(below), first + 1, first - last - 1)
            for key in below:
                del grid.texts[key]
            filled = [(r, c) for r, c in filled if r <= last]
        blocks = blocks[:shaped[-1] + 1]
    gaps = [range(a[-1] + 1, b[0]) for a, b in zip(blocks, blocks[1:], strict=False)]
    return gaps, stray, filled


def _cell(text: str, row: int, col: int, rowspan: int, colspan: int, at: tuple[int, int],
          edges: list[float], hidden: bool = False) -> RawCell:
    """`at`: the cell's (row, column) in the sheet or body table, 0-based; its box is
    in those units (UNITS_CELLS), so that a reader finds the cell by its reference.
    `edges[v]` is float(v); `hidden`: in a row a filter hid (HIDDEN_ROW)."""
    top, left = at
    return RawCell(row=row, col=col, text=text, rowspan=rowspan, colspan=colspan,
                   bbox=(edges[left], edges[top], edges[left + colspan], edges[top + rowspan]),
                   flags=HIDDEN_ROW_FLAGS if hidden else frozenset())


def is_catalogue_table(table: RawTable) -> bool:
    """Whether the table has the shape of a catalogue (see MIN_TABLE_COLUMNS)."""
    by_row: dict[int, set[int]] = {}
    for cell in table.cells:
        if cell.text.strip():
            ids = by_row.setdefault(cell.row, set())
            ids.add(id(cell))
            if len(ids) >= MIN_TABLE_COLUMNS:
                return True  # found: the rest of a long sheet need not be looked at
    return False
