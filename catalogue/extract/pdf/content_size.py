"""How large a page's content streams inflate, measured before a reader loads the page.

pdfium and pdfminer inflate a page's content stream whole when they load the page, so
a few megabytes of deflated spaces cost gigabytes of memory. The compressed streams are
small and cheap to find (pdfminer's object parser reads them without decoding); a page
whose compressed content could inflate past the limit is inflated here in chunks, with
a running count, and refused at the limit instead.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# A catalogue page's drawing and text operators come to a few hundred KB; a page of
# MAX_PAGE_PATHS drawings to a few MB. Content inflating past this is no catalogue page.
MAX_CONTENT_BYTES = 64 * 1024 * 1024
# Deflate cannot inflate more than about 1032 times: content this much smaller than the
# limit is under it without being inflated.
DEFLATE_MAX_RATIO = 1032
CHUNK_BYTES = 1 << 20


class ContentSizes:
    """The inflated size of each page's content, where it may pass the limit (lazily,
    page by page, from one walk of pdfminer's page tree)."""

    def __init__(self, pdf: Path | bytes, password: str | None, limit: int = MAX_CONTENT_BYTES) -> None:
        self.limit = limit
        self._pages: Iterator[Any] | None = None
        self._over: list[int | None] = []  # by page index: bytes past the limit, or None
        self._handle: Any = None
        try:
            self._open(pdf, password)
        except Exception:  # noqa: BLE001 - pdfminer cannot walk this file; the page readers will say why
            self.close()

    def _open(self, pdf: Path | bytes, password: str | None) -> None:
        import io

        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser

        self._handle = io.BytesIO(pdf) if isinstance(pdf, bytes) else open(pdf, "rb")  # noqa: SIM115 - kept open for the walk
        document = PDFDocument(PDFParser(self._handle), password=password or "")
        self._pages = PDFPage.create_pages(document)

    def over_limit(self, number: int) -> int | None:
        """The bytes page `number` (from 1) inflated to before it was stopped at the limit,
        or None when its content is within it (or cannot be measured here)."""
        while self._pages is not None and len(self._over) < number:
            try:
                page = next(self._pages)
            except StopIteration:
                self._pages = None
                break
            except Exception:  # noqa: BLE001 - a damaged page tree: the readers' own recovery decides
                self._pages = None
                break
            self._over.append(self._measure(page))
        return self._over[number - 1] if number <= len(self._over) else None

    def _measure(self, page: Any) -> int | None:
        from pdfminer.pdftypes import PDFStream, resolve1

        streams = [resolve1(ref) for ref in (page.contents or [])]
        streams = [s for s in streams if isinstance(s, PDFStream)]
        raw = sum(len(s.rawdata or b"") for s in streams)
        if raw * DEFLATE_MAX_RATIO <= self.limit:
            return None
        total = 0
        for stream in streams:
            total += _inflated(stream, self.limit - total)
            if total > self.limit:
                return total
        return None

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        self._pages = None


def preload() -> None:
    """Import what ContentSizes reads with (pdfminer: a third of a CPU second), so that
    page workers forked from this process have it already."""
    import pdfminer.pdfdocument  # noqa: F401
    import pdfminer.pdfpage  # noqa: F401
    import pdfminer.pdfparser  # noqa: F401
    import pdfminer.pdftypes  # noqa: F401


def _inflated(stream: Any, budget: int) -> int:
    """Bytes a Flate stream inflates to, counted in chunks and stopped just past `budget`.
    Streams with other filters are counted by their stored size."""
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE

    data = stream.rawdata or b""
    filters = stream.get_filters()
    if len(filters) != 1 or filters[0][0] not in LITERALS_FLATE_DECODE:
        return len(data)
    if stream.decipher is not None:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    inflater = zlib.decompressobj()
    total = 0
    try:
        while True:
            out = inflater.decompress(data, CHUNK_BYTES)
            total += len(out)
            if total > budget:
                return total
            data = inflater.unconsumed_tail
            if inflater.eof or not data and len(out) < CHUNK_BYTES:
                return total
    except zlib.error:
        return total  # a broken stream: the readers say what they make of it
