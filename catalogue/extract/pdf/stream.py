"""The page loop that PDF files and OFD packages share: each page of a PageLayer (a
PDF's TextLayer, an OFD package's pages) is read, judged, turned into tables (or read by
OCR), and what keeps a page from giving a table becomes a PageNote; long files are read
by worker processes a few pages at a time (split_tables), the tables still in page order.

The layer a worker reads is opened by the PageTask's own `opener` (pdf.task_layer,
ofd.task_layer), so this loop imports neither input kind and both import it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from catalogue.errors import CatalogueError, MissingDependency
from catalogue.extract.ocr import WORK_DPI
from catalogue.extract.pages import MAX_LOOKBACK, columns_guessed, header_lead, page_phrase
from catalogue.extract.pdf.content_size import MAX_CONTENT_BYTES
from catalogue.extract.pdf.geometry import PageContent
from catalogue.extract.pdf.library_log import libraries_say
from catalogue.extract.pdf.tables import SCAN_COVER, PageTables, page_tables
from catalogue.extract.pictures import MAX_PAGE_PICTURES
from catalogue.extract.settings import ExtractSettings
from catalogue.raw import PageNote, RawTable
from catalogue.schemas.warnings import (
    DAMAGED_FILE,
    HIDDEN_SKIPPED,
    NEEDS_OCR,
    NO_TABLE,
    OCR_FALLBACK,
    OCR_NO_GLYPHS,
    PAGE_TOO_COMPLEX,
    PAGE_TOO_LARGE,
    PAGE_UNREADABLE,
    TEXT_FROM_PDFMINER,
    TEXT_LAYER_UNREADABLE,
)

if TYPE_CHECKING:
    import numpy as np

# Pages without a text layer are rendered for OCR at the resolution it reads at.
OCR_DPI = WORK_DPI

# A catalogue page holds hundreds of drawings and a few thousand characters; a page
# with far more is not one, and finding grids in it would take minutes.
MAX_PAGE_PATHS = 20_000
MAX_PAGE_CHARS = 100_000



PageFn = Callable[[PageContent, str], list[RawTable]]


def pdfminer_note(source: str, pages: list[int], fonts: set[str]) -> PageNote | None:
    """One note for the file when pages took their characters from pdfminer (the same
    font is usually on every page); None when none did."""
    if not pages:
        return None
    what = f"{', '.join(sorted(fonts))} (not embedded)" if fonts else "the page's fonts"
    return PageNote(pages[0], TEXT_FROM_PDFMINER, f"{source} {page_phrase(pages)}: pdfium read {what} differently from "
                    "pdfminer or not at all; text decoded with pdfminer's CMaps and metrics")


class PageLayer(Protocol):
    """Pages as the table finder reads them: a PDF's TextLayer, or an OFD package's pages."""

    # The pages whose characters came from pdfminer, and the fonts that made it so
    # (pdfminer_note); an OFD package's stay empty.
    miner_pages: list[int]
    miner_fonts: set[str]

    @property
    def damaged(self) -> bool: ...

    def page_size(self, number: int) -> tuple[float, float]: ...

    def read(self, number: int) -> tuple[PageContent, str | None]: ...

    def render(self, number: int, dpi: float) -> tuple[np.ndarray, float, bool]: ...

    def undrawn(self, content: PageContent) -> tuple[str, str] | None: ...

    def content_over_limit(self, number: int) -> int | None: ...

    def close(self, notes: list[PageNote] | None = None) -> None: ...


def page_stream(pdf: PageLayer, numbers: list[int], source: str, settings: ExtractSettings,
                notes: list[PageNote], page_fn: PageFn | None = None) -> Iterator[RawTable]:
    """The tables of the pages `numbers`, page by page; the layer is closed at the end."""
    page_fn = _looking_back(pdf, page_fn or page_tables)
    try:
        for number in numbers:
            yield from _page(pdf, number, source, settings, notes, page_fn)
    finally:
        pdf.close(notes)


def _page(pdf: PageLayer, number: int, source: str, settings: ExtractSettings,
          notes: list[PageNote], page_fn: PageFn) -> list[RawTable]:
    """The tables of one page; what keeps it from giving any goes to `notes`, and damaged
    data that the PDF libraries read past on it to a damaged_file note."""
    with libraries_say() as said:
        tables = _read_page(pdf, number, source, settings, notes, page_fn)
    if said:
        notes.append(PageNote(number, DAMAGED_FILE, f"{source} p{number}: damaged data in the file "
                                                    f"({'; '.join(said)}); the page was read as far as it could be"))
    return tables


def _read_page(pdf: PageLayer, number: int, source: str, settings: ExtractSettings,
               notes: list[PageNote], page_fn: PageFn) -> list[RawTable]:
    try:
        width, height = pdf.page_size(number)
        if max(width, height) > settings.max_page_side:
            notes.append(PageNote(number, PAGE_TOO_LARGE, f"{source} p{number}: page is {width:.0f}×{height:.0f} "
                                  f"pt, larger than max_page_side={settings.max_page_side:.0f}; skipped"))
            return []
        inflated = pdf.content_over_limit(number)
        if inflated is not None:
            notes.append(PageNote(number, PAGE_TOO_COMPLEX, f"{source} p{number}: the page's content inflates past "
                                  f"{MAX_CONTENT_BYTES // 2**20} MB (limit MAX_CONTENT_BYTES), more than a catalogue "
                                  "page; skipped unread"))
            return []
        content, unreadable = pdf.read(number)
        if len(content.paths) > MAX_PAGE_PATHS or len(content.chars) > MAX_PAGE_CHARS:
            notes.append(PageNote(number, PAGE_TOO_COMPLEX, f"{source} p{number}: the page has "
                                  f"{len(content.paths)} drawings and {len(content.chars)} characters, "
                                  f"more than a catalogue page (limits {MAX_PAGE_PATHS} and "
                                  f"{MAX_PAGE_CHARS}); skipped"))
            return []
        if len(content.pictures) > MAX_PAGE_PICTURES:
            notes.append(PageNote(number, PAGE_TOO_COMPLEX, f"{source} p{number}: the page has more than "
                                  f"{MAX_PAGE_PICTURES} pictures of a mark's size, more than a catalogue page "
                                  "has option cells (limit MAX_PAGE_PICTURES); skipped"))
            return []
    except Exception as exc:  # any parser failure on one page: salvage the others
        notes.append(PageNote(number, PAGE_UNREADABLE, f"{source} p{number}: page could not be read "
                                                       f"({type(exc).__name__}: {exc})"))
        return []
    if content.hidden_chars:
        notes.append(PageNote(number, HIDDEN_SKIPPED, f"{source} p{number}: {content.hidden_chars} characters drawn "
                                                      "invisibly beside the page's visible text left out"))
    blind = pdf.undrawn(content)
    if unreadable is not None:
        return _unreadable_page(pdf, number, source, settings, notes, unreadable, blind[1] if blind else None)
    # A font that is not embedded draws nothing in a rendered page (pdfium_fonts), and an
    # OFD page is drawn from its images only: OCR of such text would see empty cells, so
    # --ocr always reads it from the text layer.
    undrawn = settings.ocr.forces_ocr and blind is not None and bool(content.chars)
    if undrawn and blind is not None:
        notes.append(PageNote(number, OCR_NO_GLYPHS, f"{source} p{number}: OCR was asked for, but {blind[0]}; "
                              "its text layer was read"))
    tables = page_fn(content, source) if settings.ocr.reads_text_layer or undrawn else []
    if not tables and not undrawn and wants_ocr(content, settings):
        read = _ocr_page(pdf, number, source, settings, notes)
        if read is None:
            return []
        if not read:  # OCR ran: the picture holds no ruled table (a cover, a letter)
            notes.append(PageNote(number, NO_TABLE, f"{source} p{number}: the page is an image; OCR found no "
                                  "ruled table on it"))
            return []
        tables = read
    if not tables:
        notes.append(_empty_page_note(content, source, pdf.damaged))
    return tables


# ---------------------------------------------------------------- pages read by worker processes

# Pages a worker reads per task: enough to outweigh a task's round trip, few enough that
# the tables waiting for their turn stay a few pages' worth (memory flat in the page count).
PAGES_PER_TASK = 8
# Towards the end, a task takes at most 1/TAIL_SHARES of each worker's share of the pages
# left: the last tasks shrink to a page or two, so that one worker does not read a whole
# task of pages alone while the other waits and the process that asked waits for both.
TAIL_SHARES = 2
# Tasks scheduled ahead per worker, beyond the one it reads: keeps it busy while the
# parent takes the tables in page order.
TASKS_AHEAD = 2


@dataclass(frozen=True)
class PageTask:
    """Some pages of one PDF (or OFD), to be read in a worker process (picklable)."""

    path: str
    source: str
    settings: ExtractSettings
    reader: str | None
    numbers: tuple[int, ...]
    # Opens the task's file as a PageLayer with its page → tables function, in the worker
    # (a module-level function, pickled by name: pdf.task_layer or ofd.task_layer).
    opener: Callable[[PageTask], tuple[PageLayer, PageFn]]
    # Imports every page worker needs, done once before workers are forked from this
    # process (pdf: pdfminer, for each worker's content-size check); None: nothing.
    preload: Callable[[], None] | None = None


@dataclass
class PageBatch:
    """What a worker read from a PageTask's pages: their tables and notes in page order."""

    tables: list[RawTable]
    notes: list[PageNote]
    miner_pages: list[int]
    miner_fonts: set[str]


