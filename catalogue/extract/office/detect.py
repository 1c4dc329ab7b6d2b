"""Which Office format a file is, from its content (never from its name).

- a zip with [Content_Types].xml is OOXML, told apart by its main part;
- a zip whose first member `mimetype` names an OpenDocument type is ODF;
- an OLE2 compound file (D0 CF 11 E0) is legacy Office, told apart by its streams;
  an encrypted OOXML file is also an OLE2 file, with an EncryptionInfo stream, and an
  encrypted Word 97 file says so in its file information block (an encrypted .xls is
  told by xlrd, in xls.py).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from catalogue.errors import DamagedInput, EncryptedInput, UnsupportedInput
from catalogue.extract.office.package import open_package, read_member

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

DOCX, XLSX, ODT, ODS, XLS, DOC, LEGACY = "docx", "xlsx", "odt", "ods", "xls", "doc", "legacy"

# OOXML main parts → format (a .docm/.xlsm has the same parts; macros are never run).
OOXML_MAIN_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX}
# The main part of an Excel binary workbook (.xlsb): records, not XML.
BINARY_WORKBOOK_PART = "xl/workbook.bin"
ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": ODT,
    "application/vnd.oasis.opendocument.spreadsheet": ODS,
}
# OLE2 streams that name a legacy format. WPS writes the same streams as Word and Excel.
OLE_WORKBOOK_STREAMS = ("Workbook", "Book")
OLE_WORD_STREAMS = ("WordDocument",)
OLE_ENCRYPTED_STREAMS = ("EncryptionInfo", "EncryptedPackage")
# [MS-DOC] FibBase: the 16-bit flags at byte 10 of the WordDocument stream; bit 8 is
# fEncrypted (Word and WPS both set it for a file saved with a password to open).
FIB_FLAGS_OFFSET = 10
FIB_ENCRYPTED = 0x0100
PASSWORD_PROTECTED = "password-protected Office file; give its password with --password (or CATALOGUE_PASSWORD)"


def has_office_magic(head: bytes) -> bool:
    return head.startswith(OLE2_MAGIC) or head.startswith(ZIP_MAGIC)


def office_format(path: Path, source: str) -> str:
    """DOCX, XLSX, ODT, ODS, XLS, DOC or LEGACY (another OLE2 file, for LibreOffice).

    Raises EncryptedInput for a password-protected file, UnsupportedInput for a zip
    that is no Office document, DamagedInput for a damaged one.
    """
    with path.open("rb") as handle:
        head = handle.read(len(OLE2_MAGIC))
    if head.startswith(OLE2_MAGIC):
        return _ole_format(path, source)
    package = open_package(path, source)
    with package:
        names = set(package.namelist())
        if "[Content_Types].xml" in names:
            for part, kind in OOXML_MAIN_PARTS.items():
                if part in names:
                    return kind
            if BINARY_WORKBOOK_PART in names:
                raise UnsupportedInput("an Excel binary workbook (.xlsb), which is not read: save it from Excel "
                                       "or WPS as .xlsx", source=source)
            raise UnsupportedInput("an Office Open XML package with neither a document nor a workbook "
                                   "(a presentation?); only Word and Excel files hold catalogues", source=source)
        if "mimetype" in names:
            mimetype = read_member(package, "mimetype", source).decode("ascii", "replace").strip()
            if mimetype in ODF_MIMETYPES:
                return ODF_MIMETYPES[mimetype]
            raise UnsupportedInput(f"an OpenDocument file of type {mimetype!r}; only text documents and "
                                   "spreadsheets hold catalogues", source=source)
    raise UnsupportedInput("a zip archive that is not an Office document; unpack it and extract its files",
                           source=source)


def _ole_format(path: Path, source: str) -> str:
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry) for entry in ole.listdir(streams=True, storages=False)}
            word = next((name for name in OLE_WORD_STREAMS if name in streams), None)
            fib = ole.openstream(word).read(FIB_FLAGS_OFFSET + 2) if word else b""
    except (OSError, ValueError, IndexError, zipfile.BadZipFile) as error:
        raise DamagedInput(f"a damaged OLE2 (legacy Office) file ({error})", source=source) from None
    if any(name in streams for name in OLE_ENCRYPTED_STREAMS):
        raise EncryptedInput(PASSWORD_PROTECTED, source=source)
    if any(name in streams for name in OLE_WORKBOOK_STREAMS):
        return XLS
    if word is not None:
        if len(fib) == FIB_FLAGS_OFFSET + 2 and int.from_bytes(fib[FIB_FLAGS_OFFSET:], "little") & FIB_ENCRYPTED:
            raise EncryptedInput(PASSWORD_PROTECTED, source=source)
        return DOC
    return LEGACY
