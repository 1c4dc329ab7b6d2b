"""A family of scans of the sample PDFs under many scan conditions, split in two halves.

    python samples/generate_scan_family.py                    # the whole family → bench/scan-family/
    python samples/generate_scan_family.py --half held-back   # only one half
    python samples/generate_scan_family.py --samples          # the small members the tests use → samples/scans/family/

Sources: the text-layer samples samples/pdf/district-catalogue.pdf and
national-catalogue.pdf (their Chinese font is not embedded: rendering them needs a CJK
font that pdfium can find, e.g. Debian's fonts-wqy-microhei) and the Word-made PDFs in
samples/word/ (every font embedded). Each page is rendered by pdfium at the condition's
resolution and then degraded as the condition says: skew, blur, JPEG, 1-bit
binarisation, salt-and-pepper, paper texture, faint or broken grey rulings, a red seal
over cells, or a photographed page (perspective, uneven light, colour cast, a desk
around the page). Every member is an image-only PDF (JPEG pages, or CCITT G4 for 1-bit
pages), as scanners write them; its expected rows are its source's
(samples/pdf/<name>.expected.json, samples/word/expected-round*.json), listed in
`family.json` next to the scans, with the cells of those rows that the source does
not print ("unstated": options whose mark the PDF draws as a missing-glyph frame for
either state, see unprinted_marks.py), which the bench does not count.

The halves (a fixed rule, never changed after results are seen): conditions and
sources are numbered in the order of CONDITIONS and SOURCES; member (c, s) is in the
held-back half when c + s is odd, else in the tuning half. So every condition and
every source appears in both halves, and no member is in both. Rules are tuned on the
tuning half only; bench/bench_scan_family.py reports on the held-back half.

Deterministic: every random draw comes from a generator seeded by the member's name
(for a given pdfium, Pillow, OpenCV and font).
"""

from __future__ import annotations

import io
import json
import math
import sys
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path

import cv2
import family_members
import numpy as np
import pypdfium2 as pdfium
import unprinted_marks
from PIL import Image

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = ROOT / "bench" / "scan-family"  # git-ignored: the bench regenerates it
SAMPLES_OUT = HERE / "scans" / "family"
SEED = 20240620
TUNE, HELD_BACK = "tune", "held-back"


@dataclass(frozen=True)
class Condition:
    dpi: int
    skew: float = 0.8  # largest skew in degrees, either way (drawn per page)
    mode: str = "grey"  # "grey", "colour" or "bilevel" (1-bit, fax-like)
    quality: int = 75  # JPEG quality (grey and colour pages)
    blur: float = 0.0  # Gaussian blur radius in pixels at 200 dpi
    salt: float = 0.0  # share of pixels flipped to black or white
    texture: float = 0.0  # paper texture strength (grey levels of fibre noise)
    faint_rules: bool = False  # rulings printed light grey and broken
    seal: bool = False  # a red seal stamped over cells on every page
    photo: float = 0.0  # a photographed page: perspective as a share of the page side


