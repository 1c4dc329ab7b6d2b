"""One OFD page's Content.xml (and its templates) → the PDF path's PageContent.

Everything is placed as GB/T 33190 says: an object's own coordinates go through its CTM
and are then moved to its Boundary's corner, in its container's coordinates (the page,
a PageBlock, a composite unit); the page is in millimetres, origin top left, y down.
The result is in points, as the PDF readers give it, so geometry.py and vector_marks.py run on
it unchanged.

Text: TextCode X/Y start a run, DeltaX/DeltaY ("g N v" is N times v) give the advances;
a glyph ends where the next begins, and the last glyph of a run where its object's
Boundary ends (producers that write one object per character box each glyph so) or,
without such a bound, a nominal width. Spaces are not kept: gaps make them, as with PDF.

A page whose text all runs down or up (a landscape table printed turned on a portrait
page) is turned so that it reads left to right, as a PDF viewer does with /Rotate.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field

from lxml import etree

from catalogue.extract.ofd.document import Package, Resources, box, child, child_text, numbers
from catalogue.extract.office.xml import local
from catalogue.extract.pdf.geometry import Char, PageContent, VectorPath, quarter_turn, text_turn
from catalogue.extract.pdf.readers import drop_closing_points
from catalogue.raw import POINTS_PER_INCH

PT_PER_MM = POINTS_PER_INCH / 25.4
# Without a DeltaX or a bounding object, a glyph advances by a nominal width: a full em
# for wide (Han, full-width) characters, half an em for the others.
WIDE_EM = 1.0
NARROW_EM = 0.5
# The Boundary of an object that boxes its glyphs ends its last glyph; one reaching more
# than this many ems past the glyph's start bounds something else (a whole line).
BOUNDED_GLYPH_MAX_EM = 1.5
# A page with no text object but at least this many filled curves has its text drawn as
# glyph outlines: a table's rulings and boxes are straight.
OUTLINE_GLYPHS_MIN = 20

Affine = tuple[float, float, float, float, float, float]  # a b c d e f: x' = a x + c y + e, y' = b x + d y + f
IDENTITY: Affine = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def compose(outer: Affine, inner: Affine) -> Affine:
    """`inner` applied first, then `outer`."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (A * a + C * b, B * a + D * b, A * c + C * d, B * c + D * d, A * e + C * f + E, B * e + D * f + F)


def apply(t: Affine, x: float, y: float) -> tuple[float, float]:
    return t[0] * x + t[2] * y + t[4], t[1] * x + t[3] * y + t[5]


@dataclass(slots=True)
class Glyph:
    text: str
    origin: tuple[float, float]  # page points
    end: tuple[float, float]  # where the glyph ends along its line
    size: float  # points
    font: str


@dataclass
class PlacedImage:
    media: str  # resource ID
    transform: Affine  # the unit square (0,0)-(1,1), image top left at (0,0), → page points


@dataclass
class OfdPage:
    number: int
    width: float  # points, as displayed
    height: float
    glyphs: list[Glyph] = field(default_factory=list)
    paths: list[VectorPath] = field(default_factory=list)
    images: list[PlacedImage] = field(default_factory=list)
    filled_curves: int = 0
    display: Affine = IDENTITY  # page points → the page turned upright

    @property
    def outlined_text(self) -> bool:
        return not self.glyphs and self.filled_curves >= OUTLINE_GLYPHS_MIN


def read_page(package: Package, number: int) -> OfdPage:
    parts = package.page_parts(number)
    resources = package.resources[package.pages[number - 1].document]
    x, y, w, h = parts.physical_box
    page = OfdPage(number, w * PT_PER_MM, h * PT_PER_MM)
    to_points: Affine = (PT_PER_MM, 0.0, 0.0, PT_PER_MM, -x * PT_PER_MM, -y * PT_PER_MM)
    reader = _Reader(page, resources)
    for root in (*map(package.xml, parts.under), parts.root, *map(package.xml, parts.over)):
        content = child(root, "Content")
        for layer in content if content is not None else []:
            if local(layer) == "Layer":
                reader.objects(layer, to_points)
    _turn_upright(page)
    return page


