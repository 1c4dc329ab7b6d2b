"""The page `catalogue inspect` draws for an OFD: drawn from the page's own content (its
paths, and a box for each character; the cells' text is drawn over it from the tables),
or, for a scanned page, the images OCR read, as for a scanned PDF."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from catalogue.extract.pdf.geometry import PageContent
from catalogue.extract.settings import ExtractSettings
from catalogue.inspect.model import NoSuchPage
from catalogue.inspect.page import _cap, _ocr_background, _Page, _page_tables
from catalogue.raw import POINTS_PER_INCH

# Character boxes are drawn in this grey: they show where the text is, under the cells' text.
CHAR_BOX_RGB = (185, 185, 185)


def ofd_page(path: Path, page: int, settings: ExtractSettings, dpi: float) -> _Page:
    from catalogue.extract.ofd import open_layer
    from catalogue.extract.pdf.stream import OCR_DPI, wants_ocr
    from catalogue.extract.pdf.tables import page_tables

    source = path.name
    layer = open_layer(path, source)
    try:
        count = layer.page_count
        if not 1 <= page <= count:
            raise NoSuchPage(f"no such page; the file has {count} page{'s' if count != 1 else ''}",
                             source=source, page=page)
        content, _ = layer.read(page)
        # The extractor's choice: OCR where the page's text gives no table and images cover it.
        scanned = not content.chars and (settings.ocr.forces_ocr or (
            wants_ocr(content, settings) and not page_tables(content, source)))
        notes: list[str] = []
        tables = _page_tables(path, page, settings, notes)
        if scanned:
            rgb, ocr_dpi, _ = layer.render(page, OCR_DPI)
            image, scale = _ocr_background(rgb, ocr_dpi, source)
            return _Page(tables, count, True, image, scale, notes)
        scale = _cap(content.width, content.height, dpi / POINTS_PER_INCH)
        return _Page(tables, count, False, draw_content(content, scale), scale, notes)
    finally:
        layer.close()


def draw_content(content: PageContent, scale: float) -> Image.Image:
    """The page's paths (filled in their grey, stroked in black) and character boxes."""
    image = Image.new("RGB", (max(1, round(content.width * scale)), max(1, round(content.height * scale))), "white")
    draw = ImageDraw.Draw(image)
    for path in content.paths:
        points = [(x * scale, y * scale) for x, y in path.points]
        if path.fill and len(points) > 2:
            grey = round(255 * min(1.0, max(0.0, path.fill_gray)))
            draw.polygon(points, fill=(grey, grey, grey))
        if path.stroke:
            draw.line(points + (points[:1] if path.closed else []), fill=(0, 0, 0), width=1)
    for ch in content.chars:
        draw.rectangle((ch.x0 * scale, ch.top * scale, ch.x1 * scale, ch.bottom * scale), outline=CHAR_BOX_RGB)
    return image
