"""Scanned catalogues as image files (PNG, JPEG, TIFF, multi-page TIFF): one RawTable a page.

Pages are decoded one at a time and reduced to the OCR working resolution as they are
read, so a long TIFF or a 600 dpi scan never sits in memory whole.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from catalogue.errors import DamagedInput, NoTablesFound, UnsupportedInput
from catalogue.extract.ocr import MAX_WORK_DPI, WORK_DPI, ocr_page_image, require_ocr
from catalogue.extract.settings import ExtractSettings
from catalogue.raw import PageNote, RawDocument, RawTable
from catalogue.schemas.warnings import BLANK_PAGE, NO_TABLE, PAGE_UNREADABLE, PAGES_SKIPPED

# More pixels than this in one page is refused: an A3 page at 600 dpi has 70 million;
# a file claiming several hundred million is a decompression bomb or not a scan.
MAX_IMAGE_PIXELS = 120_000_000
# Without a resolution in the file, guess it from the long side of an A4 page.
A4_LONG_SIDE_IN = 297 / 25.4
BLANK_INK_SHARE = 0.0005  # a page with less dark ink than this is blank


def _dpi(image: Image.Image) -> float:
    dpi = image.info.get("dpi")
    if dpi and float(dpi[0]) >= 50:
        return float(round(dpi[0]))  # PNG stores dots per metre: 199.9996 means 200
    return min(1200.0, max(100.0, max(image.size) / A4_LONG_SIDE_IN))


def _frame(image: Image.Image, index: int, source: str) -> tuple[np.ndarray, float]:
    """Frame `index` as RGB at no more than MAX_WORK_DPI, and its resolution."""
    image.seek(index)
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise UnsupportedInput(
            f"page {index + 1} is {width}x{height} pixels, more than the {MAX_IMAGE_PIXELS:,} "
            "a scan is allowed (a decompression bomb?); rescan at 300 dpi",
            source=source,
        )
    dpi = _dpi(image)
    factor = max(1, round(dpi / WORK_DPI)) if dpi > MAX_WORK_DPI else 1
    if factor > 1 and image.format == "JPEG":
        # JPEG decodes straight to a reduced size: the full page is never in memory.
        image.draft("RGB", (math.ceil(width / factor), math.ceil(height / factor)))
    frame = image.convert("RGB")
    if index == 0:  # a camera or phone scan may say in EXIF that it is turned
        frame = ImageOps.exif_transpose(frame)
    # draft() may have reduced by a power of two already; reduce what is left.
    left = round(factor * max(frame.size) / max(width, height))
    if left > 1:
        frame = frame.reduce(left)
    return np.asarray(frame), dpi * max(frame.size) / max(width, height)


def _is_blank(rgb: np.ndarray) -> bool:
    return float((rgb.min(axis=2) < 128).mean()) < BLANK_INK_SHARE


def open_scan(path: Path | str, source: str) -> Image.Image:
    """The image file opened by Pillow (nothing decoded yet); one-line errors for a file
    that is not an image or claims more pixels than a scanned page has (Pillow's
    decompression-bomb check, made an error here rather than a warning)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UnsupportedInput(f"image is too large to be a scanned page ({exc})", source=source) from exc
    except UnidentifiedImageError as exc:
        raise DamagedInput("not a readable image (the file is damaged or not PNG/JPEG/TIFF)", source=source) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise DamagedInput(f"the image cannot be decoded: {exc}", source=source) from exc


def open_image(path: Path | str, *, source: str, sha256: str, settings: ExtractSettings | None = None) -> RawDocument:
    settings = ExtractSettings.resolve(settings)
    path = Path(path)
    if not settings.ocr.may_ocr:
        raise UnsupportedInput("is a scanned image, and OCR is turned off (ocr='never')", source=source)
    require_ocr(source)
    image = open_scan(path, source)
    try:
        n_frames = getattr(image, "n_frames", 1)
        first = _frame(image, 0, source)  # decode one page now: a broken file fails here, not mid-stream
    except (OSError, SyntaxError, ValueError) as exc:
        image.close()
        raise DamagedInput(f"the image cannot be decoded: {exc}", source=source) from exc

    wanted = [p for p in range(1, n_frames + 1) if settings.pages is None or p in settings.pages]
    # Its pages: those read (--pages and the page limit leave some out).
    doc = RawDocument(source=source, path=str(path), sha256=sha256, kind="image", tables=iter(()),
                      pages=len(wanted[: settings.max_pages]))

    def pages() -> Iterator[RawTable]:
        found = 0
        try:
            for number in wanted[: settings.max_pages]:
                try:
                    rgb, dpi = first if number == 1 else _frame(image, number - 1, source)
                except (OSError, SyntaxError, ValueError) as exc:
                    doc.notes.append(PageNote(number, PAGE_UNREADABLE, f"page {number} cannot be decoded: {exc}"))
                    continue
                if _is_blank(rgb):
                    doc.notes.append(PageNote(number, BLANK_PAGE, "the page is blank"))
                    continue
                # A 1-bit frame (fax, CCITT G4 TIFF) has no grey of its own.
                tables = ocr_page_image(rgb, source, number, settings, dpi=dpi, two_tone=image.mode == "1")
                del rgb
                if not tables:
                    doc.notes.append(PageNote(number, NO_TABLE, "no ruled table found on this scanned page"))
                found += len(tables)
                yield from tables
            if len(wanted) > settings.max_pages:
                doc.notes.append(PageNote(wanted[settings.max_pages], PAGES_SKIPPED,
                                          f"{len(wanted) - settings.max_pages} pages past max_pages were not read"))
        finally:
            image.close()
        if not found:
            raise NoTablesFound("no ruled table found on any scanned page", source=source)

    doc.tables = pages()
    return doc
