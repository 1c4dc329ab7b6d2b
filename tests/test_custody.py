"""Custody of the user's files (issue 18): the tool never overwrites a source, never mixes
two sources under one name, never reads its own outputs back, never keeps the rows of a
file that is gone, and takes names, paths and bytes from outside without trusting them.
Every test runs the CLI as a user would."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from catalogue.cli import app
from catalogue.output.manifest import MANIFEST_NAME, open_dataset

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
XLSX = SAMPLES / "office" / "district.xlsx"
DOCX = SAMPLES / "office" / "word-split.docx"
TEXT = SAMPLES / "district-catalogue-extracted.txt"
FORMULAS = SAMPLES / "custody" / "formula-cells.html"


def _rows(expected: Path) -> int:
    return len(json.loads(expected.read_text(encoding="utf-8"))["rows"])


XLSX_ITEMS = _rows(SAMPLES / "office" / "district.expected.json")
DOCX_ITEMS = _rows(SAMPLES / "office" / "word-split.expected.json")
TEXT_ITEMS = 68  # rows of samples/district-catalogue-extracted.txt (see test_district_text_sample)


def _extract(*args: object):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["extract", *[str(a) for a in args]])


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error:")]


def _csv_rows(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def _jsonl_rows(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _manifest(out: Path) -> list[dict]:
    return json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]


# ---------------------------------------------------------------- 1. an input is never overwritten


def test_an_input_beside_dash_o_dot_is_never_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(XLSX, tmp_path / "x.xlsx")
    before = _sha(tmp_path / "x.xlsx")
    monkeypatch.chdir(tmp_path)
    result = _extract("x.xlsx", "-o", ".", "-f", "xlsx")
    assert result.exit_code == 0, result.output
    assert _sha(tmp_path / "x.xlsx") == before
    # Its own name is taken by the input: the outputs go under the name with its suffix.
    assert (tmp_path / "x-xlsx.xlsx").is_file()
    assert [e["stem"] for e in _manifest(tmp_path)] == ["x-xlsx"]
    again = _extract("x.xlsx", "-o", ".", "-f", "xlsx")  # a re-run keeps to that name
    assert again.exit_code == 0 and _sha(tmp_path / "x.xlsx") == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx") == ["x-xlsx.xlsx", "x.xlsx"]


@pytest.mark.parametrize("kind", ["hard link", "symlink"])
def test_an_output_path_that_leads_to_the_input_is_refused(tmp_path: Path, kind: str) -> None:
    source = tmp_path / "in" / "x.xlsx"
    source.parent.mkdir()
    shutil.copy(XLSX, source)
    before = _sha(source)
    out = tmp_path / "out"
    out.mkdir()
    (os.link if kind == "hard link" else os.symlink)(source, out / "x.xlsx")
    result = _extract(source, "-o", out, "-f", "xlsx")
    assert result.exit_code == 1 and "is an input of this run" in _errors(result.output)[0]
    assert _sha(source) == before


def test_a_file_the_tool_did_not_write_is_never_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "district.csv").write_text("我的笔记，不是输出\n", encoding="utf-8")
    result = _extract(XLSX, "-o", out)
    assert result.exit_code == 1
    assert "is not an output of catalogue" in _errors(result.output)[0]
    assert (out / "district.csv").read_text(encoding="utf-8") == "我的笔记，不是输出\n"
    assert not (out / "district.parquet").exists()  # all of a file's outputs or none


# ---------------------------------------------------------------- 2. one stem, one source


def test_two_single_file_runs_with_one_stem_keep_their_sources_apart(tmp_path: Path) -> None:
    shutil.copy(XLSX, tmp_path / "x.xlsx")
    shutil.copy(DOCX, tmp_path / "x.docx")
    out = tmp_path / "out"
    assert _extract(tmp_path / "x.xlsx", "-o", out, "-f", "parquet,csv,xlsx,jsonl").exit_code == 0
    second = _extract(tmp_path / "x.docx", "-o", out, "-f", "parquet,xlsx")
    assert second.exit_code == 0, second.output
    # Every output of stem x is the .xlsx's; the .docx has a stem of its own.
    assert pq.read_metadata(out / "x.parquet").num_rows == XLSX_ITEMS
    assert _csv_rows(out / "x.csv") == XLSX_ITEMS and _jsonl_rows(out / "x.jsonl") == XLSX_ITEMS
    assert pq.read_metadata(out / "x-docx.parquet").num_rows == DOCX_ITEMS
    assert pq.read_table(out / "x-docx.parquet").column("source").to_pylist() == ["x.docx"] * DOCX_ITEMS


def test_a_rerun_with_fewer_formats_removes_the_stale_ones(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _extract(XLSX, "-o", out, "-f", "parquet,csv,xlsx,jsonl").exit_code == 0
    assert _extract(XLSX, "-o", out, "-f", "parquet").exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["district.parquet", MANIFEST_NAME]
    [entry] = _manifest(out)
    assert entry["outputs"] == ["district.parquet"]


def _run_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: Path, name: str, formats: str) -> Path:
    """A folder holding `source` as `name`, extracted into itself (-o .) with `formats`."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(source, folder / name)
    monkeypatch.chdir(folder)
    assert _extract(".", "-o", ".", "-f", formats, "-q").exit_code == 0
    return folder


