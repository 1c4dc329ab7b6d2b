"""`catalogue`: a thin Typer layer over the library (catalogue.api, catalogue.batch).

Only what the help and the light commands need is imported here; the extraction
libraries (PDF, OCR, Office, pandas, jieba) are imported by the command that runs
them, so `catalogue --help`, `--version` and `schema` answer at once.
"""

from __future__ import annotations

import errno
import os
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer
from rich.console import Console
from rich.markup import escape

from catalogue.errors import CatalogueError, InputNotFound
from catalogue.extract.engines import ENGINE_HELP
from catalogue.extract.settings import DEFAULT_TIMEOUT, Engine, ExtractSettings, OcrMode, OcrName
from catalogue.output.formats import ALL_FORMATS, FORMATS, PROVENANCE
from catalogue.plural import counted
from catalogue.printable import printable
from catalogue.schemas.warnings import INFORMATIONAL
from catalogue.usage import (
    Command,
    Group,
    check_inputs,
    check_output_folder,
    check_regular_files,
    check_written_file,
)
from catalogue.version import CONTRACT_VERSION, __version__

if TYPE_CHECKING:
    from types import TracebackType

    from rich.progress import Progress

    from catalogue.batch import Outcome

Executor = Literal["local", "dask"]
Labels = Literal["en", "zh"]
ReportFormat = Literal["text", "json"]
PASSWORD_ENV = "CATALOGUE_PASSWORD"

app = typer.Typer(
    name="catalogue",  # what messages call it, however it was started (python -m, a test runner)
    help="Turn Chinese government information-disclosure catalogues (政务公开事项目录) into clean, typed tables.",
    no_args_is_help=True,
    add_completion=False,
    cls=Group,
)
err = Console(stderr=True)
out = Console()


def _version(value: bool) -> None:
    if value:
        out.print(f"catalogue {__version__}, contract v{CONTRACT_VERSION}", highlight=False)
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the tool and contract versions and exit.")] = False,
) -> None:
    """Turn Chinese government information-disclosure catalogues (政务公开事项目录) into clean, typed tables."""


