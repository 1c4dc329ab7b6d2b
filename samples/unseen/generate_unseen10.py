"""Catalogues of the tenth round's unfamiliar layouts, and the rows they must give.

  bracket-channels.xlsx  a county sheet with a title block over the header (a merged title
                 row, the issuer's line), the panes frozen under the header, items
                 numbered 1.1, 1.2 … by group, time limits in words, a 公开方式 cell naming
                 the disclosure with its channels in brackets (主动公开（政府网站、政务新媒体）),
                 one after a colon instead (主动公开：政府网站), 公开对象 as text (全社会 /
                 特定群体), a 备注 column and a notes row at the foot
  frame-table.html  a site page whose catalogue is in an <iframe srcdoc>, the frame's table
                 written as WPS saves one: <font>/<span> soup and &nbsp; padding
  aria-grid.html  the catalogue as <div>s with ARIA roles (table / rowgroup / row /
                 columnheader / cell), the first group's label in one cell over two rows
                 (aria-rowspan)
  css-table.html  <div>s shown as a table by classes of the page's <style> (display:
                 table / table-row / table-cell)
  css-grid.html  one <div> with display: grid and grid-template-columns of seven tracks,
                 its children the cells in reading order, the first group's label
                 spanning two rows (grid-row: span 2)
  section-tables.html  one table a category, each under its numbered title (一、机构职能 in
                 a bold paragraph before it, or the table's <caption>), no 一级事项 column
  hidden-rows.html  a table paged by its script, the rows past its first page hidden (by
                 style, the last by the hidden attribute), and hidden characters inside a
                 content cell
  header-word-levels.csv  a catalogue of 行政权力 groups whose 二级事项 are words a header
                 also uses (依据, 内容, 对象, 时限, 结果), each item with content, a time
                 limit and 主动公开
  budget-after.xlsx  a catalogue sheet, then a budget sheet (序号 项目名称 … 是否公开, a √
                 in that column of every row) and the catalogue's fill-in guide: only the
                 first sheet's rows are items
  three-row-header.docx  a county 基层政务公开标准目录 as a Word table: its header over
                 three rows (公开渠道和载体 over 网络 | 线下 over 政府网站 | 政务新媒体 |
                 公开栏), 一级事项 merged down its group, one option a column with √
  tracked-changes.docx  a draft sent with its revisions (Word's tracked changes): words
                 deleted from a content cell, one item's row deleted and one inserted
  hidden-text.docx  a Word catalogue with an author's note and old wording in hidden type
                 (w:vanish) inside two cells
  picture-pattern.pdf  one page on which one tick picture is placed 6,000 times at a mark's
                 size (reportlab): more than any catalogue page has option cells

Expected rows (<name>.expected.json) come from the data here, never from an extraction.
Regenerate: `python samples/unseen/generate_unseen10.py` (openpyxl, python-docx, reportlab,
Pillow); it
writes only the files above.
"""

from __future__ import annotations

import csv
import html
import io
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "office"))

from generate_sheet_words import PACKAGE_DATE, _fix_zip_dates  # noqa: E402
from generate_unseen import CHANNEL_FIELDS, CHANNELS, _save  # noqa: E402
from generate_unseen8 import write_expected  # noqa: E402


@dataclass(frozen=True)
class Item:
    level_1: str
    level_2: str
    content: str
    basis: str
    time_limit: str
    days: int | None
    kind: str | None
    subject: str
    proactive: bool  # else 依申请公开
    channels: tuple[str, ...]  # of CHANNELS; none for an item disclosed on request
    audience: str  # 全社会 or 特定群体
    remark: str = ""


