"""Catalogues of the eighth round's unfamiliar layouts, and the rows they must give.

  strips-clipped.pdf  the national sheet (samples/printed/generate_printed.py) at full size,
                 printed by LibreOffice in three strips of columns, the second strip ending
                 after 纸质媒体, inside 公开渠道和载体: the group's name, written once centred
                 over its thirteen options, is cut by the paper's edge, so the second strip
                 shows only 公 over its channels and the third 开渠道和载体
  strips-unnamed.pdf  the same, the second strip ending after 广播电视: the group's name falls
                 wholly on the third strip, and the second shows a blank merged cell over
                 its channels
  header-once.pdf, header-once-word.docx  a ruled table over four pages whose header row is printed on the first
                 page only (as Word prints a table whose header row is not marked to repeat),
                 with columns its cells alone cannot tell (公开依据, 责任科室, 备注); each page
                 starts a 一级事项 of its own, so `--pages 3-4` must give the rows pages 3-4
                 give in a whole run; the .docx holds each page's rows as a body table of
                 its own (a page break between), the header row in the first only
  footer-lines.pdf  header-once.pdf's table with its header on every page and a line of the
                 form's own in the last ruled row of each page, in cells of their own or
                 across the table: a sign-off (制表人：… | 审核人：… | 联系电话：…), a page
                 footer (第 2 页 共 4 页 in the 公开内容 column), the filing unit and date, and
                 the sign-off in one cell across; each a note on the item above
                 (footnote_dropped), never an item
  split-signoff.pdf  header-once.pdf's first two pages, the last 公开内容 of page 1 cut by the
                 page break with its rest (负责人：姓名、办公电话, a sign-off field's words)
                 alone in page 2's first row, and a real sign-off line under page 2's table
  handler-row.csv  a category 经办人 (a sign-off field's name) with its one item beside it
                 in the middle of a table: an item like any other
  domain-levels.csv  a 领域 column before the table's own 一级事项 and 二级事项 (a combined
                 county catalogue): the header's levels are the path, 领域 an other column
  proactive-asked.csv  是否主动公开 answered with another option's name (依申请公开, 不予公开,
                 否（依申请公开）) as well as 是/否/主动公开: those are a no to 主动公开
  letterhead-box.docx  header-once.pdf's first page as the body's table, under a letterhead's
                 small table (文号 | 密级) in a text box: the body table stays table (page) 1
  banded.pdf     header-once.pdf's table drawn without a rule: a grey header row and every
                 other row shaded light grey (a table style of bands, as WPS and web pages
                 print them), the header on every page
  header-boxed.pdf  the same table with only its header row ruled and shaded (a box round
                 each header cell) over rows drawn without a rule, a rule under the last
  signoff-table.docx  the same catalogue as one Word table, then a table of one row holding
                 the form's sign-off, each field's name in a cell and its value in the next
                 (制表人 | 张三 | 审核人 | 李四 | 填报日期 | 2025年3月1日): a note on the last item
  text-box.docx  the catalogue as one Word table typed into a text box (a floating shape,
                 written as Word writes it twice: the wps shape and a VML fallback copy), the
                 body holding only the title and the box's anchor paragraph
  plus-channels.xlsx  a sheet whose 公开渠道 cells join the channels with a plus sign
                 (政府网站+政务新媒体, 政府网站＋信息公告栏), as a form filled in by hand may
  other-words.csv  a sheet saved as CSV whose header names its columns in words no other
                 sample uses: 所属领域, 事项名称, 发布机关, 时限要求, and 是否主动公开 over 是/否
  unruled-halves-continued.pdf  unruled-halves.pdf's narrow table with no rules, in two
                 halves side by side on each of two pages, the header over each half on the
                 first page only: the second page goes on in both halves under no header

Expected rows (<name>.expected.json) come from the items (samples/catalogue_data.py) and
the data here, never from an extraction. Regenerate: `python samples/unseen/generate_unseen8.py`
(openpyxl and LibreOffice; printing needs a CJK font, e.g. Debian's fonts-wqy-microhei,
passed with CJK_FONT_DIR=/path/to/folder); it writes only the files above.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "office"))
sys.path.insert(0, str(HERE.parent / "printed"))

import generate_office as office  # noqa: E402
import generate_printed as printed  # noqa: E402
from generate_sheet_words import PACKAGE_DATE, _fix_zip_dates  # noqa: E402
from generate_unseen import CHANNEL_FIELDS, PDF_FONT, PDF_ITEMS, PDF_LEAD, PDF_SIZE, _save, _wrap  # noqa: E402
from generate_unseen7 import HALVES_GUTTER, HALVES_HEADER, HALVES_WIDTHS  # noqa: E402

# Each sheet's strips end after these columns: after 公开主体 (the first strip holds the
# item's own columns), then inside the channels, where the cut falls through the group's
# name (纸质媒体) or leaves all of it to the next strip (广播电视).
CLIPPED_STRIPS = {"strips-clipped": ("公开主体", "纸质媒体"), "strips-unnamed": ("公开主体", "广播电视")}


def make_clipped_strips(out: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        for name, breaks in CLIPPED_STRIPS.items():
            printed.make_sheet(work / f"{name}.xlsx", fit=False, breaks=breaks)
            office.soffice(["--convert-to", "pdf", f"{name}.xlsx"], work)
            shutil.copyfile(work / f"{name}.pdf", out / f"{name}.pdf")
            expected = out / f"{name}.expected.json"
            office.write_expected(expected, f"{name}.pdf", office.national_expected_items(),
                                  printed.pages_of(fit=False, over_then_down=False))
            doc = json.loads(expected.read_text(encoding="utf-8"))
            for row in doc["rows"]:  # every item's channels and further columns are on later strips
                row["warnings"] = [*row["warnings"], printed.STRIP_WARNING]
            expected.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- ruled PDF tables (reportlab)

PAGE_W, PAGE_H = 842.0, 595.0  # A4 landscape, points
TABLE_TOP = 70.0  # from the page's top: the title above it
CELL_PAD = 3.0


@dataclass(frozen=True)
class RuledTable:
    """One ruled table on a page: its left edge, column widths, header rows (each cell a
    text, None where the cell on its left spans it), body rows, and rows under them
    written as the header's are (a sign-off line inside the grid); a body cell that is
    "" under a cell of the same group (`merged_down` columns) is merged into it."""

    left: float
    widths: tuple[float, ...]
    header: tuple[tuple[str | None, ...], ...]
    rows: tuple[tuple[str, ...], ...]
    merged_down: tuple[int, ...] = ()
    footer: tuple[tuple[str | None, ...], ...] = ()


def _lines(text: str, width: float) -> list[str]:
    return [line for part in text.split("\n") for line in _wrap(part, width)] if text else []


def draw_ruled(canvas, table: RuledTable, top: float) -> float:  # type: ignore[no-untyped-def]
    """Draw `table` from `top` (points from the page's bottom) down; the bottom's y."""
    xs = [table.left + sum(table.widths[:c]) for c in range(len(table.widths) + 1)]
    y = top
    canvas.setLineWidth(0.8)
    canvas.line(xs[0], y, xs[-1], y)
    for cells in table.header:
        y = _spanning_row(canvas, xs, cells, y, centred=True)
    for r, cells in enumerate(table.rows):
        lines = [_lines(t, table.widths[c]) for c, t in enumerate(cells)]
        height = PDF_LEAD * max(1, *(len(ls) for ls in lines)) + 2 * CELL_PAD
        for c, ls in enumerate(lines):
            for k, line in enumerate(ls):
                canvas.drawString(xs[c] + CELL_PAD, y - CELL_PAD - PDF_LEAD * (k + 1) + 2, line)
        for x in xs:
            canvas.line(x, y, x, y - height)
        y -= height
        nxt = table.rows[r + 1] if r + 1 < len(table.rows) else None
        for c in range(len(table.widths)):  # the rule under each cell, but inside a merged group
            if nxt is None or c not in table.merged_down or nxt[c]:
                canvas.line(xs[c], y, xs[c + 1], y)
    for cells in table.footer:
        y = _spanning_row(canvas, xs, cells, y, centred=False)
    return y


def _spanning_row(canvas, xs: list[float], cells: tuple[str | None, ...], y: float,  # type: ignore[no-untyped-def]
                  centred: bool) -> float:
    """A row whose cells may span the ones after them (None); its bottom's y."""
    lines = [_lines(t or "", xs[c + _span(cells, c)] - xs[c]) for c, t in enumerate(cells)]
    height = PDF_LEAD * max(1, *(len(ls) for ls in lines)) + 2 * CELL_PAD
    for c, ls in enumerate(lines):
        if cells[c] is None:
            continue
        right = xs[c + _span(cells, c)]
        for k, line in enumerate(ls):
            base = y - CELL_PAD - PDF_LEAD * (k + 1) + 2
            if centred:
                canvas.drawCentredString((xs[c] + right) / 2, base, line)
            else:
                canvas.drawString(xs[c] + CELL_PAD, base, line)
        canvas.line(xs[c], y, xs[c], y - height)
    canvas.line(xs[-1], y, xs[-1], y - height)
    y -= height
    canvas.line(xs[0], y, xs[-1], y)
    return y


def _span(cells: tuple[str | None, ...], c: int) -> int:
    n = 1
    while c + n < len(cells) and cells[c + n] is None:
        n += 1
    return n


def new_canvas(out: Path):  # type: ignore[no-untyped-def]
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    return Canvas(str(out), pagesize=(PAGE_W, PAGE_H), invariant=1)


def page_top(canvas, title: str) -> float:  # type: ignore[no-untyped-def]
    """The title over a page's table; the table's top."""
    canvas.setFont(PDF_FONT, 14)
    canvas.drawCentredString(PAGE_W / 2, PAGE_H - 40, title)
    canvas.setFont(PDF_FONT, PDF_SIZE)
    return PAGE_H - TABLE_TOP


def write_expected(path: Path, rows: list[dict[str, object]]) -> None:
    doc = {"source": path.name, "rows": rows}
    path.with_suffix(".expected.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n",
                                                  encoding="utf-8")


# ---------------------------------------------------------------- header-once.pdf

ONCE_TITLE = "某县政务公开事项目录（2025年）"
ONCE_HEADER = ("序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开方式", "公开渠道",
               "责任科室", "备注")
ONCE_WIDTHS = (28.0, 56.0, 64.0, 150.0, 100.0, 90.0, 70.0, 50.0, 80.0, 56.0, 50.0)
ONCE_BASIS = ("《中华人民共和国政府信息公开条例》", "《中华人民共和国预算法》", "《社会救助暂行办法》")
ONCE_OFFICES = ("办公室", "综合股", "业务股")
ONCE_REMARKS = ("", "每年更新", "", "涉密的除外")


def once_items() -> list[dict[str, object]]:
    """PDF_ITEMS with a basis, an office and a remark each: every field of a row."""
    out = []
    for n, (level_1, level_2, content, time, days, kind, subject, channels) in enumerate(PDF_ITEMS):
        out.append({"level_1": level_1, "level_2": level_2, "content": content, "basis": ONCE_BASIS[n % 3],
                    "time_limit": time, "time_limit_days": days, "time_limit_kind": kind, "subject": subject,
                    "channels": channels, "office": ONCE_OFFICES[n % 3], "remark": ONCE_REMARKS[n % 4]})
    return out


def once_pages() -> list[tuple[list[tuple[str, ...]], list[dict[str, object]]]]:
    """Each page's rows and their expected items: one 一级事项 a page."""
    items = once_items()
    pages = []
    n = 0
    for page, group in enumerate(dict.fromkeys(str(it["level_1"]) for it in items), 1):
        rows: list[tuple[str, ...]] = []
        expected: list[dict[str, object]] = []
        for k, it in enumerate(it for it in items if it["level_1"] == group):
            n += 1
            rows.append((str(n), group if k == 0 else "", str(it["level_2"]), str(it["content"]), str(it["basis"]),
                         str(it["time_limit"]), str(it["subject"]), "主动公开", "、".join(it["channels"]),  # type: ignore[arg-type]
                         str(it["office"]), str(it["remark"])))
            fields = {f for name in it["channels"] for f in CHANNEL_FIELDS[name]}  # type: ignore[attr-defined]
            expected.append({
                "page": page, "item_no": n, "item_key": f"{group} / {it['level_2']}",
                "level_1": group, "level_2": it["level_2"], "level_3": None, "content": it["content"],
                "basis": it["basis"], "subject": it["subject"], "time_limit": it["time_limit"],
                "time_limit_days": it["time_limit_days"], "time_limit_kind": it["time_limit_kind"],
                "disclosure_proactive": True, "disclosure_on_request": False,
                **{f: f in fields for name in CHANNEL_FIELDS for f in CHANNEL_FIELDS[name]},
                "channels_extra": [], "warnings": [],
                "other_columns": {"序号": str(n), "责任科室": it["office"], **({"备注": it["remark"]} if it["remark"] else {})},
            })
        pages.append((rows, expected))
    return pages


def make_header_once_pdf(out: Path) -> list[dict[str, object]]:
    canvas = new_canvas(out)
    expected: list[dict[str, object]] = []
    for page, (rows, items) in enumerate(once_pages(), 1):
        top = page_top(canvas, ONCE_TITLE)
        header = (ONCE_HEADER,) if page == 1 else ()
        draw_ruled(canvas, RuledTable(24.0, ONCE_WIDTHS, header, tuple(rows), merged_down=(1,)), top)
        canvas.showPage()
        expected += items
    canvas.save()
    return expected


def landscape_document():  # type: ignore[no-untyped-def]
    """A Word document on A4 landscape, dated as every sample package is, with the title."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    doc = docx.Document()
    doc.core_properties.created = doc.core_properties.modified = PACKAGE_DATE
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    doc.add_paragraph(ONCE_TITLE)
    return doc


def word_table(container, rows: list[tuple[str, ...]]):  # type: ignore[no-untyped-def]
    """A ruled Word table of `rows` in `container` (a document or a cell)."""
    table = container.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    return table


def make_header_once_docx(out: Path) -> list[dict[str, object]]:
    """The same pages as body tables of a Word document, one a page (a page break
    between), the header row in the first only."""
    from docx.enum.text import WD_BREAK

    doc = landscape_document()
    expected: list[dict[str, object]] = []
    for page, (rows, items) in enumerate(once_pages(), 1):
        if page > 1:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        body = [ONCE_HEADER, *rows] if page == 1 else rows
        table = word_table(doc, body)
        first = 1 if page == 1 else 0  # the group's label merged down over its items (vMerge)
        top = table.cell(first, 1)
        text = top.text
        top.merge(table.cell(len(body) - 1, 1)).text = text
        expected += items
    doc.save(out)
    _fix_zip_dates(out)
    return expected


# ---------------------------------------------------------------- footer-lines.pdf

_ = None  # a cell spanned by the one on its left
FOOTERS = (("制表人：张三", _, _, "审核人：李四", _, _, _, "联系电话：0000-1234567", _, _, _),
           ("", "", "", "第 2 页 共 4 页", "", "", "", "", "", "", ""),
           ("填报单位：某县人民政府办公室", _, _, _, _, _, "填报日期：2025年3月1日", _, _, _, _),
           ("制表人：张三        审核人：李四        填报日期：2025年3月1日", _, _, _, _, _, _, _, _, _, _))
FOOTNOTE_WARNING = "footnote_dropped"


def make_footer_lines(out: Path) -> list[dict[str, object]]:
    canvas = new_canvas(out)
    expected: list[dict[str, object]] = []
    for page, (rows, items) in enumerate(once_pages(), 1):
        top = page_top(canvas, ONCE_TITLE)
        draw_ruled(canvas, RuledTable(24.0, ONCE_WIDTHS, (ONCE_HEADER,), tuple(rows), merged_down=(1,),
                                      footer=(FOOTERS[page - 1],)), top)
        canvas.showPage()
        items[-1]["warnings"] = [FOOTNOTE_WARNING]  # the line under it is a note on it
        expected += items
    canvas.save()
    return expected


# ---------------------------------------------------------------- split-signoff.pdf, handler-row.csv

SPLIT_CONTENT = ("领导姓名、职务、分工、简历、", "负责人：姓名、办公电话")  # a cell cut by the page break


def make_split_signoff(out: Path) -> list[dict[str, object]]:
    """header-once.pdf's first two pages, the header on each, the last item of page 1 with
    its 公开内容 cut by the page break: the rest, a sign-off field's words, is page 2's first
    row; page 2 ends with a real sign-off line (a note on its last item)."""
    canvas = new_canvas(out)
    (rows1, items1), (rows2, items2) = once_pages()[:2]
    last = rows1[-1]
    rows1 = [*rows1[:-1], (*last[:3], SPLIT_CONTENT[0], *last[4:])]
    rest = tuple(SPLIT_CONTENT[1] if c == 3 else "" for c in range(len(ONCE_HEADER)))
    for rows, footer in ((rows1, ()), ([rest, *rows2], (FOOTERS[0],))):
        top = page_top(canvas, ONCE_TITLE)
        draw_ruled(canvas, RuledTable(24.0, ONCE_WIDTHS, (ONCE_HEADER,), tuple(rows), merged_down=(1,),
                                      footer=footer), top)
        canvas.showPage()
    canvas.save()
    items1[-1] = {**items1[-1], "content": "".join(SPLIT_CONTENT)}
    del items1[-1]["warnings"]  # the join's own warnings
    items2[-1]["warnings"] = [FOOTNOTE_WARNING]
    return items1 + items2


HANDLER_HEADER = ("一级事项", "二级事项", "三级事项", "公开内容", "公开时限", "公开主体", "公开渠道")
# A sign-off field's name as a category label with its one item beside it, mid-table: an item.
HANDLER_ROWS = (("机构信息", "领导信息", "姓名职务", "领导姓名、职务", "20个工作日内", "县政府办", "政府网站"),
                ("", "经办人", "经办人员名单及联系方式", "", "", "", ""),
                ("", "联系方式", "办公电话", "办公电话、传真", "20个工作日内", "县政府办", "政府网站"))


def make_handler_row(out: Path) -> list[dict[str, object]]:
    import csv

    with out.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(HANDLER_HEADER)
        writer.writerows(HANDLER_ROWS)
    expected: list[dict[str, object]] = []
    group = ""
    for row in HANDLER_ROWS:
        group = row[0] or group
        expected.append({"item_key": " / ".join((group, *row[1:3])), "level_1": group, "level_2": row[1],
                         "level_3": row[2], "content": row[3] or None, "subject": row[5] or None})
    return expected


# ---------------------------------------------------------------- domain-levels.csv

DOMAIN_HEADER = ("序号", "领域", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道")
DOMAIN_ROWS = (("财政预决算", "预算公开", "政府预算", "政府预算报告及表格", "《预算法》", "县财政局"),
               ("财政预决算", "决算公开", "政府决算", "政府决算报告", "《预算法》", "县财政局"),
               ("社会救助", "低保", "低保标准", "保障标准", "《社会救助暂行办法》", "县民政局"))


def make_domain_levels(out: Path) -> list[dict[str, object]]:
    """A combined county catalogue: a 领域 column before the table's own 一级事项, 二级事项."""
    import csv

    expected: list[dict[str, object]] = []
    with out.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(DOMAIN_HEADER)
        for n, (domain, level_1, level_2, content, basis, subject) in enumerate(DOMAIN_ROWS, 1):
            writer.writerow((n, domain, level_1, level_2, content, basis, "20个工作日内", subject, "政府网站"))
            # the header's own levels are the path; 领域 is kept under its name
            expected.append({"item_key": f"{level_1} / {level_2}", "level_1": level_1, "level_2": level_2,
                             "level_3": None, "content": content, "basis": basis, "subject": subject,
                             "other_columns": {"序号": str(n), "领域": domain}})
    return expected


# ---------------------------------------------------------------- proactive-asked.csv

ASKED_HEADER = ("序号", "一级事项", "二级事项", "公开内容", "公开时限", "公开主体", "是否主动公开", "公开渠道")
# Each answer under 是否主动公开 and whether it says 主动公开; a cell naming another option of
# the group is a no, its words kept in other_columns.
ASKED_ANSWERS = (("主动公开", True, False), ("依申请公开", False, True), ("否（依申请公开）", False, True),
                 ("不予公开", False, True), ("是", True, False), ("否", False, False))


def make_proactive_asked(out: Path) -> list[dict[str, object]]:
    import csv

    expected: list[dict[str, object]] = []
    with out.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(ASKED_HEADER)
        for n, (answer, proactive, kept) in enumerate(ASKED_ANSWERS, 1):
            writer.writerow((n, "财政信息", f"事项{n}", f"内容{n}", "20个工作日内", "县财政局", answer, "政府网站"))
            expected.append({"item_key": f"财政信息 / 事项{n}", "disclosure_proactive": proactive,
                             # no column of the table asks about the other options
                             "disclosure_on_request": None, "disclosure_not_public": None,
                             "other_columns": {"序号": str(n), **({"是否主动公开": answer} if kept else {})}})
    return expected


# ---------------------------------------------------------------- banded.pdf

HEADER_SHADE, BAND_SHADE = 0.75, 0.92  # grey levels of the header row and of every other row


def make_banded(out: Path, boxed_header: bool = False) -> list[dict[str, object]]:
    """The table with no rules, in bands (every other row shaded); `boxed_header`: with
    only its header cells ruled and shaded, no bands, and a rule under the last row."""
    canvas = new_canvas(out)
    xs = [24.0 + sum(ONCE_WIDTHS[:c]) for c in range(len(ONCE_WIDTHS) + 1)]
    expected: list[dict[str, object]] = []
    for rows, items in once_pages():
        y = page_top(canvas, ONCE_TITLE)
        for r, cells in enumerate((ONCE_HEADER, *rows)):
            lines = [_lines(text, ONCE_WIDTHS[c]) for c, text in enumerate(cells)]
            height = PDF_LEAD * max(1, *(len(ls) for ls in lines)) + 2 * CELL_PAD
            shade = HEADER_SHADE if r == 0 else BAND_SHADE if r % 2 and not boxed_header else None
            if shade is not None:
                canvas.setFillGray(shade)
                boxes = zip(xs, xs[1:], strict=False) if boxed_header else [(xs[0], xs[-1])]
                for left, right in boxes:
                    canvas.rect(left, y - height, right - left, height, stroke=int(boxed_header), fill=1)
                canvas.setFillGray(0)
            for c, ls in enumerate(lines):
                for k, line in enumerate(ls):
                    canvas.drawString(xs[c] + CELL_PAD, y - CELL_PAD - PDF_LEAD * (k + 1) + 2, line)
            y -= height
        if boxed_header:
            canvas.line(xs[0], y, xs[-1], y)
        canvas.showPage()
        expected += items
    canvas.save()
    return expected


# ---------------------------------------------------------------- signoff-table.docx

SIGN_OFF_ROW = ("制表人", "张三", "审核人", "李四", "填报日期", "2025年3月1日")


def make_signoff_table(out: Path) -> list[dict[str, object]]:
    import docx

    doc = docx.Document()
    doc.core_properties.created = doc.core_properties.modified = PACKAGE_DATE
    doc.add_paragraph(ONCE_TITLE)
    pages = once_pages()
    rows = [ONCE_HEADER, *(row for page_rows, _ in pages for row in page_rows)]
    for cells_of_rows in (rows, [SIGN_OFF_ROW]):
        word_table(doc, cells_of_rows)
        doc.add_paragraph("")
    doc.save(out)
    _fix_zip_dates(out)
    expected = [{**item, "page": 1} for _, items in pages for item in items]  # one table: page 1
    expected[-1]["warnings"] = [FOOTNOTE_WARNING]
    return expected


# ---------------------------------------------------------------- text-box.docx

_BOX_XML = """<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
 xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
 xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
 xmlns:v="urn:schemas-microsoft-com:vml"><w:r><mc:AlternateContent>
<mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0"
 relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="margin"><wp:posOffset>0</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
<wp:extent cx="9000000" cy="5000000"/><wp:wrapTopAndBottom/><wp:docPr id="1" name="文本框 1"/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wps:wsp><wps:spPr/><wps:txbx><w:txbxContent/></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>
</wp:anchor></w:drawing></mc:Choice>
<mc:Fallback><w:pict><v:shape style="width:708pt;height:394pt"><v:textbox><w:txbxContent/></v:textbox>
</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"""


def make_text_box(out: Path) -> list[dict[str, object]]:
    doc = landscape_document()
    pages = once_pages()
    table = word_table(doc, [ONCE_HEADER, *(row for page_rows, _ in pages for row in page_rows)])
    into_text_box(doc, table, -1)  # before the section properties
    doc.save(out)
    _fix_zip_dates(out)
    return [{**item, "page": 1} for _, items in pages for item in items]


def into_text_box(doc, table, at: int) -> None:  # type: ignore[no-untyped-def]
    """Move `table` into a text box anchored in a paragraph put at body position `at`
    (counted once the table is out of the body)."""
    import copy

    from lxml import etree

    box = etree.fromstring(_BOX_XML)
    tbl = table._tbl
    tbl.getparent().remove(tbl)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for k, content in enumerate(box.iter(f"{w}txbxContent")):
        content.append(tbl if k == 0 else copy.deepcopy(tbl))
        etree.SubElement(content, f"{w}p")  # a box's content ends with a paragraph
    doc.element.body.insert(at, box)


LETTERHEAD = (("文号", "某政办〔2025〕1号"), ("密级", "公开"))


def make_letterhead_box(out: Path) -> list[dict[str, object]]:
    """The first page's rows as the body's one table, under a letterhead's small table
    (文号 | 密级) in a text box anchored in the paragraph before it."""
    doc = landscape_document()
    rows, items = once_pages()[0]
    letterhead = word_table(doc, list(LETTERHEAD))
    word_table(doc, [ONCE_HEADER, *rows])
    into_text_box(doc, letterhead, 1)  # after the title
    doc.save(out)
    _fix_zip_dates(out)
    return items


# ---------------------------------------------------------------- plus-channels.xlsx

PLUS_HEADER = ("序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开方式", "公开渠道")
PLUS_SIGNS = ("+", "＋")  # half and full width, item after item


def make_plus_channels(out: Path) -> list[dict[str, object]]:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "目录"
    ws.append(PLUS_HEADER)
    expected: list[dict[str, object]] = []
    for page_rows, items in once_pages():
        for row, item in zip(page_rows, items, strict=True):
            n = int(row[0])
            channels = row[8].split("、")
            ws.append((*row[:8], PLUS_SIGNS[n % 2].join(channels)))
            expected.append({**item, "page": 1, "other_columns": {"序号": row[0]}})
    _save(book, out)
    return expected


# ---------------------------------------------------------------- other-words.csv

OTHER_WORDS = ("序号", "所属领域", "事项名称", "公开内容", "公开依据", "发布机关", "时限要求", "是否主动公开", "公开渠道")
ON_REQUEST_EVERY = 5  # every fifth item is disclosed on request only: 否 under 是否主动公开


def make_other_words(out: Path) -> list[dict[str, object]]:
    import csv

    expected: list[dict[str, object]] = []
    with out.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(OTHER_WORDS)
        for rows, items in once_pages():
            for row, item in zip(rows, items, strict=True):
                proactive = int(row[0]) % ON_REQUEST_EVERY != 0
                writer.writerow((row[0], item["level_1"], *row[2:5], row[6], row[5], "是" if proactive else "否", row[8]))
                expected.append({**item, "page": 1, "other_columns": {"序号": row[0]}, "disclosure_proactive": proactive,
                                 # the column asks about 主动公开 only: the other options are not known
                                 "disclosure_on_request": None, "disclosure_not_public": None})
    return expected


# ---------------------------------------------------------------- unruled-halves-continued.pdf

HALVES_PER_PAGE = (4, 3)  # items in each half of each page: all of PDF_ITEMS over two pages


def make_unruled_halves_continued(out: Path) -> list[dict[str, object]]:
    canvas = new_canvas(out)
    half = sum(HALVES_WIDTHS)
    left = (PAGE_W - 2 * half - HALVES_GUTTER) / 2
    expected: list[dict[str, object]] = []
    last = None
    n = 0
    for page, rows in enumerate(HALVES_PER_PAGE, 1):
        top = page_top(canvas, ONCE_TITLE)
        for h in range(2):
            x0 = left + h * (half + HALVES_GUTTER)
            xs = [x0 + sum(HALVES_WIDTHS[:c]) for c in range(len(HALVES_WIDTHS))]
            y = top
            if page == 1:
                for c, name in enumerate(HALVES_HEADER):
                    canvas.drawString(xs[c] + CELL_PAD, y - PDF_LEAD + 2, name)
                y -= PDF_LEAD + 8
            for _ in range(rows):
                level_1, level_2, content, _, _, _, subject, _ = PDF_ITEMS[n]
                n += 1
                cells = [_wrap(text, HALVES_WIDTHS[c]) for c, text in
                         enumerate((str(n), level_1 if level_1 != last else "", level_2, content, subject))]
                last = level_1
                for c, lines in enumerate(cells):
                    for k, line in enumerate(lines):
                        canvas.drawString(xs[c] + CELL_PAD, y - PDF_LEAD * (k + 1) + 2, line)
                y -= PDF_LEAD * max(len(lines) for lines in cells) + 6
                expected.append({"page": page, "item_no": n, "item_key": f"{level_1} / {level_2}",
                                 "level_1": level_1, "level_2": level_2, "level_3": None, "content": content,
                                 "subject": subject, "other_columns": {"序号": str(n)}, "warnings": []})
        canvas.showPage()
    canvas.save()
    assert n == len(PDF_ITEMS)
    return expected


def main() -> None:
    make_clipped_strips(HERE)
    write_expected(HERE / "header-once.pdf", make_header_once_pdf(HERE / "header-once.pdf"))
    write_expected(HERE / "footer-lines.pdf", make_footer_lines(HERE / "footer-lines.pdf"))
    write_expected(HERE / "split-signoff.pdf", make_split_signoff(HERE / "split-signoff.pdf"))
    write_expected(HERE / "handler-row.csv", make_handler_row(HERE / "handler-row.csv"))
    write_expected(HERE / "domain-levels.csv", make_domain_levels(HERE / "domain-levels.csv"))
    write_expected(HERE / "proactive-asked.csv", make_proactive_asked(HERE / "proactive-asked.csv"))
    write_expected(HERE / "letterhead-box.docx", make_letterhead_box(HERE / "letterhead-box.docx"))
    write_expected(HERE / "banded.pdf", make_banded(HERE / "banded.pdf"))
    write_expected(HERE / "header-boxed.pdf", make_banded(HERE / "header-boxed.pdf", boxed_header=True))
    write_expected(HERE / "signoff-table.docx", make_signoff_table(HERE / "signoff-table.docx"))
    write_expected(HERE / "text-box.docx", make_text_box(HERE / "text-box.docx"))
    write_expected(HERE / "plus-channels.xlsx", make_plus_channels(HERE / "plus-channels.xlsx"))
    write_expected(HERE / "other-words.csv", make_other_words(HERE / "other-words.csv"))
    write_expected(HERE / "unruled-halves-continued.pdf",
                   make_unruled_halves_continued(HERE / "unruled-halves-continued.pdf"))
    write_expected(HERE / "header-once-word.docx", make_header_once_docx(HERE / "header-once-word.docx"))


if __name__ == "__main__":
    main()
