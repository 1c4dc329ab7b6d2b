"""What `catalogue inspect` shows of a page, as data: cells, column roles, marks and items.

The column roles, header rows, marks and item numbers come from the normaliser's record
(normalise/record.py), so inspect shows what `extract` decided, never a second reading.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from catalogue.errors import (
    CatalogueError,
    NoTablesFound,
)
from catalogue.extract import extract_document
from catalogue.extract.settings import ExtractSettings
from catalogue.normalise.items import normalise_document
from catalogue.normalise.record import MarkState, Record
from catalogue.raw import RawCell
from catalogue.schemas.headers import ROLE_OPTION, Role
from catalogue.schemas.lookup import lookup
from catalogue.schemas.vocabulary import OPTIONS, ROLE_LEVEL

# The states a mark can be drawn in, in the order the summary lists them.
MARK_STATES = ("checked", "empty", "unreadable")

ROLE_NAMES = {
    "seq": "no.",
    "category": "category",
    "content": "content",
    "basis": "basis",
    "subject": "subject",
    "channel": "channel",
    "time_limit": "time limit",
    "disclosure": "disclosure",
    "method": "method",
    "audience": "audience",
    "tier": "tier",
    "ignored": "ignored",
}



class NoSuchPage(CatalogueError):
    pass


@dataclass(frozen=True, kw_only=True)
class CellView(RawCell):
    """A cell as extract read it (its bbox in points), where it is drawn."""

    table: int
    box: tuple[int, int, int, int]  # pixels in the PNG


@dataclass(frozen=True)
class ColumnView:
    table: int
    col: int
    role: str  # ASCII name as drawn: "level 1", "content", "disclosure_proactive"
    from_header: bool  # the table has header rows (else the roles come from an earlier page or the cells)
    box: tuple[int, int, int, int]  # pixels of the drawn label


@dataclass(frozen=True)
class MarkView:
    table: int
    row: int
    col: int
    glyph: str
    state: MarkState
    bbox: tuple[float, float, float, float]  # points, as the extractor reported it
    box: tuple[int, int, int, int]  # pixels of the drawn outline (its colour is the state's)
    label: str | None  # the option text the mark stands for, where the cell's text says so
    fields: tuple[str, ...] = ()  # the contract fields that option sets


@dataclass(frozen=True)
class ItemView:
    item_no: int
    item_key: str
    warnings: tuple[str, ...]
    box: tuple[int, int, int, int] | None  # pixels of the drawn item number


@dataclass
class InspectReport:
    source: str
    page: int
    pages: int
    scanned: bool  # the page was read by OCR
    out: Path
    size: tuple[int, int]  # PNG width, height
    scale: float  # pixels per point
    cells: list[CellView] = field(default_factory=list)
    columns: list[ColumnView] = field(default_factory=list)
    marks: list[MarkView] = field(default_factory=list)
    header_rows: dict[int, list[int]] = field(default_factory=dict)  # table → its header row indexes
    data_rows: dict[int, list[int]] = field(default_factory=dict)  # table → rows that became items
    notes: list[str] = field(default_factory=list)
    items: list[ItemView] = field(default_factory=list)  # the items whose rows are on this page

    def mark_counts(self) -> Counter[str]:
        return Counter(m.state for m in self.marks)

    def summary(self) -> str:
        tables = len({c.table for c in self.cells})
        merged = sum(1 for c in self.cells if c.merged)
        counts = self.mark_counts()
        marks = ", ".join(f"{counts[s]} {s}" for s in MARK_STATES if counts[s]) or "none"
        how = "OCR" if self.scanned else "text layer"
        numbers = [i.item_no for i in self.items]
        items = f"items {numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else f"item {numbers[0]}" if numbers else "no items"
        warned = sum(1 for i in self.items if i.warnings)
        return (f"{self.source} p{self.page} ({how}): {tables} table(s), {len(self.cells)} cells "
                f"({merged} merged), {items} ({warned} with warnings), marks: {marks} → {self.out}")


# ---------------------------------------------------------------- roles


def role_name(role: Role) -> str:
    """An ASCII name for a column role."""
    if role.role == ROLE_LEVEL:
        return f"level {role.level}" if role.level else "level"
    if role.role == ROLE_OPTION:
        options = [o for o in lookup(role.option or "") if o.group == role.group] or list(lookup(role.option or ""))
        if options and options[0].fields:
            return ", ".join(options[0].fields)
        # An option without a field of its own (全社会): its place in the vocabulary.
        group = [o for o in OPTIONS if o.group == role.group]
        number = group.index(options[0]) + 1 if options and options[0] in group else 0
        return f"{role.group} option {number}"
    return ROLE_NAMES.get(role.role, role.role)


# ---------------------------------------------------------------- the record


def _page_record(path: Path, page: int, pages: int, settings: ExtractSettings) -> Record | None:
    """What `extract` decided for the items on this page: the normaliser's record over
    the pages up to the next one (whose first row may be the rest of this page's last)."""
    upto = tuple(range(1, min(page + 1, pages) + 1))
    try:
        document = extract_document(path, replace(settings, pages=upto))
        return normalise_document(document.tables, path.name).record
    except NoTablesFound:
        return None


