"""The scan family (samples/generate_scan_family.py): the halves, and the OCR path on
five low-quality members the generator wrote to samples/scans/family/ — a 150 dpi grey
JPEG at quality 30 of the national layout, and 1-bit (fax-like) pages of Word-made
catalogues: header rows repeated on every page, box glyphs printed as letters, a label
cut by a page break, two ruled tables on one page. Expected rows are the source PDFs'
(samples/pdf/*.expected.json, samples/word/expected-round2.json). About 40 s."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest
from scan_family_bench import FAMILY, ROOT, bench, gen, ruled_page

from catalogue.api import extract_file
from catalogue.extract.ocr import mark_pixels as mk
from catalogue.extract.ocr.grid import detect_grids
from catalogue.extract.ocr.page import close_title_marks
from catalogue.extract.ocr.preprocess import (
    binarize,
    even_light,
    faint_ink,
    find_page,
    rectify_page,
)
from catalogue.normalise import normalise_tables
from catalogue.normalise.record import Record
from catalogue.raw import CHECKED, UNCHECKED, RawTable
from catalogue.schemas.headers import header_role

MEMBERS = {(m["condition"], m["source"]): m for m in json.loads((FAMILY / "family.json").read_text("utf-8"))["members"]}
DISCLOSURE_COLUMNS = ("disclosure_proactive", "disclosure_on_request", "disclosure_not_public")
LEVELS = ("level_1", "level_2", "level_3", "level_4")


def test_halves_split_every_condition_and_source():
    members = gen.family()
    assert len(members) == len(gen.CONDITIONS) * len(gen.SOURCES)
    for key, index in (("condition", gen.CONDITIONS), ("source", [s for s, _, _ in gen.SOURCES])):
        for name in index:
            halves = {m["half"] for m in members if m[key] == name}
            assert halves == {gen.TUNE, gen.HELD_BACK}, name
    held = sum(m["half"] == gen.HELD_BACK for m in members)
    assert abs(held - len(members) / 2) <= 1


def test_test_members_come_from_the_tuning_half():
    assert set(MEMBERS) == set(gen.TEST_MEMBERS)
    for (condition, source), m in MEMBERS.items():
        assert m["half"] == gen.TUNE == gen.split_of(condition, source)


def test_a_title_mark_read_as_a_bracket_is_closed():
    assert close_title_marks("《中华人民共和国预算法》《政府信息公开条例)") == "《中华人民共和国预算法》《政府信息公开条例》"
    assert close_title_marks("《条例»") == "《条例》"
    # A bracket inside the title keeps its own closer; a bracket alone is not a title.
    assert close_title_marks("《办法（试行)》") == "《办法（试行)》"
    assert close_title_marks("区政府各部门（单位)") == "区政府各部门（单位)"


def test_faint_broken_rulings_still_make_the_whole_grid():
    # The generator's faint-rules condition: every ruling light grey and broken.
    page = gen.faint_rulings(ruled_page(6, 9, scale=2), 200, np.random.default_rng(3))
    grey = cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)
    grids = detect_grids(binarize(grey, soft=True), 200, faint_ink(grey))
    assert [(g.n_rows, g.n_cols, len(g.cells)) for g in grids] == [(6, 9, 54)]


def _page_with_header_sub_rule() -> np.ndarray:
    """200 dpi, A4 landscape: a table of 6 columns, two header rows and two body rows.
    A header over columns 1-2 (公开事项 over 一级事项 / 二级事项) has its sub-rule under
    those two columns only, its letters standing on that rule and the sub-headers just
    under it; every body cell is full of letters set tight against the rules between."""
    page = np.full((1654, 2338, 3), 255, np.uint8)
    xs = np.cumsum([150, 150, 250, 250, 400, 400, 400]).tolist()
    ys = np.cumsum([200, 60, 60, 200, 200]).tolist()
    black = (0, 0, 0)
    for y in (ys[0], ys[2], ys[3], ys[4]):
        cv2.line(page, (xs[0], y), (xs[-1], y), black, 2)
    cv2.line(page, (xs[1], ys[1]), (xs[3], ys[1]), black, 2)  # the sub-rule
    for x in xs:  # the rule between the two sub-headers starts at the sub-rule
        cv2.line(page, (x, ys[1] if x == xs[2] else ys[0]), (x, ys[-1]), black, 2)

    def letters(x0: int, x1: int, baseline: int) -> None:
        for x in range(x0 + 6, x1 - 26, 26):
            cv2.putText(page, "H", (x, baseline), cv2.FONT_HERSHEY_SIMPLEX, 0.7, black, 2)

    letters(xs[1] + 100, xs[3] - 100, ys[1] - 2)
    for c in (1, 2):
        letters(xs[c], xs[c + 1], ys[1] + 20)
    for c in range(len(xs) - 1):
        for r in (2, 3):
            for k in range(6):  # the last line ends 3 pixels above the next rule
                letters(xs[c], xs[c + 1], ys[r] + 18 + 30 * k + (11 if k == 5 else 0))
    return page


def test_a_faint_header_sub_rule_under_some_columns_still_splits_the_header_rows():
    # The generator's faint broken rulings (these draws: the sub-rule keeps no piece
    # a stroke long past the letters standing on it, and the rules between the body
    # rows lie between letters on both sides). Expected from the drawing: 4 rows,
    # 6 columns; the header over columns 1-2 is one cell, the sub-headers two, the
    # other header cells span both header rows: 1 + 1 + 3 + 2 + 12 = 19 cells.
    page = gen.faint_rulings(_page_with_header_sub_rule(), 200, np.random.default_rng(2))
    grey = cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)
    grids = detect_grids(binarize(grey, soft=True), 200, faint_ink(grey))
    assert [(g.n_rows, g.n_cols, len(g.cells)) for g in grids] == [(4, 6, 19)]
    spans = {(c.row, c.col): (c.rowspan, c.colspan) for c in grids[0].cells}
    assert spans[(0, 1)] == (1, 2)  # 公开事项 over its two sub-headers
    assert spans[(1, 1)] == spans[(1, 2)] == (1, 1)
    assert all(spans[(0, c)] == (2, 1) for c in (0, 3, 4, 5))


def test_black_text_where_a_merged_cell_has_no_ruling_does_not_split_it():
    # Two rows merged in the first column, a line of black text strokes along the
    # missing ruling's line there: only grey ink may stand for a faint ruling.
    page = ruled_page(2, 3, scale=2)
    y = 90 * 2 + (740 - 90)  # the middle ruling
    x1 = 80 * 2 + (1090 - 80) * 2 // 3
    page[y - 2: y + 3, 80 * 2 + 3: x1 - 2] = 255  # no ruling between the first column's two rows
    for x in range(80 * 2 + 20, 80 * 2 + (1090 - 80) * 2 // 3 - 30, 24):
        page[y - 1: y + 2, x: x + 20] = 0  # horizontal strokes, a character's width apart
    grey = cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)
    grids = detect_grids(binarize(grey, soft=True), 200, faint_ink(grey))
    # the first column's two rows are one cell
    assert [(g.n_rows, g.n_cols, len(g.cells)) for g in grids] == [(2, 3, 5)]


def _grid(page: np.ndarray, x0: int, y0: int, widths: list[int], heights: list[int], text: bool = False) -> None:
    """Draw a ruled grid with these column widths and row heights (pixels); with
    `text`, up to four lines of letters in every cell."""
    xs, ys = np.cumsum([x0, *widths]), np.cumsum([y0, *heights])
    for y in ys:
        cv2.line(page, (int(xs[0]), int(y)), (int(xs[-1]), int(y)), (0, 0, 0), 2)
    for x in xs:
        cv2.line(page, (int(x), int(ys[0])), (int(x), int(ys[-1])), (0, 0, 0), 2)
    for c in range(len(widths) if text else 0):
        for r, height in enumerate(heights):
            for line in range(min(4, height // 30)):
                for k in range(widths[c] // 26 - 1):
                    cv2.putText(page, "H", (int(xs[c]) + 8 + 26 * k, int(ys[r]) + 30 + 30 * line),
                                cv2.FONT_HERSHEY_SIMPLEX, 0.7, (0, 0, 0), 2)


def test_every_ruled_table_of_a_page_is_found_in_reading_order_and_nothing_else():
    # 200 dpi, A4 landscape: a page border, a ruled box round the title, a table of
    # 6 columns, a 3-column stamp frame (1.5 by 0.5 inches) right of the page below
    # it, a table of 5 columns below that, and a blot of dirt.
    page = np.full((1654, 2338, 3), 255, np.uint8)
    cv2.rectangle(page, (40, 40), (2298, 1614), (0, 0, 0), 3)
    cv2.rectangle(page, (800, 100), (1500, 200), (0, 0, 0), 2)
    _grid(page, 150, 300, [150, 200, 400, 300, 400, 500], [60, 120, 120, 120])
    _grid(page, 1800, 860, [100, 100, 100], [50, 50])
    _grid(page, 150, 1040, [300, 500, 400, 400, 300], [60, 150, 150])
    page[1470:1560, 300:420] = 0
    grey = cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)
    grids = detect_grids(binarize(grey, soft=True), 200, faint_ink(grey))
    assert [(g.xs[0], g.ys[0], g.n_rows, g.n_cols) for g in grids] == [(150, 300, 4, 6), (150, 1040, 3, 5)]


def test_a_table_whose_rulings_break_across_a_column_is_one_table():
    # Every horizontal ruling broken for 0.3 inch in the middle of the third column
    # (faint rulings lose such stretches): two ruled pieces between the same top and
    # bottom rulings, read as the one table they are.
    page = np.full((1654, 2338, 3), 255, np.uint8)
    _grid(page, 150, 300, [300, 300, 400, 300, 300], [60, 150, 150])
    page[280:800, 840:900] = 255
    grey = cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)
    grids = detect_grids(binarize(grey, soft=True), 200)
    assert [(g.n_rows, g.n_cols, len(g.cells)) for g in grids] == [(3, 5, 15)]


def test_two_tables_with_faint_broken_rulings_are_each_read_whole():
    # The generator's faint rulings over two tables of text, a heading between them:
    # with these draws the first table's two left columns come apart from the rest as
    # a piece whose box overlaps it, and is read with it.
    page = np.full((1654, 2338, 3), 255, np.uint8)
    _grid(page, 150, 100, [150, 200, 400, 300, 400, 500], [60, 300, 300, 240], text=True)
    cv2.putText(page, "HEADING HEADING", (150, 1080), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (0, 0, 0), 2)
    _grid(page, 150, 1140, [300, 500, 400, 400, 300], [60, 150, 150], text=True)
    page = gen.faint_rulings(page, 200, np.random.default_rng(8))
    grey = cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)
    grids = detect_grids(binarize(grey, soft=True), 200, faint_ink(grey))
    assert [(g.xs[0], g.ys[0], g.n_rows, g.n_cols, len(g.cells)) for g in grids] == [(150, 100, 4, 6, 24),
                                                                                     (150, 1140, 3, 5, 15)]


def _framed(width: int, height: int, inside: str = "") -> np.ndarray:
    """Ink (255 on 0) of a frame in a patch with paper round it; `inside`: "bar" a
    middle bar, one of its two rows broken (日 as a 150 dpi JPEG left it), "tick" a tick."""
    ink = np.zeros((height + 12, width + 12), np.uint8)
    cv2.rectangle(ink, (6, 6), (6 + width - 1, 6 + height - 1), 255, 2)
    if inside == "bar":
        y = 6 + height // 2
        ink[y: y + 2, 6: 6 + width] = 255
        ink[y + 1, 6 + width // 2 - 2] = 0
    elif inside == "tick":
        cv2.line(ink, (10, 6 + height // 2), (6 + width // 3, 6 + height - 5), 255, 2)
        cv2.line(ink, (6 + width // 3, 6 + height - 5), (6 + width - 4, 10), 255, 2)
    return ink


def test_a_box_with_a_bar_across_is_a_character_not_a_ticked_box():
    # 日 at 150 dpi, as small as a printed box: 12 by 14 pixels (工作日内 lost its 日).
    assert [m.state for m in mk.find_boxes(_framed(10, 12, "tick"), 150)] == [CHECKED]
    assert mk.find_boxes(_framed(10, 12, "bar"), 150) == []


def test_a_tall_empty_frame_is_an_empty_box_and_a_zero_is_not():
    box = _framed(10, 17)  # the ▯ of a missing box glyph at 200 dpi: 12 by 19 pixels
    assert [m.state for m in mk.find_glyph_marks(box, 200, hard=box)] == [UNCHECKED]
    zero = np.zeros((31, 24), np.uint8)
    cv2.ellipse(zero, (12, 15), (5, 9), 0, 0, 360, 255, 2)  # a digit 0 as tall
    assert mk.find_glyph_marks(zero, 200, hard=zero) == []
    bar = _framed(10, 17, "bar")  # the 日 of 时, as tall, with its bar
    assert mk.find_glyph_marks(bar, 200, hard=bar) == []


def test_narrow_and_large_missing_glyph_frames_are_empty_boxes_and_a_narrow_zero_is_not():
    """Fonts' missing-glyph frames as district_vertical_symbol prints them (tuning
    members): OpenSymbol's narrow one, 7 by 17 pixels on a 1-bit page at 200 dpi with
    its corners rounded off by the scan, and DejaVu Sans's, 11 by 17 at 150 dpi."""
    narrow = _frame(7, 17)
    narrow[[8, 8, 24, 24], [10, 16, 10, 16]] = 0  # the outermost pixel of each corner lost
    assert [m.state for m in mk.find_glyph_marks(narrow, 200, hard=narrow)] == [UNCHECKED]
    # A side 3 px thick on a frame 7 px wide (photo-200), top and bottom on 1-bit pages.
    thick = _frame(7, 17)
    thick[8:25, 12] = 255
    thick[10, 10:17] = 255
    thick[22, 10:17] = 255
    assert [m.state for m in mk.find_glyph_marks(thick, 200, hard=thick)] == [UNCHECKED]
    large = _frame(11, 17)
    assert [m.state for m in mk.find_glyph_marks(large, 150, hard=large)] == [UNCHECKED]
    # A frame set as close to the ink on its left as the 口 of 和 to its 禾: not a box.
    cramped = large.copy()
    cramped[8:25, 6:8] = 255
    assert [m.x0 for m in mk.find_glyph_marks(cramped, 150, hard=cramped)] == []
    zero = np.zeros((31, 27), np.uint8)
    cv2.ellipse(zero, (13, 15), (3, 7), 0, 0, 360, 255, 2)  # a narrow 0, 8 by 16
    assert mk.find_glyph_marks(zero, 200, hard=zero) == []
    # The 0 of 20个工作日 as a 150 dpi grey scan binarises it (grey-150 district_fakewd2),
    # 9 by 14 pixels and boxy: only its corners are mostly paper.
    rows = ["...###...", ".#######.", ".##...##.", *["###...###"] * 8, "####.###.", ".#######.", "...##...."]
    zero = np.zeros((31, 27), np.uint8)
    zero[8:22, 10:19] = np.array([[255 if ch == "#" else 0 for ch in row] for row in rows], np.uint8)
    assert mk.find_glyph_marks(zero, 150, hard=zero) == []


