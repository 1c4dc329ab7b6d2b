"""Custody of the output folder across runs (the hostile week of round eight): a run
stopped or killed between a worker's writing and the manifest's recording leaves nothing
unaccounted for; stems never collide once the suffixes are added; a file re-extracted on
its own keeps its rows in items/; an emptied folder still has its outputs taken stock of;
links and names from outside are recorded by the name given, read once, and never brick
the folder.

Stops and kills between writing and recording are made by replacing
catalogue.batch.run_task with the hooks below (module-level, so a child process imports
them by name), never by timing: a file whose name contains "stop" is written and then the
run is interrupted; one whose name contains "kill" is written and then the process ends
outright (os._exit, no clean-up at all)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import catalogue.batch
from catalogue.batch import Task, run_batch, run_task
from catalogue.cli import app
from catalogue.output.manifest import DATASET_DIR, MANIFEST_NAME, open_dataset

runner = CliRunner()
TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
OFFICE = ROOT / "samples" / "office"
DISTRICT = OFFICE / "district.csv"
NATIONAL = OFFICE / "national.csv"
ALL = ("parquet", "csv", "xlsx", "jsonl")
KILLED = 86  # the exit code the "kill" hook ends the process with
# A run in this process (no pool, no time limit), so the "kill" hook ends the run itself.
KILL_RUNNER = (
    f"import sys; from pathlib import Path; sys.path.insert(0, {str(TESTS)!r}); import test_custody_run as t; "
    "import catalogue.batch as b; b.run_task = t.hooked_task; "
    "b.run_batch([Path(sys.argv[1])], Path(sys.argv[2]), formats=t.ALL, manifest=True, timeout=0)"
)


def _rows(expected: Path) -> int:
    return len(json.loads(expected.read_text(encoding="utf-8"))["rows"])


DISTRICT_ITEMS = _rows(OFFICE / "district-csv.expected.json")
NATIONAL_ITEMS = _rows(OFFICE / "national-csv.expected.json")


def hooked_task(task: Task):  # type: ignore[no-untyped-def]
    """run_task, then the run ends before it records the outcome (by the file's name)."""
    outcome = run_task(task)
    if "stop" in task.path.name:
        raise KeyboardInterrupt  # Ctrl-C with no handler of ours: nothing below may catch it
    if "kill" in task.path.name:
        os._exit(KILLED)
    return outcome


def _extract(*args: object):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["extract", *[str(a) for a in args]])


def _manifest(out: Path) -> list[dict]:
    return json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]


def unaccounted(out: Path) -> list[str]:
    """Files and partitions in `out` that its manifest does not list (its own files aside)."""
    files = _manifest(out)
    listed = {name for entry in files for name in entry["outputs"]}
    partitions = {entry["partition"] for entry in files if entry["partition"]}
    found = [name for name in os.listdir(out) if name not in listed and name not in (MANIFEST_NAME, DATASET_DIR)]
    if (out / DATASET_DIR).is_dir():
        found += [f"{DATASET_DIR}/{name}" for name in os.listdir(out / DATASET_DIR) if name not in partitions]
    return sorted(found)


def _sources(out: Path) -> dict[str, int]:
    table = open_dataset(out).to_table(columns=["source"])
    counts: dict[str, int] = {}
    for value in table.column("source").to_pylist():
        counts[value] = counts.get(value, 0) + 1
    return counts


def _folder(tmp_path: Path, names: dict[str, Path]) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, sample in names.items():
        shutil.copy(sample, folder / name)
    return folder


# ---------------------------------------------------------------- 1. stopped between writing and recording


def test_a_run_stopped_after_a_worker_wrote_takes_its_outputs_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path, {"a.csv": DISTRICT, "b-stop.csv": NATIONAL})
    out = tmp_path / "out"
    monkeypatch.setattr(catalogue.batch, "run_task", hooked_task)
    with pytest.raises(KeyboardInterrupt):
        run_batch([folder], out, formats=ALL, manifest=True, timeout=0)
    # b-stop's worker wrote all four formats and its partition; none of it is recorded.
    assert unaccounted(out) == []
    assert sorted(p.name for p in out.iterdir() if p.name.startswith("b-stop")) == []
    assert [entry["source"] for entry in _manifest(out)] == ["a.csv"]
    monkeypatch.setattr(catalogue.batch, "run_task", run_task)
    result = _extract(folder, "-o", out, "-f", ",".join(ALL), "-q")
    assert result.exit_code == 0, result.output
    assert _sources(out) == {"a.csv": DISTRICT_ITEMS, "b-stop.csv": NATIONAL_ITEMS}


def test_a_stopped_rerun_keeps_what_the_manifest_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path, {"b-stop.csv": NATIONAL})
    out = tmp_path / "out"
    assert _extract(folder, "-o", out, "-q").exit_code == 0
    monkeypatch.setattr(catalogue.batch, "run_task", hooked_task)
    with pytest.raises(KeyboardInterrupt):  # now with two more formats, stopped before recording
        run_batch([folder], out, formats=ALL, manifest=True, timeout=0, force=True)
    assert unaccounted(out) == []
    assert sorted(p.name for p in out.iterdir() if p.name.startswith("b-stop")) == ["b-stop.csv", "b-stop.parquet"]
    assert _sources(out) == {"b-stop.csv": NATIONAL_ITEMS}


