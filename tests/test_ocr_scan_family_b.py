"""Members of scan family B (samples/generate_scan_family_b.py: the sample catalogues
printed, rasterised and degraded independently of family A), committed from its tuning
half under samples/scans/family-b/. Each test names the fault kind its member shows;
rows are checked against the source's expected rows."""

from __future__ import annotations

import json
import re

import pytest
from scan_family_bench import ROOT, bench

from catalogue.api import extract_file

FAMILY_B = ROOT / "samples" / "scans" / "family-b"
# Two Word members as the generator printed them before round six (at 49b20cb), when
# LibreOffice drew some of the documents' Wingdings boxes as its missing-glyph frame, as
# it does on any machine without the font: the frames' rules are tested on them.
FRAMES_PRINT = FAMILY_B / "libreoffice-frames"
MEMBERS = {(m["condition"], m["source"]): m for m in json.loads((FAMILY_B / "family.json").read_text("utf-8"))["members"]}
# Members drawn with another seed (the generator's SEEDED_TEST_MEMBERS), tuning members.
SEEDED = {(m["condition"], m["source"], seed): (FAMILY_B / f"seed-{seed}", m)
          for seed in (12, 11, 13)
          for m in json.loads((FAMILY_B / f"seed-{seed}" / "family.json").read_text("utf-8"))["members"]}
HEADER_WORDS = ("一级", "二级", "事项类别", "公开内容", "公开主体")
TEXT_COLUMNS = ("level_1", "level_2", "level_3", "content", "basis", "subject", "time_limit", "audience")
# A half-width dot after a Han character or a full-width mark, or one that starts a cell.
SPECK_DOT = re.compile(r"[\u4e00-\u9fff）》”、，。；：][.．·•]$|[\u4e00-\u9fff）》”、，。；：][.．]|[、，。；：][·•]|^[.．]")
# Strokes (I l | 丨, an opening bracket) ending a line of Chinese text, or a line of them alone.
RULING_READ = re.compile(r"[\u4e00-\u9fff）》”、，。；：](?:\s*[Il|丨\[])+\s*$|^[Il|丨\[\]\s]+$", re.M)


def _text_cells(rows: list[dict], pattern: re.Pattern[str]) -> list[tuple[int, str, str]]:
    return [(row["item_no"], c, row[c]) for row in rows for c in TEXT_COLUMNS
            if isinstance(row.get(c), str) and pattern.search(row[c])]


@pytest.mark.ocr
def test_copier_specks_beside_the_text_are_not_read_as_dots():
    """A worn copier's toner specks (copier-200 / word-checkboxes) sit beside the text;
    the recogniser read them as dots: "区政府各部门（单位）.", "社会.", "姓名、·职务"."""
    m = MEMBERS[("copier-200", "word-checkboxes")]
    want = bench.member_expected(m)
    got = extract_file(FAMILY_B / m["file"]).items
    assert len(got) == len(want)
    assert _text_cells(got, SPECK_DOT) == []
    # The cells the specks stood beside read as printed.
    assert [r["subject"] for r in got] == [r["subject"] for r in want]
    assert [r["audience"] for r in got] == [r["audience"] for r in want]
    assert got[6]["level_3"] == want[6]["level_3"] == "内设机构及下属单位"


@pytest.mark.ocr
def test_rulings_bent_into_a_cell_are_not_read_as_strokes():
    """A photographed page curling up at its edge (phone-curl / dF_labelcut) bends the
    rulings beside its subject cells; the bent ruling was cut into short bands and read
    "区政府各部（单位）[ [ I I"."""
    m = MEMBERS[("phone-curl", "dF_labelcut")]
    got = extract_file(FAMILY_B / m["file"]).items
    assert _text_cells(got, RULING_READ) == []
    want = {r["subject"] for r in bench.member_expected(m)}
    assert all(r["subject"] is None or r["subject"].startswith("区政府各部") for r in got)
    assert sum(r["subject"] in want for r in got) >= len(got) - 2


@pytest.mark.ocr
def test_a_folds_crease_is_no_ruling():
    """A folded page (fold-300 / national-catalogue) has a crease across the sheet,
    margin to margin: on the first page it crosses a row, which was cut in two (an
    extra item, every later item numbered one on); on the second it runs a few pixels
    from a row's ruling, which must stay."""
    m = MEMBERS[("fold-300", "national-catalogue")]
    want = bench.member_expected(m)
    got = extract_file(FAMILY_B / m["file"]).items
    assert [(r["item_no"], r["item_key"]) for r in got] == [(r["item_no"], r["item_key"]) for r in want]
    # The rows the crease lies beside or across keep their cells.
    assert [r["time_limit"] for r in got] == [r["time_limit"] for r in want]
    assert [r["subject"] for r in got] == [r["subject"] for r in want]


