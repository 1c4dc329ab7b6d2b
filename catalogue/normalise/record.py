"""One record of what the normaliser decided, item by item and field by field.

For every value of every item it keeps the source cells it was read from (their page
and box, in the input's units: PDF points, with the resolution for scans; line numbers
for text inputs; sheet or body-table cell references for Office inputs), the role of
the column, and what was done to it (joined across a page break, filled down from the
item above, carried from a merged cell on the page before, put back from a shifted
column, copied by 同上/同左). Each mark is kept with its place and the state the
normaliser read. `catalogue extract --provenance` writes it; `catalogue inspect` draws
from it, so the picture and the table cannot disagree.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from catalogue.normalise.options import decode_options, is_label_start, lookup_prefix
from catalogue.normalise.text import repair_wraps
from catalogue.raw import POINTS_PER_INCH, UNITS_CELLS, UNITS_NONE, MarkBox, RawCell, RawTable
from catalogue.schemas.headers import ROLE_OPTION, Role
from catalogue.schemas.lookup import lookup, strip_markup
from catalogue.schemas.mark_segments import split_marks

MarkState = Literal["checked", "empty", "unreadable"]

# What was done to a value (FieldRecord.decisions).
READ = "read"  # as the cell holds it
SHIFTED = "shifted"  # the cell sat in another column; put back by what it holds
JOINED = "joined_across_pages"  # the rest of the value is on the next page
LABEL_JOINED = "label_joined_across_pages"  # a label cut by a page break, rejoined
CARRIED = "carried_over_break"  # a merged cell that goes on over a page break gave its text
BACKFILLED = "label_from_next_page"  # a merged level cell whose label is printed on the next page
FILLED_DOWN = "filled_down"  # an empty level cell: the label of the item above
SECTION_LEVEL = "from_section_title"  # a level given by a section title row (一、…) over the item
DITTO = "ditto_filled"  # 同上 / 同左: the text of the cell above / to the left
ROW_PART = "second_row_of_item"  # a second row of the same item (its 序号 merged over both)
STRIP = "columns_from_later_page"  # printed on a later page: a strip of a table wider than its paper

# Marks of one cell on one line: their centres are within this share of a glyph's height.
SAME_LINE = 0.45


@dataclass(frozen=True, slots=True)
class TablePlace:
    """Where one table is in its input."""

    page: int  # as the contract counts pages (PDF page, text block, sheet, body table)
    table: int  # order on the page, from 0
    units: str  # what boxes measure (raw.UNITS_*)
    dpi: float | None = None  # a scan: pixels = points × dpi / 72
    first_line: int | None = None  # a text input with one line a row: the line of row 0
    label: str = ""  # an Office page: 'sheet 2 "目录"', 'table 3'

    @property
    def recognised(self) -> bool:
        """The table was read by OCR (raw.RawTable.recognised)."""
        return self.dpi is not None

    @classmethod
    def of(cls, table: RawTable) -> TablePlace:
        return cls(table.page, table.index, table.units, table.dpi, table.first_line, table.label)


@dataclass(frozen=True, slots=True)
class CellSource:
    """One source cell of a value."""

    place: TablePlace
    row: int  # in its table
    col: int
    rowspan: int = 1
    colspan: int = 1
    bbox: tuple[float, float, float, float] | None = None  # in place.units

    @classmethod
    def of(cls, place: TablePlace, cell: RawCell) -> CellSource:
        return cls(place, cell.row, cell.col, cell.rowspan, cell.colspan, cell.bbox)

    @property
    def page(self) -> int:
        return self.place.page

    def line(self) -> int | None:
        """The input's line of this cell, for a text input with one line a row."""
        return self.place.first_line + self.row if self.place.first_line is not None else None

    def pixels(self) -> tuple[int, int, int, int] | None:
        """The box in the scan's pixels, for a page read by OCR."""
        if self.bbox is None or self.place.dpi is None:
            return None
        k = self.place.dpi / POINTS_PER_INCH
        return (round(self.bbox[0] * k), round(self.bbox[1] * k), round(self.bbox[2] * k), round(self.bbox[3] * k))

    def reference(self) -> str | None:
        """An Office cell reference ("B7", "B7:C9"), for boxes in grid units."""
        if self.place.units != UNITS_CELLS or self.bbox is None:
            return None
        left, top, right, bottom = (int(v) for v in self.bbox)
        first = f"{_column_letters(left)}{top + 1}"
        if right - left == 1 and bottom - top == 1:
            return first
        return f"{first}:{_column_letters(right - 1)}{bottom}"

    def describe(self) -> str:
        """Where a person finds the cell: 'p2 [72.0, 130.5, 276.0, 160.2] pt', 'line 12', 'sheet 1 "目录" B7'."""
        if self.place.units == UNITS_NONE or self.bbox is None:
            line = self.line()
            where = f"line {line}" if line is not None else f"block {self.page} row {self.row + 1} column {self.col + 1}"
            return where
        if self.place.units == UNITS_CELLS:
            return f"{self.place.label or f'page {self.page}'} {self.reference()}"
        box = "[" + ", ".join(f"{v:.1f}" for v in self.bbox) + "]"
        pixels = self.pixels()
        scan = f" = {list(pixels)} px at {self.place.dpi:g} dpi" if pixels is not None else ""
        return f"p{self.page} {box} pt{scan}"


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True, slots=True)
class MarkRecord:
    """One mark as the normaliser read it."""

    place: TablePlace
    row: int  # the cell that holds it
    col: int
    glyph: str
    state: MarkState
    bbox: tuple[float, float, float, float]  # in place.units
    label: str | None  # the option it stands for, where the cell's text says so
    fields: tuple[str, ...] = ()  # the contract fields that option sets


