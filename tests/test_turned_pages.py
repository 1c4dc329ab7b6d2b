"""Pages whose text runs sideways (samples/pdf/national-turned.pdf, made by
samples/generate_pdfs.py): a landscape catalogue printed on portrait pages without
/Rotate, its lines running down one page and up the next. Read turned, they give the
rows the generator wrote; before, the text layer was taken for one that cannot be
decoded and the file failed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import given_column_problems

from catalogue.api import extract_file
from catalogue.extract.pdf.geometry import quarter_turn, text_turn
from catalogue.extract.pdf.readers import PdfiumReader, PlumberReader
from catalogue.extract.pdf.text import same_reading

PDFS = Path(__file__).resolve().parent.parent / "samples" / "pdf"
TURNED = PDFS / "national-turned.pdf"


def test_a_catalogue_printed_sideways_gives_its_generators_rows(contract_differences) -> None:
    expected = json.loads((PDFS / "national-turned.expected.json").read_text(encoding="utf-8"))["rows"]
    actual = extract_file(TURNED).items
    assert [r["item_key"] for r in actual] == [r["item_key"] for r in expected]
    problems = contract_differences(expected, actual)
    assert not problems, "\n".join(problems)


def test_each_page_is_turned_its_own_way_and_upright_pages_are_not() -> None:
    reader = PdfiumReader(TURNED, TURNED.name, None)
    try:
        pages = [reader.read(n) for n in (1, 2)]
    finally:
        reader.close()
    assert [p.turn for p in pages] == [90, 270]
    assert all(p.width > p.height for p in pages)  # the landscape table, upright again
    upright = PdfiumReader(PDFS / "national-catalogue.pdf", "national-catalogue.pdf", None)
    try:
        assert upright.read(1).turn == 0
        # The same table in the same places as the upright print.
        assert same_reading(upright.read(1).chars, pages[0].chars)
    finally:
        upright.close()


@pytest.mark.parametrize("number", [1, 2])
def test_pdfminer_characters_are_turned_the_same_way(number: int) -> None:
    # A page whose fonts pdfium cannot decode the same way on every machine takes
    # pdfminer's characters: they must land where pdfium's would.
    ours = PdfiumReader(TURNED, TURNED.name, None)
    theirs = PlumberReader(TURNED, TURNED.name, None)
    try:
        content = ours.read(number)
        assert same_reading(content.chars, theirs.read_chars(number, content.turn))
    finally:
        ours.close()
        theirs.close()


def test_sideways_header_labels_over_upright_rows_do_not_turn_the_page() -> None:
    # sideways-labels.pdf (samples/generate_sideways_labels.py): page 2 is the header and
    # one row, its labels 60% of the page's characters; read turned, its labels became items.
    expected = json.loads((PDFS / "sideways-labels.expected.json").read_text(encoding="utf-8"))["rows"]
    problems = given_column_problems(expected, extract_file(PDFS / "sideways-labels.pdf").items)
    assert not problems, "\n".join(problems)


def test_which_way_text_runs() -> None:
    assert [quarter_turn(1, 0), quarter_turn(0, 1), quarter_turn(-1, 0), quarter_turn(0, -1)] == [0, 90, 180, 270]
    assert quarter_turn(1, 0.2) == 0  # a skewed scan's text layer leans a little
    assert quarter_turn(1, 1) is None  # 45 degrees: no way at all
    assert text_turn([90] * 19 + [0]) == 90  # a page number left upright
    assert text_turn([90] * 6 + [0] * 4) == 0  # sideways labels over upright rows
    assert text_turn([None] * 3) == 0
