"""Catalogues of the seventh round's unfamiliar layouts, and the rows they must give.

  unruled-continued.pdf  unruled.pdf's table (no rules at all) with its header printed on
                 the first page only: the later pages go on in the same columns under the
                 title, as Word prints a table whose header row is not marked to repeat
  unruled-mirrored.pdf  the same, its table 24 points further right on even pages (Word's
                 mirrored margins), where longer labels than any on the first page reach past
                 the middle of the first page's gaps between columns
  letterhead.pdf unruled.pdf's table typed over a full-page picture on every page (a pale
                 coloured page with a red letterhead band and a grey seal-like watermark, as
                 an office prints onto a scanned letterhead): the text layer is visible, drawn
                 over the picture
  searchable.pdf the same pages with the table's text in render mode 3 (invisible), as a
                 scanner lays its recognised text over the scan, and only the title and the
                 page number visible: a scan, which OCR reads (no expected rows; with --ocr
                 never it must say OCR is needed, never read the hidden layer as a table)
  watermark.pdf  three-line.pdf's table with "内部资料 注意保密" drawn large, grey and at 30°
                 across each page over it (its characters fall inside cells); the text in
                 STSong-Light, not embedded
  watermark-embedded.pdf  the same in WenQuanYi Micro Hei, embedded (the system's
                 fonts-wqy-microhei, needed only to regenerate it)
  unruled-halves.pdf  a narrow table with no rules laid out in two halves side by side on
                 one page (as a long list is printed in two columns), each half under its own
                 copy of the header: the left half's items come first
  sections-only.xlsx  a catalogue with no level column at all (序号 | 公开内容 | 公开依据 |
                 公开时限 | 公开主体 | 公开渠道): the category of its items is given only by the
                 section rows "一、机构信息" merged across the table over them
  sections-over-levels.docx  a Word catalogue whose one level column (一级事项) holds the
                 category under a 领域 given only by section rows: "一、决策公开" and
                 "二、执行公开" merged across the table (gridSpan), with "（一）…" rows under
                 the first for a second tier, so its items have three categories for one column
  sections-suffixed.md  a pipe table whose section titles alone in the 序号 column name the
                 category of the 一级事项 under them in other words that hold it (一、机构职能类
                 over 机构职能): headings, not a level above the table's own

Expected rows (<name>.expected.json) come from the data of generate_unseen.py and this
file, never from an extraction. Regenerate: `python samples/unseen/generate_unseen7.py`
(reportlab, openpyxl, python-docx); it writes only the files above.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_unseen import (  # noqa: E402
    PDF_FONT,
    PDF_ITEMS,
    PDF_LEAD,
    PDF_SIZE,
    _wrap,
    _write_expected,
    make_pdf_table,
)


def make_unruled_continued_pdf(out: Path) -> list[dict[str, object]]:
    return make_pdf_table(out, rules=False, repeat_header=False)


MIRROR_SHIFT = 24.0  # points: the gutter Word's mirrored margins move an even page by


def make_unruled_mirrored_pdf(out: Path) -> list[dict[str, object]]:
    return make_pdf_table(out, rules=False, repeat_header=False, even_shift=MIRROR_SHIFT)


def _letterhead() -> object:
    """A page picture: pale paper, a red band across the top, a grey ring in the middle."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (421, 298), (250, 246, 232))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 420, 14), fill=(196, 30, 36))
    draw.ellipse((150, 90, 270, 210), outline=(205, 205, 205), width=6)
    return image


def make_letterhead_pdf(out: Path) -> list[dict[str, object]]:
    return make_pdf_table(out, rules=False, background=_letterhead())


def make_searchable_pdf(out: Path) -> None:
    make_pdf_table(out, rules=False, background=_letterhead(), text_mode=3)


WATERMARK = "内部资料 注意保密"
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def make_watermark_pdf(out: Path) -> list[dict[str, object]]:
    return make_pdf_table(out, rules=True, watermark=WATERMARK)


def make_watermark_embedded_pdf(out: Path) -> list[dict[str, object]]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("WQY", str(WQY), subfontIndex=0))
    return make_pdf_table(out, rules=True, watermark=WATERMARK, font="WQY")


HALVES_HEADER = ("序号", "一级事项", "二级事项", "公开内容", "公开主体")
HALVES_WIDTHS = (26, 56, 64, 150, 84)  # points: two halves of 380 on an A4 landscape page
HALVES_GUTTER = 30  # points between the halves
HALVES_ROWS = 5  # items a half holds


