"""Nothing dropped (contract v1.1): columns no contract column takes go to other_columns
on every input path; 同上 / 同左 cells; option lists written as text; one-option columns
with text or an unknown channel header.

The PDF and web-page tests read committed samples whose expected values come from
their generators (samples/word/generate_word_round2.py, samples/generate_web.py); the
small tables here are written for the one rule each test names.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalogue.extract import text_document
from catalogue.extract.pdf import open_pdf
from catalogue.normalise import normalise_tables
from catalogue.normalise.options import decode_options
from catalogue.raw import RawCell, RawTable

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
WORD = SAMPLES / "word"
HEADER = ["一级", "二级", "公开内容", "公开主体", "公开渠道", "公开时限", "公开属性", "备注"]
ROW = ["机构信息", "机构职能", "职能及内设机构", "县发改局", "✓政府网站 □政府公报", "20个工作日内", "✓主动公开 □依申请公开"]


def items_of(text: str, name: str = "t.txt") -> list[dict]:
    document = text_document(text, source=name)
    return normalise_tables(document.tables, name)


# ---------------------------------------------------------------- every input path


def test_pdf_remark_column_through_the_pdfplumber_reader() -> None:
    # dD_hmerge.pdf has 序号 and 备注 columns; its generator states both per item.
    expected = json.loads((WORD / "expected-round2.json").read_text(encoding="utf-8"))["dD_hmerge"]
    path = WORD / "dD_hmerge.pdf"
    document = open_pdf(path, source=path.name, sha256="", reader="pdfplumber")
    items = normalise_tables(document.tables, path.name)
    assert [i["other_columns"] for i in items] == [e["other_columns"] for e in expected]
    assert items[0]["other_columns"] == {"序号": "1", "备注": "每年更新"}


def test_every_word_made_pdf_keeps_its_number_and_remark_columns() -> None:
    from catalogue.api import extract_file

    expected = json.loads((WORD / "expected-round2.json").read_text(encoding="utf-8"))
    for name, rows in expected.items():
        items = extract_file(WORD / f"{name}.pdf").items
        assert [i["other_columns"] for i in items] == [r["other_columns"] for r in rows], name


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("t.txt", "\t".join(HEADER) + "\n" + "\t".join([*ROW, "每年 更新"]) + "\n"),
        ("t.md", "| " + " | ".join(HEADER) + " |\n|" + "---|" * len(HEADER) + "\n| " + " | ".join([*ROW, "每年 更新"]) + " |\n"),
        (
            "t.html",
            "<table><tr>" + "".join(f"<th>{h}</th>" for h in HEADER) + "</tr><tr>"
            + "".join(f"<td>{t}</td>" for t in [*ROW, "<span>每年</span> 更新"]) + "</tr></table>",
        ),
    ],
    ids=["tsv", "markdown", "html"],
)
def test_text_inputs_keep_an_unmapped_column_repaired(name: str, text: str) -> None:
    (item,) = items_of(text, name)
    assert item["other_columns"] == {"备注": "每年更新"}  # wrap space between Han gone, markup gone
    assert item["content"] == "职能及内设机构"


def test_empty_cells_are_left_out_and_a_second_column_of_one_name_is_numbered() -> None:
    header = [*HEADER, "备注"]
    rows = [header, [*ROW, "\u3000", "第二列"], [*ROW[:1], "机构领导", *ROW[2:], "第一列", ""]]
    items = items_of("\n".join("\t".join(r) for r in rows) + "\n")
    assert [i["other_columns"] for i in items] == [{"备注#2": "第二列"}, {"备注": "第一列"}]


def test_two_level_header_names_join_with_a_slash_and_an_unknown_channel_column_is_an_extra() -> None:
    html = (
        "<table><tr><th rowspan=2>一级</th><th rowspan=2>公开内容</th><th colspan=3>公开渠道</th>"
        "<th colspan=2>联系方式</th></tr>"
        "<tr><th>政府网站</th><th>发布会</th><th>政务微博</th><th>电话</th><th>地址</th></tr>"
        "<tr><td>财政信息</td><td>预算公开</td><td>√</td><td>√</td><td></td><td>0591-1</td><td>中山路1号</td></tr>"
        "<tr><td>规划信息</td><td>规划公开</td><td>√</td><td></td><td></td><td></td><td></td></tr></table>"
    )
    first, second = items_of(html, "t.html")
    assert first["other_columns"] == {"联系方式/电话": "0591-1", "联系方式/地址": "中山路1号"}
    assert (first["channel_website"], first["channel_weibo"], first["channel_other"]) == (True, False, True)
    assert first["channels_extra"] == ["发布会"]
    assert second["other_columns"] == {}
    assert (second["channel_other"], second["channels_extra"]) == (False, [])


def test_headerless_page_names_an_unmapped_column_by_its_number() -> None:
    header = "\t".join(HEADER) + "\n" + "\t".join([*ROW, "甲"]) + "\n"
    # A second block (page) with one column more than the header and no header of its own.
    extra = "\t".join([*ROW[:1], "机构领导", *ROW[2:], "乙", "丙"]) + "\n"
    items = items_of(header + "\n" + extra)
    assert items[0]["other_columns"] == {"备注": "甲"}
    assert set(items[1]["other_columns"].values()) == {"乙", "丙"}
    assert any(key.startswith("第") and key.endswith("列") for key in items[1]["other_columns"])


def test_a_row_with_only_a_remark_gives_it_to_the_item_above() -> None:
    rows = [HEADER, [*ROW, "每年更新"], ["", "", "", "", "", "", "", "以正式文件为准"]]
    (item,) = items_of("\n".join("\t".join(r) for r in rows) + "\n")
    assert item["other_columns"] == {"备注": "每年更新以正式文件为准"}
    assert "empty_row_dropped" in item["warnings"]


# ---------------------------------------------------------------- 同上 / 同左


def _table(rows: list[list[str]], page: int = 1) -> RawTable:
    return RawTable.from_rows("t.txt", page, rows)


def test_ditto_above_and_left_take_the_neighbouring_value() -> None:
    header = ["一级", "公开内容", "公开主体", "公开时限", "公开对象", "备注"]
    rows = [
        header,
        ["机构信息", "职能", "县发改局", "20个工作日内", "社会", "每年更新"],
        ["同上", "领导", "同上", "同 上", "社会", "同左"],
    ]
    first, second = normalise_tables([_table(rows)], "t.txt")
    assert second["level_1"] == "机构信息" and second["item_key"] == "机构信息#2"
    assert (second["subject"], second["time_limit"], second["time_limit_days"]) == ("县发改局", "20个工作日内", 20)
    assert second["other_columns"] == {"备注": "社会"}
    assert second["warnings"] == ["ditto_filled"] and first["warnings"] == []


def test_ditto_at_the_top_of_a_page_takes_the_last_row_of_the_page_before() -> None:
    header = ["一级", "公开内容", "公开主体", "公开时限"]
    page_1 = [header, ["机构信息", "职能", "县发改局", "20个工作日内"]]
    page_2 = [["规划信息", "专项规划", "同上", "即时"]]
    items = normalise_tables([_table(page_1), _table(page_2, page=2)], "t.txt")
    assert items[1]["subject"] == "县发改局" and "ditto_filled" in items[1]["warnings"]


def test_ditto_inside_a_merged_cell_looks_above_the_merge() -> None:
    cells = [
        *[RawCell(0, c, t) for c, t in enumerate(["一级", "公开内容", "公开主体"])],
        *[RawCell(1, c, t) for c, t in enumerate(["机构信息", "职能", "县发改局"])],
        RawCell(2, 0, "机构信息"), RawCell(2, 1, "领导"), RawCell(2, 2, "同上", rowspan=2),
        RawCell(3, 0, "机构信息"), RawCell(3, 1, "分工"),
    ]
    table = RawTable("t.txt", 1, 0, 4, 3, cells)
    items = normalise_tables([table], "t.txt")
    assert [i["subject"] for i in items] == ["县发改局"] * 3


def test_ditto_with_nothing_to_copy_stays_text() -> None:
    rows = [["一级", "公开内容", "备注"], ["机构信息", "职能", "同左同上"]]
    (item,) = normalise_tables([_table(rows)], "t.txt")
    assert item["other_columns"] == {"备注": "同左同上"} and item["warnings"] == []


# ---------------------------------------------------------------- option lists as text


@pytest.mark.parametrize(
    ("text", "checked", "extras"),
    [
        ("政府网站、公示栏", {"channel_website", "channel_bulletin_board"}, []),
        ("政府网站<br>村（居）公示栏", {"channel_website", "channel_bulletin_board"}, []),
        ("政府网站；政府公报", {"channel_website", "channel_gazette"}, []),
        ("政府网站/政务微博，政务微信;报刊", {"channel_website", "channel_weibo", "channel_wechat", "channel_press"}, []),
        (
            "福建省公共资源交易电子公共服务平台、电子招标投标交易平台、政府网站",
            {"channel_website", "channel_other"},
            ["福建省公共资源交易电子公共服务平台", "电子招标投标交易平台"],
        ),
        ("● 政府网站\n● 政务微信", {"channel_website", "channel_wechat"}, []),
    ],
)
def test_channel_lists_written_as_text(text: str, checked: set[str], extras: list[str]) -> None:
    cell = decode_options(text, hint="channel")
    assert cell is not None and cell.group == "channel"
    assert {name for name, value in cell.values.items() if value} == checked
    assert all(value is False for name, value in cell.values.items() if name not in checked)
    assert cell.extras == extras
    assert cell.warnings == [f"unknown_option:{x}" for x in extras]


@pytest.mark.parametrize(
    ("text", "checked"),
    [
        ("◆政府网站 口政府公报", {"channel_website"}),
        ("▄政务微信 口政府网站", {"channel_wechat"}),
        ("口政府公报 ◆政府网站 ▄两微一端", {"channel_website", "channel_weibo", "channel_wechat", "channel_app"}),
        ("◆主动公开 口依申请公开", {"disclosure_proactive"}),
    ],
)
def test_web_page_mark_glyphs(text: str, checked: set[str]) -> None:
    cell = decode_options(text)
    assert cell is not None and cell.has_marks
    assert {name for name, value in cell.values.items() if value} == checked


def test_a_diamond_in_a_text_cell_is_a_bullet() -> None:
    rows = [HEADER[:4], ["机构信息", "机构职能", "◆机构职能说明\n◆内设机构", "县发改局"]]
    (item,) = normalise_tables([_table(rows)], "t.txt")
    assert item["content"] == "◆机构职能说明◆内设机构"
    assert item["channel_website"] is None


# ---------------------------------------------------------------- one-option columns with text


def test_a_group_name_under_a_one_option_column_chooses_it_and_is_kept() -> None:
    rows = [
        ["一级", "公开内容", "公开对象", "", "公开层级", ""],
        ["", "", "全社会", "特定群体", "县级", "乡级"],
        ["社会救助", "低保名单", "", "低保对象", "√", ""],
        ["社会救助", "救助政策", "√", "特定群体", "", "√"],
    ]
    first, second = normalise_tables([_table(rows)], "t.txt")
    assert first["audience"] == "特定群体"
    assert first["other_columns"] == {"公开对象/特定群体": "低保对象"}
    assert (first["tier_county"], first["tier_township"]) == (True, False)
    assert first["warnings"] == []
    assert second["audience"] == "全社会、特定群体" and second["other_columns"] == {}
