"""Photographed pages whose rulings bend (catalogue/extract/ocr/dewarp.py): a page
curling off the desk, from scan family B's tuning half (samples/scans/family-b/,
written by samples/generate_scan_family_b.py --samples), and a flatbed scan that
must be left as it is. Rows are checked against the source's expected rows."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest
from scan_family_bench import ROOT, bench

from catalogue.api import extract_file
from catalogue.extract.ocr import render_pdf_page_with_dpi
from catalogue.extract.ocr.dewarp import (
    DEWARP_MIN_BEND_IN,
    _bend,
    _follow,
    _meets_across,
    dewarp,
    ruling_curves,
)
from catalogue.extract.ocr.grid import detect_grids
from catalogue.extract.ocr.lens import without_lens
from catalogue.extract.ocr.page import _scale_to_work, _to_grey, layout_page
from catalogue.extract.ocr.preprocess import (
    binarize,
    deskew,
    even_light,
    find_page_outline,
    rectify_page,
)

FAMILY_B = ROOT / "samples" / "scans" / "family-b"
MEMBERS = {(m["condition"], m["source"]): m for m in json.loads((FAMILY_B / "family.json").read_text("utf-8"))["members"]}
LEVELS = ("level_1", "level_2", "level_3", "level_4")
HEADER_WORDS = ("一级", "二级", "事项", "公开内容", "公开主体")


def _page_grey(image: np.ndarray, dpi: float) -> tuple[np.ndarray, float]:
    """The page as layout_page has it just before dewarp: the lens undone, rectified,
    light evened, deskewed."""
    image, dpi = _scale_to_work(image, dpi)
    image = without_lens(image, dpi)
    found = find_page_outline(image)
    if found is not None:
        image, dpi = rectify_page(image, *found)
        image, dpi = _scale_to_work(image, dpi)
    return deskew(_to_grey(even_light(image, dpi)))[0], dpi


def _bends(grey: np.ndarray, dpi: float) -> list[float]:
    """How far each long horizontal and vertical ruling strays from straight, in inches."""
    rows, columns = ruling_curves(grey, dpi)
    return [_bend(c.across) / dpi for c in rows + columns]


@pytest.mark.ocr
def test_curling_page_is_straightened_before_the_grid():
    """phone-curl / dF_labelcut: the page curls up over its last fifth, so every
    horizontal ruling rises towards the edge; before dewarping, the grid lost rows there
    (7 items extra, 6 missing of 12)."""
    m = MEMBERS[("phone-curl", "dF_labelcut")]
    image, dpi, _ = render_pdf_page_with_dpi(FAMILY_B / m["file"], 0)
    grey, dpi = _page_grey(image, dpi)
    before = _bends(grey, dpi)
    bent = sum(b > DEWARP_MIN_BEND_IN for b in before)
    assert bent >= 10  # the member does bend its rulings, most of its horizontal ones
    # Straightened: most bent rulings lie straight (a few near the curled edge, traced
    # only part of the way, keep some of their bend), and the worst bend is a fraction
    # of what it was.
    after = _bends(dewarp(grey, dpi), dpi)
    assert sum(b > DEWARP_MIN_BEND_IN for b in after) <= bent // 2
    assert max(after) < max(before) / 4


@pytest.mark.ocr
def test_curling_page_keeps_its_rows_and_levels():
    """The same member read whole: every item, each with its levels, and no header row
    read as an item (before dewarping: 7 items extra, 6 missing)."""
    m = MEMBERS[("phone-curl", "dF_labelcut")]
    want = bench.member_expected(m)
    got = extract_file(FAMILY_B / m["file"]).items
    assert len(got) == len(want)
    assert [[r[c] for c in LEVELS] for r in got] == [[r[c] for c in LEVELS] for r in want]
    assert not [r for r in got if any(w == (r["level_1"] or "") for w in HEADER_WORDS)]


@pytest.mark.ocr
def test_columns_fanned_by_a_curled_edges_corners_stand_upright():
    """phone-curl / dF_labelcut, page 1: the page's outline is rectified by its corners,
    and the curled edge's corners are off the page's plane, so the rectified page has a
    perspective it never had: its vertical rulings, each straight, lean more the further
    right they stand (by up to 0.45 in over the table's height). Cells cut square lost
    their first characters at one end (the 公开属性 header read 开属性, so no item had
    its disclosure)."""
    m = MEMBERS[("phone-curl", "dF_labelcut")]
    image, dpi, _ = render_pdf_page_with_dpi(FAMILY_B / m["file"], 0)
    grey, dpi = _page_grey(image, dpi)
    _, columns = ruling_curves(dewarp(grey, dpi), dpi)
    long = [c.across for c in columns if c.across.size > grey.shape[0] / 2]
    assert len(long) >= 8  # the table's column rulings, traced down most of the page
    # How far each leans between a tenth of the way down and nine tenths.
    leans = [abs(float(a[a.size * 9 // 10] - a[a.size // 10])) for a in long]
    assert max(leans) < DEWARP_MIN_BEND_IN * dpi


@pytest.mark.ocr
def test_a_curled_pages_columns_keep_their_headers():
    """The same member read whole: every item's disclosure as printed (before: none
    read, the header cut to 开属性 and its column left in other_columns)."""
    m = MEMBERS[("phone-curl", "dF_labelcut")]
    want = bench.member_expected(m)
    got = extract_file(FAMILY_B / m["file"]).items
    assert len(got) == len(want)
    for field in ("disclosure_proactive", "disclosure_on_request", "disclosure_not_public", "time_limit_days"):
        assert [r[field] for r in got] == [r[field] for r in want], field
    assert not [r for r in got if any("属性" in k for k in r["other_columns"])]


@pytest.mark.ocr
def test_issue_20_a_curled_edges_last_column_is_kept():
    """phone-curl / dF_labelcut: the table's last column (公开对象) runs on to the strip
    curling off the desk, which turns away from the light. The page's outline, of the
    bright paper only, cut that strip off, and the page rectified by its corners ended
    inside the column: its header read 公饼对象 (an extra column), no item had its
    audience. Every item has an audience, all but one (the steepest part of the curl
    reads 社会 as 松云 on one row) as printed, and no audience column is left over."""
    m = MEMBERS[("phone-curl", "dF_labelcut")]
    want = bench.member_expected(m)
    got = extract_file(FAMILY_B / m["file"]).items
    assert len(got) == len(want)
    assert all(r["audience"] for r in got)
    assert sum(g["audience"] == w["audience"] for g, w in zip(got, want, strict=True)) >= len(want) - 1
    assert not [r for r in got if any("对象" in k for k in r["other_columns"])]


@pytest.mark.ocr
def test_short_rulings_beside_a_merged_cell_keep_their_items_apart():
    """phone-curl / national-catalogue: the rule under each 序号 cell is a short piece,
    the 序号 column narrow and the level cell beside it merged over five items. The
    trace of each long ruling stops at the table's frame, and straightening shifted the
    few pixels past its end with the rulings above and below instead of with it: the
    short piece got a step, fell below the grid's shortest ruling, and items 2 and 3
    shared one 序号 cell ("2 -_ 3")."""
    m = MEMBERS[("phone-curl", "national-catalogue")]
    want = bench.member_expected(m)
    got = extract_file(FAMILY_B / m["file"]).items
    assert [(r["item_no"], r["item_key"]) for r in got] == [(r["item_no"], r["item_key"]) for r in want]
    assert [r["other_columns"].get("序号") for r in got] == [r["other_columns"]["序号"] for r in want]


@pytest.mark.ocr
def test_a_header_rule_over_the_curl_is_one_line():
    """The same member, page 1: the rule under the header's upper row is cut by the
    merged cells beside it into pieces, one of them over the curled edge alone (under
    公开对象 and 公开方式). Each piece was laid straight at its own median, the curled
    piece higher than the rest, and the header read as three rows."""
    m = MEMBERS[("phone-curl", "national-catalogue")]
    image, dpi, _ = render_pdf_page_with_dpi(FAMILY_B / m["file"], 0)
    layout = layout_page(image, dpi)
    assert layout is not None and len(layout.grids) == 1
    header_rows = 2
    items_here = sum(r["page"] == 1 for r in bench.member_expected(m))
    assert layout.grids[0].n_rows == header_rows + items_here


def test_a_ruling_cut_in_two_over_a_curl_is_laid_straight_as_one():
    """A drawn page curling up over its last two fifths, one of whose rulings is cut in
    two by text printed over it (as LibreOffice prints a cell's text that overflows
    onto the rule below): the piece over the curl, laid straight at its own median,
    lay 0.12 in above the piece over the flat part, and the step between them was read
    as a row of its own."""
    dpi = 200.0
    x0, x1, y0, y1, rows, cols = 160, 2180, 180, 1480, 12, 9
    lift = 80.0  # px at the table's right edge
    curl_from, cut_at, cut_px = 0.6, 0.62, 60  # shares of the page's width; the cut's length

    def up(x: np.ndarray) -> np.ndarray:
        return lift * np.clip((x - curl_from * page.shape[1]) / (x1 - curl_from * page.shape[1]), 0, None) ** 2

    page = np.full((1654, 2338), 255, np.uint8)
    xs = np.arange(x0, x1 + 1)
    for k in range(rows + 1):
        line = np.stack([xs, y0 + k * (y1 - y0) / rows - up(xs)], axis=1)
        cut = cut_at * page.shape[1]
        pieces = [line[xs <= cut], line[xs >= cut + cut_px]] if k == rows // 2 else [line]
        for piece in pieces:
            cv2.polylines(page, [np.round(piece).astype(np.int32)], False, 0, 2)
    for j in range(cols + 1):
        x = x0 + j * (x1 - x0) // cols
        cv2.line(page, (x, round(y0 - float(up(np.array([x]))[0]))), (x, round(y1 - float(up(np.array([x]))[0]))), 0, 2)
    straight = dewarp(page, dpi)
    assert straight is not page
    grids = detect_grids(binarize(straight, soft=True), dpi)
    assert [g.n_rows for g in grids] == [rows]


def test_a_trace_is_not_drawn_into_a_box_sitting_on_its_ruling():
    """A ruling that turns too faint to binarise under a box glyph sitting on it (a
    check box's bottom edge 3 px above): the follow window round the ruling's course
    grazes the box's edge, and the grazed part, taken for the ruling, drew the trace up
    the box (5 px off its ruling; on phone-curl / dF_labelcut a hook of 0.1 in, and the
    page bent there). The trace stops where its ruling does."""
    dpi = 200.0
    ink = np.zeros((80, 300), np.uint8)
    ink[39:42, 20:120] = 255  # the ruling, centre row 40, its ink lost past column 119
    ink[35:38, 110:150] = 255  # the box's bottom edge, just above it
    ink[10:38, 110:113] = 255
    ink[10:38, 147:150] = 255
    cols, centres = list(range(20, 120)), [40.0] * 100
    _follow(ink, cols, centres, 1, dpi)
    assert max(abs(c - 40.0) for c in centres) < 1


def test_a_trace_starting_inside_the_frame_meets_it():
    """A ruling's trace that begins inside the frame ruling across its end (their ink
    joined): the frame's one column left beyond the trace's start leans a pixel, so it
    does not fill the window round the ruling, and the end was taken for one lost on a
    curl; its offset was not held, and a short rule beside it was laid straight in a
    step (phone-curl / national-catalogue's 序号 2 and 3 one cell, with the curled
    edge kept in the page)."""
    dpi = 200.0
    ink = np.zeros((80, 300), np.uint8)
    ink[:40, 100:104] = 255  # the frame, a pixel further right below the ruling
    ink[40:, 101:105] = 255
    ink[39:42, 101:250] = 255  # the ruling, its trace starting at column 101
    assert _meets_across(ink, 101, 40.0, -1, dpi)


@pytest.mark.ocr
def test_flat_scan_is_left_as_it_is():
    """A flatbed scan's rulings are straight: dewarp returns the very page it was given."""
    image = cv2.cvtColor(cv2.imread(str(ROOT / "samples" / "scans" / "scan-district-p1.png")), cv2.COLOR_BGR2RGB)
    grey, dpi = _page_grey(image, 200.0)
    assert dewarp(grey, dpi) is grey
