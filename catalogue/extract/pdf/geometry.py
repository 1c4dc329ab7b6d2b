"""Ruled tables from page geometry: rulings → grid → cells (with spans) → cell text.

Works on a neutral description of a page (`PageContent`), which both PDF readers
(pdfium, pdfplumber) produce, so the two give the same cells. All coordinates are in
points, origin at the top-left of the page as displayed (rotation already applied).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from statistics import median

from catalogue.extract.disjoint import DisjointSets
from catalogue.raw import (
    LINE_HEIGHT,
    TEXT_AT_BOTTOM,
    TEXT_AT_TOP,
    Box,
    CellSpan,
    MarkBox,
    RawCell,
    RawTable,
)
from catalogue.schemas.vocabulary import CHECKED_MARKS, UNCHECKED_MARKS, UNREADABLE_MARKS

# Rulings closer than this are one line (Word draws a border once per cell, a hair apart).
SNAP_TOLERANCE = 2.0
# Pieces of one ruling with a gap up to this are joined.
JOIN_TOLERANCE = 2.0
# A ruling that covers at least this share of a grid edge separates the two cells.
EDGE_COVERAGE = 0.5
# Filled rectangles this thin are rulings (Word prints borders as thin filled rectangles).
THIN = 2.0
# Rulings shorter than this are noise (dashes, tick strokes).
MIN_RULING = 3.0
# A grid smaller than this either way is a drawn check box or an ornament, not a table.
MIN_TABLE = 20.0
# ... unless it is one row of a table alone on its page (the last row, pushed over the
# break): the page's only grid (a ruled bar of 填报单位 | 填报日期 beside a table is a
# form's, not a row of it), as wide as a table, at least this many columns (a check box
# or a framed word has one), and as tall as a line of the smallest print (5 pt type
# and its leading).
MIN_ROW_COLUMNS = 3
MIN_ROW_HEIGHT = 6.0
# A gap wider than this share of the font size is a space. Space glyphs themselves are
# dropped (pdfium cannot tell them from its own guesses), so a real space (0.2–0.28 em)
# must pass, and kerning (< 0.05 em) must not.
SPACE_GAP = 0.15
# pdfium gives coordinates as 32-bit floats, pdfminer as doubles: a gap this close to
# the space threshold must fall on the same side whichever reader measured it.
COORD_EPSILON = 0.01  # points
# Glyphs whose place is recorded (RawTable.marks), after symbol fonts became ☑ ☐ ⍰.
MARK_GLYPHS = CHECKED_MARKS | UNCHECKED_MARKS | UNREADABLE_MARKS
# Chars are on one line when their centres are this share of the font size apart, or less.
LINE_TOLERANCE = 0.45
# Two chars of a line that start this share of the font size apart, or less, are drawn
# over each other: no glyph advances this little (the narrowest, a proportional "i" or
# ".", advance about 0.2 em). LibreOffice sometimes draws a fallback-font ☑ and the first
# character of its label at one x (0.01 pt apart, either way round); the mark is read
# first, as a mark starts the option it marks (and pdfium's character order is not the
# drawing order, so that cannot settle it).
COINCIDENT_START = 0.1


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    baseline: float
    size: float
    font: str = ""

    # A nominal box from baseline and size, the same whatever the reader: engines
    # disagree on glyph boxes, and the decisions below must not.
    @property
    def top(self) -> float:
        return self.baseline - 0.8 * self.size

    @property
    def bottom(self) -> float:
        return self.baseline + 0.2 * self.size

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return self.baseline - 0.3 * self.size


@dataclass(slots=True)
class VectorPath:
    """One subpath of a painted path (a ruling, a drawn box, a tick), in points."""

    points: list[tuple[float, float]]
    stroke: bool
    fill: bool
    closed: bool = False
    curved: bool = False
    fill_gray: float = 0.0  # 0 black … 1 white, for filled paths

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        points = self.points
        if len(points) == 2:  # a line (most of a ruled page's paths): min and max by comparison, as they pick
            (ax, ay), (bx, by) = points
            return (bx if bx < ax else ax, by if by < ay else ay, bx if bx > ax else ax, by if by > ay else ay)
        xs, ys = zip(*points, strict=True)  # asked for every path three times a page: no comprehensions
        return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True, slots=True)
class Picture:
    """An image drawn on a page small enough to stand for a mark (extract/pictures.py):
    its box in display points and what it shows (a digest of its data: a picture placed
    twenty times is one kind)."""

    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    kind: str


@dataclass
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    paths: list[VectorPath] = field(default_factory=list)
    image_cover: float = 0.0  # share of the page covered by images
    pictures: list[Picture] = field(default_factory=list)  # the images of a mark's size (pictures.is_mark_sized)
    # Facts about the text layer that say whether its decoded text can be trusted
    # (catalogue.extract.pdf.text judges them): fonts whose decoding depends on the
    # machine, and text objects that decoded to nothing.
    unembedded_fonts: tuple[str, ...] = ()
    text_objects: int = 0
    silent_text_objects: int = 0
    # Of text_objects on a page with images, those drawn visibly over the largest image
    # (a letterhead's, watermark's or coloured page's text), not hidden under it or
    # invisible (a scanner's text layer); 0 where the reader cannot tell (pdfminer, OFD).
    shown_text_objects: int = 0
    # Characters drawn invisibly (render mode 3 or 7) on a page with visible text, left out
    # of `chars` (readers.PdfiumReader._chars); 0 where the reader cannot tell.
    hidden_chars: int = 0
    # The quarter turn (clockwise, degrees) by which the page's text runs from left to
    # right as displayed, which the reader undid: every coordinate above is in the
    # frame where the text reads upright, `width` and `height` too (see text_turn).
    turn: int = 0


@dataclass(slots=True)
class Ruling:
    horizontal: bool
    pos: float  # y of a horizontal ruling, x of a vertical one
    start: float
    end: float


# Two coordinates of a path closer than this (points) are the same: writers round to
# a hundredth or a tenth of a point, and a ruling is far wider than this.
SAME_COORD = 0.1


# ---------------------------------------------------------------- rulings

def is_axis_rect(path: VectorPath) -> bool:
    pts = path.points
    if len(pts) == 5 and _close(pts[0], pts[4]):
        pts = pts[:4]
    if len(pts) != 4:
        return False
    # Unrolled (every path of a page comes here, most of them rectangles): at most two
    # distinct x and two y, to SAME_COORD, and each side (the last closing the first) along an axis.
    (ax, ay), (bx, by), (cx, cy), (dx, dy) = pts
    if len({round(ax, 1), round(bx, 1), round(cx, 1), round(dx, 1)}) > 2:
        return False
    if len({round(ay, 1), round(by, 1), round(cy, 1), round(dy, 1)}) > 2:
        return False
    return ((abs(ax - bx) < SAME_COORD or abs(ay - by) < SAME_COORD)
            and (abs(bx - cx) < SAME_COORD or abs(by - cy) < SAME_COORD)
            and (abs(cx - dx) < SAME_COORD or abs(cy - dy) < SAME_COORD)
            and (abs(dx - ax) < SAME_COORD or abs(dy - ay) < SAME_COORD))


def _close(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) < SAME_COORD and abs(a[1] - b[1]) < SAME_COORD


def rulings_from_paths(paths: Iterable[VectorPath]) -> list[Ruling]:
    out: list[Ruling] = []
    for path in paths:
        if path.curved:
            continue
        points = path.points
        if 4 <= len(points) <= 5 and is_axis_rect(path):  # (no other count can be one)
            x0, y0, x1, y1 = path.bbox
            w, h = x1 - x0, y1 - y0
            if w <= THIN and h > MIN_RULING:
                out.append(Ruling(False, (x0 + x1) / 2, y0, y1))
            elif h <= THIN and w > MIN_RULING:
                out.append(Ruling(True, (y0 + y1) / 2, x0, x1))
            elif path.stroke or (path.fill and path.fill_gray < 0.95):
                # a framed or shaded rectangle: its sides are rulings (white fills are not)
                out += [Ruling(True, y0, x0, x1), Ruling(True, y1, x0, x1),
                        Ruling(False, x0, y0, y1), Ruling(False, x1, y0, y1)]
            continue
        if not path.stroke:
            continue
        pts = [*points, points[0]] if path.closed else points
        for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
            if abs(ay - by) < SAME_COORD and abs(ax - bx) > MIN_RULING:
                out.append(Ruling(True, ay, min(ax, bx), max(ax, bx)))
            elif abs(ax - bx) < SAME_COORD and abs(ay - by) > MIN_RULING:
                out.append(Ruling(False, ax, min(ay, by), max(ay, by)))
    return out


def merge_rulings(rulings: list[Ruling]) -> list[Ruling]:
    """Snap rulings of one orientation to shared positions and join their pieces."""
    out: list[Ruling] = []
    for horizontal in (True, False):
        group = sorted((r for r in rulings if r.horizontal == horizontal), key=lambda r: r.pos)
        clusters: list[list[Ruling]] = []
        for r in group:
            if clusters and r.pos - clusters[-1][-1].pos <= SNAP_TOLERANCE:
                clusters[-1].append(r)
            else:
                clusters.append([r])
        for cluster in clusters:
            pos = sum(r.pos for r in cluster) / len(cluster)
            spans = sorted((r.start, r.end) for r in cluster)
            start, end = spans[0]
            for s, e in spans[1:]:
                if s <= end + JOIN_TOLERANCE:
                    end = max(end, e)
                else:
                    out.append(Ruling(horizontal, pos, start, end))
                    start, end = s, e
            out.append(Ruling(horizontal, pos, start, end))
    return out


# ---------------------------------------------------------------- tables

@dataclass
class RuledGrid:
    """A table's grid drawn by a PDF's rulings, in points (a scan's is ocr/grid.PixelGrid)."""

    xs: list[float]
    ys: list[float]
    rulings: list[Ruling]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


def find_grids(rulings: list[Ruling]) -> list[RuledGrid]:
    """Connected sets of crossing rulings, each with at least two lines each way."""
    sets = DisjointSets(len(rulings))
    hs = [i for i, r in enumerate(rulings) if r.horizontal]
    vs = [i for i, r in enumerate(rulings) if not r.horizontal]
    tol = SNAP_TOLERANCE
    vs_by_x = sorted(vs, key=lambda i: rulings[i].pos)
    v_pos = [rulings[i].pos for i in vs_by_x]
    for h in hs:
        hr = rulings[h]
        lo = bisect_right(v_pos, hr.start - tol - 1e-9)
        for k in range(lo, len(vs_by_x)):
            vr = rulings[vs_by_x[k]]
            if vr.pos > hr.end + tol:
                break
            if vr.start - tol <= hr.pos <= vr.end + tol:
                sets.union(h, vs_by_x[k])
    grids, rows = [], []
    for group in sets.groups():
        members = [rulings[i] for i in group]
        ys = _positions([r for r in members if r.horizontal])
        xs = _positions([r for r in members if not r.horizontal])
        if len(xs) < 2 or len(ys) < 2 or xs[-1] - xs[0] < MIN_TABLE:
            continue
        height = ys[-1] - ys[0]
        if height >= MIN_TABLE:
            grids.append(RuledGrid(xs, ys, members))
        elif height >= MIN_ROW_HEIGHT and len(xs) > MIN_ROW_COLUMNS:
            rows.append(RuledGrid(xs, ys, members))
    if not grids and len(rows) == 1:
        grids = rows
    grids.sort(key=lambda g: (g.ys[0], g.xs[0]))
    return grids


def _positions(rulings: list[Ruling]) -> list[float]:
    out: list[float] = []
    for pos in sorted(r.pos for r in rulings):
        if not out or pos - out[-1] > SNAP_TOLERANCE:
            out.append(pos)
    return out


def _covered(rulings: list[Ruling], pos: float, start: float, end: float) -> bool:
    length = 0.0
    for r in rulings:
        if abs(r.pos - pos) <= SNAP_TOLERANCE:
            length += max(0.0, min(end, r.end) - max(start, r.start))
    return length >= EDGE_COVERAGE * (end - start)


def grid_cells(grid: RuledGrid) -> list[CellSpan]:
    """Cells of a grid; grid regions with no ruling between them are one merged cell."""
    xs, ys = grid.xs, grid.ys
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    hr = [r for r in grid.rulings if r.horizontal]
    vr = [r for r in grid.rulings if not r.horizontal]
    sets = DisjointSets(n_rows * n_cols)
    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols and not _covered(vr, xs[c + 1], ys[r], ys[r + 1]):
                sets.union(r * n_cols + c, r * n_cols + c + 1)
            if r + 1 < n_rows and not _covered(hr, ys[r + 1], xs[c], xs[c + 1]):
                sets.union(r * n_cols + c, (r + 1) * n_cols + c)
    cells: list[CellSpan] = []
    for group in sets.groups():
        members = [divmod(i, n_cols) for i in group]
        for r0, c0, r1, c1 in _rectangles(members):
            cells.append(CellSpan(r0, c0, rowspan=r1 - r0 + 1, colspan=c1 - c0 + 1,
                                  bbox=(xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])))
    cells.sort(key=lambda b: (b.row, b.col))
    return cells


