"""Office catalogue samples, each made with its own format's library, and their expected rows.

  national.xlsx       openpyxl: 基层政务公开标准目录 layout, title row merged above two header
                      rows, one √ column per option (the channels under a merged
                      公开渠道和载体, as in the standard's spreadsheets), 序号 as numbers (one a formula with its
                      cached value), an Alt+Enter line break, a hidden row and a hidden column
  district.xlsx       openpyxl: a 说明 sheet, then one sheet per category; Wingdings 2 rich-text
                      runs ("R" ☑, "£" □) beside option labels; the header on the first sheet only
  district.xls        xlwt: the district items on one sheet, Wingdings 2 runs, merges
  district.ods        LibreOffice's conversion of district.xlsx (symbol-font spans in content.xml)
  word-checkboxes.docx python-docx + raw OXML: vertical merges (vMerge), gridSpan, tblHeader rows,
                      the three Word check-box forms (w:sym, w14:checkbox, FORMCHECKBOX) and glyphs,
                      two paragraphs in a content cell
  word-split.docx     python-docx: the catalogue split into two tables by a page-break paragraph
                      inside a merged group (levels and a merged 公开主体 carry on)
  word-split.odt      LibreOffice's conversion of word-split.docx
  word-checkboxes.odt LibreOffice's conversion of word-checkboxes.docx (its check boxes as ODF
                      writes them)
  word-split.doc      LibreOffice's Word 97 export of word-split.odt (see make_conversions)
  word-split.wps      the same export under the Kingsoft WPS Writer name (.wps is Word 97)
  district.et         LibreOffice's Excel 97 export of district.xlsx under the Kingsoft
                      WPS Spreadsheets name (.et is Excel 97)
  word-split.pdf      LibreOffice's print of word-split.docx
  password.xlsx/.docx national.xlsx / word-checkboxes.docx encrypted by msoffcrypto-tool
  password.xls/.doc   district.xlsx / word-split.odt saved by LibreOffice with a password
                      (a Basic macro: its command line cannot pass one)
  national.xlsm, word-checkboxes.docm  the same packages made macro-enabled (content type
                      and a vbaProject.bin part), read as data

Expected rows (<name>.expected.json) come from the items below (samples/catalogue_data.py),
never from an extraction. Regenerate: `python samples/office/generate_office.py` (needs
openpyxl, xlwt, python-docx, msoffcrypto-tool and LibreOffice; printing the PDF needs a CJK font, e.g.
Debian's fonts-wqy-microhei, passed with CJK_FONT_DIR=/path/to/folder).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import catalogue_data as data  # noqa: E402

WD2 = "Wingdings 2"
WD2_CHECKED, WD2_EMPTY = "R", "£"  # Wingdings 2 codes 0x52 ☑ and 0xA3 □
LEVELS_DISTRICT = 6
LEVEL_NAMES = ("一级", "二级", "三级", "四级", "五级", "六级")
DISTRICT_FIELDS = ("公开内容", "公开主体", "公开渠道", "公开时限", "公开属性", "公开方式", "公开对象", "备注")
NATIONAL_FIXED = ("公开内容（要素）", "公开依据", "公开时限", "公开主体")
# Every option group one column per option with "√" or nothing, under a header merged
# across its options (as the 基层政务公开标准目录 spreadsheets have 公开渠道和载体).
NATIONAL_GROUPS = (("公开渠道和载体", data.NATIONAL_CHANNELS), ("公开对象", ("全社会", "特定群体")),
                   ("公开方式", ("主动", "依申请")), ("公开层级", ("县级", "乡级")))
NATIONAL_TITLE = "县级基层政务公开标准目录（社会救助、财政预决算领域）"
DISTRICT_TITLE = "某区政务公开事项目录（2024年版）"
# Remarks written in the 备注 column (→ other_columns under contract v1.1).
REMARKS = {1: "每年更新", 4: "涉密的除外"}


def district_items() -> list[data.Item]:
    """The district items a spreadsheet holds exactly: no PDF-only traps (shifted cells,
    footnote markers, unreadable marks)."""
    return [it for it in data.DISTRICT_ITEMS
            if it.shift is None and it.expected_levels is None and it.style != "box"
            and not any(state is None for group in (it.channels, it.disclosure, it.method) if group
                        for _, state in group)]


def level_spans(items: list[data.Item], n_levels: int) -> list[tuple[int, int, str, int, int]]:
    """(row, depth, label, rowspan, colspan): the PDF generator's merged level cells (a label
    spans the consecutive items sharing it; an item's deepest label spans the columns right of it)."""
    from generate_pdfs import level_cells

    return [(c.row, c.col, str(c.content[0]), c.rowspan, c.colspan) for c in level_cells(items, n_levels, 0) if c.content]


