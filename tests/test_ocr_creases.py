"""The limits of ocr/creases.without_sheet_lines on the grid finder's ruling pieces
(position across, start and end along), at 200 dpi: a line running past the table's
frame at both ends is the sheet's, and only its own pieces go; in the margins it is a
line, unbroken and straight, not specks that happen to chain."""

from __future__ import annotations

import numpy as np

from catalogue.extract.ocr.creases import without_sheet_lines
from catalogue.extract.ocr.grid import MIN_RULING_IN

DPI = 200.0
FRAME = (100, 2200)  # where the table's rulings start and end, in pixels


def _ruling(pos: float) -> list[tuple[float, int, int]]:
    return [(pos, *FRAME)]


def test_a_line_across_the_margins_goes():
    crease = [(500.0, 0, 2339)]
    assert without_sheet_lines([_ruling(100), crease, _ruling(900)], DPI, MIN_RULING_IN) == [_ruling(100), _ruling(900)]


def test_a_ruling_grouped_with_a_crease_keeps_its_pieces():
    # The crease broken by the text it crosses, tilted by two pixels; a ruling eight
    # pixels off it, in two pieces (a merged cell's gap between them).
    group = [(500.0, 0, 90), (500.5, 300, 800), (501.0, 1500, 2000), (502.0, 2210, 2339),
             (509.0, 100, 700), (509.0, 900, 2200)]
    kept = without_sheet_lines([_ruling(100), group, _ruling(900)], DPI, MIN_RULING_IN)
    assert kept == [_ruling(100), [(509.0, 100, 700), (509.0, 900, 2200)], _ruling(900)]


def test_a_line_past_the_frame_at_one_end_only_stays():
    # A heading's underline or a ruling running on into one margin: no fold crosses
    # the sheet only half way.
    one_side = [(500.0, 0, 2200)]
    groups = [_ruling(100), one_side, _ruling(900)]
    assert without_sheet_lines(groups, DPI, MIN_RULING_IN) == groups


def test_the_rulings_of_an_open_table_stay():
    # No frame: every ruling ends where the others do, however far from the verticals.
    groups = [[(pos, 0, 2339)] for pos in (100.0, 300.0, 500.0, 900.0)]
    assert without_sheet_lines(groups, DPI, MIN_RULING_IN) == groups


SHEET = (2339, 1654)  # the sheet's length along the lines and across them


def test_two_lines_across_the_sheet_do_not_mark_the_frame_for_each_other():
    # A worn copier's two roller streaks, each running edge to edge: without the sheet's
    # size each reaches as far as the other, and both stayed.
    first, second = [(500.0, 4, 2335)], [(700.0, 0, 2339)]
    groups = [_ruling(100), first, second, _ruling(900)]
    assert without_sheet_lines(groups, DPI, MIN_RULING_IN) == groups
    assert without_sheet_lines(groups, DPI, MIN_RULING_IN, sheet=SHEET) == [_ruling(100), _ruling(900)]


def test_a_line_at_the_sheets_side_does_not_mark_the_frame():
    # The scanner's shadow of the paper's edge, down half the sheet from its top: it is
    # no ruling, and the streak beside the table still runs past the table's frame.
    shadow, streak = [(1650.0, 0, 1100)], [(500.0, 0, 2339)]
    groups = [_ruling(100), streak, _ruling(900), shadow]
    assert without_sheet_lines(groups, DPI, MIN_RULING_IN, sheet=SHEET) == [_ruling(100), _ruling(900), shadow]


def test_a_grey_streak_is_judged_on_its_faint_pieces():
    # Inside the table the streak's darker stretches are short pieces (two here); its
    # faint ink runs on across the margins, chained with strokes of text beside it.
    streak = [(500.0, 700, 760), (500.0, 1300, 1340)]
    faint = [[(pos, *FRAME)] for pos in (100.0, 900.0)] + [
        [(488.0, 820, 840), (496.0, 900, 930), (500.0, 6, 690), (500.0, 770, 1290), (500.0, 1350, 2339)]]
    groups = [_ruling(100), streak, _ruling(900)]
    assert without_sheet_lines(groups, DPI, MIN_RULING_IN, sheet=SHEET) == groups
    assert without_sheet_lines(groups, DPI, MIN_RULING_IN, evidence=faint, sheet=SHEET) == [_ruling(100), _ruling(900)]
    # A ruling's faint ink stays inside the frame: its pieces stay.
    inside = [[(pos, *FRAME)] for pos in (100.0, 500.0, 900.0)]
    assert without_sheet_lines(groups, DPI, MIN_RULING_IN, evidence=inside, sheet=SHEET) == groups


