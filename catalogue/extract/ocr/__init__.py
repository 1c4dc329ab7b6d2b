"""Offline OCR of scanned catalogue pages: grid and marks from pixels, text by RapidOCR.

Entry points for the extractors (the image reader and the PDF reader's pages without
a text layer). Importing this package needs no OCR dependency; calling it does, and
raises MissingDependency naming the extra to install.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

from catalogue.errors import MissingDependency
from catalogue.extract.ocr.resolution import MAX_WORK_DPI, WORK_DPI
from catalogue.raw import POINTS_PER_INCH

if TYPE_CHECKING:
    import numpy as np

    from catalogue.extract.settings import ExtractSettings
    from catalogue.raw import RawTable

INSTALL_HINT = "pip install 'catalogue[ocr]'"
# module name → distribution to install
OCR_MODULES = {"cv2": "opencv-python-headless", "onnxruntime": "onnxruntime", "rapidocr": "rapidocr"}
# A rendered page larger than this many pixels is rendered at a lower resolution
# (about A2 at 300 dpi): a huge PDF page must not take gigabytes.
MAX_RENDER_PIXELS = 40_000_000


def require_ocr(source: str | None = None) -> None:
    missing = [dist for module, dist in OCR_MODULES.items() if importlib.util.find_spec(module) is None]
    if missing:
        raise MissingDependency(
            f"this is a scanned page and reading it needs OCR, but {', '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} not installed: {INSTALL_HINT}",
            source=source,
        )


def ocr_page_image(image: np.ndarray, source: str, page: int, settings: ExtractSettings | None = None,
                   *, dpi: float = WORK_DPI, two_tone: bool = False) -> list[RawTable]:
    """The ruled table on one page image (RGB uint8, or grey) as RawTables; [] if none.

    `dpi` is the image's resolution; scans finer than 300 dpi are reduced first.
    `two_tone`: the image is a 1-bit scan, whose grey is only the resampling's.
    """
    require_ocr(source)
    from catalogue.extract.ocr.page import ocr_page_image as run

    return run(image, source, page, settings, dpi=dpi, two_tone=two_tone)


def render_pdf_page(path: str | Path, page_index: int, dpi: float = WORK_DPI,
                    password: str | None = None) -> np.ndarray:
    """One PDF page (0-based) as an RGB array, for OCR of pages without a text layer.

    The resolution is lowered for pages so large that `dpi` would exceed
    MAX_RENDER_PIXELS; `render_pdf_page_with_dpi` also returns the dpi used.
    """
    return render_pdf_page_with_dpi(path, page_index, dpi, password)[0]


def render_pdf_page_with_dpi(path: str | Path | bytes, page_index: int, dpi: float = WORK_DPI,
                             password: str | None = None) -> tuple[np.ndarray, float, bool]:
    """The page (of a PDF file, or of a PDF's bytes) as an RGB image, its resolution, and
    whether it is a 1-bit scan (every image on it has one bit a pixel: fax, CCITT G4,
    JBIG2), whose rendering has grey only where it was resampled."""
    import numpy as np
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from catalogue.extract import pdfium_fonts

    pdfium_fonts.install()  # before pdfium maps any font in this process, as the reader does
    pdf = pdfium.PdfDocument(path if isinstance(path, bytes) else str(path), password=password)
    try:
        page = pdf[page_index]
        width, height = page.get_size()  # PDF points
        scale = dpi / POINTS_PER_INCH
        pixels = width * scale * height * scale
        if pixels > MAX_RENDER_PIXELS:
            scale *= (MAX_RENDER_PIXELS / pixels) ** 0.5
        images = list(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2))
        two_tone = bool(images) and all(image.get_metadata().bits_per_pixel == 1 for image in images)
        bitmap = page.render(scale=scale)
        rgb = np.asarray(bitmap.to_pil().convert("RGB"))
        page.close()
        return rgb, scale * POINTS_PER_INCH, two_tone
    finally:
        pdf.close()


__all__ = ["INSTALL_HINT", "MAX_WORK_DPI", "WORK_DPI", "ocr_page_image", "render_pdf_page", "render_pdf_page_with_dpi", "require_ocr"]
