"""Contract rows → one Excel sheet, for the people who check catalogues in Excel.

The header row holds the contract's Chinese labels, frozen, with an autofilter.
Booleans are Excel's own TRUE / FALSE, so a filter tells 否 (FALSE) from 未知 (blank);
lists are joined by "；" and other_columns is a JSON object, as in the CSV. Every text
is written as text: a cell that starts with "=" is never taken for a formula.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from catalogue.output.formats import LIST_SEPARATOR, SHEET_TITLE, map_to_json
from catalogue.schemas.contract import LABELS, LIST_COLUMNS, MAP_COLUMNS

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# Column widths in Excel's units (about one Latin character; a Han character takes two).
MIN_WIDTH = 6  # room for the filter button beside a short header
MAX_WIDTH = 60  # longer texts wrap in the formula bar rather than push the sheet wide
WIDTH_SAMPLE_ROWS = 500  # rows measured for the widths: enough to see typical lengths, cheap on big files
WIDTH_PADDING = 2  # the filter button in the header cell
# Characters an .xlsx cannot hold (C0 controls): shown as U+FFFD rather than failing the file.
REPLACEMENT = "\ufffd"
# The most characters Excel holds in a cell: a longer text (a pasted regulation, many long
# other columns) is cut there by Excel, or makes it repair the file. The cell says where
# it was cut and how much is left out; the Parquet, CSV and JSON Lines hold it whole.
EXCEL_CELL_CHARS = 32_767
CUT_NOTE = "…［Excel 单元格上限：以下 {} 字未写入，见 Parquet / CSV］"


def within_excel(text: str) -> str:
    """`text`, or as much of it as a cell holds with CUT_NOTE saying what is left out."""
    if len(text) <= EXCEL_CELL_CHARS:
        return text
    room = EXCEL_CELL_CHARS - len(CUT_NOTE.format(len(text)))
    return text[:room] + CUT_NOTE.format(len(text) - room)


def display_width(text: str) -> int:
    """Width in Latin character units: wide and full-width (Han) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def cell_value(name: str, value: object) -> str | float | None:
    """A contract value as the workbook holds it."""
    if value is None:
        return None
    if name in LIST_COLUMNS:
        return within_excel(LIST_SEPARATOR.join(str(v) for v in value))  # type: ignore[attr-defined]
    if name in MAP_COLUMNS:
        return within_excel(map_to_json(value))
    if isinstance(value, str):
        return within_excel(ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, value))
    if isinstance(value, int | float):  # bool and int as Excel's own types
        return value
    raise TypeError(f"{name}: a {type(value).__name__} has no workbook cell")


def write_xlsx(table: pa.Table, path: Path) -> None:
    names = table.column_names
    rows = [[cell_value(name, v) for name, v in zip(names, values, strict=True)] for values in _rows(table)]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    labels = [LABELS.get(name, name) for name in names]
    for index, label in enumerate(labels, start=1):
        seen = [display_width(str(row[index - 1])) for row in rows[:WIDTH_SAMPLE_ROWS] if row[index - 1] is not None]
        width = max([display_width(label) + WIDTH_PADDING, *seen])
        sheet.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, max(MIN_WIDTH, width))
    sheet.freeze_panes = "A2"
    last = f"{get_column_letter(len(names))}{len(rows) + 1}"
    sheet.auto_filter.ref = f"A1:{last}"
    bold = Font(bold=True)
    sheet.append([_cell(sheet, label, font=bold) for label in labels])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    workbook.save(path)


def _rows(table: pa.Table) -> zip[tuple[object, ...]]:
    columns = [table.column(name).to_pylist() for name in table.column_names]
    return zip(*columns, strict=True)


def _cell(sheet: WriteOnlyWorksheet, value: str | float | None, font: Font | None = None) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would make "=…" a formula
    if font is not None:
        cell.font = font
    return cell
