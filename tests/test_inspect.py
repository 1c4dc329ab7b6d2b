"""`catalogue inspect`: what is drawn agrees with the pixels and with `extract`'s items."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from typer.testing import CliRunner

from catalogue.api import extract_file
from catalogue.cli import app
from catalogue.errors import InputNotFound, UnsupportedInput
from catalogue.extract import extract_document
from catalogue.extract.settings import ExtractSettings
from catalogue.inspect import (
    MAX_PIXELS,
    MERGED_RGB,
    STATE_RGB,
    InspectReport,
    NoSuchPage,
    inspect_page,
    mark_line,
    role_name,
)

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PDFS = SAMPLES / "pdf"
WORD = SAMPLES / "word"
SCANS = SAMPLES / "scans"
runner = CliRunner()


def _outline_colours(report: InspectReport) -> list[tuple[str, tuple[int, int, int]]]:
    """(state, colour of the drawn outline) for every mark, read back from the PNG."""
    image = Image.open(report.out).convert("RGB")
    out = []
    for mark in report.marks:
        x0, y0, x1, y1 = mark.box
        mid = (y0 + y1) // 2
        # Left and top edges of the outline, one pixel in.
        left, top = image.getpixel((x0, mid)), image.getpixel(((x0 + x1) // 2, y0 + 1))
        assert left == top, (mark, left, top)
        out.append((mark.state, left))
    return out


def _ink_under_marks(report: InspectReport) -> float:
    """Share of the marks whose outline encloses dark ink: the glyph it stands for."""
    image = Image.open(report.out).convert("L")
    inked = 0
    for mark in report.marks:
        x0, y0, x1, y1 = mark.box
        line = mark_line(report.scale)
        inside = image.crop((x0 + line, y0 + line, x1 - line + 1, y1 - line + 1))
        inked += inside.getextrema()[0] < 160  # paper under the tint is above 210
    return inked / len(report.marks)


def _check_against_items(report: InspectReport, path: Path) -> int:
    """Each mark's colour says what the item field says; returns how many fields were compared."""
    items = [item for item in extract_file(path).items if item["page"] == report.page]
    rows = report.data_rows[0]
    assert len(items) == len(rows), "pick a page whose rows are all items of their own"
    item_at = dict(zip(rows, items, strict=True))
    checked: dict[int, set[str]] = defaultdict(set)
    unreadable: dict[int, set[str]] = defaultdict(set)
    for mark in report.marks:
        if mark.state == "checked":
            checked[mark.row].update(mark.fields)
        elif mark.state == "unreadable":
            unreadable[mark.row].update(mark.fields)
    compared = 0
    for mark in report.marks:
        item = item_at.get(mark.row)
        if item is None or not mark.fields:
            continue
        for name in mark.fields:
            if mark.state == "checked":
                assert item[name] is True, (mark, item[name])
            elif mark.state == "empty" and name not in checked[mark.row] | unreadable[mark.row]:
                # A checked option outside the vocabulary also sets channel_other.
                if not (name == "channel_other" and item["channels_extra"]):
                    assert item[name] is False, (mark, item[name])
            elif mark.state == "unreadable" and name not in checked[mark.row]:
                assert item[name] is None, (mark, item[name])
                assert "mark_unreadable" in item["warnings"]
            compared += 1
    return compared


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("district-catalogue.pdf", 1),
        ("district-catalogue.pdf", 3),  # a rotated page, with an unreadable mark
        ("national-catalogue.pdf", 1),  # drawn boxes, and one option per column
    ],
)
def test_text_layer_marks_agree_with_pixels_and_items(tmp_path: Path, name: str, page: int) -> None:
    path = PDFS / name
    report = inspect_page(path, page, tmp_path / "page.png")
    assert not report.scanned
    assert report.marks
    for state, colour in _outline_colours(report):
        assert colour == STATE_RGB[state]
    assert _check_against_items(report, path) >= 40


