"""HTML tables, as PDF converters, OCR services and "save as web page" write them.

A saved government page holds the catalogue among site markup: layout tables around
it, navigation tables beside it. The catalogue tables are picked by their header words,
at any depth, never a layout table that merely contains one; a later table without a
header and about as wide continues the catalogue (as a PDF page continues the last, and
the normaliser matches its columns to the header's as it does a PDF page's). A page where no table has a catalogue header gives every outermost table. The
tables are numbered from 1 in document order (the "block number" of a text input),
counting the tables given. A table laid out in <div>s (ARIA roles, CSS table display or a
CSS grid) is read as the <table> it shows (html_grids), and the document of an <iframe
srcdoc> in the frame's place. Cell positions follow the HTML table model:
a cell takes the first column that no earlier rowspan occupies, spans are clamped as
browsers clamp them, and a rowspan never reaches past its row group.

The input is untrusted: the parser's depth limit stays on, every walk over the tree
is iterative, and the grid a table may claim is capped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import cast

from lxml import etree

from catalogue.errors import DamagedInput
from catalogue.extract.html_grids import (
    Hiding,
    declarations_of,
    grids_as_tables,
    hiding_classes,
    may_hold_grids,
)
from catalogue.plural import counted
from catalogue.raw import (
    CHECKED,
    HIDDEN_ROW_FLAGS,
    MAX_GRID_POSITIONS,
    UNCHECKED,
    UNITS_NONE,
    PageNote,
    RawCell,
    RawTable,
    plain_cell,
)
from catalogue.schemas.headers import HEADER_SEARCH_ROWS, is_header_row
from catalogue.schemas.lookup import has_strong_marks, lookup
from catalogue.schemas.vocabulary import (
    DAY_UNITS,
    REALTIME_WORDS,
    SECTION_NUMBER,
    STRONG_CHECKED,
    STRONG_UNCHECKED,
)
from catalogue.schemas.warnings import (
    HIDDEN_ROWS_READ,
    HIDDEN_SKIPPED,
    SHEET_REPEATED,
    TEMPLATE_ROWS_SKIPPED,
)

# rows x columns of one table's grid. RawTable.grid() and the normaliser build this grid,
# so a table claiming more is refused rather than allowed to eat memory. A catalogue of
# 5,000 rows and 20 columns needs 100,000.
# The HTML standard's own limits; browsers clamp to them too.
MAX_COLSPAN = 1000
MAX_ROWSPAN = 65534

# Elements whose start and end break the line, as they do in rendered text.
BLOCK_TAGS = frozenset(
    (
        *("address", "article", "aside", "blockquote", "caption", "center", "dd", "details"),
        *("dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav"),
        *("ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul"),
    )
)
SECTION_TAGS = frozenset(("thead", "tbody", "tfoot"))
CELL_TAGS = frozenset(("td", "th"))
# Their content is code or markup, never cell text.
NON_TEXT_TAGS = ("script", "style", "template", "noscript")

# A header row names at least this many columns; fewer header words in a row of a
# layout or navigation table ("内容", "首页") do not make it a catalogue.
MIN_CATALOGUE_HEADER_CELLS = 3
# A headerless table after the catalogue as wide as its header continues it. One of
# another width continues it if it is over this share of the header's width and holds
# what only items hold (_holds_items): exporters leave out a sheet's empty trailing
# columns (LibreOffice drops an empty 备注), and Word continues a table with the empty
# level columns merged into one, so a continuation can be narrower, but it keeps the
# content, subject, time and option columns, over half of any catalogue's. A page's
# footer, pager and link tables are of any width but hold no marks, options or limits.
MIN_CONTINUATION_SHARE = 0.5
# ... and at most this many columns wider: the normaliser's realign reads a page with
# up to two columns more than its header (columns.realign).
MAX_CONTINUATION_EXTRA_COLUMNS = 2

# A table, or what may hold one: a frame's document (srcdoc), a <div> grid by its role or
# display (html_grids).
_TABLE_START = re.compile(r"<table[\s>/]|<iframe\s[^>]*srcdoc\s*=|\srole\s*=\s*[\"']?(?:table|grid|treegrid)\b"
                          r"|display\s*:\s*(?:inline-)?(?:table|grid)\b", re.IGNORECASE)
_SPAN_NUMBER = re.compile(r"\s*\+?(\d+)")


def looks_like_html(text: str) -> bool:
    return _TABLE_START.search(text) is not None


def tables_from_html(text: str, source: str, notes: list[PageNote] | None = None) -> Iterator[RawTable]:
    """One RawTable per catalogue table (or per outermost table, on a page where no
    table has a catalogue header); tables without a single cell are passed over. Hidden
    rows and text of a table given are left out with a note in `notes`."""
    if not looks_like_html(text):
        return
    parsed = _parse(text, source)
    if parsed is None:
        return
    root, hiding = parsed
    _check_end(text, source)
    hidden, hidden_rows = _drop_hidden(root, hiding)
    rows = _TableRows(hidden_rows, templates=any(start in text for start in _PLACEHOLDER_IN_SOURCE))
    chosen = _catalogue_tables(root, rows)
    titles = {table: title for table in chosen if (title := _section_title(table)) is not None}
    if len(titles) >= MIN_SECTION_TABLES:
        for table, title in titles.items():
            _title_as_section_row(table, rows(table), title)
    tables = chosen or list(_outermost_tables(root))
    raws = [_raw_table(rows(table), source, number) for number, table in enumerate(tables, start=1)]
    copies = _layout_copies(raws, [all(row.hidden for row in rows(table)) for table in tables])
    for number, (table, raw) in enumerate(zip(tables, raws, strict=True), start=1):
        copy = copies.get(number)
        if copy is not None and notes is not None:
            earlier, hidden_copy = copy
            notes.append(PageNote(number, SHEET_REPEATED, f"{source} table {number} holds only cells of table {earlier} "
                                  "and the page hides it (a copy for another layout): left out, so its items are not "
                                  "read twice" if hidden_copy else f"{source} table {number} repeats table {earlier} cell "
                                  "for cell; its items are read twice (delete one if it is a copy)"))
        if copy is not None and copy[1]:
            continue
        if notes is not None and (templates := rows.templates.get(table)):
            notes.append(PageNote(number, TEMPLATE_ROWS_SKIPPED, f"{source} table {number}: {counted(templates, 'row')} "
                                  "of a script's placeholders ({{…}}: the row a page copies to add items) left out"))
        if table in hidden and notes is not None:
            pieces = hidden[table]
            rows_read = sum(1 for row in rows(table) if row.hidden)
            if rows_read:
                notes.append(PageNote(number, HIDDEN_ROWS_READ, f"{source} table {number}: {counted(rows_read, 'row')} "
                                      "the page hides (a pager's later pages, a tab not shown, or a draft) read"))
            if pieces:
                notes.append(PageNote(number, HIDDEN_SKIPPED, f"{source} table {number}: {counted(pieces, 'piece')} "
                                      "of text hidden on the page left out"))
        if raw.cells:
            yield raw


def _layout_copies(raws: list[RawTable], hidden: list[bool]) -> dict[int, tuple[int, bool]]:
    """Tables (by number, from 1) that repeat an earlier one of the page cell for cell:
    the number of the one read first, and whether the page hides the repeat (`hidden`:
    all its rows hidden). A responsive page holds its table twice, the copy for phones (or
    print) hidden: one catalogue, whose visible table is read, the hidden copy left out.
    Two shown tables the same (two towns publishing one standard catalogue under their
    own headings) are both read, and the note says so."""
    if len(raws) < 2:
        return {}
    groups: dict[int, list[int]] = {}
    for k, raw in enumerate(raws):
        if raw.cells:
            groups.setdefault(raw.content_key(), []).append(k)
    copies: dict[int, tuple[int, bool]] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        first = next((k for k in members if not hidden[k]), members[0])  # the shown one, if any
        for k in members:
            if k != first:
                copies[k + 1] = (first + 1, hidden[k])
    # A hidden copy for phones may leave a column out (序号): a hidden table every filled
    # cell of which is a cell of one shown table holds nothing of its own. A pager's
    # hidden page or a tab not shown holds other items, and is read.
    shown = [(k, Counter(cell.text for cell in raw.cells if cell.text.strip()))
             for k, raw in enumerate(raws) if not hidden[k] and raw.cells]
    for k, raw in enumerate(raws):
        if not hidden[k] or k + 1 in copies or not raw.cells:
            continue
        texts = Counter(cell.text for cell in raw.cells if cell.text.strip())
        twin = next((j for j, theirs in shown if texts and not texts - theirs), None)
        if twin is not None:
            copies[k + 1] = (twin + 1, True)
    return copies


_PAGE_END = re.compile(r"</(?:body|html)\s*>", re.I)
# What a page holds that is no content of its own: a script's strings may spell "<table".
_NOT_CONTENT = re.compile(r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->", re.I | re.S)
_CASES = ("table", "TABLE", "Table")


def _check_end(text: str, source: str) -> None:
    """A page that ends inside a table's row, with no end of that table, body or page after
    its last row or cell, was cut short (a download or a save that stopped): the parser
    closes what is open, and the cut row would be read as a whole item. A table left open
    earlier in the page (sloppy markup), or tags in scripts, are no cut."""
    if sum(text.count(f"<{case}") for case in _CASES) <= sum(text.count(f"</{case}") for case in _CASES):
        return  # nearly every page: as many tables closed as opened
    content = _NOT_CONTENT.sub("", text).lower()
    last = max(content.rfind("<tr"), content.rfind("<td"), content.rfind("<th"))
    if last >= 0 and "</table" not in content[last:] and _PAGE_END.search(content, last) is None:
        raise DamagedInput("the page ends inside a table, with no </table> and no end of page: the file was cut "
                           "short; copy or download it again", source=source)


def _hidden_by(element: etree._Element, hiding: Hiding) -> str | None:
    """How the page itself hides the element: "display" (the hidden attribute, or
    display: none in its style attribute: it takes no place), "visibility" (visibility:
    hidden: its place stays, empty), or None. A <style> sheet's rules count as a desktop's
    browser applies them (`hiding`, html_grids.hiding_classes): the catalogue a desktop
    shows is the one read, and a phone's copy of it is the one hidden."""
    if element.get("hidden") is not None:
        return "display"
    how = None
    if hiding and (names := element.get("class")):
        how = hiding.how(names.split())
    style = element.get("style")
    if not style:
        return how
    declarations = declarations_of(style)  # the element's own style wins over its class's
    display = declarations.get("display")
    if display is not None:
        how = "display" if display.startswith("none") else (None if how == "display" else how)
    visibility = declarations.get("visibility")
    if visibility is not None and how != "display":
        how = "visibility" if visibility.startswith("hidden") else None
    return how


