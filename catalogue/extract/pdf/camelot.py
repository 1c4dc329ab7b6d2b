"""The camelot engine (`--engine camelot`): camelot finds each page's grid, our code fills it.

camelot's lattice parser (camelot-py 2.x, `engine="vector"`: it reads the ruling
paths of the PDF, so nothing is rendered and no Ghostscript is needed) supplies each
table's columns, rows and which cell edges are ruled. Those edges become rulings of a
geometry.RuledGrid, so merged cells, cell text, marks and edge flags come from the same
code (geometry.build_table, marks) and the same page reader as the default
engine: the two engines can only differ in where they see the grid.

Where they do differ (tests/test_camelot_engine.py pins each):
- camelot drops a grid whose cells are 90% or more empty, so such a page has no table;
- a page whose text runs vertically is turned by camelot before it looks for lines; its
  grid cannot be matched to our text, so the page gets a page_unreadable note.
camelot is called once per page (it reopens the file each time, to keep pages streaming)
and lays out text that is not used: the engine reads about 5 pages/s where the default
engine reads about 20 (bench/README.md).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalogue.errors import MissingDependency
from catalogue.extract.pdf.geometry import MIN_TABLE, PageContent, RuledGrid, Ruling, build_table
from catalogue.extract.pdf.readers import PdfReader
from catalogue.extract.pdf.vector_marks import convert_symbol_chars, marks_and_rulings
from catalogue.raw import RawTable

INSTALL_HINT = "pip install 'catalogue[camelot]'"
# camelot's render-free lattice engine arrived in 2.0; 1.x only detects lines on a
# rendered image, which splits and merges columns differently from the ruling paths.
MIN_VERSION = (2, 0)
CAMELOT_OPTIONS: dict[str, Any] = {
    "flavor": "lattice",
    "engine": "vector",
    # camelot's own text placement is not used (we fill the cells), so keep it cheap.
    "suppress_stdout": True,
}


def require_camelot(source: str) -> None:
    """Raise MissingDependency (with the install hint) unless a usable camelot is importable."""
    try:
        import camelot
    except ImportError as exc:
        raise MissingDependency(f"the camelot engine needs camelot-py ({exc.name or exc} is missing); "
                                f"{INSTALL_HINT}", source=source) from None
    version = _version(getattr(camelot, "__version__", "0"))
    if version < MIN_VERSION:
        raise MissingDependency(f"the camelot engine needs camelot-py 2.0 or later (vector lattice), found "
                                f"{camelot.__version__}; {INSTALL_HINT}", source=source)


def camelot_available() -> bool:
    try:
        require_camelot("")
    except MissingDependency:
        return False
    return True


def _version(text: str) -> tuple[int, ...]:
    parts: list[int] = []
    for piece in text.split(".")[:2]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


class CamelotPageTurned(ValueError):
    """camelot de-rotated a page: its grid is in other coordinates than our text."""


@dataclass
class CamelotContent(PageContent):
    """A page as the default reader sees it, plus the grids camelot found on it."""

    grids: list[RuledGrid] = field(default_factory=list)


class CamelotReader:
    """Wraps a PdfReader: each page read also runs camelot on that page alone.

    camelot runs inside `read`, so a page camelot fails on is reported like any
    unreadable page and the other pages are still read.
    """

    def __init__(self, inner: PdfReader, path: Path, password: str | None) -> None:
        self.inner = inner
        self.path = path
        self.password = password
        self.page_count = inner.page_count
        self.damaged = inner.damaged
        self.xref_rebuilt = inner.xref_rebuilt

    def page_size(self, number: int) -> tuple[float, float]:
        return self.inner.page_size(number)

    def close(self) -> None:
        self.inner.close()

    def read(self, number: int) -> CamelotContent:
        content = self.inner.read(number)
        grids = camelot_grids(self.path, number, content.height, self.password)
        return CamelotContent(**vars(content), grids=grids)


def camelot_grids(path: Path, number: int, page_height: float, password: str | None) -> list[RuledGrid]:
    """camelot's lattice tables on one page, as grids in display coordinates (origin top-left)."""
    import camelot

    with warnings.catch_warnings():
        # "No tables found on page-N" is a UserWarning; an empty list says the same.
        warnings.simplefilter("ignore", UserWarning)
        found = camelot.read_pdf(str(path), pages=str(number), password=password, **CAMELOT_OPTIONS)
    turned = [table for table in found if getattr(table, "rotation", "")]
    if turned:
        # camelot turns a page whose text runs vertically before it looks for lines; its
        # coordinates then no longer match the page as our reader sees it.
        raise CamelotPageTurned(f"camelot turned the page ({turned[0].rotation}: its text runs vertically) "
                                "and its grid cannot be matched to the text; use --engine pdfplumber")
    grids = [grid for table in found if (grid := table_grid(table, page_height)) is not None]
    grids.sort(key=lambda g: (g.ys[0], g.xs[0]))  # the default engine's table order
    return grids


def table_grid(table: Any, page_height: float) -> RuledGrid | None:
    """A camelot Table → a RuledGrid whose rulings are exactly the cell edges camelot found ruled.

    camelot works in page space with y upwards (rotation applied, like our display
    space), so only y is flipped. A merged cell is a run of cells with no ruled edge
    between them; geometry.grid_cells rebuilds it from these rulings.
    """
    if not table.cols or not table.rows:
        return None
    xs = [float(c[0]) for c in table.cols] + [float(table.cols[-1][1])]
    ys = [page_height - float(r[0]) for r in table.rows] + [page_height - float(table.rows[-1][1])]
    if xs[-1] - xs[0] < MIN_TABLE or ys[-1] - ys[0] < MIN_TABLE:
        return None  # a drawn check box or an ornament, as in the default engine
    cells = table.cells
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    rulings: list[Ruling] = []
    for r in range(n_rows):
        for c in range(n_cols):
            cell = cells[r][c]
            if cell.left or c == 0:
                rulings.append(Ruling(False, xs[c], ys[r], ys[r + 1]))
            if cell.top or r == 0:
                rulings.append(Ruling(True, ys[r], xs[c], xs[c + 1]))
            # camelot marks an edge on both neighbours; either one is enough.
            if cell.right or c == n_cols - 1:
                rulings.append(Ruling(False, xs[c + 1], ys[r], ys[r + 1]))
            if cell.bottom or r == n_rows - 1:
                rulings.append(Ruling(True, ys[r + 1], xs[c], xs[c + 1]))
    return RuledGrid(xs, ys, rulings)


def camelot_page_tables(content: PageContent, source: str) -> list[RawTable]:
    """The tables of a page read by CamelotReader: camelot's grids, our cell text and marks."""
    grids = content.grids if isinstance(content, CamelotContent) else []
    if not grids:
        return []
    convert_symbol_chars(content.chars)
    # Only the marks and the chars that remain are used: the rulings come from camelot.
    marks, _, chars = marks_and_rulings(content.paths, content.chars, content.pictures)
    chars += marks
    return [build_table(grid, chars, source, content.number, k) for k, grid in enumerate(grids)]
