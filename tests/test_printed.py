"""Spreadsheet catalogues printed to PDF (samples/printed/generate_printed.py): scaled to
the paper, wider than the paper and printed in strips of columns in both page orders,
and with the last row alone on the last page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import given_column_problems

from catalogue.api import extract_file
from catalogue.normalise.items import normalise_document
from catalogue.raw import RawCell, RawTable
from catalogue.schemas.warnings import COLUMNS_FROM_PAGE

PRINTED = Path(__file__).resolve().parent.parent / "samples" / "printed"


def _expected(name: str) -> list[dict]:
    return json.loads((PRINTED / name).with_suffix(".expected.json").read_text(encoding="utf-8"))["rows"]


@pytest.mark.parametrize("name", ["national-fit.pdf", "national-strips.pdf", "national-strips-over.pdf",
                                  "national-last-row.pdf", "national-strips-text.pdf",
                                  "national-strips-auto.pdf"])
def test_a_printed_sheet_gives_the_generators_rows(name: str) -> None:
    problems = given_column_problems(_expected(name), extract_file(PRINTED / name).items)
    assert not problems, "\n".join(problems)


def _printed_table(page: int, rows: list[list[str | None]], heights: list[float]) -> RawTable:
    """A ruled table as a PDF page gives it, rows of these heights; None: the place is
    covered by the cell to its left, merged across."""
    cells, top = [], 50.0
    for r, (texts, height) in enumerate(zip(rows, heights, strict=True)):
        for c, text in enumerate(texts):
            if text is None:
                continue
            span = 1
            while c + span < len(texts) and texts[c + span] is None:
                span += 1
            box = (40.0 + 60 * c, top, 40.0 + 60 * (c + span), top + height)
            cells.append(RawCell(r, c, text, colspan=span, bbox=box))
        top += height
    return RawTable("t.pdf", page, 0, len(rows), len(rows[0]), cells)


FIRST = [["序号", "一级事项", "公开内容"], ["1", "机构信息", "机构职能"], ["2", "", "领导信息"]]
# The same rows further right: a group's header merged across its options, over them.
FURTHER = [["公开渠道和载体", None, None], ["政府网站", "政府公报", "政务微博"], ["√", "", "√"], ["", "√", ""]]


def test_a_strip_is_joined_to_the_rows_of_the_same_heights_only() -> None:
    heights = [15.0, 15.0, 24.0, 36.0]
    first = _printed_table(1, [["序号", "一级事项", "公开内容"], ["", "", ""], *FIRST[1:]], heights)
    # The first strip's header cells merged down its two header rows.
    first.cells = [RawCell(0, c.col, c.text, rowspan=2, bbox=(c.bbox[0], 50.0, c.bbox[2], 80.0)) if c.row == 0 else c
                   for c in first.cells if c.row != 1]
    joined = normalise_document([first, _printed_table(2, FURTHER, heights)], "t.pdf").items
    assert [(i["content"], i["channel_website"], i["channel_gazette"], i["channel_weibo"]) for i in joined] == [
        ("机构职能", True, False, True), ("领导信息", False, True, False)]
    assert all(COLUMNS_FROM_PAGE in i["warnings"] for i in joined)
    # Rows of other heights are another table's: never joined to these items.
    other = normalise_document([first, _printed_table(2, FURTHER, [15.0, 15.0, 24.0, 48.0])], "t.pdf").items
    assert [i["content"] for i in other[:2]] == ["机构职能", "领导信息"]
    assert all(i["channel_website"] is None for i in other[:2])
    assert len(other) == 4 and not any(COLUMNS_FROM_PAGE in i["warnings"] for i in other)


def test_a_later_page_with_the_first_pages_columns_is_no_strip() -> None:
    # Rows of the same heights under a header that names none of the item columns but
    # the channels the first page already has (a scan's header misread): its own items.
    heights = [15.0, 15.0, 24.0, 36.0]
    first = _printed_table(1, [["序号", "一级事项", "公开内容", "公开渠道和载体", None, None],
                               ["", "", "", "政府网站", "政府公报", "政务微博"],
                               ["1", "机构信息", "机构职能", "", "", ""], ["2", "", "领导信息", "", "", ""]], heights)
    first.cells = [RawCell(0, c.col, c.text, rowspan=2, bbox=(c.bbox[0], 50.0, c.bbox[2], 80.0))
                   if c.row == 0 and c.col < 3 else c for c in first.cells if not (c.row == 1 and c.col < 3)]
    items = normalise_document([first, _printed_table(2, FURTHER, heights)], "t.pdf").items
    assert len(items) == 4 and not any(COLUMNS_FROM_PAGE in i["warnings"] for i in items)


def test_a_title_or_section_row_naming_an_option_group_is_no_strip_header() -> None:
    # A one-cell row across the table that names a group (公开渠道, 公开层级) is a strip's
    # header only over that group's options: over a header of other words it is a title,
    # over data rows a section row.
    header = ["序号", "一级事项", "公开内容", "公开主体", "公开渠道", "公开时限"]
    first = [["1", "机构信息", "机构职能", "办公室", "政府网站", "20个工作日"],
             ["2", "机构信息", "领导信息", "办公室", "政府网站、公示栏", "20个工作日"]]
    titled = _printed_table(1, [["政务公开渠道目录", None, None, None, None, None], header, *first], [15.0] * 4)
    items = normalise_document([titled], "t.pdf").items
    assert [(i["other_columns"], i["channel_website"], i["channel_bulletin_board"], i["warnings"]) for i in items] == [
        ({"序号": "1"}, True, False, []), ({"序号": "2"}, True, True, [])]
    later = [["公开层级：乡级", None, None, None, None, None],
             ["3", "政策文件", "规范性文件", "办公室", "政府公报", "20个工作日"],
             ["4", "政策文件", "政策解读", "司法所", "政府网站", "10个工作日"]]
    items = normalise_document([_printed_table(1, [header, *first], [15.0] * 3),
                                _printed_table(2, later, [15.0] * 3)], "t.pdf").items
    assert [i["content"] for i in items] == ["机构职能", "领导信息", "规范性文件", "政策解读"]


def _ruled(xs: list[float], ys: list[float]) -> list:
    from catalogue.extract.pdf.geometry import Ruling

    return ([Ruling(True, y, xs[0], xs[-1]) for y in ys] + [Ruling(False, x, ys[0], ys[-1]) for x in xs])


def test_a_one_row_grid_is_a_table_only_alone_on_its_page() -> None:
    from catalogue.extract.pdf.geometry import find_grids

    row = _ruled([40.0, 80.0, 200.0, 400.0, 500.0], [50.0, 65.0])  # one line's height, four columns
    table = _ruled([40.0, 80.0, 200.0, 400.0, 500.0], [100.0, 120.0, 150.0, 180.0])
    assert [g.ys for g in find_grids(row)] == [[50.0, 65.0]]  # the last row, pushed onto a page of its own
    # Beside a table, a one-row ruled bar (填报单位 | … | 填报日期 | …) is a form's, no row of it.
    assert [g.ys for g in find_grids(row + table)] == [[100.0, 120.0, 150.0, 180.0]]
    assert find_grids(_ruled([40.0, 200.0], [50.0, 65.0])) == []  # one column: a framed word
