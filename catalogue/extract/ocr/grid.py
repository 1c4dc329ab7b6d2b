"""The table grids from pixels: ruling strokes, their positions, and merged cells.

Rulings are found by morphological opening with long thin kernels; every distinct
ruling position becomes a grid line, and a cell spans several grid rows or columns
where the ruling between them is missing (a merged cell).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from catalogue.extract.disjoint import DisjointSets
from catalogue.extract.ocr.creases import (
    BEYOND_FRAME_IN,
    CREASE_HALF_WIDTH_IN,
    Crease,
    off_sheet_lines,
    sheet_lines,
)
from catalogue.raw import CellSpan

# Lengths in inches, so they hold at any working resolution.
H_STROKE_IN = 0.25  # a horizontal ruling piece is at least this long; CJK strokes are shorter
V_STROKE_IN = 0.18  # rows can be one text line high, so vertical pieces are shorter
GAP_IN = 0.04  # breaks in a ruling (scan dropouts) up to this long are bridged
SAME_LINE_IN = 0.04  # ruling pieces this close across their length are one grid line
MIN_RULING_IN = 0.35  # shorter grid lines are strokes of text, not rulings
# Two column rulings closer than this make no column: the smallest type of a catalogue
# (5.5 pt, 0.076 in a character) does not fit between them. Where they never run side by
# side (one stops where the other goes on), they are the pieces of one ruling that a
# photograph's straightening laid down a few pixels apart, and are one line (on a page
# that was straightened only: elsewhere the pieces of a ruling lie on one line).
SPLIT_RULING_IN = 0.08
MIN_TABLE_IN = (1.0, 0.4)  # smaller ruled areas (a box, a logo) are not tables
# A page can hold several ruled tables (a catalogue in parts, each under its heading),
# and ruled things that are not tables.
# A catalogue table names at least an item, its content and who publishes it: a box
# ruled round a title, a page border or a frame has one or two columns. Set by that
# reason, not tuned.
MIN_TABLE_COLS = 3
# The tables of a catalogue page are set to the width of its text block, or nearly;
# a stamp frame or a note boxed beside a table is a fraction of it. Not tuned: half,
# far from both.
MIN_WIDTH_SHARE = 0.5
SEPARATOR_COVER = 0.6  # share of a cell edge a ruling must cover to separate two cells
# Broken rulings (worn toner, faint grey rules): pieces between breaks can be
# shorter than a stroke above, so breaks
# are bridged first and pieces this long kept, but only on the line of a ruling found
# whole elsewhere: a bridged row of text is never on such a line.
FRAGMENT_IN = 0.08
# Breaks up to this long join ruling pieces into one table when the table's extent is
# sought: a faint ruling loses pieces shorter than a stroke (H_STROKE_IN) with their
# breaks; two tables on a page stand farther apart than this.
REGION_BRIDGE_IN = 0.1
# A stretch of grid line is judged by its faint ink only when longer than a character:
# one stroke of a blurred grey character can cover a shorter one.
FAINT_MIN_STRETCH_IN = 0.16


@dataclass(frozen=True)
class PixelCell(CellSpan):
    """A cell of a scan's grid. Its box is in pixels, on the rulings (x0, y0, x1, y1);
    `bbox` stays empty: the RawCell made of it gives the box in points."""

    x0: int
    y0: int
    x1: int
    y1: int


@dataclass
class PixelGrid:
    """A table's grid found in a scan's ink, in pixels (a PDF's is pdf/geometry.RuledGrid)."""

    xs: list[int]
    ys: list[int]
    cells: list[PixelCell]
    rulings: np.ndarray  # uint8 mask of ruling pixels (255), for erasing before OCR

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1

    @property
    def width(self) -> int:
        return self.xs[-1] - self.xs[0]


@dataclass
class _Line:
    pos: float  # y of a horizontal line, x of a vertical one
    spans: list[tuple[int, int]]  # covered stretches along the line

    def cover(self, a: int, b: int) -> float:
        if b <= a:
            return 1.0
        hit = sum(max(0, min(b, e) - max(a, s)) for s, e in self.spans)
        return hit / (b - a)


def _px(inches: float, dpi: float) -> int:
    return max(2, round(inches * dpi))


def ruling_masks(ink: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    gap = _px(GAP_IN, dpi)
    h = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (_px(H_STROKE_IN, dpi), 1)))
    h = cv2.morphologyEx(h, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    v = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, _px(V_STROKE_IN, dpi))))
    v = cv2.morphologyEx(v, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    return h, v


def fragment_masks(ink: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """Short ruling pieces with their breaks bridged: what a broken ruling leaves."""
    gap, length = _px(GAP_IN, dpi), _px(FRAGMENT_IN, dpi)
    h = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    h = cv2.morphologyEx(h, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    v = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    v = cv2.morphologyEx(v, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    return h, v


FRAGMENT_ON_LINE_IN = 0.012  # a fragment of a ruling lies within a ruling's width of its line


FRAGMENT_CLEAR_MAX = 0.12  # share of inked pixels just beside a ruling fragment: a ruling has paper on both sides


def _clear_beside(ink: np.ndarray, pos: float, s: int, e: int, tol: int) -> bool:
    """Paper on both sides of a horizontal stretch (ink transposed for a vertical one):
    a ruling is a thin line; a row of text bridged into a run has strokes above and below."""
    y = round(pos)
    above = ink[max(0, y - 3 * tol): max(0, y - tol - 1), s:e]
    below = ink[y + tol + 2: y + 3 * tol + 1, s:e]
    return all(side.size == 0 or float((side > 0).mean()) <= FRAGMENT_CLEAR_MAX for side in (above, below))


def _faint_cover(faint: np.ndarray, ink: np.ndarray, pos: float, a: int, b: int, dpi: float,
                 short: bool = False) -> float:
    """The share of [a, b) along a horizontal grid line (arrays transposed for a
    vertical one) where a faint ruling lies: faint ink on the line with paper on at
    least one side of it, just past the ruling's blur. Text set tight in a cell
    touches a ruling on one side only; a stroke of text crossing the line of a merged
    cell has ink on both. A `short` stretch (under FAINT_MIN_STRETCH_IN) is taken as
    it is, and needs paper on both sides."""
    tol, slack = _px(FRAGMENT_ON_LINE_IN, dpi), _px(SAME_LINE_IN, dpi)
    y = round(pos)
    if b <= a or (b - a < FAINT_MIN_STRETCH_IN * dpi and not short):
        return 0.0
    if y - slack - tol - 2 < 0 or y + slack + tol + 2 >= ink.shape[0]:
        return 0.0
    # The line's pos is its mean over the page: a trace of skew left after deskewing
    # moves it a few pixels at this stretch. Its row here is the most inked one near.
    y += int(np.argmax(faint[y - slack: y + slack + 1, a:b].sum(axis=1, dtype=np.int64))) - slack
    on_line = faint[y - tol: y + tol + 1, a:b].any(axis=0)
    before, after = ink[y - tol - 2, a:b] == 0, ink[y + tol + 2, a:b] == 0
    open_side = (before & after) if short else (before | after)
    return float((on_line & open_side).mean())


def _uncovered(spans: list[tuple[int, int]], s: int, e: int) -> list[tuple[int, int]]:
    """The parts of [s, e) that no span covers."""
    out, at = [], s
    for a, b in sorted(spans):
        if b <= at or a >= e:
            continue
        if a > at:
            out.append((at, a))
        at = max(at, b)
    if at < e:
        out.append((at, e))
    return out


def _extend(lines: list[_Line], fragments: list[_Line], dpi: float, ink: np.ndarray) -> list[tuple[float, int, int]]:
    """Join to each line the fragments on it that continue it: a fragment within a
    ruling's width of the line whose end meets one of the line's pieces (across a
    break no longer than GAP_IN), repeatedly. Text that bridging made into a run
    starts inside a cell, away from the rulings' ends. Returns what was added, as
    (position, start, end)."""
    tol, gap = _px(FRAGMENT_ON_LINE_IN, dpi), _px(GAP_IN, dpi)
    added = []
    for line in lines:
        todo = sorted(span for f in fragments if abs(f.pos - line.pos) <= tol for span in f.spans)
        grew = True
        while todo and grew:
            grew = False
            for span in list(todo):
                s, e = span
                new = _uncovered(line.spans, s, e)
                if any(s <= pe + gap and e >= ps - gap for ps, pe in line.spans) \
                        and all(_clear_beside(ink, line.pos, a, b, tol) for a, b in new):
                    line.spans = _merge([(line.pos, a, b) for a, b in [*line.spans, span]]).spans
                    added.append((line.pos, s, e))
                    todo.remove(span)
                    grew = True
    return added


def _lines(mask: np.ndarray, horizontal: bool, dpi: float) -> list[_Line]:
    """Group ruling pieces into lines by their position across the stroke."""
    return [_merge(group) for group in _groups(mask, horizontal, dpi)]


def _groups(mask: np.ndarray, horizontal: bool, dpi: float) -> list[list[tuple[float, int, int]]]:
    """The ruling pieces of a mask (position across, start and end along), in groups
    of one grid line each."""
    n, _, stats, centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
    pieces = []
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        if horizontal:
            pieces.append((float(centroids[i][1]), int(x), int(x + w)))
        else:
            pieces.append((float(centroids[i][0]), int(y), int(y + h)))
    pieces.sort()
    tol = _px(SAME_LINE_IN, dpi)
    groups: list[list[tuple[float, int, int]]] = []
    group: list[tuple[float, int, int]] = []
    for piece in pieces:
        if group and piece[0] - group[-1][0] > tol:
            groups.append(group)
            group = []
        group.append(piece)
    if group:
        groups.append(group)
    return groups


def _long(lines: list[_Line], dpi: float) -> list[_Line]:
    min_len = _px(MIN_RULING_IN, dpi)
    return [ln for ln in lines if sum(e - s for s, e in ln.spans) >= min_len]


def _anchored(short: list[_Line], across: list[_Line], dpi: float) -> list[_Line]:
    """Short lines that run from one ruling across them to another: the column rules
    of a one-line header row (一级 二级 三级 …) are shorter than MIN_RULING_IN, but a
    text stroke never starts and ends on two rulings."""
    slack = _px(SAME_LINE_IN, dpi)
    out = []
    for line in short:
        start, end = line.spans[0][0], line.spans[-1][1]
        ends = [a for a in across if a.cover(round(line.pos) - 1, round(line.pos) + 2) > 0]
        if any(abs(a.pos - start) <= slack for a in ends) and any(abs(a.pos - end) <= slack for a in ends) \
                and sum(e - s for s, e in line.spans) >= 0.8 * (end - start):
            out.append(line)
    return out


def _anchored_faint(short: list[_Line], across: list[_Line], faint: np.ndarray, ink: np.ndarray,
                    dpi: float) -> tuple[list[_Line], list[tuple[float, int, int]]]:
    """Short lines that are not `_anchored` whole but lie on a faint ruling running from
    one ruling across them to another: a header sub-rule spanning a few columns (under
    公开事项) printed faint and broken keeps a piece a
    stroke long at most, and text touching it cuts its faint ink into pieces farther
    apart than a break. From the rulings across nearest the piece's ends, column by
    column outwards while the faint ruling covers each (`_faint_cover`, as a separator
    is judged); kept when it covers every column the piece lies in. Returns the lines and
    their stretches (position, start, end), as `_extend` does."""
    slack = _px(SAME_LINE_IN, dpi)
    lines, added = [], []
    for line in short:
        if _anchored([line], across, dpi):
            lines.append(line)
            continue
        y = round(line.pos)
        xs = sorted(round(a.pos) for a in across if a.cover(y - 1, y + 2) > 0)
        start, end = line.spans[0][0], line.spans[-1][1]
        left = [x for x in xs if x <= start + slack]
        right = [x for x in xs if x >= end - slack]
        if not left or not right:
            continue
        i, j = xs.index(left[-1]), xs.index(right[0])

        def covered(p: int, q: int, pos: float = line.pos) -> bool:
            return p < q and _faint_cover(faint, ink, pos, p + slack, q - slack, dpi) >= SEPARATOR_COVER

        if i >= j or not all(covered(xs[k], xs[k + 1]) for k in range(i, j)):
            continue
        while i > 0 and covered(xs[i - 1], xs[i]):
            i -= 1
        while j + 1 < len(xs) and covered(xs[j], xs[j + 1]):
            j += 1
        lines.append(_Line(line.pos, [(xs[i], xs[j])]))
        added.append((line.pos, xs[i], xs[j]))
    return lines, added


def _merge(group: list[tuple[float, int, int]]) -> _Line:
    weights = [e - s for _, s, e in group]
    pos = float(np.average([p for p, _, _ in group], weights=weights))
    spans: list[tuple[int, int]] = []
    for _, s, e in sorted(group, key=lambda p: p[1]):
        if spans and s <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], e))
        else:
            spans.append((s, e))
    return _Line(pos, spans)


Box = tuple[int, int, int, int]


@dataclass
class _Region:
    """Ruled structures (labels of the page's label image) that are one table, or one
    thing ruled that is no table (`table` False)."""

    labels: list[int]
    box: Box  # x0, y0, x1, y1 in pixels
    table: bool


def _columns(v: np.ndarray, labels: np.ndarray, own: list[int], dpi: float) -> int:
    """How many columns the long vertical rulings of these structures make."""
    mask = np.isin(labels, own).astype(np.uint8) * 255
    return len(_long(_lines(cv2.bitwise_and(v, mask), False, dpi), dpi)) - 1


def _within(inner: Box, outer: Box, slack: int) -> bool:
    return outer[0] - slack <= inner[0] and inner[2] <= outer[2] + slack \
        and outer[1] - slack <= inner[1] and inner[3] <= outer[3] + slack


def _one_table(a: Box, b: Box, a_columns: int, b_columns: int | None, slack: int) -> bool:
    """Whether two ruled structures, `a` large enough to be a table, are pieces of one
    table that breaks in its rulings cut apart (faint or worn rules).
    Boxes that overlap are, unless one holds the other and has too few columns of its
    own to be a table (a page border round a whole table). Boxes side by side are when
    they run between the same top and bottom rulings."""
    if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
        if _within(b, a, slack):
            return a_columns >= MIN_TABLE_COLS
        if _within(a, b, slack):
            return b_columns is not None and b_columns >= MIN_TABLE_COLS
        return True
    return abs(a[1] - b[1]) <= slack and abs(a[3] - b[3]) <= slack


def _page_sheet_lines(mask: np.ndarray, horizontal: bool, dpi: float) -> list[Crease]:
    """The lines of `mask` that run across the whole sheet (a fold's crease, a copier's
    streak: creases.sheet_lines), the frame drawn by every ruling on the page."""
    height, width = mask.shape
    return sheet_lines(_groups(mask, horizontal, dpi), dpi, MIN_RULING_IN,
                       sheet=(width, height) if horizontal else (height, width))


def _off_sheet(mask: np.ndarray, creases: list[Crease], horizontal: bool, dpi: float) -> np.ndarray:
    """`mask` without the pieces that lie on one of `creases`."""
    if not creases:
        return mask
    near, beyond = CREASE_HALF_WIDTH_IN * dpi, BEYOND_FRAME_IN * dpi
    n, labels, stats, centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = mask.copy()
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        piece = (float(centroids[i][1]), int(x), int(x + w)) if horizontal else (float(centroids[i][0]), int(y),
                                                                                 int(y + h))
        if any(crease.lies_on(piece, near, beyond) for crease in creases):
            out[labels == i] = 0
    return out


def _table_regions(h: np.ndarray, v: np.ndarray, dpi: float) -> tuple[np.ndarray, list[_Region]]:
    """The page's ruled structures large enough to be a table, as a label image and
    regions. Rulings broken into pieces (faint or worn rules) are joined across breaks
    up to REGION_BRIDGE_IN first; pieces a longer break cut off are joined to the
    table they belong to (`_one_table`)."""
    bridge = _px(REGION_BRIDGE_IN, dpi)
    both = cv2.dilate(cv2.bitwise_or(h, v), cv2.getStructuringElement(cv2.MORPH_RECT, (bridge, bridge)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(both, connectivity=8)
    boxes = [(int(x), int(y), int(x + w), int(y + hh)) for x, y, w, hh, _ in stats]
    columns = {i: _columns(v, labels, [i], dpi) for i in range(1, n)
               if stats[i][2] >= MIN_TABLE_IN[0] * dpi and stats[i][3] >= MIN_TABLE_IN[1] * dpi}
    slack = _px(SAME_LINE_IN, dpi)
    sets = DisjointSets(n)
    for a in columns:
        for b in range(1, n):
            if b != a and not (b in columns and b < a) and _one_table(boxes[a], boxes[b], columns[a],
                                                                      columns.get(b), slack):
                sets.union(a, b)
    regions = []
    for group in sets.groups():
        if not any(i in columns for i in group):
            continue  # the paper, or ruled pieces too small for a table
        box = (min(boxes[i][0] for i in group), min(boxes[i][1] for i in group),
               max(boxes[i][2] for i in group), max(boxes[i][3] for i in group))
        # Not a box around a title, a page border or a stamp frame: too few columns.
        count = columns[group[0]] if len(group) == 1 else _columns(v, labels, group, dpi)
        regions.append(_Region(group, box, count >= MIN_TABLE_COLS))
    return labels, regions


def detect_grids(ink: np.ndarray, dpi: float, faint: np.ndarray | None = None,
                 straightened: bool = False) -> list[PixelGrid]:
    """Every ruled table on the page, in reading order (top to bottom, then left to
    right, as the text path orders a page's tables). `faint`, where given, is ink down
    to a lighter grey (preprocess.faint_ink): pieces of a faint ruling are taken from
    it, on the lines found in `ink`. `straightened`: the page's bent rulings were laid
    straight (dewarp), in pieces that may lie a few pixels apart (SPLIT_RULING_IN)."""
    h_mask, v_mask = ruling_masks(ink, dpi)
    if faint is not None:  # the tables' extent: faint rulings count, though their lines come from `ink`
        faint_h, faint_v = ruling_masks(faint, dpi)
        h_extent, v_extent = cv2.bitwise_or(h_mask, faint_h), cv2.bitwise_or(v_mask, faint_v)
    else:
        h_extent, v_extent = h_mask, v_mask
    # A line across the whole sheet (a fold, a copier's streak) crosses the paper between
    # two tables of a page and would make them one ruled structure: one grid, the second
    # table's title a row across the first's columns, its cells cut at the first's
    # column rules. It is no part of any table's extent, and no ruling of any grid.
    on_sheet = (_page_sheet_lines(h_extent, True, dpi), _page_sheet_lines(v_extent, False, dpi))
    labels, regions = _table_regions(_off_sheet(h_extent, on_sheet[0], True, dpi),
                                     _off_sheet(v_extent, on_sheet[1], False, dpi), dpi)
    if not any(region.table for region in regions):
        return []
    h_frag, v_frag = fragment_masks(ink if faint is None else faint, dpi)
    found = []
    for region in regions:
        if not region.table:
            continue
        # A table's window is its box without the other ruled structures in it.
        others = np.isin(labels, [label for other in regions if other is not region for label in other.labels])
        grid = _grid_in(region.box, others, h_mask, v_mask, h_frag, v_frag, ink, dpi, faint, on_sheet, straightened)
        if grid is not None:
            found.append(grid)
    # Nor a note boxed beside the table: too narrow for the page's text block.
    widest = max((g.width for g in found), default=0)
    return sorted((g for g in found if g.width >= MIN_WIDTH_SHARE * widest), key=lambda g: (g.ys[0], g.xs[0]))


def _sheet_lines(groups: list[list[tuple[float, int, int]]], mask: np.ndarray, frag: np.ndarray,
                 band: np.ndarray, horizontal: bool, dpi: float, faint: bool) -> list[Crease]:
    """The lines across the sheet among a table's ruling pieces (`groups`, of `mask`),
    judged with the faint path's fragments (`frag`) in the table's `band` where the page
    has a faint path, the frame drawn by the table's own rulings."""
    height, width = mask.shape
    sheet = (width, height) if horizontal else (height, width)
    if not faint:
        return sheet_lines(groups, dpi, MIN_RULING_IN, sheet=sheet)
    evidence = _groups(cv2.bitwise_or(mask, cv2.bitwise_and(frag, band)), horizontal, dpi)
    return sheet_lines(evidence, dpi, MIN_RULING_IN, frame=groups, sheet=sheet)


def _grid_in(region: Box, others: np.ndarray, h_mask: np.ndarray, v_mask: np.ndarray,
             h_frag: np.ndarray, v_frag: np.ndarray, ink: np.ndarray, dpi: float,
             faint: np.ndarray | None, on_sheet: tuple[list[Crease], list[Crease]] = ([], []),
             straightened: bool = False) -> PixelGrid | None:
    """The grid of the rulings inside one table's region (but outside `others`).
    `on_sheet`: the lines found across the whole page's sheet (horizontal, vertical),
    dropped with those found along the table's band."""
    rx0, ry0, rx1, ry1 = region
    pad = _px(SAME_LINE_IN, dpi)
    window = np.zeros_like(ink)
    window[max(0, ry0 - pad): ry1 + pad, max(0, rx0 - pad): rx1 + pad] = 255
    window[others] = 0
    h_mask = cv2.bitwise_and(h_mask, window)
    v_mask = cv2.bitwise_and(v_mask, window)
    # A fold's crease is as long and straight as a ruling, but runs on across the margins;
    # so does a copier's grey streak, seen whole only in the faint pieces and beyond the
    # window: lines are judged on those, the sheet along, in the table's band across.
    h_groups, v_groups = _groups(h_mask, True, dpi), _groups(v_mask, False, dpi)
    band = np.zeros_like(ink)
    band[max(0, ry0 - pad): ry1 + pad, :] = 255
    band[others] = 0
    h_creases = [*_sheet_lines(h_groups, h_mask, h_frag, band, True, dpi, faint is not None), *on_sheet[0]]
    band = np.zeros_like(ink)
    band[:, max(0, rx0 - pad): rx1 + pad] = 255
    band[others] = 0
    v_creases = [*_sheet_lines(v_groups, v_mask, v_frag, band, False, dpi, faint is not None), *on_sheet[1]]
    h_all = [_merge(g) for g in off_sheet_lines(h_groups, h_creases, dpi)]
    v_all = [_merge(g) for g in off_sheet_lines(v_groups, v_creases, dpi)]
    h_lines, v_lines = _long(h_all, dpi), _long(v_all, dpi)
    short_h = [ln for ln in h_all if ln not in h_lines]
    short_v = [ln for ln in v_all if ln not in v_lines]
    h_frag, v_frag = cv2.bitwise_and(h_frag, window), cv2.bitwise_and(v_frag, window)
    h_frag_lines = [_merge(g) for g in off_sheet_lines(_groups(h_frag, True, dpi), h_creases, dpi)]
    v_frag_lines = [_merge(g) for g in off_sheet_lines(_groups(v_frag, False, dpi), v_creases, dpi)]
    h_added = _extend(h_lines, h_frag_lines, dpi, ink)
    v_added = _extend(v_lines, v_frag_lines, dpi, ink.T)
    if faint is None:
        h_lines = sorted(h_lines + _anchored(short_h, v_lines, dpi), key=lambda ln: ln.pos)
        v_lines = sorted(v_lines + _anchored(short_v, h_lines, dpi), key=lambda ln: ln.pos)
    else:
        h_short, h_more = _anchored_faint(short_h, v_lines, faint, ink, dpi)
        h_lines = sorted(h_lines + h_short, key=lambda ln: ln.pos)
        v_short, v_more = _anchored_faint(short_v, h_lines, faint.T, ink.T, dpi)
        v_lines = sorted(v_lines + v_short, key=lambda ln: ln.pos)
        h_added += h_more
        v_added += v_more
    v_lines, v_pieces = _joined_pieces(v_lines, dpi) if straightened else (v_lines, [])
    if len(h_lines) < 2 or len(v_lines) < 2:
        return None
    slack = _px(SAME_LINE_IN, dpi)

    def separates(line: _Line, a: int, b: int, horizontal: bool) -> bool:
        if line.cover(a, b) >= SEPARATOR_COVER:
            return True
        if faint is None:
            return False
        f, i = (faint, ink) if horizontal else (faint.T, ink.T)
        if b - a >= FAINT_MIN_STRETCH_IN * dpi:
            return _faint_cover(f, i, line.pos, a, b, dpi) >= SEPARATOR_COVER
        # Shorter than a character (the column rule of a one-line header row): judged
        # from ruling to ruling, where a faint rule runs into the rules across it and
        # text stops short of them, and with paper on both sides of the line: a stroke
        # of blurred black text beside it is as long, but has paper on one side only.
        return _faint_cover(f, i, line.pos, a - slack, b + slack, dpi, short=True) >= SEPARATOR_COVER

    # A line that parts no two cells is no ruling: the sides of boxes stacked down a
    # cell, one an option line, line up into a long straight stroke. It is dropped, and
    # its pixels stay ink (`_off_grid`): erased, the boxes would lose a side.
    while True:
        cells = _cells(h_lines, v_lines, separates, slack)
        xs = [round(ln.pos) for ln in v_lines]
        ys = [round(ln.pos) for ln in h_lines]
        idle_v = [ln for k, ln in enumerate(v_lines[1:-1], 1) if not any(xs[k] in (c.x0, c.x1) for c in cells)]
        idle_h = [ln for k, ln in enumerate(h_lines[1:-1], 1) if not any(ys[k] in (c.y0, c.y1) for c in cells)]
        if not idle_v and not idle_h:
            break
        v_lines = [ln for ln in v_lines if ln not in idle_v]
        h_lines = [ln for ln in h_lines if ln not in idle_h]
    # Fragments on a grid line are ruling too: erased before OCR like the rest.
    tol = _px(FRAGMENT_ON_LINE_IN, dpi)
    rulings: np.ndarray = cv2.bitwise_or(cv2.subtract(h_mask, _off_grid(h_mask, h_all, h_lines, True, dpi)),
                                         cv2.subtract(v_mask, _off_grid(v_mask, v_all, v_lines + v_pieces, False, dpi)))
    for pos, a, b in h_added:
        y = round(pos)
        rulings[max(0, y - tol): y + tol + 1, a:b] |= h_frag[max(0, y - tol): y + tol + 1, a:b]
    for pos, a, b in v_added:
        x = round(pos)
        rulings[a:b, max(0, x - tol): x + tol + 1] |= v_frag[a:b, max(0, x - tol): x + tol + 1]
    return PixelGrid(xs=xs, ys=ys, cells=cells, rulings=rulings)


def _joined_pieces(lines: list[_Line], dpi: float) -> tuple[list[_Line], list[_Line]]:
    """Neighbouring lines (sorted by position) closer than SPLIT_RULING_IN that never
    run side by side (their spans overlap by no more than a ruling's GAP_IN) joined into
    one, and the pieces so joined (still ruling, to be erased where they lie)."""
    near, gap = SPLIT_RULING_IN * dpi, _px(GAP_IN, dpi)
    out: list[_Line] = []
    pieces: list[_Line] = []
    for line in lines:
        last = out[-1] if out else None
        if (last is not None and line.pos - last.pos < near
                and sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in last.spans for s2, e2 in line.spans) <= gap):
            pieces.extend(p for p in (last, line) if p not in pieces)
            weights = (sum(e - s for s, e in last.spans), sum(e - s for s, e in line.spans))
            pos = (last.pos * weights[0] + line.pos * weights[1]) / max(1, sum(weights))
            out[-1] = _Line(pos, sorted([*last.spans, *line.spans]))
        else:
            out.append(line)
    return out, pieces


def _cells(h_lines: list[_Line], v_lines: list[_Line], separates: Callable[[_Line, int, int, bool], bool],
           slack: int) -> list[PixelCell]:
    """The cells of a grid: grid positions with no ruling between them (`separates`
    says where there is one, judged `slack` in from the rulings across) are one merged
    cell."""
    ys = [round(ln.pos) for ln in h_lines]
    xs = [round(ln.pos) for ln in v_lines]
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    sets = DisjointSets(n_rows * n_cols)
    for r in range(n_rows):
        for c in range(n_cols - 1):
            if not separates(v_lines[c + 1], ys[r] + slack, ys[r + 1] - slack, False):
                sets.union(r * n_cols + c, r * n_cols + c + 1)
    for r in range(n_rows - 1):
        for c in range(n_cols):
            if not separates(h_lines[r + 1], xs[c] + slack, xs[c + 1] - slack, True):
                sets.union(r * n_cols + c, (r + 1) * n_cols + c)
    cells = []
    for group in sets.groups():
        members = [divmod(i, n_cols) for i in group]
        r0 = min(r for r, _ in members)
        r1 = max(r for r, _ in members) + 1
        c0 = min(c for _, c in members)
        c1 = max(c for _, c in members) + 1
        cells.append(PixelCell(r0, c0, xs[c0], ys[r0], xs[c1], ys[r1], rowspan=r1 - r0, colspan=c1 - c0))
    cells.sort(key=lambda g: (g.row, g.col))
    return cells


def _off_grid(mask: np.ndarray, lines: list[_Line], grid: list[_Line], horizontal: bool, dpi: float) -> np.ndarray:
    """The pixels of `mask`'s pieces that lie on one of `lines` but on no line of the
    `grid`: long straight strokes that are no ruling."""
    slack = _px(SAME_LINE_IN, dpi)
    off = [ln.pos for ln in lines if all(abs(ln.pos - g.pos) > slack for g in grid)]
    out = np.zeros_like(mask)
    if not off:
        return out
    n, labels, _, centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
    across = 1 if horizontal else 0
    for i in range(1, n):
        pos = float(centroids[i][across])
        if any(abs(pos - p) <= slack for p in off) and all(abs(pos - g.pos) > slack for g in grid):
            out[labels == i] = 255
    return out
