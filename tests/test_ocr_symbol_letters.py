"""Word catalogues whose box glyphs print as letters, scanned: district_wd2font of the scan
family (samples/generate_scan_family.py) prints its Wingdings 2 ☑ and ☐ as "R" and "£"
(its font lacks the symbols). The recogniser reads the £ as "f" or "E" now and then;
in an option cell of a scanned table those are empty boxes, nowhere else. Also the
other causes of wrong rows and marks found on these and their sibling members: pages
of narrow columns of tight 8 pt lines taken for sideways pages, paper texture taken
for ticks, and small ■ glyphs greyed at their edges read as nothing.

The OCR tests run the whole path on 1-bit (fax-like) pages of district_wd2font, a
tuning-half member the generator wrote to samples/scans/family/, against the rows its
source generator wrote (samples/word/expected-round1.json)."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest
from scan_family_bench import FAMILY, bench, gen

from catalogue.api import extract_file
from catalogue.extract.ocr import mark_pixels as mk
from catalogue.extract.ocr import render_pdf_page_with_dpi
from catalogue.extract.ocr.misreads import repair_misreads
from catalogue.extract.ocr.page import layout_page
from catalogue.normalise import normalise_tables
from catalogue.normalise.options import is_label_start
from catalogue.raw import CHECKED, UNCHECKED, RawTable
from catalogue.schemas.mark_segments import split_marks

HEADER = ["一级", "二级", "公开内容", "公开主体", "公开渠道", "公开属性"]
# The channel and attribute cells of a district_wd2font row as the recogniser read
# them on a 1-bit page: R is ☑, £ is ☐, and two of the £ came back as "E" and "f".
CHANNELS = "R 政府网站E政\n府公报\n£政务微博f政\n务微信"
ATTRIBUTE = "R 主动公开\n£依申请公开\nf不予公开"


def _item(dpi: float | None, content: str = "本部门文件。") -> dict:
    rows = [HEADER, ["机构信息", "机构职能", content, "区政府办公室", CHANNELS, ATTRIBUTE]]
    if dpi is not None:  # read by OCR: its cells' texts as the OCR path hands them over
        rows = [[repair_misreads(text) for text in row] for row in rows]
    table = RawTable.from_rows("t.pdf", 1, rows)
    table.dpi = dpi
    items = normalise_tables([table], "t.pdf")
    assert len(items) == 1
    return items[0]


def test_the_recognisers_f_and_e_are_empty_boxes_in_a_scanned_option_cell():
    item = _item(200.0)
    assert (item["channel_website"], item["channel_gazette"], item["channel_weibo"], item["channel_wechat"]) \
        == (True, False, False, False)
    assert item["channel_other"] is False and item["channels_extra"] == []
    assert (item["disclosure_proactive"], item["disclosure_on_request"], item["disclosure_not_public"]) \
        == (True, False, False)


def test_on_a_text_layer_f_and_e_are_letters():
    # A text layer is never misread: "政府网站E政府公报" is one label there, no known option.
    item = _item(None)
    assert item["channel_website"] is not True
    assert item["channel_other"] is True


def test_a_look_alike_is_a_mark_only_before_an_option_label():
    # Not after a Latin letter (a word such as "pdf"), not before words that are no option.
    assert repair_misreads("R 政府网站 pdf政府公报") == "R 政府网站 pdf政府公报"
    assert repair_misreads("f不知道 E说明") == "f不知道 E说明"
    assert repair_misreads("f政府网站 E政府公报") == f"{UNCHECKED}政府网站 {UNCHECKED}政府公报"
    # Free text keeps its letters: a content cell is never decoded as options.
    item = _item(200.0, content="E政府网站f政务微博的建设情况。")
    assert item["content"] == "E政府网站f政务微博的建设情况。"


def test_a_grey_streak_of_paper_texture_is_no_tick():
    # A ✓ in soft ink; in the hard ink it is either black (printed) or absent (a fibre
    # blot of grey paper, noise-200 of the family).
    soft = np.zeros((40, 40), np.uint8)
    cv2.line(soft, (14, 22), (18, 27), 255, 2)
    cv2.line(soft, (18, 27), (25, 13), 255, 2)
    assert [m.state for m in mk.find_glyph_marks(soft, 200, hard=soft)] == [CHECKED]
    assert mk.find_glyph_marks(soft, 200, hard=np.zeros_like(soft)) == []


def test_a_blurred_solid_square_is_checked_and_a_blob_with_a_pale_heart_is_not():
    # An 11-pixel ■ that a 150 dpi JPEG or blur greyed two pixels deep: black only in
    # its middle 7 by 7. A dense character in small type binarises to a blob as big,
    # but its middle is not black.
    ink = np.zeros((40, 40), np.uint8)
    ink[15:26, 15:26] = 255
    blurred = np.zeros_like(ink)
    blurred[17:24, 17:24] = 255
    assert [m.state for m in mk.find_glyph_marks(ink, 200, dark=blurred, hard=ink)] == [CHECKED]
    pale_heart = blurred.copy()
    pale_heart[19:22, 19:22] = 0
    assert mk.find_glyph_marks(ink, 200, dark=pale_heart, hard=ink) == []


def test_a_faint_box_glyph_is_read_whole_in_the_grey_and_a_quote_mark_is_not():
    # A 10-pixel ▫ printed light (grey 185 on paper 240, as a hairline box at 150 dpi
    # JPEG): the soft ink kept its right side and bottom only, no closed frame.
    grey = np.full((40, 40), 240, np.uint8)
    cv2.rectangle(grey, (15, 15), (24, 24), 185, 2)
    soft = np.zeros_like(grey)
    soft[15:25, 23:25] = 255
    soft[23:25, 15:25] = 255
    assert mk.find_glyph_marks(soft, 200, hard=soft) == []  # no frame in the ink
    assert [m.state for m in mk.find_glyph_marks(soft, 200, hard=soft, grey=grey)] == [UNCHECKED]
    # A “ in 1-bit type: two black blots joined at a corner, dark on every side of
    # their 8 by 7 box, with a pixel of paper between them.
    quote = np.zeros((40, 40), np.uint8)
    quote[15:20, 15:18] = 255  # each blot and its tail
    quote[20:22, 16] = 255
    quote[15:20, 19:22] = 255
    quote[20:22, 20] = 255
    quote[14, 18] = 255  # the corner that joins them (8-connected)
    assert mk.find_glyph_marks(quote, 200, hard=quote, grey=np.where(quote > 0, 0, 240).astype(np.uint8)) == []


@pytest.mark.ocr
def test_narrow_columns_of_tight_lines_are_not_a_sideways_page(tmp_path):
    # A grey JPEG (quality 50) of district_fakewd2, made here by the generator: its
    # page 2 is option lists and 8 pt paragraphs in narrow columns, which smeared down
    # the page looked like text running down it, and the page was turned.
    member = tmp_path / "member.pdf"
    member.write_bytes(gen.member("jpeg-200-q50", "district_fakewd2", "word/district_fakewd2.pdf"))
    image, dpi, two_tone = render_pdf_page_with_dpi(member, 1, 200)
    layout = layout_page(image, dpi, two_tone=two_tone)
    assert layout is not None
    height, width = layout.grey.shape
    assert width > height  # the landscape page stays as it is
    assert [grid.n_cols for grid in layout.grids] == [11]


@pytest.mark.ocr
def test_1_bit_pages_of_a_catalogue_whose_boxes_print_as_letters():
    members = {(m["condition"], m["source"]): m for m in json.loads((FAMILY / "family.json").read_text("utf-8"))["members"]}
    m = members[("bilevel-200", "district_wd2font")]
    assert m["half"] == gen.TUNE
    want = bench.expected_rows(m["expected"])
    got = extract_file(FAMILY / m["file"]).items
    assert [r["item_key"] for r in got] == [r["item_key"] for r in want]
    score = bench.bench_scans.score_rows(want, got, bench.compared_columns(want))
    assert score.marks > 300  # every option of every row is a mark cell
    # The target for mark cells, and its mean target for cells.
    assert score.marks_right >= 0.995 * score.marks, "\n".join(score.wrong)
    assert score.cell_share >= 0.98, "\n".join(score.wrong)
    # No look-alike left inside a label ("政府网站E政府公报" taken for another channel).
    assert [r["channels_extra"] for r in got] == [r["channels_extra"] for r in want]


def test_the_recognisers_v_for_a_bare_check_mark_is_checked_only_in_an_ocr_reading():
    # district_vertical_symbol prints √ as its check mark; the recogniser reads "v政府网站".
    repaired = repair_misreads("v政府网站 ☐政府公报")
    assert repaired == f"{CHECKED}政府网站 ☐政府公报"
    scanned = split_marks(repaired, is_label_start)
    assert scanned is not None and [s.state for s in scanned.segments] == [True, False]
    assert scanned.segments[0].label.strip() == "政府网站"
    # On a text layer a v is a letter: only the ☐ is a mark there.
    layer = split_marks("v政府网站 ☐政府公报", is_label_start)
    assert layer is not None and [s.state for s in layer.segments] == [False]
    # Not a mark before words that are no option, nor inside a word.
    assert repair_misreads("v不知道") == "v不知道"
    assert repair_misreads("TV政府网站") == "TV政府网站"


def test_a_line_starting_dun_comma_before_an_option_is_a_check_mark_that_lost_its_arm():
    # district_vertical_symbol on 1-bit pages keeps only the short stroke of its √,
    # which the recogniser reads as 、 ("、政府网站 ☐政府公报", bilevel-200 tuning member).
    repaired = repair_misreads("、政府网站 ☐政府公报\n☐政务微博 ☐政务微信")
    assert repaired == f"{CHECKED}政府网站 ☐政府公报\n☐政务微博 ☐政务微信"
    scanned = split_marks(repaired, is_label_start)
    assert scanned is not None and [s.state for s in scanned.segments] == [True, False, False, False]
    assert scanned.segments[0].label.strip() == "政府网站"
    second_line = split_marks(repair_misreads("☐预公开\n、全文发布"), is_label_start)
    assert second_line is not None and [s.state for s in second_line.segments] == [False, True]
    # Inside a line 、 lists options (a text list, no marks); on a text layer it is text.
    assert repair_misreads("政府网站、政务微博") == "政府网站、政务微博"
    assert split_marks("、政府网站 ☐政府公报", is_label_start) is not None
    assert [s.state for s in split_marks("、政府网站 ☐政府公报", is_label_start).segments] == [False]
    # Not before words that are no option.
    assert repair_misreads("、不知道") == "、不知道"
