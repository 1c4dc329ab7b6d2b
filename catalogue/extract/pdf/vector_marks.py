"""Check marks in a PDF page → the canonical mark characters of catalogue.raw.

Three kinds reach the page: Unicode glyphs (✓ □ …, kept as they are), symbol-font
glyphs whose text is a Latin letter (Wingdings 2 "R" is ☑; decided by the font's
name, never by the letter alone), and boxes drawn as vector paths with no glyph at
all (decided by what is drawn inside them).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from catalogue.extract.pdf.geometry import (
    Char,
    Picture,
    Ruling,
    VectorPath,
    is_axis_rect,
    merge_rulings,
    rulings_from_paths,
)
from catalogue.extract.pictures import picture_mark, starts_an_option
from catalogue.extract.symbol_fonts import font_family, symbol_char
from catalogue.raw import CHECKED, UNCHECKED, UNREADABLE
from catalogue.schemas.vocabulary import PRIVATE_USE_CHECKED, PRIVATE_USE_UNCHECKED

# A drawn check box: a square this many points on a side.
BOX_MIN, BOX_MAX = 4.0, 16.0
# What is drawn inside must reach this share of the box to count as a tick, cross or fill.
INK_SHARE = 0.35
# Width / height of a drawn box: squares, with room for a cell border's rounding.
SQUARE_ASPECT = (0.7, 1.4)
# Points: the four lines of a box drawn side by side meet within this (a line's width).
SIDE_MATCH = 0.8
# A box filled darker than this grey (0 black … 1 white) is checked; a paler tint that
# is still not white cannot be read either way.
DARK_FILL, PALE_FILL = 0.6, 0.95
# Points: ink inside a box is at most this much larger than the box (a tick's stroke
# may overshoot the box's sides).
SIDE_SLACK = 1.0
# Points: a path that moves at least this far on both axes in one segment is a stroke
# at an angle (a tick or a cross), not a ruling.
DIAGONAL_STEP = 0.5
# A mark stands in for a glyph: its nominal size is the box side over the share of the
# size a glyph's nominal box rises above the baseline (geometry.Char.top), and its
# baseline sits that share of the size below the box's middle.
GLYPH_RISE, BASELINE_DROP = 0.8, 0.3
CHECK_GLYPHS = frozenset("✓✔√×xX✗✘")


def symbol_mark(char: Char) -> str | None:
    """The canonical text of a symbol-font glyph, or None when the char is ordinary text."""
    if font_family(char.font):
        if len(char.text) != 1:
            return None
        # A glyph that is no mark or bullet cannot be read as text: symbol_char says ⍰.
        mark = symbol_char(char.font, ord(char.text))
        return None if mark == " " else mark  # a symbol font's space is a space
    if char.text in PRIVATE_USE_CHECKED:
        return CHECKED
    if char.text in PRIVATE_USE_UNCHECKED:
        return UNCHECKED
    return None


def convert_symbol_chars(chars: list[Char]) -> None:
    # A page has a few thousand characters but few distinct (text, font) pairs.
    known: dict[tuple[str, str], str | None] = {}
    for ch in chars:
        key = (ch.text, ch.font)
        if key in known:
            mark = known[key]
        else:
            mark = known[key] = symbol_mark(ch)
        if mark is not None:
            ch.text = mark


@dataclass
class Square:
    x0: float
    top: float
    x1: float
    bottom: float
    filled_gray: float | None = None  # fill of the square itself, if filled
    source: int | None = None  # index of the path that drew it

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.top <= y <= self.bottom

    @property
    def side(self) -> float:
        return max(self.x1 - self.x0, self.bottom - self.top)


def _is_square(w: float, h: float) -> bool:
    return BOX_MIN <= w <= BOX_MAX and BOX_MIN <= h <= BOX_MAX and SQUARE_ASPECT[0] <= w / h <= SQUARE_ASPECT[1]


def find_squares(paths: list[VectorPath], rulings: list[Ruling]) -> tuple[list[Square], set[int], list[Ruling]]:
    """Small squares drawn as rectangles or as four short lines.

    Returns the squares, the indexes of the paths that drew them, and the rulings
    that are left once the squares' sides are taken out.
    """
    squares: list[Square] = []
    used: set[int] = set()
    for i, path in enumerate(paths):
        if path.curved or not (path.stroke or path.fill):
            continue
        x0, y0, x1, y1 = path.bbox
        # the size first: it rules out the table's rulings, and is_axis_rect costs more
        if _is_square(x1 - x0, y1 - y0) and is_axis_rect(path):
            squares.append(Square(x0, y0, x1, y1, path.fill_gray if path.fill else None, i))
            used.add(i)
    # four separate short lines
    short_h = [r for r in rulings if r.horizontal and BOX_MIN <= r.end - r.start <= BOX_MAX]
    short_v = [r for r in rulings if not r.horizontal and BOX_MIN <= r.end - r.start <= BOX_MAX]
    taken: set[int] = set()
    for a in short_h:
        for b in short_h:
            if b.pos <= a.pos or abs(a.start - b.start) > SIDE_MATCH or abs(a.end - b.end) > SIDE_MATCH:
                continue
            if not _is_square(a.end - a.start, b.pos - a.pos):
                continue
            sides = [v for v in short_v if (abs(v.pos - a.start) <= SIDE_MATCH or abs(v.pos - a.end) <= SIDE_MATCH)
                     and abs(v.start - a.pos) <= SIDE_MATCH and abs(v.end - b.pos) <= SIDE_MATCH]
            if len(sides) >= 2:
                squares.append(Square(a.start, a.pos, a.end, b.pos))
                taken.update(id(r) for r in (a, b, *sides))
    rest = [r for r in rulings if id(r) not in taken]
    # A square inside a larger square is the fill of a checked box, not a box.
    squares.sort(key=lambda s: -s.side)
    kept: list[Square] = []
    for sq in squares:
        cx, cy = (sq.x0 + sq.x1) / 2, (sq.top + sq.bottom) / 2
        if any(k.contains(cx, cy) for k in kept):
            continue  # still out of the rulings (`used`), and ink for box_state
        kept.append(sq)
    return kept, used, rest


# PageIndex pre-selects a hair wide; the exact tests in box_state decide.
COLUMN_SLACK = 1e-6


class PageIndex:
    """Paths and chars of a page by the x of their centre, so that each drawn box looks
    only at what lies in its own column of the page (a district page has ~450 paths,
    ~1400 chars and ~12 boxes). Candidates keep the page's order, so results do not change."""

    def __init__(self, paths: list[VectorPath], chars: list[Char]) -> None:
        self.bboxes = [p.bbox for p in paths]
        path_keys = sorted(((b[0] + b[2]) / 2, i) for i, b in enumerate(self.bboxes))
        self._path_x = [x for x, _ in path_keys]
        self._path_i = [i for _, i in path_keys]
        char_keys = sorted((c.cx, i) for i, c in enumerate(chars))
        self._char_x = [x for x, _ in char_keys]
        self._char_i = [i for _, i in char_keys]
        self.chars = chars

    def paths_in_column(self, x0: float, x1: float) -> list[int]:
        """Indexes of the paths whose centre x is in [x0, x1] (and a hair beyond), in page order."""
        lo, hi = bisect_left(self._path_x, x0 - COLUMN_SLACK), bisect_right(self._path_x, x1 + COLUMN_SLACK)
        return sorted(self._path_i[lo:hi])

    def chars_in_column(self, x0: float, x1: float) -> list[Char]:
        lo, hi = bisect_left(self._char_x, x0 - COLUMN_SLACK), bisect_right(self._char_x, x1 + COLUMN_SLACK)
        return [self.chars[i] for i in sorted(self._char_i[lo:hi])]


