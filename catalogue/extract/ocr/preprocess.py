"""Page clean-up before the grid and OCR: red ink out, skew and quarter turns undone.

Everything here works on a grey page (uint8, 255 = paper) at the working resolution.
"""

from __future__ import annotations

import cv2
import numpy as np

# A pixel is red ink when red exceeds both other channels by this much. Black text
# printed under a seal stays dark in all three channels, so it survives.
RED_MARGIN = 40
RED_MIN = 90
# Red pixels at least this share of the seal's typical red (in the red channel) are
# the seal on paper; darker ones have black ink under the red.
SEAL_PAPER = 0.8
LIGHT_GREY = 200
FAINT_GREY = 235  # soft ink: a hairline box frame scanned at 200 dpi is this light
OTSU_ROOM = 10
# Skew search range and steps, in degrees: scanners feed pages up to a couple of
# degrees off; more than that is a photo, not a scan.
MAX_SKEW = 3.0
COARSE_STEP = 0.2
FINE_STEP = 0.02
# Skew is measured on a reduced page this wide: enough for 0.02° on long rulings.
SKEW_SAMPLE_WIDTH = 1200


def suppress_red(rgb: np.ndarray) -> np.ndarray:
    """Grey page with red ink (seals, red headers) turned to paper.

    Red ink reflects red light: in the red channel a seal is nearly paper, while black
    ink printed under it (a ruling, a character) stays dark, though mixed with the
    red it reads as red too. So red pixels take their grey from the red channel,
    scaled so that the seal's own red is paper: rulings crossing a seal survive.
    """
    r = rgb[:, :, 0].astype(np.int16)
    g = rgb[:, :, 1].astype(np.int16)
    b = rgb[:, :, 2].astype(np.int16)
    red = ((r - np.maximum(g, b)) > RED_MARGIN) & (r > RED_MIN)
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    if red.any():
        paper = SEAL_PAPER * float(np.median(r[red]))
        grey[red] = np.clip(r[red] * (255.0 / paper), 0, 255).astype(np.uint8)
    return grey


def binarize(grey: np.ndarray, soft: bool = False) -> np.ndarray:
    """Ink as 255 on 0. A local threshold copes with uneven scanner light.

    `soft` keeps light grey strokes next to paper too: the frames of small box glyphs
    (▫) and thin ticks, which the recogniser and the mark finder need to see, but
    which also fill the gaps between strokes of small bold type.
    """
    ink = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 20)
    if soft:
        ink[grey > FAINT_GREY] = 0
        return ink
    # Light grey (dust, show-through, and the grey edge pixels that fill the gaps
    # between strokes of small bold type) never counts as ink, whatever its
    # neighbours: above the page's own ink/paper split (Otsu), with a little room
    # for faint strokes, and never above LIGHT_GREY.
    split, _ = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    ink[grey > min(LIGHT_GREY, split + OTSU_ROOM)] = 0
    return ink


def dark_ink(grey: np.ndarray) -> np.ndarray:
    """Only the blackest ink (255 on 0): below half the page's ink/paper split."""
    split, _ = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    return np.where(grey < split / 2, 255, 0).astype(np.uint8)


def _rotate(image: np.ndarray, angle: float, border: int = 255) -> np.ndarray:
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=border)


def _profile_score(ink: np.ndarray, angle: float) -> float:
    rows = _rotate(ink, angle, border=0).sum(axis=1, dtype=np.float64)
    # Sharp peaks (rulings, text lines) when the page is straight.
    return float(np.square(np.diff(rows)).sum())


def estimate_skew(grey: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise) that makes rows of ink horizontal."""
    scale = min(1.0, SKEW_SAMPLE_WIDTH / grey.shape[1])
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else grey
    ink = (small < 160).astype(np.float32)
    if ink.sum() < 50:
        return 0.0
    angles = np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, COARSE_STEP)
    best = max(angles, key=lambda a: _profile_score(ink, a))
    fine = np.arange(best - COARSE_STEP, best + COARSE_STEP + 1e-9, FINE_STEP)
    return float(max(fine, key=lambda a: _profile_score(ink, a)))


def deskew(grey: np.ndarray) -> tuple[np.ndarray, float]:
    angle = estimate_skew(grey)
    if abs(angle) < FINE_STEP:
        return grey, 0.0
    return _rotate(grey, angle), angle


def text_runs_vertical(ink: np.ndarray, char_px: int) -> bool:
    """True when the page's text runs top to bottom: it was scanned a quarter turn off.

    Characters of one line sit a hair apart; lines sit further apart. Smearing ink
    along the true reading direction joins whole lines into long blobs; smearing across
    it joins far less. Rulings are taken out first, as they are long either way.
    """
    long_h = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (char_px * 2, 1)))
    long_v = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, char_px * 2)))
    text = cv2.subtract(ink, cv2.bitwise_or(long_h, long_v))
    gap = max(3, char_px // 3)

    def mean_run(kernel: tuple[int, int], axis: int) -> float:
        smeared = cv2.dilate(text, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        n, _, stats, _ = cv2.connectedComponentsWithStats(smeared, connectivity=8)
        sizes = stats[1:, cv2.CC_STAT_WIDTH if axis == 0 else cv2.CC_STAT_HEIGHT]
        areas = stats[1:, cv2.CC_STAT_AREA]
        keep = areas > char_px * char_px // 4  # speckles say nothing about direction
        return float(np.average(sizes[keep], weights=areas[keep])) if keep.any() else 0.0

    horizontal = mean_run((gap, 1), axis=0)
    vertical = mean_run((1, gap), axis=1)
    return vertical > 1.6 * horizontal
