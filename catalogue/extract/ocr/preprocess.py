"""Page clean-up before the grid and OCR: red ink out, skew and quarter turns undone.

Everything here works on a grey page (uint8, 255 = paper) at the working resolution.
"""

from __future__ import annotations

import math

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


# Faint rulings (grey rules printed light, worn toner) are only 15-25 grey levels
# darker than the paper once scanned, under the
# soft ink's local contrast: their pieces are taken at this smaller contrast, but only
# where they continue a ruling found in the soft ink (grid._extend).
FAINT_RULE_CONTRAST = 8
# A faint ruling is lighter than this (grey rules print at 150-200; JPEG darkens a
# pixel or two a little); the cores of black text strokes are darker, also under blur,
# where a blurred stroke's core can come close to it from below, as the darker pieces
# of a faint ruling come close from above.
FAINT_RULE_DARKEST = 90
# What the lifted mean finds (faint_ink) is kept as a rule only in runs longer than a
# character at 200 dpi (10.5 pt is about 29 px) and thinner than a ruling with its blur
# plus a pixel: the grey edges of blurred text along a merged cell's missing line are
# shorter runs or thicker blots (half a character would let one split a merged cell);
# the rule between dense text rows runs a whole cell.
THIN_RUN_PX = 32
THIN_MAX_PX = 5
FAINT_WINDOW_PX = 31  # the local mean's window, as the soft ink's adaptive threshold (binarize)
BLACK_EDGE_PX = 2  # the grey edge of a black stroke at 200 dpi, scanned and blurred


def faint_ink(grey: np.ndarray) -> np.ndarray:
    """Grey ink on paper (255 on 0), for ruling pieces only: down to a faint line, and
    without black ink (darker than FAINT_RULE_DARKEST) and the grey edges around it.
    Text is printed black: a stroke of it where a merged cell has no ruling is no
    faint rule."""
    edge = 2 * BLACK_EDGE_PX + 1
    black = cv2.dilate(np.where(grey < FAINT_RULE_DARKEST, 255, 0).astype(np.uint8), np.ones((edge, edge), np.uint8))
    plain = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, FAINT_WINDOW_PX,
                                  FAINT_RULE_CONTRAST)
    # Between two cells of dense black text the local
    # mean falls below a grey rule, which the threshold above then drops. Against the
    # mean of the pixels that are not black ink the rule is darker than its paper; so
    # are the grey edges of blurred text, but those are blots, not thin lines: of what
    # that finds, only thin horizontal and vertical runs are kept.
    window = (FAINT_WINDOW_PX, FAINT_WINDOW_PX)
    weight = (black == 0).astype(np.float32)
    total = cv2.boxFilter(grey.astype(np.float32) * weight, -1, window, normalize=False)
    count = cv2.boxFilter(weight, -1, window, normalize=False)
    mean = np.divide(total, count, out=np.zeros_like(total), where=count > 0)
    lifted = np.where(grey <= mean - FAINT_RULE_CONTRAST, 255, 0).astype(np.uint8)
    ink = cv2.bitwise_or(plain, _thin_lines(lifted))
    ink[grey > FAINT_GREY] = 0
    return cv2.subtract(ink, black)


def _thin_lines(mask: np.ndarray) -> np.ndarray:
    """The horizontal and vertical runs of a mask at least THIN_RUN_PX long, without
    the parts of it THIN_MAX_PX or more thick."""
    out = np.zeros_like(mask)
    for run, thick in (((THIN_RUN_PX, 1), (THIN_RUN_PX, THIN_MAX_PX)), ((1, THIN_RUN_PX), (THIN_MAX_PX, THIN_RUN_PX))):
        lines = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, run))
        blots = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, thick))
        out = cv2.bitwise_or(out, cv2.subtract(lines, blots))
    return out


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


# A smeared text line is about one character thick (larger type and the skew left
# after deskewing add a little); a blob thicker than this many characters is lines
# joined across a tight line gap, a paragraph, and says nothing about the reading
# direction. Word catalogues set 8 pt text in narrow columns with 2-pixel line gaps:
# smeared across its lines such a cell is a tall blob longer than any of its lines,
# and would have whole upright pages taken for sideways ones; sideways pages measure
# the same with or without this.
LINE_THICK_MAX = 1.6
VERTICAL_RATIO = 1.6  # sideways when runs down the page are this much longer than across


