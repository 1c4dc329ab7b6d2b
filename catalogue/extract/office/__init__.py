"""Office files → raw tables: Excel (.xlsx/.xlsm, .xls), Word (.docx/.docm), OpenDocument
(.ods, .odt), and legacy or WPS formats (.doc, .wps, .et) through LibreOffice.

A page is a sheet (spreadsheets) or a body table (documents), numbered from 1 over
all of them; the format comes from the content (detect.py), never from the name.
"""

from __future__ import annotations

from pathlib import Path

from catalogue.errors import DamagedInput, EncryptedInput
from catalogue.extract.office import detect
from catalogue.extract.office.pages import OfficePage, office_document
from catalogue.extract.office.password import decrypted
from catalogue.extract.settings import ExtractSettings
from catalogue.raw import RawDocument

OFFICE_SUFFIXES = frozenset((".xlsx", ".xlsm", ".xls", ".et", ".ods", ".docx", ".docm", ".doc", ".wps", ".odt"))
SPREADSHEETS = frozenset((detect.XLSX, detect.XLS, detect.ODS))
# Legacy formats by name, to say which LibreOffice component converts them. LibreOffice
# also picks its import filter by the name, so a file named otherwise (catalogue.txt, a
# download with no suffix) goes to it under its content's usual suffix.
WORKBOOK_SUFFIXES = frozenset((".xls", ".et", ".ett", ".xlt"))
WORD_SUFFIXES = frozenset((".doc", ".dot", ".wps", ".wpt"))


def open_office(path: Path, *, source: str, sha256: str, settings: ExtractSettings | None = None) -> RawDocument:
    """The tables of an Office file (only the sheets or body tables settings.pages asks
    for; a file with a password to open is decrypted with settings.password);
    CatalogueError subclasses for files that cannot be read."""
    settings = ExtractSettings.resolve(settings)
    try:
        kind = detect.office_format(path, source)
        pages = _pages(path, kind, source)
    except EncryptedInput:
        if settings.password is None:
            raise
        with decrypted(path, source, settings.password) as plain:
            kind = detect.office_format(plain, source)
            pages = _pages(plain, kind, source)
    what = "sheet" if kind in SPREADSHEETS else "table"
    return office_document(pages, source=source, path=str(path), sha256=sha256, kind=kind, what=what,
                           settings=settings)


def _pages(path: Path, kind: str, source: str) -> list[OfficePage]:
    from catalogue.extract.office import legacy

    suffix = path.suffix.lower()
    if kind == detect.XLSX:
        from catalogue.extract.office.xlsx import xlsx_pages

        return xlsx_pages(path, source)
    if kind == detect.DOCX:
        from catalogue.extract.office.docx import docx_pages

        return docx_pages(path, source)
    if kind == detect.ODS:
        from catalogue.extract.office.ods import ods_pages

        return ods_pages(path, source)
    if kind == detect.ODT:
        from catalogue.extract.office.odt import odt_pages

        return odt_pages(path, source)
    if kind == detect.XLS:
        from catalogue.extract.office.xls import xls_pages

        try:
            return xls_pages(path, source)
        except DamagedInput as native:
            # WPS .et files and some old BIFF versions xlrd cannot read; LibreOffice can.
            if legacy.soffice() is None:
                raise native from None
            return legacy.converted_pages(path, "xlsx", suffix if suffix in WORKBOOK_SUFFIXES else ".xls", source)
    if kind == detect.LEGACY and suffix in WORKBOOK_SUFFIXES:
        return legacy.converted_pages(path, "xlsx", suffix, source)
    return legacy.converted_pages(path, "docx", suffix if suffix in WORD_SUFFIXES else ".doc", source)
