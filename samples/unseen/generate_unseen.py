"""Catalogues in layouts the other samples do not have, and the rows they must give.

  sections.xlsx  a 目录 sheet as county offices fill it in by hand: a title row and an
                 issuing note above a header over two rows (公开方式 → 主动/依申请, 公开渠道 →
                 政府网站/政务新媒体/信息公告栏, merged group cells), section rows "一、…" across the
                 table between the groups, level labels written on the first row of each group
                 only (no merges), 序号 stored as text, marks "√" in some rows and 是/否 in
                 others, an Alt+Enter break inside a label, a 备注 column, 公开时限 in the
                 words offices use (常态公开, 实时更新, 形成或变更之日起20个工作日内), and
                 notes rows at the foot ("注：…")
  domains.docx   a Word catalogue in three tables, one per 领域, each under a heading
                 paragraph (一、… 二、… 三、…), each with its own header row (marked to repeat on
                 every printed page); the category labels merged down (vMerge); the second
                 table nested in a one-cell layout table; the third in a landscape section;
                 channels as text lists (政府网站、两微一端), 公开方式 holding 主动/依申请 (the
                 national layout's meaning), 公开对象 as text
  gbk-page.html  a county site's page saved as GB2312 (declared by a meta tag): the
                 catalogue under <th> header rows (公开渠道 over one column per channel,
                 rowspan and colspan), &nbsp; in empty cells, <br> inside labels, section rows
                 "一、…" across the table, then a headerless 相关链接 table and a contact table
                 after it, which are no part of the catalogue
  three-line.pdf a text PDF (reportlab, STSong-Light, not embedded) of a table ruled as a
                 three-line table (a rule above and below the header, one under the last
                 row; no vertical rules, none between rows), over two pages, the header
                 repeated, a title at the top and "第 N 页 共 M 页" at the foot of each page, cell
                 text wrapped over several lines, labels on the first row of a group only
  unruled.pdf    the same table with no rules at all
  by-domain.xlsx the domains.docx items in a workbook of one sheet per 领域 (sheet names
                 are the 领域), each with four rows above its header (附件2, a title, a
                 subtitle, an issuer line of two cells), frozen panes under the header, a
                 hidden 内部编号 column between the visible ones, the 一级事项 merged down
  unruled-groups.pdf  a table with no rules whose header is printed over three lines, as
                 a Word header of merged cells prints: 公开方式 over its two one-option
                 columns 主动 | 依申请 (√ or nothing), the other column names centred down
                 the header's height, 公开内容 wrapped onto a second line （要素）; every
                 header and cell centred in its column, one line a row, no 序号 column
  headings.csv   the sections.xlsx items as a sheet saved as CSV in GBK: a title line and an
                 issuer line above the header, each 一级事项 written once on a row of its own
                 ("一", "机构职能", nothing else) with the 一级 cells of its items empty, 是/否
                 marks, a 注 line at the foot
  domains-lo.odt LibreOffice's conversion of domains.docx (the nested table as ODF nests it)
  projects.xlsx  no catalogue: a list of key projects (序号 | 项目名称 | 建设内容 | 总投资（万元）|
                 责任单位 | 完成时限), which shares two header words and a deadline column with a
                 catalogue; it must fail as no catalogue (no expected rows)
  pipe-sections.md the sections.xlsx items as a Markdown pipe table (a table another tool
                 pulled out of a document: no merges): the section titles 一、… alone in the
                 序号 column, √ marks, every row with its 一级事项

Expected rows (<name>.expected.json) come from the data below, never from an extraction.
Regenerate: `python samples/unseen/generate_unseen.py` (openpyxl).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "office"))

from generate_sheet_words import PACKAGE_DATE, _fix_zip_dates  # noqa: E402

CHANNELS = ("政府网站", "政务新媒体", "信息公告栏")
# The contract fields each channel column sets (政务新媒体: weibo, wechat and app).
CHANNEL_FIELDS = {"政府网站": ("channel_website",),
                  "政务新媒体": ("channel_weibo", "channel_wechat", "channel_app"),
                  "信息公告栏": ("channel_bulletin_board",)}


@dataclass(frozen=True)
class Item:
    section: str  # the section row's title ("机构职能"); also the item's first level
    level_2: str
    content: str
    basis: str
    subject: str
    time_limit: str
    days: int | None
    kind: str | None
    proactive: bool
    channels: tuple[str, ...]  # the ticked channels of CHANNELS
    remark: str = ""
    label_break: bool = False  # level_2 written with an Alt+Enter after its first two characters
    yes_no: bool = False  # marks written 是/否 instead of √/empty
    extra: dict[str, str] = field(default_factory=dict)


ITEMS = (
    Item("机构职能", "机构设置", "内设机构、下属单位名称及职能", "《中华人民共和国政府信息公开条例》",
         "县政府办公室", "常态公开", None, None, True, ("政府网站", "政务新媒体"), remark="每年核对"),
    Item("机构职能", "领导信息", "领导姓名、职务、分工", "《中华人民共和国政府信息公开条例》",
         "县政府办公室", "实时更新", None, "realtime", True, ("政府网站",)),
    Item("机构职能", "政策文件", "县政府及办公室印发的规范性文件", "《中华人民共和国政府信息公开条例》",
         "县司法局", "形成或变更之日起20个工作日内", 20, "working_days", True, ("政府网站", "信息公告栏"),
         label_break=True),
    Item("财政信息", "预算公开", "部门预算及说明", "《中华人民共和国预算法》",
         "县财政局", "批准后20日内", 20, "calendar_days", True, ("政府网站",), yes_no=True),
    Item("财政信息", "决算公开", "部门决算及说明", "《中华人民共和国预算法》",
         "县财政局", "批准后20日内", 20, "calendar_days", True, ("政府网站", "信息公告栏"), yes_no=True,
         remark="涉密部门除外"),
    Item("财政信息", "政府采购", "采购意向、采购结果", "《中华人民共和国政府采购法》",
         "县财政局", "即时", None, "realtime", False, ("政府网站",)),
)
SECTION_NUMERALS = "一二三四五六七八九十"
TITLE = "某县2025年政务公开事项标准目录"
ISSUER = "填报单位：某县人民政府办公室（盖章）          填报日期：2025年3月1日"
NOTES = ("注：1.公开渠道栏中打“√”或填“是”的为该事项的公开渠道。",
         "2.本目录由县政务公开办负责解释，实行动态调整。")
HEADER = ("序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体",
          "公开方式", "", "公开渠道", "", "", "备注")
SUBHEADER = ("", "", "", "", "", "", "", "主动", "依申请", *CHANNELS, "")


def expected_item(k: int, it: Item, page: int) -> dict[str, object]:
    row: dict[str, object] = {
        "page": page, "item_no": k + 1, "item_key": f"{it.section} / {it.level_2}",
        "level_1": it.section, "level_2": it.level_2, "level_3": None,
        "content": it.content, "basis": it.basis, "subject": it.subject,
        "time_limit": it.time_limit, "time_limit_days": it.days, "time_limit_kind": it.kind,
        "disclosure_proactive": it.proactive, "disclosure_on_request": not it.proactive,
        "channel_gazette": None, "channel_other": None, "channels_extra": [],
        # 序号 is no contract column: other_columns keeps it, as it keeps 备注.
        "other_columns": {"序号": str(k + 1), **({"备注": it.remark} if it.remark else {})},
    }
    for name, fields in CHANNEL_FIELDS.items():
        for f in fields:
            row[f] = name in it.channels
    return row


def _mark(on: bool, yes_no: bool) -> str:
    if yes_no:
        return "是" if on else "否"
    return "√" if on else ""


def make_sections_xlsx(out: Path) -> list[dict[str, object]]:
    import openpyxl
    from openpyxl.styles import Alignment

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "目录"
    width = len(HEADER)
    last = openpyxl.utils.get_column_letter(width)
    ws.append([TITLE])
    ws.merge_cells(f"A1:{last}1")
    ws.append([ISSUER])
    ws.merge_cells(f"A2:{last}2")
    ws.append(HEADER)
    ws.append(SUBHEADER)
    for col in "ABCDEFGM":
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("H3:I3")
    ws.merge_cells("J3:L3")
    section = None
    n_section = 0
    for k, it in enumerate(ITEMS):
        if it.section != section:
            ws.append([f"{SECTION_NUMERALS[n_section]}、{it.section}"])
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
            n_section += 1
            first_of_group = True
        else:
            first_of_group = False
        section = it.section
        label = it.level_2[:2] + "\n" + it.level_2[2:] if it.label_break else it.level_2
        ws.append([str(k + 1), it.section if first_of_group else None, label, it.content, it.basis,
                   it.time_limit, it.subject, _mark(it.proactive, it.yes_no), _mark(not it.proactive, it.yes_no),
                   *[_mark(c in it.channels, it.yes_no) for c in CHANNELS], it.remark or None])
        if it.label_break:
            ws.cell(ws.max_row, 3).alignment = Alignment(wrap_text=True)
    for note in NOTES:
        ws.append([note])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
    _save(book, out)
    return [expected_item(k, it, 1) for k, it in enumerate(ITEMS)]


# domains.docx: (heading, level_1, [(level_2, content, channels, proactive)]).
DOMAINS = (
    ("一、社会救助领域", "社会救助", (
        ("最低生活保障", "申请条件、办理流程、救助标准", "政府网站、两微一端", True),
        ("特困人员救助供养", "救助供养标准、审批结果", "政府网站、信息公告栏", True),
        ("临时救助", "救助对象的个人信息", "", False),
    )),
    ("二、财政预决算领域", "财政预决算", (
        ("政府预算", "一般公共预算、政府性基金预算", "政府网站", True),
        ("部门决算", "部门决算报表及说明", "政府网站、政府公报", True),
    )),
    ("三、义务教育领域", "义务教育", (
        ("招生入学", "招生计划、划片范围、入学条件", "政府网站、两微一端、信息公告栏", True),
        ("学生资助", "资助政策、申请流程", "政府网站", True),
    )),
)
DOMAIN_HEADER = ("序号", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体",
                 "公开渠道和载体", "公开对象", "公开方式")
DOMAIN_BASIS = "《中华人民共和国政府信息公开条例》"
DOMAIN_TIME = "信息形成或变更之日起20个工作日内"
DOMAIN_SUBJECT = "县人民政府"
# The contract fields a text list of channels names (两微一端: weibo, wechat and app).
LISTED = {"政府网站": ("channel_website",), "政府公报": ("channel_gazette",),
          "两微一端": ("channel_weibo", "channel_wechat", "channel_app"),
          "信息公告栏": ("channel_bulletin_board",)}


def domains_expected() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for page, (_, level_1, items) in enumerate(DOMAINS, 1):
        for level_2, content, channels, proactive in items:
            named = channels.split("、") if channels else []
            row: dict[str, object] = {
                "page": page, "item_no": len(rows) + 1, "item_key": f"{level_1} / {level_2}",
                "level_1": level_1, "level_2": level_2, "level_3": None, "content": content,
                "basis": DOMAIN_BASIS, "subject": DOMAIN_SUBJECT, "time_limit": DOMAIN_TIME,
                "time_limit_days": 20, "time_limit_kind": "working_days",
                "audience": "全社会" if proactive else "特定群体",
                "disclosure_proactive": proactive, "disclosure_on_request": not proactive,
                "channels_extra": [], "warnings": [],
                "other_columns": {"序号": str(len([r for r in rows if r["level_1"] == level_1]) + 1)},
            }
            for name, fields in LISTED.items():
                for f in fields:
                    # A cell that names options lists them: the others are false; an empty
                    # cell says nothing.
                    row[f] = (name in named) if named else None
            rows.append(row)
    return rows


def _domain_table(container, level_1: str, items) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml import OxmlElement

    table = container.add_table(rows=1 + len(items), cols=len(DOMAIN_HEADER))
    table.style = "Table Grid"
    for c, name in enumerate(DOMAIN_HEADER):
        table.cell(0, c).text = name
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for r, (level_2, content, channels, proactive) in enumerate(items, 1):
        values = (str(r), level_1 if r == 1 else "", level_2, content, DOMAIN_BASIS, DOMAIN_TIME,
                  DOMAIN_SUBJECT if r == 1 else "", channels, "全社会" if proactive else "特定群体",
                  "主动" if proactive else "依申请")
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    # The category label and the 公开主体 merged down over the table's items (vMerge).
    for col in (1, 6):
        top = table.cell(1, col)
        text = top.text
        top.merge(table.cell(len(items), col)).text = text


def make_domains_docx(out: Path) -> list[dict[str, object]]:
    import docx
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Cm

    doc = docx.Document()
    doc.core_properties.created = doc.core_properties.modified = PACKAGE_DATE
    doc.add_paragraph(TITLE)
    for k, (heading, level_1, items) in enumerate(DOMAINS):
        if k == len(DOMAINS) - 1:
            section = doc.add_section(WD_SECTION.NEW_PAGE)
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Cm(29.7), Cm(21.0)
        doc.add_paragraph(heading)
        if k == 1:  # in a one-cell layout table, as a page pasted from a web site has it
            outer = doc.add_table(rows=1, cols=1)
            _domain_table(outer.cell(0, 0), level_1, items)
        else:
            _domain_table(doc, level_1, items)
    doc.save(out)
    _fix_zip_dates(out)
    return domains_expected()


def make_by_domain_xlsx(out: Path) -> list[dict[str, object]]:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for _, level_1, items in DOMAINS:
        ws = book.create_sheet(level_1)
        # Four rows above the header, as a 附件 to a notice has them.
        ws.append(["附件2"])
        ws.append([f"{level_1}领域基层政务公开标准目录"])
        ws.append([f"（{DOMAIN_SUBJECT}，2025年版）"])
        ws.append(["填报单位：县人民政府办公室", None, None, None, None, None, "填报日期：2025年3月1日"])
        ws.append([*DOMAIN_HEADER[:3], "内部编号", *DOMAIN_HEADER[3:]])
        for title_row in (2, 3):
            ws.merge_cells(start_row=title_row, start_column=1, end_row=title_row, end_column=len(DOMAIN_HEADER) + 1)
        for r, (level_2, content, channels, proactive) in enumerate(items, 1):
            ws.append([str(r), level_1 if r == 1 else None, level_2, f"NB-{r:03d}", content, DOMAIN_BASIS,
                       DOMAIN_TIME, DOMAIN_SUBJECT, channels or None, "全社会" if proactive else "特定群体",
                       "主动" if proactive else "依申请"])
        ws.merge_cells(start_row=6, start_column=2, end_row=5 + len(items), end_column=2)
        ws.column_dimensions["D"].hidden = True
        ws.freeze_panes = "D6"
    _save(book, out)
    return domains_expected()


GBK_SITE_TOP = ("<table width=\"100%\"><tr><td><a href=\"/\">首页</a></td><td><a href=\"/zwgk/\">政务公开</a></td>"
                "<td><a href=\"/hdjl/\">互动交流</a></td></tr></table>")
# After the catalogue: links and contacts, tables of their own, with no header.
GBK_LINKS = (("中华人民共和国政府信息公开条例", "http://www.gov.cn/zhengce/"),
             ("某县人民政府信息公开指南", "/zwgk/zn/"),
             ("依申请公开办理流程", "/zwgk/ysq/"))
GBK_CONTACTS = (("受理机构", "县人民政府办公室", "电话", "0000-1234567"),
                ("通讯地址", "某县人民路1号", "邮编", "000000"),
                ("办公时间", "工作日上午9:00-12:00", "传真", "0000-1234568"))
GBK_CHANNELS = ("政府网站", "政务微信", "公开栏")
GBK_CHANNEL_FIELDS = {"政府网站": "channel_website", "政务微信": "channel_wechat", "公开栏": "channel_bulletin_board"}


def _gbk_cell(text: str, tag: str = "td", **attrs: int) -> str:
    spans = "".join(f' {k}="{v}"' for k, v in attrs.items() if v > 1)
    return f"<{tag}{spans}>{text if text else '&nbsp;'}</{tag}>"


def make_gbk_page(out: Path) -> list[dict[str, object]]:
    """The sections.xlsx items on a web page (see the module's docstring)."""
    head = ("<tr>" + _gbk_cell("序号", "th", rowspan=2) + _gbk_cell("一级事项", "th", rowspan=2)
            + _gbk_cell("二级事项", "th", rowspan=2) + _gbk_cell("公开内容", "th", rowspan=2)
            + _gbk_cell("公开时限", "th", rowspan=2) + _gbk_cell("公开主体", "th", rowspan=2)
            + _gbk_cell("公开渠道", "th", colspan=len(GBK_CHANNELS)) + _gbk_cell("公开属性", "th", rowspan=2) + "</tr>"
            + "<tr>" + "".join(_gbk_cell(c, "th") for c in GBK_CHANNELS) + "</tr>")
    width = 7 + len(GBK_CHANNELS)
    body: list[str] = []
    rows: list[dict[str, object]] = []
    sections = list(dict.fromkeys(it.section for it in ITEMS))
    for n, section in enumerate(sections):
        body.append("<tr>" + _gbk_cell(f"{SECTION_NUMERALS[n]}、{section}", colspan=width) + "</tr>")
        group = [it for it in ITEMS if it.section == section]
        for k, it in enumerate(group):
            ticked = [c for c in GBK_CHANNELS if GBK_CHANNEL_FIELDS[c] in _fields(it.channels)]
            label = it.level_2[:2] + "<br>" + it.level_2[2:] if it.label_break else it.level_2
            body.append("<tr>" + _gbk_cell(str(len(rows) + 1))
                        + (_gbk_cell(section, rowspan=len(group)) if k == 0 else "")
                        + _gbk_cell(label) + _gbk_cell(it.content) + _gbk_cell(it.time_limit) + _gbk_cell(it.subject)
                        + "".join(_gbk_cell("√" if c in ticked else "") for c in GBK_CHANNELS)
                        + _gbk_cell("主动公开" if it.proactive else "依申请公开") + "</tr>")
            row = {key: value for key, value in expected_item(len(rows), it, 1).items()
                   if key not in ("basis", "other_columns", "channel_gazette") and not key.startswith("channel_")}
            row.update({f: f in _fields(it.channels) for f in GBK_CHANNEL_FIELDS.values()})
            row["disclosure_on_request"] = not it.proactive
            row["other_columns"] = {"序号": str(len(rows) + 1)}
            rows.append(row)
    links = "".join(f"<tr><td><a href=\"{url}\">{name}</a></td><td>{url}</td></tr>" for name, url in GBK_LINKS)
    contacts = "".join("<tr>" + "".join(_gbk_cell(t) for t in row) + "</tr>" for row in GBK_CONTACTS)
    html = ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
            f"<title>{TITLE}</title></head><body>{GBK_SITE_TOP}"
            f"<table width=\"100%\"><tr><td><h2>{TITLE}</h2>"
            f"<table border=\"1\" cellspacing=\"0\">{head}{''.join(body)}</table>"
            f"<p>相关链接：</p><table>{links}</table>"
            f"<p>联系方式：</p><table border=\"1\">{contacts}</table>"
            "</td></tr></table></body></html>")
    out.write_bytes(html.encode("gb2312"))
    return rows


