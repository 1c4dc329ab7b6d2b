"""Catalogues of the eleventh round's unfamiliar layouts, and the rows they must give.

  stray-right.xlsx  a county sheet (the tenth round's items, 主动 / 依申请 marked with √)
                 with one cell typed far to its right, in the sheet's last column (XFD1):
                 a cell where Ctrl+Right ran off the table
  table-filter.xlsx  the same catalogue made an Excel Table (Insert > Table, its own part
                 xl/tables/table1.xml) whose AutoFilter shows one 公开主体's rows: the rows
                 it hides are the catalogue's; under them a draft row hidden by hand, whose
                 公开主体 the filter shows, stays out
  sheet-filter.ods  the same filter on the sheet itself (no Table), the workbook saved as
                 .ods by LibreOffice: the filter a table:database-range, every hidden row of
                 its range table:visibility="filter", the draft's too
  hidden-text-lo.odt  the tenth round's hidden-text.docx (an author's note and old wording in
                 Word's hidden type inside two cells) saved as .odt by LibreOffice: the
                 hidden words in a span whose automatic style is text:display="none"
  invisible-note.pdf  a ruled table (reportlab) with a note drawn invisibly (text render
                 mode 3: nobody sees or prints it) inside the first item's content cell
  on-its-side.html  the catalogue laid on its side, as a page lays a few items out: a
                 <th> a field down the first column (序号, 一级事项 …), an item a column

Expected rows (<name>.expected.json) come from the data here, never from an extraction.
Regenerate: `python samples/unseen/generate_unseen11.py` (openpyxl, LibreOffice, reportlab); it
writes only the files above.
"""

from __future__ import annotations

import html
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "office"))

from generate_office import soffice  # noqa: E402
from generate_unseen import CHANNEL_FIELDS, _save  # noqa: E402
from generate_unseen8 import PDF_FONT, new_canvas, write_expected  # noqa: E402
from generate_unseen10 import ITEMS, _expected, make_hidden_text_docx  # noqa: E402

HEADER = ("序号", "一级事项", "二级事项", "公开内容", "公开时限", "公开主体", "主动", "依申请")
SUBJECT_COLUMN = HEADER.index("公开主体")
STRAY_CELL = "XFD1"  # the last column of an .xlsx sheet
STRAY_TEXT = "待核"
SHOWN_SUBJECT = "县财政局"  # the one 公开主体 the Table's filter shows
DRAFT = ("财政信息", "政府采购", "采购意向（草稿）", "采购前30日", "县财政局")


def _book():  # type: ignore[no-untyped-def]
    """A workbook of the catalogue sheet: the header, then a row an item."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "公开目录"
    sheet.append(list(HEADER))
    for k, it in enumerate(ITEMS):
        sheet.append([k + 1, it.level_1, it.level_2, it.content, it.time_limit, it.subject,
                      "√" if it.proactive else "", "" if it.proactive else "√"])
    return book, sheet


def _rows() -> list[dict[str, object]]:
    """The items' rows: 序号 an other column, no channel column (the fields null)."""
    rows = _expected(others={k: {"序号": str(k + 1)} for k in range(len(ITEMS))})
    for row in rows:
        for name in CHANNEL_FIELDS:
            for f in CHANNEL_FIELDS[name]:
                row[f] = None
    return rows


def make_stray_right(out: Path) -> list[dict[str, object]]:
    book, sheet = _book()
    sheet[STRAY_CELL] = STRAY_TEXT
    _save(book, out)
    return _rows()


def _filtered(table: bool):  # type: ignore[no-untyped-def]
    """The catalogue and a draft row under it, filtered to SHOWN_SUBJECT's rows by an
    Excel Table's AutoFilter (or the sheet's), the draft hidden by hand."""
    from openpyxl.worksheet.filters import AutoFilter
    from openpyxl.worksheet.table import Table

    book, sheet = _book()
    draft = len(ITEMS) + 2  # the sheet row (1-based) of the draft, under the items
    sheet.append(["", *DRAFT, "√", ""])
    ref = f"A1:{chr(ord('A') + len(HEADER) - 1)}{draft}"
    if table:
        part = Table(displayName="Catalogue", ref=ref)
        part.autoFilter = AutoFilter(ref=ref)
        sheet.add_table(part)
        auto_filter = part.autoFilter
    else:
        sheet.auto_filter.ref = ref
        auto_filter = sheet.auto_filter
    auto_filter.add_filter_column(SUBJECT_COLUMN, [SHOWN_SUBJECT])
    for row in range(2, draft):  # the rows the filter hides: every other 公开主体's
        if sheet.cell(row=row, column=SUBJECT_COLUMN + 1).value != SHOWN_SUBJECT:
            sheet.row_dimensions[row].hidden = True
    sheet.row_dimensions[draft].hidden = True  # hidden by hand: the filter would show it
    return book