def option_runs(options: data.Options | None, style: str) -> list[tuple[str, bool]]:
    """(text, in Wingdings 2) pieces of an option cell: a mark then its label."""
    out: list[tuple[str, bool]] = []
    for i, (label, state) in enumerate(options or []):
        if i:
            out.append((" ", False))
        if style == "wd2":
            out.append((WD2_CHECKED if state else WD2_EMPTY, True))
        else:
            out.append(("☑" if state else "☐", False))
        out.append((label, False))
    return out


def district_texts(it: data.Item) -> list[str | list[tuple[str, bool]]]:
    return [it.content or "", it.subject or "", option_runs(it.channels, "wd2"), it.time[0] if it.time else "",
            option_runs(it.disclosure, "glyph"), option_runs(it.method, "wd2"), it.audience or ""]


def write_expected(path: Path, source: str, items: list[data.Item], pages: list[int],
                   other: dict[int, dict[str, str]] | None = None) -> None:
    counts: dict[str, int] = {}
    rows = []
    for k, (it, page) in enumerate(zip(items, pages, strict=True)):
        row = data.expected_row(it, source, k + 1, counts, data.RowFacts(page=page))
        row["other_columns"] = {**row["other_columns"], **(other or {}).get(k, {})}  # 序号, then 备注
        rows.append(row)
    doc = {"source": source, "contract_version": "1.1", "rows": rows}
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- spreadsheets (openpyxl)

def _rich(runs: list[tuple[str, bool]]):
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    return CellRichText([TextBlock(InlineFont(rFont=WD2), text) if symbol else text for text, symbol in runs])


def _plain(runs: list[tuple[str, bool]]) -> str:
    return "".join(text for text, _ in runs)


def _write_district_sheet(ws, items: list[data.Item], header: bool, first_row: int = 1) -> None:
    r0 = first_row
    if header:
        ws.cell(r0, 1, "事项类别")
        ws.merge_cells(start_row=r0, start_column=1, end_row=r0, end_column=LEVELS_DISTRICT)
        for k, name in enumerate(DISTRICT_FIELDS):
            ws.cell(r0, LEVELS_DISTRICT + 1 + k, name)
            ws.merge_cells(start_row=r0, start_column=LEVELS_DISTRICT + 1 + k, end_row=r0 + 1,
                           end_column=LEVELS_DISTRICT + 1 + k)
        for k, name in enumerate(LEVEL_NAMES):
            ws.cell(r0 + 1, k + 1, name)
        r0 += 2
    for r, depth, label, rowspan, colspan in level_spans(items, LEVELS_DISTRICT):
        ws.cell(r0 + r, depth + 1, label)
        if rowspan > 1 or colspan > 1:
            ws.merge_cells(start_row=r0 + r, start_column=depth + 1, end_row=r0 + r + rowspan - 1,
                           end_column=depth + colspan)
    for r, it in enumerate(items):
        for k, value in enumerate(district_texts(it)):
            ws.cell(r0 + r, LEVELS_DISTRICT + 1 + k, _rich(value) if isinstance(value, list) else value)


