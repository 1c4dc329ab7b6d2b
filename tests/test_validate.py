"""catalogue validate: a clean extraction passes, each planted defect is flagged."""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from catalogue.api import run_pipeline
from catalogue.cli import app
from catalogue.output.writer import to_table, write_outputs
from catalogue.schemas.contract import COLUMNS

runner = CliRunner()
CHANNELS = [c for c in COLUMNS if c.startswith("channel_") and c != "channels_extra"]


@pytest.fixture(scope="module")
def rows(request: pytest.FixtureRequest) -> list[dict]:
    return run_pipeline(Path(request.config.rootpath) / "samples" / "district-catalogue-extracted.txt").to_pylist()


def _validate(path: Path, fmt: str = "json"):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["validate", str(path), "--format", fmt])


def _checks(result) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    return {c["check"]: c for c in json.loads(result.stdout)["checks"]}


def test_clean_extraction_passes(rows: list[dict], tmp_path: Path) -> None:
    write_outputs(to_table(rows), tmp_path, "clean")
    for name in ("clean.parquet", "clean.csv"):
        result = _validate(tmp_path / name)
        assert result.exit_code == 0, result.output
        checks = _checks(result)
        assert all(c["passed"] for c in checks.values() if c["level"] == "error"), name
        assert "cells_shifted 3" in checks["extraction_warnings"]["message"]
    text = _validate(tmp_path / "clean.parquet", "text")
    assert text.exit_code == 0 and text.stdout.splitlines()[-1].startswith("pass: 0 error(s)")


def _set(index: int, **fields: object) -> Callable[[list[dict]], None]:
    def edit(rows: list[dict]) -> None:
        rows[index].update(fields)

    return edit


def _duplicate_key(rows: list[dict]) -> None:
    rows[1]["item_key"] = rows[0]["item_key"]


# (check, level, edit, item_no flagged)
ITEM_DEFECTS = [
    ("disclosure_conflict", "error", _set(2, disclosure_proactive=True, disclosure_not_public=True), 3),
    ("duplicate_key", "error", _duplicate_key, 2),
    ("no_channel", "warning", _set(3, **{c: False for c in CHANNELS}), 4),
    ("no_time_limit", "warning", _set(4, time_limit=None, time_limit_days=None, time_limit_kind=None), 5),
    ("no_subject", "warning", _set(5, subject=None), 6),
    ("time_limit_over_statutory", "warning", _set(6, time_limit="30个工作日内", time_limit_days=30, time_limit_kind="working_days"), 7),
]


@pytest.mark.parametrize(("check", "level", "edit", "item_no"), ITEM_DEFECTS, ids=[d[0] for d in ITEM_DEFECTS])
def test_item_defects_are_flagged(rows: list[dict], tmp_path: Path, check: str, level: str, edit: Callable[[list[dict]], None], item_no: int) -> None:
    clean = _checks(_validate(_write(rows, tmp_path / "clean")))
    edited = copy.deepcopy(rows)
    edit(edited)
    for path in (_write(edited, tmp_path / "bad"), _write(edited, tmp_path / "bad", "csv")):
        result = _validate(path)
        assert result.exit_code == (1 if level == "error" else 0), (path, result.output)
        found = _checks(result)[check]
        assert found["passed"] is False and found["level"] == level
        flagged = {i["item_no"] for i in found["items"]}
        before = {i["item_no"] for i in clean[check]["items"]}
        assert item_no in flagged and item_no not in before
        assert flagged - before <= {item_no, 1}  # a duplicate key flags both items


def test_warning_codes_are_counted(rows: list[dict], tmp_path: Path) -> None:
    edited = copy.deepcopy(rows)
    edited[0]["warnings"] = ["ocr_low_confidence", "unknown_option:发布会"]
    result = _validate(_write(edited, tmp_path / "w"))
    assert result.exit_code == 0
    message = _checks(result)["extraction_warnings"]["message"]
    assert "ocr_low_confidence 1" in message and "unknown_option 1" in message


