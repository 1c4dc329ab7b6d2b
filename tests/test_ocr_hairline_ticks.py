"""A Word catalogue printed with a thin font's radical sign √ for its check mark, set hard
against the label, and with its level labels standing one character a line in narrow
merged cells: district_vertical_symbol of the scan family (samples/generate_scan_family.py).
Scanned at 150 dpi and saved as JPEG at quality 30 (a tuning-half member the generator
wrote to samples/scans/family/), the √ is a dark blot at its vertex with light grey arms,
and two characters of a level label touch. The rows are checked against the source
generator's (samples/word/expected-round1.json). Also the normaliser's side: option labels
run together where a scan lost the mark between them, and a level cell read as a lone box."""

from __future__ import annotations

import json

import pytest
from scan_family_bench import FAMILY, bench

from catalogue.api import extract_file
from catalogue.normalise.options import decode_options
from catalogue.schemas.vocabulary import CHANNEL

MEMBERS = {(m["condition"], m["source"]): m for m in json.loads((FAMILY / "family.json").read_text("utf-8"))["members"]}
OPTION_PREFIXES = ("channel_", "disclosure_", "method_")


@pytest.mark.ocr
def test_hairline_check_marks_and_stacked_labels_on_a_150_dpi_jpeg():
    m = MEMBERS[("jpeg-150-q30", "district_vertical_symbol")]
    want = bench.expected_rows(m["expected"])
    got = extract_file(FAMILY / m["file"]).items
    assert len(got) == len(want)
    # Labels set one character a line ("机\n关\n简\n介") are read a character a line,
    # not two touching characters as one (简介 as 算, 公开 as 会).
    # The last label's last character overflows its short cell across the table's bottom
    # ruling (Word printed it so: samples/word/district_vertical_symbol.pdf, page 5), and
    # half of it goes with the ruling: "依申请公" there.
    assert [r["level_1"] for r in got[:-1]] == [r["level_1"] for r in want[:-1]]
    assert got[-1]["level_1"].startswith("依申请公")
    unstated = bench.unstated_cells(m)
    checked = [(k, c) for k, r in enumerate(want) for c, v in r.items()
               if c.startswith(OPTION_PREFIXES) and v is True and (k + 1, c) not in unstated]
    assert len(checked) > 60
    # Every printed √ is read: before, a third of them were lost with their grey arms.
    missed = [(want[k]["item_key"], c) for k, c in checked if got[k][c] is not True]
    assert len(missed) <= 0.02 * len(checked), missed
    score = bench.bench_scans.score_rows(want, got, bench.compared_columns(want), unstated)
    assert score.marks_right >= 0.99 * score.marks, "\n".join(score.wrong)


def test_option_labels_run_together_on_a_scan_lost_the_mark_between_them():
    # The recogniser read "☑政府网站 ▯政府公报" without its ▯ (a fallback font's narrow
    # missing-glyph frame): two known channels with nothing between them.
    scanned = decode_options("☑政府网站政府公报\n☐政务微博 ☐政务微信", hint=CHANNEL, scanned=True)
    assert scanned is not None
    assert scanned.values["channel_website"] is True
    assert scanned.values["channel_gazette"] is None  # its mark was not read
    assert scanned.values["channel_other"] is False and scanned.extras == []
    assert scanned.values["channel_weibo"] is False and scanned.values["channel_wechat"] is False
    # On a text layer nothing is lost between characters: the one mark is both names'
    # (issue 20: run-together labels are split by the vocabulary on every path).
    layer = decode_options("☑政府网站政府公报\n☐政务微博 ☐政务微信", hint=CHANNEL)
    assert layer is not None and layer.values["channel_other"] is False and layer.extras == []
    assert layer.values["channel_website"] is True and layer.values["channel_gazette"] is True
    # A label that only contains a known name is no run of labels.
    lone = decode_options("☑村公示栏电子屏 ☐政府网站", hint=CHANNEL, scanned=True)
    assert lone is not None and lone.values["channel_gazette"] is False


def test_a_level_cell_read_as_a_lone_box_is_an_empty_one():
    """A speck read as ☐ in an empty merged level cell whose label is printed on the next
    page (noise-200) must not keep that span out of its group: the rows come out as
    from the empty cell. The source here is dA_span3's text layer, its empty cell given
    the box a scan read there."""
    from dataclasses import replace

    from catalogue.extract import extract_document
    from catalogue.normalise import normalise_tables

    tables = list(extract_document(FAMILY.parent.parent / "word" / "dA_span3.pdf").tables)
    first = tables[0]
    empty = [c for c in first.cells if c.col == 0 and c.rowspan > 1 and not c.text.strip()]
    assert empty, "the sample's first page has an empty merged level cell"
    boxed = replace(first, cells=[replace(c, text="☐") if c is empty[0] else c for c in first.cells])
    want = normalise_tables(tables, "dA_span3.pdf")
    got = normalise_tables([boxed, *tables[1:]], "dA_span3.pdf")
    assert [r["item_key"] for r in got] == [r["item_key"] for r in want]
    assert len({r["level_1"] for r in want}) > 1