def make_district_xlsx(out: Path) -> None:
    import openpyxl

    items = district_items()
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "说明"
    for r, line in enumerate(("填表说明：", "1. 本目录按事项类别分表。", "2. ☑ 表示选中，□ 表示未选。"), start=1):
        notes.cell(r, 1, line)
    groups: dict[str, list[int]] = {}
    for k, it in enumerate(items):
        groups.setdefault(it.levels[0], []).append(k)
    pages: dict[int, int] = {}
    other: dict[int, dict[str, str]] = {}
    for n, (name, indexes) in enumerate(groups.items()):
        ws = book.create_sheet(name[:31])
        # The header on the first sheet only: later sheets are the table going on.
        _write_district_sheet(ws, [items[k] for k in indexes], header=n == 0)
        first = 3 if n == 0 else 1
        for j, k in enumerate(indexes):
            pages[k] = n + 2
            if k in REMARKS:
                ws.cell(first + j, LEVELS_DISTRICT + len(DISTRICT_FIELDS), REMARKS[k])
                other[k] = {"备注": REMARKS[k]}
    book.save(out / "district.xlsx")
    write_expected(out / "district.expected.json", "district.xlsx", items, [pages[k] for k in range(len(items))], other)


NATIONAL_HIDDEN_ITEM = 3  # a row hidden after this item (an item withdrawn from the catalogue)
NATIONAL_FORMULA_ITEM = 2  # its 序号 is a formula, =ROW()-3


def national_columns() -> list[str]:
    return ["序号", "一级事项", "二级事项", *NATIONAL_FIXED, *(name for _, names in NATIONAL_GROUPS for name in names)]


def write_national_header(ws, width: int) -> None:
    """The title row merged across `width` columns, then the two header rows: 公开事项 over
    一级事项 and 二级事项, each option group merged over its options."""
    ws.cell(1, 1, NATIONAL_TITLE)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(2, 1, "序号")
    ws.merge_cells("A2:A3")
    ws.cell(2, 2, "公开事项")
    ws.merge_cells("B2:C2")
    ws.cell(3, 2, "一级事项")
    ws.cell(3, 3, "二级事项")
    for k, name in enumerate(NATIONAL_FIXED):
        ws.cell(2, 4 + k, name)
        ws.merge_cells(start_row=2, start_column=4 + k, end_row=3, end_column=4 + k)
    col = 4 + len(NATIONAL_FIXED)
    for group, names in NATIONAL_GROUPS:
        ws.cell(2, col, group)
        ws.merge_cells(start_row=2, start_column=col, end_row=2, end_column=col + len(names) - 1)
        for k, name in enumerate(names):
            ws.cell(3, col + k, name)
        col += len(names)


