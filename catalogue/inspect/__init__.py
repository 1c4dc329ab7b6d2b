"""Draw one page as the extractor saw it: the grid, merged cells, column roles and marks.

`inspect_page` renders a page (a PDF page with a text layer, a scanned PDF page, or a
page of an image file), runs the same extractor and normaliser as `extract`, and draws what they found
and decided on top, so a person sees why a cell came out as
it did. Mark colours follow the normaliser's reading of each glyph: checked green,
empty red, unreadable orange.

Role labels are ASCII ("level 1", "channel") so that no CJK font is needed.

The package keeps the model (model.py: what is shown, from the normaliser's record), the
page (page.py: its picture and tables) and the drawing (draw.py) apart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from catalogue.errors import InputNotFound, UnsupportedInput
from catalogue.extract import sniff
from catalogue.extract.settings import ExtractSettings
from catalogue.inspect.draw import (
    MARK_LINE,
    MERGED_RGB,
    SCAN_MARK_GROW,
    STATE_RGB,
    _draw,
    _make_room,
    _px,
    _role_labels,
    _save_atomically,
    mark_line,
)
from catalogue.inspect.model import (
    CellView,
    ColumnView,
    InspectReport,
    ItemView,
    MarkView,
    NoSuchPage,
    _page_record,
    role_name,
)
from catalogue.inspect.page import DEFAULT_DPI, MAX_PIXELS, _image_page, _pdf_page

__all__ = [
    "DEFAULT_DPI", "MARK_LINE", "MAX_PIXELS", "MERGED_RGB", "STATE_RGB", "CellView", "ColumnView", "InspectReport",
    "ItemView", "MarkView", "NoSuchPage", "inspect_page", "mark_line", "role_name",
]



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
    elif kind == "ofd":
        from catalogue.inspect.ofd_page import ofd_page

        view = ofd_page(path, page, settings, dpi)
    else:
        raise UnsupportedInput("inspect draws pages of PDFs, images (PNG, JPEG, TIFF) and OFD; for a sheet, "
                               "Word table or web page, `catalogue extract --provenance` records the cell "
                               "each value came from", source=source)
    # Everything but the cells is drawn from what `extract` decided: the normaliser's
    # record over the pages up to the next one.
    record = _page_record(path, page, view.pages, settings) if view.tables else None
    read = [record.table(table.page, table.index) if record is not None else None for table in view.tables]
    labels = _role_labels(view, read)
    _make_room(view, labels, [item.item_no for item in record.items] if record is not None else None)
    report = InspectReport(source=source, page=page, pages=view.pages, scanned=view.scanned, out=out,
                           size=view.image.size, scale=view.scale, notes=view.notes)
    for t, (table, table_read) in enumerate(zip(view.tables, read, strict=True)):
        report.header_rows[t] = list(table_read.header_rows) if table_read is not None else []
        report.data_rows[t] = list(table_read.data_rows) if table_read is not None else []
        for cell in table.cells:
            if cell.bbox is not None:
                report.cells.append(CellView(row=cell.row, col=cell.col, text=cell.text, rowspan=cell.rowspan,
                                             colspan=cell.colspan, bbox=cell.bbox, flags=cell.flags, table=t,
                                             box=_px(cell.bbox, view.scale, view.origin)))
    for item in record.items if record is not None else []:
        mine = [s.bbox for f in item.fields for s in f.sources if s.page == page and s.bbox is not None]
        for m in item.marks:
            if m.place.page != page:
                continue
            x0, y0, x1, y1 = _px(m.bbox, view.scale, view.origin)
            if view.scanned:
                x0, y0, x1, y1 = x0 - SCAN_MARK_GROW, y0 - SCAN_MARK_GROW, x1 + SCAN_MARK_GROW, y1 + SCAN_MARK_GROW
            # At least big enough for an outline with a visible inside.
            line = mark_line(view.scale)
            box = (x0, y0, max(x1, x0 + 3 * line), max(y1, y0 + 3 * line))
            report.marks.append(MarkView(m.place.table, m.row, m.col, m.glyph, m.state, m.bbox, box, m.label, m.fields))
        if mine or any(m.place.page == page for m in item.marks):
            # The item's own row: its lowest-starting cell (a merged cell above it starts
            # with the first item it spans), leftmost there.
            first = min(mine, key=lambda b: (-b[1], b[0])) if mine else None
            corner = _px(first, view.scale, view.origin)[:2] if first is not None else None
            report.items.append(ItemView(item.item_no, item.item_key, tuple(item.warnings),
                                         (*corner, *corner) if corner else None))
    image = _draw(view, labels, report)
    _save_atomically(image, out)
    return report


