"""OpenDocument spreadsheets (.ods): every table of the spreadsheet body is a sheet, a page."""

from __future__ import annotations

from pathlib import Path

from catalogue.extract.office.odf import odf_tables
from catalogue.extract.office.package import open_package
from catalogue.extract.office.pages import OfficePage


def ods_pages(path: Path, source: str) -> list[OfficePage]:
    with open_package(path, source) as package:
        tables = odf_tables(package, source, "spreadsheet")
    return [OfficePage(n, f'sheet {n} "{name}"', grid, hidden=hidden, name=name)
            for n, (name, grid, hidden) in enumerate(tables, start=1)]