def _frame(w: int, h: int) -> np.ndarray:
    """A frame w by h pixels, strokes 2 px, from (10, 8) on a 31 by 27 patch."""
    out = np.zeros((31, 27), np.uint8)
    out[8: 8 + h, 10: 10 + w] = 255
    out[10: 6 + h, 12: 8 + w] = 0
    return out


# A header repeated on a later scanned page, with a cell misread (公开时陨) and 四级
# read with a box for its 四: the page reader still knows it for the header.
HEADER = ["一级", "二级", "三级", "四级", "公开内容", "公开主体", "公开时限"]
MISREAD = ["一级", "二级", "三级", "☑级", "公开内容", "公开主体", "公开时陨"]
DATA = [["机构信息", "机构职能", "", "", "本机关的机构职能。", "县政府办公室", "20个工作日内"],
        ["", "领导信息", "", "", "本机关的领导信息。", "县政府办公室", "20个工作日内"]]


def _pages(dpi: float | None) -> list[RawTable]:
    pages = [RawTable.from_rows("t.pdf", 1, [HEADER, DATA[0]]), RawTable.from_rows("t.pdf", 2, [MISREAD, DATA[1]])]
    for t in pages:
        t.dpi = dpi
    return pages


def test_a_misread_header_repeated_on_a_scanned_page_is_a_header():
    items = normalise_tables(_pages(200.0), "t.pdf")
    assert [i["item_key"] for i in items] == ["机构信息 / 机构职能", "机构信息 / 领导信息"]
    assert bench.header_items(items) == 0


