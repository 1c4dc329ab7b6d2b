"""Custody of the output folder across runs (the hostile week of round eight): a run
stopped or killed between a worker's writing and the manifest's recording leaves nothing
unaccounted for; stems never collide once the suffixes are added; a file re-extracted on
its own keeps its rows in items/; a folder found empty removes nothing;
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
import stat
import subprocess
import sys
import unicodedata
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import catalogue.batch
from catalogue.batch import BatchStopped, Task, collect_inputs, run_batch, run_task
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
    folder.mkdir(parents=True)
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


def _run_killed(folder: Path, out: Path) -> None:
    """A run of every format over `folder` that a file named *kill* ends outright."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    killed = subprocess.run([sys.executable, "-c", KILL_RUNNER, str(folder), str(out)],
                            capture_output=True, text=True, env=env, timeout=300)
    assert killed.returncode == KILLED, killed.stderr


def test_a_run_killed_after_a_worker_wrote_leaves_the_next_run_in_charge(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.csv": DISTRICT, "b-kill.csv": NATIONAL})
    out = tmp_path / "out"
    _run_killed(folder, out)
    assert (out / "b-kill.xlsx").exists() and (out / DATASET_DIR / "file=b-kill").exists()
    for name in ("b-kill.xlsx", "b-kill.jsonl"):  # no mark of ours: only the manifest can vouch for them
        if (out / name).exists():
            assert any(name in entry.get("pending", []) + entry["outputs"] for entry in _manifest(out))
    # Its outputs are never read back as inputs of a run over the output folder either.
    assert [item.source for item in collect_inputs([out])] == []
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
    # The two names that differ only in normalisation are told apart on the terminal too.
    lines = [line for line in _extract(folder, "-o", tmp_path / "out2").output.splitlines() if "items from" in line]
    [decomposed] = [line for line in lines if f"/{nfd}.csv" in line]
    assert f"/{nfd}.csv (its name in decomposed Unicode): " in decomposed
    assert not any("decomposed" in line for line in lines if line is not decomposed)


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


def test_a_folder_found_empty_removes_nothing(tmp_path: Path) -> None:
    """A folder with no supported file left may be a share that is not mounted: the run
    fails in one line and the outputs of its files stay (a folder that still holds a
    file has the outputs of those that are gone removed)."""
    folder = _folder(tmp_path, {"a.csv": DISTRICT})
    out = tmp_path / "out"
    assert _extract(folder, "-o", out, "-q").exit_code == 0
    (folder / "a.csv").unlink()
    os.mkfifo(folder / "p.csv")  # the only entry left is never read
    result = _extract(folder, "-o", out)
    assert result.exit_code == 1, result.output
    assert "no supported input files found; the output folder's earlier outputs are kept" in result.output
    assert list(out.glob("a.*")) and (out / DATASET_DIR / "file=a").exists()
    assert [entry["source"] for entry in _manifest(out) if entry["outputs"]] == ["a.csv"]


# ---------------------------------------------------------------- 5, 6. links, hard links, one name from two places


def test_a_re_pointed_link_replaces_the_old_version_s_rows(tmp_path: Path) -> None:
    (tmp_path / "v1.csv").write_bytes(DISTRICT.read_bytes())
    (tmp_path / "v2.csv").write_bytes(NATIONAL.read_bytes())
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "cat.csv").symlink_to(tmp_path / "v1.csv")
    out = tmp_path / "out"
    assert _extract(folder, "-o", out, "-q").exit_code == 0
    assert _sources(out) == {"cat.csv": DISTRICT_ITEMS}
    (folder / "cat.csv").unlink()
    (folder / "cat.csv").symlink_to(tmp_path / "v2.csv")
    result = _extract(folder, "-o", out, "-q")
    assert result.exit_code == 0, result.output
    assert _sources(out) == {"cat.csv": NATIONAL_ITEMS}
    [entry] = _manifest(out)
    assert (entry["path"], entry["stem"]) == (str(folder.absolute() / "cat.csv"), "cat")
    assert unaccounted(out) == []
    # The same through a linked folder that moves on to the next version (current → v2).
    for version, sample in (("v1", DISTRICT), ("v2", NATIONAL)):
        _folder(tmp_path / version, {"cat.csv": sample})
    current = tmp_path / "current"
    current.symlink_to(tmp_path / "v1" / "in")
    assert _extract(current, "-o", tmp_path / "out2", "-q").exit_code == 0
    current.unlink()
    current.symlink_to(tmp_path / "v2" / "in")
    assert _extract(current, "-o", tmp_path / "out2", "-q").exit_code == 0
    assert _sources(tmp_path / "out2") == {"cat.csv": NATIONAL_ITEMS}


