"""Members of scan family C (samples/generate_scan_family_c.py: other sources, a third
rasteriser and degradations of its own), committed from its tuning half under
samples/scans/family-c/; rows are checked against the source's expected rows."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest
from scan_family_bench import ROOT, bench

from catalogue.api import extract_file
from catalogue.extract.ocr import render_pdf_page_with_dpi
from catalogue.extract.ocr.halftone import HALFTONE_DOTS, dot_share

FAMILY_C = ROOT / "samples" / "scans" / "family-c"
MEMBERS = {(m["condition"], m["source"]): m for m in json.loads((FAMILY_C / "family.json").read_text("utf-8"))["members"]}
HEADER_WORDS = ("序号", "一级事项", "二级事项", "公开事项", "公开内容", "公开主体")
# Committed scans of every other kind: none of them may be taken for a halftone.
PLAIN_SCANS = (
    "scans/family/bilevel-200/nE_splitrows.pdf", "scans/family/jpeg-150-q30/national-catalogue.pdf",
    "scans/family-b/fax-fine/word-split.pdf", "scans/family-b/copier-200/word-checkboxes.pdf",
    "scans/scan-district.pdf",
)


def _grey(path) -> np.ndarray:
    rgb, _, _ = render_pdf_page_with_dpi(path, 0)
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)


@pytest.mark.ocr
def test_a_halftone_fax_is_read_through_its_dots():
    """A fax made in halftone mode (fax-1bit-200 / option-lists) dithers the paper's
    grey into dots over the whole page: read as ink, they made every cell junk (the
    family's fax members read 1% of their cells, with hundreds of extra items)."""
    m = MEMBERS[("fax-1bit-200", "option-lists")]
    path = FAMILY_C / m["file"]
    assert dot_share(_grey(path)) >= HALFTONE_DOTS
    want = bench.member_expected(m)
    got = extract_file(path).items
    assert [(r["item_no"], r["item_key"]) for r in got] == [(r["item_no"], r["item_key"]) for r in want]
    assert not [r for r in got if r["level_1"] in HEADER_WORDS or r["content"] in HEADER_WORDS]
    for column in ("subject", "disclosure_proactive", "disclosure_on_request", "channel_website"):
        assert [r[column] for r in got] == [r[column] for r in want], column


@pytest.mark.parametrize("name", PLAIN_SCANS)
def test_other_scans_are_no_halftone(name: str):
    path = ROOT / "samples" / name
    if not path.is_file():
        pytest.fail(f"{name} is missing")
    assert dot_share(_grey(path)) < HALFTONE_DOTS / 5


@pytest.mark.ocr
def test_a_scan_too_small_and_blurred_to_read_says_so(tmp_path):
    """A wide sheet fitted to its paper (about 5.5 pt), scanned at 150 dpi, JPEG 35 and
    blurred (jpeg-150-q35-blur / national-fit): a character is 11 pixels of blur and no
    label reads. Its rows must not pass for a catalogue: a file warning says most labels
    are misread, and validate fails on the output."""
    from typer.testing import CliRunner

    from catalogue.cli import app

    m = MEMBERS[("jpeg-150-q35-blur", "national-fit")]
    extraction = extract_file(FAMILY_C / m["file"])
    codes = [note.code for note in extraction.notes]
    assert "most_labels_misread" in codes
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(app, ["extract", str(FAMILY_C / m["file"]), "-o", str(out), "-q"]).exit_code == 0
    checked = runner.invoke(app, ["validate", str(out / "national-fit.parquet")])
    assert checked.exit_code != 0
    assert "most_labels_misread" in checked.output


@pytest.mark.ocr
def test_a_readable_scan_has_no_such_warning():
    m = MEMBERS[("fax-1bit-200", "option-lists")]
    assert "most_labels_misread" not in [note.code for note in extract_file(FAMILY_C / m["file"]).notes]


@pytest.mark.ocr
def test_a_label_cut_by_a_page_break_on_a_scan_is_rejoined():
    """seal-300-faint / cut-label-words: a level label cut by a page break inside its
    merged cell, "最低生活" low in the cell's part above the break (its next line moved on,
    so its text stops short of the page's foot) and "保障" at the top of the part below.
    Both parts are words, so the words alone cannot join them; the text layer joins them
    by the text's place in its cell (RawCell.text_room), which a scan's cells did not
    give, and the label stayed cut: three items as 最低生活 and 保障."""
    m = MEMBERS[("seal-300-faint", "cut-label-words")]
    want = bench.member_expected(m)
    got = extract_file(FAMILY_C / m["file"]).items
    assert [(r["item_no"], r["item_key"]) for r in got] == [(r["item_no"], r["item_key"]) for r in want]
    joined = [r for r in got if r["level_2"] == "最低生活保障"]
    assert len(joined) == 3
    assert all("label_joined_across_pages" in r["warnings"] for r in joined)


COMMAS_SLACK = 1  # 、 of the sheet's right-reading cells that may be lost (see below)


@pytest.mark.ocr
def test_small_type_keeps_its_enumeration_commas():
    """A sheet fitted to its paper (about 5.5 pt) under a seal, 300 dpi JPEG
    (seal-300-faint / national-fit): the soft ink of a 、 there is a few pixels, the size
    of the specks taken out of body type, and it was taken out before the recogniser saw
    it: "国家省、市县有关…" for 国家、省、市、县 (18 of the sheet's 34 、 read). Wherever a
    content cell's characters read right, its 、 must too, but for COMMAS_SLACK of them:
    since the page is straightened (curl9's curled-edge outline takes this photographed
    sheet for a curled one), its 5.5 pt type is resampled, and one 、 of 29 falls under
    the speck size."""
    m = MEMBERS[("seal-300-faint", "national-fit")]
    want = bench.member_expected(m)
    got = extract_file(FAMILY_C / m["file"]).items
    read = [(want[i]["content"], got[j]["content"]) for i, j in bench.bench_scans._pairs(want, got) if j is not None
            and (want[i]["content"] or "").replace("、", "") == (got[j]["content"] or "").replace("、", "")]
    assert len(read) >= len(want) // 2
    printed = sum(w.count("、") for w, _ in read)
    assert sum(g.count("、") for _, g in read) >= printed - COMMAS_SLACK, read
