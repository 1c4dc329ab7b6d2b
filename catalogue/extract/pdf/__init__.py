"""PDF → raw tables, one page at a time.

Each page is read into a neutral description (readers), symbol-font glyphs and
drawn boxes become canonical marks (marks), and the ruled grids become tables with
merged cells (geometry). Pages that cannot give a table leave a PageNote instead;
a file that cannot give any table raises a CatalogueError naming it. The page loop
PDF and OFD share is stream.py; the page → tables step is tables.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from catalogue.errors import DamagedInput, NoTablesFound
from catalogue.extract.engines import ENGINES
from catalogue.extract.pages import page_numbers
from catalogue.extract.pdf.content_size import ContentSizes
from catalogue.extract.pdf.content_size import preload as preload_content_sizes
from catalogue.extract.pdf.geometry import PageContent
from catalogue.extract.pdf.readers import (
    READERS,
    PdfiumReader,
    PdfReader,
    PlumberReader,
    with_trailer,
)
from catalogue.extract.pdf.stream import (
    PageFn,
    PageTask,
    lead_header,
    no_table_message,
    page_stream,
    pdfminer_note,
    split_tables,
)
from catalogue.extract.pdf.text import judge_page, needs_pdfminer, same_reading
from catalogue.extract.settings import ExtractSettings, PageSplit
from catalogue.raw import PageNote, RawDocument, RawTable
from catalogue.schemas.warnings import DAMAGED_FILE, XREF_REBUILT

if TYPE_CHECKING:
    import numpy as np


def open_pdf(
    path: Path | str, *, source: str, sha256: str, settings: ExtractSettings | None = None, reader: str | None = None,
    split: PageSplit | None = None,
) -> RawDocument:
    """Open a PDF; its tables are read lazily, page by page, as `tables` is consumed.

    With `split` (and enough pages), worker processes read the pages, a few at a time,
    and the tables still come in page order, the same tables and notes as in one process.
    Raises EncryptedInput, DamagedInput, NoTablesFound (no pages, or no table on any page).
    """
    settings = ExtractSettings.resolve(settings)
    path = Path(path)
    pdf, page_fn = _open_layer(path, source, settings, reader)
    if pdf.page_count == 0:
        pdf.close()
        raise NoTablesFound("the PDF has no pages", source=source)
    notes: list[PageNote] = []
    if pdf.xref_rebuilt:
        notes.append(PageNote(0, XREF_REBUILT, f"{source}: the file's cross-reference table does not match its "
                                               "objects (the file was changed without updating it); it was rebuilt "
                                               "from the objects, and the file ends whole"))
    elif pdf.damaged:
        notes.append(PageNote(0, DAMAGED_FILE, f"{source}: the file is damaged (broken cross-reference table "
                                               "or truncated); pages were recovered where possible"))
    page_count = pdf.page_count
    numbers = page_numbers(page_count, settings, source, notes)
    lead = lead_header(pdf, numbers, source, settings, notes)
    stream: Iterator[RawTable] | None = None
    if split is not None and split.applies(len(numbers)):
        stream = split_tables(PageTask(str(path), source, settings, reader, (), task_layer, preload_content_sizes), numbers, notes, split.workers)
    split_read = stream is not None
    if stream is not None:
        pdf.close()
    else:
        stream = page_stream(pdf, numbers, source, settings, notes, page_fn)
    first = next(stream, None)
    if first is None:
        raise NoTablesFound(no_table_message(notes), source=source)
    return RawDocument(
        source=source, path=str(path), sha256=sha256, kind="pdf", tables=chain([lead] if lead else [], [first], stream),
        notes=notes, pages=len(numbers),  # the pages read: --pages and the page limit leave some out
        split=split_read,
    )




def _open_layer(path: Path, source: str, settings: ExtractSettings, reader: str | None) -> tuple[TextLayer, PageFn]:
    """The engine's page reader, as a TextLayer, and its function from a page to tables."""
    engine = ENGINES[settings.engine]
    page_fn = engine.tables(source)
    pdf = _open_reader(path, source, settings, reader or engine.reader)
    if engine.wrap is not None:
        pdf = engine.wrap(pdf, path, settings.password)
    return TextLayer(pdf, path, source, settings.password), page_fn


def task_layer(task: PageTask) -> tuple[TextLayer, PageFn]:
    """A PageTask's PDF, opened in a page worker (stream.read_pages)."""
    return _open_layer(Path(task.path), task.source, task.settings, task.reader)


def _open_reader(path: Path, source: str, settings: ExtractSettings, name: str) -> PdfReader:
    """The chosen reader; for a damaged file, the other reader, then pdfium on the file with a new trailer."""
    try:
        return READERS[name](path, source, settings.password)
    except DamagedInput as first:
        failure = first
    other = "pdfplumber" if name == "pdfium" else "pdfium"
    try:
        return READERS[other](path, source, settings.password)
    except DamagedInput as second:
        failure.add_note(f"{other}: {second.detail}")
    repaired = with_trailer(path)
    if repaired is None:
        raise failure
    try:
        return PdfiumReader(repaired, source, settings.password)
    except DamagedInput as third:
        failure.add_note(f"with a rebuilt trailer: {third.detail}")
        raise failure from None


