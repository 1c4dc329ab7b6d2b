"""OpenDocument tables (table:table in content.xml), shared by the .ods and .odt readers.

Cells carry number-rows-spanned / number-columns-spanned; the positions they cover are
table:covered-table-cell elements; runs of equal rows or cells are written once with
number-rows-repeated / number-columns-repeated (an empty sheet tail claims a million
rows), so repeats are only expanded where they hold text.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from catalogue.errors import DamagedInput
from catalogue.extract.office.excel_rules import column_index
from catalogue.extract.office.grid import CellGrid, Filter, read_filtered, unwrap_frames
from catalogue.extract.office.package import read_member
from catalogue.extract.office.xml import local, parse_part
from catalogue.extract.symbol_fonts import symbol_text
from catalogue.raw import CHECKED, MAX_GRID_POSITIONS, UNCHECKED

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
SVG = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
# Word's legacy form fields as LibreOffice writes them into ODF: a check box is an empty
# <field:fieldmark field:type="…FORMCHECKBOX"> whose Checkbox_Checked param is "true"
# when ticked (no param: not ticked).
FIELD = "urn:openoffice:names:experimental:ooo-ms-interop:xmlns:field:1.0"
FORM_CHECKBOXES = ("vnd.oasis.opendocument.field.FORMCHECKBOX", "ecma.office-open-xml.field.FORMCHECKBOX")

ROW_CONTAINERS = frozenset(("table-header-rows", "table-rows", "table-row-group"))
COLUMN_CONTAINERS = frozenset(("table-header-columns", "table-columns", "table-column-group"))
PARAGRAPHS = frozenset(("p", "h"))
HIDDEN = frozenset(("collapse", "filter"))


@dataclass
class _Styles:
    """What a document's automatic styles say about its text: each style's font (a symbol
    font reads as marks), the styles in hidden type (text:display="none": Word's hidden
    type saved by LibreOffice, an author's note or old wording), and how many pieces of
    text in hidden type have been left out so far."""

    fonts: dict[str, str]
    hidden: set[str] = field(default_factory=set)
    hidden_runs: int = 0


def odf_tables(package: zipfile.ZipFile, source: str, body: str) -> list[tuple[str, CellGrid, bool]]:
    """(table name, cells, hidden) for each outermost table of the body (`spreadsheet`
    or `text`).

    A text document's table is kept whole (its grid is explicit); a sheet is cut to
    its filled cells (it claims a million rows)."""
    root = parse_part(read_member(package, "content.xml", source), source, "content.xml")
    styles = _Styles(_style_fonts(root), _hidden_styles(root))
    hidden = _hidden_table_styles(root)
    filters = _sheet_filters(root) if body == "spreadsheet" else {}
    out: list[tuple[str, CellGrid, bool]] = []
    for table in _outermost_tables(root, body):
        name = table.get(f"{{{TABLE}}}name", "")
        grid = _grid(table, styles, source, whole=body == "text")
        read_filtered(grid, filters.get(name, []))
        out.append((name, grid, table.get(f"{{{TABLE}}}style-name") in hidden))
    return out


def _sheet_filters(root: etree._Element) -> dict[str, list[Filter]]:
    """The active filters of a spreadsheet's database ranges (an AutoFilter is one: a
    table:database-range holding a table:filter), by sheet name. A row a filter hides is
    table:visibility="filter"; LibreOffice also marks so a row hidden by hand inside the
    range, so a hidden row is told apart as in an .xlsx, by the values it shows."""
    found: dict[str, list[Filter]] = {}
    for base in root.iter(f"{{{TABLE}}}database-range"):
        condition = base.find(f"{{{TABLE}}}filter")
        place = _range_address(base.get(f"{{{TABLE}}}target-range-address", ""))
        if condition is None or place is None:
            continue
        sheet, (r0, c0, r1) = place
        found.setdefault(sheet, []).append(((r0 + 1, r1), _shown_conditions(condition, c0)))
    return found


def _range_address(address: str) -> tuple[str, tuple[int, int, int]] | None:
    """"公开目录.A1:公开目录.H8" (or 'Sheet 1'.$A$1:.$H$8) as (sheet name, (first row,
    first column, end row)): 0-based, the end row exclusive."""
    found = re.fullmatch(r"\$?('(?:[^']|'')+'|[^.]+)\.\$?([A-Z]+)\$?(\d+):(?:.*\.)?\$?([A-Z]+)\$?(\d+)", address)
    if found is None:
        return None
    sheet = found.group(1)
    if sheet.startswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    try:
        column = column_index(found.group(2))
    except ValueError:
        return None
    return sheet, (int(found.group(3)) - 1, column - 1, int(found.group(5)))


def _shown_conditions(condition: etree._Element, first_column: int) -> dict[int, set[str]] | None:
    """The values each filtered column (0-based, in the sheet) shows, where every condition
    is "=" (a value, or a list of them as filter-set-items) and an either-or joins
    conditions of one column only; None for any other filter, which is not evaluated."""
    shows: dict[int, set[str]] = {}
    for either in condition.iter(f"{{{TABLE}}}filter-or"):
        fields = {c.get(f"{{{TABLE}}}field-number") for c in either.iter(f"{{{TABLE}}}filter-condition")}
        if len(fields) > 1:
            return None
    for item in condition.iter(f"{{{TABLE}}}filter-condition"):
        field = item.get(f"{{{TABLE}}}field-number", "")
        if item.get(f"{{{TABLE}}}operator") != "=" or not field.isdigit():
            return None
        values = [v.get(f"{{{TABLE}}}value", "") for v in item.iter(f"{{{TABLE}}}filter-set-item")]
        values = values or [item.get(f"{{{TABLE}}}value", "")]
        shows.setdefault(first_column + int(field), set()).update(v.strip() for v in values)
    return shows or None


def _hidden_table_styles(root: etree._Element) -> set[str]:
    """Names of the table styles that hide their table (a hidden sheet: table:display="false")."""
    return {style.get(f"{{{STYLE}}}name", "")
            for style in root.iter(f"{{{STYLE}}}style")
            if style.get(f"{{{STYLE}}}family") == "table"
            and (props := style.find(f"{{{STYLE}}}table-properties")) is not None
            and props.get(f"{{{TABLE}}}display") == "false"}


def _outermost_tables(root: etree._Element, body: str) -> Iterator[etree._Element]:
    container = root.find(f"{{{OFFICE}}}body/{{{OFFICE}}}{body}")
    if container is None:
        return
    stack = list(reversed(container))
    while stack:
        element = stack.pop()
        if local(element) == "table" and element.tag == f"{{{TABLE}}}table":
            yield from unwrap_frames(
                element, lambda t: _members(t, "table-row", ROW_CONTAINERS),
                lambda row: (c for c in row if local(c) == "table-cell"),
                lambda cell: any(str(t).strip() for p in cell if local(p) in PARAGRAPHS for t in p.itertext()),
                lambda cell: [t for t in cell if t.tag == f"{{{TABLE}}}table"])
            continue
        stack.extend(reversed(element))


def _style_fonts(root: etree._Element) -> dict[str, str]:
    """Automatic style name → its font family, for styles that set one."""
    faces = {
        face.get(f"{{{STYLE}}}name", ""): (face.get(f"{{{SVG}}}font-family") or "").strip("'\"")
        for face in root.iter(f"{{{STYLE}}}font-face")
    }
    fonts: dict[str, str] = {}
    for style in root.iter(f"{{{STYLE}}}style"):
        props = style.find(f"{{{STYLE}}}text-properties")
        if props is None:
            continue
        name = props.get(f"{{{STYLE}}}font-name")
        family = faces.get(name, name) if name else props.get(f"{{{FO}}}font-family")
        if family:
            fonts[style.get(f"{{{STYLE}}}name", "")] = family
    return fonts


def _count(element: etree._Element, attribute: str) -> int:
    value = element.get(f"{{{TABLE}}}{attribute}", "1")
    return int(value) if value.isdigit() and int(value) > 0 else 1


def _members(table: etree._Element, name: str, containers: frozenset[str]) -> Iterator[etree._Element]:
    """The table's rows (or columns) in order, looking through header and group containers."""
    stack = list(reversed(table))
    while stack:
        element = stack.pop()
        tag = local(element)
        if tag == name:
            yield element
        elif tag in containers:
            stack.extend(reversed(element))


