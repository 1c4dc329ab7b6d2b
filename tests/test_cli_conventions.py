"""CLI conventions: --version, choices in --help, --pages, the password from the
environment, -q, relative paths and counts, a light start, validate on many inputs,
schema as JSON and the table of warning codes."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pyarrow.parquet as pq
import pytest
from PIL import Image
from rich.console import Console
from typer.testing import CliRunner

import catalogue.cli as cli
from catalogue.api import run_pipeline
from catalogue.cli import app
from catalogue.diff import FORMATS as DIFF_FORMATS
from catalogue.executors import EXECUTORS
from catalogue.extract.settings import ENGINES, OCR_MODES
from catalogue.normalise.junk import JUNK_CHECKS
from catalogue.output.formats import HEADER_LABELS
from catalogue.schemas.contract import COLUMNS, LABELS, SCHEMA, WARNING_CODES
from catalogue.schemas.warnings import CODES, ITEM, WARNINGS, markdown_table
from catalogue.validate import FORMATS as VALIDATE_FORMATS
from catalogue.version import CONTRACT_VERSION, __version__

ROOT = Path(__file__).resolve().parent.parent
PDFS = ROOT / "samples" / "pdf"
SCANS = ROOT / "samples" / "scans"
runner = CliRunner()
WIDE = {"COLUMNS": "250"}  # rich wraps help at the terminal width; wide enough for one line per option


def test_version_option() -> None:
    for args in (["--version"], ["-V"], ["version"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0
        assert result.stdout == f"catalogue {__version__}, contract v{CONTRACT_VERSION}\n"


def _option_line(help_text: str, option: str) -> str:
    (line,) = [line for line in help_text.splitlines() if line.lstrip("│ ").startswith(f"{option} ")]
    return line


def test_help_shows_choices_not_types() -> None:
    text = runner.invoke(app, ["extract", "--help"], env=WIDE).stdout
    assert "<pdfium|pdfplumber|camelot>" in _option_line(text, "--engine")
    assert "<auto|always|never>" in _option_line(text, "--ocr")
    assert "<parquet|csv|xlsx|jsonl>" in _option_line(text, "--format")
    assert "<en|zh>" in _option_line(text, "--labels")
    assert "<local|dask>" in _option_line(text, "--executor")
    for flag in ("--quiet", "--force", "--manifest"):
        assert "<bool>" not in _option_line(text, flag)
    assert "CATALOGUE_PASSWORD" in text
    assert "<text|csv|json|html>" in runner.invoke(app, ["diff", "--help"], env=WIDE).stdout
    assert "<text|json>" in runner.invoke(app, ["validate", "--help"], env=WIDE).stdout


def test_the_cli_choices_are_the_librarys() -> None:
    assert get_args(cli.Executor) == EXECUTORS
    assert get_args(cli.DiffFormat) == DIFF_FORMATS
    assert get_args(cli.ReportFormat) == VALIDATE_FORMATS
    assert get_args(cli.Labels) == HEADER_LABELS
    from catalogue.extract.settings import Engine, OcrMode, OcrName

    assert get_args(Engine) == ENGINES and get_args(OcrName) == OCR_MODES == tuple(OcrMode)


def test_the_ocr_mode_and_the_engine_are_decided_in_one_place() -> None:
    """--ocr and --engine are answered by OcrMode and extract.engines.ENGINES: no other
    module compares their names."""
    pattern = re.compile(r"""(\.ocr|\.engine|\bocr|\bengine)\s*(==|!=|\bin\b|\bnot in\b)\s*[("']"""
                         r"""|["'](always|never|camelot)["']\s*(==|!=)""")
    owners = {ROOT / "catalogue" / "extract" / "settings.py", ROOT / "catalogue" / "extract" / "engines.py"}
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
             for path in sorted((ROOT / "catalogue").rglob("*.py")) if path not in owners
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert found == []


def test_an_ocr_mode_answers_from_its_name() -> None:
    from catalogue.extract.settings import ExtractSettings, OcrMode

    assert ExtractSettings(ocr="always").ocr is OcrMode.ALWAYS  # type: ignore[arg-type]
    assert ExtractSettings.resolve({"ocr": "never"}) == ExtractSettings(ocr=OcrMode.NEVER)
    assert [(m.reads_text_layer, m.may_ocr, m.forces_ocr) for m in OcrMode] == [
        (True, True, False), (False, True, True), (True, False, False)]
    with pytest.raises(ValueError, match="ocr must be one of auto, always, never, not 'sometimes'"):
        ExtractSettings(ocr="sometimes")  # type: ignore[arg-type]


def test_a_bad_choice_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(PDFS / "district-catalogue.pdf"), "-o", str(tmp_path), "--ocr", "sometimes"])
    assert result.exit_code == 2 and "sometimes" in result.output
    assert not tmp_path.joinpath("district-catalogue.parquet").exists()


