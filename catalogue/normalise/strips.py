"""A table wider than its paper, printed in strips: the sheet's first columns on the
first pages, its further columns on the pages after (Excel's and LibreOffice's page
order "down, then over", or "over, then down"), each strip with its own part of the
header where print titles repeat it.

A strip's rows are the same rows as the first strip's, cut at the same row breaks and
drawn at the same heights. So a printed table whose own header names no column that
makes an item (序号, a category level, 公开内容), after tables that did, and whose rows
have the heights of such a table's rows one for one, is not read as items: each of its
rows is given, column by column, to the row in the same place of the strip it
continues. A table that does not line up so is read as before, a table of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from catalogue.normalise.record import STRIP, TableRecord
from catalogue.normalise.rows import Row, joined
from catalogue.raw import UNITS_POINTS, RawTable
from catalogue.schemas.vocabulary import (
    OPTION_GROUPS,
    ROLE_CATEGORY,
    ROLE_CONTENT,
    ROLE_IGNORED,
    ROLE_LEVEL,
    ROLE_SEQ,
)
from catalogue.schemas.warnings import COLUMNS_FROM_PAGE

# Columns that make an item: a table with none of them holds only the rest of items.
IDENTITY_ROLES = frozenset((ROLE_SEQ, ROLE_LEVEL, ROLE_CATEGORY, ROLE_CONTENT))

# Two strips of one print draw a row at the same height. Its edges are found to about a
# ruling's width (up to 1 pt) on each page, or a pixel or two of a scan (0.7 pt at
# 200 dpi), so heights within 1.5 pt, or 3% of a tall row, are the same row.
ROW_HEIGHT_TOLERANCE_PT = 1.5
ROW_HEIGHT_TOLERANCE_SHARE = 0.03


def makes_items(read: TableRecord) -> bool:
    """The table has a column that makes an item."""
    return any(role.role in IDENTITY_ROLES for role in read.roles)


def row_heights(table: RawTable, read: TableRecord) -> list[float] | None:
    """The height of the header and of each row under it of a printed table (PDF, OFD or
    scan, whose boxes are in points too), from the top edges of the cells that start on
    each row; None where the table has no boxes or no cell starts on a row under the
    header. The header is one height: a strip may rule lines inside it that another
    strip's merged cells do not."""
    if table.units != UNITS_POINTS or not table.n_rows:
        return None
    first = first_data_row(read)
    edges: list[float | None] = [None] * (table.n_rows + 1)
    for cell in table.cells:
        if cell.bbox is None:
            return None
        if edges[cell.row] is None:
            edges[cell.row] = cell.bbox[1]
        end = cell.row + cell.rowspan
        if end == table.n_rows:
            edges[end] = max(edges[end] or 0.0, cell.bbox[3])
    kept = [edges[0], *edges[max(first, 1):]]
    if any(e is None for e in kept):
        return None
    known = [e for e in kept if e is not None]
    return [b - a for a, b in zip(known, known[1:], strict=False)]


def _same_heights(these: list[float], those: list[float]) -> bool:
    return len(these) == len(those) and all(
        abs(a - b) <= max(ROW_HEIGHT_TOLERANCE_PT, ROW_HEIGHT_TOLERANCE_SHARE * max(a, b))
        for a, b in zip(these, those, strict=True))


@dataclass
class _BandTable:
    """A table of the first strip: its rows' heights, and for each of its rows the index
    (in the document's rows) of the row it went to, or None where it made no row."""

    heights: list[float]
    columns: frozenset[tuple[str, str | None]]  # what its columns hold (_columns)
    first: int  # its first row under the header
    # By a row's place under the header (0 the first row under it): a strip's header may
    # have another number of rows, where cells merged down both header rows of one strip
    # are one row of the other's.
    targets: dict[int, int | None] = field(default_factory=dict)


def first_data_row(read: TableRecord) -> int:
    """The first row under the header rows at the table's top."""
    first = 0
    while first in read.header_rows:
        first += 1
    return first