def box_state(sq: Square, paths: list[VectorPath], box_paths: set[int], chars: list[Char],
              index: PageIndex | None = None) -> tuple[str, list[Char]]:
    """☑, ☐ or ⍰ for a drawn square, and the glyphs inside it that the mark replaces."""
    side = sq.side
    if sq.filled_gray is not None:
        if sq.filled_gray < DARK_FILL:
            return CHECKED, []
        if sq.filled_gray < PALE_FILL:
            return UNREADABLE, []
    if index is None:
        index = PageIndex(paths, chars)
    checked = unreadable = False
    for i in index.paths_in_column(sq.x0, sq.x1):
        path = paths[i]
        if i == sq.source:
            continue
        x0, y0, x1, y1 = index.bboxes[i]
        if not sq.contains((x0 + x1) / 2, (y0 + y1) / 2) or x1 - x0 > side + SIDE_SLACK or y1 - y0 > side + SIDE_SLACK:
            continue
        if i in box_paths or _on_border(sq, x0, y0, x1, y1):
            continue
        big = (x1 - x0) >= INK_SHARE * side and (y1 - y0) >= INK_SHARE * side
        if path.fill and path.fill_gray < DARK_FILL and big or _diagonal(path) and big:
            checked = True
        else:
            unreadable = True
    inside = [c for c in index.chars_in_column(sq.x0, sq.x1) if c.text.strip() and sq.contains(c.cx, c.cy)]
    for c in inside:
        if c.text in CHECK_GLYPHS or c.text == CHECKED:
            checked = True
        else:
            unreadable = True
    if checked:
        return CHECKED, inside
    if unreadable:
        return UNREADABLE, inside
    return UNCHECKED, inside


def _on_border(sq: Square, x0: float, y0: float, x1: float, y1: float) -> bool:
    """A side of a box drawn as four lines."""
    near = SIDE_MATCH
    if x1 - x0 < near:
        return abs(x0 - sq.x0) < near or abs(x0 - sq.x1) < near
    if y1 - y0 < near:
        return abs(y0 - sq.top) < near or abs(y0 - sq.bottom) < near
    return False


