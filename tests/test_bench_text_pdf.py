"""The text-heavy bench catalogue (samples/generate_bench_text_pdf.py) reads as its
generator wrote it: what bench/bench_text_pdf.py times is the real work, not junk."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "samples"))

from generate_bench_text_pdf import make_text_pdf  # noqa: E402

from catalogue.api import extract_file  # noqa: E402

# Enough pages for rows and 一级 labels cut by page breaks, few enough to generate in a second.
PAGES = 4


def test_text_bench_pdf_gives_the_generated_items(tmp_path: Path, contract_differences) -> None:
    pdf = make_text_pdf(tmp_path, PAGES)
    doc = json.loads(pdf.with_suffix(".expected.json").read_text(encoding="utf-8"))
    assert doc["pages"] == PAGES
    expected = doc["rows"]
    actual = extract_file(pdf).items
    assert [r["item_key"] for r in actual] == [r["item_key"] for r in expected]
    problems = contract_differences(expected, actual)
    assert not problems, "\n".join(problems)


def test_text_bench_pdf_is_deterministic(tmp_path: Path) -> None:
    first = make_text_pdf(tmp_path / "a", 2).read_bytes()
    assert make_text_pdf(tmp_path / "b", 2).read_bytes() == first
    assert make_text_pdf(tmp_path / "c", 2, seed=24).read_bytes() != first
