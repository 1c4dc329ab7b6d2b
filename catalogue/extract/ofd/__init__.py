"""OFD (GB/T 33190-2016, the national fixed-layout format) → raw tables.

The package is read by our own parser (document.py, content.py) into the PDF path's
PageContent, so the grid, mark and page-break code that reads PDF pages reads OFD
pages unchanged (extract.pdf.stream). Pages are numbered over all documents of
the package, in DocBody order (contract v1.2). A page with no text whose images cover it
is read by OCR from its images (render.py). Annotations and signatures (seals) are kept
apart from the page content by the format, and are not read.
"""

from __future__ import annotations

from itertools import chain
from pathlib import Path

import numpy as np

from catalogue.errors import NoTablesFound
from catalogue.extract.ofd.content import OfdPage, page_content, read_page
from catalogue.extract.ofd.document import Package, is_ofd_package
from catalogue.extract.pages import page_numbers, page_phrase
from catalogue.extract.pdf.geometry import PageContent
from catalogue.extract.pdf.stream import (
    PageFn,
    PageTask,
    lead_header,
    no_table_message,
    page_stream,
    split_tables,
)
from catalogue.extract.pdf.tables import PageTables
from catalogue.extract.pdf.text import judge_page
from catalogue.extract.settings import ExtractSettings, PageSplit
from catalogue.raw import PageNote, RawDocument
from catalogue.schemas.warnings import TEXT_LAYER_UNREADABLE

__all__ = ["OfdLayer", "is_ofd_package", "open_layer", "open_ofd"]

# Why OCR of an OFD page cannot see its text: pages are drawn for OCR from their images only.
_UNDRAWN = ("an OFD page is drawn for OCR from its images only, so it would show no text",
            "OCR sees only an OFD page's images, not its glyphs")
OUTLINED = "the page's text is drawn as glyph outlines, with no text objects"


class OfdLayer:
    """The pages of an OFD package, as the PDF path's page loop reads them (pdf.PageLayer)."""

    damaged = False

    def __init__(self, package: Package) -> None:
        self.package = package
        # No page takes its characters from pdfminer (stream.PageLayer).
        self.miner_pages: list[int] = []
        self.miner_fonts: set[str] = set()
        self._last: OfdPage | None = None
        self._outlined: set[int] = set()  # pages whose text is drawn as glyph outlines

    @property
    def page_count(self) -> int:
        return len(self.package.pages)

    def page_size(self, number: int) -> tuple[float, float]:
        page = self.page(number)  # read once: the page may set its own area
        return page.width, page.height

    def page(self, number: int) -> OfdPage:
        if self._last is None or self._last.number != number:
            self._last = read_page(self.package, number)
        return self._last

    def read(self, number: int) -> tuple[PageContent, str | None]:
        page = self.page(number)
        content = page_content(page)
        if page.outlined_text:
            self._outlined.add(number)
            return content, OUTLINED
        verdict = judge_page(content)
        return content, verdict.reason if verdict else None

    def render(self, number: int, dpi: float) -> tuple[np.ndarray, float, bool]:
        from catalogue.extract.ofd.render import render_page

        return render_page(self.package, self.page(number), dpi)

    def undrawn(self, content: PageContent) -> tuple[str, str] | None:
        return _UNDRAWN if content.chars or content.number in self._outlined else None

    def content_over_limit(self, number: int) -> int | None:
        return None  # a page's Content.xml was inflated within its declared size (office.package)

    def close(self, notes: list[PageNote] | None = None) -> None:
        self.package.close()


def open_layer(path: Path, source: str) -> OfdLayer:
    return OfdLayer(Package(path, source))


def task_layer(task: PageTask) -> tuple[OfdLayer, PageFn]:
    """A PageTask's package, opened in a page worker (stream.read_pages)."""
    return open_layer(Path(task.path), task.source), PageTables()


def open_ofd(path: Path | str, *, source: str, sha256: str, settings: ExtractSettings | None = None,
             split: PageSplit | None = None) -> RawDocument:
    """Open an OFD package; its tables are read lazily, page by page, as `tables` is consumed
    (with `split`, by worker processes, as a long PDF's pages are: stream.split_tables).

    Raises EncryptedInput, DamagedInput, NoTablesFound (no pages, or no table on any page).
    """
    settings = ExtractSettings.resolve(settings)
    path = Path(path)
    layer = open_layer(path, source)
    notes: list[PageNote] = []
    count = layer.page_count
    numbers = page_numbers(count, settings, source, notes)
    lead = lead_header(layer, numbers, source, settings, notes)
    stream = None
    if split is not None and split.applies(len(numbers)):
        stream = split_tables(PageTask(str(path), source, settings, None, (), task_layer), numbers, notes,
                              split.workers)
    split_read = stream is not None
    if stream is not None:
        layer.close()
    else:
        stream = page_stream(layer, numbers, source, settings, notes, PageTables())
    first = next(stream, None)
    if first is None:
        outlined = [n.page for n in notes if n.code == TEXT_LAYER_UNREADABLE and n.reason == OUTLINED]
        if outlined:
            raise NoTablesFound(f"no table with text: the text of {page_phrase(outlined)} is drawn as "
                                "glyph outlines (no text objects), which cannot be read", source=source)
        raise NoTablesFound(no_table_message(notes), source=source)

    return RawDocument(source=source, path=str(path), sha256=sha256, kind="ofd", tables=chain([lead] if lead else [], [first], stream),
                       notes=notes, pages=count, split=split_read)