def _write(rows: list[dict], stem: Path, fmt: str = "parquet") -> Path:
    write_outputs(to_table(rows), stem.parent, stem.name, (fmt,))
    return stem.with_suffix(f".{fmt}")


def test_contract_conformance(rows: list[dict], tmp_path: Path) -> None:
    table = to_table(rows)
    cases: dict[str, tuple[pa.Table, str]] = {
        "no_version": (table.replace_schema_metadata({}), "contract_version"),
        "old_version": (table.replace_schema_metadata({b"catalogue.contract_version": b"0"}), "contract_version"),
        "order": (table.select([COLUMNS[1], COLUMNS[0], *COLUMNS[2:]]), "columns"),
        "missing": (table.drop_columns(["audience"]), "columns"),
        "extra": (table.append_column("note", pa.array([""] * len(rows))), "columns"),
        "type": (table.set_column(1, "page", table.column("page").cast(pa.int64())), "types"),
    }
    for name, (bad, check) in cases.items():
        path = tmp_path / f"{name}.parquet"
        pq.write_table(bad, path)
        result = _validate(path)
        assert result.exit_code == 1, name
        failed = {c for c, v in _checks(result).items() if not v["passed"] and v["level"] == "error"}
        assert failed == {check}, (name, failed)


def _edit_csv(source: Path, target: Path, column: str, value: str) -> Path:
    records = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8-sig"))))
    records[1][records[0].index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer).writerows(records)
    target.write_text(buffer.getvalue(), encoding="utf-8-sig")
    return target


def test_csv_conformance(rows: list[dict], tmp_path: Path) -> None:
    good = _write(rows, tmp_path / "good", "csv")
    result = _validate(_edit_csv(good, tmp_path / "bool.csv", "channel_website", "yes"))
    assert result.exit_code == 1
    assert "channel_website line 2: 'yes'" in _checks(result)["types"]["message"]
    result = _validate(_edit_csv(good, tmp_path / "int.csv", "time_limit_days", "二十"))
    assert result.exit_code == 1 and not _checks(result)["types"]["passed"]
    result = _validate(_edit_csv(good, tmp_path / "nokey.csv", "item_key", ""))
    assert result.exit_code == 1 and "item_key (1)" in _checks(result)["nulls"]["message"]


