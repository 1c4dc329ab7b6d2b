"""Excel's rules as `extract/office/excel_rules.py` writes them out give what openpyxl's
give (the reader used openpyxl's until reading a workbook stopped importing openpyxl)."""

from __future__ import annotations

import datetime
import itertools

import pytest
from openpyxl.styles import numbers
from openpyxl.utils import cell
from openpyxl.utils import datetime as excel_dates

from catalogue.extract.office import excel_rules

CODES = [
    *numbers.BUILTIN_FORMATS.values(), None, "", "yyyy-mm-dd", "yyyy\"年\"m\"月\"d\"日\"", "[$-804]yyyy年m月d日",
    '"day"0', "[Red]0.00", "[h]:mm:ss", "[mm]:ss", "[ss].000", "[HH]:MM", "0;[h]:mm", "h:mm;@", r"\d0", "_d0",
    "[DBNum1][$-804]General", "General;General;d", "mmss.0", "0.00E+00", "@", "上午/下午h\"时\"mm\"分\"",
]


def test_builtin_formats_are_openpyxls() -> None:
    assert excel_rules.BUILTIN_FORMATS == numbers.BUILTIN_FORMATS
    for index in range(-1, 200):
        assert excel_rules.builtin_format_code(index) == numbers.builtin_format_code(index)


@pytest.mark.parametrize("code", CODES)
def test_date_and_duration_formats_are_openpyxls(code: str | None) -> None:
    assert excel_rules.is_date_format(code) == numbers.is_date_format(code)
    assert excel_rules.is_timedelta_format(code) == numbers.is_timedelta_format(code)


SERIALS = [0, 0.25, 0.5000057, 0.99999999, 1, 1.5, 59, 59.999, 60, 60.5, 61, 366, 4.5e4, 45123.123456789, 2958465.99,
           -1, -0.5, 1e7]


@pytest.mark.parametrize(("serial", "epoch", "duration"), list(itertools.product(
    SERIALS, [(excel_rules.WINDOWS_EPOCH, excel_dates.CALENDAR_WINDOWS_1900), (excel_rules.MAC_EPOCH, excel_dates.CALENDAR_MAC_1904)],
    [False, True])))
def test_date_serials_are_read_as_openpyxl_reads_them(serial: float, epoch: tuple[datetime.datetime, datetime.datetime],
                                                      duration: bool) -> None:
    ours, theirs = epoch
    assert ours == theirs

    def outcome(convert: object) -> object:
        try:
            return convert(serial, ours, timedelta=duration)  # type: ignore[operator]
        except (OverflowError, ValueError, TypeError) as error:  # what xlsx.py catches
            return type(error)
    assert outcome(excel_rules.from_excel) == outcome(excel_dates.from_excel)


@pytest.mark.parametrize("text", [
    "2024-02-29", "2024-02-29T13:45:07", "2024-02-29T13:45:07.5Z", "2024-02-29T13:45Z", "13:45", "13:45:07.125",
    "T13:45:07", "PT1H30M", "PT0.5S", "PT12H", "2024-13-01", "yesterday", "", "2024-1-1",
])
def test_iso_values_are_read_as_openpyxl_reads_them(text: str) -> None:
    def outcome(convert: object) -> object:
        try:
            return convert(text)  # type: ignore[operator]
        except ValueError:  # what xlsx.py catches
            return ValueError
    assert outcome(excel_rules.from_ISO8601) == outcome(excel_dates.from_ISO8601)


REFERENCES = ["A1", "B12", "Z9", "AA10", "AZ3", "XFD1048576", "ZZZ1", "a7", "ab3", "$A$8", "A0", "A", "8", "AAAA1",
              "A1B", "A-1", "AB12 ", "ß2"]
RANGES = ["A1:C3", "B2", "A:C", "1:3", "$A$1:$B$2", "A1:B", "A:3", "C3:A1", "a1:b2", "", ":", "A1:ZZZZ2", "AAAA1", "1"]


@pytest.mark.parametrize("reference", REFERENCES)
def test_cell_references_are_read_as_openpyxl_reads_them(reference: str) -> None:
    def outcome(convert: object) -> object:
        try:
            return convert(reference)  # type: ignore[operator]
        except ValueError:  # what xlsx.py catches (a damaged workbook)
            return ValueError
    assert outcome(excel_rules.coordinate_to_tuple) == outcome(cell.coordinate_to_tuple)


@pytest.mark.parametrize("text", RANGES)
def test_ranges_are_read_as_openpyxl_reads_them(text: str) -> None:
    def outcome(convert: object) -> object:
        try:
            return convert(text)  # type: ignore[operator]
        except ValueError:  # what xlsx.py catches (a merge record naming no range)
            return ValueError
    assert outcome(excel_rules.range_boundaries) == outcome(cell.range_boundaries)
