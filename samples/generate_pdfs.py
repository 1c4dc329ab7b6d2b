"""Generate the sample catalogue PDFs in samples/pdf/, with the contract rows they must give.

    python samples/generate_pdfs.py            # writes samples/pdf/*.pdf and *.expected.json

Deterministic: the same code gives the same bytes (reportlab's invariant mode), so the
committed files only change when this generator does.

Needs reportlab (CJK text uses its built-in CID font STSong-Light, which is not
embedded: text extraction works, and renderers substitute a system font) and fontTools
(to build the small Wingdings / Wingdings 2 stand-ins, see symbolfonts.py). ✓ ☑ ☐ are
printed in DejaVu Sans (/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf, Debian package
fonts-dejavu-core), embedded as a subset. To render the pages with real Chinese glyphs
(for OCR tests), `apt-get install -y fonts-wqy-microhei` gives a TTF that pdfium uses
as the substitute for STSong-Light.

Samples:
  district-catalogue.pdf   district layout (事项类别 一级…六级 … 公开对象): header rows repeated on
                           each page, merged level cells with centred labels (beside a later
                           row, on a later page, cut by a page break), rows split by page
                           breaks, marks as ✓/□, √/□, ■/□, Wingdings 2, Wingdings, private-use
                           code points and drawn boxes, shifted cells, a /Rotate 90 page
  national-catalogue.pdf   基层政务公开标准目录 layout: two header rows, one option per column
                           with √, 公开渠道和载体 as a ■/□ list
  national-turned.pdf      the same printed sideways on portrait pages without /Rotate (as a
                           printer driver lays a landscape page): page 1's lines run down the
                           page, page 2's up
  district-text-sample.pdf shared/samples/district-catalogue-extracted.txt drawn as ruled tables,
                           one page per block, so the PDF and text paths can be compared
  bad inputs               encrypted-user-password (password "secret"), encrypted-owner-only,
                           truncated, damaged-stream, zero-pages, cyclic-pages, image-only,
                           scanned-page-2, no-table
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, ImageDraw
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

sys.path.insert(0, str(Path(__file__).resolve().parent))

import catalogue_data as data  # noqa: E402
import pdflayout as pl  # noqa: E402
import symbolfonts  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "pdf"
TEXT_SAMPLE = HERE / "district-catalogue-extracted.txt"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

LANDSCAPE = (842.0, 595.0)  # A4
MARGIN = 36.0
TITLE_HEIGHT = 28.0
LEVEL_NAMES = ("一级", "二级", "三级", "四级", "五级", "六级")


def register_fonts(folder: Path) -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(pl.CJK_FONT))
    pdfmetrics.registerFont(TTFont(pl.SYMBOL_TEXT_FONT, str(DEJAVU)))
    for name in (pl.WINGDINGS2, pl.WINGDINGS):
        pdfmetrics.registerFont(TTFont(name, str(symbolfonts.build_font(name, folder))))


# ---------------------------------------------------------------- cells from items

class BoxVariants:
    """Checked drawn boxes take turns being ticked, crossed and filled."""

    def __init__(self) -> None:
        self.n = 0

    def next(self) -> str:
        self.n += 1
        return pl.BOX_VARIANTS[(self.n - 1) % len(pl.BOX_VARIANTS)]


def option_list(options: data.Options | None, style: str, boxes: BoxVariants, every_space: bool = False) -> list[str | pl.Mark]:
    if not options:
        return []
    out: list[str | pl.Mark] = []
    for i, (label, state) in enumerate(options):
        if i and (every_space or i % 2 == 0):
            out.append(" ")
        variant = boxes.next() if style == "box" and state else "tick"
        out += [pl.Mark(state, style, variant), label]
    return out


def level_cells(items: list[data.Item], n_levels: int, first_col: int) -> list[pl.CellSpec]:
    """Vertically merged level cells: a label spans the consecutive items that share it."""
    cells: list[pl.CellSpec] = []
    for depth in range(n_levels):
        r = 0
        while r < len(items):
            levels = items[r].levels
            if len(levels) <= depth:
                r += 1
                continue
            end = r + 1
            while end < len(items) and items[end].levels[: depth + 1] == levels[: depth + 1] and len(items[end].levels) > depth:
                end += 1
            group = items[r:end]
            deepest = all(len(it.levels) == depth + 1 for it in group)
            colspan = n_levels - depth if deepest else 1
            cells.append(pl.CellSpec(r, first_col + depth, [levels[depth]], rowspan=end - r,
                                     colspan=colspan, valign="middle", align="center"))
            if not deepest:
                for k, it in enumerate(group):
                    if len(it.levels) == depth + 1 and depth + 1 < n_levels:
                        cells.append(pl.CellSpec(r + k, first_col + depth + 1, [], colspan=n_levels - depth - 1))
            r = end
    return cells


def district_spec(items: list[data.Item]) -> pl.TableSpec:
    widths = [30.0, 40.0, 40.0, 36.0, 36.0, 36.0, 204.0, 52.0, 96.0, 56.0, 52.0, 56.0, 36.0]
    header = [pl.CellSpec(0, 0, ["事项类别"], align="center"), pl.CellSpec(0, 1, ["事项名称"], colspan=5, align="center")]
    for k, name in enumerate(("公开内容", "公开主体", "公开渠道", "公开时限", "公开属性", "公开方式", "公开对象")):
        header.append(pl.CellSpec(0, 6 + k, [name], rowspan=2, align="center"))
    header += [pl.CellSpec(1, k, [LEVEL_NAMES[k]], align="center") for k in range(6)]
    boxes = BoxVariants()
    body = level_cells(items, 6, 0)
    for r, it in enumerate(items):
        cols: list[list[str | pl.Mark]] = [
            [it.content or ""],
            [it.subject or ""],
            option_list(it.channels, it.style, boxes),
            [it.time[0] if it.time else ""],
            option_list(it.disclosure, it.style, boxes, every_space=True),
            option_list(it.method, it.style, boxes, every_space=True),
            [it.audience or ""],
        ]
        if it.shift == "time_missing":  # the time-limit cell is missing: the rest moves left
            cols = cols[:3] + cols[4:] + [[]]
        elif it.shift == "time_in_channel":  # the time limit printed in the channel column
            cols = [cols[0], cols[1], cols[3], [], [], [], cols[6]]
        for k, content in enumerate(cols):
            middle = k == 6
            body.append(pl.CellSpec(r, 6 + k, content, valign="middle" if middle else "top",
                                    align="center" if middle else "left"))
    return pl.TableSpec(widths, header, [22.0, 14.0], body, len(items), ruling="rects")


def national_spec(items: list[data.Item]) -> pl.TableSpec:
    widths = [18.0, 44.0, 50.0, 140.0, 112.0, 62.0, 60.0, 128.0] + [26.0] * 6
    header = [
        pl.CellSpec(0, 0, ["序号"], rowspan=2, align="center"),
        pl.CellSpec(0, 1, ["公开事项"], colspan=2, align="center"),
    ]
    for k, name in enumerate(("公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体")):
        header.append(pl.CellSpec(0, 3 + k, [name], rowspan=2, align="center"))
    for k, name in enumerate(("公开对象", "公开方式", "公开层级")):
        header.append(pl.CellSpec(0, 8 + 2 * k, [name], colspan=2, align="center"))
    for k, name in enumerate(("一级事项", "二级事项")):
        header.append(pl.CellSpec(1, 1 + k, [name], align="center"))
    for k, name in enumerate(("全社会", "特定群体", "主动", "依申请", "县级", "乡级")):
        header.append(pl.CellSpec(1, 8 + k, [name], align="center"))
    boxes = BoxVariants()
    body = level_cells(items, 2, 1)
    for r, it in enumerate(items):
        body.append(pl.CellSpec(r, 0, [str(it.seq)], valign="middle", align="center"))
        texts = [it.content or "", it.basis or "", it.time[0] if it.time else "", it.subject or ""]
        for k, text in enumerate(texts):
            body.append(pl.CellSpec(r, 3 + k, [text]))
        body.append(pl.CellSpec(r, 7, option_list(it.channels, it.style, boxes, every_space=True)))
        flags = [*(it.audience_opts or []), *(it.disclosure or []), *(it.tier or [])]
        for k, (_, state) in enumerate(flags):
            body.append(pl.CellSpec(r, 8 + k, ["√" if state else ""], valign="middle", align="center"))
    return pl.TableSpec(widths, header, [16.0, 16.0], body, len(items), ruling="lines")


# ---------------------------------------------------------------- documents

def capacity_fn(spec: pl.TableSpec, page_height: float, title: bool) -> Callable[[int], float]:
    def capacity(page: int) -> float:
        room = page_height - 2 * MARGIN - pl.header_height(spec)
        return room - TITLE_HEIGHT if (title and page == 0) else room

    return capacity


def draw_document(
    path: Path, spec: pl.TableSpec, lay: pl.Layout, title: str, rotated_pages: frozenset[int] = frozenset(),
    encrypt: object | None = None, page_size: tuple[float, float] = LANDSCAPE,
    turned_pages: dict[int, int] | None = None,
) -> None:
    """`rotated_pages` are stored portrait with /Rotate 90 and shown upright; `turned_pages`
    (page → 90 or 270) are stored portrait without /Rotate, the landscape table drawn
    turned, so that a viewer shows it sideways, its lines running down (90) or up (270),
    as a printer driver lays a landscape page on portrait paper."""
    width, height = page_size
    turned_pages = turned_pages or {}
    canvas = Canvas(str(path), pagesize=page_size, invariant=1, encrypt=encrypt)  # type: ignore[arg-type]
    canvas.setTitle(title)
    for page in range(lay.n_pages):
        if page in rotated_pages:
            # Stored portrait with /Rotate 90; the content is drawn turned so that a
            # viewer, which turns the page clockwise, shows it upright.
            # reportlab writes a rotated page's MediaBox swapped: this gives a portrait MediaBox
            canvas.setPageSize((width, height))
            canvas.setPageRotation(90)
            canvas.transform(0, 1, -1, 0, height, 0)
        elif page in turned_pages:
            canvas.setPageSize((height, width))
            canvas.setPageRotation(0)
            if turned_pages[page] == 90:  # the table's top at the page's right, lines running down
                canvas.transform(0, -1, 1, 0, 0, width)
            else:  # its top at the page's left, lines running up
                canvas.transform(0, 1, -1, 0, height, 0)
        else:
            canvas.setPageSize(page_size)
            canvas.setPageRotation(0)
        top = height - MARGIN
        if page == 0 and title:
            canvas.setFont(pl.CJK_FONT, 14)
            canvas.drawCentredString(width / 2, top - 16, title)
            top -= TITLE_HEIGHT
        pl.draw_page(canvas, spec, lay, page, pl.PageFrame(MARGIN, top))
        canvas.setFont(pl.CJK_FONT, 8)
        canvas.drawCentredString(width / 2, MARGIN / 2, f"— {page + 1} —")
        canvas.showPage()
    canvas.save()


def row_facts(spec: pl.TableSpec, lay: pl.Layout, n_levels: int, first_col: int) -> list[data.RowFacts]:
    facts = [data.RowFacts(page=lay.row_pages(r)[0] + 1) for r in range(spec.n_body_rows)]
    for r, f in enumerate(facts):
        if len(lay.row_pages(r)) > 1:
            f.row_split = True
            f.warnings.append("row_joined_across_pages")
            # a cell whose text goes on over the page break was cut at the page edge
            if any(placed.spec.row == r and placed.spec.rowspan == 1 and len({ln.page for ln in placed.lines}) > 1
                   for placed in lay.cells):
                f.warnings.append("cell_truncated")
    for placed in lay.cells:
        cell = placed.spec
        if first_col <= cell.col < first_col + n_levels and len({ln.page for ln in placed.lines}) > 1:
            for r in range(cell.row, cell.row + cell.rowspan):
                facts[r].label_split = True
                facts[r].warnings.append("label_joined_across_pages")
    return facts


def trap_report(spec: pl.TableSpec, lay: pl.Layout, n_levels: int, first_col: int) -> dict[str, list[int]]:
    """Which traps the layout produced, by 1-based page: the generator insists on them."""
    split_rows = sorted({lay.row_pages(r)[1] + 1 for r in range(spec.n_body_rows) if len(lay.row_pages(r)) > 1})
    split_labels, late_labels = set(), set()
    for placed in lay.cells:
        cell = placed.spec
        if not (first_col <= cell.col < first_col + n_levels) or not placed.lines:
            continue
        pages = sorted({ln.page for ln in placed.lines})
        if len(pages) > 1:
            split_labels.add(pages[-1] + 1)
        first_row_page = lay.row_pages(cell.row)[0]
        if pages[0] > first_row_page:
            late_labels.add(pages[0] + 1)
    return {
        "pages_starting_with_a_continued_row": split_rows,
        "pages_with_the_rest_of_a_cut_label": sorted(split_labels),
        "pages_with_a_label_later_than_its_group": sorted(late_labels),
    }


def write_expected(path: Path, source: str, items: list[data.Item], facts: list[data.RowFacts], extra: dict[str, object]) -> None:
    counts: dict[str, int] = {}
    rows = [data.expected_row(it, source, k + 1, counts, f) for k, (it, f) in enumerate(zip(items, facts, strict=True))]
    doc = {"source": source, "contract_version": "1.1", **extra, "rows": rows}
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def make_district(out: Path) -> dict[str, list[int]]:
    items = data.DISTRICT_ITEMS
    spec = district_spec(items)
    # Some rows get Word's "exact row height", so that the 机关简介 label falls on the page break.
    spec.min_heights.update({0: 60.0, 1: 60.0, 2: 70.0, 3: 70.0, 4: 95.0, 12: 70.0, 22: 60.0})
    lay = pl.layout_table(spec, capacity_fn(spec, LANDSCAPE[1], title=True))
    rotated = frozenset({2})
    draw_document(out / "district-catalogue.pdf", spec, lay, "某区政务公开事项目录（2024年版）", rotated)
    traps = trap_report(spec, lay, 6, 0)
    facts = row_facts(spec, lay, 6, 0)
    write_expected(out / "district-catalogue.expected.json", "district-catalogue.pdf", items, facts,
                   {"pages": lay.n_pages, "rotated_pages": sorted(p + 1 for p in rotated), "traps": traps})
    return traps


def make_national(out: Path, name: str = "national-catalogue.pdf", items: list[data.Item] | None = None,
                  encrypt: object | None = None, expected: bool = True,
                  turned_pages: dict[int, int] | None = None) -> pl.Layout:
    items = items if items is not None else data.NATIONAL_ITEMS
    spec = national_spec(items)
    lay = pl.layout_table(spec, capacity_fn(spec, LANDSCAPE[1], title=True))
    draw_document(out / name, spec, lay, "县级基层政务公开标准目录（社会救助、财政预决算领域）", encrypt=encrypt,
                  turned_pages=turned_pages)
    if expected:
        facts = row_facts(spec, lay, 2, 1)
        write_expected(out / name.replace(".pdf", ".expected.json"), name, items, facts,
                       {"pages": lay.n_pages, "traps": trap_report(spec, lay, 2, 1)})
    return lay


# ---------------------------------------------------------------- the shared text sample as a PDF

# Labels of the text sample that a page break cut (their rest starts the next block).
CUT_LABELS = ("机关简",)
INPUT_TAG = re.compile(r"<input([^>]*)/?>")
OTHER_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def text_cell(text: str) -> list[str | pl.Mark]:
    """A TSV cell as printed: its spaces were line wraps, its <input> tags drawn boxes."""
    out: list[str | pl.Mark] = []
    pos = 0
    for m in INPUT_TAG.finditer(text):
        out.append(OTHER_TAG.sub("", text[pos : m.start()]))
        out.append(pl.Mark("checked" in m.group(1), "box", "tick"))
        pos = m.end()
    out.append(OTHER_TAG.sub("", text[pos:]))
    cleaned: list[str | pl.Mark] = []
    for piece in out:
        if isinstance(piece, str):
            piece = re.sub(r" +", "\n", piece.strip(" "))
            if not piece:
                continue
        cleaned.append(piece)
    # no line break between a box and its label
    return [p.lstrip("\n") if isinstance(p, str) and i and isinstance(cleaned[i - 1], pl.Mark) else p
            for i, p in enumerate(cleaned)]


def make_text_sample(out: Path) -> None:
    blocks: list[list[list[str]]] = [[]]
    for line in TEXT_SAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip():
            blocks[-1].append(line.split("\t"))
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    canvas = Canvas(str(out / "district-text-sample.pdf"), pagesize=LANDSCAPE, invariant=1)
    canvas.setTitle("district-catalogue-extracted.txt as a PDF")
    for rows in blocks:
        n = max(len(r) for r in rows)
        tail = [190.0, 60.0, 104.0, 64.0, 56.0, 60.0, 36.0]
        lead_cols = n - len(tail)
        widths = [(770.0 - sum(tail)) / lead_cols] * lead_cols + tail
        body = [pl.CellSpec(r, c, text_cell(row[c]) if c < len(row) else [])
                for r, row in enumerate(rows) for c in range(n)]
        for cell in [c for c in body if c.content in ([x] for x in CUT_LABELS)]:
            # The label was cut by the page break: in the catalogue it is a merged cell over
            # the rows below it whose levels are empty, printed at the bottom of the page.
            below = cell.row + 1
            while below < len(rows) and not any(rows[below][c].strip() for c in range(cell.col + 1) if c < len(rows[below])):
                below += 1
            body = [c for c in body if not (c.col == cell.col and cell.row < c.row < below)]
            cell.rowspan, cell.valign = below - cell.row, "bottom"
        spec = pl.TableSpec(widths, [], [], body, len(rows), ruling="lines", allow_row_split=False)
        lay = pl.layout_table(spec, lambda _p: 10_000.0)
        height = max(LANDSCAPE[1], sum(p.height for p in lay.parts) + 2 * MARGIN)
        canvas.setPageSize((LANDSCAPE[0], height))
        pl.draw_page(canvas, spec, lay, 0, pl.PageFrame(MARGIN, height - MARGIN))
        canvas.showPage()
    canvas.save()


# ---------------------------------------------------------------- bad inputs

def small_items(n: int) -> list[data.Item]:
    return data.NATIONAL_ITEMS[:n]


def make_bad_inputs(out: Path) -> None:
    from reportlab.lib import pdfencrypt

    make_national(out, "encrypted-user-password.pdf", small_items(3),
                  encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="owner", strength=128), expected=False)
    make_national(out, "encrypted-owner-only.pdf", small_items(3),
                  encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner", canPrint=0, strength=128),
                  expected=False)
    # Three pages, one item per page, uncompressed so the damage lands where intended.
    with tempfile.TemporaryDirectory() as tmp:
        spec = national_spec(small_items(3))
        spec.min_heights.update({0: 380.0, 1: 380.0, 2: 380.0})
        lay = pl.layout_table(spec, capacity_fn(spec, LANDSCAPE[1], title=True))
        three = Path(tmp) / "three.pdf"
        canvas_pages(three, spec, lay)
        raw = three.read_bytes()
    last = [int(m.group(1)) for m in re.finditer(rb"/Contents (\d+) 0 R", raw)][-1]
    cut = raw.index(b"stream", raw.index(b"\n%d 0 obj" % last)) + 3000  # inside page 3's content
    (out / "truncated.pdf").write_bytes(raw[:cut])
    (out / "damaged-stream.pdf").write_bytes(damage_second_stream(raw))
    (out / "zero-pages.pdf").write_bytes(hand_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
    ]))
    (out / "cyclic-pages.pdf").write_bytes(hand_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 4 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 200 200] >>",
    ]))
    make_image_pdfs(out)
    make_no_table(out)


def canvas_pages(path: Path, spec: pl.TableSpec, lay: pl.Layout) -> None:
    canvas = Canvas(str(path), pagesize=LANDSCAPE, invariant=1, pageCompression=0)
    for page in range(lay.n_pages):
        pl.draw_page(canvas, spec, lay, page, pl.PageFrame(MARGIN, LANDSCAPE[1] - MARGIN))
        canvas.showPage()
    canvas.save()


def damage_second_stream(raw: bytes) -> bytes:
    """Replace page 2's content stream with bytes that are not a valid Flate stream."""
    starts = [m.end() for m in re.finditer(rb"/Contents (\d+) 0 R", raw)]
    objs = [int(m.group(1)) for m in re.finditer(rb"/Contents (\d+) 0 R", raw)]
    assert len(starts) >= 3
    obj = objs[1]
    head = raw.index(b"\n%d 0 obj" % obj) + 1
    begin = raw.index(b"stream", head) + len(b"stream\n")
    end = raw.index(b"endstream", begin)
    junk = bytes((i * 37 + 11) % 256 for i in range(end - begin))
    body = raw[head:begin]
    if b"/Filter" not in body:  # make it claim Flate, so the junk is a broken stream
        body = body.replace(b"<<", b"<< /Filter /FlateDecode", 1)
    return raw[:head] + body + junk + raw[end:]


