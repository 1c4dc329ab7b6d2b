"""The camelot engine (`engine="camelot"`): camelot's lattice grid, our cell text and marks.

Its contract rows must equal the generator's expected rows, as the default engine's
do (tests/test_extract_pdf.py), and its cells must equal the default engine's.
"""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest

from catalogue.errors import MissingDependency, NoTablesFound
from catalogue.extract.pdf import camelot as camelot_engine
from catalogue.extract.pdf import open_pdf
from catalogue.extract.settings import ExtractSettings
from catalogue.raw import RawTable
from catalogue.schemas.warnings import PAGE_UNREADABLE

PDFS = Path(__file__).resolve().parent.parent / "samples" / "pdf"
SAMPLES = ["district-catalogue.pdf", "national-catalogue.pdf", "district-text-sample.pdf"]
CAMELOT = ExtractSettings(engine="camelot")
BBOX_TOLERANCE = 0.5  # points



def test_camelot_is_installed() -> None:
    """The test command installs the camelot extra: its tests never skip."""
    assert camelot_engine.camelot_available(), camelot_engine.INSTALL_HINT


def tables(name: str, settings: ExtractSettings | None = None) -> list[RawTable]:
    return list(open_pdf(PDFS / name, source=name, sha256="", settings=settings).tables)


def rows(name: str, settings: ExtractSettings | None = None) -> list[dict[str, object]]:
    from catalogue.normalise import normalise_tables

    doc = open_pdf(PDFS / name, source=name, sha256="", settings=settings)
    return normalise_tables(doc.tables, name)


@pytest.mark.parametrize("name", SAMPLES)
def test_camelot_cells_equal_the_default_engine(name: str) -> None:
    default, camelot = tables(name), tables(name, CAMELOT)
    assert [(t.page, t.index, t.n_rows, t.n_cols) for t in camelot] == [
        (t.page, t.index, t.n_rows, t.n_cols) for t in default
    ]
    for a, b in zip(default, camelot, strict=True):
        assert [(c.row, c.col, c.rowspan, c.colspan, c.text, c.flags) for c in b.cells] == [
            (c.row, c.col, c.rowspan, c.colspan, c.text, c.flags) for c in a.cells
        ], f"{name} p{a.page}"
        # camelot snaps line positions its own way: boxes agree to a fraction of a point.
        for x, y in zip(a.cells, b.cells, strict=True):
            assert x.bbox is not None and y.bbox is not None
            assert max(abs(p - q) for p, q in zip(x.bbox, y.bbox, strict=True)) < BBOX_TOLERANCE


def test_camelot_spans_from_missing_edges() -> None:
    page1 = tables("district-catalogue.pdf", CAMELOT)[0]
    spans = {(c.row, c.col): (c.rowspan, c.colspan) for c in page1.cells}
    assert spans[(0, 1)] == (1, 5)  # 事项名称 over 二级…六级
    assert spans[(0, 6)] == (2, 1)  # 公开内容 over both header rows
    assert spans[(2, 0)] == (5, 1)  # 履职依据, five items
    assert spans[(4, 1)] == (2, 1)  # 政策专题


@pytest.mark.parametrize("name", ["district-catalogue", "national-catalogue"])
def test_camelot_contract_rows_match_expected(name: str, contract_differences) -> None:
    expected = json.loads((PDFS / f"{name}.expected.json").read_text(encoding="utf-8"))["rows"]
    actual = rows(f"{name}.pdf", CAMELOT)
    assert [r["item_key"] for r in actual] == [r["item_key"] for r in expected]
    problems = contract_differences(expected, actual)
    assert not problems, "\n".join(problems)


def test_camelot_text_sample_matches_the_text_path(samples_dir: Path) -> None:
    from catalogue.extract import extract_document
    from catalogue.normalise import normalise_tables

    doc = extract_document(samples_dir / "district-catalogue-extracted.txt")
    from_text = normalise_tables(doc.tables, "sample")
    from_pdf = rows("district-text-sample.pdf", CAMELOT)
    ignore = {"source", "page", "warnings"}
    assert [{k: v for k, v in r.items() if k not in ignore} for r in from_pdf] == [
        {k: v for k, v in r.items() if k not in ignore} for r in from_text
    ]
    assert from_pdf == rows("district-text-sample.pdf")