def test_unreadable_file_fails_in_one_line(rows: list[dict], tmp_path: Path) -> None:
    junk = tmp_path / "junk.parquet"
    junk.write_bytes(b"\x00" * 64)
    good = _write(rows, tmp_path / "good", "parquet")
    truncated = tmp_path / "truncated.parquet"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    for path in (junk, truncated):
        result = _validate(path, "text")
        assert result.exit_code == 1 and "Traceback" not in result.output, path
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error: {path}: not a readable Parquet file ("), lines
    assert _validate(tmp_path / "missing.csv").exit_code == 2  # nothing there: a usage error


def test_wrongly_typed_column_is_a_contract_error_not_a_crash(rows: list[dict], tmp_path: Path) -> None:
    table = to_table(rows)
    column = "time_limit_days"  # compared with a number by the item checks
    as_text = pa.array([None if v is None else f"{v}天" for v in table.column(column).to_pylist()], pa.string())
    path = tmp_path / "typed.parquet"
    pq.write_table(table.set_column(table.schema.get_field_index(column), column, as_text), path)
    result = _validate(path, "text")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "  error    types: time_limit_days is string, not int32" in result.output.splitlines()
    assert result.output.strip().splitlines()[-1].startswith("FAIL: ")


def test_a_folder_written_into_its_own_input_folder_is_validated_by_its_manifest(tmp_path: Path,
                                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # hostile-week D20: after `extract . -o .`, validate read the input CSV beside the
    # outputs as an output (every item "#None None", FAIL, exit 1)
    import shutil

    import catalogue

    sample = Path(__file__).resolve().parent.parent / "samples" / "office" / "district.csv"
    shutil.copy(sample, tmp_path / "ok.csv")
    monkeypatch.chdir(tmp_path)
    extracted = runner.invoke(app, ["extract", ".", "-o", ".", "-q"])
    assert extracted.exit_code == 0, extracted.output
    outputs = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("ok-") and p.suffix in (".csv", ".parquet"))
    assert len(outputs) == 2  # the outputs are named apart from the input
    result = runner.invoke(app, ["validate", "."])
    assert result.exit_code == 0, result.output
    assert sorted(line.split(":")[0] for line in result.output.splitlines() if line.endswith(" items")) == outputs
    # another program's Parquet file beside them is no output either
    pq.write_table(pa.table({"x": [1, 2]}), tmp_path / "mine.parquet")
    assert runner.invoke(app, ["validate", "."]).exit_code == 0
    items = catalogue.read_items(tmp_path)
    assert len(items) == len(catalogue.read_items(tmp_path / outputs[1]))


def test_a_folder_whose_recorded_outputs_are_cut_or_gone_fails(tmp_path: Path) -> None:
    """The output folder copied and the copy interrupted (b.parquet half written), a.parquet
    deleted by hand: `validate out/` checked only the CSVs and passed, exit 0, the cut
    file taken for another program's and the missing one not named (hostile week of
    round ten, finding 7). Every output the manifest records is checked."""
    import shutil

    office = Path(__file__).resolve().parent.parent / "samples" / "office"
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(office / "district.csv", src / "a.csv")
    shutil.copy(office / "national.csv", src / "b.csv")
    out = tmp_path / "out"
    assert runner.invoke(app, ["extract", str(src), "-o", str(out), "-q"]).exit_code == 0
    assert _validate(out, "text").exit_code == 0
    whole = (out / "b.parquet").read_bytes()
    (out / "b.parquet").write_bytes(whole[:len(whole) // 2])
    (out / "a.parquet").unlink()
    result = _validate(out, "text")
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert f"error: {out / 'a.parquet'}: no such file, though the manifest of its folder records it as an output " \
           "(deleted or moved since)" in lines
    assert any(line.startswith(f"error: {out / 'b.parquet'}: not a readable Parquet file") for line in lines)
    assert "4 files: 2 pass, 2 FAIL" in lines


def test_an_output_with_fewer_items_than_its_manifest_records_fails(tmp_path: Path) -> None:
    """a.csv cut at a line end (an interrupted sync, an editor saving a filtered view)
    still reads as a sound CSV: `validate out/` passed its 11 items though the manifest
    records 26 and a.parquet beside it holds them (hostile week of round ten, finding 12)."""
    import shutil

    office = Path(__file__).resolve().parent.parent / "samples" / "office"
    expected = len(json.loads((office / "district-csv.expected.json").read_text(encoding="utf-8"))["rows"])
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(office / "district.csv", src / "a.csv")
    out = tmp_path / "out"
    assert runner.invoke(app, ["extract", str(src), "-o", str(out), "-q"]).exit_code == 0
    whole = _validate(out)
    assert whole.exit_code == 0
    checks = {f["file"]: {c["check"]: c for c in f["checks"]} for f in json.loads(whole.stdout)["files"]}
    assert [c["manifest_items"]["passed"] for c in checks.values()] == [True, True]
    with open(out / "a.csv", newline="", encoding="utf-8-sig") as handle:
        records = list(csv.reader(handle))
    with open(out / "a.csv", "w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle).writerows(records[:1 + 11])  # the header and eleven items, cut at a record's end
    result = _validate(out, "text")
    assert result.exit_code == 1, result.output
    assert (f"  error    manifest_items: 11 items here, but its folder's manifest records {expected} "
            "(cut short or changed since it was written)") in result.output.splitlines()
    assert "2 files: 1 pass, 1 FAIL" in result.output.splitlines()
