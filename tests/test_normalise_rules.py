"""Each normaliser rule on its own, on small hand-made inputs."""

from __future__ import annotations

import pytest

from catalogue.normalise import normalise_tables
from catalogue.normalise.labels import join_cut_label, looks_cut
from catalogue.normalise.options import decode_options
from catalogue.normalise.text import clean_label, clean_text, repair_wraps
from catalogue.normalise.timelimit import parse_time_limit
from catalogue.raw import RawCell, RawTable
from catalogue.schemas.lookup import strip_markup

HEADER = ["一级", "二级", "三级", "公开内容", "公开主体", "公开渠道", "公开时限", "公开属性", "公开方式", "公开对象"]


def table(rows: list[list[str]], page: int = 1) -> RawTable:
    return RawTable.from_rows("t.txt", page, rows)


# ---------------------------------------------------------------- text repair


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("相关信息形 成或变更之 日起20个工 作日内", "相关信息形成或变更之日起20个工作日内"),
        ("区政府各部 门（单位）", "区政府各部门（单位）"),
        ("区政府 各部 门 (单 位)", "区政府各部门(单位)"),
        ("PDF to Excel", "PDF to Excel"),
        ("本单位年报 。", "本单位年报。"),
        ("line\nwrap 中\n文", "line wrap中文"),
    ],
)
def test_wrap_spaces(raw, fixed):
    assert repair_wraps(raw) == fixed


def test_markup_becomes_marks_and_goes():
    text = '<input checked="" type="checkbox"/> 政府网站 <input type="checkbox"/> 政务微博 <small>(脱敏)</small>'
    assert strip_markup(text).split() == ["☑", "政府网站", "☐", "政务微博", "(脱敏)"]
    assert clean_text(text) == "政府网站政务微博(脱敏)"


def test_footnote_markers_leave_labels():
    assert clean_label("其他 注：①") == "其他"
    assert clean_label("信息公开②") == "信息公开"
    assert clean_label("注册登记") == "注册登记"


# ---------------------------------------------------------------- marks


def values(text: str, hint: str | None = None) -> dict:
    decoded = decode_options(text, hint)
    assert decoded is not None
    return decoded.values


def test_every_mark_form():
    for checked, empty in [("✓", "□"), ("√", "□"), ("☑", "☐"), ("■", "□"), ("✔", "口")]:
        v = values(f"{checked}政府网站 {empty}政府公报")
        assert v["channel_website"] is True and v["channel_gazette"] is False
        assert v["channel_weibo"] is False  # named option the cell does not list


def test_symbol_font_letters_only_before_labels():
    v = values("R政府网站 £政府公报 R政务微博")
    assert (v["channel_website"], v["channel_gazette"], v["channel_weibo"]) == (True, False, True)
    assert decode_options("RFID 窗口服务") is None


def test_cut_labels_and_boxes_inside_wrapped_labels():
    assert values("□预公开 ✓全文发")["method_full_text"] is True
    v = values("☑ 主动公开 ☐ 依申请公开 ☐ 不予公 ☐ 公开")
    assert v == {"disclosure_proactive": True, "disclosure_on_request": False, "disclosure_not_public": False}
    decoded = decode_options("☑ 主动公开 ☐ 不予公 ☐ 开")
    assert decoded is not None and not decoded.warnings


def test_group_comes_from_labels_not_column():
    # 公开方式 in the national layout holds 主动/依申请.
    decoded = decode_options("√主动 □依申请", hint="method")
    assert decoded is not None and decoded.group == "disclosure"
    assert decoded.values["disclosure_proactive"] is True


def test_vocabulary_synonyms():
    v = values("■两微一端 □广播电视 ■公示栏 ■便民服务站 □图书馆")
    assert v["channel_weibo"] and v["channel_wechat"] and v["channel_app"]
    assert v["channel_tv"] is False and v["channel_radio"] is False
    assert v["channel_bulletin_board"] and v["channel_service_hall"]
    assert v["channel_archives"] is False


