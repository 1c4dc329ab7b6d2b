"""Office readers: the committed samples (samples/office/generate_office.py) give the rows
their generator wrote from its own data; hostile and unreadable files give one-line errors.
The legacy and WPS samples (.doc, .wps) are read through LibreOffice: these tests need
`soffice` (CI installs it), except the one that hides it to check the error.

LibreOffice will not start without a font. A system with LibreOffice has the one its
package depends on (fonts-opensymbol), but CI hides every system font to prove the tool
itself needs none; the tests that run LibreOffice give it the Latin fonts that reportlab
(a dev dependency) ships, through a fontconfig file of their own.
"""

from __future__ import annotations

import functools
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import need_soffice

from catalogue.api import extract_file
from catalogue.errors import (
    CatalogueError,
    DamagedInput,
    EncryptedInput,
    MissingDependency,
    UnsupportedInput,
)
from catalogue.extract import SUPPORTED_SUFFIXES, extract_document, sniff
from catalogue.extract.office.package import MAX_RATIO
from catalogue.raw import CHECKED, UNCHECKED

OFFICE = Path(__file__).resolve().parent.parent / "samples" / "office"
ALL_COLUMNS: set[str] = set()
# A PDF printed from a document numbers physical pages and notes rows a page break split.
NOT_IN_PRINT = {"page", "source", "warnings", "other_columns"}

SAMPLES = {
    "national.xlsx": "national.expected.json",
    "district.xlsx": "district.expected.json",
    "district.xls": "district-xls.expected.json",
    "district.ods": "district.expected.json",
    "word-checkboxes.docx": "word-checkboxes.expected.json",
    "word-split.docx": "word-split.expected.json",
    "word-split.odt": "word-split.expected.json",
    "word-checkboxes.odt": "word-checkboxes.expected.json",
    "word-split.doc": "word-split.expected.json",
    "word-split.wps": "word-split.expected.json",
    "district.et": "district.expected.json",
    "national.xlsm": "national.expected.json",
    "word-checkboxes.docm": "word-checkboxes.expected.json",
}
# Saved with a password to open: OOXML (an OLE2 EncryptedPackage), RC4 .xls, Word 97.
PASSWORD_PROTECTED = ("password.xlsx", "password.docx", "password.xls", "password.doc")
# Word 97 files (.doc, and Kingsoft's .wps) go through LibreOffice; each must give the
# items of the .docx they were made from, page numbers included (a page is a body table).
LEGACY_WORD = ("word-split.doc", "word-split.wps")


@pytest.fixture(scope="module")
def libreoffice_fonts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    import reportlab

    folder = tmp_path_factory.mktemp("fonts")
    config = folder / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?><fontconfig><dir>{Path(reportlab.__file__).parent / "fonts"}</dir>'
                      f"<cachedir>{folder / 'cache'}</cachedir></fontconfig>", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FONTCONFIG_FILE", str(config))
        yield


@functools.cache
def extracted(name: str) -> tuple[dict[str, object], ...]:
    """A sample's items, read once for all the tests that compare them (the LibreOffice
    conversions take seconds)."""
    return tuple(extract_file(OFFICE / name).items)


def expected_rows(name: str) -> list[dict[str, object]]:
    rows = json.loads((OFFICE / SAMPLES[name]).read_text(encoding="utf-8"))["rows"]
    for row in rows:
        row["source"] = name  # a converted sample has its generator's rows under its own name
    return rows


def differences(expected: list[dict[str, object]], actual: list[dict[str, object]], skip: set[str]) -> list[str]:
    assert [r["item_key"] for r in actual] == [r["item_key"] for r in expected]
    return [
        f"{want['item_key']}: {column} expected {value!r}, got {got.get(column)!r}"
        for want, got in zip(expected, actual, strict=True)
        for column, value in want.items()
        if column not in skip and got.get(column) != value
    ]


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_gives_its_generators_rows(name: str, libreoffice_fonts: None) -> None:
    if name in LEGACY_WORD:
        need_soffice()
    problems = differences(expected_rows(name), list(extracted(name)), ALL_COLUMNS)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", LEGACY_WORD)
