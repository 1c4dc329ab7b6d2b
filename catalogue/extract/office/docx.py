"""Word documents (.docx, .docm) from word/document.xml: every body table, in order, a page.

The table model is Word's: a cell takes w:gridSpan grid columns; w:vMerge="restart"
starts a vertical merge and a bare w:vMerge continues the cell above; w:gridBefore
skips columns at a row's start. A bare w:vMerge at the top of a table (a table split
by a page break inside a merged group) begins an empty cell, which the normaliser
joins to the group of the table before, as it does across a PDF page.

Marks in every form Word stores them: w:sym (a symbol font and a char code), runs in a
symbol font, content-control check boxes (w14:checkbox) and legacy form-field check
boxes (FORMCHECKBOX, w:ffData/w:checkBox); a tick pasted as a small inline picture is
read by its place (extract/pictures.py). Several paragraphs in a cell are lines.
Macros in a .docm are never run: only the XML is read.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from catalogue.errors import DamagedInput
from catalogue.extract.office.controls import picture_kind, relationships
from catalogue.extract.office.grid import CellGrid, unwrap_frames
from catalogue.extract.office.package import open_package, read_member
from catalogue.extract.office.pages import OfficePage
from catalogue.extract.office.xml import local, parse_part, refuse_strict
from catalogue.extract.pictures import EMU_PER_POINT, is_mark_sized, names_options, picture_mark
from catalogue.extract.symbol_fonts import symbol_char, symbol_text
from catalogue.raw import CHECKED, MAX_GRID_POSITIONS, UNCHECKED, RawCell

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN_PART = "word/document.xml"

# Containers whose children are still body blocks, table rows or cells.
TRANSPARENT = frozenset(("sdt", "sdtContent", "customXml", "smartTag", "ins", "moveTo"))
# Run content that is never cell text: deleted or moved-away text, field codes, drawings
# and text boxes (their own paragraphs), alternate renderings.
SKIPPED = frozenset(("del", "moveFrom", "instrText", "delText", "drawing", "pict", "object",
                     "AlternateContent", "txbxContent", "rPr", "pPr", "sdtPr", "sdtEndPr", "fldData"))
TRUE_VALUES = frozenset(("", "1", "true", "on"))


def docx_pages(path: Path, source: str) -> list[OfficePage]:
    with open_package(path, source) as package:
        root = parse_part(read_member(package, MAIN_PART, source), source, MAIN_PART)
        refuse_strict(root, source, "a Word Document (.docx)")
        picture = _picture_marks(package, root, source)
    body = root.find(f"{{{W}}}body")
    if body is None:
        return []
    tables = [inner for table in _body_tables(body) for inner in _unwrapped(table)]
    return [OfficePage(n, f"table {n}", _grid(table, source, picture)) for n, table in enumerate(tables, start=1)]


@dataclass
class _Pictures:
    """The mark the document's pictures in option cells stand for, and those pictures
    (kept alive here, so lxml hands back the same element objects when the cells are read)."""

    mark: str
    drawings: set[etree._Element]


def _picture_marks(package: zipfile.ZipFile, root: etree._Element, source: str) -> _Pictures | None:
    """The inline pictures of a mark's size in table cells that hold options or nothing
    else (pictures.names_options), and the mark they stand for (extract/pictures.py);
    None where there are none. A logo in the title or an icon in a 公开主体 cell is no
    mark and no kind among the marks'."""
    drawings = {drawing for drawing in root.iter(f"{{{W}}}drawing") if _mark_sized(drawing)
                and _in_option_cell(drawing)}
    embeds = [blip.get(f"{{{R}}}embed", "") for drawing in drawings for blip in drawing.iter(f"{{{A}}}blip")]
    if not embeds:
        return None
    rels = relationships(package, MAIN_PART, source)
    names = set(package.namelist())
    kinds = {picture_kind(package, rels[e][0], source) if e in rels and rels[e][0] in names else e
             for e in set(embeds)}
    texts = (t.text or "" for t in root.iter(f"{{{W}}}t"))
    return _Pictures(picture_mark(kinds, texts), drawings)


def _in_option_cell(drawing: etree._Element) -> bool:
    cell = next((a for a in drawing.iterancestors(f"{{{W}}}tc")), None)
    return cell is not None and names_options("".join(t.text or "" for t in cell.iter(f"{{{W}}}t")))