def page_content(page: OfdPage) -> PageContent:
    """The page as the PDF path's table finder reads it, in display coordinates."""
    content = PageContent(page.number, page.width, page.height)
    t = page.display
    upright = t == IDENTITY
    chars = content.chars
    for g in page.glyphs:
        (ox, baseline), (ex, _) = (g.origin, g.end) if upright else (apply(t, *g.origin), apply(t, *g.end))
        chars.append(Char(g.text, ox if ox < ex else ex, ex if ox < ex else ox, baseline, g.size, g.font))
    if upright:
        content.paths = list(page.paths)
    else:
        content.paths = [VectorPath([apply(t, px, py) for px, py in p.points], p.stroke, p.fill, p.closed, p.curved,
                              p.fill_gray) for p in page.paths]
    area = sum(abs(i.transform[0] * i.transform[3] - i.transform[1] * i.transform[2]) for i in page.images)
    content.image_cover = min(1.0, area / (page.width * page.height)) if page.width and page.height else 0.0
    content.text_objects = len(page.glyphs)
    return content


class _Reader:
    def __init__(self, page: OfdPage, resources: Resources) -> None:
        self.page = page
        self.resources = resources
        self._depth = 0
        # A container's transform composed with a CTM, by both (most objects of a page
        # share one CTM, and parsing and composing it for each was much of the reading).
        self._composed: dict[tuple[Affine, str | None], Affine] = {}

    def place(self, obj: etree._Element, parent: Affine) -> tuple[Affine, tuple[float, float, float, float] | None]:
        """The object's own coordinates → page points (its CTM, then its Boundary's
        corner, in its container's coordinates), and its Boundary."""
        key = (parent, obj.get("CTM"))
        composed = self._composed.get(key)
        if composed is None:
            composed = self._composed[key] = compose(parent, _ctm(key[1]))
        found = box(obj.get("Boundary"))
        if found is None:
            return composed, None
        bx, by = found[0], found[1]
        a, b, c, d, e, f = composed
        return (a, b, c, d, e + parent[0] * bx + parent[2] * by, f + parent[1] * bx + parent[3] * by), found

    def objects(self, container: etree._Element, parent: Affine) -> None:
        for obj in container:
            kind = local(obj)
            if kind == "TextObject":
                self.text(obj, parent)
            elif kind == "PathObject":
                self.path(obj, parent)
            elif kind == "ImageObject":
                self.page.images.append(PlacedImage(obj.get("ResourceID", ""), self.place(obj, parent)[0]))
            elif kind == "PageBlock":
                self.objects(obj, parent)
            elif kind == "CompositeObject":
                unit = self.resources.composites.get(obj.get("ResourceID", ""))
                inner = child(unit, "Content") if unit is not None else None
                # A unit that (through others) contains itself would never end.
                if inner is not None and self._depth < MAX_NESTING:
                    self._depth += 1
                    self.objects(inner, self.place(obj, parent)[0])
                    self._depth -= 1

    def text(self, obj: etree._Element, parent: Affine) -> None:
        t, found = self.place(obj, parent)
        scale = math.sqrt(abs(t[0] * t[3] - t[1] * t[2]))
        size = _float(obj.get("Size"), 0.0)
        h_scale = _float(obj.get("HScale"), 1.0)
        font = self.resources.fonts.get(obj.get("Font", ""))
        font_name = font.name if font is not None else ""
        codes = list(obj.iterchildren("{*}TextCode"))  # in any namespace, or none
        a, b, c, d, e, f = t
        glyphs = self.page.glyphs
        em = size * h_scale
        pen_x = pen_y = 0.0
        for k, code in enumerate(codes):
            text = code.text or ""
            n = len(text)
            pen_x = _float(code.get("X"), pen_x)
            pen_y = _float(code.get("Y"), pen_y)
            dxs, dys = deltas(code.get("DeltaX")), deltas(code.get("DeltaY"))
            ndx, ndy = len(dxs), len(dys)
            last_code = k == len(codes) - 1
            for i, ch in enumerate(text):
                last = i + 1 == n
                if i < ndx and not last and dxs[i] > 0:
                    dx = width = dxs[i]  # a glyph ends where the next begins
                else:
                    nominal = (WIDE_EM if unicodedata.east_asian_width(ch) in "WF" else NARROW_EM) * em
                    # Without a DeltaX a glyph advances by its width, unless the run goes down (DeltaY only).
                    dx = dxs[i] if i < ndx else (0.0 if dys else nominal)
                    width = dx if not last and dx > 0 else nominal
                if not ch.isspace():  # spaces are not kept: gaps make them, as with PDF
                    origin = (a * pen_x + c * pen_y + e, b * pen_x + d * pen_y + f)
                    end = (origin[0] + a * width, origin[1] + b * width)
                    if last_code and last and found is not None:
                        end = _bounded_end(origin, end, found, parent, size * scale) or end
                    glyphs.append(Glyph(ch, origin, end, size * scale, font_name))
                pen_x += dx
                if i < ndy:
                    pen_y += dys[i]

    def path(self, obj: etree._Element, parent: Affine) -> None:
        stroke = obj.get("Stroke", "true").lower() != "false"
        color = child(obj, "FillColor")
        if color is None:
            color = self.resources.fill_color(obj.get("DrawParam"))
        # Without a fill colour of its own or from its drawing parameters, a fill is
        # transparent (GB/T 33190): nothing is painted.
        fill = obj.get("Fill", "false").lower() == "true" and color is not None
        if not stroke and not fill:
            return
        t, _ = self.place(obj, parent)
        gray = _gray(color)
        new = _subpaths(child_text(obj, "AbbreviatedData"), t, stroke, fill, gray)
        drop_closing_points(new)
        if fill:
            self.page.filled_curves += sum(p.curved for p in new)
        self.page.paths.extend(new)


