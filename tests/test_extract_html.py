"""HTML reader: grids of the committed samples, the HTML table model, cell text, hostile input.

Expected grids and contract rows are written from reading the samples, not from running code.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from catalogue.errors import DamagedInput, NoTablesFound
from catalogue.extract import text_document
from catalogue.extract.html import MAX_COLSPAN, looks_like_html, tables_from_html
from catalogue.raw import CHECKED, UNCHECKED, RawCell, RawTable

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
DISTRICT = SAMPLES / "html" / "district-rowspan.html"
NATIONAL = SAMPLES / "html" / "national-options.html"
NO_TABLE = SAMPLES / "html" / "no-table.html"
WEB_PAGE = SAMPLES / "html" / "county-web-page.html"  # samples/generate_web.py
TSV_SAMPLE = SAMPLES / "district-catalogue-extracted.txt"

# Hostile inputs must fail (or finish) fast; generous, so a busy machine does not flake.
SECONDS_BOUND = 5.0


def read_tables(path: Path) -> list[RawTable]:
    return list(tables_from_html(path.read_text(encoding="utf-8"), path.name))


def only_table(html: str) -> RawTable:
    tables = list(tables_from_html(html, "test.html"))
    assert len(tables) == 1
    return tables[0]


def cell_at(table: RawTable, row: int, col: int) -> RawCell:
    """The cell that starts at (row, col); fails if none does."""
    for cell in table.cells:
        if (cell.row, cell.col) == (row, col):
            return cell
    raise AssertionError(f"no cell starts at ({row}, {col})")


def starts(table: RawTable, row: int) -> list[int]:
    return [cell.col for cell in table.cells if cell.row == row]


def first_cell_text(html_cell: str) -> str:
    return only_table(f"<table><tr><td>{html_cell}</td></tr></table>").cells[0].text


# ---------------------------------------------------------------- recognising HTML


def test_looks_like_html_needs_a_table_element() -> None:
    assert looks_like_html(DISTRICT.read_text(encoding="utf-8"))
    assert looks_like_html("<TABLE border=1><tr><td>x</td></tr></TABLE>")
    assert looks_like_html("text before <table>")
    assert not looks_like_html(NO_TABLE.read_text(encoding="utf-8"))
    assert not looks_like_html("<tables> are not tables</tables>")


def test_extracted_tsv_with_inline_tags_is_not_html() -> None:
    # The shared sample carries <input> and <small> tags but no table: it stays TSV.
    text = TSV_SAMPLE.read_text(encoding="utf-8")
    assert "<input" in text and "<small>" in text
    assert not looks_like_html(text)
    assert text_document(text, source=TSV_SAMPLE.name).kind == "tsv"


# ---------------------------------------------------------------- district sample


def test_district_sample_is_one_table_on_block_1() -> None:
    tables = read_tables(DISTRICT)
    assert len(tables) == 1
    table = tables[0]
    assert (table.source, table.page, table.index) == ("district-rowspan.html", 1, 0)
    assert (table.n_rows, table.n_cols) == (8, 10)
    assert len(table.cells) == 8 + 3 + 10 + 8 + 9 + 6 + 8 + 9


def test_district_two_row_header_spans() -> None:
    table = read_tables(DISTRICT)[0]
    category = cell_at(table, 0, 0)
    assert (category.text, category.rowspan, category.colspan) == ("事项类别", 1, 3)
    for col, label in enumerate(["公开内容", "公开主体", "公开渠道", "公开时限", "公开属性", "公开方式", "公开对象"], start=3):
        cell = cell_at(table, 0, col)
        assert (cell.text, cell.rowspan, cell.colspan) == (label, 2, 1)
    # The second header row only has the level cells; columns 3-9 are taken by rowspans.
    assert [(c.col, c.text) for c in table.cells if c.row == 1] == [(0, "一级"), (1, "二级"), (2, "三级")]


def test_district_level_cells_merged_by_rowspan() -> None:
    table = read_tables(DISTRICT)[0]
    assert (cell_at(table, 2, 0).text, cell_at(table, 2, 0).rowspan) == ("履职依据", 2)
    assert (cell_at(table, 4, 0).text, cell_at(table, 4, 0).rowspan) == ("机关简 介", 3)
    assert (cell_at(table, 4, 1).text, cell_at(table, 4, 1).rowspan) == ("机构设置", 2)
    assert (cell_at(table, 4, 4).text, cell_at(table, 4, 4).rowspan) == ("区政府各部 门（单位）", 2)
    audience = cell_at(table, 2, 9)
    assert (audience.text, audience.rowspan) == ("社会", 6)
    # Cells after a rowspan take the next free column, as a browser places them.
    assert starts(table, 3) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert starts(table, 5) == [2, 3, 5, 6, 7, 8]
    assert starts(table, 6) == [1, 2, 3, 4, 5, 6, 7, 8]
    grid = table.grid()
    assert grid[6][0] is cell_at(table, 4, 0)
    assert grid[5][4] is cell_at(table, 4, 4)
    assert grid[7][9] is audience
    assert cell_at(table, 7, 0).text == "规划 信息"


def test_district_cell_text_keeps_wraps_and_places_marks() -> None:
    table = read_tables(DISTRICT)[0]
    # Wrap spaces stay: repairing them is the normaliser's job.
    assert cell_at(table, 2, 4).text == "区政府各部 门（单位）"
    assert cell_at(table, 2, 6).text == "相关信息形 成或变更之 日起20个工 作日内"
    assert cell_at(table, 2, 5).text == f"{CHECKED} 政府网站 {UNCHECKED} 政府公报 {UNCHECKED} 政务微博 {UNCHECKED} 政 务微信"
    assert cell_at(table, 2, 7).text == f"{CHECKED} 主动公 开 {UNCHECKED} 依申请 公开"
    assert cell_at(table, 6, 8).text == f"{CHECKED} 预公开 {CHECKED} 全文发 布"
    # <small> is dropped, its text kept in place.
    assert cell_at(table, 4, 8).text == (
        f"{UNCHECKED} 预公开 {CHECKED} 全文发 布 {UNCHECKED} 脱密 (脱敏) 公开 {UNCHECKED} 政策解 读"
    )
    assert cell_at(table, 4, 5).text.count(CHECKED) == 2
    assert cell_at(table, 4, 5).text.count(UNCHECKED) == 10
    assert cell_at(table, 7, 5).text == f"{CHECKED} 政府网站 {UNCHECKED} 政府公报 {CHECKED} 信息公告栏 {CHECKED} 发布会/听证会"
    # <br> and <br/> are line breaks; entities are decoded; &nbsp; alone is an empty cell.
    assert cell_at(table, 3, 4).text == "各街道镇、\n区政府各部门（单位）"
    assert cell_at(table, 4, 3).text == "机构职责（按“三定方案”）；\n联系方式（地址、办公时间、联系电话等）"
    assert cell_at(table, 3, 2).text == ""
    assert not any("<" in cell.text or ">" in cell.text for cell in table.cells)


# ---------------------------------------------------------------- national sample


def test_national_sample_grid() -> None:
    tables = read_tables(NATIONAL)
    assert len(tables) == 1
    table = tables[0]
    assert (table.page, table.n_rows, table.n_cols) == (1, 7, 14)
    # The <caption> is a title, not a row.
    assert cell_at(table, 0, 0).text == "序号"
    assert (cell_at(table, 0, 0).rowspan, cell_at(table, 0, 1).colspan) == (2, 2)
    for col, label in [(1, "公开事项"), (8, "公开对象"), (10, "公开方式"), (12, "公开层级")]:
        cell = cell_at(table, 0, col)
        assert (cell.text, cell.rowspan, cell.colspan) == (label, 1, 2)
    assert [c.text for c in table.cells if c.row == 1] == [
        "一级事项", "二级事项", "全社会", "特定群体", "主动", "依申请", "县级", "乡级",
    ]
    assert starts(table, 1) == [1, 2, 8, 9, 10, 11, 12, 13]


def test_national_option_columns_and_word_markup() -> None:
    table = read_tables(NATIONAL)[0]
    assert (cell_at(table, 2, 1).text, cell_at(table, 2, 1).rowspan) == ("政策文件", 2)
    assert (cell_at(table, 4, 1).text, cell_at(table, 4, 1).rowspan) == ("公共文化服务", 2)
    assert starts(table, 3) == [0, *range(2, 14)]
    # One option per column: "√" or an empty cell (Word writes <p>&nbsp;</p>).
    assert [cell_at(table, 2, col).text for col in range(8, 14)] == ["√", "", "√", "", "√", "√"]
    assert [cell_at(table, 5, col).text for col in range(8, 14)] == ["√", "√", "√", "√", "", "√"]
    assert [cell_at(table, 6, col).text for col in range(8, 14)] == ["", "√", "", "√", "√", ""]
    # Paragraphs are lines; the gb2312 meta tag does not re-decode text that is already text.
    assert cell_at(table, 2, 4).text == "《中华人民共和国政府信息公开条例》\n《中华人民共和国公共文化服务保障法》"
    assert cell_at(table, 2, 7).text == "■政府网站 □政府公报\n■两微一端"
    assert cell_at(table, 4, 6).text == "县级文化和旅游部门、\n乡镇人民政府"
    assert cell_at(table, 5, 5).text == "即时"


# ---------------------------------------------------------------- the HTML table model


def test_cells_skip_positions_taken_by_earlier_rowspans() -> None:
    table = only_table(
        "<table><tr><td rowspan=2>A<td>B<td rowspan=2>C<td>D"
        "<tr><td>E<td>F</table>"
    )
    assert [(c.text, c.row, c.col) for c in table.cells] == [
        ("A", 0, 0), ("B", 0, 1), ("C", 0, 2), ("D", 0, 3), ("E", 1, 1), ("F", 1, 3),
    ]
    assert (table.n_rows, table.n_cols) == (2, 4)


def test_th_and_td_are_both_cells_and_sections_keep_document_order() -> None:
    table = only_table(
        "<table><tfoot><tr><td>foot</td></tr></tfoot>"
        "<thead><tr><th>head</th><th>h2</th></tr></thead>"
        "<tbody><tr><td>body</td><td>b2</td></tr></tbody></table>"
    )
    assert [c.text for c in table.cells] == ["foot", "head", "h2", "body", "b2"]
    assert [c.row for c in table.cells] == [0, 1, 1, 2, 2]


def test_cells_outside_any_row_form_a_row() -> None:
    table = only_table("<table><td>a<td>b</table>")
    assert [(c.text, c.row, c.col) for c in table.cells] == [("a", 0, 0), ("b", 0, 1)]


@pytest.mark.parametrize(
    ("attribute", "colspan"),
    [("0", 1), ("2.7", 2), (" +3", 3), ("abc", 1), ("-3", 1), ("5000", MAX_COLSPAN), ("9" * 5000, MAX_COLSPAN)],
)
def test_colspan_parsed_and_clamped_like_a_browser(attribute: str, colspan: int) -> None:
    table = only_table(f'<table><tr><td colspan="{attribute}">x</td><td>y</td></tr></table>')
    assert table.cells[0].colspan == colspan
    assert (table.cells[1].col, table.n_cols) == (colspan, colspan + 1)


def test_rowspan_stops_at_the_end_of_its_row_group() -> None:
    table = only_table(
        "<table><thead><tr><th rowspan=3>H</th><th>h</th></tr></thead>"
        "<tbody><tr><td rowspan=100000000>A</td><td>1</td></tr><tr><td>2</td></tr></tbody></table>"
    )
    assert [(c.text, c.row, c.col, c.rowspan) for c in table.cells] == [
        ("H", 0, 0, 1), ("h", 0, 1, 1), ("A", 1, 0, 2), ("1", 1, 1, 1), ("2", 2, 1, 1),
    ]
    assert table.n_rows == 3


def test_rowspan_zero_runs_to_the_end_of_the_group() -> None:
    table = only_table("<table><tr><td rowspan=0>A<td>1<tr><td>2<tr><td>3</table>")
    assert (cell_at(table, 0, 0).rowspan, starts(table, 2)) == (3, [1])


def test_absurd_spans_are_clamped_not_built() -> None:
    started = time.perf_counter()
    table = only_table(
        f'<table><tr><td rowspan="{"9" * 40}" colspan="4294967296">X</td><td>y</td></tr>'
        "<tr><td>z</td></tr></table>"
    )
    assert time.perf_counter() - started < SECONDS_BOUND
    big = table.cells[0]
    assert (big.rowspan, big.colspan) == (2, MAX_COLSPAN)
    assert [(c.text, c.row, c.col) for c in table.cells[1:]] == [("y", 0, MAX_COLSPAN), ("z", 1, MAX_COLSPAN)]


# ---------------------------------------------------------------- cell text


def test_checkbox_inputs_become_marks_where_they_stand() -> None:
    html = (
        '<input type="checkbox" checked>a <INPUT TYPE="CHECKBOX" CHECKED="checked">b '
        '<input checked="false" type="checkbox"/>c <input type="checkbox">d '
        '<input type="radio" checked>e <input type="text" value="v">f <input>g'
    )
    assert first_cell_text(html) == f"{CHECKED}a {CHECKED}b {CHECKED}c {UNCHECKED}d {CHECKED}e f g"


def test_breaks_blocks_and_whitespace() -> None:
    assert first_cell_text("第一行<br>第二行<BR/>第三行") == "第一行\n第二行\n第三行"
    assert first_cell_text("<p>段一</p><p>段二</p><div>段三</div>") == "段一\n段二\n段三"
    assert first_cell_text("空行<br><br>之后") == "空行\n\n之后"
    # Source newlines and runs of spaces, tabs, &nbsp; and U+3000 fold to one space.
    assert first_cell_text("  区政府\n   各部\t门&nbsp;&nbsp;（单位）　 ") == "区政府 各部 门 （单位）"
    assert first_cell_text("<span>公开</span><b>内容</b>") == "公开内容"


def test_entities_scripts_and_comments() -> None:
    assert first_cell_text("A &amp; B &lt;C&gt; &#9745;&#x2610;") == "A & B <C> ☑☐"
    assert first_cell_text("x<script>var y = 1;</script><style>td{}</style><!-- note -->z") == "xz"


def test_nested_table_is_flattened_into_its_cell() -> None:
    tables = list(
        tables_from_html(
            "<table><tr><td>外层<table><tr><td>n1</td><td>n2</td></tr><tr><td>n3</td></tr></table>尾</td>"
            "<td>b</td></tr></table><table><tr><td>second</td></tr></table>",
            "nested.html",
        )
    )
    assert [t.page for t in tables] == [1, 2]
    outer = tables[0]
    assert (outer.n_rows, outer.n_cols) == (1, 2)
    assert [c.text for c in outer.cells] == ["外层\nn1 n2\nn3\n尾", "b"]


def test_tables_are_numbered_in_order_and_empty_ones_yield_nothing() -> None:
    tables = list(
        tables_from_html(
            "<table><tr><td>one</td></tr></table><table></table><table><tr><td>three</td></tr></table>",
            "many.html",
        )
    )
    assert [(t.page, t.index, t.cells[0].text) for t in tables] == [(1, 0, "one"), (3, 0, "three")]


# ---------------------------------------------------------------- hostile and empty input


def test_page_without_table_yields_nothing() -> None:
    text = NO_TABLE.read_text(encoding="utf-8")
    assert list(tables_from_html(text, NO_TABLE.name)) == []
    assert list(tables_from_html("", "empty.html")) == []
    assert list(tables_from_html("<table>", "bare.html")) == []
    with pytest.raises(NoTablesFound, match="no-table.html"):
        text_document(text, source=NO_TABLE.name)


@pytest.mark.parametrize("opening", ["<div>", "<span>", "<table><tr><td>"])
def test_deep_nesting_is_refused_not_truncated(opening: str) -> None:
    html = "<table><tr><td>" + opening * 5000 + "deep" + "</td><td>after</td></tr></table>"
    started = time.perf_counter()
    with pytest.raises(DamagedInput, match=r"deep\.html: HTML cannot be read to the end"):
        list(tables_from_html(html, "deep.html"))
    assert time.perf_counter() - started < SECONDS_BOUND


def test_moderate_nesting_is_read() -> None:
    html = "<table><tr><td>" + "<div>" * 200 + "深" + "</div>" * 200 + "</td><td>b</td></tr></table>"
    assert [c.text for c in only_table(html).cells] == ["深", "b"]


def test_five_thousand_columns_stay_bounded() -> None:
    row = "<tr>" + "<td>x</td>" * 5000 + "</tr>"
    started = time.perf_counter()
    table = only_table("<table>" + row * 3 + "</table>")
    assert time.perf_counter() - started < SECONDS_BOUND
    assert (table.n_rows, table.n_cols, len(table.cells)) == (3, 5000, 15000)
    assert cell_at(table, 2, 4999).text == "x"


def test_a_table_too_wide_for_a_catalogue_is_left_out_with_a_note(tmp_path: Path) -> None:
    """A one-row table 20,000 cells wide: refused in one line naming the width, in
    bounded time (its cells, all in one row, once cost the normaliser time growing with
    the square of the width: minutes)."""
    from catalogue.api import extract_file
    from catalogue.raw import MAX_COLUMNS

    width = 20 * MAX_COLUMNS
    path = tmp_path / "wide.html"
    path.write_text("<table><tr>" + "<td>x</td>" * width + "</tr></table>", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(NoTablesFound, match=rf"wide\.html: .*a table {width:,} columns wide, over the limit"):
        extract_file(path)
    assert time.perf_counter() - started < SECONDS_BOUND


def test_grid_over_the_limit_is_refused() -> None:
    # 401 rows by 5,000 columns is 2,005,000 positions, over the 2,000,000 cap.
    row = "<tr>" + f'<td colspan="{MAX_COLSPAN}">x</td>' * 5 + "</tr>"
    started = time.perf_counter()
    with pytest.raises(DamagedInput, match=r"wide\.html: table 1 is .*5,000 columns"):
        list(tables_from_html("<table>" + row * 401 + "</table>", "wide.html"))
    assert time.perf_counter() - started < SECONDS_BOUND


def test_huge_spans_cannot_multiply_the_grid() -> None:
    # Each row's cell starts right of the last one's rowspan, so the width would grow without end.
    row = f'<tr><td rowspan="65534" colspan="{MAX_COLSPAN}">x</td></tr>'
    started = time.perf_counter()
    with pytest.raises(DamagedInput, match="spans.html"):
        list(tables_from_html("<table>" + row * 300 + "</table>", "spans.html"))
    assert time.perf_counter() - started < SECONDS_BOUND


# ---------------------------------------------------------------- end to end (needs the normaliser)

CHANNELS = (
    "website", "gazette", "weibo", "wechat", "app", "tv", "radio", "press",
    "bulletin_board", "service_hall", "archives", "other",
)
METHODS = ("pre_release", "full_text", "desensitized", "interpretation", "onsite", "other")
DISCLOSURES = ("proactive", "on_request", "not_public")


def channels(*checked: str, extra: tuple[str, ...] = ()) -> dict[str, Any]:
    """A channel cell that has marks: options it does not list are false."""
    assert set(checked) <= set(CHANNELS)
    values: dict[str, Any] = {f"channel_{name}": name in checked for name in CHANNELS}
    values["channels_extra"] = list(extra)
    return values


def methods(*checked: str) -> dict[str, Any]:
    assert set(checked) <= set(METHODS)
    return {f"method_{name}": name in checked for name in METHODS}


def no_methods() -> dict[str, Any]:
    return {f"method_{name}": None for name in METHODS}


def disclosure(*checked: str, columns: tuple[str, ...] = DISCLOSURES) -> dict[str, Any]:
    """`columns`: the options the table prints, one a column; one it does not print is null."""
    assert set(checked) <= set(columns) <= set(DISCLOSURES)
    return {f"disclosure_{name}": (name in checked) if name in columns else None for name in DISCLOSURES}


NATIONAL_DISCLOSURES = ("proactive", "on_request")  # 主动 | 依申请 columns, no 不予公开


def levels(*labels: str) -> dict[str, Any]:
    padded = [*labels, *[None] * (6 - len(labels))]
    return {f"level_{i}": label for i, label in enumerate(padded, start=1)}


def time_limit(text: str, days: int | None, kind: str | None) -> dict[str, Any]:
    return {"time_limit": text, "time_limit_days": days, "time_limit_kind": kind}


DISTRICT_DEFAULTS: dict[str, Any] = {
    "source": "district-rowspan.html",
    "page": 1,
    "basis": None,
    "audience": "社会",  # one cell spanning every item
    "tier_county": None,
    "tier_township": None,
    **disclosure("proactive"),
}
WITHIN_20_WORKING_DAYS = time_limit("相关信息形成或变更之日起20个工作日内", 20, "working_days")

DISTRICT_ROWSPAN_EXPECTED: list[dict[str, Any]] = [
    {
        **DISTRICT_DEFAULTS,
        "item_no": 1,
        "item_key": "履职依据 / 上级法规规章",
        **levels("履职依据", "上级法规规章"),
        "content": "涉及本部门的国务院部门行政规章、省政府行政规章",
        "subject": "区政府各部门（单位）",
        **channels("website"),
        **WITHIN_20_WORKING_DAYS,
        **methods("full_text"),
    },
    {
        **DISTRICT_DEFAULTS,
        "item_no": 2,
        "item_key": "履职依据 / 部门文件",
        **levels("履职依据", "部门文件"),
        "content": "涉及本部门制发的文件",
        "subject": "各街道镇、区政府各部门（单位）",
        **channels("website"),
        **WITHIN_20_WORKING_DAYS,
        **methods("full_text"),
    },
    {
        **DISTRICT_DEFAULTS,
        "item_no": 3,
        "item_key": "机关简介 / 机构设置 / 机构概况",
        **levels("机关简介", "机构设置", "机构概况"),
        "content": "机构职责（按“三定方案”）；联系方式（地址、办公时间、联系电话等）",
        "subject": "区政府各部门（单位）",
        **channels("website", "service_hall"),
        **time_limit("实时公开", None, "realtime"),
        **methods("full_text"),
    },
    {
        **DISTRICT_DEFAULTS,
        "item_no": 4,
        "item_key": "机关简介 / 机构设置 / 内设机构及下属单位",
        **levels("机关简介", "机构设置", "内设机构及下属单位"),
        "content": "内设机构职责；内设机构及下属单位负责人（姓名、职务等）",
        "subject": "区政府各部门（单位）",  # from the subject cell spanning items 3 and 4
        **channels("website", "service_hall"),
        **WITHIN_20_WORKING_DAYS,
        **methods("full_text"),
    },
    {
        **DISTRICT_DEFAULTS,
        "item_no": 5,
        "item_key": "机关简介 / 部门领导成员及分工",
        **levels("机关简介", "部门领导成员及分工"),
        "content": "领导班子成员姓名及职务；职责分工（负责的工作内容和分管的处室、事业单位）",
        "subject": "各街道镇、区政府各部门（单位）",
        **channels("website"),
        **WITHIN_20_WORKING_DAYS,
        **methods("pre_release", "full_text"),
    },
    {
        **DISTRICT_DEFAULTS,
        "item_no": 6,
        "item_key": "规划信息 / 专项规划",
        **levels("规划信息", "专项规划"),
        "content": "涉及本部门的本级专项规划信息。",
        "subject": "区发改局",
        **channels("website", "bulletin_board", "other", extra=("发布会/听证会",)),
        # A date, not a number of days.
        **time_limit("每年1月31日前", None, "deadline"),
        **methods("full_text"),
    },
]

NATIONAL_DEFAULTS: dict[str, Any] = {
    "source": "national-options.html",
    "page": 1,
    "audience": "全社会",
    **disclosure("proactive", columns=NATIONAL_DISCLOSURES),
    **no_methods(),  # 公开方式 here holds 主动/依申请, so nothing goes to method_*
}
NATIONAL_20_WORKING_DAYS = time_limit("信息形成或者变更之日起20个工作日内", 20, "working_days")

NATIONAL_OPTIONS_EXPECTED: list[dict[str, Any]] = [
    {
        **NATIONAL_DEFAULTS,
        "item_no": 1,
        "other_columns": {"序号": "1"},  # the 序号 column, which no contract column takes
        "item_key": "政策文件 / 法律法规",
        **levels("政策文件", "法律法规"),
        "content": "与公共文化服务相关的法律、法规、规章",
        "basis": "《中华人民共和国政府信息公开条例》《中华人民共和国公共文化服务保障法》",
        "subject": "县级文化和旅游部门",
        **channels("website", "weibo", "wechat", "app"),  # ■两微一端
        **NATIONAL_20_WORKING_DAYS,
        "tier_county": True,
        "tier_township": True,
    },
    {
        **NATIONAL_DEFAULTS,
        "item_no": 2,
        "other_columns": {"序号": "2"},  # the 序号 column, which no contract column takes
        "item_key": "政策文件 / 规范性文件",
        **levels("政策文件", "规范性文件"),
        "content": "本级政府及部门出台的公共文化服务规范性文件",
        "basis": "《中华人民共和国政府信息公开条例》",
        "subject": "县级人民政府及其文化和旅游部门",
        **channels("website", "gazette"),
        **NATIONAL_20_WORKING_DAYS,
        "tier_county": True,
        "tier_township": False,
    },
    {
        **NATIONAL_DEFAULTS,
        "item_no": 3,
        "other_columns": {"序号": "3"},  # the 序号 column, which no contract column takes
        "item_key": "公共文化服务 / 公共文化机构名录",
        **levels("公共文化服务", "公共文化机构名录"),
        "content": "名称、地址、联系方式、开放时间、服务项目",
        "basis": "《公共文化服务保障法》第二十六条",
        "subject": "县级文化和旅游部门、乡镇人民政府",
        **channels("website", "weibo", "wechat", "app", "service_hall", "other", extra=("公开查阅点",)),
        **NATIONAL_20_WORKING_DAYS,
        "tier_county": True,
        "tier_township": True,
    },
    {
        **NATIONAL_DEFAULTS,
        "item_no": 4,
        "other_columns": {"序号": "4"},  # the 序号 column, which no contract column takes
        "item_key": "公共文化服务 / 文化活动信息",
        **levels("公共文化服务", "文化活动信息"),
        "content": "文艺演出、展览、讲座等活动的时间、地点、内容",
        "basis": "《公共文化服务保障法》",
        "subject": "乡镇人民政府",
        **channels("website", "weibo", "wechat", "app", "bulletin_board"),  # ■公示栏
        **time_limit("即时", None, "realtime"),
        "audience": "全社会、特定群体",
        **disclosure("proactive", "on_request", columns=NATIONAL_DISCLOSURES),
        "tier_county": False,
        "tier_township": True,
    },
    {
        **NATIONAL_DEFAULTS,
        "item_no": 5,
        "other_columns": {"序号": "5"},  # the 序号 column, which no contract column takes
        "item_key": "资金信息 / 专项资金分配",
        **levels("资金信息", "专项资金分配"),
        "content": "专项资金分配结果",
        "basis": "《公共文化服务保障法》",
        "subject": "县级文化和旅游部门",
        **channels("website"),
        **time_limit("收到申请之日起20个工作日内", 20, "working_days"),
        "audience": "特定群体",
        **disclosure("on_request", columns=NATIONAL_DISCLOSURES),
        "tier_county": True,
        "tier_township": False,
    },
]


@pytest.mark.parametrize(
    ("path", "expected"),
    [(DISTRICT, DISTRICT_ROWSPAN_EXPECTED), (NATIONAL, NATIONAL_OPTIONS_EXPECTED)],
    ids=["district-rowspan", "national-options"],
)
def test_samples_end_to_end_give_contract_rows(path: Path, expected: list[dict[str, Any]]) -> None:
    from catalogue.normalise import normalise_tables

    rows = normalise_tables(read_tables(path), path.name)
    assert len(rows) == len(expected)
    for row, want in zip(rows, expected, strict=True):
        assert {column: row[column] for column in want} == want
        strings = [value for value in row.values() if isinstance(value, str)]
        assert not any(mark in text for text in strings for mark in "<>☑☐■□√")


# ---------------------------------------------------------------- a saved government web page


def test_web_page_catalogue_tables_are_picked_by_their_header_words() -> None:
    tables = read_tables(WEB_PAGE)
    # Not the layout table around them, the side bar or the footer: the two catalogue
    # tables (the second has no header but the same twelve columns).
    assert [(t.page, t.n_cols) for t in tables] == [(1, 12), (2, 12)]
    assert cell_at(tables[0], 0, 0).text == "某县发展和改革局政务公开事项目录"
    assert cell_at(tables[0], 1, 1).text == "事项类别"
    assert cell_at(tables[1], 0, 0).text == "7"
    # U+3000 and &nbsp; in an empty cell, <font>/<span> wrappers, a nested table.
    assert cell_at(tables[0], 3, 9).text == "" and cell_at(tables[0], 3, 11).text == ""
    assert cell_at(tables[0], 4, 11).text == "按季度更新"
    assert cell_at(tables[0], 5, 11).text == "联系电话 0591-1234567"


def test_layout_table_alone_is_still_read_where_no_table_has_a_catalogue_header() -> None:
    html = "<table><tr><td>首页</td><td>公开内容</td></tr></table><table><tr><td>x</td></tr></table>"
    assert [t.page for t in tables_from_html(html, "plain.html")] == [1, 2]


def test_web_page_gives_its_expected_rows_in_every_contract_column() -> None:
    from catalogue.normalise import normalise_tables
    from catalogue.schemas.contract import COLUMNS

    expected = json.loads(WEB_PAGE.with_name("county-web-page.expected.json").read_text(encoding="utf-8"))
    rows = normalise_tables(read_tables(WEB_PAGE), WEB_PAGE.name)
    assert [r["item_key"] for r in rows] == [e["item_key"] for e in expected]
    for row, want in zip(rows, expected, strict=True):
        assert set(want) == set(COLUMNS)
        assert {column: row[column] for column in COLUMNS} == want, want["item_key"]


# ---------------------------------------------------------------- Office files saved as web pages


EXPORTED = SAMPLES / "html" / "exported"  # samples/generate_html_exports.py


@pytest.mark.parametrize(
    ("page", "office", "lost"),
    [
        # Each sheet a table, the later ones without the empty 备注 column.
        ("district.html", "district.expected.json", {}),
        # The continued table's merged level columns one wide column; its first 公开主体
        # cell, merged across the two tables in the .docx, is written empty.
        ("word-split.html", "word-split.expected.json", {(8, "subject")}),
    ],
)
def test_an_office_catalogue_saved_as_a_web_page_keeps_every_item(
    page: str, office: str, lost: set[tuple[int, str]]
) -> None:
    """Headerless tables narrower than the header's continue the catalogue: none of
    their items is lost, and each lands in its columns."""
    from catalogue.normalise import normalise_tables
    from catalogue.schemas.contract import COLUMNS

    path = EXPORTED / page
    expected = json.loads((SAMPLES / "office" / office).read_text(encoding="utf-8"))["rows"]
    rows = normalise_tables(read_tables(path), page)
    assert [r["item_key"] for r in rows] == [e["item_key"] for e in expected]
    for row, want in zip(rows, expected, strict=True):
        for column in COLUMNS:
            if column in ("source", "page", "other_columns") or (want["item_no"], column) in lost:
                continue
            assert row[column] == want[column], (want["item_no"], column)
        assert dict(row["other_columns"] or {}) == want["other_columns"]
    for item_no, column in lost:
        assert rows[item_no - 1][column] is None


def test_a_narrow_table_after_the_catalogue_is_no_continuation() -> None:
    header = "<tr>" + "".join(f"<td>{w}</td>" for w in ("序号", "公开内容", "公开主体", "公开时限", "公开渠道", "公开方式")) + "</tr>"
    row = "<tr>" + "<td>1</td>" * 6 + "</tr>"
    footer = "<table><tr><td>主办单位</td><td>某县人民政府</td><td>网站标识码</td></tr></table>"
    html = f"<table>{header}{row}</table>{footer}<table>{row}</table>"
    assert [t.n_cols for t in tables_from_html(html, "page.html")] == [6, 6]


def test_a_web_archive_is_read_as_its_page() -> None:
    """Word's "single file web page": the HTML part, quoted-printable, says gb2312 and
    holds GBK; read as the page itself is."""
    from catalogue.extract import extract_document

    archive = extract_document(EXPORTED / "word-split.mht")
    page = extract_document(EXPORTED / "word-split.html")
    assert archive.kind == page.kind == "html"
    assert [(t.n_rows, t.n_cols, t.cells) for t in archive.tables] == [(t.n_rows, t.n_cols, t.cells) for t in page.tables]


def test_a_named_charset_is_widened_to_what_writers_use() -> None:
    from catalogue.extract.textio import decode_text

    text = "<table><tr><td>王堃</td><td>镕</td></tr></table>"  # both beyond GB2312, inside GBK
    assert decode_text(text.encode("gbk"), "x.html", "gb2312") == text
    assert decode_text(text.encode("utf-8"), "x.html", "no-such-charset") == text


def test_an_rtf_document_is_refused_by_name(tmp_path: Path) -> None:
    from catalogue.errors import UnsupportedInput
    from catalogue.extract import extract_document

    path = tmp_path / "目录.rtf"
    path.write_bytes(rb"{\rtf1\ansi\ansicpg936 {\fonttbl{\f0 SimSun;}} \trowd\cellx1000 \intbl a\cell\row}")
    with pytest.raises(UnsupportedInput, match=r"目录\.rtf: an RTF document, which is not read: save it .* as \.docx"):
        extract_document(path)


@pytest.mark.parametrize(
    "after",
    [
        # A footer three columns wide after a five-column catalogue: over half its width.
        "<table><tr><td>主办单位：某县人民政府</td><td>网站标识码：3400000001</td><td>皖ICP备05001234号</td></tr>"
        "<tr><td>地址：某县人民路1号</td><td>邮编：230000</td><td>电话：0551-1234567</td></tr></table>",
        # A pager and a links bar, five and four columns.
        "<table><tr><td>首页</td><td>上一页</td><td>1</td><td>下一页</td><td>尾页</td></tr></table>"
        "<table><tr><td>国务院</td><td>省政府</td><td>市政府</td><td>更新日期：2024年1月1日</td></tr></table>",
    ],
)
def test_footer_pager_and_link_tables_are_no_continuation(after: str) -> None:
    """Of another width than the catalogue's header and holding no mark, option list or
    time limit (a table as wide as the header continues it, as before)."""
    words = ("序号", "公开内容", "公开主体", "公开时限", "公开渠道", "备注")
    header = "<tr>" + "".join(f"<td>{w}</td>" for w in words) + "</tr>"
    row = "<tr><td>1</td><td>机构职能</td><td>办公室</td><td>20个工作日内</td><td>☑政府网站 □政府公报</td><td></td></tr>"
    assert [t.n_cols for t in tables_from_html(f"<table>{header}{row}</table>{after}", "page.html")] == [6]


def test_a_narrower_continuation_with_items_is_taken() -> None:
    header = "<tr>" + "".join(f"<td>{w}</td>" for w in ("序号", "公开内容", "公开主体", "公开时限", "公开渠道", "备注")) + "</tr>"
    row = "<tr><td>1</td><td>机构职能</td><td>办公室</td><td>20个工作日内</td><td>政府网站、政府公报</td><td></td></tr>"
    more = "<tr><td>2</td><td>领导信息</td><td>办公室</td><td>即时</td><td>政府网站、政务微信</td></tr>"
    assert [t.n_cols for t in tables_from_html(f"<table>{header}{row}</table><table>{more}</table>", "p.html")] == [6, 5]


def test_a_web_archive_of_too_many_or_too_deep_parts_is_refused_in_a_line(tmp_path: Path) -> None:
    from catalogue.extract import extract_document
    from catalogue.extract.webarchive import MAX_ARCHIVE_PARTS

    head = b'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="b"\n\n'
    many = tmp_path / "many.mht"
    many.write_bytes(head + b"--b\nContent-Type: text/plain\n\nx\n" * (MAX_ARCHIVE_PARTS + 1) + b"--b--\n")
    with pytest.raises(DamagedInput, match=r"many\.mht: a web archive \(MHT\) of over 10,000 parts"):
        extract_document(many)
    # Each part a multipart of its own, deeper than the parser's recursion reaches.
    depth = 3000
    nested = b"".join(f'--b{i}\nContent-Type: multipart/related; boundary="b{i + 1}"\n\n'.encode() for i in range(depth))
    deep = tmp_path / "deep.mht"
    deep.write_bytes(b'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="b0"\n\n' + nested)
    with pytest.raises(DamagedInput, match=r"deep\.mht: .*nest too deeply"):
        extract_document(deep)


def test_a_bom_outweighs_a_named_charset_and_latin_labels_are_only_hints() -> None:
    from catalogue.extract.textio import decode_text

    text = "<table><tr><td>序号</td><td>公开内容</td></tr></table>"
    assert decode_text(b"\xef\xbb\xbf" + text.encode("utf-8"), "x.html", "utf-8") == text
    assert decode_text(text.encode("utf-8"), "x.html", "iso-8859-1") == text
    assert decode_text(text.encode("gbk"), "x.html", "windows-1252") == text


def test_an_excel_binary_workbook_is_refused_by_name(tmp_path: Path) -> None:
    import zipfile

    from catalogue.errors import UnsupportedInput
    from catalogue.extract import extract_document

    path = tmp_path / "目录.xlsb"  # the parts Excel writes for a binary workbook
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"><Override PartName="/xl/workbook.bin" ContentType="application/'
                         'vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>')
        package.writestr("xl/workbook.bin", b"\x83\x01\x00")
    with pytest.raises(UnsupportedInput, match=r"目录\.xlsb: an Excel binary workbook \(\.xlsb\), which is not read"):
        extract_document(path)


def test_a_folder_run_names_the_formats_it_refuses(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from catalogue.cli import app

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "目录.rtf").write_bytes(rb"{\rtf1\ansi \trowd\cellx1000 \intbl a\cell\row}")
    (folder / "notes.pptx").write_bytes(b"PK\x03\x04")  # no catalogue format: left alone, as before
    result = CliRunner().invoke(app, ["extract", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "目录.rtf: an RTF document, which is not read" in result.output
    assert "notes.pptx" not in result.output


def test_marks_drawn_as_pictures_are_read_from_their_text_equivalent() -> None:
    """image-marks.html (samples/generate_web_images.py): ticks as <img alt="√"> (one
    with only a title), empty boxes as <img alt="□"> or nothing; every tick read as
    nothing before, so every option came out false. A seal picture adds no text."""
    from conftest import given_column_problems

    from catalogue.api import extract_file

    expected = json.loads((SAMPLES / "html" / "image-marks.expected.json").read_text("utf-8"))["rows"]
    problems = given_column_problems(expected, extract_file(SAMPLES / "html" / "image-marks.html").items)
    assert not problems, "\n".join(problems)


def test_only_elements_with_a_hidden_or_style_attribute_are_asked_if_hidden(samples_dir: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A page's hiding is read from the hidden and style attributes alone (_hidden_by), so
    only elements with one are asked (one Python step each, not one for every element of
    a long page); the rows and text the sample hides are still found."""
    from lxml import etree

    import catalogue.extract.html as html_module

    page = samples_dir / "unseen" / "hidden-rows.html"
    text = page.read_text(encoding="utf-8")
    root = etree.fromstring(text.encode("utf-8"), etree.HTMLParser(encoding="utf-8"))
    attributed = [element for element in root.iter() if element.get("hidden") is not None or element.get("style") is not None]
    asked: list[str] = []
    original = html_module._hidden_by

    def counting(element: Any, hiding: dict[str, str]) -> str | None:
        asked.append(element.tag)
        return original(element, hiding)

    monkeypatch.setattr(html_module, "_hidden_by", counting)
    notes: list = []
    tables = list(tables_from_html(text, "hidden-rows.html", notes))
    assert tables and len(notes) == 2  # the hidden rows read, the hidden text left out
    assert 0 < len(asked) == len(attributed) < len(list(root.iter()))


