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


# A photographed catalogue whose last column runs on to a page curling off the desk
# (issue 20, phone-curl): column edges in points, as the OCR path gives its cells' boxes.
CURL_EDGES = [40.0, 70.0, 130.0, 190.0, 340.0, 420.0, 500.0, 540.0, 580.0]
CURL_TOP = ["序号", "事项类别", "", "公开内容", "公开主体", "公开时限", "公开层级", ""]
CURL_LOW = ["", "一级", "二级", "", "", "", "县级", "乡级"]


def _curled_page(page: int, rows: list[list[str]], edges: list[float], header: bool = False) -> RawTable:
    """A page of the curled catalogue: `rows` under its header (when `header`), in
    columns at `edges` (n + 1 of them for n columns)."""
    n = len(edges) - 1

    def box(r: int, c: int, span: int = 1, down: int = 1) -> tuple[float, float, float, float]:
        return (edges[c], 100.0 + 30 * r, edges[c + span], 100.0 + 30 * (r + down))

    cells: list[RawCell] = []
    top = 0
    if header:
        cells += [RawCell(0, 0, CURL_TOP[0], rowspan=2, bbox=box(0, 0, down=2)),
                  RawCell(0, 1, CURL_TOP[1], colspan=2, bbox=box(0, 1, 2)),
                  RawCell(1, 1, CURL_LOW[1], bbox=box(1, 1)), RawCell(1, 2, CURL_LOW[2], bbox=box(1, 2))]
        cells += [RawCell(0, c, CURL_TOP[c], rowspan=2, bbox=box(0, c, down=2)) for c in (3, 4, 5)]
        cells += [RawCell(0, 6, CURL_TOP[6], colspan=2, bbox=box(0, 6, 2)),
                  RawCell(1, 6, CURL_LOW[6], bbox=box(1, 6)), RawCell(1, 7, CURL_LOW[7], bbox=box(1, 7))]
        top = 2
    for r, texts in enumerate(rows, start=top):
        cells += [RawCell(r, c, t, bbox=box(r, c)) for c, t in enumerate(texts)]
    return RawTable("photo.pdf", page, 0, len(rows) + top, n, cells, dpi=DPI)


def test_issue_20_a_curled_pages_lost_or_gained_last_column_keeps_the_headers_roles() -> None:
    """phone-curl / national_merged_subject: the page's curl squeezes the table's last
    column (乡级) out of one page's picture and adds a column of its own beyond the frame
    on another; the rows of those pages must keep the header's roles by position (read
    from the right, 序号 became the first level and every column took its neighbour's
    role)."""
    row = ["1", "规划信息", "专项规划", "专项规划文本。", "区政府各部门", "20个工作日内", "√", "√"]
    lost = ["2", "规划信息", "年度计划", "年度计划文本。", "区发展改革局", "按年度", "√"]
    gained = ["3", "重大项目", "批准结果", "批准结果信息。", "区政府各部门", "即时", "", "√", "√"]
    # The pages are rectified one by one: their scales differ a little, and the columns
    # next to the curl are squeezed.
    squeezed = [x * 0.98 for x in CURL_EDGES[:-1]]
    wider = [x * 1.02 for x in CURL_EDGES[:-1]] + [CURL_EDGES[-1] * 1.02 - 8, CURL_EDGES[-1] * 1.02 + 4]
    pages = [_curled_page(1, [row], CURL_EDGES, header=True), _curled_page(2, [lost], squeezed),
             _curled_page(3, [gained], wider)]
    items = normalise_tables(pages, "photo.pdf")
    assert [(i["level_1"], i["level_2"]) for i in items] == [
        ("规划信息", "专项规划"), ("规划信息", "年度计划"), ("重大项目", "批准结果")]
    assert [i["content"] for i in items] == ["专项规划文本。", "年度计划文本。", "批准结果信息。"]
    assert [i["subject"] for i in items] == ["区政府各部门", "区发展改革局", "区政府各部门"]
    assert [i["time_limit"] for i in items] == ["20个工作日内", "按年度", "即时"]
    assert [i["tier_county"] for i in items] == [True, True, False]
    assert [i["tier_township"] for i in items] == [True, None, True]


def test_a_ruling_drawn_off_its_place_leaves_its_column_the_headers_role() -> None:
    """A continuation page with the header's column count whose 序号 | 一级 ruling stands
    more than EDGE_MATCH_SHARE of a column off its place (a photograph's rectification):
    the 一级 column overlaps the header's 一级 column, not the 序号 column on its left,
    and keeps its role (round ten's final review: it took 序号's, and level_1 was lost)."""
    row = ["1", "规划信息", "专项规划", "专项规划文本。", "区政府各部门", "20个工作日内", "√", "√"]
    off = ["2", "财政信息", "财政预算", "部门预算报表。", "区财政局", "批复后20日内", "√", ""]
    # The median column width is 60 pt, so an edge may stand 15 pt off; this one 20.
    edges = [CURL_EDGES[0], CURL_EDGES[1] + 20.0, *CURL_EDGES[2:]]
    items = normalise_tables([_curled_page(1, [row], CURL_EDGES, header=True), _curled_page(2, [off], edges)],
                             "photo.pdf")
    assert [(i["level_1"], i["level_2"]) for i in items] == [("规划信息", "专项规划"), ("财政信息", "财政预算")]
    assert [i["content"] for i in items] == ["专项规划文本。", "部门预算报表。"]
    assert [i["subject"] for i in items] == ["区政府各部门", "区财政局"]
