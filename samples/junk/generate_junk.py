"""Inputs that are no catalogue or that a misreading turns into junk, and text inputs
whose labels meet at a page break (blocks split by blank lines, as text tools write
pages). Run `python samples/junk/generate_junk.py` to rewrite the files next to it.

Each input's data is a constant here, so tests state the expected outcome from it.
The 10,000-column table of figures is not committed; `write_wide_numbers` writes it.
"""

from __future__ import annotations

import csv
import html
import io
import random
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent

HEADER = ["一级", "二级", "公开内容", "公开主体", "公开渠道", "公开时限", "公开属性"]
TAIL = ["县政府办公室", "✓政府网站□政府公报", "20个工作日内", "✓主动公开□依申请公开"]


def row(level_1: str, level_2: str, content: str) -> list[str]:
    return [level_1, level_2, content, *TAIL]


# ---------------------------------------------------------------- no catalogue

NUMBERS_SEED = 8
NUMBERS_ROWS, NUMBERS_COLS = 12, 8
WIDE_ROWS, WIDE_COLS = 3, 10_000


def figures(n_rows: int, n_cols: int, seed: int = NUMBERS_SEED) -> list[list[str]]:
    """A table of figures: integers and decimals, no words at all."""
    rng = random.Random(seed)
    return [[f"{rng.uniform(0, 10_000):.2f}" if (r + c) % 2 else str(rng.randint(1, 999)) for c in range(n_cols)]
            for r in range(n_rows)]


def as_tsv(pages: list[list[list[str]]]) -> str:
    return "\n\n".join("\n".join("\t".join(cells) for cells in rows) for rows in pages) + "\n"


def as_html(rows: list[list[str]]) -> str:
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>\n" for cells in rows)
    return f"<!doctype html>\n<html><body><table>\n{body}</table></body></html>\n"


def as_markdown(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(cells) + " |" for cells in rows]
    lines.insert(1, "|" + "---|" * len(rows[0]))
    return "\n".join(lines) + "\n"


def write_wide_numbers(path: Path) -> Path:
    """A 10,000-column table of figures, as TSV."""
    path.write_text(as_tsv([figures(WIDE_ROWS, WIDE_COLS)]), encoding="utf-8")
    return path


# Figures with a row of totals: one word (合计) among them is no category label.
FIGURES_WITH_TOTAL: list[list[list[str]]] = [[*figures(NUMBERS_ROWS, NUMBERS_COLS), ["合计"] + [""] * (NUMBERS_COLS - 1)]]

# A catalogue page without its header (the header was on a page not included): the
# labels, marks and time limits say it is one.
HEADERLESS: list[list[list[str]]] = [[
    row("机构信息", "机构职能", "本机关的机构职能。"),
    row("", "领导信息", "本机关的领导信息。"),
    row("规划信息", "专项规划", "本级专项规划。"),
]]
HEADERLESS_KEYS = ["机构信息 / 机构职能", "机构信息 / 领导信息", "规划信息 / 专项规划"]

# Tables of other kinds that a disclosure site publishes beside its catalogue, headed by a
# few of a catalogue's own words (序号, 公开方式, 公开时限; 一级, 二级) among their own, with
# option words (主动公开) and deadlines in their rows: a list of published documents
# (政府信息公开 document index) and a staff list.
DOCUMENT_LIST: list[list[str]] = [
    ["序号", "索引号", "信息名称", "发布机构", "生成日期", "公开方式", "公开时限"],
    ["1", "11330100-2024-00001", "关于印发2024年政务公开工作要点的通知", "区政府办公室", "2024-03-01", "主动公开",
     "自信息形成之日起20个工作日内"],
    ["2", "11330100-2024-00002", "区人民政府关于调整部分行政事业性收费的通知", "区发改局", "2024-03-05", "主动公开",
     "自信息形成之日起20个工作日内"],
    ["3", "11330100-2024-00003", "2023年度政府信息公开工作年度报告", "区政府办公室", "2024-01-20", "主动公开", "每年1月31日前"],
    ["4", "11330100-2024-00004", "区财政局2024年部门预算", "区财政局", "2024-02-10", "主动公开", "批复后20日内"],
    ["5", "11330100-2024-00005", "关于征收土地的公告", "区自然资源局", "2024-04-01", "依申请公开", "15个工作日内"],
]
STAFF_LIST: list[list[str]] = [
    ["一级", "二级", "姓名", "电话", "公开方式"],
    ["办公室", "综合科", "张三", "0571-12345678", "主动公开"],
    ["办公室", "文秘科", "李四", "0571-12345679", "主动公开"],
    ["财政局", "预算科", "王五", "0571-12345670", "依申请公开"],
]

