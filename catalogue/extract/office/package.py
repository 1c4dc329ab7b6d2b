"""Office files (and OFD files) are zip packages: check one before any library reads it.

A hostile zip can claim gigabytes behind a few kilobytes (a zip bomb) or hold
thousands of members; the limits below refuse such a file before openpyxl,
python-docx or lxml inflate anything.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from catalogue.errors import DamagedInput

# A catalogue workbook or document of 5,000 rows unpacks to a few tens of MB of XML;
# a package claiming more than this in all is not one.
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
# Office XML compresses 5-30 times; a member inflating more than this is a zip bomb.
MAX_RATIO = 200
# Below this size a member may compress far better (a run of empty cells) without harm.
RATIO_FLOOR_BYTES = 1024 * 1024
# Real Office packages hold tens of members (parts, images, relationships).
MAX_MEMBERS = 10_000


def open_package(path: Path, source: str, what: str = "Office package") -> zipfile.ZipFile:
    """The file as a zip, after the size checks; DamagedInput when it is not a sound one.
    `what` names the kind of package in the message (OFD packages are checked the same way)."""
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise DamagedInput(f"not a readable {what} (damaged zip: {error})", source=source) from None
    try:
        check_package(package, source)
    except DamagedInput:
        package.close()
        raise
    return package


def check_package(package: zipfile.ZipFile, source: str) -> None:
    members = package.infolist()
    if len(members) > MAX_MEMBERS:
        raise DamagedInput(f"the package holds {len(members):,} parts, over the limit of {MAX_MEMBERS:,}", source=source)
    total = 0
    for info in members:
        total += info.file_size
        if total > MAX_UNPACKED_BYTES:
            raise DamagedInput(
                f"the package unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB "
                f"(limit MAX_UNPACKED_BYTES); refused as a possible zip bomb",
                source=source,
            )
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise DamagedInput(
                f"part {info.filename} inflates {info.file_size // max(info.compress_size, 1):,} times "
                f"(limit {MAX_RATIO}); refused as a possible zip bomb",
                source=source,
            )


def read_member(package: zipfile.ZipFile, name: str, source: str) -> bytes:
    """One part's bytes (sizes already checked); DamagedInput when it cannot be inflated."""
    try:
        return package.read(name)
    except KeyError:
        raise DamagedInput(f"the package has no {name}", source=source) from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        raise DamagedInput(f"part {name} cannot be read ({error})", source=source) from None
