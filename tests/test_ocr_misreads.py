"""The recogniser's misreads are repaired in the OCR path (extract/ocr/misreads.py),
before the text becomes a RawCell; normalise/ reads every table's text as given."""

from __future__ import annotations

import pytest

from catalogue.extract.ocr.misreads import repair_misreads
from catalogue.normalise.timelimit import parse_time_limit
from catalogue.schemas.vocabulary import CHECKED, DAY_UNITS, UNCHECKED


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


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        # A Word catalogue's Wingdings 2 box printed as a letter, read as f or E (district_wd2font).
        ("f政府网站 E政府公报", f"{UNCHECKED}政府网站 {UNCHECKED}政府公报"),
        # A bare √ read as v, and one that lost its long arm read as a line-starting 、
        # (district_vertical_symbol).
        ("v政府网站 ☐政府公报", f"{CHECKED}政府网站 ☐政府公报"),
        ("☐预公开\n、全文发布", f"☐预公开\n{CHECKED}全文发布"),
        # Marks after their labels.
        ("政府网站v 政府公报f", f"政府网站{CHECKED} 政府公报{UNCHECKED}"),
        # One letter after other text proves nothing; running text that names options,
        # a word ending in a Latin letter, and a 、 inside a line keep their characters.
        ("公开方式：f政府网站", "公开方式：f政府网站"),
        ("E政府网站f政务微博的建设情况。", "E政府网站f政务微博的建设情况。"),
        ("pdf政府公报", "pdf政府公报"),
        ("政府网站、政务微博", "政府网站、政务微博"),
        ("f不知道 E说明", "f不知道 E说明"),
    ],
)
def test_a_look_alike_mark_before_an_option_label_is_written_as_its_mark(read: str, printed: str):
    assert repair_misreads(read) == printed


def test_normalise_takes_no_look_alike_for_a_mark():
    # The repair is the OCR path's: a recognised table's letters reach normalise/ as
    # letters, where no option is read as an empty box.
    from catalogue.normalise import normalise_tables
    from catalogue.raw import RawCell, RawTable

    rows = [["一级", "二级", "公开内容", "公开渠道"], ["机构信息", "机构职能", "本部门文件。", "f政府网站 E政府公报"]]
    cells = [RawCell(r, c, text) for r, row in enumerate(rows) for c, text in enumerate(row)]
    (item,) = normalise_tables([RawTable("t.pdf", 1, 0, 2, 4, cells, dpi=200.0)], "t.pdf")
    assert item["channel_website"] is not False and item["channel_gazette"] is not False
    repaired = [RawCell(c.row, c.col, repair_misreads(c.text)) for c in cells]
    (item,) = normalise_tables([RawTable("t.pdf", 1, 0, 2, 4, repaired, dpi=200.0)], "t.pdf")
    assert (item["channel_website"], item["channel_gazette"]) == (False, False)


@pytest.mark.parametrize(("read", "printed"), [
    ("机构职责（按“三定方案”)；", "机构职责（按“三定方案”）；"),
    ("（见《条例》)", "（见《条例》）"),
    ("部门(单位)", "部门（单位）"),
    ("A(1)", "A(1)"),
    # and so the bracket that opens before a full-width quote, or the pair would not match
    ("(“三定方案”)", "（“三定方案”）"),
    ("(《条例》)", "（《条例》）"),
])
def test_a_bracket_closing_after_a_full_width_quote_is_full_width(read: str, printed: str):
    # family B's Word prints (fax-fine, lowres-150-q35, phone-barrel / word-split …): the
    # recogniser gives ")" for the ） after a closing quote.
    from catalogue.extract.ocr.page import full_width_brackets

    assert full_width_brackets(read) == printed