REG = "《中华人民共和国政府信息公开条例》"
FORMED = "信息形成或变更之日起20个工作日内"
ITEMS = (
    Item("机构职能", "机构设置", "本机关内设机构名称及职能", REG, FORMED, 20, "working_days", "县政府办公室",
         True, ("政府网站", "政务新媒体"), "全社会"),
    Item("机构职能", "领导信息", "领导姓名、职务、分工", REG, "信息形成之日起7个工作日内", 7, "working_days",
         "县政府办公室", True, ("政府网站",), "全社会", "人事调整后更新"),
    Item("财政信息", "财政预算", "部门预算及“三公”经费预算", "《中华人民共和国预算法》", "批复后20日内", 20,
         "calendar_days", "县财政局", True, ("政府网站", "信息公告栏"), "全社会"),
    Item("财政信息", "财政决算", "部门决算及说明", "《中华人民共和国预算法》", "每年1月31日前", None, "deadline",
         "县财政局", True, ("政府网站",), "全社会"),
    Item("社会救助", "最低生活保障", "城乡低保对象认定条件及申请程序", "《社会救助暂行办法》", FORMED, 20,
         "working_days", "县民政局", True, ("政府网站", "政务新媒体", "信息公告栏"), "全社会"),
    Item("社会救助", "救助对象名单", "享受救助对象的姓名、救助金额", "《社会救助暂行办法》", FORMED, 20,
         "working_days", "县民政局", False, (), "特定群体", "涉及个人隐私的依申请公开"),
)
NOTE = "注：公开方式括号内为该事项的公开渠道。"


def _fields(channels: tuple[str, ...]) -> dict[str, bool | None]:
    """The contract's channel fields of an item: each channel of CHANNELS named is true, the
    others false; none named (an item disclosed on request, its cell naming none) is null."""
    on = {f for name in channels for f in CHANNEL_FIELDS[name]}
    return {f: (f in on if channels else None) for name in CHANNEL_FIELDS for f in CHANNEL_FIELDS[name]}


def _expected(items: tuple[Item, ...] = ITEMS, *, basis: bool = False, audience: bool = False,
              page: int = 1, others: dict[int, dict[str, str]] | None = None) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for k, it in enumerate(items):
        row: dict[str, object] = {
            "page": page, "item_no": k + 1, "item_key": f"{it.level_1} / {it.level_2}",
            "level_1": it.level_1, "level_2": it.level_2, "level_3": None,
            "content": it.content, "subject": it.subject, "time_limit": it.time_limit,
            "time_limit_days": it.days, "time_limit_kind": it.kind,
            "disclosure_proactive": it.proactive, "disclosure_on_request": not it.proactive,
            **_fields(it.channels),
        }
        if basis:
            row["basis"] = it.basis
        if audience:
            row["audience"] = it.audience
        if others is not None:
            row["other_columns"] = others[k]
        rows.append(row)
    return rows


def _method(it: Item, colon: bool = False) -> str:
    """主动公开（政府网站、政务新媒体）: the disclosure, its channels in brackets (or after a
    colon: 主动公开：政府网站); 依申请公开 alone."""
    if not it.proactive:
        return "依申请公开"
    return f"主动公开：{'、'.join(it.channels)}" if colon else f"主动公开（{'、'.join(it.channels)}）"


def _numbers(items: tuple[Item, ...]) -> list[str]:
    """1.1, 1.2, 2.1 …: the group's number, then the item's in its group."""
    numbers, group, within, last = [], 0, 0, None
    for it in items:
        if it.level_1 != last:
            group, within, last = group + 1, 0, it.level_1
        within += 1
        numbers.append(f"{group}.{within}")
    return numbers


# ---------------------------------------------------------------- bracket-channels.xlsx

COLON_ITEM = 3  # the item whose channels follow a colon instead of brackets
BRACKET_HEADER = ("序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开方式",
                  "公开对象", "备注")


