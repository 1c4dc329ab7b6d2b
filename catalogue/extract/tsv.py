"""Tab-separated text as other tools pull it out of a PDF: one line a row, blank lines between pages."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from catalogue.errors import DamagedInput
from catalogue.raw import MAX_GRID_POSITIONS, RawTable


def looks_like_tsv(text: str) -> bool:
    lines = [line for line in text.splitlines()[:200] if line.strip()]
    return bool(lines) and sum("\t" in line for line in lines) >= max(1, len(lines) // 2)


# A field that begins with a double quote.
_QUOTED_FIELD = re.compile(r'(?:^|\t)"', re.MULTILINE)


def quoted(text: str) -> bool:
    """Whether a field begins with a double quote: a spreadsheet's tab-separated export
    (Excel's "Unicode Text" and "Text (Tab delimited)") quotes a cell that holds a line
    break, a tab or a quote as its CSV does, and is read so (csvtext), not line by line,
    which cut such a cell's row in two. Text tools writing a PDF's cells never quote,
    but a cell of theirs may begin with a quote of its own ("三定"方案): a text is taken
    for quoted only where every quote opened at a field's start closes at its end, as
    the spreadsheet writes them (read strictly, the whole text parses)."""
    if not _QUOTED_FIELD.search(text):
        return False
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), delimiter="\t", strict=True):
            pass
    except csv.Error:
        return False
    return True


def tables_from_tsv(text: str, source: str) -> Iterator[RawTable]:
    """One table per block of lines; blocks are split by blank lines and numbered from 1."""
    block: list[list[str]] = []
    number = start = 0
    for at, line in enumerate(text.splitlines(), start=1):
        if line.strip() or "\t" in line:  # a line of tabs is an empty row, not a page break
            if not block:
                start = at
            block.append(line.split("\t"))
            continue
        if block:
            number += 1
            yield block_table(source, number, block, start)
            block = []
    if block:
        yield block_table(source, number + 1, block, start)


def block_table(source: str, number: int, rows: list[list[str]], first_line: int) -> RawTable:
    """A block of delimited rows as one table, refused when it is too large to be a catalogue's."""
    width = max(len(r) for r in rows)
    if width * len(rows) > MAX_GRID_POSITIONS:
        raise DamagedInput(
            f"block {number} is {len(rows)} rows by {width} columns, over the limit of "
            f"{MAX_GRID_POSITIONS:,} cell positions; is this really a catalogue table?",
            source=source,
            page=number,
        )
    table = RawTable.from_rows(source, number, rows)
    table.first_line = first_line  # one line a row: row r is line first_line + r
    return table
