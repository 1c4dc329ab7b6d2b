"""Marks a PDF does not print (samples/unprinted_marks.py): the scan bench must not
count against the OCR path what no scan of the page can show. Read from the Word-made
sample PDFs and their generators' expected rows."""

from __future__ import annotations

import cv2
import numpy as np
import pypdfium2 as pdfium
from scan_family_bench import ROOT, bench, gen

from catalogue.api import extract_file

SAMPLES = ROOT / "samples"
um = gen.unprinted_marks  # samples/unprinted_marks.py, on the path scan_family_bench sets
SCALE = 600 / 72  # rendered at 600 dpi: a frame is 40 px wide


def _frame_pixels(pdf: pdfium.PdfDocument, page: int, box: tuple[float, float, float, float]) -> np.ndarray:
    """The glyph drawn in a character box as the PDF prints it (600 dpi, 1-bit): the
    connected ink that crosses the box's middle row, cropped to itself."""
    image = (np.asarray(pdf[page - 1].render(scale=SCALE).to_pil().convert("L")) < 128).astype(np.uint8)
    x0, y0, x1, y1 = (round(v * SCALE) for v in box)
    _, labels = cv2.connectedComponents(image[y0:y1, x0:x1], connectivity=8)
    middle = labels[(y1 - y0) // 2]
    frame = labels == np.bincount(middle[middle > 0]).argmax()
    ys, xs = np.nonzero(frame)
    return frame[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1]


def test_checked_and_empty_frames_print_the_same_pixels_in_district_mixed():
    """The second box of a line in district_mixed prints as a frame whether its text
    layer says ☑ (\\uf052) or ☐ (\\uf0a3): the state is in the text layer only."""
    path = SAMPLES / "word" / "district_mixed.pdf"
    frames = um.notdef_boxes(path)
    by_state: dict[str, list[tuple[int, tuple[float, float, float, float]]]] = {"checked": [], "empty": []}
    for item in extract_file(path).record.items:
        for m in item.marks:
            cx, cy = (m.bbox[0] + m.bbox[2]) / 2, (m.bbox[1] + m.bbox[3]) / 2
            for box in frames.get(m.place.page, []):
                if box[0] <= cx <= box[2] and box[1] <= cy <= box[3]:
                    by_state[m.state].append((m.place.page, box))
    assert by_state["checked"] and by_state["empty"]
    pdf = pdfium.PdfDocument(str(path))
    try:
        # Same width boxes on one page (the frame drawn at the same size): the same ink.
        page, checked = by_state["checked"][0]
        width = checked[2] - checked[0]
        empty = next(b for p, b in by_state["empty"] if p == page and abs((b[2] - b[0]) - width) < 0.05)
        a, b = _frame_pixels(pdf, page, checked), _frame_pixels(pdf, page, empty)
        assert a.sum() > 100 and a[a.shape[0] // 2, a.shape[1] // 2] == 0  # a frame, paper inside
        # The same frame; a pixel's rim may differ where the glyphs start at other
        # fractions of a point.
        assert abs(a.shape[0] - b.shape[0]) <= 1 and abs(a.shape[1] - b.shape[1]) <= 1
        h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
        assert int((a[:h, :w] ^ b[:h, :w]).sum()) <= 0.1 * a.sum()
    finally:
        pdf.close()


def test_cells_decided_by_unprinted_marks_are_listed_with_the_generators_states():
    member = next(m for m in gen.family() if m["source"] == "district_mixed")
    cells = set(gen.unstated(member["pdf"], member["expected"]))
    rows = {r["item_no"]: r for r in gen.expected_rows(member["expected"])}
    # Item 2 (履职依据 / 部门（处镇）文件): 政府公报 checked, printed as the second box of
    # its line; 政府网站, the first, prints ☑.
    assert (2, "channel_gazette") in cells and rows[2]["channel_gazette"] is True
    assert (2, "channel_website") not in cells
    # Item 13's 公开查阅点 is no named channel: its frame decides the catch-all columns.
    assert {(13, "channel_other"), (13, "channels_extra")} <= cells and rows[13]["channels_extra"] == ["公开查阅点"]
    # Only options are listed, and every column a mark decides.
    assert all(c.startswith(("channel", "method_", "disclosure_")) for _, c in cells)
    assert sum(1 for i, c in cells if c != "channels_extra" and rows[i][c]) >= 7


def test_frames_that_print_one_state_only_are_counted():
    """The reportlab sample's Wingdings 2 stand-in draws ☐ with its .notdef outline; no
    checked mark is drawn so, so a frame there says "empty" and is counted."""
    pdf = SAMPLES / "pdf" / "district-catalogue.pdf"
    assert um.notdef_boxes(pdf)
    assert gen.unstated("pdf/district-catalogue.pdf", "pdf/district-catalogue.expected.json") == []
    assert gen.unstated("word/district_unicode.pdf", "word/expected-round1.json#district_unicode") == []


def test_the_bench_does_not_count_unstated_cells():
    want = [{"item_no": 1, "item_key": "甲", "channel_gazette": True, "channel_website": True}]
    got = [{"item_no": 1, "item_key": "甲", "channel_gazette": False, "channel_website": True}]
    columns = ("channel_gazette", "channel_website")
    full = bench.bench_scans.score_rows(want, got, columns)
    assert (full.marks, full.marks_right) == (2, 1)
    kept = bench.bench_scans.score_rows(want, got, columns, frozenset({(1, "channel_gazette")}))
    assert (kept.marks, kept.marks_right, kept.wrong) == (1, 1, [])