def test_a_word_97_file_gives_the_items_of_its_docx(name: str, libreoffice_fonts: None, soffice: None) -> None:
    document, legacy = list(extracted("word-split.docx")), list(extracted(name))
    assert len(legacy) == len(document) == len(expected_rows("word-split.docx"))
    problems = differences(document, legacy, {"source"})
    assert not problems, "\n".join(problems)


def test_document_and_the_pdf_printed_from_it_give_the_same_items() -> None:
    document = extract_file(OFFICE / "word-split.docx").items
    printed = extract_file(OFFICE / "word-split.pdf").items
    problems = differences(document, printed, NOT_IN_PRINT)
    assert not problems, "\n".join(problems)


def test_word_tables_are_pages_and_the_second_continues_the_first() -> None:
    document = extract_document(OFFICE / "word-split.docx")
    tables = list(document.tables)
    assert [t.page for t in tables] == [1, 2]
    assert tables[0].n_cols == tables[1].n_cols
    top_left = next(c for c in tables[1].cells if (c.row, c.col) == (0, 0))
    assert top_left.text == "" and top_left.rowspan == 2  # the 机关简介 group going on, label above
    items = extract_file(OFFICE / "word-split.docx").items
    assert [r["level_1"] for r in items if r["page"] == 2][:2] == ["机关简介", "机关简介"]


def test_all_word_checkbox_forms_become_marks() -> None:
    table = next(iter(extract_document(OFFICE / "word-checkboxes.docx").tables))
    channel_texts = [c.text for c in table.cells if c.col == 8 and c.row >= 2]
    # items take turns: w:sym, w14:checkbox, FORMCHECKBOX, glyphs; the first option is checked
    assert all(text.startswith(CHECKED + "政府网站") for text in channel_texts[:3])
    assert channel_texts[3].startswith("☑政府网站")
    assert all(UNCHECKED + "政府公报" in text for text in channel_texts[:3])
    assert "□政府公报" in channel_texts[3]


def test_sheets_are_pages_and_a_notes_sheet_is_skipped_with_a_note() -> None:
    import openpyxl

    extraction = extract_file(OFFICE / "district.xlsx")
    assert extraction.pages == len(openpyxl.load_workbook(OFFICE / "district.xlsx").sheetnames)
    assert [(n.page, n.code) for n in extraction.notes] == [(1, "sheet_without_table")]
    assert "说明" in extraction.notes[0].message


def test_hidden_rows_and_columns_are_left_out_with_a_note() -> None:
    extraction = extract_file(OFFICE / "national.xlsx")
    assert [n.code for n in extraction.notes] == ["hidden_skipped"]
    assert "1 hidden row and 1 hidden column" in extraction.notes[0].message
    assert all("撤销" not in (r["content"] or "") for r in extraction.items)


def test_a_formula_never_computed_is_read_as_empty_and_said() -> None:
    """uncomputed.xlsx: national items 1-3 as openpyxl writes them, item 2's 二级事项 a
    formula with no cached value (generate_office.make_uncomputed_xlsx)."""
    import sys

    sys.path.insert(0, str(OFFICE.parent))
    from catalogue_data import NATIONAL_ITEMS

    extraction = extract_file(OFFICE / "uncomputed.xlsx")
    assert [(n.page, n.code) for n in extraction.notes] == [(1, "formulas_uncomputed")]
    assert "1 formula cell never computed" in extraction.notes[0].message
    assert "目录" in extraction.notes[0].message
    expected = [it.levels for it in NATIONAL_ITEMS[:3]]
    got = [(r["level_1"], r["level_2"]) for r in extraction.items]
    assert got == [expected[0], (expected[1][0], None), expected[2]]  # unknown, never made up
    assert [r["content"] for r in extraction.items] == [it.content for it in NATIONAL_ITEMS[:3]]


