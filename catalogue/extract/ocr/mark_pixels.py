"""Check marks from pixels: drawn boxes (ticked or empty) and lone ticks.

OCR reads a box as 口, 回 or nothing and a tick as √, V or J, so marks are decided
from the ink instead: a small square frame is a box; what lies inside the frame
decides its state. Diagonal ink (a tick, a cross) or a filled square means checked;
nothing means empty. Straight strokes inside the frame mean the square is a
character such as 国 or 回, not a box.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from catalogue.raw import CHECKED, UNCHECKED, UNREADABLE

# Box sides in inches: catalogue boxes are printed at text size, 2-6 mm.
BOX_MIN_IN = 0.075
# A box glyph in small type is smaller (DejaVu Sans's ☐ is 0.72 of an em: 0.070 in, 14
# px at 200 dpi, in the 7 pt type of a Word catalogue), and so are parts of characters
# (应's inside: 14 px in a 1-bit scan's line of 20; the 口 of 告 or 事). A box glyph is
# nearly as tall as its text line, a character's part less: below BOX_MIN_IN, down to
# BOX_SMALL_MIN_IN, a square is a box only when its side is BOX_LINE_SHARE of the height
# of the text line it stands in (its rows of ink, from paper row to paper row). The Word
# catalogue's 14 px boxes stand in lines of 17-19 px (0.74-0.82); 应's inside is 0.70.
BOX_SMALL_MIN_IN = 0.065
BOX_LINE_SHARE = 0.72
BOX_MAX_IN = 0.23
BOX_ASPECT = 1.3  # a box is square to within this ratio
FRAME_COVER = 0.75  # share of each side of the square that must be inked
BROKEN_SIDE_MIN = 0.5  # one side cut by a dropout still has this share in long strokes
INSET_SHARE = 0.22  # the interior starts this far in: frames blur to 3-4 px in a scan
# Interior ink (outside straight strokes) as a share of the interior area.
TICK_MIN = 0.06  # at least this: checked
EMPTY_MAX = 0.025  # at most this: empty; in between the mark is unreadable
FILLED_MIN = 0.8  # a solid square (■) is checked; 田 in bold type fills less
# A ■ with its label hard on its right is black through its core (a photograph's ■: all of
# it); a dense character that a bold 1-bit scan made a blob as big, with a 、 hard after
# it (置), has paper in its core (0.89 black).
SOLID_CORE_MIN = 0.97
# A row of the interior inked across this share of its width is the bar of 日, 目 or
# 田 (its ends may be cut by a pixel where a 150 dpi JPEG blurs the bar into the frame):
# a tick crosses each row in one narrow place.
BAR_ROW_SHARE = 0.95
# A straight run this share of the interior's side is a bar from side to side (日, 田):
# rounded up across, where a bold tick's foot in a small interior runs 7 px of 8.
BAR_SHARE = 0.92
TICK_SPAN = 0.45  # a tick's longest stroke crosses at least this share of the interior
MULTI_RUN_COLS_MAX = 0.3  # share of columns a tick may cross twice (near its vertex)
STROKE_SHARE_MAX = 0.08  # straight strokes inside: a character, not a box
# A tick is a stroke: blurred into a small box it still leaves paper in part of its own
# bounding box, it fills at most this share of it; a character's 口 blurred to a blob
# (可) fills more.
TICK_FILL_MAX = 0.7
# A cross (☒) lies within this share of the interior of its two diagonals, has this
# share of its ink on them, and inks this share of points along each.
CROSS_WIDTH = 0.2
CROSS_ON_DIAGONALS = 0.85
CROSS_COVER = 0.75
# A ☒ in small type (DejaVu Sans in 7 pt: an inside 8-9 px across at 200 dpi) blurs its
# 2-3 px strokes into a blob where they cross: they run the inside's height or width in
# places (taken for 日's bar) and spill past CROSS_WIDTH. Its layout still shows: ink in
# each corner of the inside (patches of this share of its side, at least half inked) and
# over the middle third both ways (at least CROSS_CENTRE_MIN of it), and along each edge
# of the inside ink at both ends with one run of paper between them over the edge's
# middle third (the wedges between the arms). The bars of 日, 田 or 国 reach the middle
# of an edge, 目's leave the centre paper, 回's inner square and a tick leave corners
# paper, and a character's stroke beside the frame (政's 正 in a bold 1-bit scan) leaves
# paper along a whole edge.
CROSS_PATCH = 0.25
CROSS_CENTRE_MIN = 0.75
# A dot (⊡) of at least this many pixels, this share of the interior off its centre.
DOT_MIN_AREA = 4
DOT_CENTRE = 0.2
# A lone tick fits in this many inches and is mostly diagonal.
TICK_MAX_IN = 0.3

SPECK_AREA = 6
# A box's side that touched the cell's ruling was erased with it (the ruling's blur, 2
# px a side, is erased too): what is left of the box then starts at most this many
# pixels in from the cell's edge, which lies past the ruling's blur already.
RULED_SIDE_PX = 2
# The ring just outside a box frame: this many pixels off it, this wide, nearly blank.
RING_GAP = 1
RING = 3
RING_INK_MAX = 0.05  # connected ink of at most this many pixels is scanner noise
# Boxes stacked one above another line up to within this many pixels: their sides are
# drawn at the same place on each option line.
STACK_ALIGN_PX = 2


FILLED = "filled"  # _box_state's word for a solid square, checked if it stands clear


@dataclass(frozen=True)
class Mark:
    x0: int
    y0: int
    x1: int
    y1: int
    state: str  # CHECKED, UNCHECKED or UNREADABLE

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


def _opened(ink: np.ndarray, kernel: tuple[int, int]) -> np.ndarray:
    # Outside the region counts as paper: OpenCV's default border would let any stroke
    # that touches the edge of a small region pass for a long one.
    element = cv2.getStructuringElement(cv2.MORPH_RECT, kernel)
    return cv2.morphologyEx(ink, cv2.MORPH_OPEN, element, borderType=cv2.BORDER_CONSTANT, borderValue=0)


def _straight_strokes(ink: np.ndarray, length: int, across: int | None = None) -> np.ndarray:
    """Straight runs at least `length` long, upright or across (`across`, where given,
    is the length asked of runs across)."""
    return cv2.bitwise_or(_opened(ink, (length if across is None else across, 1)), _opened(ink, (1, length)))


def _side_cover(ink: np.ndarray, x: int, y: int, w: int, h: int) -> list[float]:
    """The inked share of each side of the candidate square: top, bottom, left, right."""
    band = max(2, min(w, h) // 8)
    sides = (
        ink[y: y + band, x: x + w].max(axis=0),
        ink[y + h - band: y + h, x: x + w].max(axis=0),
        ink[y: y + h, x: x + band].max(axis=1),
        ink[y: y + h, x + w - band: x + w].max(axis=1),
    )
    return [float((s > 0).mean()) if s.size else 0.0 for s in sides]


def _frame_ok(ink: np.ndarray, x: int, y: int, w: int, h: int) -> bool:
    """Each side of the candidate square is inked along most of its length."""
    return all(c >= FRAME_COVER for c in _side_cover(ink, x, y, w, h))


def _drawn_frame_ok(frames: np.ndarray, ink: np.ndarray, x: int, y: int, w: int, h: int,
                    grey: np.ndarray | None = None) -> bool:
    """Each side is a long straight stroke; or three are, and a scan dropout has cut
    the fourth into pieces too short to count as strokes, though its ink is there, or
    the fourth lay on the cell's ruling and went with it (`_on_ruling`), or it printed
    lighter than the hard ink's cut (`_light_side`, where the cell's `grey` is given).
    Characters with a box in them (站's 占) have two or more sides that are not."""
    strokes = _side_cover(frames, x, y, w, h)
    broken = [k for k, c in enumerate(strokes) if c < FRAME_COVER]
    if not broken:
        return True
    # A side that went with the cell's ruling is no evidence either way; a box set hard
    # against the ruling may still have a side too light for the hard ink (a small box
    # at 120 dpi starting a cell), judged as any fourth side.
    ruled = [k for k in broken if k in _on_ruling(ink.shape, x, y, w, h)]
    if len(ruled) == 1 and len(broken) == 2:
        broken.remove(ruled[0])
        return grey is not None and _light_side(grey, x, y, w, h, broken[0])
    if len(broken) > 1:
        return False
    side = broken[0]
    if ruled:
        return True
    if grey is not None and _light_side(grey, x, y, w, h, side):
        return True
    if strokes[side] < BROKEN_SIDE_MIN and _side_cover(_halves(ink, x, y, w, h, side), 0, 0, w, h)[side] < BROKEN_SIDE_MIN:
        return False
    return _side_cover(ink, x, y, w, h)[side] >= FRAME_COVER


# A box glyph's side a pixel thin, at 120-150 dpi, prints grey (150-175 on paper at 235,
# where the other sides are 100-130) and the hard ink keeps only pieces of it. In the
# grey it is still a line: along FRAME_COVER of its length it is darker than the paper
# inside the box by this share of the darkness of the box's other sides, at least.
LIGHT_SIDE_SHARE = 0.5
# The side is looked for this many pixels either side of the candidate's edge: the
# candidate's outline was cut from the other sides' strokes, whose ends stop a pixel
# short of the light side, or run a pixel past it.
LIGHT_SIDE_REACH = 1
# The paper inside the box is taken at this percentile of its grey: a tick crosses the
# inside and leaves most of it paper, but a ☒'s arms, blurred 2-3 px thick in a small
# box, grey all but its four wedges (about a fifth of the inside).
LIGHT_SIDE_PAPER = 90


def _light_side(grey: np.ndarray, x: int, y: int, w: int, h: int, side: int) -> bool:
    """Side `side` (0 top, 1 bottom, 2 left, 3 right) of the candidate square is a line
    in the grey, if lighter than the hard ink's cut: darker than the paper inside along
    FRAME_COVER of its length, by LIGHT_SIDE_SHARE of how much darker than that paper
    the other three sides are. A character's open side (匚, 冂) is paper there."""
    H, W = grey.shape
    r = LIGHT_SIDE_REACH
    inset = max(3, round(min(w, h) * INSET_SHARE))
    inside = grey[y + inset: y + h - inset, x + inset: x + w - inset]
    if inside.size == 0:
        return False
    paper = float(np.percentile(inside, LIGHT_SIDE_PAPER))

    def darkness(k: int) -> np.ndarray:
        if k < 2:
            edge = y if k == 0 else y + h - 1
            band = grey[max(0, edge - r): min(H, edge + r + 1), x + 1: x + w - 1]
            return paper - band.min(axis=0).astype(float)
        edge = x if k == 2 else x + w - 1
        band = grey[y + 1: y + h - 1, max(0, edge - r): min(W, edge + r + 1)]
        return paper - band.min(axis=1).astype(float)

    drawn = float(np.median(np.concatenate([darkness(k) for k in range(4) if k != side])))
    if drawn <= 0:
        return False
    return float((darkness(side) >= LIGHT_SIDE_SHARE * drawn).mean()) >= FRAME_COVER


def _line_height(ink: np.ndarray, y: int, h: int) -> int:
    """The height of the text line that rows `y`..`y + h` lie in: its rows of ink, from
    the paper row above to the paper row below."""
    rows = np.asarray(ink).max(axis=1) > 0
    top, bottom = y, y + h
    while top > 0 and rows[top - 1]:
        top -= 1
    while bottom < rows.size and rows[bottom]:
        bottom += 1
    return bottom - top


def _halves(ink: np.ndarray, x: int, y: int, w: int, h: int, side: int) -> np.ndarray:
    """The candidate's straight runs of at least BROKEN_SIDE_MIN of its side's length,
    along that side (0, 1: across; 2, 3: upright). In the smallest boxes (a ☑ glyph of
    0.075 in, 15 px at 200 dpi) a side a pixel thin, cut by a blur's light pixel near its
    middle, has no piece as long as the frames' strokes (60% of the smallest box), though
    one piece is half the side."""
    crop = ink[y: y + h, x: x + w]
    length = max(4, round(BROKEN_SIDE_MIN * (w if side < 2 else h)))
    return _opened(crop, (length, 1) if side < 2 else (1, length))


def _open_on_ruling(frames: np.ndarray, x: int, y: int, w: int, h: int) -> bool:
    """The candidate is a box only by a side it lost with the cell's ruling."""
    strokes = _side_cover(frames, x, y, w, h)
    return any(strokes[k] < FRAME_COVER for k in _on_ruling(frames.shape, x, y, w, h))


def _one_stroke_inside(ink: np.ndarray, x: int, y: int, w: int, h: int) -> bool:
    """Nothing inside the frame, or one connected stroke (specks aside)."""
    inset = max(3, round(min(w, h) * INSET_SHARE))
    inner = ink[y + inset: y + h - inset, x + inset: x + w - inset]
    n, _, stats, _ = cv2.connectedComponentsWithStats(inner, connectivity=8)
    return int((stats[1:, cv2.CC_STAT_AREA] > SPECK_AREA).sum()) <= 1


def _on_ruling(shape: tuple[int, ...], x: int, y: int, w: int, h: int) -> set[int]:
    """The sides of the candidate square (0 top, 1 bottom, 2 left, 3 right) that lie on
    the region's edge: the region is a cell, and a box set hard against the cell's
    ruling lost that side with the ruling's pixels when the rulings were erased."""
    H, W = shape[:2]
    reach = RULED_SIDE_PX
    top, bottom, left, right = y <= reach, y + h >= H - reach, x <= reach, x + w >= W - reach
    # Hard against both rulings of a cell one line tall (or wide) is a character filling
    # its line, not a box.
    edges = (top and not bottom, bottom and not top, left and not right, right and not left)
    return {k for k, at_edge in enumerate(edges) if at_edge}


def _trim(frames: np.ndarray, x: int, y: int, w: int, h: int) -> tuple[int, int, int, int]:
    """Shrink a candidate to its frame: a tick that overshoots leaves stubs outside it."""
    part = frames[y: y + h, x: x + w] > 0
    rows, cols = part.mean(axis=1), part.mean(axis=0)
    top, bottom, left, right = 0, h, 0, w
    while top < bottom - 1 and rows[top] < 0.5:
        top += 1
    while bottom - 1 > top and rows[bottom - 1] < 0.5:
        bottom -= 1
    while left < right - 1 and cols[left] < 0.5:
        left += 1
    while right - 1 > left and cols[right - 1] < 0.5:
        right -= 1
    return x + left, y + top, right - left, bottom - top


def _stands_alone(ink: np.ndarray, x: int, y: int, w: int, h: int, allowed: int = 1) -> bool:
    """Paper all round the frame. Strokes of a character run on past a square part of
    it (单, 算, 事); a printed box stands apart from its label. A tick overshooting the
    frame may cross the ring on `allowed` sides."""
    return len(_crossed_sides(ink, x, y, w, h)) <= allowed


def _crossed_sides(ink: np.ndarray, x: int, y: int, w: int, h: int) -> set[int]:
    """The sides (0 above, 1 below, 2 left, 3 right) where ink crosses the ring of paper
    just outside the frame."""
    g, r = RING_GAP, RING
    H, W = ink.shape
    sides = (
        ink[max(0, y - g - r): max(0, y - g), x: x + w],  # above
        ink[min(H, y + h + g): min(H, y + h + g + r), x: x + w],  # below
        ink[y: y + h, max(0, x - g - r): max(0, x - g)],  # left
        ink[y: y + h, min(W, x + w + g): min(W, x + w + g + r)],  # right
    )
    return {k for k, side in enumerate(sides) if side.size and (side > 0).mean() > RING_INK_MAX}


def _runs_on(ink: np.ndarray, x: int, y: int, w: int, h: int) -> bool:
    """A side of the candidate runs on past its corner, in one piece with the frame: the
    square is part of a character (应's top and foot run on beyond its sides). A label
    set hard against a box stands apart from the frame, and a tick overshooting its box
    leaves it across a side, not along one."""
    H, W = ink.shape
    reach = RING_GAP + RING
    y0, y1, x0, x1 = max(0, y - reach), min(H, y + h + reach), max(0, x - reach), min(W, x + w + reach)
    _, labels = cv2.connectedComponents((ink[y0:y1, x0:x1] > 0).astype(np.uint8), connectivity=8)
    top, left, bottom, right = y - y0, x - x0, y - y0 + h, x - x0 + w  # the candidate in the window
    box = labels[top: bottom, left: right]
    frame = np.unique(box[box > 0])
    band = max(2, min(w, h) // 8)  # a side's width, as _side_cover takes it
    g = RING_GAP
    beyond = (labels[top: top + band, : max(0, left - g)], labels[top: top + band, right + g:],
              labels[bottom - band: bottom, : max(0, left - g)], labels[bottom - band: bottom, right + g:],
              labels[: max(0, top - g), left: left + band], labels[bottom + g:, left: left + band],
              labels[: max(0, top - g), right - band: right], labels[bottom + g:, right - band: right])
    return any(bool(np.isin(part, frame).any()) for part in beyond if part.size)


def _tick_like(ink: np.ndarray) -> bool:
    """A tick crosses each column once; a character inside a frame (图) crosses most
    columns two or three times."""
    cols = (ink > 0).astype(np.int8)
    starts = np.maximum(np.diff(cols, axis=0, prepend=0), 0).sum(axis=0)
    inked = starts > 0
    return bool(inked.any()) and float((starts[inked] > 1).mean()) <= MULTI_RUN_COLS_MAX


def _cross_like(ink: np.ndarray) -> bool:
    """☒: two strokes from corner to corner, and little else. A character that fills
    a frame (図, 凶's inside) leaves ink away from both diagonals."""
    h, w = ink.shape
    if h < 5 or w < 5:
        return False
    ys, xs = np.nonzero(ink)
    u, v = ys / (h - 1), xs / (w - 1)
    near = np.minimum(np.abs(u - v), np.abs(u + v - 1)) <= CROSS_WIDTH
    if float(near.mean()) < CROSS_ON_DIAGONALS:
        return False
    padded = cv2.dilate(ink, np.ones((3, 3), np.uint8)) > 0
    steps = np.linspace(0.0, 1.0, 9)
    rows = np.round(steps * (h - 1)).astype(int)
    down = padded[rows, np.round(steps * (w - 1)).astype(int)]
    up = padded[rows, np.round((1 - steps) * (w - 1)).astype(int)]
    return float(down.mean()) >= CROSS_COVER and float(up.mean()) >= CROSS_COVER


def _blurred_cross(ink: np.ndarray) -> bool:
    """☒ whose strokes blur together in a small inside (see CROSS_PATCH): ink in the four
    corners and the centre, each edge ink at its ends and paper in one run over its
    middle third, one stroke or two."""
    h, w = ink.shape
    if min(h, w) < 5:
        return False
    solid = ink > 0
    k = max(2, round(CROSS_PATCH * min(h, w)))
    if not all(float(c.mean()) >= 0.5 for c in (solid[:k, :k], solid[:k, -k:], solid[-k:, :k], solid[-k:, -k:])):
        return False
    a, b = -(-h // 3), h + h // -3  # the middle third, rounded inwards
    c, d = -(-w // 3), w + w // -3
    if a >= b or c >= d or float(solid[a:b, c:d].mean()) < CROSS_CENTRE_MIN:
        return False
    for edge, (lo, hi) in ((solid[0], (c, d)), (solid[-1], (c, d)), (solid[:, 0], (a, b)), (solid[:, -1], (a, b))):
        paper = np.flatnonzero(~edge)
        if not (edge[0] and edge[-1]) or edge[lo:hi].any() or paper[-1] - paper[0] + 1 != paper.size:
            return False
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    return int((stats[1:, cv2.CC_STAT_AREA] > SPECK_AREA).sum()) <= 2


def _centre_dot(soft: np.ndarray, x: int, y: int, w: int, h: int) -> bool:
    """A dot in the middle of an otherwise empty box (⊡): the box is neither ticked
    nor empty. Scanner dust lands anywhere; a printed dot sits at the centre."""
    inset = max(3, round(min(w, h) * INSET_SHARE))
    inner = soft[y + inset: y + h - inset, x + inset: x + w - inset]
    if inner.size == 0:
        return False
    n, _, stats, centroids = cv2.connectedComponentsWithStats(inner, connectivity=8)
    ih, iw = inner.shape
    for i in range(1, n):
        cx, cy = centroids[i]
        if stats[i, cv2.CC_STAT_AREA] >= DOT_MIN_AREA and abs(cx - (iw - 1) / 2) <= DOT_CENTRE * iw \
                and abs(cy - (ih - 1) / 2) <= DOT_CENTRE * ih:
            return True
    return False


def _faint_cross(grey: np.ndarray | None, x: int, y: int, w: int, h: int) -> bool:
    """A ☒ drawn with a hairline cross (a Word form's box): the cross prints grey (175-215
    on paper at 240), in neither the hard nor the soft ink, and the box read empty. In
    the grey its pixels FAINT_TICK_CONTRAST darker than the inside's paper (LIGHT_SIDE_PAPER) make a cross
    (`_cross_like`); paper texture and dust make no two strokes from corner to corner."""
    if grey is None:
        return False
    inset = max(3, round(min(w, h) * INSET_SHARE))
    inside = grey[y + inset: y + h - inset, x + inset: x + w - inset].astype(int)
    if min(inside.shape, default=0) < 5:
        return False
    marked = (inside < np.percentile(inside, LIGHT_SIDE_PAPER) - FAINT_TICK_CONTRAST).astype(np.uint8)
    return bool(marked.any()) and _cross_like(marked)


def _box_state(ink: np.ndarray, x: int, y: int, w: int, h: int) -> str | None:
    """The box's state, or None when the square is a character, not a box."""
    inset = max(3, round(min(w, h) * INSET_SHARE))
    inner = ink[y + inset: y + h - inset, x + inset: x + w - inset]
    if inner.size == 0:
        return None
    solid = inner > 0
    if solid.mean() >= FILLED_MIN and min(solid.mean(axis=0).min(), solid.mean(axis=1).min()) > 0.5:
        return FILLED  # a filled square, with no paper row across it as 局 or 目 have
    if _blurred_cross(inner):
        return CHECKED
    # A bar from side to side of the interior: a character (田, 日, 目), not a box.
    # The foot of a bold tick runs most of the way across, never all of it; its arms
    # slant, never run upright nearly the interior's height as 四's legs do.
    side = min(inner.shape)
    bars = _straight_strokes(inner, max(4, round(side * BAR_SHARE)), max(4, int(np.ceil(side * BAR_SHARE))))
    if (bars > 0).sum() >= side or float((inner > 0).mean(axis=1).max()) >= BAR_ROW_SHARE:
        return None
    # Straight runs of 60% of the interior: the bars of 国 or the inner square of 回.
    # A bold tick has short straight runs too, which this length leaves out.
    straight = _straight_strokes(inner, max(4, int(min(inner.shape) * 0.6)))
    other = cv2.subtract(inner, straight)
    share = (other > 0).mean()
    stroked = (straight > 0).mean() > STROKE_SHARE_MAX
    if share >= TICK_MIN or stroked:
        # A tick or a cross is one stroke (two at most, if broken); 图's 冬 is three.
        n, _, stats, _ = cv2.connectedComponentsWithStats(inner, connectivity=8)
        big = stats[1:][stats[1:, cv2.CC_STAT_AREA] > SPECK_AREA]
        # A tick or cross runs across the box: the two upright strokes inside 四 do not.
        wide = big.size > 0 and int(big[:, cv2.CC_STAT_WIDTH].max()) >= TICK_SPAN * inner.shape[1]
        if share >= TICK_MIN:
            return CHECKED if len(big) <= 2 and wide and (_tick_like(inner) or _cross_like(inner)) else None
        # A bold tick blurred in a small box (a ☑ glyph at 150 dpi, photographed) is
        # straight runs of 60% of the interior nearly all through. It still crosses each
        # column once and runs down the interior too; the bars of 国 and the inner square
        # of 回 cross columns twice, and a side of the frame thickened into the interior
        # runs the interior's whole height (or width, caught as a bar above).
        tall = big.size > 0 and int(big[:, cv2.CC_STAT_HEIGHT].max()) >= TICK_SPAN * inner.shape[0]
        upright_bar = float((inner > 0).mean(axis=0).max()) >= BAR_ROW_SHARE
        ys, xs = np.nonzero(inner)
        fill = ys.size / ((ys.max() - ys.min() + 1) * (xs.max() - xs.min() + 1)) if ys.size else 1.0
        return CHECKED if len(big) <= 2 and wide and tall and not upright_bar and fill <= TICK_FILL_MAX \
            and _tick_like(inner) else None
    if share <= EMPTY_MAX:
        return UNCHECKED
    return UNREADABLE


def find_boxes(ink: np.ndarray, dpi: float, dark: np.ndarray | None = None,
               soft: np.ndarray | None = None, grey: np.ndarray | None = None) -> list[Mark]:
    """Drawn check boxes in a region of ink (rulings already removed).

    `dark`, where given, is the region's truly black ink: a solid ■ is black right
    through, a dense character in small type (惠, 置) that binarises to a blob is not.
    `soft` (the region's ink with light grey kept and small specks too) shows a dot
    in the middle of a box (⊡), which the hard ink drops as a speck. `grey` (the
    region's grey) shows a box's side that printed too light for the hard ink.
    """
    # Rounded: 0.075 × 200 is 15.000000000000002 in floating point, which refused a box
    # glyph of exactly 0.075 in (15 px).
    lo, hi = round(BOX_MIN_IN * dpi, 6), BOX_MAX_IN * dpi
    small = round(BOX_SMALL_MIN_IN * dpi, 6)
    frames = _straight_strokes(ink, max(4, int(lo * 0.6)))
    contours, _ = cv2.findContours(frames, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    marks = []
    for contour in contours:
        rect = cv2.boundingRect(contour)
        for x, y, w, h in (rect, _trim(frames, *rect)):
            if not (small <= w <= hi and small <= h <= hi) or max(w, h) > BOX_ASPECT * min(w, h):
                continue
            small_box = min(w, h) < lo
            if small_box and min(w, h) < BOX_LINE_SHARE * _line_height(ink, y, h):
                continue
            if not _drawn_frame_ok(frames, ink, x, y, w, h, grey) or not _stands_alone(ink, x, y, w, h) \
                    or small_box and _runs_on(ink, x, y, w, h):
                continue
            state = _box_state(ink, x, y, w, h)
            if state is not None and _open_on_ruling(frames, x, y, w, h) and not _one_stroke_inside(ink, x, y, w, h):
                # A character touching the ruling lost its top stroke with it too: 四's
                # legs inside read as a tick. A box's tick or cross is one stroke.
                state = None
            if state == UNCHECKED and _faint_cross(grey, x, y, w, h):
                state = CHECKED
            if state == UNCHECKED and soft is not None and _centre_dot(soft, x, y, w, h):
                state = UNREADABLE
            if state == FILLED:
                # Nothing overshoots a solid square: ink across the ring above, below or
                # on the left means a bold character in small type (事, 微, 服), not a ■.
                # On the right its label may be set hard against it ("■政府网站", a
                # photograph's blur closing the space), where its core is black right
                # through (SOLID_CORE_MIN).
                inset = max(2, round(min(w, h) * INSET_SHARE))
                core = dark[y + inset: y + h - inset, x + inset: x + w - inset] if dark is not None else None
                black = 1.0 if core is None or core.size == 0 else float((core > 0).mean())
                crossed = _crossed_sides(ink, x, y, w, h)
                state = CHECKED if black >= FILLED_MIN and not crossed \
                    or black >= SOLID_CORE_MIN and crossed == {3} else None
            if state is not None:
                marks.append(Mark(x, y, x + w, y + h, state))
                break
    marks += _stacked_boxes(frames, ink, lo, hi, marks)
    marks += _boxes_between_labels(frames, ink, lo, hi, marks, grey)
    return sorted(marks, key=lambda m: (m.y0, m.x0))


# A drawn box as tall as its text line (this share of it, at least) is no part of a
# character: the 口 of a character is half a character tall, and 口 itself is smaller
# than the characters beside it (0.75 of an em, where they fill 0.9).
BOX_LINE_TALL = 0.9


def _boxes_between_labels(frames: np.ndarray, ink: np.ndarray, lo: float, hi: float, found: list[Mark],
                          grey: np.ndarray | None = None) -> list[Mark]:
    """Drawn boxes set with no space between them and the labels on either side
    ("公告栏□政务服务中心", a Word cell whose boxes are drawn in the text): the ring of paper
    round them is crossed left and right, and above and below where the lines are set
    a pixel or two apart. A square of four whole straight sides, empty or ticked, as
    tall as its text line (BOX_LINE_TALL; other boxes aside, which may touch it) is
    still a box: nothing of a character runs on above or below it within the line. A
    side lost with the cell's ruling counts (`_whole_or_ruled`)."""
    contours, hierarchy = cv2.findContours(frames, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    candidates: list[Mark] = []
    for contour, (_, _, _, parent) in zip(contours, hierarchy[0], strict=True):
        rect = cv2.boundingRect(contour)
        for x, y, w, h in ((rect, _trim(frames, *rect)) if parent < 0 else (_around_hole(frames, *rect),)):
            if not (lo <= w <= hi and lo <= h <= hi) or max(w, h) > BOX_ASPECT * min(w, h):
                continue
            if any(_overlap(m, x, y, w, h) for m in [*found, *candidates]) or not _whole_or_ruled(frames, x, y, w, h):
                continue
            state = _box_state(ink, x, y, w, h)
            if state is not None and _open_on_ruling(frames, x, y, w, h) and not _one_stroke_inside(ink, x, y, w, h):
                state = None  # as in find_boxes: a character whose top stroke went with the ruling
            if state == UNCHECKED and _faint_cross(grey, x, y, w, h):
                state = CHECKED
            if state in (CHECKED, UNCHECKED, UNREADABLE):
                candidates.append(Mark(x, y, x + w, y + h, state))
                break
    out = []
    for box in candidates:
        cleared = ink.copy()
        for other in [*found, *candidates]:
            if other is not box:
                cleared[other.y0: other.y1, other.x0: other.x1] = 0
        if box.y1 - box.y0 >= BOX_LINE_TALL * _line_height(cleared, box.y0, box.y1 - box.y0):
            out.append(box)
    return out


def _whole_or_ruled(frames: np.ndarray, x: int, y: int, w: int, h: int) -> bool:
    """Four whole straight sides, or three where the fourth lay on the cell's ruling and
    went with its pixels (a box set hard under the cell's top ruling, its label hard
    after it: "☒政府网站" drawn as the cell's first line)."""
    broken = {k for k, c in enumerate(_side_cover(frames, x, y, w, h)) if c < FRAME_COVER}
    return not broken or len(broken) == 1 and broken <= _on_ruling(frames.shape, x, y, w, h)


def _stacked_boxes(frames: np.ndarray, ink: np.ndarray, lo: float, hi: float, found: list[Mark]) -> list[Mark]:
    """Boxes stacked down a cell, one an option line: they touch, so their frames are one
    piece of ink whose outline is no square, and each has its neighbours' sides in the
    ring round it. Each still closes round its own inside (a hole in the frames), and a
    box of the same size straight above or below, with sides of its own, is no stroke of
    a character running on (田's quarters share their sides)."""
    contours, hierarchy = cv2.findContours(frames, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    boxes = []
    for contour, (_, _, _, parent) in zip(contours, hierarchy[0], strict=True):
        if parent < 0:
            continue  # an outline, not a hole
        x, y, w, h = _around_hole(frames, *cv2.boundingRect(contour))
        if not (lo <= w <= hi and lo <= h <= hi) or max(w, h) > BOX_ASPECT * min(w, h):
            continue
        if not _drawn_frame_ok(frames, ink, x, y, w, h) or any(_overlap(m, x, y, w, h) for m in found):
            continue
        state = _box_state(ink, x, y, w, h)
        if state in (CHECKED, UNCHECKED, UNREADABLE):
            boxes.append(Mark(x, y, x + w, y + h, state))
    out = []
    for box in boxes:
        stack = [other for other in boxes + found if _stacked_on(box, other)]
        if not stack:
            continue  # a box on its own was judged by its outline
        cleared = ink.copy()
        for other in stack:
            cleared[other.y0: other.y1, other.x0: other.x1] = 0
        if _stands_alone(cleared, box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0):
            out.append(box)
    return out


def _around_hole(frames: np.ndarray, x: int, y: int, w: int, h: int) -> tuple[int, int, int, int]:
    """The frame round a hole (`x`, `y`, `w`, `h`: the outline of the hole, on the frame's
    inner edge): each side as thick as the frame's thinnest side, measured outwards
    from the hole across its middle. A side that runs on into a neighbour's (boxes
    stacked with no paper between) is no thicker than the others."""
    H, W = frames.shape
    cx, cy = x + w // 2, y + h // 2

    def run(line: np.ndarray) -> int:
        paper = np.flatnonzero(line == 0)
        return int(paper[0]) if paper.size else int(line.size)

    reach = (run(frames[y::-1, cx]), run(frames[y + h - 1:, cx]), run(frames[cy, x::-1]), run(frames[cy, x + w - 1:]))
    thick = max(1, min(reach))
    top, bottom, left, right = (min(r, thick) - 1 for r in reach)
    x0, y0 = max(0, x - left), max(0, y - top)
    return x0, y0, min(W, x + w + right) - x0, min(H, y + h + bottom) - y0


def _overlap(m: Mark, x: int, y: int, w: int, h: int) -> bool:
    return m.x0 < x + w and x < m.x1 and m.y0 < y + h and y < m.y1


def _stacked_on(a: Mark, b: Mark) -> bool:
    """`b` is a box of `a`'s size straight above or below it, within the ring's reach,
    with sides of its own (not one shared)."""
    reach, slack = RING_GAP + RING, STACK_ALIGN_PX
    aligned = abs(a.x0 - b.x0) <= slack and abs(a.x1 - b.x1) <= slack \
        and abs((a.y1 - a.y0) - (b.y1 - b.y0)) <= slack
    return aligned and (0 <= b.y0 - a.y1 <= reach or 0 <= a.y0 - b.y1 <= reach)


def erase_marks(ink: np.ndarray, marks: list[Mark]) -> np.ndarray:
    """Ink with each box and its tick removed (a tick may overshoot the frame)."""
    out = ink.copy()
    if not marks:
        return out
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    for m in marks:
        side = max(m.x1 - m.x0, m.y1 - m.y0)
        touching = np.unique(labels[m.y0: m.y1, m.x0: m.x1])
        for label in touching[touching > 0]:
            x, y, w, h, _ = stats[label]
            if w <= 1.8 * side and h <= 1.8 * side:
                out[labels == label] = 0
        out[max(0, m.y0 - 1): m.y1 + 1, max(0, m.x0 - 1): m.x1 + 1] = 0
    return out


def despeckle(ink: np.ndarray, area: float = SPECK_AREA) -> np.ndarray:
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    small = np.where(stats[:, cv2.CC_STAT_AREA] <= area)[0]
    small = small[small > 0]
    if small.size == 0:
        return ink
    out = ink.copy()
    out[np.isin(labels, small)] = 0
    return out


def lone_tick(ink: np.ndarray, dpi: float) -> bool:
    """The cell holds a single tick (√) and nothing else: one option per column."""
    ys, xs = np.nonzero(ink)
    if xs.size == 0:
        return False
    w, h = xs.max() - xs.min() + 1, ys.max() - ys.min() + 1
    if w > TICK_MAX_IN * dpi or h > TICK_MAX_IN * dpi or max(w, h) < BOX_MIN_IN * dpi:
        return False
    n, _, _, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n - 1 > 2:  # a tick is one stroke, or two that failed to meet
        return False
    straight = _straight_strokes(ink, max(4, int(min(w, h) * 0.45)))
    if (straight > 0).sum() < 0.25 * (ink > 0).sum():
        return True
    # A √ whose long arm is near upright has a straight run in it; its shape (a short
    # arm down to a low vertex, a long one up) still tells it from a stroke of text.
    return n - 1 == 1 and _glyph_tick(ink[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1] > 0)


# Mark glyphs set in the text's font are smaller than a drawn box: "▫" and "✓" at 7-9
# pt are 8-14 pixels at 200 dpi, as small as the 口 of 听 or the 心 of 息. They are
# told apart by shape and by the paper around them: a glyph mark is set with a
# space's gap to its neighbours, the parts of a character sit closer.
GLYPH_BOX_IN = (0.03, 0.068)
GLYPH_TICK_IN = (0.035, 0.1)
GLYPH_GAP_IN = 0.02  # paper all round a mark glyph, at least this wide
# A ▫ set hard after the label before it keeps this much paper on its left (its side
# bearing, which a 150 dpi JPEG's blur closes to 2-3 px at 200 dpi), when its own label
# starts within this distance on its right (the space after a ▫ measures 0.045-0.055 in;
# a character's width more is still its label).
GLYPH_NEAR_GAP_IN = 0.008
GLYPH_LABEL_IN = 0.1
GLYPH_INNER_MAX = 0.12  # ink share inside a ▫ (a speck may land there)
# A ✓ is two strokes: they fill at most GLYPH_TICK_FILL of its bounding box. A ✓ glyph in
# the text's size blurred at 150 dpi and JPEG-compressed, its short arm a blot, fills up to
# GLYPH_TICK_FILL_MAX (0.53 seen, 11 by 11 px at 200 dpi): so much only where it is no
# taller than GLYPH_TICK_BLOT_IN and no more than GLYPH_TICK_BLOT_ASPECT times as tall as
# wide (such a ✓ is 9-12 px wide by 11-13 tall). A character's part blurred to a blob of
# a character's size is as full (《 beside 城 on a blurred page, 16 by 16 px), and so is a
# 《 of 1-bit type (10 by 18 px).
GLYPH_TICK_FILL = 0.5
GLYPH_TICK_FILL_MAX = 0.55
GLYPH_TICK_BLOT_IN = 0.068
GLYPH_TICK_BLOT_ASPECT = 1.5
GLYPH_SOFT_INNER_MAX = 0.5  # soft ink share inside a ▫ whose hard ink is clear: grey dust
# A ✓ or ■ is printed black: at least this share of its pixels is hard ink (a printed
# one has about twice as much). Paper texture (fibre blots of light grey) makes
# soft-only streaks of a tick's size and slant, with no hard ink at all; taken for
# ticks they would put ☑ in label and content cells and make extra rows.
GLYPH_CHECK_HARD_MIN = 0.3
# A ■ glyph is black right through, a dense character that binarises to a blob is not;
# the black is judged on its core, this share of its side in from each edge: a 150 dpi
# JPEG or a blur greys a 3 pt ■ two pixels deep, and judged whole it would read as
# nothing. A ■ keeps a black core; the blobs of characters and dots are mostly grey.
GLYPH_SOLID_INSET = 0.25
# A tall empty box (▯: the frame a font draws for a box symbol it lacks, as a Word
# catalogue's Wingdings boxes print) is an empty box
# too: this tall, this wide and this much taller than wide, with paper this wide
# around it (a space's gap, less under blur than GLYPH_GAP_IN: the 口 of 叫 sits
# closer to its 丩). Fonts' missing-glyph frames differ: DejaVu Sans's is 0.5 by 0.88
# of an em (at 8 pt 0.055 by 0.098 in; a scan, at 150 dpi or photographed, makes it
# wider and up to 0.115 tall); the 口 of 听 or 叫 is half a character tall and nearly
# square, a 9 pt character 0.125.
TALL_BOX_IN = (0.085, 0.12)
TALL_BOX_WIDTH_IN = (0.025, 0.075)
TALL_BOX_ASPECT = (1.3, 2.8)
# OpenSymbol's frame is 0.27 by 0.67 of an em (0.03 by 0.074 in at 8 pt; scanned
# 0.030-0.037 wide, 0.075-0.085 tall, aspect 2.0-2.67) is found only where the scan
# makes it TALL_BOX_IN tall (1-bit pages): the 口 of 听 at 300 dpi has its very size
# and shape (0.030-0.033 by 0.077 in), and a frame that short is not told from it.
# Every ▯ has a space's paper (GLYPH_GAP_IN) on its left, as a mark before its label
# has (or the cell's margin). The 口 on the right of 和 or 知 is as tall and narrow
# (0.04-0.045 by 0.077-0.095 in at 200 and 300 dpi) but sits a pixel or two from its
# 禾 or 矢.
# Its inside is paper: a 日 on the left of 时 or 明 whose middle bar a 1-bit scan broke
# keeps a few pixels of it, more than this many.
TALL_BOX_INNER_MAX = 1
# Paper this wide above, below and left of a ▯. Not on its right: a label set without a
# space after its box (LibreOffice's narrow frame for ☐, "▯政务微博") starts a pixel
# from the frame's side on a fax or a blurred page; the 口 that has a part a pixel to its
# right (叫, 听) is half a character tall, below TALL_BOX_IN.
TALL_BOX_GAP_IN = 0.008
# A digit 0 is as tall and narrow, but round: the corners of its bounding box are
# paper, a ▯'s are ink. A corner is this share of the width on a side. A frame
# narrower than NARROW_BOX_IN (OpenSymbol's, 0.030-0.037 in) takes corners of
# TALL_BOX_CORNER_MIN_PX: a scan rounds off the outermost pixel of its corners. A 0
# is wider (0.06 in at 8 pt; at 150 dpi it would pass a 2 px corner), and so is the
# 口 of 和 or 告 (0.043-0.045 in in 9-10.5 pt type, at 200 and 300 dpi), which 2 px
# corners would take for a frame.
TALL_BOX_CORNER = 0.15
TALL_BOX_CORNER_MIN_PX = 2
NARROW_BOX_IN = 0.04
# A narrow ▯'s sides are 2-3 px thick, a third of its width and more (OpenSymbol's
# frame photographed, 8 px wide; its top and bottom 3 px on a 1-bit scan): its inside
# is judged past them (_side_stroke), at a side's reach in this share of its middle
# rows or columns.
SIDE_STROKE_SHARE = 0.75


def _clear_around(ink: np.ndarray, labels: np.ndarray, label: int, x: int, y: int, w: int, h: int, gap: int,
                  right: int | None = None, left: int | None = None) -> bool:
    """Paper `gap` wide round the mark (`right` or `left` wide on that side, where given)."""
    H, W = ink.shape
    y0, y1 = max(0, y - gap), min(H, y + h + gap)
    x0, x1 = max(0, x - (gap if left is None else left)), min(W, x + w + (gap if right is None else right))
    around = (ink[y0:y1, x0:x1] > 0) & (labels[y0:y1, x0:x1] != label)
    # A speck or two of dust in the gap does not join the mark to a character.
    return int(around.sum()) <= SPECK_AREA


def _glyph_box(comp: np.ndarray, hard: np.ndarray | None = None, sides: tuple[int, int] = (0, 0)) -> bool:
    """▫: a closed frame with nothing inside. `hard`, where given, is the same patch
    of hard ink: the interior is judged on it, as grey dust stuck inside a small box
    is soft ink only (a tick in a ☑ would be black). `sides`: the interior starts at
    least this far in from the top and bottom, and from the left and right."""
    frame = comp.astype(np.uint8) * 255
    # A row or column of blur along one side makes the others look short: trim it.
    x, y, w, h = _trim(frame, 0, 0, *comp.shape[::-1])
    frame = frame[y: y + h, x: x + w]
    if not _frame_ok(frame, 0, 0, w, h):
        return False
    inset = max(2, round(min(w, h) * 0.3))  # frames blur to 2-3 px even in a small box
    down, across = max(inset, sides[0]), max(inset, sides[1])
    inner = frame[down: h - down, across: w - across] > 0
    if inner.size == 0:
        return False
    if hard is not None:
        # Paper inside, in the soft ink at least: a small full stop (。) is a blot in
        # soft ink with a pale heart in hard ink.
        if float(inner.mean()) > GLYPH_SOFT_INNER_MAX:
            return False
        inner = hard[y: y + h, x: x + w][down: h - down, across: w - across] > 0
    # A speck of dust inside (or stuck to the frame) leaves the box empty.
    return int(inner.sum()) <= max(GLYPH_INNER_MAX * inner.size, SPECK_AREA)


def _glyph_tick(comp: np.ndarray, vertex_max: float = 0.6, dpi: float | None = None) -> bool:
    """✓: a short left arm down to a low vertex left of centre (at most `vertex_max`
    of the width from the left), a long right arm up to the top. V and 人 start at
    the top on the left; the hook of 心 lies flat. `dpi`, where given, lets a small
    ✓ whose short arm blurred into a blot fill more (see GLYPH_TICK_FILL_MAX)."""
    h, w = comp.shape
    fill = float(comp.mean())
    blot = dpi is not None and h <= GLYPH_TICK_BLOT_IN * dpi and h <= GLYPH_TICK_BLOT_ASPECT * w
    if h < 0.8 * w or fill > (GLYPH_TICK_FILL_MAX if blot else GLYPH_TICK_FILL) or not comp.any(axis=0).all():
        return False
    if not _tick_like(comp.astype(np.uint8)):
        return False
    rows = np.arange(h)[:, None]
    top = np.where(comp, rows, h).min(axis=0)
    bottom = np.where(comp, rows, -1).max(axis=0)
    vertex = int(np.argmax(bottom))
    k = max(2, w // 5)
    # The left arm rises from the vertex (a "/" has no left arm) but starts well below
    # the top; the right arm reaches the top.
    left = int(top[:k].min())
    return (vertex <= vertex_max * w and bottom[vertex] >= 0.8 * (h - 1)
            and 0.25 * h <= left <= bottom[vertex] - 0.3 * h and top[-k:].min() <= 0.2 * h)


def _tall_box(comp: np.ndarray, dpi: float, hard: np.ndarray | None) -> bool:
    """▯ by its size, its square corners and nothing inside (see TALL_BOX_IN). `hard`
    is the same patch of hard ink."""
    h, w = comp.shape
    narrow = w < NARROW_BOX_IN * dpi
    if not (box_between(w, TALL_BOX_WIDTH_IN, dpi) and box_between(h, TALL_BOX_IN, dpi)
            and TALL_BOX_ASPECT[0] * w <= h <= TALL_BOX_ASPECT[1] * w):
        return False
    k = max(TALL_BOX_CORNER_MIN_PX if narrow else 1, round(TALL_BOX_CORNER * w))
    if not all(corner.any() for corner in (comp[:k, :k], comp[:k, -k:], comp[-k:, :k], comp[-k:, -k:])):
        return False
    # A narrow frame's sides may be as thick as 30% of its width (3 px of 8 when
    # photographed), its top and bottom 3 px (1-bit): the inside starts past them.
    inked = comp if hard is None else hard & comp
    inset = max(2, round(w * 0.3))
    across = max(inset, _side_stroke(comp), _side_stroke(inked))
    # Top and bottom are measured on the columns between the sides.
    down = max(inset, _side_stroke(comp[:, across: w - across].T, whole=True),
               _side_stroke(inked[:, across: w - across].T, whole=True))
    if not _glyph_box(comp, None if hard is None else hard & comp, sides=(down, across)):
        return False
    inside = (hard if hard is not None else comp)[down: h - down, across: w - across]
    return inside.size > 0 and int(inside.sum()) <= TALL_BOX_INNER_MAX


def _side_stroke(comp: np.ndarray, whole: bool = False) -> int:
    """How far in from its left or right edge a frame's side reaches: where the first
    ink run of its middle rows ends, from either side, the larger; taken at the
    SIDE_STROKE_SHARE quantile of the rows, so that a side thick in some rows counts
    and a stub of 日's bar in one or two rows does not. `whole`: all rows, not the
    middle half."""
    h = comp.shape[0]
    reach: list[list[int]] = [[], []]
    for row in (comp if whole else comp[h // 4: h - h // 4]):
        for side, line in enumerate((row, row[::-1])):
            ink = np.flatnonzero(line)
            if ink.size:
                paper = np.flatnonzero(~line[ink[0]:])
                reach[side].append(int(ink[0] + (paper[0] if paper.size else line.size)))
    return int(np.ceil(max(np.quantile(r, SIDE_STROKE_SHARE) for r in reach))) if reach[0] and reach[1] else 0


def _box_after_a_label(ink: np.ndarray, labels: np.ndarray, label: int, x: int, y: int, w: int, h: int,
                       gap: int, dpi: float) -> bool:
    """A ▫ set with no space after the option label before it ("政府网站▫政府公报"): blur
    closes the glyph's own side bearing to GLYPH_NEAR_GAP_IN, while the space after it,
    before its own label, stays. So a gap on its left down to GLYPH_NEAR_GAP_IN, when it
    has the whole gap above, below and right, and its label starts within
    GLYPH_LABEL_IN on its right. The 口 of 加 or 如 lies as close to its other part, but
    nothing follows it a space away: the next character or a 、 stands closer, a line's
    end leaves nothing."""
    near = max(1, round(GLYPH_NEAR_GAP_IN * dpi))
    if not _clear_around(ink, labels, label, x, y, w, h, gap, left=near):
        return False
    W = ink.shape[1]
    after = ink[y: y + h, min(W, x + w + gap): min(W, x + w + round(GLYPH_LABEL_IN * dpi))]
    return bool(after.any())


def box_between(size: int, bounds: tuple[float, float], dpi: float) -> bool:
    return bounds[0] * dpi <= size <= bounds[1] * dpi


FAINT_FRAME_INSET = 0.4  # the sides' blur greys a faint ▫'s inside this share of its side deep


def _faint_frame(grey: np.ndarray, comp: np.ndarray) -> bool:
    """▫ in the grey: a thin frame printed light (a hairline box glyph at 150 dpi JPEG,
    grey 175-200 on paper at 240) loses pieces of its sides to the soft ink's cut, and
    is no closed frame there. In the grey each side is darker than the paper inside by
    FAINT_TICK_CONTRAST along FRAME_COVER of its length, and the middle of the inside
    is paper: no pixel of it half as dark as the sides (the sides' blur greys the
    inside's rim, FAINT_FRAME_INSET of the side deep; a tick crosses the middle as dark
    as they are). The component's own pixels (`comp`) keep out of that middle: two
    blots joined at a corner (a “ in 1-bit type) are dark on every side of their box too."""
    h, w = grey.shape
    inset = max(2, round(min(w, h) * FAINT_FRAME_INSET))
    inside = grey[inset: h - inset, inset: w - inset].astype(int)
    if inside.size == 0 or comp[inset: h - inset, inset: w - inset].any():
        return False
    paper = int(np.median(inside))
    band = 2  # a hairline blurs over two pixels
    sides = [paper - side.astype(int) for side in (grey[:band].min(axis=0), grey[h - band:].min(axis=0),
                                                   grey[:, :band].min(axis=1), grey[:, w - band:].min(axis=1))]
    if not all(float((side >= FAINT_TICK_CONTRAST).mean()) >= FRAME_COVER for side in sides):
        return False
    return paper - int(inside.min()) < float(np.median(np.concatenate(sides))) / 2


def find_glyph_marks(ink: np.ndarray, dpi: float, dark: np.ndarray | None = None,
                     hard: np.ndarray | None = None, grey: np.ndarray | None = None) -> list[Mark]:
    """Small box (▫, empty), solid square (■, checked) and tick (✓, checked) glyphs
    in a region of soft ink; `dark` (its blackest ink) tells a ■ from a blot of grey,
    `hard` (its hard ink) a speck inside a ▫ from a tick, `grey` (the region's grey)
    shows a faint ▫ whole (`_faint_frame`)."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    gap = max(2, round(GLYPH_GAP_IN * dpi))
    marks = []
    for i in range(1, n):
        x, y, w, h, _ = (int(v) for v in stats[i])
        comp = labels[y: y + h, x: x + w] == i
        box_lo, box_hi = GLYPH_BOX_IN[0] * dpi, GLYPH_BOX_IN[1] * dpi
        tick_lo, tick_hi = GLYPH_TICK_IN[0] * dpi, GLYPH_TICK_IN[1] * dpi
        state = None
        square = box_lo <= w <= box_hi and box_lo <= h <= box_hi and max(w, h) <= BOX_ASPECT * min(w, h)
        if square and float(comp.mean()) >= FILLED_MIN:
            k = max(1, round(GLYPH_SOLID_INSET * min(w, h)))
            core = dark[y + k: y + h - k, x + k: x + w - k] if dark is not None else None
            if core is None or core.size == 0 or float((core > 0).mean()) >= FILLED_MIN:
                state = CHECKED
        elif square and (_glyph_box(comp, None if hard is None else (hard[y: y + h, x: x + w] > 0) & comp)
                         or grey is not None and _faint_frame(grey[y: y + h, x: x + w], comp)):
            state = UNCHECKED
        elif _tall_box(comp, dpi, None if hard is None else hard[y: y + h, x: x + w] > 0) \
                and not ink[y: y + h, max(0, x - gap): x].any():
            if _clear_around(ink, labels, i, x, y, w, h, max(1, round(TALL_BOX_GAP_IN * dpi)), right=0):
                marks.append(Mark(x, y, x + w, y + h, UNCHECKED))
            continue
        elif tick_lo <= h <= tick_hi and w <= tick_hi and _glyph_tick(comp, dpi=dpi):
            state = CHECKED
        if state == CHECKED and hard is not None \
                and float((hard[y: y + h, x: x + w] > 0)[comp].mean()) < GLYPH_CHECK_HARD_MIN:
            state = None  # grey paper texture, not a printed mark
        if state is not None and (_clear_around(ink, labels, i, x, y, w, h, gap)
                                  or state == UNCHECKED and _box_after_a_label(ink, labels, i, x, y, w, h, gap, dpi)):
            marks.append(Mark(x, y, x + w, y + h, state))
    if grey is not None:
        marks += _faint_frames_in_halves(ink, labels, stats, marks, gap, dpi, grey)
        marks += _faint_frames_by_their_side(ink, labels, stats, marks, gap, dpi, grey)
        marks += _faint_frames_in_pieces(ink, labels, stats, marks, gap, dpi, grey)
    return sorted(marks, key=lambda m: (m.y0, m.x0))


# A light ▫ whose soft ink lost a piece of its top and of its foot (150 dpi JPEG 35: sides
# at grey 180-220) comes apart into two brackets, [ and ], side by side: parts at most
# this many pixels apart across, each the frame's height, make one candidate, judged as
# one in the grey (`_faint_frame`).
HALVES_GAP_PX = 2


def _faint_frames_in_halves(ink: np.ndarray, labels: np.ndarray, stats: np.ndarray, found: list[Mark], gap: int,
                            dpi: float, grey: np.ndarray) -> list[Mark]:
    """▫ printed light and broken into a left and a right half (see HALVES_GAP_PX)."""
    lo, hi = GLYPH_BOX_IN[0] * dpi, GLYPH_BOX_IN[1] * dpi
    parts = [k for k in range(1, len(stats)) if lo <= stats[k][3] <= hi and stats[k][2] < hi
             and not any(_overlap(m, *(int(v) for v in stats[k][:4])) for m in found)]
    out = []
    for a in parts:
        ax, ay, aw, ah, _ = (int(v) for v in stats[a])
        for b in parts:
            bx, by, bw, bh, _ = (int(v) for v in stats[b])
            if not 0 <= bx - (ax + aw) <= HALVES_GAP_PX:
                continue
            x, y = ax, min(ay, by)
            w, h = bx + bw - ax, max(ay + ah, by + bh) - y
            if not (lo <= w <= hi and lo <= h <= hi) or max(w, h) > BOX_ASPECT * min(w, h) \
                    or min(ah, bh) < h / BOX_ASPECT:
                continue
            joined = np.where(labels == b, a, labels)
            comp = joined[y: y + h, x: x + w] == a
            if _faint_frame(grey[y: y + h, x: x + w], comp) and (
                    _clear_around(ink, joined, a, x, y, w, h, gap)
                    or _box_after_a_label(ink, joined, a, x, y, w, h, gap, dpi)):
                out.append(Mark(x, y, x + w, y + h, UNCHECKED))
    return out


# A light ▫ set hard after the label before it (150 dpi JPEG 35, blurred: sides at grey
# 180-200 on paper at 237, its side bearing closed to a pixel of grey 210) keeps only its
# darker side in the soft ink (an upright stroke of the frame's height, with a piece of
# its top or foot at most); its far side, and the rest of the frame, are in the grey only.
# Read without it, that piece is a stray ：, 3 or ） between two option labels. The
# piece's rows may stop this many pixels short of the frame's top and of its foot, and
# the frame be this many pixels wider or narrower than tall (a square to the pixel).
SIDE_ONLY_SLACK = 1
# The frame's far side is looked for in this many columns: a hairline blurs over two.
SIDE_ONLY_BAND = 2


def _faint_frames_by_their_side(ink: np.ndarray, labels: np.ndarray, stats: np.ndarray, found: list[Mark], gap: int,
                                dpi: float, grey: np.ndarray) -> list[Mark]:
    """▫ printed light of which the soft ink holds one upright side (see SIDE_ONLY_SLACK):
    a square the piece's height with the piece on its right or left, where the soft ink
    has nothing else and none of the far side, is judged in the grey (`_faint_frame`); it
    has a space's paper above, below and on the side away from the label before it, and
    its own label starts within GLYPH_LABEL_IN on its right. A character's upright stroke
    standing alone (川's, a 1) has no frame round paper in the grey beside it, and a
    character's 口 is soft ink on all four sides."""
    lo, hi = GLYPH_BOX_IN[0] * dpi, GLYPH_BOX_IN[1] * dpi
    out: list[Mark] = []
    for k in range(1, len(stats)):
        sx, sy, sw, sh, _ = (int(v) for v in stats[k])
        if not lo <= sh <= hi or sw > sh + SIDE_ONLY_SLACK or any(_overlap(m, sx, sy, sw, sh) for m in found + out):
            continue
        piece = labels[sy: sy + sh, sx: sx + sw] == k
        if int(piece.sum(axis=0).max()) < FRAME_COVER * sh:
            continue  # no upright side of the frame's height in it
        # The tallest and squarest square that passes is the frame: a smaller one inside
        # it still has the frame's grey along three of its sides, and a wider one takes in
        # the paper between the frame and the label before it.
        slack = range(SIDE_ONLY_SLACK, -1, -1)
        shapes = sorted(((a, b, d) for a in slack for b in slack for d in range(-SIDE_ONLY_SLACK, SIDE_ONLY_SLACK + 1)),
                        key=lambda s: (-(s[0] + s[1]), abs(s[2]), -s[2]))
        mark = next((m for above, below, wider in shapes for right_side in (True, False)
                     if (m := _side_frame(ink, labels, k, gap, dpi, grey, (sx, sy, sw, sh), (above, below, wider),
                                          right_side)) is not None), None)
        if mark is not None:
            out.append(mark)
    return out


def _side_frame(ink: np.ndarray, labels: np.ndarray, k: int, gap: int, dpi: float, grey: np.ndarray,
                piece: tuple[int, int, int, int], shape: tuple[int, int, int], right_side: bool) -> Mark | None:
    """The ▫ of `_faint_frames_by_their_side` round the soft-ink piece `k` (its box
    `piece`), grown by `shape` (rows above, rows below, columns wider than tall), with the
    piece as its right side or its left; None when the square is no such frame."""
    lo, hi = GLYPH_BOX_IN[0] * dpi, GLYPH_BOX_IN[1] * dpi
    H, W = ink.shape
    sx, sy, sw, sh = piece
    above, below, wider = shape
    y, h = sy - above, sh + above + below
    w = h + wider
    x = sx + sw - w if right_side else sx
    if x < 0 or y < 0 or x + w > W or y + h > H or not lo <= w <= hi:
        return None
    window = labels[y: y + h, x: x + w]
    far = window[:, :SIDE_ONLY_BAND] if right_side else window[:, -SIDE_ONLY_BAND:]
    if (window != 0).sum() > (window == k).sum() or far.any() or not _faint_frame(grey[y: y + h, x: x + w], window == k):
        return None
    if not _clear_around(ink, labels, k, x, y, w, h, gap, left=0) \
            or not ink[y: y + h, min(W, x + w + gap): min(W, x + w + round(GLYPH_LABEL_IN * dpi))].any():
        return None
    return Mark(x, y, x + w, y + h, UNCHECKED)



# A light □ drawn in a CJK face's size (150 dpi JPEG 35: sides at grey 170-215 on paper
# at 235-245, 17-20 px at 200 dpi, 0.085-0.1 in: larger than GLYPH_BOX_IN's ▫, as large
# as a label's character) keeps in the soft ink only some of its sides,
# in one to three pieces: a 门 (the foot lost), a 匚, [ and ] a frame's width apart, or
# only its top. Read as text they are 门, 厂, [ ] between two option labels. Such a frame
# is looked for up to this size, in the grey, round each piece: the smallest square that
# passes, set on the piece's left, right or middle and top, foot or middle.
FAINT_BOX_MAX_IN = 0.1


def _faint_frames_in_pieces(ink: np.ndarray, labels: np.ndarray, stats: np.ndarray, found: list[Mark], gap: int,
                            dpi: float, grey: np.ndarray) -> list[Mark]:
    """□ printed light and broken into pieces (see FAINT_BOX_MAX_IN): a square of a box's
    size round a piece, holding whole soft-ink pieces only, that are no closed frame
    there (a closed one is judged by `find_glyph_marks`, so a character's 口 standing
    alone is never taken here) and a frame in the grey (`_faint_frame`), with paper
    round it, a label only before it (`_box_after_a_label`), or labels hard on both sides
    (the blur closes the side bearings of a □ this size to GLYPH_NEAR_GAP_IN) with the
    whole gap above and below."""
    lo, hi = GLYPH_BOX_IN[0] * dpi, FAINT_BOX_MAX_IN * dpi
    out: list[Mark] = []
    for k in range(1, len(stats)):
        kx, ky, kw, kh, _ = (int(v) for v in stats[k])
        if not lo <= max(kw, kh) <= hi or any(_overlap(m, kx, ky, kw, kh) for m in found + out):
            continue
        # Frames of GLYPH_BOX_IN's size are the ▫ of the two rules above.
        for size in range(max(kw, kh, int(GLYPH_BOX_IN[1] * dpi) + 1), int(hi) + 1):
            mark = next((m for x in sorted({kx, kx + kw - size, kx + (kw - size) // 2})
                         for y in sorted({ky, ky + kh - size, ky + (kh - size) // 2})
                         if (m := _faint_frame_round(ink, labels, stats, k, gap, dpi, grey, (x, y, size))) is not None),
                        None)
            if mark is not None:
                out.append(mark)
                break
    return out


def _faint_frame_round(ink: np.ndarray, labels: np.ndarray, stats: np.ndarray, k: int, gap: int, dpi: float,
                       grey: np.ndarray, square: tuple[int, int, int]) -> Mark | None:
    """The □ of `_faint_frames_in_pieces` at `square` (x, y, side) round piece `k`, or None."""
    x, y, size = square
    H, W = ink.shape
    if x < 0 or y < 0 or x + size > W or y + size > H:
        return None
    window = labels[y: y + size, x: x + size]
    inside = [int(v) for v in np.unique(window) if v]
    for j in inside:  # whole pieces only: a character's stroke runs on out of the square
        jx, jy, jw, jh, _ = (int(v) for v in stats[j])
        if jx < x or jy < y or jx + jw > x + size or jy + jh > y + size:
            return None
    comp = np.isin(window, inside)
    # Paper inside the frame's blurred sides in the soft ink too: `_faint_frame` looks at
    # the middle only, and in a frame this size the legs of 四 stand clear of it.
    rim = max(2, round(INSET_SHARE * size))
    if int(comp[rim: size - rim, rim: size - rim].sum()) > SPECK_AREA:
        return None
    if _frame_ok(comp.astype(np.uint8), 0, 0, size, size) or not _faint_frame(grey[y: y + size, x: x + size], comp):
        return None
    joined = np.where(np.isin(labels, inside), k, labels)
    near = max(1, round(GLYPH_NEAR_GAP_IN * dpi))
    if _clear_around(ink, joined, k, x, y, size, size, gap) \
            or _box_after_a_label(ink, joined, k, x, y, size, size, gap, dpi) \
            or _clear_around(ink, joined, k, x, y, size, size, gap, right=near, left=near) \
            and ink[y: y + size, min(W, x + size + near): min(W, x + size + round(GLYPH_LABEL_IN * dpi))].any():
        return Mark(x, y, x + size, y + size, UNCHECKED)
    return None

# A √ set hard against its label in a thin font (a radical sign, not a ✓ glyph) prints
# as hairlines: blurred or JPEG-compressed, only the ink at its vertex is dark enough to
# be text, the long arm is light grey (190-220 on paper at 240), and "√主动公开" would
# read as "主动公开". A small blot of hard ink that starts a text line, with its label's first
# character after it, is traced out in the grey: ink this many grey levels darker than
# the line's paper, within the line's height and left of the label, is the whole glyph,
# and a tick's shape makes it a ✓. Only where the blot is hard ink (GLYPH_CHECK_HARD_MIN),
# so a soft paper-texture streak never seeds one.
FAINT_TICK_CONTRAST = 20
# The blot is at most this share of the line's height tall: the vertex of a √, not a
# character's first stroke (which runs most of the line's height).
FAINT_TICK_SEED = 0.6
# The paper between the traced glyph and its label, in pixels, that still belongs to
# the label's blur (a 1.1 px blur greys 2 px beside a stroke): the trace stops this far
# short of the label's ink.
FAINT_TICK_CLEAR = 2
# A radical sign's vertex lies near its middle, not left of it as a ✓'s does, and a
# JPEG's ringing lengthens its short arm to the left: the traced vertex of a √ stands
# at up to about two thirds of the width.
FAINT_TICK_VERTEX = 0.75


def faint_line_start_tick(grey: np.ndarray, soft: np.ndarray, hard: np.ndarray,
                          band: tuple[int, int], dpi: float, two_tone: bool = False) -> Mark | None:
    """A hairline ✓ at the start of the text line `band` (rows of the cell), traced in
    the cell's `grey` from a blot of `hard` ink at its vertex; None when there is none.
    `two_tone`: a 1-bit page, where the hairline is not grey but broken into dots."""
    a, b = band
    line = soft[a:b]
    n, labels, stats, _ = cv2.connectedComponentsWithStats(line, connectivity=8)
    comps = sorted((i for i in range(1, n) if stats[i][4] > SPECK_AREA), key=lambda i: stats[i][0])
    if len(comps) < 2:
        return None
    seed, label = comps[0], comps[1]
    x, y, w, h, _ = (int(v) for v in stats[seed])
    if h > FAINT_TICK_SEED * (b - a) or w > GLYPH_TICK_IN[1] * dpi:
        return None
    blot = labels[y: y + h, x: x + w] == seed
    if float((hard[a + y: a + y + h, x: x + w] > 0)[blot].mean()) < GLYPH_CHECK_HARD_MIN:
        return None
    end = int(stats[label][0]) - FAINT_TICK_CLEAR
    if end < x + w:
        return None
    window = grey[a:b, 0:end]
    paper = float(np.percentile(window, 75))
    traced: np.ndarray = (window < paper - FAINT_TICK_CONTRAST).astype(np.uint8)
    traced[y: y + h, x: x + w] |= blot.astype(np.uint8)
    if two_tone:
        # A 1-bit scan cuts the hairline at its ink/paper split into dots a pixel apart:
        # a closing joins them
        # without thickening the strokes a tick's shape is judged on.
        traced = cv2.morphologyEx(traced, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    _, tl, ts, _ = cv2.connectedComponentsWithStats(traced, connectivity=8)
    k = int(tl[y + int(np.argmax(blot.any(axis=1))), x + int(np.argmax(blot[np.argmax(blot.any(axis=1))]))])
    tx, ty, tw, th, _ = (int(v) for v in ts[k])
    comp = tl[ty: ty + th, tx: tx + tw] == k
    if not box_between(th, GLYPH_TICK_IN, dpi) or tw > GLYPH_TICK_IN[1] * dpi or not _glyph_tick(comp, FAINT_TICK_VERTEX):
        return None
    return Mark(tx, a + ty, tx + tw, a + ty + th, CHECKED)
