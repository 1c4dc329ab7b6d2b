"""Excel workbooks (.xlsx, .xlsm) through openpyxl: every sheet a page.

Values are read as the workbook last computed them (formulas by their cached
values; macros are data, never run), merges from the merge records, hidden rows and
columns from the row and column records, and rich-text runs in a symbol font
(Wingdings 2 "R" beside "政府网站") by the run's font.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from catalogue.errors import DamagedInput
from catalogue.extract.office.controls import form_checkboxes
from catalogue.extract.office.grid import CellGrid, cell_value_text
from catalogue.extract.office.package import open_package
from catalogue.extract.office.pages import OfficePage
from catalogue.extract.office.symbols import symbol_text

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell, MergedCell


def xlsx_pages(path: Path, source: str) -> list[OfficePage]:
    import openpyxl
    from openpyxl.cell.rich_text import CellRichText, TextBlock

    with open_package(path, source) as package:  # the size checks, before openpyxl inflates anything
        boxes = form_checkboxes(package, source)
    try:
        # A file object, not the path: openpyxl refuses a name that does not end in .xlsx.
        with path.open("rb") as handle:
            book = openpyxl.load_workbook(handle, data_only=True, rich_text=True, keep_links=False)
    except Exception as error:  # openpyxl raises many types for a damaged package; all mean the same
        raise DamagedInput(f"cannot read the workbook ({type(error).__name__}: {error})", source=source) from None

    def text_of(cell: Cell | MergedCell) -> str:
        value = cell.value
        if isinstance(value, CellRichText):
            parts = []
            for run in value:
                if isinstance(run, TextBlock):
                    parts.append(symbol_text(run.font.rFont if run.font is not None else None, run.text))
                else:
                    parts.append(symbol_text(cell.font.name if cell.font else None, str(run)))
            return cell_value_text("".join(parts))
        text = cell_value_text(value)
        if isinstance(value, str):
            text = symbol_text(cell.font.name if cell.font else None, text)
        return text

    pages: list[OfficePage] = []
    try:
        for number, sheet in enumerate(book.worksheets, start=1):
            grid = CellGrid()
            # Only the cells the file holds: a sheet that claims a million rows costs what it stores.
            for (row, col), cell in sheet._cells.items():
                text = text_of(cell)
                if text:
                    grid.texts[(row - 1, col - 1)] = text
            for (row, col), mark in boxes.get(sheet.title, {}).items():
                before = grid.texts.get((row, col), "")
                grid.texts[(row, col)] = f"{mark}{before}"
            for merged in sheet.merged_cells.ranges:
                grid.merges.append((merged.min_row - 1, merged.min_col - 1, merged.max_row, merged.max_col))
            grid.hidden_rows = {r - 1 for r, dim in sheet.row_dimensions.items() if dim.hidden}
            for dim in sheet.column_dimensions.values():
                if dim.hidden and dim.min:
                    grid.hidden_cols.update(range(dim.min - 1, (dim.max or dim.min)))
            pages.append(OfficePage(number, f'sheet {number} "{sheet.title}"', grid))
    finally:
        book.close()
    return pages
