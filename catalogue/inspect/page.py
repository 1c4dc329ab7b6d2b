"""The page `catalogue inspect` draws on: its picture and the tables `extract` finds on it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from PIL import Image

from catalogue.errors import (
    CatalogueError,
    DamagedInput,
    NoTablesFound,
)
from catalogue.extract import extract_document
from catalogue.extract.pdf.geometry import Char
from catalogue.extract.pdf.readers import display_size, display_transform, turned
from catalogue.extract.settings import ExtractSettings
from catalogue.inspect.model import NoSuchPage
from catalogue.raw import POINTS_PER_INCH, RawTable

# Text-layer pages are rendered at this resolution: 9 pt CJK text stays legible.
DEFAULT_DPI = 144.0
# The drawn page never has more pixels than this (a huge page is drawn smaller); the
# PNG may add a band at the top for the role names, if the page has no margin there.
MAX_PIXELS = 12_000_000


# ---------------------------------------------------------------- pages


@dataclass
class _Page:
    tables: list[RawTable]
    pages: int
    scanned: bool
    image: Image.Image  # RGB, in the tables' coordinates at `scale` pixels per point
    scale: float
    notes: list[str]
    origin: tuple[float, float] = (0.0, 0.0)  # the image's top-left corner in the tables' coordinates
    # Characters of fonts the PDF does not embed: pdfium draws them without ink (see
    # extract.pdfium_fonts), so the drawing writes them in where the picture has none.
    unembedded_text: list[Char] = field(default_factory=list)


def _cap(width: float, height: float, scale: float) -> float:
    pixels = width * scale * height * scale
    return scale * (MAX_PIXELS / pixels) ** 0.5 if pixels > MAX_PIXELS else scale


def _page_tables(path: Path, page: int, settings: ExtractSettings, notes: list[str]) -> list[RawTable]:
    """The tables `extract` finds on the page (and its notes about the page)."""
    try:
        document = extract_document(path, replace(settings, pages=(page,)))
        # A header read from a page before for the columns (RawTable.lead) is not this page's.
        mine = [table for table in document.tables if not table.lead]
        notes.extend(n.message for n in document.notes)
    except NoTablesFound as exc:
        notes.append(f"{path.name} p{page}: no table found ({exc.detail})")
        mine = []
    return mine


def _no_pages(path: Path, source: str, settings: ExtractSettings) -> None:
    """Say "no pages", as extract does, of a PDF pdfium would not load that pdfminer reads
    as having none (pdfium's own reason for it is whatever error it last had)."""
    from catalogue.extract.pdf.readers import PlumberReader

    try:
        reader = PlumberReader(path, source, settings.password)
    except CatalogueError:
        return
    try:
        if reader.page_count == 0:
            raise NoTablesFound("the PDF has no pages", source=source)
    finally:
        reader.close()


def _pdf_page(path: Path, page: int, settings: ExtractSettings, dpi: float) -> _Page:
    import pypdfium2 as pdfium

    from catalogue.extract import pdfium_fonts
    from catalogue.extract.pdf import TextLayer
    from catalogue.extract.pdf.readers import PdfiumReader, with_trailer
    from catalogue.extract.pdf.stream import OCR_DPI, wants_ocr
    from catalogue.extract.pdf.tables import page_tables

    source = path.name
    data: Path | bytes = path
    try:
        reader = PdfiumReader(path, source, settings.password)
    except DamagedInput:
        # A truncated file: the extractor gives it a new trailer, and so does inspect.
        repaired = with_trailer(path)
        if repaired is None:
            _no_pages(path, source, settings)
            raise
        try:
            reader = PdfiumReader(repaired, source, settings.password)
        except DamagedInput:
            _no_pages(path, source, settings)
            raise
        data = repaired
    # The characters the extractor reads: pdfminer's where pdfium depends on system fonts.
    layer = TextLayer(reader, path, source, settings.password)
    unreadable: str | None = None
    try:
        count = reader.page_count
        if not 1 <= page <= count:
            raise NoSuchPage(f"no such page; the file has {count} page{'s' if count != 1 else ''}",
                             source=source, page=page)
        try:
            content, unreadable = layer.read(page)
        except Exception as exc:  # any parser failure, as the extractor reports it for the page
            raise DamagedInput(f"the page cannot be read ({type(exc).__name__}: {exc})",
                               source=source, page=page) from exc
    finally:
        layer.close([])
    notes: list[str] = []
    tables = _page_tables(path, page, settings, notes)
    # Drawn as extract read it: a table OCR read carries its scan's resolution (dpi), one
    # from the text layer none (--ocr always on fonts that are not embedded reads the
    # text layer, and so is drawn from it). With no table, the extractor's own rule says
    # whether the page went to OCR: a text layer that cannot be decoded, or no table in it.
    if tables:
        scanned = any(table.recognised for table in tables)
    else:
        scanned = settings.ocr.forces_ocr or unreadable is not None or (
            wants_ocr(content, settings) and not page_tables(content, source))
    if scanned and unreadable is not None:
        notes.append(f"{source} p{page}: the text layer cannot be decoded ({unreadable}); drawn from OCR")
    try:
        if scanned:
            from catalogue.extract.ocr import render_pdf_page_with_dpi

            rgb, ocr_dpi, _ = render_pdf_page_with_dpi(path, page - 1, OCR_DPI, settings.password)
            image, scale = _ocr_background(rgb, ocr_dpi, source)
            return _Page(tables, count, True, image, scale, notes)
        pdfium_fonts.install()  # the reader above installed it already; said here where pdfium opens
        pdf = pdfium.PdfDocument(data if isinstance(data, bytes) else str(data), password=settings.password)
        try:
            pg = pdf[page - 1]
            width, height = pg.get_size()
            scale = _cap(width, height, dpi / POINTS_PER_INCH)
            # A page whose text runs sideways was read turned (PageContent.turn): drawn
            # turned the same way, anticlockwise, which pdfium counts clockwise.
            image = pg.render(scale=scale, rotation=(360 - content.turn) % 360).to_pil().convert("RGB")
            origin = _crop_origin(pg, content.turn)
            pg.close()
        finally:
            pdf.close()
    except pdfium.PdfiumError as exc:
        raise DamagedInput(f"the page cannot be drawn ({exc})", source=source, page=page) from exc
    unembedded = list(content.chars) if content.unembedded_fonts else []
    return _Page(tables, count, False, image, scale, notes, origin, unembedded)


def _crop_origin(page: Any, turn: int = 0) -> tuple[float, float]:
    """Where the rendered crop box starts in the reader's coordinates, which are the
    media box's, turned as the page is displayed and then by `turn` where its text runs
    sideways (extract.pdf.readers.PdfiumReader.read)."""
    rotation = page.get_rotation() % 360
    mediabox = page.get_mediabox()
    display = display_transform(rotation, mediabox)
    if turn:
        display = turned(display, turn, *display_size(rotation, mediabox))[0]
    c_left, c_bottom, c_right, c_top = page.get_cropbox()

    corners = [display(c_left, c_bottom), display(c_right, c_top)]
    return min(p[0] for p in corners), min(p[1] for p in corners)


def _image_page(path: Path, page: int, settings: ExtractSettings) -> _Page:
    from catalogue.extract.image import (  # the pixels, at the resolution, OCR reads
        _frame,
        open_scan,
    )

    source = path.name
    with open_scan(path, source) as image:
        count = getattr(image, "n_frames", 1)
        if not 1 <= page <= count:
            raise NoSuchPage(f"no such page; the file has {count} page{'s' if count != 1 else ''}",
                             source=source, page=page)
        rgb, dpi = _frame(image, page - 1, source)
    notes: list[str] = []
    tables = _page_tables(path, page, settings, notes)
    background, scale = _ocr_background(rgb, dpi, source)
    return _Page(tables, count, True, background, scale, notes)


def _ocr_background(rgb: Any, dpi: float, source: str) -> tuple[Image.Image, float]:
    """The page as OCR saw it (upright, deskewed, at its working resolution): the
    cells' coordinates refer to this image, not to the scan as it came."""
    from catalogue.extract.ocr import require_ocr

    require_ocr(source)
    from catalogue.extract.ocr.page import layout_page

    layout = layout_page(rgb, dpi)
    if layout is None:
        # No grid: there is no table to draw either, so the scan itself will do.
        image = Image.fromarray(rgb).convert("RGB")
        scale = dpi / POINTS_PER_INCH
    else:
        image = Image.fromarray(layout.grey).convert("RGB")
        scale = layout.dpi / POINTS_PER_INCH
    capped = _cap(image.width / scale, image.height / scale, scale)
    if capped < scale:
        image = image.resize((round(image.width * capped / scale), round(image.height * capped / scale)),
                             Image.Resampling.LANCZOS)
    return image, capped


