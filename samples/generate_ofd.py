"""OFD twins of the sample PDFs, written from each PDF's own page content.

    python samples/generate_ofd.py [--out samples/ofd]

Each twin holds exactly what the PDF reader reads from its PDF (pdfium: characters with
their boxes and fonts, painted paths), written as an OFD producer would, in one of
several styles, so that the twin must give the same catalogue rows as its PDF
(tests/test_ofd.py):

- units: "mm", coordinates in millimetres with no CTM (ofdrw, most converters), or
  "pt", points under CTM="0.3528 0 0 0.3528 0 0" (Word/WPS print drivers);
- text: "line", one TextObject per run of touching glyphs with DeltaX advances (runs
  of equal advances written "g N v"), or "char", one TextObject per character, its
  Boundary the glyph's box, or "outline", each glyph drawn as a filled curve in its box
  and no text object at all (as some converters "flatten" text; that twin must give a
  page note, not rows);
- rulings: "path", as the PDF draws them, or "rect", every straight ruling drawn as a
  thin filled rectangle;
- "template": the top of each page (the header rows) in a template page under it;
- "turned": every page printed a quarter turn round on a portrait page area;
- "docs": each page in its own Doc_N of one package;
- "odd": Chinese entry names, absolute and backslashed locations, another namespace
  prefix, half of each page's objects in nested PageBlocks.

A scanned twin (one image a page, no text) is written from the scan PDF's images.

Needs pypdfium2 (and the package itself, for the PDF reader). Deterministic: fixed zip
dates, sorted members, numbers written to 6 decimals.
"""

from __future__ import annotations

import argparse
import io
import math
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from catalogue.extract.pdf.geometry import Char, PageContent, VectorPath  # noqa: E402
from catalogue.extract.pdf.readers import PdfiumReader  # noqa: E402

OUT = HERE / "ofd"
PT_PER_MM = 72 / 25.4
PT_UNIT = 0.3528  # millimetres in a print driver's unit (its CTM)
RULE_THICKNESS = 0.5  # points: the filled rectangle that replaces a stroked ruling
ZIP_DATE = (2024, 1, 1, 0, 0, 0)
# A run of touching glyphs: the next starts where the last ends, to this (points).
TOUCH = 1e-4


@dataclass(frozen=True)
class Style:
    units: str = "mm"
    text: str = "line"
    rulings: str = "path"
    template: bool = False
    turned: bool = False
    docs: bool = False
    odd: bool = False


# twin name → (source PDF under samples/, style)
TWINS: dict[str, tuple[str, Style]] = {
    "district-catalogue-mm-line": ("pdf/district-catalogue.pdf", Style("mm", "line")),
    "district-catalogue-pt-char": ("pdf/district-catalogue.pdf", Style("pt", "char", "rect")),
    "district-catalogue-template": ("pdf/district-catalogue.pdf", Style("pt", "line", "rect", template=True)),
    "national-catalogue-pt-line": ("pdf/national-catalogue.pdf", Style("pt", "line")),
    "national-catalogue-mm-char": ("pdf/national-catalogue.pdf", Style("mm", "char", "rect")),
    "national-catalogue-docs": ("pdf/national-catalogue.pdf", Style("mm", "line", docs=True, odd=True)),
    "national-catalogue-turned": ("pdf/national-catalogue.pdf", Style("pt", "line", "rect", turned=True)),
    "district-text-sample": ("pdf/district-text-sample.pdf", Style("pt", "line", "rect")),
    "overlapping-marks": ("pdf/overlapping-marks.pdf", Style("mm", "char")),
    "table-ends": ("pdf/table-ends.pdf", Style("pt", "char", template=True)),
    "national-catalogue-outlines": ("pdf/national-catalogue.pdf", Style("mm", "outline")),
    "cut-label-span": ("pagebreaks/cut-label-span.pdf", Style("mm", "line", "rect")),
    "label-centred-across": ("pagebreaks/label-centred-across.pdf", Style("pt", "char")),
    "cut-label-words": ("pagebreaks/cut-label-words.pdf", Style("pt", "line")),
    "national-split-seq": ("pagebreaks/national-split-seq.pdf", Style("mm", "char", "rect")),
    "new-group-lower": ("pagebreaks/new-group-lower.pdf", Style("pt", "line")),
    "split-row-bare": ("pagebreaks/split-row-bare.pdf", Style("mm", "line", template=True)),
    "split-row-levels": ("pagebreaks/split-row-levels.pdf", Style("pt", "line", "rect", odd=True)),
    "word-split": ("office/word-split.pdf", Style("mm", "line")),
    "dA_span3": ("word/dA_span3.pdf", Style("pt", "char", "rect")),
    "dC_orient": ("word/dC_orient.pdf", Style("mm", "line")),
    "dD_hmerge": ("word/dD_hmerge.pdf", Style("pt", "line")),
}
SCAN_TWINS = {"national-catalogue-scan": "scans/national-catalogue-scan.pdf"}


