"""Text from every PDF font on any machine, or a plain statement that it could not be read.

The samples come from samples/generate_font_pdfs.py; expected values from its data. CI runs
this suite with no system font visible (.ci/run), which is the condition that matters:
pdfium alone reads nothing from a font that is not embedded there.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from typer.testing import CliRunner

from catalogue.api import extract_file
from catalogue.cli import app
from catalogue.errors import NoTablesFound
from catalogue.extract import pdfium_fonts
from catalogue.extract.pdf import open_pdf
from catalogue.extract.pdf.geometry import Char, PageContent
from catalogue.extract.pdf.readers import PdfiumReader, PlumberReader
from catalogue.extract.pdf.text import judge_page, judge_text, needs_pdfminer, same_reading
from catalogue.schemas.warnings import (
    OCR_FALLBACK,
    OCR_NO_GLYPHS,
    TEXT_FROM_PDFMINER,
    TEXT_LAYER_UNREADABLE,
)

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
sys.path.insert(0, str(SAMPLES))
import generate_font_pdfs as gen  # noqa: E402

FONTS = SAMPLES / "fonts"
runner = CliRunner()


def _fields(rows: list[dict], names: list[str]) -> list[dict]:
    return [{k: row[k] for k in names} for row in rows]


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber", "camelot"])
@pytest.mark.parametrize("cmap", gen.GB_CMAPS, ids=lambda c: c.encoding)
def test_predefined_cmaps_decode_without_a_system_font(cmap: gen.Cmap, engine: str) -> None:
    name = f"cmap-{cmap.encoding}.pdf"
    expected = gen.expected_rows(name)
    extraction = extract_file(FONTS / name, {"engine": engine})
    assert _fields(extraction.items, list(expected[0])) == expected
    assert all(item["warnings"] == [] for item in extraction.items)
    codes = [note.code for note in extraction.notes]
    # pdfium reads the font through the stand-in face; where its reading differs from
    # pdfminer's (the UTF-8 and UTF-32 CMaps), the page is pdfminer's, and a note says so.
    handed_over = engine != "pdfplumber" and not cmap.pdfium_decodes
    assert codes == ([TEXT_FROM_PDFMINER] if handed_over else [])
    if handed_over:
        assert "pdfium read STSong-Light (not embedded) differently from pdfminer" in extraction.notes[0].message


@pytest.mark.parametrize("name", [f"cmap-{c.encoding}.pdf" for c in gen.GB_CMAPS if c.pdfium_decodes]
                         + [f"script-{c.encoding}.pdf" for c in gen.SCRIPT_CMAPS])
def test_pdfium_reads_a_font_that_is_not_embedded_as_pdfminer_does(name: str) -> None:
    """With the stand-in face (pdfium_fonts) pdfium keeps every character of a CJK font
    that is not embedded, at the width the PDF gives it: the same characters, in the same
    places, as pdfminer's, on a machine with no font at all (CI) as on any other."""
    content = _pdfium_page(name)
    assert content.unembedded_fonts and not needs_pdfminer(content)
    miner = PlumberReader(FONTS / name, name, None)
    try:
        theirs = miner.read_chars(1)
    finally:
        miner.close()
    assert len(content.chars) == len(theirs) > 0
    assert same_reading(content.chars, theirs)  # text, x0, x1 (the PDF's widths, not the stand-in's em) and baseline


@pytest.mark.parametrize("name", [f"cmap-{c.encoding}.pdf" for c in gen.GB_CMAPS if not c.pdfium_decodes])
def test_a_font_pdfium_misreads_is_caught_by_the_check(name: str) -> None:
    content = _pdfium_page(name)
    miner = PlumberReader(FONTS / name, name, None)
    try:
        theirs = miner.read_chars(1)
    finally:
        miner.close()
    # What pdfium makes of it is other characters, not nothing: only the check against
    # pdfminer tells.
    assert content.chars and not needs_pdfminer(content)
    assert not same_reading(content.chars, theirs)
    assert "".join(ch.text for ch in theirs).startswith(gen.TITLE)


