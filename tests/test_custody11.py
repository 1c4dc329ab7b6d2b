"""Custody findings of round eleven's tester: what sits at an output's or a partition's
name and is not the tool's stays (F2), another program's manifest.json is never written
over (F8), an input is unchanged only while its listed outputs are its own (F9), and
what is in the way of the dataset is named (F3). Every test runs the CLI as a user would."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import catalogue.output.folder
from catalogue.cli import app

runner = CliRunner()
SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "office"
DISTRICT = SAMPLES / "district.csv"
NATIONAL = SAMPLES / "national.csv"


def _extract(*args: object):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["extract", *[str(a) for a in args]])


# ---------------------------------------------------------------- F2


def test_a_file_at_a_partition_s_name_is_never_removed(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    shutil.copy(NATIONAL, tmp_path / "in" / "b.csv")
    note = tmp_path / "out" / "items" / "file=b"
    note.parent.mkdir(parents=True)
    note.write_text("my notes", encoding="utf-8")
    result = _extract(tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "never replaced: move it" in result.output
    assert note.read_text(encoding="utf-8") == "my notes"


def test_a_file_at_a_gone_input_s_partition_stays_and_is_named(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    shutil.copy(DISTRICT, tmp_path / "in" / "a.csv")
    out = tmp_path / "out"
    assert _extract(tmp_path / "in", "-o", out, "-q").exit_code == 0
    shutil.rmtree(out / "items" / "file=a")
    (out / "items" / "file=a").write_text("my notes", encoding="utf-8")
    (tmp_path / "in" / "a.csv").unlink()
    shutil.copy(NATIONAL, tmp_path / "in" / "b.csv")
    result = _extract(tmp_path / "in", "-o", out)
    assert (out / "items" / "file=a").read_text(encoding="utf-8") == "my notes"
    assert "file=a" in result.output and "left there" in result.output
    assert not (out / "a.csv").exists()  # the tool's own outputs of the gone input did go


def test_a_named_pipe_at_a_format_no_longer_written_stays(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    shutil.copy(DISTRICT, tmp_path / "in" / "a.csv")
    out = tmp_path / "out"
    assert _extract(tmp_path / "in", "-o", out, "-f", "csv,jsonl", "-q").exit_code == 0
    (out / "a.jsonl").unlink()
    os.mkfifo(out / "a.jsonl")
    result = _extract(tmp_path / "in", "-o", out, "-f", "csv")
    assert result.exit_code == 0
    assert (out / "a.jsonl").is_fifo()
    assert "a.jsonl is not a regular file" in result.output and "left there" in result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [record["outputs"] for record in manifest["files"]] == [["a.csv"]]


# ---------------------------------------------------------------- F8

FOREIGN_MANIFESTS = (
    {"name": "county-site-export", "version": "2.3", "files": [], "entrypoints": ["index.html"]},
    {"files": {}},
    {"name": "backup", "files": [{"path": "a.html", "size": 10}]},
    {"manifest_format": 1, "files": [], "entrypoints": ["index.html"]},  # our key, and one we never write
)


def test_another_program_s_manifest_is_never_written_over(tmp_path: Path) -> None:
    for n, foreign in enumerate(FOREIGN_MANIFESTS):
        site = tmp_path / f"site{n}"
        site.mkdir()
        shutil.copy(DISTRICT, site / "目录.csv")
        text = json.dumps(foreign, ensure_ascii=False)
        (site / "manifest.json").write_text(text, encoding="utf-8")
        result = _extract(site, "-o", site)
        assert result.exit_code == 1, foreign
        assert (site / "manifest.json").read_text(encoding="utf-8") == text
        errors = [line for line in result.output.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and "not a catalogue run manifest" in errors[0], result.output
        assert "delete" not in errors[0]
        assert sorted(p.name for p in site.iterdir()) == ["manifest.json", "目录.csv"]


# ---------------------------------------------------------------- F9


def _two_sources(tmp_path: Path) -> tuple[Path, Path]:
    """in/a.csv and in/b.csv (the district sample with one word changed), extracted to out/."""
    (tmp_path / "in").mkdir()
    shutil.copy(DISTRICT, tmp_path / "in" / "a.csv")
    text = DISTRICT.read_text(encoding="utf-8-sig")
    assert "内设机构" in text
    (tmp_path / "in" / "b.csv").write_text(text.replace("内设机构", "内设部门"), encoding="utf-8")
    out = tmp_path / "out"
    assert _extract(tmp_path / "in", "-o", out, "-q").exit_code == 0
    return tmp_path / "in", out


def _sources(path: Path) -> set[str]:
    return set(pq.read_table(path, columns=["source"]).column("source").to_pylist())


def test_another_source_s_outputs_at_a_listed_name_are_made_again(tmp_path: Path) -> None:
    folder, out = _two_sources(tmp_path)
    for name in ("a.parquet", "a.csv"):  # a wrong restore: b.csv's outputs under a.csv's names
        shutil.copy(out / name.replace("a.", "b."), out / name)
    result = runner.invoke(app, ["extract", str(folder), "-o", str(out), "--json"])
    assert result.exit_code == 0
    status = {Path(entry["path"]).name: entry["status"] for entry in json.loads(result.stdout)["files"]}
    assert status == {"a.csv": "extracted", "b.csv": "unchanged"}
    assert _sources(out / "a.parquet") == {"a.csv"}
    assert (out / "a.csv").read_text(encoding="utf-8-sig").splitlines()[1].startswith("a.csv,")


def test_a_csv_output_of_another_source_alone_is_made_again(tmp_path: Path) -> None:
    folder, out = _two_sources(tmp_path)
    shutil.copy(out / "b.csv", out / "a.csv")
    result = runner.invoke(app, ["extract", str(folder), "-o", str(out), "--json"])
    status = {Path(entry["path"]).name: entry["status"] for entry in json.loads(result.stdout)["files"]}
    assert status["a.csv"] == "extracted"
    assert (out / "a.csv").read_text(encoding="utf-8-sig").splitlines()[1].startswith("a.csv,")


def test_validate_fails_an_output_of_another_source(tmp_path: Path) -> None:
    _, out = _two_sources(tmp_path)
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0
    shutil.copy(out / "b.csv", out / "a.csv")
    result = runner.invoke(app, ["validate", str(out)])
    assert result.exit_code == 1
    assert "manifest_source: items of b.csv here" in result.output
    # A Parquet copy whose rows were relabelled still names b.csv's SHA-256 in its metadata.
    table = pq.read_table(out / "b.parquet")
    relabelled = table.set_column(0, "source", pa.array(["a.csv"] * table.num_rows))
    pq.write_table(relabelled.replace_schema_metadata(table.schema.metadata), out / "a.parquet")
    shutil.copy(out / "b.csv", out / "a.csv")
    result = runner.invoke(app, ["validate", str(out / "a.parquet")])
    assert result.exit_code == 1
    assert "manifest_source: its metadata names another source file" in result.output


# ---------------------------------------------------------------- F3


def test_a_folder_at_a_partition_s_data_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    shutil.copy(NATIONAL, tmp_path / "in" / "b.csv")
    in_the_way = tmp_path / "out" / "items" / "file=b" / "data.parquet"
    in_the_way.mkdir(parents=True)
    result = _extract(tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 1
    [error] = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert f"{in_the_way} is a folder" in error and error.endswith("never replaced: move it")
    assert in_the_way.is_dir()


def test_a_file_at_items_stops_the_run_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for name in ("a.csv", "b.csv", "c.csv"):
        shutil.copy(NATIONAL, tmp_path / "in" / name)
    out = tmp_path / "out"
    out.mkdir()
    (out / "items").write_text("mine", encoding="utf-8")
    result = _extract(tmp_path / "in", "-o", out)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and f"{out / 'items'} is not a folder" in errors[0], result.output
    assert (out / "items").read_text(encoding="utf-8") == "mine"
    assert not (out / "a.parquet").exists()


def test_a_file_that_fails_for_its_own_reason_names_what_was_left_at_its_partition(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "b.csv").write_text("no table here\n", encoding="utf-8")
    note = tmp_path / "out" / "items" / "file=b"
    note.parent.mkdir(parents=True)
    note.write_text("my notes", encoding="utf-8")
    result = _extract(tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 1
    [error] = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert error.endswith(f"{note} is not a folder (a file, a named pipe or a device) at the name of a partition of "
                          "the items dataset, so not catalogue's; it was left there: move it")
    assert note.read_text(encoding="utf-8") == "my notes"


# ---------------------------------------------------------------- F13

# A download stopped early: the first bytes of the national catalogue, its later pages
# and cross-reference table gone (the tester's cut; the file is 12 items whole).
CUT_AT = 5000


def test_validate_fails_the_outputs_of_a_file_its_manifest_records_damaged(tmp_path: Path) -> None:
    whole = SAMPLES.parent / "pdf" / "national-catalogue.pdf"
    (tmp_path / "cut.pdf").write_bytes(whole.read_bytes()[:CUT_AT])
    out = tmp_path / "out"
    assert _extract(tmp_path / "cut.pdf", "-o", out, "-q").exit_code == 0
    warnings = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"][0]["warnings"]
    assert "damaged_file" in warnings
    result = runner.invoke(app, ["validate", str(out)])
    assert result.exit_code == 1
    assert result.output.count("error    manifest_warnings: its folder's manifest records damaged_file") == 2
    # A file read whole passes that check, and so does one whose cross-reference table was
    # only rebuilt (an informational xref_rebuilt: a line added after its header; the
    # mid-round review, C2).
    data = whole.read_bytes()
    header_end = data.index(b"\n") + 1
    (tmp_path / "shifted.pdf").write_bytes(data[:header_end] + b"%" + b"x" * 28 + b"\n" + data[header_end:])
    for good in (DISTRICT, tmp_path / "shifted.pdf"):
        assert _extract(good, "-o", tmp_path / good.stem, "-q").exit_code == 0
        result = runner.invoke(app, ["validate", str(tmp_path / good.stem)])
        assert result.exit_code == 0 and "manifest_warnings: no note" in result.output, result.output


# ---------------------------------------------------------------- F19


def test_a_run_that_finds_nothing_says_what_it_passed_over(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    shutil.copy(NATIONAL, tmp_path / "in" / "a.csv")
    out = tmp_path / "out"
    assert _extract(tmp_path / "in", "-o", out, "-q").exit_code == 0
    result = _extract(out, "-o", tmp_path / "out9")
    assert result.exit_code == 1
    assert (f"error: no supported input files found; {out} is a catalogue output folder (it holds manifest.json): "
            "its files are never read as input") in result.output.splitlines()
    (tmp_path / "z").mkdir()
    shutil.copy(SAMPLES / "district.xlsx", tmp_path / "z" / "目录.zip")
    result = _extract(tmp_path / "z", "-o", tmp_path / "oz")
    assert result.exit_code == 1
    assert any(line.startswith("warning: ") and "目录.zip: an archive, not read" in line
               for line in result.output.splitlines()), result.output


# ---------------------------------------------------------------- F15


def test_diff_reports_kept_beside_the_sources_are_skipped_with_a_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DISTRICT, folder / "a.csv")
    assert _extract(folder, "-o", tmp_path / "wk1", "-q").exit_code == 0
    text = (folder / "a.csv").read_text(encoding="utf-8-sig")
    (folder / "a.csv").write_text(text.replace("内设机构", "内设部门"), encoding="utf-8")
    assert _extract(folder, "-o", tmp_path / "wk2", "-q").exit_code == 0
    for fmt, name in (("csv", "changes.csv"), ("html", "changes.html")):
        made = runner.invoke(app, ["diff", str(tmp_path / "wk1"), str(tmp_path / "wk2"), "-f", fmt, "-o", str(folder / name)])
        assert made.exit_code in (0, 1), made.output  # 1: the two weeks differ
        assert (folder / name).is_file()
    result = _extract(folder, "-o", tmp_path / "wk3")
    assert result.exit_code == 0, result.output
    for name in ("changes.csv", "changes.html"):
        assert f"warning: {folder / name}: a report of catalogue diff, not a catalogue, skipped" in result.output.splitlines()
    assert sorted(p.name for p in (tmp_path / "wk3").glob("*.parquet")) == ["a.parquet"]
    # Named on its own, a report fails in one line saying what it is (it was read).
    named = _extract(folder / "changes.csv", "-o", tmp_path / "wk4")
    assert named.exit_code == 1
    assert [line for line in named.output.splitlines() if line.startswith("error:")] == [
        f"error: {folder / 'changes.csv'}: a report of catalogue diff, not a catalogue: extract the catalogue it came "
        "from instead"]


# ---------------------------------------------------------------- F23


def test_one_output_that_cannot_be_removed_keeps_neither_the_rest_nor_the_rows(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A gone file whose a.parquet cannot be removed (as a read-only share refuses it; the
    tests run as root, so the refusal is injected): its other outputs and partition go all
    the same, and its record stays until a run removes the rest."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DISTRICT, folder / "a.csv")
    shutil.copy(NATIONAL, folder / "b.csv")
    out = tmp_path / "out"
    assert _extract(folder, "-o", out, "-q").exit_code == 0
    (folder / "a.csv").unlink()
    unlink = catalogue.output.folder._unlink

    def refusing(path: Path) -> str | None:
        return f"cannot remove {path}: Permission denied" if path.name == "a.parquet" else unlink(path)

    monkeypatch.setattr(catalogue.output.folder, "_unlink", refusing)
    result = _extract(folder, "-o", out)
    assert result.exit_code == 1
    assert "could not all be removed (cannot remove" in result.output
    assert not (out / "a.csv").exists() and not (out / "items" / "file=a").exists()
    sources = [entry["source"] for entry in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]]
    assert sorted(sources) == ["a.csv", "b.csv"]  # kept: a.parquet is still to go
    monkeypatch.setattr(catalogue.output.folder, "_unlink", unlink)
    result = _extract(folder, "-o", out)
    assert result.exit_code == 0, result.output
    assert not (out / "a.parquet").exists()
    sources = [entry["source"] for entry in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]]
    assert sources == ["b.csv"]


# ---------------------------------------------------------------- F14


def test_an_inspect_drawing_beside_the_sources_is_skipped_with_a_line(tmp_path: Path) -> None:
    from catalogue.inspect.draw import SOFTWARE, SOFTWARE_KEY
    from catalogue.output.formats import DRAWING_MARK

    assert f"tEXt{SOFTWARE_KEY}\x00{SOFTWARE}" == DRAWING_MARK  # one mark, read as draw writes it
    folder = tmp_path / "scans"
    folder.mkdir()
    shutil.copy(SAMPLES.parent / "pdf" / "national-catalogue.pdf", folder / "国.pdf")
    drawn = runner.invoke(app, ["inspect", str(folder / "国.pdf"), "--page", "1", "-o", str(folder / "国-p1.png")])
    assert drawn.exit_code == 0, drawn.output
    result = _extract(folder, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (f"warning: {folder / '国-p1.png'}: a drawing of catalogue inspect, not a catalogue, skipped"
            in result.output.splitlines())
    assert sorted(p.name for p in (tmp_path / "out").glob("*.parquet")) == ["国.parquet"]
    # Named on its own, the drawing is no scan either: it was read by OCR into junk items.
    named = _extract(folder / "国-p1.png", "-o", tmp_path / "out2")
    assert named.exit_code == 1 and "a drawing of catalogue inspect, not a catalogue" in named.output
    assert not list((tmp_path / "out2").glob("*.parquet"))
