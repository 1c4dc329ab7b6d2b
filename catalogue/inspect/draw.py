"""Drawing an inspected page: the grid, merged cells, role names, item numbers and
mark outlines over the page's picture; the PNG written atomically."""

from __future__ import annotations

import math
import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from catalogue.errors import (
    CatalogueError,
)
from catalogue.inspect.model import ColumnView, InspectReport, role_name
from catalogue.inspect.page import _Page
from catalogue.normalise.record import TableRecord
from catalogue.output.writer import output_mode
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

# Sizes of the drawn labels, in points of the page (then capped at MAX_FONT pixels and
# kept above a legible minimum): role names a little smaller than 9 pt body text.
ROLE_FONT_PT, MIN_ROLE_FONT_PX = 6.5, 11
LEGEND_FONT_PT, MIN_LEGEND_FONT_PX = 6.0, 10
# Tints (alpha of 255) over merged cells and marks: the page stays readable under them.
MERGED_TINT, MARK_TINT = 40, 50



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
    for view in report.cells:
        draw.rectangle(view.box, outline=GRID_RGB, width=line)
    for view in report.cells:
        if view.merged:
            draw.rectangle(view.box, outline=MERGED_RGB, width=line + 1)
            tag = f"{view.rowspan}x{view.colspan}"
            x, y = view.box[0] + line + 2, view.box[1] + line + 1
            draw.rectangle(draw.textbbox((x, y), tag, font=small), fill=(255, 255, 255))
            draw.text((x, y), tag, fill=MERGED_RGB, font=small)
    _draw_roles(image, report, page, labels)
    _legend(draw, small)
    _draw_items(draw, report, small)
    for mark in report.marks:  # last: nothing covers a mark's colour
        draw.rectangle(mark.box, outline=STATE_RGB[mark.state], width=MARK_LINE)
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


def _make_room(page: _Page, labels: list[_Label]) -> None:
    """Add a white band at the top where the legend and the role names would not fit
    above the first table (a table printed close to the page edge)."""
    if not labels:
        return
    first = min(label.top for label in labels)
    need = _legend_height(page.scale) + max(la.image.height for la in labels if la.top == first) + 2
    room = (first - page.origin[1]) * page.scale
    if room >= need:
        return
    pad = math.ceil(need - room)
    taller = Image.new("RGB", (page.image.width, page.image.height + pad), (255, 255, 255))
    taller.paste(page.image, (0, pad))
    page.image = taller
    page.origin = (page.origin[0], page.origin[1] - pad / page.scale)


def _draw_roles(image: Image.Image, report: InspectReport, page: _Page, labels: list[_Label]) -> None:
    """Each column's role centred over it, just above its table."""
    ox, oy = page.origin
    for label in labels:
        w, h = label.image.size
        x = round(min(max(0.0, (label.centre - ox) * page.scale - w / 2), image.width - w))
        y = max(0, round((label.top - oy) * page.scale - h - 1))
        image.paste(label.image, (x, y))
        report.columns.append(ColumnView(label.table, label.col, label.name, label.from_header, (x, y, x + w, y + h)))


def _draw_items(draw: ImageDraw.ImageDraw, report: InspectReport,
                font: ImageFont.FreeTypeFont | ImageFont.ImageFont) -> None:
    """Each item's number (and a "!" where it has warnings) at the top-left of its first
    cell on the page, so a row of the picture can be found in the table."""
    for k, item in enumerate(report.items):
        if item.box is None:
            continue
        x, y = item.box[0] + 2, item.box[1] + 2
        tag = f"#{item.item_no}" + ("!" if item.warnings else "")
        bounds = draw.textbbox((x, y), tag, font=font)
        draw.rectangle(bounds, fill=(255, 255, 255))
        draw.text((x, y), tag, fill=ITEM_RGB, font=font)
        # Whole pixels, as every box of the report (Pillow types a text box as floats).
        report.items[k] = replace(item, box=(round(bounds[0]), round(bounds[1]), round(bounds[2]), round(bounds[3])))


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
            image.save(handle, format="PNG")
        os.replace(tmp, out)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise CatalogueError(f"cannot write the PNG: {exc.strerror or exc}", source=str(out)) from exc
        raise
