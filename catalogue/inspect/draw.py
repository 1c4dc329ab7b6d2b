"""Drawing an inspected page: the grid, merged cells, role names, item numbers and
mark outlines over the page's picture; the PNG written atomically."""

from __future__ import annotations

import math
import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

from catalogue.errors import (
    CatalogueError,
)
from catalogue.extract.pdf.geometry import Char
from catalogue.inspect.font import cjk_font, has_glyph
from catalogue.inspect.model import ColumnView, InspectReport, role_name
from catalogue.inspect.page import _Page
from catalogue.normalise.record import TableRecord
from catalogue.output.temp import output_mode
from catalogue.raw import RawTable

# Labels stay this many pixels high at most, whatever the resolution.
MAX_FONT = 24

CHECKED_RGB = (0, 170, 0)
EMPTY_RGB = (225, 0, 0)
UNREADABLE_RGB = (255, 140, 0)
STATE_RGB: dict[str, tuple[int, int, int]] = {"checked": CHECKED_RGB, "empty": EMPTY_RGB, "unreadable": UNREADABLE_RGB}
GRID_RGB = (30, 100, 230)
MERGED_RGB = (150, 50, 200)
LABEL_RGB = (20, 20, 120)
ITEM_RGB = (200, 0, 120)
# A mark's outline is drawn this thick just inside the glyph's box: the glyph stays
# visible within it and the neighbouring characters outside it.
MARK_LINE = 2
# ... and at least this thick in points, so that it covers a box's printed edge: on a
# scan that edge is thicker and blurred, and a thinner outline beside its black turned
# dark when the picture is viewed smaller than its pixels (fit to a screen).
MARK_LINE_PT = 1.0
# On a scan the box found is the ink's core: the outline also covers this many pixels
# of blur around it.
SCAN_MARK_GROW = 1


def mark_line(scale: float) -> int:
    """The width in pixels of a mark's outline at `scale` pixels per point."""
    return max(MARK_LINE, round(MARK_LINE_PT * scale))

# Sizes of the drawn labels, in points of the page (then capped at MAX_FONT pixels and
# kept above a legible minimum): role names a little smaller than 9 pt body text.
ROLE_FONT_PT, MIN_ROLE_FONT_PX = 6.5, 11
LEGEND_FONT_PT, MIN_LEGEND_FONT_PX = 6.0, 10
# Tints (alpha of 255) over merged cells and marks: the page stays readable under them.
MERGED_TINT, MARK_TINT = 40, 50
# Text the picture lacks (fonts not embedded), written in from the reader: near black,
# as printed text is, a shade lighter so that it can be told from the page's own.
TEXT_RGB = (45, 45, 45)
# A pixel darker than this in any channel is ink; a character whose box (less a fifth of
# it each side, where a neighbour's or a ruling's edge may reach) holds none is not drawn.
INK_LEVEL = 160
INK_INSET = 0.2
# Item numbers sit in boxes of their own left of the table, this far from its edge, so
# they never cover a cell's text.
ITEM_GAP = 3



def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.load_default(size=size)
    except ImportError:  # Pillow without FreeType: the fixed bitmap font
        return ImageFont.load_default()


def _px(bbox: tuple[float, float, float, float], scale: float,
        origin: tuple[float, float] = (0.0, 0.0)) -> tuple[int, int, int, int]:
    ox, oy = origin
    return (round((bbox[0] - ox) * scale), round((bbox[1] - oy) * scale),
            round((bbox[2] - ox) * scale), round((bbox[3] - oy) * scale))


def _draw(page: _Page, labels: list[_Label], report: InspectReport) -> Image.Image:
    missing = _unshown(page)
    base = page.image.convert("RGBA")
    tint = Image.new("RGBA", base.size, (0, 0, 0, 0))
    shade = ImageDraw.Draw(tint)
    scale = page.scale
    line = max(1, round(scale / 2))
    small = _legend_font(scale)
    for view in report.cells:
        if view.merged:
            shade.rectangle(view.box, fill=(*MERGED_RGB, MERGED_TINT))
    for mark in report.marks:
        shade.rectangle(mark.box, fill=(*STATE_RGB[mark.state], MARK_TINT))
    image = Image.alpha_composite(base, tint).convert("RGB")
    draw = ImageDraw.Draw(image)
    _write_in(draw, missing, page)
    for view in report.cells:
        draw.rectangle(view.box, outline=GRID_RGB, width=line)
    for view in report.cells:
        if view.merged:
            draw.rectangle(view.box, outline=MERGED_RGB, width=line + 1)
            # Its span in the bottom right corner, where a cell's text (set from the top
            # left, or centred) reaches last.
            tag = f"{view.rowspan}x{view.colspan}"
            left, top, right, bottom = draw.textbbox((0, 0), tag, font=small)
            x, y = view.box[2] - line - 2 - (right - left), view.box[3] - line - 1 - (bottom - top)
            draw.rectangle((x, y, x + right - left, y + bottom - top), fill=(255, 255, 255))
            draw.text((x - left, y - top), tag, fill=MERGED_RGB, font=small)
    _draw_roles(image, report, page, labels)
    _legend(draw, small)
    _draw_items(draw, report, small)
    for mark in report.marks:  # last: nothing covers a mark's colour
        draw.rectangle(mark.box, outline=STATE_RGB[mark.state], width=mark_line(scale))
    return image