def _turned_copy(name: str, page: int, quarter_turns: int, folder: Path, crop: bool = False) -> Path:
    """A copy of a Word-made sample (its fonts are embedded, so pdfium draws every glyph
    on any machine) with one page turned and, optionally, its crop box inside the media box."""
    pdf = pdfium.PdfDocument(str(WORD / name))
    pg = pdf[page - 1]
    pg.set_rotation((pg.get_rotation() + 90 * quarter_turns) % 360)
    if crop:
        left, bottom, right, top = pg.get_mediabox()
        pg.set_cropbox(left + 30, bottom + 40, right - 60, top - 20)
    pg.close()
    out = folder / f"turned-{quarter_turns}-{int(crop)}-{name}"
    pdf.save(str(out))
    pdf.close()
    return out


@pytest.mark.parametrize(("name", "page", "quarter_turns"), [
    ("dA_span3.pdf", 1, 0), ("dA_span3.pdf", 2, 1), ("national_sqrt.pdf", 1, 1), ("district_mixed.pdf", 2, 0),
])
def test_every_outline_encloses_its_glyph(tmp_path: Path, name: str, page: int, quarter_turns: int) -> None:
    """Where the fonts are in the file, the page is drawn the same on every machine, and
    each mark's outline holds the ink of the glyph it stands for, also on a page turned a
    quarter (the reader's display transform against pdfium's drawing).
    (Glyphs of fonts that are not embedded are drawn only where the system has a font for
    them, so the samples with STSong-Light are checked against the items above instead.)"""
    path = _turned_copy(name, page, quarter_turns, tmp_path)
    report = inspect_page(path, page, tmp_path / "page.png")
    assert len(report.marks) >= 40
    assert _ink_under_marks(report) == 1.0


@pytest.mark.parametrize("quarter_turns", [0, 1])
def test_crop_box_smaller_than_the_media_box(tmp_path: Path, quarter_turns: int) -> None:
    """pdfium draws the crop box; the reader's coordinates start at the media box."""
    cropped = _turned_copy("dA_span3.pdf", 1, quarter_turns, tmp_path, crop=True)
    report = inspect_page(cropped, 1, tmp_path / "page.png")
    assert _ink_under_marks(report) == 1.0
    full = inspect_page(_turned_copy("dA_span3.pdf", 1, quarter_turns, tmp_path), 1, tmp_path / "full.png")
    assert [(m.glyph, m.state) for m in report.marks] == [(m.glyph, m.state) for m in full.marks]


def test_unreadable_mark_is_orange(tmp_path: Path) -> None:
    report = inspect_page(PDFS / "district-catalogue.pdf", 3, tmp_path / "p3.png")
    assert report.mark_counts()["unreadable"] == 1
    assert ("unreadable", STATE_RGB["unreadable"]) in _outline_colours(report)


def test_one_option_per_column_is_labelled_by_its_header(tmp_path: Path) -> None:
    report = inspect_page(PDFS / "national-catalogue.pdf", 1, tmp_path / "n1.png")
    names = [c.role for c in report.columns]
    assert names[:3] == ["no.", "level 1", "level 2"]
    assert "disclosure_proactive" in names and "tier_township" in names
    ticks = [m for m in report.marks if m.glyph == "√"]
    assert ticks and all(m.label for m in ticks)  # 全社会 has a label but no field of its own
    assert {("disclosure_proactive",), ("tier_county",)} <= {m.fields for m in ticks}


