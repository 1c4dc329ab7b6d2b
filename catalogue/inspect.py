"""Draw one page as the extractor saw it: the grid, merged cells, column roles and marks.

`inspect_page` renders a page (a PDF page with a text layer, a scanned PDF page, or a
page of an image file), runs the same extractor and the same column-role logic as
`extract`, and draws what they found on top, so a person sees why a cell came out as
it did. Mark colours follow the normaliser's reading of each glyph: checked green,
empty red, unreadable orange.

Role labels are ASCII ("level 1", "channel") so that no CJK font is needed.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from catalogue.errors import (
    CatalogueError,
    DamagedInput,
    InputNotFound,
    NoTablesFound,
    UnsupportedInput,
)
from catalogue.extract import extract_document, sniff
from catalogue.extract.pdf.readers import display_transform
from catalogue.extract.settings import ExtractSettings
from catalogue.normalise.columns import ROLE_OPTION, Role
from catalogue.normalise.items import normalise_document
from catalogue.normalise.options import lookup
from catalogue.normalise.record import MarkState, Record
from catalogue.normalise.rows import PageReader, Row
from catalogue.raw import RawTable
from catalogue.schemas.vocabulary import OPTIONS, ROLE_LEVEL
from catalogue.writer import output_mode

# Text-layer pages are rendered at this resolution: 9 pt CJK text stays legible.
DEFAULT_DPI = 144.0
# The drawn page never has more pixels than this (a huge page is drawn smaller); the
# PNG may add a band at the top for the role names, if the page has no margin there.
MAX_PIXELS = 12_000_000
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

ROLE_NAMES = {
    "seq": "no.",
    "category": "category",
    "content": "content",
    "basis": "basis",
    "subject": "subject",
    "channel": "channel",
    "time_limit": "time limit",
    "disclosure": "disclosure",
    "method": "method",
    "audience": "audience",
    "tier": "tier",
    "ignored": "ignored",
}


class NoSuchPage(CatalogueError):
    pass


@dataclass(frozen=True)
class CellView:
    table: int
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    bbox: tuple[float, float, float, float]  # points
    box: tuple[int, int, int, int]  # pixels in the PNG

    @property
    def merged(self) -> bool:
        return self.rowspan > 1 or self.colspan > 1


@dataclass(frozen=True)
class ColumnView:
    table: int
    col: int
    role: str  # ASCII name as drawn: "level 1", "content", "disclosure_proactive"
    from_header: bool  # the table has header rows (else the roles come from an earlier page or the cells)
    box: tuple[int, int, int, int]  # pixels of the drawn label


@dataclass(frozen=True)
class MarkView:
    table: int
    row: int
    col: int
    glyph: str
    state: MarkState
    bbox: tuple[float, float, float, float]  # points, as the extractor reported it
    box: tuple[int, int, int, int]  # pixels of the drawn outline (its colour is the state's)
    label: str | None  # the option text the mark stands for, where the cell's text says so
    fields: tuple[str, ...] = ()  # the contract fields that option sets

    @property
    def rgb(self) -> tuple[int, int, int]:
        return STATE_RGB[self.state]


@dataclass(frozen=True)
class ItemView:
    item_no: int
    item_key: str
    warnings: tuple[str, ...]
    box: tuple[int, int, int, int] | None  # pixels of the drawn item number


@dataclass
class InspectReport:
    source: str
    page: int
    pages: int
    scanned: bool  # the page was read by OCR
    out: Path
    size: tuple[int, int]  # PNG width, height
    scale: float  # pixels per point
    cells: list[CellView] = field(default_factory=list)
    columns: list[ColumnView] = field(default_factory=list)
    marks: list[MarkView] = field(default_factory=list)
    header_rows: dict[int, list[int]] = field(default_factory=dict)  # table → its header row indexes
    data_rows: dict[int, list[int]] = field(default_factory=dict)  # table → rows that became items
    notes: list[str] = field(default_factory=list)
    items: list[ItemView] = field(default_factory=list)  # the items whose rows are on this page

    def mark_counts(self) -> Counter[str]:
        return Counter(m.state for m in self.marks)

    def summary(self) -> str:
        tables = len({c.table for c in self.cells})
        merged = sum(1 for c in self.cells if c.merged)
        counts = self.mark_counts()
        marks = ", ".join(f"{counts[s]} {s}" for s in STATE_RGB if counts[s]) or "none"
        how = "OCR" if self.scanned else "text layer"
        numbers = [i.item_no for i in self.items]
        items = f"items {numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else f"item {numbers[0]}" if numbers else "no items"
        warned = sum(1 for i in self.items if i.warnings)
        return (f"{self.source} p{self.page} ({how}): {tables} table(s), {len(self.cells)} cells "
                f"({merged} merged), {items} ({warned} with warnings), marks: {marks} → {self.out}")


# ---------------------------------------------------------------- roles


@dataclass
class _TableRoles:
    roles: list[Role]
    has_header: bool
    data_start: int  # rows above this are header (or title) rows
    rows: list[int] = field(default_factory=list)  # table rows that became items (or parts of one)


class _RoleRecorder(PageReader):
    """A PageReader that keeps the roles it gives each table: `rows()` works them out
    (from a header, an earlier page or the cells) but does not hand them back."""

    def __init__(self) -> None:
        super().__init__()
        self.used: list[_TableRoles] = []

    def _roles_for(self, data: list[list[str]], n_cols: int, has_header: bool) -> list[Role]:
        roles = super()._roles_for(data, n_cols, has_header)
        self.used.append(_TableRoles(roles, has_header, -len(data)))
        return roles

    def rows(self, table: RawTable) -> list[Row]:
        rows = super().rows(table)
        used = self.used[-1]
        used.data_start += table.n_rows
        used.rows = [r.row_in_table for r in rows if not r.is_empty()]
        return rows


def role_name(role: Role) -> str:
    """An ASCII name for a column role."""
    if role.role == ROLE_LEVEL:
        return f"level {role.level}" if role.level else "level"
    if role.role == ROLE_OPTION:
        options = [o for o in lookup(role.option or "") if o.group == role.group] or list(lookup(role.option or ""))
        if options and options[0].fields:
            return ", ".join(options[0].fields)
        # An option without a field of its own (全社会): its place in the vocabulary.
        group = [o for o in OPTIONS if o.group == role.group]
        number = group.index(options[0]) + 1 if options and options[0] in group else 0
        return f"{role.group} option {number}"
    return ROLE_NAMES.get(role.role, role.role)


def _roles(page_tables: list[RawTable], earlier: Iterator[RawTable]) -> _RoleRecorder:
    """Roles as `extract` gives them on this page. They carry over from the last table
    with a header before it (or, if none had one, from the first table of the file), so
    earlier tables are read backwards only until such a table turns up."""
    carrier: RawTable | None = None
    for table in earlier:  # newest first
        probe = _RoleRecorder()
        probe.rows(table)
        carrier = table
        if probe.used and probe.used[-1].has_header:
            break
    recorder = _RoleRecorder()
    if carrier is not None:
        recorder.rows(carrier)
    recorder.used.clear()
    for table in page_tables:
        recorder.rows(table)
    return recorder


# ---------------------------------------------------------------- the record


def _page_record(path: Path, page: int, pages: int, settings: ExtractSettings) -> Record | None:
    """What `extract` decided for the items on this page: the normaliser's record over
    the pages up to the next one (whose first row may be the rest of this page's last)."""
    upto = tuple(range(1, min(page + 1, pages) + 1))
    try:
        document = extract_document(path, replace(settings, pages=upto))
        return normalise_document(document.tables, path.name).record
    except NoTablesFound:
        return None


# ---------------------------------------------------------------- pages


@dataclass
class _Page:
    tables: list[RawTable]
    earlier: Iterator[RawTable]  # tables of the pages before, newest first
    pages: int
    scanned: bool
    image: Image.Image  # RGB, in the tables' coordinates at `scale` pixels per point
    scale: float
    notes: list[str]
    origin: tuple[float, float] = (0.0, 0.0)  # the image's top-left corner in the tables' coordinates


def _cap(width: float, height: float, scale: float) -> float:
    pixels = width * scale * height * scale
    return scale * (MAX_PIXELS / pixels) ** 0.5 if pixels > MAX_PIXELS else scale


def _page_tables(path: Path, page: int, settings: ExtractSettings, notes: list[str]) -> tuple[list[RawTable], Iterator[RawTable]]:
    """The tables `extract` finds on the page, and a lazy stream of the tables of the
    pages before it, newest first (read only as far as the role look-back needs)."""
    try:
        document = extract_document(path, replace(settings, pages=(page,)))
        mine = list(document.tables)
        notes.extend(n.message for n in document.notes)
    except NoTablesFound as exc:
        notes.append(f"{path.name} p{page}: no table found ({exc.detail})")
        mine = []
    return mine, _earlier(path, page, settings)


def _earlier(path: Path, page: int, settings: ExtractSettings) -> Iterator[RawTable]:
    if page == 1:
        return
    try:
        # PDFs are read in the order asked for (newest first); image files in page order.
        document = extract_document(path, replace(settings, pages=tuple(range(page - 1, 0, -1))))
    except NoTablesFound:
        return
    batch: list[RawTable] = []
    for table in document.tables:
        if batch and table.page < batch[-1].page:  # a page read newest first is complete
            yield from reversed(batch)
            batch = []
        batch.append(table)
    yield from sorted(batch, key=lambda t: (-t.page, -t.index))


def _pdf_page(path: Path, page: int, settings: ExtractSettings, dpi: float) -> _Page:
    import pypdfium2 as pdfium

    from catalogue.extract.pdf import OCR_DPI, TextLayer, page_tables, wants_ocr
    from catalogue.extract.pdf.readers import PdfiumReader, with_trailer

    source = path.name
    data: Path | bytes = path
    try:
        reader = PdfiumReader(path, source, settings.password)
    except DamagedInput:
        # A truncated file: the extractor gives it a new trailer, and so does inspect.
        repaired = with_trailer(path)
        if repaired is None:
            raise
        reader = PdfiumReader(repaired, source, settings.password)
        data = repaired
    # The characters the extractor reads: pdfminer's where pdfium depends on system fonts.
    layer = TextLayer(reader, path, source, settings.password)
    unreadable: str | None = None
    try:
        count = reader.page_count
        if not 1 <= page <= count:
            raise NoSuchPage(f"no such page; the file has {count} page{'s' if count != 1 else ''}",
                             source=source, page=page)
        try:
            content, unreadable = layer.read(page)
        except Exception as exc:  # any parser failure, as the extractor reports it for the page
            raise DamagedInput(f"the page cannot be read ({type(exc).__name__}: {exc})",
                               source=source, page=page) from exc
        # The same choice as the PDF extractor: OCR where the text layer gives no table,
        # or where it cannot be decoded.
        scanned = settings.ocr == "always" or unreadable is not None or (
            wants_ocr(content, settings) and not page_tables(content, source))
    finally:
        layer.close([])
    notes: list[str] = []
    if unreadable is not None:
        notes.append(f"{source} p{page}: the text layer cannot be decoded ({unreadable}); drawn from OCR")
    tables, earlier = _page_tables(path, page, settings, notes)
    try:
        if scanned:
            from catalogue.extract.ocr import render_pdf_page_with_dpi

            rgb, ocr_dpi = render_pdf_page_with_dpi(path, page - 1, OCR_DPI, settings.password)
            image, scale = _ocr_background(rgb, ocr_dpi, source)
            return _Page(tables, earlier, count, True, image, scale, notes)
        pdf = pdfium.PdfDocument(data if isinstance(data, bytes) else str(data), password=settings.password)
        try:
            pg = pdf[page - 1]
            width, height = pg.get_size()
            scale = _cap(width, height, dpi / 72.0)
            image = pg.render(scale=scale).to_pil().convert("RGB")
            origin = _crop_origin(pg)
            pg.close()
        finally:
            pdf.close()
    except pdfium.PdfiumError as exc:
        raise DamagedInput(f"the page cannot be drawn ({exc})", source=source, page=page) from exc
    return _Page(tables, earlier, count, False, image, scale, notes, origin)


def _crop_origin(page: Any) -> tuple[float, float]:
    """Where the rendered crop box starts in the reader's coordinates, which are the
    media box's, turned as the page is displayed (extract.pdf.readers.PdfiumReader.read)."""
    display = display_transform(page.get_rotation() % 360, page.get_mediabox())
    c_left, c_bottom, c_right, c_top = page.get_cropbox()

    corners = [display(c_left, c_bottom), display(c_right, c_top)]
    return min(p[0] for p in corners), min(p[1] for p in corners)


def _image_page(path: Path, page: int, settings: ExtractSettings) -> _Page:
    from catalogue.extract.image import _frame  # the pixels, at the resolution, OCR reads

    source = path.name
    with Image.open(path) as image:
        count = getattr(image, "n_frames", 1)
        if not 1 <= page <= count:
            raise NoSuchPage(f"no such page; the file has {count} page{'s' if count != 1 else ''}",
                             source=source, page=page)
        rgb, dpi = _frame(image, page - 1, source)
    notes: list[str] = []
    tables, earlier = _page_tables(path, page, settings, notes)
    background, scale = _ocr_background(rgb, dpi, source)
    return _Page(tables, earlier, count, True, background, scale, notes)


def _ocr_background(rgb: Any, dpi: float, source: str) -> tuple[Image.Image, float]:
    """The page as OCR saw it (upright, deskewed, at its working resolution): the
    cells' coordinates refer to this image, not to the scan as it came."""
    from catalogue.extract.ocr import require_ocr

    require_ocr(source)
    from catalogue.extract.ocr.page import layout_page

    layout = layout_page(rgb, dpi)
    if layout is None:
        # No grid: there is no table to draw either, so the scan itself will do.
        image = Image.fromarray(rgb).convert("RGB")
        scale = dpi / 72.0
    else:
        image = Image.fromarray(layout.grey).convert("RGB")
        scale = layout.dpi / 72.0
    capped = _cap(image.width / scale, image.height / scale, scale)
    if capped < scale:
        image = image.resize((round(image.width * capped / scale), round(image.height * capped / scale)),
                             Image.Resampling.LANCZOS)
    return image, capped


# ---------------------------------------------------------------- drawing


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
            shade.rectangle(view.box, fill=(*MERGED_RGB, 40))
    for view in report.marks:
        shade.rectangle(view.box, fill=(*view.rgb, 50))
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
    for view in report.marks:  # last: nothing covers a mark's colour
        draw.rectangle(view.box, outline=view.rgb, width=MARK_LINE)
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


def _role_labels(page: _Page, recorder: _RoleRecorder) -> list[_Label]:
    scale = page.scale
    font = _font(min(MAX_FONT, max(11, round(6.5 * scale))))
    height = round(font.getbbox("Ag")[3]) + 4
    labels = []
    for t, table in enumerate(page.tables):
        roles, has_header = recorder.used[t].roles, recorder.used[t].has_header
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
        report.items[k] = replace(item, box=(bounds[0], bounds[1], bounds[2], bounds[3]))


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
    return _font(min(MAX_FONT, max(10, round(6 * scale))))


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


# ---------------------------------------------------------------- entry point


def inspect_page(path: Path | str, page: int, out_png: Path | str,
                 settings: ExtractSettings | dict[str, Any] | None = None, *, dpi: float = DEFAULT_DPI) -> InspectReport:
    """Draw page `page` (1-based) of a PDF or image with what the extractor found on it,
    write it to `out_png`, and return what was drawn.

    Raises CatalogueError: no such file or page, not a PDF or image, unreadable input.
    """
    settings = ExtractSettings.resolve(settings)
    path, out = Path(path), Path(out_png)
    source = path.name
    if not path.is_file():
        raise InputNotFound("no such file", source=str(path))
    if path.stat().st_size == 0:
        raise UnsupportedInput("empty file", source=source)
    kind = sniff(path)
    if kind == "pdf":
        view = _pdf_page(path, page, settings, dpi)
    elif kind == "image":
        view = _image_page(path, page, settings)
    else:
        raise UnsupportedInput("not a PDF or an image (PNG, JPEG, TIFF); inspect draws pages", source=source)
    recorder = _roles(view.tables, view.earlier)
    labels = _role_labels(view, recorder)
    _make_room(view, labels)
    report = InspectReport(source=source, page=page, pages=view.pages, scanned=view.scanned, out=out,
                           size=view.image.size, scale=view.scale, notes=view.notes)
    for t, table in enumerate(view.tables):
        report.header_rows[t] = list(range(recorder.used[t].data_start))
        report.data_rows[t] = recorder.used[t].rows
        for cell in table.cells:
            if cell.bbox is not None:
                report.cells.append(CellView(t, cell.row, cell.col, cell.rowspan, cell.colspan, cell.text,
                                             cell.bbox, _px(cell.bbox, view.scale, view.origin)))
    # Marks and item numbers as `extract` decided them: from the normaliser's record.
    record = _page_record(path, page, view.pages, settings) if view.tables else None
    for item in record.items if record is not None else []:
        mine = [s for f in item.fields for s in f.sources if s.page == page and s.bbox is not None]
        for m in item.marks:
            if m.place.page != page:
                continue
            x0, y0, x1, y1 = _px(m.bbox, view.scale, view.origin)
            # At least big enough for an outline with a visible inside.
            box = (x0, y0, max(x1, x0 + 3 * MARK_LINE), max(y1, y0 + 3 * MARK_LINE))
            report.marks.append(MarkView(m.place.table, m.row, m.col, m.glyph, m.state, m.bbox, box, m.label, m.fields))
        if mine or any(m.place.page == page for m in item.marks):
            first = min(mine, key=lambda s: (s.bbox[1], s.bbox[0])) if mine else None  # type: ignore[index]
            corner = _px(first.bbox, view.scale, view.origin)[:2] if first is not None and first.bbox else None
            report.items.append(ItemView(item.item_no, item.item_key, tuple(item.warnings),
                                         (*corner, *corner) if corner else None))
    image = _draw(view, labels, report)
    _save_atomically(image, out)
    return report


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
