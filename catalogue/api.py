"""The library's entry points: one input → contract rows → files.

extract → normalise → write, each a plain function; the CLI only calls these.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalogue.errors import NoTablesFound, UnsupportedInput
from catalogue.extract import extract_document
from catalogue.extract.settings import SPLIT_MIN_PAGES, ExtractSettings, PageSplit
from catalogue.output.formats import FORMATS, PROVENANCE, own_file_kind
from catalogue.plural import counted
from catalogue.raw import PageNote, RawTable
from catalogue.schemas.warnings import SHEET_WITHOUT_TABLE

# The normaliser and the writers (pyarrow, numpy: about 0.3 CPU s) are imported in the
# functions that use them, once the input is open: a long PDF's page workers are forked
# as it opens (extract_document), and they need neither, so the imports run beside their
# reading instead of before it. The CLI and a batch import this module, not those.
if TYPE_CHECKING:
    import pyarrow as pa

    from catalogue.normalise.junk import JunkFinding
    from catalogue.normalise.record import Record


@dataclass
class Extraction:
    source: str
    path: str
    sha256: str
    kind: str
    pages: int
    items: list[dict[str, Any]]
    notes: list[PageNote] = field(default_factory=list)
    seconds: float = 0.0
    record: Record | None = None  # what the normaliser decided for each item and field

    def table(self) -> pa.Table:
        from catalogue.output.writer import to_table

        return to_table(self.items, source=self.source, sha256=self.sha256)

    def warning_counts(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for item in self.items:
            for code in item["warnings"]:
                counts[code.split(":", 1)[0]] += 1
        for note in self.notes:
            counts[note.code] += 1
        return counts


# The pipeline builds a great many small objects (cells, rows, items and their records)
# that live until the file is written, and makes next to no cyclic garbage. Python's
# default young collection, every 700 new container objects, rescans them over and over:
# a third of the CPU of a 20,000-row sheet (gc.get_stats: 3,984 collections, 279 objects
# freed). A young collection every GC_YOUNG_THRESHOLD objects instead, while a file is
# extracted and written; cyclic garbage is still collected, in larger batches.
GC_YOUNG_THRESHOLD = 20_000
_gc_lock = threading.Lock()
_gc_users = 0
_gc_before: tuple[int, int, int] = gc.get_threshold()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """GC_YOUNG_THRESHOLD for the duration; the thresholds as they were once the last
    user (threads of one process may extract at once) is done."""
    global _gc_users, _gc_before
    with _gc_lock:
        if _gc_users == 0:
            _gc_before = gc.get_threshold()
            if _gc_before[0] != 0:  # 0: the host turned automatic collection off; it stays off
                gc.set_threshold(max(GC_YOUNG_THRESHOLD, _gc_before[0]), *_gc_before[1:])
        _gc_users += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users -= 1
            if _gc_users == 0:
                gc.set_threshold(*_gc_before)


def load_pipeline() -> None:
    """Import the normaliser and the writers now (a process about to fork several file
    workers, which would otherwise each import them)."""
    import catalogue.normalise.items
    import catalogue.normalise.junk
    import catalogue.normalise.script
    import catalogue.output.writer  # noqa: F401


# Told as pages are read: (pages read so far, pages to read).
PagesRead = Callable[[int, int], None]


def extract_file(
    path: Path | str, settings: ExtractSettings | dict[str, Any] | None = None, *,
    workers: int = 1, split_min_pages: int = SPLIT_MIN_PAGES, on_pages: PagesRead | None = None,
    record: bool = True,
) -> Extraction:
    """Read one input and return its contract rows; raises CatalogueError when it cannot.

    A PDF with at least `split_min_pages` pages to read has them read by `workers`
    processes; the normaliser still runs here, once, over the tables in page order, so
    the result is the same as with one process. `on_pages(read, total)` is called as
    each page's tables arrive (a page without a table counts once its note is made);
    total is 0 until the end where the pages are not known before they are read (text).
    `record=False` keeps no record of the normaliser's decisions (Extraction.record
    None, so no provenance can be written from it): the same items, in less memory.
    """
    with fewer_collections():
        return _extract_file(Path(path), ExtractSettings.resolve(settings), PageSplit(workers, split_min_pages),
                             on_pages, record)


def _head_rows(table: RawTable) -> list[list[str]]:
    """The texts of the table's first OWN_OUTPUT_ROWS rows, by the cells that start in
    them: the whole grid of a long sheet is not built to look at its header."""
    from catalogue.normalise.junk import OWN_OUTPUT_ROWS

    rows: list[list[str]] = [[""] * table.n_cols for _ in range(min(OWN_OUTPUT_ROWS, table.n_rows))]
    for cell in table.cells:
        if cell.row < len(rows) and cell.col < table.n_cols:
            rows[cell.row][cell.col] = cell.text
    return rows


def _extract_file(path: Path, settings: ExtractSettings, split: PageSplit, on_pages: PagesRead | None,
                  record: bool) -> Extraction:
    started = time.perf_counter()
    # This tool's own reports and drawings named as inputs (a folder run passes them over):
    # a drawing read as a scan gives junk items, a diff report fails as no catalogue.
    own = own_file_kind(path)
    if own is not None:
        raise UnsupportedInput(f"{own}, not a catalogue: extract the catalogue it came from instead",
                               source=path.name)
    document = extract_document(path, settings, split)
    from catalogue.normalise.items import normalise_document
    from catalogue.normalise.junk import (
        NOT_A_CATALOGUE,
        OWN_OUTPUT,
        find_junk,
        not_a_catalogue,
        own_output_columns,
    )
    from catalogue.normalise.script import flag_misread_labels

    if document.split:
        # Its pages are being read by worker processes: the writers' imports (pyarrow and
        # numpy, about 0.13 CPU s) run now, beside that reading, rather than after the
        # last page, when nothing overlaps them and the file's outputs wait for them.
        import catalogue.output.writer  # noqa: F401

    pages_seen: set[int] = set()
    scanned_pages: set[int] = set()

    def tables() -> Iterator[RawTable]:
        for table in document.tables:
            if not pages_seen and (named := own_output_columns(_head_rows(table))):
                raise UnsupportedInput(OWN_OUTPUT.format(", ".join(named)), source=document.source)
            if table.lead:  # a header from a page before those asked for: no page of this run
                yield table
                continue
            if on_pages is not None and table.page not in pages_seen:
                noted = {note.page for note in document.notes if note.page}
                on_pages(len(pages_seen | noted | {table.page}), document.pages)
            pages_seen.add(table.page)
            if table.recognised:
                scanned_pages.add(table.page)
            yield table

    normalised = normalise_document(tables(), document.source, record=record)
    pages = document.pages or len(pages_seen)
    if on_pages is not None:
        on_pages(pages, pages)
    items = normalised.items
    flag_misread_labels(items, scanned_pages)
    where = f" ({counted(len(document.notes), 'page note')}: {document.notes[0].message})" if document.notes else ""
    if not items:
        what = "no catalogue items found" if normalised.catalogue else normalised.why or NOT_A_CATALOGUE
        raise NoTablesFound(f"{what}{where}", source=document.source)
    junk = find_junk(items)
    if (failed := not_a_catalogue(junk)) is not None:
        raise NoTablesFound(f"{failed.message}{where}", source=document.source)
    return Extraction(
        source=document.source,
        path=document.path,
        sha256=document.sha256,
        kind=document.kind,
        pages=pages,
        items=items,
        notes=[*document.notes, *other_table_notes(normalised.other_tables), *file_warnings(junk)],
        seconds=time.perf_counter() - started,
        record=normalised.record,
    )


def other_table_notes(other_tables: list[tuple[int, list[str]]]) -> list[PageNote]:
    """A note on each page whose table heads other columns than the catalogue's (a staff
    roster beside it), left out."""
    from catalogue.normalise.junk import MAX_NAMED

    return [PageNote(page, SHEET_WITHOUT_TABLE, f"a table of other columns ({'、'.join(header[:MAX_NAMED])}), not the "
                     "catalogue's; skipped") for page, header in other_tables]


def file_warnings(junk: list[JunkFinding]) -> list[PageNote]:
    """Junk among the items (no category, header words as labels, most rows dropped),
    as notes on the whole file (page 0), so the summary and the manifest count them."""
    return [PageNote(0, finding.code, finding.message) for finding in junk]


def run_pipeline(path: Path | str, settings: ExtractSettings | dict[str, Any] | None = None) -> pa.Table:
    """The contract table of one input, as `extract` writes it."""
    return extract_file(path, settings).table()


def write_extraction(
    extraction: Extraction, out_dir: Path, stem: str | None = None, formats: tuple[str, ...] = FORMATS, *, labels: str = "en"
) -> list[Path]:
    """The outputs of one input; PROVENANCE among the formats adds <stem>.provenance.parquet,
    renamed into place only once the tables are written (all of them or none)."""
    with fewer_collections():
        return _write_extraction(extraction, out_dir, stem, formats, labels)


def _write_extraction(extraction: Extraction, out_dir: Path, stem: str | None, formats: tuple[str, ...],
                      labels: str) -> list[Path]:
    from catalogue.output.writer import stage_provenance, write_outputs

    stem = stem or Path(extraction.source).stem
    if PROVENANCE not in formats:
        return write_outputs(extraction.table(), out_dir, stem, formats, labels=labels)
    record = extraction.record
    if record is None:
        raise ValueError("the extraction was made without its record (extract_file(record=False)): "
                         "no provenance can be written from it")
    temp, target = stage_provenance(record.rows(), out_dir, stem, extraction.source, extraction.sha256)
    try:
        tables = tuple(f for f in formats if f != PROVENANCE)
        written = write_outputs(extraction.table(), out_dir, stem, tables, labels=labels)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    return [*written, target]