def test_a_wide_sheet_beside_a_catalogue_sheet_is_left_out_with_a_note(tmp_path: Path) -> None:
    import openpyxl

    from catalogue.api import extract_file
    from catalogue.raw import MAX_COLUMNS

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "目录"
    sheet.append(["一级事项", "二级事项", "公开内容", "公开时限", "公开主体"])
    rows = [("机构信息", "机构职能", "本机关职能", "信息形成之日起20个工作日内", "县发展和改革局"),
            ("机构信息", "领导信息", "领导姓名、职务", "信息形成之日起20个工作日内", "县发展和改革局")]
    for row in rows:
        sheet.append(list(row))
    wide = book.create_sheet("宽表")
    wide.append(["x"] * (2 * MAX_COLUMNS))
    path = tmp_path / "wide.xlsx"
    book.save(path)
    extraction = extract_file(path)
    assert [(r["level_1"], r["level_2"], r["content"], r["subject"]) for r in extraction.items] == [
        (a, b, c, e) for a, b, c, _, e in rows]
    [note] = [n for n in extraction.notes if n.code == "page_too_large"]
    assert note.page == 2
    assert f"a table {2 * MAX_COLUMNS:,} columns wide" in note.message
    assert "宽表" in note.message


def test_numbers_formulas_and_line_breaks_in_cells() -> None:
    table = next(iter(extract_document(OFFICE / "national.xlsx").tables))
    seq = [c.text for c in sorted(table.cells, key=lambda c: c.row) if c.col == 0 and c.text.isdigit()]
    assert seq == [str(n) for n in range(1, 13)]  # 1.0 → "1"; 序号 2 is =ROW()-3, read by its cached value
    assert any("、\n" in c.text for c in table.cells)  # the Alt+Enter break is kept


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_office_files_are_sniffed_by_content(name: str, tmp_path: Path, libreoffice_fonts: None) -> None:
    if name in LEGACY_WORD:
        need_soffice()
    renamed = tmp_path / "catalogue.txt"  # the name says text; the content decides
    renamed.write_bytes((OFFICE / name).read_bytes())
    assert sniff(renamed) == "office"
    assert extract_file(renamed).items


def test_office_suffixes_are_supported() -> None:
    assert {".xlsx", ".xlsm", ".xls", ".et", ".ods", ".docx", ".docm", ".doc", ".wps", ".odt"} <= SUPPORTED_SUFFIXES


@pytest.mark.parametrize("name", LEGACY_WORD)
def test_word_97_without_libreoffice_names_what_to_install(name: str, monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on it
    with pytest.raises(MissingDependency) as caught:
        extract_file(OFFICE / name)
    message = str(caught.value)
    assert message.startswith(f"{name}: ") and "\n" not in message
    assert "install LibreOffice" in message and "libreoffice-writer-nogui" in message


def test_libreoffice_without_a_font_names_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                         soffice: None) -> None:
    config = tmp_path / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?><fontconfig><dir>{tmp_path / "none"}</dir>'
                      f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>", encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))  # what CI's hidden font folders leave
    with pytest.raises(MissingDependency) as caught:
        extract_file(OFFICE / "word-split.doc")
    message = str(caught.value)
    assert message.startswith("word-split.doc: ") and "\n" not in message
    assert "finds no font" in message and "fonts-opensymbol" in message


