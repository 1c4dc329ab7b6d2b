"""Channel cells that list options without marks, and one-option columns of which some
options have none (issues 20 and 22), in every format: samples/option-lists/
(samples/generate_option_lists.py), one catalogue as a PDF (both text engines), an Excel
sheet, a Word table and a web page. Expected rows come from the generator's items."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from catalogue.api import extract_file
from catalogue.normalise.options import decode_options

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
FOLDER = SAMPLES / "option-lists"
sys.path.insert(0, str(SAMPLES))
import generate_option_lists as gen  # noqa: E402

EXPECTED = json.loads((FOLDER / "option-lists.expected.json").read_text(encoding="utf-8"))
CASES = [("pdf", "pdfium"), ("pdf", "pdfplumber"), ("xlsx", None), ("docx", None), ("html", None)]


def _extract(ext: str, engine: str | None) -> list[dict]:
    return extract_file(FOLDER / f"{gen.STEM}.{ext}", {"engine": engine} if engine else {}).items


@pytest.mark.parametrize(("ext", "engine"), CASES, ids=[f"{e}-{g}" if g else e for e, g in CASES])
def test_issue_22_option_lists_give_their_rows_in_every_format(ext: str, engine: str | None,
                                                               contract_differences) -> None:
    want = EXPECTED[ext]
    got = _extract(ext, engine)
    assert [r["item_key"] for r in got] == [r["item_key"] for r in want]
    assert not contract_differences(want, got)


@pytest.mark.parametrize(("ext", "engine"), CASES, ids=[f"{e}-{g}" if g else e for e, g in CASES])
def test_issue_20_absent_column_stays_null_and_run_together_labels_split(ext: str, engine: str | None) -> None:
    got = {r["item_key"]: r for r in _extract(ext, engine)}
    assert {r["disclosure_not_public"] for r in got.values()} == {None}  # no 不予公开 column
    run = got["采购信息 / 采购公告"]  # "政府网站政府公报", no mark between them
    assert (run["channel_website"], run["channel_gazette"]) == (True, True)
    assert not any(w.startswith("unknown_option") for w in run["warnings"])
    lines = got["采购信息 / 采购意向"]  # one channel a line, no marks
    assert (lines["channel_website"], lines["channel_press"], lines["channel_service_hall"]) == (True, True, True)
    assert lines["channels_extra"] == ["公开查阅点", "现场公开"]


def test_the_generator_data_holds_each_trap() -> None:
    """The expected rows above are the generator's; here its items are checked to hold the traps."""
    cells = {it["levels"][1]: "\n".join(it["channel_lines"]) for it in gen.ITEMS}
    assert "\n" in cells["采购意向"] and not any(ch in cells["采购意向"] for ch in "、，；√□")
    assert cells["采购公告"] == "政府网站政府公报"
    assert "及" in cells["中标结果"] and "及" in cells["处理决定"]
    assert gen.HEADER[-2:] == ("主动", "依申请")


@pytest.mark.parametrize(("text", "extras", "true"), [
    # 及 inside a name the vocabulary knows never parts it
    ("政府网站、中国政府采购网及其地方分网", ["中国政府采购网及其地方分网"], {"channel_website", "channel_other"}),
    # 及 between two known names parts them
    ("政府网站及政务微博", [], {"channel_website", "channel_weibo"}),
    # 和 inside a name no vocabulary knows keeps it whole: one extra channel, not two
    ("政府网站、公共资源交易平台和分平台", ["公共资源交易平台和分平台"], {"channel_website", "channel_other"}),
])
def test_separator_words_part_only_known_names(text: str, extras: list[str], true: set[str]) -> None:
    cell = decode_options(text, hint="channel")
    assert cell is not None
    assert cell.extras == extras
    assert {name for name, value in cell.values.items() if value} == true


