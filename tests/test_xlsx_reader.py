"""The streaming .xlsx reader gives every cell the text openpyxl's own reading gives
(the reader it replaced): numbers, dates and durations by their number format, both
date epochs, booleans, errors, shared and inline strings, rich-text runs in symbol
fonts, merges, hidden rows and columns, cells without a reference."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Font

from catalogue.extract.office.grid import CellGrid, build_table, cell_value_text
from catalogue.extract.office.xlsx import MAIN_NS, xlsx_pages
from catalogue.extract.symbol_fonts import symbol_text
from catalogue.raw import RawCell


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


def _rewrite(path: Path, change: Callable[[dict[str, bytes]], None]) -> None:
    with zipfile.ZipFile(path) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    change(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


def test_shared_strings_and_shared_formulas_cached_values(tmp_path: Path) -> None:
    """The same workbook (openpyxl writes every string inline, <is>) with its strings
    moved into a shared-strings part, as Excel and LibreOffice write them (plain and
    rich-text items, one item shown by two cells), and a row of formulas with their
    cached values: a shared formula's later cells hold only its id and their own value.
    Read as openpyxl reads them, row by row from each row's element."""
    path = tmp_path / "book.xlsx"
    _workbook(path)
    sheet_part = "xl/worksheets/sheet1.xml"

    def share(parts: dict[str, bytes]) -> None:
        items: dict[str, int] = {}
        sheet = re.sub(r'<c ([^>]*?)t="inlineStr"([^>]*)><is>(.*?)</is></c>',
                       lambda m: f'<c {m.group(1)}t="s"{m.group(2)}><v>{items.setdefault(m.group(3), len(items))}</v></c>',
                       parts[sheet_part].decode(), flags=re.S)
        sheet = sheet.replace('<c r="B3" t="e"><v>#N/A</v></c>', f'<c r="B3" t="s"><v>{items["<t>&#25919;&#21153;&#20844;&#24320;</t>"]}</v></c>')
        formulas = ('<row r="9"><c r="A9"><f>1+1</f><v>2</v></c>'
                    '<c r="B9"><f t="shared" ref="B9:D9" si="0">A9*2</f><v>4</v></c>'
                    '<c r="C9"><f t="shared" si="0"/><v>8</v></c><c r="D9"><f t="shared" si="0"/><v>16.5</v></c>'
                    '<c r="E9" t="str"><f>"政务"&amp;"公开"</f><v>政务公开</v></c></row>')
        parts[sheet_part] = sheet.replace("</sheetData>", formulas + "</sheetData>").encode()
        body = "".join(f"<si>{item}</si>" for item in items)
        parts["xl/sharedStrings.xml"] = (f'<sst xmlns="{MAIN_NS}" count="{len(items)}" uniqueCount="{len(items)}">'
                                         f"{body}</sst>").encode()
        rel = ('<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
               'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", rel.encode())
        override = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                    'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", override.encode())

    _rewrite(path, share)
    with zipfile.ZipFile(path) as package:
        written = package.read(sheet_part).decode()
    assert "inlineStr" not in written and written.count('t="s"') > 5
    grid = xlsx_pages(path, path.name)[0].grid
    assert grid.texts == _oracle(path)[0]
    assert grid.texts[(3, 1)] == "☑政府网站☐政府公报" and grid.texts[(3, 2)] == "☑" and grid.texts[(3, 3)] == "多行\n文字"
    assert grid.texts[(1, 1)] == grid.texts[(2, 1)] == "政务公开"
    assert [grid.texts[(8, c)] for c in range(5)] == ["2", "4", "8", "16.5", "政务公开"]
    assert grid.merges == [(2, 4, 4, 6)] and grid.hidden_rows == {2} and grid.hidden_cols == {7}


@pytest.mark.parametrize("name", ["district.xlsx", "national.xlsx", "national.xlsm", "header-words.xlsx",
                                  "yes-no.xlsx", "uncomputed.xlsx"])
def test_committed_workbooks_read_as_openpyxl_reads_them(samples_dir: Path, name: str) -> None:
    path = samples_dir / "office" / name
    assert [page.grid.texts for page in xlsx_pages(path, name)] == _oracle(path)


def _expected_cells(grid: CellGrid) -> list[RawCell]:
    """The table's cells as RawCell's own constructor makes them, from the grid by hand:
    a merge is one cell at its top-left, every other shown place a cell of its own,
    hidden rows and columns left out, boxes in the sheet's whole rows and columns."""
    keys = [key for key, text in grid.texts.items() if text.strip()]
    rows = [r for r in range(min(r for r, _ in keys), max(r for r, _ in keys) + 1) if r not in grid.hidden_rows]
    cols = [c for c in range(min(c for _, c in keys), max(c for _, c in keys) + 1) if c not in grid.hidden_cols]
    merged = {(r, c): (r0, c0, r1, c1) for r0, c0, r1, c1 in grid.merges for r in range(r0, r1) for c in range(c0, c1)}
    cells = []
    for y, r in enumerate(rows):
        for x, c in enumerate(cols):
            r0, c0, r1, c1 = merged.get((r, c), (r, c, r + 1, c + 1))
            if (r, c) != (r0, c0):
                continue
            span_rows = [row for row in range(r0, r1) if row in rows]
            span_cols = [col for col in range(c0, c1) if col in cols]
            cells.append(RawCell(row=y, col=x, text=grid.texts.get((r, c), ""), rowspan=len(span_rows),
                                 colspan=len(span_cols), bbox=(float(c), float(r), float(c + len(span_cols)),
                                                               float(r + len(span_rows)))))
    return cells


@pytest.mark.parametrize("merges", [[], [(2, 1, 4, 2), (3, 3, 4, 5), (0, 2, 1, 3)]])
def test_the_table_of_a_grid_is_made_of_the_cells_raw_cell_makes(merges: list[tuple[int, int, int, int]]) -> None:
    """build_table makes its one-place cells without RawCell's constructor (its frozen
    __init__ is a third of building a long sheet's table): the same cells, in reading order
    with or without merges, the defaults (no flags, no text room) included."""
    texts = {(r, c): f"{r}-{c}" for r in range(1, 7) for c in range(1, 6) if (r + c) % 4}
    grid = CellGrid(texts=dict(texts), merges=list(merges), hidden_rows={5}, hidden_cols={4})
    expected = _expected_cells(CellGrid(texts=dict(texts), merges=list(merges), hidden_rows={5}, hidden_cols={4}))
    built = build_table(grid, "x.xlsx", 1)
    assert built is not None
    assert built.table.cells == expected
    assert all(cell.flags == frozenset() and cell.text_room is None for cell in built.table.cells)
    assert (built.hidden_rows, built.hidden_cols) == (1, 1)


def test_a_cell_reference_no_sheet_has_is_a_damaged_workbook(tmp_path: Path) -> None:
    """A cell written with r="$A$8" (no writer of the format does that; a hand-edited or
    broken package does): a one-line error naming the file, not an internal error."""
    from catalogue.api import extract_file
    from catalogue.errors import DamagedInput

    book = openpyxl.Workbook()
    book.active.append(["序号", "事项类别", "公开内容", "公开时限"])
    book.active.append([1, "机构信息", "机构职能", "20个工作日内"])
    good = tmp_path / "good.xlsx"
    book.save(good)
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'r="B2"', b'r="$B$2"')
            dst.writestr(info, data)
    with pytest.raises(DamagedInput, match=r"cell reference '\$B\$2' is not valid"):
        extract_file(bad)
