"""Small type on a scan: a wide sheet fitted to its paper (samples/printed/national-fit.pdf,
LibreOffice's print of the national sheet, about 5.5 pt) read at 200 dpi. The line
rules take a character to be 9-10 pt; at half that, two lines of a cell set without a
blank row between them were read as one line, their characters interleaved
("经，人大或其有和其的政收等及计工作报告")."""

from __future__ import annotations

import json
from difflib import SequenceMatcher
from pathlib import Path

import cv2
import pytest

from catalogue.api import extract_file
from catalogue.extract.ocr import render_pdf_page_with_dpi
from catalogue.extract.ocr.page import CHAR_IN, SMALL_TYPE, layout_page

ROOT = Path(__file__).resolve().parent.parent
FIT = ROOT / "samples" / "printed" / "national-fit.pdf"
# Read through a clean render, a cell keeps this much of its text in order: a small
# character or a 、 may still be lost, but interleaved lines keep about half.
KEPT = 0.85


@pytest.mark.ocr
def test_a_page_in_small_type_measures_its_own_lines():
    rgb, dpi, _ = render_pdf_page_with_dpi(FIT, 0)
    layout = layout_page(rgb, dpi)
    assert layout is not None and layout.char is not None
    assert layout.char < SMALL_TYPE * CHAR_IN * layout.dpi
    # A body-type scan keeps the rules' own size.
    body = ROOT / "samples" / "scans" / "scan-district.pdf"
    rgb, dpi, _ = render_pdf_page_with_dpi(body, 0)
    assert layout_page(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), dpi).char is None


@pytest.mark.ocr
def test_two_lines_of_small_type_are_read_one_after_the_other():
    want = json.loads(FIT.with_suffix(".expected.json").read_text("utf-8"))["rows"]
    got = extract_file(FIT, {"ocr": "always"}).items
    assert [r["item_key"] for r in got] == [r["item_key"] for r in want]
    for column in ("content", "basis"):
        kept = [round(SequenceMatcher(None, w[column], g[column] or "").ratio(), 2) for w, g in zip(want, got, strict=True)]
        assert min(kept) >= KEPT, (column, kept)


@pytest.mark.ocr
def test_a_copier_s_specks_never_make_a_page_small_type():
    """A worn copier's toner specks (family B's copier-200, body type) leave runs of 3-5
    px of ink in the cells, more of them than lines of text: their median made two pages
    small type, and their lines were cut at a third of their height."""
    member = ROOT / "samples" / "scans" / "family-b" / "copier-200" / "national_merged_subject.pdf"
    for page in range(5):
        rgb, dpi, _ = render_pdf_page_with_dpi(member, page)
        assert layout_page(rgb, dpi).char is None, page