def make_national_xlsx(out: Path) -> None:
    import openpyxl

    items = data.NATIONAL_ITEMS
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "标准目录"
    columns = national_columns()
    width = len(columns) + 1  # + a hidden column (内部编号), left of nothing in the contract
    write_national_header(ws, width)
    ws.cell(2, width, "内部编号")
    ws.column_dimensions[openpyxl.utils.get_column_letter(width)].hidden = True
    rows: list[data.Item | None] = list(items[: NATIONAL_HIDDEN_ITEM + 1]) + [None] + list(items[NATIONAL_HIDDEN_ITEM + 1:])
    first = 4
    real = [it for it in rows if it is not None]
    spans = level_spans(real, 2)
    row_of = [first + i for i, it in enumerate(rows) if it is not None]
    for r, depth, label, rowspan, _ in spans:
        top, bottom = row_of[r], row_of[r + rowspan - 1]
        ws.cell(top, 2 + depth, label)
        if bottom > top:
            ws.merge_cells(start_row=top, start_column=2 + depth, end_row=bottom, end_column=2 + depth)
    formula_cells = {}
    for i, it in enumerate(rows):
        r = first + i
        ws.cell(r, width, f"NB-{i:03d}")
        if it is None:  # the hidden row: a withdrawn item, not in the catalogue
            ws.cell(r, 4, "已撤销事项（隐藏）")
            ws.row_dimensions[r].hidden = True
            continue
        if it.seq == NATIONAL_FORMULA_ITEM:
            ws.cell(r, 1, f"=ROW()-{first - 1}")
            formula_cells[f"A{r}"] = r - first + 1
        else:
            ws.cell(r, 1, float(it.seq or 0))  # 序号 stored as 1.0, shown as 1
        content = it.content or ""
        if it.seq == 1:
            content = content.replace("、", "、\n", 1)  # an Alt+Enter line break
        for k, text in enumerate((content, it.basis or "", it.time[0] if it.time else "", it.subject or "")):
            ws.cell(r, 4 + k, text)
        flags = [state for group in (it.channels, it.audience_opts, it.disclosure, it.tier) for _, state in group or []]
        for k, state in enumerate(flags):
            if state:
                ws.cell(r, 4 + len(NATIONAL_FIXED) + k, "√")
    path = out / "national.xlsx"
    book.save(path)
    _set_cached_values(path, "xl/worksheets/sheet1.xml", formula_cells)
    write_expected(out / "national.expected.json", "national.xlsx", national_expected_items(), [1] * len(items))


UNCOMPUTED_FORMULA = "=CONCATENATE(\"政务\",\"公开\")"  # a level label written as a formula