def _columns(read: TableRecord) -> frozenset[tuple[str, str | None]]:
    """The roles (and options) of a table's columns that hold something of the item."""
    return frozenset((role.role, role.option) for role in read.roles if role.role != ROLE_IGNORED)


class Strips:
    """The strips of one source, matched as their tables are read."""

    def __init__(self) -> None:
        self.band: list[_BandTable] = []  # the first strip's tables since the last strip table
        self.next = 0  # which band table the next strip table lines up with
        self.after_strip = False
        self.current: _BandTable | None = None  # the band table being read

    def start_table(self, read: TableRecord, table: RawTable) -> None:
        """A table that makes items: a table of the first strip (a new band after a strip)."""
        if self.after_strip:
            self.band, self.next, self.after_strip = [], 0, False
        heights = row_heights(table, read)
        self.current = _BandTable(heights, _columns(read), first_data_row(read)) if heights is not None else None
        if self.current is None:
            self.band = []  # a table without boxes: nothing before it can be continued by a strip
        else:
            self.band.append(self.current)

    def other_table(self) -> None:
        """A table that neither makes items nor continues a strip: its rows place nothing."""
        self.current = None

    def placed(self, row: Row, target: int | None) -> None:
        """Row `row` of the table being read went to the document's row `target`."""
        if self.current is not None:
            self.current.targets[row.row_in_table - self.current.first] = target

    def strip_of(self, read: TableRecord, table: RawTable) -> _BandTable | None:
        """The first strip's table that `table` continues to the right: it has a header
        of its own naming no column that makes an item, none of that table's columns, and
        its rows have the heights of that table's rows, the next in the band."""
        if not self.band or not read.has_header or makes_items(read):
            return None
        heights = row_heights(table, read)
        k = self.next if self.next < len(self.band) else 0  # the next strip starts again at the band's top
        # A strip holds further columns, never the first strip's again: a later page whose
        # header was read without its item columns (a misread scan) is no strip.
        if heights is None or not _same_heights(heights, self.band[k].heights) or _columns(read) & self.band[k].columns:
            return None
        self.next = k + 1
        self.after_strip = True
        self.current = None
        return self.band[k]


def stitch(band: _BandTable, read: TableRecord, rows: list[Row], strip_rows: list[Row]) -> list[Row]:
    """Give each row of a strip table (read as `read` says) to its row in `rows`; the rows
    that have no place there (a row of the first strip that made no row, as an empty
    one) are returned, marked as such (Row.unplaced)."""
    first = first_data_row(read)
    unplaced: list[Row] = []
    for row in strip_rows:
        if row.banner or row.is_empty():
            continue
        target = band.targets.get(row.row_in_table - first)
        if target is None:
            row.unplaced = True
            unplaced.append(row)
        else:
            join_columns(rows[target], row)
    return unplaced


def join_columns(row: Row, strip: Row) -> None:
    """The cells of `strip`, the same row printed further right, become part of `row`."""
    for role, text in strip.fields.items():
        before = row.fields.get(role, "")
        row.fields[role] = joined(before, text, "\n" if role in OPTION_GROUPS else " ")
        cell = strip.field_cells.get(role)
        if cell is not None:
            row.field_cells.setdefault(role, cell)
    for role, cell in strip.empty_cells.items():
        row.empty_cells.setdefault(role, cell)
    row.option_columns.extend(pair for pair in strip.option_columns if pair not in row.option_columns)
    row.option_roles.extend(role for role in strip.option_roles if role not in row.option_roles)
    offset = len(row.texts)
    row.col_fields.update({c + offset: name for c, name in strip.col_fields.items()})
    row.texts = [*row.texts, *strip.texts]
    row.take_others(strip)
    row.take_record(strip, STRIP)
    row.warnings.extend(w for w in strip.warnings if w not in row.warnings)
    if COLUMNS_FROM_PAGE not in row.warnings:
        row.warnings.append(COLUMNS_FROM_PAGE)
    row.time_unit = row.time_unit or strip.time_unit