@pytest.mark.parametrize("fraction", [0.6, 0.95])
def test_a_page_cut_short_inside_its_table_fails_saying_so(fraction: float) -> None:
    # The tester's F7 of round eleven: a download that broke off inside a cell was read as
    # a whole catalogue, the cut row an item, exit 0 (a CSV cut short already failed).
    text = WEB_PAGE.read_text(encoding="utf-8")
    cut = text[: int(text.lower().rindex("</table>") * fraction)]
    with pytest.raises(DamagedInput, match="the file was cut short; copy or download it again"):
        list(tables_from_html(cut, WEB_PAGE.name))


def test_a_page_whole_but_for_its_last_tags_is_read() -> None:
    # What is not cut short: a table closed, the page's own end tags left out (HTML lets
    # them out), and a fragment that is the table alone.
    text = WEB_PAGE.read_text(encoding="utf-8")
    whole = read_tables(WEB_PAGE)
    unended = text[: text.lower().rindex("</table>") + len("</table>")]
    assert [t.cells for t in tables_from_html(unended, WEB_PAGE.name)] == [t.cells for t in whole]
    assert only_table("<TABLE><tr><td>事项</td></tr></TABLE>").cells[0].text == "事项"
    # A layout table left open before the catalogue's, and "<table" in a script's string,
    # on a fragment without </body> (a CMS's content saved alone): no cut (mid-round
    # review, M4).
    catalogue = text[text.lower().index("<table"): text.lower().rindex("</table>") + len("</table>")]
    for page in (f"<table><tr><td>导航</td></tr>{catalogue}",
                 f"{catalogue}<script>var pop = '<table class=pop><tr><td>';</script>"):
        assert [t.cells[-1].text for t in tables_from_html(page, "fragment.html")][-1] == whole[-1].cells[-1].text
