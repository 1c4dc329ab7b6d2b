"""Parsing XML parts of untrusted packages: no entities, no network, libxml2's size limits on."""

from __future__ import annotations

from lxml import etree

from catalogue.errors import DamagedInput


def parse_part(data: bytes, source: str, name: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        raise DamagedInput(f"part {name} is not well-formed XML ({error})", source=source) from None


def local(element: etree._Element) -> str:
    """An element's tag without its namespace ('' for comments and processing instructions)."""
    tag = element.tag
    # "{namespace}name" or "name": the same as etree.QName(tag).localname, without the object.
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""
