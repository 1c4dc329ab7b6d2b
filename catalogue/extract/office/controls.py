"""Excel form-control check boxes: their state is in xl/ctrlProps/ctrlProp*.xml, their
place is the anchor of the <control> element in the sheet that refers to them. And
pictures anchored inside one cell at a mark's size (a tick pasted over a cell): their
place and kind, read as marks by extract/pictures.py.

openpyxl drops controls, so they are read from the package's parts directly.
"""

from __future__ import annotations

import posixpath
import zipfile
from typing import TYPE_CHECKING

from catalogue.extract.office.package import read_member
from catalogue.extract.office.xml import local, parse_part
from catalogue.extract.pictures import (
    EMU_PER_POINT,
    MARK_MAX_BYTES,
    is_mark_sized,
    kind_of,
    large_kind,
)
from catalogue.raw import CHECKED, UNCHECKED

if TYPE_CHECKING:
    from lxml import etree

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CTRL_PROP_TYPE = "/ctrlProp"
DRAWING_TYPE = "/drawing"
PICTURE_ANCHORS = ("oneCellAnchor", "twoCellAnchor")
WPS_CELL_IMAGE_TYPE = "/cellImage"  # WPS's relationship type of xl/cellimages.xml (…/officeDocument/2020/cellImage)


def form_checkboxes(package: zipfile.ZipFile, source: str) -> dict[str, dict[tuple[int, int], str]]:
    """Sheet name → (row, col) 0-based → ☑/☐, for every check box control of the workbook."""
    names = set(package.namelist())
    if not any(name.startswith("xl/ctrlProps/") for name in names):
        return {}
    found: dict[str, dict[tuple[int, int], str]] = {}
    for title, part in _sheet_parts(package, names, source):
        rels = relationships(package, part, source)
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
            found[title] = boxes
    return found


def _sheet_parts(package: zipfile.ZipFile, names: set[str], source: str) -> list[tuple[str, str]]:
    """(name, part) of each sheet of the workbook that the package holds."""
    workbook = parse_part(read_member(package, "xl/workbook.xml", source), source, "xl/workbook.xml")
    book_rels = relationships(package, "xl/workbook.xml", source)
    found: list[tuple[str, str]] = []
    for sheet in workbook.iter():
        if local(sheet) != "sheet":
            continue
        target = book_rels.get(sheet.get(f"{{{R_NS}}}id", ""))
        if target is not None and target[0] in names:
            found.append((sheet.get("name", ""), target[0]))
    return found


def relationships(package: zipfile.ZipFile, part: str, source: str) -> dict[str, tuple[str, str]]:
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


def cell_pictures(package: zipfile.ZipFile, source: str) -> dict[str, list[tuple[tuple[int, int], str]]]:
    """Sheet name → the pictures of a mark's size that lie inside one cell: ((row, col)
    0-based, kind). A oneCellAnchor gives its size; a twoCellAnchor is inside one cell
    where it starts and ends in that cell, its size the offsets' difference."""
    names = set(package.namelist())
    if not any(name.startswith("xl/drawings/") for name in names):
        return {}
    found: dict[str, list[tuple[tuple[int, int], str]]] = {}
    kinds: dict[str, str] = {}  # media part → kind, each read once
    for title, sheet_part in _sheet_parts(package, names, source):
        for part, kind in relationships(package, sheet_part, source).values():
            if not kind.endswith(DRAWING_TYPE) or part not in names:
                continue
            media = relationships(package, part, source)
            for anchor in parse_part(read_member(package, part, source), source, part):
                placed = _picture_cell(anchor) if local(anchor) in PICTURE_ANCHORS else None
                blip = next((e for e in anchor.iter() if local(e) == "blip"), None)
                embed = media.get(blip.get(f"{{{R_NS}}}embed", "")) if blip is not None else None
                if placed is None or embed is None or embed[0] not in names:
                    continue
                if embed[0] not in kinds:
                    kinds[embed[0]] = picture_kind(package, embed[0], source)
                found.setdefault(title, []).append((placed, kinds[embed[0]]))
    return found


def wps_cell_images(package: zipfile.ZipFile, source: str) -> dict[str, str]:
    """The pictures WPS Spreadsheets embeds in cells (xl/cellimages.xml, related from the
    workbook by a relationship of WPS's own type): each one's name (the id its cell's
    DISPIMG formula gives) → its kind."""
    names = set(package.namelist())
    parts = [part for part, kind in relationships(package, "xl/workbook.xml", source).values()
             if kind.endswith(WPS_CELL_IMAGE_TYPE) and part in names]
    found: dict[str, str] = {}
    for part in parts:
        media = relationships(package, part, source)
        for picture in parse_part(read_member(package, part, source), source, part).iter():
            if local(picture) != "pic":
                continue
            name = next((e.get("name", "") for e in picture.iter() if local(e) == "cNvPr"), "")
            blip = next((e for e in picture.iter() if local(e) == "blip"), None)
            embed = media.get(blip.get(f"{{{R_NS}}}embed", "")) if blip is not None else None
            if name and embed is not None and embed[0] in names:
                found[name] = picture_kind(package, embed[0], source)
    return found


def picture_kind(package: zipfile.ZipFile, part: str, source: str) -> str:
    """The kind of a picture part (pictures.kind_of), read only up to MARK_MAX_BYTES."""
    size = package.getinfo(part).file_size
    return large_kind(size) if size > MARK_MAX_BYTES else kind_of(read_member(package, part, source))


def _picture_cell(anchor: etree._Element) -> tuple[int, int] | None:
    """The (row, col) of the one cell a picture's anchor lies in at a mark's size, else None."""
    ends = {local(e): {local(c): (c.text or "").strip() for c in e} for e in anchor if local(e) in ("from", "to")}
    ext = next((e for e in anchor if local(e) == "ext"), None)
    start, end = ends.get("from", {}), ends.get("to")
    try:
        row, col = int(start["row"]), int(start["col"])
        if end is None:
            if ext is None:
                return None
            width, height = int(ext.get("cx", "")), int(ext.get("cy", ""))
        elif (int(end["row"]), int(end["col"])) == (row, col):
            width = int(end["colOff"]) - int(start["colOff"])
            height = int(end["rowOff"]) - int(start["rowOff"])
        else:
            return None  # it reaches over a cell's edge: no mark in a cell
    except (KeyError, ValueError):
        return None
    return (row, col) if is_mark_sized(width / EMU_PER_POINT, height / EMU_PER_POINT) else None