# Composite units inside composite units deeper than this are not drawn.
MAX_NESTING = 16


def _ctm(text: str | None) -> Affine:
    try:
        values = numbers(text)
    except ValueError:
        return IDENTITY
    return (values[0], values[1], values[2], values[3], values[4], values[5]) if len(values) == 6 else IDENTITY


def _corners(found: tuple[float, float, float, float], parent: Affine) -> list[tuple[float, float]]:
    x, y, w, h = found
    return [apply(parent, px, py) for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h))]


def _bounded_end(origin: tuple[float, float], end: tuple[float, float], found: tuple[float, float, float, float],
                 parent: Affine, size: float) -> tuple[float, float] | None:
    """Where the object's Boundary (`found`, in its container `parent`) ends the glyph
    along its line, if it bounds the glyph."""
    if size <= 0:
        return None
    pa, pb, pc, pd, pe, _ = parent
    if pb == 0 and pc == 0 and pa > 0 and end[1] == origin[1] and end[0] > origin[0]:
        # Upright (most pages): the glyph runs right, to the Boundary's right side.
        reach = pa * (found[0] + found[2]) + pe - origin[0]
        return (origin[0] + reach, origin[1]) if 0 < reach <= BOUNDED_GLYPH_MAX_EM * size else None
    bound = _corners(found, parent)
    ux, uy = end[0] - origin[0], end[1] - origin[1]
    length = math.hypot(ux, uy)
    if length == 0:
        return None
    ux, uy = ux / length, uy / length
    reach = max((px - origin[0]) * ux + (py - origin[1]) * uy for px, py in bound)
    if not 0 < reach <= BOUNDED_GLYPH_MAX_EM * size:
        return None
    return origin[0] + reach * ux, origin[1] + reach * uy


