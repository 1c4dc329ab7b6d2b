"""The streaming .xlsx reader gives every cell the text openpyxl's own reading gives
(the reader it replaced): numbers, dates and durations by their number format, both
date epochs, booleans, errors, shared and inline strings, rich-text runs in symbol
fonts, merges, hidden rows and columns, cells without a reference."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Font

from catalogue.extract.office.grid import cell_value_text
from catalogue.extract.office.xlsx import xlsx_pages
from catalogue.extract.symbol_fonts import symbol_text


def _workbook(path: Path, epoch_1904: bool = False) -> None:
    book = openpyxl.Workbook()
    if epoch_1904:
        book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    sheet = book.active
    sheet.title = "目录"
    sheet.append(["序号", "事项", "日期", "时刻", "时长", "真假", "小数", "大数"])
    sheet.append([1, "政务公开", dt.date(2024, 1, 31), dt.datetime(2024, 3, 1, 8, 30), dt.timedelta(hours=30),
                  True, 0.25, 12345678901])
    sheet.append([2, "#N/A", dt.date(1904, 1, 2), None, None, False, 1.0, -3])
    sheet["A4"] = 3
    sheet["B4"] = CellRichText([TextBlock(InlineFont(rFont="Wingdings 2"), "R"), "政府网站",
                                TextBlock(InlineFont(rFont="Wingdings 2"), "£"), TextBlock(InlineFont(b=True), "政府公报")])
    sheet["C4"] = "R"
    sheet["C4"].font = Font(name="Wingdings 2")
    sheet["D4"] = "多行\r\n文字"
    sheet.merge_cells("E3:F4")
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["H"].hidden = True
    other = book.create_sheet("说明")
    other["A1"] = "本目录按季度更新"
    book.save(path)


def _oracle(path: Path) -> list[dict[tuple[int, int], str]]:
    """What openpyxl reads, turned into cell texts the way the old reader did."""
    book = openpyxl.load_workbook(path, data_only=True, rich_text=True)
    sheets = []
    for sheet in book.worksheets:
        texts = {}
        for (row, col), cell in sheet._cells.items():
            value = cell.value
            if isinstance(value, CellRichText):
                parts = [symbol_text(run.font.rFont if run.font is not None else None, run.text)
                         if isinstance(run, TextBlock) else symbol_text(cell.font.name, str(run)) for run in value]
                text = cell_value_text("".join(parts))
            else:
                text = cell_value_text(value)
                if isinstance(value, str):
                    text = symbol_text(cell.font.name, text)
            if text:
                texts[(row - 1, col - 1)] = text
        sheets.append(texts)
    return sheets


def test_cells_read_as_openpyxl_reads_them(tmp_path: Path) -> None:
    for epoch_1904 in (False, True):
        path = tmp_path / f"book-{epoch_1904}.xlsx"
        _workbook(path, epoch_1904)
        pages = xlsx_pages(path, path.name)
        assert [page.grid.texts for page in pages] == _oracle(path)
        grid = pages[0].grid
        assert grid.texts[(1, 2)] == "2024-01-31" and grid.texts[(3, 1)] == "☑政府网站☐政府公报"
        assert grid.texts[(3, 2)] == "☑" and grid.texts[(3, 3)] == "多行\n文字"
        assert grid.merges == [(2, 4, 4, 6)] and grid.hidden_rows == {2} and grid.hidden_cols == {7}
        assert [page.label for page in pages] == ['sheet 1 "目录"', 'sheet 2 "说明"']


def test_cells_without_a_reference_follow_the_one_before(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    _workbook(path)
    # Drop every r="…" of the cells of row 2, as some writers do: they are placed one after another.
    with zipfile.ZipFile(path) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    row = re.search(r'<row r="2".*?</row>', sheet).group(0)  # type: ignore[union-attr]
    sheet = sheet.replace(row, re.sub(r' r="[A-Z]+2"', "", row))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, sheet.encode() if name == "xl/worksheets/sheet1.xml" else data)
    assert xlsx_pages(path, path.name)[0].grid.texts == _oracle(path)[0]


def test_rows_without_numbers_and_a_hidden_row_without_cells(tmp_path: Path) -> None:
    """Rows and cells with no r="…" are numbered one after another, a hidden row that
    holds no cell counts as a row, and it is hidden (the parts are read as elements end,
    a row's cells before the row itself)."""
    path = tmp_path / "book.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    for r in range(1, 5):
        sheet.append([f"行{r}", "事项", "主动"])
    sheet.row_dimensions[5].hidden = True  # no cell in it
    sheet["A6"], sheet["B6"] = "行6", "依申请"
    book.save(path)
    with zipfile.ZipFile(path) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    original = parts["xl/worksheets/sheet1.xml"].decode()
    assert re.search(r'<row r="5" hidden="1"(/>|></row>)', original)  # the empty hidden row is written
    unnumbered = re.sub(r'<(row|c) r="[A-Z]*\d+"', r"<\1", original)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, unnumbered.encode() if name == "xl/worksheets/sheet1.xml" else data)
    grid = xlsx_pages(path, path.name)[0].grid
    assert grid.texts == _oracle(path)[0]
    assert grid.texts[(5, 0)] == "行6" and grid.texts[(5, 1)] == "依申请"
    assert grid.hidden_rows == {4}


def test_whole_numbers_as_stored_and_columns_past_z(tmp_path: Path) -> None:
    """A whole number is read as its digits only where they are its text: a stored "007"
    (written so by other programs) is 7, a date-styled serial is a date, and a column past
    Z (AA, ABC) is found by its letters."""
    path = tmp_path / "book.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "事项", "日期"])
    sheet.append([1, "政务公开", dt.date(2024, 1, 31)])
    sheet.append([0, "财政预算", 45322])
    sheet["AA2"], sheet["ABC3"] = 12, "公开"
    book.save(path)
    with zipfile.ZipFile(path) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    original = parts["xl/worksheets/sheet1.xml"].decode()
    padded = original.replace('<c r="A2" t="n"><v>1</v>', '<c r="A2" t="n"><v>007</v>')
    assert padded != original
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, padded.encode() if name == "xl/worksheets/sheet1.xml" else data)
    grid = xlsx_pages(path, path.name)[0].grid
    assert grid.texts == _oracle(path)[0]
    assert grid.texts[(1, 0)] == "7" and grid.texts[(2, 0)] == "0" and grid.texts[(1, 2)] == "2024-01-31"
    assert grid.texts[(2, 2)] == "45322" and grid.texts[(1, 26)] == "12" and grid.texts[(2, 730)] == "公开"
