"""A one-page catalogue of two ruled tables whose last rows are filled to their cells' foot:
the text of each table's last row leaves no room for another line below it, yet nothing
is cut, because each table ends there (one is followed by the other on the same page,
the other by the end of the document). Office suites print short catalogues like this
when a row's height is set by its text.

    python samples/generate_table_ends.py   # writes samples/pdf/table-ends.pdf

The CJK text is reportlab's STSong-Light (not embedded), which the extractor reads on any
machine. TABLES is the expected data.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

OUT = Path(__file__).resolve().parent / "pdf" / "table-ends.pdf"
CJK = "STSong-Light"
SIZE = 10.0
LEADING = 12.0
PAD = 2.0  # between a cell's rulings and its text: tight, as a row sized by its text
HEADER = ("一级事项", "二级事项", "公开内容")
COLUMNS = (40.0, 140.0, 260.0, 555.0)  # x of each ruling
# Two tables: (level_1, level_2, content lines). Each content cell is as tall as its lines.
TABLES: list[list[tuple[str, str, tuple[str, ...]]]] = [
    [
        ("机构信息", "机构职能", ("内设机构及职能",)),
        ("机构信息", "领导信息", ("领导姓名、分工、简历", "及联系方式")),
    ],
    [
        ("政策文件", "规范性文件", ("文件全文",)),
        ("政策文件", "政策解读", ("解读材料、图文解读", "及政策问答")),
    ],
]
TOP = 780.0
TABLE_GAP = 40.0  # paper between the two tables


def row_height(lines: int) -> float:
    return lines * LEADING + 2 * PAD


def draw_table(canvas: Canvas, top: float, rows: list[tuple[str, str, tuple[str, ...]]]) -> float:
    """Draws the header and rows from `top` down; returns the table's bottom."""
    cells = [(HEADER[0], HEADER[1], (HEADER[2],)), *rows]
    ys = [top]
    for _, _, lines in cells:
        ys.append(ys[-1] - row_height(len(lines)))
    canvas.setLineWidth(0.75)
    for y in ys:
        canvas.line(COLUMNS[0], y, COLUMNS[-1], y)
    for x in COLUMNS:
        canvas.line(x, ys[0], x, ys[-1])
    canvas.setFont(CJK, SIZE)
    for (level_1, level_2, lines), y in zip(cells, ys, strict=False):
        first = y - PAD - SIZE  # the first line's baseline, one text height under the top
        canvas.drawString(COLUMNS[0] + 4, first, level_1)
        canvas.drawString(COLUMNS[1] + 4, first, level_2)
        for k, line in enumerate(lines):
            canvas.drawString(COLUMNS[2] + 4, first - k * LEADING, line)
    return ys[-1]


def main() -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(CJK))
    canvas = Canvas(str(OUT), pagesize=A4, invariant=True)
    top = TOP
    for rows in TABLES:
        top = draw_table(canvas, top, rows) - TABLE_GAP
    canvas.showPage()
    canvas.save()
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
