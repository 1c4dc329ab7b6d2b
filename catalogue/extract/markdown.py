"""Markdown pipe tables, as pandoc, markitdown and OCR services write them.

Each pipe table (a header row, then a delimiter row like `|---|:--:|`) becomes one
RawTable, numbered from 1 in document order. The delimiter row is dropped; header
rows stay ordinary rows, because the normaliser recognises headers by their words.
A table ends at a blank line or at a line without a pipe. Rows longer than the header
keep their extra cells (a shifted row must not lose text); shorter ones are padded.

Cells are decoded as Markdown renders them: `\\|` and other backslash escapes are
literal characters, entities are decoded, `**bold**` loses its stars, `<br>` breaks
the line, a checkbox `<input>` becomes ☑ or ☐, and other inline tags are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

from catalogue.errors import DamagedInput
from catalogue.extract.html import BLOCK_TAGS, CellText
from catalogue.raw import CHECKED, MAX_GRID_POSITIONS, UNCHECKED, RawTable

_DELIMITER_CELL = re.compile(r"\s*:?-+:?\s*")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
# A row's tokens: an escaped character, a pipe, or a run of anything else.
_ROW_TOKEN = re.compile(r"\\.|\||[^\\|]+|\\")
# The bold text may not hold "**" itself, so each opening looks no further than the
# next pair of stars and a cell of many unclosed "**" stays linear.
_BOLD = re.compile(r"(?<!\\)\*\*(?=\S)((?:(?!\*\*).)+?)(?<=\S)(?<!\\)\*\*")
# Inline content that is not plain text. Tag names start with an ASCII letter, so
# "<5个工作日" and "<公开>" stay text, as they would in a Markdown renderer. A tag
# cannot contain "<", so an unclosed one is given up at the next "<", not at the
# end of the cell.
_INLINE = re.compile(
    r"\\(?P<escaped>[!-/:-@\[-`{-~])"
    r"|<(?P<closing>/?)(?P<tag>[A-Za-z][A-Za-z0-9-]*)"
    r"(?P<attrs>(?:\s(?:\"[^\"<>]*\"|'[^'<>]*'|[^'\"<>])*)?)/?>"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
)
_ATTRIBUTE = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")


def looks_like_markdown(text: str) -> bool:
    return next(_table_spans(text.splitlines()), None) is not None


def tables_from_markdown(text: str, source: str) -> Iterator[RawTable]:
    lines = text.splitlines()
    for number, (start, end) in enumerate(_table_spans(lines), start=1):
        header = _split_row(lines[start]) or []
        body = [_split_row(line) or [line] for line in lines[start + 2 : end]]
        raw_rows = [header, *body]
        # One row of a million pipes would make every row of the grid a million wide.
        n_cols = max(len(row) for row in raw_rows)
        if len(raw_rows) * n_cols > MAX_GRID_POSITIONS:
            raise DamagedInput(
                f"table {number} is {len(raw_rows):,} rows by {n_cols:,} columns, over the limit "
                f"of {MAX_GRID_POSITIONS:,} cell positions; is this really a catalogue table?",
                source=source,
            )
        # The row above the last (the header where the last is the only one) shows how the
        # table writes its rows.
        above = lines[end - 2] if end - 2 > start + 1 else lines[start]
        if (end == len(lines) and len(raw_rows) > 1
                and _cut_short(text, above, lines[end - 1], len(raw_rows[-2]), len(raw_rows[-1]))):
            raise DamagedInput(f"the text ends inside line {end}, a row of {len(raw_rows[-1])} of the table's "
                               f"{len(header)} cells with no closing pipe and no line end: the file was cut short; "
                               "copy or download it again", source=source)
        rows = [[cell_text(cell) for cell in row] for row in raw_rows]
        yield RawTable.from_rows(source, number, rows)


def _cut_short(text: str, above: str, last: str, width: int, cells: int) -> bool:
    """A table whose last row stops mid-row at the end of the text (a download or copy
    that stopped): no line end after it, no more cells than the row above (cut inside its
    last written cell, it may have as many), and no closing pipe where that row has one
    (rows written without closing pipes are read as they are)."""
    return (not text.endswith(("\n", "\r")) and cells <= width and above.rstrip().endswith("|")
            and not last.rstrip().endswith("|"))


def _table_spans(lines: list[str]) -> Iterator[tuple[int, int]]:
    """(header line, end line exclusive) of each pipe table outside fenced code blocks."""
    fence: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        marker = _fence_marker(line)
        if fence is not None or marker is not None:
            # Entering, inside or leaving a code block: "| a |" there is an example, not data.
            fence = None if marker == fence else (fence or marker)
            index += 1
            continue
        if index + 1 < len(lines) and _is_header(line) and _is_delimiter(lines[index + 1]):
            end = index + 2
            while end < len(lines) and _continues_table(lines[end]):
                end += 1
            yield index, end
            index = end
            continue
        index += 1


def _fence_marker(line: str) -> str | None:
    match = _FENCE.match(line)
    return match.group(1)[0] if match else None


def _continues_table(line: str) -> bool:
    return bool(line.strip()) and "|" in line and _fence_marker(line) is None


def _is_header(line: str) -> bool:
    return _split_row(line) is not None and not _is_delimiter(line)


def _is_delimiter(line: str) -> bool:
    cells = _split_row(line) or []
    return bool(cells) and all(_DELIMITER_CELL.fullmatch(cell) for cell in cells)


def _split_row(line: str) -> list[str] | None:
    """The raw cells of a row, escapes still in; None when the line has no unescaped pipe."""
    tokens = _ROW_TOKEN.findall(line.strip())
    if "|" not in tokens:
        return None
    # Leading and trailing pipes are optional: they open and close the row, not a cell.
    if tokens[0] == "|":
        tokens = tokens[1:]
    if tokens and tokens[-1] == "|":
        tokens = tokens[:-1]
    cells = [""]
    for token in tokens:
        if token == "|":
            cells.append("")
        else:
            cells[-1] += token
    return cells


def cell_text(raw: str) -> str:
    text = CellText()
    raw = _BOLD.sub(r"\1", raw)
    position = 0
    for match in _INLINE.finditer(raw):
        text.add(raw[position : match.start()])
        position = match.end()
        if match.group("escaped") is not None:
            text.add(match.group("escaped"))
        elif match.group("entity") is not None:
            text.add(unescape(match.group("entity")))
        else:
            _add_tag(text, match.group("tag").lower(), match.group("attrs"))
    text.add(raw[position:])
    return text.result()


def _add_tag(text: CellText, tag: str, attrs: str) -> None:
    if tag == "br":
        text.line_break()
    elif tag == "input":
        text.add(_checkbox_mark(attrs))
    elif tag in BLOCK_TAGS:
        text.block_break()


def _checkbox_mark(attrs: str) -> str | None:
    """Like html.checkbox_mark: any `checked` attribute checks a checkbox or radio input."""
    attributes: dict[str, str] = {}
    for name, value in _ATTRIBUTE.findall(attrs):
        attributes.setdefault(name.lower(), unescape(value.strip("\"'")))
    if attributes.get("type", "").strip().lower() not in ("checkbox", "radio"):
        return None
    return CHECKED if "checked" in attributes else UNCHECKED
