"""What `diff -o` and `inspect -o` may write over: a file they wrote before, never an input
of the command nor any other file that is there (hostile-week findings A6, D21); inputs
that are no regular files are refused in one line before anything blocks on them (D20)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from catalogue.cli import app

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PDF = SAMPLES / "pdf" / "national-catalogue.pdf"
SCAN = SAMPLES / "scans" / "scan-district-p1.png"
OLD_HTML = SAMPLES / "html" / "district-rowspan.html"
NEW_HTML = SAMPLES / "html" / "national-options.html"

runner = CliRunner()


def _inputs(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.html", tmp_path / "new.html"
    shutil.copy(OLD_HTML, old)
    shutil.copy(NEW_HTML, new)
    return old, new


def _one_line(output: str) -> str:
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    return lines[0]


@pytest.mark.parametrize("which", [0, 1])
def test_diff_never_writes_over_an_input(tmp_path: Path, which: int) -> None:
    inputs = _inputs(tmp_path)
    before = inputs[which].read_bytes()
    result = runner.invoke(app, ["diff", str(inputs[0]), str(inputs[1]), "-f", "html", "-o", str(inputs[which])])
    assert result.exit_code == 2
    assert "is an input of this command" in _one_line(result.output)
    assert inputs[which].read_bytes() == before


def test_diff_never_writes_over_a_hard_link_to_an_input(tmp_path: Path) -> None:
    old, new = _inputs(tmp_path)
    link = tmp_path / "report.html"
    os.link(new, link)
    result = runner.invoke(app, ["diff", str(old), str(new), "-f", "html", "-o", str(link)])
    assert result.exit_code == 2 and "is an input of this command" in result.output
    assert new.read_bytes() == NEW_HTML.read_bytes()


def test_diff_never_writes_over_a_file_it_did_not_write(tmp_path: Path) -> None:
    old, new = _inputs(tmp_path)
    other = tmp_path / "notes.txt"
    other.write_text("my own notes\n", encoding="utf-8")
    result = runner.invoke(app, ["diff", str(old), str(new), "-o", str(other)])
    assert result.exit_code == 2
    assert "is there and is not a report of catalogue diff" in _one_line(result.output)
    assert other.read_text(encoding="utf-8") == "my own notes\n"


@pytest.mark.parametrize("fmt", ["text", "csv", "json", "html"])
def test_diff_replaces_its_own_report(tmp_path: Path, fmt: str) -> None:
    old, new = _inputs(tmp_path)
    report = tmp_path / f"report.{fmt}"
    first = runner.invoke(app, ["diff", str(old), str(new), "-f", fmt, "-o", str(report)])
    assert first.exit_code == 1, first.output  # the two catalogues differ
    written = report.read_bytes()
    # the other way round: a different report, written over the first
    second = runner.invoke(app, ["diff", str(new), str(old), "-f", fmt, "-o", str(report)])
    assert second.exit_code == 1, second.output
    assert report.read_bytes() != written
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["old.html", "new.html", report.name])


def test_inspect_never_writes_over_its_input(tmp_path: Path) -> None:
    source = tmp_path / "page.png"
    shutil.copy(SCAN, source)
    result = runner.invoke(app, ["inspect", str(source), "-o", str(source)])
    assert result.exit_code == 2
    assert "is an input of this command" in _one_line(result.output)
    assert source.read_bytes() == SCAN.read_bytes()


def test_inspect_default_name_never_replaces_a_foreign_png(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(PDF, "c.pdf")
    shutil.copy(SCAN, "c-p1.png")  # a picture of someone else's, under inspect's default name
    result = runner.invoke(app, ["inspect", "c.pdf"])
    assert result.exit_code == 2
    assert "c-p1.png is there and is not a drawing of catalogue inspect" in _one_line(result.output)
    assert Path("c-p1.png").read_bytes() == SCAN.read_bytes()


def test_inspect_replaces_its_own_drawing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(PDF, "c.pdf")
    first = runner.invoke(app, ["inspect", "c.pdf"])
    assert first.exit_code == 0, first.output
    with Image.open("c-p1.png") as image:
        assert image.format == "PNG"
    again = runner.invoke(app, ["inspect", "c.pdf"])
    assert again.exit_code == 0, again.output
    assert sorted(os.listdir()) == ["c-p1.png", "c.pdf"]


def test_inspect_writes_only_a_png_into_a_folder_that_is_there(tmp_path: Path) -> None:
    jpg = runner.invoke(app, ["inspect", str(PDF), "-o", str(tmp_path / "x.jpg")])
    assert jpg.exit_code == 2 and "give a name ending in .png" in _one_line(jpg.output)
    deep = runner.invoke(app, ["inspect", str(PDF), "-o", str(tmp_path / "deep" / "er" / "x.png")])
    assert deep.exit_code == 2 and "no such folder" in _one_line(deep.output)
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("command", [["validate", "{p}"], ["diff", "{p}", "{p}"], ["inspect", "{p}"]])
def test_a_named_pipe_is_refused_not_read(tmp_path: Path, command: list[str]) -> None:
    pipe = tmp_path / "p.csv"
    os.mkfifo(pipe)
    result = runner.invoke(app, [part.format(p=pipe) for part in command])
    assert result.exit_code == 2
    assert _one_line(result.output) == f"catalogue {command[0]}: {pipe} is not a regular file (a named pipe or a device)"


@pytest.mark.parametrize(("args", "name"), [
    (["extract", str(OLD_HTML), "-o", ""], "--output"),
    (["extract", ""], "INPUTS"),
    (["validate", ""], "FILES"),
    (["diff", str(OLD_HTML), ""], "NEW"),
    (["diff", str(OLD_HTML), str(NEW_HTML), "-o", ""], "--output"),
    (["inspect", str(PDF), "-o", ""], "--output"),
])
def test_an_empty_path_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], name: str) -> None:
    # hostile-week D21: -o '' (an unset variable in a script) wrote into the working folder
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert _one_line(result.output) == f"catalogue {args[0]}: {name} must not be empty (an unset shell variable?)"
    assert os.listdir(tmp_path) == []


def test_diff_refuses_a_source_csv_in_one_short_line() -> None:
    # hostile-week D21: the refusal named all 46 columns of the contract
    result = runner.invoke(app, ["diff", str(SAMPLES / "office" / "district.csv"), str(SAMPLES / "office" / "national.csv")])
    assert result.exit_code == 2
    line = _one_line(result.output)
    assert "missing column(s) source, page, item_no, item_key, level_1 and " in line
    assert line.endswith("a .csv is compared as an output of catalogue extract: extract it, then compare the outputs")
    assert len(line) < 300


def test_inspect_of_a_pdf_with_no_pages_gives_a_reason(tmp_path: Path) -> None:
    # hostile-week D21: "PDFium: Success" was the reason
    result = runner.invoke(app, ["inspect", str(SAMPLES / "pdf" / "zero-pages.pdf"), "-o", str(tmp_path / "z.png")])
    assert result.exit_code == 1
    line = _one_line(result.output)
    assert line == "error: zero-pages.pdf: the PDF has no pages"