def deltas(text: str | None) -> list[float]:
    """DeltaX / DeltaY values, with "g N v" (N times v) expanded; [] when malformed."""
    tokens = (text or "").replace(",", " ").split()
    out: list[float] = []
    k = 0
    try:
        while k < len(tokens):
            if tokens[k] == "g":
                count, value = int(tokens[k + 1]), float(tokens[k + 2])
                out.extend([value] * min(count, MAX_REPEAT))
                k += 3
            else:
                out.append(float(tokens[k]))
                k += 1
    except (ValueError, IndexError):
        return []
    return out if math.isfinite(sum(out)) else []  # nan or inf in any


# A "g N v" run longer than this is no line of text (and must not fill memory).
MAX_REPEAT = 10_000

# AbbreviatedData operators and how many numbers each takes (GB/T 33190 table 36).
_OPERANDS = {"S": 2, "M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}


def _subpaths(data: str, t: Affine, stroke: bool, fill: bool, gray: float) -> list[VectorPath]:
    tokens = data.split()
    out: list[VectorPath] = []
    current: VectorPath | None = None
    start: tuple[float, float] | None = None
    k = 0
    while k < len(tokens):
        op = tokens[k]
        count = _OPERANDS.get(op)
        if count is None:
            k += 1  # an unknown token: skipped, as a viewer does
            continue
        try:
            values = [float(v) for v in tokens[k + 1:k + 1 + count]]
        except ValueError:
            break
        if len(values) < count or not math.isfinite(sum(values)):
            break  # the path is drawn up to where its data stops making sense
        k += 1 + count
        if op == "C":
            if current is not None:
                current.closed = True
                current = None
            continue
        if op == "A":
            points = [apply(t, values[5], values[6])]  # an arc: its end (it is curved)
        else:
            points = [apply(t, values[j], values[j + 1]) for j in range(0, count, 2)]
        if op in ("M", "S"):
            current = VectorPath([points[0]], stroke=stroke, fill=fill, fill_gray=gray)
            start = points[0]
            out.append(current)
            continue
        if current is None:
            current = VectorPath([start or points[0]], stroke=stroke, fill=fill, fill_gray=gray)
            out.append(current)
        current.points.extend(points)
        if op in ("Q", "B", "A"):
            current.curved = True
    return [p for p in out if len(p.points) > 1]


def _gray(color: etree._Element | None) -> float:
    """0 (black) … 1 (white) from a FillColor's Value (grey, RGB or CMYK, 0-255); black without one."""
    if color is None:
        return 0.0
    try:
        values = [v / 255 for v in numbers(color.get("Value"))]
    except ValueError:
        return 0.0
    if len(values) == 1:
        return values[0]
    if len(values) == 3:
        return sum(values) / 3
    if len(values) == 4:
        return 1.0 - min(1.0, sum(values[:3]) / 3 + values[3])
    return 0.0


def _float(text: str | None, default: float) -> float:
    try:
        value = float(text) if text is not None else default
    except ValueError:
        return default
    return value if math.isfinite(value) else default


def _turn_upright(page: OfdPage) -> None:
    """Turn a page whose text mostly runs down or up so that it runs left to right."""
    quarter = text_turn(quarter_turn(g.end[0] - g.origin[0], g.end[1] - g.origin[1])
                        for g in page.glyphs if g.end != g.origin) // 90
    w, h = page.width, page.height
    if quarter == 1:  # text runs down the page: turned a quarter clockwise
        page.display, page.width, page.height = (0.0, -1.0, 1.0, 0.0, 0.0, w), h, w
    elif quarter == 3:
        page.display, page.width, page.height = (0.0, 1.0, -1.0, 0.0, h, 0.0), h, w
    elif quarter == 2:
        page.display = (-1.0, 0.0, 0.0, -1.0, w, h)
