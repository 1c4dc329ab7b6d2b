"""Grid, marks, skew, rotation and red-ink removal on the scanned samples: pixels only,
no OCR engine, so these run in a couple of seconds."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import cv2  # noqa: F401  (the OCR extra, which the test command installs)
import numpy as np
import pytest
from PIL import Image

from catalogue.extract.ocr import mark_pixels as mk  # noqa: E402
from catalogue.extract.ocr.page import cell_ink, layout_page  # noqa: E402
from catalogue.extract.ocr.preprocess import (  # noqa: E402
    binarize,
    estimate_skew,
    suppress_red,
    text_runs_vertical,
)
from catalogue.raw import CHECKED, UNCHECKED, UNREADABLE  # noqa: E402

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
sys.path.insert(0, str(SAMPLES))
import generate_framed_chars as framed  # noqa: E402

SCANS = Path(__file__).resolve().parent.parent / "samples" / "scans"
DISTRICT = json.loads((SCANS / "scan-district.cells.json").read_text("utf-8"))
TICKS = json.loads((SCANS / "scan-tick-columns.cells.json").read_text("utf-8"))


def rgb(name: str) -> np.ndarray:
    with Image.open(SCANS / name) as image:
        return np.asarray(image.convert("RGB"))


@pytest.fixture(scope="module", params=[1, 2], ids=["page1", "page2-seal"])
def district(request: pytest.FixtureRequest):
    n = request.param
    return layout_page(rgb(f"scan-district-p{n}.png"), 200.0), DISTRICT[n - 1]


def marks_in_reading_order(marks: list[mk.Mark]) -> str:
    lines: list[list[mk.Mark]] = []
    for m in sorted(marks, key=lambda m: m.y0):
        if lines and m.y0 - lines[-1][0].y0 < (m.y1 - m.y0) / 2:
            lines[-1].append(m)
        else:
            lines.append([m])
    return "".join(m.state for line in lines for m in sorted(line, key=lambda m: m.x0))


def test_grid_matches_generated_cells(district) -> None:
    layout, truth = district
    assert layout is not None
    assert (len(layout.grids), layout.grids[0].n_rows, layout.grids[0].n_cols) == (1, truth["n_rows"], truth["n_cols"])
    got = [(c.row, c.col, c.rowspan, c.colspan) for c in layout.grids[0].cells]
    want = [(c["row"], c["col"], c["rowspan"], c["colspan"]) for c in truth["cells"]]
    assert got == want


def test_merged_level_cells_are_found() -> None:
    layout = layout_page(rgb("scan-district-p1.png"), 200.0)
    spans = {(c.row, c.col): (c.rowspan, c.colspan) for c in layout.grids[0].cells}
    assert spans[(0, 0)] == (1, 3)  # 事项类别 over 一级/二级/三级
    assert spans[(0, 3)] == (2, 1)  # 公开内容 header over two header rows
    assert spans[(2, 0)] == (3, 1)  # 履职依据 over three items
    assert spans[(2, 1)] == (1, 2)  # 上级法规规章 across 二级 and 三级


def test_every_mark_state_from_pixels(district) -> None:
    layout, truth = district
    cells = {(c.row, c.col): c for c in layout.grids[0].cells}
    checked = 0
    for want in truth["cells"]:
        expected = "".join(ch for ch in want["text"] if ch in (CHECKED, UNCHECKED))
        got = marks_in_reading_order(mk.find_boxes(cell_ink(layout, cells[(want["row"], want["col"])]), 200.0))
        assert got == expected, (want["row"], want["col"], want["text"])
        checked += len(expected)
    assert checked >= 38  # every box on the page was compared


def test_lone_ticks_in_option_columns() -> None:
    layout = layout_page(rgb("scan-tick-columns.png"), 200.0)
    cells = {(c.row, c.col): c for c in layout.grids[0].cells}
    for want in TICKS[0]["cells"]:
        if want["col"] == 0 or want["row"] == 0:
            continue
        ink = cell_ink(layout, cells[(want["row"], want["col"])])
        assert mk.find_boxes(ink, 200.0) == []
        assert mk.lone_tick(ink, 200.0) == (want["text"] == CHECKED), want


@pytest.mark.parametrize("index", range(len(framed.FRAMED_CHARS)), ids=list(framed.FRAMED_CHARS))
def test_characters_with_a_frame_are_not_boxes(index: int) -> None:
    sheet = Image.open(SAMPLES / "scans" / "framed-chars.png").convert("L")
    for j, size in enumerate(framed.SIZES):
        tile = sheet.crop((framed.TILE * index, framed.TILE * j, framed.TILE * (index + 1), framed.TILE * (j + 1)))
        assert mk.find_boxes(binarize(np.asarray(tile)), 200.0) == [], (framed.FRAMED_CHARS[index], size)


def test_skew_is_measured() -> None:
    # The generator turned page 1 by +1.0° and page 2 by -0.8°.
    assert estimate_skew(suppress_red(rgb("scan-district-p1.png"))) == pytest.approx(-1.0, abs=0.1)
    assert estimate_skew(suppress_red(rgb("scan-district-p2.png"))) == pytest.approx(0.8, abs=0.1)


def test_quarter_turn_is_noticed() -> None:
    ink = binarize(suppress_red(rgb("scan-district-p1.png")))
    assert not text_runs_vertical(ink, 26)
    assert text_runs_vertical(np.ascontiguousarray(np.rot90(ink)), 26)
    assert text_runs_vertical(np.ascontiguousarray(np.rot90(ink, 3)), 26)


def test_red_seal_is_removed() -> None:
    page = rgb("scan-district-p2.png")
    r, g, b = (page[:, :, i].astype(int) for i in range(3))
    red = (r - np.maximum(g, b)) > 80
    assert red.sum() > 5000  # the sample does carry a seal
    grey = suppress_red(page)
    assert (grey[red] == 255).all()


def test_page_without_a_table() -> None:
    page = np.full((600, 800, 3), 255, np.uint8)
    cv2.putText(page, "no table here", (50, 300), cv2.FONT_HERSHEY_SIMPLEX, 2, (0, 0, 0), 3)
    assert layout_page(page, 200.0) is None
    assert layout_page(np.full((600, 800, 3), 255, np.uint8), 200.0) is None


def test_a_ruling_under_the_seal_still_parts_two_cells() -> None:
    """Page 2 of the district scan has a red seal over the 公开主体 cells of items 11 and
    12; the black ruling between them runs under the red and must still be found."""
    from catalogue.extract.ocr import render_pdf_page

    layout = layout_page(render_pdf_page(SCANS / "district-catalogue-scan.pdf", 1, 200), 200.0)
    assert layout is not None
    subject = [c for c in layout.grids[0].cells if c.x0 <= 1350 < c.x1 and c.row >= 2]
    assert subject and all(c.rowspan == 1 for c in subject), subject


def test_black_under_red_is_kept() -> None:
    page = np.full((60, 60, 3), 255, np.uint8)
    page[30:32, :] = 0  # a ruling
    seal = np.array([205, 45, 50]) / 255.0
    page[10:50, 20:40] = (page[10:50, 20:40] * seal).astype(np.uint8)  # red ink printed over it
    grey = suppress_red(page)
    assert (grey[10:30, 20:40] == 255).all() and (grey[32:50, 20:40] == 255).all()
    assert (grey[30:32, :] < 60).all()


def _drawn_box(inside: str) -> tuple[np.ndarray, np.ndarray]:
    """A 18 px drawn box at 200 dpi with something inside; (hard ink, soft ink)."""
    ink = np.zeros((40, 40), np.uint8)
    cv2.rectangle(ink, (11, 11), (28, 28), 255, 2)
    soft = ink.copy()
    if inside == "cross":
        cv2.line(ink, (15, 15), (24, 24), 255, 2)
        cv2.line(ink, (24, 15), (15, 24), 255, 2)
        soft = ink.copy()
    elif inside == "dot":
        soft[19:21, 19:21] = 255  # a printed dot: too small for the hard ink's despeckle
    elif inside == "dust":
        soft[15:17, 24:26] = 255  # dust off to one side
    return ink, soft


@pytest.mark.parametrize(("inside", "state"), [("cross", CHECKED), ("dot", UNREADABLE), ("dust", UNCHECKED),
                                                ("nothing", UNCHECKED)])
def test_drawn_box_states(inside: str, state: str) -> None:
    ink, soft = _drawn_box(inside)
    assert [m.state for m in mk.find_boxes(ink, 200.0, soft=soft)] == [state]


def test_glyph_box_with_a_blur_row_and_dust() -> None:
    """A ▫ glyph (11 px) with a row of blur under it and grey dust inside is empty."""
    soft = np.zeros((30, 40), np.uint8)
    cv2.rectangle(soft, (10, 10), (20, 20), 255, 2)
    soft[21, 12:15] = 255  # blur below the frame
    soft[9, 13] = 255  # and a pixel above it
    soft[14:17, 14:16] = 255  # dust inside, soft ink only
    hard = soft.copy()
    hard[14:17, 14:16] = 0
    assert [m.state for m in mk.find_glyph_marks(soft, 200.0, None, hard)] == [UNCHECKED]


def test_full_stop_is_not_a_glyph_box() -> None:
    """。 binarises to a blot in soft ink with a pale heart in hard ink."""
    soft = np.zeros((30, 30), np.uint8)
    cv2.circle(soft, (15, 15), 3, 255, -1)
    hard = np.zeros_like(soft)
    cv2.circle(hard, (15, 15), 3, 255, 1)
    assert mk.find_glyph_marks(soft, 200.0, None, hard) == []


def test_two_lines_three_rows_apart_are_two_bands() -> None:
    """A cell of two body lines a few blank rows apart has one band at the line-gap
    tolerance; it is cut at the blank rows, not read as one line of large type."""
    from catalogue.extract.ocr.page import text_bands

    ink = np.zeros((70, 130), np.uint8)
    ink[10:30, 5:125] = 255
    ink[33:53, 5:70] = 255  # 3 blank rows (30-32) above the second line
    bands = text_bands(ink, 200.0)
    assert len(bands) == 2 and 30 <= bands[0][1] <= 33, bands


def test_one_line_of_large_type_stays_whole() -> None:
    from catalogue.extract.ocr.page import text_bands

    ink = np.zeros((70, 300), np.uint8)
    for x in range(5, 290, 60):  # large characters: ink in every row of the band
        ink[5:60, x: x + 50] = 255
    assert len(text_bands(ink, 200.0)) == 1


def test_recognition_batches_keep_similar_widths_together() -> None:
    from catalogue.extract.ocr.engine import _batches

    widths = [100, 130, 140, 300, 320, 900, 50]
    assert _batches(widths) == [[6, 0, 1, 2], [3, 4], [5]]


def _box_on_the_ruling(height: int) -> np.ndarray:
    """A cell's ink (rulings erased), `height` px tall, whose top edge ran along the top
    side of a 20 px box crossed by thin strokes (☒): the box was drawn against the
    cell's ruling, and its top side went with the ruling's pixels."""
    ink = np.zeros((height, 40), np.uint8)
    cv2.rectangle(ink, (10, -2), (29, 17), 255, 2)
    cv2.line(ink, (14, 3), (25, 13), 255, 1)
    cv2.line(ink, (25, 3), (14, 13), 255, 1)
    return ink


def test_a_box_whose_side_was_the_cells_ruling_is_a_box() -> None:
    """Issue 20: a box set hard against its cell's top ruling loses that side with the
    ruling's pixels; three sides reaching the cell's edge are still a box. The same
    shape in a cell one line tall, hard against both rulings, is a character filling
    its line, not a box."""
    assert [m.state for m in mk.find_boxes(_box_on_the_ruling(27), 200.0)] == [CHECKED]
    assert mk.find_boxes(_box_on_the_ruling(17), 200.0) == []


def _label(ink: np.ndarray, x: int, top: int, size: int) -> None:
    """A stand-in for a character `size` px square at `x`: a frame with bars across
    and one down its middle (田 with a bar more), whose straight strokes inside make
    it no box."""
    cv2.rectangle(ink, (x, top), (x + size - 1, top + size - 1), 255, 2)
    for k in (1, 2):
        cv2.line(ink, (x, top + k * size // 3), (x + size - 1, top + k * size // 3), 255, 2)
    cv2.line(ink, (x + size // 2, top), (x + size // 2, top + size - 1), 255, 2)


def test_a_box_set_hard_between_two_labels_is_a_box() -> None:
    """Issue 20: a Word cell's drawn boxes set with no space before or after them
    ("公告栏□政务服务中心", fold-300 / word-checkboxes): the labels cross the ring of paper
    round the box on both sides. A square of four whole sides as tall as its text line
    is still a box; a square with a stroke running on above it, in a taller line, is
    part of a character."""
    ink = np.zeros((60, 200), np.uint8)
    top, size = 20, 22
    _label(ink, 10, top, size)
    _label(ink, 33, top, size)  # a pixel of paper between each
    cv2.rectangle(ink, (56, top), (56 + size - 1, top + size - 1), 255, 2)  # the box
    _label(ink, 79, top, size)
    _label(ink, 102, top, size)
    # Found where it was drawn (cv2 draws a 2 px side a pixel outside the corner given).
    assert [(round(m.cx), m.state) for m in mk.find_boxes(ink, 200.0)] == [(56 + size // 2, UNCHECKED)]
    # The same square with a stroke run on above it into a line twice as tall.
    cv2.line(ink, (56 + size // 2, 0), (56 + size // 2, top), 255, 2)
    assert mk.find_boxes(ink, 200.0) == []


def _stacked_boxes_page() -> np.ndarray:
    """A drawn page (200 dpi): a three-column table whose middle cell lists six options
    one a line, each 21 px box hard under the last, their sides lined up."""
    page = np.full((1400, 1100), 255, np.uint8)
    for x in (100, 400, 700, 900):
        cv2.line(page, (x, 100), (x, 600), 0, 2)
    for y in (100, 150, 600):
        cv2.line(page, (100, y), (900, y), 0, 2)
    for k in range(12):  # lines of text across the other cells: the page reads upright
        cv2.putText(page, "catalogue item text", (120, 190 + 30 * k), cv2.FONT_HERSHEY_SIMPLEX, 0.7, 0, 2)
        cv2.putText(page, "basis", (720, 190 + 30 * k), cv2.FONT_HERSHEY_SIMPLEX, 0.7, 0, 2)
    for k in range(6):
        top = 200 + 23 * k
        cv2.putText(page, "channel", (430, top + 17), cv2.FONT_HERSHEY_SIMPLEX, 0.6, 0, 2)
        cv2.rectangle(page, (560, top), (580, top + 20), 0, 2)
        if k == 0:
            cv2.line(page, (565, top + 10), (570, top + 16), 0, 2)
            cv2.line(page, (570, top + 16), (577, top + 4), 0, 2)
    return cv2.cvtColor(page, cv2.COLOR_GRAY2RGB)


def test_boxes_stacked_down_a_cell_are_no_ruling() -> None:
    """Issue 20: boxes stacked one an option line have their sides lined up into a
    straight stroke longer than a ruling. It parts no two cells, so it is no grid line,
    its pixels stay ink, and each box keeps its sides: the first ticked, five empty."""
    layout = layout_page(_stacked_boxes_page(), 200.0)
    assert layout is not None
    grid = layout.grids[0]
    assert [round(x / 10) for x in grid.xs] == [10, 40, 70, 90]
    cell = next(c for c in grid.cells if c.x0 < 560 < c.x1 and c.y0 < 200 < c.y1)
    boxes = mk.find_boxes(cell_ink(layout, cell), 200.0)
    assert [m.state for m in boxes] == [CHECKED] + [UNCHECKED] * 5