# Every condition the issue names, each at least once; tune and held-back get half the
# sources of each. Order matters (it sets the halves): append, never reorder.
CONDITIONS: dict[str, Condition] = {
    "grey-300": Condition(300, skew=0.5, quality=85),
    "grey-200-skew3": Condition(200, skew=3.0, quality=75),
    "grey-150": Condition(150, skew=1.0, quality=70),
    "jpeg-150-q30": Condition(150, skew=1.0, quality=30),
    "jpeg-200-q50": Condition(200, skew=1.5, quality=50, blur=0.5),
    "bilevel-200": Condition(200, skew=1.0, mode="bilevel"),
    "bilevel-300": Condition(300, skew=2.0, mode="bilevel", salt=0.0005),
    "blur-200": Condition(200, skew=1.0, quality=80, blur=1.1),
    "noise-200": Condition(200, skew=1.0, quality=80, salt=0.002, texture=18.0),
    "faint-rules-200": Condition(200, skew=1.0, quality=80, faint_rules=True),
    "seal-200": Condition(200, skew=1.0, mode="colour", quality=80, seal=True),
    "photo-200": Condition(200, skew=1.5, mode="colour", quality=80, photo=0.05),
}
# (name, where its PDF is, where its expected rows are). Append, never reorder.
SOURCES: tuple[tuple[str, str, str], ...] = (
    ("district-catalogue", "pdf/district-catalogue.pdf", "pdf/district-catalogue.expected.json"),
    ("national-catalogue", "pdf/national-catalogue.pdf", "pdf/national-catalogue.expected.json"),
    *((name, f"word/{name}.pdf", f"word/expected-round{rnd}.json#{name}") for rnd, names in (
        (1, ("district_unicode", "district_wd2font", "district_mixed", "national_sqrt",
             "national_merged_subject", "district_vertical_symbol", "district_fakewd2")),
        (2, ("dA_span3", "nB_two_tables", "dC_orient", "dD_hmerge", "nE_splitrows", "dF_labelcut")),
    ) for name in names),
)
# The members the tests read, committed under samples/scans/family/: small, low quality,
# from the tuning half. A 150 dpi JPEG at quality 30 of the national layout, 1-bit
# pages of a Word catalogue whose header rows repeat on every page, 1-bit pages of one
# whose box glyphs print as the letters R and £, 1-bit pages of one whose category label
# a page break cuts inside its tall merged cell, and 1-bit pages with specks of one with
# two ruled tables on one page, and 1-bit pages of one whose fonts lacked its boxes and
# printed fallback fonts' missing-glyph frames of two sizes; the same at 150 dpi, JPEG
# quality 30, where its hairline √ set hard against its label is mostly light grey and
# its level labels stand one character a line.
TEST_MEMBERS = (("jpeg-150-q30", "national-catalogue"), ("bilevel-200", "nE_splitrows"),
                ("bilevel-200", "district_wd2font"), ("bilevel-300", "dF_labelcut"),
                ("bilevel-300", "nB_two_tables"), ("bilevel-200", "district_vertical_symbol"),
                ("jpeg-150-q30", "district_vertical_symbol"))

PAPER_GREY = 0.93  # a scanner's paper is a little grey, not pure white
BILEVEL_SPLIT = 150  # a fax scanner's fixed ink/paper threshold (grey levels)
RULE_GREY = (150, 200)  # faint rulings are printed this light (grey levels)
RULE_GAPS_PER_IN = 1.2  # breaks in a faint ruling, per inch of its length
RULE_GAP_IN = (0.01, 0.035)  # how long each break is
SEAL_RED = (205, 45, 50)
DESK = (92, 78, 66)  # the table a photographed page lies on
LIGHT_FALLOFF = 0.45  # a photographed page is this much darker at its dimmest corner


def split_of(condition: str, source: str) -> str:
    c = list(CONDITIONS).index(condition)
    s = [name for name, _, _ in SOURCES].index(source)
    return HELD_BACK if (c + s) % 2 else TUNE


def _rng(*parts: str) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32("/".join((str(SEED), *parts)).encode()))


def render(pdf: pdfium.PdfDocument, index: int, dpi: int) -> np.ndarray:
    page = pdf[index]
    try:
        return np.asarray(page.render(scale=dpi / 72.0).to_pil().convert("RGB")).copy()
    finally:
        page.close()


def rulings(grey: np.ndarray, dpi: int) -> np.ndarray:
    """The page's ruling pixels (long thin horizontal and vertical strokes)."""
    ink = (grey < 160).astype(np.uint8) * 255
    length = max(10, round(0.3 * dpi))
    h = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    v = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    return cv2.dilate(cv2.bitwise_or(h, v), np.ones((3, 3), np.uint8)) & ink


