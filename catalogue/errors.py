"""The library's exceptions. The CLI maps CatalogueError to a one-line message and exit 1."""

from __future__ import annotations


class CatalogueError(Exception):
    """An input could not be turned into catalogue items."""

    def __init__(self, message: str, *, source: str | None = None, page: int | None = None):
        self.source = source
        self.page = page
        self.detail = message
        where = source or ""
        if page is not None:
            where = f"{where} p{page}" if where else f"p{page}"
        super().__init__(f"{where}: {message}" if where else message)


class InputNotFound(CatalogueError):
    pass


class UnsupportedInput(CatalogueError):
    """The file is not a format catalogue reads (or is binary junk)."""


class DamagedInput(CatalogueError):
    """The file claims a format but cannot be parsed (truncated, broken xref, bad streams)."""


class EncryptedInput(CatalogueError):
    pass


class NoTablesFound(CatalogueError):
    pass


class MissingDependency(CatalogueError):
    """An optional extra (OCR, camelot) is needed for this input."""


class SchemaMismatch(CatalogueError):
    def __init__(self, message: str, *, column: str | None = None, source: str | None = None):
        self.column = column
        super().__init__(message, source=source)