def test_run_together_labels_under_one_mark_share_it_on_a_text_layer() -> None:
    """On a text layer no mark is lost: one mark before two names written together is
    theirs (on a scan the second mark is unread, tests/test_ocr_scan_family.py)."""
    cell = decode_options("✓政府网站政府公报 □政务微博", hint="channel")
    assert cell is not None
    assert (cell.values["channel_website"], cell.values["channel_gazette"], cell.values["channel_weibo"]) == (
        True, True, False)
    scanned = decode_options("✓政府网站政府公报 □政务微博", hint="channel", scanned=True)
    assert scanned is not None and scanned.values["channel_gazette"] is None


def _national(second_option_header: str, dpi: float | None) -> list[dict]:
    from dataclasses import replace

    from catalogue.normalise import normalise_tables
    from catalogue.raw import RawTable

    rows = [["序号", "公开事项", "", "公开内容", "公开方式", ""],
            ["", "一级事项", "二级事项", "", "主动", second_option_header],
            ["1", "甲", "乙", "内容一", "√", ""],
            ["2", "甲", "丙", "内容二", "", "√"]]
    return normalise_tables([replace(RawTable.from_rows("t.pdf", 1, rows), dpi=dpi)], "t.pdf")


def test_issue_20_an_option_header_a_scan_misread_is_still_its_column() -> None:
    """On a scan 依申请 read as 依甲请 is, one character off, the 依申请 column of the
    group over it; then 不予公开 has no column and stays null."""
    first, second = _national("依甲请", dpi=200.0)
    assert (first["disclosure_proactive"], first["disclosure_on_request"]) == (True, False)
    assert (second["disclosure_proactive"], second["disclosure_on_request"]) == (False, True)
    assert first["disclosure_not_public"] is None and second["disclosure_not_public"] is None
    assert "公开方式/依甲请" not in second["other_columns"]


def test_an_option_column_whose_header_names_no_option_leaves_the_group_unknown_to_be_absent() -> None:
    """On a text layer the header is as printed: a column under 公开方式 that names no
    option is not guessed at, and since it might be any option of the group, none of the
    group's options is taken as absent (their fields are false, not null)."""
    first, _ = _national("依甲请", dpi=None)
    assert first["disclosure_proactive"] is True
    assert first["disclosure_on_request"] is False and first["disclosure_not_public"] is False


def test_issue_20_options_parted_by_a_stray_character_on_a_scan_are_two_options() -> None:
    """On family C's 150 dpi JPEG 35, blurred page a ▫ the pixels missed is read as a stray
    character between two labels ("政务微博：政务微信"): they are two options, the first
    with the mark read before it, the second's mark unread. Only on a scan, and only
    where every part is an option label."""
    cell = decode_options("☑政府网站 ☐政府公报 ☑政务微博：政务微信 ☐移动客户端）电视", hint="channel", scanned=True)
    assert cell is not None
    assert (cell.values["channel_website"], cell.values["channel_gazette"], cell.values["channel_weibo"],
            cell.values["channel_wechat"], cell.values["channel_app"], cell.values["channel_tv"]) == (
        True, False, True, None, False, None)
    assert cell.values["channel_other"] is False and cell.extras == []
    assert not [w for w in cell.warnings if w.startswith("unknown_option")]
    # A text layer loses no mark: the same text there is one label outside the vocabulary.
    text = decode_options("☑政府网站 ☐政府公报 ☑政务微博：政务微信 ☐移动客户端）电视", hint="channel")
    assert text is not None and text.extras == ["政务微博：政务微信"]
    # Not where a part is no option label ("公众号" is not one): read as on a text layer.
    other = "☑政府网站 ☐政府公报 ☑政务微博：公众号 ☐电视"
    scanned, plain = decode_options(other, hint="channel", scanned=True), decode_options(other, hint="channel")
    assert scanned is not None and plain is not None and scanned.values == plain.values
    # Nor at a colon after 其他, which says what the other channel is, nor at a dot or a
    # dash inside one name (final review of round nine): read as on a text layer.
    for joined in ("☑其他：村务公开栏", "☑报刊·广播", "☑公开栏-电子屏"):
        scanned, plain = decode_options(joined, hint="channel", scanned=True), decode_options(joined, hint="channel")
        assert scanned is not None and plain is not None, joined
        assert (scanned.values, scanned.warnings) == (plain.values, plain.warnings), joined