# Elements that are rows or hold them: a page hides those to page a long table (its later
# pages, display: none until clicked) or to show one tab of several; a saved page holds
# them all, and they are the catalogue's. They are read, with a note.
_ROW_HOLDERS = frozenset({"table", "thead", "tbody", "tfoot", "tr"})

# Only an element with a hidden or a style attribute, or a class where the page's <style>
# rules hide some, can be hidden (_hidden_by): found by XPath, in document order, without
# a Python step for every element of the page.
_MAY_HIDE = etree.XPath("descendant-or-self::*[@hidden or @style]")
_MAY_HIDE_BY_CLASS = etree.XPath("descendant-or-self::*[@hidden or @style or @class]")


def _drop_hidden(root: etree._Element,
                 hiding: Hiding) -> tuple[dict[etree._Element, int], set[etree._Element]]:
    """Text the page hides inside cells is taken out (characters sprinkled into a cell
    against copying; a cell hidden by visibility keeps its empty place, so the cells after
    it keep their columns); hidden rows and blocks that hold rows stay, to be read. By
    table with hidden content: the pieces of hidden text left out; and the hidden rows.
    `hiding`: the classes the page's <style> rules hide (html_grids.hiding_classes)."""
    may_hide = _MAY_HIDE_BY_CLASS if hiding else _MAY_HIDE
    found = [(element, how) for element in cast(list[etree._Element], may_hide(root))
             if (how := _hidden_by(element, hiding)) is not None]
    counts: dict[etree._Element, int] = {}
    hidden_rows: set[etree._Element] = set()
    gone: set[etree._Element] = set()
    for element, how in found:
        if any(ancestor in gone for ancestor in element.iterancestors()):
            continue  # inside a hidden element already left out
        parent = element.getparent()
        if parent is None:
            continue
        if _tag(element) in _ROW_HOLDERS or element.find(".//tr") is not None or element.find(".//table") is not None:
            for row in ([element] if _tag(element) == "tr" else element.iter("tr")):
                table = next(row.iterancestors("table"), None)
                if table is not None:
                    counts.setdefault(table, 0)
                    hidden_rows.add(row)
            continue
        table = next(element.iterancestors("table"), None)
        if table is not None:
            counts[table] = counts.get(table, 0) + 1
        if how == "visibility" and _tag(element) in ("td", "th"):
            element.text = None
            for child in list(element):
                element.remove(child)
            continue
        if element.tail:
            before = element.getprevious()
            if before is not None:
                before.tail = (before.tail or "") + element.tail
            else:
                parent.text = (parent.text or "") + element.tail
        parent.remove(element)
        gone.add(element)
    return counts, hidden_rows


