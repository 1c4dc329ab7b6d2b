"""Parsing XML parts of untrusted packages: no entities, no network, libxml2's size limits on."""

from __future__ import annotations

from lxml import etree

from catalogue.errors import DamagedInput, UnsupportedInput


def parse_part(data: bytes, source: str, name: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        raise DamagedInput(f"part {name} is not well-formed XML ({error})", source=source) from None


# ISO/IEC 29500 Strict's namespaces (Excel's "Strict Open XML Spreadsheet", Word's
# "Strict Open XML Document"): the same parts under other names than the transitional
# ones every reader here looks for.
STRICT_NAMESPACES = "http://purl.oclc.org/ooxml/"


def refuse_strict(root: etree._Element, source: str, save_as: str) -> None:
    """UnsupportedInput for a Strict Open XML part, which would read as holding nothing
    ("the file has no sheets"): the user is told what to save it as instead."""
    tag = root.tag
    if isinstance(tag, str) and tag.startswith("{" + STRICT_NAMESPACES):
        raise UnsupportedInput(f"the file is saved as Strict Open XML, which is not read; open it and save it as {save_as}",
                               source=source)


def local(element: etree._Element) -> str:
    """An element's tag without its namespace ('' for comments and processing instructions)."""
    tag = element.tag
    # "{namespace}name" or "name": the same as etree.QName(tag).localname, without the object.
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""
