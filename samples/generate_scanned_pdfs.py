"""Scanned copies of the text-layer sample PDFs: same tables, pixels only.

    python samples/generate_scanned_pdfs.py [--dpi 200] [--out samples/scans]

Rasterises samples/pdf/district-catalogue.pdf and national-catalogue.pdf with pdfium
and makes each page look like an office scan: a slight skew (0.5–1.5°), speckle noise
and scanner blur, grey JPEG inside an image-only PDF (no text layer). Page 2 of the
district catalogue carries a red seal stamped over cells with marks in them, kept in
colour so that red can be told from black. Page 3 of the district catalogue has
/Rotate 90 in the source: it was fed to the scanner sideways, so its scan is a
portrait image of a landscape page that the OCR path must turn upright itself.

The scans must give the SAME contract rows as the source PDFs
(samples/pdf/<name>.expected.json); tests/test_ocr_scanned_samples.py and
bench/bench_scans.py compare them. The output is deterministic for a given pdfium,
Pillow and font. The seal needs a CJK font (see samples/generate_scans.py).
"""

from __future__ import annotations

import argparse
import random
import zlib
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from generate_scans import load_font, stamp_seal  # samples/ is on sys.path when run as a script
from PIL import Image, ImageFilter

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "pdf"
OUT = HERE / "scans"
# (source stem, skew in degrees per page): counter-clockwise positive, as PIL rotates.
SKEW = {
    "district-catalogue": (0.8, -1.2, 0.6, -1.0),
    "national-catalogue": (1.4, -0.5),
}
SIDEWAYS = {("district-catalogue", 3)}  # pages scanned a quarter turn off
# The seal: (stem, page, centre in inches from the page's top left). On district p2 it
# lands on the 公开主体 and 公开渠道 cells of 专项规划 / 年度计划, whose drawn boxes it covers.
SEAL = ("district-catalogue", 2, (6.9, 3.55))
SPECKS_PER_MPX = 150  # dark specks a million pixels: dust and toner
DROPOUTS_PER_MPX = 150  # white holes in the ink: a worn drum
# Four grey levels (2 bits a pixel), as a scanner's small-file grey mode stores a page:
# enough shading that thin box frames and strokes survive, a quarter of 8-bit grey.
GREY_EDGES = (60, 130, 228)  # the grey page is cut into levels at these values
GREY_LEVELS = ((255, 255, 255), (185, 185, 185), (95, 95, 95), (0, 0, 0))  # paper … ink
SEAL_RED = (205, 45, 50)
PALE_RED = (238, 160, 160)  # the seal's soft edge
SEED = 20240611


def render(pdf: pdfium.PdfDocument, index: int, dpi: float) -> Image.Image:
    page = pdf[index]
    try:
        return page.render(scale=dpi / 72.0).to_pil().convert("RGB")
    finally:
        page.close()


def speckle(ink: np.ndarray, rng: random.Random, per_mpx: float, value: bool) -> None:
    """Set 1–4 pixel clusters to `value` at random places, in place."""
    h, w = ink.shape
    for _ in range(int(w * h / 1e6 * per_mpx)):
        x, y = rng.randrange(w - 2), rng.randrange(h - 2)
        for dx, dy in ((0, 0), (1, 0), (0, 1), (1, 1))[: rng.randrange(1, 5)]:
            ink[y + dy, x + dx] = value


