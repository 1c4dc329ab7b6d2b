"""A table drawn inside form XObjects (placed, moved and scaled) reads as the same
table drawn straight on the page: the pdfium reader walks into forms and composes
their matrices (extract/pdf/readers.py, through extract/pdf/lean.py's calls). No
sample PDF has a form, so the file is made here."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from catalogue.extract.pdf.readers import PdfiumReader

ROWS, COLS, ROW_H, COL_W = 3, 3, 30.0, 100.0
LABELS = {(0, 0): "Policy files", (1, 1): "Budget 2024"}  # (row from the bottom, col) → text
PLACES = ((60.0, 500.0, 1.0), (60.0, 200.0, 1.5))  # where the table goes: x, y, scale


def _table(canvas: Canvas) -> None:
    for k in range(ROWS + 1):
        canvas.line(0, ROW_H * k, COL_W * COLS, ROW_H * k)
    for k in range(COLS + 1):
        canvas.line(COL_W * k, 0, COL_W * k, ROW_H * ROWS)
    canvas.rect(10, 10, 8, 8, stroke=1, fill=0)  # a drawn check box
    canvas.setFont("Helvetica", 10)
    for (row, col), text in LABELS.items():
        canvas.drawString(COL_W * col + 25, ROW_H * row + 12, text)


def _pdf(path: Path, in_form: bool) -> Path:
    canvas = Canvas(str(path), pagesize=(595, 842), invariant=1)
    if in_form:
        canvas.beginForm("table")
        _table(canvas)
        canvas.endForm()
    for x, y, scale in PLACES:
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(scale, scale)
        if in_form:
            canvas.doForm("table")
        else:
            _table(canvas)
        canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return path


def test_a_table_in_form_xobjects_reads_as_one_drawn_on_the_page(tmp_path: Path) -> None:
    read = {}
    for in_form in (True, False):
        reader = PdfiumReader(_pdf(tmp_path / f"form-{in_form}.pdf", in_form), "forms", None)
        read[in_form] = reader.read(1)
        reader.close()
    form, direct = read[True], read[False]
    lines_and_boxes = len(PLACES) * (ROWS + 1 + COLS + 1 + 1)
    assert len(form.paths) == len(direct.paths) == lines_and_boxes
    for a, b in zip(form.paths, direct.paths, strict=True):
        assert (a.stroke, a.fill, a.closed, a.curved) == (b.stroke, b.fill, b.closed, b.curved)
        assert all(abs(p - q) < 1e-6 for pa, pb in zip(a.points, b.points, strict=True) for p, q in zip(pa, pb, strict=True))
    text = "".join(c.text for c in form.chars)
    assert text == "".join(c.text for c in direct.chars) == "".join(LABELS.values()).replace(" ", "") * len(PLACES)
    for a, b in zip(form.chars, direct.chars, strict=True):
        assert abs(a.x0 - b.x0) < 1e-6 and abs(a.baseline - b.baseline) < 1e-6 and a.size == b.size
    assert form.text_objects == direct.text_objects == len(LABELS) * len(PLACES)
    # The second table is scaled: its lines are half as long again, in display space.
    first, second = form.paths[0], form.paths[lines_and_boxes // len(PLACES)]
    assert abs((second.points[1][0] - second.points[0][0]) - 1.5 * (first.points[1][0] - first.points[0][0])) < 1e-6