class _TableRows:
    """Each table's rows (_rows), walked once for a document: whether it has a header,
    its width and its cells all read them. Rows of a script's placeholders are left out
    (counted in `templates`); rows the page hides (`hidden`, from _drop_hidden) say so."""

    def __init__(self, hidden: set[etree._Element], templates: bool) -> None:
        self.known: dict[etree._Element, list[_Row]] = {}
        self.hidden = hidden
        self.look_for_templates = templates  # the page holds a placeholder's opening anywhere
        self.templates: dict[etree._Element, int] = {}

    def __call__(self, table: etree._Element) -> list[_Row]:
        rows = self.known.get(table)
        if rows is None:
            rows = self.known[table] = _rows(table, self.hidden)
            if self.look_for_templates:
                kept = [row for row in rows if not _placeholder_row(row)]
                if len(kept) < len(rows):
                    self.templates[table] = len(rows) - len(kept)
                    rows = self.known[table] = kept
        return rows


# A script's placeholder, as the templates of jQuery, Vue, Angular, Handlebars, JSP/ASP
# and Jinja write them: {{level1}}, ${item.name}, <%= index %>, {% x %}.
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\$\{.*?\}|<%.*?%>|\{%.*?%\}", re.S)
_PLACEHOLDER_START = ("{{", "${", "<%", "{%")
# What a page's source shows where one may be: an opening, or <% written as text (&lt;%).
_PLACEHOLDER_IN_SOURCE = (*_PLACEHOLDER_START, "&lt;%")


