"""The outputs QA and downstream programs read: xlsx (cell by cell against the Parquet),
JSON Lines, CSV with Chinese labels, and pandas dtypes from the Parquet."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner

import catalogue.output.workbook
from catalogue.api import run_pipeline
from catalogue.cli import app
from catalogue.output.writer import read_output, to_table, write_outputs
from catalogue.schemas.contract import BOOL_COLUMNS, COLUMNS, LABELS, LIST_COLUMNS, SCHEMA

runner = CliRunner()
STEM = "district-catalogue-extracted"
SAMPLE = Path(__file__).resolve().parent.parent / "samples" / f"{STEM}.txt"


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("formats")
    result = runner.invoke(app, ["extract", str(SAMPLE), "-o", str(out), "-f", "parquet,csv,xlsx,jsonl", "--labels", "zh"])
    assert result.exit_code == 0, result.output
    return out


def _expected_cell(name: str, value: object) -> object:
    """What the workbook should hold for a Parquet value, by the rules in the README."""
    if name in LIST_COLUMNS:
        return "；".join(value) or None  # type: ignore[arg-type]  # an empty list is an empty cell
    if name == "other_columns":
        return json.dumps(dict(value), ensure_ascii=False)  # type: ignore[arg-type]
    return value


def test_xlsx_equals_the_parquet_cell_by_cell(written: Path) -> None:
    rows = pq.read_table(written / f"{STEM}.parquet").to_pylist(maps_as_pydicts="strict")
    sheet = openpyxl.load_workbook(written / f"{STEM}.xlsx").worksheets
    assert len(sheet) == 1
    ws = sheet[0]
    assert [c.value for c in ws[1]] == [LABELS[name] for name in COLUMNS]
    assert ws.max_row == len(rows) + 1 and ws.max_column == len(COLUMNS)
    for r, row in enumerate(rows, start=2):
        for c, name in enumerate(COLUMNS, start=1):
            cell = ws.cell(r, c)
            assert cell.value == _expected_cell(name, row[name]), (r, name)
            if name in BOOL_COLUMNS and row[name] is not None:
                assert cell.data_type == "b", (r, name)  # Excel's TRUE/FALSE, not text


def test_xlsx_sheet_is_ready_for_qa(written: Path) -> None:
    ws = openpyxl.load_workbook(written / f"{STEM}.xlsx").active
    n = pq.read_metadata(written / f"{STEM}.parquet").num_rows
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{get_column_letter(len(COLUMNS))}{n + 1}"
    widths = {name: ws.column_dimensions[get_column_letter(i)].width for i, name in enumerate(COLUMNS, start=1)}
    assert all(catalogue.output.workbook.MIN_WIDTH <= w <= catalogue.output.workbook.MAX_WIDTH for w in widths.values())
    assert widths["content"] == catalogue.output.workbook.MAX_WIDTH > widths["channel_tv"]  # long texts wide, a flag narrow
    assert ws["A1"].font.bold


def test_xlsx_keeps_formulas_and_control_characters_as_text(rows: list[dict], tmp_path: Path) -> None:
    rows = [dict(rows[0], content="=HYPERLINK(\"http://x\")", subject="区\x07政府")]
    write_outputs(to_table(rows), tmp_path, "odd", ("xlsx",))
    ws = openpyxl.load_workbook(tmp_path / "odd.xlsx").active
    content = ws.cell(2, COLUMNS.index("content") + 1)
    assert content.value == "=HYPERLINK(\"http://x\")" and content.data_type == "s"
    assert ws.cell(2, COLUMNS.index("subject") + 1).value == "区\ufffd政府"


def test_a_text_longer_than_an_excel_cell_says_where_it_was_cut(rows: list[dict], tmp_path: Path) -> None:
    """A 40,004-character content (a pasted regulation) went into the workbook as Excel's
    32,767 characters with no word (round eleven's tester, F10). The cell keeps what Excel
    holds and ends saying how many characters are left out and where they are."""
    long = "条" * 40_004
    rows = [dict(rows[0], content=long)]
    write_outputs(to_table(rows), tmp_path, "long", ("parquet", "xlsx"))
    cell = openpyxl.load_workbook(tmp_path / "long.xlsx").active.cell(2, COLUMNS.index("content") + 1).value
    assert pq.read_table(tmp_path / "long.parquet").column("content").to_pylist() == [long]
    limit = catalogue.output.workbook.EXCEL_CELL_CHARS
    assert len(cell) <= limit and cell.startswith("条" * (limit - 100))
    kept = cell.index("…")
    assert cell[kept:] == catalogue.output.workbook.CUT_NOTE.format(40_004 - kept) and "Parquet" in cell[kept:]


def test_jsonl_is_one_item_per_line(written: Path) -> None:
    lines = (written / f"{STEM}.jsonl").read_text(encoding="utf-8").splitlines()
    expected = pq.read_table(written / f"{STEM}.parquet").to_pylist(maps_as_pydicts="strict")
    assert [json.loads(line) for line in lines] == expected
    assert "履职依据" in lines[0]  # Chinese as is, not \u escapes


def test_csv_with_chinese_labels_reads_back(written: Path) -> None:
    text = (written / f"{STEM}.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == ",".join(LABELS[name] for name in COLUMNS)
    assert read_output(written / f"{STEM}.csv").to_pylist() == pq.read_table(written / f"{STEM}.parquet").to_pylist()
    result = runner.invoke(app, ["validate", str(written / f"{STEM}.csv")])
    assert result.exit_code == 0, result.output


def test_pandas_reads_nullable_dtypes(written: Path, rows: list[dict]) -> None:
    frame = pd.read_parquet(written / f"{STEM}.parquet")
    for field in SCHEMA:
        if field.type == "bool":
            assert str(frame[field.name].dtype) == "boolean", field.name
        elif field.type == "int32":
            assert str(frame[field.name].dtype) == ("Int32" if field.nullable else "int32"), field.name
    nulls = [i for i, row in enumerate(rows) if row["time_limit_days"] is None]
    assert nulls, "the sample has items without a number of days"
    assert frame["time_limit_days"].isna().tolist() == [row["time_limit_days"] is None for row in rows]
    assert frame["channel_wechat"].tolist() == [pd.NA if r["channel_wechat"] is None else r["channel_wechat"] for r in rows]


def test_pandas_reads_the_items_dataset_with_the_same_dtypes(district_text: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(district_text.read_bytes())
    result = runner.invoke(app, ["extract", str(folder), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    frame = pd.read_parquet(tmp_path / "out" / "items")
    assert str(frame["channel_website"].dtype) == "boolean" and str(frame["page"].dtype) == "Int32"


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return run_pipeline(SAMPLE).to_pylist()


@pytest.mark.parametrize("fmt", ["xlsx", "jsonl"])
def test_new_formats_honour_the_umask(fmt: str, rows: list[dict], tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        (path,) = write_outputs(to_table(rows), tmp_path, "masked", (fmt,))
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_failing_workbook_leaves_no_output(rows: list[dict], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(table: object, path: Path) -> None:
        path.write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(catalogue.output.workbook, "write_xlsx", broken)
    with pytest.raises(OSError, match="disk full"):
        write_outputs(to_table(rows), tmp_path, "gone", ("parquet", "xlsx"))
    assert list(tmp_path.iterdir()) == []
