"""A table printed without the rulings of a grid, found from its text: a three-line
table (rules above and below the header and under the last row only) or no rules at all.

Asked only of a page where no ruled grid was found. The table must announce itself with
a catalogue header line (at least MIN_HEADER_WORDS header words side by side, read by
the same words as every other input's header, schemas/headers.py); a page of prose, a
letter or a cover has none and stays a page without a table. From that line:

- columns: one per header word; the boundary between two is the widest gap, between
  the two words' centres, that no character of the lines below crosses (text is laid
  out inside its column, so a column's edge runs through white space);
- the table goes down from the header line until a line whose text runs over a column
  boundary (a note, a paragraph), a gap much wider than the table's own line pitch
  (the foot of the page), or a page number alone on its line;
- rows: where rows are spaced wider than the lines inside a cell, a wider gap begins a
  row; where they are not, a line with text in the 序号 column begins one.

The cells have no edges to see, so none is flagged as touching one: a label cut by a
page break is not rejoined from edge evidence on such a table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from statistics import median

import regex

from catalogue.extract.pdf.geometry import LINE_TOLERANCE, Char, RuledGrid, Ruling
from catalogue.schemas.headers import header_role, is_header_row
from catalogue.schemas.vocabulary import PAGE_NUMBER, ROLE_SEQ

_PAGE_NUMBER = regex.compile(PAGE_NUMBER)
_BRACKETED = regex.compile(r"^[（(].*[)）]$")

# A header line names at least this many columns by known header words: two could be a
# sentence's words ("公开内容" and "公开时限" in a paragraph about them), and a catalogue
# has a category, a content and an option or a time column at least.
MIN_HEADER_WORDS = 3
# Characters of one line further apart than this share of the font size belong to two
# cells: a space is 0.2-0.33 em, while cells are apart by two cell margins (Word's
# default 0.19 cm each side is 1.2 em of 9-point text).
WORD_GAP = 0.5
# A gap between two lines wider than this many times the table's line pitch ends the
# table: the white space above a page's footer, or between a table and a later one.
END_GAP_PITCHES = 3.0
# Rows are told from lines by their gaps when the widest gap between lines is at least
# this many times the narrowest: the padding of a cell adds at least a third of a line.
ROW_GAP_RATIO = 1.3
# A word is on a line under another's when it is this share of the font size lower: a
# line's pitch is at least its size, while a column name centred down a two-line header
# sits half a pitch below the first line's words.
SUB_LINE_DROP = 0.75
# How far outside the outermost characters the table's outer edges lie (points).
EDGE_MARGIN = 1.0


@dataclass
class _Line:
    chars: list[Char]
    top: float
    bottom: float
    cy: float

    def words(self) -> list[list[Char]]:
        out: list[list[Char]] = []
        for ch in sorted(self.chars, key=lambda c: c.x0):
            if out and ch.x0 - out[-1][-1].x1 <= WORD_GAP * max(ch.size, out[-1][-1].size):
                out[-1].append(ch)
            else:
                out.append([ch])
        return out


def _lines(chars: list[Char]) -> list[_Line]:
    lines: list[_Line] = []
    for ch in sorted((c for c in chars if c.text.strip()), key=lambda c: c.cy):
        if lines and abs(ch.cy - lines[-1].cy) <= LINE_TOLERANCE * ch.size:
            line = lines[-1]
            line.chars.append(ch)
            line.top, line.bottom = min(line.top, ch.top), max(line.bottom, ch.bottom)
        else:
            lines.append(_Line([ch], ch.top, ch.bottom, ch.cy))
    return lines


def _text(word: list[Char]) -> str:
    return "".join(c.text for c in sorted(word, key=lambda c: c.x0))


def _is_header(line: _Line) -> bool:
    texts = [_text(w) for w in line.words()]
    known = sum(header_role(t) is not None for t in texts)
    return known >= MIN_HEADER_WORDS and is_header_row(texts)


def _boundary(lo: float, hi: float, body: list[Char]) -> float:
    """The middle of the widest stretch of [lo, hi] that no body character covers (the
    middle of [lo, hi] when every point is covered)."""
    start, end = _gap(lo, hi, body)
    return (start + end) / 2


def _gap(lo: float, hi: float, body: list[Char]) -> tuple[float, float]:
    """The widest stretch of [lo, hi] that no body character covers (the middle of
    [lo, hi], no wider, when every point is covered)."""
    spans = sorted((max(lo, c.x0), min(hi, c.x1)) for c in body if c.x1 > lo and c.x0 < hi)
    best, best_width, at = ((lo + hi) / 2, (lo + hi) / 2), 0.0, lo
    for x0, x1 in [*spans, (hi, hi)]:
        if x0 - at > best_width:
            best, best_width = (at, x0), x0 - at
        at = max(at, x1)
    return best


@dataclass(frozen=True)
class Columns:
    """What an unruled table leaves to the next page: its column edges (left to right)
    and its 序号 column, for a page that goes on with the table under no header."""

    xs: tuple[float, ...]
    seq: int | None
    left: float  # where the leftmost text of its rows starts
    # A table in two halves side by side: these are the left half's columns, `right` the
    # right half's, and `cut` the x between the halves.
    right: Columns | None = None
    cut: float = 0.0


def unruled_grids(chars: list[Char], carried: Columns | None = None) -> list[RuledGrid]:
    """The tables of the page as grids (unruled_tables)."""
    return unruled_tables(chars, lambda: carried)[0]


def unruled_tables(chars: list[Char],
                   carried: Callable[[], Columns | None] | None = None) -> tuple[list[RuledGrid], Columns | None]:
    """The page's table (unruled_table) as grids, and the columns it leaves the next page.

    A header line that names the same columns twice side by side heads a table printed
    in two halves (a narrow table laid out in two columns of the page): each half is
    read as a table of its own, the left one first. Read as one, each row would join an
    item of the left half to one of the right. Both halves' columns go on to the next
    page, which may go on in two halves under no header."""
    lines = _lines(chars)
    start = next((i for i, line in enumerate(lines) if _is_header(line)), None)
    cut = _halves(lines, start) if start is not None else None
    if cut is not None:
        return _two_halves(chars, cut, lambda half, k: unruled_table(half))
    if start is None and carried is not None:
        columns = carried()
        if columns is not None and columns.right is not None:
            halves = (replace(columns, right=None), columns.right)
            return _two_halves(chars, columns.cut, lambda half, k: _carried_table(_lines(half), halves[k]))
        carried = lambda: columns  # noqa: E731 -- asked once: it may read the pages before
    found = unruled_table(chars, carried)
    return ([found[0]], found[1]) if found is not None else ([], None)


def _two_halves(chars: list[Char], cut: float,
                read: Callable[[list[Char], int], tuple[RuledGrid, Columns] | None]) -> tuple[list[RuledGrid], Columns | None]:
    """The tables of a page in two halves side by side, parted at `cut`, each read by
    `read` (the left half 0 first), and the columns they leave the next page (both
    halves', where both were found)."""
    found = [read([c for c in chars if (c.cx >= cut) == bool(k)], k) for k in range(2)]
    left, right = found
    columns = replace(left[1], right=right[1], cut=cut) if left is not None and right is not None else None
    return [got[0] for got in found if got is not None], columns


def _halves(lines: list[_Line], start: int) -> float | None:
    """The x between the two halves of a header line that names the same columns twice
    (the widest gap there that no character under it crosses), or None."""
    words = lines[start].words()
    n = len(words) // 2
    texts = [_text(w) for w in words]
    if len(words) != 2 * n or n < MIN_HEADER_WORDS or texts[:n] != texts[n:]:
        return None
    below = [c for line in lines[start + 1:] for c in line.chars]
    return _boundary(max(c.x1 for c in words[n - 1]), words[n][0].x0, below)


def unruled_table(chars: list[Char],
                  carried: Callable[[], Columns | None] | None = None) -> tuple[RuledGrid, Columns] | None:
    """The table under the first catalogue header line of the page, as a grid whose
    rulings are drawn where the text says the cells part, and its columns; with no
    header line, the table of the page before going on (`carried` gives its columns,
    asked only then) where the page's lines fit them; None when there is neither."""
    lines = _lines(chars)
    start = next((i for i, line in enumerate(lines) if _is_header(line)), None)
    if start is None:
        columns = carried() if carried is not None else None
        return _carried_table(lines, columns) if columns is not None else None
    first, last = _band(lines, start)
    header = _Header([w for line in lines[first:last] for w in line.words()])
    centres = [_centre(w) for w in header.columns]
    # A word that covers the centres of two header words runs over a column boundary.
    body_lines = _body(lines[last:], lambda w: sum(w[0].x0 < x < w[-1].x1 for x in centres) > 1)
    if not body_lines:
        return None
    body = [c for line in body_lines for c in line.chars]
    gaps = [_gap(a, b, body) for a, b in zip(centres, centres[1:], strict=False)]
    inner = [(start + end) / 2 for start, end in gaps]
    every = [c for line in lines[first:last] for c in line.chars] + body
    xs = [min(c.x0 for c in every) - EDGE_MARGIN, *inner, max(c.x1 for c in every) + EDGE_MARGIN]
    seq = next((k for k, w in enumerate(header.columns)
                if (role := header_role(_text(w))) and role.role == ROLE_SEQ), None)
    starts = _row_starts(body_lines, xs, seq)
    top = lines[first].top - EDGE_MARGIN
    ys = [top]
    rulings: list[Ruling] = []
    # A group's word over its options' words (公开方式 over 主动 | 依申请): a header row
    # of its own over those columns, one cell across them; every other header cell spans
    # both header rows, as a merged cell of a ruled header does.
    split = header.split_at()
    grouped: set[int] = set()
    if split is not None:
        ys.append(split)
        for lo, hi in header.groups():
            rulings.append(Ruling(True, split, xs[lo], xs[hi + 1]))
            grouped.update(range(lo + 1, hi + 1))
    for k in starts:
        above = lines[last - 1] if k == 0 else body_lines[k - 1]
        ys.append((above.bottom + body_lines[k].top) / 2)
    ys.append(body_lines[-1].bottom + EDGE_MARGIN)
    rulings += [Ruling(True, y, xs[0], xs[-1]) for y in ys if y != split]
    rulings += [Ruling(False, x, split if k in grouped and split is not None else top, ys[-1])
                for k, x in enumerate(xs)]
    # A later page's cells may hold longer text than any here: its columns part where
    # the next column's text starts (left-aligned text starts there on every page).
    later = [max((start + end) / 2, end - EDGE_MARGIN) for start, end in gaps]
    return RuledGrid(xs, ys, rulings), Columns((xs[0], *later, xs[-1]), seq, _left(body_lines))


def _carried_table(lines: list[_Line], columns: Columns) -> tuple[RuledGrid, Columns] | None:
    """The page's lines that go on with the table of the page before under no header
    (_carried_at), in its columns where they are, or moved sideways by as much as the
    page's rows are (a page of mirrored margins, a table centred on a page of another
    width): whichever takes in more lines."""
    shifts = [0.0]
    rows = [line for line in lines if len(line.words()) >= MIN_HEADER_WORDS]
    if rows:
        shifts.append(_left(rows) - columns.left)
    found = [got for shift in shifts if (got := _carried_at(lines, _shifted(columns, shift))) is not None]
    if not found:
        return None
    grid, carried, _ = max(found, key=lambda got: got[2])
    return grid, carried


def _left(lines: list[_Line]) -> float:
    return min(c.x0 for line in lines for c in line.chars)


def _shifted(columns: Columns, shift: float) -> Columns:
    return Columns(tuple(x + shift for x in columns.xs), columns.seq, columns.left + shift)


def _carried_at(lines: list[_Line], columns: Columns) -> tuple[RuledGrid, Columns, int] | None:
    """The table in `columns` and the number of its lines: from a line no word of which
    runs over an inner column edge, down to the table's end (_body: a line over an edge,
    a wide gap, a page number); a table only where a line of it fills MIN_HEADER_WORDS
    columns, as a catalogue row does (a signature or a date under a letter fits a column
    too, but fills one). Text may reach past the outer edges (a cell longer than any on
    the page before): the table widens to it."""
    inner = columns.xs[1:-1]

    def crosses(word: list[Char]) -> bool:
        lo, hi = word[0].x0, max(c.x1 for c in word)
        return any(lo < x < hi for x in inner)

    at = 0
    while at < len(lines):
        start = next((i for i in range(at, len(lines)) if not any(crosses(w) for w in lines[i].words())), None)
        if start is None:
            return None
        body_lines = _body(lines[start:], crosses)
        if not body_lines:  # a page number alone
            at = start + 1
            continue
        chars = [c for line in body_lines for c in line.chars]
        xs = [min(columns.xs[0], min(c.x0 for c in chars) - EDGE_MARGIN), *inner,
              max(columns.xs[-1], max(c.x1 for c in chars) + EDGE_MARGIN)]
        if any(len(_filled(line, xs)) >= MIN_HEADER_WORDS for line in body_lines) and _numbered(body_lines, xs,
                                                                                                columns.seq):
            break
        at = start + len(body_lines)
    else:
        return None
    starts = _row_starts(body_lines, xs, columns.seq)
    ys = [body_lines[0].top - EDGE_MARGIN]
    ys += [(body_lines[k - 1].bottom + body_lines[k].top) / 2 for k in starts if k > 0]
    ys.append(body_lines[-1].bottom + EDGE_MARGIN)
    rulings = [Ruling(True, y, xs[0], xs[-1]) for y in ys] + [Ruling(False, x, ys[0], ys[-1]) for x in xs]
    return RuledGrid(xs, ys, rulings), Columns(tuple(xs), columns.seq, _left(body_lines)), len(body_lines)


# An item number in a 序号 column: 12, 12.、1-1, 1.2.
_ITEM_NUMBER = regex.compile(r"\d+(?:[.\-－]\d+)*[.、．]?")


def _numbered(lines: list[_Line], xs: list[float], seq: int | None) -> bool:
    """Where the table numbers its items, lines that go on with it hold item numbers in
    its 序号 column, and nothing else there: a list laid out in the same columns (an
    annex of office names) has words in it."""
    if seq is None:
        return True
    lo, hi = xs[seq], xs[seq + 1]
    texts = ["".join(c.text for c in line.chars if lo < c.cx < hi).strip() for line in lines]
    filled = [t for t in texts if t]
    return bool(filled) and all(_ITEM_NUMBER.fullmatch(t) for t in filled)


def _filled(line: _Line, xs: list[float]) -> set[int]:
    """The columns (between the edges `xs`) in which the line has a character."""
    return {k for c in line.chars for k, (lo, hi) in enumerate(zip(xs, xs[1:], strict=False)) if lo < c.cx < hi}


def _centre(word: list[Char]) -> float:
    return (word[0].x0 + word[-1].x1) / 2


def _header_word(text: str) -> bool:
    """A word of a header printed over several lines: a header word, an option's name, or
    the bracketed rest of a wrapped one (公开内容 / （要素）)."""
    return header_role(text) is not None or bool(_BRACKETED.match(text))


def _band(lines: list[_Line], start: int) -> tuple[int, int]:
    """The lines of the header (first, past the last): the header line and the lines
    next to it, no blank line apart, whose every word is a header word."""
    def close(a: _Line, b: _Line) -> bool:
        return b.top - a.bottom < a.bottom - a.top

    def all_header_words(line: _Line) -> bool:
        return all(_header_word(_text(w)) for w in line.words())

    first, last = start, start + 1
    while first > 0 and close(lines[first - 1], lines[first]) and all_header_words(lines[first - 1]):
        first -= 1
    while last < len(lines) and close(lines[last - 1], lines[last]) and all_header_words(lines[last]):
        last += 1
    return first, last


class _Header:
    """The words of a header band and the columns they name: a word with no word above it
    names a column, unless two or more words sit under it (its options, each a column);
    a single word under another is the rest of that one's cell. A word sits under the
    word a line above (SUB_LINE_DROP) whose centre is nearest its own, if nearer than the
    next word of its own line."""

    def __init__(self, words: list[list[Char]]) -> None:
        self.words = sorted(words, key=lambda w: (w[0].cy, w[0].x0))
        self.parent: dict[int, int] = {}
        for k, word in enumerate(self.words):
            def same_line(w: list[Char], word: list[Char] = word) -> bool:
                return abs(w[0].cy - word[0].cy) <= LINE_TOLERANCE * w[0].size

            above = [j for j, w in enumerate(self.words) if word[0].cy - w[0].cy > SUB_LINE_DROP * w[0].size]
            if not above:
                continue
            own = min((abs(_centre(w) - _centre(word)) for w in self.words if w is not word and same_line(w)),
                      default=float("inf"))
            j = min(above, key=lambda j: abs(_centre(self.words[j]) - _centre(word)))
            if abs(_centre(self.words[j]) - _centre(word)) < own:
                self.parent[k] = j
        children: dict[int, list[int]] = {}
        for k, j in self.parent.items():
            children.setdefault(j, []).append(k)
        self.children = children
        roots = [k for k in range(len(self.words)) if k not in self.parent]
        ids: list[int] = []
        for k in sorted(roots, key=lambda k: _centre(self.words[k])):
            kids = children.get(k, [])
            ids.extend(sorted(kids, key=lambda j: _centre(self.words[j])) if len(kids) > 1 else [k])
        self.ids = ids
        self.columns = [self.words[k] for k in ids]

    def groups(self) -> list[tuple[int, int]]:
        """(first, last) column of each group's options."""
        out = []
        for k, kids in self.children.items():
            if len(kids) > 1 and k not in self.parent:
                at = sorted(self.ids.index(j) for j in kids)
                out.append((at[0], at[-1]))
        return out

    def split_at(self) -> float | None:
        """The y between the groups' words and their options' words (None: no group)."""
        for k, kids in self.children.items():
            if len(kids) > 1 and k not in self.parent:
                above = max(c.bottom for c in self.words[k])
                below = min(c.top for j in kids for c in self.words[j])
                return (above + below) / 2
        return None


def _body(lines: list[_Line], over_edge: Callable[[list[Char]], bool]) -> list[_Line]:
    """The lines under the header that belong to the table (see the module's docstring);
    `over_edge`: whether a word runs over a column boundary."""
    body: list[_Line] = []
    for line in lines:
        if body:
            pitch = min((b.cy - a.cy for a, b in zip(body, body[1:], strict=False)), default=None)
            size = median(c.size for c in line.chars)
            if line.cy - body[-1].cy > END_GAP_PITCHES * (pitch if pitch is not None else size * 1.5):
                break
        words = line.words()
        if len(words) == 1 and _PAGE_NUMBER.match(_text(words[0]).replace(" ", "")):
            break
        if any(over_edge(w) for w in words):
            break
        body.append(line)
    return body


def _row_starts(lines: list[_Line], xs: list[float], seq: int | None) -> list[int]:
    """The indexes of the lines that begin a row (always the first)."""
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:], strict=False)]
    if gaps and min(gaps) > 0 and max(gaps) >= ROW_GAP_RATIO * min(gaps):
        cut = (max(gaps) + min(gaps)) / 2
        return [0, *(k + 1 for k, gap in enumerate(gaps) if gap > cut)]
    if seq is not None:
        lo, hi = xs[seq], xs[seq + 1]
        starts = [k for k, line in enumerate(lines) if any(lo < c.cx < hi for c in line.chars)]
        if starts:
            return sorted({0, *starts})
    return list(range(len(lines)))
