"""Markdown reader: the committed sample's grid, pipe-table rules, cell decoding, hostile input.

Expected grids and contract rows are written from reading the sample, not from running code.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from catalogue.errors import DamagedInput, NoTablesFound
from catalogue.extract import text_document
from catalogue.extract.markdown import cell_text, looks_like_markdown, tables_from_markdown
from catalogue.raw import CHECKED, UNCHECKED, RawTable

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
DISTRICT = SAMPLES / "markdown" / "district-pipes.md"
NO_TABLE_HTML = SAMPLES / "html" / "no-table.html"
TSV_SAMPLE = SAMPLES / "district-catalogue-extracted.txt"

SECONDS_BOUND = 5.0  # generous, so a busy machine does not flake


def read_table(path: Path) -> RawTable:
    tables = list(tables_from_markdown(path.read_text(encoding="utf-8"), path.name))
    assert len(tables) == 1
    return tables[0]


def texts(table: RawTable) -> list[list[str]]:
    """Row by row, the text of the cells each row has (a short row has fewer)."""
    rows: list[list[str]] = [[] for _ in range(table.n_rows)]
    for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
        rows[cell.row].append(cell.text)
    return rows


def only_rows(markdown: str) -> list[list[str]]:
    tables = list(tables_from_markdown(markdown, "test.md"))
    assert len(tables) == 1
    return texts(tables[0])


# ---------------------------------------------------------------- recognising Markdown


def test_looks_like_markdown_needs_header_and_delimiter_rows() -> None:
    assert looks_like_markdown(DISTRICT.read_text(encoding="utf-8"))
    assert looks_like_markdown("a | b\n--- | :---:\n1 | 2")
    assert looks_like_markdown("| 单列 |\n|---|")
    assert not looks_like_markdown("a | b\nc | d")  # no delimiter row
    assert not looks_like_markdown("标题\n---\n正文")  # a setext heading, not a table
    assert not looks_like_markdown("```\n| a | b |\n|---|---|\n```")  # an example in code
    assert not looks_like_markdown(NO_TABLE_HTML.read_text(encoding="utf-8"))


def test_dispatcher_routes_markdown_and_keeps_tsv_apart() -> None:
    text = DISTRICT.read_text(encoding="utf-8")
    assert text_document(text, source=DISTRICT.name).kind == "markdown"
    tsv = TSV_SAMPLE.read_text(encoding="utf-8")
    assert not looks_like_markdown(tsv)
    assert text_document(tsv, source=TSV_SAMPLE.name).kind == "tsv"


# ---------------------------------------------------------------- the district sample


def test_district_sample_grid() -> None:
    table = read_table(DISTRICT)
    assert (table.source, table.page, table.index) == ("district-pipes.md", 1, 0)
    # Header, second header row, four items: the delimiter row is gone.
    assert (table.n_rows, table.n_cols, len(table.cells)) == (6, 10, 60)
    assert all((c.rowspan, c.colspan) == (1, 1) for c in table.cells)
    rows = texts(table)
    assert rows[0] == ["事项类别", "", "", "公开内容", "公开主体", "公开渠道", "公开时限", "公开属性", "公开方式", "公开对象"]
    assert rows[1] == ["一级", "二级", "三级", "", "", "", "", "", "", ""]
    assert [row[:3] for row in rows[2:]] == [
        ["财税信息", "财政预决算", "部门预算"],
        ["", "", "部门决算"],
        ["", "绩效信息", "部门绩效信息"],
        ["行政 权力 运行", "行政许可", ""],
    ]
    assert [row[9] for row in rows[2:]] == ["社会"] * 4


def test_district_sample_cells() -> None:
    rows = texts(read_table(DISTRICT))
    # Escaped pipes are literal; <br> is a line break.
    assert rows[2][3] == "部门收支总表|部门收入总表|部门支出总表；\n部门预算说明"
    assert rows[5][3] == "行政许可决定书文号、设定依据；\n行政相对人名称及统一社会信用代码"
    # Wrap spaces stay for the normaliser to repair.
    assert rows[2][4] == "区政府各部 门（单位）"
    assert rows[4][4] == "区政府 各部 门 (单 位)"
    assert rows[4][6] == "相关信息形 成或变更之 日起20个工作 日内"
    # Checkbox inputs become marks in place; <small> goes, its text stays.
    assert rows[2][5] == (
        f"{CHECKED} 政府网站 {CHECKED} 政府公报 {UNCHECKED} 政务微博 {UNCHECKED} 政 务微信 {UNCHECKED} 移动客户端"
    )
    assert rows[4][7] == f"{CHECKED} 主动公开 {UNCHECKED} 依申请公开 {UNCHECKED} 不予公开"
    assert rows[4][8] == f"{UNCHECKED} 预公开 {CHECKED} 全文发 布 {UNCHECKED} 脱密 (脱敏) 公开"
    # Marks typed as characters are left for the normaliser.
    assert rows[5][5] == "✓政府网站□政府公报 □政务微博□政 务微信"
    assert rows[5][7] == "✓主动公 开 □依申请 公开"
    assert not any("<" in text or ">" in text for row in rows for text in row)


# ---------------------------------------------------------------- pipe-table rules


def test_outer_pipes_are_optional_and_alignment_is_ignored() -> None:
    assert only_rows("a | b\n:-- | --:\n1 | 2\n") == [["a", "b"], ["1", "2"]]
    assert only_rows("| a | b |\n|:-:|---|\n| 1 | 2 |") == [["a", "b"], ["1", "2"]]
    assert only_rows("| a | b\n---|---\n1 | 2 |") == [["a", "b"], ["1", "2"]]


def test_escaped_pipes_and_escaped_backslashes() -> None:
    # "\|" is a pipe inside a cell; "\\|" is a backslash, then a cell border.
    assert only_rows("| a \\| b | c |\n|---|---|\n| x\\\\| y |") == [["a | b", "c"], ["x\\", "y"]]
    assert only_rows("| a |\n|---|\n| \\|\\| |") == [["a"], ["||"]]


def test_empty_cells_and_ragged_rows() -> None:
    tables = list(
        tables_from_markdown("| a | b | c |\n|---|---|---|\n| 1 |\n| 1 | 2 | 3 | 4 |\n|  |  |  |", "r.md")
    )
    table = tables[0]
    assert (table.n_rows, table.n_cols) == (4, 4)
    assert texts(table) == [["a", "b", "c"], ["1"], ["1", "2", "3", "4"], ["", "", ""]]
    grid = table.grid()
    assert grid[1][1] is None and grid[0][3] is None  # padded positions hold no cell


def test_table_ends_at_blank_or_pipeless_line_and_tables_are_numbered() -> None:
    markdown = (
        "# 目录\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n说明文字\n\n"
        "```\n| x | y |\n|---|---|\n```\n\n"
        "| c | d |\n|---|---|\n| 3 | 4 |\n注：表尾说明\n| 不是 | 表 |\n"
    )
    tables = list(tables_from_markdown(markdown, "two.md"))
    assert [(t.page, t.index) for t in tables] == [(1, 0), (2, 0)]
    assert texts(tables[0]) == [["a", "b"], ["1", "2"]]
    assert texts(tables[1]) == [["c", "d"], ["3", "4"]]


def test_second_header_row_is_an_ordinary_row() -> None:
    rows = only_rows("| 事项类别 | | 公开内容 |\n|---|---|---|\n| 一级 | 二级 | |\n| 甲 | 乙 | 丙 |")
    assert rows == [["事项类别", "", "公开内容"], ["一级", "二级", ""], ["甲", "乙", "丙"]]


# ---------------------------------------------------------------- cell decoding


def test_inline_html_in_cells() -> None:
    assert cell_text("行一<br>行二<br/>行三<BR />行四") == "行一\n行二\n行三\n行四"
    assert cell_text(
        '<input checked="" type="checkbox"/> 政府网站 <input type="checkbox"/> 政府公报'
    ) == f"{CHECKED} 政府网站 {UNCHECKED} 政府公报"
    assert cell_text("<INPUT TYPE=CHECKBOX CHECKED>甲<input type='checkbox' checked='checked'>乙") == (
        f"{CHECKED}甲{CHECKED}乙"
    )
    assert cell_text('<input value="checked" type="checkbox">未选<input type="text">文本') == (
        f"{UNCHECKED}未选文本"
    )
    assert cell_text("<span style='color:red'>公开</span><small>(脱敏)</small>") == "公开(脱敏)"
    assert cell_text("<p>段一</p><p>段二</p>") == "段一\n段二"


def test_text_that_only_looks_like_markup_is_kept() -> None:
    assert cell_text("<5个工作日") == "<5个工作日"
    assert cell_text("<公开> a < b") == "<公开> a < b"
    assert cell_text("\\<br> 不是换行") == "<br> 不是换行"


def test_escapes_entities_bold_and_whitespace() -> None:
    assert cell_text("&amp; &lt;b&gt; &nbsp;x&#9745;&#x2610;") == "& <b> x☑☐"
    assert cell_text("**公开内容** \\*注\\* 注①*") == "公开内容 *注* 注①*"
    assert cell_text("  区政府　 各部\t门  ") == "区政府 各部 门"
    assert cell_text("C:\\path") == "C:\\path"  # a backslash before a letter is not an escape


# ---------------------------------------------------------------- empty and hostile input


def test_no_table_yields_nothing() -> None:
    assert list(tables_from_markdown("# 标题\n\n只有文字，没有表格。\n", "plain.md")) == []
    assert list(tables_from_markdown("", "empty.md")) == []
    with pytest.raises(NoTablesFound, match="plain.md"):
        text_document("# 标题\n\n只有文字，没有表格。\n", source="plain.md")


def test_five_thousand_columns_stay_bounded() -> None:
    row = "|" + " x |" * 5000
    markdown = "\n".join([row, "|" + "---|" * 5000, row, row])
    started = time.perf_counter()
    tables = list(tables_from_markdown(markdown, "wide.md"))
    assert time.perf_counter() - started < SECONDS_BOUND
    assert (tables[0].n_rows, tables[0].n_cols, len(tables[0].cells)) == (3, 5000, 15000)


def test_grid_over_the_limit_is_refused() -> None:
    # One row of 100,000 cells makes 21 rows a grid of 2,100,000 positions.
    markdown = "\n".join(["| a | b |", "|---|---|", "|" * 100_001, *["| 1 | 2 |"] * 19])
    started = time.perf_counter()
    with pytest.raises(DamagedInput, match=r"huge\.md: table 1 is 21 rows by 100,000 columns"):
        list(tables_from_markdown(markdown, "huge.md"))
    assert time.perf_counter() - started < SECONDS_BOUND


def test_pathological_cells_stay_linear() -> None:
    started = time.perf_counter()
    # Openings that never close: each attempt stops at the next pair of stars.
    assert cell_text("**a " * 50_000).count("*") == 100_000
    assert cell_text("<a " * 50_000).startswith("<a <a")
    assert cell_text('<a "' * 50_000).startswith('<a "')
    assert time.perf_counter() - started < SECONDS_BOUND


# ---------------------------------------------------------------- end to end (needs the normaliser)

CHANNELS = (
    "website", "gazette", "weibo", "wechat", "app", "tv", "radio", "press",
    "bulletin_board", "service_hall", "archives", "other",
)
METHODS = ("pre_release", "full_text", "desensitized", "interpretation", "onsite", "other")


def channels(*checked: str) -> dict[str, Any]:
    """A channel cell that has marks: options it does not list are false."""
    assert set(checked) <= set(CHANNELS)
    return {**{f"channel_{name}": name in checked for name in CHANNELS}, "channels_extra": []}


def methods(*checked: str) -> dict[str, Any]:
    assert set(checked) <= set(METHODS)
    return {f"method_{name}": name in checked for name in METHODS}


DEFAULTS: dict[str, Any] = {
    "source": "district-pipes.md",
    "page": 1,
    "level_4": None,
    "level_5": None,
    "level_6": None,
    "basis": None,
    "audience": "社会",
    "disclosure_proactive": True,
    "disclosure_on_request": False,
    "disclosure_not_public": False,
    **methods("full_text"),
    "tier_county": None,
    "tier_township": None,
}

DISTRICT_PIPES_EXPECTED: list[dict[str, Any]] = [
    {
        **DEFAULTS,
        "item_no": 1,
        "item_key": "财税信息 / 财政预决算 / 部门预算",
        "level_1": "财税信息",
        "level_2": "财政预决算",
        "level_3": "部门预算",
        "content": "部门收支总表|部门收入总表|部门支出总表；部门预算说明",
        "subject": "区政府各部门（单位）",
        **channels("website", "gazette"),
        "time_limit": "部门预算批复后20日内",
        "time_limit_days": 20,
        "time_limit_kind": "calendar_days",
    },
    {
        **DEFAULTS,
        "item_no": 2,
        "item_key": "财税信息 / 财政预决算 / 部门决算",
        # Both shallower levels are empty in this row: filled down from item 1.
        "level_1": "财税信息",
        "level_2": "财政预决算",
        "level_3": "部门决算",
        "content": "部门决算报表及说明",
        "subject": "区政府各部门（单位）",
        **channels("website", "gazette"),
        "time_limit": "部门决算批复后20日内",
        "time_limit_days": 20,
        "time_limit_kind": "calendar_days",
    },
    {
        **DEFAULTS,
        "item_no": 3,
        "item_key": "财税信息 / 绩效信息 / 部门绩效信息",
        "level_1": "财税信息",
        "level_2": "绩效信息",
        "level_3": "部门绩效信息",
        "content": "部门整体支出绩效自评结果",
        # Wrap spaces beside Han go; the half-width brackets stay as printed.
        "subject": "区政府各部门(单位)",
        **channels("website"),
        "time_limit": "相关信息形成或变更之日起20个工作日内",
        "time_limit_days": 20,
        "time_limit_kind": "working_days",
    },
    {
        **DEFAULTS,
        "item_no": 4,
        "item_key": "行政权力运行 / 行政许可",
        "level_1": "行政权力运行",
        "level_2": "行政许可",
        "level_3": None,  # level 1 carries a value, so the empty level 3 is not filled down
        "content": "行政许可决定书文号、设定依据；行政相对人名称及统一社会信用代码",
        "subject": "区行政审批服务局",
        **channels("website"),
        "time_limit": "作出行政决定之日起7个工作日内",
        "time_limit_days": 7,
        "time_limit_kind": "working_days",
    },
]


def test_sample_end_to_end_gives_contract_rows() -> None:
    from catalogue.normalise import normalise_tables

    rows = normalise_tables([read_table(DISTRICT)], DISTRICT.name)
    assert len(rows) == len(DISTRICT_PIPES_EXPECTED)
    for row, want in zip(rows, DISTRICT_PIPES_EXPECTED, strict=True):
        assert {column: row[column] for column in want} == want
        strings = [value for value in row.values() if isinstance(value, str)]
        assert not any(mark in text for text in strings for mark in "<>☑☐✓□")


def test_a_table_cut_short_mid_row_fails_saying_so() -> None:
    # The tester's close case 16 of round eleven: a download that stopped inside a row
    # was read as whole, the cut row an item (CSV, TSV and HTML cut short already failed).
    lines = DISTRICT.read_text(encoding="utf-8").split("\n")
    last_row = max(k for k, line in enumerate(lines) if line.startswith("|"))
    table = "\n".join(lines[: last_row + 1])
    cut = table[: -len(lines[last_row]) // 2]
    with pytest.raises(DamagedInput, match="the file was cut short; copy or download it again"):
        list(tables_from_markdown(cut, "cut.md"))
    # Whole without its last line end, or written without closing pipes: read.
    assert [t.cells for t in tables_from_markdown(table, "x")] == [read_table(DISTRICT).cells]
    open_rows = "序号 | 一级事项 | 公开内容\n---|---|---\n1 | 机构职能 | 内设机构"
    assert [cell.text for cell in next(tables_from_markdown(open_rows, "open.md")).cells][-3:] == [
        "1", "机构职能", "内设机构"]
    # Rows that all leave out the closing pipe and an empty 备注 (GFM pads them), under a
    # header that has both, with no final line end (the mid-round review, M6); a lone header.
    short_rows = ("| 序号 | 一级事项 | 公开内容 | 备注 |\n|---|---|---|---|\n| 1 | 机构职能 | 内设机构\n"
                  "| 2 | 财政信息 | 部门预算")
    assert [cell.text for cell in next(tables_from_markdown(short_rows, "short.md")).cells][-3:] == [
        "2", "财政信息", "部门预算"]
    assert len(list(tables_from_markdown("| 序号 | 公开内容 |\n|---|---|", "bare.md"))) == 1
    # Rows that close with a pipe but leave the empty 备注 out, the last cut inside its
    # last written cell: as many cells as the row above, still cut (the final review, F2).
    closed_rows = "| 序号 | 一级事项 | 公开内容 | 备注 |\n|---|---|---|---|\n| 1 | 机构职能 | 内设机构 |\n| 2 | 财政信息 | 部门预"
    with pytest.raises(DamagedInput, match="cut short"):
        list(tables_from_markdown(closed_rows, "cut.md"))
