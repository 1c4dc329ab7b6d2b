"""Straighten a page whose rulings bend: a photograph through a phone's lens (barrel or
pincushion distortion) or of a page curling off the desk.

The rulings of a table were straight on paper, so their curves measure the warp. Each
long ruling is traced as a curve (its centre line, column by column, smoothed), and
the page is remapped so every curve lies on one straight line: between two rulings the
displacement is interpolated linearly, beyond the outermost it is held. Horizontal
rulings straighten the page down each column, then the vertical rulings are traced
again on the result and straighten it along each row, when they bend or lean (stand
off upright); the ground round a photographed page is then painted paper. A page with fewer than MIN_BENT_CURVES rulings bent by
DEWARP_MIN_BEND_IN is returned as it is (flatbed scans, and photographs whose
perspective alone rectify_page already undid).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

from catalogue.extract.ocr.preprocess import binarize

# A ruling whose centre line strays further than this from its own straight chord is
# bent. The grid finder joins ruling pieces within SAME_LINE_IN (0.04 in) of each
# other, so a bend of half that never splits a ruling, and a page left alone below it
# is read exactly as before; a flatbed scan's rulings, deskewed, stray a pixel or two.
DEWARP_MIN_BEND_IN = 0.02
# One or two bent traces are strays: a page edge, a long dash, a ruling traced on past
# its end into the text or the next table. A bent table bends every ruling near the
# bend, three at the least (a header row's two rulings and the next), counted both ways.
MIN_BENT_CURVES = 3
# A bent ruling is straight to within its own width over this length, so a morphological
# opening this long keeps its pieces; CJK strokes are shorter than a character (0.13 in).
RULING_PIECE_IN = 0.15
# The ruling mask is thickened across the ruling by this many pixels first, so a piece
# sloping by a pixel over RULING_PIECE_IN stays one run.
SLOPE_ROOM_PX = 3
# Gaps in a traced ruling up to this long (scan dropouts, a crossing character) are bridged.
RULING_GAP_IN = 0.04
# A curve shorter than this across the page is a stroke, a box or a short dash, not a
# ruling worth measuring the warp by (the narrowest table column is wider than 0.4 in,
# and a ruling that spans three of them is this long).
MIN_CURVE_IN = 1.2
# A ruling is thin: thicker traces are dark areas (the desk, a fingertip, a shadow).
MAX_RULING_THICK_IN = 0.04
# A traced ruling is followed on past where the opening lost it (a curl bends it too
# steeply for a straight piece), column by column: its next centre is looked for this
# far either side of where its slope leads, its slope measured over the last
# FOLLOW_SLOPE_IN of the trace. A run of ink there continues it if, whole, it is no
# thicker than a ruling and centred in the window, and does not fill the window (a
# crossing ruling does: it is no continuation). The window is narrow so that a trace
# does not wander off into the strokes of text beside it.
FOLLOW_WINDOW_IN = 0.015
FOLLOW_SLOPE_IN = 0.1
# Two traces whose centres lie this close where both run are one ruling traced twice
# (a piece the opening cut off, followed back along the rest): the longer is kept, so
# one ruling never gets two straight places to go.
SAME_RULING_IN = 0.02
# Along a ruling its centre line is smoothed over this length: pixel steps of the
# binarised trace are noise; a lens or a curl bends over inches.
SMOOTH_IN = 0.1
# A trace stops short of its ruling's end by the crossing ruling there (the table's
# frame, a column rule where the next cell is merged), at most a ruling's width, and the
# misses _follow waits through, at most a gap: over that reach past an end that meets a
# ruling across it the ruling's own offset is held. Left to the rulings above and below,
# the ruling's last pixels were shifted apart from the rest, and a short piece of it (the
# rule under a cell of a narrow 序号 column, beside a merged level cell) fell below the
# grid's shortest ruling, so two items' numbers became one merged cell. An end where the
# trace lost its ruling on the steep part of a curl is left to the rulings traced further
# along the curl: the ruling goes on rising there, and its last offset held would not.
HOLD_IN = MAX_RULING_THICK_IN + RULING_GAP_IN
# A ruling placed by its neighbours (_placed_by_neighbours) less than this from its own
# median keeps its own place: the grid finder joins ruling pieces within SAME_LINE_IN
# (0.04 in) into one line, so a smaller move mends no grid line, and moving a ruling
# traced twice over part of its length a pixel nearer its twin, each with its own
# offsets, stretches the page steeply between them.
PLACE_MIN_IN = 0.02


# What shows round a photographed page (the desk, a shadow) is dark and wide; straightened
# with the page, its strip along the frame's edge becomes a long straight band that the
# grid finder would take for a ruling, so it is painted paper: dark areas touching the
# frame's edge that are still dark after an erosion no ruling or stroke survives.
GROUND_ERODE_IN = MAX_RULING_THICK_IN
PAPER_PERCENTILE = 90  # the paper's grey: most of a page is paper


@dataclass(frozen=True)
class Curve:
    """A traced ruling: its centre `across[i]` at position `start + i` along it."""

    start: int
    across: np.ndarray  # float32, smoothed
    target: float  # where the straightened ruling lies
    # How far the part the opening found strays from its chord (_bend), in pixels: what
    # says the page bends. The part followed on beyond it is left out, as it can end in
    # a hook where a flat ruling's trace ran into the text beside its end.
    bend: float
    # How far the part the opening found strays from `target`, the straight place it is
    # given, in pixels: a ruling that leans strays from it though it does not bend
    # (_leaning).
    stray: float
    # Whether the trace ends, at its start and at its stop, on a ruling across it (within
    # HOLD_IN): there its offset is held on past the end (_straighten_rows).
    meets_start: bool = False
    meets_stop: bool = False

    @property
    def stop(self) -> int:
        return self.start + self.across.size


def _bend(across: np.ndarray) -> float:
    """How far the curve strays from its own chord (the least-squares straight line)."""
    t = np.arange(across.size, dtype=np.float64)
    slope, at = np.polyfit(t, across.astype(np.float64), 1)
    return float(np.abs(across - (slope * t + at)).max())


def _runs(column: np.ndarray) -> list[tuple[int, int]]:
    """The runs of ink in a column of a mask, as (start, stop)."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], (column > 0).astype(np.int8), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def _follow(ink: np.ndarray, cols: list[int], centres: list[float], step: int, dpi: float) -> None:
    """Extend a trace (`cols`, `centres`, ordered along `step`) past its end along the
    ruling it follows, in place; it stops where no thin run of ink continues it for
    more than a gap's length (the table's edge, the page's edge, a crossing ruling
    that never ends)."""
    window = max(2, round(FOLLOW_WINDOW_IN * dpi))
    reach = max(2, round(FOLLOW_SLOPE_IN * dpi))
    gap = max(2, round(RULING_GAP_IN * dpi))
    max_thick = MAX_RULING_THICK_IN * dpi
    h, w = ink.shape
    x = cols[-1]
    misses = 0
    while 0 <= x + step < w and misses <= gap:
        back = max(0, len(cols) - reach)
        slope = (centres[-1] - centres[back]) / (cols[-1] - cols[back]) if cols[-1] != cols[back] else 0.0
        x += step
        guess = centres[-1] + slope * (x - cols[-1])
        lo, hi = max(0, int(guess) - window), min(h, int(guess) + window + 1)
        runs = [(a + lo, b + lo) for a, b in _runs(ink[lo:hi, x])
                if b - a <= max_thick and not (a == 0 and b == hi - lo)
                and _whole_run_fits(ink[:, x], a + lo, b + lo, lo, hi, max_thick)]
        if not runs:
            misses += 1
            continue
        a, b = min(runs, key=lambda r: abs((r[0] + r[1] - 1) / 2 - guess))
        cols.append(x)
        centres.append((a + b - 1) / 2)
        misses = 0


