"""Labels across page breaks: joined on evidence, never invented.

Text inputs are samples/junk/label-*.tsv (samples/junk/generate_junk.py, whose data
states the expected keys); the PDF case is a RawTable with the geometry flags a PDF
reader sets, built here."""

from __future__ import annotations

import jieba
from junk_samples import JUNK, gen

from catalogue.api import extract_file
from catalogue.normalise import normalise_tables
from catalogue.normalise.labels import join_cut_label, looks_cut
from catalogue.raw import TEXT_AT_BOTTOM, TEXT_AT_TOP, RawCell, RawTable

LABEL_JOINED = "label_joined_across_pages"
HEADER = ["一级", "二级", "公开内容", "公开主体", "公开渠道", "公开时限", "公开属性"]
TAIL = ["县政府办公室", "✓政府网站□政府公报", "20个工作日内", "✓主动公开□依申请公开"]
BOX = (0.0, 0.0, 1.0, 1.0)

# ---------------------------------------------------------------- the words alone


def test_two_whole_labels_are_not_one_cut_label() -> None:
    assert not looks_cut("机构职能", "人员")
    assert not looks_cut("应急管理类", "人事信息")
    # Once a cut is established (by geometry), the parts are kept whole.
    assert join_cut_label("机构职能", "人员") == "机构职能人员"
    assert join_cut_label("应急管理类", "人事信息") == "应急管理类人事信息"


def test_a_break_inside_a_word_is_a_cut() -> None:
    assert looks_cut("机关简", "介绍") and join_cut_label("机关简", "介绍") == "机关简介"
    assert looks_cut("重点领域信", "息公开") and join_cut_label("重点领域信", "息公开") == "重点领域信息公开"
    assert looks_cut("行政许", "可") and join_cut_label("行政许", "可") == "行政许可"


def test_whole_words_on_both_sides_are_no_evidence_in_text() -> None:
    # Without geometry, 最低生活 + 保障 may as well be two labels: not joined.
    assert not looks_cut("最低生活", "保障")
    assert not looks_cut("决策公开", "行政权力运行公开")


def test_the_dictionary_is_private() -> None:
    before = jieba.dt.FREQ.get("类人")
    jieba.add_word("类人", freq=10**9)  # someone else's process-wide dictionary changes …
    try:
        assert not looks_cut("应急管理类", "人事信息")  # … and ours does not
    finally:
        jieba.add_word("类人", freq=before)


# ---------------------------------------------------------------- text inputs


def test_text_pages_ending_and_starting_with_whole_labels_keep_them() -> None:
    items = extract_file(JUNK / "label-false-joins.tsv").items
    assert [i["item_key"] for i in items] == gen.FALSE_JOIN_KEYS
    assert not any(LABEL_JOINED in i["warnings"] for i in items)


def test_text_labels_cut_inside_a_word_are_joined() -> None:
    items = extract_file(JUNK / "label-true-cuts.tsv").items
    assert [i["item_key"] for i in items] == gen.TRUE_CUT_KEYS
    # Every item whose own label was one of the cut parts carries the warning.
    assert [LABEL_JOINED in i["warnings"] for i in items] == [False, True, True, True, True, False]


# ---------------------------------------------------------------- geometry


def _page(page: int, rows: list[tuple[RawCell | None, str, str]]) -> RawTable:
    """A PDF-like page: header, then (level-1 cell, level 2, content) rows, all with boxes."""
    cells = [RawCell(0, c, h, bbox=BOX) for c, h in enumerate(HEADER)]
    for r, (level_1, level_2, content) in enumerate(rows, start=1):
        if level_1 is not None:
            cells.append(level_1)
        cells += [RawCell(r, 1, level_2, bbox=BOX), RawCell(r, 2, content, bbox=BOX)]
        cells += [RawCell(r, 3 + i, text, bbox=BOX) for i, text in enumerate(TAIL)]
    return RawTable("t.pdf", page, 0, len(rows) + 1, len(HEADER), cells)


