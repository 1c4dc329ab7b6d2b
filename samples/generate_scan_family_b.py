"""Family B: scans of the sample catalogues made a second, independent way.

    python samples/generate_scan_family_b.py                    # the whole family → bench/scan-family-b/
    python samples/generate_scan_family_b.py --half tune        # only one half
    python samples/generate_scan_family_b.py --samples          # the small members the tests use → samples/scans/family-b/

Family A (generate_scan_family.py) taught the OCR rules its own habits. This generator
shares nothing with it but the source catalogues, so the rules can be checked against
scans they were not shaped by:

- **Another rasteriser**: Debian's poppler-utils `pdftoppm` (Splash, its own
  anti-aliasing and font substitution through fontconfig) instead of pdfium. Needed at
  generation time only; the tests read the committed members and never run it.
- **Other print paths**: besides the text-layer PDFs of samples/pdf and the Word-made
  PDFs of samples/word, Word documents of samples/office are printed to PDF by
  LibreOffice (`soffice --convert-to pdf`) before they are scanned. The workbooks and
  the web page are not: LibreOffice prints their tables cut at the page edge (the web
  page's fixed-width table) or, fitted to the page width, at a few points high, which
  nobody scans. The documents set their marks as Wingdings 2 symbols, a font this
  machine lacks; LibreOffice drew some of them, ☑ and ☐ alike, as the same
  missing-glyph frame, which states nothing, where a Word user's print shows each
  mark. So a copy of each document is printed whose symbol characters are the Unicode
  boxes and ticks of the same shape (☐ ☑ ☒ ✓ √, SYMBOL_FONT_GLYPHS) set in DejaVu Sans
  (fonts-dejavu-core, installed with LibreOffice here); every mark prints its state (bench/print_loss.py counts
  none). Printing needs soffice, DejaVu Sans and the CJK font the documents name or
  fontconfig's substitute for it.
- **Other degradations**, written here with OpenCV and numpy: augraphy, the maintained
  document-degradation library, was tried first: 8.2.6 installs from PyPI and runs
  offline (checked in a venv of its own), but it requires `opencv-python` (the GUI
  build), which would sit beside the project's `opencv-python-headless` writing the same
  `cv2` package (whichever is removed or upgraded last breaks the other), and numba,
  scikit-learn, scikit-image and matplotlib (about 300 MB) in the dev extra; so its
  effects are modelled after its documentation instead (InkBleed, BadPhotoCopy, DirtyRollers,
  Folding, LightingGradient, ShadowCast, PageBorder, SubtleNoise, Jpeg): ink bleeding
  into the paper, a worn copier's uneven toner and specks, roller streaks, fax
  resolution with an adaptive (not fixed) threshold, a fold with its shadow, lighting
  gradients, multi-octave paper grain.
- **Photographs with lens geometry**: barrel distortion of a phone lens, a page curled
  up towards one edge (a cylinder, with its shading), the desk showing at the frame's
  edge and two fingertips at the frame's side (on the desk or the page's margin, as the
  page falls).

Sources are printed, rasterised and degraded per member with a generator seeded by the
member's name, so a run gives the same bytes for a given poppler, LibreOffice, OpenCV,
Pillow and set of fonts.

The halves (fixed before any result was seen): sources are ordered as SOURCES and
conditions as CONDITIONS; member (c, s) is held back when (c + s) is even, so each
condition has about half its sources in each half. Rules are tuned on the tuning half
only; bench/bench_scan_family.py --family b reports on the held-back half.
"""

from __future__ import annotations

import io
import math
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path

import cv2
import family_members
import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = ROOT / "bench" / "scan-family-b"  # git-ignored: the bench regenerates it
SAMPLES_OUT = HERE / "scans" / "family-b"
SEED = 20261207
TUNE, HELD_BACK = "tune", "held-back"
PDFTOPPM_SECONDS = 120  # one source's pages at 300 dpi take a few seconds
SOFFICE_SECONDS = 180  # LibreOffice's first start in a fresh profile is the slow part


