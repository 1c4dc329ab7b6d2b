"""Contract v1.1: the other_columns map and the ditto_filled code, in the schema, the
Parquet and CSV outputs, validate, diff and `catalogue schema`.

Expected values come from /work/shared/contract.md (v1.2; the version and the CSV guard are v1.2, the map and ditto_filled v1.1), not from running the code.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from typer.testing import CliRunner

from catalogue.cli import app
from catalogue.diff import diff_tables, render
from catalogue.output.writer import read_output, to_table, write_outputs
from catalogue.schemas.contract import COLUMNS, CONTRACT_VERSION, SCHEMA, WARNING_CODES, empty_row

runner = CliRunner()
README = Path(__file__).resolve().parent.parent / "README.md"


def _item(no: int, key: str, others: dict[str, str]) -> dict[str, object]:
    row = empty_row()
    row.update(source="a.html", page=1, item_no=no, item_key=key, level_1=key, content=f"{key}的内容", other_columns=others)
    return row


ITEMS = [
    _item(1, "机构职能", {"备注": "按季度更新", "责任科室": "办公室"}),
    _item(2, "政策文件", {}),
    _item(3, "人事信息", {"联系方式": "0591-1234\n（工作日）", "备注": '含"引号"，与逗号'}),
]


def test_schema_is_v11_with_other_columns_last() -> None:
    assert CONTRACT_VERSION == "1.2"  # v1.2 changed no column (CSV formula guard, OFD pages)
    assert SCHEMA.metadata[b"catalogue.contract_version"] == b"1.2"
    assert COLUMNS[-1] == "other_columns" and COLUMNS[-2] == "warnings"
    field = SCHEMA.field("other_columns")
    assert field.type == pa.map_(pa.string(), pa.string())
    assert not field.nullable
    assert field.metadata[b"label"].decode() == "其他列"
    assert empty_row()["other_columns"] == {}


def test_ditto_filled_is_listed_with_the_other_codes() -> None:
    assert "ditto_filled" in WARNING_CODES
    warnings_section = README.read_text(encoding="utf-8").split("## Warnings", 1)[1].split("\n## ", 1)[0]
    for code in ("mark_unreadable", "empty_row_dropped", "ditto_filled"):
        assert f"`{code}" in warnings_section


def test_parquet_carries_the_map_and_csv_a_json_object(tmp_path: Path) -> None:
    write_outputs(to_table(ITEMS, source="a.html"), tmp_path, "a")
    parquet = pq.read_table(tmp_path / "a.parquet")
    assert parquet.schema.field("other_columns").type == pa.map_(pa.string(), pa.string())
    assert parquet.column("other_columns").to_pylist(maps_as_pydicts="strict") == [i["other_columns"] for i in ITEMS]
    text = (tmp_path / "a.csv").read_bytes().decode("utf-8-sig")
    records = list(csv.DictReader(io.StringIO(text)))
    # Chinese kept as it is (not \\u escapes); an item with none holds "{}".
    assert records[0]["other_columns"] == '{"备注": "按季度更新", "责任科室": "办公室"}'
    assert records[1]["other_columns"] == "{}"
    assert json.loads(records[2]["other_columns"]) == ITEMS[2]["other_columns"]
    back = read_output(tmp_path / "a.csv").column("other_columns").to_pylist(maps_as_pydicts="strict")
    assert back == [i["other_columns"] for i in ITEMS]


def test_validate_accepts_the_column_and_rejects_a_cell_that_is_no_object(tmp_path: Path) -> None:
    write_outputs(to_table(ITEMS, source="a.html"), tmp_path, "a")
    for name in ("a.parquet", "a.csv"):
        result = runner.invoke(app, ["validate", str(tmp_path / name), "--format", "json"])
        assert result.exit_code == 0, result.output
    text = (tmp_path / "a.csv").read_bytes().decode("utf-8-sig")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(("\ufeff" + text.replace(",{}\r\n", ",[1]\r\n")).encode("utf-8"))
    result = runner.invoke(app, ["validate", str(bad), "--format", "json"])
    assert result.exit_code == 1
    types = next(c for c in json.loads(result.stdout)["checks"] if c["check"] == "types")
    assert not types["passed"] and "other_columns line 3" in types["message"]


def test_diff_reports_other_columns_by_key() -> None:
    old = to_table(ITEMS, source="a.html")
    edited = [dict(i) for i in ITEMS]
    edited[0] = {**ITEMS[0], "other_columns": {"备注": "按月更新", "责任科室": "办公室", "公开时长": "长期"}}
    edited[2] = {**ITEMS[2], "other_columns": {"联系方式": "0591-1234\n（工作日）"}}
    result = diff_tables(old, to_table(edited, source="a.html"))
    changed = {p.new["item_key"]: [(c.name, c.old, c.new) for c in p.field_changes] for p in result.changed}
    assert changed == {
        "机构职能": [("other_columns[备注]", "按季度更新", "按月更新"), ("other_columns[公开时长]", None, "长期")],
        "人事信息": [("other_columns[备注]", '含"引号"，与逗号', None)],
    }
    text = render(result, "text")
    assert "其他列「备注」 (other_columns[备注]): 按季度更新 → 按月更新" in text
    as_json = json.loads(render(result, "json"))
    first = as_json["changed"][0]["changes"][0]
    assert (first["field"], first["key"], first["old"], first["new"]) == ("other_columns", "备注", "按季度更新", "按月更新")
    # The Parquet and CSV of one extraction compare equal, maps included.
    assert diff_tables(old, to_table(ITEMS, source="a.html")).equal


def test_diff_of_parquet_and_csv_of_one_extraction_is_equal(tmp_path: Path) -> None:
    write_outputs(to_table(ITEMS, source="a.html"), tmp_path, "a")
    result = runner.invoke(app, ["diff", str(tmp_path / "a.parquet"), str(tmp_path / "a.csv")])
    assert result.exit_code == 0, result.output


def test_schema_command_shows_the_new_column() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert "contract v1.2" in result.stdout
    line = next(x for x in result.stdout.splitlines() if x.startswith("other_columns"))
    assert "map<string, string>" in line and "其他列" in line and "not null" in line