def _rectangles(members: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """Split a region into rectangles (a region is one rectangle unless a ruling is missing oddly)."""
    left = set(members)
    out = []
    while left:
        r0, c0 = min(left)
        c1 = c0
        while (r0, c1 + 1) in left:
            c1 += 1
        r1 = r0
        while all((r1 + 1, c) in left for c in range(c0, c1 + 1)):
            r1 += 1
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                left.discard((r, c))
        out.append((r0, c0, r1, c1))
    return out


# ---------------------------------------------------------------- text

def _x0(ch: Char) -> float:
    return ch.x0


def _not_mark(ch: Char) -> bool:
    return ch.text not in MARK_GLYPHS


def _left_to_right(line: list[Char]) -> list[Char]:
    """A line's chars by x; of chars that start at one x (COINCIDENT_START), marks first."""
    line = sorted(line, key=_x0)
    if len(line) < 2:
        return line
    out: list[Char] = []
    head = line[0]  # the first char of the group being gathered
    group = [head]
    for ch in line[1:]:
        size = ch.size if ch.size > head.size else head.size
        if ch.x0 - head.x0 > COINCIDENT_START * size:
            if len(group) > 1:
                out.extend(sorted(group, key=_not_mark))
            else:
                out.append(head)
            head = ch
            group = [ch]
        else:
            group.append(ch)
    if len(group) > 1:
        out.extend(sorted(group, key=_not_mark))
    else:
        out.append(head)
    return out


def cell_text(chars: list[Char]) -> str:
    """Lines from vertical positions, top to bottom, joined with "\\n"; chars left to right."""
    lines: list[list[Char]] = []
    first_cy = first_size = 0.0  # of the first char of the last line (every char is compared with it)
    # By (cy, x0) as Char.cy computes it, the index keeping the order of equal keys.
    for cy, _, k in sorted([(ch.baseline - 0.3 * ch.size, ch.x0, k) for k, ch in enumerate(chars)]):
        ch = chars[k]
        size = ch.size
        if lines and abs(cy - first_cy) <= LINE_TOLERANCE * (size if size > first_size else first_size):
            lines[-1].append(ch)
            continue
        lines.append([ch])
        first_cy, first_size = cy, size
    out = []
    for line in lines:
        line = _left_to_right(line)
        text: list[str] = []
        prev: Char | None = None
        for ch in line:
            if prev is not None and ch.x0 - prev.x1 > SPACE_GAP * ch.size + COORD_EPSILON and text and text[-1] != " " and ch.text != " ":
                text.append(" ")
            text.append(ch.text)
            prev = ch
        out.append("".join(text).strip())
    return "\n".join(line for line in out if line)



@dataclass(frozen=True)
class TextGaps:
    """Points between a cell's visible text and its top and bottom edges, and the height
    of one more line of that text (LINE_HEIGHT times its size)."""

    above: float
    below: float
    line: float

    def in_lines(self) -> tuple[float, float] | None:
        """RawCell.text_room: the gaps in lines of the text."""
        if self.line <= 0:
            return None
        return round(self.above / self.line, 3), round(self.below / self.line, 3)


def text_gaps(chars: list[Char], cell: CellSpan) -> TextGaps | None:
    visible = [c for c in chars if c.text.strip()]
    if not visible or cell.bbox is None:
        return None
    _, top, _, bottom = cell.bbox
    sizes = [c.size for c in visible]
    # Char.top and Char.bottom, computed inline (a cell's every character is asked).
    return TextGaps(min([c.baseline - 0.8 * c.size for c in visible]) - top,
                    bottom - max([c.baseline + 0.2 * c.size for c in visible]), LINE_HEIGHT * median(sizes))


def edge_flags(gaps: TextGaps | None) -> frozenset[str]:
    """TEXT_AT_TOP / TEXT_AT_BOTTOM: no room for another line between the text and that edge.

    A label cut by a page break ends at the bottom of page N and goes on at the top of
    page N+1, so these flags are what lets the normaliser rejoin it. Top-aligned text
    in a short cell also gets TEXT_AT_TOP: the flag is geometry, the normaliser decides.
    """
    if gaps is None:
        return frozenset()
    flags = set()
    if gaps.above < gaps.line:
        flags.add(TEXT_AT_TOP)
    if gaps.below < gaps.line:
        flags.add(TEXT_AT_BOTTOM)
    return frozenset(flags)


def _rounded(box: Box) -> Box:
    """A box to a hundredth of a point, as tables report them."""
    return round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2)