def _diagonal(path: VectorPath) -> bool:
    if path.curved:
        return True
    pts = path.points
    return any(abs(a[0] - b[0]) > DIAGONAL_STEP and abs(a[1] - b[1]) > DIAGONAL_STEP for a, b in zip(pts, pts[1:], strict=False))


def picture_marks(pictures: list[Picture], chars: list[Char], rulings: list[Ruling]) -> list[Char]:
    """A mark char where each picture of a mark's size sits in front of an option's name
    or alone between two rulings (a one-option cell), the same for all of those on the
    page (extract/pictures.py): a tick where they are of one kind and the page types no tick."""
    pictures = [p for p in pictures if _before_an_option(p, chars) or _alone_in_cell(p, chars, rulings)]
    if not pictures:
        return []
    mark = picture_mark((p.kind for p in pictures), (c.text for c in chars))
    out: list[Char] = []
    for picture in pictures:
        x0, top, x1, bottom = picture.bbox
        size = max(x1 - x0, bottom - top) / GLYPH_RISE
        out.append(Char(mark, x0, x1, (top + bottom) / 2 + BASELINE_DROP * size, size, "picture"))
    return out


# A tick pasted in front of an option's name sits within this share of a glyph of the
# name's first character: a writer leaves up to about a glyph's width after an inline
# picture (LibreOffice: 0.85), and a space may follow it. A word's next character
# follows within the same gap.
PICTURE_GAP_GLYPHS = 1.2


def _before_an_option(picture: Picture, chars: list[Char]) -> bool:
    """Whether the picture sits in front of an option's name on its line (主动公开,
    政府网站): where a tick pasted as a picture is. A logo in the title, an icon before a
    公开主体 or alone in a cell is no mark, and no kind among the marks' (a page's
    picture alone in a one-option cell is left unread, as it was before pictures were read)."""
    x0, top, x1, bottom = picture.bbox
    middle = (top + bottom) / 2
    line = sorted((c for c in chars if c.top <= middle <= c.bottom and c.x0 >= x1 - PICTURE_GAP_GLYPHS * c.size),
                  key=lambda c: c.x0)
    word: list[str] = []
    edge = x1
    for c in line:
        if not c.text.strip() and not word:
            continue  # a space after the picture
        if c.x0 - edge > PICTURE_GAP_GLYPHS * c.size or not c.text.strip():
            break
        word.append(c.text)
        edge = c.x1
    text = "".join(word)
    return starts_an_option(text)


def _alone_in_cell(picture: Picture, chars: list[Char], rulings: list[Ruling]) -> bool:
    """Whether the picture lies in a ruled cell (the nearest rulings on its four sides)
    that holds no text: a tick over a one-option cell. An icon beside or above a 公开主体
    has the subject's text in its cell; a logo over the table has no rulings around it."""
    x0, top, x1, bottom = picture.bbox
    middle, centre = (top + bottom) / 2, (x0 + x1) / 2
    sides = [r.pos for r in rulings if not r.horizontal and r.start <= middle <= r.end]
    ends = [r.pos for r in rulings if r.horizontal and r.start <= centre <= r.end]
    left, right = max((x for x in sides if x <= x0), default=None), min((x for x in sides if x >= x1), default=None)
    above, below = max((y for y in ends if y <= top), default=None), min((y for y in ends if y >= bottom), default=None)
    if left is None or right is None or above is None or below is None:
        return False
    return not any(c.text.strip() and left <= c.x0 and c.x1 <= right and above <= c.top and c.bottom <= below
                   for c in chars)


def marks_and_rulings(paths: list[VectorPath], chars: list[Char],
                      pictures: list[Picture] | None = None) -> tuple[list[Char], list[Ruling], list[Char]]:
    """Mark chars for drawn boxes and for pictures of a mark's size, the page's rulings
    (boxes' sides left out), and the chars that remain once the glyphs that a drawn box
    already stands for are removed."""
    marks, rulings, kept = _drawn_marks_and_rulings(paths, chars)
    shown = picture_marks(pictures or [], chars, rulings)
    return marks + shown, rulings, kept


def _drawn_marks_and_rulings(paths: list[VectorPath], chars: list[Char]) -> tuple[list[Char], list[Ruling], list[Char]]:
    squares, square_paths, _ = find_squares(paths, [])
    box_paths = {sq.source for sq in squares if sq.source is not None}
    rulings = rulings_from_paths(p for i, p in enumerate(paths) if i not in square_paths)
    line_squares, _, rulings = find_squares([], rulings)
    squares += line_squares
    rulings = merge_rulings(rulings)
    if not squares:
        return [], rulings, chars
    marks: list[Char] = []
    replaced: set[int] = set()
    index = PageIndex(paths, chars)
    for sq in squares:
        state, inside = box_state(sq, paths, box_paths, chars, index)
        replaced.update(id(c) for c in inside)
        size = sq.side / GLYPH_RISE
        marks.append(Char(state, sq.x0, sq.x1, (sq.top + sq.bottom) / 2 + BASELINE_DROP * size, size, "drawn-box"))
    kept = [c for c in chars if id(c) not in replaced]
    return marks, rulings, kept
