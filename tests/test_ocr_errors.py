"""Error paths of the scanned-image reader: missing OCR extra, broken and oversized
files, blank pages, pages without a table, and memory on a 600 dpi scan."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image  # noqa: E402

from catalogue.errors import (
    CatalogueError,
    DamagedInput,
    MissingDependency,
    NoTablesFound,
    UnsupportedInput,
)
from catalogue.extract import extract_document

SCANS = Path(__file__).resolve().parent.parent / "samples" / "scans"
ROOT = SCANS.parent.parent


def test_missing_ocr_extra_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "rapidocr" else real(name, *a))
    with pytest.raises(MissingDependency, match=r"scan-district-p1\.png.*rapidocr.*pip install 'catalogue\[ocr\]'"):
        extract_document(SCANS / "scan-district-p1.png")


def test_missing_extra_for_a_pdf_page(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    from catalogue.extract.ocr import ocr_page_image

    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    with pytest.raises(MissingDependency, match=r"scan\.pdf.*pip install"):
        ocr_page_image(np.zeros((10, 10, 3), np.uint8), "scan.pdf", 3)


def test_unreadable_image_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 50)
    with pytest.raises(DamagedInput, match="broken.png"):
        extract_document(broken)


def test_truncated_image_file(tmp_path: Path) -> None:
    data = (SCANS / "scan-tick-columns.png").read_bytes()
    cut = tmp_path / "cut.png"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(DamagedInput, match="cut.png"):
        extract_document(cut)


def test_decompression_bomb_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    # 20000 x 20000 one-bit pixels: a small file that would decode to 1.2 GB as RGB.
    Image.new("1", (20000, 20000), 1).save(bomb)
    assert bomb.stat().st_size < 2_000_000
    with pytest.raises(UnsupportedInput, match="bomb.png.*too large|bomb.png.*pixels"):
        extract_document(bomb)


def test_ocr_never_refuses_an_image() -> None:
    with pytest.raises(UnsupportedInput, match="OCR is turned off"):
        extract_document(SCANS / "scan-district-p1.png", {"ocr": "never"})


def test_blank_page(tmp_path: Path) -> None:
    blank = tmp_path / "blank.png"
    Image.new("RGB", (1650, 1170), "white").save(blank, dpi=(200, 200))
    doc = extract_document(blank)
    with pytest.raises(NoTablesFound, match="blank.png"):
        list(doc.tables)
    assert [n.code for n in doc.notes] == ["blank_page"]


def test_page_without_a_table(tmp_path: Path) -> None:
    from PIL import ImageDraw

    page = Image.new("RGB", (1650, 1170), "white")
    draw = ImageDraw.Draw(page)
    for y in range(100, 900, 60):
        draw.text((100, y), "This page holds prose and no ruled table at all.", fill="black")
    path = tmp_path / "prose.png"
    page.save(path, dpi=(200, 200))
    doc = extract_document(path)
    with pytest.raises(NoTablesFound):
        list(doc.tables)
    assert [n.code for n in doc.notes] == ["no_table"]


def test_multipage_tiff_skips_a_blank_page(tmp_path: Path) -> None:
    tick = Image.open(SCANS / "scan-tick-columns.png").convert("RGB")
    blank = Image.new("RGB", tick.size, "white")
    path = tmp_path / "pages.tif"
    tick.save(path, save_all=True, append_images=[blank, tick], compression="tiff_lzw", dpi=(200, 200))
    doc = extract_document(path)
    tables = list(doc.tables)
    assert doc.pages == 3
    assert [t.page for t in tables] == [1, 3]
    assert [(n.page, n.code) for n in doc.notes] == [(2, "blank_page")]


@pytest.mark.ocr
def test_600_dpi_scan_is_read_in_bounded_memory(tmp_path: Path) -> None:
    """A 600 dpi page is reduced while it is decoded; the run stays far below what
    holding full-resolution copies would take, and the table still reads right."""
    page = Image.open(SCANS / "scan-tick-columns.png")
    big = page.resize((page.width * 3, page.height * 3), Image.Resampling.NEAREST)
    path = tmp_path / "fine.png"
    big.save(path, dpi=(600, 600), compress_level=1)
    script = f"""
import json, sys
from catalogue.extract import extract_document
doc = extract_document({str(path)!r})
table = next(doc.tables)
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the forked parent
# (the whole test session), VmHWM belongs to this process's own memory.
hwm_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({{"rss_mb": hwm_kb / 1024,
                  "rows": table.n_rows, "cols": table.n_cols,
                  "texts": [c.text for c in table.cells]}}))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    truth = json.loads((SCANS / "scan-tick-columns.cells.json").read_text("utf-8"))[0]
    assert (report["rows"], report["cols"]) == (truth["n_rows"], truth["n_cols"])
    assert report["texts"] == [c["text"] for c in truth["cells"]]
    # Models and runtime take about 300 MB; a 600 dpi RGB page kept whole through
    # the pipeline would add several hundred more.
    assert report["rss_mb"] < 900, report["rss_mb"]


def test_errors_are_catalogue_errors() -> None:
    assert issubclass(MissingDependency, CatalogueError)
