"""Spreadsheet catalogues printed to PDF, as an office prints them: ruled cells, wrapped
text, print titles (the header rows repeated on every page), A4 landscape.

  national-fit.pdf     the national items on one sheet scaled to the paper's width
                       (the way a catalogue is usually printed): one page
  national-strips.pdf  the same sheet at full size: wider than the paper, so it is printed
                       in three strips of columns (manual column breaks after 公开主体 and
                       after 精准推送), each two pages long (a manual row break after item
                       6), in the default page order "down, then over": pages 1-2 the
                       first strip, 3-4 the second, 5-6 the third
  national-strips-over.pdf  the same, page order "over, then down": pages 1-3 the three
                       strips of items 1-6, pages 4-6 those of items 7-12
  national-strips-text.pdf  as national-strips.pdf, the strips ending after 公开内容（要素）
                       and after 公开主体: the second strip's header is one row
  national-strips-auto.pdf  as national-strips.pdf with no column break of its own: LibreOffice
                       cuts the strips where the paper ends, inside 公开渠道和载体, so the
                       last strip starts with channels under no header of theirs
  national-last-row.pdf  the sheet with wide text columns scaled to the paper, without print
                       titles, a row break before the last item: its row of one line alone
                       on page 2, a ruled table shorter than 20 pt

Expected rows (<name>.expected.json) come from the items (samples/catalogue_data.py),
never from an extraction; an item's page is the page its row starts on in the first
strip, which the breaks fix. Regenerate: `python samples/printed/generate_printed.py`
(openpyxl and LibreOffice; printing needs a CJK font, e.g. Debian's fonts-wqy-microhei,
passed with CJK_FONT_DIR=/path/to/folder).
"""

from __future__ import annotations

import json
import math
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "office"))

import catalogue_data as data  # noqa: E402
import generate_office as office  # noqa: E402

FIRST_ROW = 4  # the title row, then two header rows
SPLIT_AFTER_ITEM = 6  # a manual row break under this item
# Column widths in characters: the label and text columns wide enough for their words,
# one-option columns narrow, as such catalogues are laid out.
WIDTHS = {1: 5, 2: 10, 3: 10, 4: 30, 5: 24, 6: 14, 7: 12}
OPTION_WIDTH = 7
LINE_POINTS, ROW_PADDING = 14, 4  # a wrapped line's height at the default 11 pt, and the cell's margin
# Printed at this scale, each strip fits across the paper and six items down it, so the
# manual breaks alone cut the pages.
PRINT_SCALE = 60
# The strips end after 公开主体 and after 精准推送: each strip's header starts a group.
STRIP_BREAKS = ("公开主体", "精准推送")
# ... or after 公开内容（要素）: the second strip (公开依据 … 公开主体) has a header of one row,
# its cells merged down both header rows, where the first strip's has two.
TEXT_BREAKS = ("公开内容（要素）", "公开主体")
# Content and basis columns wide enough for one line each: scaled to the paper, a row of
# one line is shorter than the 20 pt a ruled table needed to be, as a row alone on a page.
WIDE_TEXT = {4: 60, 5: 80}
CHAR_UNITS = 2.1  # a CJK character's width in Excel's character units (two of "0", with spacing)