def _hidden_styles(root: etree._Element) -> set[str]:
    """Names of the styles whose text is hidden (text:display="none"; "condition" hides it
    only under a document variable's value, which is not evaluated)."""
    return {style.get(f"{{{STYLE}}}name", "") for style in root.iter(f"{{{STYLE}}}style")
            for props in style.iter(f"{{{STYLE}}}text-properties") if props.get(f"{{{TEXT}}}display") == "none"}


def _grid(table: etree._Element, styles: _Styles, source: str, whole: bool) -> CellGrid:
    grid = CellGrid()
    hidden_before = styles.hidden_runs
    c = 0
    for column in _members(table, "table-column", COLUMN_CONTAINERS):
        repeat = _count(column, "number-columns-repeated")
        if column.get(f"{{{TABLE}}}visibility") in HIDDEN:
            grid.hidden_cols.update(range(c, c + min(repeat, MAX_GRID_POSITIONS)))
        c += repeat
    r = width = 0
    for row in _members(table, "table-row", ROW_CONTAINERS):
        repeat = _count(row, "number-rows-repeated")
        cells = _row_cells(row, styles)
        filled = any(text.strip() for _, text, _, _ in cells)
        times = repeat if filled else 1
        if len(grid.texts) + times * len(cells) > MAX_GRID_POSITIONS:
            raise DamagedInput(f"table {table.get(f'{{{TABLE}}}name', '')!r} holds more than "
                               f"{MAX_GRID_POSITIONS:,} cells; is this really a catalogue table?", source=source)
        hidden = row.get(f"{{{TABLE}}}visibility") in HIDDEN
        # A row of a collapsed outline group (数据 > 组合; LibreOffice writes its rows in a
        # table:table-row-group) is a view, read as in an .xlsx (xlsx.py).
        grouped = hidden and (parent := row.getparent()) is not None and local(parent) == "table-row-group"
        for k in range(times):
            for col, text, rowspan, colspan in cells:
                if text:
                    grid.texts[(r + k, col)] = text
                if rowspan > 1 or colspan > 1:
                    grid.merges.append((r + k, col, r + k + rowspan, col + colspan))
            if grouped:
                grid.filtered_rows.add(r + k)
            elif hidden:
                grid.hidden_rows.add(r + k)
        r += repeat
        width = max(width, sum(_count(cell, "number-columns-repeated") for cell in row
                               if local(cell) in ("table-cell", "covered-table-cell")))
    if whole:
        grid.extent = (r, width)
    grid.hidden_text = styles.hidden_runs - hidden_before
    return grid