def test_a_file_saved_since_at_an_output_s_name_is_never_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """-o . on the input folder: 目录.docx writes 目录.csv and the rest. The office then saves
    the catalogue from Excel as 目录.csv (a source at an output's name) and deletes the
    .docx: the gone input's outputs go, the new source stays and is read."""
    folder = _run_in_place(tmp_path, monkeypatch, DOCX, "目录.docx", "parquet,csv,xlsx,jsonl")
    (folder / "目录.docx").unlink()
    with zipfile.ZipFile(XLSX) as book:  # the user's own workbook at the xlsx output's name
        assert "xl/workbook.xml" in book.namelist()
    shutil.copy(XLSX, folder / "目录.xlsx")
    shutil.copy(SAMPLES / "office" / "district.csv", folder / "目录.csv")
    sources = {name: _sha(folder / name) for name in ("目录.csv", "目录.xlsx")}
    result = _extract(".", "-o", ".", "-f", "parquet,csv,xlsx,jsonl")
    assert result.exit_code == 0, result.output
    assert {name: _sha(folder / name) for name in sources} == sources  # never removed, never overwritten
    assert not (folder / "目录.parquet").exists() and not (folder / "目录.jsonl").exists()  # the gone input's
    read = {entry["source"]: entry for entry in _manifest(folder)}
    assert set(read) == {"目录.csv", "目录.xlsx"}  # both read as the sources they are now
    assert read["目录.csv"]["items"] == read["目录.xlsx"]["items"] == XLSX_ITEMS


def test_a_users_workbook_with_a_sheet_named_like_ours_is_never_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The xlsx output's one sheet is 公开事项, a name a user's own catalogue sheet may have:
    what marks ours is that sheet headed by the contract's labels."""
    from openpyxl import Workbook

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DOCX, folder / "目录.docx")
    shutil.copy(SAMPLES / "office" / "district.csv", folder / "other.csv")
    monkeypatch.chdir(folder)
    assert _extract(".", "-o", ".", "-f", "parquet,xlsx", "-q").exit_code == 0
    (folder / "目录.docx").unlink()
    book = Workbook()
    sheet = book.active
    sheet.title = "公开事项"
    sheet.append(["序号", "事项类别", "公开内容", "公开时限"])
    sheet.append(["1", "机构信息", "机构职能", "20个工作日内"])
    book.save(folder / "目录.xlsx")
    kept = _sha(folder / "目录.xlsx")
    result = _extract(".", "-o", ".", "-f", "parquet,xlsx")
    assert result.exit_code == 0, result.output
    assert _sha(folder / "目录.xlsx") == kept