# Beside them, a real catalogue in other words (编号 公开要素 公开期限 承办科室): read, not
# refused with the lists.
OTHER_WORDS: list[list[str]] = [
    ["编号", "事项类别", "事项名称", "公开要素", "公开期限", "公开载体", "公开方式", "承办科室"],
    ["1", "机构职能", "机构设置", "内设机构名称及职责", "信息形成之日起20个工作日内", "政府网站", "主动", "办公室"],
    ["2", "财政信息", "部门预算", "部门预算及说明", "批复后20日内", "政府网站", "主动", "财务科"],
    ["3", "行政许可", "许可结果", "许可决定", "作出决定之日起7个工作日内", "政府网站", "依申请", "审批科"],
]

# A catalogue whose last item is a field name and a text (负责人 | 本机关负责人姓名及分工):
# an item at the table's foot, not a sign-off line.
FOOT_ITEM: list[list[str]] = [
    ["序号", "一级事项", "二级事项", "公开内容", "公开主体", "公开时限", "公开方式"],
    ["1", "机构职能", "机构设置", "内设机构名称及职责", "县政府办", "信息形成之日起20个工作日内", "主动公开"],
    ["2", "机构职能", "领导信息", "领导姓名、职务、分工", "县政府办", "信息形成之日起20个工作日内", "主动公开"],
    ["", "", "负责人", "本机关负责人姓名及分工", "", "", ""],
]


def as_csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


# ---------------------------------------------------------------- junk items

# A catalogue whose category columns are empty on every row: three items keyed by
# nothing, and one (its content cell empty too) that holds only marks.
EMPTY_KEYS: list[list[list[str]]] = [[
    HEADER,
    row("", "", "本机关的机构职能。"),
    row("", "", "本机关的领导信息。"),
    row("", "", "本机关的内设机构。"),
    row("", "", ""),
]]

# Page 2 repeats the level sub-header with a column page 1 does not have (更新频率): too
# few vocabulary words to be read as a header, so 一级 / 二级 become labels.
HEADER_WORD_LABELS: list[list[list[str]]] = [
    [[*HEADER, "更新周期"], [*row("机构信息", "机构职能", "本机关的机构职能。"), "每年"]],
    [["一级", "二级", "", "", "", "", "", "更新频率"], [*row("", "领导信息", "本机关的领导信息。"), "每年"]],
]
HEADER_WORD_LABEL_KEYS = ["机构信息 / 机构职能", "一级 / 二级", "一级 / 领导信息"]

# Page 2 repeats only some header cells (一级, 二级, 更新周期), each in its own column:
# too few vocabulary words for a header of its own, but a repeat of page 1's, never an item.
REPEATED_HEADER: list[list[list[str]]] = [
    [[*HEADER, "更新周期"], [*row("机构信息", "机构职能", "本机关的机构职能。"), "每年"]],
    [["一级", "二级", "", "", "", "", "", "更新周期"], [*row("", "领导信息", "本机关的领导信息。"), "每年"]],
]
REPEATED_HEADER_KEYS = ["机构信息 / 机构职能", "机构信息 / 领导信息"]

# Two items and five rows of empty cells (a line of tabs each).
MOST_ROWS_DROPPED: list[list[list[str]]] = [[
    HEADER,
    row("机构信息", "机构职能", "本机关的机构职能。"),
    *[[""] * len(HEADER) for _ in range(5)],
    row("", "领导信息", "本机关的领导信息。"),
]]
MOST_ROWS_DROPPED_COUNTS = (5, 7)  # rows dropped, rows read

# ---------------------------------------------------------------- nearly every item junk

# Tables an office keeps beside its catalogue, each with a catalogue's header words, whose
# items would all be junk: no category label and no content, or a header word for a label.

