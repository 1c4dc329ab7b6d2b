"""OpenDocument text (.odt): every outermost table of the body, in order, is a page."""

from __future__ import annotations

from pathlib import Path

from catalogue.extract.office.odf import odf_tables
from catalogue.extract.office.package import open_package
from catalogue.extract.office.pages import OfficePage


def odt_pages(path: Path, source: str) -> list[OfficePage]:
    with open_package(path, source) as package:
        tables = odf_tables(package, source, "text")
    return [OfficePage(n, f"table {n}", grid, hidden=hidden) for n, (_, grid, hidden) in enumerate(tables, start=1)]
