"""A small Word-like table layout engine for the sample generator (samples/generate_pdfs.py).

It does what Word does to a long ruled table, because those are the traps the extractor
must survive: header rows repeated on every page, rows allowed to break across pages
(the rest of the cell text continues at the top of the next page), vertically merged
cells whose label is centred in the whole span (so the label may sit beside a later
row, on a later page, or be cut by the page break), narrow columns that wrap text.

Coordinates: layout works in a "flow" (points from the top of the body area of a
page); drawing converts to PDF user space.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

CJK_FONT = "STSong-Light"  # reportlab's built-in CID font: extractable text, no embedding
SYMBOL_TEXT_FONT = "DejaVuSans"  # ✓ ☑ ☐ are not in Adobe-GB1
WINGDINGS2 = "Wingdings2"
WINGDINGS = "Wingdings"

# Mark styles: how an option's mark is printed.
#   check: ✓ / □   sqrt: √ / □   square: ■ / □   ballot: ☑ / ☐
#   wd2: Wingdings 2 "R" / "£"   wd: Wingdings "þ" / "¨"   pua: Wingdings 2 U+F052 / U+F0A3
#   box: a drawn square, ticked/crossed/filled when checked, a dash inside when unreadable
GLYPH_MARKS: dict[str, tuple[str, str, str, str]] = {
    # style: (checked, unchecked, font of checked, font of unchecked)
    "check": ("✓", "□", SYMBOL_TEXT_FONT, CJK_FONT),
    "sqrt": ("√", "□", CJK_FONT, CJK_FONT),
    "square": ("■", "□", CJK_FONT, CJK_FONT),
    "ballot": ("☑", "☐", SYMBOL_TEXT_FONT, SYMBOL_TEXT_FONT),
    "wd2": ("R", "£", WINGDINGS2, WINGDINGS2),
    "wd": ("þ", "¨", WINGDINGS, WINGDINGS),
    "pua": ("\uf052", "\uf0a3", WINGDINGS2, WINGDINGS2),
}
BOX_VARIANTS = ("tick", "cross", "fill")
NOT_IN_GB1 = frozenset("✓✔☑☐☒")  # printed in DejaVu Sans


@dataclass(frozen=True)
class Mark:
    """An option mark in a cell: checked (True), empty (False) or unreadable (None)."""

    state: bool | None
    style: str
    variant: str = "tick"  # for drawn boxes: how a checked box is drawn


Content = Sequence[str | Mark]


@dataclass
class CellSpec:
    row: int
    col: int
    content: Content
    rowspan: int = 1
    colspan: int = 1
    valign: str = "top"  # or "middle", "bottom"
    align: str = "left"  # or "center"


@dataclass
class Glyph:
    x: float  # from the left of the cell's text area
    width: float
    text: str = ""
    font: str = CJK_FONT
    box: Mark | None = None  # a drawn box instead of a character


Line = list[Glyph]


@dataclass
class TableSpec:
    col_widths: list[float]
    header: list[CellSpec]
    header_heights: list[float]
    body: list[CellSpec]
    n_body_rows: int
    min_heights: dict[int, float] = field(default_factory=dict)
    font_size: float = 7.5
    leading: float = 9.6
    pad_x: float = 2.5
    pad_y: float = 2.0
    ruling: str = "rects"  # "rects": thin filled rectangles (Word); "lines": stroked lines
    allow_row_split: bool = True


@dataclass
class Part:
    """The piece of one body row that lies on one page."""

    row: int
    page: int
    top: float  # flow position on that page
    height: float


@dataclass
class PlacedLine:
    page: int
    top: float  # flow position of the line's top on that page
    glyphs: Line


@dataclass
class Region:
    page: int
    top: float
    bottom: float


@dataclass
class PlacedCell:
    spec: CellSpec
    regions: list[Region]
    lines: list[PlacedLine]


@dataclass
class Layout:
    parts: list[Part]
    cells: list[PlacedCell]
    n_pages: int

    def row_pages(self, row: int) -> list[int]:
        return [p.page for p in self.parts if p.row == row]


# ---------------------------------------------------------------- wrapping

def _is_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "&.%-/_")


def _units(content: Content, size: float) -> list[list[Glyph] | str]:
    """Unbreakable units: a Latin word, a single CJK char, a mark glued to the next char.

    A str unit "\n" forces a line break, " " is a break opportunity.
    """
    units: list[list[Glyph] | str] = []
    pending_mark: list[Glyph] = []
    for piece in content:
        if isinstance(piece, Mark):
            pending_mark.append(_mark_glyph(piece, size))
            continue
        i = 0
        while i < len(piece):
            ch = piece[i]
            if ch in "\n ":
                if pending_mark:
                    units.append(pending_mark)
                    pending_mark = []
                units.append(ch)
                i += 1
                continue
            j = i + 1
            if _is_word_char(ch):
                while j < len(piece) and _is_word_char(piece[j]):
                    j += 1
            word = [Glyph(0.0, stringWidth(c, _font(c), size), c, _font(c)) for c in piece[i:j]]
            units.append(pending_mark + word)
            pending_mark = []
            i = j
    if pending_mark:
        units.append(pending_mark)
    return units


def _font(ch: str) -> str:
    return SYMBOL_TEXT_FONT if ch in NOT_IN_GB1 else CJK_FONT


def _mark_glyph(mark: Mark, size: float) -> Glyph:
    if mark.style == "box":
        return Glyph(0.0, size * 1.05, box=mark)
    checked, unchecked, font_on, font_off = GLYPH_MARKS[mark.style]
    text, font = (checked, font_on) if mark.state else (unchecked, font_off)
    return Glyph(0.0, stringWidth(text, font, size), text, font)


def wrap(content: Content, width: float, size: float) -> list[Line]:
    lines: list[Line] = [[]]
    x = 0.0
    for unit in _units(content, size):
        if unit == "\n":
            lines.append([])
            x = 0.0
            continue
        if unit == " ":
            if lines[-1]:  # a real space glyph, as Word prints it
                space = Glyph(x, stringWidth(" ", CJK_FONT, size), " ", CJK_FONT)
                lines[-1].append(space)
                x += space.width
            continue
        assert isinstance(unit, list)
        w = sum(g.width for g in unit)
        if lines[-1] and x + w > width + 0.01:
            while lines[-1] and lines[-1][-1].text == " ":
                lines[-1].pop()
            lines.append([])
            x = 0.0
        for g in unit:
            g.x = x
            x += g.width
            lines[-1].append(g)
    for line in lines:
        while line and line[-1].text == " ":
            line.pop()
    while lines and not lines[-1]:
        lines.pop()
    return lines


# ---------------------------------------------------------------- layout

def layout_table(spec: TableSpec, capacity: Callable[[int], float]) -> Layout:
    """Place the body rows on pages; capacity(page) is the body height available there."""
    size, lead, pad = spec.font_size, spec.leading, spec.pad_y
    wrapped: list[list[Line]] = []
    for cell in spec.body:
        width = sum(spec.col_widths[cell.col : cell.col + cell.colspan]) - 2 * spec.pad_x
        wrapped.append(wrap(cell.content, width, size))

    heights = [max(spec.min_heights.get(r, 0.0), lead + 2 * pad) for r in range(spec.n_body_rows)]
    for cell, lines in zip(spec.body, wrapped, strict=True):
        if cell.rowspan == 1:
            heights[cell.row] = max(heights[cell.row], len(lines) * lead + 2 * pad)
    for cell, lines in zip(spec.body, wrapped, strict=True):
        if cell.rowspan > 1:
            need = len(lines) * lead + 2 * pad
            have = sum(heights[cell.row : cell.row + cell.rowspan])
            if need > have:
                heights[cell.row + cell.rowspan - 1] += need - have

    parts = _paginate(spec, heights, wrapped, capacity)
    n_pages = max(p.page for p in parts) + 1 if parts else 1
    cells = [
        PlacedCell(cell, *_place_cell(spec, cell, lines, parts))
        for cell, lines in zip(spec.body, wrapped, strict=True)
    ]
    return Layout(parts, cells, n_pages)


def _fits(line_top: float, lead: float, bottom: float) -> bool:
    return line_top + lead <= bottom + 0.01


def _paginate(
    spec: TableSpec, heights: list[float], wrapped: list[list[Line]], capacity: Callable[[int], float]
) -> list[Part]:
    lead, pad = spec.leading, spec.pad_y
    parts: list[Part] = []
    page, y = 0, 0.0
    for r, h in enumerate(heights):
        if y + h <= capacity(page) + 0.01:
            parts.append(Part(r, page, y, h))
            y += h
            continue
        avail = capacity(page) - y
        if spec.allow_row_split and avail >= 2 * pad + 2 * lead:
            # Word's "allow row to break across pages": what fits stays, the rest
            # of every cell continues at the top of the next page.
            rest, continues = 2 * pad + lead, False
            for cell, lines in zip(spec.body, wrapped, strict=True):
                if cell.row == r and cell.rowspan == 1 and cell.valign == "top":
                    fit = sum(1 for k in range(len(lines)) if _fits(pad + k * lead, lead, avail))
                    rest = max(rest, 2 * pad + (len(lines) - fit) * lead)
                    continues = continues or fit < len(lines)
            if continues:
                rest = max(rest, h - avail)
                parts.append(Part(r, page, y, avail))
                page, y = page + 1, 0.0
                parts.append(Part(r, page, 0.0, rest))
                y = rest
                continue
        page, y = page + 1, 0.0
        parts.append(Part(r, page, 0.0, h))
        y = h
    return parts


def _place_cell(
    spec: TableSpec, cell: CellSpec, lines: list[Line], parts: list[Part]
) -> tuple[list[Region], list[PlacedLine]]:
    lead, pad = spec.leading, spec.pad_y
    own = [p for p in parts if cell.row <= p.row < cell.row + cell.rowspan]
    regions: list[Region] = []
    for p in own:
        if regions and regions[-1].page == p.page and abs(regions[-1].bottom - p.top) < 0.01:
            regions[-1].bottom = p.top + p.height
        else:
            regions.append(Region(p.page, p.top, p.top + p.height))
    block = len(lines) * lead
    if cell.rowspan == 1 and cell.valign == "middle" and len(regions) > 1 and block + 2 * pad <= regions[0].bottom - regions[0].top:
        # a centred cell of a row that breaks across pages stays on the first page
        regions_for_text = regions[:1]
        total = regions[0].bottom - regions[0].top
        placed, _ = _flow_lines(lines, regions_for_text, (total - block) / 2, lead, pad)
        return regions, placed
    total = sum(r.bottom - r.top for r in regions)
    start = {"top": pad, "bottom": total - pad - block}.get(cell.valign, (total - block) / 2)
    for _ in range(8):
        placed, overflow = _flow_lines(lines, regions, start, lead, pad)
        if overflow <= 0.01 or start <= pad:
            return regions, placed
        start = max(pad, start - overflow)
    return regions, placed


def _flow_lines(
    lines: list[Line], regions: list[Region], start: float, lead: float, pad: float
) -> tuple[list[PlacedLine], float]:
    """Lines from flow offset `start`; a line cut by a region end moves to the next region."""
    placed: list[PlacedLine] = []
    index, offset = 0, start  # offset: from the top of regions[index]
    for line in lines:
        while index < len(regions) - 1:
            region = regions[index]
            height = region.bottom - region.top
            if offset < height and _fits(offset, lead, height):
                break
            if offset >= height:
                offset -= height
            else:  # cut by the page break: Word moves the line on, below the top padding
                offset = pad
            index += 1
        region = regions[index]
        placed.append(PlacedLine(region.page, region.top + offset, line))
        offset += lead
    last = regions[index]
    overflow = offset - (last.bottom - last.top)
    return placed, overflow


# ---------------------------------------------------------------- drawing

@dataclass
class PageFrame:
    """Where the table goes on a page, in PDF user space of the (upright) page."""

    left: float
    table_top: float  # y of the table's top edge (header top)


def draw_ruling(canvas: Canvas, spec: TableSpec, x0: float, y0: float, x1: float, y1: float) -> None:
    width = 0.5
    if spec.ruling == "rects":
        # Word prints borders as thin filled rectangles.
        if abs(y0 - y1) < 0.01:
            canvas.rect(x0 - width / 2, y0 - width / 2, x1 - x0 + width, width, stroke=0, fill=1)
        else:
            lo, hi = min(y0, y1), max(y0, y1)
            canvas.rect(x0 - width / 2, lo - width / 2, width, hi - lo + width, stroke=0, fill=1)
    else:
        canvas.setLineWidth(width)
        canvas.line(x0, y0, x1, y1)


def draw_cell_box(canvas: Canvas, spec: TableSpec, x0: float, x1: float, top: float, bottom: float) -> None:
    draw_ruling(canvas, spec, x0, top, x1, top)
    draw_ruling(canvas, spec, x0, bottom, x1, bottom)
    draw_ruling(canvas, spec, x0, top, x0, bottom)
    draw_ruling(canvas, spec, x1, top, x1, bottom)


def draw_lines(
    canvas: Canvas, spec: TableSpec, cell: CellSpec, x0: float, x1: float, lines: list[tuple[float, Line]]
) -> None:
    """lines: (y of the line's top in user space, glyphs)."""
    size, lead = spec.font_size, spec.leading
    for top, glyphs in lines:
        baseline = top - (lead - size) / 2 - size * 0.86
        shift = 0.0
        if cell.align == "center" and glyphs:
            used = glyphs[-1].x + glyphs[-1].width
            shift = max(0.0, (x1 - x0 - 2 * spec.pad_x - used) / 2)
        for g in glyphs:
            x = x0 + spec.pad_x + shift + g.x
            if g.box is not None:
                draw_box(canvas, x, baseline, size, g.box)
            else:
                canvas.setFont(g.font, size)
                canvas.drawString(x, baseline, g.text)


def draw_box(canvas: Canvas, x: float, baseline: float, size: float, mark: Mark) -> None:
    """A check box drawn with vector paths, as some Word templates print them."""
    side = size * 0.8
    bx, by = x + size * 0.1, baseline - size * 0.05
    canvas.saveState()
    canvas.setLineWidth(0.4)
    canvas.rect(bx, by, side, side, stroke=1, fill=0)
    inset = side * 0.18
    if mark.state is True and mark.variant == "tick":
        path = canvas.beginPath()
        path.moveTo(bx + inset, by + side * 0.5)
        path.lineTo(bx + side * 0.42, by + inset)
        path.lineTo(bx + side - inset, by + side - inset)
        canvas.setLineWidth(0.7)
        canvas.drawPath(path, stroke=1, fill=0)
    elif mark.state is True and mark.variant == "cross":
        canvas.setLineWidth(0.6)
        canvas.line(bx + inset, by + inset, bx + side - inset, by + side - inset)
        canvas.line(bx + inset, by + side - inset, bx + side - inset, by + inset)
    elif mark.state is True:  # filled
        canvas.rect(bx + inset, by + inset, side - 2 * inset, side - 2 * inset, stroke=0, fill=1)
    elif mark.state is None:  # a short dash: neither a tick, a cross nor a fill
        canvas.setLineWidth(0.5)
        canvas.line(bx + side * 0.4, by + side * 0.5, bx + side * 0.6, by + side * 0.5)
    canvas.restoreState()


def column_edges(spec: TableSpec, left: float) -> list[float]:
    edges = [left]
    for w in spec.col_widths:
        edges.append(edges[-1] + w)
    return edges


def draw_page(
    canvas: Canvas, spec: TableSpec, lay: Layout, page: int, frame: PageFrame, body_bottom: float | None = None
) -> None:
    """Draw the header and this page's body parts. body_bottom: unused (kept for clarity)."""
    edges = column_edges(spec, frame.left)
    # header rows, repeated on every page
    header_tops = [frame.table_top]
    for h in spec.header_heights:
        header_tops.append(header_tops[-1] - h)
    for cell in spec.header:
        x0, x1 = edges[cell.col], edges[cell.col + cell.colspan]
        top, bottom = header_tops[cell.row], header_tops[cell.row + cell.rowspan]
        draw_cell_box(canvas, spec, x0, x1, top, bottom)
        width = x1 - x0 - 2 * spec.pad_x
        lines = wrap(cell.content, width, spec.font_size)
        block = len(lines) * spec.leading
        first = top - ((top - bottom) - block) / 2
        draw_lines(canvas, spec, cell, x0, x1, [(first - k * spec.leading, ln) for k, ln in enumerate(lines)])
    body_top = header_tops[-1]
    for placed in lay.cells:
        cell = placed.spec
        x0, x1 = edges[cell.col], edges[cell.col + cell.colspan]
        for region in placed.regions:
            if region.page == page:
                draw_cell_box(canvas, spec, x0, x1, body_top - region.top, body_top - region.bottom)
        mine = [(body_top - ln.top, ln.glyphs) for ln in placed.lines if ln.page == page]
        draw_lines(canvas, spec, cell, x0, x1, mine)


def header_height(spec: TableSpec) -> float:
    return math.fsum(spec.header_heights)
