"""The limits of ocr/creases.without_sheet_lines on the grid finder's ruling pieces
(position across, start and end along), at 200 dpi: a line running past the table's
frame at both ends is the sheet's, and only its own pieces go."""

from __future__ import annotations

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
