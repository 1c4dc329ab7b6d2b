"""A run's scratch folder (catalogue.scratch): what a worker leaves there goes with the
run, and one process can run twice."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from catalogue.scratch import run_scratch, sweep, temporary_folder

ROOT = Path(__file__).resolve().parent.parent


def test_a_process_runs_twice_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    for _ in range(2):
        with run_scratch() as root:
            assert root is not None and root.parent == tmp_path
            with temporary_folder("catalogue-test-") as folder:
                assert folder.parent.parent == root and folder.is_dir()
                (folder / "copy").write_bytes(b"x")
    assert list(tmp_path.iterdir()) == []


def test_a_dead_workers_folder_is_swept_a_live_ones_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with run_scratch() as root:
        assert root is not None
        read, write = os.pipe()
        child = os.fork()
        if child == 0:  # a worker that makes its folder, says so, and dies without cleaning up
            os.close(read)
            with temporary_folder("catalogue-test-"):
                os.write(write, b"1")
                os._exit(0)
        os.close(write)
        assert os.read(read, 1) == b"1"
        os.close(read)
        with temporary_folder("catalogue-test-") as mine:
            os.waitpid(child, 0)
            sweep(root)
            assert sorted(p.name for p in root.iterdir() if p.is_dir()) == [str(os.getpid())]  # the dead one's gone
            assert mine.is_dir()
    assert list(tmp_path.iterdir()) == []


def _run_in_child(tmp_path: Path, *, wait: bool) -> tuple[subprocess.Popen[bytes], Path]:
    """A process that opens a run's scratch folder, leaves a file in a worker's folder
    there and then ends outright (os._exit: no clean-up at all), or waits for its stdin
    to close (a run still going)."""
    code = (
        "import os, sys, tempfile; tempfile.tempdir = sys.argv[1]\n"
        "from catalogue.scratch import run_scratch, temporary_folder\n"
        "with run_scratch() as root:\n"
        "    with temporary_folder('catalogue-test-') as folder:\n"
        "        (folder / 'plain-copy.xlsx').write_bytes(b'decrypted')\n"
        "        print(root, flush=True)\n"
        f"        {'sys.stdin.read()' if wait else ''}\n"
        "        os._exit(9)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert child.stdout is not None
    root = Path(child.stdout.readline().decode().strip())
    assert root.parent == tmp_path and any(root.rglob("plain-copy.xlsx"))
    return child, root


def test_the_scratch_folder_of_a_run_killed_outright_goes_with_the_next_run(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    killed, gone = _run_in_child(tmp_path, wait=False)
    assert killed.wait(timeout=60) == 9 and gone.is_dir()  # what a killed run leaves
    live, running = _run_in_child(tmp_path, wait=True)
    unlocked = tmp_path / "catalogue-run-older"  # a folder with no lock file: never guessed at
    unlocked.mkdir()
    try:
        with run_scratch() as root:
            assert root is not None
            assert not gone.exists()  # the plain copy the killed run held is gone
            assert running.is_dir() and any(running.rglob("plain-copy.xlsx"))  # a live run's is kept
            assert unlocked.is_dir()
    finally:
        assert live.stdin is not None
        live.stdin.close()
        live.wait(timeout=60)