def make_uncomputed_xlsx(out: Path) -> None:
    """national.xlsx's first items as a library that does not calculate writes them:
    one level cell a formula with no cached value (openpyxl's `<f>` and empty `<v>`)."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "目录"
    ws.append(national_columns()[:7])
    for it in data.NATIONAL_ITEMS[:3]:
        ws.append([it.seq, *(it.levels + ("",) * 2)[:2], it.content, it.basis, it.time[0] if it.time else "",
                   it.subject])
    ws.cell(3, 3, UNCOMPUTED_FORMULA)
    book.save(out / "uncomputed.xlsx")


def national_expected_items() -> list[data.Item]:
    """The national items as national.xlsx prints them: every group one option a column,
    so a channel that no column names (档案馆) stays null, as 不予公开 does."""
    from dataclasses import replace

    return [replace(it, columns=(*it.columns, "channel")) for it in data.NATIONAL_ITEMS]


def _set_cached_values(path: Path, part: str, values: dict[str, int]) -> None:
    """Give formulas the cached values Excel would store (openpyxl writes none)."""
    with zipfile.ZipFile(path) as package:
        parts = {info: package.read(info) for info in package.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for info, blob in parts.items():
            if info.filename == part:
                xml = blob.decode("utf-8")
                for ref, value in values.items():
                    xml, n = re.subn(rf'(<c r="{ref}"[^>]*>)<f>([^<]*)</f><v\s*/?>(</v>)?', rf"\1<f>\2</f><v>{value}</v>", xml)
                    assert n == 1, ref
                blob = xml.encode("utf-8")
            package.writestr(info, blob)


# ---------------------------------------------------------------- .xls (xlwt)

def make_district_xls(out: Path) -> None:
    import xlwt

    items = district_items()
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("目录")
    wd2 = xlwt.Font()
    wd2.name = WD2
    plain = xlwt.Font()
    plain.name = "宋体"
    wrap = xlwt.easyxf("align: wrap on")
    ws.write_merge(0, 0, 0, LEVELS_DISTRICT + len(DISTRICT_FIELDS) - 1, DISTRICT_TITLE)
    ws.write_merge(1, 1, 0, LEVELS_DISTRICT - 1, "事项类别")
    for k, name in enumerate(DISTRICT_FIELDS):
        ws.write_merge(1, 2, LEVELS_DISTRICT + k, LEVELS_DISTRICT + k, name)
    for k, name in enumerate(LEVEL_NAMES):
        ws.write(2, k, name)
    first = 3
    for r, depth, label, rowspan, colspan in level_spans(items, LEVELS_DISTRICT):
        ws.write_merge(first + r, first + r + rowspan - 1, depth, depth + colspan - 1, label)
    other = {}
    for r, it in enumerate(items):
        for k, value in enumerate(district_texts(it)):
            if isinstance(value, list):
                ws.write_rich_text(first + r, LEVELS_DISTRICT + k, [(text, wd2 if sym else plain) for text, sym in value], wrap)
            else:
                ws.write(first + r, LEVELS_DISTRICT + k, value, wrap)
        if r in REMARKS:
            ws.write(first + r, LEVELS_DISTRICT + len(DISTRICT_FIELDS) - 1, REMARKS[r])
            other[r] = {"备注": REMARKS[r]}
    book.save(str(out / "district.xls"))
    write_expected(out / "district-xls.expected.json", "district.xls", items, [1] * len(items), other)


# ---------------------------------------------------------------- Word (python-docx + raw OXML)

def _oxml(tag: str, **attrs: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(key.replace("_", ":", 1)), value)
    return element


def _sym(paragraph, checked: bool) -> None:
    run = paragraph.add_run()
    run._element.append(_oxml("w:sym", w_font=WD2, w_char="F052" if checked else "F0A3"))


def _content_control(paragraph, checked: bool) -> None:
    """A Word 2010 check-box content control showing ☒ or ☐ in MS Gothic."""
    sdt = _oxml("w:sdt")
    pr = _oxml("w:sdtPr")
    box = _oxml("w14:checkbox")
    box.append(_oxml("w14:checked", w14_val="1" if checked else "0"))
    box.append(_oxml("w14:checkedState", w14_val="2612", w14_font="MS Gothic"))
    box.append(_oxml("w14:uncheckedState", w14_val="2610", w14_font="MS Gothic"))
    pr.append(box)
    sdt.append(pr)
    content = _oxml("w:sdtContent")
    run = _oxml("w:r")
    text = _oxml("w:t")
    text.text = "☒" if checked else "☐"
    run.append(text)
    content.append(run)
    sdt.append(content)
    paragraph._p.append(sdt)


def _form_checkbox(paragraph, checked: bool) -> None:
    """A legacy FORMCHECKBOX field: begin (with w:ffData), field code, end."""
    begin_run = _oxml("w:r")
    begin = _oxml("w:fldChar", w_fldCharType="begin")
    ff = _oxml("w:ffData")
    ff.append(_oxml("w:name", w_val="Check1"))
    ff.append(_oxml("w:enabled"))
    box = _oxml("w:checkBox")
    box.append(_oxml("w:sizeAuto"))
    box.append(_oxml("w:default", w_val="0"))
    if checked:
        box.append(_oxml("w:checked"))
    ff.append(box)
    begin.append(ff)
    begin_run.append(begin)
    code_run = _oxml("w:r")
    code = _oxml("w:instrText")
    code.text = " FORMCHECKBOX "
    code_run.append(code)
    end_run = _oxml("w:r")
    end_run.append(_oxml("w:fldChar", w_fldCharType="end"))
    for run in (begin_run, code_run, end_run):
        paragraph._p.append(run)


MARK_WRITERS = {
    "sym": _sym,
    "sdt": _content_control,
    "form": _form_checkbox,
    "glyph": lambda paragraph, checked: paragraph.add_run("☑" if checked else "□"),
}


def _write_options(cell, options: data.Options | None, form: str) -> None:
    paragraph = cell.paragraphs[0]
    for i, (label, state) in enumerate(options or []):
        if i:
            paragraph.add_run(" ")
        MARK_WRITERS[form](paragraph, bool(state))
        paragraph.add_run(label)


def _merge_down(table, top: int, col: int, rowspan: int, colspan: int) -> None:
    if rowspan > 1 or colspan > 1:
        table.cell(top, col).merge(table.cell(top + rowspan - 1, col + colspan - 1))


def _header_rows(table) -> None:
    from docx.oxml.ns import qn

    table.cell(0, 0).merge(table.cell(0, LEVELS_DISTRICT - 1)).text = "事项类别"
    for k, name in enumerate(DISTRICT_FIELDS):
        table.cell(0, LEVELS_DISTRICT + k).merge(table.cell(1, LEVELS_DISTRICT + k)).text = name
    for k, name in enumerate(LEVEL_NAMES):
        table.cell(1, k).text = name
    for row in table.rows[:2]:  # repeated at the top of each printed page
        row._tr.get_or_add_trPr().append(_oxml("w:tblHeader"))
        assert row._tr.trPr.find(qn("w:tblHeader")) is not None


def _district_table(doc, items: list[data.Item], header: bool, forms: list[str] | None,
                    subject_spans: list[tuple[int, int]] = ()):
    """A district table; `forms` picks each item's channel check-box form."""
    n_head = 2 if header else 0
    table = doc.add_table(rows=n_head + len(items), cols=LEVELS_DISTRICT + len(DISTRICT_FIELDS))
    table.style = "Table Grid"
    if header:
        _header_rows(table)
    for r, depth, label, rowspan, colspan in level_spans(items, LEVELS_DISTRICT):
        table.cell(n_head + r, depth).text = label
        _merge_down(table, n_head + r, depth, rowspan, colspan)
    subject_col = LEVELS_DISTRICT + 1
    covered = {r for top, span in subject_spans for r in range(top + 1, top + span)}
    for r, it in enumerate(items):
        row = n_head + r
        cells = table.rows[row].cells
        content = it.content or ""
        if content.count("。") >= 2:  # two sentences: two paragraphs in the cell
            first, rest = content.split("。", 1)
            cells[LEVELS_DISTRICT].text = first + "。"
            cells[LEVELS_DISTRICT].add_paragraph(rest)
        else:
            cells[LEVELS_DISTRICT].text = content
        if r not in covered:
            cells[subject_col].text = it.subject or ""
        form = (forms or ["sym"])[r % len(forms or ["sym"])]
        _write_options(cells[LEVELS_DISTRICT + 2], it.channels, form)
        cells[LEVELS_DISTRICT + 3].text = it.time[0] if it.time else ""
        _write_options(cells[LEVELS_DISTRICT + 4], it.disclosure, "glyph")
        _write_options(cells[LEVELS_DISTRICT + 5], it.method, "sym")
        cells[LEVELS_DISTRICT + 6].text = it.audience or ""
    for top, span in subject_spans:
        _merge_down(table, n_head + top, subject_col, span, 1)
    return table