def test_unknown_checked_channel_goes_to_extras():
    decoded = decode_options("✓政府网站 ✓发布会/听证会 ✓流动宣传车 □政府公报")
    assert decoded is not None
    assert decoded.values["channel_other"] is True
    assert decoded.extras == ["发布会/听证会", "流动宣传车"]
    assert decoded.warnings == ["unknown_option:流动宣传车"]


def test_unreadable_mark_gives_null_and_warning():
    decoded = decode_options("✓政府网站 ⍰政务微博")
    assert decoded is not None
    assert decoded.values["channel_weibo"] is None
    assert "mark_unreadable" in decoded.warnings


def test_bullet_is_not_a_mark():
    assert decode_options("●公开内容一 ●公开内容二") is None


def test_audience_synonyms():
    decoded = decode_options("☑特定群众 ☐全社会")
    assert decoded is not None and decoded.audience == ["特定群体"]


# ---------------------------------------------------------------- time limits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20个工作日内", (20, "working_days")),
        ("批复后20日内", (20, "calendar_days")),
        ("即时", (None, "realtime")),
        ("实时公开", (None, "realtime")),
        ("每年1月31日前", (None, "deadline")),
        ("及时公开", (None, None)),
        ("按季度", (None, None)),
        ("1年", (None, None)),
        ("二十个工作日内", (20, "working_days")),
        ("执法结果信息形成后，7个工作日内公开；行政执法总体情况每年1月31日前", (7, "working_days")),
    ],
)
def test_time_limits(text, expected):
    assert parse_time_limit(text) == expected


# ---------------------------------------------------------------- labels cut by a page break


def test_cut_label_detection():
    assert looks_cut("机关简", "介绍")
    assert looks_cut("行政许", "可")
    assert not looks_cut("决策公开", "行政权力运行公开")
    assert not looks_cut("人事信息", "随机抽查")
    assert join_cut_label("规划信", "息") == "规划信息"
    assert join_cut_label("重点领域信", "息公开") == "重点领域信息公开"


# ---------------------------------------------------------------- rows and columns


ROW = ["", "", "", "内容", "区政府各部门", "✓政府网站□政府公报", "20个工作日内", "✓主动公开□依申请公开", "□预公开✓全文发布", "社会"]


def test_fill_down_stops_below_own_label():
    rows = [HEADER, ["甲", "乙", "丙", *ROW[3:]], ["", "", "丁", *ROW[3:]], ["", "戊", "", *ROW[3:]]]
    items = normalise_tables([table(rows)], "t.txt")
    assert [(i["level_1"], i["level_2"], i["level_3"]) for i in items] == [
        ("甲", "乙", "丙"),
        ("甲", "乙", "丁"),
        ("甲", "戊", None),
    ]


def test_header_repeated_on_each_page_is_not_an_item():
    page1 = table([HEADER, ["甲", "乙", "", *ROW[3:]]], 1)
    page2 = table([HEADER, ["", "丙", "", *ROW[3:]]], 2)
    items = normalise_tables([page1, page2], "t.txt")
    assert [i["item_key"] for i in items] == ["甲 / 乙", "甲 / 丙"]


def test_row_split_by_page_break_is_joined():
    first = ["甲", "乙", "", "涉及本部门的国务院部门行政规章、省政府", "区政府各部门", "✓政府网站□政府公报", "20个工作日内", "✓主动公开□依申请公开", "□预公开✓全文发", "社会"]
    rest = ["", "", "", "行政规章。", "", "", "", "", "布 □政策解读", ""]
    items = normalise_tables([table([HEADER, first], 1), table([HEADER, rest], 2)], "t.txt")
    assert len(items) == 1
    assert items[0]["content"] == "涉及本部门的国务院部门行政规章、省政府行政规章。"
    assert items[0]["method_full_text"] is True
    assert items[0]["method_interpretation"] is False
    assert "row_joined_across_pages" in items[0]["warnings"]