def _placeholder_row(row: _Row) -> bool:
    """A row a page's script copies to add items (often hidden): at least half of its
    filled cells are placeholders alone; a template may keep a fixed cell or two (the
    序号 of a static list, a fixed 主动公开), which stays in the minority."""
    texts = ["".join(cast("Iterator[str]", cell.itertext())).strip() for cell in row.cells]
    if not any(start in text for text in texts for start in _PLACEHOLDER_START):
        return False  # nearly every row: no placeholder's opening at all
    filled = [text for text in texts if text]
    only = sum(1 for text in filled if not _PLACEHOLDER.sub("", text).strip())
    return only > 0 and 2 * only >= len(filled)


def _catalogue_tables(root: etree._Element, rows: _TableRows) -> list[etree._Element]:
    """The tables that hold the catalogue, in document order: those with a header row,
    without the tables around them, and the headerless tables after them about as wide
    (the catalogue going on)."""
    tables = list(root.iter("table"))
    headed = [t for t in tables if _has_catalogue_header(rows(t))]
    if not headed:
        return []
    inner = [t for t in headed if not any(other is not t and _contains(t, other) for other in headed)]
    chosen: list[etree._Element] = []
    width = 0
    for table in tables:
        if any(_contains(table, c) or _contains(c, table) for c in chosen):
            continue  # a layout table around a chosen one, or a table inside a cell of one
        if table in inner:
            chosen.append(table)
            width = _width(rows(table))
        elif chosen and table not in headed and not any(_contains(table, c) for c in inner) and _continues(
            rows(table), width
        ):
            chosen.append(table)
    return chosen