@dataclass(frozen=True)
class Condition:
    dpi: int  # the rasteriser's resolution (a fax is then resampled to its own)
    colour: bool = False  # kept in colour (photographs), else grey or 1-bit
    quality: int = 80  # JPEG quality of the page as stored
    skew: float = 1.0  # largest rotation in degrees, either way
    bleed: float = 0.0  # ink bleeding into the paper (0 … 1)
    copier: float = 0.0  # a worn copier: uneven toner and specks (0 … 1)
    rollers: int = 0  # streaks of dirty rollers down the page
    fax: bool = False  # fax resolution (204 × 196 dpi), adaptive 1-bit threshold
    fold: bool = False  # a fold across the page, with its shadow
    light: float = 0.0  # a lighting gradient: the dimmest side is this much darker
    blur: float = 0.0  # defocus, Gaussian sigma in pixels at 200 dpi
    barrel: float = 0.0  # a phone lens's barrel distortion (k of r' = r (1 + k r²))
    curl: float = 0.0  # the page curls up over this share of its width
    fingers: bool = False  # two fingertips at the frame's side


# Order sets the halves: append, never reorder.
CONDITIONS: dict[str, Condition] = {
    "copier-200": Condition(200, quality=60, skew=1.2, bleed=0.5, copier=0.8, rollers=2),
    "fax-fine": Condition(300, fax=True, skew=1.0),
    "fold-300": Condition(300, quality=70, skew=0.6, fold=True, light=0.35, bleed=0.3),
    "lowres-150-q35": Condition(150, quality=35, skew=1.5, blur=0.7),
    "lowres-120": Condition(120, quality=60, skew=1.0),
    "phone-barrel": Condition(200, colour=True, quality=70, skew=2.0, barrel=0.06, light=0.4, fingers=True),
    "phone-curl": Condition(200, colour=True, quality=70, skew=1.0, curl=0.22, light=0.3),
}
# (name, the file printed, where its expected rows are). A .docx is printed to PDF by
# LibreOffice first. Append, never reorder.
SOURCES: tuple[tuple[str, str, str], ...] = (
    ("district-catalogue", "pdf/district-catalogue.pdf", "pdf/district-catalogue.expected.json"),
    ("national-catalogue", "pdf/national-catalogue.pdf", "pdf/national-catalogue.expected.json"),
    ("word-split", "office/word-split.docx", "office/word-split.expected.json"),
    ("word-checkboxes", "office/word-checkboxes.docx", "office/word-checkboxes.expected.json"),
    ("dA_span3", "word/dA_span3.pdf", "word/expected-round2.json#dA_span3"),
    ("dF_labelcut", "word/dF_labelcut.pdf", "word/expected-round2.json#dF_labelcut"),
    ("nB_two_tables", "word/nB_two_tables.pdf", "word/expected-round2.json#nB_two_tables"),
    ("national_merged_subject", "word/national_merged_subject.pdf",
     "word/expected-round1.json#national_merged_subject"),
    ("district_unicode", "word/district_unicode.pdf", "word/expected-round1.json#district_unicode"),
)
# The members the tests read, committed under samples/scans/family-b/ (tuning half,
# the smallest that show their fault): a Word document printed by LibreOffice and copied
# on a worn copier, whose toner specks beside the text the recogniser read as dots
# ("社会."); a Word-made PDF photographed curling, whose bent rulings beside the text
# were read as strokes ("（单位）[ [ [ I I"); a text-layer catalogue folded, whose
# crease runs across a table on one page and beside a row's ruling on the next; a Word
# document printed by LibreOffice and faxed, whose ☐ stand a pixel from the option
# label after them; a Word document photographed through a phone's lens,
# whose rulings bow about the picture's centre and whose fingertips join the page's
# outline; a text-layer catalogue at 120 dpi, a character of whose level label the
# recogniser reads in doubt ("最低生活保陽"); a text-layer catalogue photographed
# curling, whose 序号 cells beside a merged level cell are cut by short rulings that
# straightening bent at their ends; a Word document at 150 dpi JPEG 35, whose ☑ glyphs
# blur into a blob; a text-layer catalogue at 150 dpi JPEG 35, whose ▫ set hard after
# the label before it ("政府网站▫政府公报") blurs to 2 px from it; a Word document
# printed by LibreOffice at 120 dpi, one of whose rows a page break cuts where its
# option list reads past decoding ("政政公报"); a Word-made catalogue faxed, whose
# contents start with a code and a colon ("A01：") whose dots fill solid, a ■'s size; a
# text-layer catalogue copied on a worn copier, whose 门 (drawn by fontconfig's CJK face in
# its Japanese form, the dot an upright stroke) the recogniser reads 内 in doubt ("部内预算").
TEST_MEMBERS = (("copier-200", "word-checkboxes"), ("phone-curl", "dF_labelcut"),
                ("fold-300", "national-catalogue"), ("fax-fine", "word-split"),
                ("phone-barrel", "word-split"), ("lowres-120", "national-catalogue"),
                ("lowres-150-q35", "word-split"), ("phone-curl", "national-catalogue"),
                ("lowres-150-q35", "district-catalogue"), ("lowres-120", "word-checkboxes"),
                ("copier-200", "national_merged_subject"), ("fax-fine", "dA_span3"),
                ("copier-200", "national-catalogue"))
