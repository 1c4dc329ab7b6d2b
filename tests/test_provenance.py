"""The record of decisions: every value of every item points at the cells it came
from. For every sample PDF, the characters inside each value's recorded boxes, read
from the page as the extractor reads it (TextLayer), hold the value; and
`catalogue extract --provenance` writes the record beside the outputs."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from catalogue.api import extract_file
from catalogue.cli import app
from catalogue.extract.pdf import TextLayer
from catalogue.extract.pdf.readers import PdfiumReader
from catalogue.normalise.record import (
    CARRIED,
    DITTO,
    FILLED_DOWN,
    JOINED,
    LABEL_JOINED,
    CellSource,
    Record,
)
from catalogue.raw import UNITS_CELLS, UNITS_NONE
from catalogue.schemas.contract import LEVELS
from catalogue.schemas.lookup import fold

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
# Sample PDFs that are no catalogue with a text layer (bad inputs, scans): the
# extractor refuses them or reads them by OCR, and their own tests cover that.
NOT_TEXT_CATALOGUES = {
    "cyclic-pages.pdf", "damaged-stream.pdf", "encrypted-owner-only.pdf", "encrypted-user-password.pdf",
    "image-only.pdf", "no-table.pdf", "scanned-page-2.pdf", "truncated.pdf", "zero-pages.pdf",
}
# Tables in Japanese, Korean and traditional-script encodings (samples/fonts/script-*):
# their text is read, but they are no catalogue, so they give no items to trace.
NOT_CATALOGUE_PREFIX = "script-"
PDFS = sorted(
    str(p.relative_to(SAMPLES))
    for folder in ("pdf", "word", "fonts", "pagebreaks")
    for p in (SAMPLES / folder).glob("*.pdf")
    if p.name not in NOT_TEXT_CATALOGUES and not p.name.startswith(NOT_CATALOGUE_PREFIX)
)
# Values the record traces to cells whose text is the value itself, repaired.
TEXT_FIELDS = ("content", "basis", "subject", "time_limit", *(f"level_{k}" for k in range(1, LEVELS + 1)))
runner = CliRunner()


def _chars_in(layer: TextLayer, pages: dict[int, list | None], source: CellSource) -> str | None:
    """The characters whose centre lies inside the source cell's box, in reading order;
    None where the page's text layer cannot be decoded (the extractor read it by OCR)."""
    if source.page not in pages:
        content, unreadable = layer.read(source.page)
        pages[source.page] = None if unreadable else content.chars
    chars = pages[source.page]
    if chars is None:
        assert source.place.dpi, "a page read by OCR records its resolution"
        return None
    x0, y0, x1, y1 = source.bbox
    inside = [c for c in chars
              if x0 <= (c.x0 + c.x1) / 2 <= x1 and y0 <= (c.top + c.bottom) / 2 <= y1]
    inside.sort(key=lambda c: (round(c.baseline), c.x0))
    return "".join(c.text for c in inside)


def _is_subsequence(value: str, text: str) -> bool:
    rest = iter(text)
    return all(ch in rest for ch in value)


@pytest.mark.parametrize("name", PDFS)
def test_recorded_boxes_hold_each_value(name: str) -> None:
    path = SAMPLES / name
    extraction = extract_file(path)
    record = extraction.record
    assert isinstance(record, Record)
    assert [(r.item_no, r.item_key) for r in record.items] == [(i["item_no"], i["item_key"]) for i in extraction.items]
    layer = TextLayer(PdfiumReader(path, path.name, None), path, path.name, None)
    pages: dict[int, list | None] = {}
    checked = scanned = 0
    try:
        for item, rec in zip(extraction.items, record.items, strict=True):
            for column in TEXT_FIELDS:
                value = item[column]
                if value is None:
                    continue
                field = rec.field(column)
                assert field is not None and field.sources, f"{name} {item['item_key']}: {column} has no source"
                if DITTO in field.decisions:
                    continue  # 同上: the record names the 同上 cell; the value is the cell above's
                parts = [_chars_in(layer, pages, s) for s in field.sources]
                if any(part is None for part in parts):
                    scanned += 1
                    continue
                rebuilt = "".join(parts)  # type: ignore[arg-type]
                want = fold(value).replace("；", "")
                assert _is_subsequence(want, fold(rebuilt)), (name, item["item_key"], column, value, rebuilt, field)
                checked += 1
    finally:
        layer.close([])
    # Every item has at least one traced text value (or its page was read by OCR).
    assert checked + scanned >= len(extraction.items)


