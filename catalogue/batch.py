"""Many inputs in one call: folders expanded, one bad file never stops the rest.

A batch can run in this process, in a local process pool or on a Dask cluster
(catalogue.executors); wherever it runs, the worker writes its file's outputs and
sends back only a summary. With a manifest (catalogue.manifest) the output folder
remembers what it holds: unchanged inputs are skipped, and every item of the
folder is also in one partitioned Parquet dataset.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import signal
import socket
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from types import FrameType
from uuid import uuid4

from catalogue import __version__
from catalogue.api import Extraction, PagesRead, extract_file, write_extraction
from catalogue.errors import CatalogueError
from catalogue.executors import EXECUTORS, map_dask, map_local, map_serial
from catalogue.extract import SUPPORTED_SUFFIXES, file_sha256, not_regular
from catalogue.extract.settings import DEFAULT_TIMEOUT, SPLIT_MIN_PAGES, ExtractSettings
from catalogue.manifest import (
    FileRecord,
    Manifest,
    load_manifest,
    lock_output,
    partition_dir,
    partition_file,
    remove_partition,
    save_manifest,
    write_partition,
)
from catalogue.progress import PageWriter, progress_file
from catalogue.schemas.warnings import INFORMATIONAL
from catalogue.writer import FORMATS

TEMP_NAME_CHARS = 8  # length of the random part of tempfile.mkstemp's names


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
    remarks: list[str] = field(default_factory=list)  # informational page notes (warnings.INFORMATIONAL)
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
    source: str | None = None  # the items' `source`; None: the file name
    labels: str = "en"  # header labels of the CSV (writer.HEADER_LABELS)
    # Processes that read the pages of a long PDF (workers the other files leave idle).
    page_workers: int = 1
    split_min_pages: int = SPLIT_MIN_PAGES
    progress: str | None = None  # a file the worker writes its pages read into (catalogue.progress)


@dataclass(frozen=True)
class Input:
    """One file to extract and the `source` its items get: the file name, or in a
    folder batch its path relative to the folder ("a/cat.html"), which is unique."""

    path: Path
    source: str


Skipped = Callable[[Path, str], None]


def collect_inputs(inputs: Iterable[Path | Input], on_skip: Skipped | None = None) -> list[Input]:
    """Named files as they are; folders walked for supported regular files, each file once.

    Links to folders are not followed (a symlink loop cannot trap the walk). In a
    folder, a named pipe, socket or device under a supported name is never opened
    (reading a pipe blocks for ever): on_skip(path, "not a regular file (named pipe)").
    A file named on its own is kept, and its extraction says what is wrong with it.
    """
    seen: set[Path] = set()
    found: list[Input] = []

    def once(item: Input) -> None:
        key = _absolute(item.path)
        if key not in seen:
            seen.add(key)
            found.append(item)

    for entry in inputs:
        if isinstance(entry, Input):
            once(entry)
        elif entry.is_dir():
            for candidate in _walk(entry, on_skip):
                once(Input(candidate, candidate.relative_to(entry).as_posix()))
        else:
            once(Input(entry, entry.name))
    return found


def expand_inputs(inputs: Iterable[Path]) -> Iterator[Path]:
    """The input files' paths, as collect_inputs finds them."""
    return (item.path for item in collect_inputs(inputs))


