"""Excel form-control check boxes: their state is in xl/ctrlProps/ctrlProp*.xml, their
place is the anchor of the <control> element in the sheet that refers to them.

openpyxl drops controls, so they are read from the package's parts directly.
"""

from __future__ import annotations

import posixpath
import zipfile
from typing import TYPE_CHECKING

from catalogue.extract.office.package import read_member
from catalogue.extract.office.xml import local, parse_part
from catalogue.raw import CHECKED, UNCHECKED

if TYPE_CHECKING:
    from lxml import etree

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CTRL_PROP_TYPE = "/ctrlProp"


def form_checkboxes(package: zipfile.ZipFile, source: str) -> dict[str, dict[tuple[int, int], str]]:
    """Sheet name → (row, col) 0-based → ☑/☐, for every check box control of the workbook."""
    names = set(package.namelist())
    if not any(name.startswith("xl/ctrlProps/") for name in names):
        return {}
    workbook = parse_part(read_member(package, "xl/workbook.xml", source), source, "xl/workbook.xml")
    book_rels = _relationships(package, "xl/workbook.xml", source)
    found: dict[str, dict[tuple[int, int], str]] = {}
    for sheet in workbook.iter():
        if local(sheet) != "sheet":
            continue
        target = book_rels.get(sheet.get(f"{{{R_NS}}}id", ""))
        if target is None or target[0] not in names:
            continue
        part = target[0]
        rels = _relationships(package, part, source)
        root = parse_part(read_member(package, part, source), source, part)
        boxes: dict[tuple[int, int], str] = {}
        for control in root.iter():
            if local(control) != "control":
                continue
            prop = rels.get(control.get(f"{{{R_NS}}}id", ""))
            anchor = _anchor(control)
            if prop is None or not prop[1].endswith(CTRL_PROP_TYPE) or anchor is None or prop[0] not in names:
                continue
            props = parse_part(read_member(package, prop[0], source), source, prop[0])
            if (props.get("objectType") or "").lower() != "checkbox":
                continue
            checked = (props.get("checked") or "").lower() in ("checked", "1", "true")
            boxes[anchor] = CHECKED if checked else UNCHECKED
        if boxes:
            found[sheet.get("name", "")] = boxes
    return found


def _relationships(package: zipfile.ZipFile, part: str, source: str) -> dict[str, tuple[str, str]]:
    """rId → (target part, relationship type) for one part."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels_name not in package.namelist():
        return {}
    root = parse_part(read_member(package, rels_name, source), source, rels_name)
    out: dict[str, tuple[str, str]] = {}
    for rel in root:
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id", "")] = (path, rel.get("Type", ""))
    return out


def _anchor(control: etree._Element) -> tuple[int, int] | None:
    """The (row, col) of the cell the control's top-left corner sits in."""
    for element in control.iter():
        if local(element) == "from":
            values = {local(child): (child.text or "").strip() for child in element}
            if values.get("row", "").isdigit() and values.get("col", "").isdigit():
                return int(values["row"]), int(values["col"])
    return None