def _cut_pages(bottom: frozenset[str], top: frozenset[str], to_foot: bool = True) -> list[RawTable]:
    # 最低生活 is a merged cell over the last two rows of page 1 (or, not to_foot, a
    # cell of one row above an empty cell of its own); 保障 the rest of it at the top of
    # page 2, over its first two rows.
    first = _page(1, [
        (RawCell(1, 0, "救助信息", bbox=BOX), "救助政策", "救助政策文件。"),
        (RawCell(2, 0, "最低生活", rowspan=2 if to_foot else 1, bbox=BOX, flags=bottom), "保障对象", "保障对象名单。"),
        (None if to_foot else RawCell(3, 0, "", bbox=BOX), "保障标准", "保障标准。"),
    ])
    second = _page(2, [
        (RawCell(1, 0, "保障", rowspan=2, bbox=BOX, flags=top), "资金发放", "资金发放情况。"),
        (None, "监督检查", "监督检查结果。"),
    ])
    return [first, second]


def test_a_label_the_geometry_shows_cut_is_joined() -> None:
    items = normalise_tables(_cut_pages(frozenset({TEXT_AT_BOTTOM}), frozenset({TEXT_AT_TOP})), "t.pdf")
    assert [i["item_key"] for i in items] == [
        "救助信息 / 救助政策",
        "最低生活保障 / 保障对象",
        "最低生活保障 / 保障标准",
        "最低生活保障 / 资金发放",
        "最低生活保障 / 监督检查",
    ]
    assert [LABEL_JOINED in i["warnings"] for i in items] == [False, True, True, True, True]


def test_without_the_flags_the_same_labels_stay_apart() -> None:
    items = normalise_tables(_cut_pages(frozenset(), frozenset()), "t.pdf")
    assert [i["level_1"] for i in items] == ["救助信息", "最低生活", "最低生活", "保障", "保障"]
    # Text at the bottom of one cell alone is no cut: the next must start at its top.
    items = normalise_tables(_cut_pages(frozenset({TEXT_AT_BOTTOM}), frozenset()), "t.pdf")
    assert [i["level_1"] for i in items] == ["救助信息", "最低生活", "最低生活", "保障", "保障"]
    # Nor is a cut where the cell with text at its foot ends above the page's last row.
    items = normalise_tables(_cut_pages(frozenset({TEXT_AT_BOTTOM}), frozenset({TEXT_AT_TOP}), to_foot=False), "t.pdf")
    assert [i["level_1"] for i in items] == ["救助信息", "最低生活", "最低生活", "保障", "保障"]


# ---------------------------------------------------------------- state keyed by place


def _table(page: int, n_rows: int, cells: list[RawCell]) -> RawTable:
    header = [RawCell(0, c, h, bbox=BOX) for c, h in enumerate(HEADER)]
    return RawTable("t.pdf", page, 0, n_rows, len(HEADER), header + cells)


def _data(r: int, level_1: str, level_2: str, subject: str | None) -> list[RawCell]:
    """One row's cells; subject None: the row has no cell of its own there."""
    cells = [RawCell(r, 1, level_2, bbox=BOX), RawCell(r, 2, f"{level_2}的内容。", bbox=BOX)]
    if level_1:
        cells.append(RawCell(r, 0, level_1, bbox=BOX))
    if subject is not None:
        cells.append(RawCell(r, 3, subject, bbox=BOX))
    return cells


def test_text_carried_over_a_break_stays_with_its_place() -> None:
    # RawCell is a frozen value, so an extractor may hand the same object to equal
    # cells of two pages: here an empty merged 公开主体 cell over rows 1-2. On page 2 it
    # continues page 1's 县政府; on page 3 it follows a row with no subject cell, so it
    # stays empty. Keyed by id(), page 2's carried text would reach page 3 too.
    shared = RawCell(1, 3, "", rowspan=2, bbox=BOX)
    page1 = _table(1, 2, _data(1, "甲类", "一", "县政府"))
    page2 = _table(2, 4, [shared, *_data(1, "", "二", None), *_data(2, "", "三", None), *_data(3, "乙类", "四", None)])
    page3 = _table(3, 3, [shared, *_data(1, "", "五", None), *_data(2, "", "六", None)])
    items = normalise_tables([page1, page2, page3], "t.pdf")
    assert [(i["level_2"], i["subject"]) for i in items] == [
        ("一", "县政府"), ("二", "县政府"), ("三", "县政府"), ("四", None), ("五", None), ("六", None),
    ]