def test_an_output_csv_that_lost_its_byte_order_mark_is_still_ours(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _run_in_place(tmp_path, monkeypatch, XLSX, "b.xlsx", "parquet,csv")
    text = (folder / "b.csv").read_text(encoding="utf-8-sig")
    (folder / "b.csv").write_text(text, encoding="utf-8")  # rewritten by a tool that drops the BOM
    result = _extract(".", "-o", ".", "-f", "parquet,csv")
    assert result.exit_code == 0, result.output
    assert "b.xlsx: unchanged" in result.output
    assert sorted(p.name for p in folder.iterdir() if p.suffix != ".json" and p.name != "items") == ["b.csv", "b.parquet", "b.xlsx"]


def test_a_format_dropped_never_removes_a_file_saved_at_its_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _run_in_place(tmp_path, monkeypatch, DOCX, "目录.docx", "parquet,jsonl")
    (folder / "目录.jsonl").write_text('{"备注": "our own notes, kept here"}\n', encoding="utf-8")
    result = _extract(".", "-o", ".", "-f", "parquet")
    assert result.exit_code == 0, result.output
    assert (folder / "目录.jsonl").read_text(encoding="utf-8").startswith('{"备注"')


# ---------------------------------------------------------------- 3. outputs are never inputs


def test_an_output_folder_inside_the_input_folder_is_never_read(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(XLSX, src / "x.xlsx")
    for _ in range(3):
        result = _extract(src, "-o", src / "out", "-f", "parquet,xlsx,jsonl", "--force")
        assert result.exit_code == 0, result.output
        assert result.output.strip().splitlines()[-1].startswith(f"1 file extracted, 0 failed: {XLSX_ITEMS} items")
    assert sorted(p.name for p in (src / "out" / "items").iterdir()) == ["file=x"]
    assert open_dataset(src / "out").count_rows() == XLSX_ITEMS


def test_another_run_s_output_folder_is_not_read_either(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(XLSX, src / "x.xlsx")
    assert _extract(src, "-o", src / "first", "-f", "xlsx").exit_code == 0
    result = _extract(src, "-o", tmp_path / "second", "-f", "xlsx")
    assert result.exit_code == 0 and result.output.strip().splitlines()[-1].startswith("1 file extracted")


# ---------------------------------------------------------------- 4. a deleted input leaves the dataset


def _two_inputs(tmp_path: Path) -> tuple[Path, Path]:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(TEXT, src / "a.txt")
    shutil.copy(XLSX, src / "b.xlsx")
    out = tmp_path / "out"
    assert _extract(src, "-o", out).exit_code == 0
    return src, out


def test_a_deleted_input_leaves_the_dataset_and_the_folder(tmp_path: Path) -> None:
    src, out = _two_inputs(tmp_path)
    (src / "b.xlsx").unlink()
    result = _extract(src, "-o", out)
    assert result.exit_code == 0, result.output
    assert f"{src / 'b.xlsx'}: gone since the last run" in result.output.replace("\n", " ")
    summary = result.output.strip().splitlines()[-1]
    assert summary.startswith(f"0 files extracted, 1 unchanged, 1 removed, 0 failed: {TEXT_ITEMS} items")
    assert sorted(p.name for p in out.iterdir()) == ["a.csv", "a.parquet", "items", MANIFEST_NAME]
    assert [e["source"] for e in _manifest(out)] == ["a.txt"]
    assert open_dataset(out).count_rows() == TEXT_ITEMS
    check = runner.invoke(app, ["validate", str(out / "items"), "-f", "json"])
    assert json.loads(check.output)["items"] == TEXT_ITEMS


def test_keep_missing_keeps_a_deleted_input_s_outputs(tmp_path: Path) -> None:
    src, out = _two_inputs(tmp_path)
    (src / "b.xlsx").unlink()
    result = _extract(src, "-o", out, "--keep-missing")
    assert result.exit_code == 0
    assert "kept (--keep-missing)" in result.output
    assert {e["source"]: e["status"] for e in _manifest(out)} == {"a.txt": "skipped", "b.xlsx": "missing"}
    assert open_dataset(out).count_rows() == TEXT_ITEMS + XLSX_ITEMS


def test_an_input_replaced_by_another_kind_of_file_takes_its_stem_s_outputs_along(tmp_path: Path) -> None:
    src, out = _two_inputs(tmp_path)
    (src / "b.xlsx").unlink()
    os.mkfifo(src / "b.xlsx")  # the name is now a pipe: its earlier rows are no longer its
    result = _extract(src, "-o", out)
    assert result.exit_code == 0
    assert not (out / "b.parquet").exists() and open_dataset(out).count_rows() == TEXT_ITEMS


def test_keep_missing_keeps_the_outputs_of_a_file_now_a_pipe(tmp_path: Path) -> None:
    src, out = _two_inputs(tmp_path)
    (src / "b.xlsx").unlink()
    os.mkfifo(src / "b.xlsx")
    result = _extract(src, "-o", out, "--keep-missing")
    assert result.exit_code == 0, result.output
    entries = {e["source"]: e for e in _manifest(out)}
    assert entries["b.xlsx"]["status"] == "missing" and entries["b.xlsx"]["outputs"] == ["b.parquet", "b.csv"]
    assert pq.read_metadata(out / "b.parquet").num_rows == XLSX_ITEMS


# ---------------------------------------------------------------- 5. skipped entries are listed


def test_a_dangling_link_is_listed_as_skipped(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(TEXT, src / "a.txt")
    os.symlink(tmp_path / "nowhere.pdf", src / "gone.pdf")
    out = tmp_path / "out"
    result = _extract(src, "-o", out)
    assert result.exit_code == 0
    assert result.output.strip().splitlines()[-1].startswith("1 file extracted, 1 skipped, 0 failed")
    entries = {e["source"]: e for e in _manifest(out)}
    assert entries["gone.pdf"]["status"] == "skipped" and "broken link" in entries["gone.pdf"]["reason"]


# ---------------------------------------------------------------- 6. validate and diff know the tool's files


def test_validate_after_provenance_checks_only_the_items(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _extract(TEXT, "-o", out, "--provenance").exit_code == 0
    result = runner.invoke(app, ["validate", str(out), "-f", "json"])
    assert result.exit_code == 0, result.output
    checked = [Path(report["file"]).name for report in json.loads(result.output)["files"]]
    assert sorted(checked) == ["district-catalogue-extracted.csv", "district-catalogue-extracted.parquet"]


def test_diff_refuses_its_own_reports_and_takes_the_dataset(tmp_path: Path) -> None:
    out = tmp_path / "out"
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(TEXT, src / "a.txt")
    assert _extract(src, "-o", out).exit_code == 0
    parquet = out / "a.parquet"
    for fmt, name in (("html", "report.html"), ("csv", "report.csv"), ("json", "report.json")):
        runner.invoke(app, ["diff", str(parquet), str(TEXT), "-f", fmt, "-o", str(tmp_path / name)])
        result = runner.invoke(app, ["diff", str(parquet), str(tmp_path / name)])
        assert result.exit_code == 2, (name, result.output)
        [error] = _errors(result.output)
        assert "a report of catalogue diff" in error
    result = runner.invoke(app, ["diff", str(out / "items"), str(parquet)])
    assert result.exit_code == 0, result.output
    provenance = _extract(TEXT, "-o", tmp_path / "p", "--provenance")
    assert provenance.exit_code == 0
    result = runner.invoke(app, ["diff", str(parquet), str(tmp_path / "p" / "district-catalogue-extracted.provenance.parquet")])
    assert result.exit_code == 2 and "provenance table" in _errors(result.output)[0]


# ---------------------------------------------------------------- 7. long Chinese names


def test_a_sixty_character_han_name_works_in_a_folder_batch(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    long = "青河区人民政府办公室关于印发" + "政务公开事项目录" * 5 + "的通知附件一二三四五六"
    assert len(long) == 65 and len(f"{long}.txt".encode()) < 255
    shutil.copy(TEXT, src / f"{long}.txt")
    shutil.copy(TEXT, src / "b.txt")
    out = tmp_path / "out"
    result = _extract(src, "-o", out, "-f", "parquet,csv,jsonl,xlsx", "--provenance")
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].startswith(f"2 files extracted, 0 failed: {2 * TEXT_ITEMS} items")
    assert (out / f"{long}.csv").exists()
    assert open_dataset(out).count_rows() == 2 * TEXT_ITEMS
    assert all(len(p.name.encode()) <= 255 for p in out.rglob("*"))
    again = _extract(src, "-o", out, "-f", "parquet,csv,jsonl,xlsx", "--provenance")
    assert again.output.count("unchanged, skipped") == 2


def test_a_name_too_long_for_every_output_gets_a_cut_stem(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    name = "目" * 82 + ".txt"  # 250 bytes: no room for ".provenance.parquet" after the stem
    shutil.copy(TEXT, src / name)
    out = tmp_path / "out"
    result = _extract(src, "-o", out, "--provenance")
    assert result.exit_code == 0, result.output
    [entry] = _manifest(out)
    assert entry["stem"].startswith("目" * 40) and "~" in entry["stem"]
    assert pq.read_metadata(out / f"{entry['stem']}.parquet").num_rows == TEXT_ITEMS


# ---------------------------------------------------------------- 8. CSV formula injection


def _expected_formulas() -> list[dict[str, str]]:
    return json.loads((SAMPLES / "custody" / "formula-cells.expected.json").read_text(encoding="utf-8"))["rows"]


def test_csv_cells_that_start_a_formula_are_neutralised(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _extract(FORMULAS, "-o", out, "-f", "parquet,csv,jsonl,xlsx").exit_code == 0
    expected = _expected_formulas()
    exact = pq.read_table(out / "formula-cells.parquet").select(["content", "subject"]).to_pylist()
    assert exact == [{"content": r["content"], "subject": r["subject"]} for r in expected]
    jsonl = [json.loads(line) for line in (out / "formula-cells.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["content"], r["subject"]) for r in jsonl] == [(r["content"], r["subject"]) for r in expected]
    with (out / "formula-cells.csv").open(encoding="utf-8-sig", newline="") as handle:
        shown = [(row["content"], row["subject"]) for row in csv.DictReader(handle)]
    for (content, subject), row in zip(shown, expected, strict=True):
        for cell, value in ((content, row["content"]), (subject, row["subject"])):
            starts_formula = value.lstrip("'").startswith(("=", "+", "-", "@", "\t", "\r"))
            assert cell == ("'" + value if starts_formula else value)
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    # Read back by the tool (diff, validate), the CSV gives the exact values.
    assert runner.invoke(app, ["diff", str(out / "formula-cells.parquet"), str(out / "formula-cells.csv")]).exit_code == 0


def test_diff_csv_report_neutralises_formulas(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _extract(FORMULAS, "-o", out, "-f", "parquet").exit_code == 0
    table = pq.read_table(out / "formula-cells.parquet")
    changed = table.set_column(table.schema.get_field_index("content"), "content",
                               pa.array(table.column("content").to_pylist()[:1] + ["@changed", "-1", "+2", "=3"]))
    pq.write_table(changed, tmp_path / "changed.parquet")
    result = runner.invoke(app, ["diff", str(out / "formula-cells.parquet"), str(tmp_path / "changed.parquet"), "-f", "csv"])
    assert result.exit_code == 1
    cells = [cell for row in csv.reader(io.StringIO(result.output)) for cell in row]
    assert "'@changed" in cells and "'=cmd|' /C calc'!A0" in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


# ---------------------------------------------------------------- 9. a tampered manifest


def test_a_manifest_that_points_outside_the_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "out"
    assert _extract(TEXT, "-o", out).exit_code == 0
    data = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    data["files"][0]["stem"] = "./../../escaped"
    (out / MANIFEST_NAME).write_text(json.dumps(data), encoding="utf-8")
    result = _extract(TEXT, "-o", out)
    assert result.exit_code == 1
    [error] = _errors(result.output)
    assert "manifest is not sound" in error and "escaped" in error
    assert not list(tmp_path.rglob("escaped*"))


# ---------------------------------------------------------------- 10. names reach the terminal escaped


def test_control_characters_in_names_are_escaped(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    forged = "a\n1 file extracted, 0 failed: 999 items.txt"
    shutil.copy(TEXT, src / forged)
    shutil.copy(TEXT, src / "b\x1b]0;owned\x07\x1b[2J.txt")
    result = _extract(src, "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert not any(line.startswith("1 file extracted, 0 failed: 999") for line in result.output.splitlines())
    assert "a\\n1 file extracted" in result.output and "b\\x1b]0;owned\\x07" in result.output


# ---------------------------------------------------------------- 11. links inside the output folder


def test_a_linked_partition_is_never_followed(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "bad.xlsx").write_bytes(b"PK\x03\x04 not a real package")
    shutil.copy(TEXT, src / "good.txt")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "data.parquet").write_text("someone else's data")
    (elsewhere / "keep.txt").write_text("keep me")
    out = tmp_path / "out"
    (out / "items").mkdir(parents=True)
    os.symlink(elsewhere, out / "items" / "file=bad")
    result = _extract(src, "-o", out)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert sorted(p.name for p in elsewhere.iterdir()) == ["data.parquet", "keep.txt"]
    assert (elsewhere / "data.parquet").read_text() == "someone else's data"
    assert open_dataset(out).count_rows() == TEXT_ITEMS


def test_a_linked_partition_of_a_good_file_is_replaced_not_written_through(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(TEXT, src / "good.txt")
    out = tmp_path / "out"
    (out / "items").mkdir(parents=True)
    os.symlink(elsewhere, out / "items" / "file=good")
    assert _extract(src, "-o", out).exit_code == 0
    assert list(elsewhere.iterdir()) == []
    assert not (out / "items" / "file=good").is_symlink() and open_dataset(out).count_rows() == TEXT_ITEMS


# ---------------------------------------------------------------- 12. decompression that trusts the header


def _peak_rss_mb(args: list[str], cwd: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run the CLI in a child and give its peak resident memory (largest descendant)."""
    code = (
        "import resource, subprocess, sys\n"
        "run = subprocess.run([sys.executable, '-m', 'catalogue.cli', *sys.argv[1:]], capture_output=True, text=True)\n"
        "sys.stderr.write(run.stderr)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.exit(run.returncode)\n"
    )
    run = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd, timeout=300)
    return run, int(run.stdout.strip().splitlines()[-1]) / 1024


def _lying_docx(path: Path, inflated: int) -> None:
    """A .docx whose word/document.xml declares 64 KB but inflates to `inflated` bytes."""
    with zipfile.ZipFile(DOCX) as good, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bad:
        for info in good.infolist():
            if info.filename != "word/document.xml":
                bad.writestr(info, good.read(info))
        bad.writestr("word/document.xml", b"<x/>")
    # Rewrite the member's data with a huge stream and make both headers declare 64 KB.
    data = path.read_bytes()
    deflater = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = b" " * (1 << 20)
    body = b"".join(deflater.compress(block) for _ in range(inflated >> 20)) + deflater.flush()
    with zipfile.ZipFile(path) as package:
        info = package.getinfo("word/document.xml")
    head = data[info.header_offset:info.header_offset + 30]
    name_len, extra_len = int.from_bytes(head[26:28], "little"), int.from_bytes(head[28:30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    rest = data[start + info.compress_size:]
    crc = zlib.crc32(b" " * 65536)
    local = bytearray(head)
    local[14:18] = crc.to_bytes(4, "little")
    local[18:22] = len(body).to_bytes(4, "little")
    local[22:26] = (65536).to_bytes(4, "little")
    grown = len(body) - info.compress_size
    # Patch the central directory entry and the end record for the new sizes and offsets.
    central = rest.find(b"PK\x01\x02")
    tail = bytearray(rest[central:])
    index = 0
    while True:
        at = tail.find(b"PK\x01\x02", index)
        if at < 0:
            break
        name_len_c = int.from_bytes(tail[at + 28:at + 30], "little")
        name = bytes(tail[at + 46:at + 46 + name_len_c])
        offset = int.from_bytes(tail[at + 42:at + 46], "little")
        if name == b"word/document.xml":
            tail[at + 16:at + 20] = crc.to_bytes(4, "little")
            tail[at + 20:at + 24] = len(body).to_bytes(4, "little")
            tail[at + 24:at + 28] = (65536).to_bytes(4, "little")
        elif offset > info.header_offset:
            tail[at + 42:at + 46] = (offset + grown).to_bytes(4, "little")
        index = at + 4
    end = tail.find(b"PK\x05\x06")
    cd_offset = int.from_bytes(tail[end + 16:end + 20], "little")
    tail[end + 16:end + 20] = (cd_offset + grown).to_bytes(4, "little")
    path.write_bytes(data[:info.header_offset] + bytes(local) + data[info.header_offset + 30:start] + body
                     + rest[:central] + bytes(tail))


def test_a_zip_member_that_lies_about_its_size_is_refused_in_flat_memory(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    _lying_docx(bomb, 1 << 30)
    with zipfile.ZipFile(bomb) as package:  # the lie is what the headers say
        assert package.getinfo("word/document.xml").file_size == 65536
    run, peak = _peak_rss_mb(["extract", str(bomb), "-o", str(tmp_path / "out")], tmp_path)
    assert run.returncode == 1, run.stderr
    assert "inflates past the 65,536 bytes it declares" in run.stderr and "Traceback" not in run.stderr
    assert peak < 400, f"peak {peak:.0f} MB"


def _pdf_with_flate_page(path: Path, inflated: int) -> None:
    """A one-page PDF whose content stream is `inflated` bytes of spaces, deflated."""
    deflater = zlib.compressobj(9)
    block = b" " * (1 << 20)
    stream = b"".join(deflater.compress(block) for _ in range(inflated >> 20)) + deflater.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))


def test_a_page_whose_content_inflates_past_the_limit_fails_in_one_line(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.pdf"
    _pdf_with_flate_page(bomb, 1 << 30)
    assert bomb.stat().st_size < 3 << 20
    run, peak = _peak_rss_mb(["extract", str(bomb), "-o", str(tmp_path / "out")], tmp_path)
    assert run.returncode == 1, run.stderr
    [error] = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert error.startswith("error: bomb.pdf: no table found; page 1 had") and "content inflating past 64 MB" in error
    assert peak < 400, f"peak {peak:.0f} MB"


def test_inspect_refuses_a_huge_png_in_one_line(tmp_path: Path) -> None:
    # A PNG header claiming 20000x20000 pixels, with one tiny compressed row behind it.
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    header = (20000).to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 20001)) + chunk(b"IEND", b"")
    (tmp_path / "huge.png").write_bytes(png)
    result = runner.invoke(app, ["inspect", str(tmp_path / "huge.png"), "-o", str(tmp_path / "p.png")])
    assert result.exit_code == 1
    [error] = _errors(result.output)
    assert "huge.png" in error and "too large" in error
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_dash_o_dot_on_the_input_folder_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The output folder is the input folder: its outputs (an .xlsx among them) are
    # listed in its manifest and never read back, and its inputs are still read.
    shutil.copy(TEXT, tmp_path / "a.txt")
    shutil.copy(XLSX, tmp_path / "b.xlsx")
    monkeypatch.chdir(tmp_path)
    first = _extract(".", "-o", ".", "-f", "parquet,xlsx")
    assert first.output.strip().splitlines()[-1].startswith(f"2 files extracted, 0 failed: {TEXT_ITEMS + XLSX_ITEMS} items")
    again = _extract(".", "-o", ".", "-f", "parquet,xlsx,jsonl")  # a new format: both written again
    assert again.output.strip().splitlines()[-1].startswith("2 files extracted, 0 failed"), again.output
    assert sorted((e["source"], e["stem"]) for e in _manifest(tmp_path)) == [("a.txt", "a"), ("b.xlsx", "b-xlsx")]
    assert open_dataset(tmp_path).count_rows() == TEXT_ITEMS + XLSX_ITEMS
    assert _sha(tmp_path / "b.xlsx") == _sha(XLSX)  # the input, never overwritten
    assert (tmp_path / "b-xlsx.jsonl").is_file()
