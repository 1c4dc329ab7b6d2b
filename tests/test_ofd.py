"""OFD input (issue 21): the OFD twins of the sample PDFs (samples/generate_ofd.py) give
the same CSV as their PDFs, the scanned twin the same items as its scan PDF, and real
OFD files from ofdrw (tests/ofdrw/) read without a traceback."""

from __future__ import annotations

import importlib.util
import shutil
import sys
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from catalogue.api import run_pipeline
from catalogue.cli import app
from catalogue.errors import DamagedInput, EncryptedInput, NoTablesFound
from catalogue.extract import extract_document, sniff
from catalogue.extract.ofd.content import deltas
from catalogue.extract.office import package as office_package
from catalogue.output.writer import csv_bytes

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
OFD = SAMPLES / "ofd"
OFDRW = Path(__file__).resolve().parent / "ofdrw"
runner = CliRunner()


@cache
def generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("generate_ofd", SAMPLES / "generate_ofd.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


TWINS = {name: source for name, (source, style) in generator().TWINS.items() if style.text != "outline"}


def csv_without_source(path: Path, **settings: object) -> list[str]:
    """The CSV `extract` writes, each line without its first field (the source's name)."""
    lines = csv_bytes(run_pipeline(path, settings or None)).decode("utf-8-sig").splitlines()
    return [line.split(",", 1)[1] for line in lines]


@pytest.mark.parametrize("name", sorted(TWINS))
def test_twin_gives_the_csv_of_its_pdf(name: str) -> None:
    pdf = csv_without_source(SAMPLES / TWINS[name])
    assert len(pdf) > 1
    assert csv_without_source(OFD / f"{name}.ofd") == pdf


def test_twins_cover_every_style() -> None:
    styles = [style for _, style in generator().TWINS.values()]
    assert {s.units for s in styles} == {"mm", "pt"}
    assert {s.text for s in styles} == {"line", "char", "outline"}
    assert {s.rulings for s in styles} == {"path", "rect"}
    assert all(any(getattr(s, flag) for s in styles) for flag in ("template", "turned", "docs", "odd"))


def test_twin_packages_hold_what_their_style_says() -> None:
    with zipfile.ZipFile(OFD / "district-catalogue-template.ofd") as z:
        names = z.namelist()
        assert any("/Tpls/" in n for n in names)
        page = z.read("Doc_0/Pages/Page_0/Content.xml").decode()
        assert "<ofd:Template TemplateID=" in page and 'CTM="0.3528 0 0 0.3528 0 0"' in page
    with zipfile.ZipFile(OFD / "national-catalogue-docs.ofd") as z:
        root = z.read("OFD.xml").decode()
        assert root.count("<o:DocBody>") == 2 and "xmlns:o=" in root
        assert any(n.startswith("文档_1/页面/") for n in z.namelist())
        assert "<o:PageBlock" in z.read("文档_1/页面/页_1/Content.xml").decode()
    with zipfile.ZipFile(OFD / "national-catalogue-pt-line.ofd") as z:
        assert 'DeltaX="g ' in z.read("Doc_0/Pages/Page_0/Content.xml").decode()


def test_detected_by_content_not_by_name(tmp_path: Path) -> None:
    renamed = tmp_path / "catalogue.zip"
    shutil.copy(OFD / "national-catalogue-pt-line.ofd", renamed)
    assert sniff(renamed) == "ofd"
    document = extract_document(renamed)
    assert document.kind == "ofd" and document.pages == 2
    assert [t.page for t in document.tables] == [1, 2]


def test_pages_and_documents_numbered_in_order() -> None:
    # Two documents of one page each: their pages are 1 and 2, as in the PDF.
    document = extract_document(OFD / "national-catalogue-docs.ofd")
    assert document.pages == 2
    assert sorted({t.page for t in document.tables}) == [1, 2]


def test_pages_option_reads_only_those_pages() -> None:
    pdf = csv_without_source(SAMPLES / "pdf" / "district-catalogue.pdf", pages=(2, 3))
    ofd = csv_without_source(OFD / "district-catalogue-mm-line.ofd", pages=(2, 3))
    assert ofd == pdf
    pages = {line.split(",", 1)[0] for line in ofd[1:]}
    assert pages <= {"2", "3"} and pages


def test_a_page_that_is_not_there_gets_a_note() -> None:
    document = extract_document(OFD / "national-catalogue-pt-line.ofd", {"pages": (2, 9)})
    list(document.tables)
    assert [n.code for n in document.notes] == ["no_such_page"]


def test_provenance_is_the_pdfs(tmp_path: Path) -> None:
    rows = {}
    for path in (SAMPLES / "pagebreaks" / "split-row-bare.pdf", OFD / "split-row-bare.ofd"):
        out = tmp_path / path.suffix[1:]
        result = runner.invoke(app, ["extract", str(path), "-o", str(out), "--provenance", "-q"])
        assert result.exit_code == 0, result.output
        table = pq.read_table(out / "split-row-bare.provenance.parquet")
        rows[path.suffix] = table.to_pylist()
    assert rows[".ofd"] == rows[".pdf"]
    assert any(r["units"] == "pt" and r["x0"] < r["x1"] for r in rows[".ofd"])


def test_text_drawn_as_outlines_is_said_in_one_line() -> None:
    with pytest.raises(NoTablesFound, match="drawn as glyph outlines"):
        document = extract_document(OFD / "national-catalogue-outlines.ofd")
        list(document.tables)


@pytest.mark.ocr
def test_scanned_twin_gives_the_items_of_its_scan_pdf() -> None:
    scan = csv_without_source(SAMPLES / "scans" / "national-catalogue-scan.pdf")
    assert len(scan) > 1
    assert csv_without_source(OFD / "national-catalogue-scan.ofd") == scan


def test_ocr_never_on_a_scanned_ofd_says_ocr_is_needed() -> None:
    with pytest.raises(NoTablesFound, match="OCR is needed"):
        list(extract_document(OFD / "national-catalogue-scan.ofd", {"ocr": "never"}).tables)


# ---------------------------------------------------------------- the parts of the format


def test_delta_shorthand() -> None:
    assert deltas("1 g 3 2.5 4") == [1.0, 2.5, 2.5, 2.5, 4.0]
    assert deltas("g 2 x") == []  # malformed: no advances rather than a wrong reading
    assert deltas(None) == []


PAGE_1 = "Page_0/Content.xml"  # the first page's part, in the twins' layout


def _edited(target: Path, edit: Callable[[str, bytes], bytes | None]) -> Path:
    """table-ends.ofd with each member's bytes passed through `edit(name, data)` (None
    leaves the member out)."""
    with zipfile.ZipFile(OFD / "table-ends.ofd") as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = edit(info.filename, old.read(info))
            if data is not None:
                new.writestr(info, data)
    return target


def _with_object(target: Path, xml: str) -> Path:
    """table-ends.ofd with one more object on its first page."""
    return _edited(target, lambda name, data: data.replace(b"</ofd:Layer>", xml.encode() + b"</ofd:Layer>", 1)
                   if name.endswith(PAGE_1) else data)


def _rewritten(source: Path, target: Path, extra: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            new.writestr(info, old.read(info))
        for name, data in extra.items():
            new.writestr(name, data)
    return target


def test_encrypted_package_is_refused_in_one_line(tmp_path: Path) -> None:
    path = _rewritten(OFD / "table-ends.ofd", tmp_path / "sealed.ofd", {"Encryptions.xml": b"<Encryptions/>"})
    with pytest.raises(EncryptedInput, match="encrypted OFD"):
        extract_document(path)
    result = runner.invoke(app, ["extract", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "sealed.ofd: an encrypted OFD package" in result.output


def test_package_limits_are_the_office_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office_package, "MAX_MEMBERS", 3)
    with pytest.raises(DamagedInput, match="over the limit of 3"):
        extract_document(OFD / "table-ends.ofd")


def test_entities_are_not_expanded(tmp_path: Path) -> None:
    with zipfile.ZipFile(OFD / "table-ends.ofd") as z:
        members = {info.filename: z.read(info) for info in z.infolist()}
    page = members["Doc_0/Pages/Page_0/Content.xml"].decode()
    members["Doc_0/Pages/Page_0/Content.xml"] = page.replace(
        "?>\n", '?>\n<!DOCTYPE p [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n', 1).replace(
        "</ofd:Layer>", "<ofd:TextObject ID=\"9\" Boundary=\"0 0 9 9\" Font=\"1\" Size=\"3\"><ofd:TextCode X=\"0\" "
        "Y=\"3\">&e;</ofd:TextCode></ofd:TextObject></ofd:Layer>", 1).encode()
    path = tmp_path / "entity.ofd"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    rows = csv_without_source(path)
    assert rows == csv_without_source(OFD / "table-ends.ofd")
    assert "root:" not in "".join(rows)


def test_a_missing_part_is_a_one_line_error(tmp_path: Path) -> None:
    path = _edited(tmp_path / "broken.ofd", lambda name, data: None if name.endswith(PAGE_1) else data)
    with pytest.raises(DamagedInput, match="the package has no"):
        extract_document(path)


# ---------------------------------------------------------------- real files (ofdrw)

REAL = sorted(p.name for p in OFDRW.glob("*.ofd"))


@pytest.mark.parametrize("name", REAL)
def test_real_file_reads_without_a_traceback(name: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(OFDRW / name), "-o", str(tmp_path), "-q"])
    # An exception that escaped the CLI would be the runner's, not a SystemExit.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 1:
        errors = [line for line in result.output.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and name in errors[0], result.output


def test_signout_grid_comes_out_with_its_spans() -> None:
    tables = list(extract_document(OFDRW / "signout.ofd").tables)
    assert len(tables) == 1
    cells = {(c.row, c.col): c for c in tables[0].cells}
    assert max(r for r, _ in cells) + 1 == 11
    assert max(c.col + c.colspan for c in cells.values()) == 8
    # The form's labels, in its first column, one a row.
    labels = [cells[(r, 0)].text.replace("\n", "") for r in range(11)]
    assert labels == ["来文文号", "来文日期", "收文日期", "收文机关", "紧急程度", "公文标题", "来文单位附注",
                      "拟办意见", "处理意见", "通知内容", "备注"]
    # Rows 0-3: label, value over two columns, label over two, value over three.
    for row in range(4):
        assert [(c.col, c.colspan) for c in tables[0].cells if c.row == row] == [(0, 1), (1, 2), (3, 2), (5, 3)]
    # Row 4 holds eight cells of its own; rows 5-10 a label and a value across the rest.
    assert [(c.col, c.colspan) for c in tables[0].cells if c.row == 4] == [(0, 1), (1, 1), (2, 2), (4, 2), (6, 1), (7, 1)]
    for row in range(5, 11):
        assert [(c.col, c.colspan) for c in tables[0].cells if c.row == row] == [(0, 1), (1, 7)]
    assert cells[(5, 1)].text == "市委主要领导同志调研后续落实事项的通知"
    assert cells[(0, 1)].text.startswith("府办专督〔2020〕")


def test_text_of_real_files() -> None:
    """Text placed by Boundary and CTM, in a PageBlock, under a non-standard namespace,
    next to a Chinese-named folder: all read the same line."""
    from catalogue.extract.ofd.content import read_page
    from catalogue.extract.ofd.document import Package

    for name in ("helloworld_with_pageblock.ofd", "namespace_no_std.ofd", "chineseDir.ofd"):
        package = Package(OFDRW / name, name)
        try:
            page = read_page(package, 1)
        finally:
            package.close()
        # Spaces are not glyphs: the gap they leave makes them again, as with PDF.
        assert "".join(g.text for g in page.glyphs) == "你好呀，OFDReader&Writer！"
        # Boundary 31.7 25.4, Y 3 (mm): the first glyph's baseline, in points.
        mm = 72 / 25.4
        assert page.glyphs[0].origin == pytest.approx((31.7 * mm, 28.4 * mm))
        # DeltaX 3 3 3 3 1.5 …: "D" starts at 4 × 3 + 2 × 1.5 mm, "R" two advances (D, space) later.
        d, r = page.glyphs[6], page.glyphs[7]
        assert (d.text, r.text) == ("D", "R")
        assert d.origin[0] == pytest.approx((31.7 + 15) * mm) and r.origin[0] == pytest.approx((31.7 + 18) * mm)
        assert d.end[0] == pytest.approx((31.7 + 16.5) * mm)


def test_templates_under_nonstandard_paths() -> None:
    from catalogue.extract.ofd.document import Package

    package = Package(OFDRW / "path_unstd.ofd", "path_unstd.ofd")
    try:
        assert [p.content for p in package.pages] == ["Doc_0/Pages/Page_0/Content.xml",
                                                      "Doc_0/Pages/Page_Insert_55_2/Content.xml"]
        assert all(package.page_parts(n).under for n in (1, 2))
    finally:
        package.close()


def test_seal_is_not_page_content() -> None:
    from catalogue.extract.ofd.content import read_page
    from catalogue.extract.ofd.document import Package

    package = Package(OFDRW / "n.ofd", "n.ofd")
    try:
        page = read_page(package, 2)
    finally:
        package.close()
    # The seal (Signs/Sign_0/Seal.esl) draws an image over the signature line: not read.
    assert not page.images
    assert "".join(g.text for g in page.glyphs).startswith("测试符路桥区卫生局办公室")


def test_office_zips_stay_office() -> None:
    assert sniff(OFDRW / "signout.ofd") == "ofd"
    assert sniff(SAMPLES / "office" / "word-split.docx") == "office"


def test_inspect_draws_an_ofd_page_as_its_pdf(tmp_path: Path) -> None:
    from catalogue.inspect import inspect_page

    pdf = inspect_page(SAMPLES / "pdf" / "district-catalogue.pdf", 2, tmp_path / "pdf.png")
    ofd = inspect_page(OFD / "district-catalogue-pt-char.ofd", 2, tmp_path / "ofd.png")
    assert not ofd.scanned and ofd.pages == 4 and (tmp_path / "ofd.png").stat().st_size > 0
    assert [(c.row, c.col, c.rowspan, c.colspan, c.text) for c in ofd.cells] == \
        [(c.row, c.col, c.rowspan, c.colspan, c.text) for c in pdf.cells]
    assert [v for c in ofd.cells for v in c.bbox] == pytest.approx([v for c in pdf.cells for v in c.bbox])
    assert [(m.row, m.col, m.state) for m in ofd.marks] == [(m.row, m.col, m.state) for m in pdf.marks]
    assert [i.item_no for i in ofd.items] == [i.item_no for i in pdf.items]


@pytest.mark.ocr
def test_inspect_draws_a_scanned_ofd_page_from_its_image(tmp_path: Path) -> None:
    from catalogue.inspect import inspect_page

    report = inspect_page(OFD / "national-catalogue-scan.ofd", 2, tmp_path / "scan.png")
    assert report.scanned and report.cells


def test_pages_read_by_worker_processes_give_the_same_items(monkeypatch: pytest.MonkeyPatch) -> None:
    import catalogue.extract.ofd as ofd_module
    from catalogue.api import extract_file

    split: list[int] = []
    original = ofd_module.split_tables

    def spy(task, numbers, notes, workers):  # type: ignore[no-untyped-def]
        stream = original(task, numbers, notes, workers)
        split.append(len(numbers) if stream is not None else 0)
        return stream

    monkeypatch.setattr(ofd_module, "split_tables", spy)
    path = OFD / "district-catalogue-pt-char.ofd"
    alone = extract_file(path)
    shared = extract_file(path, workers=2, split_min_pages=2)
    assert split == [4]
    assert shared.items == alone.items and shared.pages == alone.pages == 4
    assert [n.message for n in shared.notes] == [n.message for n in alone.notes]


def test_outlines_named_when_worker_processes_read_the_pages(tmp_path: Path) -> None:
    from catalogue.api import extract_file

    with pytest.raises(NoTablesFound, match="drawn as glyph outlines"):
        extract_file(OFD / "national-catalogue-outlines.ofd", workers=2, split_min_pages=2)


# Damage to a page's numbers and drawing data, and the exit code it must give: rows from
# what is left (a number that is no number is as good as absent), or a one-line error.
DAMAGE = {
    "no number": (rb'X="[^"]*"', b'X="nan"', 0),
    "infinite delta": (rb'DeltaX="[^"]*"', b'DeltaX="1 g 3 inf"', 0),
    "huge repeat": (rb'DeltaX="[^"]*"', b'DeltaX="g 999999999 1"', 0),
    "broken path": (rb"<ofd:AbbreviatedData>[^<]*", b"<ofd:AbbreviatedData>M 1 L 2 3 B nan", 0),
    "broken CTM": (rb'CTM="[^"]*"', b'CTM="0 0 0 0 0 0"', 0),
    "broken boundary": (rb'Boundary="[^"]*"', b'Boundary="x"', 0),
    "cut short": (rb"</ofd:Layer>.*", b"", 1),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_page_data_never_raises(damage: str, tmp_path: Path) -> None:
    import re

    pattern, replacement, code = DAMAGE[damage]
    path = _edited(tmp_path / "damaged.ofd", lambda name, data: re.sub(pattern, replacement, data, flags=re.S)
                   if name.endswith(PAGE_1) else data)
    result = runner.invoke(app, ["extract", str(path), "-o", str(tmp_path / "out"), "-q"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == code, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == code and all("damaged.ofd" in line for line in errors), result.output


def test_chinese_entry_names_without_the_utf8_flag(tmp_path: Path) -> None:
    """Entries named in GBK with the zip's UTF-8 flag unset (as Windows producers write
    them) are found by the names the package's XML gives them."""
    source = OFD / "national-catalogue-docs.ofd"
    placeholders: dict[bytes, bytes] = {}
    path = tmp_path / "gbk-names.ofd"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for k, info in enumerate(old.infolist()):
            name = info.filename
            if not name.isascii():
                gbk = name.encode("gbk")
                placeholder = f"~{k}~".ljust(len(gbk), "q")
                placeholders[placeholder.encode("ascii")] = gbk
                name = placeholder
            new.writestr(name, old.read(info))
    data = path.read_bytes()
    for placeholder, gbk in placeholders.items():
        assert data.count(placeholder) == 2  # the local header and the central directory
        data = data.replace(placeholder, gbk)
    path.write_bytes(data)
    with zipfile.ZipFile(path) as z:
        assert not any(info.flag_bits & 0x800 for info in z.infolist())
        assert "文档_0/Document.xml" not in z.namelist()  # zipfile reads the names as code page 437
    assert csv_without_source(path) == csv_without_source(source)


def test_ocr_always_reads_the_text_of_an_ofd_page_with_a_note() -> None:
    # An OFD page is drawn for OCR from its images only: OCR of its text would see nothing.
    document = extract_document(OFD / "table-ends.ofd", {"ocr": "always"})
    list(document.tables)
    assert [n.code for n in document.notes] == ["ocr_no_glyphs"]
    assert csv_without_source(OFD / "table-ends.ofd", ocr="always") == csv_without_source(OFD / "table-ends.ofd")


def _with_rectangle(tmp_path: Path, attributes: str, draw_params: str = "") -> Path:
    """table-ends.ofd with a filled rectangle whose left side runs down the middle of the
    table (painted, its sides would be rulings that split the cells it crosses)."""
    table = next(iter(extract_document(OFD / "table-ends.ofd").tables))
    boxes = [c.bbox for c in table.cells if c.bbox is not None]
    mm = 25.4 / 72
    x0, y0 = (min(b[0] for b in boxes) + max(b[2] for b in boxes)) / 2 * mm, min(b[1] for b in boxes) * mm
    w, h = (max(b[2] for b in boxes) * mm - x0) + 10, (max(b[3] for b in boxes) - min(b[1] for b in boxes)) * mm
    rectangle = (f'<ofd:PathObject ID="9001" Boundary="{x0} {y0} {w} {h}" Stroke="false" Fill="true" {attributes}>'
                 f"<ofd:AbbreviatedData>M 0 0 L {w} 0 L {w} {h} L 0 {h} C</ofd:AbbreviatedData></ofd:PathObject>")
    params = f"<ofd:DrawParams>{draw_params}</ofd:DrawParams></ofd:Res>".encode()

    def edit(name: str, data: bytes) -> bytes:
        if name.endswith(PAGE_1):
            return data.replace(b"</ofd:Layer>", rectangle.encode() + b"</ofd:Layer>", 1)
        if name.endswith("PublicRes.xml") and draw_params:
            return data.replace(b"</ofd:Res>", params)
        return data

    return _edited(tmp_path / "rectangle.ofd", edit)


def test_a_fill_without_a_colour_paints_nothing(tmp_path: Path) -> None:
    plain = csv_without_source(OFD / "table-ends.ofd")
    assert csv_without_source(_with_rectangle(tmp_path, "")) == plain
    black = '<ofd:DrawParam ID="77"><ofd:FillColor Value="0 0 0"/></ofd:DrawParam>'
    white = '<ofd:DrawParam ID="78" Relative="77"><ofd:FillColor Value="255 255 255"/></ofd:DrawParam>'
    relative = '<ofd:DrawParam ID="79" Relative="77"/>'
    # A white fill (from a drawing parameter) is no ruling; a black one, even through a
    # parameter relative to another, is one.
    assert csv_without_source(_with_rectangle(tmp_path, 'DrawParam="78"', black + white)) == plain
    assert csv_without_source(_with_rectangle(tmp_path, 'DrawParam="79"', black + relative)) != plain


def test_vertical_text_is_read_glyph_by_glyph(tmp_path: Path) -> None:
    """A run written down the page with DeltaY (vertical text, upright glyphs): each glyph
    stands under the last, at the same x, an em wide (the last to its object's Boundary);
    the page is not turned for it."""
    from catalogue.extract.ofd.content import read_page
    from catalogue.extract.ofd.document import Package

    vertical = ('<ofd:TextObject ID="9002" Boundary="5 5 5 40" Font="1" Size="4"><ofd:TextCode X="0" Y="4" '
                'DeltaY="g 3 5">竖排文字</ofd:TextCode></ofd:TextObject>')
    path = _with_object(tmp_path / "vertical.ofd", vertical)
    package = Package(path, path.name)
    try:
        page = read_page(package, 1)
    finally:
        package.close()
    mm = 72 / 25.4
    glyphs = page.glyphs[-4:]  # the object added last
    assert "".join(g.text for g in glyphs) == "竖排文字"
    assert [v for g in glyphs for v in g.origin] == pytest.approx([v for k in range(4) for v in (5 * mm, (9 + 5 * k) * mm)])
    assert [g.end[0] - g.origin[0] for g in glyphs] == pytest.approx([4 * mm, 4 * mm, 4 * mm, 5 * mm])
    assert page.display == (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
