"""A run's scratch folder (catalogue.scratch): what a worker leaves there goes with the
run, and one process can run twice."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from catalogue.scratch import run_scratch, sweep, temporary_folder


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
            assert sorted(p.name for p in root.iterdir()) == [str(os.getpid())]  # the dead one's gone
            assert mine.is_dir()
    assert list(tmp_path.iterdir()) == []