def _continues(rows: list[_Row], header_width: int) -> bool:
    table_width = _width(rows)
    if table_width == header_width:
        return True
    return (
        table_width >= MIN_CATALOGUE_HEADER_CELLS
        and MIN_CONTINUATION_SHARE * header_width < table_width <= header_width + MAX_CONTINUATION_EXTRA_COLUMNS
        and _holds_items(rows)
    )


# An option list written as text names two options or more between these.
_OPTION_LIST_SEPARATORS = re.compile(r"[、，,；;/\s]+")
_TIME_LIMIT_WORDS = (*DAY_UNITS[:2], *REALTIME_WORDS)  # 工作日, 自然日, 实时, 即时: no footer date says them


def _holds_items(rows: list[_Row]) -> bool:
    """Whether a cell holds what only a catalogue item's cells hold: a mark (☑, □, a
    symbol-font box, a check-box input), a time limit in working or calendar days, or
    a list of two options or more."""
    for row in rows:
        for cell in row.cells:
            text = cell_text(cell)
            if has_strong_marks(text) or any(word in text for word in _TIME_LIMIT_WORDS):
                return True
            if sum(1 for part in _OPTION_LIST_SEPARATORS.split(text) if part and lookup(part)) >= 2:
                return True
    return False


def _contains(outer: etree._Element, inner: etree._Element) -> bool:
    return any(ancestor is outer for ancestor in inner.iterancestors("table"))


def _has_catalogue_header(rows: list[_Row]) -> bool:
    """Whether one of the table's first rows is a row of catalogue header words. A
    cell that holds a table is never a header cell (it is layout), and is not read,
    so that every table's text is read once however deeply tables nest."""
    for row in rows[:HEADER_SEARCH_ROWS]:
        texts = ["" if next(cell.iter("table"), None) is not None else cell_text(cell) for cell in row.cells]
        if sum(1 for t in texts if t.strip()) >= MIN_CATALOGUE_HEADER_CELLS and is_header_row(texts):
            return True
    return False


# A section title over a table is a label: one this long or longer is a sentence, a
# note or a page's title, never a category.
MAX_SECTION_TITLE_CHARS = 30
_SECTION_TITLE = re.compile(SECTION_NUMBER)


# A catalogue is split into tables under numbered titles when at least this many of its
# tables have one: a single table under a numbered heading is the page's own (一、政府信息
# 公开事项目录), no category of its items.
MIN_SECTION_TABLES = 2


def _title_as_section_row(table: etree._Element, rows: list[_Row], title: str) -> None:
    """A catalogue split into one table a category, each under its numbered title (a
    heading 一、机构职能 before it, or its <caption>), as a site shows it: the title becomes
    a row across the table under its header, as a sheet's section row, so the normaliser
    gives its label to the table's items. Only a numbered title counts: a page's title or
    a note before the table is no category."""
    start = next((k for k, row in enumerate(rows[:HEADER_SEARCH_ROWS]) if is_header_row(_texts(row))), None)
    if start is None:
        return
    end = start + max((_span_value(cell.get("rowspan")) or 1 for cell in rows[start].cells), default=1)
    while end < len(rows) and is_header_row(_texts(rows[end])):
        end += 1  # a second header row under the first (公开方式 over 主动 | 依申请)
    if end >= len(rows):
        return
    cell = etree.Element("td", colspan=str(_width(rows)))
    cell.text = title
    rows.insert(end, _Row(rows[end].group, cells=[cell]))


def _texts(row: _Row) -> list[str]:
    return [cell_text(cell) for cell in row.cells]


def _section_title(table: etree._Element) -> str | None:
    """The table's numbered section title: its <caption>, else the last line of text before
    it, where no other table comes between."""
    caption = table.find("caption")
    text = cell_text(caption) if caption is not None else _text_before(table)
    line = text.strip().splitlines()[-1].strip() if text and text.strip() else ""
    return line if line and len(line) < MAX_SECTION_TITLE_CHARS and _SECTION_TITLE.match(line) else None