def make_bracket_xlsx(out: Path) -> list[dict[str, object]]:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "公开目录"
    width = len(BRACKET_HEADER)
    sheet.append(["某县人民政府2025年政务公开事项标准目录"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(["填报单位：某县人民政府办公室", "", "", "", "", "", "", "", "更新日期：2025年3月"])
    sheet.append(list(BRACKET_HEADER))
    numbers = _numbers(ITEMS)
    for k, (number, it) in enumerate(zip(numbers, ITEMS, strict=True)):
        sheet.append([number, it.level_1, it.level_2, it.content, it.basis, it.time_limit, it.subject,
                      _method(it, colon=k == COLON_ITEM), it.audience, it.remark])
    sheet.append([NOTE])
    sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=width)
    sheet.freeze_panes = "A4"
    _save(book, out)
    others = {k: {"序号": number, **({"备注": it.remark} if it.remark else {})}
              for k, (number, it) in enumerate(zip(numbers, ITEMS, strict=True))}
    rows = _expected(basis=True, audience=True, others=others)
    for row in rows[:-1]:
        row["warnings"] = []  # the last item carries the foot's note
    return rows


# ---------------------------------------------------------------- web pages

WEB_HEADER = ("序号", "一级事项", "二级事项", "公开内容", "公开时限", "公开主体", "公开方式")


def _web_cells(k: int, it: Item) -> list[str]:
    return [str(k + 1), it.level_1, it.level_2, it.content, it.time_limit, it.subject, _method(it)]


def _soup(text: str) -> str:
    """A cell as WPS writes it to HTML: the text in <font> and <span> with &nbsp; around it."""
    return (f"<p align=center><font face=\"宋体\" size=2><span style='font-size:10.5pt;mso-bidi-font-size:"
            f"11.0pt'>&nbsp;{html.escape(text)}&nbsp;<o:p></o:p></span></font></p>")


def make_frame_html(out: Path) -> list[dict[str, object]]:
    head = "".join(f"<td>{_soup(h)}</td>" for h in WEB_HEADER)
    body = "".join("<tr>" + "".join(f"<td>{_soup(c)}</td>" for c in _web_cells(k, it)) + "</tr>"
                   for k, it in enumerate(ITEMS))
    framed = ("<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head><meta charset=\"utf-8\"></head>"
              f"<body><table border=1 cellspacing=0><tr>{head}</tr>{body}</table></body></html>")
    page = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>政务公开目录</title></head><body>"
            "<div class=\"nav\"><a href=\"/\">首页</a> &gt; <a href=\"/zwgk/\">政务公开</a></div>"
            "<h2>某县2025年政务公开事项目录</h2>"
            f"<iframe width=\"100%\" height=\"800\" frameborder=\"0\" srcdoc=\"{html.escape(framed)}\"></iframe>"
            "<div class=\"foot\">主办：某县人民政府办公室</div></body></html>")
    out.write_text(page, encoding="utf-8")
    return _expected(others={k: {"序号": str(k + 1)} for k in range(len(ITEMS))})


def make_aria_html(out: Path) -> list[dict[str, object]]:
    head = "".join(f"<div role=\"columnheader\">{h}</div>" for h in WEB_HEADER)
    rows = []
    for k, it in enumerate(ITEMS):
        cells = [f"<div role=\"cell\"><span>{html.escape(c)}</span></div>" for c in _web_cells(k, it)]
        if k == 0:
            cells[1] = f"<div role=\"cell\" aria-rowspan=\"2\">{it.level_1}</div>"
        elif k == 1:
            del cells[1]  # under the label spanning two rows
        rows.append("<div role=\"row\">" + "".join(cells) + "</div>")
    page = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>目录</title></head><body>"
            "<h2>某县2025年政务公开事项目录</h2><div role=\"table\" aria-label=\"公开目录\">"
            f"<div role=\"rowgroup\"><div role=\"row\">{head}</div></div>"
            f"<div role=\"rowgroup\">{''.join(rows)}</div></div></body></html>")
    out.write_text(page, encoding="utf-8")
    return _expected(others={k: {"序号": str(k + 1)} for k in range(len(ITEMS))})


def make_css_table_html(out: Path) -> list[dict[str, object]]:
    style = ("<style>/* the list */ .list{display:table;width:100%;border-collapse:collapse}"
             ".list-head, .list-row{display:table-row} .c{display:table-cell;border:1px solid #ccc;padding:4px}"
             ".list-head .c{font-weight:bold}</style>")
    head = "".join(f"<div class=\"c\">{h}</div>" for h in WEB_HEADER)
    rows = "".join("<div class=\"list-row\">" + "".join(f"<div class=\"c\">{html.escape(c)}</div>"
                                                        for c in _web_cells(k, it)) + "</div>"
                   for k, it in enumerate(ITEMS))
    page = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\">{style}</head><body>"
            f"<div class=\"list\"><div class=\"list-head\">{head}</div>{rows}</div></body></html>")
    out.write_text(page, encoding="utf-8")
    return _expected(others={k: {"序号": str(k + 1)} for k in range(len(ITEMS))})