def test_specks_chained_across_the_margins_draw_no_line():
    # A noisy scan's specks and paper fibres in the faint ink, each a line's width
    # across from the next, chain into one group from well above a ruling to well
    # below it, with pieces in both margins. Drawn through them, a "line" zigzags across
    # the table and took the row's ruling under a merged label cell (it starts at the
    # label column's border, not the frame's), which the frame's own rulings keep.
    frame = [[(100.0, 100, 2243)], [(1553.0, 100, 2243)]]
    ruling = [(580.0, 706, 2243)]
    specks = [(480.0 + 6 * k, (37 * k) % 40, (37 * k) % 40 + 20 + (k % 3) * 8) for k in range(0, 36, 2)]
    specks += [(486.0 + 6 * k, 2282 + (29 * k) % 40, 2282 + (29 * k) % 40 + 22 + (k % 4) * 5) for k in range(0, 36, 2)]
    specks += [(570.0, 44, 84), (590.0, 2268, 2300)]  # the two nearest the table, either side of the ruling
    evidence = [*frame, sorted([*specks, *ruling])]
    groups = [*frame, ruling]
    sheet = (2339, 1654)
    assert without_sheet_lines(groups, DPI, MIN_RULING_IN, evidence=evidence, sheet=sheet) == groups


def test_two_streaks_chained_into_one_group_are_two_lines():
    # Two roller streaks 60 pixels apart, chained in the faint ink by the strokes of a
    # heading between them: each is a line of its own across the margins.
    first, second = [(500.0, 700, 760)], [(560.0, 1300, 1340)]
    faint = [[(pos, *FRAME)] for pos in (100.0, 900.0)] + [sorted(
        [(500.0, 0, 95), (500.0, 2210, 2339), (520.0, 40, 60), (528.0, 60, 80), (536.0, 30, 70),
         (560.0, 4, 92), (560.0, 2230, 2335)])]
    groups = [_ruling(100), first, second, _ruling(900)]
    assert without_sheet_lines(groups, DPI, MIN_RULING_IN, evidence=faint, sheet=SHEET) == [_ruling(100), _ruling(900)]


def test_a_line_is_unbroken_across_the_margins_and_straight():
    streak = [(500.0, 700, 760)]
    groups = [_ruling(100), streak, _ruling(900)]
    # Ink at the line's position over 60% of the left margin, but in two stretches 15
    # pixels apart, neither half of it: specks, which a line's dropouts never part so far.
    broken = [[(pos, *FRAME)] for pos in (100.0, 900.0)] + [[(500.0, 0, 30), (500.0, 45, 75), (500.0, 2210, 2339)]]
    assert without_sheet_lines(groups, DPI, MIN_RULING_IN, evidence=broken, sheet=SHEET) == groups
    # Its dropouts bridged, it is a line.
    dropout = [[(pos, *FRAME)] for pos in (100.0, 900.0)] + [[(500.0, 0, 30), (500.0, 36, 75), (500.0, 2210, 2339)]]
    assert without_sheet_lines(groups, DPI, MIN_RULING_IN, evidence=dropout, sheet=SHEET) == [_ruling(100), _ruling(900)]
    # Unbroken on both sides, but 20 pixels apart: no one line.
    apart = [[(pos, *FRAME)] for pos in (100.0, 900.0)] + [[(490.0, 0, 95), (500.0, 700, 760), (510.0, 2210, 2339)]]
    assert without_sheet_lines(groups, DPI, MIN_RULING_IN, evidence=apart, sheet=SHEET) == groups


def test_the_papers_edge_goes_however_patchy():
    # The scanner's shadow of the paper's top edge, three pixels into the sheet: it
    # shows in a short stretch of one margin only, and is no ruling.
    edge = [(3.0, 60, 2300)]
    faint = [[(pos, *FRAME)] for pos in (100.0, 900.0)] + [[(2.0, 0, 42), (3.0, 60, 2300), (5.0, 2210, 2339)]]
    groups = [edge, _ruling(100), _ruling(900)]
    assert without_sheet_lines(groups, DPI, MIN_RULING_IN, evidence=faint, sheet=SHEET) == [_ruling(100), _ruling(900)]