def _formats(value: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    bad = [f for f in chosen if f not in ALL_FORMATS]
    if bad or not chosen:
        raise typer.BadParameter(f"must be one or more of {', '.join(ALL_FORMATS)}, comma-separated (got {value!r})", param_hint="--format")
    return chosen


# The highest page number --pages takes: five times the most pages a file is ever read
# to (ExtractSettings.max_pages), and few enough that the pages asked for, listed one by
# one, take a few megabytes (1-99999999999 would take all the memory there is).
MAX_PAGE_NUMBER = 100_000


def parse_pages(value: str) -> tuple[int, ...]:
    """"1-3,7" → (1, 2, 3, 7): pages from 1, ranges inclusive, in order, each once."""
    ranges: list[tuple[int, int]] = []
    for part in value.split(","):
        first, dash, last = part.strip().partition("-")
        try:
            low = int(first)
            high = int(last) if dash else low
        except ValueError:
            low = high = 0  # not a number: refused below with the rest
        if low < 1 or high < low:
            raise typer.BadParameter(f"must be pages from 1 and ranges that go up, comma-separated, like 1-3,7 (got {value!r})",
                                     param_hint="--pages")
        if high > MAX_PAGE_NUMBER:
            raise typer.BadParameter(f"takes page numbers up to {MAX_PAGE_NUMBER} (got {value!r})", param_hint="--pages")
        ranges.append((low, high))
    return tuple(sorted({page for low, high in ranges for page in range(low, high + 1)}))


def _error(message: object) -> None:
    err.print(f"[red]error:[/red] {escape(printable(str(message)))}", highlight=False, soft_wrap=True)


def _warning(message: object) -> None:
    err.print(f"[yellow]warning:[/yellow] {escape(printable(str(message)))}", highlight=False, soft_wrap=True)


def _remark(message: object) -> None:
    err.print(f"[cyan]note:[/cyan] {escape(printable(str(message)))}", highlight=False, soft_wrap=True)


@contextmanager
def _terminal_may_be_gone() -> Iterator[None]:
    """Lines for a terminal that may have closed: SIGHUP comes when the window is closed or
    the ssh session drops, and a write to that terminal then fails (EIO; EPIPE where the
    reader of a pipe has left). The run's work is written and recorded by then, so the
    lines are let go and the exit code still says how the run ended (129, not 1)."""
    try:
        yield
    except OSError as error:
        if error.errno not in (errno.EIO, errno.EPIPE):
            raise
        _let_go_of_terminal()


def _let_go_of_terminal() -> None:
    """Point stdout and stderr at /dev/null, so that the interpreter's flush of what they
    still buffer at exit does not fail too (which would make the exit status 120)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        for stream in (1, 2):
            os.dup2(devnull, stream)
    finally:
        os.close(devnull)


def _line(text: str) -> None:
    err.print(printable(text), highlight=False, soft_wrap=True, markup=False)


def shown(path: Path | str) -> str:
    """A path as the user sees it: relative to the working folder when it lies inside it,
    by the name it was given (a link's own, not its target's), else where it leads."""
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd()))
    except (ValueError, OSError):
        pass
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):
        return str(path)


def told(path: Path | str) -> str:
    """A path for a line the user reads: as `shown`, and said to be decomposed where its
    name is not in composed Unicode (NFC), so that two files whose names differ only
    so (a name from macOS beside the same name typed on Windows) are told apart."""
    text = shown(path)
    if unicodedata.is_normalized("NFC", text):
        return text
    return f"{text} (its name in decomposed Unicode)"


DiffFormat = Literal["text", "csv", "json", "html"]
FORMAT_METAVAR = "<" + "|".join(ALL_FORMATS) + ">,…"


@app.command(cls=Command)
def extract(
    inputs: Annotated[list[Path], typer.Argument(help="PDF, OFD, image, Office, CSV or text/HTML/Markdown files, or folders of them.", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for <stem>.<format>.")] = Path("output"),
    fmt: Annotated[list[str] | None, typer.Option("--format", "-f", metavar=FORMAT_METAVAR, help=f"Outputs, comma-separated or -f repeated: parquet, csv, xlsx (Chinese labels, one sheet), jsonl. [default: {','.join(FORMATS)}]", show_default=False)] = None,
    labels: Annotated[Labels, typer.Option("--labels", help="CSV header: column names (en) or the contract's Chinese labels (zh). The xlsx always has the Chinese labels.")] = "en",
    pages: Annotated[str | None, typer.Option("--pages", "-p", metavar="1-3,7", help="Pages of PDFs and images to read, from 1 (default: all).", show_default=False)] = None,
    engine: Annotated[Engine, typer.Option(help=ENGINE_HELP)] = "pdfium",
    password: Annotated[str | None, typer.Option(envvar=PASSWORD_ENV, help="Password of encrypted PDFs and of Office files with a password to open (better from the environment, out of the shell history).", show_default=False)] = None,
    ocr: Annotated[OcrName, typer.Option(help="OCR for pages without a text layer.")] = "auto",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and the summary: no progress, no per-file lines or warnings.")] = False,
    workers: Annotated[int | None, typer.Option("--workers", "-w", min=1, help="Parallel worker processes (default: the number of CPUs).", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Re-extract inputs that the manifest says are unchanged.")] = False,
    executor: Annotated[Executor, typer.Option(help="Where files are extracted.")] = "local",
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address (tcp://host:8786) or scheduler file, for --executor dask.")] = None,
    manifest: Annotated[bool | None, typer.Option("--manifest/--no-manifest", help="Keep the OUTPUT/items/ dataset and skip inputs the manifest says are unchanged (default: on when an input is a folder). OUTPUT/manifest.json, the record of what the folder holds, is always kept.", show_default=False)] = None,
    keep_missing: Annotated[bool, typer.Option("--keep-missing", help="Keep the outputs of inputs that are gone since an earlier run into OUTPUT (default: they are removed, and the run says so).")] = False,
    timeout: Annotated[float, typer.Option("--timeout", min=0, help="Seconds one file may take before its worker is killed and the file recorded as failed; 0: no limit.")] = DEFAULT_TIMEOUT,
    provenance: Annotated[bool, typer.Option("--provenance", help="Also write <stem>.provenance.parquet: for each value of each item, the page and box of its source cells and what the normaliser did to it.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Also print the per-file results and the summary as one JSON document on stdout.")] = False,
) -> None:
    """Extract catalogue items into Parquet and CSV (or xlsx, jsonl), one set of files per input."""
    from catalogue.batch import (
        BatchStopped,
        Input,
        Interrupted,
        collect_inputs,
        held_signals,
        run_batch,
        stop_on_signals,
    )
    from catalogue.output.manifest import MANIFEST_NAME

    check_inputs(inputs, folders=True)
    check_output_folder(output)
    # Every -f counts: a repeated option would otherwise keep only its last value.
    formats = _formats(",".join(fmt) if fmt else ",".join(FORMATS)) + ((PROVENANCE,) if provenance else ())
    if executor == "dask" and not scheduler:
        raise typer.BadParameter("--executor dask needs --scheduler ADDRESS (tcp://host:8786 or a scheduler file)")
    if manifest is None:
        manifest = any(path.is_dir() for path in inputs)
    settings = ExtractSettings(engine=engine, password=password, ocr=OcrMode(ocr), pages=None if pages is None else parse_pages(pages))

    def skip(item: Input, problem: str) -> None:
        if not quiet:
            _warning(f"{told(item.path)}: {problem}, skipped")

    paths = collect_inputs(inputs, None, output)
    if not paths:
        # An input folder found empty may be a share that is not mounted: its files are
        # not gone, and the output folder's record of them is left as it is.
        kept = ("; the output folder's earlier outputs are kept (a folder found empty removes nothing)"
                if (output / MANIFEST_NAME).is_file() else "")
        _error("no supported input files found" + kept)
        raise typer.Exit(1)
    pages_shown = len(paths) == 1 and not quiet and executor == "local"
    # Locally the displays are redrawn from this thread while it waits for the workers
    # (run_batch's on_wait), so that these can be forked from it (executors.can_fork); a
    # Dask run starts no process here, and rich's own thread redraws its bar.
    with (BatchProgress(len(paths), quiet, auto_refresh=executor != "local") as progress,
          _pages_of(paths[0].path if paths else output, pages_shown) as (progress_dir, show_pages)):
        finished = 0
        told_outcomes: list[Outcome] = []  # what on_done was given: the files done when a run stops

        def redraw() -> None:
            with held_signals():
                show_pages()
                progress.refresh()

        def done(outcome: Outcome) -> None:
            nonlocal finished
            finished += outcome.status not in ("removed", "missing", "skipped")
            told_outcomes.append(outcome)
            with held_signals():
                progress.advance(outcome)
                if not quiet or outcome.error:
                    _report(outcome)

        try:
            with stop_on_signals():
                outcomes = run_batch(
                    inputs,
                    output,
                    settings,
                    formats,
                    on_done=done,
                    workers=workers or os.cpu_count() or 1,
                    executor=executor,
                    scheduler=scheduler,
                    manifest=manifest,
                    force=force,
                    timeout=timeout,
                    labels=labels,
                    on_skip=skip,
                    keep_missing=keep_missing,
                    progress_dir=progress_dir,
                    on_wait=None if quiet else redraw,
                )
        except Interrupted as stop:
            with _terminal_may_be_gone():
                progress.stop()
                _line(f"interrupted: {finished} of {len(paths)} done; run again to resume")
                # A caller reading --json (a scheduler's SIGTERM) still gets the files done,
                # which are written and recorded.
                if as_json:
                    _json_document(told_outcomes, not_done=len(paths) - finished, interrupted=True)
            raise typer.Exit(stop.exit_code) from stop
        except BatchStopped as error:
            progress.stop()
            _error(error)
            _summary(error.outcomes, as_json, not_done=error.not_done, error=str(error))
            raise typer.Exit(1) from error
        except CatalogueError as error:
            _error(error)
            if as_json:  # another run holds the folder, its manifest is not sound …
                _json_document(told_outcomes, not_done=len(paths) - finished, error=str(error))
            raise typer.Exit(1) from error
    _summary(outcomes, as_json)
    if any(o.status == "failed" for o in outcomes):
        raise typer.Exit(1)


@contextmanager
def _pages_of(path: Path, shown_here: bool) -> Iterator[tuple[Path | None, Callable[[], None]]]:
    """A folder for the progress file of one file's worker, and what shows its pages
    read on stderr (catalogue.progress), to be called while the worker runs; no folder,
    and nothing shown, when they are not to be shown."""
    if not shown_here:
        yield None, lambda: None
        return
    from catalogue.progress import PagePoller, PageProgress

    with tempfile.TemporaryDirectory(prefix="catalogue-pages-") as folder:
        display = PageProgress(err, shown(path))
        poller = PagePoller(Path(folder), lambda _stem, read, total: display.update(read, total))

        def show() -> None:
            poller.poll()
            display.refresh()

        try:
            yield Path(folder), show
        finally:
            display.stop()


# Fewer files than this show no progress bar: their per-file lines say enough.
PROGRESS_MIN_FILES = 2


class BatchProgress:
    """The progress bar of a batch on stderr: the file just finished, files done of all,
    pages per second and the time left (from the files' pace). Off with -q, for a
    single file, and when stderr is no terminal (rich draws nothing then). Without
    auto_refresh it is redrawn only by refresh() and advance(). Where it is off, rich's
    progress module is not imported (a small file's run is mostly imports)."""

    def __init__(self, total: int, quiet: bool, *, auto_refresh: bool = True):
        self.bar = None if quiet or total < PROGRESS_MIN_FILES else self._bar(auto_refresh)
        self.task = self.bar.add_task("extracting", total=total, rate="") if self.bar is not None else None
        self.pages = 0
        self.auto_refresh = auto_refresh

    @staticmethod
    def _bar(auto_refresh: bool) -> Progress:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        return Progress(
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=err,
            transient=True,
            auto_refresh=auto_refresh,
        )

    def __enter__(self) -> BatchProgress:
        if self.bar is not None:
            self.bar.__enter__()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.bar is not None:
            self.bar.__exit__(kind, error, trace)

    def advance(self, outcome: Outcome) -> None:
        if self.bar is None or self.task is None or outcome.status in ("removed", "missing", "skipped"):
            return  # no bar, or not among the files to read
        self.pages += outcome.pages if outcome.status == "extracted" else 0
        elapsed = self.bar.tasks[0].elapsed or 0.0
        rate = f"{self.pages / elapsed:.1f} pages/s" if elapsed > 0 and self.pages else ""
        self.bar.update(self.task, advance=1, description=printable(shown(outcome.path)), rate=rate,
                        refresh=not self.auto_refresh)

    def refresh(self) -> None:
        if self.bar is not None:
            self.bar.refresh()

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _named(outcome: Outcome) -> str:
    """A failed file's error naming the file as its good neighbours are named (shown):
    the library names it by its file name, a worker by its absolute path."""
    assert outcome.error is not None
    path = Path(outcome.path)
    try:
        resolved = str(path.resolve())
    except (OSError, RuntimeError):  # a symlink loop: the worker named it as given
        resolved = str(path)
    for said in sorted({str(path.absolute()), resolved, str(path), path.name}, key=len, reverse=True):
        if outcome.error.startswith((f"{said}: ", f"{said} p")):
            return told(path) + outcome.error[len(said):]
    return outcome.error


def _report(outcome: Outcome) -> None:
    if outcome.status == "removed" and outcome.error is None:
        # A file still there but no longer an input says why (Outcome.skipped).
        _line(f"{told(outcome.path)}: {outcome.skipped or 'gone since the last run'}; its outputs and "
              f"{counted(outcome.items, 'item')} were removed (--keep-missing keeps them)")
        return
    if outcome.error:
        _error(_named(outcome))
        return
    name = told(outcome.path)
    if outcome.status == "missing":
        _warning(f"{name}: {outcome.skipped or 'gone since the last run'}; its outputs were kept (--keep-missing)")
        return
    if outcome.status == "skipped":
        if outcome.kept:  # an input of the manifest that cannot be read now
            _warning(f"{name}: {outcome.skipped}")
        return  # else said as it was found
    if outcome.unchanged:
        _line(f"{name}: unchanged, skipped ({counted(outcome.items, 'item')})")
        return
    for remark in outcome.remarks:
        _remark(remark)
    for note in outcome.notes:
        _warning(note)
    names = ", ".join(shown(p) for p in outcome.outputs)
    _line(f"{name}: {counted(outcome.items, 'item')} from {counted(outcome.pages, 'page')} → {names}")


def summary(outcomes: list[Outcome], not_done: int = 0) -> dict[str, Any]:
    """What a run did: files extracted, unchanged, skipped (not regular files), removed
    (gone since the last run), kept though gone (missing) and failed, and for a batch that
    stopped (its manifest could not be saved) the files it never extracted (not_done);
    items and pages of the files the folder holds from this run and unchanged ones;
    warnings and notes by code."""
    statuses = Counter(o.status for o in outcomes)
    done = [o for o in outcomes if o.status in ("extracted", "unchanged")]
    counts: Counter[str] = Counter()
    for o in done:
        counts.update(o.warnings)
    return {
        **{status: statuses[status] for status in ("extracted", "unchanged", "skipped", "removed", "missing")},
        "failed": statuses["failed"],
        **({"not_done": not_done} if not_done else {}),
        "items": sum(o.items for o in done),
        "pages": sum(o.pages for o in done),
        "warnings": {code: n for code, n in sorted(counts.items()) if code not in INFORMATIONAL},
        "notes": {code: n for code, n in sorted(counts.items()) if code in INFORMATIONAL},
    }


def file_result(outcome: Outcome) -> dict[str, Any]:
    """One file's result for `extract --json`, paths named as on stderr."""
    return {
        "path": shown(outcome.path),
        "source": outcome.source,
        "ok": outcome.ok,
        "status": outcome.status,
        "reason": outcome.skipped,
        "error": _named(outcome) if outcome.error else None,
        "unchanged": outcome.unchanged,
        "stem": outcome.stem,
        "sha256": outcome.sha256,
        "pages": outcome.pages,
        "items": outcome.items,
        "warnings": dict(outcome.warnings),
        "notes": [*outcome.notes, *outcome.remarks],
        "outputs": [shown(p) for p in outcome.outputs],
        "seconds": round(outcome.seconds, 3),
    }


def _summary(outcomes: list[Outcome], as_json: bool = False, not_done: int = 0, error: str | None = None) -> None:
    totals = summary(outcomes, not_done)
    others = "".join(f", {totals[s]} {s}" for s in ("unchanged", "skipped", "removed", "missing") if totals[s])
    stopped = f", {not_done} not done" if not_done else ""
    line = (f"{counted(totals['extracted'], 'file')} extracted{others}, {totals['failed']} failed{stopped}: "
            f"{counted(totals['items'], 'item')}, {counted(totals['pages'], 'page')}")
    if totals["warnings"]:
        line += "; warnings: " + ", ".join(f"{code} {n}" for code, n in totals["warnings"].items())
    if totals["notes"]:
        line += "; notes: " + ", ".join(f"{code} {n}" for code, n in totals["notes"].items())
    _line(line)
    if as_json:
        _json_document(outcomes, not_done, error=error)


def _json_document(outcomes: list[Outcome], not_done: int = 0, *, error: str | None = None,
                   interrupted: bool = False) -> None:
    """The document of `extract --json` on stdout: every file's result and the summary,
    and whether the run was interrupted or stopped by an error (its message), so that a
    caller parsing it always gets one, however the run ended once inputs were read."""
    import json

    document = {"files": [file_result(o) for o in outcomes], "summary": summary(outcomes, not_done),
                "interrupted": interrupted, "error": error}
    typer.echo(json.dumps(_utf8(document), ensure_ascii=False, indent=2))


def _utf8(value: Any) -> Any:
    """`value` with every text made UTF-8: a file name of other bytes (GBK from a Windows
    zip) reaches Python as lone surrogates, which would go out as those raw bytes and
    make the whole document invalid JSON; they are written as \\xNN, as stderr shows them."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            try:
                return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            except UnicodeEncodeError:  # a surrogate that stands for no byte: as \\udNNN
                return value.encode("utf-8", "backslashreplace").decode("utf-8")
        return value
    if isinstance(value, dict):
        return {_utf8(key): _utf8(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_utf8(item) for item in value]
    return value


@app.command(cls=Command)
def diff(
    old: Annotated[Path, typer.Argument(help="Parquet or CSV output of extract, an OUTPUT/items/ dataset (or its OUTPUT folder), or an input of another kind (PDF, Office, HTML …), extracted now.", show_default=False)],
    new: Annotated[Path, typer.Argument(help="The extraction to compare it with.", show_default=False)],
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="Report format.")] = "text",
    report: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file instead of stdout.")] = None,
    password: Annotated[str | None, typer.Option(envvar=PASSWORD_ENV, help="Password of an encrypted PDF or Office file given as an input to extract now (better from the environment, out of the shell history).", show_default=False)] = None,
) -> None:
    """Compare two extractions: added, removed, changed, moved and relabelled items.

    Exit 0 when they are equal, 1 when they differ, 2 on error.
    """
    from catalogue.diff import diff_files, is_report, render
    from catalogue.output.formats import holds_dataset
    from catalogue.usage import not_items

    check_inputs([old, new], folders=True)
    check_regular_files([old, new])
    for path in (old, new):  # a folder: an items/ dataset, or the output folder holding one
        if path.is_dir() and not holds_dataset(path):
            raise not_items(path)
    if report is not None:
        check_written_file(report, "--output", inputs=[old, new], suffix=None, ours=is_report,
                           what="a report of catalogue diff")
    try:
        result = diff_files(old, new, ExtractSettings(password=password))
    except CatalogueError as error:
        _error(error)
        raise typer.Exit(2) from error
    _emit(render(result, fmt), report, bom=fmt == "csv")
    raise typer.Exit(0 if result.equal else 1)


def _emit(text: str, path: Path | None, *, bom: bool = False) -> None:
    """A report on stdout, or in a file (a CSV file with a BOM, so Excel reads it as UTF-8)."""
    if path is None:
        typer.echo(text, nl=False)
        return
    from catalogue.output.temp import make_temp

    temp: Path | None = None
    try:
        # Written beside the target and renamed onto it: a reader never sees half a report.
        temp = make_temp(path.parent, f".{path.name}.", ".part")
        temp.write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
        os.replace(temp, path)
    except OSError as error:
        _error(f"{path}: {error.strerror or error}")
        raise typer.Exit(2) from error
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)


@app.command(cls=Command)
def validate(
    files: Annotated[list[Path], typer.Argument(help="Parquet or CSV outputs of extract, folders of them, or an OUTPUT/items/ dataset.", show_default=False)],
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="Report format.")] = "text",
) -> None:
    """Check outputs against the contract and their items for QA.

    Exit 0 when no error-level check fails (warnings allowed), 1 when one does or a
    file is not a readable catalogue output, 2 when an input is not there.
    """
    from catalogue.validate import render, render_many, validate_file, validation_targets

    check_inputs(files, folders=True)
    check_regular_files(files)
    try:
        targets = validation_targets(files)
    except InputNotFound as error:
        _error(error)
        raise typer.Exit(2) from error
    reports = []
    unreadable: list[str] = []
    for target in targets:
        try:
            reports.append(validate_file(target))
        except CatalogueError as error:
            # A file that is there but is no readable catalogue output fails validation (1).
            _error(error)
            unreadable.append(str(error))
    if len(targets) == 1 and reports:
        _emit(render(reports[0], fmt), None)
    elif len(targets) > 1:
        _emit(render_many(reports, unreadable, fmt), None)
    raise typer.Exit(0 if not unreadable and all(r.ok for r in reports) else 1)


@app.command("inspect", cls=Command)
def inspect_command(
    file: Annotated[Path, typer.Argument(help="PDF (text layer or scanned) or image file.", show_default=False)],
    page: Annotated[int, typer.Option("--page", "-p", min=1, help="Page to draw, from 1.")] = 1,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="PNG to write (default: <stem>-p<N>.png).", show_default=False)] = None,
    password: Annotated[str | None, typer.Option(envvar=PASSWORD_ENV, help="Password of an encrypted PDF.", show_default=False)] = None,
    ocr: Annotated[OcrName, typer.Option(help="OCR for pages without a text layer.")] = "auto",
) -> None:
    """Draw a page with the grid, merged cells, column roles and marks (checked green, empty red, unreadable orange)."""
    from catalogue.inspect import inspect_page
    from catalogue.inspect.draw import is_drawing

    check_inputs([file], folders=False)
    check_regular_files([file])
    target = output or Path(f"{file.stem}-p{page}.png")
    check_written_file(target, "--output" if output is not None else "the default --output",
                       inputs=[file], suffix=".png", ours=is_drawing, what="a drawing of catalogue inspect")
    settings = ExtractSettings(password=password, ocr=OcrMode(ocr))
    try:
        report = inspect_page(file, page, target, settings)
    except CatalogueError as error:
        _error(error)
        raise typer.Exit(1) from error
    for note in report.notes:
        _warning(note)
    _line(report.summary())


@app.command(cls=Command)
def schema(
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="text, or JSON for programs.")] = "text",
    warnings: Annotated[bool, typer.Option("--warnings", help="List the warning codes instead of the columns.")] = False,
) -> None:
    """Print the contract's columns with their Arrow types and Chinese labels, or every warning code."""
    import json

    from catalogue.schemas.contract import COLUMNS, LABELS, MEANINGS, NULLABLE, TYPES
    from catalogue.schemas.warnings import WARNINGS

    if warnings:
        if fmt == "json":
            typer.echo(json.dumps([{"code": w.code, "where": w.where, "note": w.code in INFORMATIONAL, "meaning": w.meaning}
                                   for w in WARNINGS], ensure_ascii=False, indent=2))
            return
        width = max(len(w.code) for w in WARNINGS)
        for w in WARNINGS:
            where = f"{w.where} (note)" if w.code in INFORMATIONAL else w.where
            typer.echo(f"{w.code:{width}}  {where:11}  {w.meaning}")
        return
    columns = [{"name": name, "type": TYPES[name], "nullable": NULLABLE[name], "label": LABELS[name],
                "meaning": MEANINGS[name]} for name in COLUMNS]
    if fmt == "json":
        data = {"contract_version": CONTRACT_VERSION, "tool_version": __version__, "columns": columns}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(f"catalogue contract v{CONTRACT_VERSION} (tool {__version__})")
    for c in columns:
        null = "null" if c["nullable"] else "not null"
        typer.echo(f"{c['name']:24} {c['type']:14} {null:9} {c['label']}")


@app.command(cls=Command)
def version() -> None:
    """Print the tool and contract versions."""
    _version(True)


if __name__ == "__main__":
    app()