@dataclass
class _Label:
    table: int
    col: int
    name: str
    from_header: bool
    image: Image.Image  # drawn, and turned on its side when wider than its column
    centre: float  # of the column, points
    top: float  # of the table, points


def _role_labels(page: _Page, read: list[TableRecord | None]) -> list[_Label]:
    """The role names over each column, as the normaliser's record gives them (a table
    the record lacks gets none)."""
    scale = page.scale
    font = _font(min(MAX_FONT, max(MIN_ROLE_FONT_PX, round(ROLE_FONT_PT * scale))))
    height = round(font.getbbox("Ag")[3]) + 4
    labels = []
    for t, (table, record) in enumerate(zip(page.tables, read, strict=True)):
        if record is None:
            continue
        roles, has_header = record.roles, record.has_header
        # Roles read from this table's header on pale yellow; carried over or guessed, on grey.
        fill = (255, 255, 225) if has_header else (225, 225, 225)
        xs = _column_edges(table)
        top = min(c.bbox[1] for c in table.cells if c.bbox)
        for c in range(table.n_cols):
            left, right = xs[c], xs[c + 1]
            if left is None or right is None:
                continue
            name = role_name(roles[c]) if c < len(roles) else "ignored"
            length = round(font.getlength(name)) + 4
            image = Image.new("RGB", (length, height), fill)
            pen = ImageDraw.Draw(image)
            pen.rectangle((0, 0, length - 1, height - 1), outline=LABEL_RGB)
            pen.text((2, 1), name, fill=LABEL_RGB, font=font)
            if length > (right - left) * scale - 2:
                image = image.rotate(90, expand=True)  # reads bottom to top
            labels.append(_Label(t, c, name, has_header, image, (left + right) / 2, top))
    return labels


def _make_room(page: _Page, labels: list[_Label], item_numbers: list[int] | None = None) -> None:
    """Add a white band at the top where the legend and the role names would not fit
    above the first table (a table printed close to the page edge), and one at the left
    where the item numbers' boxes would not fit left of the tables."""
    if labels:
        first = min(label.top for label in labels)
        need = _legend_height(page.scale) + max(la.image.height for la in labels if la.top == first) + 2
        room = (first - page.origin[1]) * page.scale
        if room < need:
            pad = math.ceil(need - room)
            taller = Image.new("RGB", (page.image.width, page.image.height + pad), (255, 255, 255))
            taller.paste(page.image, (0, pad))
            page.image = taller
            page.origin = (page.origin[0], page.origin[1] - pad / page.scale)
    lefts = [c.bbox[0] for table in page.tables for c in table.cells if c.bbox is not None]
    if not item_numbers or not lefts:
        return
    font = _legend_font(page.scale)
    widest = max(round(font.getlength(item_tag(n, True))) for n in item_numbers) + 4 + 2 * ITEM_GAP
    room = (min(lefts) - page.origin[0]) * page.scale
    if room < widest:
        pad = math.ceil(widest - room)
        wider = Image.new("RGB", (page.image.width + pad, page.image.height), (255, 255, 255))
        wider.paste(page.image, (pad, 0))
        page.image = wider
        page.origin = (page.origin[0] - pad / page.scale, page.origin[1])


def _draw_roles(image: Image.Image, report: InspectReport, page: _Page, labels: list[_Label]) -> None:
    """Each column's role centred over it, just above its table."""
    ox, oy = page.origin
    for label in labels:
        w, h = label.image.size
        x = round(min(max(0.0, (label.centre - ox) * page.scale - w / 2), image.width - w))
        y = max(0, round((label.top - oy) * page.scale - h - 1))
        image.paste(label.image, (x, y))
        report.columns.append(ColumnView(label.table, label.col, label.name, label.from_header, (x, y, x + w, y + h)))


def _unshown(page: _Page) -> list[Char]:
    """The characters of fonts the PDF does not embed that the picture shows no ink for."""
    if not page.unembedded_text:
        return []
    grey = page.image.convert("L")
    ox, oy = page.origin
    missing = []
    for char in page.unembedded_text:
        x0, y0, x1, y1 = ((char.x0 - ox) * page.scale, (char.top - oy) * page.scale,
                          (char.x1 - ox) * page.scale, (char.baseline - oy) * page.scale)
        dx, dy = (x1 - x0) * INK_INSET, (y1 - y0) * INK_INSET
        box = (round(x0 + dx), round(y0 + dy), round(x1 - dx), round(y1 - dy))
        if box[2] <= box[0] or box[3] <= box[1] or not has_glyph(char.text):
            continue
        darkest = cast(int, grey.crop(box).getextrema()[0])  # an "L" image: (darkest, lightest)
        if darkest >= INK_LEVEL:
            missing.append(char)
    return missing