def _mark_sized(drawing: etree._Element) -> bool:
    """A drawing that is one picture in the text's line (wp:inline) of a mark's size."""
    inline = drawing.find(f"{{{WP}}}inline")
    extent = inline.find(f"{{{WP}}}extent") if inline is not None else None
    if extent is None or next(drawing.iter(f"{{{A}}}blip"), None) is None:
        return False
    try:
        width, height = (int(extent.get(k, "")) / EMU_PER_POINT for k in ("cx", "cy"))
    except ValueError:
        return False
    return is_mark_sized(width, height)


def _body_tables(container: etree._Element) -> list[etree._Element]:
    """The tables of the body (or of a text box) in order, looking through content
    controls; then those typed into a text box or a frame anchored in one of its
    paragraphs (of a box written two ways, mc:Choice and mc:Fallback, the first). The
    boxes' come after the body's own, so that a small table in a box (a letterhead's
    文号 | 密级) leaves each body table its number, the page an item and --pages name."""
    own: list[etree._Element] = []
    boxed: list[etree._Element] = []
    for child in _children(container, ("tbl", "p")):
        if local(child) == "tbl":
            own.append(child)
            continue
        for box in child.iter(f"{{{W}}}txbxContent"):
            if _outermost_box(box, child):
                boxed.extend(_body_tables(box))
    return own + boxed


def _outermost_box(box: etree._Element, paragraph: etree._Element) -> bool:
    """A text box of the paragraph, not one inside another box, nor a Fallback copy."""
    for ancestor in box.iterancestors():
        if ancestor is paragraph:
            return True
        if local(ancestor) in ("txbxContent", "Fallback"):
            return False
    return False


def _unwrapped(table: etree._Element) -> list[etree._Element]:
    """The table, or the tables it frames (grid.unwrap_frames)."""
    return unwrap_frames(table, _rows, lambda r: _children(r, "tc"),
                         lambda tc: any("".join(_paragraph(p)).strip() for p in _children(tc, "p")),
                         lambda tc: _children(tc, "tbl"))


def _rows(table: etree._Element) -> list[etree._Element]:
    """The table's rows but those deleted as a tracked change (w:trPr/w:del): a draft sent
    with its revisions shows them struck through, and their text is deleted text, so read
    they would be empty rows (empty_row_dropped) where nothing was lost."""
    return [row for row in _children(table, "tr")
            if (props := row.find(f"{{{W}}}trPr")) is None or props.find(f"{{{W}}}del") is None]


def _children(element: etree._Element, name: str | tuple[str, ...]) -> list[etree._Element]:
    """Child elements called `name` (or any of the names), looking through content
    controls and the like."""
    names = (name,) if isinstance(name, str) else name
    out: list[etree._Element] = []
    stack = list(reversed(element))
    while stack:
        child = stack.pop()
        tag = local(child)
        if tag in names:
            out.append(child)
        elif tag in TRANSPARENT:
            stack.extend(reversed(child))
    return out


def _val(element: etree._Element | None, default: str = "") -> str:
    if element is None:
        return default
    return element.get(f"{{{W}}}val", default)


def _int(element: etree._Element | None, default: int) -> int:
    value = _val(element, str(default))
    return int(value) if value.isdigit() and int(value) > 0 else default


def _grid(table: etree._Element, source: str, picture: _Pictures | None = None) -> CellGrid:
    cells: list[RawCell] = []
    # The cell whose merge is open in each grid column, by its starting column (its index in cells).
    open_at: dict[int, int] = {}
    positions = 0
    hidden_text = 0
    for r, row in enumerate(_rows(table)):
        props = row.find(f"{{{W}}}trPr")
        col = _int(props.find(f"{{{W}}}gridBefore") if props is not None else None, 0)
        for tc in _children(row, "tc"):
            tc_pr = tc.find(f"{{{W}}}tcPr")
            span = _int(tc_pr.find(f"{{{W}}}gridSpan") if tc_pr is not None else None, 1)
            v_merge = tc_pr.find(f"{{{W}}}vMerge") if tc_pr is not None else None
            positions += span
            if positions > MAX_GRID_POSITIONS:
                raise DamagedInput(f"a table holds more than {MAX_GRID_POSITIONS:,} cell positions; "
                                   "is this really a catalogue table?", source=source)
            k = open_at.get(col, -1)
            above = cells[k] if k >= 0 else None
            if v_merge is not None and _val(v_merge, "continue") == "continue" and above is not None \
                    and above.colspan == span and above.row + above.rowspan == r:
                cells[k] = replace(above, rowspan=above.rowspan + 1)
            else:
                hidden_text += sum(1 for run in tc.iter(f"{{{W}}}r") if _hidden_run(run))
                cells.append(RawCell(r, col, cell_text(tc, picture), colspan=span))
                for c in range(col, col + span):
                    open_at.pop(c, None)
                open_at[col] = len(cells) - 1
            col += span
    grid = CellGrid(extent=(max((c.row + c.rowspan for c in cells), default=0),
                            max((c.col + c.colspan for c in cells), default=0)), hidden_text=hidden_text)
    for cell in cells:
        if cell.text:
            grid.texts[(cell.row, cell.col)] = cell.text
        if cell.merged:
            grid.merges.append((cell.row, cell.col, cell.row + cell.rowspan, cell.col + cell.colspan))
    return grid


