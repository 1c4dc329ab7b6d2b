"""The recogniser's misreads are repaired in the OCR path (extract/ocr/misreads.py),
before the text becomes a RawCell; normalise/ reads every table's text as given."""

from __future__ import annotations

import pytest

from catalogue.extract.ocr.misreads import repair_misreads
from catalogue.normalise.timelimit import parse_time_limit
from catalogue.schemas.vocabulary import DAY_UNITS


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        # The national-catalogue scan reads a dust speck beside the 0 of "20日内" as a stop.
        ("财政部门批复后20.日内", "财政部门批复后20日内"),
        ("20·个工作日内", "20个工作日内"),
        ("15．天", "15天"),
        ("5'' 自然日", "5 自然日"),
        # A decimal, or a list number before other words, keeps its point.
        ("1.5日", "1.5日"),
        ("1.政府网站", "1.政府网站"),
        ("第1.条", "第1.条"),
    ],
)
def test_a_speck_read_as_a_stop_before_a_days_unit_is_dropped(read: str, printed: str):
    assert repair_misreads(read) == printed


@pytest.mark.parametrize("unit", DAY_UNITS)
def test_every_days_unit_of_the_vocabulary_is_repaired_and_then_parsed(unit: str):
    repaired = repair_misreads(f"20.{unit}内")
    assert repaired == f"20{unit}内"
    days, kind = parse_time_limit(repaired)
    assert days == 20 and kind is not None


def test_normalise_reads_a_recognised_tables_text_as_given():
    from catalogue.normalise import normalise_tables
    from catalogue.raw import RawCell, RawTable

    header = ["序号", "公开事项", "公开内容", "公开时限"]
    rows = [header, ["1", "预算公开", "部门预算", "批复后20.日内"]]
    cells = [RawCell(r, c, text) for r, row in enumerate(rows) for c, text in enumerate(row)]
    (item,) = normalise_tables([RawTable("t.pdf", 1, 0, 2, 4, cells, dpi=200.0)], "t.pdf")
    assert item["time_limit"] == "批复后20.日内"