def make_table_filter(out: Path) -> list[dict[str, object]]:
    _save(_filtered(table=True), out)
    return _rows()


def make_sheet_filter_ods(out: Path) -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / f"{out.stem}.xlsx"
        _save(_filtered(table=False), source)
        soffice(["--convert-to", "ods", source.name], Path(scratch))
        shutil.move(str(source.with_suffix(".ods")), out)
    return _rows()


def make_outline_group_ods(out: Path) -> list[dict[str, object]]:
    """The catalogue with its second and third items grouped under the first by the
    sheet's outline (数据 > 组合) and the group collapsed, saved as .ods by LibreOffice: its
    rows in a table:table-row-group, each table:visibility="collapse"."""
    book, sheet = _book()
    for row in (3, 4):  # items 2 and 3 (the header is row 1)
        sheet.row_dimensions[row].outlineLevel = 1
        sheet.row_dimensions[row].hidden = True
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / f"{out.stem}.xlsx"
        _save(book, source)
        soffice(["--convert-to", "ods", source.name], Path(scratch))
        shutil.move(str(source.with_suffix(".ods")), out)
    return _rows()


def make_hidden_text_odt(out: Path) -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / f"{out.stem}.docx"
        rows = make_hidden_text_docx(source)
        soffice(["--convert-to", "odt", source.name], Path(scratch))
        shutil.move(str(source.with_suffix(".odt")), out)
    return rows


PDF_WIDTHS = (30.0, 60.0, 70.0, 200.0, 150.0, 80.0, 35.0, 40.0)  # HEADER's columns
PDF_LEFT, PDF_TOP, PDF_ROW, PDF_TEXT_SIZE = 40.0, 500.0, 30.0, 7.0
INVISIBLE_NOTE = "（内部备注：暂缓公开）"
INVISIBLE_AT = (1, HEADER.index("公开内容"))  # (table row, column) of the note's cell


def make_invisible_note_pdf(out: Path) -> list[dict[str, object]]:
    canvas = new_canvas(out)
    rows = [list(HEADER)] + [[str(k + 1), it.level_1, it.level_2, it.content, it.time_limit, it.subject,
                              "√" if it.proactive else "", "" if it.proactive else "√"]
                             for k, it in enumerate(ITEMS)]
    xs = [PDF_LEFT]
    for width in PDF_WIDTHS:
        xs.append(xs[-1] + width)
    ys = [PDF_TOP - k * PDF_ROW for k in range(len(rows) + 1)]
    for x in xs:
        canvas.line(x, ys[0], x, ys[-1])
    for y in ys:
        canvas.line(xs[0], y, xs[-1], y)
    canvas.setFont(PDF_FONT, PDF_TEXT_SIZE)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            canvas.drawString(xs[c] + 2, ys[r] - 12, text)
    canvas.saveState()  # the render mode is graphics state: the note's alone
    note = canvas.beginText(xs[INVISIBLE_AT[1]] + 2, ys[INVISIBLE_AT[0]] - 22)
    note.setFont(PDF_FONT, PDF_TEXT_SIZE)
    note.setTextRenderMode(3)
    note.textOut(INVISIBLE_NOTE)
    canvas.drawText(note)
    canvas.restoreState()
    canvas.save()
    return _rows()


def make_on_its_side_html(out: Path) -> list[dict[str, object]]:
    items = [[str(k + 1), it.level_1, it.level_2, it.content, it.time_limit, it.subject,
              "√" if it.proactive else "", "" if it.proactive else "√"] for k, it in enumerate(ITEMS)]
    rows = "".join(f"<tr><th>{field}</th>{''.join(f'<td>{html.escape(item[f])}</td>' for item in items)}</tr>"
                   for f, field in enumerate(HEADER))
    out.write_text(f"<html><head><meta charset='utf-8'><title>公开目录</title></head><body><h2>政府信息公开目录</h2>"
                   f"<table border='1'>{rows}</table></body></html>\n", encoding="utf-8")
    return _rows()


def main() -> None:
    makers = {"stray-right.xlsx": make_stray_right, "table-filter.xlsx": make_table_filter,
              "sheet-filter.ods": make_sheet_filter_ods, "hidden-text-lo.odt": make_hidden_text_odt,
              "invisible-note.pdf": make_invisible_note_pdf, "on-its-side.html": make_on_its_side_html,
              "outline-group.ods": make_outline_group_ods}
    for name, make in makers.items():
        write_expected(HERE / name, make(HERE / name))


if __name__ == "__main__":
    main()