def test_camelot_runs_page_by_page(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int] = []
    real = camelot_engine.camelot_grids

    def counting(path: Path, number: int, page_height: float, password: str | None):  # type: ignore[no-untyped-def]
        asked.append(number)
        return real(path, number, page_height, password)

    monkeypatch.setattr(camelot_engine, "camelot_grids", counting)
    doc = open_pdf(PDFS / "district-catalogue.pdf", source="d.pdf", sha256="", settings=CAMELOT)
    first = next(doc.tables)
    assert first.page == 1 and asked == [1]
    assert [t.page for t in doc.tables] == [2, 3, 4] and asked == [1, 2, 3, 4]


def test_a_page_camelot_fails_on_is_noted_and_the_others_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    real = camelot_engine.camelot_grids

    def failing_on_2(path: Path, number: int, page_height: float, password: str | None):  # type: ignore[no-untyped-def]
        if number == 2:
            raise ValueError("camelot broke")
        return real(path, number, page_height, password)

    monkeypatch.setattr(camelot_engine, "camelot_grids", failing_on_2)
    doc = open_pdf(PDFS / "district-catalogue.pdf", source="d.pdf", sha256="", settings=CAMELOT)
    assert [t.page for t in doc.tables] == [1, 3, 4]
    assert [(n.page, n.code) for n in doc.notes if n.code != "text_from_pdfminer"] == [(2, PAGE_UNREADABLE)]
    assert "camelot broke" in doc.notes[0].message


def test_camelot_with_a_password() -> None:
    (table,) = tables("encrypted-user-password.pdf", ExtractSettings(engine="camelot", password="secret"))
    assert table.n_cols == 14


def test_missing_camelot_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "camelot", None)  # import camelot → ImportError
    with pytest.raises(MissingDependency, match=r"national-catalogue.pdf: .*pip install 'catalogue\[camelot\]'"):
        tables("national-catalogue.pdf", CAMELOT)


def test_camelot_1x_is_refused_with_the_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "camelot", types.SimpleNamespace(__version__="1.0.9"))
    with pytest.raises(MissingDependency, match=r"camelot-py 2.0 or later .* found 1.0.9; pip install"):
        tables("national-catalogue.pdf", CAMELOT)



def test_a_page_camelot_turns_is_noted_not_misread(monkeypatch: pytest.MonkeyPatch) -> None:
    import camelot

    real = camelot.read_pdf

    def turning_page_2(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        found = real(*args, **kwargs)
        if kwargs.get("pages") == "2":
            for table in found:
                table.rotation = "clockwise"  # what camelot sets when a page's text runs vertically
        return found

    monkeypatch.setattr(camelot, "read_pdf", turning_page_2)
    doc = open_pdf(PDFS / "national-catalogue.pdf", source="n.pdf", sha256="", settings=CAMELOT)
    assert [t.page for t in doc.tables] == [1]
    assert [(n.page, n.code) for n in doc.notes if n.code != "text_from_pdfminer"] == [(2, PAGE_UNREADABLE)]
    assert "camelot turned the page" in doc.notes[0].message and "--engine pdfplumber" in doc.notes[0].message


def test_known_gap_camelot_drops_a_mostly_empty_grid(tmp_path: Path) -> None:
    """camelot 2.0 rejects a lattice grid whose cells are 90% or more empty (its
    `_GRID_WHITESPACE_REJECT`, with no option to turn it off), so a ruled page that is
    nearly all blank cells gives no table with this engine; the default engine reads it.
    Pinned here so that a camelot release that changes it shows up."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "sparse.pdf"
    canvas = Canvas(str(path), pagesize=(842, 595), invariant=1)
    xs, ys = [50 + 100 * i for i in range(7)], [500 - 30 * j for j in range(11)]
    for x in xs:
        canvas.line(x, ys[0], x, ys[-1])
    for y in ys:
        canvas.line(xs[0], y, xs[-1], y)
    canvas.setFont("STSong-Light", 9)
    for x, y, text in ((55, 485, "公开内容"), (155, 485, "公开主体"), (55, 455, "机构职能")):
        canvas.drawString(x, y, text)
    canvas.showPage()
    canvas.save()
    (table,) = open_pdf(path, source="sparse.pdf", sha256="").tables
    assert (table.n_rows, table.n_cols) == (10, 6)
    with pytest.raises(NoTablesFound):
        open_pdf(path, source="sparse.pdf", sha256="", settings=CAMELOT)