@pytest.mark.parametrize("cmap", gen.SCRIPT_CMAPS, ids=lambda c: c.encoding)
def test_traditional_japanese_and_korean_cmaps(cmap: gen.Cmap) -> None:
    document = open_pdf(FONTS / f"script-{cmap.encoding}.pdf", source="s.pdf", sha256="")
    (table,) = list(document.tables)
    grid = [["" for _ in range(table.n_cols)] for _ in range(table.n_rows)]
    for cell in table.cells:
        grid[cell.row][cell.col] = cell.text
    assert [tuple(row) for row in grid] == gen.script_rows(cmap.ordering)


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber", "camelot"])
def test_a_font_named_in_gbk_bytes_is_read(engine: str) -> None:
    """A Type0 font named 宋体 in GBK bytes whose CIDSystemInfo names no Adobe collection:
    pdfminer leaves its characters as (cid:N) and keeps the name as bytes, which the
    reader must match to the characters' font to name them from the CMap's collection
    (it raised TypeError on the bytes, and the page was reported damaged)."""
    name = "gbk-font-name.pdf"
    miner = PlumberReader(FONTS / name, name, None)
    try:
        text = "".join(ch.text for ch in miner.read_chars(1))
    finally:
        miner.close()
    assert text.startswith(gen.TITLE + "".join(gen.HEADER))
    expected = gen.expected_rows(name)
    extraction = extract_file(FONTS / name, {"engine": engine})
    assert _fields(extraction.items, list(expected[0])) == expected
    assert extraction.notes == []


def _pdfium_page(name: str) -> PageContent:
    """Page 1 as the fast reader alone sees it, before any hand-over or judgement."""
    reader = PdfiumReader(FONTS / name, name, None)
    try:
        return reader.read(1)
    finally:
        reader.close()


def test_embedded_font_without_tounicode_is_read_by_ocr() -> None:
    content = _pdfium_page("no-tounicode.pdf")
    assert not needs_pdfminer(content)  # the font is embedded: pdfium's reading is its best
    # reportlab's subsets use one-byte codes: without the map they read as control
    # characters and Latin letters.
    assert judge_page(content) is not None

    extraction = extract_file(FONTS / "no-tounicode.pdf")
    expected = gen.expected_rows("no-tounicode.pdf")
    assert _fields(extraction.items, list(expected[0])) == expected
    (note,) = extraction.notes
    assert (note.page, note.code) == (1, OCR_FALLBACK)
    assert "no-tounicode.pdf p1: the text layer cannot be decoded" in note.message


