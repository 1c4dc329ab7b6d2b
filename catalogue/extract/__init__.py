"""Inputs → raw tables. One entry point, `extract_document`, whatever the format.

The format is decided from the content (magic bytes, markup), not only the name.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from catalogue.errors import InputNotFound, NoTablesFound, UnsupportedInput
from catalogue.extract.office import OFFICE_SUFFIXES
from catalogue.extract.office.detect import ZIP_MAGIC, has_office_magic
from catalogue.extract.settings import ExtractSettings, PageSplit
from catalogue.extract.textio import read_text
from catalogue.raw import MAX_COLUMNS, UNITS_POINTS, PageNote, RawDocument, RawTable
from catalogue.schemas.headers import HEADER_SEARCH_ROWS, is_header_row
from catalogue.schemas.warnings import PAGE_TOO_LARGE

IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
# .mht/.mhtml: a web page saved as one file (a MIME archive); .shtml: server-side
# included pages, as many government sites name theirs.
TEXT_SUFFIXES = {".txt", ".tsv", ".csv", ".html", ".htm", ".shtml", ".xhtml", ".mht", ".mhtml", ".md", ".markdown", ".text"}
PDF_SUFFIXES = {".pdf"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
OFD_SUFFIXES = {".ofd"}
# Formats that may hold a catalogue but are not read (RTF, Excel's binary workbook): a
# folder run takes them too, so that each is named with what to save it as, rather
# than skipped without a word.
REFUSED_SUFFIXES = {".rtf", ".xlsb"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES | IMAGE_SUFFIXES | OFFICE_SUFFIXES | OFD_SUFFIXES | REFUSED_SUFFIXES
# Archives, as sites hand catalogues out: a folder run names each (it may hold catalogues
# nobody read) and passes over it, rather than failing the batch for every zip of
# attachments in the folder; named on its own, one fails with what to do.
ARCHIVE_SUFFIXES = {".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz"}
ARCHIVE_SKIPPED = "an archive, not read (unpack it to extract the catalogues in it)"


def name_suffix(name: str) -> str:
    """A file name's suffix, lower case, as Windows reads it: trailing spaces and dots
    (which some tools leave, and Windows drops) are not part of it."""
    return os.path.splitext(name.rstrip(" ."))[1].lower()


# What a file that is not a regular file is, for the one-line message that names it.
_FILE_KINDS = (
    (stat.S_ISFIFO, "named pipe"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISDIR, "directory"),
)


def not_regular(mode: int) -> str | None:
    """None for a regular file, else why it is not one: "not a regular file (named pipe)"."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _FILE_KINDS if test(mode)), "special file")
    return f"not a regular file ({kind})"


def open_regular(path: Path) -> io.BufferedReader:
    """Open an input for reading only if it is a regular file (links followed).

    Reading a named pipe blocks for ever and opening a device can act on it (a tape
    rewinds), so the kind is checked before the file is opened, and again on the open
    descriptor (non-blocking, so a pipe swapped in meanwhile cannot hang the open).
    Raises UnsupportedInput naming the file and its kind; OSError when it cannot be read.
    """
    problem = not_regular(os.stat(path).st_mode)
    if problem is None:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        problem = not_regular(os.fstat(fd).st_mode)
        if problem is None:
            if hasattr(os, "set_blocking"):
                os.set_blocking(fd, True)
            return os.fdopen(fd, "rb")
        os.close(fd)
    raise UnsupportedInput(problem, source=str(path))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open_regular(path) as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sniff(path: Path) -> str:
    """'pdf', 'image', 'ofd', 'office' or 'text', from the first bytes.

    Office files are zip packages or OLE2 compound files; which Office format one is,
    the office package decides from its parts. A zip whose root holds OFD.xml is an OFD.
    """
    with open_regular(path) as handle:
        head = handle.read(1024)
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(IMAGE_MAGIC):
        return "image"
    if has_office_magic(head):
        from catalogue.extract.ofd.document import is_ofd_package

        return "ofd" if head.startswith(ZIP_MAGIC) and is_ofd_package(path) else "office"
    return "text"


def extract_document(path: Path | str, settings: ExtractSettings | None = None, split: PageSplit | None = None) -> RawDocument:
    """Open an input and return its tables as a lazy stream (a long PDF's pages read by
    `split.workers` processes).

    Raises CatalogueError subclasses for inputs that cannot be read at all.
    """
    document = _open_document(path, ExtractSettings.resolve(settings), split)
    document.tables = _upright(_within_width(document.tables, document.notes))
    return document


# A catalogue laid on its side (a page or sheet whose first column names the fields and
# whose columns are the items) has a row a field: a catalogue has at most about forty
# fields, so a table of more rows is never looked at as one.
MAX_TRANSPOSED_ROWS = 64


def _upright(tables: Iterator[RawTable]) -> Iterator[RawTable]:
    """The tables, each laid on its side turned upright: where none of its first rows is
    a header row (HEADER_SEARCH_ROWS) and its first column is one naming each field once,
    the rows are its columns. A PDF's or a scan's table (cells measured in points) is never turned: its
    boxes are geometry the later steps read."""
    for table in tables:
        yield _transposed(table) if _on_its_side(table) else table


