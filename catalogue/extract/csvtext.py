"""Comma-separated text: a catalogue saved from Excel or WPS as CSV, or downloaded from an
open-data portal, one record a row, quoted where a cell holds a comma or a line break."""

from __future__ import annotations

import csv
import io
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
# A catalogue has at least its content, subject and one mark or time-limit column; two
# commas a line are common in prose, three fields in half the lines alike are not.
MIN_FIELDS = 3


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


def tables_from_csv(text: str, source: str) -> Iterator[RawTable]:
    """One table per block of records; blocks are split by empty lines, numbered from 1.

    A record of empty fields (`,,,`) is an empty row, as Excel writes one, not a break.
    """
    reader = _records(text)
    block: list[list[str]] = []
    number = start = 0
    multiline = False
    line = 1  # the line the next record starts on
    try:
        for record in reader:
            first, line = line, reader.line_num + 1
            if record:
                if not block:
                    start, multiline = first, False
                multiline |= reader.line_num != first
                block.append(record)
                continue
            if block:
                number += 1
                yield _table(source, number, block, start, multiline)
                block = []
    except csv.Error as error:
        raise DamagedInput(f"comma-separated text unreadable at line {reader.line_num}: {error}", source=source) from error
    if block:
        yield _table(source, number + 1, block, start, multiline)


def _records(text: str) -> Reader:
    # Lines end at \r or \n only, as the csv module asks: str.splitlines would also
    # break a cell at U+2028 or a form feed. A field over csv's limit (128 Ki characters,
    # no catalogue cell's length) stops the file as a csv.Error.
    return csv.reader(io.StringIO(text, newline=""))


def _table(source: str, number: int, rows: list[list[str]], first_line: int, multiline: bool) -> RawTable:
    table = block_table(source, number, rows, first_line)
    if multiline:  # a quoted line break: row r is no longer line first_line + r
        table.first_line = None
    return table
