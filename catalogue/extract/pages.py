"""Which pages of an input to read (--pages, the page limit), for every input that has
pages: PDF, OFD, image files and Office files (a sheet or a body table is a page)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from catalogue.errors import NoTablesFound
from catalogue.plural import counted
from catalogue.raw import PageNote, RawTable
from catalogue.schemas.headers import (
    HEADER_SEARCH_ROWS,
    MAX_HEADER_CHARS,
    MIN_HEADER_CELLS,
    is_header_row,
)
from catalogue.schemas.lookup import fold, has_strong_marks, strip_markup
from catalogue.schemas.warnings import COLUMNS_GUESSED, NO_SUCH_PAGE, TOO_MANY_PAGES

if TYPE_CHECKING:  # pdf/tables asks this module for MAX_LOOKBACK, and settings imports the engines
    from catalogue.extract.settings import ExtractSettings

# The earlier pages a run that starts past page 1 (--pages, a worker reading from the
# middle) looks back over for what its first page goes on with (a table's header, an
# unruled table's columns): far more than a catalogue's pages that continue one table
# under no header, so none is missed, and a bound on what a long run of such pages costs.
MAX_LOOKBACK = 50


def page_numbers(count: int, settings: ExtractSettings, source: str, notes: list[PageNote], what: str = "page") -> list[int]:
    """The pages to read, from 1: those --pages asks for that the input has (a note for
    the others; NoTablesFound when it has none of them), at most settings.max_pages of
    them (a note for the rest). `what` names the pages in those messages ("sheet" …)."""
    numbers = list(settings.pages) if settings.pages else list(range(1, count + 1))
    missing = [n for n in numbers if n > count]
    if missing:
        gone = f"{what} {missing[0]} does" if len(missing) == 1 else f"{what}s {_ranges(missing)} do"
        notes.append(PageNote(missing[0], NO_SUCH_PAGE, f"{source} has {counted(count, what)}; {gone} not exist"))
        numbers = [n for n in numbers if n <= count]
        if not numbers:  # nothing to read: that is the reason, not "no table on any page"
            raise NoTablesFound(f"the file has {counted(count, what)}; {gone} not exist (--pages)", source=source)
    if len(numbers) > settings.max_pages:
        rest = numbers[settings.max_pages:]
        notes.append(PageNote(rest[0], TOO_MANY_PAGES, f"{source}: only the first {settings.max_pages} pages were read "
                                                       f"(max_pages); pages {_ranges(rest)} were not"))
        numbers = numbers[: settings.max_pages]
    return numbers


def columns_guessed(number: int, source: str) -> PageNote:
    """The note on page `number`, where --pages starts, that its table goes on under a
    header more than MAX_LOOKBACK pages back (or none): its columns come from its cells."""
    return PageNote(number, COLUMNS_GUESSED, f"{source} p{number}: the table goes on under no header of its own and "
                                             f"none was found in the {MAX_LOOKBACK} pages before; its columns were "
                                             "told from what the cells hold")


def header_lead(table: RawTable) -> RawTable | None:
    """The table cut to its rows down to its header, as a lead (RawTable.lead): a header
    row among its first HEADER_SEARCH_ROWS rows (titles above it kept), the rows its
    cells are merged down over, and the header rows under them; None where the table has
    no header row. Where --pages starts on a page that goes on with a table under no
    header of its own, this is what names its columns, as the whole run's header did."""
    texts = [[""] * table.n_cols for _ in range(table.n_rows)]
    for cell in table.cells:  # a merged cell's text in its first column, on each row it spans
        for r in range(cell.row, min(cell.row + cell.rowspan, table.n_rows)):
            if cell.col < table.n_cols:
                texts[r][cell.col] = cell.text
    start = next((r for r in range(min(HEADER_SEARCH_ROWS, table.n_rows)) if is_header_row(texts[r])), None)
    if start is None:
        return None
    end = start + 1
    while True:
        reach = max((cell.row + cell.rowspan for cell in table.cells if start <= cell.row < end), default=end)
        if reach > end:
            end = min(reach, table.n_rows)
        elif end < table.n_rows and (is_header_row(texts[end], texts[end - 1]) or _names_parts(table, texts, start, end)):
            end += 1
        else:
            break
    cells = [replace(cell, rowspan=min(cell.rowspan, end - cell.row)) for cell in table.cells if cell.row < end]
    return replace(table, n_rows=end, cells=cells, marks=[m for m in table.marks if m.row < end], lead=True)


def _names_parts(table: RawTable, texts: list[list[str]], start: int, end: int) -> bool:
    """Row `end`, under header rows `start` to `end - 1`, names the parts of the header
    cells that span several columns above it (联系方式 over 电话 | 地址, whatever the words):
    every filled cell a short label with no mark directly under such a cell, one that
    reaches down to the row above, and two at least (a group has parts). A data row fills
    columns under one-column headers too (its content, its subject); a heading row under a
    header whose spanned cell already has its parts below it (事项类别 over 一级 | 二级 | 三级,
    then 财政信息 | 财政预算) sits under those one-column parts, and is data. The normaliser
    reads a row the same way as the header's second row (rows._sub_header), so --pages N
    names the columns as the whole run does and takes no row of the page before for data."""
    spanned = {c for cell in table.cells if start <= cell.row < end <= cell.row + cell.rowspan
               and cell.colspan > 1 for c in range(cell.col, cell.col + cell.colspan)}
    filled = [(c, strip_markup(t)) for c, t in enumerate(texts[end]) if t.strip()]
    return len(filled) >= MIN_HEADER_CELLS and all(
        c in spanned and len(fold(t)) <= MAX_HEADER_CHARS and not has_strong_marks(t) for c, t in filled)


def page_phrase(numbers: list[int]) -> str:
    return f"page {numbers[0]}" if len(numbers) == 1 else f"pages {_ranges(numbers)}"


def _ranges(numbers: list[int]) -> str:
    out: list[str] = []
    start = prev = numbers[0]
    for n in numbers[1:] + [0]:
        if n == prev + 1:
            prev = n
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = n
    return ", ".join(out)