# Members drawn with another seed: (seed, condition, source), written by --samples to
# samples/scans/family-b/seed-<seed>/. The halves pair the default seed's draws; another
# seed's draw of a pair is a picture no rule has seen and no held-back member, so it is a
# tuning member whichever half its pair is in. A Word document photographed curling
# (seed 12): on its last page the level labels span every level column after the first
# (no ruling between 二级 and 三级) and the curl adds a ruling at the right, so the page
# has the header page's column count with its columns elsewhere. The same photographed
# with seed 11: straightening laid the pieces of the 二级 | 三级 ruling (cut where the
# labels span it) 8 px apart, a column 3 pt wide between them. A text-layer catalogue at
# 150 dpi JPEG 35 (seed 13), drawn with this machine's CJK face, whose light □ (17-20 px
# at 200 dpi) keep only pieces of their sides in the soft ink (read 门, 厂, [ ]).
SEEDED_TEST_MEMBERS = ((12, "phone-curl", "word-split"), (11, "phone-curl", "word-split"),
                       (13, "lowres-150-q35", "district-catalogue"))

PAPER = (246, 243, 236)  # office paper under a scanner lamp
COPIER_SPECKS_PER_SQ_IN = 4  # a worn copier's toner specks at full strength
FAX_DPI = (204, 196)  # "fine" fax resolution, across × down
FAX_BLOCK_IN = 0.08  # the adaptive threshold's window, in inches
FAX_OFFSET = 12  # grey levels below the local mean that count as ink
DESK_RGB = (120, 96, 70)  # a wooden desk
SKIN_RGB = (214, 160, 130)
PDF_DATE = time.gmtime(0)  # fixed, so a run writes the same bytes
PHOTO_MARGIN = 0.06  # the desk showing round the page, share of the page side


def split_of(condition: str, source: str) -> str:
    c = list(CONDITIONS).index(condition)
    s = [name for name, _, _ in SOURCES].index(source)
    return HELD_BACK if (c + s) % 2 == 0 else TUNE


def _rng(*parts: str) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32("|".join(("B", str(SEED), *parts)).encode()))


# --- printing and rasterising -------------------------------------------------------


def printed(path: Path, work: Path) -> Path:
    """The PDF a source prints as: itself, or LibreOffice's print of a document whose
    symbol-font marks are first set as their Unicode glyphs (`with_unicode_marks`)."""
    if path.suffix.lower() == ".pdf":
        return path
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit(f"{path.name}: printing it needs LibreOffice (soffice)")
    copy = with_unicode_marks(path, work / "marks-as-unicode" / path.name)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(work), str(copy)],
                   check=True, capture_output=True, timeout=SOFFICE_SECONDS)
    return work / f"{path.stem}.pdf"


