"""Check marks drawn over the first character of their label (samples/pdf/overlapping-marks.pdf,
made by samples/generate_overlapping_marks.py), as LibreOffice prints a wrapped "☑公开栏":
each option keeps its own mark, whichever engine reads the page."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from catalogue.api import extract_file
from catalogue.extract.pdf.geometry import Char, cell_text
from catalogue.schemas.vocabulary import CHANNEL, OPTIONS

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
sys.path.insert(0, str(SAMPLES))
import generate_overlapping_marks as overlap  # noqa: E402

CHANNEL_FIELDS = {name: o.fields for o in OPTIONS if o.group == CHANNEL for name in (o.label, *o.synonyms)}


def expected_channels(options: list[tuple[bool, str]]) -> dict[str, bool]:
    fields = {f for fields in CHANNEL_FIELDS.values() for f in fields}
    out = dict.fromkeys(fields, False)
    for checked, name in options:
        for f in CHANNEL_FIELDS[name]:
            out[f] = out[f] or checked
    return out


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber", "camelot"])
def test_marks_drawn_over_their_label_keep_their_option(engine: str) -> None:
    extraction = extract_file(SAMPLES / "pdf" / "overlapping-marks.pdf", {"engine": engine})
    items = extraction.items
    assert [i["level_1"] for i in items] == [row[0] for row in overlap.ROWS]
    for item, (_, content, options) in zip(items, overlap.ROWS, strict=True):
        assert item["content"] == content
        got = {f: item[f] for f in expected_channels(options)}
        assert got == expected_channels(options), item["level_1"]
        assert not item["channels_extra"], item["level_1"]
    assert "unknown_option" not in extraction.warning_counts()


def test_cell_text_puts_a_mark_before_the_character_drawn_over_it() -> None:
    # 公 starts 0.01 pt left of the ☑ drawn over it; 开 follows a full advance later.
    chars = [Char("公", 100.0, 110.0, 50.0, 10.0), Char("开", 110.0, 120.0, 50.0, 10.0),
             Char("☑", 100.01, 109.0, 50.0, 10.0)]
    assert cell_text(chars) == "☑公开"
    # Characters a normal advance apart keep their x order, marks included.
    apart = [Char("公", 100.0, 110.0, 50.0, 10.0), Char("☑", 110.0, 119.0, 50.0, 10.0)]
    assert cell_text(apart) == "公☑"