def test_on_a_text_layer_a_header_repeat_must_be_exact():
    # Text is never misread there: a row that differs is data (tests/test_junk.py
    # reports such header-word labels).
    items = normalise_tables(_pages(None), "t.pdf")
    assert len(items) == 3


def test_a_photographed_page_is_found_rectified_and_its_grid_read():
    condition = gen.Condition(100, skew=0.0, mode="colour", photo=0.05)
    photo = gen.photograph(ruled_page(6, 9), condition, np.random.default_rng(7))
    corners = find_page(photo)
    assert corners is not None
    page, dpi = rectify_page(photo, corners)
    assert abs(dpi - 100) < 8  # an A4 page of the photographed page's size
    grey = cv2.cvtColor(even_light(page, dpi), cv2.COLOR_RGB2GRAY)
    grids = detect_grids(binarize(grey, soft=True), dpi)
    assert [(g.n_rows, g.n_cols) for g in grids] == [(6, 9)]


def test_a_flatbed_scan_is_not_taken_for_a_photo():
    assert find_page(ruled_page(6, 9)) is None


def _extract(condition: str, source: str) -> tuple[list[dict], list[dict]]:
    m = MEMBERS[(condition, source)]
    return bench.expected_rows(m["expected"]), extract_file(FAMILY / m["file"]).items


