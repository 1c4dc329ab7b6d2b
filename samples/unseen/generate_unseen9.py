"""Catalogues of the ninth round's unfamiliar layouts, and the rows they must give.

  picture-ticks.docx  a Word catalogue whose ticks are small pictures: each checked option
                 of 公开方式 and 公开渠道 has a tick picture inserted in front of its name (as
                 one does where the font has no ✓), each unchecked one a typed □
  picture-ticks.pdf  the same document printed to PDF by LibreOffice: the ticks are image
                 objects beside the names, no glyph at all
  picture-ticks.xlsx  a sheet with one option a column (主动 | 依申请 under 公开方式, the
                 channels under 公开渠道), a tick picture anchored in each checked cell and
                 the cell itself empty, as a tick pasted over a cell
  picture-stray.docx  picture-ticks.docx with a picture of another kind, at a mark's
                 size, after the title and in the first item's 公开主体 cell
  picture-stray.pdf  picture-stray.docx printed to PDF by LibreOffice
  picture-stray.xlsx  picture-ticks.xlsx with an icon of another kind, at a mark's size,
                 where no option is: right of the header, in a 公开主体 cell, under the table
  picture-boxes.xlsx  the same sheet with a second picture, an empty box, in each unchecked
                 cell: two pictures, which is the tick cannot be told from where they sit
  mixed-numbers.csv  sections numbered 一、 with items numbered （一） under one and 1. under
                 the other; a section's number alone in 序号 and its title in 事项名称, the
                 column its items fill too (a sheet saved as CSV: no merge says it is a title)
  heading-first.pdf  a header of two rows (事项类别 over 一级 | 二级 | 三级) on the first page
                 only, each page's first body row a heading row of two labels under it:
                 `--pages 2` must take no row of page 1 for an item
  flat-numbers.csv  a flat list numbered 一、 to 五、, one item a row, the third with nothing
                 past its name: an item, no section title over the two after it
  title-over-levels.csv  two level columns, the second group's title on a row of its own
                 (二、 | 财政信息) over items whose 一级 cells are empty
  picture-cells-wps.xlsx  picture-ticks.xlsx's sheet with each tick embedded in its cell as
                 WPS Spreadsheets does (图片嵌入单元格): the cell's formula DISPIMG("ID_…",1),
                 cached as that text, and the picture in WPS's own part xl/cellimages.xml
  picture-cells-wps-boxes.xlsx  the same with an empty box's picture embedded in each
                 unchecked cell, as picture-boxes.xlsx
  picture-cells-wps-qr.xlsx  picture-cells-wps.xlsx with a column 二维码 whose every cell
                 holds a picture of another kind: no mark, and a note that those cells
                 were read as empty
  contact-header.pdf  header-once.pdf's ruled table with a 联系方式 column of two, 电话 | 地址,
                 under it in a second header row whose other cells are blank (not merged
                 down), the header on the first page only: `--pages 2-3` must name the
                 columns as the whole run does

Expected rows (<name>.expected.json) come from the data here and of generate_unseen.py
and generate_unseen8.py, never from an extraction. Regenerate:
`python samples/unseen/generate_unseen9.py` (python-docx, openpyxl, Pillow, reportlab, and
LibreOffice with a CJK font for the PDF, CJK_FONT_DIR as in generate_unseen8.py); it writes
only the files above.
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "office"))

import generate_office as office  # noqa: E402
from generate_sheet_words import _fix_zip_dates  # noqa: E402
from generate_unseen import CHANNEL_FIELDS, CHANNELS, PDF_ITEMS, _save  # noqa: E402
from generate_unseen8 import (  # noqa: E402
    ONCE_HEADER,
    ONCE_TITLE,
    ONCE_WIDTHS,
    RuledTable,
    draw_ruled,
    landscape_document,
    new_canvas,
    once_pages,
    page_top,
    write_expected,
)

# ---------------------------------------------------------------- pictures as ticks

TICK_PIXELS = 48  # the pictures' side in pixels; placed at about a glyph's size
TICK_POINTS = 9.0  # the size a picture is shown at, as the 9-point text beside it
PICTURE_ITEMS = PDF_ITEMS[:6]  # three 一级事项 groups: one page of the PDF


def _picture(tick: bool) -> bytes:
    """A black tick, or an empty box, on white: a PNG with no alpha (written the same each time)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (TICK_PIXELS, TICK_PIXELS), "white")
    draw = ImageDraw.Draw(image)
    s = TICK_PIXELS
    if tick:
        draw.line([(s * 0.15, s * 0.55), (s * 0.4, s * 0.8), (s * 0.85, s * 0.2)], fill="black", width=s // 8)
    else:
        draw.rectangle([(s * 0.12, s * 0.12), (s * 0.88, s * 0.88)], outline="black", width=s // 12)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def _on_request(k: int) -> bool:
    """Every fourth item is disclosed on request, the others proactively."""
    return k % 4 == 3


def picture_expected(page_of: list[int]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for k, (level_1, level_2, content, time, days, kind, subject, channels) in enumerate(PICTURE_ITEMS):
        fields = {f for name in channels for f in CHANNEL_FIELDS[name]}
        rows.append({
            "page": page_of[k], "item_no": k + 1, "item_key": f"{level_1} / {level_2}",
            "level_1": level_1, "level_2": level_2, "level_3": None, "content": content, "subject": subject,
            "time_limit": time, "time_limit_days": days, "time_limit_kind": kind,
            "disclosure_proactive": not _on_request(k), "disclosure_on_request": _on_request(k),
            **{f: f in fields for name in CHANNEL_FIELDS for f in CHANNEL_FIELDS[name]},
            "channels_extra": [], "warnings": [], "other_columns": {"序号": str(k + 1)},
        })
    return rows


PICTURE_HEADER = ("序号", "一级事项", "二级事项", "公开内容", "公开时限", "公开主体", "公开方式", "公开渠道")


def make_picture_docx(out: Path, stray: bool = False) -> list[dict[str, object]]:
    """The ticks as inline pictures in the cells' runs, the unticked options as □. With
    `stray`, a picture of another kind at a mark's size where no option is: after the
    title and before the first item's 公开主体."""
    from docx.shared import Pt

    tick = _picture(True)
    doc = landscape_document()
    if stray:
        doc.paragraphs[0].add_run().add_picture(io.BytesIO(_picture(False)), width=Pt(TICK_POINTS),
                                                height=Pt(TICK_POINTS))
    table = doc.add_table(rows=len(PICTURE_ITEMS) + 1, cols=len(PICTURE_HEADER))
    table.style = "Table Grid"
    for c, name in enumerate(PICTURE_HEADER):
        table.cell(0, c).text = name
    last = None
    for k, (level_1, level_2, content, time, _, _, subject, channels) in enumerate(PICTURE_ITEMS):
        row = table.rows[k + 1].cells
        for c, text in enumerate((str(k + 1), level_1 if level_1 != last else "", level_2, content, time, subject)):
            row[c].text = text
        last = level_1
        if stray and not k:
            row[5].paragraphs[0].insert_paragraph_before().add_run().add_picture(
                io.BytesIO(_picture(False)), width=Pt(TICK_POINTS), height=Pt(TICK_POINTS))
        for cell, options in ((row[6], {"主动公开": not _on_request(k), "依申请公开": _on_request(k)}),
                              (row[7], {name: name in channels for name in CHANNELS})):
            paragraph = cell.paragraphs[0]
            for n, (name, on) in enumerate(options.items()):
                if on:
                    paragraph.add_run().add_picture(io.BytesIO(tick), width=Pt(TICK_POINTS), height=Pt(TICK_POINTS))
                paragraph.add_run(f"{name}" if on else f"□{name}")
                if n < len(options) - 1:
                    paragraph.add_run(" ")
    doc.save(out)
    _fix_zip_dates(out)
    return picture_expected([1] * len(PICTURE_ITEMS))


def make_picture_pdf(out: Path, docx: Path) -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        shutil.copyfile(docx, work / "picture-ticks.docx")
        office.soffice(["--convert-to", "pdf", "picture-ticks.docx"], work)
        shutil.copyfile(work / "picture-ticks.pdf", out)
    return picture_expected([1] * len(PICTURE_ITEMS))


SHEET_HEADER = ("序号", "一级事项", "二级事项", "公开内容", "公开时限", "公开主体", "公开方式", "", *("公开渠道", "", "")[:len(CHANNELS)])
SHEET_SUBHEADER = ("", "", "", "", "", "", "主动", "依申请", *CHANNELS)


def _picture_sheet():  # type: ignore[no-untyped-def]
    """A workbook whose sheet 目录 has the two header rows (公开方式 and 公开渠道 over one
    option a column), merged as a sheet has them; the workbook and the sheet."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "目录"
    sheet.append(SHEET_HEADER)
    sheet.append(SHEET_SUBHEADER)
    for c in range(6):
        sheet.merge_cells(start_row=1, start_column=c + 1, end_row=2, end_column=c + 1)
    sheet.merge_cells(start_row=1, start_column=7, end_row=1, end_column=8)
    sheet.merge_cells(start_row=1, start_column=9, end_row=1, end_column=8 + len(CHANNELS))
    return book, sheet


def make_picture_xlsx(out: Path, boxes: bool, stray: bool = False) -> list[dict[str, object]]:
    """One option a column; a tick picture anchored in each checked cell (and, with
    `boxes`, an empty box's picture in each unchecked one), the cells left empty. With
    `stray`, an icon of another kind at a mark's size where no option is: in the empty
    header cell right of the last channel, in the first item's 公开主体 cell, and in an
    empty cell under the table."""
    import openpyxl
    from openpyxl.drawing.image import Image

    tick, box = _picture(True), _picture(False)
    book, sheet = _picture_sheet()
    last = None
    for k, (level_1, level_2, content, time, _, _, subject, channels) in enumerate(PICTURE_ITEMS):
        r = k + 3
        sheet.append((str(k + 1), level_1 if level_1 != last else "", level_2, content, time, subject))
        last = level_1
        ticks = [not _on_request(k), _on_request(k), *(name in channels for name in CHANNELS)]
        for c, on in enumerate(ticks, start=7):
            if not on and not boxes:
                continue
            picture = Image(io.BytesIO(tick if on else box))
            picture.width = picture.height = 12  # pixels: 9 points, inside the cell
            sheet.add_image(picture, f"{openpyxl.utils.get_column_letter(c)}{r}")
    if stray:
        for row, col in ((1, 9 + len(CHANNELS)), (3, 6), (len(PICTURE_ITEMS) + 4, 2)):
            picture = Image(io.BytesIO(box))
            picture.width = picture.height = 12
            sheet.add_image(picture, f"{openpyxl.utils.get_column_letter(col)}{row}")
    _save(book, out)
    return picture_expected([1] * len(PICTURE_ITEMS))


# ---------------------------------------------------------------- picture-cells-wps.xlsx

WPS_CELL_IMAGE_TYPE = "http://www.wps.cn/officeDocument/2020/cellImage"
WPS_CELL_IMAGES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<etc:cellImages xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" \
xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" \
xmlns:etc="http://www.wps.cn/officeDocument/2017/etCustomData">{}</etc:cellImages>"""
WPS_CELL_IMAGE = ('<etc:cellImage><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="{n}" name="{name}" descr=""/><xdr:cNvPicPr/>'
                  '</xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rId{n}"/><a:stretch><a:fillRect/></a:stretch>'
                  '</xdr:blipFill><xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="114300" cy="114300"/></a:xfrm>'
                  '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic></etc:cellImage>')
WPS_TICK_ID, WPS_BOX_ID = "ID_8F2A6C1D0B3E4F5A9C7D6E1F2A3B4C5D", "ID_1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F"


def make_picture_cells_wps(out: Path, boxes: bool, qr: bool = False) -> list[dict[str, object]]:
    """picture-ticks.xlsx's sheet as WPS writes a picture embedded in a cell (图片嵌入单元格):
    the cell holds the formula DISPIMG("ID_…",1) with that formula's text as its cached
    value, and xl/cellimages.xml (a part of WPS's own namespace, related from the
    workbook) names the picture by that id; with `boxes`, an empty box's picture in
    each unchecked cell too; with `qr`, a column 二维码 after the channels whose every
    cell holds a picture (the box's, standing for a QR code) and no option."""
    import re
    import zipfile


    book, sheet = _picture_sheet()
    last = None
    for k, (level_1, level_2, content, time, _, _, subject, channels) in enumerate(PICTURE_ITEMS):
        ticks = [not _on_request(k), _on_request(k), *(name in channels for name in CHANNELS)]
        tick, box = (f'=_xlfn.DISPIMG("{name}",1)' for name in (WPS_TICK_ID, WPS_BOX_ID))
        sheet.append((str(k + 1), level_1 if level_1 != last else "", level_2, content, time, subject,
                      *(tick if on else box if boxes else None for on in ticks), *((box,) if qr else ())))
        last = level_1
    if qr:
        sheet.cell(row=1, column=len(SHEET_HEADER) + 1, value="二维码")
        sheet.merge_cells(start_row=1, start_column=len(SHEET_HEADER) + 1, end_row=2, end_column=len(SHEET_HEADER) + 1)
    with tempfile.TemporaryDirectory() as scratch:
        plain = Path(scratch) / "plain.xlsx"
        _save(book, plain)
        with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename == "xl/worksheets/sheet1.xml":  # WPS caches the formula's own text as a string
                    data = re.sub(rb'<c r="([A-Z]+\d+)"><f>_xlfn\.DISPIMG\(([^<]*)\)</f><v\s*/?>(?:</v>)?',
                                  rb'<c r="\1" t="str"><f>_xlfn.DISPIMG(\2)</f><v>=DISPIMG(\2)</v>', data)
                elif info.filename == "xl/_rels/workbook.xml.rels":
                    data = data.replace(b"</Relationships>", f'<Relationship Id="rIdWps" Type="{WPS_CELL_IMAGE_TYPE}" '
                                        'Target="cellimages.xml"/></Relationships>'.encode())
                elif info.filename == "[Content_Types].xml":
                    data = data.replace(b"</Types>", b'<Default Extension="png" ContentType="image/png"/><Override '
                                        b'PartName="/xl/cellimages.xml" ContentType="application/vnd.wps-officedocument.'
                                        b'cellimage+xml"/></Types>')
                target.writestr(info, data)
            images = WPS_CELL_IMAGE.format(n=1, name=WPS_TICK_ID) + WPS_CELL_IMAGE.format(n=2, name=WPS_BOX_ID)
            rels = "".join(f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                           f'relationships/image" Target="media/image{n}.png"/>' for n in (1, 2))
            for name, data in (("xl/cellimages.xml", WPS_CELL_IMAGES.format(images)),
                               ("xl/_rels/cellimages.xml.rels",
                                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://'
                                f'schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'),
                               ("xl/media/image1.png", _picture(True)), ("xl/media/image2.png", _picture(False))):
                info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(info, data)
    return picture_expected([1] * len(PICTURE_ITEMS))


# ---------------------------------------------------------------- contact-header.pdf

CONTACT_HEADER = (*ONCE_HEADER[:-2], "联系方式", None)  # 责任科室 and 备注 give way to 电话 | 地址
CONTACT_SUBHEADER = tuple([""] * (len(ONCE_HEADER) - 2) + ["电话", "地址"])
CONTACT_WIDTHS = (*ONCE_WIDTHS[:-2], 60.0, 70.0)
CONTACT_PHONES = ("0000-1234567", "0000-7654321")
CONTACT_PLACES = ("县政府大楼一楼", "县民生服务中心")


def make_contact_header(out: Path) -> list[dict[str, object]]:
    """header-once.pdf's pages, the last two columns 电话 | 地址 under 联系方式."""
    canvas = new_canvas(out)
    expected: list[dict[str, object]] = []
    for page, (rows, items) in enumerate(once_pages(), 1):
        top = page_top(canvas, ONCE_TITLE)
        header = (CONTACT_HEADER, CONTACT_SUBHEADER) if page == 1 else ()
        body = []
        for k, (row, item) in enumerate(zip(rows, items, strict=True)):
            phone, place = CONTACT_PHONES[k % 2], CONTACT_PLACES[(k + page) % 2]
            body.append((*row[:-2], phone, place))
            other = {"序号": item["other_columns"]["序号"], "联系方式/电话": phone, "联系方式/地址": place}  # type: ignore[index]
            expected.append({**item, "other_columns": other})
        draw_ruled(canvas, RuledTable(24.0, CONTACT_WIDTHS, header, tuple(body), merged_down=(1,)), top)
        canvas.showPage()
    canvas.save()
    return expected


# 事项类别 spanning 一级 | 二级 | 三级 in a two-row header on the first page only; each page's
# first body row a heading row (财政信息 | 财政预算, the rest blank) over items that fill
# only 三级 and what follows: two short labels under the spanned header, but under its
# one-column parts, so data.
HEADING_HEADER = (("序号", "事项类别", None, None, "公开内容", "公开主体", "公开时限"),
                  ("", "一级", "二级", "三级", "", "", ""))
HEADING_WIDTHS = (36.0, 80.0, 80.0, 90.0, 200.0, 110.0, 120.0)
HEADING_PAGES = (("财政信息", "财政预算", ("部门预算", "预算调整", "三公经费预算", "项目支出预算")),
                 ("财政信息", "财政决算", ("部门决算", "三公经费决算", "项目绩效", "专项资金")))


def make_heading_first(out: Path) -> list[dict[str, object]]:
    canvas = new_canvas(out)
    expected: list[dict[str, object]] = []
    for page, (first, second, labels) in enumerate(HEADING_PAGES, 1):
        top = page_top(canvas, ONCE_TITLE)
        body = [("", first, second, "", "", "", "")]
        for label in labels:
            number = str(len(expected) + 1)
            content, subject, time = f"{label}报告及说明", "县财政局", "批准后20日内"
            body.append((number, "", "", label, content, subject, time))
            expected.append({"page": page, "item_no": len(expected) + 1, "item_key": f"{first} / {second} / {label}",
                             "level_1": first, "level_2": second, "level_3": label, "content": content,
                             "subject": subject, "time_limit": time, "other_columns": {"序号": number}})
        draw_ruled(canvas, RuledTable(24.0, HEADING_WIDTHS, HEADING_HEADER if page == 1 else (), tuple(body)), top)
        canvas.showPage()
    canvas.save()
    return expected


# ---------------------------------------------------------------- mixed-numbers.csv

# (section, [(number, label, content, time, days, kind, subject, channels)]): the sections
# numbered 一、, their items （一） under the first and 1. under the second, as one
# office's catalogue numbers them; each section's number alone in 序号, its title in
# 事项名称, the column its items fill too.
MIXED_SECTIONS = (
    ("机构职能", (("（一）", "机构设置", "内设机构名称、职能及负责人", "形成或变更之日起20个工作日内", 20, "working_days",
                   "县人民政府办公室", ("政府网站",)),
                  ("（二）", "领导信息", "领导姓名、职务、分工", "实时更新", None, "realtime", "县人民政府办公室",
                   ("政府网站", "政务新媒体")))),
    ("财政信息", (("1.", "预算公开", "部门预算及说明", "批准后20日内", 20, "calendar_days", "县财政局",
                   ("政府网站", "信息公告栏")),
                  ("2.", "决算公开", "部门决算及说明", "批准后20日内", 20, "calendar_days", "县财政局", ("政府网站",)),
                  ("3.", "三公经费", "因公出国（境）费、公务接待费、公务用车购置及运行费", "批准后20日内", 20,
                   "calendar_days", "县财政局", ("政府网站",)))),
)
MIXED_HEADER = ("序号", "事项名称", "公开内容", "公开时限", "公开主体", "公开渠道")
SECTION_NUMERALS = "一二三四五六七八九十"


def make_mixed_numbers(out: Path) -> list[dict[str, object]]:
    import csv

    rows: list[tuple[str, ...]] = [MIXED_HEADER]
    expected: list[dict[str, object]] = []
    for s, (section, items) in enumerate(MIXED_SECTIONS):
        rows.append((f"{SECTION_NUMERALS[s]}、", section, "", "", "", ""))
        for number, label, content, time, days, kind, subject, channels in items:
            rows.append((number, label, content, time, subject, "、".join(channels)))
            fields = {f for name in channels for f in CHANNEL_FIELDS[name]}
            expected.append({
                "page": 1, "item_no": len(expected) + 1, "item_key": f"{section} / {label}",
                "level_1": section, "level_2": label, "level_3": None, "content": content, "subject": subject,
                "time_limit": time, "time_limit_days": days, "time_limit_kind": kind,
                **{f: f in fields for name in CHANNEL_FIELDS for f in CHANNEL_FIELDS[name]},
                "channels_extra": [], "warnings": [], "other_columns": {"序号": number},
            })
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    return expected


# A flat list numbered 一、 to 五、, one item a row, the third with nothing filled past its
# name (a 规范性文件 item whose content the office left blank): no section title, as the
# items after it are numbered in its own tier.
FLAT_HEADER = ("序号", "事项名称", "公开内容", "公开主体", "公开时限")
FLAT_ITEMS = (
    ("机构职能", "机构设置及职责", "县政府办", "20个工作日内"),
    ("领导信息", "领导姓名、简历", "县政府办", "20个工作日内"),
    ("规范性文件", "", "", ""),
    ("财政预算", "年度预算报告", "县财政局", "批准后20日内"),
    ("财政决算", "年度决算报告", "县财政局", "批准后20日内"),
)


def _write_csv(out: Path, rows: list[tuple[str, ...]]) -> None:
    import csv

    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)


def make_flat_numbers(out: Path) -> list[dict[str, object]]:
    rows: list[tuple[str, ...]] = [FLAT_HEADER]
    expected: list[dict[str, object]] = []
    for k, (label, content, subject, time) in enumerate(FLAT_ITEMS):
        rows.append((f"{SECTION_NUMERALS[k]}、", label, content, subject, time))
        expected.append({"item_key": label, "level_1": label, "level_2": None, "content": content or None,
                         "subject": subject or None, "time_limit": time or None,
                         "other_columns": {"序号": f"{SECTION_NUMERALS[k]}、"}})
    _write_csv(out, rows)
    return expected


# Two level columns; the second group's title typed on a row of its own (二、 | 财政信息,
# the rest empty) over an item that fills only 二级事项: that item is 财政信息's, never the
# 机构职能 group's above the title.
TWO_LEVEL_HEADER = ("序号", "一级事项", "二级事项", "公开内容", "公开主体", "公开时限")
TWO_LEVEL_GROUPS = (
    ("机构职能", (("机构设置", "内设机构", "县政府办", "20个工作日内"), ("领导信息", "领导简历", "县政府办", "20个工作日内"))),
    ("财政信息", (("财政预算", "预算报告", "县财政局", "批准后20日内"), ("财政决算", "决算报告", "县财政局", "批准后20日内"))),
)


def make_title_over_levels(out: Path) -> list[dict[str, object]]:
    rows: list[tuple[str, ...]] = [TWO_LEVEL_HEADER]
    expected: list[dict[str, object]] = []
    for g, (group, items) in enumerate(TWO_LEVEL_GROUPS):
        number = f"{SECTION_NUMERALS[g]}、"
        if g:  # the later group's title on its own row, its items' 一级 cells empty
            rows.append((number, group, "", "", "", ""))
        for k, (label, content, subject, time) in enumerate(items):
            first = not g and not k
            rows.append((number if first else "", group if first else "", label, content, subject, time))
            expected.append({"item_key": f"{group} / {label}", "level_1": group, "level_2": label,
                             "level_3": None, "content": content, "subject": subject, "time_limit": time})
    _write_csv(out, rows)
    return expected


def main() -> None:
    # The three picture-ticks files give the same rows: one picture-ticks.expected.json.
    expected = make_picture_docx(HERE / "picture-ticks.docx")
    assert make_picture_pdf(HERE / "picture-ticks.pdf", HERE / "picture-ticks.docx") == expected
    assert make_picture_xlsx(HERE / "picture-ticks.xlsx", boxes=False) == expected
    write_expected(HERE / "picture-ticks", expected)
    assert make_picture_docx(HERE / "picture-stray.docx", stray=True) == expected
    assert make_picture_pdf(HERE / "picture-stray.pdf", HERE / "picture-stray.docx") == expected
    make_picture_xlsx(HERE / "picture-boxes.xlsx", boxes=True)  # no rows to give: its marks cannot be read
    assert make_picture_xlsx(HERE / "picture-stray.xlsx", boxes=False, stray=True) == expected
    assert make_picture_cells_wps(HERE / "picture-cells-wps.xlsx", boxes=False) == expected
    make_picture_cells_wps(HERE / "picture-cells-wps-boxes.xlsx", boxes=True)  # as picture-boxes.xlsx
    assert make_picture_cells_wps(HERE / "picture-cells-wps-qr.xlsx", boxes=False, qr=True) == expected
    write_expected(HERE / "contact-header.pdf", make_contact_header(HERE / "contact-header.pdf"))
    write_expected(HERE / "mixed-numbers.csv", make_mixed_numbers(HERE / "mixed-numbers.csv"))
    write_expected(HERE / "heading-first.pdf", make_heading_first(HERE / "heading-first.pdf"))
    write_expected(HERE / "flat-numbers.csv", make_flat_numbers(HERE / "flat-numbers.csv"))
    write_expected(HERE / "title-over-levels.csv", make_title_over_levels(HERE / "title-over-levels.csv"))


if __name__ == "__main__":
    main()
