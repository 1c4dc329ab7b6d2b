"""An OFD package (GB/T 33190-2016): its documents, pages, templates and resources.

An OFD is a zip whose root holds OFD.xml. Each DocBody of OFD.xml names a document
(`DocRoot`, e.g. Doc_0/Document.xml), whose Pages list each page's Content.xml and
whose CommonData lists template pages and resource files (fonts, images). The package
is checked as an Office package is (office/package.py: member count, ratio, total size)
and its XML parsed as Office XML is (no entities, no network).

Locations inside the package are written every which way by producers: absolute
("/Doc_0/Pages/Page_0/Content.xml"), relative to the file that names them, with
backslashes or "./", in other cases than the members'. `Package.resolve` finds them all.
"""

from __future__ import annotations

import math
import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from catalogue.errors import DamagedInput, EncryptedInput, NoTablesFound
from catalogue.extract.office.package import open_package, read_member
from catalogue.extract.office.xml import local, parse_part

ROOT_ENTRY = "ofd.xml"
# GM/T 0099 encrypts the parts of an OFD and keeps the keys' description here, at the root.
ENCRYPTIONS_ENTRY = "encryptions.xml"
UTF8_FLAG = 0x800  # general purpose bit 11: the entry's name is UTF-8
# The default page: A4 portrait, in millimetres (what a document without PageArea means).
A4_MM = (0.0, 0.0, 210.0, 297.0)


def is_ofd_package(path: Path) -> bool:
    """A zip whose root holds OFD.xml (the name's case as producers write it varies)."""
    try:
        with zipfile.ZipFile(path) as package:
            return any(name.lower() == ROOT_ENTRY for name in package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def entry_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its producer wrote it. A zip entry without the UTF-8 flag is
    read by zipfile as code page 437; Chinese producers write such names in UTF-8 or in
    GBK without setting the flag."""
    if info.flag_bits & UTF8_FLAG or info.filename.isascii():
        return info.filename
    raw = info.filename.encode("cp437")
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def children(element: etree._Element, name: str) -> list[etree._Element]:
    """The element's children called `name`, whatever their namespace or prefix."""
    return [child for child in element if local(child) == name]


def child(element: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in element if local(c) == name), None)


def child_text(element: etree._Element, name: str) -> str:
    found = child(element, name)
    return (found.text or "").strip() if found is not None else ""


def numbers(text: str | None) -> list[float]:
    """The numbers of an OFD array attribute ("0 0 210 297"); commas are tolerated.
    ValueError for anything else, "nan" and "inf" included (no place is at infinity)."""
    if not text:
        return []
    values = [float(v) for v in (text.replace(",", " ") if "," in text else text).split()]
    if not math.isfinite(sum(values)):  # nan or inf in any (or numbers past any page's size)
        raise ValueError(f"not a finite number in {text!r}")
    return values


def box(text: str | None) -> tuple[float, float, float, float] | None:
    """x, y, width, height of an ST_Box, or None when it is missing or not four numbers."""
    try:
        values = numbers(text)
    except ValueError:
        return None
    return (values[0], values[1], values[2], values[3]) if len(values) == 4 else None


@dataclass(frozen=True)
class Font:
    name: str  # FontName, e.g. "SimSun", "Wingdings 2"
    family: str = ""


@dataclass(frozen=True)
class Media:
    location: str  # member name of the image file in the package
    format: str = ""


@dataclass
class Resources:
    """The resources of one document: fonts, images, composite graphic units and drawing
    parameters by ID."""

    fonts: dict[str, Font] = field(default_factory=dict)
    media: dict[str, Media] = field(default_factory=dict)
    composites: dict[str, etree._Element] = field(default_factory=dict)
    draw_params: dict[str, etree._Element] = field(default_factory=dict)

    def fill_color(self, param: str | None) -> etree._Element | None:
        """The FillColor a DrawParam gives, itself or through the ones it is relative to."""
        seen: set[str] = set()
        while param and param not in seen:
            seen.add(param)
            found = self.draw_params.get(param)
            if found is None:
                return None
            color = child(found, "FillColor")
            if color is not None:
                return color
            param = found.get("Relative")
        return None


@dataclass(frozen=True)
class PageRef:
    """One page of the package: its Content.xml, and what its document gives every page."""

    document: int  # 0-based, in DocBody order
    content: str  # member name
    area: tuple[float, float, float, float]  # the document's PageArea (mm); a page may have its own
    templates: dict[str, tuple[str, str]] = field(default_factory=dict)  # template page ID → (member, ZOrder)


@dataclass
class PageParts:
    """A page's Content.xml parsed, its area (mm), and the templates drawn under and over it."""

    root: etree._Element
    physical_box: tuple[float, float, float, float]
    under: list[str]
    over: list[str]


