"""Rows cut by a page break on a scan (issue 20): the same evidence rules as the text
layer, where a recogniser misread what the text layer would have decoded.

The tables here are built as the OCR path hands them over (RawTable with a dpi: the
text recognised, each cell with its box and the text-edge flags), and one committed
member of scan family B shows the fault on real pixels."""

from __future__ import annotations

import json

import pytest
from scan_family_bench import ROOT, bench

from catalogue.api import extract_file
from catalogue.normalise import normalise_tables
from catalogue.raw import TEXT_AT_BOTTOM, TEXT_AT_TOP, RawCell, RawTable

HEADER = ["一级", "二级", "公开内容", "公开主体", "公开渠道", "公开时限", "公开属性"]
BOX = (0.0, 0.0, 1.0, 1.0)
DPI = 200.0
WHOLE = ["履职依据", "政策文件", "本部门制发的文件。", "区政府各部门", "☑政府网站 ☐政府公报", "20个工作日内",
         "☑主动公开 ☐依申请公开"]
# The last row of page 1, cut by the break: its channel cell's marks and labels misread
# past decoding (政府公报 read 政政公报), every other cell going on below.
CUT = ["", "机构设置", "内设机构职责（按“三定方", "各街道镇、区政府各部门", "政政公报", "相关信息形成或变更之日起",
       "☑主动公开 ☐依申请公开 ☐"]
REST = ["", "", "案”)；内设机构负责人", "（单位）", "☐政务微博 ☐政务微信", "20个工作日内", "不予公开"]


def _scan_page(page: int, rows: list[list[str]], flags: list[frozenset[str]]) -> RawTable:
    cells = [RawCell(0, c, h, bbox=BOX) for c, h in enumerate(HEADER)]
    for r, (texts, row_flags) in enumerate(zip(rows, flags, strict=True), start=1):
        cells += [RawCell(r, c, t, bbox=BOX, flags=row_flags if t else frozenset()) for c, t in enumerate(texts)]
    return RawTable("scan.pdf", page, 0, len(rows) + 1, len(HEADER), cells, dpi=DPI)


def test_a_row_cut_by_the_break_is_joined_though_its_option_list_was_misread() -> None:
    # Every cell of the last row touches its foot on the table's last row: the geometry
    # shows the row cut, and a first part of the option list that decodes as no list at
    # all says nothing against it (it ruled the join out, and the rest became an item).
    at_foot = frozenset({TEXT_AT_BOTTOM, TEXT_AT_TOP})
    items = normalise_tables([_scan_page(1, [WHOLE, CUT], [frozenset({TEXT_AT_TOP}), at_foot]),
                              _scan_page(2, [REST], [frozenset({TEXT_AT_TOP})])], "scan.pdf")
    assert [i["level_2"] for i in items] == ["政策文件", "机构设置"]
    assert items[1]["time_limit"] == "相关信息形成或变更之日起20个工作日内"
    assert items[1]["subject"] == "各街道镇、区政府各部门（单位）"
    assert items[1]["channel_weibo"] is False and items[1]["disclosure_not_public"] is not None
    assert "row_joined_across_pages" in items[1]["warnings"]


def test_a_misread_option_list_above_a_break_joins_nothing_the_geometry_does_not_show() -> None:
    # The same rows, but the option cell's text stops short of its foot: a whole item
    # may follow (its level cells merged over the break, so it has no label of its own).
    # The misread list is then no evidence either way, and the two rows stay two items.
    at_foot = frozenset({TEXT_AT_BOTTOM, TEXT_AT_TOP})
    cut = _scan_page(1, [WHOLE, CUT], [frozenset({TEXT_AT_TOP}), at_foot])
    cut.cells = [RawCell(c.row, c.col, c.text, bbox=BOX, flags=frozenset({TEXT_AT_TOP}))
                 if c.row == 2 and c.col == HEADER.index("公开渠道") else c for c in cut.cells]
    items = normalise_tables([cut, _scan_page(2, [REST], [frozenset({TEXT_AT_TOP})])], "scan.pdf")
    assert len(items) == 3
    assert "row_joined_across_pages" not in items[1]["warnings"]


@pytest.mark.ocr
def test_word_checkboxes_item_cut_by_the_break_on_a_scan_stays_one_item() -> None:
    """lowres-120 / word-checkboxes (family B, tuning half): item 7's row goes on over
    the page break; at 120 dpi its channel cell's page-1 part reads "政政公报" (☒ and 站
    lost), which decoded as no option list and kept the page-2 part an item of its own
    (fold-300 and phone-curl read it otherwise, with the same extra item)."""
    family = ROOT / "samples" / "scans" / "family-b"
    members = {(m["condition"], m["source"]): m for m in json.loads((family / "family.json").read_text("utf-8"))["members"]}
    m = members[("lowres-120", "word-checkboxes")]
    want = bench.member_expected(m)
    got = extract_file(family / m["file"]).items
    assert len(got) == len(want)  # the later items keep their numbers
    assert [r["level_1"] for r in got] == [r["level_1"] for r in want]
    assert got[6]["level_3"] == want[6]["level_3"] == "内设机构及下属单位"
    assert got[6]["time_limit"] == want[6]["time_limit"]
    assert got[6]["subject"] == want[6]["subject"]