def test_new_item_at_top_of_page_is_not_joined():
    first = ["甲", "乙", "", "第一项内容。", "区政府各部门", *ROW[5:]]
    second = ["", "", "", "第二项内容。", "区政府各部门", *ROW[5:]]
    items = normalise_tables([table([HEADER, first], 1), table([HEADER, second], 2)], "t.txt")
    assert [i["item_key"] for i in items] == ["甲 / 乙", "甲 / 乙#2"]


def test_one_option_per_column():
    header1 = ["序号", "公开事项", "", "公开内容", "公开对象", "", "公开方式", "", "公开层级", ""]
    header2 = ["", "一级事项", "二级事项", "", "全社会", "特定群体", "主动", "依申请", "县级", "乡级"]
    data = ["1", "甲", "乙", "内容", "√", "", "√", "", "√", "√"]
    empty = ["2", "甲", "丙", "内容", "", "", "", "", "", ""]
    items = normalise_tables([table([header1, header2, data, empty])], "t.txt")
    first, second = items
    assert first["audience"] == "全社会"
    assert (first["disclosure_proactive"], first["disclosure_on_request"]) == (True, False)
    assert (first["tier_county"], first["tier_township"]) == (True, True)
    assert first["disclosure_not_public"] is None  # no 不予公开 column: absent, not false (issue 20)
    assert second["audience"] is None and second["disclosure_proactive"] is None and second["tier_county"] is None


def test_merged_cell_gives_its_value_to_every_row_it_spans():
    cells = [RawCell(0, c, h) for c, h in enumerate(HEADER)]
    cells.append(RawCell(1, 0, "甲", rowspan=2))
    cells.append(RawCell(1, 4, "区政府各部门", rowspan=2))
    for r, name in ((1, "乙"), (2, "丙")):
        cells.append(RawCell(r, 1, name))
        cells.append(RawCell(r, 3, "内容"))
    t = RawTable("t.pdf", 1, 0, 3, len(HEADER), cells)
    items = normalise_tables([t], "t.pdf")
    assert [(i["level_1"], i["subject"]) for i in items] == [("甲", "区政府各部门"), ("甲", "区政府各部门")]


def test_label_printed_on_the_next_page_belongs_to_the_rows_before_the_break():
    # Page 1: group 甲 ends, then a merged level-1 cell runs to the page end, empty:
    # its label 乙类 is printed on page 2, in the part of the cell there.
    def page(n: int, level1: list[RawCell], level2: list[str]) -> RawTable:
        cells = [RawCell(0, c, h) for c, h in enumerate(HEADER)] + level1
        for r, name in enumerate(level2, start=1):
            cells += [RawCell(r, 1, name), RawCell(r, 3, f"{name}内容。")]
        return RawTable("t.pdf", n, 0, len(level2) + 1, len(HEADER), cells)

    box = (0.0, 0.0, 10.0, 10.0)  # the rule needs geometry: text inputs cannot show it
    first = page(1, [RawCell(1, 0, "甲类", bbox=box), RawCell(2, 0, "", rowspan=2, bbox=box)], ["一", "二", "三"])
    second = page(2, [RawCell(1, 0, "乙类", rowspan=2, bbox=box)], ["四", "五"])
    items = normalise_tables([first, second], "t.pdf")
    assert [i["level_1"] for i in items] == ["甲类", "乙类", "乙类", "乙类", "乙类"]


def test_option_named_inside_a_longer_label():
    v = values("■政府网站 □政府公报 ■社区/企事业单位/村公示栏（电子屏） ■电视台")
    assert v["channel_bulletin_board"] is True and v["channel_tv"] is True
    assert v["channel_other"] is False


