"""Comma-separated catalogues (samples/office/generate_csv.py): a sheet saved as CSV by a
spreadsheet program gives the rows its generator wrote; our own output read back as a
source is refused, never extracted again under another name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_extract_office import differences

from catalogue.api import extract_file, write_extraction
from catalogue.errors import DamagedInput, UnsupportedInput
from catalogue.extract import SUPPORTED_SUFFIXES, extract_document
from catalogue.schemas.contract import LABELS
from catalogue.schemas.warnings import EMPTY_ROW_DROPPED

OFFICE = Path(__file__).resolve().parent.parent / "samples" / "office"


def expected_rows(name: str, expected: str = "district-csv.expected.json") -> list[dict[str, object]]:
    rows = json.loads((OFFICE / expected).read_text(encoding="utf-8"))["rows"]
    for row in rows:
        row["source"] = name
    return rows


@pytest.mark.parametrize("name", ["district.csv", "district-gbk.csv"])
def test_a_sheet_saved_as_csv_gives_its_generators_rows(name: str) -> None:
    items = extract_file(OFFICE / name).items
    problems = differences(expected_rows(name), items, {"warnings"})
    assert not problems, "\n".join(problems)
    # The record of empty fields between the groups is an empty row, noted on the item above it.
    warned = [k for k, item in enumerate(items) if EMPTY_ROW_DROPPED in item["warnings"]]
    first_of_second_group = next(k for k, item in enumerate(items) if item["level_1"] != items[0]["level_1"])
    assert warned == [first_of_second_group - 1]


def test_a_second_header_row_is_told_by_its_words_when_no_merge_says_so() -> None:
    # national.csv: the option columns under 公开渠道和载体 include names no vocabulary
    # knows, one of 19 characters; read as an item, they made "一级事项 / 二级事项".
    items = extract_file(OFFICE / "national.csv").items
    problems = differences(expected_rows("national.csv", "national-csv.expected.json"), items, set())
    assert not problems, "\n".join(problems)


def test_a_quoted_line_break_stays_in_its_cell() -> None:
    document = extract_document(OFFICE / "district.csv")
    assert document.kind == "csv"
    table = next(document.tables)
    assert any("\n" in cell.text and "," in cell.text for cell in table.cells)
    assert table.first_line is None  # a record over two lines: rows are not lines


def test_csv_is_a_supported_suffix_for_folders() -> None:
    assert ".csv" in SUPPORTED_SUFFIXES


def test_prose_with_commas_is_not_a_table(tmp_path: Path) -> None:
    prose = tmp_path / "notes.csv"
    prose.write_text("本目录由区政府办公室编制, 每年更新.\n如有疑问, 请致电.\n感谢, 支持, 配合, 理解.\n",
                     encoding="utf-8")
    with pytest.raises(Exception, match="no table found"):
        extract_file(prose)


def test_an_unterminated_quote_is_read_to_the_end_not_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_bytes((OFFICE / "district.csv").read_bytes() + b'\n"unterminated,,,\n')
    items = extract_file(broken).items
    assert len(items) == len(expected_rows("district.csv"))


def test_a_field_over_the_csv_limit_is_one_line_error(tmp_path: Path) -> None:
    huge = tmp_path / "huge.csv"
    huge.write_text("a,b,c\n1,2,3\n\"" + "x" * 200_000 + "\",2,3\n", encoding="utf-8")
    with pytest.raises(DamagedInput, match="line"):
        extract_file(huge)


@pytest.mark.parametrize("labels", ["en", "zh"])
def test_our_own_output_read_back_is_refused(tmp_path: Path, labels: str) -> None:
    extraction = extract_file(OFFICE / "district.csv")
    written = write_extraction(extraction, tmp_path / "out", formats=("csv",), labels=labels)
    output = next(path for path in written if path.suffix == ".csv")
    with pytest.raises(UnsupportedInput, match="output of catalogue extract") as caught:
        extract_file(output)
    assert "item_key" in str(caught.value)
    header = output.read_text(encoding="utf-8-sig").splitlines()[0]
    assert (LABELS["item_key"] if labels == "zh" else "item_key") in header
