"""Extract-level tests on the generated sample PDFs (samples/generate_pdfs.py), and the
end-to-end comparison of their contract rows with the generator's expected rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalogue.extract.pdf import open_pdf
from catalogue.raw import CHECKED, TEXT_AT_BOTTOM, TEXT_AT_TOP, UNCHECKED, UNREADABLE, RawTable

PDFS = Path(__file__).resolve().parent.parent / "samples" / "pdf"
READERS = ("pdfium", "pdfplumber")


def tables(name: str, reader: str = "pdfium") -> list[RawTable]:
    doc = open_pdf(PDFS / name, source=name, sha256="", reader=reader)
    return list(doc.tables)


def cell(table: RawTable, row: int, col: int) -> str:
    grid = table.grid()
    found = grid[row][col]
    assert found is not None
    return found.text


@pytest.fixture(scope="module")
def district() -> list[RawTable]:
    return tables("district-catalogue.pdf")


def test_district_one_table_per_page_with_header(district: list[RawTable]) -> None:
    assert [t.page for t in district] == [1, 2, 3, 4]
    for t in district:
        assert t.n_cols == 13
        assert cell(t, 0, 0).replace("\n", "") == "事项类别"
        assert cell(t, 0, 6) == "公开内容"
        assert [cell(t, 1, c) for c in range(6)] == ["一级", "二级", "三级", "四级", "五级", "六级"]


def test_district_spans(district: list[RawTable]) -> None:
    page1 = district[0]
    spans = {(c.row, c.col): (c.rowspan, c.colspan) for c in page1.cells}
    assert spans[(0, 1)] == (1, 5)  # 事项名称 over 二级…六级
    assert spans[(0, 6)] == (2, 1)  # 公开内容 over both header rows
    assert spans[(2, 0)] == (5, 1)  # 履职依据, five items
    assert spans[(2, 1)] == (1, 5)  # 上级法规规章, the deepest level spans the empty levels
    assert spans[(4, 1)] == (2, 1)  # 政策专题


def test_district_label_cut_by_page_break(district: list[RawTable]) -> None:
    bottom = next(c for c in district[0].cells if c.col == 0 and c.text == "机关简")
    assert TEXT_AT_BOTTOM in bottom.flags and TEXT_AT_TOP not in bottom.flags
    assert bottom.row + bottom.rowspan == district[0].n_rows  # reaches the page's last row
    top = next(c for c in district[1].cells if c.col == 0 and c.row == 2)
    assert top.text == "介" and TEXT_AT_TOP in top.flags


def test_district_centred_label_sits_on_a_later_page(district: list[RawTable]) -> None:
    last_row = district[1].n_rows - 1
    first_row_of_group = next(c for c in district[1].cells if c.col == 0 and c.row <= last_row < c.row + c.rowspan)
    assert first_row_of_group.text == ""  # 决策公开 starts on page 2 with no label …
    page3 = district[2]
    assert cell(page3, 2, 0).replace("\n", "") == "决策公开"  # … which is printed on page 3


def test_district_rotated_page_reads_upright(district: list[RawTable]) -> None:
    page3 = district[2]
    assert cell(page3, 2, 2) == "政府开放日和听证会"
    right = max(c.bbox[2] for c in page3.cells if c.bbox)
    assert right > 595  # landscape coordinates


def test_district_row_split_by_page_break(district: list[RawTable]) -> None:
    page4 = district[3]
    row = [cell(page4, 2, c) for c in range(13)]
    assert row[6] == "" and row[8].startswith("□移动客户端")  # no content left, the channel list goes on
    assert row[11].startswith("（脱敏）公开")  # cut inside an option label
    assert row[:6] == [""] * 6  # level cells of the continued row are empty


def test_marks_glyphs_and_symbol_fonts(district: list[RawTable]) -> None:
    texts = [c.text for t in district for c in t.cells]
    assert any(t.startswith("✓政府网站□政府公报") for t in texts)  # Unicode glyphs pass through
    wd2 = cell(district[1], 4, 8)  # Wingdings 2 "R" / "£"
    assert wd2.startswith(CHECKED + "政府网站" + UNCHECKED + "政府公报")
    assert "R" not in wd2 and "£" not in wd2
    wd = cell(district[1], 6, 8)  # Wingdings "þ" / "¨"
    assert wd.startswith(CHECKED + "政府网站" + UNCHECKED)
    pua = cell(district[1], 9, 8)  # U+F052 / U+F0A3 in Wingdings 2
    assert pua.startswith(CHECKED + "政府网站") and "\uf052" not in pua
    assert any("R&D" in t for t in texts)  # a bare R in a normal font is text


def test_marks_drawn_boxes(district: list[RawTable]) -> None:
    page3 = district[2]
    ticked, crossed, unreadable = cell(page3, 4, 8), cell(page3, 5, 8), cell(page3, 6, 8)
    assert ticked.startswith(CHECKED + "政府网站" + UNCHECKED + "政府公报")
    assert crossed.startswith(CHECKED + "政府网站")
    assert UNREADABLE + "政务微博" in unreadable
    assert cell(page3, 4, 11).startswith(CHECKED + "预公开")


def test_national_layout() -> None:
    (t,) = tables("national-catalogue.pdf")[:1]
    assert t.n_cols == 14
    assert cell(t, 0, 1) == "公开事项" and cell(t, 1, 1) == "一级事项" and cell(t, 1, 8).replace("\n", "") == "全社会"
    assert cell(t, 2, 8) == "√" and cell(t, 2, 9) == ""
    assert cell(t, 2, 7).startswith("■政府网站 □政府公报 ■两微一端")


@pytest.mark.parametrize("name", ["district-catalogue.pdf", "national-catalogue.pdf", "district-text-sample.pdf"])
def test_pdfium_and_pdfplumber_give_identical_cells(name: str) -> None:
    fast, reference = tables(name, "pdfium"), tables(name, "pdfplumber")
    assert [(t.page, t.n_rows, t.n_cols) for t in fast] == [(t.page, t.n_rows, t.n_cols) for t in reference]
    for a, b in zip(fast, reference, strict=True):
        assert [(c.row, c.col, c.rowspan, c.colspan, c.text, c.flags) for c in a.cells] == [
            (c.row, c.col, c.rowspan, c.colspan, c.text, c.flags) for c in b.cells
        ]


def test_tables_are_streamed_lazily() -> None:
    doc = open_pdf(PDFS / "district-catalogue.pdf", source="d.pdf", sha256="")
    first = next(doc.tables)
    assert first.page == 1 and doc.notes == []


# ---------------------------------------------------------------- end to end

def _normalise(name: str) -> list[dict[str, object]]:
    from catalogue.normalise import normalise_tables

    doc = open_pdf(PDFS / name, source=name, sha256="")
    return normalise_tables(doc.tables, name)


@pytest.mark.parametrize("name", ["district-catalogue", "national-catalogue"])
def test_contract_rows_match_expected(name: str, contract_differences) -> None:
    expected = json.loads((PDFS / f"{name}.expected.json").read_text(encoding="utf-8"))["rows"]
    actual = _normalise(f"{name}.pdf")
    assert [r["item_key"] for r in actual] == [r["item_key"] for r in expected]
    problems = contract_differences(expected, actual)
    assert not problems, "\n".join(problems)


def test_pdf_and_text_paths_agree() -> None:
    from catalogue.extract import extract_document
    from catalogue.normalise import normalise_tables

    text = Path(__file__).resolve().parent.parent / "samples" / "district-catalogue-extracted.txt"
    doc = extract_document(text)
    from_text = normalise_tables(doc.tables, "sample")
    from_pdf = _normalise("district-text-sample.pdf")
    ignore = {"source", "page", "warnings"}
    assert [{k: v for k, v in r.items() if k not in ignore} for r in from_pdf] == [
        {k: v for k, v in r.items() if k not in ignore} for r in from_text
    ]