def _on_its_side(table: RawTable) -> bool:
    if table.units == UNITS_POINTS or table.n_rows > MAX_TRANSPOSED_ROWS or table.n_cols < 2:
        return False
    rows = [[""] * table.n_cols for _ in range(table.n_rows)]
    for cell in table.cells:
        rows[cell.row][cell.col] = cell.text
    if any(is_header_row(row) for row in rows[:HEADER_SEARCH_ROWS]):
        return False
    # The fields are named once each, down the first column: a column of one option word
    # on every row (主动公开 under 公开方式) or a fill-in guide's 栏目 column beside a
    # number column is a table's data, upright.
    names = [row[0].strip() for row in rows if row[0].strip()]
    return len(set(names)) == len(names) and is_header_row([row[0] for row in rows])


def _transposed(table: RawTable) -> RawTable:
    cells = sorted((replace(cell, row=cell.col, col=cell.row, rowspan=cell.colspan, colspan=cell.rowspan,
                            bbox=None if cell.bbox is None else (cell.bbox[1], cell.bbox[0], cell.bbox[3], cell.bbox[2]))
                    for cell in table.cells), key=lambda cell: (cell.row, cell.col))
    return replace(table, n_rows=table.n_cols, n_cols=table.n_rows, cells=cells)


def _within_width(tables: Iterator[RawTable], notes: list[PageNote]) -> Iterator[RawTable]:
    """The tables, less those too wide to be a catalogue table (MAX_COLUMNS), each with a note."""
    for table in tables:
        if table.n_cols <= MAX_COLUMNS:
            yield table
            continue
        where = f"{table.label}: " if table.label else ""
        notes.append(PageNote(table.page, PAGE_TOO_LARGE,
                              f"{where}a table {table.n_cols:,} columns wide, over the limit of {MAX_COLUMNS:,}; "
                              "is this really a catalogue table? Skipped"))


def _open_document(path: Path | str, settings: ExtractSettings, split: PageSplit | None) -> RawDocument:
    path = Path(path)
    source = path.name
    try:
        info = path.stat()
    except FileNotFoundError as error:
        raise InputNotFound("no such file", source=str(path)) from error
    problem = not_regular(info.st_mode)
    if problem is not None:
        raise UnsupportedInput(problem, source=str(path))
    if info.st_size == 0:
        raise UnsupportedInput("empty file", source=source)
    sha = file_sha256(path)
    kind = sniff(path)
    if kind == "pdf":
        from catalogue.extract.pdf import open_pdf

        return open_pdf(path, source=source, sha256=sha, settings=settings, split=split)
    if kind == "image":
        from catalogue.extract.image import open_image

        return open_image(path, source=source, sha256=sha, settings=settings)
    if kind == "ofd":
        from catalogue.extract.ofd import open_ofd

        return open_ofd(path, source=source, sha256=sha, settings=settings, split=split)
    if kind == "office":
        from catalogue.extract.office import open_office

        return open_office(path, source=source, sha256=sha, settings=settings)
    text = read_text(path, source)
    return text_document(text, source=source, path=str(path), sha256=sha)


def text_document(text: str, *, source: str, path: str = "", sha256: str = "") -> RawDocument:
    """Raw tables from text that another tool already pulled out of a PDF."""
    notes: list[PageNote] = []
    kind, tables = _text_tables(text, source, notes)
    first = next(tables, None)
    if first is None:
        raise NoTablesFound(f"no table found in this {_KIND_NAMES.get(kind, kind)}", source=source)

    def stream() -> Iterator[RawTable]:
        yield first
        yield from tables

    return RawDocument(source=source, path=path, sha256=sha256, kind=kind, tables=stream(), notes=notes)


_KIND_NAMES = {"html": "HTML", "markdown": "Markdown text", "tsv": "tab-separated text", "csv": "comma-separated text", "text": "text"}


def _text_tables(text: str, source: str, notes: list[PageNote]) -> tuple[str, Iterator[RawTable]]:
    from catalogue.extract import csvtext, html, markdown, tsv

    if html.looks_like_html(text):
        return "html", html.tables_from_html(text, source, notes)
    if markdown.looks_like_markdown(text):
        return "markdown", markdown.tables_from_markdown(text, source)
    if tsv.looks_like_tsv(text):
        if tsv.quoted(text):
            return "tsv", csvtext.tables_from_csv(text, source, delimiter="\t")
        return "tsv", tsv.tables_from_tsv(text, source)
    if csvtext.looks_like_json(text):
        raise UnsupportedInput("JSON, which is not read (if it is catalogue extract's own -f jsonl output, "
                               "extract the catalogue it came from)", source=source)
    if csvtext.looks_like_csv(text):
        return "csv", csvtext.tables_from_csv(text, source)
    if "<html" in text[:2000].lower():
        return "html", iter(())
    return "text", iter(())