@pytest.mark.parametrize("name", PASSWORD_PROTECTED)
def test_a_password_protected_file_is_refused_in_one_line(name: str, monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # told from the file itself, before any LibreOffice
    assert sniff(OFFICE / name) == "office"
    with pytest.raises(EncryptedInput) as caught:
        extract_file(OFFICE / name)
    message = str(caught.value)
    assert message.startswith(f"{name}: password-protected ") and "\n" not in message


# Each encrypted sample and the plain file it was made from (samples/office/generate_office.py).
ENCRYPTED_TWINS = {"password.xlsx": "national.xlsx", "password.docx": "word-checkboxes.docx",
                   "password.xls": "district.xlsx", "password.doc": "word-split.odt"}
SAMPLES_PASSWORD = "catalogue"  # generate_office.PASSWORD


@pytest.mark.parametrize(("name", "plain"), ENCRYPTED_TWINS.items())
def test_a_password_opens_a_protected_file(name: str, plain: str) -> None:
    if name.endswith(".doc"):
        need_soffice()  # a Word 97 file, once decrypted, is read through LibreOffice
    items = extract_file(OFFICE / name, {"password": SAMPLES_PASSWORD}).items
    expected = extract_file(OFFICE / plain).items
    fields = [k for k in expected[0] if k not in ("source", "page")]  # an .xls export keeps every sheet
    assert [{k: i[k] for k in fields} for i in items] == [{k: e[k] for k in fields} for e in expected]


def test_a_wrong_password_is_one_line() -> None:
    with pytest.raises(EncryptedInput) as caught:
        extract_file(OFFICE / "password.docx", {"password": "not-it"})
    assert str(caught.value) == "password.docx: password-protected Office file; the password given does not open it"


@pytest.mark.parametrize("name", ["national.xlsm", "word-checkboxes.docm"])
def test_macro_enabled_samples_carry_a_vba_project(name: str) -> None:
    # The rows are compared with the other samples; here: the sample really is macro-enabled.
    with zipfile.ZipFile(OFFICE / name) as package:
        assert any(part.endswith("vbaProject.bin") for part in package.namelist())
        assert b"macroEnabled.main+xml" in package.read("[Content_Types].xml")


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, blob in members.items():
            package.writestr(name, blob)
    return buffer.getvalue()


def test_a_truncated_package_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "cut.docx"
    data = (OFFICE / "word-split.docx").read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DamagedInput) as caught:
        extract_file(path)
    assert str(caught.value).startswith("cut.docx: ") and "\n" not in str(caught.value)


def test_a_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                           "xl/worksheets/sheet1.xml": b"\0" * (4 * 1024 * 1024)}))
    with pytest.raises(DamagedInput, match="zip bomb") as caught:
        extract_file(path)
    assert f"limit {MAX_RATIO}" in str(caught.value)


def test_a_zip_that_is_no_office_file_is_not_called_text(tmp_path: Path) -> None:
    path = tmp_path / "photos.zip"
    path.write_bytes(_zip({"a.txt": b"hello"}))
    with pytest.raises(UnsupportedInput) as caught:
        extract_file(path)
    assert "not a text file" not in str(caught.value) and "zip archive" in str(caught.value)