# What a Word user's print draws for each glyph of the symbol fonts that catalogues set
# their marks in, as the Unicode character of the same shape (byte → character; a font
# maps its glyphs to U+F020..U+F0FF as well). A checked and an empty box must print
# unlike: LibreOffice here has no Wingdings and draws some of them as the same
# missing-glyph frame.
SYMBOL_FONT_GLYPHS: dict[str, dict[int, str]] = {
    "wingdings 2": {0xA3: "☐", 0x2A: "☐", 0x52: "☑", 0x53: "☒", 0x54: "☒", 0x50: "✓", 0x4F: "✗"},
    "wingdings": {0xA8: "☐", 0x6F: "☐", 0xFE: "☑", 0xFD: "☒", 0xFC: "✓", 0xFB: "✗"},
    "symbol": {0xD6: "√"},
}
# The font the glyphs print in: it has every character above, and comes with LibreOffice
# here (Debian's fonts-dejavu-core, which fontconfig-config depends on).
MARK_FONT = "DejaVu Sans"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _unicode_mark(font: str, code: int, document: Path) -> str:
    glyphs = SYMBOL_FONT_GLYPHS.get(font.strip().lower())
    if glyphs is None:
        raise SystemExit(f"{document.name}: a mark in font {font!r}, which the print has no glyphs for")
    byte = code - 0xF000 if code >= 0xF000 else code
    if byte not in glyphs:
        raise SystemExit(f"{document.name}: {font} character {code:#x} has no Unicode glyph in the print's table")
    return glyphs[byte]


def with_unicode_marks(document: Path, copy: Path) -> Path:
    """A copy of a Word document whose symbol characters (`w:sym`, as Word inserts a
    Wingdings box) are their Unicode glyphs in MARK_FONT, so the print states every mark."""
    from lxml import etree  # python-docx's XML library

    w = f"{{{_W}}}"
    with zipfile.ZipFile(document) as source:
        parts = {info: source.read(info) for info in source.infolist()}
    body = next(info for info in parts if info.filename == "word/document.xml")
    tree = etree.fromstring(parts[body])
    for sym in tree.iter(f"{w}sym"):
        run = sym.getparent()
        glyph = _unicode_mark(sym.get(f"{w}font", ""), int(sym.get(f"{w}char", "0"), 16), document)
        props = run.find(f"{w}rPr")
        if props is None:
            props = etree.Element(f"{w}rPr")
            run.insert(0, props)
        for old in props.findall(f"{w}rFonts"):
            props.remove(old)
        # Every script slot: LibreOffice counts the box characters as Asian or Western
        # by its own table.
        props.insert(0, etree.Element(f"{w}rFonts", {f"{w}{slot}": MARK_FONT
                                                      for slot in ("ascii", "hAnsi", "eastAsia", "cs")}))
        text = etree.Element(f"{w}t")
        text.text = glyph
        run.replace(sym, text)
    parts[body] = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
    copy.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in parts.items():
            out.writestr(info, data)
    return copy