def cell_text(tc: etree._Element, picture: _Pictures | None = None) -> str:
    """The cell's paragraphs (nested tables' too, in order) as lines; `picture`: the
    pictures read as marks and the mark they stand for (None: pictures are no text)."""
    lines = ["".join(_paragraph(p, picture)) for p in tc.iter(f"{{{W}}}p") if not _in_text_box(p, tc)]
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def _in_text_box(p: etree._Element, tc: etree._Element) -> bool:
    for ancestor in p.iterancestors():
        if ancestor is tc:
            return False
        if local(ancestor) in SKIPPED:
            return True
    return False


def _paragraph(p: etree._Element, picture: _Pictures | None = None) -> list[str]:
    parts: list[str] = []
    _inline(p, None, parts, picture)
    return parts


def _hidden_run(run: etree._Element) -> bool:
    """A run in hidden type (w:vanish in its own properties): Word neither shows nor
    prints it (an author's note, old wording). The paragraph mark's w:vanish hides the mark
    only, never the text."""
    vanish = run.find(f"{{{W}}}rPr/{{{W}}}vanish")
    return vanish is not None and _val(vanish, "true") not in ("false", "0", "off")


def _run_font(run: etree._Element) -> str | None:
    fonts = run.find(f"{{{W}}}rPr/{{{W}}}rFonts")
    if fonts is None:
        return None
    return fonts.get(f"{{{W}}}ascii") or fonts.get(f"{{{W}}}hAnsi") or fonts.get(f"{{{W}}}cs")


def _inline(element: etree._Element, font: str | None, parts: list[str], picture: _Pictures | None = None) -> None:
    for child in element:
        tag = local(child)
        if tag == "r":
            if not _hidden_run(child):
                _inline(child, _run_font(child), parts, picture)
        elif tag == "t":
            parts.append(symbol_text(font, child.text or ""))
        elif tag == "sym":
            code = child.get(f"{{{W}}}char", "")
            try:
                parts.append(symbol_char(child.get(f"{{{W}}}font", ""), int(code, 16)))
            except ValueError:
                parts.append(symbol_char(child.get(f"{{{W}}}font", ""), -1))
        elif tag in ("tab", "ptab"):
            parts.append(" ")
        elif tag in ("br", "cr"):
            parts.append("\n")
        elif tag == "noBreakHyphen":
            parts.append("-")
        elif tag == "fldChar":
            parts.append(_form_checkbox(child))
        elif tag == "sdt":
            mark = _content_control_checkbox(child)
            if mark is None:
                _inline(child, font, parts, picture)
            else:
                parts.append(mark)  # its content is the box glyph the control draws
        elif tag == "p":
            continue  # a paragraph of its own (read by cell_text)
        elif tag == "drawing" and picture is not None and child in picture.drawings:
            parts.append(picture.mark)
        elif tag not in SKIPPED:
            _inline(child, font, parts, picture)


def _form_checkbox(fld_char: etree._Element) -> str:
    """☑/☐ for the start of a legacy FORMCHECKBOX field; '' for any other field char."""
    box = fld_char.find(f"{{{W}}}ffData/{{{W}}}checkBox")
    if box is None:
        return ""
    checked = box.find(f"{{{W}}}checked")
    if checked is not None:
        state = _val(checked).lower() in TRUE_VALUES
    else:
        state = _val(box.find(f"{{{W}}}default"), "0").lower() in TRUE_VALUES - {""}
    return CHECKED if state else UNCHECKED


def _content_control_checkbox(sdt: etree._Element) -> str | None:
    box = sdt.find(f"{{{W}}}sdtPr/{{{W14}}}checkbox")
    if box is None:
        return None
    checked = box.find(f"{{{W14}}}checked")
    value = (checked.get(f"{{{W14}}}val", "0") if checked is not None else "0").lower()
    return CHECKED if value in TRUE_VALUES - {""} else UNCHECKED