def _walk(folder: Path, on_skip: Skipped | None) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            candidate = Path(root) / name
            if candidate.suffix.lower() not in SUPPORTED_SUFFIXES or name.startswith("."):
                continue
            try:
                problem = not_regular(candidate.stat().st_mode)  # stat, not lstat: links to files count
            except OSError as error:
                problem = "no such file (a broken link)" if isinstance(error, FileNotFoundError) else (error.strerror or str(error))
            if problem is None:
                yield candidate
            elif on_skip is not None:
                on_skip(candidate, problem)


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
    path: Path,
    out_dir: Path,
    stem: str,
    settings: ExtractSettings,
    formats: tuple[str, ...],
    *,
    dataset: bool = False,
    source: str | None = None,
    labels: str = "en",
    page_workers: int = 1,
    split_min_pages: int = SPLIT_MIN_PAGES,
    on_pages: PagesRead | None = None,
) -> Outcome:
    """Extract one file and write its outputs; a file that fails leaves none of them.
    A long PDF's pages are read by `page_workers` processes (see api.extract_file)."""
    outcome = Outcome(path, stem=stem, source=source or path.name)
    written: list[Path] = []
    try:
        extraction = extract_file(path, settings, workers=page_workers, split_min_pages=split_min_pages,
                                  on_pages=on_pages)
        if source is not None:
            _rename_source(extraction, source)
        outcome.extraction = extraction
        outcome.source = extraction.source
        outcome.sha256 = extraction.sha256
        outcome.pages = extraction.pages
        outcome.items = len(extraction.items)
        outcome.warnings = dict(sorted(extraction.warning_counts().items()))
        outcome.notes = [n.describe(extraction.source) for n in extraction.notes if n.code not in INFORMATIONAL]
        outcome.remarks = [n.describe(extraction.source) for n in extraction.notes if n.code in INFORMATIONAL]
        outcome.seconds = extraction.seconds
        written = write_extraction(extraction, out_dir, stem, formats, labels=labels)
        outcome.outputs = list(written)
        if dataset:
            written.append(write_partition(extraction.table(), out_dir, stem))
    except CatalogueError as error:
        outcome.error = str(error)
    except OSError as error:
        outcome.error = f"{path}: {error.strerror or error}"
    except Exception as error:  # a bug for this input must not end the batch; the manifest keeps it
        outcome.error = f"{path}: internal error ({type(error).__name__}: {error})"
    if outcome.error is not None:
        outcome.outputs = []
        for output in written:
            output.unlink(missing_ok=True)
    return outcome


def _rename_source(extraction: Extraction, source: str) -> None:
    extraction.source = source
    for item in extraction.items:
        item["source"] = source


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
    outcome = process_one(task.path, task.out_dir, task.stem, task.settings, task.formats, dataset=task.dataset,
                          source=task.source, labels=task.labels, page_workers=task.page_workers,
                          split_min_pages=task.split_min_pages,
                          on_pages=PageWriter(task.progress) if task.progress is not None else None)
    outcome.extraction = None  # the items are in the files; sending them back would double the work
    return outcome


def _failed(task: Task, message: str) -> Outcome:
    return Outcome(task.path, stem=task.stem, source=task.source or task.path.name, error=f"{task.path}: {message}")