# ---------------------------------------------------------------- --pages


@pytest.mark.parametrize("pages", ["1-3", "3,1-2", "1,2,3,2"])
def test_pages_of_a_pdf(pages: str, tmp_path: Path) -> None:
    expected = json.loads((PDFS / "district-catalogue.expected.json").read_text(encoding="utf-8"))["rows"]
    result = runner.invoke(app, ["extract", str(PDFS / "district-catalogue.pdf"), "-o", str(tmp_path), "--pages", pages])
    assert result.exit_code == 0, result.output
    got = pq.read_table(tmp_path / "district-catalogue.parquet").to_pylist()
    assert [(r["page"], r["item_key"]) for r in got] == [(r["page"], r["item_key"]) for r in expected if r["page"] <= 3]


def test_pages_past_the_end_are_named(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(PDFS / "district-catalogue.pdf"), "-o", str(tmp_path), "--pages", "4-6"])
    assert result.exit_code == 0, result.output
    assert "pages 5–6 do not exist" in result.output or "pages 5-6 do not exist" in result.output
    assert {r["page"] for r in pq.read_table(tmp_path / "district-catalogue.parquet").to_pylist()} == {4}


@pytest.mark.parametrize("pages", ["0", "3-1", "x", "1-", "2,,3", "-2"])
def test_a_bad_page_range_is_a_usage_error(pages: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(PDFS / "district-catalogue.pdf"), "-o", str(tmp_path), "--pages", pages], env=WIDE)
    assert result.exit_code == 2
    assert result.output == ("catalogue extract: --pages must be pages from 1 and ranges that go up, comma-separated, "
                             f"like 1-3,7 (got {pages!r})\n")
    assert "Traceback" not in result.output


def test_a_page_range_past_the_cap_is_a_usage_error(tmp_path: Path) -> None:
    # hostile-week D19: 1-99999999999 was listed page by page, until memory ran out
    MAX_PAGE_NUMBER = cli.MAX_PAGE_NUMBER

    pages = f"1-{MAX_PAGE_NUMBER + 1}"
    result = runner.invoke(app, ["extract", str(PDFS / "district-catalogue.pdf"), "-o", str(tmp_path), "--pages", pages], env=WIDE)
    assert result.exit_code == 2
    assert result.output == f"catalogue extract: --pages takes page numbers up to {MAX_PAGE_NUMBER} (got {pages!r})\n"
    assert list(tmp_path.iterdir()) == []


def test_the_highest_page_number_is_taken(tmp_path: Path) -> None:
    MAX_PAGE_NUMBER = cli.MAX_PAGE_NUMBER

    result = runner.invoke(app, ["extract", str(PDFS / "district-catalogue.pdf"), "-o", str(tmp_path), "--pages", f"4-{MAX_PAGE_NUMBER}"])
    assert result.exit_code == 0, result.output
    assert {r["page"] for r in pq.read_table(tmp_path / "district-catalogue.parquet").to_pylist()} == {4}


def test_a_symlink_loop_named_among_the_inputs_is_one_failed_file(tmp_path: Path) -> None:
    # hostile-week D18: naming its failure resolved the loop, a traceback ended the batch
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(ROOT / "samples" / "office" / "district.csv", inputs / "a.csv")
    (inputs / "loop.csv").symlink_to("loop.csv")
    result = runner.invoke(app, ["extract", str(inputs / "a.csv"), str(inputs / "loop.csv"), "-o", str(tmp_path / "out"), "-w", "1"],
                           env=WIDE)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {inputs / 'loop.csv'}: ")
    assert result.output.splitlines()[-1].startswith("1 file extracted, 1 failed")


@pytest.mark.ocr
def test_pages_of_a_multi_page_image(tmp_path: Path) -> None:
    frames = [Image.open(SCANS / f"scan-district-p{n}.png") for n in (1, 2)]
    tiff = tmp_path / "scan.tiff"
    frames[0].save(tiff, save_all=True, append_images=frames[1:])
    result = runner.invoke(app, ["extract", str(tiff), "-o", str(tmp_path / "out"), "--pages", "2"])
    assert result.exit_code == 0, result.output
    got = pq.read_table(tmp_path / "out" / "scan.parquet").to_pylist()
    alone = run_pipeline(SCANS / "scan-district-p2.png").to_pylist()
    assert {r["page"] for r in got} == {2}
    assert [r["item_key"] for r in got] == [r["item_key"] for r in alone]


# ---------------------------------------------------------------- --password