def test_a_sheet_claiming_a_million_rows_is_skipped_with_a_note(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(OFFICE / "national.xlsx")
    far = book.create_sheet("远")
    far["A1"], far["C1000000"] = "起", "止"
    path = tmp_path / "far.xlsx"
    book.save(path)
    extraction = extract_file(path)
    assert len(extraction.items) == len(expected_rows("national.xlsx"))
    # Its two cells, a million rows apart, are read as what they are (no catalogue table),
    # the empty rows between them left out (grid.FAR_GAP), not as a grid too large to read.
    assert (2, "sheet_without_table") in [(n.page, n.code) for n in extraction.notes]


def test_errors_are_catalogue_errors_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "junk.xlsx"
    path.write_bytes(_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<not xml"}))
    with pytest.raises(CatalogueError) as caught:
        extract_file(path)
    assert str(caught.value).startswith("junk.xlsx: ") and "\n" not in str(caught.value)


def test_form_control_checkboxes_are_read_from_their_properties_and_anchor() -> None:
    from catalogue.extract.office.controls import form_checkboxes

    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    xdr = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
    controls = "".join(
        f'<control xmlns:r="{rel}" r:id="rId{k}" shapeId="{1024 + k}"><controlPr><anchor>'
        f'<from><xdr:col xmlns:xdr="{xdr}">{col}</xdr:col><xdr:colOff xmlns:xdr="{xdr}">0</xdr:colOff>'
        f'<xdr:row xmlns:xdr="{xdr}">{row}</xdr:row></from></anchor></controlPr></control>'
        for k, (row, col) in enumerate(((4, 7), (5, 7)), start=1)
    )
    package = zipfile.ZipFile(io.BytesIO(_zip({
        "[Content_Types].xml": b"<Types/>",
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
                           f'<sheet name="目录" sheetId="1" r:id="rId1"/></sheets></workbook>'.encode(),
        "xl/_rels/workbook.xml.rels": f'<Relationships><Relationship Id="rId1" Type="{rel}/worksheet" '
                                      f'Target="worksheets/sheet1.xml"/></Relationships>'.encode(),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><controls>{controls}</controls></worksheet>'.encode(),
        "xl/worksheets/_rels/sheet1.xml.rels": (
            f'<Relationships><Relationship Id="rId1" Type="{rel}/ctrlProp" Target="../ctrlProps/ctrlProp1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/ctrlProp" Target="../ctrlProps/ctrlProp2.xml"/></Relationships>'
        ).encode(),
        "xl/ctrlProps/ctrlProp1.xml": b'<formControlPr objectType="CheckBox" checked="Checked"/>',
        "xl/ctrlProps/ctrlProp2.xml": b'<formControlPr objectType="CheckBox"/>',
    })))
    assert form_checkboxes(package, "boxes.xlsx") == {"目录": {(4, 7): CHECKED, (5, 7): UNCHECKED}}


def test_pages_picks_sheets_as_a_pdf_s_pages() -> None:
    # --pages on a workbook: a sheet is a page (contract), so only the sheets asked for are
    # read, and one the workbook does not have gets a note, as a PDF's would.
    path = OFFICE / "district.xlsx"
    expected = json.loads(path.with_name("district.expected.json").read_text(encoding="utf-8"))["rows"]
    extraction = extract_file(path, {"pages": (2, 9, 40)})
    assert [item["page"] for item in extraction.items] == [r["page"] for r in expected if r["page"] in (2, 9)]
    assert [(n.page, n.code) for n in extraction.notes] == [(40, "no_such_page")]


def _command_lines() -> list[str]:
    lines = []
    for entry in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            lines.append(entry.read_bytes().replace(b"\0", b" ").decode("utf-8", "replace"))
        except OSError:
            continue  # ended meanwhile
    return lines


# Shorter than LibreOffice takes to start and convert even a small file, so the worker is
# killed while LibreOffice runs on the decrypted copy.
KILLED_AT = "2"


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="no /proc to list processes in")
def test_a_killed_worker_leaves_no_plain_copy_and_no_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  libreoffice_fonts: None, soffice: None) -> None:
    # hostile-week A10: the decrypted copy, the source's copy and LibreOffice's profile
    # stayed in the temporary folder, and LibreOffice ran on, after the time limit
    import os
    import tempfile

    from typer.testing import CliRunner

    from catalogue.cli import app
    from catalogue.extract.office import legacy

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    # The workers are forked with it, or spawned (where this process runs threads) with
    # the environment.
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    monkeypatch.setenv("TMPDIR", str(temporary))
    # LibreOffice held back past the time limit, whatever this machine's speed: a quick
    # conversion would finish first and the kill would not be tested. The wrapper is
    # found first on PATH under each name LibreOffice is looked for by.
    real = legacy.soffice()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in legacy.SOFFICE_NAMES:
        slow = bin_dir / name
        slow.write_text(f'#!/bin/sh\nsleep 60\nexec "{real}" "$@"\n')
        slow.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    result = CliRunner().invoke(app, ["extract", str(OFFICE / "password.doc"), "-o", str(tmp_path / "out"),
                                      "--password", "catalogue", "--timeout", KILLED_AT, "-q"])
    assert result.exit_code == 1, result.output
    assert f"timed out after {KILLED_AT} s" in result.output
    assert list(temporary.iterdir()) == []
    assert [line for line in _command_lines() if str(temporary) in line] == []