def _whole_run_fits(column: np.ndarray, a: int, b: int, lo: int, hi: int, max_thick: float) -> bool:
    """Whether the run of ink `a`-`b` that the follow window `lo`-`hi` cut from `column`
    is, whole, a ruling's continuation: no thicker than a ruling, its centre inside the
    window. A run the window cuts at its edge belongs to something the window only
    grazes: a box or a character's stroke sitting on the ruling where the ruling itself
    is too faint to binarise. Taken for the ruling, its cut end drew the trace off the
    ruling into the glyph (a hook of 0.1 in), and the page was bent there."""
    n = column.size
    while a > 0 and column[a - 1] > 0:
        a -= 1
    while b < n and column[b] > 0:
        b += 1
    return b - a <= max_thick and lo <= (a + b - 1) / 2 < hi


def _meets_across(ink: np.ndarray, end: int, centre: float, step: int, dpi: float) -> bool:
    """Whether a ruling across runs at a trace's end (at `end`, its centre there
    `centre`, going on along `step`) or within HOLD_IN past it: a column of ink that
    fills the follow window round the centre, as a crossing ruling does (_follow). The
    end's own column counts: a trace can begin inside the ruling across it (the frame's
    ink joins the ruling's in the opening), and the frame's columns left beyond that
    end, a pixel or two, need not fill the window where the frame leans by a pixel."""
    window = max(2, round(FOLLOW_WINDOW_IN * dpi))
    h, w = ink.shape
    lo, hi = max(0, round(centre) - window), min(h, round(centre) + window + 1)
    for x in range(end, end + step * (round(HOLD_IN * dpi) + 1), step):
        if not 0 <= x < w:
            return False
        if bool((ink[lo:hi, x] > 0).all()):
            return True
    return False


