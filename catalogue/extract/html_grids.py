"""Tables a web page lays out without <table>: <div>s that play a table's parts.

Site builders and content systems draw a catalogue as a grid of <div>s: ARIA roles
(role="table" / "row" / "cell"), CSS table display (display: table / table-row /
table-cell), or a CSS grid whose children are the cells, `grid-template-columns` saying
how many a row holds. Each is turned into the <table>, <tr> and <td> a browser shows,
in place, so html.py reads it as any table: header words pick it out, spans and marks
as for a <table>. Styles are taken from the element's style attribute and from the
page's <style> rules of one class (`.row {display: table-row}`), the ones such pages
use; any other selector is left unread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

# ARIA roles and CSS display values → the table element that plays the part.
ROLE_TAGS = {
    "table": "table", "grid": "table", "treegrid": "table",
    "rowgroup": "tbody", "row": "tr",
    "cell": "td", "gridcell": "td", "columnheader": "th", "rowheader": "th",
}
DISPLAY_TAGS = {
    "table": "table", "inline-table": "table",
    "table-row-group": "tbody", "table-header-group": "thead", "table-footer-group": "tfoot",
    "table-row": "tr", "table-cell": "td",
}
# Elements that keep their own meaning whatever role or display a page gives them.
KEPT_TAGS = frozenset(("html", "head", "body", "table", "thead", "tbody", "tfoot", "tr", "td", "th",
                       "style", "script", "template", "noscript", "input", "img", "br"))
# A CSS grid of more tracks than this is a page layout, never a catalogue's columns
# (the widest catalogues have about twenty); it also bounds the work of a forged one.
MAX_GRID_COLUMNS = 64
# A repeat() of more tracks than this is no table's (and refuses `repeat(999999, 1fr)`).
MAX_REPEAT = MAX_GRID_COLUMNS
# A CSS grid is read as a table only with at least a header and a row of cells: a page's
# layout grid (a menu beside the main column) has a cell or two a column.
MIN_GRID_ROWS = 2

_DECLARATION = re.compile(r"([-a-z]+)\s*:\s*([^;]+)", re.IGNORECASE)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CLASS_SELECTOR = re.compile(r"^[a-z0-9]*\.([-\w]+)$", re.IGNORECASE)
_COMBINATOR = re.compile(r"\s*>\s*|\s+")
_TAG_NAME = re.compile(r"^[a-z][a-z0-9]*$", re.IGNORECASE)
_CLASS_NAME = re.compile(r"\.([-\w]+)")
_REPEAT = re.compile(r"repeat\(\s*(\d+)\s*,([^()]*(?:\([^()]*\)[^()]*)*)\)", re.IGNORECASE)
_SPAN = re.compile(r"^\s*span\s+(\d+)\s*$", re.IGNORECASE)
_LINES = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_LINE_NAMES = re.compile(r"\[[^\]]*\]")
_CALL = re.compile(r"[-\w]+\([^()]*\)")


def _tag(element: etree._Element) -> str:
    tag = element.tag
    return tag if isinstance(tag, str) else ""


def _class_rules(root: etree._Element) -> dict[str, dict[str, str]]:
    """The declarations of the page's one-class rules, by class name (later rules win)."""
    rules: dict[str, dict[str, str]] = {}
    for style in root.iter("style"):
        for selectors, body in _RULE.findall(_COMMENT.sub("", style.text or "")):
            declarations = declarations_of(body)
            for selector in selectors.split(","):
                found = _CLASS_SELECTOR.match(selector.strip())
                if found:
                    rules.setdefault(found.group(1), {}).update(declarations)
    return rules


# An at-rule's block (@media (max-width: 600px) { .pc {display: none} }): its condition and
# its rules one level in.
_AT_BLOCK = re.compile(r"@([^{};]*)\{((?:[^{}]*\{[^{}]*\})*[^{}]*)\}")
# Conditions of blocks that a desktop's screen does not meet: a phone's width, a printer.
_NOT_DESKTOP = re.compile(r"max-(?:device-)?width|\bprint\b|orientation\s*:\s*portrait", re.IGNORECASE)


