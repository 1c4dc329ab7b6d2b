"""One record for a cell with its span and box (raw.CellSpan): a PDF grid's cells, a
scan grid's, RawCell and inspect's CellView are all one, each with its own extras."""

from __future__ import annotations

import dataclasses

import pytest

from catalogue.extract.ocr.grid import PixelCell
from catalogue.extract.pdf.geometry import Char, RuledGrid, Ruling, build_table, grid_cells
from catalogue.inspect.model import CellView
from catalogue.raw import TEXT_AT_TOP, CellSpan, RawCell


def test_raw_cell_is_built_as_before() -> None:
    # Positionally (row, col, text) and by keyword, as every extractor and test builds it.
    cell = RawCell(2, 3, "政府网站", rowspan=2, bbox=(1.0, 2.0, 3.0, 4.0))
    assert (cell.row, cell.col, cell.text, cell.rowspan, cell.colspan) == (2, 3, "政府网站", 2, 1)
    assert cell == RawCell(row=2, col=3, text="政府网站", rowspan=2, colspan=1, bbox=(1.0, 2.0, 3.0, 4.0))
    assert cell.merged and not RawCell(0, 0, "").merged
    assert dataclasses.replace(cell, text="报刊").text == "报刊"


@pytest.mark.parametrize("record", [RawCell, PixelCell, CellView])
def test_every_cell_record_is_a_cell_span(record: type) -> None:
    assert issubclass(record, CellSpan)
    names = [f.name for f in dataclasses.fields(record)]
    assert names[:5] == ["row", "col", "rowspan", "colspan", "bbox"]


def _grid() -> RuledGrid:
    """Two rows, two columns (x 0-100-200, y 0-20-40), the ruling between the columns of
    the first row left out: its two positions are one merged cell."""
    rulings = [
        Ruling(True, 0.0, 0.0, 200.0),
        Ruling(True, 20.0, 0.0, 200.0),
        Ruling(True, 40.0, 0.0, 200.0),
        Ruling(False, 0.0, 0.0, 40.0),
        Ruling(False, 200.0, 0.0, 40.0),
        Ruling(False, 100.0, 20.0, 40.0),
    ]
    return RuledGrid([0.0, 100.0, 200.0], [0.0, 20.0, 40.0], rulings)


def test_pdf_grid_cells_are_spans_with_their_boxes() -> None:
    cells = grid_cells(_grid())
    assert cells == [
        CellSpan(0, 0, rowspan=1, colspan=2, bbox=(0.0, 0.0, 200.0, 20.0)),
        CellSpan(1, 0, bbox=(0.0, 20.0, 100.0, 40.0)),
        CellSpan(1, 1, bbox=(100.0, 20.0, 200.0, 40.0)),
    ]


def test_pdf_table_cells_keep_span_and_box() -> None:
    # A 10 pt character on the first line of the merged cell: text at its top.
    chars = [Char("甲", 10.0, 20.0, 10.0, 10.0)]
    table = build_table(_grid(), chars, "x.pdf", 1, 0)
    first = table.cells[0]
    assert (first.row, first.col, first.rowspan, first.colspan, first.text) == (0, 0, 1, 2, "甲")
    assert first.bbox == (0.0, 0.0, 200.0, 20.0)
    assert TEXT_AT_TOP in first.flags
    assert [c.bbox for c in table.cells[1:]] == [(0.0, 20.0, 100.0, 40.0), (100.0, 20.0, 200.0, 40.0)]