def _traced(ink: np.ndarray, dpi: float) -> list[Curve]:
    """The long thin horizontal rulings in `ink` (255 on 0), each as a smoothed curve."""
    piece = max(3, round(RULING_PIECE_IN * dpi))
    gap = max(2, round(RULING_GAP_IN * dpi))
    mask = cv2.dilate(ink, np.ones((SLOPE_ROOM_PX, 1), np.uint8))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((1, piece), np.uint8))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((1, gap), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    min_len = MIN_CURVE_IN * dpi
    max_thick = MAX_RULING_THICK_IN * dpi + SLOPE_ROOM_PX
    sigma = SMOOTH_IN * dpi
    curves = []
    for label in range(1, count):
        x, y, w, h = (int(v) for v in stats[label, :4])
        if w < min_len:
            continue
        mine = labels[y:y + h, x:x + w] == label
        thick = mine.sum(axis=0)
        present = thick > 0
        if float(np.median(thick[present])) > max_thick:
            continue
        rows = np.arange(y, y + h, dtype=np.float32)[:, None]
        centre = (mine * rows).sum(axis=0)[present] / thick[present]
        cols = (np.flatnonzero(present) + x).tolist()
        ahead, centres = cols[:], centre.tolist()
        _follow(ink, ahead, centres, 1, dpi)
        behind, back = cols[::-1], centre.tolist()[::-1]
        _follow(ink, behind, back, -1, dpi)
        traced = len(cols)
        cols = behind[traced:][::-1] + ahead
        centres = back[traced:][::-1] + centres
        start, stop = cols[0], cols[-1] + 1
        across = np.interp(np.arange(start, stop), cols, centres).astype(np.float32)
        across = cv2.GaussianBlur(across[None, :], (0, 0), sigmaX=sigma, borderType=cv2.BORDER_REPLICATE)[0]
        opened = across[x - start:x - start + w]  # the columns the opening found
        target = float(np.median(across))
        curves.append(Curve(start=start, across=across, target=target, bend=_bend(opened),
                            stray=float(np.abs(opened - target).max()),
                            meets_start=_meets_across(ink, start, centres[0], -1, dpi),
                            meets_stop=_meets_across(ink, stop - 1, centres[-1], 1, dpi)))
    return _distinct(curves, SAME_RULING_IN * dpi)


def _distinct(curves: list[Curve], near: float) -> list[Curve]:
    """The curves without second traces of a ruling already traced (longest first)."""
    kept: list[Curve] = []
    for c in sorted(curves, key=lambda c: c.across.size, reverse=True):
        twin = False
        for k in kept:
            a, b = max(c.start, k.start), min(c.stop, k.stop)
            if a < b and float(np.median(np.abs(c.across[a - c.start:b - c.start] - k.across[a - k.start:b - k.start]))) < near:
                twin = True
                break
        if not twin:
            kept.append(c)
    return kept


def _bent(curves: list[Curve], dpi: float) -> int:
    return sum(c.bend > DEWARP_MIN_BEND_IN * dpi for c in curves)


def _leaning(curves: list[Curve], dpi: float) -> int:
    return sum(c.stray > DEWARP_MIN_BEND_IN * dpi for c in curves)


def _offset(c: Curve, start: int, stop: int) -> np.ndarray:
    """The curve's offset from its straight place at columns start to stop; past its own
    ends (by at most HOLD_IN, where _placed_by_neighbours lets it span) its end's offset
    is held."""
    at = np.clip(np.arange(start, stop) - c.start, 0, c.across.size - 1)
    return c.across[at] - c.target


def _placed_by_neighbours(curves: list[Curve], dpi: float) -> list[Curve]:
    """The curves, each piece of a ruling given the straight place its neighbours' bend
    implies. A ruling broken where text runs over it is traced in pieces, and a piece's
    own median lies where the warp under it puts it: a piece over a curled edge alone
    would be laid straight higher than the piece over the flat part, and the step
    between them read as a row of its own. A curve with a longer curve above or below
    that covers every column of it takes, at each of its columns, the offset the nearest
    such curves give there (interpolated between them by height, or the one held), and
    lies where its own trace less that offset says, as a median, unless that is less
    than PLACE_MIN_IN from its own; the longest keep their own. A curve covers another
    though it stops up to HOLD_IN short of its end: a trace stops that far short of the
    ruling across its end (the table's frame), so the frame's top rule, stopping a few
    pixels before a header rule under it, was no neighbour of it, and the header rule
    was placed by a rule far below, whose bend over the curl is not its own (the
    header's rows split in two)."""
    least = PLACE_MIN_IN * dpi
    hold = round(HOLD_IN * dpi)
    placed: list[Curve] = []
    for c in sorted(curves, key=lambda c: c.across.size, reverse=True):
        spanning = [k for k in placed if k.start <= c.start + hold and k.stop >= c.stop - hold
                    and k.across.size > c.across.size]
        above = [k for k in spanning if k.target <= c.target]
        below = [k for k in spanning if k.target > c.target]
        if not above and not below:
            placed.append(c)
            continue
        if above and below:
            a = max(above, key=lambda k: k.target)
            b = min(below, key=lambda k: k.target)
            share = (c.target - a.target) / (b.target - a.target)
            offset = (1 - share) * _offset(a, c.start, c.stop) + share * _offset(b, c.start, c.stop)
        else:
            near = max(above, key=lambda k: k.target) if above else min(below, key=lambda k: k.target)
            offset = _offset(near, c.start, c.stop)
        target = float(np.median(c.across - offset))
        if abs(target - c.target) < least:
            placed.append(c)
            continue
        # Its stray from the new place is at most the old stray and the move.
        placed.append(replace(c, target=target, stray=c.stray + abs(target - c.target)))
    return placed


def _straighten_rows(grey: np.ndarray, curves: list[Curve], dpi: float) -> np.ndarray:
    """`grey` remapped down each column so its horizontal rulings (`curves`) lie straight."""
    h, w = grey.shape[:2]
    targets = np.array([c.target for c in curves], dtype=np.float32)
    order = np.argsort(targets)
    targets = targets[order]
    offsets = np.full((len(curves), w), np.nan, dtype=np.float32)
    hold = round(HOLD_IN * dpi)
    for row, i in enumerate(order):
        c = curves[i]
        if c.meets_start:
            offsets[row, max(0, c.start - hold):c.start] = c.across[0] - c.target
        if c.meets_stop:
            offsets[row, c.stop:c.stop + hold] = c.across[-1] - c.target
        offsets[row, c.start:c.stop] = c.across - c.target
    rows = np.arange(h, dtype=np.float32)
    shift = np.zeros((h, w), dtype=np.float32)
    covered = ~np.isnan(offsets)
    have = np.flatnonzero(covered.any(axis=0))
    for x in range(w):
        # A column no ruling crosses takes the nearest column that one does.
        col = x if covered[:, x].any() else int(have[np.argmin(np.abs(have - x))])
        valid = covered[:, col]
        shift[:, x] = np.interp(rows, targets[valid], offsets[valid, col])
    source = rows[:, None] + shift
    # Never fold the page: a stray curve that disagrees with its neighbours could make
    # two output rows read one source row in reverse order.
    source = np.maximum.accumulate(source, axis=0)
    map_x = np.broadcast_to(np.arange(w, dtype=np.float32)[None, :], (h, w)).copy()
    return cv2.remap(grey, map_x, source.astype(np.float32), cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def _without_ground(grey: np.ndarray, dpi: float) -> np.ndarray:
    """`grey` with the dark ground round the page (touching the frame's edge) painted paper."""
    _, dark = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    size = max(3, round(GROUND_ERODE_IN * dpi))
    kernel = np.ones((size, size), np.uint8)
    wide = cv2.erode(dark, kernel)
    _, labels = cv2.connectedComponents(wide)
    edge = np.unique(np.concatenate((labels[0], labels[-1], labels[:, 0], labels[:, -1])))
    edge = edge[edge > 0]
    if edge.size == 0:
        return grey
    ground = cv2.bitwise_and(cv2.dilate(np.isin(labels, edge).astype(np.uint8) * 255, kernel), dark)
    # Its soft grey rim, where the ground shades into the paper, goes with it.
    ground = cv2.dilate(ground, np.ones((3, 3), np.uint8))
    out = grey.copy()
    out[ground > 0] = np.uint8(np.percentile(grey, PAPER_PERCENTILE))
    return out


def ruling_curves(grey: np.ndarray, dpi: float) -> tuple[list[Curve], list[Curve]]:
    """The long thin rulings of `grey`, horizontal and vertical, each as a smoothed
    curve; a vertical ruling's curve runs along the transposed page."""
    return _traced(binarize(grey, soft=True), dpi), _traced(binarize(np.ascontiguousarray(grey.T), soft=True), dpi)


def dewarp(grey: np.ndarray, dpi: float) -> np.ndarray:
    """The page with its bent rulings straightened, horizontal ones first, and the
    ground round it painted paper; `grey` itself when fewer than MIN_BENT_CURVES of its
    rulings, both ways, bend by DEWARP_MIN_BEND_IN. A page that bends is straightened
    each way its rulings bend: a table of a few tall rows has only two or three
    horizontal rulings, bent as much as its many vertical ones."""
    rows, columns = ruling_curves(grey, dpi)
    if _bent(rows, dpi) + _bent(columns, dpi) < MIN_BENT_CURVES:
        return grey
    out = _straighten_rows(grey, _placed_by_neighbours(rows, dpi), dpi) if _bent(rows, dpi) else grey
    across = np.ascontiguousarray(out.T)
    if out is not grey:  # the vertical rulings moved with the rows: traced again
        columns = _traced(binarize(across, soft=True), dpi)
    # On a page that bends, vertical rulings that lean are straightened too, bent or not:
    # a page rectified by the corners of a curled edge (off the page's plane) is drawn
    # in a perspective it does not have, its columns fanning out down the page, and a
    # cell cut square would lose its text's first characters at one end.
    if _bent(columns, dpi) or _leaning(columns, dpi):
        out = np.ascontiguousarray(_straighten_rows(across, columns, dpi).T)
    return grey if out is grey else _without_ground(out, dpi)
