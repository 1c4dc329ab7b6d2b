"""Issue 19, the first hour of a new user: `python -m catalogue`, the README's commands,
the CLI's messages and exit codes, progress on one long file, `inspect`'s pictures and
`catalogue.read_items`."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from catalogue.cli import app

ROOT = Path(__file__).resolve().parent.parent
PDFS = ROOT / "samples" / "pdf"
OFFICE = ROOT / "samples" / "office"
runner = CliRunner()
WIDE = {"COLUMNS": "250"}


# ---------------------------------------------------------------- python -m catalogue


def test_python_m_catalogue_is_the_cli(district_text: Path, tmp_path: Path) -> None:
    version = subprocess.run([sys.executable, "-m", "catalogue", "--version"], capture_output=True, text=True, timeout=120)
    assert version.returncode == 0 and version.stdout.startswith("catalogue "), version.stderr
    done = subprocess.run([sys.executable, "-m", "catalogue", "extract", str(district_text), "-o", str(tmp_path), "-q"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert pq.read_metadata(tmp_path / "district-catalogue-extracted.parquet").num_rows == 68
    usage = subprocess.run([sys.executable, "-m", "catalogue", "extract", "--ocr", "sometimes", str(district_text)],
                           capture_output=True, text=True, timeout=120)
    assert usage.returncode == 2
    assert usage.stderr == "catalogue extract: --ocr must be auto, always or never (got 'sometimes')\n"


# ---------------------------------------------------------------- the README's commands


def _shell_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", text, flags=re.S)


def test_the_readme_commands_make_their_own_venv_and_ci_runs_them() -> None:
    install, tests = (block.strip() for block in _shell_blocks((ROOT / "README.md").read_text(encoding="utf-8"))[:2])
    for command in (install, tests):
        assert command.startswith("python3 -m venv .venv && .venv/bin/pip install -e "), command
        assert " python3 -m pip" not in command and "\n" not in command
    assert install.endswith(".venv/bin/catalogue extract samples/pdf/district-catalogue.pdf -o output/")
    assert (ROOT / "samples" / "pdf" / "district-catalogue.pdf").exists()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"INSTALL_COMMAND='{install}'" in ci and f"TEST_COMMAND='{tests}'" in ci
    assert 'bash -c "$INSTALL_COMMAND"' in ci and 'exec bash -c "$TEST_COMMAND"' in ci
    assert "export CATALOGUE_REQUIRE_SOFFICE=1" in ci


# ---------------------------------------------------------------- messages and exit codes

USAGE = [
    (["extract", "IN", "--ocr", "sometimes"], "catalogue extract: --ocr must be auto, always or never (got 'sometimes')"),
    (["extract", "IN", "--engine=fitz"], "catalogue extract: --engine must be pdfium, pdfplumber or camelot (got 'fitz')"),
    (["extract", "IN", "-w0"], "catalogue extract: --workers must be a whole number of at least 1 (got '0')"),
    (["extract", "IN", "--timeout", "soon"], "catalogue extract: --timeout must be a number of at least 0 (got 'soon')"),
    (["extract", "IN", "--pages", "5-2"],
     "catalogue extract: --pages must be pages from 1 and ranges that go up, comma-separated, like 1-3,7 (got '5-2')"),
    (["extract", "IN", "--format", "docx"],
     "catalogue extract: --format must be one or more of parquet, csv, xlsx, jsonl, comma-separated (got 'docx')"),
    (["extract", "IN", "--provenance=false"], "catalogue extract: --provenance is a flag and takes no value"),
    (["extract", "IN", "--fast"], "catalogue extract: no such option --fast"),
    (["diff", "IN", "IN", "--format", "pdf"], "catalogue diff: --format must be text, csv, json or html (got 'pdf')"),
    (["validate", "IN", "-f", "xml"], "catalogue validate: --format must be text or json (got 'xml')"),
    (["inspect", "IN", "--page", "0"], "catalogue inspect: --page must be a whole number of at least 1 (got '0')"),
    (["schema", "--format", "yaml"], "catalogue schema: --format must be text or json (got 'yaml')"),
    (["extrac"], "catalogue: no such command 'extrac'. Did you mean 'extract'?"),
]


@pytest.mark.parametrize(("args", "line"), USAGE)
def test_a_usage_error_is_one_line_naming_the_option_and_what_it_takes(
    args: list[str], line: str, district_text: Path, tmp_path: Path
) -> None:
    given = [str(district_text) if a == "IN" else a for a in args]
    result = runner.invoke(app, [*given, *(["-o", str(tmp_path / "out")] if args[0] == "extract" else [])])
    assert result.exit_code == 2
    assert result.stdout == "" and result.stderr == line + "\n"
    assert not (tmp_path / "out").exists()


def test_flags_are_shown_as_flags() -> None:
    for command in ("extract", "diff", "validate", "inspect", "schema"):
        text = runner.invoke(app, [command, "--help"], env=WIDE).stdout
        assert "<bool>" not in text, command
        assert "--help" in text
    assert "<bool>" not in runner.invoke(app, ["--help"], env=WIDE).stdout


def test_every_command_names_unusable_inputs_the_same_way(district_text: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(district_text, "a.txt")
    Path("folder").mkdir()
    Path("afile").write_text("x", encoding="utf-8")
    cases = [
        (["extract", "nothere.pdf", "-o", "out"], "catalogue extract: no such file or folder: nothere.pdf"),
        (["validate", "nothere.parquet"], "catalogue validate: no such file or folder: nothere.parquet"),
        (["diff", "a.txt", "nothere.csv"], "catalogue diff: no such file or folder: nothere.csv"),
        (["inspect", "nothere.pdf"], "catalogue inspect: no such file or folder: nothere.pdf"),
        (["inspect", "folder"], "catalogue inspect: folder is a folder, not a file"),
        (["diff", "folder", "a.txt"], "catalogue diff: folder is a folder, not a file or an items/ dataset"),
        (["extract", "a.txt", "-o", "afile"], "catalogue extract: --output afile is a file, not a folder"),
    ]
    for args, line in cases:
        result = runner.invoke(app, args)
        assert (result.exit_code, result.stderr) == (2, line + "\n"), args
    assert not Path("out").exists()


def test_a_failed_file_in_a_folder_is_named_by_its_path(district_text: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in" / "sub").mkdir(parents=True)
    shutil.copy(district_text, "in/sub/good.txt")
    Path("in/sub/empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["extract", "in", "-o", "out", "-w", "1"])
    assert result.exit_code == 1
    assert "error: in/sub/empty.txt: empty file" in result.stderr.splitlines()
    assert any(line.startswith("in/sub/good.txt: 68 items") for line in result.stderr.splitlines())


def test_pages_counts_the_pages_read_and_names_one_missing_page(tmp_path: Path) -> None:
    # The district sample has 4 pages (samples/generate_pdfs.py); its page 2 holds 9 items.
    expected = json.loads((PDFS / "district-catalogue.expected.json").read_text(encoding="utf-8"))["rows"]
    on_page_2 = sum(1 for r in expected if r["page"] == 2)
    result = runner.invoke(app, ["extract", str(PDFS / "district-catalogue.pdf"), "-o", str(tmp_path), "--pages", "2,20"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert "warning: district-catalogue.pdf has 4 pages; page 20 does not exist" in lines
    assert lines[-1] == f"1 file extracted, 0 failed: {on_page_2} items, 1 page; warnings: no_such_page 1"
    three = runner.invoke(app, ["extract", str(PDFS / "district-catalogue.pdf"), "-o", str(tmp_path), "--pages", "1-3", "-q"])
    assert ", 3 pages" in three.stderr.splitlines()[-1]


def test_a_notes_sheet_is_a_note_not_a_warning(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(OFFICE / "district.xlsx"), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert any(line.startswith("note: district.xlsx p1: ") and "说明" in line for line in lines)
    assert not any(line.startswith("warning:") for line in lines)
    assert lines[-1].endswith("; notes: sheet_without_table 1")


def test_extract_json_prints_the_files_and_the_summary(district_text: Path, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(district_text, src / "a.txt")
    (src / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["extract", str(src), "-o", str(tmp_path / "out"), "-w", "1", "--json"])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    files = {Path(f["path"]).name: f for f in document["files"]}
    assert files["empty.txt"]["ok"] is False and files["empty.txt"]["error"].endswith(": empty file")
    good = files["a.txt"]
    table = pq.read_table(tmp_path / "out" / "a.parquet")
    pages = len([b for b in re.split(r"\n\s*\n", district_text.read_text(encoding="utf-8")) if b.strip()])  # blank-line blocks
    assert good["ok"] and good["items"] == table.num_rows and good["pages"] == pages
    assert sorted(Path(p).name for p in good["outputs"]) == ["a.csv", "a.parquet"]
    assert document["summary"] | {"warnings": {}} == {"extracted": 1, "unchanged": 0, "skipped": 0, "removed": 0, "missing": 0, "failed": 1, "items": table.num_rows,
                                                     "pages": pages, "warnings": {}, "notes": {}}
    assert document["summary"]["warnings"] == good["warnings"]


# ---------------------------------------------------------------- progress on one long file


def test_pages_are_told_as_they_are_read(district_text: Path) -> None:
    from catalogue.api import extract_file

    for path, known in ((district_text, False), (PDFS / "district-catalogue.pdf", True)):
        told: list[tuple[int, int]] = []
        extraction = extract_file(path, on_pages=lambda read, total, told=told: told.append((read, total)))
        pages = extraction.pages
        assert pages > 1
        assert [read for read, _ in told] == sorted(read for read, _ in told)  # never goes back
        assert told[0][0] == 1 and len({read for read, _ in told}) == pages  # one count a page
        assert told[-1] == (pages, pages)
        # A PDF says its pages before they are read; text blocks are counted as they come.
        assert {total for _, total in told[:-1]} == ({pages} if known else {0})


def test_a_workers_pages_reach_the_parent_through_its_progress_file(district_text: Path, tmp_path: Path) -> None:
    from catalogue.batch import run_batch
    from catalogue.progress import PagePoller

    folder = tmp_path / "progress"
    folder.mkdir()
    seen: list[tuple[str, int, int]] = []
    # A time limit runs even one file in a worker process (pebble): the count crosses processes.
    outcomes = run_batch([district_text], tmp_path / "out", timeout=60, workers=1, progress_dir=folder)
    assert outcomes[0].ok, outcomes[0].error
    poller = PagePoller(folder, lambda stem, read, total: seen.append((stem, read, total)))
    poller.poll()
    assert seen == [(outcomes[0].stem, outcomes[0].pages, outcomes[0].pages)]
    poller.poll()  # an unchanged count is told once
    assert len(seen) == 1


def test_plain_progress_lines_come_every_few_seconds_with_rate_and_time_left() -> None:
    import io

    from rich.console import Console

    from catalogue.progress import PLAIN_LINE_SECONDS, PageProgress

    now = [100.0]
    log = io.StringIO()
    shown = PageProgress(Console(file=log, force_terminal=False, width=200), "scan.pdf", clock=lambda: now[0])
    now[0] += PLAIN_LINE_SECONDS / 2
    shown.update(1, 10)
    assert log.getvalue() == ""  # too soon: a quick file prints nothing
    now[0] += PLAIN_LINE_SECONDS  # 1.5 × PLAIN_LINE_SECONDS after the start, 3 of 10 pages read
    shown.update(3, 10)
    rate = 3 / (1.5 * PLAIN_LINE_SECONDS)
    assert log.getvalue() == f"scan.pdf: 3 of 10 pages read, {rate:.2f} pages/s, about {7 / rate:.0f} s left\n"
    now[0] += PLAIN_LINE_SECONDS
    shown.update(10, 10)  # done: the file's own line follows
    assert log.getvalue().count("\n") == 1
    shown.stop()


def test_a_terminal_gets_a_page_bar() -> None:
    from rich.console import Console

    from catalogue.progress import PageProgress

    screen = Console(force_terminal=True, width=200, record=True)
    now = [0.0]
    shown = PageProgress(screen, "scan.pdf", clock=lambda: now[0])
    now[0] = 8.0
    shown.update(2, 5)
    assert shown.bar is not None
    shown.bar.refresh()
    drawn = screen.export_text()
    shown.stop()
    assert "scan.pdf" in drawn and "2/5" in drawn and "0.25/s" in drawn and "ETA" in drawn


@pytest.mark.ocr
def test_a_scanned_pdf_shows_its_pages_as_they_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import catalogue.progress

    monkeypatch.setattr(catalogue.progress, "PLAIN_LINE_SECONDS", 0.0)  # a line for every page count
    monkeypatch.chdir(ROOT)
    scan = ROOT / "samples" / "scans" / "district-catalogue-scan.pdf"
    result = runner.invoke(app, ["extract", str(scan), "-o", str(tmp_path), "--pages", "1-2"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert any(line.startswith("samples/scans/district-catalogue-scan.pdf: 1 of 2 pages read, ") and line.endswith(" s left")
               for line in lines), lines


# ---------------------------------------------------------------- inspect


def _overlaps(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_inspect_writes_in_the_text_of_fonts_the_pdf_does_not_embed(tmp_path: Path) -> None:
    """The district sample's Chinese font is not embedded (samples/generate_pdfs.py): pdfium
    draws its glyphs without ink, so the cells' text is written in with the CJK face the
    install carries, never a system font."""
    from PIL import Image

    from catalogue.inspect import inspect_page
    from catalogue.inspect.font import FONT_PACKAGE, font_path

    assert f"/{FONT_PACKAGE}/" in font_path() and Path(font_path()).stat().st_size > 1_000_000
    report = inspect_page(PDFS / "district-catalogue.pdf", 2, tmp_path / "p2.png")
    image = Image.open(report.out).convert("L")
    worded = [c for c in report.cells if re.search(r"[\u4e00-\u9fff]{2}", c.text)]
    assert len(worded) > 20
    blank = [c.text for c in worded
             if image.crop((c.box[0] + 4, c.box[1] + 4, c.box[2] - 4, c.box[3] - 4)).getextrema()[0] > 100]
    assert not blank, blank


def test_item_numbers_have_boxes_of_their_own(tmp_path: Path) -> None:
    from catalogue.inspect import inspect_page

    for pdf, page in ((PDFS / "district-catalogue.pdf", 2), (ROOT / "samples" / "pagebreaks" / "split-row-bare.pdf", 2)):
        report = inspect_page(pdf, page, tmp_path / f"{pdf.stem}.png")
        tags = [v.box for v in report.items if v.box is not None]
        assert len(tags) == len(report.items) > 0
        for tag in tags:
            assert not any(_overlaps(tag, c.box) for c in report.cells), (pdf.name, tag)
            assert tag[0] >= 0 and tag[2] <= report.size[0]
        assert all(not _overlaps(a, b) for i, a in enumerate(tags) for b in tags[i + 1 :])


@pytest.mark.ocr
def test_every_mark_on_a_scan_stays_outlined_when_the_picture_is_seen_smaller(tmp_path: Path) -> None:
    """Viewed fit to a screen (1000 pixels wide), every mark's outline still shows its
    state's colour, not the black of the scanned box's edge."""
    from PIL import Image

    from catalogue.inspect import STATE_RGB, inspect_page

    report = inspect_page(ROOT / "samples" / "scans" / "scan-district.pdf", 2, tmp_path / "scan.png")
    assert report.scanned and report.mark_counts()["empty"] >= 10
    image = Image.open(report.out).convert("RGB")
    f = 1000 / image.width
    small = image.resize((1000, round(image.height * f)), Image.Resampling.LANCZOS)
    for mark in report.marks:
        x0, y0, x1, y1 = mark.box
        seen = small.getpixel((round((x0 + 1) * f), round((y0 + y1) / 2 * f)))
        want = STATE_RGB[mark.state]
        strongest = max(range(3), key=lambda k: want[k])
        assert seen[strongest] > max(v for k, v in enumerate(seen) if k != strongest) + 60, (mark.label, seen)


# ---------------------------------------------------------------- catalogue.read_items


def _records(frame: object) -> list[dict[str, object]]:
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    return [{k: (None if v is pd.NA else v) for k, v in row.items()} for row in frame.to_dict("records")]


def test_read_items_reads_a_file_a_folder_and_the_dataset_alike(district_text: Path, tmp_path: Path,
                                                                 contract_differences) -> None:
    import pandas as pd

    import catalogue
    from catalogue.errors import InputNotFound
    from catalogue.schemas.contract import COLUMNS, SCHEMA

    web = ROOT / "samples" / "html" / "county-web-page.html"
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(web, src / web.name)
    shutil.copy(district_text, src / district_text.name)
    out = tmp_path / "out"
    assert runner.invoke(app, ["extract", str(src), "-o", str(out), "-q", "--provenance"]).exit_code == 0

    one = catalogue.read_items(out / "county-web-page.parquet")
    assert list(one.columns) == list(COLUMNS)
    for field in SCHEMA:
        want = {"string": "string", "bool": "boolean", "int32": "Int32"}.get(str(field.type), "object")
        assert str(one[field.name].dtype) == want, field.name
    # The rows the generator wrote (samples/generate_web.py), other_columns as dicts.
    expected = json.loads((ROOT / "samples" / "html" / "county-web-page.expected.json").read_text(encoding="utf-8"))
    got = _records(one)
    assert not contract_differences(expected, got)
    assert any(row["other_columns"] for row in got) and all(isinstance(row["other_columns"], dict) for row in got)
    assert one["level_6"].isna().all() and one["level_6"].iloc[0] is pd.NA  # <NA>, not NaN

    pd.testing.assert_frame_equal(catalogue.read_items(out / "county-web-page.csv"), one)
    folder = catalogue.read_items(out)  # its .parquet files, not the provenance ones
    dataset = catalogue.read_items(out / "items")
    pd.testing.assert_frame_equal(folder, dataset)
    parts = [catalogue.read_items(out / f"{stem}.parquet") for stem in ("county-web-page", "district-catalogue-extracted")]
    pd.testing.assert_frame_equal(folder, pd.concat(parts, ignore_index=True))
    with pytest.raises(InputNotFound):
        catalogue.read_items(tmp_path / "nothing")


def test_importing_catalogue_stays_light() -> None:
    done = subprocess.run([sys.executable, "-c", "import sys, catalogue; catalogue.__version__; "
                           "print(sorted({'pandas', 'pyarrow'} & set(sys.modules)))"], capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.strip() == "[]", done.stderr