@pytest.mark.ocr
def test_150_dpi_jpeg_quality_30():
    want, got = _extract("jpeg-150-q30", "national-catalogue")
    assert [r["item_key"] for r in got] == [r["item_key"] for r in want]
    score = bench.bench_scans.score_rows(want, got, bench.compared_columns(want))
    assert score.cell_share >= 0.98, "\n".join(score.wrong)
    # The target: 99.5% of marks (the small ■ glyphs, greyed two pixels deep
    # at 150 dpi, are judged on their core: mark_pixels.GLYPH_SOLID_INSET).
    assert score.marks_right >= 0.995 * score.marks, "\n".join(score.wrong)


@pytest.mark.ocr
def test_repeated_header_rows_on_1_bit_pages_are_never_items_or_labels():
    want, got = _extract("bilevel-200", "nE_splitrows")
    assert [r["item_key"] for r in got] == [r["item_key"] for r in want]
    assert bench.header_items(got) == 0  # the header rows repeated on pages 2 and 3
    assert not [r[c] for r in got for c in LEVELS if isinstance(r.get(c), str) and header_role(r[c]) is not None]
    score = bench.bench_scans.score_rows(want, got, bench.compared_columns(want))
    assert score.cell_share >= 0.97, "\n".join(score.wrong)


@pytest.mark.ocr
def test_both_ruled_tables_of_a_page_are_read_and_continue_as_on_the_text_layer():
    # Page 2 ends the first table (it began on page 1) and starts the second (it goes
    # on to page 3). The first has a 序号 column, the second none: that tells the
    # generator's rows of the two tables apart.
    m = MEMBERS[("bilevel-300", "nB_two_tables")]
    want = bench.expected_rows(m["expected"])
    scan = extract_file(FAMILY / m["file"])
    got = scan.items
    assert [r["item_key"] for r in got] == [r["item_key"] for r in want]
    tables = [[r for r in want if "序号" in r["other_columns"]], [r for r in want if "序号" not in r["other_columns"]]]
    assert all(tables)
    for rows in tables:
        for row in rows:
            item = got[row["item_no"] - 1]
            for column in ("level_1", "level_2", "content", "subject", "time_limit", "audience", "other_columns"):
                assert item[column] == row[column], (row["item_key"], column)
    score = bench.bench_scans.score_rows(want, got, bench.compared_columns(want))
    assert score.cell_share >= 0.97, "\n".join(score.wrong)
    # Each value comes from the same page and table, and is joined across the same page
    # breaks, as from the text layer of the PDF the scan was made of.
    text = extract_file(ROOT / "samples" / m["pdf"])

    def places(record: Record | None) -> list[list[tuple[int, int, tuple[str, ...]]]]:
        assert record is not None
        return [[(s.place.page, s.place.table, tuple(f.decisions)) for f in item.fields for s in f.sources]
                for item in record.items]

    assert places(scan.record) == places(text.record)
    assert {s.place.table for item in scan.record.items for f in item.fields for s in f.sources
            if s.place.page == 2} == {0, 1}
    assert [r.get("warnings") for r in got] == [r.get("warnings") for r in text.items]