def make_css_grid_html(out: Path) -> list[dict[str, object]]:
    style = ("<style>.grid{display:grid;grid-template-columns:48px repeat(2, 1fr) 3fr minmax(120px, 2fr) 1fr 2fr;"
             "gap:1px}.grid>div{padding:4px}.span2{grid-row:span 2}</style>")
    cells = [f"<div class=\"h\">{h}</div>" for h in WEB_HEADER]
    for k, it in enumerate(ITEMS):
        row = [f"<div>{html.escape(c)}</div>" for c in _web_cells(k, it)]
        if k == 0:
            row[1] = f"<div class=\"span2\">{it.level_1}</div>"
        elif k == 1:
            del row[1]
        cells += row
    page = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\">{style}</head><body>"
            f"<div class=\"grid\">{''.join(cells)}</div></body></html>")
    out.write_text(page, encoding="utf-8")
    return _expected(others={k: {"序号": str(k + 1)} for k in range(len(ITEMS))})


SECTION_HEADER = ("序号", "公开事项", "公开内容", "公开时限", "公开主体", "公开方式")
NUMERALS = "一二三四五六七八九十"


def make_section_tables_html(out: Path) -> list[dict[str, object]]:
    """One table a category, each under its numbered title (a bold paragraph, the last
    one the table's <caption>), the tables with no 一级事项 column."""
    groups: list[tuple[str, list[Item]]] = []
    for it in ITEMS:
        if not groups or groups[-1][0] != it.level_1:
            groups.append((it.level_1, []))
        groups[-1][1].append(it)
    head = "<tr>" + "".join(f"<th>{h}</th>" for h in SECTION_HEADER) + "</tr>"
    parts = ["<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>目录</title></head><body>",
             "<h2>某县2025年政务公开事项目录</h2><p>本目录按类别列出公开事项。</p>"]
    for g, (level_1, items) in enumerate(groups):
        title = f"{NUMERALS[g]}、{level_1}"
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in (
            str(k + 1), it.level_2, it.content, it.time_limit, it.subject, _method(it))) + "</tr>"
            for k, it in enumerate(items))
        if g == len(groups) - 1:
            parts.append(f"<table border=\"1\"><caption>{title}</caption>{head}{body}</table>")
        else:
            parts.append(f"<p><strong>{title}</strong></p><table border=\"1\">{head}{body}</table>")
    out.write_text("".join(parts) + "</body></html>", encoding="utf-8")
    numbers = [k + 1 for _, items in groups for k in range(len(items))]
    rows = _expected(others={k: {"序号": str(n)} for k, n in enumerate(numbers)})
    pages = [g + 1 for g, (_, items) in enumerate(groups) for _ in items]
    for row, page in zip(rows, pages, strict=True):
        row["page"] = page  # a table is a page of a web page
    return rows


HIDDEN_TEXT = "XYZ"  # characters a site sprinkles into a cell, hidden, against copying


def make_hidden_rows_html(out: Path) -> list[dict[str, object]]:
    """A page's table paged by its script, saved whole: the rows past its first page
    hidden (style="display: none", the last with the hidden attribute), which are items as
    much as the rows shown; and a hidden span inside the first content cell."""
    head = "<tr>" + "".join(f"<th>{h}</th>" for h in WEB_HEADER) + "</tr>"
    rows = []
    for k, it in enumerate(ITEMS):
        cells = [html.escape(c) for c in _web_cells(k, it)]
        if k == 0:
            half = len(it.content) // 2
            cells[3] = (f"{html.escape(it.content[:half])}<span style=\"display:none\">{HIDDEN_TEXT}</span>"
                        f"{html.escape(it.content[half:])}")
        shown = "" if k < 2 else " hidden" if k == len(ITEMS) - 1 else " style=\"display: none\""
        rows.append(f"<tr{shown}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    out.write_text("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body><table border=\"1\">"
                   f"{head}{''.join(rows)}</table></body></html>", encoding="utf-8")
    return _expected(others={k: {"序号": str(k + 1)} for k in range(len(ITEMS))})