def _fields(channels: tuple[str, ...]) -> set[str]:
    return {f for name in channels for f in CHANNEL_FIELDS.get(name, ())}


# The PDF tables: (level_1, level_2, content, time limit, days, kind, subject, channels).
PDF_ITEMS = tuple(
    (level_1, level_2, content, time, days, kind, subject, channels)
    for level_1, group in (
        ("机构职能", (("机构设置", "内设机构名称、职能、负责人姓名及联系方式"), ("领导信息", "领导姓名、职务、分工、简历"),
                      ("权责清单", "行政职权事项、责任事项、追责情形及动态调整情况"))),
        ("规划计划", (("发展规划", "国民经济和社会发展规划纲要及其中期评估报告"), ("年度计划", "年度国民经济和社会发展计划执行情况"))),
        ("财政信息", (("预算公开", "政府预算、部门预算及预算执行情况报告"), ("决算公开", "政府决算、部门决算及审计工作报告"),
                      ("三公经费", "因公出国（境）费、公务接待费、公务用车购置及运行费"), ("政府债务", "政府债务限额、余额、使用安排及还本付息"))),
        ("社会救助", (("最低生活保障", "申请条件、办理程序、保障标准、保障对象名单"), ("特困供养", "供养条件、供养标准、审批结果"),
                      ("临时救助", "救助条件、办理流程、救助标准"), ("医疗救助", "救助对象范围、救助标准、办理流程"),
                      ("住房救助", "保障标准、申请条件、审核结果"))),
    )
    for k, (level_2, content) in enumerate(group)
    for time, days, kind in (("常态公开", None, None), ("实时更新", None, "realtime"),
                             ("形成或变更之日起20个工作日内", 20, "working_days"))[k % 3:k % 3 + 1]
    for subject in (("县人民政府办公室", "县财政局", "县民政局")[k % 3],)
    for channels in ((("政府网站",), ("政府网站", "政务新媒体"), ("政府网站", "信息公告栏"))[(k + 1) % 3],)
)
PDF_HEADER = ("序号", "一级事项", "二级事项", "公开内容", "公开时限", "公开主体", "公开方式", "公开渠道")
PDF_WIDTHS = (30, 62, 72, 210, 100, 80, 56, 110)  # points; the page is A4 landscape
PDF_FONT, PDF_SIZE, PDF_LEAD = "STSong-Light", 9, 12
PDF_ROWS_PER_PAGE = 8  # items a page holds, so the table runs over pages


