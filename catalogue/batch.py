"""Many inputs in one call: folders expanded, one bad file never stops the rest.

A batch can run in this process, in a local process pool or on a Dask cluster
(catalogue.executors); wherever it runs, the worker writes its file's outputs and
sends back only a summary. With a manifest (catalogue.manifest) the output folder
remembers what it holds: unchanged inputs are skipped, and every item of the
folder is also in one partitioned Parquet dataset.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from uuid import uuid4

from catalogue import __version__
from catalogue.api import Extraction, extract_file, write_extraction
from catalogue.errors import CatalogueError
from catalogue.executors import EXECUTORS, map_dask, map_local, map_serial
from catalogue.extract import SUPPORTED_SUFFIXES, file_sha256
from catalogue.extract.settings import ExtractSettings
from catalogue.manifest import (
    FileRecord,
    Manifest,
    load_manifest,
    partition_file,
    remove_partition,
    save_manifest,
    write_partition,
)
from catalogue.writer import FORMATS

# Saving the manifest after every file would rewrite it N times for N files; saving
# this often bounds both the cost and what a killed run forgets.
MANIFEST_SAVE_INTERVAL = 2.0  # seconds


@dataclass
class Outcome:
    path: Path
    extraction: Extraction | None = None  # only when the file was extracted in this process
    error: str | None = None
    outputs: list[Path] = field(default_factory=list)
    stem: str = ""
    source: str = ""
    sha256: str = ""
    pages: int = 0
    items: int = 0
    warnings: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # page notes, "file p3: message"
    seconds: float = 0.0
    tool_version: str = __version__
    skipped: bool = False  # unchanged since the run recorded in the manifest

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class Task:
    """One file's work, as sent to a worker (picklable, paths absolute)."""

    path: Path
    out_dir: Path
    stem: str
    settings: ExtractSettings
    formats: tuple[str, ...]
    dataset: bool = False
    # A file the client put in out_dir: a worker that cannot see it is not on the
    # same filesystem, and must not write its outputs somewhere nobody will look.
    run_token: str | None = None


def expand_inputs(inputs: Iterable[Path]) -> Iterator[Path]:
    """Named files as they are; folders walked for supported files, links to folders not
    followed (so a symlink loop cannot trap the walk), each file once."""
    seen: set[Path] = set()
    for path in inputs:
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs.sort()
                for name in sorted(files):
                    candidate = Path(root) / name
                    if candidate.suffix.lower() in SUPPORTED_SUFFIXES and not name.startswith("."):
                        yield from _once(candidate, seen)
        else:
            yield from _once(path, seen)


def _once(path: Path, seen: set[Path]) -> Iterator[Path]:
    key = _absolute(path)
    if key not in seen:
        seen.add(key)
        yield path