# ---------------------------------------------------------------- header-word-levels.csv

POWERS = ("行政许可", "行政处罚", "行政征收")
HEADER_WORDS = ("依据", "内容", "对象", "时限", "结果")  # each a header word of the vocabulary but 结果


def make_header_word_levels(out: Path) -> list[dict[str, object]]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(("序号", "一级事项", "二级事项", "公开内容", "公开时限", "公开主体", "公开方式"))
    rows: list[dict[str, object]] = []
    for power in POWERS:
        for word in HEADER_WORDS:
            content = f"{power}事项的{word}"
            writer.writerow((str(len(rows) + 1), power, word, content, FORMED, "县司法局", "主动公开"))
            rows.append({"item_no": len(rows) + 1, "item_key": f"{power} / {word}", "level_1": power,
                         "level_2": word, "content": content, "time_limit_days": 20,
                         "time_limit_kind": "working_days", "disclosure_proactive": True})
    out.write_text(buffer.getvalue(), encoding="utf-8")
    return rows


# ---------------------------------------------------------------- budget-after.xlsx

BUDGET = (("办公设备购置", 12.5), ("信息化运维", 48), ("政务公开专栏建设", 20))
GUIDE = (("公开事项", "按一级事项、二级事项分级填写"), ("公开时限", "填写" + FORMED + "等"),
         ("公开方式", "主动公开的在“主动”栏打√"), ("公开对象", "全社会或特定群体"),
         ("公开主体", "填写负责公开的单位全称"))


def make_budget_after(out: Path) -> list[dict[str, object]]:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "公开目录"
    sheet.append(["序号", "一级事项", "二级事项", "公开内容", "公开时限", "公开主体", "主动", "依申请"])
    for k, it in enumerate(ITEMS):
        sheet.append([k + 1, it.level_1, it.level_2, it.content, it.time_limit, it.subject,
                      "√" if it.proactive else "", "" if it.proactive else "√"])
    budget = book.create_sheet("预算表")
    budget.append(["序号", "项目名称", "预算金额（万元）", "资金来源", "责任单位", "是否公开"])
    for k, (name, amount) in enumerate(BUDGET):
        budget.append([k + 1, name, amount, "县级财政", "县政府办公室", "√"])
    guide = book.create_sheet("填写说明")
    guide.append(["序号", "栏目", "填写说明"])
    for k, (column, note) in enumerate(GUIDE):
        guide.append([k + 1, column, note])
    _save(book, out)
    rows = _expected(others={k: {"序号": str(k + 1)} for k in range(len(ITEMS))})
    for row in rows:
        for name in CHANNEL_FIELDS:
            for f in CHANNEL_FIELDS[name]:
                row[f] = None  # the sheet has no channel column
    return rows


# ---------------------------------------------------------------- three-row-header.docx

# (header text, first column, columns spanned, first row, rows spanned) of the header's cells.
THREE_ROW_HEADER = (
    ("序号", 0, 1, 0, 3), ("一级事项", 1, 1, 0, 3), ("二级事项", 2, 1, 0, 3), ("公开内容（要素）", 3, 1, 0, 3),
    ("公开依据", 4, 1, 0, 3), ("公开时限", 5, 1, 0, 3), ("公开主体", 6, 1, 0, 3),
    ("公开渠道和载体", 7, 3, 0, 1), ("网络", 7, 2, 1, 1), ("线下", 9, 1, 1, 1),
    ("政府网站", 7, 1, 2, 1), ("政务新媒体", 8, 1, 2, 1), ("信息公告栏", 9, 1, 2, 1),
    ("公开对象", 10, 2, 0, 2), ("全社会", 10, 1, 2, 1), ("特定群体", 11, 1, 2, 1),
    ("公开方式", 12, 2, 0, 2), ("主动", 12, 1, 2, 1), ("依申请", 13, 1, 2, 1),
)
THREE_ROW_COLUMNS = 14


