"""Comma-separated text: a catalogue saved from Excel or WPS as CSV, or downloaded from an
open-data portal, one record a row, quoted where a cell holds a comma or a line break."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from catalogue.errors import DamagedInput
from catalogue.extract.tsv import block_table
from catalogue.raw import RawTable

if TYPE_CHECKING:
    from _csv import Reader

# How much of the text the sniffer parses: enough records to see the table's width
# through a title line or two above the header.
SNIFF_RECORDS = 200
# A catalogue has at least its content, subject and one mark or time-limit column. A
# line of prose may hold two ASCII commas (three fields); half the lines of a text
# having the same count is rarer, and what gets past is judged by the normaliser,
# which finds no header words and no marks in it ("not a catalogue").
MIN_FIELDS = 3


def looks_like_json(text: str) -> bool:
    """JSON or JSON Lines (this tool's own -f jsonl output among them): its lines have
    commas at the same places too, but it is no table."""
    start = text.lstrip()[:1]
    if start not in ("{", "["):
        return False
    first = text.lstrip().splitlines()[0]
    try:
        json.loads(first)
    except ValueError:
        return start == "[" and text.rstrip().endswith("]")  # one JSON document over many lines
    return True


def looks_like_csv(text: str) -> bool:
    """True when most records (half or more) have one width of at least MIN_FIELDS fields.

    A record csv cannot read (a field over its limit) ends the sniffing; the records
    before it decide, and reading the file then stops there with its line.
    """
    widths: list[int] = []
    try:
        for record in _records(text):
            if any(cell.strip() for cell in record):
                widths.append(len(record))
            if len(widths) >= SNIFF_RECORDS:
                break
    except csv.Error:
        pass
    if len(widths) < 2:
        return False
    width, count = Counter(widths).most_common(1)[0]
    return width >= MIN_FIELDS and count >= 2 and count * 2 >= len(widths)


def tables_from_csv(text: str, source: str, delimiter: str = ",") -> Iterator[RawTable]:
    """One table per block of records; blocks are split by empty lines, numbered from 1.

    A record of empty fields (`,,,`) is an empty row, as Excel writes one, not a break.
    `delimiter` "\t" reads a spreadsheet's tab-separated export, quoted as its CSV is.
    """
    reader = _records(text, delimiter)
    block: list[list[str]] = []
    spans: list[tuple[int, int]] = []  # (first line, last line) of each record of the block
    number = 0
    line = 1  # the line the next record starts on
    try:
        for record in reader:
            first, line = line, reader.line_num + 1
            if record:
                block.append(record)
                spans.append((first, reader.line_num))
                continue
            if block:
                number += 1
                yield _table(source, number, block, spans)
                block, spans = [], []
    except csv.Error as error:
        kind = "tab-separated" if delimiter == "\t" else "comma-separated"
        raise DamagedInput(f"{kind} text unreadable at line {reader.line_num}: {error}", source=source) from error
    if block:
        if not text.endswith(("\n", "\r")):
            _check_end(source, block, spans)
        yield _table(source, number + 1, block, spans)


def _records(text: str, delimiter: str = ",") -> Reader:
    # Lines end at \r or \n only, as the csv module asks: str.splitlines would also
    # break a cell at U+2028 or a form feed. A field over csv's limit (128 Ki characters,
    # no catalogue cell's length) stops the file as a csv.Error.
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _table(source: str, number: int, rows: list[list[str]], spans: list[tuple[int, int]]) -> RawTable:
    _check_quotes(source, rows, spans)
    table = block_table(source, number, rows, spans[0][0])
    if any(last != first for first, last in spans):  # a quoted line break: row r is no longer line first_line + r
        table.first_line = None
    return table


def _check_end(source: str, rows: list[list[str]], spans: list[tuple[int, int]]) -> None:
    """A text that stops inside a record (no line end after it) whose record is shorter
    than the table's rows was cut short (a download or copy that stopped): its last row
    holds half a row's cells, and would be read as an item."""
    width = _width(rows)
    if len(rows[-1]) < width and not _trailing_fields_mostly_empty(rows[:-1], len(rows[-1]), width):
        first, last = spans[-1]
        where = f"line {first}" if first == last else f"lines {first}-{last}"
        raise DamagedInput(f"the text ends inside {where}, a record of {len(rows[-1])} of the table's {width} fields "
                           "with no line end: the file was cut short; copy or download it again", source=source)


# A last record short of fields the other rows mostly leave empty (a 备注 column) is
# whole: a writer that drops trailing empty fields and the final line end wrote it so.
# "Mostly": at least half of the other rows (the header among them) have nothing in each missing column.
EMPTY_COLUMN_SHARE = 0.5


def _trailing_fields_mostly_empty(rows: list[list[str]], kept: int, width: int) -> bool:
    full = [row for row in rows if len(row) >= width]
    if not full:
        return False
    return all(sum(not row[col].strip() for row in full) >= EMPTY_COLUMN_SHARE * len(full) for col in range(kept, width))


def _width(rows: list[list[str]]) -> int:
    """The table's width: what most of its records have (spreadsheets write every row
    of a sheet to the same width)."""
    return Counter(len(row) for row in rows).most_common(1)[0][0]


def _check_quotes(source: str, rows: list[list[str]], spans: list[tuple[int, int]]) -> None:
    """A record over several lines with fewer fields than the block's rows have is a
    quote opened and never closed: csv read every line after it into one cell.
    Spreadsheets write every row of a sheet to the same width, a cell with a line
    break included, so a short record over several lines is no cell of theirs."""
    width = _width(rows)
    for row, (first, last) in zip(rows, spans, strict=True):
        if last > first and len(row) < width:
            raise DamagedInput(f"line {first}: a quote opened in a cell is not closed, so lines {first}-{last} "
                               f"read as one record of {len(row)} of the table's {width} fields; close the quote "
                               "or save the file again from the spreadsheet", source=source)