def _pdf_rows() -> list[tuple[str, ...]]:
    rows, last = [], None
    for n, (level_1, level_2, content, time, _, _, subject, channels) in enumerate(PDF_ITEMS, 1):
        rows.append((str(n), level_1 if level_1 != last else "", level_2, content, time, subject, "主动公开",
                     "、".join(channels)))
        last = level_1
    return rows


def _wrap(text: str, width: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line = [], ""
    for ch in text:
        if line and stringWidth(line + ch, PDF_FONT, PDF_SIZE) > width - 6:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line else lines


def make_pdf_table(out: Path, rules: bool, repeat_header: bool = True, background: object = None,
                   text_mode: int = 0, watermark: str = "", font: str = PDF_FONT,
                   even_shift: float = 0.0) -> list[dict[str, object]]:
    """The PDF table over pages; `background`: a picture (PIL image) drawn under each whole
    page first; `text_mode`: the PDF text render mode of the table's text (3: invisible);
    `watermark`: words drawn large, grey and at a slant across each page, over the table;
    `font`: the face of the text (registered by the caller, unless STSong-Light);
    `even_shift`: points the table moves right on even pages (mirrored margins)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    width, height = landscape(A4)
    left = (width - sum(PDF_WIDTHS)) / 2
    odd_xs = [left + sum(PDF_WIDTHS[:c]) for c in range(len(PDF_WIDTHS) + 1)]
    canvas = Canvas(str(out), pagesize=(width, height), invariant=1)
    rows = _pdf_rows()
    pages = [rows[i:i + PDF_ROWS_PER_PAGE] for i in range(0, len(rows), PDF_ROWS_PER_PAGE)]
    expected: list[dict[str, object]] = []
    def draw(x: float, y: float, text: str) -> None:
        if not text_mode:
            canvas.drawString(x, y, text)
            return
        t = canvas.beginText(x, y)
        t.setTextRenderMode(text_mode)
        t.textOut(text)
        canvas.drawText(t)

    for p, page_rows in enumerate(pages, 1):
        xs = [x + even_shift for x in odd_xs] if p % 2 == 0 else odd_xs
        if background is not None:
            from reportlab.lib.utils import ImageReader

            canvas.drawImage(ImageReader(background), 0, 0, width, height)
        canvas.setFont(font, 14)
        canvas.drawCentredString(width / 2, height - 40, TITLE)
        canvas.setFont(font, PDF_SIZE)
        canvas.drawCentredString(width / 2, 24, f"第 {p} 页 共 {len(pages)} 页")
        y = height - 70
        canvas.setLineWidth(1.2)
        if rules:
            canvas.line(xs[0], y, xs[-1], y)
        if repeat_header or p == 1:
            for c, name in enumerate(PDF_HEADER):
                draw(xs[c] + 3, y - PDF_LEAD + 2, name)
            y -= PDF_LEAD + 4
        if rules:
            canvas.setLineWidth(0.6)
            canvas.line(xs[0], y, xs[-1], y)
        for row in page_rows:
            cells = [_wrap(text, PDF_WIDTHS[c]) for c, text in enumerate(row)]
            for c, lines in enumerate(cells):
                for k, line in enumerate(lines):
                    draw(xs[c] + 3, y - PDF_LEAD * (k + 1) + 2, line)
            y -= PDF_LEAD * max(len(lines) for lines in cells) + 6
        if rules:
            canvas.setLineWidth(1.2)
            canvas.line(xs[0], y, xs[-1], y)
        if watermark:
            canvas.saveState()
            canvas.setFillGray(0.8)
            canvas.translate(width / 2, height / 2)
            canvas.rotate(30)
            canvas.setFont(font, 60)
            canvas.drawCentredString(0, 0, watermark)
            canvas.restoreState()
        canvas.showPage()
    for n, (level_1, level_2, content, time, days, kind, subject, channels) in enumerate(PDF_ITEMS):
        fields = _fields(channels)
        expected.append({
            "page": n // PDF_ROWS_PER_PAGE + 1, "item_no": n + 1, "item_key": f"{level_1} / {level_2}",
            "level_1": level_1, "level_2": level_2, "level_3": None, "content": content, "subject": subject,
            "time_limit": time, "time_limit_days": days, "time_limit_kind": kind,
            "disclosure_proactive": True, "disclosure_on_request": False,
            **{f: f in fields for name in ("政府网站", "政务新媒体", "信息公告栏") for f in CHANNEL_FIELDS[name]},
            "channels_extra": [], "other_columns": {"序号": str(n + 1)},
        })
    canvas.save()
    return expected


GROUPS_HEADER = ("一级事项", "二级事项", "公开内容", "公开时限", "公开主体", "公开方式", "", "公开渠道")
GROUPS_WIDTHS = (70, 80, 240, 130, 100, 45, 45, 120)
GROUPS_ITEMS = 9  # the first items of PDF_ITEMS
GROUPS_ON_REQUEST = 4  # every this-many-th item is 依申请, the others 主动


def make_unruled_groups_pdf(out: Path) -> list[dict[str, object]]:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    width, height = landscape(A4)
    left = (width - sum(GROUPS_WIDTHS)) / 2
    xs = [left + sum(GROUPS_WIDTHS[:c]) for c in range(len(GROUPS_WIDTHS) + 1)]
    canvas = Canvas(str(out), pagesize=(width, height), invariant=1)
    canvas.setFont(PDF_FONT, PDF_SIZE)

    def centred(text: str, lo: int, hi: int, y: float) -> None:
        canvas.drawCentredString((xs[lo] + xs[hi]) / 2, y, text)

    top = height - 60
    half = PDF_LEAD / 2  # the header is two lines high; a one-line name is centred in it
    centred("公开内容", 2, 3, top)
    centred("（要素）", 2, 3, top - PDF_LEAD)
    centred("公开方式", 5, 7, top)
    centred("主动", 5, 6, top - PDF_LEAD)
    centred("依申请", 6, 7, top - PDF_LEAD)
    for c, name in enumerate(GROUPS_HEADER):
        if name and name not in ("公开内容", "公开方式"):
            centred(name, c, c + 1, top - half)
    y = top - PDF_LEAD - 20
    expected: list[dict[str, object]] = []
    last = None
    for n, (level_1, level_2, content, time, days, kind, subject, channels) in enumerate(PDF_ITEMS[:GROUPS_ITEMS]):
        proactive = (n + 1) % GROUPS_ON_REQUEST != 0
        cells = (level_1 if level_1 != last else "", level_2, content, time, subject,
                 "√" if proactive else "", "" if proactive else "√", "、".join(channels))
        last = level_1
        for c, text in enumerate(cells):
            if text:
                centred(text, c, c + 1, y)
        y -= PDF_LEAD + 6
        fields = _fields(channels)
        expected.append({
            "page": 1, "item_no": n + 1, "item_key": f"{level_1} / {level_2}", "level_1": level_1,
            "level_2": level_2, "level_3": None, "content": content, "subject": subject, "time_limit": time,
            "time_limit_days": days, "time_limit_kind": kind,
            "disclosure_proactive": proactive, "disclosure_on_request": not proactive,
            **{f: f in fields for name in ("政府网站", "政务新媒体", "信息公告栏") for f in CHANNEL_FIELDS[name]},
            "channels_extra": [], "other_columns": {}, "warnings": [],
        })
    canvas.showPage()
    canvas.save()
    return expected


def make_three_line_pdf(out: Path) -> list[dict[str, object]]:
    return make_pdf_table(out, rules=True)


def make_unruled_pdf(out: Path) -> list[dict[str, object]]:
    return make_pdf_table(out, rules=False)


def make_sections_md(out: Path) -> list[dict[str, object]]:
    header = ("序号", "一级事项", "二级事项", *HEADER[3:7], "主动", "依申请", *CHANNELS, "备注")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    section = None
    for k, it in enumerate(ITEMS):
        if it.section != section:
            numeral = SECTION_NUMERALS[len({i.section for i in ITEMS[:k]})]
            lines.append("| " + " | ".join([f"{numeral}、{it.section}", *[""] * (len(header) - 1)]) + " |")
            section = it.section
        cells = [str(k + 1), it.section, it.level_2, it.content, it.basis, it.time_limit, it.subject,
                 _mark(it.proactive, False), _mark(not it.proactive, False),
                 *[_mark(c in it.channels, False) for c in CHANNELS], it.remark]
        lines.append("| " + " | ".join(cells) + " |")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # The section titles restate the 一级事项 under them: nothing is lost, nothing to warn of.
    return [{**expected_item(k, it, 1), "warnings": []} for k, it in enumerate(ITEMS)]


def make_headings_csv(out: Path) -> list[dict[str, object]]:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    width = len(HEADER)
    writer.writerow([TITLE, *[""] * (width - 1)])
    writer.writerow(["填报单位：某县人民政府办公室", *[""] * (width - 3), "填报日期：2025年3月1日", ""])
    writer.writerow(["序号", "一级事项", "二级事项", *HEADER[3:7], "主动公开", "依申请公开", *CHANNELS, "备注"])
    section = None
    for k, it in enumerate(ITEMS):
        if it.section != section:
            numeral = SECTION_NUMERALS[len({i.section for i in ITEMS[:k]})]
            writer.writerow([numeral, it.section, *[""] * (width - 2)])
            section = it.section
        writer.writerow([str(k + 1), "", it.level_2, it.content, it.basis, it.time_limit, it.subject,
                         _mark(it.proactive, True), _mark(not it.proactive, True),
                         *[_mark(c in it.channels, True) for c in CHANNELS], it.remark])
    writer.writerow([NOTES[0], *[""] * (width - 1)])
    out.write_bytes(buffer.getvalue().encode("gbk"))
    rows = [expected_item(k, it, 1) for k, it in enumerate(ITEMS)]
    return rows


# oldstyle.csv: the older 政府信息公开目录's columns (信息类别 信息名称 内容概述 公开形式
# 公开时限 责任科室), its 公开形式 naming channels: (类别, 名称, 概述, channels, 科室).
# Item names repeat across 类别 nowhere, so each item's key is its 信息名称.
OLD_HEADER = ("序号", "信息类别", "信息名称", "内容概述", "公开形式", "公开时限", "责任科室")
OLD_ROWS = [("机构职能", "机构设置", "本机关内设机构及职能", ("政府网站", "公示栏"), "办公室"),
            ("机构职能", "领导信息", "领导姓名、分工", ("政府网站",), "办公室"),
            ("政策法规", "规范性文件", "本机关制定的规范性文件", ("政府网站", "政府公报"), "法规科")]
OLD_FIELDS = {"政府网站": "channel_website", "公示栏": "channel_bulletin_board", "政府公报": "channel_gazette"}


def make_oldstyle_csv(out: Path) -> list[dict[str, object]]:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(OLD_HEADER)
    for n, (kind, name, summary, channels, office) in enumerate(OLD_ROWS, start=1):
        writer.writerow([n, kind, name, summary, "、".join(channels), "20个工作日内", office])
    out.write_text(buffer.getvalue(), encoding="utf-8")
    rows: list[dict[str, object]] = []
    for n, (kind, name, summary, channels, office) in enumerate(OLD_ROWS, start=1):
        # 信息类别 is no header word (a real catalogue names a category group so), so its
        # column is kept whole in other_columns and 信息名称 is the one category level.
        row: dict[str, object] = {"item_no": n, "item_key": name, "level_1": name, "level_2": None,
                                  "content": summary, "time_limit": "20个工作日内", "time_limit_days": 20,
                                  "other_columns": {"序号": str(n), "信息类别": kind, "责任科室": office}}
        row.update({field: label in channels for label, field in OLD_FIELDS.items()})
        rows.append(row)
    return rows


# numbered-levels.csv: each 一级 label numbered (一、机构职能) on a row of its own in the
# 一级事项 column, its items under it with that cell empty: a label, not a section title.
NUMBERED = [("一、机构职能", (("机构设置", "本机关内设机构"), ("领导信息", "领导姓名"))),
            ("二、政策文件", (("规范性文件", "文件全文"),))]


def make_numbered_levels_csv(out: Path) -> list[dict[str, object]]:
    lines = ["一级事项,二级事项,公开内容,公开时限,公开主体,主动公开"]
    rows: list[dict[str, object]] = []
    for one, items in NUMBERED:
        lines.append(f"{one},,,,,")
        for two, content in items:
            lines.append(f",{two},{content},20个工作日内,办公室,√")
            rows.append({"item_no": len(rows) + 1, "item_key": f"{one} / {two}", "level_1": one, "level_2": two,
                         "content": content, "disclosure_proactive": True})
    out.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return rows


def _save(book, path: Path) -> None:  # type: ignore[no-untyped-def]
    book.properties.created = book.properties.modified = PACKAGE_DATE
    book.save(path)
    _fix_zip_dates(path)


def _write_expected(path: Path, rows: list[dict[str, object]]) -> None:
    doc = {"source": path.name, "rows": rows}
    path.with_suffix(".expected.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n",
                                                  encoding="utf-8")


def make_domains_odt(out: Path) -> list[dict[str, object]]:
    sys.path.insert(0, str(HERE.parent / "office"))
    from generate_office import soffice

    soffice(["--convert-to", "odt", "domains.docx"], out.parent)
    (out.parent / "domains.odt").replace(out)
    return domains_expected()


PROJECTS_HEADER = ("序号", "项目名称", "建设内容", "总投资（万元）", "责任单位", "完成时限")
PROJECTS = (("城区道路改造工程", "改造道路2.4公里及配套管网", 1260, "县交通运输局", "2025年12月底前"),
            ("第二污水处理厂", "新建日处理2万吨污水处理厂", 8900, "县住房和城乡建设局", "2026年6月底前"),
            ("中心小学扩建", "新建教学楼1栋、运动场1处", 3150, "县教育局", "2025年8月底前"))


# cut-list.docx: a Word catalogue whose second table goes on from the first (a page
# break between them), its first row the rest of a numbered 公开内容 list cut by the
# break, alone in its row: "2、…" there is no section title.
CUT_HEADER = ("一级", "二级", "公开内容", "公开主体", "公开时限", "公开渠道")
CUT_FIRST = [("机构信息", "机构职能", "本机关的主要职能", "县政府办", "20个工作日内", "☑政府网站 ☐政府公报"),
             ("", "公开指南", "1、政府信息公开指南", "县政府办", "20个工作日内", "☑政府网站 ☑政府公报")]
CUT_SECOND = [("", "", "2、政府信息公开目录", "", "", ""),
              ("", "领导信息", "领导姓名、职务、分工", "县政府办", "20个工作日内", "☑政府网站 ☐政府公报")]


def make_cut_list_docx(out: Path) -> list[dict[str, object]]:
    import docx

    doc = docx.Document()
    doc.core_properties.created = doc.core_properties.modified = PACKAGE_DATE
    for k, rows in enumerate(([CUT_HEADER, *CUT_FIRST], CUT_SECOND)):
        if k:
            doc.add_page_break()
        table = doc.add_table(rows=len(rows), cols=len(CUT_HEADER))
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    doc.save(out)
    _fix_zip_dates(out)
    items = [("机构职能", "本机关的主要职能", "20个工作日内", False),
             ("公开指南", "1、政府信息公开指南2、政府信息公开目录", "20个工作日内", True),
             ("领导信息", "领导姓名、职务、分工", "20个工作日内", False)]
    return [{"item_no": n, "item_key": f"机构信息 / {two}", "level_1": "机构信息", "level_2": two,
             "content": content, "subject": "县政府办", "time_limit": limit, "time_limit_days": 20,
             "channel_website": True, "channel_gazette": gazette}
            for n, (two, content, limit, gazette) in enumerate(items, start=1)]


def make_projects_xlsx(out: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "重点项目"
    ws.append(PROJECTS_HEADER)
    for n, project in enumerate(PROJECTS, 1):
        ws.append([n, *project])
    _save(book, out)


def main() -> None:
    make_projects_xlsx(HERE / "projects.xlsx")
    for name, make in (("sections.xlsx", make_sections_xlsx), ("domains.docx", make_domains_docx),
                       ("gbk-page.html", make_gbk_page), ("three-line.pdf", make_three_line_pdf),
                       ("unruled.pdf", make_unruled_pdf), ("by-domain.xlsx", make_by_domain_xlsx),
                       ("unruled-groups.pdf", make_unruled_groups_pdf), ("headings.csv", make_headings_csv),
                       ("pipe-sections.md", make_sections_md), ("cut-list.docx", make_cut_list_docx),
                       ("oldstyle.csv", make_oldstyle_csv), ("numbered-levels.csv", make_numbered_levels_csv),
                       ("domains-lo.odt", make_domains_odt)):
        path = HERE / name
        _write_expected(path, make(path))


if __name__ == "__main__":
    main()