def make_three_row_header_docx(out: Path) -> list[dict[str, object]]:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    doc = docx.Document()
    doc.core_properties.created = doc.core_properties.modified = PACKAGE_DATE
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    doc.add_paragraph("某县基层政务公开标准目录（社会救助等领域）")
    n_head = 3
    table = doc.add_table(rows=n_head + len(ITEMS), cols=THREE_ROW_COLUMNS)
    table.style = "Table Grid"
    for text, col, cols, row, rows in THREE_ROW_HEADER:
        cell = table.cell(row, col)
        if cols > 1 or rows > 1:
            cell = cell.merge(table.cell(row + rows - 1, col + cols - 1))
        cell.text = text
    for k, it in enumerate(ITEMS):
        y = n_head + k
        texts = [str(k + 1), it.level_1, it.level_2, it.content, it.basis, it.time_limit, it.subject,
                 *("√" if name in it.channels else "" for name in CHANNELS),
                 "√" if it.audience == "全社会" else "", "√" if it.audience == "特定群体" else "",
                 "√" if it.proactive else "", "" if it.proactive else "√"]
        for x, text in enumerate(texts):
            if x != 1:
                table.cell(y, x).text = text
    start = 0
    for k in range(1, len(ITEMS) + 1):  # 一级事项 merged down its group, the label once
        if k == len(ITEMS) or ITEMS[k].level_1 != ITEMS[start].level_1:
            top = table.cell(n_head + start, 1)
            if k - start > 1:
                top = top.merge(table.cell(n_head + k - 1, 1))
            top.text = ITEMS[start].level_1
            start = k
    doc.save(out)
    _fix_zip_dates(out)
    # One option a column: an empty cell is a no where another of its group is ticked; the
    # item disclosed on request ticks no channel, so its channels are null (_fields).
    return _expected(basis=True, audience=True, others={k: {"序号": str(k + 1)} for k in range(len(ITEMS))})


# ---------------------------------------------------------------- tracked-changes.docx

TRACKED_DELETED_ROW = 2  # the item whose row is deleted as a tracked change
TRACKED_INSERTED_ROW = 4  # the item whose row is inserted as a tracked change
TRACKED_STRUCK = "及历史沿革"  # words deleted from the first item's content, struck through


def _word_catalogue(title: str):  # type: ignore[no-untyped-def]
    """A Word document of the title and the items' table (WEB_HEADER's columns)."""
    import docx

    doc = docx.Document()
    doc.core_properties.created = doc.core_properties.modified = PACKAGE_DATE
    doc.add_paragraph(title)
    table = doc.add_table(rows=1 + len(ITEMS), cols=len(WEB_HEADER))
    table.style = "Table Grid"
    for x, text in enumerate(WEB_HEADER):
        table.cell(0, x).text = text
    for k, it in enumerate(ITEMS):
        for x, text in enumerate(_web_cells(k, it)):
            table.cell(1 + k, x).text = text
    return doc, table


def _revision(tag: str, number: int):  # type: ignore[no-untyped-def]
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    element.set(qn("w:id"), str(number))
    element.set(qn("w:author"), "县政府办公室")
    element.set(qn("w:date"), "2025-03-01T00:00:00Z")
    return element