def build_table(grid: RuledGrid, chars: list[Char], source: str, page: int, index: int) -> RawTable:
    boxes = grid_cells(grid)
    n_rows, n_cols = len(grid.ys) - 1, len(grid.xs) - 1
    owner: dict[tuple[int, int], int] = {}
    for k, b in enumerate(boxes):
        for r in range(b.row, b.row + b.rowspan):
            for c in range(b.col, b.col + b.colspan):
                owner[(r, c)] = k
    members: list[list[Char]] = [[] for _ in boxes]
    x0, top, x1, bottom = grid.bbox
    xs, ys, last_row, last_col = grid.xs, grid.ys, n_rows - 1, n_cols - 1
    for ch in chars:  # every character of the page: no calls that a comparison can do
        cx, cy = (ch.x0 + ch.x1) / 2, ch.baseline - 0.3 * ch.size  # Char.cx and Char.cy
        if not (x0 < cx < x1 and top < cy < bottom):
            continue
        c = bisect_right(xs, cx) - 1
        r = bisect_right(ys, cy) - 1
        slot = owner.get((r if r < last_row else last_row, c if c < last_col else last_col))
        if slot is not None:
            members[slot].append(ch)
    gaps = [text_gaps(m, b) for b, m in zip(boxes, members, strict=True)]
    cells = [
        RawCell(
            row=b.row, col=b.col, text=cell_text(m), rowspan=b.rowspan, colspan=b.colspan,
            bbox=None if b.bbox is None else _rounded(b.bbox), flags=edge_flags(g),
            text_room=None if g is None else g.in_lines(),
        )
        for b, m, g in zip(boxes, members, gaps, strict=True)
    ]
    marks = [MarkBox(ch.text, _rounded((ch.x0, ch.top, ch.x1, ch.bottom)), b.row, b.col)
             for b, m in zip(boxes, members, strict=True) for ch in m if ch.text in MARK_GLYPHS]
    return RawTable(source=source, page=page, index=index, n_rows=n_rows, n_cols=n_cols, cells=cells, marks=marks)