def _landscape(doc) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.2))
    style = doc.styles["Normal"]
    style.font.size = Pt(7)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "WenQuanYi Micro Hei")


def make_word_checkboxes(out: Path) -> None:
    from docx import Document

    items = district_items()[:10]
    doc = Document()
    _landscape(doc)
    doc.add_paragraph(DISTRICT_TITLE)
    _district_table(doc, items, header=True, forms=["sym", "sdt", "form", "glyph"])
    doc.save(str(out / "word-checkboxes.docx"))
    write_expected(out / "word-checkboxes.expected.json", "word-checkboxes.docx", items, [1] * len(items))


# The split: this many items in the first table. The 机关简介 group (items 5-8) and the
# merged 公开主体 of items 6-7 run over the page break.
SPLIT_AT = 7
SUBJECT_SPAN = (5, 3)  # (first item, items): a merged 公开主体 that crosses the split


def split_items() -> list[data.Item]:
    items = [it for it in district_items()[:12]]
    top, span = SUBJECT_SPAN
    shared = items[top].subject
    return [data.Item(**{**it.__dict__, "subject": shared}) if top <= k < top + span else it
            for k, it in enumerate(items)]


def make_word_split(out: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_BREAK

    items = split_items()
    doc = Document()
    _landscape(doc)
    doc.add_paragraph(DISTRICT_TITLE)
    top, span = SUBJECT_SPAN
    _district_table(doc, items[:SPLIT_AT], header=True, forms=["sym"], subject_spans=[(top, SPLIT_AT - top)])
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    second = _district_table(doc, items[SPLIT_AT:], header=False, forms=["sym"],
                             subject_spans=[(0, top + span - SPLIT_AT)])
    # The rest of the merged groups: empty cells at the top of the second table, as Word
    # leaves them when a table is split (the label stays in the first part).
    second.cell(0, LEVELS_DISTRICT + 1).text = ""
    before, after = items[SPLIT_AT - 1].levels, items[SPLIT_AT].levels
    for depth in range(min(len(before), len(after)) - 1):
        if before[: depth + 1] == after[: depth + 1]:
            second.cell(0, depth).text = ""
    doc.save(str(out / "word-split.docx"))
    pages = [1 if k < SPLIT_AT else 2 for k in range(len(items))]
    write_expected(out / "word-split.expected.json", "word-split.docx", items, pages)


# ---------------------------------------------------------------- LibreOffice conversions

def soffice(args: list[str], cwd: Path, profile: Path | None = None) -> None:
    """LibreOffice headless, with a throw-away profile unless one is given."""
    env = dict(os.environ)
    fonts = os.environ.get("CJK_FONT_DIR")
    with tempfile.TemporaryDirectory() as scratch:
        if fonts:  # a private font folder for printing (never installed system-wide)
            conf = Path(scratch) / "fonts.conf"
            conf.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                            f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{fonts}</dir>'
                            f"<cachedir>{scratch}/cache</cachedir></fontconfig>", encoding="utf-8")
            env["FONTCONFIG_FILE"] = str(conf)
        subprocess.run([shutil.which("soffice") or "soffice", f"-env:UserInstallation={(profile or Path(scratch) / 'lo').as_uri()}",
                        "--headless", *args], cwd=cwd, env=env, check=True, capture_output=True, timeout=300)