def rasterise(pdf: Path, dpi: int, colour: bool, work: Path) -> list[np.ndarray]:
    """Every page through poppler's pdftoppm (grey, or RGB for photographs)."""
    if shutil.which("pdftoppm") is None:
        raise SystemExit("generating family B needs pdftoppm (Debian: apt-get install poppler-utils)")
    prefix = work / f"page-{pdf.stem}-{dpi}"
    mode = [] if colour else ["-gray"]
    subprocess.run(["pdftoppm", "-r", str(dpi), *mode, "-png", str(pdf), str(prefix)],
                   check=True, capture_output=True, timeout=PDFTOPPM_SECONDS)
    files = sorted(work.glob(f"{prefix.name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return [np.asarray(Image.open(f).convert("RGB" if colour else "L")).copy() for f in files]


# --- degradations (numpy/OpenCV, after augraphy's effects) -------------------------


def _field(shape: tuple[int, int], cells: int, rng: np.random.Generator) -> np.ndarray:
    """A smooth random field in [0, 1]: `cells` control points across, bicubic between."""
    h, w = shape
    grid = rng.random((max(2, round(cells * h / w)), cells)).astype(np.float32)
    return np.clip(cv2.resize(grid, (w, h), interpolation=cv2.INTER_CUBIC), 0, 1)


def grain(shape: tuple[int, int], dpi: int, rng: np.random.Generator) -> np.ndarray:
    """Paper grain: noise at three scales (fibres, flecks, clouds), about ±6 grey levels."""
    out = np.zeros(shape, np.float32)
    for per_inch, weight in ((60, 2.5), (12, 2.0), (2, 1.5)):
        cells = max(2, round(shape[1] / dpi * per_inch))
        out += (_field(shape, cells, rng) - 0.5) * 2 * weight
    return out


def ink_bleed(grey: np.ndarray, strength: float, dpi: int) -> np.ndarray:
    """Ink spreading into the paper: strokes thicken and grow soft grey edges."""
    ink = 255.0 - grey.astype(np.float32)
    spread = cv2.GaussianBlur(ink, (0, 0), 0.8 * dpi / 200)
    grown = cv2.dilate(ink, np.ones((2, 2), np.uint8))
    ink = np.maximum(ink, strength * np.maximum(spread * 1.6, grown * 0.7))
    return np.clip(255 - ink, 0, 255)


def copier(grey: np.ndarray, strength: float, dpi: int, rng: np.random.Generator) -> np.ndarray:
    """A worn photocopier: toner thinner in patches, a dark band at the lid's edge, specks."""
    h, w = grey.shape
    ink = 255.0 - grey
    toner = 1.0 - strength * 0.45 * _field((h, w), max(3, round(w / dpi * 1.5)), rng)
    ink *= toner
    page = 255.0 - ink
    edge = rng.integers(0, 4)  # which side the lid's shadow falls on
    band = np.linspace(1, 0, max(2, round(0.25 * dpi)), dtype=np.float32) ** 2 * 70 * strength
    if edge == 0:
        page[: band.size] -= band[:, None]
    elif edge == 1:
        page[-band.size:] -= band[::-1, None]
    elif edge == 2:
        page[:, : band.size] -= band[None, :]
    else:
        page[:, -band.size:] -= band[None, ::-1]
    specks = int(strength * COPIER_SPECKS_PER_SQ_IN * (w / dpi) * (h / dpi))
    for _ in range(specks):
        cx, cy = int(rng.integers(0, w)), int(rng.integers(0, h))
        r = max(1, round(rng.uniform(0.002, 0.008) * dpi))
        cv2.circle(page, (cx, cy), r, float(rng.uniform(30, 120)), -1, lineType=cv2.LINE_AA)
    return page


def rollers(page: np.ndarray, count: int, dpi: int, rng: np.random.Generator) -> np.ndarray:
    """Dirty feed rollers: faint grey streaks down the page, varying along their length."""
    h, w = page.shape[:2]
    for _ in range(count):
        x = int(rng.integers(0, w))
        width = max(1, round(rng.uniform(0.005, 0.02) * dpi))
        depth = rng.uniform(25, 70) * _field((h, 1), 2, rng)[:, 0] if h > 1 else np.zeros(h)
        page[:, x: x + width] -= depth[:, None]
    return page


def fold(page: np.ndarray, dpi: int, rng: np.random.Generator) -> np.ndarray:
    """A page folded in two and flattened: a crease across it, light on one side and its
    shadow on the other, the half beyond the crease shifted by a pixel or two."""
    h, w = page.shape[:2]
    y = int(rng.uniform(0.35, 0.65) * h)
    shift = int(rng.integers(1, 3))
    page[y + shift:] = page[y: h - shift].copy()
    rows = np.arange(h, dtype=np.float32) - y
    reach = 0.12 * dpi
    shade = np.where(rows < 0, 14 * np.exp(rows / reach), -38 * np.exp(-rows / reach))
    page += shade[:, None] if page.ndim == 2 else shade[:, None, None]
    crease = max(1, round(0.004 * dpi))
    page[y: y + crease] -= 45
    return page


def lighting(page: np.ndarray, darkest: float, rng: np.random.Generator) -> np.ndarray:
    """Light falling across the page from one direction: linear, down to 1 - darkest."""
    h, w = page.shape[:2]
    angle = rng.uniform(0, 2 * math.pi)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    ramp = (xx / w - 0.5) * math.cos(angle) + (yy / h - 0.5) * math.sin(angle)
    ramp = (ramp - ramp.min()) / max(1e-6, float(ramp.max() - ramp.min()))
    gain = 1.0 - darkest * ramp
    return page * (gain if page.ndim == 2 else gain[:, :, None])


def rotate(page: np.ndarray, angle: float, fill: float | tuple[float, ...]) -> np.ndarray:
    h, w = page.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(page, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=fill)


def to_fax(grey: np.ndarray, dpi: int) -> np.ndarray:
    """Fax: resampled to 204 × 196 dpi, then 1-bit by a local (adaptive) threshold."""
    h, w = grey.shape
    size = (round(w * FAX_DPI[0] / dpi), round(h * FAX_DPI[1] / dpi))
    small = cv2.resize(np.clip(grey, 0, 255).astype(np.uint8), size, interpolation=cv2.INTER_AREA)
    block = round(FAX_BLOCK_IN * FAX_DPI[0]) | 1
    return cv2.adaptiveThreshold(small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, block, FAX_OFFSET)


def barrel(photo: np.ndarray, k: float) -> np.ndarray:
    """A phone lens's barrel distortion: a point at radius r (from the centre, in half
    diagonals) is drawn at r (1 + k r²), so straight rulings bow outwards."""
    h, w = photo.shape[:2]
    half = math.hypot(w, h) / 2
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    dx, dy = (xx - w / 2) / half, (yy - h / 2) / half
    r2 = dx * dx + dy * dy
    # Inverse map by one fixed-point step: the source of output radius r is about r / (1 + k r²).
    scale = 1.0 / (1.0 + k * r2)
    map_x = (dx * scale * half + w / 2).astype(np.float32)
    map_y = (dy * scale * half + h / 2).astype(np.float32)
    return cv2.remap(photo, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def curl(page: np.ndarray, share: float, rng: np.random.Generator) -> np.ndarray:
    """The page's edge curling up off the desk: beyond the curl's start the page wraps
    round a cylinder, so its content is foreshortened towards the edge, lifted upwards
    in the picture, and shaded as it turns away from the light."""
    h, w = page.shape[:2]
    start = w * (1 - share)
    radius = share * w / (math.pi / 2) * 1.05
    xx = np.arange(w, dtype=np.float32)
    # Output column x shows the page point at arc length s where start + R sin(s/R) = x.
    beyond = np.clip((xx - start) / radius, -1, 1)
    source_x = np.where(xx < start, xx, start + radius * np.arcsin(np.clip(beyond, 0, 1)))
    lift = np.where(xx < start, 0, radius * (1 - np.cos(np.arcsin(np.clip(beyond, 0, 1))))) * 0.35
    tilt = rng.uniform(-0.04, 0.04)  # the curl is not quite square to the page
    yy, cols = np.mgrid[0:h, 0:w].astype(np.float32)
    map_x = np.broadcast_to(source_x, (h, w)).astype(np.float32)
    map_y = (yy + lift[None, :] * (1 + tilt * (yy / h - 0.5))).astype(np.float32)
    out = cv2.remap(page, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                    borderValue=(0, 0, 0) if page.ndim == 3 else 0)
    shade = np.where(xx < start, 1.0, 1.0 - 0.35 * np.clip(beyond, 0, 1) ** 2).astype(np.float32)
    # What the curl lifted off leaves the desk bare: columns past the page's end.
    gone = xx > start + radius
    out = out * (shade[None, :, None] if out.ndim == 3 else shade[None, :])
    out[:, gone] = DESK_RGB if out.ndim == 3 else DESK_RGB[0]
    return out


def on_desk(page: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The page on a wooden desk: grain stripes round it, the page a little off centre so
    one side comes close to the frame's edge."""
    h, w = page.shape[:2]
    margin = round(PHOTO_MARGIN * max(w, h))
    H, W = h + 2 * margin, w + 2 * margin
    stripes = np.sin(np.arange(H, dtype=np.float32)[:, None] / rng.uniform(3, 9)
                     + 3 * _field((H, W), 6, rng)) * 10
    desk = np.float32(DESK_RGB)[None, None, :] + stripes[:, :, None]
    ox = margin + int(rng.integers(-margin * 3 // 4, margin * 3 // 4 + 1))
    oy = margin + int(rng.integers(-margin // 2, margin // 2 + 1))
    inside = page.sum(axis=2) > 0  # black is where a curl or warp left no page
    region = desk[oy: oy + h, ox: ox + w]
    region[inside] = page[inside]
    return desk


def fingertips(photo: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Two fingertips at one side of the frame, over the desk or the page's margin."""
    h, w = photo.shape[:2]
    left = bool(rng.integers(0, 2))
    for k in range(2):
        cy = int(h * (0.3 + 0.35 * k + rng.uniform(-0.05, 0.05)))
        axes = (round(0.06 * w), round(0.025 * h))
        cx = round(0.02 * w) if left else round(0.98 * w)
        overlay = photo.copy()
        cv2.ellipse(overlay, (cx, cy), axes, 0, 0, 360, SKIN_RGB, -1, lineType=cv2.LINE_AA)
        photo = cv2.addWeighted(overlay, 0.95, photo, 0.05, 0)
    return photo


def degrade(page: np.ndarray, c: Condition, rng: np.random.Generator) -> Image.Image:
    dpi = c.dpi
    grey_page = page.ndim == 2
    base = page.astype(np.float32)
    if c.bleed:
        if grey_page:
            base = ink_bleed(base, c.bleed, dpi)
        else:
            base = np.stack([ink_bleed(base[:, :, i], c.bleed, dpi) for i in range(3)], axis=2)
    # Paper tint and grain (white → paper colour, ink stays ink).
    tint = np.float32(PAPER) / 255.0
    base = base * (float(tint.mean()) if grey_page else tint[None, None, :])
    noise = grain(base.shape[:2], dpi, rng)
    base = base + (noise if grey_page else noise[:, :, None])
    if c.copier:
        base = copier(base, c.copier, dpi, rng)
    if c.rollers:
        base = rollers(base, c.rollers, dpi, rng)
    if c.fold:
        base = fold(base, dpi, rng)
    if c.light:
        base = lighting(base, c.light, rng)
    fill = float(PAPER[0]) if grey_page else tuple(float(v) for v in PAPER)
    base = rotate(base, float(rng.uniform(-c.skew, c.skew)), fill)
    if c.curl:
        base = curl(base, c.curl, rng)
    if c.barrel or c.fingers or c.curl:
        base = on_desk(np.clip(base, 1, 255), rng)
        if c.fingers:
            base = fingertips(base, rng)
        if c.barrel:
            base = barrel(base, c.barrel)
    if c.blur:
        base = cv2.GaussianBlur(base, (0, 0), c.blur * dpi / 200)
    base = np.clip(base, 0, 255).astype(np.uint8)
    if c.fax:
        return Image.fromarray(to_fax(base, dpi)).convert("1", dither=Image.Dither.NONE)
    return Image.fromarray(base, "L" if grey_page else "RGB")


# --- members -----------------------------------------------------------------------


def member(condition_name: str, source: str, path: str, work: Path) -> bytes:
    c = CONDITIONS[condition_name]
    pdf = printed(HERE / path, work)
    pages = [degrade(p, c, _rng(condition_name, source, str(i)))
             for i, p in enumerate(rasterise(pdf, c.dpi, c.colour, work))]
    buf = io.BytesIO()
    resolution = FAX_DPI if c.fax else (c.dpi, c.dpi)
    options = {} if c.fax else {"quality": c.quality}  # 1-bit pages go as CCITT G4
    pages[0].save(buf, "PDF", resolution=resolution[0], save_all=True, append_images=pages[1:],
                  creationDate=PDF_DATE, modDate=PDF_DATE, **options)
    return buf.getvalue()


def family() -> list[dict]:
    return [{"condition": c, "source": name, "file": f"{c}/{name}.pdf", "printed": path, "expected": expected,
             "half": split_of(c, name), **asdict(CONDITIONS[c])}
            for c in CONDITIONS for name, path, expected in SOURCES]


def write_members(out: Path, members: list[dict], listed: list[dict]) -> None:
    with tempfile.TemporaryDirectory(prefix="family-b-") as tmp:
        def make(m: dict) -> bytes:
            work = Path(tmp) / m["condition"] / m["source"]
            work.mkdir(parents=True)
            return member(m["condition"], m["source"], m["printed"], work)

        family_members.write_files(out, members, make)
    family_members.write_listing(out, SEED, listed)


if __name__ == "__main__":
    family_members.main(sys.modules[__name__])