@pytest.mark.ocr
def test_a_narrow_box_hard_against_its_label_is_a_box():
    """LibreOffice prints a Word catalogue's ☐ (Wingdings 2) as a narrow missing-glyph
    frame where the font is missing, set without a space before its option's label;
    faxed (fax-fine / word-split, the print before round six), the label's first
    character stands a pixel from the frame's side. Taken for part of a character, the
    frame went to the recogniser, and the options beside it took the wrong marks (电视 or
    移动客户端 read ticked, 政务微信 or 电视 unknown)."""
    m = MEMBERS[("fax-fine", "word-split")]
    want = bench.member_expected(m)
    got = extract_file(FRAMES_PRINT / m["file"]).items
    assert len(got) == len(want)
    fields = ("channel_wechat", "channel_app", "channel_tv")
    for i in (5, 7):  # items 6 and 8: cells with such frames
        assert [got[i][f] for f in fields] == [want[i][f] for f in fields]


@pytest.mark.ocr
def test_a_box_hard_against_its_label_is_a_box():
    """The same document printed with its marks stated (round six): its ☐ glyphs are
    set without a space before their labels too, and faxed, they stand a pixel from the
    label's first character."""
    m = MEMBERS[("fax-fine", "word-split")]
    want = bench.member_expected(m)
    got = extract_file(FAMILY_B / m["file"]).items
    assert len(got) == len(want)
    fields = ("channel_wechat", "channel_app", "channel_tv")
    for i in (5, 7):  # items 6 and 8
        assert [got[i][f] for f in fields] == [want[i][f] for f in fields]


@pytest.mark.ocr
def test_a_phone_lens_bowing_the_rulings_is_undone():
    """A page photographed through a phone's lens (phone-barrel / word-split): every
    ruling bows about the picture's centre, most near the frame, and two fingertips
    join the page's outline. Traced only in part, the bowed rulings left a shear, and
    the grid lost and gained rows: 4 extra items, a header row read as an item. (The
    rows are compared below their first level: on this print the recogniser reads the
    first level's 履 as 覆, a recognition fault, not the lens's.)"""
    m = MEMBERS[("phone-barrel", "word-split")]
    want = bench.member_expected(m)
    got = extract_file(FAMILY_B / m["file"]).items
    assert [r["item_key"].split(" / ")[1:] for r in got] == [r["item_key"].split(" / ")[1:] for r in want]
    assert not [r for r in got if r["level_1"] in HEADER_WORDS or r["content"] in HEADER_WORDS]
    assert [r["subject"] for r in got] == [r["subject"] for r in want]


@pytest.mark.ocr
def test_a_character_read_in_doubt_is_read_again():
    """At 120 dpi (lowres-120 / national-catalogue) the last character of a level label
    in a tall merged cell, on a line of its own, was read 陽 with 0.34 of the recogniser's
    certainty: 最低生活保陽 on four items. A second look at the crop, prepared otherwise,
    reads 障 surer, and its reading is taken (ocr/recognise.py)."""
    m = MEMBERS[("lowres-120", "national-catalogue")]
    want = bench.member_expected(m)
    got = extract_file(FAMILY_B / m["file"]).items
    assert [(r["item_no"], r["item_key"]) for r in got] == [(r["item_no"], r["item_key"]) for r in want]
    assert [r["level_1"] for r in got] == [r["level_1"] for r in want]
    assert sum(r["level_1"] == "最低生活保障" for r in got) == 4


@pytest.mark.ocr
def test_a_blurred_tick_in_a_small_box_is_a_tick():
    """At 150 dpi and JPEG quality 35 (lowres-150-q35 / word-split) the ☑ glyph that
    starts a channel cell (0.075 in) blurs into a blob whose strokes are straight runs
    across most of the box's inside, and its foot runs 7 px of the 8 across: it was
    taken for a character (日's bar, 国's strokes), and 政府网站 read false. (The print
    before round six: its ☑ is another font's glyph.)"""
    m = MEMBERS[("lowres-150-q35", "word-split")]
    want = bench.member_expected(m)
    got = extract_file(FRAMES_PRINT / m["file"]).items
    assert len(got) == len(want)
    for i in (0, 1, 2, 4):  # items 1-3 and 5
        assert got[i]["channel_website"] is want[i]["channel_website"] is True