def _text_before(table: etree._Element) -> str:
    """The nearest text before the table in document order, up to a table or the body's start."""
    node: etree._Element | None = table
    while node is not None and _tag(node) not in ("body", "html"):
        sibling = node.getprevious()
        if sibling is None:
            parent = node.getparent()
            if parent is not None and parent.text and parent.text.strip():
                return parent.text
            node = parent
            continue
        if sibling.tail and sibling.tail.strip():
            return sibling.tail
        if _tag(sibling) == "table" or next(sibling.iter("table"), None) is not None:
            return ""
        text = cell_text(sibling)
        if text.strip():
            return text
        node = sibling
    return ""


def _width(rows: list[_Row]) -> int:
    """Columns of the table's widest row, counting spans."""
    return max((sum(1 if cell.get("colspan") is None else _colspan(cell) for cell in row.cells) for row in rows),
               default=0)


def _parse(text: str, source: str) -> tuple[etree._Element, Hiding] | None:
    """The page's tree, its frames unfolded and its <div> grids made tables, without the
    elements that hold no text; and the classes its <style> rules hide (hiding_classes),
    read before those rules go with the other elements."""
    root = _parse_tree(text, source)
    if root is None:
        return None
    if _unfold_frames(root, source) or may_hold_grids(text):
        grids_as_tables(root)
    hiding = hiding_classes(root)
    etree.strip_elements(root, *NON_TEXT_TAGS, with_tail=False)
    return root, hiding


def _parse_tree(text: str, source: str) -> etree._Element | None:
    # Bytes with a declared encoding, because lxml refuses a str that carries an XML
    # encoding declaration, and a <meta charset> must not re-decode text that is
    # already decoded. lxml's own HTML parser, not lxml.html's: that one hands each
    # element to Python through a class lookup written in Python (HtmlElement), a call
    # for every row and cell, for methods this reader never uses; the tree is the same.
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except etree.ParserError:  # lxml's "Document is empty": nothing to read
        return None
    except RecursionError as error:
        # libxml2 builds the tree without recursing in Python; should that ever change,
        # deep nesting is still this input's damage, not a crash of the tool.
        raise DamagedInput("HTML is nested too deeply to read", source=source) from error
    if root is None:  # an empty document: nothing to read
        return None
    for entry in parser.error_log:
        # Past its depth limit (256 levels) libxml2 stops reading, so everything after
        # that point would be lost without a word.
        if entry.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT:
            raise DamagedInput(
                f"HTML cannot be read to the end ({entry.message.strip()}); "
                "elements nested this deeply are not a catalogue table",
                source=source,
            )
    return root


def _unfold_frames(root: etree._Element, source: str) -> bool:
    """Put the document of each <iframe srcdoc> in the frame's place, as a browser shows
    it: a page may hold its catalogue in a frame whose whole document is that attribute.
    A frame's document is shorter than the one holding it, so frames in frames end.
    Whether a frame's document names a table's role or display (html_grids)."""
    work = [root]
    grids = False
    while work:
        for frame in list(work.pop().iter("iframe")):
            document = frame.get("srcdoc")
            parent = frame.getparent()
            if not document or parent is None:
                continue
            inner = _parse_tree(document, source)
            grids = grids or may_hold_grids(document)
            holder = etree.Element("div")
            if inner is not None:
                body = inner.find("body")
                content = body if body is not None else inner
                holder.text = content.text
                holder.extend(list(content))
            holder.tail = frame.tail
            parent.replace(frame, holder)
            work.append(holder)
    return grids


def _tag(element: etree._Element) -> str:
    tag = element.tag
    return tag if isinstance(tag, str) else ""


def _outermost_tables(root: etree._Element) -> Iterator[etree._Element]:
    """Tables not inside another table, in document order; nested ones stay in their cell."""
    stack = [root]
    while stack:
        element = stack.pop()
        if _tag(element) == "table":
            yield element
            continue
        stack.extend(reversed(element))


@dataclass
class _Row:
    group: int  # rows of one <thead>/<tbody>/<tfoot> (or of the bare table) share a number
    implicit: bool = False  # cells that sat outside any <tr>
    hidden: bool = False  # the page hides the row (_drop_hidden): its cells say so
    cells: list[etree._Element] = field(default_factory=list)