@pytest.mark.parametrize("row", [5_000, 1_048_576])  # far down; Excel's last row
def test_a_stray_cell_far_below_a_sheet_s_table_is_left_out_with_a_note(row: int, tmp_path: Path) -> None:
    """One cell typed far below the catalogue (a note parked at the bottom, a Ctrl+End
    slip): it made an item of its own, tens of thousands of empty_row_dropped codes on the
    item above, and at the sheet's end failed the whole file as too large (hostile week
    of round ten, finding 16). Now the catalogue's items are read and the cell is left out
    with a note."""
    import openpyxl

    expected = json.loads((OFFICE / "national.expected.json").read_text(encoding="utf-8"))["rows"]
    book = openpyxl.load_workbook(OFFICE / "national.xlsx")
    sheet = book.worksheets[0]
    sheet.cell(row=row, column=2, value="x")
    path = tmp_path / "stray.xlsx"
    book.save(path)
    extraction = extract_file(path)
    assert [item["item_key"] for item in extraction.items] == [r["item_key"] for r in expected]
    assert not any(item["warnings"] for item in extraction.items if not any(
        r["item_key"] == item["item_key"] and r["warnings"] for r in expected))
    stray = [note for note in extraction.notes if note.code == "stray_cells_left_out"]
    assert len(stray) == 1 and f"left out 1 filled cell from row {row} on" in stray[0].message


def test_cells_a_few_rows_under_a_sheet_s_table_are_still_read() -> None:
    """Within FAR_GAP empty rows, what is under the table stays part of it (a spacer row
    between groups, a footnote under the table): the stray rule does not take it."""
    from catalogue.extract.office.grid import FAR_GAP, CellGrid, build_table

    grid = CellGrid(texts={(0, 0): "一级", (0, 1): "二级", (0, 2): "公开主体", (1, 0): "a", (1, 1): "b", (1, 2): "c",
                           (2 + FAR_GAP, 0): "注：说明"})
    built = build_table(grid, "s.xlsx", 1)
    assert built is not None and built.stray is None and built.table.n_rows == 3 + FAR_GAP
    grid = CellGrid(texts={(0, 0): "一级", (0, 1): "二级", (0, 2): "公开主体", (1, 0): "a", (1, 1): "b", (1, 2): "c",
                           (3 + FAR_GAP, 0): "注：说明"})
    built = build_table(grid, "s.xlsx", 1)
    assert built is not None and built.stray is not None and built.table.n_rows == 2


@pytest.mark.parametrize(("name", "read_twice"), [("{} (2)", False), ("{}（3）", False), ("{}_2", False), ("另一镇", True)])
def test_a_sheet_repeated_cell_for_cell(name: str, read_twice: bool, tmp_path: Path) -> None:
    """A workbook keeping a copy of its catalogue sheet (Excel's Move or Copy) gave every
    item twice, keyed #2, with no word (hostile week of round ten, finding 5). A copy named
    as Excel names copies is left out; the same cells under another name are read, and the
    sheet_repeated warning says so."""
    import openpyxl

    expected = json.loads((OFFICE / "national.expected.json").read_text(encoding="utf-8"))["rows"]
    book = openpyxl.load_workbook(OFFICE / "national.xlsx")
    first = book.worksheets[0]
    copy = book.copy_worksheet(first)
    copy.title = name.format(first.title)
    path = tmp_path / "copied.xlsx"
    book.save(path)
    extraction = extract_file(path)
    keys = [r["item_key"] for r in expected]
    assert [item["item_key"].split("#")[0] for item in extraction.items] == (keys * 2 if read_twice else keys)
    [note] = [n for n in extraction.notes if n.code == "sheet_repeated"]
    assert f'"{copy.title}"' in note.message and f'"{first.title}"' in note.message
    assert ("left out" in note.message) != read_twice


