"""`catalogue`: a thin Typer layer over the library (catalogue.api, catalogue.batch)."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from catalogue import __version__
from catalogue.batch import (
    DEFAULT_TIMEOUT,
    BatchStopped,
    Interrupted,
    Outcome,
    collect_inputs,
    run_batch,
    stop_on_signals,
)
from catalogue.errors import CatalogueError, InputNotFound
from catalogue.executors import EXECUTORS
from catalogue.extract.settings import ENGINES, OCR_MODES, ExtractSettings
from catalogue.schemas.contract import CONTRACT_VERSION, SCHEMA
from catalogue.writer import FORMATS, PROVENANCE

app = typer.Typer(
    help="Turn Chinese government information-disclosure catalogues (政务公开事项目录) into clean, typed tables.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)
out = Console()


def _formats(value: str) -> tuple[str, ...]:
    chosen = tuple(f.strip().lower() for f in value.split(",") if f.strip())
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        raise typer.BadParameter(f"use one or more of {', '.join(FORMATS)} (got {value!r})")
    return chosen


def _choice(value: str, allowed: tuple[str, ...], name: str) -> str:
    if value not in allowed:
        raise typer.BadParameter(f"{name} must be one of {', '.join(allowed)} (got {value!r})")
    return value


@app.command()
def extract(
    inputs: Annotated[list[Path], typer.Argument(help="PDF, image or text/HTML/Markdown files, or folders of them.", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for <stem>.parquet and <stem>.csv.")] = Path("output"),
    fmt: Annotated[str, typer.Option("--format", "-f", help="Comma-separated: parquet,csv.")] = "parquet,csv",
    engine: Annotated[str, typer.Option(help=f"PDF reader and table engine: {', '.join(ENGINES)} (pdfium: fast, pdfminer where a font needs it).")] = "pdfium",
    password: Annotated[str | None, typer.Option(help="Password of encrypted PDFs.")] = None,
    ocr: Annotated[str, typer.Option(help="OCR for pages without a text layer: auto, always, never.")] = "auto",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    workers: Annotated[int | None, typer.Option("--workers", "-w", min=1, help="Parallel worker processes (default: the number of CPUs).", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Re-extract inputs that the manifest says are unchanged.")] = False,
    executor: Annotated[str, typer.Option(help=f"Where files are extracted: {', '.join(EXECUTORS)}.")] = "local",
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address (tcp://host:8786) or scheduler file, for --executor dask.")] = None,
    manifest: Annotated[bool | None, typer.Option("--manifest/--no-manifest", help="Keep OUTPUT/manifest.json and the OUTPUT/items/ dataset, skipping unchanged inputs (default: on when an input is a folder).", show_default=False)] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0, help="Seconds one file may take before its worker is killed and the file recorded as failed; 0: no limit.")] = DEFAULT_TIMEOUT,
    provenance: Annotated[bool, typer.Option("--provenance", help="Also write <stem>.provenance.parquet: for each value of each item, the page and box of its source cells and what the normaliser did to it.")] = False,
) -> None:
    """Extract catalogue items into Parquet and CSV (one pair of files per input)."""
    formats = _formats(fmt) + ((PROVENANCE,) if provenance else ())
    _choice(executor, EXECUTORS, "--executor")
    if executor == "dask" and not scheduler:
        raise typer.BadParameter("--executor dask needs --scheduler ADDRESS (tcp://host:8786 or a scheduler file)")
    if manifest is None:
        manifest = any(path.is_dir() for path in inputs)
    settings = ExtractSettings(
        engine=_choice(engine, ENGINES, "--engine"),  # type: ignore[arg-type]
        password=password,
        ocr=_choice(ocr, OCR_MODES, "--ocr"),  # type: ignore[arg-type]
    )

    def skip(path: Path, problem: str) -> None:
        err.print(f"[yellow]warning:[/yellow] {path}: {problem}, skipped", highlight=False, soft_wrap=True)

    paths = collect_inputs(inputs, skip)
    if not paths:
        err.print("[red]error:[/red] no supported input files found")
        raise typer.Exit(1)
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[pages]} pages, {task.fields[items]} items, {task.fields[failed]} failed"),
        TimeElapsedColumn(),
        console=err,
        disable=quiet or len(paths) < 2,
        transient=True,
    ) as progress:
        task = progress.add_task("extracting", total=len(paths), pages=0, items=0, failed=0)
        totals = Counter[str]()
        finished = 0

        def done(outcome: Outcome) -> None:
            nonlocal finished
            finished += 1
            totals.update(pages=outcome.pages, items=outcome.items, failed=0 if outcome.ok else 1)
            progress.update(task, advance=1, **totals)
            _report(outcome)

        try:
            with stop_on_signals():
                outcomes = run_batch(
                    paths,
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
                )
        except Interrupted as stop:
            progress.stop()
            err.print(f"interrupted: {finished} of {len(paths)} done; run again to resume", highlight=False, soft_wrap=True)
            raise typer.Exit(stop.exit_code) from stop
        except BatchStopped as error:
            progress.stop()
            err.print(f"[red]error:[/red] {error}", highlight=False, soft_wrap=True)
            _summary(error.outcomes)
            raise typer.Exit(1) from error
        except CatalogueError as error:
            err.print(f"[red]error:[/red] {error}", highlight=False, soft_wrap=True)
            raise typer.Exit(1) from error
    _summary(outcomes)
    if any(not o.ok for o in outcomes):
        raise typer.Exit(1)


def _report(outcome: Outcome) -> None:
    if outcome.error:
        err.print(f"[red]error:[/red] {outcome.error}", highlight=False, soft_wrap=True)
        return
    if outcome.skipped:
        err.print(f"{outcome.source}: unchanged, skipped ({outcome.items} items)", highlight=False, soft_wrap=True)
        return
    for note in outcome.notes:
        err.print(f"[yellow]warning:[/yellow] {note}", highlight=False, soft_wrap=True)
    names = ", ".join(str(p) for p in outcome.outputs)
    err.print(f"{outcome.source}: {outcome.items} items from {outcome.pages} pages → {names}", highlight=False, soft_wrap=True)


def _summary(outcomes: list[Outcome]) -> None:
    done = [o for o in outcomes if o.ok]
    items = sum(o.items for o in done)
    pages = sum(o.pages for o in done)
    warnings: Counter[str] = Counter()
    for o in done:
        warnings.update(o.warnings)
    failed = len(outcomes) - len(done)
    skipped = sum(1 for o in done if o.skipped)
    unchanged = f", {skipped} unchanged" if skipped else ""
    line = f"{len(done) - skipped} file(s) extracted{unchanged}, {failed} failed: {items} items, {pages} pages"
    if warnings:
        line += "; warnings: " + ", ".join(f"{code} {n}" for code, n in sorted(warnings.items()))
    err.print(line, highlight=False, soft_wrap=True)


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="Parquet or CSV output of extract (or an input, extracted now).", show_default=False)],
    new: Annotated[Path, typer.Argument(help="The extraction to compare it with.", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", "-f", help="Report format: text, csv, json, html.")] = "text",
    report: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file instead of stdout.")] = None,
) -> None:
    """Compare two extractions: added, removed, changed, moved and relabelled items.

    Exit 0 when they are equal, 1 when they differ, 2 on error.
    """
    from catalogue.diff import FORMATS as DIFF_FORMATS
    from catalogue.diff import diff_files, render

    _choice(fmt, DIFF_FORMATS, "--format")
    try:
        result = diff_files(old, new)
    except CatalogueError as error:
        err.print(f"[red]error:[/red] {error}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from error
    _emit(render(result, fmt), report, bom=fmt == "csv")
    raise typer.Exit(0 if result.equal else 1)


def _emit(text: str, path: Path | None, *, bom: bool = False) -> None:
    """A report on stdout, or in a file (a CSV file with a BOM, so Excel reads it as UTF-8)."""
    if path is None:
        typer.echo(text, nl=False)
        return
    try:
        path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
    except OSError as error:
        err.print(f"[red]error:[/red] {path}: {error.strerror or error}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from error


@app.command()
def validate(
    file: Annotated[Path, typer.Argument(help="Parquet or CSV output of extract.", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", "-f", help="Report format: text, json.")] = "text",
) -> None:
    """Check an output against the contract and its items for QA.

    Exit 0 when no error-level check fails (warnings allowed), 1 when one does or the
    file is not a readable catalogue output, 2 when there is no such file.
    """
    from catalogue.validate import FORMATS as VALIDATE_FORMATS
    from catalogue.validate import render, validate_file

    _choice(fmt, VALIDATE_FORMATS, "--format")
    try:
        report = validate_file(file)
    except CatalogueError as error:
        # A file that is there but is no readable catalogue output fails validation (1);
        # only a file that is not there at all is a usage error (2).
        err.print(f"[red]error:[/red] {error}", highlight=False, soft_wrap=True)
        raise typer.Exit(2 if isinstance(error, InputNotFound) else 1) from error
    _emit(render(report, fmt), None)
    raise typer.Exit(0 if report.ok else 1)


@app.command("inspect")
def inspect_command(
    file: Annotated[Path, typer.Argument(help="PDF (text layer or scanned) or image file.", show_default=False)],
    page: Annotated[int, typer.Option("--page", "-p", min=1, help="Page to draw, from 1.")] = 1,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="PNG to write (default: <stem>-p<N>.png).", show_default=False)] = None,
    password: Annotated[str | None, typer.Option(help="Password of an encrypted PDF.")] = None,
    ocr: Annotated[str, typer.Option(help="OCR for pages without a text layer: auto, always, never.")] = "auto",
) -> None:
    """Draw a page with the grid, merged cells, column roles and marks (checked green, empty red, unreadable orange)."""
    from catalogue.inspect import inspect_page

    settings = ExtractSettings(password=password, ocr=_choice(ocr, OCR_MODES, "--ocr"))  # type: ignore[arg-type]
    try:
        report = inspect_page(file, page, output or Path(f"{file.stem}-p{page}.png"), settings)
    except CatalogueError as error:
        err.print(f"[red]error:[/red] {error}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from error
    for note in report.notes:
        err.print(f"[yellow]warning:[/yellow] {note}", highlight=False, soft_wrap=True)
    err.print(report.summary(), highlight=False, soft_wrap=True)


@app.command()
def schema() -> None:
    """Print the contract's columns with their Arrow types and Chinese labels."""
    out.print(f"catalogue contract v{CONTRACT_VERSION} (tool {__version__})", highlight=False)
    for f in SCHEMA:
        meta = f.metadata or {}
        label = meta.get(b"label", b"").decode()
        null = "null" if f.nullable else "not null"
        out.print(f"{f.name:24} {str(f.type):14} {null:9} {label}", highlight=False)


@app.command()
def version() -> None:
    """Print the tool and contract versions."""
    out.print(f"catalogue {__version__}, contract v{CONTRACT_VERSION}", highlight=False)


if __name__ == "__main__":
    app()