def _write_in(draw: ImageDraw.ImageDraw, chars: list[Char], page: _Page) -> None:
    """Each character at its place, on its baseline and at its size, in the CJK face."""
    ox, oy = page.origin
    for char in chars:
        font = cjk_font(round(char.size * page.scale))
        draw.text(((char.x0 - ox) * page.scale, (char.baseline - oy) * page.scale), char.text,
                  fill=TEXT_RGB, font=font, anchor="ls")


def item_tag(item_no: int, warned: bool) -> str:
    return f"#{item_no}" + ("!" if warned else "")


def _draw_items(draw: ImageDraw.ImageDraw, report: InspectReport,
                font: ImageFont.FreeTypeFont | ImageFont.ImageFont) -> None:
    """Each item's number (and a "!" where it has warnings) in a box of its own left of
    the table, level with the top of its first cell on the page, so a row of the picture
    can be found in the table; the box never covers a cell (inspect_page made room)."""
    below = -1  # the bottom of the tag above: tags of short rows stack, never overlap
    for k, item in enumerate(report.items):
        if item.box is None:
            continue
        y = max(item.box[1] + 1, below + 1)
        level = [c.box[0] for c in report.cells if c.box[1] <= item.box[1] < c.box[3]]
        edge = min(level or [c.box[0] for c in report.cells] or [item.box[0]])
        tag = item_tag(item.item_no, bool(item.warnings))
        left, top, right, bottom = (round(v) for v in draw.textbbox((0, 0), tag, font=font))
        width, height = right - left + 4, bottom - top + 4
        x = max(0, round(edge - ITEM_GAP - width))
        bounds = (x, y, x + width, y + height)
        draw.rectangle(bounds, fill=(255, 255, 255), outline=ITEM_RGB)
        draw.text((x + 2 - left, y + 2 - top), tag, fill=ITEM_RGB, font=font)
        below = bounds[3]
        report.items[k] = replace(item, box=bounds)


def _column_edges(table: RawTable) -> list[float | None]:
    """x of each grid line, from the cells that start or end on it."""
    edges: list[float | None] = [None] * (table.n_cols + 1)
    for cell in table.cells:
        if cell.bbox is None:
            continue
        edges[cell.col] = cell.bbox[0] if edges[cell.col] is None else edges[cell.col]
        end = cell.col + cell.colspan
        edges[end] = cell.bbox[2] if edges[end] is None else edges[end]
    return edges


def _legend_font(scale: float) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return _font(min(MAX_FONT, max(MIN_LEGEND_FONT_PX, round(LEGEND_FONT_PT * scale))))


def _legend_height(scale: float) -> int:
    return 8 + round(_legend_font(scale).getbbox("Ag")[3])


def _legend(draw: ImageDraw.ImageDraw, font: ImageFont.FreeTypeFont | ImageFont.ImageFont) -> None:
    x, y = 4, 4
    items = [("checked", CHECKED_RGB), ("empty", EMPTY_RGB), ("unreadable", UNREADABLE_RGB),
             ("cell", GRID_RGB), ("merged", MERGED_RGB)]
    size = round(draw.textbbox((0, 0), "Ag", font=font)[3])
    for name, rgb in items:
        draw.rectangle((x, y, x + size, y + size), outline=rgb, width=2)
        draw.text((x + size + 4, y), name, fill=rgb, font=font)
        x += size + 12 + round(draw.textlength(name, font=font))


# The PNG text chunk that says a picture is this tool's own drawing: `catalogue inspect`
# replaces a file only where it says so (cli.inspect_command).
SOFTWARE_KEY = "Software"
SOFTWARE = "catalogue inspect"


def is_drawing(path: Path) -> bool:
    """Whether `path` is a PNG that `catalogue inspect` wrote."""
    try:
        with Image.open(path) as image:
            return image.format == "PNG" and image.info.get(SOFTWARE_KEY) == SOFTWARE
    except (OSError, ValueError, Image.DecompressionBombError):
        return False


def _save_atomically(image: Image.Image, out: Path) -> None:
    """Write next to the target and rename, so a reader never sees half a PNG."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
        os.fchmod(fd, output_mode())  # mkstemp makes it 0600; a PNG for others to see follows the umask
    except OSError as exc:
        raise CatalogueError(f"cannot write the PNG: {exc.strerror or exc}", source=str(out)) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            marked = PngImagePlugin.PngInfo()
            marked.add_text(SOFTWARE_KEY, SOFTWARE)
            image.save(handle, format="PNG", pnginfo=marked)
        os.replace(tmp, out)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise CatalogueError(f"cannot write the PNG: {exc.strerror or exc}", source=str(out)) from exc
        raise