def hand_pdf(objects: list[bytes]) -> bytes:
    """A minimal PDF written by hand (reportlab cannot make these shapes)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def scan_image() -> ImageReader:
    """A coarse 'scan' of a ruled table: lines and grey blocks where text would be."""
    img = Image.new("L", (420, 297), 255)
    draw = ImageDraw.Draw(img)
    for y in range(30, 280, 25):
        draw.line([(20, y), (400, y)], fill=0)
    for x in (20, 60, 110, 230, 290, 350, 400):
        draw.line([(x, 30), (x, 280)], fill=0)
    for y in range(36, 270, 25):
        for x0, x1 in ((25, 55), (115, 220), (295, 340)):
            draw.rectangle([(x0, y), (x1, y + 8)], fill=120)
    buf = io.BytesIO()
    img.convert("1").save(buf, format="PNG", optimize=True)
    buf.seek(0)
    return ImageReader(buf)


def make_image_pdfs(out: Path) -> None:
    canvas = Canvas(str(out / "image-only.pdf"), pagesize=LANDSCAPE, invariant=1)
    canvas.drawImage(scan_image(), 0, 0, *LANDSCAPE)
    canvas.showPage()
    canvas.save()
    # A real table on page 1, a scanned page 2.
    spec = national_spec(small_items(2))
    lay = pl.layout_table(spec, capacity_fn(spec, LANDSCAPE[1], title=False))
    canvas = Canvas(str(out / "scanned-page-2.pdf"), pagesize=LANDSCAPE, invariant=1)
    pl.draw_page(canvas, spec, lay, 0, pl.PageFrame(MARGIN, LANDSCAPE[1] - MARGIN))
    canvas.showPage()
    canvas.drawImage(scan_image(), 0, 0, *LANDSCAPE)
    canvas.showPage()
    canvas.save()


def make_no_table(out: Path) -> None:
    canvas = Canvas(str(out / "no-table.pdf"), pagesize=(595.0, 842.0), invariant=1)
    canvas.setFont(pl.CJK_FONT, 12)
    text = ["关于印发基层政务公开标准目录的通知", "", "各街道办事处、区政府各部门：",
            "现将《基层政务公开标准目录》印发给你们，请认真贯彻执行。", "", "区政府办公室", "2024年3月1日"]
    for k, line in enumerate(text):
        canvas.drawString(72, 760 - 20 * k, line)
    canvas.line(72, 600, 520, 600)  # a lone rule is not a table
    canvas.showPage()
    canvas.save()


# fontTools stamps the symbol fonts it builds with the current time unless this is set.
FIXED_EPOCH = "1704067200"  # 2024-01-01


@contextmanager
def fixed_font_timestamps() -> Iterator[None]:
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = FIXED_EPOCH
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, fixed_font_timestamps():
        register_fonts(Path(tmp))
        traps = make_district(OUT)
        make_national(OUT)
        # The national catalogue printed sideways: page 1's lines run down, page 2's up.
        make_national(OUT, "national-turned.pdf", turned_pages={0: 90, 1: 270})
        make_text_sample(OUT)
        make_bad_inputs(OUT)
    missing = [name for name, pages in traps.items() if not pages]
    if missing:
        raise SystemExit(f"district layout lost its traps: {', '.join(missing)}; adjust the data")
    for path in sorted(OUT.glob("*.pdf")):
        print(f"{path.name:32} {path.stat().st_size:>8} bytes")
    print(json.dumps(traps, ensure_ascii=False))


if __name__ == "__main__":
    main()
