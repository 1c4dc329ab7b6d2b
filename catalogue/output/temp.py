"""Temporary files that are renamed onto their outputs, with the mode a new output gets.

Apart from the writers, which import pyarrow: the manifest and the output folder make
them in a process that has not imported it (the CLI, before it forks its workers)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# What open() would give a new file before the umask: read and write for everyone.
# Temporary files are made 0600, which would shut out the group of a shared folder.
NEW_FILE_MODE = 0o666


def _read_umask() -> int:
    try:  # Linux says it without changing it
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere it can only be read by setting it
    os.umask(mask)
    return mask


def output_mode() -> int:
    """The mode a new output file gets: what open() would give it under the umask."""
    return NEW_FILE_MODE & ~_read_umask()


def make_temp(folder: Path, prefix: str, suffix: str) -> Path:
    """An empty temporary file in `folder` with the output mode, to be renamed onto its target."""
    handle, name = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=suffix)
    try:
        os.fchmod(handle, output_mode())
    finally:
        os.close(handle)
    return Path(name)
