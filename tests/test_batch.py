"""Batch runs: a folder with good and bad files, the manifest, re-runs, the dataset, Dask."""

from __future__ import annotations

import json
import os
import pty
import random
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from catalogue.cli import app
from catalogue.executors import CRASH_MESSAGE, map_local, timeout_message
from catalogue.output.manifest import MANIFEST_NAME, open_dataset

runner = CliRunner()

GOOD = {
    "district.txt": "district-catalogue-extracted.txt",
    "district-rowspan.html": "html/district-rowspan.html",
    "national-options.html": "html/national-options.html",
    "sub/district-pipes.md": "markdown/district-pipes.md",
}
BAD = ["corrupt.pdf", "binary.txt"]


@pytest.fixture
def folder(samples_dir: Path, tmp_path: Path) -> Path:
    src = tmp_path / "in"
    for name, sample in GOOD.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(samples_dir / sample, src / name)
    noise = random.Random(5)
    (src / "corrupt.pdf").write_bytes(bytes(noise.randrange(256) for _ in range(4000)))  # random bytes named .pdf
    (src / "binary.txt").write_bytes(bytes(range(256)) * 20)  # a binary file under a supported name
    (src / "notes.bin").write_bytes(b"\x00\x01")  # unsupported suffix: not an input at all
    return src


def _manifest(out: Path) -> dict[str, dict]:
    """Manifest entries by input path relative to the input folder (tmp_path/in)."""
    data = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    root = (out.parent / "in").resolve()
    return {Path(entry["path"]).relative_to(root).as_posix(): entry for entry in data["files"]}


def _extract(*args: object):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["extract", *[str(a) for a in args]])