def _absolute(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop resolves to nothing
        return path.absolute()


def output_stems(paths: list[Path], known: Mapping[str, str] | None = None) -> dict[Path, str]:
    """<stem> for each input; inputs that share a stem get the suffix kept apart.

    `known` maps absolute input paths to the stems an earlier run gave them (from the
    manifest): those keep their stem, and no other input may take it.
    """
    known = dict(known or {})
    stems: dict[Path, str] = {}
    used: set[str] = set(known.values())
    for path in paths:
        previous = known.get(str(_absolute(path)))
        if previous is not None:
            stems[path] = previous
            continue
        stem = path.stem or path.name
        if stem in used:
            stem = f"{stem}-{path.suffix.lstrip('.') or 'file'}"
        n = 2
        base = stem
        while stem in used:
            stem = f"{base}-{n}"
            n += 1
        used.add(stem)
        stems[path] = stem
    return stems


def process_one(
    path: Path, out_dir: Path, stem: str, settings: ExtractSettings, formats: tuple[str, ...], *, dataset: bool = False
) -> Outcome:
    outcome = Outcome(path, stem=stem, source=path.name)
    try:
        extraction = extract_file(path, settings)
        outcome.extraction = extraction
        outcome.source = extraction.source
        outcome.sha256 = extraction.sha256
        outcome.pages = extraction.pages
        outcome.items = len(extraction.items)
        outcome.warnings = dict(sorted(extraction.warning_counts().items()))
        outcome.notes = [note.describe(extraction.source) for note in extraction.notes]
        outcome.seconds = extraction.seconds
        outcome.outputs = write_extraction(extraction, out_dir, stem, formats)
        if dataset:
            write_partition(extraction.table(), out_dir, stem)
    except CatalogueError as error:
        outcome.error = str(error)
    except OSError as error:
        outcome.error = f"{path}: {error.strerror or error}"
    except Exception as error:  # a bug for this input must not end the batch; the manifest keeps it
        outcome.error = f"{path}: internal error ({type(error).__name__}: {error})"
    return outcome


def run_task(task: Task) -> Outcome:
    """process_one in a worker: outputs written here, only the summary travels back."""
    if task.run_token is not None and not (task.out_dir / task.run_token).exists():
        return Outcome(
            task.path,
            stem=task.stem,
            source=task.path.name,
            error=f"{task.path}: output folder {task.out_dir} is not visible from worker {socket.gethostname()}; "
            "Dask workers need the inputs and the output folder on a shared filesystem at the same paths",
        )
    outcome = process_one(task.path, task.out_dir, task.stem, task.settings, task.formats, dataset=task.dataset)
    outcome.extraction = None  # the items are in the files; sending them back would double the work
    return outcome


def _failed(task: Task, message: str) -> Outcome:
    return Outcome(task.path, stem=task.stem, source=task.path.name, error=f"{task.path}: {message}")


def settings_fingerprint(settings: ExtractSettings, formats: tuple[str, ...]) -> str:
    """What the outputs depend on besides the input's bytes; the password only as present/absent."""
    values = asdict(settings)
    values["password"] = settings.password is not None
    values["formats"] = sorted(formats)
    text = json.dumps(values, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def run_batch(
    inputs: Iterable[Path],
    out_dir: Path,
    settings: ExtractSettings | None = None,
    formats: tuple[str, ...] = FORMATS,
    on_done: Callable[[Outcome], None] | None = None,
    *,
    workers: int | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    manifest: bool = False,
    force: bool = False,
    on_start: Callable[[int], None] | None = None,
) -> list[Outcome]:
    """Extract every input into out_dir; one Outcome per input, in input order.

    workers=None runs in this process; a number runs a local process pool of that
    size (crash-isolated). executor="dask" sends the files to the scheduler instead.
    manifest=True keeps out_dir/manifest.json and the out_dir/items/ dataset, and
    skips inputs unchanged since the manifest's run (force=True re-extracts them).
    on_start gets the number of files to extract (after skipping).
    """
    if executor not in EXECUTORS:
        raise ValueError(f"executor must be one of {', '.join(EXECUTORS)}, not {executor!r}")
    if executor == "dask" and not scheduler:
        raise ValueError("the dask executor needs a scheduler address")
    settings = settings or ExtractSettings()
    paths = list(expand_inputs(inputs))
    record = load_manifest(out_dir) if manifest else Manifest()
    stems = output_stems(paths, {key: r.stem for key, r in record.files.items()})
    fingerprint = settings_fingerprint(settings, formats)

    results: dict[Path, Outcome] = {}
    tasks: list[Task] = []
    by_task: dict[Path, Path] = {}  # absolute path sent to the worker → the path as given
    run_token = f".catalogue-run-{uuid4().hex}" if executor == "dask" else None
    for path in paths:
        previous = record.files.get(str(_absolute(path)))
        skipped = None if force or previous is None else _unchanged(path, previous, out_dir, formats, fingerprint)
        if skipped is not None:
            results[path] = skipped
        else:
            tasks.append(Task(_absolute(path), _absolute(out_dir), stems[path], settings, formats, manifest, run_token))
            by_task[tasks[-1].path] = path
    if on_start is not None:
        on_start(len(tasks))
    for outcome in results.values():
        if on_done is not None:
            on_done(outcome)

    last_save = time.monotonic()
    if run_token is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / run_token).touch()
    try:
        for outcome in _execute(tasks, workers, executor, scheduler):
            path = by_task[outcome.path]
            outcome.path = path
            results[path] = outcome
            if manifest:
                _record(record, outcome, out_dir, fingerprint)
                if time.monotonic() - last_save > MANIFEST_SAVE_INTERVAL:
                    save_manifest(record, out_dir)
                    last_save = time.monotonic()
            if on_done is not None:
                on_done(outcome)
    finally:
        if run_token is not None:
            (out_dir / run_token).unlink(missing_ok=True)
        if manifest:
            for outcome in results.values():
                if outcome.skipped:
                    _record(record, outcome, out_dir, fingerprint)
            save_manifest(record, out_dir)
    return [results[path] for path in paths if path in results]


def _execute(tasks: list[Task], workers: int | None, executor: str, scheduler: str | None) -> Iterator[Outcome]:
    if executor == "dask":
        assert scheduler is not None
        return map_dask(run_task, tasks, scheduler, _failed)
    if workers is None or len(tasks) <= 1:
        # One file gains nothing from a pool and would pay for starting one.
        return map_serial(run_task, tasks, _failed)
    return map_local(run_task, tasks, max(1, workers), _failed)


def _unchanged(path: Path, previous: FileRecord, out_dir: Path, formats: tuple[str, ...], fingerprint: str) -> Outcome | None:
    """An Outcome from the manifest when the input need not be extracted again, else None."""
    if previous.error is not None or previous.tool_version != __version__ or previous.settings != fingerprint:
        return None
    outputs = [out_dir / f"{previous.stem}.{fmt}" for fmt in formats]
    if not all(p.exists() for p in outputs) or not partition_file(out_dir, previous.stem).exists():
        return None
    try:
        sha256 = file_sha256(path)
    except OSError:
        return None  # let the extraction report why the file cannot be read
    if sha256 != previous.sha256:
        return None
    return Outcome(
        path,
        stem=previous.stem,
        source=previous.source,
        sha256=sha256,
        pages=previous.pages,
        items=previous.items,
        warnings=dict(previous.warnings),
        outputs=outputs,
        tool_version=previous.tool_version,
        skipped=True,
    )


def _record(record: Manifest, outcome: Outcome, out_dir: Path, fingerprint: str) -> None:
    key = str(_absolute(outcome.path))
    previous = record.files.get(key)
    if outcome.skipped and previous is not None:
        previous.status = "skipped"
        return
    if outcome.error is not None:
        # The dataset holds only what the manifest vouches for; the per-file outputs of an
        # earlier good run stay, and the manifest says they are stale.
        remove_partition(out_dir, outcome.stem)
    record.files[key] = FileRecord(
        path=key,
        stem=outcome.stem,
        source=outcome.source,
        sha256=outcome.sha256 or _sha256_or_empty(outcome.path),
        pages=outcome.pages,
        items=outcome.items,
        warnings=dict(outcome.warnings),
        error=outcome.error,
        seconds=round(outcome.seconds, 3),
        outputs=[_relative(p, out_dir) for p in outcome.outputs],
        tool_version=outcome.tool_version,
        settings=fingerprint,
        status="failed" if outcome.error else "extracted",
    )


def _sha256_or_empty(path: Path) -> str:
    """The input's SHA-256 for the manifest even when it failed (empty when unreadable)."""
    try:
        return file_sha256(path)
    except OSError:
        return ""


def _relative(path: Path, out_dir: Path) -> str:
    # Relative to the output folder, so the folder can be moved or mounted elsewhere.
    try:
        return str(_absolute(path).relative_to(_absolute(out_dir)))
    except ValueError:
        return str(path)
