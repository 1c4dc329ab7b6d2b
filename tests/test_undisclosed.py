"""A row that marks no disclosure option (issue 20: on a scan, fold-300 / dF_labelcut
read item 4's ☑主动公开 as ☐, and every disclosure column came out false with no
warning). On a scan such a row's disclosure is null with the mark warning
(tests/test_ocr_scan_family.py's bilevel-200 member has two such rows); a Word table or a
web page states its boxes, so there every option stays false, as the contract says.
samples/undisclosed/ (samples/generate_undisclosed.py); expected fields come from the
generator's items."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from catalogue.api import extract_file

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
sys.path.insert(0, str(SAMPLES))
import generate_undisclosed as gen  # noqa: E402


@pytest.mark.parametrize("ext", ["docx", "html"])
def test_a_row_that_marks_no_disclosure_in_a_file_keeps_its_empty_boxes_false(ext: str) -> None:
    want = gen.expected(f"{gen.STEM}.{ext}")
    got = extract_file(gen.OUT / f"{gen.STEM}.{ext}").items
    assert [{k: row[k] for k in want[0]} for row in got] == want


def test_a_scanned_row_that_reads_no_disclosure_is_not_known() -> None:
    # The same rows as a scan gives them (a table OCR read: dpi set): item 2's ☑ was most
    # likely misread, so its disclosure is null, with the mark warning; the others stand.
    from catalogue.normalise.items import normalise_tables
    from catalogue.raw import RawTable

    rows = [["序号", "一级事项", "公开内容", "公开属性"], ["1", "预算", "部门预算", "☑主动公开 ☐依申请公开"],
            ["2", "预算", "预算调整", "☐主动公开 ☐依申请公开"], ["3", "决算", "部门决算", "☐主动公开 ☑依申请公开"]]
    scan = RawTable.from_rows("t.pdf", 1, rows)
    scan.dpi = 200.0
    got = [(i["disclosure_proactive"], i["disclosure_on_request"], "mark_unreadable" in i["warnings"])
           for i in normalise_tables([scan], "t.pdf")]
    assert got == [(True, False, False), (None, None, True), (False, True, False)]