@dataclass(slots=True)
class FieldRecord:
    """How one value of one item came about."""

    field: str  # contract column ("content", "level_2"), option group ("channel"), or "other_columns/<name>"
    role: str  # the role of the column it was read from
    text: str  # the raw text read (before repair)
    # dataclasses.field spelled out: the attribute `field` above takes the bare name in this class.
    sources: list[CellSource] = dataclasses.field(default_factory=list)
    decisions: list[str] = dataclasses.field(default_factory=list)


@dataclass(slots=True)
class ItemRecord:
    item_no: int
    item_key: str
    page: int | None
    fields: list[FieldRecord] = field(default_factory=list)
    marks: list[MarkRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def field(self, name: str) -> FieldRecord | None:
        return next((f for f in self.fields if f.field == name), None)


@dataclass
class TableRecord:
    """How the normaliser read one table: the role it gave each column, and which rows
    were header rows and which gave items."""

    place: TablePlace
    roles: list[Role]  # one per column
    has_header: bool  # the roles come from this table's header (else an earlier page's, or the cells)
    header_rows: list[int] = field(default_factory=list)  # at the top, and repeated inside the table
    data_rows: list[int] = field(default_factory=list)  # rows read as (part of) an item


@dataclass(frozen=True)
class BreakRecord:
    """What one page break decided (normalise/breaks.py): whether the first row below it
    is the rest of the last row above, and which labels and merged cells went over it."""

    page: int  # the page (or body table) the break leads to
    table: int  # the table on that page whose first row was read
    row_joined: bool  # that row is the rest of the last row above: one item
    labels_joined: tuple[str, ...] = ()  # level fields whose label the break cut, rejoined
    labels_from_below: tuple[str, ...] = ()  # level fields the rows above took from a label printed below
    carried: tuple[str, ...] = ()  # roles of merged cells whose text above went on to their rows below


@dataclass
class Record:
    """The normaliser's decisions for one source."""

    source: str
    items: list[ItemRecord] = field(default_factory=list)
    tables: list[TableRecord] = field(default_factory=list)  # every table read, in order
    breaks: list[BreakRecord] = field(default_factory=list)  # every page break, in order

    def table(self, page: int, index: int) -> TableRecord | None:
        return next((t for t in self.tables if (t.place.page, t.place.table) == (page, index)), None)

    def marks_on(self, page: int) -> list[tuple[ItemRecord, MarkRecord]]:
        return [(item, m) for item in self.items for m in item.marks if m.place.page == page]

    def rows(self) -> list[dict[str, Any]]:
        """One row per source cell of a value (and per mark), for the provenance table."""
        out: list[dict[str, Any]] = []
        for item in self.items:
            for rec in item.fields:
                sources: Sequence[CellSource | None] = rec.sources or [None]
                for source in sources:
                    out.append(_row(item, rec.field, rec.role, rec.text, rec.decisions, source))
            for m in item.marks:
                source = CellSource(m.place, m.row, m.col, bbox=m.bbox)
                row = _row(item, "mark", "option", m.glyph, [m.state], source)
                row["mark_state"] = m.state
                row["mark_label"] = m.label
                row["mark_fields"] = list(m.fields)
                out.append(row)
        return out


def _row(item: ItemRecord, name: str, role: str, text: str, decisions: list[str], source: CellSource | None) -> dict[str, Any]:
    bbox = source.bbox if source is not None else None
    return {
        "item_key": item.item_key,
        "item_no": item.item_no,
        "field": name,
        "role": role,
        "text": text,
        "decisions": list(decisions),
        "page": source.page if source is not None else None,
        "table": source.place.table if source is not None else None,
        "row": source.row if source is not None else None,
        "col": source.col if source is not None else None,
        "x0": bbox[0] if bbox else None,
        "y0": bbox[1] if bbox else None,
        "x1": bbox[2] if bbox else None,
        "y1": bbox[3] if bbox else None,
        "units": source.place.units if source is not None else None,
        "dpi": source.place.dpi if source is not None else None,
        "line": source.line() if source is not None else None,
        "cell_ref": source.reference() if source is not None else None,
        "where": source.describe() if source is not None else None,
        "mark_state": None,
        "mark_label": None,
        "mark_fields": [],
        "warnings": json.dumps(item.warnings, ensure_ascii=False),
    }


# ---------------------------------------------------------------- marks of one cell


@functools.lru_cache(maxsize=1024)  # few distinct glyphs, asked for every character of every mark cell
def glyph_state(glyph: str) -> MarkState | None:
    """The normaliser's reading of a lone mark glyph; None for a weak one (口)."""
    marked = split_marks(glyph)
    if marked is None or not marked.segments:
        return None
    state = marked.segments[0].state
    return "checked" if state is True else "empty" if state is False else "unreadable"


def _reading_order(marks: list[MarkBox]) -> list[MarkBox]:
    """Marks of one cell as the cell text lists them: line by line, left to right."""
    lines: list[list[MarkBox]] = []
    for m in sorted(marks, key=lambda m: (m.bbox[1] + m.bbox[3]) / 2):
        cy, height = (m.bbox[1] + m.bbox[3]) / 2, m.bbox[3] - m.bbox[1]
        if lines:
            first = lines[-1][0]
            if abs(cy - (first.bbox[1] + first.bbox[3]) / 2) <= SAME_LINE * max(height, first.bbox[3] - first.bbox[1]):
                lines[-1].append(m)
                continue
        lines.append([m])
    return [m for line in lines for m in sorted(line, key=lambda m: m.bbox[0])]


def cell_marks(place: TablePlace, cell: RawCell, marks: list[MarkBox], role: Role | None) -> list[MarkRecord]:
    """Each mark of a cell with its state, and the option label and fields it stands for."""
    text = strip_markup(cell.text)
    marked = split_marks(text, is_label_start)
    strong = sum(1 for ch in text if glyph_state(ch) is not None)
    # A weak glyph (口) is a mark only where the text reads it as one; the normaliser
    # decides per position, here a cell's weak glyphs count when any of them does.
    weak_ok = marked is not None and len(marked.segments) > strong
    kept: list[tuple[MarkBox, MarkState]] = []
    for m in _reading_order(marks):
        state = glyph_state(m.text)
        if state is None and weak_ok:
            state = "empty"
        if state is not None:
            kept.append((m, state))

    def record(m: MarkBox, state: MarkState, label: str | None, fields: tuple[str, ...]) -> MarkRecord:
        return MarkRecord(place, cell.row, cell.col, m.text, state, m.bbox, label, fields)

    if role is not None and role.role == ROLE_OPTION and len(kept) == 1:
        # One option per column: the header names the option.
        label = role.option
        return [record(kept[0][0], kept[0][1], label, option_fields(label or "", role.group))]
    segments = marked.segments if marked is not None else []
    decoded = decode_options(text) if segments else None
    group = decoded.group if decoded is not None else None
    if len(segments) != len(kept):
        return [record(m, s, None, ()) for m, s in kept]
    out = []
    for (m, state), segment in zip(kept, segments, strict=True):
        label = repair_wraps(segment.label) or None
        out.append(record(m, state, label, option_fields(label or "", group)))
    return out


def option_fields(label: str, group: str | None) -> tuple[str, ...]:
    options = lookup(label) or lookup_prefix(label)
    if group is not None:
        options = tuple(o for o in options if o.group == group)
    if len({o.label for o in options}) != 1:
        return ()
    return options[0].fields
