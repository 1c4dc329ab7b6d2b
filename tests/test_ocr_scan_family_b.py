"""Members of scan family B (samples/generate_scan_family_b.py: the sample catalogues
printed, rasterised and degraded independently of family A), committed from its tuning
half under samples/scans/family-b/. Each test names the fault kind its member shows;
rows are checked against the source's expected rows (samples/office/*.expected.json)."""

from __future__ import annotations

import json
import re

import pytest
from scan_family_bench import ROOT

from catalogue.api import extract_file

FAMILY_B = ROOT / "samples" / "scans" / "family-b"
MEMBERS = {(m["condition"], m["source"]): m for m in json.loads((FAMILY_B / "family.json").read_text("utf-8"))["members"]}
TEXT_COLUMNS = ("level_1", "level_2", "level_3", "content", "basis", "subject", "time_limit", "audience")
# A half-width dot after a Han character or a full-width mark, or one that starts a cell.
SPECK_DOT = re.compile(r"[\u4e00-\u9fff）》”、，。；：][.．·•]$|[\u4e00-\u9fff）》”、，。；：][.．]|[、，。；：][·•]|^[.．]")


def _expected(member: dict) -> list[dict]:
    return json.loads((ROOT / "samples" / member["expected"]).read_text("utf-8"))["rows"]


@pytest.mark.ocr
def test_copier_specks_beside_the_text_are_not_read_as_dots():
    """A worn copier's toner specks (copier-200 / word-checkboxes) sit beside the text;
    the recogniser read them as dots: "区政府各部门（单位）.", "社会.", "姓名、·职务"."""
    m = MEMBERS[("copier-200", "word-checkboxes")]
    want = _expected(m)
    got = extract_file(FAMILY_B / m["file"]).items
    assert len(got) == len(want)
    dots = [(row["item_no"], c, row[c]) for row in got for c in TEXT_COLUMNS
            if isinstance(row.get(c), str) and SPECK_DOT.search(row[c])]
    assert dots == []
    # The cells the specks stood beside read as printed.
    assert [r["subject"] for r in got] == [r["subject"] for r in want]
    assert [r["audience"] for r in got] == [r["audience"] for r in want]
    assert got[6]["level_3"] == want[6]["level_3"] == "内设机构及下属单位"
