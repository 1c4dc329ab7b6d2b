"""Family C: scans of other catalogues, made a third way, that no OCR rule was tuned on.

    python samples/generate_scan_family_c.py            # the whole family → bench/scan-family-c/

Families A and B scan the same nine-odd sources, and every OCR rule was tuned on one of
their tuning halves; B's held-back half has been scored every round since. A figure on
sources and on a generator that no rule ever saw says how the rules do on scans
that are not the project's own. So family C shares nothing with A or B but the named
conditions of issue 20:

- **Other sources**: the page-break, option-list and printed-sheet samples
  (samples/pagebreaks, samples/option-lists, samples/printed), which no scan family
  uses; their expected rows are the generators' own.
- **Another rasteriser**: MuPDF (PyMuPDF, the `bench` extra), where A uses pdfium and B
  poppler's Splash.
- **Other degradations**, written here with Pillow and numpy only (no OpenCV): Pillow's
  own rotation, blur and JPEG encoder, Floyd-Steinberg dithering for the fax, Pillow's
  perspective transform for the photograph, a red seal drawn with Pillow's text.
- **Another PDF writer**: MuPDF's `insert_image`, where A and B use Pillow's.

The conditions (issue 20's table of "another generator"): 200 dpi grey with skew and
noise; a 200 dpi 1-bit fax with skew and salt-and-pepper; 300 dpi with faint broken grey
rulings and a red seal over cells; a photograph (perspective up to 4 %, uneven light, a
warm cast, JPEG 70); 150 dpi grey JPEG 35 with blur and a 1.5° skew.

Halves are drawn as A's and B's are (member (c, s) held back when c + s is even). The
whole family was scored once before any rule was made with it (bench/README.md,
"Family C"); since then rules are tuned on its tuning half only, as on B's.
Deterministic for a given MuPDF, Pillow and numpy: every draw comes from a generator
seeded by the family's seed and the member's name.
"""

from __future__ import annotations

import hashlib
import io
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import family_members
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from catalogue.inspect.font import font_path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = ROOT / "bench" / "scan-family-c"  # git-ignored: regenerated on demand
SAMPLES_OUT = HERE / "scans" / "family-c"
SEED = 20261208
TUNE, HELD_BACK = "tune", "held-back"
# The members the tests read, committed under samples/scans/family-c/ (tuning half): a
# 1-bit fax made in a halftone mode, whose light grey paper is dithered into dots; a sheet
# fitted to its paper (5.5 pt) at 150 dpi, JPEG 35 and blurred, which no reader can read; a
# level label cut by a page break (its first part short of the page's foot), over faint
# broken rulings under a red seal; the fitted sheet under the seal at 300 dpi, whose 、
# are specks' size in the soft ink.
TEST_MEMBERS: tuple[tuple[str, str], ...] = (("fax-1bit-200", "option-lists"), ("jpeg-150-q35-blur", "national-fit"),
                                             ("seal-300-faint", "cut-label-words"), ("seal-300-faint", "national-fit"))
# A CJK font for the seal's ring of text: WenQuanYi Micro Hei, from the package the
# `ocr` extra installs for `catalogue inspect` (it was read from a system font folder,
# which a fresh machine does not have).
SEAL_FONT = Path(font_path())
PAPER = 238  # a scanner's paper grey
DESK = (70, 58, 50)


@dataclass(frozen=True)
class Condition:
    dpi: int
    colour: bool = False
    skew: float = 0.0  # the largest skew, degrees, either way
    noise: float = 0.0  # grey-level standard deviation of sensor noise
    fax: bool = False  # 1-bit, dithered
    salt: float = 0.0  # share of pixels flipped (salt and pepper)
    faint_rulings: bool = False  # long rulings printed light and broken
    seal: bool = False
    perspective: float = 0.0  # largest corner shift, share of the page's size
    light: float = 0.0  # darkest corner's fall-off
    blur: float = 0.0  # Gaussian radius, pixels
    quality: int = 0  # JPEG quality, 0 for none


CONDITIONS: dict[str, Condition] = {
    "grey-200-noise": Condition(200, skew=1.2, noise=9.0),
    "fax-1bit-200": Condition(200, skew=1.0, fax=True, salt=0.002),
    "seal-300-faint": Condition(300, colour=True, faint_rulings=True, seal=True, quality=85),
    "photo-persp": Condition(200, colour=True, skew=1.0, perspective=0.04, light=0.4, quality=70),
    "jpeg-150-q35-blur": Condition(150, skew=1.5, blur=0.9, quality=35),
}
# (name, the PDF scanned, where its expected rows are). Append, never reorder.
SOURCES: tuple[tuple[str, str, str], ...] = (
    *((name, f"pagebreaks/{name}.pdf", f"pagebreaks/{name}.expected.json") for name in (
        "cut-label-span", "cut-label-words", "false-join-two-labels", "label-centred-across",
        "new-group-lower", "split-row-bare", "split-row-levels", "national-split-seq")),
    ("option-lists", "option-lists/option-lists.pdf", "option-lists/option-lists.expected.json#pdf"),
    ("national-fit", "printed/national-fit.pdf", "printed/national-fit.expected.json"),
)