def make_unruled_halves_pdf(out: Path) -> list[dict[str, object]]:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    width, height = landscape(A4)
    half = sum(HALVES_WIDTHS)
    left = (width - 2 * half - HALVES_GUTTER) / 2
    canvas = Canvas(str(out), pagesize=(width, height), invariant=1)
    canvas.setFont(PDF_FONT, 14)
    canvas.drawCentredString(width / 2, height - 40, "某县2025年政务公开事项标准目录")
    canvas.setFont(PDF_FONT, PDF_SIZE)
    items = PDF_ITEMS[:2 * HALVES_ROWS]
    expected: list[dict[str, object]] = []
    last = None
    for h in range(2):
        x0 = left + h * (half + HALVES_GUTTER)
        xs = [x0 + sum(HALVES_WIDTHS[:c]) for c in range(len(HALVES_WIDTHS))]
        y = height - 70
        for c, name in enumerate(HALVES_HEADER):
            canvas.drawString(xs[c] + 3, y - PDF_LEAD + 2, name)
        y -= PDF_LEAD + 8
        for n in range(h * HALVES_ROWS, (h + 1) * HALVES_ROWS):
            level_1, level_2, content, _, _, _, subject, _ = items[n]
            cells = [_wrap(text, HALVES_WIDTHS[c]) for c, text in
                     enumerate((str(n + 1), level_1 if level_1 != last else "", level_2, content, subject))]
            last = level_1
            for c, lines in enumerate(cells):
                for k, line in enumerate(lines):
                    canvas.drawString(xs[c] + 3, y - PDF_LEAD * (k + 1) + 2, line)
            y -= PDF_LEAD * max(len(lines) for lines in cells) + 6
            expected.append({"page": 1, "item_no": n + 1, "item_key": f"{level_1} / {level_2}", "level_1": level_1,
                             "level_2": level_2, "level_3": None, "content": content, "subject": subject,
                             "other_columns": {"序号": str(n + 1)}, "warnings": []})
    canvas.showPage()
    canvas.save()
    return expected


# sections-only.xlsx: (section, [(content, basis, time limit, subject, channels)]).
SECTIONS_ONLY = (
    ("机构信息", (("机构职能、内设机构及联系方式", "《中华人民共和国政府信息公开条例》", "20个工作日内", "县政府办公室",
                   ("政府网站",)),
                  ("领导姓名、职务、分工", "《中华人民共和国政府信息公开条例》", "20个工作日内", "县政府办公室",
                   ("政府网站", "政府公报")))),
    ("财政预决算", (("部门预算及说明", "《中华人民共和国预算法》", "批准后20日内", "县财政局", ("政府网站",)),)),
    ("政府采购", (("采购意向", "《中华人民共和国政府采购法》", "30日内", "县财政局", ("政府网站", "公示栏")),
                  ("中标结果", "《中华人民共和国政府采购法》", "2个工作日内", "县财政局", ("政府网站",)))),
)
ONLY_HEADER = ("序号", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道")
NUMERALS = "一二三四五六七八九十"
CHANNEL_FIELD = {"政府网站": "channel_website", "政府公报": "channel_gazette", "公示栏": "channel_bulletin_board"}


def _limit(text: str) -> tuple[int | None, str | None]:
    days = int("".join(ch for ch in text if ch.isdigit()))
    return days, "working_days" if "工作日" in text else "calendar_days"


def make_sections_only_xlsx(out: Path) -> list[dict[str, object]]:
    import openpyxl
    from generate_unseen import _save

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "目录"
    ws.append(ONLY_HEADER)
    rows: list[dict[str, object]] = []
    seq = 0
    for k, (section, items) in enumerate(SECTIONS_ONLY):
        ws.append([f"{NUMERALS[k]}、{section}"])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=len(ONLY_HEADER))
        for n, (content, basis, limit, subject, channels) in enumerate(items, 1):
            seq += 1
            ws.append([str(seq), content, basis, limit, subject, "、".join(channels)])
            days, kind = _limit(limit)
            rows.append({"item_no": seq, "item_key": section if n == 1 else f"{section}#{n}", "level_1": section,
                         "level_2": None, "content": content, "basis": basis, "subject": subject,
                         "time_limit": limit, "time_limit_days": days, "time_limit_kind": kind,
                         **{f: name in channels for name, f in CHANNEL_FIELD.items()}, "warnings": []})
    _save(book, out)
    return rows