def test_a_file_with_links_and_hard_links_is_read_once_under_its_own_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = _folder(tmp_path, {"b.csv": NATIONAL})
    (folder / "a-link.csv").symlink_to(folder / "b.csv")
    os.link(folder / "b.csv", folder / "c-hard.csv")
    out = tmp_path / "out"
    result = _extract(folder, "-o", out)
    assert result.exit_code == 0, result.output
    assert _sources(out) == {"b.csv": NATIONAL_ITEMS}
    entries = {entry["source"]: entry for entry in _manifest(out)}
    for other in ("a-link.csv", "c-hard.csv"):
        assert entries[other]["status"] == "skipped" and "the same file as b.csv" in entries[other]["reason"]
        assert f"in/{other}: the same file as b.csv" in result.output  # named by its own name
    # A link recorded alone takes its outputs away when the file itself joins the folder.
    alone = _folder(tmp_path / "2", {})
    (alone / "a-link.csv").symlink_to(folder / "b.csv")
    out2 = tmp_path / "out2"
    assert _extract(alone, "-o", out2, "-q").exit_code == 0
    assert _sources(out2) == {"a-link.csv": NATIONAL_ITEMS}
    shutil.copy(folder / "b.csv", alone / "b.csv")  # a copy: another file, read too
    os.unlink(alone / "a-link.csv")
    (alone / "a-link.csv").symlink_to(alone / "b.csv")
    assert _extract(alone, "-o", out2, "-q").exit_code == 0
    assert _sources(out2) == {"b.csv": NATIONAL_ITEMS}
    assert unaccounted(out2) == []


def test_a_hard_link_added_between_runs_leaves_the_outputs_where_they_were(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"zz.csv": NATIONAL})
    out = tmp_path / "out"
    assert _extract(folder, "-o", out, "-q").exit_code == 0
    before = sorted(p.name for p in out.iterdir())
    # A second name that sorts first: without the earlier run's record it would be read
    # under aa.csv and zz.csv's outputs would move to the stem aa.
    os.link(folder / "zz.csv", folder / "aa.csv")
    result = _extract(folder, "-o", out)
    assert result.exit_code == 0, result.output
    assert "aa.csv: the same file as zz.csv" in result.output
    assert "zz.csv: unchanged" in result.output
    assert sorted(p.name for p in out.iterdir()) == before
    assert _sources(out) == {"zz.csv": NATIONAL_ITEMS}
    assert unaccounted(out) == []


@pytest.mark.parametrize("named", ["folders", "files"])
def test_one_name_from_two_folders_gets_two_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, named: str) -> None:
    _folder(tmp_path / "x", {}).rename(tmp_path / "in1")
    shutil.copytree(tmp_path / "in1", tmp_path / "in2")
    shutil.copy(DISTRICT, tmp_path / "in1" / "cat.csv")
    shutil.copy(NATIONAL, tmp_path / "in2" / "cat.csv")
    monkeypatch.chdir(tmp_path)
    inputs = ["in1", "in2"] if named == "folders" else ["in1/cat.csv", "in2/cat.csv"]
    result = _extract(*inputs, "-o", "out", "--manifest", "-q")
    assert result.exit_code == 0, result.output
    assert _sources(tmp_path / "out") == {"in1/cat.csv": DISTRICT_ITEMS, "in2/cat.csv": NATIONAL_ITEMS}
    stems = [entry["stem"] for entry in _manifest(tmp_path / "out")]
    assert len(set(stems)) == 2


# ---------------------------------------------------------------- 7. items/ that is not this folder's dataset


