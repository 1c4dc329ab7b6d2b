"""Excel workbooks (.xlsx, .xlsm): every worksheet a page, read from the sheet XML.

Values are read as the workbook last computed them (formulas by their cached
values; macros are data, never run), merges from the merge records, hidden rows and
columns from the row and column records, and rich-text runs in a symbol font
(Wingdings 2 "R" beside "政府网站") by the run's font.

The parts are streamed with lxml rather than loaded through openpyxl, which builds a
cell object (and a rich-text object per string) for every cell of the sheet: the
same values, several times faster and in memory flat in the sheet's rows. The rules
that are Excel's own (which number formats are dates, the date epochs, serial numbers
as dates, cell references) are openpyxl's, written out in `excel_rules`.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import regex
from lxml import etree

from catalogue.errors import DamagedInput
from catalogue.extract.office.controls import cell_pictures, form_checkboxes, wps_cell_images
from catalogue.extract.office.excel_rules import (
    MAC_EPOCH,
    WINDOWS_EPOCH,
    builtin_format_code,
    coordinate_to_tuple,
    from_excel,
    from_ISO8601,
    is_date_format,
    is_timedelta_format,
    range_boundaries,
)
from catalogue.extract.office.grid import CellGrid, cell_value_text
from catalogue.extract.office.package import open_package, read_member
from catalogue.extract.office.pages import OfficePage
from catalogue.extract.office.xml import local, parse_part, refuse_strict
from catalogue.extract.pictures import option_places, picture_mark
from catalogue.extract.symbol_fonts import is_symbol_font, symbol_text
from catalogue.raw import CHECKED, UNREADABLE
from catalogue.schemas.headers import HEADER_SEARCH_ROWS

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKSHEET_TYPE = "/worksheet"
WORKBOOK_PART = "xl/workbook.xml"
_V, _F, _IS, _T, _R, _RPR, _RFONT = (f"{{{MAIN_NS}}}{name}" for name in ("v", "f", "is", "t", "r", "rPr", "rFont"))
_C, _ROW, _COL, _MERGE, _SI = (f"{{{MAIN_NS}}}{name}" for name in ("c", "row", "col", "mergeCell", "si"))
_FILTER, _FILTER_COLUMN = f"{{{MAIN_NS}}}autoFilter", f"{{{MAIN_NS}}}filterColumn"
_FILTERS, _FILTER_VALUE = f"{{{MAIN_NS}}}filters", f"{{{MAIN_NS}}}filter"
# Elements whose earlier siblings are dropped once they end: the long lists of a part.
_LISTED = frozenset((_ROW, _SI))
_DIGITS = "0123456789"
# A run of a string that has no font of its own: it shows in its cell's font.
CELL_FONT = object()

Runs = str | list[tuple[object, str]]  # plain text, or (font or CELL_FONT, text) runs


def xlsx_pages(path: Path, source: str) -> list[OfficePage]:
    with open_package(path, source) as package:  # the size checks, before anything is inflated
        boxes = form_checkboxes(package, source)
        pictures = cell_pictures(package, source)
        embedded = wps_cell_images(package, source)
        book = _Book(package, source)
        pages: list[OfficePage] = []
        for number, (title, part, hidden) in enumerate(book.sheets, start=1):
            grid = book.read_sheet(part)
            for (row, col), mark in boxes.get(title, {}).items():
                before = grid.texts.get((row, col), "")
                grid.texts[(row, col)] = f"{mark}{before}"
            pages.append(OfficePage(number, f'sheet {number} "{title}"', grid, hidden=hidden, name=title))
    for page, (title, _, _) in zip(pages, book.sheets, strict=True):
        # A picture embedded in a cell is that cell's value, whatever its size.
        cells = [(cell, embedded.get(name, name)) for cell, name in page.grid.pictures.items()]
        if cells:
            pictures.setdefault(title, []).extend(cells)
    if pictures:
        _place_pictures(pages, [title for title, _, _ in book.sheets], pictures)
    return pages


def _place_pictures(pages: list[OfficePage], titles: list[str],
                    pictures: dict[str, list[tuple[tuple[int, int], str]]]) -> None:
    """Each picture of a mark's size, and each embedded in a cell, as the mark it stands
    for (extract/pictures.py), the same for the whole workbook, in the cell it lies in,
    where that cell is under the sheet's header, in an option column, and no lower than
    its last filled row (option_places). A cell with text of its own gets ⍰: where the
    picture sits among its words is not known."""
    placed: dict[str, list[tuple[tuple[int, int], str]]] = {}
    for page, title in zip(pages, titles, strict=True):
        found = pictures.get(title, [])
        places = _option_places(page.grid) if found else None
        if places is not None:
            first, columns, last = places
            placed[title] = [(cell, kind) for cell, kind in found
                             if first <= cell[0] <= last and cell[1] in columns]
    for page, title in zip(pages, titles, strict=True):
        marks = {cell for cell, _ in placed.get(title, [])}
        page.unread_pictures = sum(1 for cell in page.grid.pictures if cell not in marks)
    mark = picture_mark((kind for found in placed.values() for _, kind in found),
                        (text for page in pages for text in page.grid.texts.values()))
    for page, title in zip(pages, titles, strict=True):
        for cell, _ in placed.get(title, []):
            before = page.grid.texts.get(cell, "")
            if not before.startswith((CHECKED, UNREADABLE)):  # two pictures in one cell are one mark
                page.grid.texts[cell] = f"{mark if not before.strip() else UNREADABLE}{before}"


def _option_places(grid: CellGrid) -> tuple[int, set[int], int] | None:
    """The sheet's option_places (the first row under its header, its option columns)
    and its last filled row; None where it has no header in its first rows."""
    if not grid.texts:
        return None
    width = 1 + max(c for _, c in grid.texts)
    rows = [[grid.texts.get((r, c), "") for c in range(width)] for r in range(HEADER_SEARCH_ROWS)]
    for r0, c0, r1, c1 in grid.merges:  # a merged header cell names every column it covers
        text = grid.texts.get((r0, c0), "")
        for r in range(r0, min(r1, HEADER_SEARCH_ROWS)):
            for c in range(c0, min(c1, width)):
                rows[r][c] = rows[r][c] or text
    places = option_places(rows)
    if places is None:
        return None
    last = max(r for (r, c), text in grid.texts.items() if text.strip()) if any(
        t.strip() for t in grid.texts.values()) else -1
    return places[0], places[1], last


@dataclass
class _Styles:
    fonts: list[str | None] = field(default_factory=list)  # by font id: its name
    cell_fonts: list[str | None] = field(default_factory=list)  # by cell style (xf) index: its symbol font, or None
    dates: set[int] = field(default_factory=set)  # cell styles whose number format is a date
    durations: set[int] = field(default_factory=set)  # … or a duration ([h]:mm)



def _shown_values(auto_filter: etree._Element, first_column: int) -> dict[int, set[str]] | None:
    """The values each filtered column shows (its sheet column, 0-based), where every
    criterion of the filter is a list of values (filters/filter val=…); None where one is
    another kind (a custom condition, top 10, a colour), which is not evaluated here."""
    shows: dict[int, set[str]] = {}
    for column in auto_filter:
        if column.tag != _FILTER_COLUMN:
            continue
        lists = [child for child in column if child.tag == _FILTERS]
        if len(lists) != 1 or len(lists[0]) == 0 or any(v.tag != _FILTER_VALUE for v in lists[0]):
            return None
        shows[first_column + _int(column.get("colId"))] = {(v.get("val") or "").strip() for v in lists[0]}
    return shows or None

class _Book:
    """The workbook's sheet list, shared strings and cell styles, read once."""

    def __init__(self, package: zipfile.ZipFile, source: str) -> None:
        self.package = package
        self.source = source
        self.names = set(package.namelist())
        if WORKBOOK_PART not in self.names:
            raise DamagedInput("cannot read the workbook (the package has no xl/workbook.xml)", source=source)
        workbook = parse_part(read_member(package, WORKBOOK_PART, source), source, WORKBOOK_PART)
        refuse_strict(workbook, source, "an Excel Workbook (.xlsx)")
        rels = self._relationships(WORKBOOK_PART)
        self.epoch = WINDOWS_EPOCH
        self.sheets: list[tuple[str, str, bool]] = []  # name, part, hidden
        strings_part = styles_part = None
        for part, kind in rels.values():
            if kind.endswith("/sharedStrings"):
                strings_part = part
            elif kind.endswith("/styles"):
                styles_part = part
        for element in workbook.iter():
            name = local(element)
            if name == "workbookPr" and (element.get("date1904") or "").lower() in ("1", "true"):
                self.epoch = MAC_EPOCH
            elif name == "sheet":
                target = rels.get(element.get(f"{{{R_NS}}}id", ""))
                # Worksheets only: a chart sheet holds no cells.
                if target is not None and target[1].endswith(WORKSHEET_TYPE) and target[0] in self.names:
                    hidden = element.get("state", "visible") in ("hidden", "veryHidden")
                    self.sheets.append((element.get("name", ""), target[0], hidden))
        self.strings = self._shared_strings(strings_part) if strings_part in self.names else []
        self.columns: dict[str, int] = {}  # column letters → 1-based index, as met
        self.style_ids: dict[str | None, int] = {}  # a cell's s attribute → its style index, as met
        self.styles = self._styles(styles_part) if styles_part in self.names else _Styles()

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """rId → (target part, relationship type) for one part."""
        folder, name = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
        if rels_name not in self.names:
            return {}
        root = parse_part(read_member(self.package, rels_name, self.source), self.source, rels_name)
        found: dict[str, tuple[str, str]] = {}
        for rel in root:
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External" or not target:
                continue
            resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[rel.get("Id", "")] = (resolved, rel.get("Type") or "")
        return found

    def _stream(self, part: str, *tags: str) -> Iterator[etree._Element]:
        """The `tags` elements of a part as each one ends (its attributes and children
        read); each is cleared then, and so are the rows before it (memory flat in the
        part's size)."""
        handle: IO[bytes] = self.package.open(part)
        try:
            events = etree.iterparse(handle, events=("end",), tag=[f"{{{MAIN_NS}}}{t}" for t in tags],
                                     resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
            for _, element in events:
                yield element
                element.clear(keep_tail=False)
                if element.tag in _LISTED:
                    while element.getprevious() is not None:
                        del element.getparent()[0]
        except etree.XMLSyntaxError as error:
            raise DamagedInput(f"part {part} is not well-formed XML ({error})", source=self.source) from None
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise DamagedInput(f"part {part} cannot be read ({error})", source=self.source) from None
        finally:
            handle.close()

    def _shared_strings(self, part: str) -> list[Runs]:
        # A plain string is made catalogue text once here, not in every cell that shows it.
        return [cell_value_text(runs) if isinstance(runs, str) else runs
                for runs in map(_runs, self._stream(part, "si"))]

    def _styles(self, part: str) -> _Styles:
        root = parse_part(read_member(self.package, part, self.source), self.source, part)
        styles = _Styles()
        custom: dict[str, str] = {}
        for element in root:
            name = local(element)
            if name == "numFmts":
                custom = {fmt.get("numFmtId", ""): fmt.get("formatCode", "") for fmt in element}
            elif name == "fonts":
                for font in element:
                    named = next((child.get("val") for child in font if local(child) == "name"), None)
                    styles.fonts.append(named)
            elif name == "cellXfs":
                for index, xf in enumerate(element):
                    font_id = _int(xf.get("fontId"))
                    font_name = styles.fonts[font_id] if 0 <= font_id < len(styles.fonts) else None
                    # Only a symbol font changes what a cell's text reads as (symbol_text).
                    styles.cell_fonts.append(font_name if is_symbol_font(font_name) else None)
                    fmt_id = xf.get("numFmtId", "0")
                    code = custom.get(fmt_id) or builtin_format_code(_int(fmt_id))
                    if code and is_date_format(code):
                        styles.dates.add(index)
                    if code and is_timedelta_format(code):
                        styles.durations.add(index)
        return styles

    def read_sheet(self, part: str) -> CellGrid:
        """The sheet's filled cells as texts, its merges and its hidden rows and columns.
        Only the cells the file holds are read: a sheet that claims a million rows costs
        what it stores."""
        grid = CellGrid()
        texts = grid.texts
        columns = self.columns
        strings, dates = self.strings, self.styles.dates
        row = 0  # of the last cell read
        # Streamed by rows, not cells: a row's cells are read from the row element when it
        # ends, so the parser hands over one element a row instead of one a cell.
        # An active AutoFilter: its data rows (0-based, end exclusive) and, where every
        # criterion is a list of values, the values each column (0-based) shows.
        filtered: tuple[int, int] | None = None
        shows: dict[int, set[str]] | None = None
        for element in self._stream(part, "row", "col", "mergeCell", "autoFilter"):
            tag = element.tag
            if tag == _ROW:
                row = row_number = _int(element.get("r")) or row + 1
                column = 0
                for cell in element:
                    if cell.tag != _C:
                        continue
                    ref = cell.get("r")
                    if ref:  # a cell reference ("AB12"); a sheet's column letters are looked up once each
                        letters = ref.rstrip(_DIGITS)
                        known = columns.get(letters)
                        if known is None or len(letters) == len(ref):
                            row, column = self._reference(ref)
                        else:
                            row, column = int(ref[len(letters):]), known
                    else:
                        column += 1
                    children = len(cell)
                    if not children:
                        continue  # no value, no formula (an empty string cell): nothing to read
                    text = self._plain_text(cell, strings, dates) if children == 1 else None
                    if text is None:  # any other cell: read in full, and an empty one may be an uncomputed formula
                        text = self._cell_text(cell)
                        if not text and _uncomputed(cell):
                            grid.uncomputed.add((row - 1, column - 1))
                        picture = _cell_picture(cell) if children > 1 else None
                        if picture is not None:  # its cached value is the formula's text, no cell text
                            grid.pictures[(row - 1, column - 1)] = picture
                            text = ""
                    if text:
                        texts[(row - 1, column - 1)] = text
                if _true(element.get("hidden")):
                    grid.hidden_rows.add(row_number - 1)
            elif tag == _COL and _true(element.get("hidden")):
                first = _int(element.get("min"))
                if first:
                    grid.hidden_cols.update(range(first - 1, _int(element.get("max")) or first))
            elif tag == _MERGE and element.get("ref"):
                try:
                    c0, r0, c1, r1 = range_boundaries(element.get("ref", ""))
                except ValueError:
                    continue  # a merge record that names no range: Excel ignores it too
                if c0 is not None and r0 is not None and c1 is not None and r1 is not None:
                    grid.merges.append((r0 - 1, c0 - 1, r1, c1))
            elif tag == _FILTER and element.get("ref") and any(child.tag == _FILTER_COLUMN for child in element):
                try:
                    c0, r0, _, r1 = range_boundaries(element.get("ref", ""))
                except ValueError:
                    continue
                if r0 is not None and r1 is not None:
                    filtered = (r0, r1)  # under its header row r0 (1-based): rows r0 + 1 … r1
                    shows = _shown_values(element, (c0 or 1) - 1)
        if filtered is not None:
            # Rows a filter hides (someone's view: 公开主体 = 财政局) are the catalogue's
            # as much as the rows it shows; rows hidden by hand stay left out.
            # Where the criteria are value lists, a hidden row whose cells the filter would
            # show was hidden by hand (a draft), and stays out.
            by_filter = {r for r in grid.hidden_rows if filtered[0] <= r < filtered[1]
                         and (shows is None or any(grid.texts.get((r, col), "").strip() not in values
                                                   for col, values in shows.items()))}
            grid.hidden_rows -= by_filter
            grid.filtered_rows = by_filter
        return grid

    def _reference(self, ref: str) -> tuple[int, int]:
        """A cell reference ("AB12") as (row, column), 1-based, read by Excel's rule (and
        its error); its column letters are remembered for the next cells."""
        try:
            row, column = coordinate_to_tuple(ref)
        except ValueError:  # "$A$8", "A0": no cell of any sheet
            raise DamagedInput(f"cannot read the workbook (a cell reference {ref!r} is not valid)",
                               source=self.source) from None
        self.columns[ref.rstrip(_DIGITS)] = column
        return row, column

    def _plain_text(self, cell: etree._Element, strings: list[Runs], dates: set[int]) -> str | None:
        """The text of a cell of one child in no symbol font, as _cell_text gives it, where it
        is one of the common kinds: a shared string of plain text, an inline string of one
        text, a whole number in a style that is no date. None for any other cell. (A cell
        of one child that is its value has no formula: never uncomputed.)"""
        style_attribute = cell.get("s")
        style = self.style_ids.get(style_attribute)
        if style is None:
            style = self.style_ids[style_attribute] = _int(style_attribute)
        if 0 <= style < len(self.styles.cell_fonts) and self.styles.cell_fonts[style] is not None:
            return None
        child = cell[0]
        kind = cell.get("t")
        if kind == "s":
            raw = child.text if child.tag == _V else None
            if raw is None or not (raw.isascii() and raw.isdigit()):
                return None
            index = int(raw)
            runs = strings[index] if index < len(strings) else ""
            return runs if isinstance(runs, str) else None
        if kind == "inlineStr":
            if child.tag != _IS or len(child) != 1 or child[0].tag != _T:
                return None
            return cell_value_text(child[0].text or "")
        if kind in (None, "n") and child.tag == _V:
            raw = child.text
            if raw and raw.isascii() and raw.isdigit() and (raw[0] != "0" or raw == "0") and style not in dates:
                return raw  # a whole number as stored: its text is the digits
        return None

    def _cell_text(self, element: etree._Element) -> str:
        kind = element.get("t", "n")
        style_attribute = element.get("s")
        style = self.style_ids.get(style_attribute)  # the attribute's few values read once each
        if style is None:
            style = self.style_ids[style_attribute] = _int(style_attribute)
        font = self.styles.cell_fonts[style] if 0 <= style < len(self.styles.cell_fonts) else None
        if kind == "inlineStr":
            inline = _child(element, _IS)
            if inline is None:
                return ""
            if len(inline) == 1 and inline[0].tag == _T:  # one plain text, as most are (_runs' first case)
                runs: Runs = inline[0].text or ""
            else:
                runs = _runs(inline)
            if isinstance(runs, str):
                text = cell_value_text(runs)
                return text if font is None else symbol_text(font, text)
            return _runs_text(runs, font)
        raw = None
        for child in element:  # its <v> (a walk of one or two children: find() costs several times this)
            if child.tag == _V:
                raw = child.text or None  # a formula without a cached value has none
                break
        if raw is None:
            return ""
        value: object = raw
        if kind == "s":
            index = _int(raw, -1)
            if not 0 <= index < len(self.strings):
                return ""
            runs = self.strings[index]
            if isinstance(runs, str):
                return runs if font is None else symbol_text(font, runs)
            return _runs_text(runs, font)
        if kind == "n" and raw.isascii() and raw.isdigit() and (raw[0] != "0" or raw == "0") \
                and style not in self.styles.dates:
            return raw  # a whole number as stored: its text is the digits (cell_value_text(int(raw)))
        if kind == "n":
            try:
                value = _number(raw)
            except ValueError:
                value = raw  # not a number after all: its text, as stored
            if not isinstance(value, str) and style in self.styles.dates:
                try:
                    value = from_excel(value, self.epoch, timedelta=style in self.styles.durations)
                except (OverflowError, ValueError, TypeError):
                    value = "#VALUE!"  # as Excel shows a date serial past its calendar
        elif kind == "b":
            value = raw.strip() not in ("0", "false", "")
        elif kind == "d":
            try:
                value = from_ISO8601(raw)
            except ValueError:
                value = raw
        text = cell_value_text(value)
        return symbol_text(font, text) if isinstance(value, str) else text


def _child(element: etree._Element, tag: str) -> etree._Element | None:
    """The first child of `element` with this tag (find() costs several times this walk
    of a cell's one or two children)."""
    for child in element:
        if child.tag == tag:
            return child
    return None


def _runs(node: etree._Element) -> Runs:
    """A string item (<si>, <is>): plain text, or its runs with their fonts."""
    if len(node) == 1 and node[0].tag == _T:  # one plain text, as most are
        return node[0].text or ""
    runs: list[tuple[object, str]] = []
    for child in node:
        if child.tag == _T:
            runs.append((CELL_FONT, child.text or ""))
        elif child.tag == _R:
            properties = child.find(_RPR)
            named = properties.find(_RFONT) if properties is not None else None
            text = child.find(_T)
            runs.append((named.get("val") if named is not None else None, text.text or "" if text is not None else ""))
    if not runs:
        return ""
    if len(runs) == 1 and runs[0][0] is CELL_FONT:
        return runs[0][1]
    return runs


def _runs_text(runs: list[tuple[object, str]], cell_font: str | None) -> str:
    """The text of a string's runs, each in its own font or the cell's."""
    parts = [symbol_text(cell_font if font is CELL_FONT else font, text) for font, text in runs]  # type: ignore[arg-type]
    return cell_value_text("".join(parts))


# WPS Spreadsheets' formula for a picture embedded in a cell (图片嵌入单元格): DISPIMG("ID_…", 1),
# written with Excel's prefix for functions it does not know.
_DISPIMG = regex.compile(r'^\s*=?\s*(?:_xlfn\.)?DISPIMG\(\s*"([^"]+)"', regex.IGNORECASE)


def _cell_picture(element: etree._Element) -> str | None:
    """The id of the picture a cell's formula embeds in it (WPS's DISPIMG), else None."""
    for child in element:
        if child.tag == _F:
            found = _DISPIMG.match(child.text or "")
            return found.group(1) if found else None
    return None


def _uncomputed(element: etree._Element) -> bool:
    """A formula the writing program never computed: openpyxl and other libraries that
    do not calculate write `<f>` with no value, or an empty number. Its value is unknown,
    not empty, so the page says so. (A formula that computed to "" is a string, t="str".)"""
    if element.find(_F) is None:
        return False
    value = element.find(_V)
    return value is None or (not value.text and element.get("t", "n") == "n")


def _number(raw: str) -> int | float:
    """A number as Excel stores it: an int unless it has a point or an exponent."""
    return float(raw) if ("." in raw or "e" in raw or "E" in raw) else int(raw)


def _int(raw: str | None, default: int = 0) -> int:
    try:
        return int(raw) if raw is not None else default
    except ValueError:
        return default


def _true(raw: str | None) -> bool:
    return (raw or "").lower() in ("1", "true")