def test_password_from_the_environment(tmp_path: Path) -> None:
    pdf = PDFS / "encrypted-user-password.pdf"
    locked = runner.invoke(app, ["extract", str(pdf), "-o", str(tmp_path)], env={"CATALOGUE_PASSWORD": None})
    assert locked.exit_code == 1 and "--password" in locked.output
    result = runner.invoke(app, ["extract", str(pdf), "-o", str(tmp_path)], env={"CATALOGUE_PASSWORD": "secret"})
    assert result.exit_code == 0, result.output
    assert pq.read_metadata(tmp_path / "encrypted-user-password.parquet").num_rows == 3  # small_items(3) in the generator


# ---------------------------------------------------------------- output lines


def _tsv_with_items(district_text: Path, n: int) -> str:
    """The district sample cut after its first n items (its two header lines, then one line per item)."""
    lines = district_text.read_text(encoding="utf-8").split("\n")
    first = next(i for i, line in enumerate(lines) if line.strip())
    return "\n".join(lines[first : first + 2 + n]) + "\n"


def test_lines_name_paths_relative_to_the_working_folder_and_count_right(
    district_text: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "one.txt").write_text(_tsv_with_items(district_text, 1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["extract", str(tmp_path / "in" / "one.txt"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "in/one.txt: 1 item from 1 page → out/one.parquet, out/one.csv" in lines
    assert lines[-1] == "1 file extracted, 0 failed: 1 item, 1 page"


def test_quiet_keeps_errors_and_the_summary(district_text: Path, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(district_text, src / "a.txt")
    shutil.copy(ROOT / "samples" / "junk" / "empty-keys.tsv", src / "b.tsv")  # extracted, with a file warning
    (src / "empty.txt").write_bytes(b"")
    loud = runner.invoke(app, ["extract", str(src), "-o", str(tmp_path / "loud"), "-w", "1"])
    quiet = runner.invoke(app, ["extract", str(src), "-o", str(tmp_path / "quiet"), "-w", "1", "-q"])
    assert loud.exit_code == quiet.exit_code == 1
    assert any(line.startswith("warning:") for line in loud.output.splitlines())
    lines = quiet.output.splitlines()
    assert len(lines) == 2, quiet.output
    assert lines[0].startswith("error:") and "empty.txt" in lines[0]
    assert lines[1].startswith("2 files extracted, 1 failed: ")


def test_progress_shows_the_file_pages_per_second_and_eta(
    district_text: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        shutil.copy(district_text, src / name)
    screen = Console(force_terminal=True, width=200, record=True)
    monkeypatch.setattr(cli, "err", screen)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["extract", "in", "-o", "out", "-w", "1"])
    assert result.exit_code == 0
    drawn = screen.export_text()
    assert "in/c.txt" in drawn and "3/3" in drawn and "pages/s" in drawn and "ETA" in drawn


# ---------------------------------------------------------------- a light start


HEAVY = ("pdfplumber", "pdfminer", "pypdfium2", "pandas", "jieba", "rapidocr", "onnxruntime", "cv2", "openpyxl", "camelot", "PIL")


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["schema"], ["extract", "--help"], ["schema", "--warnings"]])
def test_light_commands_import_no_heavy_library(args: list[str]) -> None:
    script = (
        "import sys\n"
        "from catalogue.cli import app\n"
        f"try:\n    app({args!r}, prog_name='catalogue')\n"
        "except SystemExit as stop:\n    code = stop.code\n"
        f"heavy = sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r})\n"
        "print('HEAVY', heavy, code, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "HEAVY [] 0" in done.stderr, done.stderr


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["schema"], ["schema", "--format", "json"]])
def test_version_help_and_schema_do_not_even_import_pyarrow_or_the_pool(args: list[str]) -> None:
    script = (f"import sys\nfrom catalogue.cli import app\ntry:\n    app({args!r})\nexcept SystemExit:\n    pass\n"
              "print(sorted({'pyarrow', 'pebble', 'asyncio'} & set(sys.modules)), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stderr.splitlines()[-1] == "[]", done.stdout + done.stderr


def test_schema_prints_the_arrow_schema_the_parquet_files_carry() -> None:
    """`schema` reads the contract's columns without pyarrow: what it prints is what the
    pyarrow schema built from the same table says."""
    result = runner.invoke(app, ["schema", "--format", "json"])
    assert result.exit_code == 0
    printed = json.loads(result.stdout)["columns"]
    assert [(c["name"], c["type"], c["nullable"], c["label"], c["meaning"]) for c in printed] == [
        (f.name, str(f.type), f.nullable, f.metadata[b"label"].decode(), f.metadata[b"meaning"].decode()) for f in SCHEMA
    ]


# ---------------------------------------------------------------- validate


def test_validate_takes_files_folders_and_the_items_dataset(district_text: Path, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(district_text, src / "a.txt")
    shutil.copy(district_text, src / "b.txt")
    out = tmp_path / "out"
    assert runner.invoke(app, ["extract", str(src), "-o", str(out), "-q"]).exit_code == 0
    result = runner.invoke(app, ["validate", str(out), str(out / "items"), str(out / "a.csv"), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    files = [Path(f["file"]) for f in report["files"]]
    assert files == [out / "a.csv", out / "a.parquet", out / "b.csv", out / "b.parquet", out / "items", out / "a.csv"]
    items = 2 * pq.read_metadata(out / "a.parquet").num_rows
    assert report["ok"] and [f["items"] for f in report["files"]][4] == items
    text = runner.invoke(app, ["validate", str(out), str(out / "items")])
    assert text.exit_code == 0 and text.stdout.splitlines()[-1] == "5 files: 5 pass, 0 FAIL"


def test_validate_many_with_a_bad_one_and_a_missing_one(district_text: Path, tmp_path: Path) -> None:
    assert runner.invoke(app, ["extract", str(district_text), "-o", str(tmp_path), "-q"]).exit_code == 0
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"not parquet")
    good = tmp_path / "district-catalogue-extracted.parquet"
    result = runner.invoke(app, ["validate", str(good), str(bad)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "2 files: 1 pass, 1 FAIL"
    assert sum("bad.parquet" in line and line.startswith("error:") for line in result.stderr.splitlines()) == 1
    missing = runner.invoke(app, ["validate", str(good), str(tmp_path / "nothing.parquet")])
    assert missing.exit_code == 2 and "nothing.parquet" in missing.output
    empty = tmp_path / "empty"
    empty.mkdir()
    assert runner.invoke(app, ["validate", str(empty)]).exit_code == 2


# ---------------------------------------------------------------- schema and warning codes


def test_schema_as_json() -> None:
    result = runner.invoke(app, ["schema", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["contract_version"] == CONTRACT_VERSION
    assert [c["name"] for c in data["columns"]] == list(COLUMNS)
    assert {c["name"]: c["label"] for c in data["columns"]} == LABELS
    assert next(c for c in data["columns"] if c["name"] == "page") | {"meaning": ""} == {
        "name": "page", "type": "int32", "nullable": True, "label": "页码", "meaning": ""
    }


def test_schema_lists_every_warning_code() -> None:
    listed = json.loads(runner.invoke(app, ["schema", "--warnings", "--format", "json"]).stdout)
    assert [w["code"] for w in listed] == list(CODES)
    text = runner.invoke(app, ["schema", "--warnings"]).stdout.splitlines()
    assert [line.split()[0] for line in text] == list(CODES)
    assert len(set(CODES)) == len(CODES)


def test_readme_warning_table_is_the_generated_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Warnings", 1)[1].split("\n## ", 1)[0]
    assert markdown_table() in section, "regenerate it: python -m catalogue.schemas.warnings"


def test_every_code_the_tool_writes_is_in_the_table() -> None:
    assert {code for code in WARNING_CODES} == {w.code for w in WARNINGS if w.where == ITEM}
    assert set(JUNK_CHECKS) <= set(CODES)
    # Every PageNote made anywhere names its code by a constant of catalogue.schemas.warnings
    # (or passes on a junk finding's code, checked above), never by a literal string.
    import catalogue.schemas.warnings as registry

    for path in sorted((ROOT / "catalogue").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "PageNote":
                code = node.args[1] if len(node.args) > 1 else next(k.value for k in node.keywords if k.arg == "code")
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                if isinstance(code, ast.Attribute):
                    assert code.attr == "code", where
                else:
                    assert isinstance(code, ast.Name) and getattr(registry, code.id, None) in CODES, where


@pytest.mark.parametrize(("sample", "what", "count"), [
    ("pdf/national-catalogue.pdf", "page", "2 pages"),  # samples/generate_pdfs.py: two pages
    ("office/word-split.docx", "table", "2 tables"),  # samples/office: the table split in two
])
def test_pages_all_past_the_end_fail_for_that_reason(sample: str, what: str, count: str, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """--pages 30 on a short file: the reason is that page 30 is not there, not "no ruled
    table found on any page" nor "the file has no tables" (hostile week of round ten,
    finding 10)."""
    monkeypatch.chdir(ROOT)  # the file named as a user in the project folder names it
    result = runner.invoke(app, ["extract", f"samples/{sample}", "-o", str(tmp_path), "--pages", "30"])
    assert result.exit_code == 1
    assert f"error: samples/{sample}: the file has {count}; {what} 30 does not exist (--pages)" in result.stderr.splitlines()