def test_folder_batch_and_rerun(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _extract(folder, "-o", out, "--workers", "2")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for name in GOOD:
        stem = Path(name).stem
        assert (out / f"{stem}.parquet").exists() and (out / f"{stem}.csv").exists(), name
    manifest = _manifest(out)
    assert sorted(manifest) == sorted([*GOOD, *BAD])
    for name in BAD:
        entry = manifest[name]
        assert entry["status"] == "failed" and name in entry["error"] and len(entry["sha256"]) == 64
        assert not (out / f"{Path(name).stem}.parquet").exists()
    for name in GOOD:
        entry = manifest[name]
        assert entry["error"] is None and entry["items"] > 0 and entry["pages"] > 0 and len(entry["sha256"]) == 64
        assert entry["tool_version"] and entry["contract_version"] == "1.2"
        assert entry["items"] == pq.read_table(out / f"{Path(name).stem}.parquet").num_rows
    assert manifest["district.txt"]["warnings"] == {"cell_truncated": 1, "cells_shifted": 3, "label_joined_across_pages": 2}

    # one dataset, one partition per good file, prunable by file
    dataset = open_dataset(out)
    assert dataset.count_rows() == sum(manifest[n]["items"] for n in GOOD)
    assert sorted(set(dataset.to_table(columns=["file"]).column("file").to_pylist())) == sorted(Path(n).stem for n in GOOD)
    assert dataset.to_table(filter=ds.field("file") == "district").num_rows == 68

    # a second run skips every good file: nothing is rewritten
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")}
    again = _extract(folder, "-o", out, "--workers", "2")
    assert again.exit_code == 1
    assert again.output.count("unchanged, skipped") == len(GOOD)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")} == stamps
    manifest = _manifest(out)
    assert {n: manifest[n]["status"] for n in GOOD} == dict.fromkeys(GOOD, "skipped")
    assert open_dataset(out).count_rows() == dataset.count_rows()

    # a changed input is extracted again, the others stay skipped; --force redoes all
    (folder / "district-rowspan.html").write_text((folder / "district-rowspan.html").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    third = _extract(folder, "-o", out, "--workers", "2")
    assert third.output.count("unchanged, skipped") == len(GOOD) - 1
    assert _manifest(out)["district-rowspan.html"]["status"] == "extracted"
    forced = _extract(folder, "-o", out, "--workers", "1", "--force")
    assert "unchanged, skipped" not in forced.output
    assert {n: e["status"] for n, e in _manifest(out).items() if n in GOOD} == dict.fromkeys(GOOD, "extracted"), forced.output
    assert open_dataset(out).count_rows() == dataset.count_rows()


def test_single_file_keeps_a_manifest_but_no_dataset_unless_asked(district_text: Path, tmp_path: Path) -> None:
    # The manifest is how the folder knows which files are its own (issue 18): always kept.
    assert _extract(district_text, "-o", tmp_path / "a").exit_code == 0
    assert (tmp_path / "a" / MANIFEST_NAME).exists() and not (tmp_path / "a" / "items").exists()
    assert _extract(district_text, "-o", tmp_path / "b", "--manifest").exit_code == 0
    assert (tmp_path / "b" / MANIFEST_NAME).exists() and open_dataset(tmp_path / "b").count_rows() == 68


def crash_on_three(n: int) -> int:
    """Runs in a pool worker: task 3 kills its process the way a segfault would."""
    if n == 3:
        os._exit(70)
    return n * 10


def test_worker_crash_is_that_files_error() -> None:
    results = list(map_local(crash_on_three, list(range(1, 7)), 2, lambda n, message: (n, message)))
    assert sorted(r for r in results if isinstance(r, int)) == [10, 20, 40, 50, 60]
    assert [r for r in results if not isinstance(r, int)] == [(3, CRASH_MESSAGE)]


# Run in a fresh interpreter (see tests/start_methods.py).
FORK_SCRIPT = """
import json, os, time
import catalogue.executors as executors
from start_methods import record_start_methods, someone_elses_thread

SEEN = "spawned"  # a forked worker sees what main() set; a spawned one imports this file afresh

def task(n):
    if n == 3:
        os._exit(70)  # dies the way a segfault would
    if n == 4:
        time.sleep(120)  # stuck: killed at the time limit
    return [n, SEEN]

def run(methods, **display):
    results = sorted(executors.map_local(task, list(range(1, 7)), 2, lambda n, message: [n, message],
                                         timeout=TIME_LIMIT, **display))
    return {"methods": methods[:], "results": results}

def main():
    global SEEN
    SEEN = "forked"
    methods = record_start_methods()
    alone = run(methods)
    redrawn = []  # a progress display redrawn from this thread, as the CLI's is
    shown = run(methods, on_wait=lambda: redrawn.append(time.monotonic()), wait_seconds=WAIT_SECONDS)
    shown["redrawn"] = len(redrawn)
    with someone_elses_thread():
        beside = run(methods)
    print(json.dumps([alone, shown, beside]))

if __name__ == "__main__":
    main()
"""
FORK_TIME_LIMIT = 4.0  # seconds: far more than a trivial task takes to come back on a busy machine
FORK_WAIT_SECONDS = 0.25  # a display redrawn this often is redrawn many times while a task is stuck


def test_file_workers_fork_where_no_other_thread_runs(tmp_path: Path) -> None:
    """A batch's file workers fork from the process that runs it (what it has imported
    is not imported again) where no other thread runs there; beside someone else's
    thread they are spawned. A caller's display redrawn from the waiting thread (on_wait)
    keeps them forked. Either way a worker's death and the time limit are that task's
    error, and the pool goes on with new workers."""
    script = tmp_path / "fork_or_spawn.py"
    script.write_text(FORK_SCRIPT.replace("TIME_LIMIT", repr(FORK_TIME_LIMIT)).replace("WAIT_SECONDS", repr(FORK_WAIT_SECONDS)),
                      encoding="utf-8")
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), str(root / "tests"), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, cwd=tmp_path,
                          check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    alone, shown, beside = json.loads(done.stdout)
    assert shown["redrawn"] >= 2  # called while the stuck task ran, not only as results came
    for run, method, seen in ((alone, "fork", "forked"), (shown, "fork", "forked"), (beside, "spawn", "spawned")):
        assert run["methods"][-1] == method
        assert run["results"] == [[1, seen], [2, seen], [3, CRASH_MESSAGE],
                                  [4, timeout_message(FORK_TIME_LIMIT)], [5, seen], [6, seen]]


# The CLI in a fresh interpreter, with the start method of each pool it makes.
CLI_SCRIPT = """
import json, sys
from start_methods import record_start_methods
from catalogue.cli import app

if __name__ == "__main__":
    methods = record_start_methods()
    try:
        app(sys.argv[1:], prog_name="catalogue")
    except SystemExit as end:
        print(json.dumps({"methods": methods, "code": end.code}))
"""
CLI_SECONDS = 300  # a whole run of two small PDFs, on a machine busy with other test suites


def _cli_run(script: Path, args: list[str], cwd: Path, *, terminal: bool) -> tuple[dict, str]:
    """The script's JSON line and what the run wrote on stderr: a pipe, or a terminal (a pty)."""
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), str(root / "tests"), os.environ.get("PYTHONPATH", "")])}
    command = [sys.executable, str(script), *args]
    if not terminal:
        done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, check=False, timeout=CLI_SECONDS)
        return json.loads(done.stdout), done.stderr
    leader, follower = pty.openpty()
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=follower, env=env, cwd=cwd, text=True)
    os.close(follower)
    shown = bytearray()
    deadline = time.monotonic() + CLI_SECONDS
    try:
        while time.monotonic() < deadline:
            if select.select([leader], [], [], 1.0)[0]:
                try:
                    chunk = os.read(leader, 4096)
                except OSError:  # EIO: every process that had the terminal has ended
                    break
                if not chunk:
                    break
                shown += chunk
        assert run.stdout is not None
        stdout = run.stdout.read()
        run.wait(timeout=CLI_SECONDS)
    finally:
        os.close(leader)
        if run.poll() is None:
            run.kill()
    return json.loads(stdout), shown.decode("utf-8", "replace")


