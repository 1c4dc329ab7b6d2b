"""The PDF engines, by name: which reader supplies a page's text, marks and rulings,
and which function finds its grids and builds its tables. `--engine` and
`ExtractSettings(engine=…)` choose one; nothing else names an engine.

A table finder is imported only when its engine is used (camelot is an extra).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from catalogue.extract.pdf.geometry import PageContent
    from catalogue.extract.pdf.readers import PdfReader
    from catalogue.raw import RawTable

    PageFn = Callable[[PageContent, str], list[RawTable]]

EngineName = Literal["pdfium", "pdfplumber", "camelot"]


@dataclass(frozen=True)
class PdfEngine:
    reader: str  # a name of extract.pdf.readers.READERS
    description: str  # for --engine's help
    # The page → tables function; raises MissingDependency (naming `source`) when the
    # engine's extra is not installed, before any file is opened.
    tables: Callable[[str], PageFn]
    # What the engine puts around the reader (camelot reads the file itself as well).
    wrap: Callable[[PdfReader, Path, str | None], PdfReader] | None = None


def _ruled_tables(source: str) -> PageFn:
    from catalogue.extract.pdf.tables import PageTables

    return PageTables()  # one per file: it carries an unruled table's columns over pages


def _camelot_tables(source: str) -> PageFn:
    from catalogue.extract.pdf.camelot import camelot_page_tables, require_camelot

    require_camelot(source)
    return camelot_page_tables


def _camelot_reader(pdf: PdfReader, path: Path, password: str | None) -> PdfReader:
    from catalogue.extract.pdf.camelot import CamelotReader

    return CamelotReader(pdf, path, password)


# pdfium gives the same cells as pdfplumber several times faster; pages whose fonts it
# cannot decode alone take their characters from pdfminer. camelot finds the grids; the
# default reader still supplies text and marks.
ENGINES: dict[str, PdfEngine] = {
    "pdfium": PdfEngine("pdfium", "fast, pdfminer where a font needs it", _ruled_tables),
    "pdfplumber": PdfEngine("pdfplumber", "pdfminer throughout", _ruled_tables),
    "camelot": PdfEngine("pdfium", "camelot finds the grids", _camelot_tables, _camelot_reader),
}
ENGINE_NAMES: tuple[str, ...] = tuple(ENGINES)
ENGINE_HELP = "PDF reader and table engine (" + "; ".join(
    f"{name}: {engine.description}" for name, engine in ENGINES.items()) + ")."
