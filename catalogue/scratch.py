"""Temporary files of a run that outlive no run, even where the process that made them
is killed (a file's time limit, Ctrl-C of a batch): a LibreOffice profile and copies of
the source, a decrypted plain copy of a file with a password to open.

The process that runs the workers opens the run's scratch folder (`run_scratch`) and
names it in the environment, which its workers inherit. A worker's temporary folders
(`temporary_folder`) go into a folder of its own there, which it holds locked while it
lives; a helper program it starts in a process group of its own (LibreOffice) is
recorded there (`started_group`). When a worker is gone (killed, crashed), its lock is
free: `sweep` kills what it started and removes its folder, and at the end of the run
the whole scratch folder goes. The run holds its own lock on the scratch folder too: a
run killed outright (kill -9, the machine's out-of-memory killer) cannot remove it, and
what it held (a decrypted copy of a file with a password to open) would stay in the
system's temporary folder, so each run first removes the scratch folders of runs that
are gone. Outside a run's workers (a single file read in this
process) the folders are made in the system's temporary folder as usual, and removed
when the reading ends, however it ends (KeyboardInterrupt, SystemExit included).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from catalogue.locks import try_lock

SCRATCH_ENV = "CATALOGUE_SCRATCH"
RUN_PREFIX = "catalogue-run-"
LOCK_NAME = ".held"
GROUP_PREFIX = "group-"  # a marker file per helper process group: group-<pgid>

# This process's own folder under the run's scratch folder, and the descriptor that holds
# its lock (None until a temporary folder is first asked for here).
_held: tuple[int, Path, int] | None = None  # (pid, folder, fd)


@contextmanager
def run_scratch() -> Iterator[Path | None]:
    """The scratch folder of a run whose workers may be killed, removed at its end with
    what any worker left there and the helper programs they started; None (and nothing
    made) where a run around this one has one already."""
    if os.environ.get(SCRATCH_ENV):
        yield None
        return
    sweep_gone_runs()
    root = Path(tempfile.mkdtemp(prefix=RUN_PREFIX))
    held = _hold(root)
    os.environ[SCRATCH_ENV] = str(root)
    try:
        yield root
    finally:
        os.environ.pop(SCRATCH_ENV, None)
        sweep(root, everything=True)
        shutil.rmtree(root, ignore_errors=True)
        os.close(held)


def _hold(folder: Path) -> int:
    """Take the lock of `folder` for as long as this process (and the workers it forks,
    which share the lock) lives. The lock file is locked before it has its name, so no
    other run ever finds it free while this one starts."""
    fd, name = tempfile.mkstemp(dir=folder, prefix=LOCK_NAME)
    fcntl.flock(fd, fcntl.LOCK_EX)  # mkstemp's descriptor is not inherited by a program exec'd
    os.replace(name, folder / LOCK_NAME)
    return fd


def sweep_gone_runs() -> None:
    """Remove the scratch folders of this user's runs that are gone (their lock is free),
    with what their workers left and the helper programs they started. A folder with no
    lock file (a run starting now, or one of a version without it) is left alone."""
    for root in Path(tempfile.gettempdir()).glob(f"{RUN_PREFIX}*"):
        try:
            if root.is_symlink() or not root.is_dir() or root.stat().st_uid != os.getuid():
                continue
        except OSError:
            continue
        if _abandoned(root):
            sweep(root, everything=True)
            shutil.rmtree(root, ignore_errors=True)


def _own_folder() -> Path | None:
    global _held
    root = os.environ.get(SCRATCH_ENV)
    if not root or not Path(root).is_dir():
        return None
    folder = Path(root) / str(os.getpid())
    if _held is not None and _held[:2] == (os.getpid(), folder):
        return folder
    if _held is not None and _held[0] == os.getpid():
        os.close(_held[2])  # the folder of an earlier run in this process, removed with it
    folder.mkdir(mode=0o700, exist_ok=True)
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)  # held until this process ends, however it ends
    _held = (os.getpid(), folder, fd)
    return folder


@contextmanager
def temporary_folder(prefix: str) -> Iterator[Path]:
    """A private temporary folder (mode 0700), removed when the block ends; inside the
    run's scratch folder where there is one, so that a killed worker's folder is removed
    by the run."""
    with tempfile.TemporaryDirectory(prefix=prefix, dir=_own_folder()) as folder:
        yield Path(folder)


@contextmanager
def started_group(folder: Path, pgid: int) -> Iterator[None]:
    """Record, for as long as the block runs, that this process started the process
    group `pgid` while working in `folder`, so that the run kills it if this process is
    killed first. `folder` is one of temporary_folder's."""
    marker = folder / f"{GROUP_PREFIX}{pgid}"
    marker.touch()
    try:
        yield
    finally:
        marker.unlink(missing_ok=True)


def kill_group(pgid: int) -> None:
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def sweep(root: Path, *, everything: bool = False) -> None:
    """Remove the folders of the run's workers that are gone (their lock is free), and
    kill the process groups they started there; with `everything`, every worker's (the
    run is over)."""
    try:
        folders = [p for p in root.iterdir() if p.is_dir()]
    except OSError:
        return
    for folder in folders:
        if not everything and not _abandoned(folder):
            continue
        for marker in folder.rglob(f"{GROUP_PREFIX}*"):
            pgid = marker.name.removeprefix(GROUP_PREFIX)
            if pgid.isdigit() and _started_here(int(pgid), root):
                kill_group(int(pgid))
        shutil.rmtree(folder, ignore_errors=True)


def _abandoned(folder: Path) -> bool:
    """Whether the worker that owns `folder` is gone: its lock can be taken."""
    try:
        fd = os.open(folder / LOCK_NAME, os.O_RDWR)
    except OSError:
        return False  # being made, or not a worker's folder
    try:
        return try_lock(fd)
    finally:
        os.close(fd)


def _started_here(pgid: int, root: Path) -> bool:
    """Whether the leader of `pgid` is still the program started in `root` (its command
    line names the scratch folder), not another that has its number since; where the
    system does not say (no /proc), it is taken to be."""
    try:
        command = Path(f"/proc/{pgid}/cmdline").read_bytes()
    except FileNotFoundError:
        return not Path("/proc/self").exists()
    except OSError:
        return False
    return str(root).encode() in command