def test_a_drawn_noisy_page_keeps_the_ruling_under_a_merged_cell():
    # The same on a drawn page through the grid finder: grey fibres (20-40 px dashes,
    # grey 200 on paper 240) down both margins of a landscape sheet, a line's width
    # apart across, and a row's ruling that starts at the merged label column's border.
    from catalogue.extract.ocr.grid import detect_grids
    from catalogue.extract.ocr.preprocess import binarize, faint_ink

    grey = np.full((1654, 2339), 240, np.uint8)
    for y in (100, 300, 1553):
        grey[y - 1: y + 1, 100:2244] = 0
    grey[579:581, 706:2244] = 0
    for x in (100, 706, 1300, 2243):
        grey[100:1554, x - 1: x + 1] = 0
    for k in range(0, 36, 2):
        x = (37 * k) % 40
        grey[479 + 6 * k: 481 + 6 * k, x: x + 20 + (k % 3) * 8] = 200
        x = 2282 + (29 * k) % 40
        grey[485 + 6 * k: 487 + 6 * k, x: x + 22 + (k % 4) * 5] = 200
    grey[569:571, 44:84] = 200
    grey[589:591, 2268:2300] = 200
    (grid,) = detect_grids(binarize(grey, soft=True), DPI, faint_ink(grey))
    assert [round(y / 10) for y in grid.ys] == [10, 30, 58, 155]


def test_a_streak_down_the_sheet_does_not_join_two_tables():
    # Issue 20 (copier-200 / nB_two_tables): a copier's grey streak runs down the whole
    # sheet, through two tables of one page and the paper between them (where the second
    # table's title is printed). Joined by it, they were one grid: the title a row
    # across the first table's columns, the second table's cells cut at the first's
    # column rules, and the streak itself a column rule of both.
    from catalogue.extract.ocr.grid import detect_grids
    from catalogue.extract.ocr.preprocess import binarize, faint_ink

    grey = np.full((1654, 2339), 240, np.uint8)
    first, second = (100, 300, 700), (900, 1100, 1500)  # each table: top, header rule, bottom
    first_cols, second_cols = (100, 400, 900, 1500, 2243), (100, 700, 1200, 1800, 2243)
    for ys, xs in ((first, first_cols), (second, second_cols)):
        for y in ys:
            grey[y - 1: y + 1, xs[0]: xs[-1] + 1] = 0
        for x in xs:
            grey[ys[0]: ys[-1] + 1, x - 1: x + 1] = 0
    grey[780:830, 100:700] = 120  # the second table's title, a block of ink
    streak = 1050  # a column of neither table
    grey[:, streak: streak + 3] = np.minimum(grey[:, streak: streak + 3], 185)
    grids = detect_grids(binarize(grey, soft=True), DPI, faint_ink(grey))
    assert [(round(g.ys[0] / 10), round(g.ys[-1] / 10)) for g in grids] == [(10, 70), (90, 150)]
    assert [[round(x / 10) for x in g.xs] for g in grids] == [[10, 40, 90, 150, 224], [10, 70, 120, 180, 224]]


def test_pieces_of_one_ruling_laid_apart_are_one_column_rule():
    # Issue 20 (phone-curl / word-split, seed 11): a column ruling cut where merged cells
    # span it, whose two pieces a photograph's straightening laid 12 px (0.06 in) apart:
    # the sliver between them is no column (no character fits). Two rulings as close
    # that run side by side (a double rule) stay two. Only on a straightened page: a flat
    # scan's ruling lies on one line.
    from catalogue.extract.ocr.grid import detect_grids
    from catalogue.extract.ocr.preprocess import binarize, faint_ink

    grey = np.full((1654, 2339), 240, np.uint8)
    ys, xs = (100, 300, 700, 1100, 1500), (100, 400, 900, 1500, 2243)
    for y in ys:
        grey[y - 1: y + 1, xs[0]: xs[-1] + 1] = 0
    for x in (100, 900, 1500, 2243):
        grey[ys[0]: ys[-1] + 1, x - 1: x + 1] = 0
    grey[100:700, 399:401] = 0  # the upper piece
    grey[700:1500, 411:413] = 0  # the lower piece, 12 px on
    (grid,) = detect_grids(binarize(grey, soft=True), DPI, faint_ink(grey), straightened=True)
    assert [round(x / 10) for x in grid.xs[2:]] == [90, 150, 224]
    assert len(grid.xs) == 5 and 400 <= grid.xs[1] <= 412  # one rule where the pieces lie
    grey[100:1500, 1511:1513] = 0  # a second rule beside the whole 1500 rule
    (grid,) = detect_grids(binarize(grey, soft=True), DPI, faint_ink(grey), straightened=True)
    assert [round(x) for x in grid.xs][3:5] == [1500, 1512]