def test_a_folder_of_inputs_called_items_is_never_taken_for_the_dataset(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.csv": DISTRICT})
    (folder / DATASET_DIR).mkdir()
    shutil.copy(NATIONAL, folder / DATASET_DIR / "b.csv")
    result = _extract(folder, "-o", folder, "-q")
    assert result.exit_code == 1
    assert "holds files that are not the items dataset (b.csv)" in result.output
    assert sorted(os.listdir(folder / DATASET_DIR)) == ["b.csv"]  # nothing written among them
    out = tmp_path / "out"  # elsewhere, both are read
    assert _extract(folder, "-o", out, "-q").exit_code == 0
    assert _sources(out) == {"a.csv": DISTRICT_ITEMS, "items/b.csv": NATIONAL_ITEMS}


def test_an_output_folder_inside_another_run_s_dataset_is_refused(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.csv": DISTRICT})
    out = tmp_path / "out"
    assert _extract(folder, "-o", out, "-q").exit_code == 0
    for inner in (out / DATASET_DIR, out / DATASET_DIR / "file=a", out / DATASET_DIR / "new"):
        result = _extract(folder / "a.csv", "-o", inner, "-q")
        assert result.exit_code == 1 and "lies inside the items/ dataset" in result.output, result.output
    assert sorted(os.listdir(out / DATASET_DIR)) == ["file=a"]
    assert sorted(os.listdir(out / DATASET_DIR / "file=a")) == ["data.parquet"]


def test_a_partition_another_folder_wrote_through_a_shared_items_link_is_repaired(tmp_path: Path) -> None:
    (tmp_path / "shared" / DATASET_DIR).mkdir(parents=True)
    first = _folder(tmp_path / "A", {"cat.csv": DISTRICT})
    second = _folder(tmp_path / "B", {"cat.csv": NATIONAL})
    outs = [tmp_path / "outA", tmp_path / "outB"]
    for out in outs:
        out.mkdir()
        (out / DATASET_DIR).symlink_to(tmp_path / "shared" / DATASET_DIR)
    for folder, out in zip((first, second), outs, strict=True):
        assert _extract(folder, "-o", out, "-q").exit_code == 0
    result = _extract(first, "-o", outs[0], "--json", "-q")  # B's run wrote its cat.csv there
    assert result.exit_code == 0, result.output
    assert _sources(outs[0]) == {"cat.csv": DISTRICT_ITEMS}
    assert [entry["status"] for entry in _manifest(outs[0])] == ["extracted"]


# ---------------------------------------------------------------- 8, 9. names that are not UTF-8; files unreadable for now


def test_a_name_that_is_not_utf8_fails_alone_and_the_folder_stays_usable(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"good.csv": DISTRICT})
    gbk = "公开".encode("gbk")  # b"\xb9\xab\xbf\xaa": not UTF-8
    shutil.copy(NATIONAL, os.fsencode(folder) + b"/" + gbk + b".csv")
    os.mkdir(os.fsencode(folder) + b"/" + gbk)
    shutil.copy(NATIONAL, os.fsencode(folder) + b"/" + gbk + b"/x.csv")
    out = tmp_path / "out"
    for _ in range(2):  # the second run reads the manifest the first wrote
        result = _extract(folder, "-o", out)
        assert result.exit_code == 1 and "Traceback" not in result.output
        errors = [line for line in result.output.splitlines() if line.startswith("error:")]
        assert len(errors) == 2 and all("\\xb9\\xab\\xbf\\xaa" in line and "not UTF-8" in line for line in errors)
    assert [entry["source"] for entry in _manifest(out)] == ["good.csv"]
    assert _sources(out) == {"good.csv": DISTRICT_ITEMS}


def test_a_name_that_is_not_utf8_is_escaped_in_the_json_document(tmp_path: Path) -> None:
    """extract --json wrote such a name as its raw bytes: stdout was no UTF-8, and a
    strict reader (json.loads of the bytes) failed on the whole batch's document (hostile
    week of round ten, finding 20). It reads \\xNN there as on stderr."""
    folder = _folder(tmp_path, {"good.csv": DISTRICT})
    gbk = "公开".encode("gbk")  # b"\xb9\xab\xbf\xaa": not UTF-8
    os.mkdir(os.fsencode(folder) + b"/" + gbk)
    shutil.copy(NATIONAL, os.fsencode(folder) + b"/" + gbk + b"/x.csv")
    run = subprocess.run([sys.executable, "-m", "catalogue", "extract", str(folder), "-o", str(tmp_path / "out"),
                          "--json"], capture_output=True, cwd=ROOT, timeout=120)
    assert run.returncode == 1, run.stderr
    document = json.loads(run.stdout.decode("utf-8"))
    paths = sorted(entry["path"] for entry in document["files"])
    assert paths == sorted([str(folder / "good.csv"), str(folder / "\\xb9\\xab\\xbf\\xaa" / "x.csv")])
    assert document["summary"]["extracted"] == 1 and document["summary"]["failed"] == 1


def test_an_input_that_cannot_be_read_for_now_keeps_its_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The tests may run as root, whom no file mode stops: the refusal is injected.
    folder = _folder(tmp_path, {"a.csv": DISTRICT, "b.csv": NATIONAL})
    out = tmp_path / "out"
    run_batch([folder], out, manifest=True, timeout=0)
    locked = str(folder / "a.csv")
    real_access, real_stat = os.access, os.stat

    def access(path, mode, *args, **kwargs):  # type: ignore[no-untyped-def]
        return False if str(path) == locked else real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    outcomes = run_batch([folder], out, manifest=True, timeout=0, force=True)
    kept = {o.source: o for o in outcomes}["a.csv"]
    assert kept.status == "skipped" and "Permission denied" in (kept.skipped or "") and kept.kept
    assert _sources(out) == {"a.csv": DISTRICT_ITEMS, "b.csv": NATIONAL_ITEMS}

    def stat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(path) == locked:
            raise PermissionError(13, os.strerror(13), locked)
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)  # now even its folder entry cannot be looked at
    outcomes = run_batch([folder], out, manifest=True, timeout=0)
    assert {o.status for o in outcomes if o.source == "a.csv"} == {"skipped"}
    assert _sources(out) == {"a.csv": DISTRICT_ITEMS, "b.csv": NATIONAL_ITEMS}
    assert {entry["source"] for entry in _manifest(out) if entry["outputs"]} == {"a.csv", "b.csv"}


