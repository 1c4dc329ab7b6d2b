"""The scan family (samples/generate_scan_family.py): the halves, and the OCR path on
two low-quality members the generator wrote to samples/scans/family/ — a 150 dpi grey
JPEG at quality 30 of the national layout, and 1-bit (fax-like) pages of a Word-made
catalogue whose header rows repeat on every page. Expected rows are the source PDFs'
(samples/pdf/*.expected.json, samples/word/expected-round2.json). About 20 s."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import cv2
import numpy as np
import pytest

from catalogue.api import extract_file
from catalogue.extract.ocr.grid import detect_grid
from catalogue.extract.ocr.page import close_title_marks
from catalogue.extract.ocr.preprocess import binarize, even_light, find_page, rectify_page
from catalogue.normalise.columns import header_role

ROOT = Path(__file__).resolve().parent.parent
FAMILY = ROOT / "samples" / "scans" / "family"
sys.path.insert(0, str(ROOT / "samples"))
import generate_scan_family as gen  # noqa: E402


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


bench = _load("bench_scan_family")
MEMBERS = {(m["condition"], m["source"]): m for m in json.loads((FAMILY / "family.json").read_text("utf-8"))["members"]}
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


def _ruled_page(rows: int, cols: int) -> np.ndarray:
    """A white A4-landscape page at 100 dpi with a ruled grid and some 'text' blocks."""
    page = np.full((827, 1169, 3), 255, np.uint8)
    x0, y0, x1, y1 = 80, 90, 1090, 740
    for k in range(rows + 1):
        y = y0 + k * (y1 - y0) // rows
        cv2.line(page, (x0, y), (x1, y), (0, 0, 0), 2)
    for k in range(cols + 1):
        x = x0 + k * (x1 - x0) // cols
        cv2.line(page, (x, y0), (x, y1), (0, 0, 0), 2)
    return page


def test_a_photographed_page_is_found_rectified_and_its_grid_read():
    condition = gen.Condition(100, skew=0.0, mode="colour", photo=0.05)
    photo = gen.photograph(_ruled_page(6, 9), condition, np.random.default_rng(7))
    corners = find_page(photo)
    assert corners is not None
    page, dpi = rectify_page(photo, corners)
    assert abs(dpi - 100) < 8  # an A4 page of the photographed page's size
    grey = cv2.cvtColor(even_light(page, dpi), cv2.COLOR_RGB2GRAY)
    grid = detect_grid(binarize(grey, soft=True), dpi)
    assert grid is not None and (grid.n_rows, grid.n_cols) == (6, 9)


def test_a_flatbed_scan_is_not_taken_for_a_photo():
    assert find_page(_ruled_page(6, 9)) is None


def _extract(condition: str, source: str) -> tuple[list[dict], list[dict]]:
    m = MEMBERS[(condition, source)]
    return bench.expected_rows(m["expected"]), extract_file(FAMILY / m["file"]).items


@pytest.mark.ocr
def test_150_dpi_jpeg_quality_30():
    want, got = _extract("jpeg-150-q30", "national-catalogue")
    assert [r["item_key"] for r in got] == [r["item_key"] for r in want]
    score = bench.bench_scans.score_rows(want, got, bench.compared_columns(want))
    assert score.cell_share >= 0.98, "\n".join(score.wrong)
    # The target is 99.5% of marks; at 150 dpi and quality 30 small ☑ glyphs
    # still read as empty now and then (5 of 276 when this was written): a floor.
    assert score.marks_right >= 0.98 * score.marks, "\n".join(score.wrong)


@pytest.mark.ocr
def test_repeated_header_rows_on_1_bit_pages_are_never_items_or_labels():
    want, got = _extract("bilevel-200", "nE_splitrows")
    assert [r["item_key"] for r in got] == [r["item_key"] for r in want]
    assert bench.header_items(got) == 0
    assert not [r[c] for r in got for c in LEVELS if isinstance(r.get(c), str) and header_role(r[c]) is not None]
    score = bench.bench_scans.score_rows(want, got, bench.compared_columns(want))
    assert score.cell_share >= 0.97, "\n".join(score.wrong)