def settings_fingerprint(settings: ExtractSettings, formats: tuple[str, ...], labels: str = "en") -> str:
    """What the outputs depend on besides the input's bytes; the password only as present/absent."""
    values = asdict(settings)
    values["password"] = settings.password is not None
    values["formats"] = sorted(formats)
    if labels != "en":  # only when asked, so manifests of earlier runs stay valid
        values["labels"] = labels
    text = json.dumps(values, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class Interrupted(Exception):  # noqa: N818 - it is what happened, not an error of the input
    """SIGINT or SIGTERM arrived during a batch (see stop_on_signals)."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(signal.Signals(signum).name)

    @property
    def exit_code(self) -> int:
        return 128 + self.signum  # the shell's convention: 130 for SIGINT, 143 for SIGTERM


class BatchStopped(CatalogueError):
    """The batch could not go on (its manifest cannot be saved); `outcomes` holds what was done."""

    def __init__(self, error: CatalogueError, outcomes: list[Outcome]):
        self.outcomes = outcomes
        super().__init__(f"{error.detail}; batch stopped", source=error.source)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn SIGINT and SIGTERM (what Ctrl-C, `timeout`, systemd and Slurm send) into
    Interrupted, so a batch stops its workers and keeps its manifest. A second signal
    while it stops is ignored, so the stopping itself is not cut short. Outside the
    main thread, where Python cannot handle signals, it does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = (signal.SIGINT, signal.SIGTERM)

    def handler(signum: int, frame: FrameType | None) -> None:
        for number in caught:
            signal.signal(number, signal.SIG_IGN)
        raise Interrupted(signum)

    previous = {number: signal.signal(number, handler) for number in caught}
    try:
        yield
    finally:
        for number, action in previous.items():
            signal.signal(number, action)


def run_batch(
    inputs: Iterable[Path | Input],
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
    timeout: float = DEFAULT_TIMEOUT,
    on_skip: Skipped | None = None,
    labels: str = "en",
    split_min_pages: int = SPLIT_MIN_PAGES,
    progress_dir: Path | None = None,
) -> list[Outcome]:
    """Extract every input into out_dir; one Outcome per input, in input order.

    workers=None runs in this process (in one worker process when there is a time
    limit, so a stuck file can be killed); a number runs a local process pool of that
    size (crash-isolated). executor="dask" sends the files to the scheduler instead.
    timeout is each file's limit in seconds (0: none; not enforced on Dask, which
    cannot stop a running task). manifest=True keeps out_dir/manifest.json, saved
    after every file, and the out_dir/items/ dataset, and skips inputs unchanged since
    the manifest's run (force=True re-extracts them). on_start gets the number of
    files to extract (after skipping); on_skip gets folder entries that are not
    regular files. labels="zh" writes the CSV header in the contract's Chinese labels.

    Workers that the files leave idle (fewer files than workers, local executor) read
    the pages of the files' PDFs: a PDF of at least split_min_pages pages is split
    among them, with the same output; its time limit covers all of its pages.

    With progress_dir (local executor), each file's worker writes its pages read to
    progress_dir/<stem>.pages as it goes (catalogue.progress.PagePoller reads them).

    Only one run at a time writes to out_dir (FolderBusy otherwise). Raises
    BatchStopped when the manifest cannot be saved.
    """
    if executor not in EXECUTORS:
        raise ValueError(f"executor must be one of {', '.join(EXECUTORS)}, not {executor!r}")
    if executor == "dask" and not scheduler:
        raise ValueError("the dask executor needs a scheduler address")
    if timeout < 0:
        raise ValueError("timeout must be 0 (no limit) or a number of seconds")
    settings = settings or ExtractSettings()
    found = collect_inputs(inputs, on_skip)
    with lock_output(out_dir):
        return _run_locked(found, out_dir, settings, formats, on_done, on_start, workers, executor, scheduler, manifest, force,
                           timeout, labels, split_min_pages, progress_dir)


def _run_locked(
    found: list[Input],
    out_dir: Path,
    settings: ExtractSettings,
    formats: tuple[str, ...],
    on_done: Callable[[Outcome], None] | None,
    on_start: Callable[[int], None] | None,
    workers: int | None,
    executor: str,
    scheduler: str | None,
    manifest: bool,
    force: bool,
    timeout: float,
    labels: str = "en",
    split_min_pages: int = SPLIT_MIN_PAGES,
    progress_dir: Path | None = None,
) -> list[Outcome]:
    paths = [item.path for item in found]
    # Read only now, under the lock: a run that waited for another sees what it recorded.
    record = load_manifest(out_dir) if manifest else Manifest()
    stems = output_stems(paths, {key: r.stem for key, r in record.files.items()})
    fingerprint = settings_fingerprint(settings, formats, labels)

    results: dict[Path, Outcome] = {}
    tasks: list[Task] = []
    by_task: dict[Path, Path] = {}  # absolute path sent to the worker → the path as given
    run_token = f".catalogue-run-{uuid4().hex}" if executor == "dask" else None
    for item in found:
        path = item.path
        previous = record.files.get(str(_absolute(path)))
        skipped = None if force or previous is None else _unchanged(path, previous, out_dir, formats, fingerprint)
        if skipped is not None:
            results[path] = skipped
        else:
            tasks.append(Task(_absolute(path), _absolute(out_dir), stems[path], settings, formats, manifest, run_token, item.source, labels))
            by_task[tasks[-1].path] = path
    if executor == "local" and workers and tasks:
        # A file's page workers are its own process's children: when its time limit kills
        # it, they end with it (executors._worker_start).
        spare = max(1, workers // len(tasks))
        tasks = [replace(task, page_workers=spare, split_min_pages=split_min_pages) for task in tasks]
    if executor == "local" and progress_dir is not None:
        tasks = [replace(task, progress=str(progress_file(progress_dir, task.stem))) for task in tasks]

    def ordered() -> list[Outcome]:
        return [results[path] for path in paths if path in results]

    def checkpoint() -> None:
        try:
            save_manifest(record, out_dir)
        except CatalogueError as error:
            raise BatchStopped(error, ordered()) from error

    if on_start is not None:
        on_start(len(tasks))
    if manifest:
        for outcome in results.values():
            _record(record, outcome, out_dir, fingerprint)
        checkpoint()
    for outcome in results.values():
        if on_done is not None:
            on_done(outcome)

    if run_token is not None:
        (out_dir / run_token).touch()
    outcomes = _execute(tasks, workers, executor, scheduler, timeout)
    try:
        for outcome in outcomes:
            path = by_task[outcome.path]
            outcome.path = path
            results[path] = outcome
            if not outcome.ok:
                _discard_partial(out_dir, outcome.stem, formats)  # a killed worker's half-written files
            if manifest:
                _record(record, outcome, out_dir, fingerprint)
                checkpoint()
            if on_done is not None:
                on_done(outcome)
    finally:
        outcomes.close()  # stops the workers, also when interrupted
        if run_token is not None:
            (out_dir / run_token).unlink(missing_ok=True)
        for task in tasks:
            if by_task[task.path] not in results:  # in flight when the run stopped
                _discard_partial(out_dir, task.stem, formats)
    return ordered()


def _execute(tasks: list[Task], workers: int | None, executor: str, scheduler: str | None, timeout: float) -> Iterator[Outcome]:
    if executor == "dask":
        assert scheduler is not None
        return map_dask(run_task, tasks, scheduler, _failed)
    if not tasks or (workers is None and not timeout):
        return map_serial(run_task, tasks, _failed)
    # Even one file runs in a worker when it has a time limit: only a process can be killed.
    return map_local(run_task, tasks, max(1, min(workers or 1, len(tasks))), _failed, timeout=timeout)


def _discard_partial(out_dir: Path, stem: str, formats: tuple[str, ...]) -> None:
    """Remove the temporary files of a worker killed while writing (timed out, crashed,
    interrupted): the atomic writers leave no partial output, but their temporaries stay."""
    name = glob.escape(stem)
    # mkstemp's random part is TEMP_NAME_CHARS long: matching exactly that many keeps
    # "cat" from taking the temporaries of a stem "cat.x" still being written.
    random = "?" * TEMP_NAME_CHARS
    patterns = [str(out_dir / f".{name}.{random}.{fmt}.part") for fmt in formats]
    patterns.append(str(partition_dir(out_dir, stem) / f".data.{random}.parquet.part"))
    for pattern in patterns:
        for leftover in glob.glob(pattern):
            Path(leftover).unlink(missing_ok=True)


def _unchanged(path: Path, previous: FileRecord, out_dir: Path, formats: tuple[str, ...], fingerprint: str) -> Outcome | None:
    """An Outcome from the manifest when the input need not be extracted again, else None."""
    if previous.error is not None or previous.tool_version != __version__ or previous.settings != fingerprint:
        return None
    outputs = [out_dir / f"{previous.stem}.{fmt}" for fmt in formats]
    if not all(p.exists() for p in outputs) or not partition_file(out_dir, previous.stem).exists():
        return None
    try:
        sha256 = file_sha256(path)
    except (OSError, CatalogueError):
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
    except (OSError, CatalogueError):  # unreadable, or not a regular file (never read)
        return ""


def _relative(path: Path, out_dir: Path) -> str:
    # Relative to the output folder, so the folder can be moved or mounted elsewhere.
    try:
        return str(_absolute(path).relative_to(_absolute(out_dir)))
    except ValueError:
        return str(path)