def text_runs_vertical(ink: np.ndarray, char_px: int) -> bool:
    """True when the page's text runs top to bottom: it was scanned a quarter turn off.

    Characters of one line sit a hair apart; lines sit further apart. Smearing ink
    along the true reading direction joins whole lines into long blobs, one character
    thick; smearing across it joins far less. Rulings are taken out first, as they
    are long either way, and blobs thicker than a line (LINE_THICK_MAX) are left out.
    """
    long_h = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (char_px * 2, 1)))
    long_v = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, char_px * 2)))
    text = cv2.subtract(ink, cv2.bitwise_or(long_h, long_v))
    gap = max(3, char_px // 3)

    def mean_run(kernel: tuple[int, int], axis: int) -> float:
        smeared = cv2.dilate(text, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        n, _, stats, _ = cv2.connectedComponentsWithStats(smeared, connectivity=8)
        sizes = stats[1:, cv2.CC_STAT_WIDTH if axis == 0 else cv2.CC_STAT_HEIGHT]
        across = stats[1:, cv2.CC_STAT_HEIGHT if axis == 0 else cv2.CC_STAT_WIDTH]
        areas = stats[1:, cv2.CC_STAT_AREA]
        # Speckles say nothing about direction, nor do paragraphs.
        keep = (areas > char_px * char_px // 4) & (across <= LINE_THICK_MAX * char_px)
        return float(np.average(sizes[keep], weights=areas[keep])) if keep.any() else 0.0

    horizontal = mean_run((gap, 1), axis=0)
    vertical = mean_run((1, gap), axis=1)
    return vertical > VERTICAL_RATIO * horizontal


# A photographed page: the page is the largest bright quadrilateral on a darker
# ground (a page on a desk, a little perspective); a flatbed scan fills its frame and
# never shows such a ground.
PAGE_SAMPLE_SIDE = 800  # the page outline is looked for on a copy this long: outlines need no detail
PAGE_MIN_SHARE = 0.3  # the page covers at least this share of the photo
PAGE_MAX_SHARE = 0.97  # more than this and the "ground" is a scan's margin, not a desk
PAGE_GROUND_CONTRAST = 40  # the page's median grey is this much above the ground's
PAGE_POLY_EPSILON = 0.02  # outline simplified to this share of its perimeter: four corners remain
# A fingertip or a pen over the page's edge is narrower than this share of the picture's
# long side (a fingertip is about 1.5 cm against a page's 30 cm): where the outline
# does not simplify to four corners, what sticks out this thin is opened away and the
# outline looked for again (an outline that gave four corners stays exactly as it was);
# the outline find_page_outline gives rectify_page is always the opened one.
PAGE_PROTRUSION_SHARE = 0.05
# The band along a rectified page's edges that is taken for its margin: the outline
# is found on a copy PAGE_SAMPLE_SIDE long (3-4 px of a 200 dpi photograph a pixel),
# closed and blurred by two of its pixels, so its corners may lie this far off the
# page's; a printed page leaves at least 0.4 in of margin.
PAGE_EDGE_IN = 0.05
# A side of the page's outline that reaches further than this past its corners' line
# bulges (an edge curling off the desk); a flat page's outline strays from it by a few
# pixels of the closing and the blur (0.06 in at most on family A's photographs).
PAGE_BULGE_IN = 0.15
# A page curling off the desk turns its edge away from the light: that strip falls
# below the split between paper and ground, and an outline of the bright page alone
# cuts it off, with a table's last column on it. Paper is still lighter than halfway
# from the ground to the split, and joins the bright page; the strip is taken in where
# it adds at least this share of the page's area (a flat photograph's soft rim adds
# about 0.6%: it is left as it was).
SHADED_EDGE_MIN_SHARE = 0.015
A4_LONG_IN = 297 / 25.4  # a rectified photo gets the resolution of an A4 page of its size
# Uneven light and colour cast are divided out against the paper's own colour, found
# by a maximum filter wider than any character or check box (0.25 inch), on a copy
# reduced this many times (light varies over inches, not pixels).
LIGHT_KERNEL_IN = 0.25
LIGHT_REDUCE = 8
# A page is evened out only where its paper varies more than this (grey levels,
# between the 5th and 95th percentile of the paper estimate): flatbed scans are even
# to a few levels and are left as they are.
LIGHT_UNEVEN = 24


def _order_corners(points: np.ndarray) -> np.ndarray:
    """Top-left, top-right, bottom-right, bottom-left."""
    s, d = points.sum(axis=1), np.diff(points, axis=1).ravel()
    return np.array([points[np.argmin(s)], points[np.argmin(d)], points[np.argmax(s)], points[np.argmax(d)]],
                    dtype=np.float32)


def _outline(bright: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The largest bright area's convex outline, and that outline simplified
    (PAGE_POLY_EPSILON); None when it covers too little or too much of the picture to
    be a page on a ground."""
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    outline = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(outline) / bright.size
    if not PAGE_MIN_SHARE <= area <= PAGE_MAX_SHARE:
        return None
    hull = cv2.convexHull(outline)
    return hull, cv2.approxPolyDP(hull, PAGE_POLY_EPSILON * cv2.arcLength(outline, True), True)


def _with_shaded_edge(small: np.ndarray, bright: np.ndarray, split: float) -> np.ndarray | None:
    """The bright page (`bright`, Otsu's split of `small`) with the shaded paper joined
    to it: lighter than halfway from the ground's median to the split. None when that
    adds less than SHADED_EDGE_MIN_SHARE of the page's area."""
    ground = small[bright == 0]
    count, labels, stats, _ = cv2.connectedComponentsWithStats(bright, connectivity=8)
    if ground.size == 0 or count < 2:
        return None
    page = labels == 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    low = (float(np.median(ground)) + split) / 2
    _, paper = cv2.connectedComponents((small > low).astype(np.uint8), connectivity=8)
    joined = np.isin(paper, np.unique(paper[page]))
    if int((joined & ~page).sum()) < SHADED_EDGE_MIN_SHARE * int(page.sum()):
        return None
    return joined.astype(np.uint8) * 255


def find_page_outline(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The corners of a photographed page (TL, TR, BR, BL, in pixels) and its convex
    outline without what sticks out thinner than PAGE_PROTRUSION_SHARE (pixels,
    n × 2), with a shaded edge (_with_shaded_edge), or None when the image is a scan
    that the page fills."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY) if rgb.ndim == 3 else rgb
    scale = PAGE_SAMPLE_SIDE / max(grey.shape)
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    split, bright = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    shaded = _with_shaded_edge(small, bright, split)
    # Text and rulings are dark inside the page: close them over.
    close = np.ones((15, 15), np.uint8)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, close)
    thin = np.ones((round(PAGE_PROTRUSION_SHARE * PAGE_SAMPLE_SIDE),) * 2, np.uint8)
    page = _outline(cv2.morphologyEx(bright, cv2.MORPH_OPEN, thin))
    found = _outline(bright)
    if found is not None and len(found[1]) != 4:
        found = page
    if found is None or len(found[1]) != 4 or page is None:
        return None
    quad = found[1]
    inside = np.zeros_like(small)
    cv2.fillConvexPoly(inside, quad.reshape(-1, 2), 255)
    page_px, ground_px = small[inside > 0], small[inside == 0]
    # An outline over the whole picture leaves no ground to compare: it stands, as it
    # did when the empty median's NaN failed the test (with a warning on the terminal).
    if page_px.size and ground_px.size and float(np.median(page_px)) - float(np.median(ground_px)) < PAGE_GROUND_CONTRAST:
        return None
    if shaded is not None:
        # The corners stay the bright page's (the rectification is theirs); the outline,
        # which says how far the page reaches past them, takes in the shaded edge.
        wider = _outline(cv2.morphologyEx(cv2.morphologyEx(shaded, cv2.MORPH_CLOSE, close), cv2.MORPH_OPEN, thin))
        page = wider if wider is not None else page
    return (_order_corners(quad.reshape(4, 2).astype(np.float32) / scale),
            page[0].reshape(-1, 2).astype(np.float32) / scale)


def find_page(rgb: np.ndarray) -> np.ndarray | None:
    """The corners of a photographed page (TL, TR, BR, BL, in pixels), or None when
    the image is a scan that the page fills."""
    found = find_page_outline(rgb)
    return None if found is None else found[0]


def rectify_page(image: np.ndarray, corners: np.ndarray,
                 outline: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """The page inside `corners` warped to an upright rectangle, and its resolution
    as an A4 page of that size. With the page's `outline` (find_page_outline), the
    band along each edge the outline does not bulge past (PAGE_EDGE_IN) is painted
    the paper just inside it; where a side edge bulges past PAGE_BULGE_IN (a curled
    edge), the picture is grown sideways to hold it (_rectified_with_bulge)."""
    tl, tr, br, bl = corners
    width = round(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = round(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    dpi = max(width, height) / A4_LONG_IN
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(corners.astype(np.float32), target)
    if outline is None:
        return cv2.warpPerspective(image, matrix, (width, height), flags=cv2.INTER_LINEAR,
                                   borderMode=cv2.BORDER_REPLICATE), dpi
    # The outline's corners are found on a small copy, so a sliver of the ground can
    # run along the rectified page's edges, a dark line round it that the grid finder
    # takes for a table's frame; that band of the page is its margin, so it takes the
    # paper just inside it. Not where the outline bulges past the edge (a curled or
    # bowed side): there the page, and a table's last ruling, runs on to the edge.
    drawn = cv2.perspectiveTransform(outline.reshape(-1, 1, 2).astype(np.float64), matrix).reshape(-1, 2)
    left, top = -drawn.min(axis=0)
    right, bottom = drawn.max(axis=0) - (width - 1, height - 1)
    flat = PAGE_BULGE_IN * dpi
    if max(left, right) > flat:
        return _rectified_with_bulge(image, matrix, drawn, width, height, dpi), dpi
    page = cv2.warpPerspective(image, matrix, (width, height), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)
    band = min(round(PAGE_EDGE_IN * dpi), (min(width, height) - 1) // 2)
    if band > 0:
        if top <= flat:
            page[:band] = page[band]
        if bottom <= flat:
            page[-band:] = page[-band - 1]
        if left <= flat:
            page[:, :band] = page[:, band:band + 1]
        if right <= flat:
            page[:, -band:] = page[:, -band - 1:-band]
    return page, dpi


def _rectified_with_bulge(image: np.ndarray, matrix: np.ndarray, drawn: np.ndarray,
                          width: int, height: int, dpi: float) -> np.ndarray:
    """The page warped by `matrix` onto a picture grown sideways to hold its outline
    (`drawn`, in the rectified page's pixels) where a side bulges past its corners' line
    by more than PAGE_BULGE_IN: a curled side edge reaches past that line, and a table's
    last column runs on there. Never downwards: the page's lower edge says whether a
    table runs on to the next page (page.PAGE_FOOT_IN), and a curled corner's tip is no
    part of any table. What lies outside the outline, less PAGE_EDGE_IN (the outline's
    own error), takes the nearest page pixel inside it, so no ground and no dark rim
    along the edge is left for the grid finder."""
    flat = PAGE_BULGE_IN * dpi
    left, right = float(drawn[:, 0].min()), float(drawn[:, 0].max())
    x0 = math.floor(left) if left < -flat else 0
    x1 = math.ceil(right) if right > width - 1 + flat else width - 1
    moved = np.array([[1, 0, -x0], [0, 1, 0], [0, 0, 1]], dtype=np.float64) @ matrix
    page = cv2.warpPerspective(image, moved, (x1 - x0 + 1, height), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)
    inside = np.zeros(page.shape[:2], np.uint8)
    cv2.fillConvexPoly(inside, np.round(drawn - (x0, 0)).astype(np.int32).reshape(-1, 1, 2), 255)
    band = max(1, round(PAGE_EDGE_IN * dpi))
    inside = cv2.erode(inside, np.ones((2 * band + 1, 2 * band + 1), np.uint8))
    if not inside.any():
        return page
    _, nearest = cv2.distanceTransformWithLabels(cv2.bitwise_not(inside), cv2.DIST_L2, 5,
                                                 labelType=cv2.DIST_LABEL_PIXEL)
    source = np.argwhere(inside > 0)  # the labels number the pixels inside in raster order
    outside = inside == 0
    ys, xs = source[nearest[outside] - 1].T
    page[outside] = page[ys, xs]
    return page


def even_light(image: np.ndarray, dpi: float) -> np.ndarray:
    """The page divided by its paper's colour: uneven light and a colour cast out."""
    h, w = image.shape[:2]
    small = cv2.resize(image, (max(1, w // LIGHT_REDUCE), max(1, h // LIGHT_REDUCE)), interpolation=cv2.INTER_AREA)
    k = max(3, round(LIGHT_KERNEL_IN * dpi / LIGHT_REDUCE) | 1)
    paper = cv2.dilate(small, np.ones((k, k), np.uint8))
    paper = cv2.GaussianBlur(paper, (0, 0), k)
    level = paper if paper.ndim == 2 else paper.min(axis=2)
    lo, hi = np.percentile(level, (5, 95))
    if hi - lo <= LIGHT_UNEVEN and (paper.ndim == 2 or float(np.ptp(np.median(paper.reshape(-1, 3), axis=0))) <= LIGHT_UNEVEN):
        return image
    paper = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    out = image.astype(np.float32) * 255.0 / np.maximum(paper, 1.0)
    return np.clip(out, 0, 255).astype(np.uint8)