@pytest.mark.ocr
def test_a_box_whose_thin_side_the_blur_cut_is_a_box():
    """At 150 dpi JPEG 35 (lowres-150-q35 / word-split, printed with its marks stated)
    the ☑ glyph (DejaVu Sans, 0.075 in) that starts item 3's channel cell has a right side
    a pixel thin, and the blur's light pixel cuts it near its middle into pieces of 8
    and 4 px, none as long as a frame's stroke (60% of the smallest box): its three other
    sides and its tick stood, and 政府网站 read false."""
    m = MEMBERS[("lowres-150-q35", "word-split")]
    want = bench.member_expected(m)
    got = extract_file(FAMILY_B / m["file"]).items
    assert len(got) == len(want)
    assert got[2]["channel_website"] is want[2]["channel_website"] is True


@pytest.mark.ocr
def test_box_glyphs_in_small_type_are_boxes():
    """The Word print's ☑ and ☐ (DejaVu Sans in 7 pt type) measure 14 px at 200 dpi,
    under the smallest drawn box, and at 150 dpi JPEG 35 (lowres-150-q35 / word-split) the
    ☑ that starts each channel cell has a right side a pixel thin that prints grey, too
    light for the hard ink: 政府网站 read false on nearly every item. A square that small
    is a box when it is nearly as tall as its text line (a character's 口 is not) and no
    stroke of its runs on past it (应's inside); a side too light for the hard ink counts
    where the grey shows it."""
    m = MEMBERS[("lowres-150-q35", "word-split")]
    want = bench.member_expected(m)
    got = extract_file(FAMILY_B / m["file"]).items
    assert len(got) == len(want)
    for i in (0, *range(3, 12)):  # items 1 and 4-12
        assert got[i]["channel_website"] is want[i]["channel_website"] is True, i + 1
    channels = [c for c in want[0] if c.startswith("channel_")]
    # No empty box read ticked.
    assert not [(w["item_no"], c) for w, g in zip(want, got, strict=True) for c in channels
                if g[c] is True and w[c] is False]


@pytest.mark.ocr
def test_empty_box_glyphs_blurred_against_their_neighbours_are_boxes():
    """At 150 dpi JPEG 35 (lowres-150-q35 / district-catalogue) a channel cell lists
    "✓政府网站▫政府公报 ▫政务微博 …": each ▫ is set with no space after the label before
    it, and the blur closes its side bearing to 2 px, under the paper asked round a
    glyph mark; others print light (grey 175-200) and the soft ink keeps only pieces of
    their sides. Either way the ▫ went to the recogniser, which read 口 or nothing, and
    the option read unreadable: 60 channel cells None."""
    m = MEMBERS[("lowres-150-q35", "district-catalogue")]
    want = bench.member_expected(m)
    got = extract_file(FAMILY_B / m["file"]).items
    assert len(got) == len(want)
    channels = [c for c in want[0] if c.startswith("channel_")]
    # Items 1-4, 6, 7 and 9 (page 1): every channel as the source says.
    for i in (0, 1, 2, 3, 5, 6, 8):
        assert [got[i][c] for c in channels] == [want[i][c] for c in channels], i + 1
    unread = sum(1 for w, g in zip(want, got, strict=True) for c in channels if g[c] is None and w[c] is not None)
    assert unread <= 12
    # No empty box read ticked.
    assert not [(w["item_no"], c) for w, g in zip(want, got, strict=True) for c in channels
                if g[c] is True and w[c] is False]


@pytest.mark.ocr
def test_issue_20_light_boxes_in_pieces_are_boxes():
    """The district catalogue at 150 dpi JPEG 35 drawn with this machine's CJK face
    (lowres-150-q35 / district-catalogue, seed 13): its □ measure 17-20 px at 200 dpi, a
    character's size, printed light (grey 170-215), and the soft ink keeps only pieces of
    their sides: a 门 where the foot was lost, a 匚, [ and ] a frame apart, a top alone.
    They went to the recogniser, the options ran together ("政府网站厂政府公报",
    "政务微博[]政务微信") and 60-odd channel cells read None or wrong."""
    folder, m = SEEDED[("lowres-150-q35", "district-catalogue", 13)]
    want = bench.member_expected(m)
    got = extract_file(folder / m["file"]).items
    assert len(got) == len(want)
    channels = [c for c in want[0] if c.startswith("channel_")]
    wrong = [(w["item_no"], c) for w, g in zip(want, got, strict=True) for c in channels if g[c] != w[c]]
    # A few boxes still lose too much of their frame to be seen (6 on this draw).
    assert len(wrong) <= 10, wrong
    run_together = [(r["item_no"], x) for r in got for x in r["warnings"]
                    if x.startswith("unknown_option:") and re.search(r"[门厂\[\]]", x)]
    assert run_together == []


