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