# A year report's channel statistics: channel names head one-option columns, but the cells
# are figures, not ticks. Its items have no label and no content.
CHANNEL_STATS: list[list[str]] = [
    ["公开渠道", "政府网站", "政府公报", "政务微博", "政务微信", "新闻发布会"],
    ["发布信息数（条）", "1203", "12", "340", "560", "8"],
    ["访问量（万次）", "52.3", "", "1.2", "3.4", ""],
    ["较上年增减（%）", "12.5", "0", "-3.1", "8.8", "0"],
]
# The catalogue's fill-in guide: every row names a column of the catalogue (a header word)
# and says how to fill it in.
FILL_GUIDE: list[list[str]] = [
    ["序号", "栏目名称", "填写说明"],
    ["1", "公开事项", "按一级事项、二级事项分级填写"],
    ["2", "公开内容", "列明公开的具体要素"],
    ["3", "公开依据", "填写法律法规及规范性文件名称和条款"],
    ["4", "公开时限", "信息形成或变更之日起20个工作日内"],
    ["5", "公开渠道", "✓政府网站 □政府公报 □两微一端，在相应渠道前勾选"],
    ["6", "公开方式", "√主动公开 □依申请公开"],
    ["7", "公开对象", "全社会或特定群体"],
]
# A catalogue sheet whose level and content cells are lookups into another workbook, saved
# by a program that does not calculate (no cached value): every label and content unknown.
# The subject, time limit and channel cells are plain values.
UNCOMPUTED_LOOKUPS_HEADER = ["一级事项", "二级事项", "公开内容", "公开主体", "公开时限", "公开渠道"]
UNCOMPUTED_LOOKUPS_ROWS = 4
UNCOMPUTED_LOOKUP = "VLOOKUP({row},'[底稿.xlsx]Sheet1'!$A:$Z,{col},0)"
UNCOMPUTED_LOOKUP_COLUMNS = 3  # the first three columns are formulas


def uncomputed_lookups_sheet() -> list[list[tuple[str, str]]]:
    """The sheet's cells by row: ("f", formula) or ("s", text)."""
    rows = [[("s", text) for text in UNCOMPUTED_LOOKUPS_HEADER]]
    for r in range(2, UNCOMPUTED_LOOKUPS_ROWS + 2):
        rows.append([("f", UNCOMPUTED_LOOKUP.format(row=r, col=c + 1)) for c in range(UNCOMPUTED_LOOKUP_COLUMNS)]
                    + [("s", "县政府办公室"), ("s", "20个工作日内"), ("s", "✓政府网站□政府公报")])
    return rows


_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_BOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def _sheet_xml(rows: list[list[tuple[str, str]]]) -> str:
    cells = []
    for r, cells_of_row in enumerate(rows, start=1):
        xml = []
        for c, (kind, value) in enumerate(cells_of_row):
            ref = f"{chr(ord('A') + c)}{r}"
            if kind == "f":
                xml.append(f'<c r="{ref}"><f>{escape(value)}</f><v></v></c>')
            else:
                xml.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
        cells.append(f'<row r="{r}">{"".join(xml)}</row>')
    return f'{_XML}<worksheet {_NS}><sheetData>{"".join(cells)}</sheetData></worksheet>'


def as_xlsx(sheets: list[tuple[str, list[list[tuple[str, str]]]]]) -> bytes:
    """A workbook written by hand, byte for byte the same on every run (fixed member
    dates): text as inline strings, formulas with an empty cached value, as a program
    that does not calculate saves them."""
    n = range(1, len(sheets) + 1)
    parts = {
        "[Content_Types].xml": f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_BOOK_TYPE}"/>'
        + "".join(f'<Override PartName="/xl/worksheets/sheet{k}.xml" ContentType="{_SHEET_TYPE}"/>' for k in n)
        + "</Types>",
        "_rels/.rels": f'{_XML}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'{_XML}<workbook {_NS} xmlns:r="{_REL}"><sheets>'
        + "".join(f'<sheet name="{escape(name)}" sheetId="{k}" r:id="rId{k}"/>' for k, (name, _) in zip(n, sheets, strict=True))
        + "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'{_XML}<Relationships xmlns="{_PKG_REL}">'
        + "".join(f'<Relationship Id="rId{k}" Type="{_REL}/worksheet" Target="worksheets/sheet{k}.xml"/>' for k in n)
        + "</Relationships>",
        **{f"xl/worksheets/sheet{k}.xml": _sheet_xml(rows) for k, (_, rows) in zip(n, sheets, strict=True)},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in parts.items():
            book.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), text.encode("utf-8"),
                          compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def text_cells(rows: list[list[str]]) -> list[list[tuple[str, str]]]:
    return [[("s", text) for text in cells] for cells in rows]