def test_cells_and_merged_cells(tmp_path: Path) -> None:
    report = inspect_page(PDFS / "district-catalogue.pdf", 1, tmp_path / "d1.png")
    raw = next(iter(extract_document(PDFS / "district-catalogue.pdf", {"pages": (1,)}).tables))
    assert [(c.row, c.col, c.rowspan, c.colspan, c.text) for c in report.cells] == [
        (c.row, c.col, c.rowspan, c.colspan, c.text) for c in raw.cells
    ]
    merged = [c for c in report.cells if c.merged]
    assert merged
    image = Image.open(report.out).convert("RGB")
    on_edge = sum(image.getpixel((c.box[0] + 1, (c.box[1] + c.box[3]) // 2)) == MERGED_RGB for c in merged)
    assert on_edge >= 0.9 * len(merged)
    assert report.header_rows == {0: [0, 1]}


def test_roles_carried_from_an_earlier_page(tmp_path: Path) -> None:
    """Page 5 has no header: its roles are realigned from page 1's, as in a full run."""
    path = PDFS / "district-text-sample.pdf"
    report = inspect_page(path, 5, tmp_path / "p5.png")
    record = extract_file(path).record
    assert record is not None
    read = record.table(5, 0)
    assert read is not None and not read.has_header
    expected = [role_name(r) for r in read.roles]
    assert [c.role for c in report.columns] == expected
    assert not any(c.from_header for c in report.columns)
    assert expected[:5] == ["level 1", "level 2", "level 3", "level 4", "level 5"]


def test_resolution_is_capped(tmp_path: Path) -> None:
    report = inspect_page(PDFS / "national-catalogue.pdf", 2, tmp_path / "big.png", dpi=3000)
    width, height = Image.open(report.out).size
    assert (width, height) == report.size
    # The page itself within the cap, plus at most a band for the role names.
    assert width * height <= MAX_PIXELS * 1.01 + width * 300


def test_written_atomically(tmp_path: Path) -> None:
    out = tmp_path / "out" / "page.png"
    inspect_page(PDFS / "national-catalogue.pdf", 2, out)
    assert [p.name for p in out.parent.iterdir()] == ["page.png"]


def test_page_out_of_range(tmp_path: Path) -> None:
    with pytest.raises(NoSuchPage, match=r"^district-catalogue\.pdf p9: no such page; the file has 4 pages$"):
        inspect_page(PDFS / "district-catalogue.pdf", 9, tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()
    result = runner.invoke(app, ["inspect", str(PDFS / "district-catalogue.pdf"), "--page", "9", "-o", str(tmp_path / "x.png")])
    assert result.exit_code == 1
    assert result.output.strip() == "error: district-catalogue.pdf p9: no such page; the file has 4 pages"


def test_not_a_pdf_or_image(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedInput, match="inspect draws pages of PDFs, images"):
        inspect_page(SAMPLES / "district-catalogue-extracted.txt", 1, tmp_path / "x.png")
    with pytest.raises(InputNotFound):
        inspect_page(tmp_path / "missing.pdf", 1, tmp_path / "x.png")
    result = runner.invoke(app, ["inspect", str(SAMPLES / "markdown" / "district-pipes.md"), "-o", str(tmp_path / "x.png")])
    assert result.exit_code == 1
    assert "inspect draws pages of PDFs" in result.output and "--provenance" in result.output
    assert not (tmp_path / "x.png").exists()


def test_page_without_a_table_is_still_drawn(tmp_path: Path) -> None:
    report = inspect_page(PDFS / "no-table.pdf", 1, tmp_path / "blank.png")
    assert report.out.exists() and not report.cells
    assert any("no table found" in n for n in report.notes)


def test_cli_is_the_library(tmp_path: Path) -> None:
    out = tmp_path / "cli.png"
    result = runner.invoke(app, ["inspect", str(PDFS / "national-catalogue.pdf"), "-p", "2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    library = inspect_page(PDFS / "national-catalogue.pdf", 2, tmp_path / "lib.png")
    assert out.read_bytes() == library.out.read_bytes()
    assert library.summary().replace(str(library.out), str(out)) in " ".join(result.output.split())


# ---------------------------------------------------------------- scanned pages (RapidOCR)


@pytest.mark.ocr
@pytest.mark.parametrize(("name", "page"), [("scan-district.pdf", 2), ("scan-district-p1.png", 1)])
def test_scanned_marks_agree_with_pixels_and_items(tmp_path: Path, name: str, page: int) -> None:
    path = SCANS / name
    report = inspect_page(path, page, tmp_path / "scan.png")
    assert report.scanned
    assert report.mark_counts()["checked"] >= 10 and report.mark_counts()["empty"] >= 10
    for state, colour in _outline_colours(report):
        assert colour == STATE_RGB[state]
    assert _ink_under_marks(report) == 1.0
    assert _check_against_items(report, path) >= 30


@pytest.mark.ocr
def test_image_page_out_of_range(tmp_path: Path) -> None:
    with pytest.raises(NoSuchPage, match=r"scan-tick-columns\.png p2: no such page; the file has 1 page$"):
        inspect_page(SCANS / "scan-tick-columns.png", 2, tmp_path / "x.png")


# ---------------------------------------------------------------- drawn from the record


def test_marks_and_items_come_from_extracts_record(tmp_path: Path) -> None:
    """What inspect draws is what `extract` decided: the same marks, with the same states
    and fields, and the items of the page with their numbers and warnings."""
    path = SAMPLES / "pagebreaks" / "split-row-bare.pdf"
    extraction = extract_file(path)
    report = inspect_page(path, 2, tmp_path / "p2.png")
    recorded = [(m.row, m.col, m.glyph, m.state, m.fields) for item in extraction.record.items
                for m in item.marks if m.place.page == 2]
    assert recorded
    assert [(m.row, m.col, m.glyph, m.state, m.fields) for m in report.marks] == recorded
    on_page = [i for i in extraction.items if i["page"] == 2 or any(
        m.place.page == 2 for m in extraction.record.items[i["item_no"] - 1].marks)]
    assert [(v.item_no, v.item_key, list(v.warnings)) for v in report.items] == [
        (i["item_no"], i["item_key"], i["warnings"]) for i in on_page]
    joined = next(v for v in report.items if "row_joined_across_pages" in v.warnings)
    assert joined.item_no < min(i["item_no"] for i in extraction.items if i["page"] == 2)  # began on page 1
    image = Image.open(report.out).convert("RGB")
    drawn = [v for v in report.items if v.box is not None]
    assert drawn and all(image.crop(v.box).getextrema() != ((255, 255), (255, 255), (255, 255)) for v in drawn)
    assert f"items {report.items[0].item_no}–{report.items[-1].item_no}" in report.summary()


def test_undecodable_page_is_said_plainly(tmp_path: Path) -> None:
    report = inspect_page(SAMPLES / "fonts" / "no-tounicode.pdf", 1, tmp_path / "x.png")
    assert any("text layer cannot be decoded" in n for n in report.notes)


def test_the_record_keeps_how_each_table_was_read() -> None:
    # The district sample repeats its two header rows on each of its four pages
    # (samples/generate_pdfs.py); every other row of a page is part of an item.
    extraction = extract_file(PDFS / "district-catalogue.pdf")
    record = extraction.record
    assert record is not None
    assert [(t.place.page, t.place.table) for t in record.tables] == [(1, 0), (2, 0), (3, 0), (4, 0)]
    tables = {t.page: t for t in extract_document(PDFS / "district-catalogue.pdf").tables}
    for read in record.tables:
        assert read.has_header and read.header_rows == [0, 1]
        assert read.data_rows == list(range(2, tables[read.place.page].n_rows))
        assert [role_name(r) for r in read.roles][:6] == [f"level {k}" for k in range(1, 7)]


def test_ocr_always_on_fonts_that_draw_nothing_is_drawn_as_extract_read_it(tmp_path: Path) -> None:
    # extract reads such a page from its text layer (ocr_no_glyphs): inspect draws that
    # reading, not an OCR of a page whose glyphs have no ink (issue 22: decisions made twice).
    pdf = SAMPLES / "fonts" / "cmap-UniGB-UCS2-H.pdf"
    settings = ExtractSettings(ocr="always")
    extraction = extract_file(pdf, settings)
    assert [n.code for n in extraction.notes] == ["ocr_no_glyphs"]
    report = inspect_page(pdf, 1, tmp_path / "p1.png", settings)
    assert not report.scanned
    assert {cell.text for cell in report.cells if cell.text} >= {item["level_1"] for item in extraction.items}
