"""Excel's own rules that reading a sheet needs: the built-in number formats and which
of them (or a custom code) are dates or durations, the date serials of the two
calendars, ISO 8601 cell values, and cell references.

They are openpyxl 3.1's (MIT licence, © 2010-2024 openpyxl), written out here so that
reading a workbook does not import openpyxl: importing any of its modules runs its
package, which loads the whole workbook model (about 0.18 CPU s a process, for rules of
a few lines). `tests/test_excel_rules.py` checks every rule against openpyxl's.
"""

from __future__ import annotations

import datetime
import re

# The number formats a workbook may name by id without writing them out (ECMA-376 §18.8.30).
BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)', 6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
    14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)",
    41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}

# Quoted literals and bracketed locales or colours hold letters that are no date part;
# [h], [mm], [ss] (elapsed time) are kept.
_LITERAL_OR_LOCALE = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_PART = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_ELAPSED = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)


def builtin_format_code(index: int) -> str | None:
    return BUILTIN_FORMATS.get(index)


def is_date_format(code: str | None) -> bool:
    """A number format that shows a date or a time: a date part outside literals, in
    its first section (the one for positive numbers)."""
    if code is None:
        return False
    return _DATE_PART.search(_LITERAL_OR_LOCALE.sub("", code.split(";")[0])) is not None


def is_timedelta_format(code: str | None) -> bool:
    """A number format of elapsed time ([h]:mm:ss): its serial is a duration, not a date."""
    if code is None:
        return False
    return _ELAPSED.search(code.split(";")[0]) is not None


WINDOWS_EPOCH = datetime.datetime(1899, 12, 30)  # day 0 of the 1900 calendar, as Excel counts
MAC_EPOCH = datetime.datetime(1904, 1, 1)  # day 0 of the 1904 calendar (date1904)
# Before 1900-03-01 the 1900 calendar counts a 29 February 1900 that never was.
_FALSE_LEAP_DAY = 60
SECONDS_A_DAY = 86400


def from_excel(value: float, epoch: datetime.datetime = WINDOWS_EPOCH, timedelta: bool = False) -> object:
    """A date serial as a datetime (a time below 1 day, a timedelta for a duration),
    to the millisecond."""
    if timedelta:
        span = datetime.timedelta(days=value)
        if span.microseconds:
            span = datetime.timedelta(seconds=span.total_seconds() // 1, microseconds=round(span.microseconds, -3))
        return span
    day, fraction = divmod(value, 1)
    diff = datetime.timedelta(milliseconds=round(fraction * SECONDS_A_DAY * 1000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return datetime.time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < _FALSE_LEAP_DAY and epoch == WINDOWS_EPOCH:
        day += 1
    return epoch + datetime.timedelta(days=day) + diff


_ISO = re.compile(r"""
(?P<date>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?
(?P<time>(?P<hour>\d{2}):(?P<minute>\d{2})(:(?P<second>\d{2})(?P<microsecond>\.\d{1,3})?)?)?Z?""", re.VERBOSE)
_ISO_DURATION = re.compile(r"PT((?P<hours>\d+)H)?((?P<minutes>\d+)M)?((?P<seconds>\d+(\.\d{1,3})?)S)?")


def from_ISO8601(text: str) -> object:  # noqa: N802 (openpyxl's name)
    """A cell of type "d" (ISO 8601): a date, a time, a datetime, or a duration (PT…)."""
    if not text:
        return None
    match = _ISO.match(text)
    if match and any(match.groups()):
        parts = match.groupdict(0)
        number = {key: int(parts[key]) if parts[key] else 0 for key in ("year", "month", "day", "hour", "minute", "second")}
        micro = int(float(parts["microsecond"]) * 1_000_000) if parts["microsecond"] else 0
        if not parts["date"]:
            return datetime.time(number["hour"], number["minute"], number["second"], micro)
        if not parts["time"]:
            return datetime.date(number["year"], number["month"], number["day"])
        return datetime.datetime(number["year"], number["month"], number["day"], number["hour"], number["minute"],
                                 number["second"], micro)
    match = _ISO_DURATION.match(text)
    if match and any(match.groups()):
        return datetime.timedelta(**{key: float(value) if value else 0 for key, value in match.groupdict(0).items()})
    raise ValueError(f"Invalid datetime value {text}")


_LETTER_VALUES = {chr(ord("A") + i): i + 1 for i in range(26)}
_LAST_COLUMN = 18278  # XFD… ZZZ: three letters


def column_index(letters: str) -> int:
    """Column letters ("AB", any case) as a 1-based index; ValueError past three letters."""
    if len(letters) > 3:
        raise ValueError(f"{letters!r} is not a valid column name")
    index = 0
    for power, letter in enumerate(reversed(letters.upper())):
        value = _LETTER_VALUES.get(letter)
        if value is None:
            raise ValueError(f"{letters!r} is not a valid column name")
        index += value * 26**power
    if not 0 < index <= _LAST_COLUMN:
        raise ValueError(f"{letters!r} is not a valid column name")
    return index


_ASCII_DIGITS = "0123456789"


def coordinate_to_tuple(reference: str) -> tuple[int, int]:
    """A cell reference ("AB12") as (row, column), 1-based; ValueError where it is none."""
    split = next((i for i, c in enumerate(reference) if c in _ASCII_DIGITS), len(reference) - 1)
    return int(reference[split:]), column_index(reference[:split])


_RANGE = re.compile(r"""^
[$]?(?P<min_col>[A-Za-z]{1,3})?
[$]?(?P<min_row>\d+)?
(:[$]?(?P<max_col>[A-Za-z]{1,3})?
[$]?(?P<max_row>\d+)?)?
$""", re.VERBOSE)


def range_boundaries(text: str) -> tuple[int | None, int | None, int | None, int | None]:
    """A range ("A1:C3", "A:C", "1:3", "B2") as (min column, min row, max column, max
    row), 1-based, None for a side a whole row or column leaves open."""
    match = _RANGE.match(text)
    if not match:
        raise ValueError(f"{text} is not a valid coordinate or range")
    min_col, min_row, sep, max_col, max_row = match.groups()
    if sep:
        cols, rows = (min_col, max_col), (min_row, max_row)
        if not (all(cols + rows) or all(cols) and not any(rows) or all(rows) and not any(cols)):
            raise ValueError(f"{text} is not a valid coordinate or range")
    first_col = column_index(min_col) if min_col is not None else None
    first_row = int(min_row) if min_row is not None else None
    last_col = column_index(max_col) if max_col is not None else first_col
    last_row = int(max_row) if max_row is not None else first_row
    return first_col, first_row, last_col, last_row