# A workbook whose first sheet is a catalogue and whose second is a staff roster (names,
# birth months, phone numbers; fictional) under a header of other columns with 序号 among
# them: the roster is no catalogue, and its rows no items under the catalogue's header.
ROSTER: list[list[str]] = [
    ["序号", "姓名", "性别", "出生年月", "职务", "联系电话"],
    ["1", "张三", "男", "1971.02", "局长", "0571-00000001"],
    ["2", "李四", "女", "1980.11", "科长", "0571-00000002"],
    ["3", "王五", "男", "1990.05", "科员", "0571-00000003"],
]
WITH_ROSTER_CATALOGUE: list[list[str]] = [
    HEADER,
    row("机构信息", "机构职能", "本机关的机构职能。"),
    row("", "领导信息", "本机关的领导信息。"),
]
WITH_ROSTER_KEYS = ["机构信息 / 机构职能", "机构信息 / 领导信息"]
WITH_ROSTER_SHEETS = [("目录", WITH_ROSTER_CATALOGUE), ("联系人名单", ROSTER)]



# ---------------------------------------------------------------- labels at a page break

# Each page ends with a whole label and the next starts with another whole one, which
# a general dictionary would glue by 类人 and 能人: three labels, none joined.
FALSE_JOINS: list[list[list[str]]] = [
    [HEADER, row("应急管理类", "应急预案", "本机关的应急预案。"), row("", "预警信息", "本机关发布的预警信息。")],
    [HEADER, row("人事信息", "人事任免", "人事任免通知。"), row("机构职能", "内设机构", "内设机构职责。")],
    [HEADER, row("人员", "人员招录", "公务员招录信息。")],
]
FALSE_JOIN_KEYS = [
    "应急管理类 / 应急预案",
    "应急管理类 / 预警信息",
    "人事信息 / 人事任免",
    "机构职能 / 内设机构",
    "人员 / 人员招录",
]

# Labels that a page break cut inside a word: 机关简 … 介绍 (the continuation
# reflowed, as in the shared district sample) and 重点领域信 … 息公开.
TRUE_CUTS: list[list[list[str]]] = [
    [HEADER, row("规划信息", "专项规划", "本级专项规划。"), row("机关简", "机构设置", "机构职责。")],
    [HEADER, row("介绍", "领导成员", "领导成员及分工。"), row("重点领域信", "财政预算", "部门预算。")],
    [HEADER, row("息公开", "财政决算", "部门决算。"), row("", "三公经费", "三公经费决算。")],
]
TRUE_CUT_KEYS = [
    "规划信息 / 专项规划",
    "机关简介 / 机构设置",
    "机关简介 / 领导成员",
    "重点领域信息公开 / 财政预算",
    "重点领域信息公开 / 财政决算",
    "重点领域信息公开 / 三公经费",
]

FILES: dict[str, str] = {
    "numbers.tsv": as_tsv([figures(NUMBERS_ROWS, NUMBERS_COLS)]),
    "numbers.html": as_html(figures(NUMBERS_ROWS, NUMBERS_COLS)),
    "numbers.md": as_markdown(figures(NUMBERS_ROWS, NUMBERS_COLS)),
    "figures-with-total.tsv": as_tsv(FIGURES_WITH_TOTAL),
    "headerless.tsv": as_tsv(HEADERLESS),
    "document-list.csv": as_csv(DOCUMENT_LIST),
    "staff-list.csv": as_csv(STAFF_LIST),
    "other-words.csv": as_csv(OTHER_WORDS),
    "foot-item.csv": as_csv(FOOT_ITEM),
    "empty-keys.tsv": as_tsv(EMPTY_KEYS),
    "header-word-labels.tsv": as_tsv(HEADER_WORD_LABELS),
    "repeated-header.tsv": as_tsv(REPEATED_HEADER),
    "most-rows-dropped.tsv": as_tsv(MOST_ROWS_DROPPED),
    "label-false-joins.tsv": as_tsv(FALSE_JOINS),
    "label-true-cuts.tsv": as_tsv(TRUE_CUTS),
    "channel-stats.csv": as_csv(CHANNEL_STATS),
    "fill-guide.csv": as_csv(FILL_GUIDE),
    "catalogue-and-roster.tsv": as_tsv([WITH_ROSTER_CATALOGUE, ROSTER]),
}
BINARY_FILES: dict[str, bytes] = {
    "uncomputed-lookups.xlsx": as_xlsx([("目录", uncomputed_lookups_sheet())]),
    "catalogue-and-roster.xlsx": as_xlsx([(name, text_cells(rows)) for name, rows in WITH_ROSTER_SHEETS]),
}


def main() -> None:
    for name, text in FILES.items():
        (HERE / name).write_text(text, encoding="utf-8")
    for name, data in BINARY_FILES.items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