def num(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


Affine = tuple[float, float, float, float, float, float]


def apply(t: Affine, x: float, y: float) -> tuple[float, float]:
    return t[0] * x + t[2] * y + t[4], t[1] * x + t[3] * y + t[5]


@dataclass
class PageOut:
    """One page being written: its area (mm) and its objects' XML."""

    width_mm: float
    height_mm: float
    to_mm: Affine  # display points → physical millimetres
    turn: Affine  # the rotation part of to_mm (no scale, no shift)
    body: list[str] = field(default_factory=list)
    top: list[str] = field(default_factory=list)  # for the template
    images: list[tuple[str, bytes]] = field(default_factory=list)


class Writer:
    def __init__(self, style: Style) -> None:
        self.style = style
        self.unit = PT_UNIT if style.units == "pt" else 1.0
        self.next_id = 100
        self.fonts: dict[str, int] = {}

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def font(self, name: str) -> int:
        if name not in self.fonts:
            self.fonts[name] = len(self.fonts) + 1
        return self.fonts[name]

    def page(self, width_pt: float, height_pt: float) -> PageOut:
        w, h = width_pt / PT_PER_MM, height_pt / PT_PER_MM
        s = 1 / PT_PER_MM
        if self.style.turned:
            # Printed a quarter turn clockwise on a portrait area: display (x, y) → (h - y, x).
            return PageOut(h, w, (0.0, s, -s, 0.0, h, 0.0), (0.0, 1.0, -1.0, 0.0, 0.0, 0.0))
        return PageOut(w, h, (s, 0.0, 0.0, s, 0.0, 0.0), (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))

    def frame(self, page: PageOut, points: list[tuple[float, float]]) -> tuple[str, str, Affine]:
        """Boundary and CTM attributes for an object covering `points` (display pt), and
        the map from display points to the object's own coordinates."""
        mm = [apply(page.to_mm, x, y) for x, y in points]
        bx, by = min(p[0] for p in mm), min(p[1] for p in mm)
        bw, bh = max(p[0] for p in mm) - bx, max(p[1] for p in mm) - by
        a, b, c, d, _, _ = page.turn
        u = self.unit
        ctm = (a * u, b * u, c * u, d * u, 0.0, 0.0)
        # own = turn⁻¹ (to_mm(p) - B) / unit; turn is orthogonal, so its inverse is its transpose.
        ta, tb, tc, td, te, tf = page.to_mm
        ia, ib, ic, id_ = a / u, c / u, b / u, d / u  # transpose, over the unit
        own = (ia * ta + ic * tb, ib * ta + id_ * tb, ia * tc + ic * td, ib * tc + id_ * td,
               ia * (te - bx) + ic * (tf - by), ib * (te - bx) + id_ * (tf - by))
        boundary = f'Boundary="{num(bx)} {num(by)} {num(max(bw, 0.001))} {num(max(bh, 0.001))}"'
        identity = ctm == (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        return boundary, "" if identity else f' CTM="{" ".join(num(v) for v in ctm)}"', own

    # ------------------------------------------------------------ text

    def text_run(self, page: PageOut, run: list[Char], out: list[str]) -> None:
        first, last = run[0], run[-1]
        size = first.size
        box = [(first.x0, first.baseline - size), (last.x1, first.baseline + 0.25 * size)]
        boundary, ctm, own = self.frame(page, box)
        xs = [apply(own, ch.x0, ch.baseline) for ch in run]
        deltas = [xs[k + 1][0] - xs[k][0] for k in range(len(xs) - 1)]
        delta = f' DeltaX="{compress(deltas)}"' if deltas else ""
        font = self.font(first.font)
        scale = math.sqrt(abs(own[0] * own[3] - own[1] * own[2]))  # display points → own units
        text = escape("".join(ch.text for ch in run))
        out.append(f'<ofd:TextObject ID="{self.new_id()}" {boundary}{ctm} Font="{font}" Size="{num(size * scale)}">'
                   f'<ofd:FillColor Value="0 0 0"/><ofd:TextCode X="{num(xs[0][0])}" Y="{num(xs[0][1])}"{delta}>'
                   f'{text}</ofd:TextCode></ofd:TextObject>')

    # ------------------------------------------------------------ paths

    def drawing(self, page: PageOut, path: VectorPath, out: list[str]) -> None:
        points = path.points
        if self.style.rulings == "rect" and is_rule(path):
            (ax, ay), (bx, by) = points
            half = RULE_THICKNESS / 2
            if abs(ay - by) < 0.01:
                y = ay
                points = [(min(ax, bx), y - half), (max(ax, bx), y - half), (max(ax, bx), y + half), (min(ax, bx), y + half)]
            else:
                x = ax
                points = [(x - half, min(ay, by)), (x + half, min(ay, by)), (x + half, max(ay, by)), (x - half, max(ay, by))]
            path = VectorPath(points, stroke=False, fill=True, closed=True, fill_gray=0.0)
        boundary, ctm, own = self.frame(page, points)
        mine = [apply(own, x, y) for x, y in points]
        ops = [f"M {num(mine[0][0])} {num(mine[0][1])}"]
        rest = mine[1:]
        if path.curved:
            while len(rest) >= 3:
                (x1, y1), (x2, y2), (x3, y3) = rest[:3]
                ops.append(f"B {num(x1)} {num(y1)} {num(x2)} {num(y2)} {num(x3)} {num(y3)}")
                rest = rest[3:]
        ops += [f"L {num(x)} {num(y)}" for x, y in rest]
        if path.closed:
            ops.append("C")
        grey = num(path.fill_gray * 255)
        fill = f'<ofd:FillColor Value="{grey} {grey} {grey}"/>' if path.fill else ""
        out.append(f'<ofd:PathObject ID="{self.new_id()}" {boundary}{ctm} LineWidth="0.25" '
                   f'Stroke="{str(path.stroke).lower()}" Fill="{str(path.fill).lower()}">{fill}'
                   f'<ofd:AbbreviatedData>{" ".join(ops)}</ofd:AbbreviatedData></ofd:PathObject>')


def outline(ch: Char) -> VectorPath:
    """A filled closed curve inside the glyph's box: the shape, not the letter, of a glyph
    a converter drew as an outline."""
    x0, x1, top, bottom = ch.x0, ch.x1, ch.baseline - 0.7 * ch.size, ch.baseline
    mx, my = (x0 + x1) / 2, (top + bottom) / 2
    points = [(x0, my), (x0, top), (mx, top), (x1, top), (x1, my), (x1, bottom), (mx, bottom), (x0, bottom), (x0, my)]
    return VectorPath(points, stroke=False, fill=True, closed=True, curved=True)


def is_rule(path: VectorPath) -> bool:
    if not path.stroke or path.fill or path.curved or len(path.points) != 2:
        return False
    (ax, ay), (bx, by) = path.points
    return abs(ay - by) < 0.01 or abs(ax - bx) < 0.01


def compress(values: list[float]) -> str:
    """DeltaX with runs of three or more equal values written "g N v"."""
    out: list[str] = []
    k = 0
    while k < len(values):
        text = num(values[k])
        j = k
        while j + 1 < len(values) and num(values[j + 1]) == text:
            j += 1
        count = j - k + 1
        out += [f"g {count} {text}"] if count >= 3 else [text] * count
        k = j + 1
    return " ".join(out)


def runs(chars: list[Char], per_char: bool) -> list[list[Char]]:
    """Touching glyphs of one font, size and baseline, in the reader's order."""
    out: list[list[Char]] = []
    for ch in chars:
        last = out[-1][-1] if out else None
        if (not per_char and last is not None and last.font == ch.font and last.size == ch.size
                and abs(last.baseline - ch.baseline) < TOUCH and abs(last.x1 - ch.x0) < TOUCH):
            out[-1].append(ch)
        else:
            out.append([ch])
    return out


def header_cut(content: PageContent) -> float:
    """The y under the page's top rows: its third horizontal ruling from the top."""
    ys = sorted({round(p.bbox[1], 1) for p in content.paths if p.bbox[3] - p.bbox[1] < 2.5 and p.bbox[2] - p.bbox[0] > 20})
    return ys[2] if len(ys) > 2 else 0.0


def write_pages(contents: list[PageContent], style: Style) -> tuple[Writer, list[PageOut]]:
    writer = Writer(style)
    pages = []
    for content in contents:
        page = writer.page(content.width, content.height)
        cut = header_cut(content) if style.template else 0.0
        for run in runs(content.chars, style.text != "line"):
            out = page.top if run[0].baseline < cut else page.body
            if style.text == "outline":
                writer.drawing(page, outline(run[0]), out)
            else:
                writer.text_run(page, run, out)
        for path in content.paths:
            x0, y0, x1, y1 = path.bbox
            writer.drawing(page, path, page.top if (y0 + y1) / 2 < cut else page.body)
        pages.append(page)
    return writer, pages


# ------------------------------------------------------------ the package

NS = "http://www.ofdspec.org/2016"


def package(writer: Writer, pages: list[PageOut], style: Style) -> bytes:
    members: dict[str, bytes] = {}
    prefix = "o" if style.odd else "ofd"
    groups = [[k] for k in range(len(pages))] if style.docs else [list(range(len(pages)))]
    doc_roots = []
    for d, group in enumerate(groups):
        doc = f"文档_{d}" if style.odd else f"Doc_{d}"
        doc_roots.append(f"/{doc}/Document.xml" if style.odd else f"{doc}/Document.xml")
        fonts = "".join(f'<ofd:Font ID="{fid}" FontName={quoteattr(name)}/>' for name, fid in writer.fonts.items())
        media = []
        page_refs, templates = [], []
        for k in group:
            page = pages[k]
            folder = f"页面\\页_{k}" if style.odd else f"Pages/Page_{k}"
            area = f"<ofd:Area><ofd:PhysicalBox>0 0 {num(page.width_mm)} {num(page.height_mm)}</ofd:PhysicalBox></ofd:Area>"
            uses = ""
            if page.top:
                tid = writer.new_id()
                tpl = f"Tpls/Tpl_{k}/Content.xml"
                templates.append(f'<ofd:TemplatePage ID="{tid}" BaseLoc="{tpl}" ZOrder="Background"/>')
                members[f"{doc}/{tpl}"] = xml(f"<ofd:Page>{area}<ofd:Content><ofd:Layer ID=\"{writer.new_id()}\">"
                                              f"{''.join(page.top)}</ofd:Layer></ofd:Content></ofd:Page>")
                uses = f'<ofd:Template TemplateID="{tid}" ZOrder="Background"/>'
            for name, data in page.images:
                media.append(name)
                members[f"{doc}/Res/{name}"] = data
            body = "".join(page.body)
            if style.odd:  # the second half of the objects in page blocks two deep
                half = len(page.body) // 2
                body = ("".join(page.body[:half]) + f'<ofd:PageBlock ID="{writer.new_id()}">'
                        f'<ofd:PageBlock ID="{writer.new_id()}">{"".join(page.body[half:])}</ofd:PageBlock></ofd:PageBlock>')
            members[f"{doc}/{folder.replace(chr(92), '/')}/Content.xml"] = xml(
                f"<ofd:Page>{uses}{area}<ofd:Content><ofd:Layer ID=\"{writer.new_id()}\">{body}"
                "</ofd:Layer></ofd:Content></ofd:Page>")
            loc = f"/{doc}/{folder}/Content.xml".replace("\\", "/") if style.odd and k % 2 else f"{folder}/Content.xml"
            page_refs.append(f'<ofd:Page ID="{writer.new_id()}" BaseLoc="{loc}"/>')
        first = pages[group[0]]
        multimedia = "".join(f'<ofd:MultiMedia ID="{1000 + j}" Type="Image" Format="PNG"><ofd:MediaFile>{name}'
                             "</ofd:MediaFile></ofd:MultiMedia>" for j, name in enumerate(media))
        members[f"{doc}/PublicRes.xml"] = xml(f'<ofd:Res BaseLoc="Res"><ofd:Fonts>{fonts}</ofd:Fonts></ofd:Res>')
        doc_res = ""
        if multimedia:
            members[f"{doc}/DocumentRes.xml"] = xml(f'<ofd:Res BaseLoc="Res"><ofd:MultiMedias>{multimedia}'
                                                    "</ofd:MultiMedias></ofd:Res>")
            doc_res = "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>"
        members[f"{doc}/Document.xml"] = xml(
            f"<ofd:Document><ofd:CommonData><ofd:MaxUnitID>{writer.next_id + 1}</ofd:MaxUnitID><ofd:PageArea>"
            f"<ofd:PhysicalBox>0 0 {num(first.width_mm)} {num(first.height_mm)}</ofd:PhysicalBox></ofd:PageArea>"
            f"<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>{doc_res}{''.join(templates)}</ofd:CommonData>"
            f"<ofd:Pages>{''.join(page_refs)}</ofd:Pages></ofd:Document>")
    bodies = "".join(f"<ofd:DocBody><ofd:DocInfo><ofd:DocID>{d:032x}</ofd:DocID><ofd:Creator>samples/generate_ofd.py"
                     f"</ofd:Creator></ofd:DocInfo><ofd:DocRoot>{root}</ofd:DocRoot></ofd:DocBody>"
                     for d, root in enumerate(doc_roots))
    members["OFD.xml"] = xml(f'<ofd:OFD Version="1.1" DocType="OFD">{bodies}</ofd:OFD>')
    if prefix != "ofd":
        members = {name: data.replace(b"ofd:", prefix.encode() + b":").replace(b"xmlns:ofd", b"xmlns:" + prefix.encode())
                   if name.endswith(".xml") else data for name, data in members.items()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ["OFD.xml", *sorted(n for n in members if n != "OFD.xml")]:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.flag_bits |= 0x800  # UTF-8 names
            archive.writestr(info, members[name])
    return buffer.getvalue()


def xml(body: str) -> bytes:
    """The part with its XML declaration, the namespace declared on its root element."""
    tag_end = body.index(">")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body[:tag_end] + f' xmlns:ofd="{NS}"'
            + body[tag_end:]).encode("utf-8")


def twin(pdf: Path, style: Style) -> bytes:
    reader = PdfiumReader(pdf, pdf.name, None)
    try:
        contents = [reader.read(n) for n in range(1, reader.page_count + 1)]
    finally:
        reader.close()
    writer, pages = write_pages(contents, style)
    return package(writer, pages, style)


def scan_twin(pdf: Path) -> bytes:
    """One PNG a page, placed over the whole page, from the scan PDF's page images."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    writer = Writer(Style("mm"))
    pages = []
    document = pdfium.PdfDocument(str(pdf))
    try:
        for index in range(len(document)):
            page = document[index]
            width, height = page.get_size()
            out = writer.page(width, height)
            for k, image in enumerate(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,))):
                picture = image.get_bitmap().to_pil()
                buffer = io.BytesIO()
                picture.save(buffer, "PNG", optimize=True)
                name = f"scan_{index}_{k}.png"
                out.images.append((name, buffer.getvalue()))
                left, bottom, right, top = image.get_bounds()
                x0, y0 = left / PT_PER_MM, (height - top) / PT_PER_MM
                w, h = (right - left) / PT_PER_MM, (top - bottom) / PT_PER_MM
                media_id = 1000 + sum(len(p.images) for p in pages) + k
                out.body.append(f'<ofd:ImageObject ID="{writer.new_id()}" Boundary="{num(x0)} {num(y0)} {num(w)} {num(h)}" '
                                f'CTM="{num(w)} 0 0 {num(h)} 0 0" ResourceID="{media_id}"/>')
            page.close()
            pages.append(out)
    finally:
        document.close()
    return package(writer, pages, Style("mm"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, (source, style) in TWINS.items():
        (args.out / f"{name}.ofd").write_bytes(twin(HERE / source, style))
    for name, source in SCAN_TWINS.items():
        (args.out / f"{name}.ofd").write_bytes(scan_twin(HERE / source))
    print(f"wrote {len(TWINS) + len(SCAN_TWINS)} OFD files to {args.out}")


if __name__ == "__main__":
    main()
