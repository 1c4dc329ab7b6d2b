"""Sheets in words other than the standard's (samples/office/generate_sheet_words.py):
one-option columns that say yes and no as spreadsheets do (yes-no.xlsx: every spelling
gives the generator's states, a code no vocabulary knows is unreadable, never true), and
a header in other words (header-words.xlsx), which was read as no header at all and its
header row taken for an item; and workbooks with hidden sheets (hidden-sheets.xlsx and
LibreOffice's .ods and .xls of it), whose older catalogue and lookup list joined the
visible sheet's items."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import given_column_problems

from catalogue.api import extract_file
from catalogue.schemas.warnings import HIDDEN_SKIPPED, MARK_UNREADABLE, SHEET_WITHOUT_TABLE

OFFICE = Path(__file__).resolve().parent.parent / "samples" / "office"


def test_every_yes_and_no_spelling_gives_the_generators_states() -> None:
    expected = json.loads((OFFICE / "yes-no.expected.json").read_text(encoding="utf-8"))["rows"]
    items = extract_file(OFFICE / "yes-no.xlsx").items
    assert [item["item_key"] for item in items] == [row["item_key"] for row in expected]
    problems = []
    for want, got in zip(expected, items, strict=True):
        for column, value in want.items():
            if column == "mark_unreadable":
                if (MARK_UNREADABLE in got["warnings"]) != value:
                    problems.append(f"{want['item_key']}: {MARK_UNREADABLE} expected {value}, got {got['warnings']}")
            elif got[column] != value:
                problems.append(f"{want['item_key']}: {column} expected {value!r}, got {got[column]!r}")
    assert not problems, "\n".join(problems)


def test_a_header_in_other_words_is_read_as_the_header() -> None:
    expected = json.loads((OFFICE / "header-words.expected.json").read_text(encoding="utf-8"))["rows"]
    problems = given_column_problems(expected, extract_file(OFFICE / "header-words.xlsx").items)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", ["hidden-sheets.xlsx", "hidden-sheets.ods", "hidden-sheets.xls"])
def test_hidden_sheets_are_left_out_with_a_note(name: str) -> None:
    expected = json.loads((OFFICE / "hidden-sheets.expected.json").read_text(encoding="utf-8"))["rows"]
    extraction = extract_file(OFFICE / name)
    problems = given_column_problems(expected, extraction.items)
    assert not problems, "\n".join(problems)
    # The hidden older catalogue is a warning (a table left out); the hidden lookup list
    # a note, as any sheet without a catalogue table is.
    hidden = [(note.page, note.code) for note in extraction.notes if "is hidden" in note.message]
    assert hidden == [(2, HIDDEN_SKIPPED), (3, SHEET_WITHOUT_TABLE)]


def test_short_header_words_name_a_column_but_are_no_option_synonyms() -> None:
    from catalogue.normalise.options import decode_options
    from catalogue.schemas.headers import header_role

    assert header_role("网站").option == "政府网站" and header_role("公报").option == "政府公报"
    # In a list, a department's website is another website, and a 公报栏 a notice board.
    listed = decode_options("政府公报、部门网站", hint="channel")
    assert listed is not None and listed.extras == ["部门网站"] and listed.values["channel_website"] is False
    assert decode_options("公报栏", hint="channel") is None


def test_a_lone_wingdings_letter_keeps_its_meaning_beside_the_yes_and_no_letters() -> None:
    from catalogue.normalise.items import _column_state

    # Text without its font (Word saved as a web page, another tool's TSV): n is ■, o is ○.
    assert [_column_state(t) for t in ("n", "o")] == [True, False]
    assert [_column_state(t) for t in ("N", "Y", "y", "No", "n/a", "——", "不涉及")] == [False, True, True, False,
                                                                                       False, False, False]