def test_header_with_an_unknown_word_and_two_subject_columns():
    header = ["序号", "事项名称", "子项名称", "公开内容", "公开时限", "责任单位", "公开主体", "公开渠道", "公开对象", "备注"]
    data = ["1", "行政许可", "建设工程规划许可", "许可结果", "20个工作日内", "规划科", "县自然资源局", "✓政府网站 □政府公报", "社会", ""]
    (item,) = normalise_tables([table([header, data])], "t.txt")
    assert item["item_key"] == "行政许可 / 建设工程规划许可"
    assert item["subject"] == "县自然资源局"


def test_plain_text_channel_list_with_an_unknown_channel():
    decoded = decode_options("政府网站、两微一端、村务公开栏、流动宣传车", "channel")
    assert decoded is not None
    assert decoded.values["channel_weibo"] is True and decoded.values["channel_bulletin_board"] is True
    assert decoded.values["channel_gazette"] is False
    assert decoded.extras == ["流动宣传车"]
    assert decode_options("县级财政部门") is None


def test_task_list_boxes_and_entities_are_marks():
    v = values("[x] 政府网站 [ ] 政府公报 &#9745;政务微博 &#9744;政务微信")
    assert (v["channel_website"], v["channel_gazette"], v["channel_weibo"], v["channel_wechat"]) == (True, False, True, False)
    assert clean_text("见[1]号文件") == "见[1]号文件"


def test_full_row_at_top_of_page_is_a_new_item_not_a_continuation():
    header1 = ["序号", "公开事项", "", "公开内容（要素）", "公开主体", "公开渠道和载体", "公开对象", ""]
    header2 = ["", "一级事项", "二级事项", "", "", "", "全社会", "特定群体"]
    last = ["2", "食品安全", "抽检信息", "抽检结果", "县级市场监管部门", "政府网站、两微一端", "√", ""]
    top = ["3", "", "", "不合格产品核查处置", "县级市场监管部门", "政府网站", "√", ""]
    for first_col in (True, False):  # with and without a 序号 column
        cut = (lambda r: r) if first_col else (lambda r: r[1:])
        page1 = table([cut(header1), cut(header2), cut(last)], 1)
        page2 = table([cut(header1), cut(header2), cut(top)], 2)
        items = normalise_tables([page1, page2], "t.txt")
        assert [i["content"] for i in items] == ["抽检结果", "不合格产品核查处置"]
        assert items[0]["channel_weibo"] is True and items[1]["channel_weibo"] is False


def test_wingdings_letters_after_labels_and_in_option_columns():
    v = values("政府网站R 政府公报£ 两微一端R", "channel")
    assert (v["channel_website"], v["channel_gazette"], v["channel_weibo"]) == (True, False, True)
    header1 = ["一级", "公开内容", "公开对象", "", "公开方式", "", "公开渠道", "", ""]
    header2 = ["", "", "全社会", "特定群体", "主动", "依申请", "政府网站", "公开栏", "其他"]
    data = ["环评审批", "审批结果", "ü", "£", "R", "£", "R", "", "入户"]
    (item,) = normalise_tables([table([header1, header2, data])], "t.txt")
    assert item["audience"] == "全社会"
    assert (item["disclosure_proactive"], item["disclosure_on_request"]) == (True, False)
    assert (item["channel_website"], item["channel_bulletin_board"], item["channel_other"]) == (True, False, True)
    assert item["channels_extra"] == ["入户"] and item["warnings"] == []


@pytest.mark.parametrize(
    ("text", "true_fields", "extras"),
    [
        ("广播电视 纸质媒体", {"channel_tv", "channel_radio", "channel_press"}, []),
        ("政务服务中 心", {"channel_service_hall"}, []),  # a wrap, not two names
        ("便民服务中心、公开查阅点、热线电话", {"channel_service_hall", "channel_other"}, ["公开查阅点", "热线电话"]),
        ("村（居）务公开栏、入户/现场", {"channel_bulletin_board", "channel_other"}, ["入户/现场"]),
        ("精准推送", {"channel_other"}, ["精准推送"]),
    ],
)
def test_plain_text_channel_lists(text, true_fields, extras):
    decoded = decode_options(text, "channel")
    assert decoded is not None and not decoded.warnings
    assert {k for k, v in decoded.values.items() if v} == true_fields
    assert decoded.extras == extras


