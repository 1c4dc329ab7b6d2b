"""An upright catalogue whose header labels are set sideways (top to bottom), as narrow
columns have them, over two pages, the second holding the header and one short row:
the sideways labels are most of that page's characters, and the page must still be
read upright.

    python samples/generate_sideways_labels.py   → samples/pdf/sideways-labels.pdf
                                                   samples/pdf/sideways-labels.expected.json

Deterministic (reportlab's invariant mode); the CJK font is reportlab's STSong-Light,
not embedded. Expected rows come from ROWS below, never from an extraction.
"""

from __future__ import annotations

import json
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

OUT = Path(__file__).resolve().parent / "pdf"
FONT = "STSong-Light"
TITLE = "某区政务公开事项目录"
HEAD = ("一级事项", "二级事项", "公开内容", "公开主体", "政府网站", "政府公报", "政务微博", "主动公开")
SIDEWAYS = frozenset(range(len(HEAD)))  # every header label set top to bottom, as narrow columns have them
ROWS = [("机构职能", "机构设置", "内设机构名称及职责", "区政府办", "√", "", "√", "√"),
        ("机构职能", "领导信息", "领导姓名、职务及分工", "区政府办", "√", "√", "", "√"),
        ("财政信息", "部门预算", "部门预算及说明", "区财政局", "", "√", "√", "√"),
        ("财政信息", "部门决算", "部门决算及说明", "区财政局", "√", "", "", "√")]
PAGES = (ROWS[:3], ROWS[3:])
WIDTHS = (70, 70, 150, 70, 40, 40, 40, 40)
ROW_HEIGHT, HEAD_HEIGHT = 24.0, 60.0
CHANNELS = ("channel_website", "channel_gazette", "channel_weibo")


def draw_table(canvas: Canvas, x0: float, top: float, rows: list[tuple[str, ...]]) -> None:
    xs = [x0]
    for w in WIDTHS:
        xs.append(xs[-1] + w)
    ys = [top, top - HEAD_HEIGHT] + [top - HEAD_HEIGHT - ROW_HEIGHT * (i + 1) for i in range(len(rows))]
    for x in xs:
        canvas.line(x, ys[0], x, ys[-1])
    for y in ys:
        canvas.line(xs[0], y, xs[-1], y)
    canvas.setFont(FONT, 9)
    for c, label in enumerate(HEAD):
        if c in SIDEWAYS:
            canvas.saveState()
            canvas.translate(xs[c] + WIDTHS[c] / 2 + 3, ys[0] - 6)
            canvas.rotate(-90)
            canvas.drawString(0, 0, label)
            canvas.restoreState()
        else:
            canvas.drawString(xs[c] + 3, ys[1] + 8, label)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            canvas.drawString(xs[c] + 3, ys[r + 2] + 8, text)


def expected_rows() -> list[dict[str, object]]:
    rows = []
    for k, (one, two, content, subject, *marks) in enumerate(ROWS):
        row: dict[str, object] = {"item_no": k + 1, "item_key": f"{one} / {two}", "level_1": one, "level_2": two,
                                  "content": content, "subject": subject,
                                  "page": 1 if k < len(PAGES[0]) else 2, "disclosure_proactive": marks[3] == "√"}
        row.update({name: mark == "√" for name, mark in zip(CHANNELS, marks, strict=False)})
        rows.append(row)
    return rows


def main() -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    OUT.mkdir(exist_ok=True)
    canvas = Canvas(str(OUT / "sideways-labels.pdf"), pagesize=(595, 842), invariant=1)
    for n, rows in enumerate(PAGES):
        top = 800.0
        if n == 0:
            canvas.setFont(FONT, 14)
            canvas.drawString(200, 815, TITLE)
        draw_table(canvas, 20, top, list(rows))
        canvas.showPage()
    canvas.save()
    doc = {"source": "sideways-labels.pdf", "rows": expected_rows()}
    (OUT / "sideways-labels.expected.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n",
                                                        encoding="utf-8")


if __name__ == "__main__":
    main()
