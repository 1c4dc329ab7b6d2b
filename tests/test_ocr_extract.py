"""End-to-end OCR on the scanned samples: cell text, marks, contract rows.

Runs the real RapidOCR models (about 2 s a page on 2 cores), so the module is marked
`ocr`; deselect it with `-m "not ocr"` for a quick run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from catalogue.extract import extract_document  # noqa: E402
from catalogue.extract.ocr import ocr_page_image, render_pdf_page  # noqa: E402
from catalogue.raw import CHECKED, LOW_CONFIDENCE, UNCHECKED, UNREADABLE, RawTable  # noqa: E402

pytestmark = pytest.mark.ocr

SCANS = Path(__file__).resolve().parent.parent / "samples" / "scans"
DISTRICT = json.loads((SCANS / "scan-district.cells.json").read_text("utf-8"))
TICKS = json.loads((SCANS / "scan-tick-columns.cells.json").read_text("utf-8"))
MARKS = (CHECKED, UNCHECKED, UNREADABLE)


def fold(text: str) -> str:
    return re.sub(r"\s+", "", text)


def compare(table: RawTable, truth: dict) -> tuple[float, list[tuple]]:
    """Share of cells whose text is right after folding whitespace, and wrong marks."""
    got = {(c.row, c.col): c.text for c in table.cells}
    right, bad_marks = 0, []
    for cell in truth["cells"]:
        text = got.get((cell["row"], cell["col"]), "")
        right += fold(text) == fold(cell["text"])
        if [ch for ch in text if ch in MARKS] != [ch for ch in cell["text"] if ch in MARKS]:
            bad_marks.append((cell["row"], cell["col"], text))
    return right / len(truth["cells"]), bad_marks


@pytest.fixture(scope="module")
def district_tables() -> list[RawTable]:
    tables = []
    for n in (1, 2):
        doc = extract_document(SCANS / f"scan-district-p{n}.png")
        for table in doc.tables:
            table.page = n  # the two files are the two pages of one catalogue
            tables.append(table)
    return tables


def test_cells_and_marks_read_from_the_scans(district_tables: list[RawTable]) -> None:
    for table, truth in zip(district_tables, DISTRICT, strict=True):
        assert (table.n_rows, table.n_cols) == (truth["n_rows"], truth["n_cols"])
        accuracy, bad_marks = compare(table, truth)
        assert bad_marks == []
        assert accuracy >= 0.98


def test_seal_does_not_become_text(district_tables: list[RawTable]) -> None:
    page2 = " ".join(c.text for c in district_tables[1].cells)
    for word in ("政务公开办公室", "专用章", "办公室"):
        assert word not in page2


def test_box_glyphs_do_not_leak_into_labels(district_tables: list[RawTable]) -> None:
    for table in district_tables:
        for cell in table.cells:
            for label in re.split(f"[{''.join(MARKS)}\\s]+", cell.text):
                assert not re.match("[口囗回□√✓V]", label), cell.text


def test_contract_rows_end_to_end(district_tables: list[RawTable]) -> None:
    from catalogue.normalise import normalise_tables

    rows = normalise_tables(district_tables, "scan-district.pdf")
    expected = json.loads((SCANS / "scan-district.rows.json").read_text("utf-8"))
    assert len(rows) == len(expected)
    for row, want in zip(rows, expected, strict=True):
        diff = {k: (row.get(k), v) for k, v in want.items() if row.get(k) != v}
        assert diff == {}, want["item_key"]


def test_one_option_per_column() -> None:
    table = next(extract_document(SCANS / "scan-tick-columns.png").tables)
    accuracy, bad_marks = compare(table, TICKS[0])
    assert bad_marks == [] and accuracy == 1.0


def test_quarter_turned_scan_is_turned_back() -> None:
    with Image.open(SCANS / "scan-tick-columns.png") as image:
        turned = np.rot90(np.asarray(image.convert("RGB")))  # counter-clockwise
    for page in (turned, np.rot90(turned, 2)):
        tables = ocr_page_image(np.ascontiguousarray(page), "turned.png", 1)
        assert len(tables) == 1
        accuracy, bad_marks = compare(tables[0], TICKS[0])
        assert bad_marks == [] and accuracy == 1.0


@pytest.mark.parametrize("page", [1, 2])
def test_scan_fed_upside_down_is_turned_over(page: int) -> None:
    """A sheet fed into the scanner upside down: its lines run across as an upright
    page's, so nothing but reading tells (it was "a table … not a catalogue")."""
    image = render_pdf_page(SCANS / "scan-district.pdf", page - 1, dpi=200)
    tables = ocr_page_image(np.ascontiguousarray(image[::-1, ::-1]), "scan-district.pdf", page)
    accuracy, bad_marks = compare(tables[0], DISTRICT[page - 1])
    assert bad_marks == [] and accuracy >= 0.98


def test_low_confidence_is_flagged() -> None:
    with Image.open(SCANS / "scan-tick-columns.png") as image:
        page = np.asarray(image.convert("RGB"))
    strict = ocr_page_image(page, "t.png", 1, {"ocr_min_confidence": 1.0})[0]
    relaxed = ocr_page_image(page, "t.png", 1, {"ocr_min_confidence": 0.0})[0]
    texts = [c for c in strict.cells if c.text and c.text != CHECKED]
    assert texts and all(LOW_CONFIDENCE in c.flags for c in texts)
    assert not any(LOW_CONFIDENCE in c.flags for c in relaxed.cells)


@pytest.mark.parametrize("page", [1, 2])
def test_scanned_pdf_page(page: int) -> None:
    """The PDF reader's path for a page without a text layer (black and white: its
    scan dropouts once turned 站 into a ticked box)."""
    image = render_pdf_page(SCANS / "scan-district.pdf", page - 1, dpi=200)
    assert image.ndim == 3 and image.shape[2] == 3
    tables = ocr_page_image(image, "scan-district.pdf", page)
    accuracy, bad_marks = compare(tables[0], DISTRICT[page - 1])
    assert bad_marks == [] and accuracy >= 0.98


def test_scanned_pdf_through_the_pipeline() -> None:
    """`catalogue extract scan.pdf`: pages without a text layer go to OCR automatically."""
    from catalogue.api import extract_file

    rows = extract_file(SCANS / "scan-district.pdf").items
    expected = json.loads((SCANS / "scan-district.rows.json").read_text("utf-8"))
    assert [r["item_key"] for r in rows] == [w["item_key"] for w in expected]
    for row, want in zip(rows, expected, strict=True):
        diff = {k: (row.get(k), v) for k, v in want.items() if k != "source" and row.get(k) != v}
        assert diff == {}, want["item_key"]


@pytest.mark.parametrize("name", ["scan-with-title.pdf", "scan-searchable.pdf"])
def test_a_scan_with_text_of_its_own_is_read_by_ocr(name: str) -> None:
    """A scanned page under a visible title and page number, or under a scanner's
    invisible text layer (samples/generate_text_over_scans.py): its text layer holds no
    table, so the picture is read; both failed as "no ruled table found"."""
    from catalogue.api import extract_file

    items = extract_file(SCANS / name).items
    expected = [r for r in json.loads((SCANS / "scan-district.rows.json").read_text("utf-8")) if r["page"] == 1]
    assert [item["item_key"] for item in items] == [row["item_key"] for row in expected]
    for item, want in zip(items, expected, strict=True):
        diff = {k: (item.get(k), v) for k, v in want.items() if k != "source" and item.get(k) != v}
        assert diff == {}, want["item_key"]
