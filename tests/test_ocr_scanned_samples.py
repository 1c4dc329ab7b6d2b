"""The scanned copy of the national sample PDF through the whole pipeline.

samples/scans/national-catalogue-scan.pdf (samples/generate_scanned_pdfs.py) is the
text-layer sample rasterised at 200 dpi with skew and specks, without a text layer,
so it must give the rows of samples/pdf/national-catalogue.expected.json. Scoring is
bench/bench_scans.py's: cells equal after folding whitespace, warnings compared except
for the codes a scan may legitimately differ on (SCAN_MAY_DIFFER). Two pages, about
5 s on 2 cores; bench/bench_scans.py covers the district scan (4 pages) too.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from catalogue.api import Extraction, extract_file  # noqa: E402

pytestmark = pytest.mark.ocr

ROOT = Path(__file__).resolve().parent.parent
NAME = "national-catalogue"
# Items whose every cell the scan gives right (1-based item_no): all of them, the lone
# digit in the narrow 序号 column (other_columns since contract v1.1) included.
GUARANTEED = tuple(range(1, 13))


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_scans", ROOT / "bench" / "bench_scans.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


bench = _bench()


@pytest.fixture(scope="module")
def extraction() -> Extraction:
    return extract_file(ROOT / "samples" / "scans" / f"{NAME}-scan.pdf")


def test_the_scan_has_no_text_layer() -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(ROOT / "samples" / "scans" / f"{NAME}-scan.pdf"))
    try:
        for page in pdf:
            assert page.get_textpage().get_text_range().strip() == ""
    finally:
        pdf.close()


def test_same_items_as_the_text_layer(extraction: Extraction) -> None:
    expected = bench.expected_rows(NAME)
    assert [r["item_key"] for r in extraction.items] == [r["item_key"] for r in expected]
    assert [r["page"] for r in extraction.items] == [r["page"] for r in expected]


def test_cell_accuracy_at_least_98_percent(extraction: Extraction) -> None:
    score = bench.score_rows(bench.expected_rows(NAME), extraction.items)
    assert score.cell_share >= 0.98, "\n".join(score.wrong)


def test_guaranteed_rows_equal_expected(extraction: Extraction) -> None:
    expected = bench.expected_rows(NAME)
    for n in GUARANTEED:
        score = bench.score_rows([expected[n - 1]], [extraction.items[n - 1]])
        assert score.cells_right == score.cells, "\n".join(score.wrong)


def test_every_mark_right(extraction: Extraction) -> None:
    score = bench.score_rows(bench.expected_rows(NAME), extraction.items)
    assert score.marks_right == score.marks, "\n".join(score.wrong)