@pytest.mark.ocr
def test_a_grey_streak_across_the_sheet_is_no_ruling():
    """A worn copier's roller leaves grey streaks down the sheet (copier-200 /
    word-checkboxes): one runs through the last character of the level labels
    (履职依据, 机关简介) and was taken for a column's border, found in the faint ink only
    ("履职依" with "据" as a column of its own); another, beside a level column on the
    second page, split its cells."""
    m = MEMBERS[("copier-200", "word-checkboxes")]
    want = bench.member_expected(m)
    got = extract_file(FAMILY_B / m["file"]).items
    assert [(r["level_1"], r["level_2"]) for r in got] == [(r["level_1"], r["level_2"]) for r in want]


@pytest.mark.ocr
def test_a_page_that_fills_the_picture_warns_nothing_on_the_terminal():
    """fold-300 / national-catalogue: a page outline found over the whole picture leaves
    no ground to compare with; numpy's median of nothing printed two RuntimeWarnings
    among the progress lines."""
    import warnings

    m = MEMBERS[("fold-300", "national-catalogue")]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert extract_file(FAMILY_B / m["file"]).items
    assert [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)] == []


@pytest.mark.ocr
def test_crossed_box_glyphs_in_small_type_are_ticked():
    """The Word print's ☒ (DejaVu Sans in 7 pt type: 14-15 px at 200 dpi, an inside 8-9
    px across) blurs its two strokes 2-3 px thick into a blob where they cross: the blob
    runs the inside's height in places and was taken for the bar of 日, so the box that
    starts the channel cell of items 2 and 10 (copier-200 / word-checkboxes; item 10's
    ☒政务微博 too) and items 2, 6 and 10 (lowres-120) was no box, and 政府网站 read false."""
    for condition, items in (("copier-200", (2, 10)), ("lowres-120", (2, 6, 10))):
        m = MEMBERS[(condition, "word-checkboxes")]
        want = bench.member_expected(m)
        got = extract_file(FAMILY_B / m["file"]).items
        assert len(got) == len(want)
        for n in items:
            assert got[n - 1]["channel_website"] is want[n - 1]["channel_website"] is True, (condition, n)
        assert got[9]["channel_weibo"] is want[9]["channel_weibo"] is True, condition
        channels = [c for c in want[0] if c.startswith("channel_")]
        # No empty box read ticked.
        assert not [(w["item_no"], c) for w, g in zip(want, got, strict=True) for c in channels
                    if g[c] is True and w[c] is False]


@pytest.mark.ocr
def test_a_box_starting_a_cell_at_120_dpi_is_a_box():
    """At 120 dpi (lowres-120 / word-checkboxes) the ☑ or ☒ that starts a channel cell
    stands hard under the cell's top ruling, whose pixels took its top side, and its
    right side, a pixel thin, prints grey (150-170 on paper at 235): two sides short, it
    was no box, and 政府网站 read false on items 8 and 9. A side lost with the ruling is
    no evidence either way; the light side is found in the grey, against the paper of a
    ☒'s inside, most of which its blurred arms grey."""
    m = MEMBERS[("lowres-120", "word-checkboxes")]
    want = bench.member_expected(m)
    got = extract_file(FAMILY_B / m["file"]).items
    assert len(got) == len(want)
    for n in (8, 9):
        assert got[n - 1]["channel_website"] is want[n - 1]["channel_website"] is True, n


CODE_COLON = re.compile(r"^[A-Z]\d+：")


@pytest.mark.ocr
def test_a_colons_dots_are_not_marks():
    """A faxed catalogue (fax-fine / dA_span3) whose contents start with a code and a
    colon ("A01：机构职责…"): the 1-bit scan fills the colon's dots solid, each a ■
    glyph's size, and they were taken for checked marks: the line was cut at them and
    the colon lost ("A01机构职责", "A03.行政许可…", on 13 of its 16 items)."""
    m = MEMBERS[("fax-fine", "dA_span3")]
    want = bench.member_expected(m)
    got = {r["item_no"]: r for r in extract_file(FAMILY_B / m["file"]).items}
    coded = [r for r in want if CODE_COLON.match(r["content"] or "")]
    assert len(coded) >= 10
    assert [got[r["item_no"]]["content"][: len(CODE_COLON.match(r["content"]).group())] for r in coded] \
        == [CODE_COLON.match(r["content"]).group() for r in coded]


