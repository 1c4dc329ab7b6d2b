"""PDF → raw tables, one page at a time.

Each page is read into a neutral description (readers), symbol-font glyphs and
drawn boxes become canonical marks (marks), and the ruled grids become tables with
merged cells (geometry). Pages that cannot give a table leave a PageNote instead;
a file that cannot give any table raises a CatalogueError naming it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import chain
from pathlib import Path

from catalogue.errors import DamagedInput, MissingDependency, NoTablesFound
from catalogue.extract.pdf.geometry import PageContent, build_table, find_grids
from catalogue.extract.pdf.marks import convert_symbol_chars, marks_and_rulings
from catalogue.extract.pdf.readers import (
    READERS,
    PageReader,
    PdfiumReader,
    PlumberReader,
    with_trailer,
)
from catalogue.extract.pdf.text import judge_page, machine_dependent
from catalogue.extract.settings import ExtractSettings
from catalogue.raw import PageNote, RawDocument, RawTable
from catalogue.schemas.warnings import (
    DAMAGED_FILE,
    NEEDS_OCR,
    NO_SUCH_PAGE,
    NO_TABLE,
    OCR_FALLBACK,
    PAGE_TOO_COMPLEX,
    PAGE_TOO_LARGE,
    PAGE_UNREADABLE,
    TEXT_FROM_PDFMINER,
    TEXT_LAYER_UNREADABLE,
    TOO_MANY_PAGES,
)

# A page with no text whose images cover at least this share of it is a scan.
SCAN_COVER = 0.5
# The reader of each engine. pdfium gives the same cells as pdfplumber several times
# faster; pages whose fonts it cannot decode alone take their characters from pdfminer.
ENGINE_READERS = {"pdfium": "pdfium", "pdfplumber": "pdfplumber", "camelot": "pdfium"}
# Pages without a text layer are rendered at this resolution for OCR.
OCR_DPI = 200.0

# A catalogue page holds hundreds of drawings and a few thousand characters; a page
# with far more is not one, and finding grids in it would take minutes.
MAX_PAGE_PATHS = 20_000
MAX_PAGE_CHARS = 100_000



def open_pdf(
    path: Path | str, *, source: str, sha256: str, settings: ExtractSettings | None = None, reader: str | None = None
) -> RawDocument:
    """Open a PDF; its tables are read lazily, page by page, as `tables` is consumed.

    Raises EncryptedInput, DamagedInput, NoTablesFound (no pages, or no table on any page).
    """
    settings = ExtractSettings.resolve(settings)
    path = Path(path)
    page_fn = page_tables
    if settings.engine == "camelot":
        # camelot finds the grids; the default reader still supplies text and marks.
        from catalogue.extract.pdf.camelot import (
            CamelotReader,
            camelot_page_tables,
            require_camelot,
        )

        require_camelot(source)
        page_fn = camelot_page_tables
    pdf = _open_reader(path, source, settings, reader or ENGINE_READERS[settings.engine])
    if settings.engine == "camelot":
        pdf = CamelotReader(pdf, path, settings.password)
    if pdf.page_count == 0:
        pdf.close()
        raise NoTablesFound("the PDF has no pages", source=source)
    notes: list[PageNote] = []
    if pdf.damaged:
        notes.append(PageNote(0, DAMAGED_FILE, f"{source}: the file is damaged (broken cross-reference table "
                                               "or truncated); pages were recovered where possible"))
    numbers = _page_numbers(pdf.page_count, settings, source, notes)
    stream = _tables(TextLayer(pdf, path, source, settings.password), numbers, source, settings, notes, path, page_fn)
    first = next(stream, None)
    if first is None:
        raise NoTablesFound(_no_table_message(notes), source=source)
    return RawDocument(
        source=source, path=str(path), sha256=sha256, kind="pdf", tables=chain([first], stream),
        notes=notes, pages=pdf.page_count,
    )


def _open_reader(path: Path, source: str, settings: ExtractSettings, name: str) -> PageReader:
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


def _page_numbers(count: int, settings: ExtractSettings, source: str, notes: list[PageNote]) -> list[int]:
    numbers = list(settings.pages) if settings.pages else list(range(1, count + 1))
    missing = [n for n in numbers if n > count]
    if missing:
        notes.append(PageNote(missing[0], NO_SUCH_PAGE, f"{source} has {count} pages; pages {_ranges(missing)} do not exist"))
        numbers = [n for n in numbers if n <= count]
    if len(numbers) > settings.max_pages:
        rest = numbers[settings.max_pages:]
        notes.append(PageNote(rest[0], TOO_MANY_PAGES, f"{source}: only the first {settings.max_pages} pages were read "
                                                       f"(max_pages); pages {_ranges(rest)} were not"))
        numbers = numbers[: settings.max_pages]
    return numbers


class TextLayer:
    """A page reader whose characters can be trusted: pages the pdfium reader cannot
    decode the same way on every machine take their characters from pdfminer, and the
    text of every page is judged (text) before a table is built from it."""

    def __init__(self, pdf: PageReader, path: Path, source: str, password: str | None) -> None:
        self.pdf = pdf
        self.path = path
        self.source = source
        self.password = password
        self._pdfminer: PlumberReader | None = None
        self._miner_pages: list[int] = []
        self._miner_fonts: set[str] = set()

    @property
    def damaged(self) -> bool:
        return self.pdf.damaged

    def page_size(self, number: int) -> tuple[float, float]:
        return self.pdf.page_size(number)

    def read(self, number: int) -> tuple[PageContent, str | None]:
        """The page, and why its text cannot be used (None when it can)."""
        content = self.pdf.read(number)
        if self._uses_pdfium() and machine_dependent(content):
            content.chars = self._miner().read_chars(number)
            # pdfminer shows a glyph it cannot map as (cid:N), which judge_page counts.
            content.silent_text_objects = 0
            self._miner_pages.append(number)
            self._miner_fonts.update(content.unembedded_fonts)
        verdict = judge_page(content)
        return content, verdict.reason if verdict else None

    def _uses_pdfium(self) -> bool:
        inner = getattr(self.pdf, "inner", self.pdf)  # the camelot engine wraps the default reader
        return isinstance(inner, PdfiumReader)

    def _miner(self) -> PlumberReader:
        if self._pdfminer is None:
            inner = getattr(self.pdf, "inner", self.pdf)
            # A damaged file was opened with a rebuilt trailer: pdfminer reads those bytes too.
            self._pdfminer = PlumberReader(getattr(inner, "data", self.path), self.source, self.password)
        return self._pdfminer

    def close(self, notes: list[PageNote]) -> None:
        if self._pdfminer is not None:
            self._pdfminer.close()
        self.pdf.close()
        if self._miner_pages:
            # One note for the file: the same font is usually on every page.
            fonts = ", ".join(sorted(self._miner_fonts)) or "fonts pdfium could not decode"
            notes.append(PageNote(self._miner_pages[0], TEXT_FROM_PDFMINER, f"{self.source} "
                                  f"{_pages(self._miner_pages)}: {fonts} not embedded; text decoded with "
                                  "pdfminer's CMaps and metrics, which do not depend on the system's fonts"))


def _tables(pdf: TextLayer, numbers: list[int], source: str, settings: ExtractSettings,
            notes: list[PageNote], path: Path,
            page_fn: Callable[[PageContent, str], list[RawTable]]) -> Iterator[RawTable]:
    try:
        for number in numbers:
            try:
                width, height = pdf.page_size(number)
                if max(width, height) > settings.max_page_side:
                    notes.append(PageNote(number, PAGE_TOO_LARGE, f"{source} p{number}: page is {width:.0f}×{height:.0f} "
                                          f"pt, larger than max_page_side={settings.max_page_side:.0f}; skipped"))
                    continue
                content, unreadable = pdf.read(number)
                if len(content.paths) > MAX_PAGE_PATHS or len(content.chars) > MAX_PAGE_CHARS:
                    notes.append(PageNote(number, PAGE_TOO_COMPLEX, f"{source} p{number}: the page has "
                                          f"{len(content.paths)} drawings and {len(content.chars)} characters, "
                                          f"more than a catalogue page (limits {MAX_PAGE_PATHS} and "
                                          f"{MAX_PAGE_CHARS}); skipped"))
                    continue
            except Exception as exc:  # any parser failure on one page: salvage the others
                notes.append(PageNote(number, PAGE_UNREADABLE, f"{source} p{number}: page could not be read "
                                                               f"({type(exc).__name__}: {exc})"))
                continue
            if unreadable is not None:
                drawable = not content.unembedded_fonts
                yield from _unreadable_page(path, number, source, settings, notes, unreadable, drawable)
                continue
            tables = page_fn(content, source) if settings.ocr != "always" else []
            if not tables and wants_ocr(content, settings):
                tables = _ocr_page(path, number, source, settings, notes)
                if tables is None:
                    continue
            if tables:
                yield from tables
            else:
                notes.append(_empty_page_note(content, source, pdf.damaged))
    finally:
        pdf.close(notes)


def _unreadable_page(path: Path, number: int, source: str, settings: ExtractSettings,
                     notes: list[PageNote], reason: str, drawable: bool) -> list[RawTable]:
    """A page whose text layer decodes to junk is read by OCR from its rendered glyphs,
    never from the junk; where OCR cannot run, the page is reported and left out.

    Only embedded glyphs are drawn the same on every machine: a font that is not
    embedded is drawn with whatever the system has (on a bare server, nothing), and OCR
    of that would be junk again."""
    ocr = settings.ocr != "never" and drawable
    tables = _ocr_page(path, number, source, settings, notes) if ocr else None
    if tables is None:
        why = ("OCR is off (--ocr never)" if settings.ocr == "never"
               else "its fonts are not embedded, so OCR cannot see the glyphs either" if not drawable
               else "OCR could not read the page")
        notes.append(PageNote(number, TEXT_LAYER_UNREADABLE, f"{source} p{number}: the text layer cannot be "
                              f"decoded ({reason}) and {why}; page left out"))
        return []
    notes.append(PageNote(number, OCR_FALLBACK, f"{source} p{number}: the text layer cannot be decoded "
                          f"({reason}); the page was read by OCR"))
    return tables


def wants_ocr(content: PageContent, settings: ExtractSettings) -> bool:
    """Whether a page that gave no table from its text layer is one for OCR."""
    if settings.ocr == "never":
        return False
    if settings.ocr == "always":
        return True
    has_text = any(c.text.strip() for c in content.chars)
    return not has_text and content.image_cover >= SCAN_COVER


def _ocr_page(path: Path, number: int, source: str, settings: ExtractSettings,
              notes: list[PageNote]) -> list[RawTable] | None:
    """The tables OCR reads on a page without a text layer; None (with a note) when it cannot run."""
    from catalogue.extract.ocr import ocr_page_image, render_pdf_page_with_dpi, require_ocr

    try:
        require_ocr(source)
    except MissingDependency as missing:
        notes.append(PageNote(number, NEEDS_OCR, f"{source} p{number}: {missing.detail}"))
        return None
    try:
        image, dpi = render_pdf_page_with_dpi(path, number - 1, OCR_DPI, settings.password)
        return ocr_page_image(image, source, number, settings, dpi=dpi)
    except MissingDependency as missing:
        notes.append(PageNote(number, NEEDS_OCR, f"{source} p{number}: {missing.detail}"))
    except Exception as exc:  # a page OCR cannot read must not stop the others
        notes.append(PageNote(number, PAGE_UNREADABLE, f"{source} p{number}: OCR failed ({type(exc).__name__}: {exc})"))
    return None


def page_tables(content: PageContent, source: str) -> list[RawTable]:
    convert_symbol_chars(content.chars)
    marks, rulings, chars = marks_and_rulings(content.paths, content.chars)
    chars += marks
    return [build_table(grid, chars, source, content.number, k) for k, grid in enumerate(find_grids(rulings))]


def _empty_page_note(content: PageContent, source: str, damaged: bool) -> PageNote:
    n = content.number
    has_text = any(c.text.strip() for c in content.chars)
    if not has_text and content.image_cover >= SCAN_COVER:
        return PageNote(n, NEEDS_OCR, f"{source} p{n}: the page is an image with no text layer; OCR is needed")
    if damaged and not has_text and not content.paths:
        return PageNote(n, PAGE_UNREADABLE, f"{source} p{n}: nothing could be read (the file is damaged)")
    return PageNote(n, NO_TABLE, f"{source} p{n}: no ruled table on this page")


def _no_table_message(notes: list[PageNote]) -> str:
    scans = [n.page for n in notes if n.code == NEEDS_OCR]
    if scans:
        verb = "is an image" if len(scans) == 1 else "are images"
        hint = next((n.message.split(": ", 1)[-1] for n in notes if n.code == NEEDS_OCR and "install" in n.message), "")
        return f"no table with a text layer; {_pages(scans)} {verb}: OCR is needed" + (f" ({hint})" if hint else "")
    undecoded = [n.page for n in notes if n.code == TEXT_LAYER_UNREADABLE]
    if undecoded:
        reasons = "; ".join(dict.fromkeys(n.message.split(" and ", 1)[-1] for n in notes if n.code == TEXT_LAYER_UNREADABLE))
        return f"the text layer cannot be decoded on {_pages(undecoded)} (fonts without a usable Unicode map), and {reasons}"
    unreadable = [n.page for n in notes if n.code == PAGE_UNREADABLE]
    if unreadable:
        return f"no table found; {_pages(unreadable)} could not be read (damaged file)"
    complex_ = [n.page for n in notes if n.code == PAGE_TOO_COMPLEX]
    if complex_:
        return f"no table found; {_pages(complex_)} had far more drawings or characters than a catalogue page and were skipped"
    large = [n.page for n in notes if n.code == PAGE_TOO_LARGE]
    if large:
        return f"no table found; {_pages(large)} larger than max_page_side and skipped"
    return "no ruled table found on any page"


def _pages(numbers: list[int]) -> str:
    return f"page {numbers[0]}" if len(numbers) == 1 else f"pages {_ranges(numbers)}"


def _ranges(numbers: list[int]) -> str:
    out: list[str] = []
    start = prev = numbers[0]
    for n in numbers[1:] + [0]:
        if n == prev + 1:
            prev = n
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = n
    return ", ".join(out)