# ---------------------------------------------------------------- text that runs sideways

# A baseline within this many degrees of a quarter turn runs that way; a text layer a
# scanner's OCR laid over a skewed page leans by a few degrees, a quarter turn is 90.
TURN_TOLERANCE_DEG = 20.0
# The page is read turned when at least this share of the characters looked at run one
# other way than left to right. A page printed turned has all its text turned (at most a
# page number or a stamp added later stands upright); an upright page whose one-option
# columns have their labels set sideways keeps its upright header words (公开渠道和载体,
# 公开内容 …) and rows, and on a page of a header and one short row the sideways labels
# made up 60% of the characters.
TURN_MAJORITY = 0.9


def quarter_turn(dx: float, dy: float) -> int | None:
    """The clockwise quarter turn (0, 90, 180, 270) of a baseline direction as displayed
    (y down), or None when it is not near one."""
    if not dx and not dy:
        return None
    angle = math.degrees(math.atan2(dy, dx)) % 360.0
    turn = int(round(angle / 90.0)) % 4 * 90
    off = abs((angle - turn + 180.0) % 360.0 - 180.0)
    return turn if off <= TURN_TOLERANCE_DEG else None


def slanted(a: float, b: float) -> bool:
    """Whether text whose matrix runs along (a, b) is drawn at a slant, far from every
    quarter turn: a watermark across the page (内部资料 at 30° or 45°) or the ring of a
    seal, never a cell's text, which is set along the page's axes. Its characters
    would land in the cells they cross ("20密个工作日内"), so the readers leave them out."""
    if not a or not b:  # along an axis (nearly every character): no angle to work out
        return not a and not b
    return quarter_turn(a, b) is None


def text_turn(turns: Iterable[int | None]) -> int:
    """The turn the characters share, when it is not 0 and at least TURN_MAJORITY of
    them share it; else 0."""
    counted = Counter(turns)
    total = sum(counted.values())
    turn, count = max(((t, n) for t, n in counted.items() if t), key=lambda tn: tn[1], default=(0, 0))
    return turn if turn and total and count >= TURN_MAJORITY * total else 0


def turn_frame(turn: int, width: float, height: float) -> tuple[Callable[[float, float], tuple[float, float]], float, float]:
    """Display coordinates (y down, `width` × `height`) → the frame where text turned by
    `turn` reads left to right, and that frame's width and height."""
    if turn == 90:  # lines run down the page: turned back a quarter turn anticlockwise
        return (lambda x, y: (y, width - x)), height, width
    if turn == 180:
        return (lambda x, y: (width - x, height - y)), width, height
    if turn == 270:  # lines run up the page
        return (lambda x, y: (height - y, x)), height, width
    return (lambda x, y: (x, y)), width, height