@dataclass
class Hiding:
    """What the page's own <style> rules hide, as a desktop's browser shows the page:
    rules outside any @media block and inside blocks a desktop's screen meets (min-width,
    screen), not those for a phone's width or a printer. `classes`: a class hidden
    wherever it stands ("display" for display: none, "visibility" for visibility: hidden,
    as _hidden_by names a style attribute's), by a rule of one class (`.hd`) or of one
    class inside elements of a kind (`td .hd`; `.mobile .hd` hides it in one place only,
    not read), unless a later such rule shows it again; `shown_with`: classes that, all on
    one element, show it again (`.tab-pane.active {display: block}`: the shown tab)."""

    classes: dict[str, str] = field(default_factory=dict)
    shown_with: list[frozenset[str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.classes)

    def how(self, names: list[str]) -> str | None:
        """How an element of these classes is hidden, or None."""
        how = next((self.classes[name] for name in names if name in self.classes), None)
        if how is not None and any(together <= set(names) for together in self.shown_with):
            return None
        return how


def hiding_classes(root: etree._Element) -> Hiding:
    """The classes the page's own <style> rules hide on a desktop's screen (Hiding)."""
    hiding = Hiding()
    for style in root.iter("style"):
        sheet = _COMMENT.sub("", style.text or "")
        # The sheet's rules in order: those outside the blocks, and those of the blocks a
        # desktop's screen meets, each in its place.
        parts: list[str] = []
        at = 0
        for block in _AT_BLOCK.finditer(sheet):
            parts.append(sheet[at:block.start()])
            if not _NOT_DESKTOP.search(block.group(1)):
                parts.append(block.group(2))
            at = block.end()
        parts.append(sheet[at:])
        for selectors, body in _RULE.findall("".join(parts)):
            declarations = declarations_of(body)
            how = _hides(declarations)
            shows = how is None and ("display" in declarations or "visibility" in declarations)
            if how is None and not shows:
                continue
            for selector in selectors.split(","):
                *within, last = _COMBINATOR.split(selector.strip()) or [""]
                if not all(_TAG_NAME.match(part) for part in within):
                    continue  # `.mobile .hd`: in one place only, not read
                found = _CLASS_SELECTOR.match(last)
                if found is not None:
                    if how is not None:
                        hiding.classes[found.group(1)] = how
                    else:
                        hiding.classes.pop(found.group(1), None)
                elif shows and len(names := _CLASS_NAME.findall(last)) > 1:
                    hiding.shown_with.append(frozenset(names))
    return hiding


def _hides(declarations: dict[str, str]) -> str | None:
    if declarations.get("display", "").startswith("none"):
        return "display"
    return "visibility" if declarations.get("visibility", "").startswith("hidden") else None


def declarations_of(text: str) -> dict[str, str]:
    """A style attribute's (or rule's) declarations, by property, lower case."""
    return {name.lower(): value.strip().lower() for name, value in _DECLARATION.findall(text)}


def _style(element: etree._Element, rules: dict[str, dict[str, str]]) -> dict[str, str]:
    style: dict[str, str] = {}
    for name in (element.get("class") or "").split():
        style.update(rules.get(name, {}))
    style.update(declarations_of(element.get("style") or ""))
    return style


def may_hold_grids(text: str) -> bool:
    """Whether the page names a table's role or display anywhere: the others (nearly all)
    are never walked for grids."""
    return _GRID_WORDS.search(text) is not None


_GRID_WORDS = re.compile(r"\srole\s*=\s*[\"']?(?:table|grid|treegrid|rowgroup|row|cell|gridcell|columnheader|rowheader)\b"
                         r"|display\s*:\s*(?:inline-)?(?:table|grid)", re.IGNORECASE)


def grids_as_tables(root: etree._Element) -> None:
    """Turn every <div> grid of the page into a <table> in place (see the module's doc)."""
    rules = _class_rules(root)
    grids: list[tuple[etree._Element, int]] = []
    rows: list[etree._Element] = []
    for element in root.iter():
        tag = _tag(element)
        if not tag or tag in KEPT_TAGS or not (element.get("role") or element.get("class") or element.get("style")):
            continue
        style = _style(element, rules)
        role = (element.get("role") or "").strip().lower()
        display = style.get("display", "").replace("!important", "").strip()
        part = ROLE_TAGS.get(role) or DISPLAY_TAGS.get(display)
        if part is None and display in ("grid", "inline-grid"):
            columns = _track_count(style.get("grid-template-columns", ""))
            if 1 < columns <= MAX_GRID_COLUMNS and sum(1 for child in element if _tag(child)) >= MIN_GRID_ROWS * columns:
                grids.append((element, columns))
            continue
        if part is None:
            continue
        element.tag = part
        if part in ("td", "th"):
            _aria_spans(element)
        elif part == "tr":
            rows.append(element)
    for grid, columns in grids:
        _grid_rows(grid, columns, rules)
    for row in rows:
        _within_a_table(row)


def _aria_spans(cell: etree._Element) -> None:
    for aria, span in (("aria-colspan", "colspan"), ("aria-rowspan", "rowspan")):
        value = cell.get(aria)
        if value is not None and cell.get(span) is None:
            cell.set(span, value)


def _track_count(template: str) -> int:
    """The columns a grid-template-columns value makes (repeat(8, 1fr), 60px 1fr 2fr …);
    0 where they depend on the width (auto-fill, auto-fit)."""
    template = _LINE_NAMES.sub(" ", template.replace("!important", ""))
    if "auto-fill" in template or "auto-fit" in template:
        return 0  # as many as fit the width: no fixed columns to read rows by
    while (found := _REPEAT.search(template)) is not None:
        times = int(found.group(1)) if len(found.group(1)) < 4 else MAX_REPEAT + 1
        if times > MAX_REPEAT:
            return 0
        template = template[:found.start()] + (" " + found.group(2).strip()) * times + template[found.end():]
    while (collapsed := _CALL.sub("x", template)) != template:
        template = collapsed  # minmax(60px, 1fr), fit-content(8em): one track each
    return len(template.split())


def _grid_rows(grid: etree._Element, columns: int, rules: dict[str, dict[str, str]]) -> None:
    """The grid's children, in order, as cells of rows `columns` wide; a child spanning
    columns (grid-column: span 2, or 1 / 3) takes that many, one spanning rows
    (grid-row: span 2) keeps its columns taken in the rows below."""
    cells = [child for child in grid if _tag(child)]
    grid.tag = "table"
    for child in list(grid):
        grid.remove(child)
    taken: dict[int, set[int]] = {}  # row → columns a cell above still covers
    row = etree.SubElement(grid, "tr")
    y, x = 0, 0
    for cell in cells:
        style = _style(cell, rules)
        colspan = min(_span(style.get("grid-column", "")), columns)
        rowspan = _span(style.get("grid-row", ""))
        while True:
            while x in taken.get(y, set()):
                x += 1
            if x + colspan <= columns:
                break
            row = etree.SubElement(grid, "tr")
            y, x = y + 1, 0
        cell.tag = "th" if (cell.get("role") or "").lower() == "columnheader" else "td"
        if colspan > 1:
            cell.set("colspan", str(colspan))
        if rowspan > 1:
            cell.set("rowspan", str(rowspan))
            for below in range(y + 1, y + rowspan):
                taken.setdefault(below, set()).update(range(x, x + colspan))
        row.append(cell)
        x += colspan


def _span(value: str) -> int:
    """Tracks a grid-column or grid-row value spans: `span N`, or `a / b` lines; else 1."""
    found = _SPAN.match(value)
    if found and len(found.group(1)) < 4:
        return max(1, int(found.group(1)))
    found = _LINES.match(value)
    if found and len(found.group(1)) < 4 and len(found.group(2)) < 4:
        return max(1, int(found.group(2)) - int(found.group(1)))
    return 1


def _within_a_table(row: etree._Element) -> None:
    """A row whose grid names no table (rows of role="row" straight in a plain <div>): its
    parent is the table, as a browser's accessibility tree takes it."""
    parent = row.getparent()
    ancestor = parent
    while ancestor is not None:
        if _tag(ancestor) == "table":
            return
        ancestor = ancestor.getparent()
    if parent is not None and _tag(parent) not in KEPT_TAGS:
        parent.tag = "table"