def test_a_name_with_a_separator_inside():
    assert values("乡、村级", "tier")["tier_township"] is True


def test_footnote_under_the_table_is_not_an_item_nor_joined():
    first = ["甲", "乙", "", "内容", "区政府各部门", *ROW[5:]]
    note = ["注：①公开时限另有规定的，从其规定。", "", "", "", "", "", "", "", "", ""]
    items = normalise_tables([table([HEADER, first], 1), table([note], 2)], "t.txt")
    assert [i["content"] for i in items] == ["内容"]
    assert items[0]["warnings"] == ["footnote_dropped"]


def test_subject_in_the_time_limit_column_is_put_back():
    header = ["一级", "公开内容", "公开时限", "公开主体", "公开渠道"]
    shifted = ["居民身份证办理", "办理条件", "县公安局", "✓政府网站", ""]
    kept = ["政府工作报告", "报告全文", "政府工作报告发布后", "县政府办公室", "✓政府网站"]
    first, second = normalise_tables([table([header, shifted, kept])], "t.txt")
    assert (first["subject"], first["time_limit"], first["channel_website"]) == ("县公安局", None, True)
    assert "cells_shifted" in first["warnings"]
    assert (second["subject"], second["time_limit"]) == ("县政府办公室", "政府工作报告发布后")


def test_bare_number_under_a_time_limit_header_with_a_unit():
    header = ["一级", "公开内容", "公开时限（工作日）", "公开主体"]
    (item,) = normalise_tables([table([header, ["甲", "内容", "20", "县政府"]])], "t.txt")
    assert (item["time_limit"], item["time_limit_days"], item["time_limit_kind"]) == ("20", 20, "working_days")


def test_headerless_pages_with_a_level_or_the_basis_column_dropped():
    header = ["一级", "二级", "三级", "公开内容", "公开依据", "公开主体", "公开渠道", "公开时限", "公开属性", "公开对象"]
    tail = ["区财政局", "✓政府网站 □政府公报", "批复后20日内", "✓主动公开 □依申请公开", "社会"]
    page1 = table([header, ["财政信息", "预算", "部门预算", "部门预算报表", "《预算法》", *tail]], 1)
    page2 = table([["", "决算", "部门决算报表", "《预算法》", *tail]], 2)  # no 三级 column
    page3 = table([["", "", "三公经费", "三公经费预算", *tail]], 3)  # no 公开依据 column
    items = normalise_tables([page1, page2, page3], "t.txt")
    assert [(i["item_key"], i["content"], i["basis"]) for i in items] == [
        ("财政信息 / 预算 / 部门预算", "部门预算报表", "《预算法》"),
        ("财政信息 / 决算", "部门决算报表", "《预算法》"),
        ("财政信息 / 决算 / 三公经费", "三公经费预算", None),
    ]


def test_symbol_font_code_points_from_a_text_layer():
    # Word inserts √ from the Symbol font (U+F0D6 once the font is gone) and □ from Wingdings (U+F0A8).
    v = values("\uf0d6政府网站\uf0a8政府公报")
    assert (v["channel_website"], v["channel_gazette"]) == (True, False)
    decoded = decode_options("\uf0d6政府网站\uf0e0政府公报")  # a glyph we do not know: unreadable
    assert decoded is not None and decoded.values["channel_gazette"] is None
    assert "mark_unreadable" in decoded.warnings


def _page_with(n: int, cells: list[RawCell], n_rows: int) -> RawTable:
    header = [RawCell(0, c, h, bbox=(0.0, 0.0, 1.0, 1.0)) for c, h in enumerate(HEADER)]
    return RawTable("t.pdf", n, 0, n_rows, len(HEADER), header + cells)


