"""What the per-item speed work must keep: the caches hand out values a caller may
change without changing the next caller's, and the collector's thresholds are the
caller's again once a file is done, failed or not (issue 23)."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

from catalogue.api import GC_YOUNG_THRESHOLD, extract_file, fewer_collections, write_extraction
from catalogue.errors import CatalogueError
from catalogue.normalise.options import decode_options


def test_decoded_option_cells_are_the_callers_own() -> None:
    first = decode_options("√政府网站 □政府公报", hint="channel")
    assert first is not None and first.values["channel_website"] is True
    first.values["channel_website"] = False
    first.warnings.append("changed")
    first.extras.append("发布会")
    again = decode_options("√政府网站 □政府公报", hint="channel")
    assert again is not None
    assert again.values["channel_website"] is True
    assert again.warnings == [] and again.extras == []


def test_collector_thresholds_come_back(samples_dir: Path, tmp_path: Path) -> None:
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] == max(GC_YOUNG_THRESHOLD, before[0])
        with fewer_collections():  # nested (another thread's file): still raised
            pass
        assert gc.get_threshold()[0] == max(GC_YOUNG_THRESHOLD, before[0])
    assert gc.get_threshold() == before
    extraction = extract_file(samples_dir / "office" / "district.xlsx")
    write_extraction(extraction, tmp_path)
    assert gc.get_threshold() == before
    with pytest.raises(CatalogueError):
        extract_file(samples_dir / "html" / "no-table.html")
    assert gc.get_threshold() == before


def test_collection_turned_off_by_the_host_stays_off() -> None:
    before = gc.get_threshold()
    gc.set_threshold(0, *before[1:])
    try:
        with fewer_collections():
            assert gc.get_threshold()[0] == 0
        assert gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*before)


def test_marks_become_spaces_and_bullets_stay() -> None:
    from catalogue.schemas.mark_segments import remove_marks

    # √ ☑ ☐ and a Wingdings private-use tick (U+F052) are marks; ● and • are list bullets.
    assert remove_marks("√政府网站☐政府公报\uf052公示栏") == " 政府网站 政府公报 公示栏"
    assert remove_marks("●政府网站\n•☑公报") == "●政府网站\n• 公报"
    assert remove_marks("窗口办理") == "窗口办理"  # 口 is a mark only before an option label


# Markup is stripped from a cell's text for the key it is compared by (label_key, cached:
# once a distinct text), for its cleaned text and for its options: about twice a cell
# (2.1 on the sample below). Before label_key, the header tests, the ditto check and the
# header-word check each stripped every cell again (5.2 a cell).
STRIPS_PER_CELL = 3


def test_a_web_pages_cells_are_stripped_of_markup_about_once(samples_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import catalogue.schemas.lookup as lookup
    from catalogue.api import load_pipeline
    from catalogue.extract import extract_document

    load_pipeline()
    original = lookup.strip_markup
    stripped: list[str] = []

    def counting(text: str) -> str:
        stripped.append(text)
        return original(text)

    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("catalogue.") and getattr(module, "strip_markup", None) is original:
            monkeypatch.setattr(module, "strip_markup", counting)
    lookup.label_key.cache_clear()  # keys another test left behind would hide the calls
    page = samples_dir / "html" / "county-web-page.html"
    extraction = extract_file(page, record=False)
    cells = sum(len(table.cells) for table in extract_document(page).tables)
    assert extraction.items and cells
    assert len(stripped) <= STRIPS_PER_CELL * cells