@pytest.mark.ocr
def test_issue_20_a_character_in_doubt_is_taken_to_an_office_word():
    """A text-layer catalogue copied on a worn copier (copier-200 / national-catalogue),
    its 门 drawn in a Japanese face's form (the dot an upright stroke): the recogniser
    read it 内, "部内预算" and "财政部内批复后20日内", with 门 its second candidate at
    0.17-0.35 in item 3's cells. The candidate that makes a word of an office's name is
    taken (ocr/vocabulary_check.organisation_reading). Item 4's 门 is read 内 at 0.91-0.99
    with 门 offered under 0.1 or not at all: nothing to choose, so it is not asserted."""
    m = MEMBERS[("copier-200", "national-catalogue")]
    want = {r["item_no"]: r for r in bench.member_expected(m)}
    got = {r["item_no"]: r for r in extract_file(FAMILY_B / m["file"]).items}
    assert sorted(got) == sorted(want)
    office = [c for c in TEXT_COLUMNS if "部门" in (want[3].get(c) or "")]
    assert office == ["level_2", "content", "subject", "time_limit"]
    assert [(c, got[3][c]) for c in office] == [(c, want[3][c]) for c in office]
    assert got[3]["item_key"] == want[3]["item_key"]


@pytest.mark.ocr
def test_issue_20_a_crop_read_otherwise_offers_the_office_words_character():
    """The same copier-200 / national-catalogue: item 4's "财政部门批复后20日内" is read
    "财政部内批复后" with 内 at 0.91 and 门 under 0.1, nothing to choose at one scale;
    read again with a wider border (recognise.OFFICE_LOOKS) the recogniser offers 门, and
    the office word is taken. Item 4's "部门决算" stays 内 in every preparation: not
    asserted."""
    m = MEMBERS[("copier-200", "national-catalogue")]
    want = {r["item_no"]: r for r in bench.member_expected(m)}
    got = {r["item_no"]: r for r in extract_file(FAMILY_B / m["file"]).items}
    assert want[4]["time_limit"] == "财政部门批复后20日内"
    assert got[4]["time_limit"] == want[4]["time_limit"]


@pytest.mark.ocr
def test_issue_20_a_curled_page_that_lost_a_ruling_and_gained_one_keeps_its_columns():
    """A Word catalogue photographed curling (phone-curl / word-split, seed 12): on its
    last page every level label spans the level columns after the first, so the page has
    no ruling between 二级 and 三级, and the curled edge kept in the picture adds a ruling
    at the right: the page has the header page's column count, and its columns took the
    header's roles by position, every one after the levels one place off (the subject
    read as content, the content as a third level, on items 8-12)."""
    folder, m = SEEDED[("phone-curl", "word-split", 12)]
    want = bench.member_expected(m)
    got = extract_file(folder / m["file"]).items
    assert [r["item_key"] for r in got] == [r["item_key"] for r in want]
    assert [r["subject"] for r in got] == [r["subject"] for r in want]
    last = max(r["page"] for r in got)
    assert sum(r["page"] == last for r in got) >= 3
    assert [r["content"] for r in got if r["page"] == last] \
        == [w["content"] for r, w in zip(got, want, strict=True) if r["page"] == last]


@pytest.mark.ocr
def test_issue_20_pieces_of_a_ruling_straightened_apart_make_no_column():
    """The same catalogue photographed curling with seed 11: the ruling between 二级 and
    三级 is cut where the level labels span it, and straightening laid its pieces 8 px
    apart; the 3 pt between them was a column of its own, taken for 三级, and every third
    level label of the first page (惠企政策, 六稳六保工作, 机构概况 …) went to level_4."""
    folder, m = SEEDED[("phone-curl", "word-split", 11)]
    want = bench.member_expected(m)
    got = extract_file(folder / m["file"]).items
    assert [r["item_key"] for r in got] == [r["item_key"] for r in want]
    assert [(r["level_3"], r["level_4"]) for r in got] == [(r["level_3"], r["level_4"]) for r in want]