@pytest.mark.parametrize(("names", "terminal"), [
    (["national-catalogue"], False),  # a plain line every few seconds, polled from the CLI's main thread
    (["national-catalogue"], True),  # the page bar
    (["national-catalogue", "district-catalogue"], True),  # the batch's bar
])
def test_file_workers_fork_under_the_default_display(samples_dir: Path, tmp_path: Path, names: list[str],
                                                    terminal: bool) -> None:
    """Without -q the CLI shows progress, redrawn from its main thread while it waits for
    the workers, so that these are forked from it (pyarrow, numpy and the normaliser not
    imported a second time), as under -q; the outputs are the same."""
    script = tmp_path / "cli.py"
    script.write_text(CLI_SCRIPT, encoding="utf-8")
    out = tmp_path / "out"
    pdfs = [samples_dir / "pdf" / f"{name}.pdf" for name in names]
    result, stderr = _cli_run(script, ["extract", *map(str, pdfs), "-o", str(out)], tmp_path, terminal=terminal)
    assert result == {"methods": ["fork"], "code": 0}, stderr
    for pdf in pdfs:
        expected = json.loads(pdf.with_suffix(".expected.json").read_text(encoding="utf-8"))["rows"]
        assert f"{pdf.name}: {len(expected)} items" in stderr
        got = pq.read_table(out / f"{pdf.stem}.parquet").to_pylist()
        assert [(r["page"], r["item_key"]) for r in got] == [(r["page"], r["item_key"]) for r in expected]


def test_dask_executor_matches_local(folder: Path, tmp_path: Path) -> None:
    from distributed import LocalCluster

    local = tmp_path / "local"
    assert _extract(folder, "-o", local, "--workers", "2").exit_code == 1
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        dask = tmp_path / "dask"
        result = _extract(folder, "-o", dask, "--executor", "dask", "--scheduler", cluster.scheduler_address)
    assert result.exit_code == 1, result.output
    assert sorted(p.relative_to(dask) for p in dask.rglob("*") if p.is_file()) == sorted(
        p.relative_to(local) for p in local.rglob("*") if p.is_file()
    )
    for path in local.glob("*.parquet"):
        assert pq.read_table(dask / path.name).equals(pq.read_table(path)), path.name
    for path in local.glob("*.csv"):
        assert (dask / path.name).read_bytes() == path.read_bytes(), path.name
    volatile = {"seconds", "status"}
    strip = lambda m: {k: {f: v for f, v in e.items() if f not in volatile} for k, e in m.items()}  # noqa: E731
    assert strip(_manifest(dask)) == strip(_manifest(local))
    assert open_dataset(dask).to_table().sort_by([("file", "ascending"), ("item_no", "ascending")]).equals(
        open_dataset(local).to_table().sort_by([("file", "ascending"), ("item_no", "ascending")])
    )


def test_dask_needs_a_scheduler(folder: Path, tmp_path: Path) -> None:
    result = _extract(folder, "-o", tmp_path / "out", "--executor", "dask")
    assert result.exit_code == 2 and "--scheduler" in result.output


def test_worker_that_cannot_see_the_output_folder_writes_nothing(district_text: Path, tmp_path: Path) -> None:
    from catalogue.batch import Task, run_task
    from catalogue.extract.settings import ExtractSettings

    task = Task(district_text.resolve(), tmp_path, "a", ExtractSettings(), ("parquet",), True, ".catalogue-run-elsewhere")
    outcome = run_task(task)
    assert outcome.error is not None and "shared filesystem" in outcome.error and str(district_text.resolve()) in outcome.error
    assert list(tmp_path.iterdir()) == []
