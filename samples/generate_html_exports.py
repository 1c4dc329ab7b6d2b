"""Office samples saved as web pages by LibreOffice, as users save a catalogue for a site.

    python samples/generate_html_exports.py   → samples/html/exported/*.html   (needs soffice)

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
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
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


if __name__ == "__main__":
    main()