def _rows(table: etree._Element, hidden: set[etree._Element] | frozenset[etree._Element] = frozenset()) -> list[_Row]:
    """The table's own rows in document order, without descending into cells or nested
    tables; a row in `hidden` (<tr> elements the page hides) is marked so."""
    rows: list[_Row] = []
    groups = 0
    stack: list[tuple[etree._Element, _Row | None, int]] = [
        (child, None, groups) for child in reversed(table)
    ]
    while stack:
        element, row, group = stack.pop()
        tag = _tag(element)
        if tag in CELL_TAGS:
            if row is None:
                # A cell outside a <tr>: browsers give it a row, shared with its neighbours.
                if not rows or not rows[-1].implicit or rows[-1].group != group:
                    rows.append(_Row(group, implicit=True))
                rows[-1].cells.append(element)
            else:
                row.cells.append(element)
            continue
        if tag == "table":  # a nested table outside any cell is not part of this grid
            continue
        if tag == "tr":
            row = _Row(group, hidden=element in hidden)
            rows.append(row)
        elif tag in SECTION_TAGS:
            groups += 1
            group = groups
        stack.extend((child, row, group) for child in reversed(element))
    return rows


def _group_ends(rows: list[_Row]) -> list[int]:
    """For each row, the index of the last row of its row group."""
    ends = [0] * len(rows)
    for index in range(len(rows) - 1, -1, -1):
        same_as_next = index + 1 < len(rows) and rows[index + 1].group == rows[index].group
        ends[index] = ends[index + 1] if same_as_next else index
    return ends


def _span_value(value: str | None) -> int | None:
    """HTML's rules for a non-negative integer: leading digits count, junk after them does not."""
    if value is None:
        return None
    match = _SPAN_NUMBER.match(value)
    if match is None:
        return None
    digits = match.group(1).lstrip("0") or "0"
    # Python refuses int() of very long digit strings; anything this long is clamped anyway.
    return MAX_ROWSPAN + 1 if len(digits) > 9 else int(digits)


def _colspan(cell: etree._Element) -> int:
    value = _span_value(cell.get("colspan"))
    if not value:  # absent, unparsable or zero
        return 1
    return min(value, MAX_COLSPAN)


def _rowspan(cell: etree._Element, rows_left_in_group: int) -> int:
    value = _span_value(cell.get("rowspan"))
    if value is None:
        return 1
    if value == 0:  # HTML: to the end of the row group
        return rows_left_in_group
    return min(value, MAX_ROWSPAN, rows_left_in_group)


def _too_big(source: str, number: int, what: str) -> DamagedInput:
    return DamagedInput(
        f"table {number} is {what}, over the limit of {MAX_GRID_POSITIONS:,} cell positions; "
        "is this really a catalogue table?",
        source=source,
    )


def _raw_table(rows: list[_Row], source: str, number: int) -> RawTable:
    if len(rows) > MAX_GRID_POSITIONS:
        raise _too_big(source, number, f"{len(rows):,} rows long")
    ends = _group_ends(rows)
    # occupied[y][x] is 1 once a cell (or an earlier rowspan) covers that position.
    occupied = [bytearray() for _ in rows]
    cells: list[RawCell] = []
    n_cols = 0
    covered = 0
    for y, row in enumerate(rows):
        line = occupied[y]
        x = 0
        flags = HIDDEN_ROW_FLAGS if row.hidden else None
        for element in row.cells:
            if x < len(line):  # past the row's occupied positions, x is free
                x = _first_free(line, x)
            # Most cells have no span: one place, made without RawCell's constructor.
            plain = element.get("colspan") is None and element.get("rowspan") is None
            colspan = 1 if plain else _colspan(element)
            rowspan = 1 if plain else _rowspan(element, ends[y] - y + 1)
            if x + colspan > n_cols:
                n_cols = x + colspan
            # Overlapping spans (a table-model error) mark positions twice, so the work,
            # not only the grid, is counted.
            covered += rowspan * colspan
            if len(rows) * n_cols > MAX_GRID_POSITIONS or covered > MAX_GRID_POSITIONS:
                raise _too_big(source, number, f"at least {len(rows):,} rows by {n_cols:,} columns")
            if plain:
                if len(line) <= x:
                    line.extend(bytes(x + 1 - len(line)))
                line[x] = 1
                cells.append(plain_cell(cell_text(element), y, x) if flags is None
                             else RawCell(row=y, col=x, text=cell_text(element), flags=flags))
            else:
                _occupy(occupied, y, x, rowspan, colspan)
                # A cell down several rows is theirs too: only a hidden row's own is flagged.
                cells.append(RawCell(row=y, col=x, text=cell_text(element), rowspan=rowspan, colspan=colspan,
                                     flags=flags if flags is not None and rowspan == 1 else frozenset()))
            x += colspan
    return RawTable(
        source=source, page=number, index=0, n_rows=len(rows), n_cols=n_cols, cells=cells, units=UNITS_NONE
    )


