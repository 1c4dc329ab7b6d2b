"""Catalogues made the way real ones are: Word documents (python-docx) converted by
LibreOffice. Expected rows come from the generators' own document data
(samples/word/generate_word_*.py), not from this tool's output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalogue.api import extract_file

WORD = Path(__file__).resolve().parent.parent / "samples" / "word"
EXPECTED = {
    name: rows
    for file in ("expected-round1.json", "expected-round2.json")
    for name, rows in json.loads((WORD / file).read_text(encoding="utf-8")).items()
}
# What the generators do not state; everything else is compared.
NOT_STATED = {"_tag", "source", "page", "warnings"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_word_made_pdf_matches_its_document(name):
    expected = EXPECTED[name]
    actual = extract_file(WORD / f"{name}.pdf").items
    assert [r["item_key"] for r in actual] == [r["item_key"] for r in expected]
    problems = [
        f"{want['item_key']}: {column} expected {value!r}, got {got.get(column)!r}"
        for want, got in zip(expected, actual, strict=True)
        for column, value in want.items()
        if column not in NOT_STATED and got.get(column) != value
    ]
    assert not problems, "\n".join(problems)