class TextLayer:
    """A page reader whose characters can be trusted: a font that is not embedded is
    read by pdfium only once pdfium and pdfminer agree on the first page that uses it
    (text.same_reading); pages with a font on which they disagree, or whose text pdfium
    decodes to nothing, take their characters from pdfminer; and the text of every page
    is judged (text) before a table is built from it."""

    def __init__(self, pdf: PdfReader, path: Path, source: str, password: str | None) -> None:
        self.pdf = pdf
        self.path = path
        self.source = source
        self.password = password
        self._pdfminer: PlumberReader | None = None
        self._sizes: ContentSizes | None = None
        # Fonts not embedded, by whether pdfium's reading of them matched pdfminer's.
        self.agreed: set[str] = set()
        self.disagreed: set[str] = set()
        # Pages whose characters came from pdfminer, and the fonts that made it so.
        self.miner_pages: list[int] = []
        self.miner_fonts: set[str] = set()

    @property
    def page_count(self) -> int:
        return self.pdf.page_count

    @property
    def damaged(self) -> bool:
        return self.pdf.damaged

    @property
    def xref_rebuilt(self) -> bool:
        return self.pdf.xref_rebuilt

    def page_size(self, number: int) -> tuple[float, float]:
        return self.pdf.page_size(number)

    def content_over_limit(self, number: int) -> int | None:
        """The bytes page `number`'s content inflated to past MAX_CONTENT_BYTES, or None
        when it is within the limit: checked before a reader loads (and inflates) it."""
        if self._sizes is None:
            self._sizes = ContentSizes(getattr(self._inner(), "data", self.path), self.password)
        return self._sizes.over_limit(number)

    def render(self, number: int, dpi: float) -> tuple[np.ndarray, float, bool]:
        """The page drawn for OCR (ocr.render_pdf_page_with_dpi)."""
        from catalogue.extract.ocr import render_pdf_page_with_dpi

        return render_pdf_page_with_dpi(self.path, number - 1, dpi, self.password)

    def undrawn(self, content: PageContent) -> tuple[str, str] | None:
        """Why a drawn page would show none of the page's text (for --ocr always, and
        for a page whose text cannot be decoded), or None when it shows it all."""
        if not content.unembedded_fonts:
            return None
        return (f"the page's fonts ({', '.join(content.unembedded_fonts)}) are not embedded, so a rendered page "
                "shows no text", "its fonts are not embedded, so OCR cannot see the glyphs either")

    def read(self, number: int) -> tuple[PageContent, str | None]:
        """The page, and why its text cannot be used (None when it can)."""
        content = self.pdf.read(number)
        if self._uses_pdfium():
            theirs = None
            untried = set(content.unembedded_fonts) - self.agreed - self.disagreed
            if untried and not self._for_pdfminer(content):
                theirs = self._miner().read_chars(number, content.turn)
                (self.agreed if same_reading(content.chars, theirs) else self.disagreed).update(untried)
            if self._for_pdfminer(content):
                content.chars = theirs if theirs is not None else self._miner().read_chars(number, content.turn)
                # pdfminer shows a glyph it cannot map as (cid:N), which judge_page counts.
                content.silent_text_objects = 0
                self.miner_pages.append(number)
                self.miner_fonts.update(content.unembedded_fonts)
        verdict = judge_page(content)
        return content, verdict.reason if verdict else None

    def _for_pdfminer(self, content: PageContent) -> bool:
        return needs_pdfminer(content) or not self.disagreed.isdisjoint(content.unembedded_fonts)

    def _inner(self) -> PdfReader:
        return getattr(self.pdf, "inner", self.pdf)  # the camelot engine wraps the default reader

    def _uses_pdfium(self) -> bool:
        return isinstance(self._inner(), PdfiumReader)

    def _miner(self) -> PlumberReader:
        if self._pdfminer is None:
            inner = self._inner()
            # A damaged file was opened with a rebuilt trailer: pdfminer reads those bytes too.
            self._pdfminer = PlumberReader(getattr(inner, "data", self.path), self.source, self.password)
        return self._pdfminer

    def close(self, notes: list[PageNote] | None = None) -> None:
        """Close the readers; with `notes`, add to them the file's note on the pages
        whose characters came from pdfminer (see pdfminer_note)."""
        if self._pdfminer is not None:
            self._pdfminer.close()
        if self._sizes is not None:
            self._sizes.close()
        self.pdf.close()
        if notes is not None and (note := pdfminer_note(self.source, self.miner_pages, self.miner_fonts)):
            notes.append(note)
