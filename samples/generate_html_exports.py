"""Office samples saved as web pages by LibreOffice, as users save a catalogue for a site.

    python samples/generate_html_exports.py   → samples/html/exported/*.html   (needs soffice)
                                              samples/html/exported/word-split.mht

The exports are committed, so the tests need no LibreOffice. What the export does to
the tables is the point:
- district.xlsx (one sheet per category, the header on the first only) becomes one
  table a sheet, and the sheets without a 备注 leave that empty last column out: the
  later tables are a column narrower than the header's.
- word-split.docx (a table continued in a second table after a page break) keeps the
  second table's merged level columns as one wide column (a <col> of five widths, no
  colspan): four columns narrower than the header's.
The expected rows are the Office samples' own (samples/office/*.expected.json, written
from generate_office.py's data), but for what the export loses: the continued table's
first 公开主体 cell, a vertical merge across the two tables in the .docx, is written
empty.

word-split.mht is the .docx's export as Word's "single file web page" packs a page: a
MIME archive whose HTML part says gb2312 and is GBK, quoted-printable.
"""

from __future__ import annotations

import email.charset
import shutil
import subprocess
import sys
import tempfile
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

HERE = Path(__file__).resolve().parent
OFFICE = HERE / "office"
OUT = HERE / "html" / "exported"
SOURCES = ("district.xlsx", "word-split.docx")


def main() -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("needs LibreOffice (soffice) on the PATH")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        for name in SOURCES:
            # A profile of its own, so a running LibreOffice does not take the job.
            subprocess.run([soffice, f"-env:UserInstallation=file://{scratch}/profile", "--headless",
                            "--convert-to", "html", "--outdir", scratch, str(OFFICE / name)],
                           check=True, capture_output=True, timeout=300)
            made = Path(scratch) / (Path(name).stem + ".html")
            target = OUT / made.name
            shutil.copyfile(made, target)
            print(f"{target.relative_to(HERE.parent)}  {target.stat().st_size // 1024} KB")
    write_web_archive(OUT / "word-split.html", OUT / "word-split.mht")


def write_web_archive(page: Path, target: Path) -> None:
    html = page.read_text(encoding="utf-8").replace("charset=utf-8", "charset=gb2312")
    gbk = email.charset.Charset("gb18030")  # the bytes; the header below names gb2312, as Word does
    gbk.body_encoding = email.charset.QP
    part = MIMEText(html, "html", _charset=gbk)
    part.set_param("charset", "gb2312")
    part["Content-Location"] = "file:///C:/catalogue.htm"
    archive = MIMEMultipart("related", boundary="----=_NextPart_01DA0000.00000000", type="text/html")  # fixed: the same bytes each run
    archive.attach(part)
    target.write_bytes(archive.as_bytes())
    print(f"{target.relative_to(HERE.parent)}  {target.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