@pytest.mark.ocr
def test_a_label_cut_by_a_page_break_inside_its_merged_cell_is_rejoined_on_a_scan():
    """重大 at the foot of page 1's merged cell, 建设项目批准和实施领域信息 at the top of
    page 2's: one label, and the row cut by the break one item, as from the text layer."""
    want, got = _extract("bilevel-300", "dF_labelcut")
    assert [r["item_key"] for r in got] == [r["item_key"] for r in want]
    assert [r["level_2"] for r in got] == [r["level_2"] for r in want]
    joined = [r for r in got if "label_joined_across_pages" in r["warnings"]]
    assert {r["page"] for r in joined} == {1, 2}
    score = bench.bench_scans.score_rows(want, got, bench.compared_columns(want))
    assert score.cell_share >= 0.98, "\n".join(score.wrong)


def test_specks_are_not_lines_when_text_is_measured_against_a_cell_edge():
    from catalogue.extract.ocr.page import _without_specks

    # noise-200: an 11 px speck above a 26 px line.
    assert _without_specks([(392, 403), (500, 526)]) == [(500, 526)]
    # A line of digits (about 0.7 of a Han line's ink) is a line.
    assert _without_specks([(10, 34), (40, 58), (64, 90)]) == [(10, 34), (40, 58), (64, 90)]
    assert _without_specks([]) == []


