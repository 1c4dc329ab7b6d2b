"""Page breaks, every way Word cuts a long table (samples/generate_pagebreak_pdfs.py):
a row split with and without level text on its lower part, a label cut inside a
merged cell (also where its first part stops short of the page's foot), a label centred
in a span across pages (also where the span's first row is alone on its page, or where
the label above it is cut by the same break), a new group starting at the top of a page
with its label lower down, a national row split without its 序号, two whole labels that
meet at a break. Expected
rows come from the generator's items and layout, on every engine."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from catalogue.api import extract_file

PAGEBREAKS = Path(__file__).resolve().parent.parent / "samples" / "pagebreaks"
SAMPLES = sorted(p.name.removesuffix(".expected.json") for p in PAGEBREAKS.glob("*.expected.json"))
ENGINES = ("pdfium", "camelot", "pdfplumber")
sys.path.insert(0, str(PAGEBREAKS.parent))
import generate_table_ends as ends  # noqa: E402


def expected(name: str) -> dict:
    return json.loads((PAGEBREAKS / f"{name}.expected.json").read_text(encoding="utf-8"))


def test_every_combination_is_generated() -> None:
    assert sorted([
        "cut-label-span", "label-centred-across", "national-split-seq", "new-group-lower",
        "split-row-bare", "split-row-levels",
        # issue 22
        "label-centred-lone-row", "label-centred-cut-parent", "cut-label-short-of-foot", "false-join-two-labels",
        "cut-label-words",
    ]) == SAMPLES


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", SAMPLES)
def test_page_break_sample_gives_its_rows(name: str, engine: str, contract_differences) -> None:
    want = expected(name)
    got = extract_file(PAGEBREAKS / f"{name}.pdf", {"engine": engine}).items
    assert [(r["item_key"], r["page"]) for r in got] == [(r["item_key"], r["page"]) for r in want["rows"]]
    assert not contract_differences(want["rows"], got)


def test_samples_hold_their_traps() -> None:
    """The layout put the break where each sample needs it (the generator checks it too)."""
    traps = {name: expected(name)["traps"] for name in SAMPLES}
    for name in ("split-row-bare", "split-row-levels", "national-split-seq"):
        assert traps[name]["pages_starting_with_a_continued_row"], name
    assert traps["cut-label-span"]["pages_with_the_rest_of_a_cut_label"]
    assert traps["label-centred-across"]["pages_with_a_label_later_than_its_group"]
    for name in ("label-centred-lone-row", "label-centred-cut-parent"):
        assert traps[name]["pages_with_a_label_later_than_its_group"], name
    assert traps["label-centred-cut-parent"]["pages_with_the_rest_of_a_cut_label"]
    assert traps["cut-label-short-of-foot"]["pages_with_the_rest_of_a_cut_label"]
    assert traps["cut-label-words"]["pages_with_the_rest_of_a_cut_label"]
    assert traps["false-join-two-labels"] == {key: [] for key in traps["false-join-two-labels"]}


@pytest.mark.parametrize("engine", ENGINES)
def test_issue_22_two_whole_labels_meeting_at_a_break_are_never_joined(engine: str) -> None:
    """false-join-two-labels: the last row of a page and the first of the next each have
    their own one-row level_6 cell, filled by its label, so both read as at the page's
    foot and top, as a cut label's parts would: each is still its own row's label."""
    items = extract_file(PAGEBREAKS / "false-join-two-labels.pdf", {"engine": engine}).items
    want = [r["level_6"] for r in expected("false-join-two-labels")["rows"]]
    assert [i["level_6"] for i in items] == want
    assert len(set(want)) == len(want)
    assert not any("label_joined_across_pages" in i["warnings"] for i in items)


@pytest.mark.parametrize("engine", ENGINES)
def test_issue_22_a_two_line_label_cut_where_neither_flags_nor_words_show_it(engine: str) -> None:
    """cut-label-words: 最低生活 is the last line of the merged level_2 cell on one page,
    stopping short of the foot (its second line moved on), and 保障 the first of the
    span's part on the next; both parts are words. Every row of the span gets the whole
    label, from where the text sits in its cell (RawCell.text_room)."""
    from catalogue.extract import extract_document
    from catalogue.raw import TEXT_AT_BOTTOM

    want = expected("cut-label-words")["rows"]
    spans = {r["level_2"] for r in want if r["level_3"]}
    items = extract_file(PAGEBREAKS / "cut-label-words.pdf", {"engine": engine}).items
    assert [i["level_2"] for i in items] == [r["level_2"] for r in want]
    cut = [i for i in items if i["level_2"] == "最低生活保障"]
    assert "最低生活保障" in spans and len({i["page"] for i in cut}) == 2
    assert all("label_joined_across_pages" in i["warnings"] for i in cut)
    # The trap: the part above the break has no TEXT_AT_BOTTOM flag, its text sits low.
    (above,) = [c for t in extract_document(PAGEBREAKS / "cut-label-words.pdf", {"engine": engine}).tables
                for c in t.cells if c.text == "最低生活"]
    assert TEXT_AT_BOTTOM not in above.flags and above.text_room is not None
    assert above.text_room[1] >= 1.0 and above.text_room[0] > above.text_room[1]


def test_split_row_keeps_one_item_with_its_cut_cells_completed() -> None:
    want = {r["item_key"]: r for r in expected("split-row-bare")["rows"]}
    got = {r["item_key"]: r for r in extract_file(PAGEBREAKS / "split-row-bare.pdf").items}
    split = [key for key, row in want.items() if "row_joined_across_pages" in row["warnings"]]
    assert split
    for key in split:
        assert got[key]["content"] == want[key]["content"]
        assert got[key]["time_limit"] == want[key]["time_limit"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_row_filled_to_its_foot_is_not_cut_where_its_table_ends(engine: str) -> None:
    """samples/pdf/table-ends.pdf (samples/generate_table_ends.py): two tables on one page,
    each last row's text reaching its cell's foot. Neither table runs on over a page
    break, so no cell was cut, while a row split by a break still is flagged (above)."""
    items = extract_file(PAGEBREAKS.parent / "pdf" / "table-ends.pdf", {"engine": engine}).items
    rows = [row for table in ends.TABLES for row in table]
    assert [(i["level_1"], i["level_2"], i["content"]) for i in items] == [
        (level_1, level_2, "".join(lines)) for level_1, level_2, lines in rows]
    assert [i["warnings"] for i in items] == [[] for _ in rows]


def test_each_break_is_decided_once_and_recorded() -> None:
    """normalise/breaks.py keeps one record a break (record.BreakRecord): whether the
    first row below it went on from the row above, which labels it rejoined or gave to
    the rows above. Checked against the layout's facts of four samples."""
    def breaks(name: str) -> list:
        record = extract_file(PAGEBREAKS / f"{name}.pdf").record
        assert record is not None
        return record.breaks

    want = expected("split-row-bare")
    split = breaks("split-row-bare")
    assert [b.page for b in split] == list(range(2, want["pages"] + 1))
    assert [b.row_joined for b in split] == [p in want["traps"]["pages_starting_with_a_continued_row"]
                                            for p in range(2, want["pages"] + 1)]
    lone = breaks("label-centred-lone-row")
    assert "level_1" in lone[0].labels_from_below and not lone[0].row_joined
    cut = breaks("cut-label-short-of-foot")
    assert "level_1" in cut[0].labels_joined
    assert not any(b.labels_joined for b in breaks("false-join-two-labels"))
