"""Many inputs in one call: folders expanded, one bad file never stops the rest.

A batch can run in this process, in a local process pool or on a Dask cluster
(catalogue.executors); wherever it runs, the worker writes its file's outputs and
sends back only a summary. With a manifest (catalogue.output.manifest) the output folder
remembers what it holds: unchanged inputs are skipped, and every item of the
folder is also in one partitioned Parquet dataset.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import socket
import threading
from collections.abc import Callable, Container, Generator, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from types import FrameType
from uuid import uuid4

from catalogue.api import Extraction, PagesRead, extract_file, load_pipeline, write_extraction
from catalogue.errors import CatalogueError
from catalogue.executors import EXECUTORS, map_dask, map_local, map_serial
from catalogue.extract import (
    ARCHIVE_SKIPPED,
    ARCHIVE_SUFFIXES,
    SUPPORTED_SUFFIXES,
    file_sha256,
    name_suffix,
    not_regular,
)
from catalogue.extract.settings import DEFAULT_TIMEOUT, SPLIT_MIN_PAGES, ExtractSettings
from catalogue.output.folder import (
    FOLDER_MOVED,
    OutputFolder,
    absolute,
    fold,
    identity,
    input_key,
    listed_outputs,
    readable_name,
    still_ours,
    utf8_name,
    write_partition,
)
from catalogue.output.formats import FORMATS, PROVENANCE
from catalogue.output.manifest import FileRecord
from catalogue.progress import POLL_SECONDS, PageWriter, progress_file
from catalogue.schemas.warnings import INFORMATIONAL
from catalogue.version import __version__


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
    unchanged: bool = False  # unchanged since the run recorded in the manifest, not read again
    skipped: str | None = None  # why a folder entry was not read (a named pipe, a broken link)
    removed: bool = False  # the input is gone: its outputs left the folder
    kept: bool = False  # the input is gone, and its outputs were kept (--keep-missing)
    partition: str = ""  # its folder in the items/ dataset

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def status(self) -> str:
        if self.error is not None:
            return "failed"
        if self.removed:
            return "missing" if self.kept else "removed"
        if self.skipped is not None:
            return "skipped"
        return "unchanged" if self.unchanged else "extracted"


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
    partition: str = ""  # the input's folder in the items/ dataset (OutputFolder.partition_name)
    progress: str | None = None  # a file the worker writes its pages read into (catalogue.progress)
    # The output folder as locked (OutputFolder.held); None on Dask, where a worker's
    # file system may number it otherwise (the run token stands for it there).
    held: tuple[int, int] | None = None


@dataclass(frozen=True)
class Input:
    """One file to extract and the `source` its items get: the file name, or in a
    folder batch its path relative to the folder ("a/cat.html"), which is unique."""

    path: Path
    source: str


# A folder entry left out, with why: reported as the Input it would have been (its path,
# and the `source` its items would have had), so its record names it as an item would.
Skipped = Callable[[Input, str], None]


@dataclass
class Walked:
    """The folders a run walked (input keys), and the folders under them it could not list."""

    roots: list[str] = field(default_factory=list)
    # Input key of each folder that could not be listed → its path as walked, and why.
    unlisted: dict[str, tuple[Path, str]] = field(default_factory=dict)

    def root_of(self, key: str) -> str | None:
        """The walked folder an input key lies under, when the walk would have found it
        there: None outside every walked folder, or under a folder it could not list
        (its files are not known to be gone)."""
        if any(_under(key, folder) for folder in self.unlisted):
            return None
        return next((root for root in self.roots if _under(key, root)), None)


def _under(key: str, folder: str) -> bool:
    return key.startswith(folder.rstrip(os.sep) + os.sep)


def walked_folders(inputs: Iterable[Path | Input]) -> Walked:
    """The folders among the inputs (their walk fills `unlisted`, see collect_inputs)."""
    return Walked([input_key(entry) for entry in inputs if not isinstance(entry, Input) and entry.is_dir()])


def collect_inputs(inputs: Iterable[Path | Input], on_skip: Skipped | None = None, out_dir: Path | None = None,
                   recorded: Container[str] = (), walked: Walked | None = None) -> list[Input]:
    """Named files as they are; folders walked for supported regular files, each file once.

    Links to folders are not followed (a symlink loop cannot trap the walk). In a
    folder, a named pipe, socket or device under a supported name is never opened
    (reading a pipe blocks for ever): on_skip(Input(path, source), "not a regular file (named pipe)").
    A file named on its own is kept, and its extraction says what is wrong with it.
    A run's outputs are never its inputs: the output folder `out_dir` is not walked
    when it lies inside an input folder, and in any folder holding a catalogue
    manifest (`-o .`, or an earlier run's folder) the outputs and the items/ dataset
    it lists are left out. A file found under several names is read under the one
    `recorded` (the input keys the output folder holds outputs of) where it can be.
    The folders a walk could not list are added to `walked.unlisted`.
    """
    found: list[Input] = []
    never = absolute(out_dir) if out_dir is not None else None
    passed_over: set[str] = set()

    def skip_once(item: Input, problem: str) -> None:
        # A folder given twice, or with a folder inside it, walks an entry twice.
        key = input_key(item.path)
        if on_skip is not None and key not in passed_over:
            passed_over.add(key)
            on_skip(item, problem)

    for entry in inputs:
        if isinstance(entry, Input):
            found.append(entry)
        elif entry.is_dir():
            found.extend(_walk(entry, skip_once, never, walked.unlisted if walked is not None else None))
        else:
            found.append(Input(entry, entry.name))
    return _distinct_sources(_each_file_once(found, skip_once, recorded))


def _each_file_once(found: list[Input], on_skip: Skipped, recorded: Container[str] = ()) -> list[Input]:
    """Each file once: a name given twice is dropped; a link, a hard link or a second
    link to a file already among the inputs is read once, under the name of the file
    itself where it is among them, else under the name an earlier run into the output
    folder read it by (`recorded`), else the first name; the other names are skipped,
    saying which they are the same file as. A hard link added beside a file between
    two runs so leaves the file's outputs where they were, rather than moving them to
    the new name's stem."""
    by_name: dict[str, Input] = {}
    for item in found:
        by_name.setdefault(input_key(item.path), item)

    def rank(item: Input) -> tuple[bool, bool]:
        return os.path.islink(item.path), input_key(item.path) not in recorded

    chosen: dict[object, Input] = {}
    for item in by_name.values():
        file = identity(item.path) or input_key(item.path)
        first = chosen.get(file)
        if first is None or rank(item) < rank(first):
            chosen[file] = item
    kept = {id(item) for item in chosen.values()}
    for item in by_name.values():
        if id(item) not in kept:
            same = chosen[identity(item.path) or input_key(item.path)]
            on_skip(item, f"the same file as {same.source} (a link or hard link to it), read once under that name")
    return [item for item in by_name.values() if id(item) in kept]


def _distinct_sources(found: list[Input], held: Iterable[str] = ()) -> list[Input]:
    """Inputs from two places with one `source` (cat.csv in two folders given), or with a
    source that an input of an earlier run holds (`held`, folded), each take the path they
    were given by, which tells them apart."""
    counts: dict[str, int] = dict.fromkeys(held, 1)
    for item in found:
        counts[fold(item.source)] = counts.get(fold(item.source), 0) + 1
    return [item if counts[fold(item.source)] == 1 else Input(item.path, item.path.as_posix()) for item in found]


# Folders a file system or an operating system keeps at a volume's root, which only it
# may list: an input folder at a disk's root holds one, and failing every run on it (as
# an unlistable folder of the user's fails) would help nobody.
SYSTEM_FOLDERS = frozenset({"lost+found", "System Volume Information", "$RECYCLE.BIN", "$Recycle.Bin", ".Trashes",
                            ".Spotlight-V100", ".fseventsd"})

# Why a file in the output folder, inside an input folder, is not read.
OUTPUT_FOLDER_ENTRY = "in the output folder, which is never read as input (name it with another -o to read it)"


def _walk(folder: Path, on_skip: Skipped | None, never: Path | None,
          unlisted: dict[str, tuple[Path, str]] | None = None) -> Iterator[Input]:
    """The supported regular files under `folder`, each with its path inside it as its
    source; the input keys of the folders that could not be listed go into `unlisted`."""
    top = absolute(folder)
    outputs: set[Path] = set()

    def not_listed(error: OSError) -> None:
        if unlisted is not None and error.filename is not None:
            path = Path(os.fsdecode(error.filename))
            if path.name in SYSTEM_FOLDERS or path.name.startswith(".Trash-"):
                return  # the system's own, at a volume's root: never a user's catalogues
            unlisted[input_key(path)] = (path, error.strerror or str(error))

    for root, dirs, files in os.walk(folder, followlinks=False, onerror=not_listed):
        here = Path(root)
        where = absolute(here)
        if where == never and where != top:
            dirs.clear()  # the output folder, inside the input folder: never read as input
            for name in sorted(files):
                candidate = here / name
                # A source there (last year's catalogues in the folder named with -o) is
                # named rather than passed over without a word; the tool's own files are not.
                if (on_skip is not None and name_suffix(name) in SUPPORTED_SUFFIXES
                        and not name.startswith(".") and not still_ours(candidate)):
                    on_skip(Input(candidate, candidate.relative_to(folder).as_posix()), OUTPUT_FOLDER_ENTRY)
            continue
        outputs |= listed_outputs(here)
        dirs[:] = sorted(d for d in dirs if where / d not in outputs)
        for name in sorted(files):
            candidate = here / name
            if name.startswith("."):
                continue
            suffix = name_suffix(name)
            if suffix in ARCHIVE_SUFFIXES and on_skip is not None:
                on_skip(Input(candidate, candidate.relative_to(folder).as_posix()), ARCHIVE_SKIPPED)
                continue
            if suffix not in SUPPORTED_SUFFIXES:
                continue
            if where / name in outputs and still_ours(candidate):
                continue  # an output (a source saved at its name since is an input again)
            try:
                problem = not_regular(candidate.stat().st_mode)  # stat, not lstat: links to files count
            except OSError as error:
                problem = "no such file (a broken link)" if isinstance(error, FileNotFoundError) else (error.strerror or str(error))
            item = Input(candidate, candidate.relative_to(folder).as_posix())
            if problem is None:
                yield item
            elif on_skip is not None:
                on_skip(item, problem)


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
    partition: str = "",
    on_pages: PagesRead | None = None,
    held: tuple[int, int] | None = None,
) -> Outcome:
    """Extract one file and write its outputs; a file that fails leaves none of them.
    A long PDF's pages are read by `page_workers` processes (see api.extract_file)."""
    outcome = Outcome(path, stem=stem, source=source or path.name)
    written: list[Path] = []
    try:
        extraction = extract_file(path, settings, workers=page_workers, split_min_pages=split_min_pages,
                                  on_pages=on_pages, record=PROVENANCE in formats)
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
        if held is not None and identity(out_dir) != held:
            # Moved away while the file was read: writing by its path would make a new folder.
            raise CatalogueError(FOLDER_MOVED, source=str(path))
        written = write_extraction(extraction, out_dir, stem, formats, labels=labels)
        outcome.outputs = list(written)
        if dataset:
            written.append(write_partition(extraction.table(), out_dir, partition))
            outcome.partition = partition
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
                          split_min_pages=task.split_min_pages, partition=task.partition,
                          on_pages=PageWriter(task.progress) if task.progress is not None else None, held=task.held)
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
    """SIGINT, SIGTERM or SIGHUP arrived during a batch (see stop_on_signals)."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(signal.Signals(signum).name)

    @property
    def exit_code(self) -> int:
        return 128 + self.signum  # the shell's convention: 130 for SIGINT, 143 for SIGTERM


class BatchStopped(CatalogueError):
    """The batch could not go on (its manifest cannot be saved); `outcomes` holds what was
    done (each already given to on_done), `not_done` how many files it never extracted."""

    def __init__(self, error: CatalogueError, outcomes: list[Outcome], not_done: int = 0):
        self.outcomes = outcomes
        self.not_done = not_done
        super().__init__(f"{error.detail}; batch stopped", source=error.source)


@dataclass
class _Held:
    """The signal that stop_on_signals caught while held_signals held it."""

    depth: int = 0
    signum: int | None = None


_HELD = _Held()


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn SIGINT and SIGTERM (what Ctrl-C, `timeout`, systemd and Slurm send), and SIGHUP
    (an ssh session dropped, a terminal closed) into Interrupted, so a batch stops its
    workers and keeps its manifest. A second signal while it stops is ignored, so the
    stopping itself is not cut short. Outside the main thread, where Python cannot
    handle signals, it does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: tuple[int, ...] = (signal.SIGINT, signal.SIGTERM)
    hangup = getattr(signal, "SIGHUP", None)  # none on Windows
    # A run started with nohup ignores hangups, and must go on when the session ends.
    if hangup is not None and signal.getsignal(hangup) is not signal.SIG_IGN:
        caught += (hangup,)

    def handler(signum: int, frame: FrameType | None) -> None:
        for number in caught:
            signal.signal(number, signal.SIG_IGN)
        if _HELD.depth:
            _HELD.signum = signum  # raised as the held code ends
            return
        raise Interrupted(signum)

    _HELD.signum = None
    previous = {number: signal.signal(number, handler) for number in caught}
    try:
        yield
    finally:
        for number, action in previous.items():
            signal.signal(number, action)
        _HELD.signum = None


@contextmanager
def held_signals() -> Iterator[None]:
    """Code that a signal must not cut short (drawing a progress display: rich's console,
    left part-way through a line, holds back every later one): a signal that
    stop_on_signals catches meanwhile is raised as Interrupted when the code ends."""
    _HELD.depth += 1
    try:
        yield
    finally:
        _HELD.depth -= 1
    if not _HELD.depth and _HELD.signum is not None:
        signum, _HELD.signum = _HELD.signum, None
        raise Interrupted(signum)


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
    keep_missing: bool = False,
    progress_dir: Path | None = None,
    on_wait: Callable[[], None] | None = None,
) -> list[Outcome]:
    """Extract every input into out_dir; one Outcome per input, in input order, after
    one for each input of an earlier run that is gone (status removed, or missing when
    keep_missing keeps its outputs) and one for each folder entry that is not a regular
    file (status skipped, with the reason).

    workers=None runs in this process (in one worker process when there is a time
    limit, so a stuck file can be killed); a number runs a local process pool of that
    size (crash-isolated). executor="dask" sends the files to the scheduler instead.
    timeout is each file's limit in seconds (0: none; not enforced on Dask, which
    cannot stop a running task). The folder always keeps out_dir/manifest.json, the
    record of what it holds (catalogue.output.folder); manifest=True also keeps the
    out_dir/items/ dataset and skips inputs unchanged since the manifest's run
    (force=True re-extracts them). on_start gets the number of files to extract
    (after skipping); on_skip gets folder entries that are not regular files.
    labels="zh" writes the CSV header in the contract's Chinese labels.

    Workers that the files leave idle (fewer files than workers, local executor) read
    the pages of the files' PDFs: a PDF of at least split_min_pages pages is split
    among them, with the same output; its time limit covers all of its pages.

    With progress_dir (local executor), each file's worker writes its pages read to
    progress_dir/<stem>.pages as it goes (catalogue.progress.PagePoller reads them).
    on_wait (local executor) is called in this thread every progress.POLL_SECONDS while
    the files' workers run: a progress display that is no thread of its own, so the
    workers can be forked from this process (executors.map_local).

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
    skips: list[tuple[Input, str]] = []

    def skip(item: Input, problem: str) -> None:
        skips.append((item, problem))
        if on_skip is not None:
            on_skip(item, problem)

    listed = list(inputs)
    with OutputFolder.open(out_dir, dataset=manifest) as folder:
        recorded = {key for key, record in folder.manifest.files.items() if record.outputs or record.partition}
        walked = walked_folders(listed)
        found = collect_inputs(listed, skip, out_dir, recorded, walked)
        run = _Run(folder, settings, formats, labels, fingerprint=settings_fingerprint(settings, formats, labels),
                   reuse=manifest)
        return run.execute(found, skips, on_done, on_start, workers, executor, scheduler, force, timeout,
                           split_min_pages, keep_missing, progress_dir, on_wait, walked)