def test_a_folder_named_by_a_link_then_by_its_real_path_is_one_input(tmp_path: Path) -> None:
    """Keyed by the path as given, a file reached once through a linked folder and once
    through the folder itself is still one input: its record goes with it, so its rows
    are not written twice under two stems (review of round eight)."""
    real = _folder(tmp_path / "r", {"a.csv": DISTRICT})
    link = tmp_path / "link"
    link.symlink_to(real)
    out = tmp_path / "out"
    assert _extract(link, "-o", out, "-q").exit_code == 0
    result = _extract(real, "-o", out)
    assert result.exit_code == 0, result.output
    assert "unchanged" in result.output
    assert _sources(out) == {"a.csv": DISTRICT_ITEMS}
    assert sorted(p.name for p in out.glob("a*")) == ["a.csv", "a.parquet"]
    assert unaccounted(out) == []


def test_one_name_from_two_runs_gets_two_sources(tmp_path: Path) -> None:
    """cat.csv of one folder, then cat.csv of another, into one output folder: the second
    takes the path it was given by as its source, as in one run (review of round eight)."""
    one = _folder(tmp_path / "1", {"cat.csv": DISTRICT})
    two = _folder(tmp_path / "2", {"cat.csv": NATIONAL})
    out = tmp_path / "out"
    assert _extract(one, "-o", out, "-q").exit_code == 0
    assert _extract(two, "-o", out, "-q").exit_code == 0
    sources = _sources(out)
    assert sources.pop("cat.csv") == DISTRICT_ITEMS
    assert list(sources.values()) == [NATIONAL_ITEMS] and list(sources)[0].endswith("cat.csv")
    assert unaccounted(out) == []


def test_a_killed_workers_temporaries_go_with_its_pending_outputs(tmp_path: Path) -> None:
    """kill -9 of a run leaves the writers' temporaries (.<stem>.<random>.<fmt>.part) beside
    the outputs its manifest notes as pending: when the input is gone, the next run
    removes both (review of round eight: the temporaries stayed, unlisted)."""
    folder = _folder(tmp_path, {"a.csv": DISTRICT, "b.csv": NATIONAL})
    out = tmp_path / "out"
    assert _extract(folder, "-o", out, "-q").exit_code == 0
    manifest = json.loads((out / MANIFEST_NAME).read_text("utf-8"))
    for entry in manifest["files"]:
        if entry["source"] == "a.csv":
            entry["pending"] = ["a.xlsx"]  # as a run killed while a's worker wrote its sheet notes it
    (out / MANIFEST_NAME).write_text(json.dumps(manifest), "utf-8")
    left = out / ".a.k3j9x2qa.xlsx.part"
    left.write_bytes(b"half a sheet")
    (folder / "a.csv").unlink()
    result = _extract(folder, "-o", out)
    assert result.exit_code == 0, result.output
    assert not left.exists()
    assert unaccounted(out) == []


def test_a_run_killed_while_writing_other_formats_leaves_nothing_to_the_next(tmp_path: Path) -> None:
    """-f parquet,csv,xlsx,jsonl killed outright (kill -9, the OOM killer) while writing,
    then runs of the default formats: the killed run's outputs of the formats they do not
    write, and its temporaries of those formats, stayed for good, unlisted: the next run
    noted only its own formats as pending and looked only for their temporaries (hostile
    week of round ten, finding 6)."""
    folder = _folder(tmp_path, {"a.csv": DISTRICT, "b-kill.csv": NATIONAL})
    out = tmp_path / "out"
    _run_killed(folder, out)
    assert (out / "b-kill.xlsx").exists() and (out / "b-kill.jsonl").exists()
    # What a writer killed mid-file leaves (tempfile's 8 random characters): of the killed
    # file, and of a recorded one whose sheet was being written again.
    temporaries = [out / ".b-kill.k3j9x2qa.provenance.parquet.part", out / ".a.k3j9x2qa.xlsx.part"]
    for temporary in temporaries:
        temporary.write_bytes(b"half a file")
    for force in ((), ("--force",)):
        result = _extract(folder, "-o", out, "-q", *force)
        assert result.exit_code == 0, result.output
        assert sorted(os.listdir(out)) == [
            "a.csv", "a.parquet", "b-kill.csv", "b-kill.parquet", DATASET_DIR, MANIFEST_NAME]
        assert unaccounted(out) == []
    assert _sources(out) == {"a.csv": DISTRICT_ITEMS, "b-kill.csv": NATIONAL_ITEMS}