def test_page_break_decisions_are_recorded() -> None:
    split = extract_file(SAMPLES / "pagebreaks" / "split-row-bare.pdf").record
    joined = [r for r in split.items if r.field("content") and JOINED in r.field("content").decisions]
    assert len(joined) == 1
    assert [s.page for s in joined[0].field("content").sources] == [1, 2]

    cut = extract_file(SAMPLES / "pagebreaks" / "cut-label-span.pdf").record
    labels = [r.field("level_1") for r in cut.items]
    rejoined = [f for f in labels if f is not None and LABEL_JOINED in f.decisions]
    assert rejoined and all({s.page for s in f.sources} == {1, 2} for f in rejoined[:1])
    filled = [r for r in cut.items if r.field("level_2") and FILLED_DOWN in r.field("level_2").decisions]
    assert filled and all(s.page < r.page or s.page == r.page for r in filled for s in r.field("level_2").sources)


def test_merged_subject_carried_over_a_break_points_at_its_page() -> None:
    record = extract_file(SAMPLES / "word" / "national_merged_subject.pdf").record
    carried = [r for r in record.items if r.field("subject") and CARRIED in r.field("subject").decisions]
    assert carried
    for rec in carried:
        assert all(s.page < rec.page for s in rec.field("subject").sources)


def test_marks_are_recorded_with_their_state() -> None:
    record = extract_file(SAMPLES / "pdf" / "district-catalogue.pdf").record
    states = {m.state for r in record.items for m in r.marks}
    assert states == {"checked", "empty", "unreadable"}
    labelled = [m for r in record.items for m in r.marks if m.fields]
    assert len(labelled) >= 100


def test_text_input_records_line_numbers(district_text: Path) -> None:
    extraction = extract_file(district_text)
    lines = district_text.read_text(encoding="utf-8").splitlines()
    for rec in extraction.record.items:
        field = rec.field("content")
        if field is None or DITTO in field.decisions:
            continue
        for source in field.sources:
            assert source.place.units == UNITS_NONE
            line = lines[source.line() - 1].split("\t")
            assert line[source.col] and fold(line[source.col]) in fold(field.text)


def test_office_input_records_cell_references() -> None:
    from openpyxl import load_workbook

    path = SAMPLES / "office" / "district.xlsx"
    extraction = extract_file(path)
    book = load_workbook(path)
    seen = 0
    for rec in extraction.record.items:
        field = rec.field("content")
        if field is None:
            continue
        for source in field.sources:
            assert source.place.units == UNITS_CELLS and source.place.label
            sheet = book.worksheets[source.page - 1]
            ref = source.reference().split(":")[0]
            assert fold(str(sheet[ref].value)) in fold(field.text), (ref, field.text)
            seen += 1
    assert seen >= 5


def test_cli_writes_provenance_beside_the_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    old = os.umask(0o002)
    try:
        result = runner.invoke(app, ["extract", str(SAMPLES / "pagebreaks" / "split-row-bare.pdf"), "-o", str(out),
                                     "--provenance", "-q"])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    target = out / "split-row-bare.provenance.parquet"
    assert sorted(p.name for p in out.iterdir()) == [
        "manifest.json", "split-row-bare.csv", "split-row-bare.parquet", "split-row-bare.provenance.parquet"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o664
    table = pq.read_table(target)
    rows = table.to_pylist()
    items = pq.read_table(out / "split-row-bare.parquet").to_pylist()
    assert {(r["item_key"], r["item_no"]) for r in rows} == {(i["item_key"], i["item_no"]) for i in items}
    content = [r for r in rows if r["field"] == "content" and "joined_across_pages" in r["decisions"]]
    assert sorted(r["page"] for r in content) == [1, 2]
    assert all(r["units"] == "pt" and r["x0"] < r["x1"] and r["y0"] < r["y1"] for r in content)
    marks = [r for r in rows if r["field"] == "mark"]
    assert marks and {r["mark_state"] for r in marks} <= {"checked", "empty", "unreadable"}


def test_without_the_flag_no_provenance(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(SAMPLES / "pagebreaks" / "split-row-bare.pdf"), "-o", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    assert not list(tmp_path.glob("*.provenance.parquet"))