def make_sheet(path: Path, *, fit: bool, over_then_down: bool = False, last_alone: bool = False,
               breaks: tuple[str, ...] = STRIP_BREAKS) -> None:
    import openpyxl
    from openpyxl.styles import Alignment, Border, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break

    items = data.NATIONAL_ITEMS
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "标准目录"
    columns = office.national_columns()
    width = len(columns)
    office.write_national_header(ws, width)
    for r, depth, label, rowspan, _ in office.level_spans(list(items), 2):
        ws.cell(FIRST_ROW + r, 2 + depth, label)
        if rowspan > 1:
            ws.merge_cells(start_row=FIRST_ROW + r, start_column=2 + depth,
                           end_row=FIRST_ROW + r + rowspan - 1, end_column=2 + depth)
    for i, it in enumerate(items):
        r = FIRST_ROW + i
        ws.cell(r, 1, it.seq)
        for k, text in enumerate((it.content or "", it.basis or "", it.time[0] if it.time else "", it.subject or "")):
            ws.cell(r, 4 + k, text)
        flags = [state for group in (it.channels, it.audience_opts, it.disclosure, it.tier) for _, state in group or []]
        for k, state in enumerate(flags):
            if state:
                ws.cell(r, 4 + len(office.NATIONAL_FIXED) + k, "√")
    widths = {**WIDTHS, **(WIDE_TEXT if last_alone else {})}
    for c in range(1, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = widths.get(c, OPTION_WIDTH)
    # Row heights as Excel's autofit would make them (openpyxl cannot autofit): the most
    # wrapped lines of any cell of the row.
    for r in range(2, FIRST_ROW + len(items)):
        lines = 1
        for c in range(1, width + 1):
            value = ws.cell(r, c).value
            merged = any(r in range(m.min_row, m.max_row + 1) and c in range(m.min_col, m.max_col + 1) and m.size["rows"] > 1
                         for m in ws.merged_cells.ranges)
            if isinstance(value, str) and value and not merged:
                usable = ws.column_dimensions[get_column_letter(c)].width - 1
                lines = max(lines, math.ceil(len(value) * CHAR_UNITS / usable))
        ws.row_dimensions[r].height = LINE_POINTS * lines + ROW_PADDING
    thin = Side(style="thin")
    for row in ws.iter_rows(min_row=2, max_row=FIRST_ROW + len(items) - 1, max_col=width):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            left = cell.column in (4, 5)  # content and basis read from the left
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="left" if left else "center")
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if last_alone:  # scaled to the paper, no print titles, the last item's row alone on the last page
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.row_breaks.append(Break(id=FIRST_ROW + len(items) - 2))
        book.save(path)
        return
    ws.print_title_rows = "2:3"
    if fit:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    else:
        ws.page_setup.scale = PRINT_SCALE
        ws.row_breaks.append(Break(id=FIRST_ROW + SPLIT_AFTER_ITEM - 1))
        for name in breaks:
            ws.col_breaks.append(Break(id=columns.index(name) + 1))
        if over_then_down:
            ws.page_setup.pageOrder = "overThenDown"
    book.save(path)


def pages_of(fit: bool, over_then_down: bool, last_alone: bool = False) -> list[int]:
    """The page each item's row starts on in the first strip."""
    n = len(data.NATIONAL_ITEMS)
    if last_alone:
        return [1] * (n - 1) + [2]
    if fit:
        return [1] * n
    second = 4 if over_then_down else 2  # the first strip's second page
    return [1 if k < SPLIT_AFTER_ITEM else second for k in range(n)]


STRIP_WARNING = "columns_from_later_page"  # the contract lets a project add codes; this is the tool's
SHEETS = (("national-fit", True, False, False), ("national-strips", False, False, False),
          ("national-strips-over", False, True, False), ("national-last-row", False, False, True),
          ("national-strips-text", False, False, False), ("national-strips-auto", False, False, False))
# Where each sheet's strips end: after these columns.
BREAKS = {"national-strips-text": TEXT_BREAKS, "national-strips-auto": ()}


def main() -> None:
    out = HERE
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        for name, fit, over, alone in SHEETS:
            make_sheet(work / f"{name}.xlsx", fit=fit, over_then_down=over, last_alone=alone,
                       breaks=BREAKS.get(name, STRIP_BREAKS))
            office.soffice(["--convert-to", "pdf", f"{name}.xlsx"], work)
            shutil.copyfile(work / f"{name}.pdf", out / f"{name}.pdf")
            expected = out / f"{name}.expected.json"
            office.write_expected(expected, f"{name}.pdf", office.national_expected_items(), pages_of(fit, over, alone))
            if not fit and not alone:  # every item's further columns are printed on later pages
                doc = json.loads(expected.read_text(encoding="utf-8"))
                for row in doc["rows"]:
                    row["warnings"] = [*row["warnings"], STRIP_WARNING]
                expected.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