@dataclass
class _Run:
    """One run into a held OutputFolder: what to extract, and the record of what was."""

    folder: OutputFolder
    settings: ExtractSettings
    formats: tuple[str, ...]
    labels: str
    fingerprint: str
    reuse: bool = True  # skip inputs unchanged since the manifest's run (--manifest)

    def execute(
        self, found: list[Input], skips: list[tuple[Input, str]],
        on_done: Callable[[Outcome], None] | None, on_start: Callable[[int], None] | None,
        workers: int | None, executor: str, scheduler: str | None, force: bool, timeout: float,
        split_min_pages: int, keep_missing: bool, progress_dir: Path | None = None,
        on_wait: Callable[[], None] | None = None, walked: Walked | None = None,
    ) -> list[Outcome]:
        folder = self.folder
        folder.adopt([(item.path, item.source) for item in found])
        left = _left_out(folder, walked or Walked(), {input_key(item.path) for item in found}
                         | {input_key(item.path) for item, _ in skips})
        early: list[Outcome] = [
            Outcome(Path(gone.path), source=gone.source, items=gone.items, removed=True, kept=gone.kept,
                    skipped=left[gone.path] if gone.left else None, error=None if gone.error is None else
                    f"{gone.path}: gone since the last run, but its outputs could not all be removed ({gone.error})")
            if gone.unreadable is None else
            Outcome(Path(gone.path), source=gone.source, items=gone.items, kept=True, skipped=_kept(gone.unreadable))
            for gone in folder.drop_missing(keep_missing, left)
        ]
        # A name that is not UTF-8 (GBK bytes from a Windows zip) cannot be written in the
        # manifest, nor be an item's source: such a file fails on its own, unrecorded.
        for item in found:
            if not utf8_name(item.path):
                early.append(Outcome(item.path, source=item.source, error=f"{readable_name(item.path)}: its name is "
                                     "not UTF-8 text; it is not read (rename it, e.g. with convmv)"))
        found = [item for item in found if utf8_name(item.path)]
        # A folder the walk could not list (permission denied) holds files nobody read:
        # it fails, so the run cannot end as if they had all been extracted. Its earlier
        # outputs stay (Walked.root_of), and it is not recorded: once listed, it is walked.
        for path, why in (walked or Walked()).unlisted.values():
            early.append(Outcome(path, source=path.name,
                                 error=f"{path}: the folder cannot be listed ({why}); the files in it were not read"))
        # A file the manifest holds outputs of that cannot be read now (permission denied)
        # keeps them: failing it would remove them, as if it were gone.
        unreadable: set[Path] = set()
        for item in found:
            record = folder.manifest.files.get(input_key(item.path))
            if record is not None and record.outputs and not os.access(item.path, os.R_OK):
                unreadable.add(item.path)
                early.append(Outcome(item.path, source=record.source, items=record.items, kept=True,
                                     skipped=_kept(os.strerror(errno.EACCES))))
        found = [item for item in found if item.path not in unreadable]
        # A source that a record this run does not rewrite holds (cat.csv of in1, and now
        # cat.csv of in2; or a file kept unread) would mix two files under one name in
        # items/: the new input takes the path it was given by, as two inputs of one run
        # do. An input of this run rewrites its record, under its source of this run
        # (_unchanged re-extracts it when that differs).
        keys = {input_key(item.path) for item in found}
        held = {fold(record.source) for key, record in folder.manifest.files.items()
                if key not in keys and record.source and (record.outputs or record.partition)}
        found = _distinct_sources(found, held)
        paths = [item.path for item in found]
        for item, reason in skips:
            if utf8_name(item.path):
                folder.skip(item.path, item.source, reason)
            early.append(Outcome(item.path, source=item.source, skipped=reason))
        stems = folder.assign_stems(paths, self.formats)

        results: dict[Path, Outcome] = {}
        tasks: list[Task] = []
        by_task: dict[Path, Path] = {}  # absolute path sent to the worker → the path as given
        run_token = f".catalogue-run-{uuid4().hex}" if executor == "dask" else None
        out_dir = absolute(folder.path)
        inputs = {key for key in map(identity, paths) if key is not None}
        for item in found:
            path = item.path
            stem = stems[path]
            previous = folder.manifest.files.get(input_key(path))
            refused = folder.refusal(path, stem, self.formats, inputs)
            if refused is not None:
                results[path] = Outcome(path, stem=stem, source=item.source, error=f"{path}: {refused}")
                continue
            # A record whose stem is no longer this input's (stems now kept apart that an
            # earlier version let collide), or whose source is not the one this run gives
            # it (a sub-folder's file read with its parent folder: x.csv is now sub/x.csv,
            # and another file may take x.csv), is extracted again under its own.
            unchanged = (None if force or previous is None or not self.reuse or previous.stem != stem
                         or previous.source != item.source else self._unchanged(path, previous))
            if unchanged is not None:
                results[path] = unchanged
                continue
            partition = folder.partition_name(stem) if folder.dataset else ""
            tasks.append(Task(absolute(path), out_dir, stem, self.settings, self.formats, folder.dataset, run_token,
                              item.source, self.labels, partition=partition,
                              held=folder.held if executor == "local" else None))
            by_task[tasks[-1].path] = path
        if executor == "local" and workers and tasks:
            # A file's page workers are its own process's children: when its time limit kills
            # it, they end with it (executors._worker_start).
            spare = max(1, workers // len(tasks))
            tasks = [replace(task, page_workers=spare, split_min_pages=split_min_pages) for task in tasks]
        if executor == "local" and progress_dir is not None:
            tasks = [replace(task, progress=str(progress_file(progress_dir, task.stem))) for task in tasks]

        def ordered() -> list[Outcome]:
            return early + [results[path] for path in paths if path in results]

        told: set[int] = set()  # the outcomes given to on_done, by id

        def tell(outcome: Outcome) -> None:
            if on_done is not None and id(outcome) not in told:
                told.add(id(outcome))
                on_done(outcome)

        def checkpoint() -> None:
            try:
                folder.save()
            except CatalogueError as error:
                # What was done before the stop is said file by file (a failed file named),
                # and the files never extracted are counted, before the batch stops.
                done = ordered()
                for outcome in done:
                    tell(outcome)
                raise BatchStopped(error, done, not_done=len(paths) - len(results)) from error

        if on_start is not None:
            on_start(len(tasks))
        for outcome in results.values():
            self._record(outcome)
        for task in tasks:
            folder.expect(by_task[task.path], task.stem, task.source or task.path.name, self.formats, task.partition)
        checkpoint()
        for outcome in [*early, *results.values()]:
            tell(outcome)

        if run_token is not None:
            (folder.path / run_token).touch()
        outcomes = _execute(tasks, workers, executor, scheduler, timeout, on_wait)
        try:
            for outcome in outcomes:
                path = by_task[outcome.path]
                outcome.path = path
                results[path] = outcome
                if not outcome.ok:
                    folder.discard_partial(outcome.stem)  # a killed worker's half-written files
                self._record(outcome)
                checkpoint()
                tell(outcome)
        finally:
            outcomes.close()  # stops the workers, also when interrupted
            if run_token is not None:
                (folder.path / run_token).unlink(missing_ok=True)
            stopped = [task for task in tasks if by_task[task.path] not in results]  # in flight when the run stopped
            for task in stopped:
                folder.discard_partial(task.stem)
                folder.abandon(by_task[task.path])
            if stopped:
                # Best effort: what was taken back is noted; if the note cannot be saved,
                # the manifest saved before the workers began still accounts for it.
                with suppress(CatalogueError):
                    folder.save()
        return ordered()

    def _unchanged(self, path: Path, previous: FileRecord) -> Outcome | None:
        """An Outcome from the manifest when the input need not be extracted again, else None."""
        if (previous.error is not None or previous.pending or previous.status == "pending"
                or previous.tool_version != __version__ or previous.settings != self.fingerprint):
            return None
        folder = self.folder
        # The outputs of the formats asked for, and whatever else the record lists (each once).
        outputs = list(dict.fromkeys([*(folder.path / f"{previous.stem}.{fmt}" for fmt in self.formats),
                                      *folder.outputs_of(previous)]))
        if not all(p.exists() for p in outputs) or not previous.partition or folder.shared_outputs(previous):
            return None
        if not folder.partition_holds(previous.partition, previous.sha256):
            return None  # gone, or another input's items written there since
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
            unchanged=True,
            partition=previous.partition,
        )

    def _record(self, outcome: Outcome) -> None:
        """The outcome into the manifest; a problem removing what it replaced becomes
        the file's error rather than ending the batch."""
        folder = self.folder
        key = input_key(outcome.path)
        previous = folder.manifest.files.get(key)
        if outcome.unchanged and previous is not None:
            previous.status = "skipped"
            previous.reason = "unchanged"
            return
        record = FileRecord(
            path=key,
            stem=outcome.stem,
            source=outcome.source,
            sha256=outcome.sha256 or _sha256_or_empty(outcome.path),
            pages=outcome.pages,
            items=outcome.items,
            warnings=dict(outcome.warnings),
            error=outcome.error,
            seconds=round(outcome.seconds, 3),
            outputs=[folder.relative(p) for p in outcome.outputs],
            tool_version=outcome.tool_version,
            settings=self.fingerprint,
            status=outcome.status,
            partition=outcome.partition,
        )
        if outcome.error is not None and folder.dataset:
            # Whatever sits at the partition of its stem is not this input's data now:
            # gone, so the dataset holds only what the manifest vouches for (a link is
            # unlinked, never followed).
            folder.remove_partition(folder.partition_name(outcome.stem))
        problem = folder.record(record)
        if problem is not None and outcome.error is None:
            outcome.error = f"{outcome.path}: {problem}"
            record.error = outcome.error
            record.status = "failed"