# sections-over-levels.docx: (tier-one section, tier-two section or "", [(一级事项, content, subject)]).
SECTIONS_OVER = (
    ("决策公开", "重大决策", (("决策草案", "决策草案及说明、征求意见情况", "县政府办公室"),
                            ("决策结果", "决策结果及解读", "县政府办公室"))),
    ("决策公开", "规范性文件", (("文件全文", "县政府规范性文件全文", "县司法局"),)),
    ("执行公开", "", (("重点工作", "政府工作报告重点工作落实情况", "县发展和改革局"),
                      ("督查情况", "督查发现问题及整改情况", "县政府督查室"))),
)
OVER_HEADER = ("序号", "一级事项", "公开内容", "公开主体", "公开时限", "公开渠道")


def make_sections_over_levels_docx(out: Path) -> list[dict[str, object]]:
    import docx
    from generate_sheet_words import PACKAGE_DATE, _fix_zip_dates

    lines: list[tuple[str, ...]] = [OVER_HEADER]
    rows: list[dict[str, object]] = []
    one, two = [], []
    seq = 0
    for first, second, items in SECTIONS_OVER:
        if first not in one:
            one.append(first)
            two = []
            lines.append((f"{NUMERALS[len(one) - 1]}、{first}",))
        if second:
            two.append(second)
            lines.append((f"（{NUMERALS[len(two) - 1]}）{second}",))
        for label, content, subject in items:
            seq += 1
            lines.append((str(seq), label, content, subject, "20个工作日内", "政府网站"))
            path = [first, *([second] if second else []), label]
            rows.append({"item_no": seq, "item_key": " / ".join(path),
                         **{f"level_{k + 1}": (path[k] if k < len(path) else None) for k in range(4)},
                         "content": content, "subject": subject, "time_limit": "20个工作日内",
                         "time_limit_days": 20, "channel_website": True, "warnings": []})
    doc = docx.Document()
    doc.core_properties.created = doc.core_properties.modified = PACKAGE_DATE
    table = doc.add_table(rows=len(lines), cols=len(OVER_HEADER))
    table.style = "Table Grid"
    for r, line in enumerate(lines):
        if len(line) == 1:
            table.cell(r, 0).merge(table.cell(r, len(OVER_HEADER) - 1)).text = line[0]
            continue
        for c, text in enumerate(line):
            table.cell(r, c).text = text
    doc.save(out)
    _fix_zip_dates(out)
    return rows


SUFFIXED = (("机构职能类", "机构职能", (("机构设置", "内设机构及职能"), ("领导信息", "领导姓名、分工"))),
            ("财政资金类", "财政资金", (("预算公开", "部门预算"),)))


def make_sections_suffixed_md(out: Path) -> list[dict[str, object]]:
    lines = ["| 序号 | 一级事项 | 二级事项 | 公开内容 | 公开时限 |", "|---|---|---|---|---|"]
    rows: list[dict[str, object]] = []
    for k, (title, level_1, items) in enumerate(SUFFIXED):
        lines.append(f"| {NUMERALS[k]}、{title} |  |  |  |  |")
        for level_2, content in items:
            lines.append(f"| {len(rows) + 1} | {level_1} | {level_2} | {content} | 20个工作日内 |")
            rows.append({"item_no": len(rows) + 1, "item_key": f"{level_1} / {level_2}", "level_1": level_1,
                         "level_2": level_2, "level_3": None, "content": content})
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return rows


def main() -> None:
    make_searchable_pdf(HERE / "searchable.pdf")
    for name, make in (("unruled-continued.pdf", make_unruled_continued_pdf),
                       ("unruled-mirrored.pdf", make_unruled_mirrored_pdf),
                       ("letterhead.pdf", make_letterhead_pdf), ("unruled-halves.pdf", make_unruled_halves_pdf),
                       ("watermark.pdf", make_watermark_pdf), ("watermark-embedded.pdf", make_watermark_embedded_pdf),
                       ("sections-only.xlsx", make_sections_only_xlsx),
                       ("sections-over-levels.docx", make_sections_over_levels_docx),
                       ("sections-suffixed.md", make_sections_suffixed_md)):
        path = HERE / name
        _write_expected(path, make(path))


if __name__ == "__main__":
    main()