def scan_page(pdf: pdfium.PdfDocument, stem: str, number: int, dpi: float,
              rng: random.Random) -> tuple[np.ndarray, list[tuple[int, int, int]]]:
    """A page as an office scanner stores it: palette indices and the palette.

    Four grey levels (0 paper … 3 ink); the page with the seal adds its red (5) and
    the seal's pale edge (4).
    """
    image = render(pdf, number - 1, dpi)
    seal = SEAL[:2] == (stem, number)
    if seal:
        cx, cy = SEAL[2]
        image = stamp_seal(image, round(cx * dpi), round(cy * dpi), str(load_font().path))
    if (stem, number) in SIDEWAYS:
        image = image.transpose(Image.Transpose.ROTATE_270)  # fed in sideways: content turned clockwise
    image = image.rotate(SKEW[stem][number - 1], resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255))
    image = image.filter(ImageFilter.GaussianBlur(radius=0.3 * dpi / 200))  # scanner optics
    rgb = np.asarray(image).astype(np.int16)
    grey = np.asarray(image.convert("L"))
    index = (3 - np.digitize(grey, GREY_EDGES)).astype(np.uint8)
    # Specks of dust (dark) and dropouts in the ink (paper), 1-4 pixels each.
    dark, light = np.zeros(grey.shape, bool), np.zeros(grey.shape, bool)
    speckle(dark, rng, SPECKS_PER_MPX, True)
    speckle(light, rng, DROPOUTS_PER_MPX, True)
    index[light & (index == 3)] = 1
    index[dark] = rng.choice((2, 3))
    palette = list(GREY_LEVELS)
    if seal:
        # The seal page adds seal red and its pale edge to the greys (4 bits a pixel);
        # black text under the seal stays black (it has no redness left).
        redness = rgb[:, :, 0] - np.maximum(rgb[:, :, 1], rgb[:, :, 2])
        index[(redness > 40) & (grey >= 150)] = 4
        index[(redness > 60) & (grey < 150)] = 5
        palette += [PALE_RED, SEAL_RED]
    return index, palette


def _pack(index: np.ndarray, bits: int) -> bytes:
    """Rows of palette indices packed `bits` to a byte, high bits first, as PDF images are."""
    per_byte = 8 // bits
    h, w = index.shape
    padded = np.zeros((h, -(-w // per_byte) * per_byte), np.uint8)
    padded[:, :w] = index
    groups = padded.reshape(h, -1, per_byte)
    out = np.zeros(groups.shape[:2], np.uint8)
    for k in range(per_byte):
        out |= groups[:, :, k] << (8 - bits * (k + 1))
    return out.tobytes()


def write_pdf(pages: list[tuple[np.ndarray, list[tuple[int, int, int]]]], path: Path, dpi: float) -> None:
    """An image-only PDF: one Flate-compressed palette image filling each page, nothing else."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog, tree = add(b""), add(b"")
    kids = []
    for index, palette in pages:
        h, w = index.shape
        bits = 2 if len(palette) <= 4 else 4
        lookup = b"".join(bytes(c) for c in palette).hex().upper().encode()
        data = zlib.compress(_pack(index, bits), 9)
        image = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /BitsPerComponent %d "
                    b"/ColorSpace [/Indexed /DeviceRGB %d <%s>] /Filter /FlateDecode /Length %d >>\nstream\n"
                    % (w, h, bits, len(palette) - 1, lookup, len(data)) + data + b"\nendstream")
        pw, ph = w * 72.0 / dpi, h * 72.0 / dpi
        draw = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (pw, ph)
        content = add(b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] /Contents %d 0 R "
                        b"/Resources << /XObject << /Im0 %d 0 R >> >> >>" % (tree, pw, ph, content, image)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    path.write_bytes(bytes(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dpi", type=float, default=200.0, help="scan resolution (150–300)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for stem in SKEW:
        rng = random.Random(f"{SEED}-{stem}")
        pdf = pdfium.PdfDocument(str(SOURCES / f"{stem}.pdf"))
        try:
            pages = [scan_page(pdf, stem, n, args.dpi, rng) for n in range(1, len(pdf) + 1)]
        finally:
            pdf.close()
        path = args.out / f"{stem}-scan.pdf"
        write_pdf(pages, path, args.dpi)
        print(f"{path.name:32} {len(pages)} pages {path.stat().st_size // 1024:5} KB")


if __name__ == "__main__":
    main()