def _row_cells(row: etree._Element, styles: _Styles) -> list[tuple[int, str, int, int]]:
    """(column, text, rowspan, colspan) for each cell of a row that has text or a span."""
    out: list[tuple[int, str, int, int]] = []
    c = 0
    for cell in row:
        name = local(cell)
        if name not in ("table-cell", "covered-table-cell"):
            continue
        repeat = _count(cell, "number-columns-repeated")
        if name == "table-cell":
            text = cell_text(cell, styles, styles.fonts.get(cell.get(f"{{{TABLE}}}style-name", "")))
            rowspan = _count(cell, "number-rows-spanned")
            colspan = _count(cell, "number-columns-spanned")
            if text or rowspan > 1 or colspan > 1:
                # Repeated cells with text are rare (a column of "√"); bound them by the grid limit.
                for k in range(min(repeat, MAX_GRID_POSITIONS) if text else 1):
                    out.append((c + k, text, rowspan, colspan))
        c += repeat
    return out


def cell_text(cell: etree._Element, styles: _Styles, cell_font: str | None = None) -> str:
    """A cell's paragraphs joined by line breaks; text in a symbol font read as marks,
    text in hidden type left out (counted in `styles.hidden_runs`)."""
    lines: list[str] = []
    for paragraph in cell.iter(f"{{{TEXT}}}p", f"{{{TEXT}}}h"):
        if _is_hidden(paragraph, styles) or any(
                _true(mark.get(f"{{{TEXT}}}is-hidden")) for mark in paragraph.iter(f"{{{TEXT}}}hidden-paragraph")):
            styles.hidden_runs += 1
            continue
        parts: list[str] = []
        _inline(paragraph, styles, cell_font, parts)
        lines.append("".join(parts))
    return "\n".join(lines).strip("\n")


def _is_hidden(element: etree._Element, styles: _Styles) -> bool:
    return bool(styles.hidden) and element.get(f"{{{TEXT}}}style-name", "") in styles.hidden


def _true(raw: str | None) -> bool:
    return (raw or "").strip().lower() == "true"


def _inline(element: etree._Element, styles: _Styles, font: str | None, parts: list[str]) -> None:
    fonts = styles.fonts
    font = fonts.get(element.get(f"{{{TEXT}}}style-name", ""), font)
    if element.text:
        parts.append(symbol_text(font, element.text))
    for child in element:
        name = local(child)
        if name == "s":
            parts.append(" " * min(_text_count(child), 100))
        elif name == "tab":
            parts.append(" ")
        elif name == "line-break":
            parts.append("\n")
        elif name in ("fieldmark", "fieldmark-start") and child.get(f"{{{FIELD}}}type") in FORM_CHECKBOXES:
            parts.append(_form_checkbox(child))
        elif _is_hidden(child, styles) or (name == "hidden-text" and _true(child.get(f"{{{TEXT}}}is-hidden"))):
            styles.hidden_runs += 1  # its tail is shown text, taken below
        elif name not in PARAGRAPHS and name not in ("note", "annotation", "table"):
            _inline(child, styles, font, parts)
        if child.tail:
            parts.append(symbol_text(font, child.tail))


def _form_checkbox(fieldmark: etree._Element) -> str:
    checked = any(param.get(f"{{{FIELD}}}name") == "Checkbox_Checked"
                  and (param.get(f"{{{FIELD}}}value") or "").strip().lower() in ("true", "1")
                  for param in fieldmark.iter(f"{{{FIELD}}}param"))
    return CHECKED if checked else UNCHECKED


def _text_count(element: etree._Element) -> int:
    value = element.get(f"{{{TEXT}}}c", "1")
    return int(value) if value.isdigit() else 1
