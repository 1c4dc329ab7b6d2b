"""Office files (and OFD files) are zip packages: check one before any library reads it.

A hostile zip can claim gigabytes behind a few kilobytes (a zip bomb), hold
thousands of members, or declare a small size for a member that inflates to far
more (zipfile and openpyxl inflate a member whole, so a lie costs its true size in
memory). The limits below refuse such a file before openpyxl, python-docx or lxml
inflate anything, and every member is inflated once, in chunks, to check that it
holds no more than it declares.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

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
# Inflating in pieces of this size keeps the check's memory flat whatever a member holds.
CHUNK_BYTES = 1 << 20
# A zip local file header: signature, version, flags, method, time, date, CRC, sizes,
# then the lengths of the name and the extra field that come before the data.
_LOCAL_HEADER = struct.Struct("<4s5HL2L2H")
_LOCAL_SIGNATURE = b"PK\x03\x04"


def open_package(path: Path, source: str, what: str = "Office package") -> zipfile.ZipFile:
    """The file as a zip, after the size checks; DamagedInput when it is not a sound one.
    `what` names the kind of package in the message (OFD packages are checked the same way)."""
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise DamagedInput(f"not a readable {what} (damaged zip: {error})", source=source) from None
    try:
        check_package(package, source)
        check_inflated_sizes(path, package, source)
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


def check_inflated_sizes(path: Path, package: zipfile.ZipFile, source: str) -> None:
    """Inflate every member once, in chunks, and refuse one that inflates past the size
    it declares (the checks above trust the declared sizes; a reader trusts them too)."""
    try:
        with open(path, "rb") as handle:
            for info in package.infolist():
                _check_member(handle, info, source)
    except OSError as error:
        raise DamagedInput(f"the package cannot be read ({error.strerror or error})", source=source) from None


def _check_member(handle: BinaryIO, info: zipfile.ZipInfo, source: str) -> None:
    if info.flag_bits & 0x1:
        raise DamagedInput(f"part {info.filename} is encrypted; a password-protected package is not supported",
                           source=source)
    if info.compress_type == zipfile.ZIP_STORED:
        return  # read as it is stored: no more than its size
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise DamagedInput(f"part {info.filename} uses compression method {info.compress_type}, "
                           "which Office packages do not use", source=source)
    handle.seek(info.header_offset)
    header = handle.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size or header[:4] != _LOCAL_SIGNATURE:
        raise DamagedInput(f"part {info.filename} has no local header (damaged zip)", source=source)
    fields = _LOCAL_HEADER.unpack(header)
    handle.seek(info.header_offset + _LOCAL_HEADER.size + fields[-2] + fields[-1])
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    left = info.compress_size
    inflated = 0
    try:
        while left > 0 and not inflater.eof:
            data = handle.read(min(CHUNK_BYTES, left))
            if not data:
                break
            left -= len(data)
            while True:
                out = inflater.decompress(data, CHUNK_BYTES)
                inflated += len(out)
                if inflated > info.file_size:
                    raise DamagedInput(f"part {info.filename} inflates past the {info.file_size:,} bytes it "
                                       "declares; refused as a possible zip bomb", source=source)
                data = inflater.unconsumed_tail
                # Output cut at the chunk size may have more behind it, even with no input left.
                if inflater.eof or not data and len(out) < CHUNK_BYTES:
                    break
    except zlib.error as error:
        raise DamagedInput(f"part {info.filename} cannot be inflated ({error})", source=source) from None