# The PDF a worker process has open, kept for its next task (opening pdfminer's page
# tree again for every task would cost a large part of a task on a long file).
_worker_pdf: dict[tuple[str, str, ExtractSettings, str | None, Callable[..., object]], tuple[PageLayer, PageFn]] = {}


def read_pages(task: PageTask) -> PageBatch:
    """Read a PageTask's pages (in a worker process): the same per-page work as _tables."""
    key = (task.path, task.source, task.settings, task.reader, task.opener)
    if key not in _worker_pdf:
        for layer, _ in _worker_pdf.values():
            layer.close()
        _worker_pdf.clear()
        layer, page_fn = task.opener(task)
        _worker_pdf[key] = layer, _looking_back(layer, page_fn)
    pdf, page_fn = _worker_pdf[key]
    pdf.miner_pages, pdf.miner_fonts = [], set()
    notes: list[PageNote] = []
    tables = [table for number in task.numbers
              for table in _page(pdf, number, task.source, task.settings, notes, page_fn)]
    return PageBatch(tables, notes, pdf.miner_pages, pdf.miner_fonts)


def task_sizes(pages: int, workers: int) -> list[int]:
    """How many pages each task takes, in order: PAGES_PER_TASK, then fewer towards the
    end (a share of what is left for each worker, TAIL_SHARES of it), so that the workers
    finish about together and the last task, which nothing overlaps, is short; a short
    file still goes to every worker."""
    sizes: list[int] = []
    left = pages
    while left:
        size = max(1, min(PAGES_PER_TASK, -(-left // (TAIL_SHARES * workers)), -(-pages // workers)))
        sizes.append(size)
        left -= size
    return sizes


def split_tables(task: PageTask, numbers: list[int], notes: list[PageNote], workers: int) -> Iterator[RawTable] | None:
    """The tables of `numbers`, read by `workers` processes and yielded in page order, the
    notes added in page order as in _tables; None when worker processes cannot start here."""
    from catalogue.executors import WorkerDied, map_ordered, start_pool

    pool = start_pool(workers, inherit=True, preload=task.preload)  # the workers need what this process has imported
    if pool is None:
        return None
    tasks = []
    start = 0
    for size in task_sizes(len(numbers), workers):
        tasks.append(replace(task, numbers=tuple(numbers[start:start + size])))
        start += size
    batches = map_ordered(pool, read_pages, tasks, workers * (1 + TASKS_AHEAD))

    def stream() -> Iterator[RawTable]:
        miner_pages: list[int] = []
        miner_fonts: set[str] = set()
        done = 0
        try:
            for batch in batches:
                done += 1
                notes.extend(batch.notes)
                miner_pages += batch.miner_pages
                miner_fonts |= batch.miner_fonts
                yield from batch.tables
        except WorkerDied as died:
            raise CatalogueError(f"{page_phrase(sorted(tasks[done].numbers))}: {died}", source=task.source) from None
        finally:
            batches.close()
            note = pdfminer_note(task.source, miner_pages, miner_fonts)
            if note is not None:
                notes.append(note)

    return stream()


def _looking_back(pdf: PageLayer, page_fn: PageFn) -> PageFn:
    """`page_fn`, able to read a page before the ones it is given where it carries a
    table over pages (tables.PageTables)."""
    if isinstance(page_fn, PageTables):
        page_fn.earlier = lambda number: _earlier_page(pdf, number)
    return page_fn


def _earlier_page(pdf: PageLayer, number: int) -> PageContent | None:
    """Page `number` read again for what it leaves the next page, or None where _page
    would not read it from its text layer; it adds no page note, and the pages taken
    from pdfminer stay those read for their own tables."""
    miner = list(pdf.miner_pages)
    try:
        if pdf.content_over_limit(number) is not None:
            return None
        content, unreadable = pdf.read(number)
    except Exception:  # a page that cannot be read leaves nothing to the next
        return None
    finally:
        pdf.miner_pages = miner
    if (unreadable is not None or len(content.paths) > MAX_PAGE_PATHS or len(content.chars) > MAX_PAGE_CHARS
            or len(content.pictures) > MAX_PAGE_PICTURES):
        return None
    return content


def lead_header(pdf: PageLayer, numbers: list[int], source: str, settings: ExtractSettings,
                notes: list[PageNote]) -> RawTable | None:
    """Where --pages starts past page 1 on a table that goes on under no header of its
    own, the header it goes on under (pages.header_lead): of the last table with a header
    on the nearest page before, up to MAX_LOOKBACK pages back. The first page asked for is
    read for its tables' header, then each page before it until one has a header; none
    where the run starts on page 1 or its first page has a header of its own. Where the
    look-back stops short of page 1 with none found, a note says the columns are guessed."""
    if not settings.pages or not numbers or numbers[0] == 1 or not settings.ocr.reads_text_layer:
        return None
    first = _earlier_page(pdf, numbers[0])
    tables = page_tables(first, source) if first is not None else []
    if tables and header_lead(tables[0]) is not None:
        return None
    for number in range(numbers[0] - 1, max(0, numbers[0] - 1 - MAX_LOOKBACK), -1):
        content = _earlier_page(pdf, number)
        for table in reversed(page_tables(content, source) if content is not None else []):
            lead = header_lead(table)
            if lead is not None:
                return lead
    if tables and numbers[0] - 1 > MAX_LOOKBACK:
        notes.append(columns_guessed(numbers[0], source))
    return None


def _unreadable_page(pdf: PageLayer, number: int, source: str, settings: ExtractSettings,
                     notes: list[PageNote], reason: str, blind: str | None) -> list[RawTable]:
    """A page whose text layer decodes to junk is read by OCR from its rendered glyphs,
    never from the junk; where OCR cannot run, the page is reported and left out.

    Only embedded glyphs are drawn the same on every machine: a font that is not
    embedded is drawn with whatever the system has (on a bare server, nothing), and OCR
    of that would be junk again."""
    ocr = settings.ocr.may_ocr and blind is None
    tables = _ocr_page(pdf, number, source, settings, notes) if ocr else None
    if tables is None:
        why = ("OCR is off (--ocr never)" if not settings.ocr.may_ocr
               else blind if blind is not None
               else "OCR could not read the page")
        notes.append(PageNote(number, TEXT_LAYER_UNREADABLE, f"{source} p{number}: the text layer cannot be "
                              f"decoded ({reason}) and {why}; page left out", reason=reason, ocr_blocked=why))
        return []
    notes.append(PageNote(number, OCR_FALLBACK, f"{source} p{number}: the text layer cannot be decoded "
                          f"({reason}); the page was read by OCR"))
    return tables


def wants_ocr(content: PageContent, settings: ExtractSettings) -> bool:
    """Whether a page that gave no table from its text layer is one for OCR."""
    if not settings.ocr.may_ocr:
        return False
    if settings.ocr.forces_ocr:
        return True
    return content.image_cover >= SCAN_COVER


def _ocr_page(pdf: PageLayer, number: int, source: str, settings: ExtractSettings,
              notes: list[PageNote]) -> list[RawTable] | None:
    """The tables OCR reads on a page without a text layer; None (with a note) when it cannot run."""
    from catalogue.extract.ocr import ocr_page_image, require_ocr

    try:
        require_ocr(source)
    except MissingDependency as missing:
        notes.append(PageNote(number, NEEDS_OCR, f"{source} p{number}: {missing.detail}", ocr_blocked=missing.detail))
        return None
    try:
        image, dpi, two_tone = pdf.render(number, OCR_DPI)
        return ocr_page_image(image, source, number, settings, dpi=dpi, two_tone=two_tone)
    except MissingDependency as missing:
        notes.append(PageNote(number, NEEDS_OCR, f"{source} p{number}: {missing.detail}", ocr_blocked=missing.detail))
    except Exception as exc:  # a page OCR cannot read must not stop the others
        notes.append(PageNote(number, PAGE_UNREADABLE, f"{source} p{number}: OCR failed ({type(exc).__name__}: {exc})"))
    return None


def _empty_page_note(content: PageContent, source: str, damaged: bool) -> PageNote:
    n = content.number
    has_text = any(c.text.strip() for c in content.chars)
    if content.image_cover >= SCAN_COVER:
        what = "whose text layer holds no table" if has_text else "with no text layer"
        return PageNote(n, NEEDS_OCR, f"{source} p{n}: the page is an image {what}; OCR is needed")
    if damaged and not has_text and not content.paths:
        return PageNote(n, PAGE_UNREADABLE, f"{source} p{n}: nothing could be read (the file is damaged)")
    return PageNote(n, NO_TABLE, f"{source} p{n}: no ruled table on this page")


def no_table_message(notes: list[PageNote]) -> str:
    scans = [n.page for n in notes if n.code == NEEDS_OCR]
    if scans:
        verb = "is an image" if len(scans) == 1 else "are images"
        hint = next((n.ocr_blocked for n in notes if n.code == NEEDS_OCR and n.ocr_blocked), "")
        return f"no table with a text layer; {page_phrase(scans)} {verb}: OCR is needed" + (f" ({hint})" if hint else "")
    undecoded = [n.page for n in notes if n.code == TEXT_LAYER_UNREADABLE]
    if undecoded:
        reasons = "; ".join(dict.fromkeys(f"{n.ocr_blocked}; page left out" for n in notes if n.code == TEXT_LAYER_UNREADABLE))
        return f"the text layer cannot be decoded on {page_phrase(undecoded)} (fonts without a usable Unicode map), and {reasons}"
    unreadable = [n.page for n in notes if n.code == PAGE_UNREADABLE]
    if unreadable:
        return f"no table found; {page_phrase(unreadable)} could not be read (damaged file)"
    complex_ = [n.page for n in notes if n.code == PAGE_TOO_COMPLEX]
    if complex_:
        return (f"no table found; {page_phrase(complex_)} had far more drawings, characters or pictures than a catalogue page, "
                f"or content inflating past {MAX_CONTENT_BYTES // 2**20} MB, and were skipped")
    large = [n.page for n in notes if n.code == PAGE_TOO_LARGE]
    if large:
        return f"no table found; {page_phrase(large)} larger than max_page_side and skipped"
    return "no ruled table found on any page"
