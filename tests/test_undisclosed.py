"""A row that marks no disclosure option (issue 20: on a scan, fold-300 / dF_labelcut
read item 4's ☑主动公开 as ☐, and every disclosure column came out false with no
warning). Every item is disclosed somehow, so such a row's disclosure is not known:
null, with the mark warning, on every input path. samples/undisclosed/
(samples/generate_undisclosed.py): a Word table and a web page; expected fields come
from the generator's items."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from catalogue.api import extract_file

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
sys.path.insert(0, str(SAMPLES))
import generate_undisclosed as gen  # noqa: E402


@pytest.mark.parametrize("ext", ["docx", "html"])
def test_a_row_that_marks_no_disclosure_is_not_known_to_be_undisclosed(ext: str) -> None:
    want = gen.expected(f"{gen.STEM}.{ext}")
    got = extract_file(gen.OUT / f"{gen.STEM}.{ext}").items
    assert [{k: row[k] for k in want[0]} for row in got] == want
