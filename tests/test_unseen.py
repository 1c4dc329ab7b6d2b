"""Catalogues in layouts no other sample has (samples/unseen/generate_unseen.py), each
checked against the rows its generator wrote from its own data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import given_column_problems

from catalogue.api import extract_file
from catalogue.schemas.warnings import FOOTNOTE_DROPPED

UNSEEN = Path(__file__).resolve().parent.parent / "samples" / "unseen"


def _expected(name: str) -> list[dict]:
    return json.loads((UNSEEN / name).with_suffix(".expected.json").read_text(encoding="utf-8"))["rows"]


@pytest.mark.parametrize("name", ["sections.xlsx", "domains.docx", "gbk-page.html"])
def test_unseen_catalogue_gives_the_generators_rows(name: str) -> None:
    problems = given_column_problems(_expected(name), extract_file(UNSEEN / name).items)
    assert not problems, "\n".join(problems)


def test_section_titles_across_the_table_are_no_items_and_notes_at_the_foot_are_kept_as_notes() -> None:
    # sections.xlsx: 一、… rows merged across every column restate the 一级事项 under them;
    # the two 注 rows at the foot (the second without 注：) are notes on the last item.
    items = extract_file(UNSEEN / "sections.xlsx").items
    assert all(item["level_1"] and item["content"] for item in items)
    assert [item["warnings"].count(FOOTNOTE_DROPPED) for item in items] == [0] * (len(items) - 1) + [2]


def test_a_catalogue_table_nested_in_a_layout_table_is_read() -> None:
    # domains.docx: the second 领域's table sits in a one-cell frame; it was skipped as a
    # table with no catalogue (its cell held all the nested table's text).
    result = extract_file(UNSEEN / "domains.docx")
    assert [item["page"] for item in result.items if item["level_1"] == "财政预决算"] == [2, 2]
    assert not result.notes
