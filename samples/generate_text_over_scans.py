"""Scanned pages that carry some text of their own, as many published scans do.

    python samples/generate_text_over_scans.py

Both PDFs hold the first page of samples/scans/scan-district.pdf (its 1-bit scan, whose
rows are samples/scans/scan-district.rows.json's of page 1), with text laid over it:
  scan-with-title.pdf   a visible title line and a page-number footer, set as text (the
                        text layer holds no table: its table is in the picture)
  scan-searchable.pdf   a scanner's invisible text layer (render mode 3), as "searchable
                        PDF" scanners write: the header's words and the rows' texts, a
                        line each, with none of the table's rulings or marks
Both used to fail as "no ruled table found": a page with any text was never read by OCR.
The text is set by reportlab in the bundled CJK stand-in font
(catalogue/extract/cjk-stand-in.ttf) and laid over the scan's page by pdfium.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdfium2 as pdfium
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
SCANS = HERE / "scans"
FONT = HERE.parent / "catalogue" / "extract" / "cjk-stand-in.ttf"
SCAN = SCANS / "scan-district.pdf"
TITLE = "某区政府信息公开事项标准目录（扫描件）"
INVISIBLE = 3  # PDF text render mode: neither fill nor stroke
HEADER = ["事项类别", "公开内容", "公开主体", "公开渠道", "公开时限"]
COLUMN_STEP = 120  # points between the columns of the invisible layer
COLUMN_CHARS = 12  # what of a cell's text fits a column at 9 pt


def _text_page(width: float, height: float, searchable: bool) -> bytes:
    """A one-page PDF of the text alone, the scan's size."""
    rows = [r for r in json.loads((SCANS / "scan-district.rows.json").read_text("utf-8")) if r["page"] == 1]
    pdfmetrics.registerFont(TTFont("CJK", str(FONT)))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(width, height), invariant=True)
    if searchable:
        text = pdf.beginText()
        text.setTextRenderMode(INVISIBLE)
        text.setFont("CJK", 9)
        # A scanner's layer holds every word it read, the header's among them, each where
        # the picture has it: a row's words under their column's header word, the rows
        # apart, but none of the rulings or ticks (COLUMN_STEP apart).
        lines = [HEADER] + [[" ".join(str(row.get(key) or "") for key in ("level_1", "level_2", "level_3")).strip(),
                             str(row.get("content") or "")[:COLUMN_CHARS], str(row.get("subject") or "")[:COLUMN_CHARS],
                             "政府网站", str(row.get("time_limit") or "")[:COLUMN_CHARS]]
                            for row in rows]
        for k, words in enumerate(lines):
            for c, word in enumerate(words):
                if word:
                    text.setTextOrigin(36 + COLUMN_STEP * c, height - 60 - 48 * k)
                    text.textOut(word)
        pdf.drawText(text)
    else:
        pdf.setFont("CJK", 12)
        pdf.drawString(36, height - 20, TITLE)
        pdf.setFont("CJK", 8)
        pdf.drawCentredString(width / 2, 10, "第 1 页 共 1 页")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def make(name: str, searchable: bool) -> None:
    scan = pdfium.PdfDocument(SCAN)
    out = pdfium.PdfDocument.new()
    out.import_pages(scan, [0])
    page = out[0]
    width, height = page.get_size()
    text = pdfium.PdfDocument(_text_page(width, height, searchable))
    page.insert_obj(text.page_as_xobject(0, out).as_pageobject())
    page.gen_content()
    out.save(SCANS / name)


def main() -> None:
    make("scan-with-title.pdf", searchable=False)
    make("scan-searchable.pdf", searchable=True)


if __name__ == "__main__":
    main()
