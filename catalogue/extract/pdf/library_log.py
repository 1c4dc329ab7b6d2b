"""What the PDF libraries say while they read a page, kept for the page's note rather than
printed.

pdfminer, playa (camelot's PDF parser), pypdf and camelot report damaged data they read
past (a stream whose checksum fails, no /Root, a stream without its endstream) on their
loggers; with no handler of the program's, Python prints such a record bare on stderr, naming no file, even under -q,
and a folder of damaged files printed hundreds. Here each record of a page becomes part of
that page's damaged_file note, which names the file and page (stream._page)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

# The libraries under the PDF readers and engines; their modules log to children of these.
LIBRARIES = ("pdfminer", "playa", "pypdf", "camelot", "pdfplumber")
# Of those, the modules that report damaged data (a stream, an object, a cross-reference
# table or a trailer that cannot be read): what they say goes into the damaged_file note.
# Others report what is no damage (a font descriptor without its FontBBox, a colour
# operator out of place: pdfminer.six issue 1162): dropped, as printed bare it names no file.
DAMAGE_REPORTERS = ("pdfminer.pdftypes", "pdfminer.psparser", "pdfminer.pdfparser", "pdfminer.pdfdocument",
                    "pdfminer.pdfpage", "playa.pdftypes", "playa.parser", "playa.xref", "playa.document", "pypdf")
LOGGERS = tuple(logging.getLogger(name) for name in LIBRARIES)
# Records outside a page's reading (opening a file), and those no damage reporter makes,
# are dropped rather than printed bare: a file damaged at opening is told by its
# damaged_file note from the reader (pdf.damaged).
for _logger in LOGGERS:
    _logger.addHandler(logging.NullHandler())


class _Said(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.said: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith(DAMAGE_REPORTERS):
            return
        message = f"{record.name.split('.')[0]}: {record.getMessage()}"
        if message not in self.said:
            self.said.append(message)


@contextmanager
def libraries_say() -> Iterator[list[str]]:
    """The distinct warnings the PDF libraries log while the block runs, in order, each as
    "library: message"."""
    said = _Said()
    for logger in LOGGERS:
        logger.addHandler(said)
    try:
        yield said.said
    finally:
        for logger in LOGGERS:
            logger.removeHandler(said)
