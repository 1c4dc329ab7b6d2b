"""The run record of an output folder: out/manifest.json and the out/items/ dataset.

The manifest says, for each input the folder holds outputs for, what came out of it
(pages, items, warnings by code, error, seconds) and with which tool and contract
version, so a re-run can skip inputs whose bytes and tool are unchanged. The dataset
holds every item of those inputs in one Parquet dataset, one hive partition per input
(`items/file=<stem>/data.parquet`), so a reader can prune by file.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalogue.errors import CatalogueError
from catalogue.locks import try_lock
from catalogue.output.formats import DATASET_DIR
from catalogue.output.temp import make_temp
from catalogue.schemas.contract import CONTRACT_VERSION
from catalogue.version import __version__

if TYPE_CHECKING:
    import pyarrow.dataset as ds

MANIFEST_NAME = "manifest.json"
# The partition column. Not "source": that is already a contract column, and two
# inputs in different folders may share a file name; the output stem is unique per folder.
PARTITION_KEY = "file"
MANIFEST_FORMAT = 1  # bump when the manifest's own layout changes
# Where the output folder itself cannot be locked (NFS turns flock into a POSIX lock,
# which a directory opened read-only cannot take), this file in it is locked instead.
LOCK_NAME = ".catalogue.lock"
# A second run into a busy folder waits this long for the first before refusing: long
# enough to ride out a run that is just finishing, short enough not to look hung.
LOCK_WAIT = 10.0  # seconds
LOCK_POLL = 0.2  # seconds between attempts while waiting


@dataclass
class FileRecord:
    path: str  # absolute path of the input
    stem: str
    source: str = ""
    sha256: str = ""
    pages: int = 0
    items: int = 0
    warnings: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)
    tool_version: str = __version__
    contract_version: str = CONTRACT_VERSION
    settings: str = ""  # fingerprint of the extraction settings the outputs were made with
    status: str = "extracted"  # extracted | skipped | failed | missing (kept with --keep-missing) | pending (its run was killed)
    reason: str | None = None  # why a file was skipped: unchanged, or not a regular file
    partition: str = ""  # its folder in the items/ dataset ("file=<stem>"), when it has one
    # Outputs (and a partition) a worker was sent to write and whose outcome is not yet
    # recorded: saved before the worker starts, so that a run killed in between leaves
    # nothing the manifest does not account for (the next run replaces or removes them).
    pending: list[str] = field(default_factory=list)
    pending_partition: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileRecord:
        known = {name for name in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class Manifest:
    files: dict[str, FileRecord] = field(default_factory=dict)  # by absolute input path
    tool_version: str = __version__
    contract_version: str = CONTRACT_VERSION
    updated: str = ""
    folder: str = ""  # the output folder's absolute path when saved: tells a copied or moved folder

    def to_json(self) -> dict[str, Any]:
        return {
            "manifest_format": MANIFEST_FORMAT,
            "tool_version": self.tool_version,
            "contract_version": self.contract_version,
            "updated": self.updated,
            "folder": self.folder,
            "dataset": DATASET_DIR,
            "partition_key": PARTITION_KEY,
            "files": [_record_json(record) for record in self.files.values()],
        }


# Fields left out of the manifest while empty: a run that finishes records none of them.
_OMITTED_EMPTY = ("pending", "pending_partition")


def _record_json(record: FileRecord) -> dict[str, Any]:
    data = asdict(record)
    for name in _OMITTED_EMPTY:
        if not data[name]:
            del data[name]
    return data


def load_manifest(out_dir: Path) -> Manifest:
    """The folder's manifest, or an empty one when there is none yet.

    A manifest that cannot be read is an error rather than a fresh start: starting
    fresh would silently re-extract everything and forget earlier failures.
    """
    path = out_dir / MANIFEST_NAME
    if not path.exists():
        return Manifest()
    if not path.is_file():
        # Never opened: a named pipe there would make the run wait for a writer for ever.
        raise CatalogueError("the run manifest is not a regular file (a named pipe, a device or a folder); move it "
                             "or choose another output folder with -o", source=str(path))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CatalogueError(f"cannot read the run manifest ({error}); delete it to start afresh", source=str(path)) from error
    if not _ours(data):
        # Another program's manifest.json (a site export's, a backup set's) in the folder
        # named with -o: never taken for this tool's and written over, nor to be deleted.
        raise CatalogueError("manifest.json here is not a catalogue run manifest (another program's file: it has no "
                             "manifest_format, or keys catalogue never writes); it is never written over: choose "
                             "another output folder with -o", source=str(path))
    try:
        records = [FileRecord.from_json(entry) for entry in data["files"]]
        for record in records:
            _check_types(record)
        folder = data.get("folder", "")  # none in manifests of earlier versions
        if not isinstance(folder, str):
            raise TypeError("the folder must be a string")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise CatalogueError(f"cannot read the run manifest ({error}); delete it to start afresh", source=str(path)) from error
    return Manifest(files={record.path: record for record in records}, folder=folder)


# The top-level keys of every manifest this tool has written (Manifest.to_json; "folder"
# came later, so an earlier one may lack it, and manifest_format is in every one).
_TOP_KEYS = frozenset({"manifest_format", "tool_version", "contract_version", "updated", "folder", "dataset",
                       "partition_key", "files"})


def _ours(data: object) -> bool:
    """Whether parsed JSON is a manifest this tool wrote: an object with manifest_format
    and no key it never writes."""
    return isinstance(data, dict) and "manifest_format" in data and set(data) <= _TOP_KEYS


def _check_types(record: FileRecord) -> None:
    texts = (record.path, record.stem, record.partition, record.pending_partition)
    if not all(isinstance(text, str) for text in texts):
        raise TypeError("a file's path, stem and partition must be strings")
    for names in (record.outputs, record.pending):
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            raise TypeError("a file's outputs must be a list of names")


class FolderBusy(CatalogueError):
    """Another run holds the output folder."""


@contextmanager
def lock_output(out_dir: Path, wait: float | None = None) -> Iterator[None]:
    """Hold out_dir for one run: two writers at once would overwrite each other's
    outputs and lose each other's manifest entries. A second run waits up to `wait`
    seconds (LOCK_WAIT) and then raises FolderBusy. The kernel drops the lock when
    the process ends, however it ends, so a killed run never leaves the folder locked.
    """
    wait = LOCK_WAIT if wait is None else wait
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd = _lock_fd(out_dir)
    except OSError as error:
        raise CatalogueError(f"cannot use the output folder: {error.strerror or error}", source=str(out_dir)) from error
    try:
        deadline = time.monotonic() + wait
        while not try_lock(fd):
            if time.monotonic() >= deadline:
                raise FolderBusy(
                    f"another catalogue run is writing to this folder (waited {wait:g} s); run again when it has finished",
                    source=str(out_dir),
                )
            time.sleep(LOCK_POLL)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _lock_fd(out_dir: Path) -> int:
    """A descriptor to lock: the folder itself, or else LOCK_NAME in it."""
    fd = os.open(out_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try_lock(fd)
    except OSError:
        os.close(fd)
        fd = os.open(out_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o666)
        return fd
    fcntl.flock(fd, fcntl.LOCK_UN)  # only probed; the caller takes it
    return fd


def save_manifest(manifest: Manifest, out_dir: Path) -> Path:
    """Write manifest.json atomically, so a killed run never leaves half a manifest.
    Raises CatalogueError in one line when it cannot be written (disk full, read-only)."""
    try:
        return _save(manifest, out_dir)
    except UnicodeEncodeError as error:  # a name that is not UTF-8 text got past the run
        raise CatalogueError(f"cannot save the run manifest: a name in it is not UTF-8 text ({error.reason})",
                             source=str(out_dir / MANIFEST_NAME)) from error
    except OSError as error:
        raise CatalogueError(f"cannot save the run manifest: {error.strerror or error}", source=str(out_dir / MANIFEST_NAME)) from error


def _save(manifest: Manifest, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest.updated = datetime.now(UTC).isoformat(timespec="seconds")
    manifest.tool_version = __version__
    manifest.contract_version = CONTRACT_VERSION
    manifest.folder = os.path.abspath(out_dir)
    text = json.dumps(manifest.to_json(), ensure_ascii=False, indent=2) + "\n"
    _atomic_write(out_dir / MANIFEST_NAME, text.encode("utf-8"))
    return out_dir / MANIFEST_NAME


def open_dataset(out_dir: Path) -> ds.Dataset:
    """The run's items as one pyarrow dataset, with `file` (the output stem) as a string partition column."""
    import pyarrow as pa
    import pyarrow.dataset as ds  # imports pandas: only when a dataset is read

    partitioning = ds.partitioning(pa.schema([(PARTITION_KEY, pa.string())]), flavor="hive")
    return ds.dataset(out_dir / DATASET_DIR, format="parquet", partitioning=partitioning)


def _atomic_write(target: Path, data: bytes) -> None:
    temp = make_temp(target.parent, f".{target.name}.", ".part")
    try:
        temp.write_bytes(data)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