# A Basic macro that saves a document with a password to open: LibreOffice's command line
# cannot pass one, its storeToURL can (an RC4-encrypted .xls, an encrypted Word 97 .doc).
SAVE_WITH_PASSWORD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub SaveWithPassword(source As String, target As String, filter As String, secret As String)
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = &quot;Hidden&quot;
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(source), &quot;_blank&quot;, 0, load())
  Dim store(1) As New com.sun.star.beans.PropertyValue
  store(0).Name = &quot;FilterName&quot;
  store(0).Value = filter
  store(1).Name = &quot;Password&quot;
  store(1).Value = secret
  doc.storeToURL(ConvertToURL(target), store())
  doc.close(True)
End Sub
</script:module>
"""
PASSWORD = "catalogue"  # the samples' password; the tool never asks for one


def save_with_password(jobs: list[tuple[str, str, str]], out: Path) -> None:
    """(source, target, LibreOffice filter) each saved encrypted, through the macro above."""
    with tempfile.TemporaryDirectory() as folder:
        profile = Path(folder) / "lo"
        soffice(["--terminate_after_init"], out, profile)  # lays out the profile and its Standard library
        (profile / "user" / "basic" / "Standard" / "Module1.xba").write_text(SAVE_WITH_PASSWORD, encoding="utf-8")
        for source, target, filter_name in jobs:
            soffice([f'macro:///Standard.Module1.SaveWithPassword("{out / source}","{out / target}",'
                     f'"{filter_name}","{PASSWORD}")'], out, profile)
            assert (out / target).is_file(), target


def make_encrypted(out: Path) -> None:
    """The same catalogues saved with a password to open, in the four ways files carry one."""
    import msoffcrypto.format.ooxml

    for source, target in (("national.xlsx", "password.xlsx"), ("word-checkboxes.docx", "password.docx")):
        with (out / source).open("rb") as plain, (out / target).open("wb") as locked:
            msoffcrypto.format.ooxml.OOXMLFile(plain).encrypt(PASSWORD, locked)
    save_with_password([("district.xlsx", "password.xls", "MS Excel 97"),
                        ("word-split.odt", "password.doc", "MS Word 97")], out)


# A macro-enabled package: its main part's content type and a vbaProject.bin part. The
# part's bytes are a stand-in (nothing here writes VBA); the readers never open it, and
# never run anything, which is what the samples show.
MACRO_PARTS = {
    "national.xlsx": ("national.xlsm", "xl/workbook.xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml"),
    "word-checkboxes.docx": ("word-checkboxes.docm", "word/document.xml",
                             "application/vnd.ms-word.document.macroEnabled.main+xml"),
}
VBA_PROJECT = b"Attribute VB_Name = \"Module1\"\r\nSub Auto_Open()\r\n  MsgBox \"a macro ran\"\r\nEnd Sub\r\n"
VBA_RELATIONSHIP = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"


def make_macro_enabled(out: Path) -> None:
    for source, (target, main, content_type) in MACRO_PARTS.items():
        folder, name = main.rsplit("/", 1)
        rels = f"{folder}/_rels/{name}.rels"
        with zipfile.ZipFile(out / source) as package:
            parts = {info.filename: package.read(info) for info in package.infolist()}
        types = parts["[Content_Types].xml"].decode("utf-8")
        types, n = re.subn(rf'(<Override PartName="/{re.escape(main)}" ContentType=")[^"]*"', rf'\1{content_type}"', types)
        assert n == 1, main
        types = types.replace("</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
        parts["[Content_Types].xml"] = types.encode("utf-8")
        parts[rels] = parts[rels].decode("utf-8").replace(
            "</Relationships>", f'<Relationship Id="rIdVba" Type="{VBA_RELATIONSHIP}" Target="vbaProject.bin"/>'
                                "</Relationships>").encode("utf-8")
        parts[f"{folder}/vbaProject.bin"] = VBA_PROJECT
        with zipfile.ZipFile(out / target, "w", zipfile.ZIP_DEFLATED) as package:
            for part, blob in parts.items():
                package.writestr(part, blob)


def make_conversions(out: Path) -> None:
    soffice(["--convert-to", "ods", "district.xlsx"], out)
    # Kingsoft WPS writes .et as Excel 97 (BIFF8) and .wps as Word 97: LibreOffice's own
    # type registry lists those extensions under its Excel 97 and Word 97 filters.
    soffice(["--convert-to", "et:MS Excel 97", "district.xlsx"], out)
    soffice(["--convert-to", "odt", "word-split.docx"], out)
    # The three Word check-box forms as ODF has them: content controls (loext:content-control
    # with the glyph), legacy form fields (an empty field:fieldmark, its state a param).
    soffice(["--convert-to", "odt", "word-checkboxes.docx"], out)
    # The Word 97 files are written from the .odt: LibreOffice 7.4's one-step .docx → .doc
    # export writes the second table's rows without their table marks (the text is in
    # the file; read back, it is a paragraph), while .docx → .odt → .doc keeps both tables.
    soffice(["--convert-to", "doc:MS Word 97", "word-split.odt"], out)
    soffice(["--convert-to", "wps:MS Word 97", "word-split.odt"], out)
    if os.environ.get("CJK_FONT_DIR"):
        soffice(["--convert-to", "pdf", "word-split.docx"], out)


def main() -> None:
    make_national_xlsx(HERE)
    make_uncomputed_xlsx(HERE)
    make_district_xlsx(HERE)
    make_district_xls(HERE)
    make_word_checkboxes(HERE)
    make_word_split(HERE)
    make_conversions(HERE)
    make_encrypted(HERE)
    make_macro_enabled(HERE)


if __name__ == "__main__":
    main()
