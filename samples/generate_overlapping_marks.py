"""A ruled catalogue whose check marks are drawn over the first character of their label,
as LibreOffice sometimes prints a wrapped "☑公开栏": the ☑ comes from a fallback font and
its label's first character is placed at the same x, 0.01 pt before or after it.

    python samples/generate_overlapping_marks.py   # writes samples/pdf/overlapping-marks.pdf

Needs DejaVu Sans at generation time (Debian: fonts-dejavu-core) for ☑ ☐; the CJK text is
reportlab's STSong-Light (not embedded), which the extractor reads on any machine.
ROWS is the expected data: the tests compare the extracted channels with it.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

OUT = Path(__file__).resolve().parent / "pdf" / "overlapping-marks.pdf"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
CJK = "STSong-Light"
SYMBOLS = "DejaVuSans"
SIZE = 10.0
HEADER = ("事项名称", "公开内容", "公开渠道")
COLUMNS = (40.0, 180.0, 330.0, 555.0)  # x of each ruling
ROW_HEIGHT = 40.0
TOP = 780.0

# (item, content, [(checked, channel)]). The channel names are the contract's words.
ROWS: list[tuple[str, str, list[tuple[bool, str]]]] = [
    ("机构职能", "内设机构及职能", [(True, "政府网站"), (False, "政务微博"), (True, "公开栏")]),
    ("领导信息", "领导姓名、分工", [(False, "政府网站"), (True, "公开栏"), (True, "政务微博")]),
    ("规范性文件", "文件全文", [(True, "公开栏"), (False, "政府网站")]),
    ("财政预决算", "预算、决算报告", [(True, "政府公报"), (True, "公开栏"), (False, "政务微博")]),
]
# How far the label's first character starts from its mark, per option in turn: drawn
# over the mark, a hundredth of a point either side, as LibreOffice placed them.
OVERLAP_SHIFTS = (-0.01, 0.01, 0.0)
GAP = 6.0  # between one option's label and the next option's mark


def draw_options(canvas: Canvas, x: float, baseline: float, options: list[tuple[bool, str]]) -> None:
    for k, (checked, name) in enumerate(options):
        canvas.setFont(SYMBOLS, SIZE)
        canvas.drawString(x, baseline, "☑" if checked else "☐")  # the mark is drawn first
        canvas.setFont(CJK, SIZE)
        label_x = x + OVERLAP_SHIFTS[k % len(OVERLAP_SHIFTS)]
        canvas.drawString(label_x, baseline, name)
        x = label_x + pdfmetrics.stringWidth(name, CJK, SIZE) + GAP


def main() -> None:
    if not DEJAVU.exists():
        raise SystemExit(f"{DEJAVU} is needed (apt-get install fonts-dejavu-core)")
    pdfmetrics.registerFont(UnicodeCIDFont(CJK))
    pdfmetrics.registerFont(TTFont(SYMBOLS, str(DEJAVU)))
    canvas = Canvas(str(OUT), pagesize=A4, invariant=True)
    rows = [(HEADER[0], HEADER[1], None), *((item, content, options) for item, content, options in ROWS)]
    bottom = TOP - ROW_HEIGHT * len(rows)
    canvas.setLineWidth(0.75)
    for k in range(len(rows) + 1):
        canvas.line(COLUMNS[0], TOP - k * ROW_HEIGHT, COLUMNS[-1], TOP - k * ROW_HEIGHT)
    for x in COLUMNS:
        canvas.line(x, TOP, x, bottom)
    for k, (item, content, options) in enumerate(rows):
        baseline = TOP - k * ROW_HEIGHT - ROW_HEIGHT / 2 - SIZE / 3
        canvas.setFont(CJK, SIZE)
        canvas.drawString(COLUMNS[0] + 4, baseline, item)
        canvas.drawString(COLUMNS[1] + 4, baseline, content)
        if options is None:
            canvas.drawString(COLUMNS[2] + 4, baseline, HEADER[2])
        else:
            draw_options(canvas, COLUMNS[2] + 4, baseline, options)
    canvas.showPage()
    canvas.save()
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
