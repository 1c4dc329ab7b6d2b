"""An OFD page drawn for OCR: its images, where the page places them, on white.

Only the images are drawn: a scanned OFD is one image a page, and text objects are read
as text, never from pixels. The images are put on a page of a PDF made in memory and
drawn by the same renderer as a scanned PDF's pages (ocr.render_pdf_page_with_dpi), so
OCR, tuned on those, sees an OFD scan as it sees the same scan in a PDF.
"""

from __future__ import annotations

import io
import warnings

import numpy as np
from PIL import Image, UnidentifiedImageError

from catalogue.extract.image import MAX_IMAGE_PIXELS
from catalogue.extract.ocr import render_pdf_page_with_dpi
from catalogue.extract.ofd.content import OfdPage, compose
from catalogue.extract.ofd.document import Package


def render_page(package: Package, page: OfdPage, dpi: float) -> tuple[np.ndarray, float, bool]:
    """The page as an RGB array at about `dpi` (less for a huge page), the dpi used, and
    whether every image on it is a 1-bit scan (ocr.render_pdf_page_with_dpi says why)."""
    import pypdfium2 as pdfium

    resources = package.resources[package.pages[page.number - 1].document]
    pdf = pdfium.PdfDocument.new()
    modes: list[str] = []
    try:
        canvas = pdf.new_page(page.width, page.height)
        # PDF user space has y up and puts an image's bottom-left corner at (0, 0) of its
        # unit square; OFD has y down and the image's top-left corner there.
        flip_page = (1.0, 0.0, 0.0, -1.0, 0.0, page.height)
        flip_image = (1.0, 0.0, 0.0, -1.0, 0.0, 1.0)
        for placed in page.images:
            media = resources.media.get(placed.media)
            image = _decode(package, media.location) if media is not None else None
            if image is None:
                continue
            modes.append(image.mode)
            if image.mode not in ("L", "RGB"):
                image = image.convert("RGB")
            drawn = pdfium.PdfImage.new(pdf)
            drawn.set_bitmap(pdfium.PdfBitmap.from_pil(image))
            drawn.set_matrix(pdfium.PdfMatrix(*compose(flip_page, compose(page.display,
                                                                          compose(placed.transform, flip_image)))))
            canvas.insert_obj(drawn)
        canvas.gen_content()
        canvas.close()
        buffer = io.BytesIO()
        pdf.save(buffer)
    finally:
        pdf.close()
    rgb, used, _ = render_pdf_page_with_dpi(buffer.getvalue(), 0, dpi)
    return rgb, used, bool(modes) and all(mode == "1" for mode in modes)


def _decode(package: Package, member: str) -> Image.Image | None:
    """The image, decoded; None for one PIL cannot read (JBIG2, damaged) or too large to be a page."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(package.read(member)))
            if image.width * image.height > MAX_IMAGE_PIXELS:
                return None
            image.load()
            return image
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, OSError,
            SyntaxError, ValueError):
        return None