def _cell(r: int, c: int, text: str, rowspan: int = 1) -> RawCell:
    return RawCell(r, c, text, rowspan=rowspan, bbox=(0.0, 0.0, 1.0, 1.0))


def test_merged_cells_running_over_a_page_break_keep_the_text_printed_before_it():
    # Page 1: level-1 甲类 and subject 县政府 are merged cells that run to the page foot;
    # page 2 holds their empty continuations, to its foot; page 3 starts a new group 乙类.
    page1 = _page_with(1, [
        _cell(1, 0, "甲类", rowspan=2), _cell(1, 4, "县政府", rowspan=2),
        _cell(1, 1, "一"), _cell(1, 3, "一的内容。"), _cell(2, 1, "二"), _cell(2, 3, "二的内容。"),
    ], 3)
    page2 = _page_with(2, [
        _cell(1, 0, "", rowspan=2), _cell(1, 4, "", rowspan=2),
        _cell(1, 1, "三"), _cell(1, 3, "三的内容。"), _cell(2, 1, "四"), _cell(2, 3, "四的内容。"),
    ], 3)
    page3 = _page_with(3, [_cell(1, 0, "乙类"), _cell(1, 1, "五"), _cell(1, 3, "五的内容。"), _cell(1, 4, "乡政府")], 2)
    items = normalise_tables([page1, page2, page3], "t.pdf")
    assert [(i["level_1"], i["level_2"], i["subject"]) for i in items] == [
        ("甲类", "一", "县政府"),
        ("甲类", "二", "县政府"),
        ("甲类", "三", "县政府"),
        ("甲类", "四", "县政府"),
        ("乙类", "五", "乡政府"),
    ]


def test_row_split_with_its_time_limit_cut_is_joined():
    first = ["甲", "乙", "", "A级景区评定结果及复核情况，依法应当保密的", "区文旅局", "✓政府网站 □政府公报 □信",
             "相关信息形成或变更之日起", "✓主动公开 □依申请公开", "□预公开 ✓全文发布", "社会"]
    rest = ["", "", "", "除外。", "", "息公告栏", "20个工作日内", "", "", ""]
    items = normalise_tables([table([HEADER, first], 1), table([HEADER, rest], 2)], "t.txt")
    assert len(items) == 1
    assert items[0]["time_limit"] == "相关信息形成或变更之日起20个工作日内"
    assert (items[0]["time_limit_days"], items[0]["channel_bulletin_board"]) == (20, False)


def test_unmapped_glyph_before_an_option_is_an_unreadable_mark():
    for text in ("\ufffd政府网站 ✓政府公报", "(cid:86)政府网站 ✓政府公报"):
        decoded = decode_options(text)
        assert decoded is not None and decoded.values["channel_website"] is None, text
        assert "mark_unreadable" in decoded.warnings


def test_content_in_a_level_column_of_a_row_without_content():
    row = ["水利水务", "防汛抗旱", "工程建设项目审批结果及批准文号、建设单位、建设地点等信息", "", "水务局", *ROW[5:]]
    (item,) = normalise_tables([table([HEADER, row])], "t.txt")
    assert item["item_key"] == "水利水务 / 防汛抗旱"
    assert item["content"] == "工程建设项目审批结果及批准文号、建设单位、建设地点等信息"
    assert "cells_shifted" in item["warnings"]


def test_one_mark_merged_across_two_option_columns_marks_both():
    header1 = ["一级", "公开内容", "公开对象", ""]
    header2 = ["", "", "全社会", "特定群体"]
    cells = [RawCell(r, c, t) for r, row in enumerate([header1, header2]) for c, t in enumerate(row)]
    cells += [RawCell(2, 0, "甲"), RawCell(2, 1, "内容"), RawCell(2, 2, "√", colspan=2)]
    (item,) = normalise_tables([RawTable("t.html", 1, 0, 3, 4, cells)], "t.html")
    assert item["audience"] == "全社会、特定群体"