def test_a_listed_output_cut_short_is_kept_and_named_as_such(tmp_path: Path) -> None:
    """b.parquet cut short since (an interrupted copy): the re-run keeps it, as it may be
    someone's, but said the manifest did not list it; it did (hostile week of round ten,
    finding 8)."""
    folder = _folder(tmp_path, {"a.csv": DISTRICT, "b.csv": NATIONAL})
    out = tmp_path / "out"
    assert _extract(folder, "-o", out, "-q").exit_code == 0
    assert "b.parquet" in _outputs(out)
    whole = (out / "b.parquet").read_bytes()
    (out / "b.parquet").write_bytes(whole[:len(whole) // 2])
    result = _extract(folder, "-o", out)
    assert result.exit_code == 1, result.output
    assert (f"error: {folder / 'b.csv'}: {out / 'b.parquet'} is listed in the manifest as its output, but is no "
            "longer one of catalogue (damaged or changed since); it is never replaced: move or delete it, or "
            "choose another output folder with -o") in result.output.splitlines()
    assert (out / "b.parquet").read_bytes() == whole[:len(whole) // 2]


def _cli(*args: object) -> subprocess.CompletedProcess[str]:
    """The command in a child process, so that a run that waits for ever fails the test
    (TimeoutExpired) rather than hang it."""
    return subprocess.run([sys.executable, "-m", "catalogue", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def test_a_named_pipe_in_the_output_folder_is_never_opened(tmp_path: Path) -> None:
    """A named pipe where the run writes an output, its manifest or a partition (left by
    a logging script, or planted on a shared folder): extract opened it to look for the
    tool's mark and waited for a writer for ever, --timeout or not (hostile week of round
    ten, finding 14). Each is now refused in one line and left where it is."""
    folder = _folder(tmp_path, {"a.csv": NATIONAL})
    pipes = {"out1": "a.csv", "out2": MANIFEST_NAME, "out3": f"{DATASET_DIR}/file=a"}
    for out, name in pipes.items():
        (tmp_path / out / name).parent.mkdir(parents=True)
        os.mkfifo(tmp_path / out / name)
    said = {out: _cli("extract", folder, "-o", tmp_path / out, "--timeout", "30") for out in pipes}
    assert [run.returncode for run in said.values()] == [1, 1, 1], [run.stderr for run in said.values()]
    assert (f"error: {folder / 'a.csv'}: {tmp_path / 'out1' / 'a.csv'} is not a regular file (a named pipe, a device "
            "or a folder), so not an output of catalogue; it is never opened or replaced: move it or choose another "
            "output folder with -o") in said["out1"].stderr.splitlines()
    assert said["out2"].stderr.splitlines() == [
        f"error: {tmp_path / 'out2' / MANIFEST_NAME}: the run manifest is not a regular file (a named pipe, a device or "
        "a folder); move it or choose another output folder with -o"]
    assert (f"error: {folder / 'a.csv'}: {tmp_path / 'out3' / DATASET_DIR / 'file=a'} is not a folder (a file, a named "
            "pipe or a device) where its partition of the items dataset goes; it is never replaced: move it"
            ) in said["out3"].stderr.splitlines()
    for out in ("out1", "out2"):
        assert stat.S_ISFIFO(os.lstat(tmp_path / out / pipes[out]).st_mode)
    # items/ holds only the tool's partitions: what sat at a failed file's partition
    # name is removed (never opened), as a file there always was, and the next run works.
    assert not os.path.lexists(tmp_path / "out3" / pipes["out3"])
    assert _extract(folder, "-o", tmp_path / "out3", "-q").exit_code == 0
    # validate of a folder whose recorded output is now a pipe names it instead of waiting.
    out = tmp_path / "out4"
    assert _extract(folder, "-o", out, "-q").exit_code == 0
    (out / "a.csv").unlink()
    os.mkfifo(out / "a.csv")
    checked = _cli("validate", out)
    assert checked.returncode == 1
    assert (f"error: {out / 'a.csv'}: not a regular file (a named pipe, a device or a folder); validate reads the "
            ".parquet or .csv outputs of catalogue extract") in checked.stderr.splitlines()


def moving_task(task: Task):  # type: ignore[no-untyped-def]
    """run_task, after the output folder is renamed (archived by a colleague) when the
    file's name says "move"."""
    if "move" in task.path.name:
        task.out_dir.rename(task.out_dir.with_name("archived"))
    return run_task(task)


def test_an_output_folder_renamed_during_a_run_stops_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`mv out out-week49` while a run writes into out/: the run made a new out/ at the old
    path, without its lock, wrote the rest of the batch there and ended well, its outputs
    split over two folders whose manifests each listed files the other held (hostile
    week of round ten, finding 13). It now stops as when its manifest cannot be saved."""
    folder = _folder(tmp_path, {"a.csv": DISTRICT, "b-move.csv": NATIONAL, "c.csv": NATIONAL})
    out = tmp_path / "out"
    monkeypatch.setattr(catalogue.batch, "run_task", moving_task)
    with pytest.raises(BatchStopped) as stopped:
        run_batch([folder], out, formats=("parquet", "csv"), manifest=True, timeout=0)
    assert str(stopped.value) == (f"{out}: the output folder is no longer the folder this run began writing to "
                                  "(moved, renamed or replaced during the run); nothing more is written there: run "
                                  "again into the folder where it is now; batch stopped")
    assert stopped.value.not_done == 1
    assert [(o.source, o.status) for o in stopped.value.outcomes] == [("a.csv", "extracted"), ("b-move.csv", "failed")]
    assert not os.path.lexists(out)
    archived = tmp_path / "archived"
    assert sorted(os.listdir(archived)) == ["a.csv", "a.parquet", DATASET_DIR, MANIFEST_NAME]
    assert {entry["source"]: entry["status"] for entry in _manifest(archived)} == {
        "a.csv": "extracted", "b-move.csv": "pending", "c.csv": "pending"}
    # The run into the folder where it is now finishes the work.
    monkeypatch.setattr(catalogue.batch, "run_task", run_task)
    result = _extract(folder, "-o", archived, "-q")
    assert result.exit_code == 0, result.output
    assert unaccounted(archived) == []
    assert _sources(archived) == {"a.csv": DISTRICT_ITEMS, "b-move.csv": NATIONAL_ITEMS, "c.csv": NATIONAL_ITEMS}


# ---------------------------------------------------------------- round nine: which records are still inputs


def test_a_sub_folder_run_first_then_its_parent_keeps_one_catalogue_a_source(tmp_path: Path) -> None:
    """in/sub run on its own gives in/sub/x.csv the source x.csv; a run of in then finds
    in/x.csv, another catalogue, under that source. The sub-folder's file takes its
    source of this run (sub/x.csv), so items/ never holds two catalogues under one name
    (hostile week of round nine, F1)."""
    folder = _folder(tmp_path, {"x.csv": DISTRICT})
    _folder(tmp_path / "in", {"x.csv": NATIONAL}).rename(folder / "sub")
    out = tmp_path / "out"
    assert _extract(folder / "sub", "-o", out, "-q").exit_code == 0
    assert _sources(out) == {"x.csv": NATIONAL_ITEMS}
    result = _extract(folder, "-o", out, "-q")
    assert result.exit_code == 0, result.output
    assert _sources(out) == {"x.csv": DISTRICT_ITEMS, "sub/x.csv": NATIONAL_ITEMS}
    assert sorted((entry["source"], entry["items"]) for entry in _manifest(out)) == [
        ("sub/x.csv", NATIONAL_ITEMS), ("x.csv", DISTRICT_ITEMS)]
    assert unaccounted(out) == []


def test_a_renamed_sub_folder_with_a_link_at_its_old_name_is_read_once(tmp_path: Path) -> None:
    """mv in/2023 in/2023-old; ln -s 2023-old in/2023: the walk does not follow the link,
    so the file is read under its new path; its old record, whose path still leads to the
    file through the link, is no longer an input: its outputs and rows go, rather than
    stay beside the new ones, never refreshed (hostile week of round nine, F5)."""
    folder = _folder(tmp_path, {})
    _folder(tmp_path / "y", {"x.csv": DISTRICT}).rename(folder / "2023")
    out = tmp_path / "out"
    assert _extract(folder, "-o", out, "-q").exit_code == 0
    (folder / "2023").rename(folder / "2023-old")
    (folder / "2023").symlink_to("2023-old")
    result = _extract(folder, "-o", out)
    assert result.exit_code == 0, result.output
    said = result.output.replace("\n", " ")
    assert f"{folder / '2023' / 'x.csv'}: no longer an input: its folder is now a link" in said
    assert _sources(out) == {"2023-old/x.csv": DISTRICT_ITEMS}
    assert [(entry["source"], entry["stem"]) for entry in _manifest(out)] == [("2023-old/x.csv", "x")]
    shutil.copy(NATIONAL, folder / "2023-old" / "x.csv")  # a new version: the only copy refreshed
    assert _extract(folder, "-o", out, "-q").exit_code == 0
    assert _sources(out) == {"2023-old/x.csv": NATIONAL_ITEMS}
    assert unaccounted(out) == []


def test_a_sub_folder_the_walk_cannot_list_keeps_its_files_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder the walk cannot list (permission denied; injected, as the tests may run as
    root) hides its files from the walk without their being gone: their outputs stay."""
    folder = _folder(tmp_path, {"a.csv": DISTRICT})
    _folder(tmp_path / "y", {"b.csv": NATIONAL}).rename(folder / "sub")
    out = tmp_path / "out"
    run_batch([folder], out, manifest=True, timeout=0)
    hidden, real_scandir = str(folder / "sub"), os.scandir

    def scandir(path=".", *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(path) == hidden:
            raise PermissionError(13, os.strerror(13), hidden)
        return real_scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    outcomes = run_batch([folder], out, manifest=True, timeout=0)
    # The folder itself fails by name (its files were not read), and what it held stays.
    assert [(o.source, o.status) for o in outcomes] == [("sub", "failed"), ("a.csv", "unchanged")]
    assert _sources(out) == {"a.csv": DISTRICT_ITEMS, "sub/b.csv": NATIONAL_ITEMS}


@pytest.mark.parametrize("change", ["input gone", "format dropped"])
def test_a_source_saved_at_a_listed_output_name_is_never_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  change: str) -> None:
    """-o . on the input folder: 目录.html's outputs are 目录.parquet and 目录.csv. Then a
    sheet is saved as 目录.csv, a source at a name the manifest lists as an output, and
    目录.html is deleted (or the next run writes parquet only). The file there is no
    longer the tool's (it lacks its mark): it is never removed, and it is read as an
    input (hostile week of round nine: the gone input's clean-up deleted it)."""
    folder = _folder(tmp_path, {"目录.html": ROOT / "samples" / "html" / "national-options.html"})
    monkeypatch.chdir(folder)
    assert _extract(".", "-o", ".", "-q").exit_code == 0
    assert (folder / "目录.csv").exists()
    shutil.copy(DISTRICT, folder / "目录.csv")
    if change == "input gone":
        (folder / "目录.html").unlink()
        result = _extract(".", "-o", ".")
    else:
        result = _extract(".", "-o", ".", "-f", "parquet")
    assert result.exit_code == 0, result.output
    assert (folder / "目录.csv").read_bytes() == DISTRICT.read_bytes()
    assert _sources(folder)["目录.csv"] == DISTRICT_ITEMS
    assert {entry["source"]: entry["stem"] for entry in _manifest(folder)}["目录.csv"] == "目录-csv"


def test_a_project_copied_with_its_output_folder_holds_its_own_files_once(tmp_path: Path) -> None:
    """proj/in → proj/out, then cp -a proj proj2024 and a run in the copy: the copy's
    manifest named the original's inputs, which are still there, so their rows stayed
    beside the copy's own, extracted again under new stems, never refreshed (hostile week
    of round nine). The records now follow the folder to the inputs beside it."""
    proj = tmp_path / "proj"
    _folder(proj, {"x.csv": DISTRICT, "y.csv": NATIONAL})
    assert _extract(proj / "in", "-o", proj / "out", "-q").exit_code == 0
    copy = tmp_path / "proj2024"
    shutil.copytree(proj, copy, symlinks=True)
    shutil.copy(NATIONAL, proj / "in" / "x.csv")  # the original moves on; the copy does not follow
    result = _extract(copy / "in", "-o", copy / "out")
    assert result.exit_code == 0, result.output
    assert result.output.count("unchanged, skipped") == 2
    assert _sources(copy / "out") == {"x.csv": DISTRICT_ITEMS, "y.csv": NATIONAL_ITEMS}
    assert sorted(entry["path"] for entry in _manifest(copy / "out")) == [
        str(copy / "in" / "x.csv"), str(copy / "in" / "y.csv")]
    assert unaccounted(copy / "out") == []
    # Moved rather than copied: nothing to read again.
    moved = tmp_path / "moved"
    copy.rename(moved)
    again = _extract(moved / "in", "-o", moved / "out")
    assert again.exit_code == 0 and again.output.count("unchanged, skipped") == 2, again.output


def test_a_copied_output_folder_s_record_of_a_file_changed_since_is_read_again(tmp_path: Path) -> None:
    """cp -a proj/out other/out beside other/in/x.csv, another file than proj/in/x.csv
    (this year's catalogue saved over the copy's, or a folder copied without its inputs):
    the record moves to other/in/x.csv without its SHA-256, so it never passes for the
    file extracted (hostile week of round ten, finding 11), and the next run of other/in
    reads x.csv again in its place: the copy never holds last year's rows beside this
    year's (the mid-round review: kept under proj/in/x.csv, 64 rows for 38, for good)."""
    proj, other = tmp_path / "proj", tmp_path / "other"
    _folder(proj, {"x.csv": DISTRICT})
    _folder(other, {"x.csv": NATIONAL, "new.html": ROOT / "samples" / "html" / "district-rowspan.html"})
    assert _extract(proj / "in", "-o", proj / "out", "-q").exit_code == 0
    shutil.copytree(proj / "out", other / "out", symlinks=True)
    result = _extract(other / "in" / "new.html", "-o", other / "out")
    assert result.exit_code == 0, result.output
    paths = {entry["path"]: entry for entry in _manifest(other / "out")}
    assert str(proj / "in" / "x.csv") not in paths
    assert paths[str(other / "in" / "x.csv")]["sha256"] == ""
    again = _extract(other / "in", "-o", other / "out")
    assert again.exit_code == 0, again.output
    assert "in/x.csv: unchanged" not in again.output
    sources = _sources(other / "out")
    assert sources["x.csv"] == NATIONAL_ITEMS and len(sources) == 2
    assert unaccounted(other / "out") == []


def test_a_source_in_the_output_folder_inside_the_input_folder_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """-o in/2023, a sub-folder of the inputs holding last year's catalogue: the output
    folder is never read as input, but its source is named and counted as skipped rather
    than passed over without a word (hostile week of round nine); the tool's own outputs
    there are not named."""
    folder = _folder(tmp_path, {"a.csv": DISTRICT})
    _folder(tmp_path / "y", {"old.csv": NATIONAL}).rename(folder / "2023")
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        result = _extract("in", "-o", "in/2023", "-f", "parquet,csv,xlsx,jsonl", "--force")
        assert result.exit_code == 0, result.output
        assert result.output.count("in the output folder, which is never read as input") == 1
        assert "in/2023/old.csv: in the output folder" in result.output
        assert result.output.strip().splitlines()[-1].startswith("1 file extracted, 1 skipped, 0 failed")
    assert _sources(folder / "2023") == {"a.csv": DISTRICT_ITEMS}


def _unlistable(monkeypatch: pytest.MonkeyPatch, folder: Path):  # type: ignore[no-untyped-def]
    """`folder` refuses to be listed (permission denied), as the walk lists it; os.scandir
    as it was is returned. Injected: the tests may run as root, whom no file mode stops."""
    locked, real_scandir = str(folder), os.scandir

    def scandir(path=".", *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(path, (str, os.PathLike)) and os.fspath(path) == locked:
            raise PermissionError(13, os.strerror(13), locked)
        return real_scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    return real_scandir


def test_a_folder_that_cannot_be_listed_fails_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sub-folder nobody may list (a share's wrong permissions) on a first run: its
    catalogues are not read, so the run names it and exits 1 rather than 0 with the
    others' items alone (the hostile week of round ten, finding 1)."""
    folder = _folder(tmp_path, {"a.csv": DISTRICT})
    (folder / "2024").mkdir()
    shutil.copy(NATIONAL, folder / "2024" / "b.csv")
    real_scandir = _unlistable(monkeypatch, folder / "2024")
    out = tmp_path / "out"
    result = _extract(folder, "-o", out)
    assert result.exit_code == 1 and "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "2024" in errors[0] and "cannot be listed" in errors[0] and "Permission denied" in errors[0]
    assert "1 file extracted, 1 failed" in result.output
    assert _sources(out) == {"a.csv": DISTRICT_ITEMS}
    # Not recorded: listed again, the folder is walked and its file read.
    monkeypatch.setattr(os, "scandir", real_scandir)
    result = _extract(folder, "-o", out)
    assert result.exit_code == 0, result.output
    assert _sources(out) == {"a.csv": DISTRICT_ITEMS, "2024/b.csv": NATIONAL_ITEMS}


def test_a_folder_run_names_archives_and_reads_names_ending_in_a_space(tmp_path: Path) -> None:
    """An archive (sites hand catalogues out zipped) was passed over without a word, and
    so was 财政目录.pdf with a space after its suffix (as some tools write names; hostile
    week of round ten, finding 22). The archive is named and skipped; the file is read."""
    import zipfile

    folder = _folder(tmp_path, {"a.csv": DISTRICT, "财政目录.csv ": NATIONAL})
    with zipfile.ZipFile(folder / "公开目录.zip", "w") as archive:
        archive.write(NATIONAL, "national.csv")
    out = tmp_path / "out"
    result = _extract(folder, "-o", out)
    assert result.exit_code == 0, result.output
    assert f"warning: {folder / '公开目录.zip'}: an archive, not read (unpack it to extract the catalogues in it), skipped" \
        in result.stderr.splitlines()
    assert "2 files extracted, 1 skipped, 0 failed" in result.stderr
    assert _sources(out) == {"a.csv": DISTRICT_ITEMS, "财政目录.csv ": NATIONAL_ITEMS}


def test_names_ending_in_a_space_keep_apart_with_a_plain_suffix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """财政目录.csv and 财政目录.csv  (a space after the suffix) in one folder: the second
    took the stem 财政目录-csv  and wrote "财政目录-csv .csv" (the space kept inside the
    name). Its stem drops the space as Windows drops it from the name. And a source that
    ends in a space inside the output folder (-o in/2023) was passed over without a word,
    where 财政目录.csv there is named (round ten's notes)."""
    folder = _folder(tmp_path, {"财政目录.csv": DISTRICT, "财政目录.csv ": NATIONAL})
    _folder(tmp_path / "y", {"old.csv ": NATIONAL}).rename(folder / "2023")
    monkeypatch.chdir(tmp_path)
    result = _extract("in", "-o", "in/2023")
    assert result.exit_code == 0, result.output
    assert sorted(entry["stem"] for entry in _manifest(folder / "2023") if entry["stem"]) == ["财政目录", "财政目录-csv"]
    assert _sources(folder / "2023") == {"财政目录.csv": DISTRICT_ITEMS, "财政目录.csv ": NATIONAL_ITEMS}
    assert "in/2023/old.csv : in the output folder" in result.output
    assert result.output.strip().splitlines()[-1].startswith("2 files extracted, 1 skipped, 0 failed")


@pytest.mark.parametrize("name", ["lost+found", "System Volume Information", ".Trash-1000"])
def test_a_volume_s_system_folder_that_cannot_be_listed_is_passed_over(name: str, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """An input folder at a disk's root holds lost+found (or Windows' System Volume
    Information), which only the system may list: it is no user's folder of catalogues,
    and failing every run on it would help nobody (mid-round review of round ten, finding 7)."""
    folder = _folder(tmp_path, {"a.csv": DISTRICT})
    (folder / name).mkdir()
    _unlistable(monkeypatch, folder / name)
    result = _extract(folder, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert name not in result.output
