"""A page's columns matched to the page before (issue 20): on a scan one page's grid can
have a column more than the rest (the page's edge or a fingertip ruled as a column, on
phone-barrel / district_unicode page 2); the pages after it, with the columns and the
header of the first, must read their own columns, not be fitted to that page's.

Tables as the OCR path hands them over (RawTable with a dpi), built here."""

from __future__ import annotations

from catalogue.normalise import normalise_tables
from catalogue.raw import RawCell, RawTable

TOP = ["事项类别", "", "公开内容", "公开主体", "公开时限", "公开属性"]
LOW = ["一级", "二级", "", "", "", ""]
DPI = 200.0


def _page(page: int, rows: list[list[str]], edge: bool = False) -> RawTable:
    """A page of the catalogue: its two header rows (事项类别 over the level columns,
    the others spanning both rows), then `rows`; `edge`, an empty column ruled before
    the table's first, down the whole page."""
    shift = 1 if edge else 0
    cells = [RawCell(0, shift, TOP[0], colspan=2)]
    cells += [RawCell(0, c + shift, t, rowspan=2) for c, t in enumerate(TOP) if c >= 2]
    cells += [RawCell(1, c + shift, t) for c, t in enumerate(LOW) if t]
    for r, texts in enumerate(rows, start=2):
        cells += [RawCell(r, c + shift, t) for c, t in enumerate(texts)]
    if edge:
        cells.append(RawCell(0, 0, "", rowspan=len(rows) + 2))
    return RawTable("scan.pdf", page, 0, len(rows) + 2, len(TOP) + shift, cells, dpi=DPI)


def test_pages_after_one_with_a_column_more_read_their_own_columns() -> None:
    full = ["财政信息", "财政预算", "部门预算报表。", "区政府各部门", "批复后20日内", "☑主动公开 ☐依申请公开"]
    pages = [
        _page(1, [full, ["", "财政决算", "部门决算报表。", "区政府各部门", "批复后20日内", "☑主动公开 ☐依申请公开"]]),
        _page(2, [["规划信息", "专项规划", "专项规划信息。", "区政府各部门", "20个工作日内", "☑主动公开 ☐依申请公开"]],
              edge=True),
        # The last page: few rows, some cells empty, so its cells alone hardly say
        # which column is which.
        _page(3, [["", "统计信息", "统计数据。", "区政府各部门", "按季度", "☑主动公开 ☐依申请公开"],
                  ["依申请公开", "申请办理", "答复书。", "", "", "☐主动公开 ☑依申请公开"]]),
    ]
    items = normalise_tables(pages, "scan.pdf")
    assert [(i["level_1"], i["level_2"]) for i in items] == [
        ("财政信息", "财政预算"), ("财政信息", "财政决算"), ("规划信息", "专项规划"), ("规划信息", "统计信息"),
        ("依申请公开", "申请办理")]
    assert [i["content"] for i in items[3:]] == ["统计数据。", "答复书。"]
    assert [i["time_limit"] for i in items[3:]] == ["按季度", None]
    assert [i["disclosure_on_request"] for i in items] == [False, False, False, False, True]
