"""What pdfminer says while it reads a page, kept for the page's note rather than printed.

pdfminer reports damaged data it reads past (a stream whose checksum fails, an object it
cannot parse) on its logger; with no handler of the program's, Python prints such a record
bare on stderr, naming no file, even under -q. Here each record of a page becomes part of
that page's damaged_file note, which names the file and page (stream._page)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

# pdfminer's own loggers are children of this one (pdfminer.pdftypes, pdfminer.psparser …).
PDFMINER = logging.getLogger("pdfminer")
# Records outside a page's reading (opening a file) are dropped rather than printed bare:
# a file damaged there is told by its damaged_file note from the reader (pdf.damaged).
PDFMINER.addHandler(logging.NullHandler())


class _Said(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.said: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message not in self.said:
            self.said.append(message)


@contextmanager
def pdfminer_says() -> Iterator[list[str]]:
    """The distinct warnings pdfminer logs while the block runs, in order."""
    said = _Said()
    PDFMINER.addHandler(said)
    try:
        yield said.said
    finally:
        PDFMINER.removeHandler(said)