# The namespaces ISO/IEC 29500 Strict gives the parts (Excel's "Strict Open XML
# Spreadsheet", Word's "Strict Open XML Document") for the transitional ones.
STRICT = [
    (b"http://schemas.openxmlformats.org/spreadsheetml/2006/main", b"http://purl.oclc.org/ooxml/spreadsheetml/main"),
    (b"http://schemas.openxmlformats.org/wordprocessingml/2006/main", b"http://purl.oclc.org/ooxml/wordprocessingml/main"),
    (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
     b"http://purl.oclc.org/ooxml/officeDocument/relationships"),
]


@pytest.mark.parametrize(("sample", "save_as"), [("national.xlsx", "an Excel Workbook (.xlsx)"),
                                                  ("word-split.docx", "a Word Document (.docx)")])
def test_strict_open_xml_is_refused_saying_what_to_save_it_as(sample: str, save_as: str, tmp_path: Path) -> None:
    """A Strict Open XML file read as holding nothing: "the file has no sheets" (hostile
    week of round ten, finding 21). It is not read, and the error says why and what to do."""
    strict = tmp_path / f"strict{Path(sample).suffix}"
    with zipfile.ZipFile(OFFICE / sample) as plain, zipfile.ZipFile(strict, "w", zipfile.ZIP_DEFLATED) as out:
        for info in plain.infolist():
            data = plain.read(info.filename)
            for transitional, strict_name in STRICT:
                data = data.replace(transitional, strict_name)
            out.writestr(info.filename, data)
    with pytest.raises(UnsupportedInput) as caught:
        extract_file(strict)
    assert str(caught.value) == (f"{strict.name}: the file is saved as Strict Open XML, which is not read; "
                                 f"open it and save it as {save_as}")


def test_rows_an_autofilter_hides_are_read_and_rows_hidden_by_hand_are_not(tmp_path: Path) -> None:
    """Someone filtered the shared catalogue to 公开主体 = 财政局 and saved: the rows the
    filter hid were left out as rows hidden on purpose are (hostile week of round ten,
    finding 29). A filter is a view: the rows it hides are read, with a note; a row hidden
    by hand that the filter would show (a draft) stays left out."""
    import openpyxl

    header = ["序号", "一级事项", "二级事项", "公开内容", "公开时限", "公开主体", "主动公开", "依申请公开"]
    rows = [["1", "政府预决算", "政府预算", "预算报告及说明", "批准后20日内", "财政局", "是", "否"],
            ["2", "政府预决算", "政府决算", "决算报告及说明", "批准后20日内", "财政局", "是", "否"],
            ["3", "最低生活保障", "办事指南", "申请条件、流程", "20个工作日内", "民政局", "否", "是"],
            ["4", "最低生活保障", "审核结果", "审核确认结果", "20个工作日内", "民政局", "是", "否"],
            ["5", "最低生活保障", "旧事项", "已废止", "20个工作日内", "民政局", "是", "否"]]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    sheet.auto_filter.ref = "A1:H6"
    sheet.auto_filter.add_filter_column(5, ["财政局", "民政局"])
    sheet.auto_filter.add_filter_column(2, ["政府预算", "政府决算", "办事指南", "旧事项"])
    # What Excel saves for the row the filter hides (审核结果), and a draft (旧事项) hidden
    # by hand among the rows the filter shows (mid-round review, finding 6).
    for r in (5, 6):
        sheet.row_dimensions[r].hidden = True
    path = tmp_path / "filtered.xlsx"
    book.save(path)
    extraction = extract_file(path)
    assert [item["level_2"] for item in extraction.items] == [row[2] for row in rows[:4]]
    assert sorted(note.code for note in extraction.notes) == ["filtered_rows_read", "hidden_skipped"]
    # The item read from the row the filter hid says so (round eleven's tester, F1).
    assert [item["warnings"] for item in extraction.items] == [[], [], [], ["from_hidden_row"]]
