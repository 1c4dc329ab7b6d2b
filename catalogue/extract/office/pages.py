"""Sheets and body tables → the RawDocument stream, with a note for each one left out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from catalogue.errors import NoTablesFound
from catalogue.extract.office.grid import CellGrid, GridTooLarge, build_table, is_catalogue_table
from catalogue.extract.pages import MAX_LOOKBACK, columns_guessed, header_lead, page_numbers
from catalogue.extract.settings import ExtractSettings
from catalogue.plural import counted
from catalogue.raw import PageNote, RawDocument, RawTable
from catalogue.schemas.headers import HEADER_SEARCH_ROWS, is_header_row
from catalogue.schemas.warnings import (
    FILTERED_READ,
    FORMULAS_UNCOMPUTED,
    HIDDEN_SKIPPED,
    PAGE_TOO_LARGE,
    PICTURES_UNREAD,
    SHEET_REPEATED,
    SHEET_WITHOUT_TABLE,
    STRAY_CELLS,
)


@dataclass
class OfficePage:
    """One sheet of a workbook, or one table of a document's body."""

    number: int  # 1-based, counting every sheet / every body table
    label: str  # how a person finds it: 'sheet 2 "说明"', 'table 3'
    grid: CellGrid
    # A sheet its workbook hides (a drop-down's lookup list, an old version kept for
    # reference): left out as hidden rows are, so its rows never join the catalogue's; a
    # warning where it holds a catalogue table, a note where it holds none.
    hidden: bool = False
    # Cells whose value is a picture (WPS's DISPIMG) that were not read as marks: empty.
    unread_pictures: int = 0
    name: str = ""  # a sheet's own name ("" for a document's table)


# The name a sheet copied beside its original gets: Excel's and WPS's number in brackets,
# 目录 (2), 目录(2), 目录（2）; LibreOffice Calc's number after an underscore, 目录_2.
COPY_NAME = r"(?:\s*[(（]\d+[)）]|_\d+)"


def office_document(pages: list[OfficePage], *, source: str, path: str, sha256: str, kind: str,
                    what: str, settings: ExtractSettings | None = None) -> RawDocument:
    """The tables of the pages that hold a catalogue table; NoTablesFound when none does.

    `what` names the pages in the error ("sheet", "table"). With settings.pages, only
    those pages are read, as a PDF's (a note for the ones the file does not have).
    """
    notes: list[PageNote] = []
    wanted = set(page_numbers(len(pages), ExtractSettings.resolve(settings), source, notes, what))
    earlier = pages
    pages = [page for page in pages if page.number in wanted]
    tables = list(_tables(pages, source, notes))
    if tables and ExtractSettings.resolve(settings).pages and header_lead(tables[0]) is None:
        before = [page for page in earlier if page.number < tables[0].page]
        lead = _lead(before, source)
        tables[:0] = [lead] if lead is not None else []
        if lead is None and len(before) > MAX_LOOKBACK:
            notes.append(columns_guessed(tables[0].page, source))
    if not tables:
        if not pages:
            raise NoTablesFound(f"the file has no {what}s", source=source)
        reasons = "; ".join(note.message for note in notes[:3])
        raise NoTablesFound(f"no catalogue table in any {what} ({reasons})", source=source)
    return RawDocument(source=source, path=path, sha256=sha256, kind=kind, tables=iter(tables),
                       notes=notes, pages=len(pages))


def _headed(table: RawTable) -> bool:
    """Whether one of the table's first rows is a catalogue header: a hidden sheet of
    drop-down lists (主动 | 依申请 | 不公开 …) has rows of three cells, but no header."""
    return any(is_header_row([cell.text if cell is not None else "" for cell in row])
               for row in table.grid()[:HEADER_SEARCH_ROWS])


def _lead(earlier: list[OfficePage], source: str) -> RawTable | None:
    """Where --pages starts on a sheet or body table with no header of its own (a Word
    table that goes on with the one before), the header of the nearest table before it
    that has one (pages.header_lead), up to MAX_LOOKBACK pages back."""
    for page in reversed(earlier[-MAX_LOOKBACK:]):
        for table in _tables([page], source, []):
            lead = header_lead(table)
            if lead is not None:
                return lead
    return None


def _tables(pages: list[OfficePage], source: str, notes: list[PageNote]) -> Iterator[RawTable]:
    seen: dict[int, OfficePage] = {}  # the tables read so far, by what their cells hold
    for page in pages:
        try:
            built = build_table(page.grid, source, page.number)
        except GridTooLarge as error:
            notes.append(PageNote(page.number, PAGE_TOO_LARGE, f"{page.label}: {error}; skipped"))
            continue
        if built is None or not is_catalogue_table(built.table) or (page.hidden and not _headed(built.table)):
            what = "is empty" if built is None else "has no catalogue table"
            state = " is hidden and" if page.hidden else ""
            notes.append(PageNote(page.number, SHEET_WITHOUT_TABLE, f"{page.label}{state} {what}; skipped"))
            continue
        if page.hidden:
            notes.append(PageNote(page.number, HIDDEN_SKIPPED, f"{page.label} is hidden; its table is left out"))
            continue
        if built.hidden_rows or built.hidden_cols:
            hidden = [f"{n} hidden {unit}{'s' if n > 1 else ''}"
                      for n, unit in ((built.hidden_rows, "row"), (built.hidden_cols, "column")) if n]
            notes.append(PageNote(page.number, HIDDEN_SKIPPED, f"{page.label}: {' and '.join(hidden)} left out"))
        if page.grid.filtered_rows:
            notes.append(PageNote(page.number, FILTERED_READ, f"{page.label}: {counted(len(page.grid.filtered_rows), 'row')} "
                                  "its filter hides read (a filter is a view; the rows are the catalogue's)"))
        if built.stray is not None:
            far = built.stray
            notes.append(PageNote(page.number, STRAY_CELLS, f"{page.label}: left out {counted(far.cells, 'filled cell')} from row "
                                  f"{far.first_row} on, {far.gap} empty rows below the table: no catalogue table"))
        if page.grid.hidden_text:
            n = page.grid.hidden_text
            notes.append(PageNote(page.number, HIDDEN_SKIPPED, f"{page.label}: {n} piece{'s' if n > 1 else ''} of "
                                                              "text in hidden type left out"))
        if page.grid.uncomputed:
            n = len(page.grid.uncomputed)
            notes.append(PageNote(page.number, FORMULAS_UNCOMPUTED,
                                  f"{page.label}: {counted(n, 'formula cell')} never computed, read as empty "
                                  "(open and save the workbook in Excel or LibreOffice to compute them)"))
        if page.unread_pictures:
            notes.append(PageNote(page.number, PICTURES_UNREAD,
                                  f"{page.label}: {counted(page.unread_pictures, 'cell')} whose value is a picture, "
                                  "outside the option columns, read as empty"))
        built.table.label = page.label
        # Sheets only: a document's tables repeat by design (a header table before each
        # page's rows), and a repeated one holds no items to read twice.
        earlier = seen.setdefault(built.table.content_key(), page) if page.name else page
        if earlier is not page:
            if page.name and earlier.name and re.fullmatch(re.escape(earlier.name) + COPY_NAME, page.name):
                notes.append(PageNote(page.number, SHEET_REPEATED, f"{page.label} is a copy of {earlier.label} "
                                      "(its name and every cell say so); left out, so its items are not read twice"))
                continue
            notes.append(PageNote(page.number, SHEET_REPEATED, f"{page.label} repeats {earlier.label} cell for cell; "
                                  "its items are read twice (delete one if it is a copy)"))
        yield built.table