@pytest.mark.ocr
def test_missing_glyph_frames_and_a_check_mark_that_lost_its_arm_on_1_bit_pages():
    """district_vertical_symbol prints √ (Symbol) and □ (Wingdings) through fallback
    fonts: the second box of a line is a missing-glyph frame, OpenSymbol's narrow one
    or DejaVu Sans's large one; on 1-bit pages its √ loses its thin long arm."""
    m = MEMBERS[("bilevel-200", "district_vertical_symbol")]
    want, got = _extract("bilevel-200", "district_vertical_symbol")
    assert len(got) == len(want)
    unstated = bench.unstated_cells(m)
    # The frames print no state (samples/unprinted_marks.py): the bench leaves out 92
    # option cells of this source, 8 of them checked.
    assert len(unstated) == 92 and sum(1 for i, c in unstated if c != "channels_extra" and want[i - 1][c]) == 8
    score = bench.bench_scans.score_rows(want, got, bench.compared_columns(want), unstated)
    assert score.marks > 300
    # The √ whose hairline arm the 1-bit page broke into dots is traced with its dots
    # joined (mark_pixels.faint_line_start_tick): 95% of mark cells before, 98.6% after.
    # A row whose √主动公开 was still missed reads no disclosure option: its disclosure
    # is null with mark_unreadable (round seven), flagged rather than silently false, and
    # those cells are counted apart.
    flagged = sum(1 for w, g in zip(want, got, strict=True) for c in DISCLOSURE_COLUMNS
                  if g[c] is None and w[c] is not None and "mark_unreadable" in g["warnings"])
    assert score.marks_right + flagged >= 0.98 * score.marks, "\n".join(score.wrong)
    # DejaVu Sans's frames are empty boxes, so their labels never run together into an
    # unknown channel ("政府网站政府公报" in channels_extra, channel_other true); where
    # OpenSymbol's narrow frames print under the tall-box height, the two channels are
    # still told apart, the second unread (normalise.options._run_together).
    named = {label for r in want for label in r["channels_extra"]}
    run_together = [label for r in got for label in r["channels_extra"] if label not in named]
    assert run_together == []
