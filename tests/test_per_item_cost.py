"""What the per-item speed work must keep: the caches hand out values a caller may
change without changing the next caller's, and the collector's thresholds are the
caller's again once a file is done, failed or not (issue 23)."""

from __future__ import annotations

import gc
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