def faint_rulings(rgb: np.ndarray, dpi: int, rng: np.random.Generator) -> np.ndarray:
    """Rulings printed light grey (a worn toner, a grey table style) and broken."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    mask = rulings(grey, dpi) > 0
    level = int(rng.integers(*RULE_GREY))
    out = rgb.copy()
    out[mask] = np.maximum(out[mask], level)
    # Breaks: short stretches of paper along the rulings.
    h, w = grey.shape
    n = int(RULE_GAPS_PER_IN * (w + h) / dpi * 8)
    ys, xs = np.nonzero(mask)
    if ys.size:
        for k in rng.integers(0, ys.size, n):
            y, x = int(ys[k]), int(xs[k])
            r = max(1, round(rng.uniform(*RULE_GAP_IN) * dpi / 2))
            patch = mask[max(0, y - r): y + r + 1, max(0, x - r): x + r + 1]
            out[max(0, y - r): y + r + 1, max(0, x - r): x + r + 1][patch] = 255
    return out


def stamp_seal(rgb: np.ndarray, dpi: int, rng: np.random.Generator) -> np.ndarray:
    """A red round seal multiplied over the page, somewhere over the table's cells."""
    h, w = rgb.shape[:2]
    r = round(rng.uniform(0.75, 0.9) * dpi)  # a 4 cm seal
    cx, cy = round(rng.uniform(0.3, 0.7) * w), round(rng.uniform(0.35, 0.65) * h)
    seal = np.full_like(rgb, 255)
    thick = max(3, round(0.045 * dpi))
    cv2.circle(seal, (cx, cy), r, SEAL_RED, thick, lineType=cv2.LINE_AA)
    star = [(cx + 0.3 * r * math.cos(math.radians(-90 + k * 36)) * (1 if k % 2 == 0 else 0.4),
             cy + 0.3 * r * math.sin(math.radians(-90 + k * 36)) * (1 if k % 2 == 0 else 0.4)) for k in range(10)]
    cv2.fillPoly(seal, [np.round(np.array(star)).astype(np.int32)], SEAL_RED, lineType=cv2.LINE_AA)
    # Seal text: short red strokes round the rim stand in for characters.
    for k in range(14):
        a = math.radians(-165 + k * 150 / 13)
        px, py = cx + 0.72 * r * math.cos(a), cy + 0.72 * r * math.sin(a)
        size = 0.12 * r
        cv2.rectangle(seal, (round(px - size), round(py - size)), (round(px + size), round(py + size)), SEAL_RED,
                      max(2, thick // 2))
    # Ink is uneven: some of the seal is paler.
    pale = rng.uniform(0.75, 1.0, size=(8, 8)).astype(np.float32)
    pale = cv2.resize(pale, (w, h), interpolation=cv2.INTER_CUBIC)[:, :, None]
    seal = 255 - (255 - seal.astype(np.float32)) * pale
    return (rgb.astype(np.float32) * seal / 255.0).astype(np.uint8)


def skew(rgb: np.ndarray, angle: float) -> np.ndarray:
    h, w = rgb.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(rgb, matrix, (w, h), flags=cv2.INTER_CUBIC, borderValue=(255, 255, 255))


def paper(rgb: np.ndarray, condition: Condition, dpi: int, rng: np.random.Generator) -> np.ndarray:
    """Grey paper, fibre texture and salt-and-pepper noise."""
    h, w = rgb.shape[:2]
    page = rgb.astype(np.float32) * PAPER_GREY + 255 * (1 - PAPER_GREY) * 0.3
    if condition.texture:
        fibre = rng.normal(0, 1, (max(2, h // 4), max(2, w // 4))).astype(np.float32)
        fibre = cv2.GaussianBlur(cv2.resize(fibre, (w, h), interpolation=cv2.INTER_LINEAR), (0, 0), dpi / 200)
        page += (fibre * condition.texture)[:, :, None]
    if condition.salt:
        flips = rng.random((h, w))
        page[flips < condition.salt / 2] = rng.uniform(0, 90)
        page[flips > 1 - condition.salt / 2] = 255
    return np.clip(page, 0, 255).astype(np.uint8)


def photograph(rgb: np.ndarray, condition: Condition, rng: np.random.Generator) -> np.ndarray:
    """The page photographed on a desk: perspective, uneven light, a colour cast."""
    h, w = rgb.shape[:2]
    margin = round(0.08 * max(w, h))
    out_w, out_h = w + 2 * margin, h + 2 * margin
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    jitter = rng.uniform(-condition.photo, condition.photo, (4, 2)) * np.float32([w, h])
    dst = np.float32([[margin, margin], [margin + w, margin], [margin + w, margin + h], [margin, margin + h]]) + jitter
    matrix = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    desk = np.empty((out_h, out_w, 3), np.uint8)
    desk[:] = DESK
    desk = np.clip(desk.astype(np.int16) + rng.normal(0, 6, desk.shape).astype(np.int16), 0, 255).astype(np.uint8)
    warped = cv2.warpPerspective(rgb, matrix, (out_w, out_h), flags=cv2.INTER_LINEAR,
                                 borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0))
    inside = cv2.warpPerspective(np.full((h, w), 255, np.uint8), matrix, (out_w, out_h)) > 127
    photo = np.where(inside[:, :, None], warped, desk).astype(np.float32)
    # Light from one side: a smooth falloff to LIGHT_FALLOFF at the far corner.
    yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    lx, ly = rng.uniform(0, out_w), rng.uniform(0, out_h)
    dist = np.hypot(xx - lx, yy - ly) / np.hypot(out_w, out_h)
    light = 1.0 - LIGHT_FALLOFF * dist / dist.max()
    cast = np.float32([1.0, rng.uniform(0.9, 0.97), rng.uniform(0.75, 0.88)])  # warm indoor light
    photo = photo * light[:, :, None] * cast
    return np.clip(photo, 0, 255).astype(np.uint8)


def degrade(rgb: np.ndarray, condition: Condition, rng: np.random.Generator) -> Image.Image:
    dpi = condition.dpi
    if condition.faint_rules:
        rgb = faint_rulings(rgb, dpi, rng)
    if condition.seal:
        rgb = stamp_seal(rgb, dpi, rng)
    rgb = skew(rgb, float(rng.uniform(-condition.skew, condition.skew)))
    rgb = paper(rgb, condition, dpi, rng)
    if condition.photo:
        rgb = photograph(rgb, condition, rng)
    if condition.blur:
        rgb = cv2.GaussianBlur(rgb, (0, 0), condition.blur * dpi / 200)
    image = Image.fromarray(rgb)
    if condition.mode == "bilevel":
        return image.convert("L").point(lambda v: 255 if v > BILEVEL_SPLIT else 0).convert("1", dither=Image.Dither.NONE)
    return image.convert("L") if condition.mode == "grey" else image


def member(condition_name: str, source: str, path: str) -> bytes:
    """One member of the family: the scanned PDF's bytes."""
    condition = CONDITIONS[condition_name]
    pdf = pdfium.PdfDocument(str(HERE / path))
    try:
        pages = [degrade(render(pdf, i, condition.dpi), condition, _rng(condition_name, source, str(i)))
                 for i in range(len(pdf))]
    finally:
        pdf.close()
    buf = io.BytesIO()
    jpeg = {} if condition.mode == "bilevel" else {"quality": condition.quality}  # 1-bit pages go as CCITT G4
    pages[0].save(buf, "PDF", resolution=condition.dpi, save_all=True, append_images=pages[1:], **jpeg)
    return buf.getvalue()


def expected_rows(reference: str) -> list[dict]:
    """A source's expected rows: "pdf/x.expected.json", or "word/expected-round1.json#name"."""
    path, _, key = reference.partition("#")
    data = json.loads((HERE / path).read_text("utf-8"))
    return data[key] if key else data["rows"]


def unstated(pdf: str, expected: str) -> list[tuple[int, str]]:
    """The (item_no, column) cells of a source's expected rows that its print does not
    state: options whose mark is drawn as a missing-glyph frame for either state
    (unprinted_marks.py). No scan can give them; the bench does not count them."""
    return sorted(unprinted_marks.unstated_cells(HERE / pdf, json.dumps(expected_rows(expected), ensure_ascii=False)))


def family() -> list[dict]:
    return [{"condition": c, "source": name, "file": f"{c}/{name}.pdf", "pdf": path, "expected": expected,
             "half": split_of(c, name), **asdict(CONDITIONS[c])}
            for c in CONDITIONS for name, path, expected in SOURCES]


def write_members(out: Path, members: list[dict], listed: list[dict]) -> None:
    """The members' PDFs, and family.json listing `listed` (the whole family, or the
    test members): what each file is, its half and where its expected rows are."""
    family_members.write_files(out, members, lambda m: member(m["condition"], m["source"], m["pdf"]))
    family_members.write_listing(out, SEED, [{**m, "unstated": unstated(m["pdf"], m["expected"])} for m in listed])


if __name__ == "__main__":
    family_members.main(sys.modules[__name__])