def _left_out(folder: OutputFolder, walked: Walked, returned: set[str]) -> dict[str, str]:
    """The records (by key) that lie in a folder this run walked but that the walk did not
    return, with why: they are no longer inputs, though a path may still lead to the file
    (a sub-folder renamed, with a link left at its old name, which a walk does not
    follow: the file is read under its new path, and its old record would keep a second
    copy of its rows in items/, never refreshed)."""
    left: dict[str, str] = {}
    for key in folder.manifest.files:
        root = walked.root_of(key)
        if root is None or key in returned:
            continue
        linked = any(_under(str(parent), root) and parent.is_symlink() for parent in Path(key).parents)
        left[key] = ("no longer an input: its folder is now a link, which a folder's walk does not follow"
                     if linked else "no longer an input: its folder's walk does not find it")
    return left


def _kept(reason: str) -> str:
    return f"cannot be read now ({reason}); its earlier outputs are kept"


def _execute(tasks: list[Task], workers: int | None, executor: str, scheduler: str | None, timeout: float,
             on_wait: Callable[[], None] | None = None) -> Generator[Outcome, None, None]:
    if executor == "dask":
        assert scheduler is not None
        return map_dask(run_task, tasks, scheduler, _failed)
    if not tasks or (workers is None and not timeout):
        return map_serial(run_task, tasks, _failed)
    # Even one file runs in a worker when it has a time limit: only a process can be killed.
    pool = max(1, min(workers or 1, len(tasks)))
    # Several file workers inherit the pipeline's imports from here rather than each making
    # them; one makes them itself, after its page workers are forked (api).
    return map_local(run_task, tasks, pool, _failed, timeout=timeout, on_wait=on_wait, wait_seconds=POLL_SECONDS,
                     preload=load_pipeline if pool > 1 else None)


def _sha256_or_empty(path: Path) -> str:
    """The input's SHA-256 for the manifest even when it failed (empty when unreadable)."""
    try:
        return file_sha256(path)
    except (OSError, CatalogueError):  # unreadable, or not a regular file (never read)
        return ""