def make_tracked_changes_docx(out: Path) -> list[dict[str, object]]:
    """A draft sent with its revisions: words deleted from a content cell, one item's row
    deleted and one inserted, each as a tracked change."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc, table = _word_catalogue("某县政务公开事项目录（修订稿）")
    paragraph = table.cell(1, 3).paragraphs[0]._p
    struck = _revision("w:del", 1)
    run = OxmlElement("w:r")
    deleted = OxmlElement("w:delText")
    deleted.text = TRACKED_STRUCK
    run.append(deleted)
    struck.append(run)
    paragraph.append(struck)
    for k, tag in ((TRACKED_DELETED_ROW, "w:del"), (TRACKED_INSERTED_ROW, "w:ins")):
        row = table.rows[1 + k]._tr
        row.get_or_add_trPr().append(_revision(tag, 10 + k))
        for number, run in enumerate(row.iter(qn("w:r"))):
            wrapper = _revision(tag, 100 * k + number)
            run.addprevious(wrapper)
            wrapper.append(run)
            if tag == "w:del":
                for text in run.findall(qn("w:t")):
                    text.tag = qn("w:delText")
    doc.save(out)
    _fix_zip_dates(out)
    kept = tuple(it for k, it in enumerate(ITEMS) if k != TRACKED_DELETED_ROW)
    numbers = [str(k + 1) for k in range(len(ITEMS)) if k != TRACKED_DELETED_ROW]
    rows = _expected(kept, others={k: {"序号": n} for k, n in enumerate(numbers)})
    for row in rows:
        row["warnings"] = []  # nothing was dropped: the deleted row is no row of the table
    return rows


HIDDEN_NOTE = "（内部备注：暂缓公开）"  # an author's note in Word's hidden type, after a content
HIDDEN_OLD = "旧"  # old wording left in hidden type after a 二级事项


def make_hidden_text_docx(out: Path) -> list[dict[str, object]]:
    """A Word catalogue whose author hid a note after the first item's content and old
    wording after the second item's 二级事项 in hidden type (w:vanish): Word neither shows
    nor prints them."""

    doc, table = _word_catalogue("某县政务公开事项目录")
    for (row, col), words in (((1, 3), HIDDEN_NOTE), ((2, 2), HIDDEN_OLD)):
        table.cell(row, col).paragraphs[0].add_run(words).font.hidden = True
    doc.save(out)
    _fix_zip_dates(out)
    return _expected(others={k: {"序号": str(k + 1)} for k in range(len(ITEMS))})


# ---------------------------------------------------------------- picture-pattern.pdf

PATTERN_COLUMNS, PATTERN_ROWS = 100, 60  # 6,000 placements: more than MAX_PAGE_PICTURES (5,000)
PATTERN_POINTS = 6.0  # each placement a mark's size


def make_picture_pattern(out: Path) -> None:
    """One page on which one tick picture (one image XObject) is placed 6,000 times at a
    mark's size, a pattern no catalogue page has: no rows to expect."""
    from generate_unseen9 import _picture
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(out), pagesize=(842, 595), pageCompression=1, invariant=1)
    tick = ImageReader(io.BytesIO(_picture(tick=True)))
    for y in range(PATTERN_ROWS):
        for x in range(PATTERN_COLUMNS):
            page.drawImage(tick, 20 + x * 8, 20 + y * 9, width=PATTERN_POINTS, height=PATTERN_POINTS)
    page.save()


def main() -> None:
    write_expected(HERE / "bracket-channels.xlsx", make_bracket_xlsx(HERE / "bracket-channels.xlsx"))
    for name, make in (("frame-table.html", make_frame_html), ("aria-grid.html", make_aria_html),
                       ("css-table.html", make_css_table_html), ("css-grid.html", make_css_grid_html),
                       ("section-tables.html", make_section_tables_html),
                       ("hidden-rows.html", make_hidden_rows_html)):
        write_expected(HERE / name, make(HERE / name))
    write_expected(HERE / "header-word-levels.csv", make_header_word_levels(HERE / "header-word-levels.csv"))
    write_expected(HERE / "budget-after.xlsx", make_budget_after(HERE / "budget-after.xlsx"))
    write_expected(HERE / "three-row-header.docx", make_three_row_header_docx(HERE / "three-row-header.docx"))
    make_picture_pattern(HERE / "picture-pattern.pdf")
    write_expected(HERE / "hidden-text.docx", make_hidden_text_docx(HERE / "hidden-text.docx"))
    write_expected(HERE / "tracked-changes.docx", make_tracked_changes_docx(HERE / "tracked-changes.docx"))


if __name__ == "__main__":
    main()
