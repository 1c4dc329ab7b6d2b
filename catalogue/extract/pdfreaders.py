"""Two readers of PDF pages into the neutral PageContent of pdfgeometry.

`PdfiumReader` (pypdfium2, C++ parsing) is the fast path; `PlumberReader` (pdfplumber
on pdfminer.six) is the reference. Both give display coordinates (page rotation
applied, origin top-left), the same nominal char boxes and the same paths, so the
geometry that follows gives the same cells whichever reader ran.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections.abc import Callable
from pathlib import Path as FsPath
from typing import Protocol

from catalogue.errors import DamagedInput, EncryptedInput
from catalogue.extract.pdfgeometry import Char, PageContent, Path

GENERATED_CANDIDATES = frozenset("\x02\ufffe\ufffd")
PASSWORD_HINT = "this PDF is encrypted; pass --password"
CATALOG = re.compile(rb"(\d+)\s+0\s+obj\s*<<(?:(?!endobj).){0,600}?/Type\s*/Catalog", re.S)
OBJECT = re.compile(rb"(?m)^(\d+)\s+0\s+obj\b")


class PageReader(Protocol):
    page_count: int
    damaged: bool

    def page_size(self, number: int) -> tuple[float, float]: ...

    def read(self, number: int) -> PageContent: ...

    def close(self) -> None: ...


def _gray(color: object) -> float:
    """0 (black) … 1 (white) from a pdfminer colour tuple or number."""
    if color is None:
        return 0.0
    if isinstance(color, int | float):
        return float(color)
    values = [float(v) for v in color if isinstance(v, int | float)]  # type: ignore[attr-defined]
    if len(values) == 1:
        return values[0]
    if len(values) == 3:
        return sum(values) / 3
    if len(values) == 4:  # CMYK
        return 1.0 - min(1.0, sum(values[:3]) / 3 + values[3])
    return 0.0


# ---------------------------------------------------------------- pdfium

def display_transform(rotation: int, mediabox: tuple[float, float, float, float]) -> Callable[[float, float], tuple[float, float]]:
    """PDF user space → the page as displayed (upright, origin top left, y down)."""
    left, bottom, right, top = mediabox

    def to_display(x: float, y: float) -> tuple[float, float]:
        if rotation == 90:
            return y - bottom, x - left
        if rotation == 180:
            return right - x, y - bottom
        if rotation == 270:
            return top - y, right - x
        return x - left, top - y

    return to_display


class PdfiumReader:
    def __init__(self, path: FsPath | bytes, source: str, password: str | None) -> None:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw

        self._raw = raw
        self.source = source
        try:
            self.doc = pdfium.PdfDocument(path if isinstance(path, bytes) else str(path), password=password)
        except pdfium.PdfiumError as exc:
            code = getattr(exc, "err_code", None)
            if code == raw.FPDF_ERR_PASSWORD:
                if password:
                    raise EncryptedInput("wrong password for this encrypted PDF", source=source) from None
                raise EncryptedInput(PASSWORD_HINT, source=source) from None
            if code == raw.FPDF_ERR_SECURITY:
                raise EncryptedInput("unsupported encryption (security handler)", source=source) from None
            raise DamagedInput(f"not a readable PDF ({exc})", source=source) from None
        self.page_count = len(self.doc)
        self.damaged = isinstance(path, bytes) or not raw.FPDF_DocumentHasValidCrossReferenceTable(self.doc.raw)

    def page_size(self, number: int) -> tuple[float, float]:
        w, h = self.doc.get_page_size(number - 1)
        return float(w), float(h)

    def close(self) -> None:
        self.doc.close()

    def read(self, number: int) -> PageContent:
        page = self.doc[number - 1]
        try:
            rotation = page.get_rotation() % 360
            left, bottom, right, top = page.get_mediabox()
            width, height = right - left, top - bottom
            if rotation in (90, 270):
                width, height = height, width
            to_display = display_transform(rotation, (left, bottom, right, top))

            content = PageContent(number, width, height)
            content.chars = self._chars(page, to_display)
            images: list[float] = []
            self._objects(page, to_display, content.paths, images, None)
            content.image_cover = min(1.0, sum(images) / (width * height)) if width and height else 0.0
            return content
        finally:
            page.close()

    def _chars(self, page: object, to_display: object) -> list[Char]:
        raw = self._raw
        textpage = page.get_textpage()  # type: ignore[attr-defined]
        try:
            tp = textpage.raw
            n = raw.FPDFText_CountChars(tp)
            if n <= 0:
                return []
            buf = ctypes.create_string_buffer((n + 1) * 2)
            raw.FPDFText_GetText(tp, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
            text = buf.raw[: n * 2].decode("utf-16-le", errors="replace")
            if len(text) != n:  # surrogate pairs: fall back to one call per char
                text = "".join(chr(raw.FPDFText_GetUnicode(tp, i)) for i in range(n))
            x, y = ctypes.c_double(), ctypes.c_double()
            box = raw.FS_RECTF()
            matrix = raw.FS_MATRIX()
            fonts: dict[int | None, str] = {}
            name_buf = ctypes.create_string_buffer(256)
            chars: list[Char] = []
            display = to_display  # type: ignore[assignment]
            get_origin, get_box = raw.FPDFText_GetCharOrigin, raw.FPDFText_GetLooseCharBox
            get_matrix, get_size = raw.FPDFText_GetMatrix, raw.FPDFText_GetFontSize
            get_object, void_p = raw.FPDFText_GetTextObject, ctypes.c_void_p
            for i, ch in enumerate(text):
                if ch in GENERATED_CANDIDATES or not ch.strip():
                    # pdfium marks even real space glyphs as generated: spaces come
                    # from gaps instead (pdfgeometry.SPACE_GAP), in both readers.
                    continue
                get_origin(tp, i, x, y)
                get_box(tp, i, box)
                get_matrix(tp, i, matrix)
                scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c)) or 1.0
                size = get_size(tp, i) * scale
                obj = get_object(tp, i)
                key = ctypes.cast(obj, void_p).value
                font = fonts.get(key)
                if font is None:
                    handle = raw.FPDFTextObj_GetFont(obj)
                    got = raw.FPDFFont_GetBaseFontName(handle, name_buf, 256) if handle else 0
                    font = name_buf.value.decode("latin-1") if got else ""
                    fonts[key] = font
                ox, baseline = display(x.value, y.value)  # type: ignore[operator]
                # Rotations are quarter turns, so display x comes from one PDF axis only:
                # two opposite corners give the same extent as all four.
                ax, _ = display(box.left, box.bottom)  # type: ignore[operator]
                bx, _ = display(box.right, box.top)  # type: ignore[operator]
                x0, x1 = (ax, bx) if ax <= bx else (bx, ax)
                chars.append(Char(ch, max(x0, min(ox, x1)), x1, baseline, size, font))
            return chars
        finally:
            textpage.close()

    def _objects(self, holder: object, to_display: object, paths: list[Path], images: list[float],
                 form_matrix: tuple[float, ...] | None) -> None:
        raw = self._raw
        is_form = form_matrix is not None
        count = raw.FPDFFormObj_CountObjects(holder) if is_form else raw.FPDFPage_CountObjects(holder.raw)  # type: ignore[attr-defined]
        for k in range(count):
            obj = raw.FPDFFormObj_GetObject(holder, k) if is_form else raw.FPDFPage_GetObject(holder.raw, k)  # type: ignore[attr-defined]
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_PATH:
                self._path(obj, to_display, paths, form_matrix)
            elif kind == raw.FPDF_PAGEOBJ_IMAGE:
                lo_x, lo_y, hi_x, hi_y = (ctypes.c_float() for _ in range(4))
                if raw.FPDFPageObj_GetBounds(obj, lo_x, lo_y, hi_x, hi_y):
                    images.append(abs(hi_x.value - lo_x.value) * abs(hi_y.value - lo_y.value))
            elif kind == raw.FPDF_PAGEOBJ_FORM:
                m = raw.FS_MATRIX()
                raw.FPDFPageObj_GetMatrix(obj, m)
                own = (m.a, m.b, m.c, m.d, m.e, m.f)
                self._objects(obj, to_display, paths, images, _compose(own, form_matrix) if form_matrix else own)

    def _path(self, obj: object, to_display: object, paths: list[Path], form_matrix: tuple[float, ...] | None) -> None:
        raw = self._raw
        fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
        raw.FPDFPath_GetDrawMode(obj, fill_mode, stroke)
        fill = fill_mode.value != 0
        if not fill and not stroke.value:
            return
        gray = 0.0
        if fill:
            r, g, b, a = (ctypes.c_uint() for _ in range(4))
            if raw.FPDFPageObj_GetFillColor(obj, r, g, b, a):
                gray = (r.value + g.value + b.value) / 765
        m = raw.FS_MATRIX()
        raw.FPDFPageObj_GetMatrix(obj, m)
        matrix = (m.a, m.b, m.c, m.d, m.e, m.f)
        if form_matrix is not None:
            matrix = _compose(matrix, form_matrix)
        a_, b_, c_, d_, e_, f_ = matrix
        display = to_display
        x, y = ctypes.c_float(), ctypes.c_float()
        current: Path | None = None
        first_new = len(paths)
        for k in range(raw.FPDFPath_CountSegments(obj)):
            seg = raw.FPDFPath_GetPathSegment(obj, k)
            raw.FPDFPathSegment_GetPoint(seg, x, y)
            kind = raw.FPDFPathSegment_GetType(seg)
            px, py = display(a_ * x.value + c_ * y.value + e_, b_ * x.value + d_ * y.value + f_)  # type: ignore[operator]
            if kind == raw.FPDF_SEGMENT_MOVETO or current is None:
                current = Path([(px, py)], stroke=bool(stroke.value), fill=fill, fill_gray=gray)
                paths.append(current)
            else:
                current.points.append((px, py))
                if kind == raw.FPDF_SEGMENT_BEZIERTO:
                    current.curved = True
            if raw.FPDFPathSegment_GetClose(seg):
                current.closed = True
        # Only this object's subpaths: the earlier ones were trimmed when they were read
        # (trimming the whole page's list per object was quadratic in the page's paths).
        _drop_closing_points(paths[first_new:])


def _drop_closing_points(paths: list[Path]) -> None:
    for p in paths:
        if p.closed and len(p.points) > 2 and abs(p.points[0][0] - p.points[-1][0]) < 0.01 and abs(p.points[0][1] - p.points[-1][1]) < 0.01:
            p.points.pop()


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


# ---------------------------------------------------------------- pdfplumber

class PlumberReader:
    def __init__(self, path: FsPath, source: str, password: str | None) -> None:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
        from pdfplumber.utils.exceptions import PdfminerException

        self.source = source
        try:
            self.pdf = pdfplumber.open(str(path), password=password or "")
            self.pages = self.pdf.pages
        except PdfminerException as exc:
            cause = exc.args[0] if exc.args else exc
            if isinstance(cause, PDFPasswordIncorrect):
                if password:
                    raise EncryptedInput("wrong password for this encrypted PDF", source=source) from None
                raise EncryptedInput(PASSWORD_HINT, source=source) from None
            raise DamagedInput(f"not a readable PDF ({cause!r})", source=source) from None
        self.page_count = len(self.pages)
        self.damaged = False

    def page_size(self, number: int) -> tuple[float, float]:
        page = self.pages[number - 1]
        w, h = float(page.width), float(page.height)
        return (h, w) if page.rotation in (90, 270) else (w, h)

    def close(self) -> None:
        self.pdf.close()

    def read(self, number: int) -> PageContent:
        page = self.pages[number - 1]
        try:
            width, height = self.page_size(number)
            content = PageContent(number, width, height)
            # pdfplumber keeps the unrotated page height; its chars are already upright.
            ref_height = float(page.height)
            for c in page.chars:
                if not c["text"].strip():
                    continue  # spaces come from gaps, as with pdfium
                content.chars.append(Char(c["text"], c["x0"], c["x1"], ref_height - c["matrix"][5], c["size"], c["fontname"]))
            for obj in page.objects.get("rect", []):
                pts = [(obj["x0"], obj["top"]), (obj["x1"], obj["top"]), (obj["x1"], obj["bottom"]), (obj["x0"], obj["bottom"])]
                content.paths.append(Path(pts, bool(obj.get("stroke")), bool(obj.get("fill")), closed=True,
                                          fill_gray=_gray(obj.get("non_stroking_color"))))
            for kind in ("line", "curve"):
                for obj in page.objects.get(kind, []):
                    content.paths.extend(_plumber_paths(obj))
            area = sum(abs(i["x1"] - i["x0"]) * abs(i["bottom"] - i["top"]) for i in page.images)
            content.image_cover = min(1.0, area / (width * height)) if width and height else 0.0
            return content
        finally:
            page.close()


def _plumber_paths(obj: dict[str, object]) -> list[Path]:
    stroke, fill = bool(obj.get("stroke")), bool(obj.get("fill"))
    gray = _gray(obj.get("non_stroking_color"))
    commands = obj.get("path")
    out: list[Path] = []
    if not commands:
        pts = [(float(p[0]), float(p[1])) for p in obj.get("pts", [])]  # type: ignore[attr-defined]
        return [Path(pts, stroke, fill, fill_gray=gray)] if pts else []
    current: Path | None = None
    # "path" gives the operators, "pts" the top-down end point of each ("h" has none).
    pts_iter = iter([(float(p[0]), float(p[1])) for p in obj.get("pts", [])])  # type: ignore[attr-defined]
    for command in commands:  # type: ignore[attr-defined]
        op = command[0]
        if op == "h":
            if current is not None:
                current.closed = True
            continue
        point = next(pts_iter, None)
        if point is None:
            break
        if op == "m" or current is None:
            current = Path([point], stroke, fill, fill_gray=gray)
            out.append(current)
        else:
            current.points.append(point)
            if op == "c":
                current.curved = True
    _drop_closing_points(out)
    return out


READERS = {"pdfium": PdfiumReader, "pdfplumber": PlumberReader}


def with_trailer(path: FsPath) -> bytes | None:
    """A truncated file keeps its objects but loses the trailer that names the catalogue:
    add one, so that pdfium can rebuild the cross-reference table by scanning."""
    data = path.read_bytes()
    catalog = None
    for match in CATALOG.finditer(data):
        catalog = int(match.group(1))
    numbers = [int(n) for n in OBJECT.findall(data)]
    if catalog is None or not numbers:
        return None
    tail = b"\nendstream\nendobj\ntrailer\n<< /Root %d 0 R /Size %d >>\n%%%%EOF\n" % (catalog, max(numbers) + 1)
    return data + tail