def _first_free(line: bytearray, x: int) -> int:
    if x >= len(line):
        return x
    free = line.find(0, x)
    return len(line) if free == -1 else free


def _occupy(occupied: list[bytearray], y: int, x: int, rowspan: int, colspan: int) -> None:
    for line in occupied[y : y + rowspan]:
        if len(line) < x + colspan:
            line.extend(bytes(x + colspan - len(line)))
        line[x : x + colspan] = b"\x01" * colspan


class CellText:
    """Text as lines: source whitespace folds, <br> and block elements break lines."""

    def __init__(self) -> None:
        self.lines: list[list[str]] = [[]]
        # Kept as a flag rather than looked up, so that a cell of a million empty
        # <div>s costs a million steps, not a million squared.
        self.line_has_text = False

    def add(self, text: str | None) -> None:
        if text:
            self.lines[-1].append(text)
            self.line_has_text = self.line_has_text or not text.isspace()

    def line_break(self) -> None:
        self.lines.append([])
        self.line_has_text = False

    def block_break(self) -> None:
        # Adjacent blocks (</p><p>, <br><div>) give one break, not an empty line.
        if self.line_has_text:
            self.line_break()

    def result(self) -> str:
        lines = [" ".join("".join(fragments).split()) for fragments in self.lines]
        return "\n".join(lines).strip("\n")


def checkbox_mark(element: etree._Element) -> str | None:
    """☑ or ☐ for a checkbox (or radio) input; any `checked` attribute, even "false", checks it."""
    kind = (element.get("type") or "").strip().lower()
    if kind not in ("checkbox", "radio"):
        return None
    return CHECKED if element.get("checked") is not None else UNCHECKED


def image_mark(element: etree._Element) -> str | None:
    """The mark an <img> stands for, where its text equivalent (alt, else title) is a mark
    glyph: older pages draw a tick as a picture (<img src="gou.gif" alt="√">). Any other
    picture (a seal, a logo, an icon without words) adds no text to its cell."""
    words = (element.get("alt") or element.get("title") or "").strip()
    return words if words and all(ch in STRONG_CHECKED or ch in STRONG_UNCHECKED for ch in words) else None


def cell_text(cell: etree._Element) -> str:
    """A cell's text; a nested table inside it is flattened to lines of space-separated cells."""
    if len(cell) == 0:  # text alone (most cells): what CellText makes of one fragment
        return " ".join((cell.text or "").split())
    text = CellText()
    depth = 0
    for event, element in etree.iterwalk(cell, events=("start", "end")):
        tag = _tag(element)
        if event == "start":
            depth += 1
            if depth > 1:
                if tag == "br":
                    text.line_break()
                elif tag == "input":
                    text.add(checkbox_mark(element))
                elif tag == "img":
                    text.add(image_mark(element))
                elif tag in BLOCK_TAGS:
                    text.block_break()
                elif tag in CELL_TAGS:
                    text.add(" ")
            text.add(element.text)
            continue
        depth -= 1
        if depth == 0:  # the cell's own tail is outside the cell
            break
        if tag in BLOCK_TAGS:
            text.block_break()
        text.add(element.tail)
    return text.result()