class Package:
    """An OFD package opened for reading: its pages in order, over all its documents."""

    def __init__(self, path: Path, source: str) -> None:
        self.source = source
        self.zip = open_package(path, source, what="OFD package")
        try:
            # A member by its name as written (entry_name, slashes forward), and that name
            # in lower case, how locations are looked up.
            self._entries = {entry_name(info).replace("\\", "/").lstrip("/"): info.filename
                             for info in self.zip.infolist() if not info.filename.endswith("/")}
            self._members = {name.lower(): name for name in self._entries}
            if ENCRYPTIONS_ENTRY in self._members:
                raise EncryptedInput("an encrypted OFD package (Encryptions.xml); not supported (save it "
                                     "without encryption)", source=source)
            self.resources: list[Resources] = []
            self.pages: list[PageRef] = []
            root = self.xml(self._members[ROOT_ENTRY])
            bodies = children(root, "DocBody")
            for index, body in enumerate(bodies):
                doc_root = child_text(body, "DocRoot")
                if doc_root:
                    self._document(index, self.resolve(doc_root, ""))
            if not self.pages:
                raise NoTablesFound("the OFD package has no pages", source=source)
        except BaseException:
            self.zip.close()
            raise

    def close(self) -> None:
        self.zip.close()

    def resolve(self, location: str, base: str) -> str:
        """The member a location names: absolute from the package root, else relative to
        the folder `base` (a member's folder); DamagedInput when there is none."""
        loc = location.strip().replace("\\", "/")
        joined = loc.lstrip("/") if loc.startswith("/") else posixpath.join(base, loc)
        name = posixpath.normpath(joined).lstrip("/").lower()
        found = self._members.get(name)
        if found is None and not loc.startswith("/"):
            # Some producers write locations from the package root without the slash.
            found = self._members.get(posixpath.normpath(loc).lower())
        if found is None:
            raise DamagedInput(f"the package has no {location!r} (named in {base or 'OFD.xml'})", source=self.source)
        return found

    def page_parts(self, number: int) -> PageParts:
        ref = self.pages[number - 1]
        root = self.xml(ref.content)
        under: list[str] = []
        over: list[str] = []
        for used in children(root, "Template"):
            found = ref.templates.get(used.get("TemplateID", ""))
            if found is not None:
                member, zorder = found
                (over if used.get("ZOrder", zorder) == "Foreground" else under).append(member)
        return PageParts(root, _physical_box(child(root, "Area")) or ref.area, under, over)

    def read(self, member: str) -> bytes:
        """The bytes of a member, by the name `resolve` gives."""
        return read_member(self.zip, self._entries.get(member, member), self.source)

    def xml(self, member: str) -> etree._Element:
        return parse_part(self.read(member), self.source, member)

    def _document(self, index: int, member: str) -> None:
        root = self.xml(member)
        base = posixpath.dirname(member)
        common = child(root, "CommonData")
        area = A4_MM
        resources = Resources()
        templates: dict[str, tuple[str, str]] = {}  # ID → (Content.xml member, ZOrder)
        if common is not None:
            area = _physical_box(child(common, "PageArea")) or area
            for kind in ("PublicRes", "DocumentRes"):
                for res in children(common, kind):
                    if (res.text or "").strip():
                        self._resources(self.resolve(res.text or "", base), resources)
            for template in children(common, "TemplatePage"):
                loc = template.get("BaseLoc", "")
                if loc:
                    templates[template.get("ID", "")] = (self.resolve(loc, base), template.get("ZOrder", "Background"))
        self.resources.append(resources)
        pages = child(root, "Pages")
        for page in children(pages, "Page") if pages is not None else []:
            loc = page.get("BaseLoc", "")
            if not loc:
                continue
            self.pages.append(PageRef(index, self.resolve(loc, base), area, templates))

    def _resources(self, member: str, into: Resources) -> None:
        root = self.xml(member)
        folder = posixpath.dirname(member)
        base = root.get("BaseLoc", "")
        res_base = posixpath.normpath(posixpath.join(folder, base.replace("\\", "/"))) if base else folder
        for group in root:
            kind = local(group)
            if kind == "Fonts":
                for font in children(group, "Font"):
                    into.fonts[font.get("ID", "")] = Font(font.get("FontName", ""), font.get("FamilyName", ""))
            elif kind == "MultiMedias":
                for media in children(group, "MultiMedia"):
                    loc = child_text(media, "MediaFile")
                    if loc:
                        try:
                            into.media[media.get("ID", "")] = Media(self.resolve(loc, res_base), media.get("Format", ""))
                        except DamagedInput:
                            continue  # an image that is not there is a page without it, not a broken file
            elif kind == "CompositeGraphicUnits":
                for unit in children(group, "CompositeGraphicUnit"):
                    into.composites[unit.get("ID", "")] = unit
            elif kind == "DrawParams":
                for param in children(group, "DrawParam"):
                    into.draw_params[param.get("ID", "")] = param


def _physical_box(area: etree._Element | None) -> tuple[float, float, float, float] | None:
    if area is None:
        return None
    found = box(child_text(area, "PhysicalBox"))
    if found is None or found[2] <= 0 or found[3] <= 0:
        return None
    return found
