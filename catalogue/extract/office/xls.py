"""Legacy Excel workbooks (.xls, BIFF) through xlrd, with formatting records for merges,
hidden rows and columns, and the fonts of rich-text runs (Wingdings 2 beside a label)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from catalogue.errors import DamagedInput, EncryptedInput
from catalogue.extract.office.grid import CellGrid, cell_value_text
from catalogue.extract.office.pages import OfficePage
from catalogue.extract.symbol_fonts import symbol_text

if TYPE_CHECKING:
    from xlrd.book import Book
    from xlrd.sheet import Cell, Sheet


def xls_pages(path: Path, source: str) -> list[OfficePage]:
    import xlrd
    from xlrd.biffh import XLRDError  # xlrd.XLRDError, which the stubs leave out

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, ragged_rows=True, logfile=_Silent())
    except XLRDError as error:
        if "encrypt" in str(error).lower():
            raise EncryptedInput("password-protected workbook; give its password with --password (or CATALOGUE_PASSWORD)",
                                 source=source) from None
        raise DamagedInput(f"cannot read the workbook ({error})", source=source) from None
    except Exception as error:  # xlrd raises bare struct/index errors on damaged records
        raise DamagedInput(f"cannot read the workbook ({type(error).__name__}: {error})", source=source) from None
    pages: list[OfficePage] = []
    for number, sheet in enumerate(book.sheets(), start=1):
        grid = CellGrid()
        for r in range(sheet.nrows):
            for c in range(sheet.row_len(r)):
                cell = sheet.cell(r, c)
                text = _cell_text(book, sheet, r, c, cell, xlrd)
                if text:
                    grid.texts[(r, c)] = text
        grid.merges = [(r0, c0, r1, c1) for r0, r1, c0, c1 in sheet.merged_cells]
        # A collapsed outline group's rows are a view, read as in an .xlsx (xlsx.py).
        grid.hidden_rows = {r for r, info in sheet.rowinfo_map.items() if info.hidden and not info.outline_level}
        grid.filtered_rows = {r for r, info in sheet.rowinfo_map.items() if info.hidden and info.outline_level}
        grid.hidden_cols = {c for c, info in sheet.colinfo_map.items() if info.hidden}
        # visibility 1 is hidden, 2 very hidden
        pages.append(OfficePage(number, f'sheet {number} "{sheet.name}"', grid, hidden=bool(sheet.visibility),
                                name=sheet.name))
    book.release_resources()
    return pages


def _cell_text(book: Book, sheet: Sheet, r: int, c: int, cell: Cell, xlrd: ModuleType) -> str:
    ctype, value = cell.ctype, cell.value
    if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if ctype == xlrd.XL_CELL_BOOLEAN:
        return cell_value_text(bool(value))
    if ctype == xlrd.XL_CELL_DATE:
        try:
            return cell_value_text(xlrd.xldate_as_datetime(value, book.datemode))
        except (ValueError, OverflowError):
            return cell_value_text(value)
    if ctype != xlrd.XL_CELL_TEXT or not isinstance(value, str):  # a text cell's value is a str
        return cell_value_text(value)
    fonts = book.font_list
    xf = book.xf_list[cell.xf_index] if cell.xf_index is not None else None
    cell_font = fonts[xf.font_index].name if xf is not None and xf.font_index < len(fonts) else None
    runs = sheet.rich_text_runlist_map.get((r, c)) or []
    # Runs as (offset, font index); the text before the first run is in the cell's font.
    bounds = [(0, cell_font)] + [(offset, fonts[i].name if i < len(fonts) else None) for offset, i in runs]
    parts = []
    for k, (start, font) in enumerate(bounds):
        end = bounds[k + 1][0] if k + 1 < len(bounds) else len(value)
        parts.append(symbol_text(font, value[start:end]))
    return cell_value_text("".join(parts))


class _Silent:
    """xlrd writes warnings about odd records to a log file; they are not the user's concern."""

    def write(self, text: str) -> int:
        return len(text)