def test_undecodable_text_without_ocr_fails_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(NoTablesFound) as raised:
        extract_file(FONTS / "no-tounicode.pdf", {"ocr": "never"})
    assert str(raised.value) == ("no-tounicode.pdf: the text layer cannot be decoded on page 1 (fonts without a "
                                 "usable Unicode map), and OCR is off (--ocr never); page left out")
    result = runner.invoke(app, ["extract", str(FONTS / "no-tounicode.pdf"), "--ocr", "never", "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "no-tounicode.pdf: the text layer cannot be decoded" in result.output
    assert "Traceback" not in result.output
    assert not list(tmp_path.glob("no-tounicode.*"))


def test_an_undecodable_page_is_noted_and_left_out(tmp_path: Path) -> None:
    """Page 1 decodes, page 2 does not and OCR is off: page 1's rows, and a note naming page 2."""
    merged = pdfium.PdfDocument.new()
    for name in ("cmap-GBK-EUC-H.pdf", "no-tounicode.pdf"):
        part = pdfium.PdfDocument(str(FONTS / name))
        merged.import_pages(part)
        part.close()
    path = tmp_path / "mixed.pdf"
    merged.save(str(path))
    merged.close()
    extraction = extract_file(path, {"ocr": "never"})
    assert [(item["page"], item["item_key"]) for item in extraction.items] == [
        (1, row["item_key"]) for row in gen.expected_rows("mixed.pdf")
    ]
    unreadable = [n for n in extraction.notes if n.code == TEXT_LAYER_UNREADABLE]
    assert [n.page for n in unreadable] == [2]
    assert "mixed.pdf p2: the text layer cannot be decoded" in unreadable[0].message
    assert "OCR is off" in unreadable[0].message


def _chars(text: str, font: str = "SimSun", width: float = 10.0, size: float = 10.0) -> list[Char]:
    return [Char(ch, 10.0 * k, 10.0 * k + width, 50.0, size, font) for k, ch in enumerate(text)]


def test_judge_accepts_sound_text_and_symbol_font_marks() -> None:
    chars = _chars("公开内容主动公开依申请公开区政府各部门")
    chars += _chars("20个工作日内 Excel", width=5.0)
    chars += _chars("\uf0a8\uf0d6\uf0a8", font="OpenSymbol") + _chars("\uf052\uf0a3", font="ABCDEF+Wingdings2")
    assert judge_text(chars) is None


@pytest.mark.parametrize(("junk", "words"), [
    ("\ufffd" * 30, "U+FFFD"),
    ("\ue001\ue002\ue003" * 10, "private-use"),
    ("\x01\x02\x03" * 10, "control"),
])
def test_judge_rejects_undecodable_characters(junk: str, words: str) -> None:
    verdict = judge_text(_chars("公开内容主动公开") + _chars(junk))
    assert verdict is not None and words in verdict.reason


def test_judge_rejects_cid_tokens_and_wide_latin() -> None:
    cid = [Char("(cid:123)", 0, 10, 50, 10, "F1") for _ in range(20)]
    verdict = judge_text(_chars("公开内容") + cid)
    assert verdict is not None and "(cid:N)" in verdict.reason
    # Han glyphs decoded as Latin letters keep their full-em advance.
    verdict = judge_text(_chars("ABCDEFGHIJKLMNOP", width=10.0))
    assert verdict is not None and "Latin letters" in verdict.reason
    assert judge_text(_chars("ABCDEFGHIJKLMNOP", width=5.5)) is None  # real Latin text


def test_a_few_odd_glyphs_do_not_condemn_a_page() -> None:
    assert judge_text(_chars("公开内容" * 30) + _chars("\ufffd\ufffd")) is None  # below MIN_BAD_CHARS


def test_text_objects_that_decode_to_nothing() -> None:
    content = PageContent(1, 100.0, 100.0, chars=_chars("公开内容"), text_objects=40, silent_text_objects=30)
    verdict = judge_page(content)
    assert verdict is not None and "30 of 40 text objects" in verdict.reason
    assert needs_pdfminer(content)  # pdfium read nothing there: pdfminer is tried first


def test_the_stand_in_face_maps_every_character_to_one_inkless_glyph() -> None:
    """What pdfium_fonts gives pdfium for CJK fonts that are not embedded (the committed
    file, as `python -m catalogue.extract.pdfium_fonts` makes it)."""
    from fontTools.ttLib import TTFont

    font = TTFont(pdfium_fonts.STAND_IN)
    (table,) = font["cmap"].tables
    assert (table.format, table.platformID, table.platEncID) == (13, 3, 10)
    assert set(table.cmap.values()) == {"stand-in"}
    assert min(table.cmap) == 0x20 and max(table.cmap) == pdfium_fonts.LAST_CODE_POINT
    assert len(table.cmap) == pdfium_fonts.LAST_CODE_POINT - 0x20 + 1
    glyph = font["glyf"]["stand-in"]
    coordinates, ends, _ = glyph.getCoordinates(font["glyf"])
    assert len(coordinates) == 2 and list(ends) == [1]  # one contour of two points: no area, no ink
    assert font["hmtx"]["stand-in"] == (pdfium_fonts.UNITS_PER_EM, 0)


def test_ocr_always_reads_the_text_layer_of_fonts_that_draw_nothing() -> None:
    """A font that is not embedded draws no glyph in a rendered page (the stand-in has
    no ink): OCR of it would find empty cells, so each such page is read from its text
    layer, with a note saying why."""
    name = "cmap-UniGB-UCS2-H.pdf"
    extraction = extract_file(FONTS / name, {"ocr": "always"})
    expected = gen.expected_rows(name)
    assert _fields(extraction.items, list(expected[0])) == expected
    assert [(n.page, n.code) for n in extraction.notes] == [(1, OCR_NO_GLYPHS)]
    assert "STSong-Light" in extraction.notes[0].message


def test_a_page_read_by_pdfminer_is_a_note_not_a_warning(tmp_path: Path) -> None:
    name = next(f"cmap-{c.encoding}.pdf" for c in gen.GB_CMAPS if not c.pdfium_decodes)
    result = runner.invoke(app, ["extract", str(FONTS / name), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("note:") and "pdfminer" in line and name in line for line in lines)
    assert not any(line.startswith("warning:") for line in lines), result.output
    assert lines[-1].endswith("; notes: text_from_pdfminer 1"), lines[-1]