def split_of(condition: str, source: str) -> str:
    c = list(CONDITIONS).index(condition)
    s = [name for name, _, _ in SOURCES].index(source)
    return HELD_BACK if (c + s) % 2 == 0 else TUNE


def rng_for(condition: str, source: str, page: int) -> np.random.Generator:
    digest = hashlib.sha256(f"{SEED}/{condition}/{source}/{page}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def rasterise(pdf: Path, dpi: int, colour: bool) -> list[Image.Image]:
    import pymupdf

    pages = []
    with pymupdf.open(pdf) as doc:
        for page in doc:
            pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB if colour else pymupdf.csGRAY, alpha=False)
            pages.append(Image.frombytes("RGB" if colour else "L", (pix.width, pix.height), pix.samples))
    return pages


def paper_tone(image: Image.Image) -> Image.Image:
    """White paper made scanner grey: ink stays, paper goes to PAPER."""
    a = np.asarray(image, dtype=np.float32)
    return Image.fromarray(np.clip(a * (PAPER / 255.0), 0, 255).astype(np.uint8))


def faint_rulings(image: Image.Image, dpi: int, rng: np.random.Generator) -> Image.Image:
    """Long straight runs of ink (the rulings, never a character's stroke) printed light
    grey and broken: a pixel is on a ruling when the inch-long window through it, across
    or down, is nearly all ink."""
    grey = np.asarray(image.convert("L"), dtype=np.float32)
    ink = grey < 160
    window = dpi // 3  # a third of an inch: longer than any character's stroke
    on_rule = np.zeros_like(ink)
    for axis in (0, 1):
        run = np.cumsum(ink, axis=axis, dtype=np.int32)
        shifted = np.roll(run, window, axis=axis)
        if axis == 0:
            shifted[:window, :] = 0
        else:
            shifted[:, :window] = 0
        full = (run - shifted) >= int(window * 0.95)
        # mark the whole window, not just its end
        spread = np.zeros_like(full)
        for k in range(0, window, max(1, window // 12)):
            spread |= np.roll(full, -k, axis=axis)
        on_rule |= spread & ink
    a = np.asarray(image, dtype=np.float32).copy()
    lift = rng.uniform(150, 195)  # how light the rulings print
    a[on_rule] = np.maximum(a[on_rule], lift)
    # breaks: short gaps along the rulings
    h, w = grey.shape
    for _ in range(int((h + w) / dpi * 3)):
        y, x = int(rng.integers(0, h)), int(rng.integers(0, w))
        size = int(rng.integers(dpi // 80 + 1, dpi // 25 + 2))
        box = (slice(max(0, y - size), y + size), slice(max(0, x - size), x + size))
        patch = on_rule[box]
        region = a[box]
        region[patch] = PAPER
    return Image.fromarray(a.astype(np.uint8))


def draw_seal(image: Image.Image, dpi: int, rng: np.random.Generator) -> Image.Image:
    """A round red seal over the table's cells: a ring, a star and the issuer's name round it."""
    image = image.convert("RGB")
    w, h = image.size
    radius = int(dpi * rng.uniform(0.75, 0.9))
    cx, cy = int(w * rng.uniform(0.45, 0.75)), int(h * rng.uniform(0.3, 0.7))
    layer = Image.new("L", image.size, 0)
    draw = ImageDraw.Draw(layer)
    ring = max(2, dpi // 40)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=255, width=ring)
    star = [(cx + radius * 0.3 * np.cos(np.pi / 2 + k * 4 * np.pi / 5),
             cy - radius * 0.3 * np.sin(np.pi / 2 + k * 4 * np.pi / 5)) for k in range(5)]
    draw.polygon(star, fill=255)
    font = ImageFont.truetype(str(SEAL_FONT), int(radius * 0.26))
    text = "某某区人民政府办公室"
    for k, ch in enumerate(text):
        angle = np.pi * (1.15 - 1.3 * k / (len(text) - 1))
        r = radius * 0.72
        tile = Image.new("L", (int(radius * 0.4), int(radius * 0.4)), 0)
        ImageDraw.Draw(tile).text((tile.width / 2, tile.height / 2), ch, fill=255, font=font, anchor="mm")
        tile = tile.rotate(np.degrees(angle) - 90, resample=Image.BICUBIC)
        x, y = cx + r * np.cos(angle), cy - r * np.sin(angle)
        layer.paste(255, (int(x - tile.width / 2), int(y - tile.height / 2)), tile)
    layer = layer.filter(ImageFilter.GaussianBlur(dpi / 300))
    alpha = np.asarray(layer, dtype=np.float32) / 255.0 * rng.uniform(0.6, 0.8)
    # uneven ink: the stamp pressed harder on one side
    yy, xx = np.mgrid[0:h, 0:w]
    alpha *= np.clip(0.7 + 0.3 * (xx - cx) / radius, 0.3, 1.0)
    a = np.asarray(image, dtype=np.float32)
    red = np.array([200, 40, 45], dtype=np.float32)
    # multiply blend: the seal's red over whatever is under it
    a = a * (1 - alpha[..., None]) + (a * red / 255.0) * alpha[..., None]
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def perspective(image: Image.Image, share: float, rng: np.random.Generator) -> Image.Image:
    """The page photographed off-square on a desk: each corner moved up to `share` of
    the page's size, a desk margin round it."""
    w, h = image.size
    margin = int(0.05 * max(w, h))
    canvas = (w + 2 * margin, h + 2 * margin)
    corners = [(0, 0), (w, 0), (w, h), (0, h)]
    moved = [(x + margin + rng.uniform(-share, share) * w, y + margin + rng.uniform(-share, share) * h)
             for x, y in corners]
    # Pillow's PERSPECTIVE maps output to input: solve for the 8 coefficients
    rows, rhs = [], []
    for (X, Y), (x, y) in zip(moved, corners, strict=True):
        rows.append([X, Y, 1, 0, 0, 0, -x * X, -x * Y])
        rows.append([0, 0, 0, X, Y, 1, -y * X, -y * Y])
        rhs += [x, y]
    coeffs = np.linalg.solve(np.array(rows, dtype=np.float64), np.array(rhs, dtype=np.float64))
    page = image.convert("RGBA").transform(canvas, Image.PERSPECTIVE, tuple(coeffs), resample=Image.BICUBIC)
    desk = Image.new("RGBA", canvas, (*DESK, 255))
    desk.alpha_composite(page)
    return desk.convert("RGB")


def lighting(image: Image.Image, falloff: float, rng: np.random.Generator) -> Image.Image:
    """Uneven light from one side and a warm cast."""
    a = np.asarray(image.convert("RGB"), dtype=np.float32)
    h, w = a.shape[:2]
    angle = rng.uniform(0, 2 * np.pi)
    yy, xx = np.mgrid[0:h, 0:w]
    ramp = (np.cos(angle) * (xx / w - 0.5) + np.sin(angle) * (yy / h - 0.5)) + 0.5
    gain = 1.0 - falloff * np.clip(ramp, 0, 1)
    warm = np.array([1.0, 0.93, 0.8], dtype=np.float32)
    return Image.fromarray(np.clip(a * gain[..., None] * warm, 0, 255).astype(np.uint8))


def degrade(page: Image.Image, c: Condition, rng: np.random.Generator) -> Image.Image:
    page = paper_tone(page)
    if c.faint_rulings:
        page = faint_rulings(page, c.dpi, rng)
    if c.seal:
        page = draw_seal(page, c.dpi, rng)
    if c.perspective:
        page = perspective(page, c.perspective, rng)
    if c.light:
        page = lighting(page, c.light, rng)
    if c.skew:
        fill = DESK if c.perspective else (PAPER if page.mode == "L" else (PAPER,) * 3)
        page = page.rotate(rng.uniform(-c.skew, c.skew), resample=Image.BICUBIC, expand=True, fillcolor=fill)
    if c.blur:
        page = page.filter(ImageFilter.GaussianBlur(c.blur))
    if c.noise:
        a = np.asarray(page, dtype=np.float32)
        a += rng.normal(0, c.noise, a.shape).astype(np.float32)
        page = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    if c.fax:
        page = page.convert("L").convert("1")  # Pillow dithers (Floyd-Steinberg)
        if c.salt:
            a = np.asarray(page, dtype=bool).copy()
            flip = rng.random(a.shape) < c.salt
            a[flip] = ~a[flip]
            page = Image.fromarray(a)
    return page


def member(condition: str, source: str, pdf: str) -> bytes:
    import pymupdf

    c = CONDITIONS[condition]
    out = pymupdf.open()
    for index, page in enumerate(rasterise(HERE / pdf, c.dpi, c.colour)):
        image = degrade(page, c, rng_for(condition, source, index))
        buf = io.BytesIO()
        if c.quality:
            image.convert("RGB" if c.colour else "L").save(buf, "JPEG", quality=c.quality)
        else:
            image.save(buf, "PNG")
        w, h = image.size
        sheet = out.new_page(width=w * 72 / c.dpi, height=h * 72 / c.dpi)
        sheet.insert_image(sheet.rect, stream=buf.getvalue())
    out.set_metadata({"producer": "family C", "creationDate": "D:20261208000000", "modDate": "D:20261208000000"})
    data = out.tobytes(garbage=3, deflate=True, no_new_id=True)
    out.close()
    return data


def family() -> list[dict]:
    return [{"condition": c, "source": name, "file": f"{c}/{name}.pdf", "pdf": path, "expected": expected,
             "half": split_of(c, name), **asdict(CONDITIONS[c])}
            for c in CONDITIONS for name, path, expected in SOURCES]


def write_members(out: Path, members: list[dict], listed: list[dict]) -> None:
    family_members.write_files(out, members, lambda m: member(m["condition"], m["source"], m["pdf"]))
    family_members.write_listing(out, SEED, listed)


if __name__ == "__main__":
    family_members.main(sys.modules[__name__])