def test_a_run_killed_after_a_worker_wrote_leaves_the_next_run_in_charge(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.csv": DISTRICT, "b-kill.csv": NATIONAL})
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    killed = subprocess.run([sys.executable, "-c", KILL_RUNNER, str(folder), str(out)],
                            capture_output=True, text=True, env=env, timeout=300)
    assert killed.returncode == KILLED, killed.stderr
    assert (out / "b-kill.xlsx").exists() and (out / DATASET_DIR / "file=b-kill").exists()
    for name in ("b-kill.xlsx", "b-kill.jsonl"):  # no mark of ours: only the manifest can vouch for them
        if (out / name).exists():
            assert any(name in entry.get("pending", []) + entry["outputs"] for entry in _manifest(out))
    (folder / "b-kill.csv").rename(folder / "b.csv")  # the killed file is gone; another takes its place
    result = _extract(folder, "-o", out, "-f", ",".join(ALL), "-q")
    assert result.exit_code == 0, result.output
    assert unaccounted(out) == []
    assert not list(out.glob("b-kill*"))
    assert _sources(out) == {"a.csv": DISTRICT_ITEMS, "b.csv": NATIONAL_ITEMS}


# ---------------------------------------------------------------- 2. stems that collide once suffixes are added


def _outputs(out: Path) -> list[str]:
    return [name for entry in _manifest(out) for name in entry["outputs"]]


def test_an_input_named_like_a_provenance_table_never_shares_an_output(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"x.csv": DISTRICT, "x.provenance.csv": NATIONAL})
    out = tmp_path / "out"
    result = _extract(folder, "-o", out, "--provenance", "-q")
    assert result.exit_code == 0, result.output
    names = _outputs(out)
    assert len(names) == len(set(names)) == 6  # parquet, csv and provenance table of each
    stems = {entry["source"]: entry["stem"] for entry in _manifest(out)}
    assert stems["x.csv"] == "x"
    assert not stems["x.provenance.csv"].lower().endswith(".provenance")
    assert pq.read_table(out / f"{stems['x.provenance.csv']}.parquet").num_rows == NATIONAL_ITEMS
    assert pq.read_table(out / "x.parquet").num_rows == DISTRICT_ITEMS
    # Without --provenance too: its items are never in a file every reader skips by name.
    alone = tmp_path / "alone"
    assert _extract(folder / "x.provenance.csv", "-o", alone, "-q").exit_code == 0
    assert not any(name.lower().endswith(".provenance.parquet") for name in _outputs(alone))
    check = runner.invoke(app, ["validate", str(alone)])
    assert check.exit_code == 0, check.output


def test_stems_differing_only_in_case_or_normalisation_stay_apart(tmp_path: Path) -> None:
    nfc, nfd = "公開\u00e9", "公開e\u0301"  # é composed, and e with a combining accent
    folder = _folder(tmp_path, {"A.csv": DISTRICT, "a.csv": NATIONAL, f"{nfc}.csv": DISTRICT, f"{nfd}.csv": NATIONAL})
    out = tmp_path / "out"
    assert _extract(folder, "-o", out, "-q").exit_code == 0
    folded = [unicodedata.normalize("NFC", name).casefold() for name in _outputs(out)]
    assert len(folded) == len(set(folded)) == 8
    partitions = [unicodedata.normalize("NFC", entry["partition"]).casefold() for entry in _manifest(out)]
    assert len(set(partitions)) == 4


def test_a_backslash_in_a_file_name_never_locks_the_folder(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a\\b.csv": DISTRICT})
    out = tmp_path / "out"
    for _ in range(2):  # the second run reads the manifest the first wrote
        result = _extract(folder, "-o", out, "-q")
        assert result.exit_code == 0, result.output
    [entry] = _manifest(out)
    assert entry["source"] == "a\\b.csv" and "\\" not in entry["stem"]
    assert _sources(out) == {"a\\b.csv": DISTRICT_ITEMS}


# ---------------------------------------------------------------- 3, 4. a file on its own, a folder emptied


def test_a_file_of_a_batch_re_extracted_on_its_own_keeps_its_rows(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.csv": DISTRICT, "b.csv": NATIONAL})
    out = tmp_path / "out"
    assert _extract(folder, "-o", out, "-q").exit_code == 0
    result = _extract(folder / "a.csv", "-o", out, "-q")
    assert result.exit_code == 0, result.output
    assert _sources(out) == {"a.csv": DISTRICT_ITEMS, "b.csv": NATIONAL_ITEMS}
    assert unaccounted(out) == []


def test_an_emptied_folder_still_has_its_outputs_taken_stock_of(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.csv": DISTRICT})
    out = tmp_path / "out"
    assert _extract(folder, "-o", out, "-q").exit_code == 0
    (folder / "a.csv").unlink()
    os.mkfifo(folder / "p.csv")  # the only entry left is never read
    result = _extract(folder, "-o", out)
    assert result.exit_code == 1  # still no input to extract
    assert "no supported input files found" in result.output
    assert "a.csv" in result.output and "removed" in result.output
    assert not list(out.glob("a.*")) and not (out / DATASET_DIR / "file=a").exists()
    assert [entry["source"] for entry in _manifest(out) if entry["outputs"] or entry["partition"]] == []
