"""Two readers of PDF pages into the neutral PageContent of geometry.

`PdfiumReader` (pypdfium2, C++ parsing) is the fast path; `PlumberReader` (pdfplumber
on pdfminer.six) is the reference. Both give display coordinates (page rotation
applied, origin top-left), the same nominal char boxes and the same paths, so the
geometry that follows gives the same cells whichever reader ran.
"""

from __future__ import annotations

import ctypes
import functools
import io
import math
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from catalogue.errors import DamagedInput, EncryptedInput
from catalogue.extract import pdfium_fonts
from catalogue.extract.pdf.geometry import (
    Char,
    PageContent,
    Picture,
    VectorPath,
    quarter_turn,
    slanted,
    text_turn,
    turn_frame,
)
from catalogue.extract.pdf.lean import Handle, calls
from catalogue.extract.pictures import (
    MARK_MAX_BYTES,
    MAX_PAGE_PICTURES,
    is_mark_sized,
    kind_of,
    large_kind,
)
from catalogue.extract.symbol_fonts import SUBSET_PREFIX

GENERATED_CANDIDATES = frozenset("\x02\ufffe\ufffd")
STANDARD_FONTS = frozenset({
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
    "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
    "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats",
})
PASSWORD_HINT = "this PDF is encrypted; pass --password"
if TYPE_CHECKING:
    from pdfminer.layout import LTChar, LTComponent
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfplumber.page import Page as PlumberPage
    from pypdfium2 import PdfTextPage

# Page coordinates to display coordinates (display_transform).
ToDisplay = Callable[[float, float], tuple[float, float]]
CATALOG = re.compile(rb"(\d+)\s+0\s+obj\s*<<(?:(?!endobj).){0,600}?/Type\s*/Catalog", re.S)
OBJECT = re.compile(rb"(?m)^(\d+)\s+0\s+obj\b")


# How far from a PDF's end its last end-of-file marker may be: a line end or a few bytes a
# tool pads with; a download cut short has none there.
EOF_WINDOW = 1024


def ends_whole(path: Path | str) -> bool:
    """Whether the file ends as a PDF ends, with %%EOF (a download cut short does not)."""
    try:
        with open(path, "rb") as handle:
            handle.seek(max(0, os.fstat(handle.fileno()).st_size - EOF_WINDOW))
            return b"%%EOF" in handle.read()
    except OSError:
        return False


class PdfReader(Protocol):
    """Reads a PDF's pages into chars and paths: pdfium or pdfplumber (READERS); camelot wraps one."""

    page_count: int
    damaged: bool
    # Damaged only in that its cross-reference table does not match its objects (a tool
    # wrote the file over without updating it), the file ending whole: the table was
    # rebuilt from the objects, and nothing says anything is lost.
    xref_rebuilt: bool

    def page_size(self, number: int) -> tuple[float, float]: ...

    def read(self, number: int) -> PageContent: ...

    def close(self) -> None: ...


def _gray(color: float | Iterable[object] | None) -> float:
    """0 (black) … 1 (white) from a pdfminer colour tuple or number (a pattern's name,
    or a tuple with one, gives only the numbers it holds)."""
    if color is None:
        return 0.0
    if isinstance(color, int | float):
        return float(color)
    values = [float(v) for v in color if isinstance(v, int | float)]
    if len(values) == 1:
        return values[0]
    if len(values) == 3:
        return sum(values) / 3
    if len(values) == 4:  # CMYK
        return 1.0 - min(1.0, sum(values[:3]) / 3 + values[3])
    return 0.0


# ---------------------------------------------------------------- pdfium

def display_transform(rotation: int, mediabox: tuple[float, float, float, float]) -> ToDisplay:
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


def display_size(rotation: int, mediabox: tuple[float, float, float, float]) -> tuple[float, float]:
    """The width and height of the page as displayed: a quarter turn swaps them."""
    left, bottom, right, top = mediabox
    return (top - bottom, right - left) if rotation in (90, 270) else (right - left, top - bottom)


# Characters whose matrices say which way the page's text runs, spread over the page:
# enough that the share TURN_MAJORITY asks is measured to a few per cent, few beside
# the three to six calls a character that reading the page makes.
TURN_SAMPLES = 200


def turned(to_display: ToDisplay, turn: int, width: float, height: float) -> tuple[ToDisplay, float, float]:
    """`to_display` followed by the turn that makes text turned by `turn` read left to
    right (geometry.turn_frame), and the turned page's width and height."""
    to_frame, frame_width, frame_height = turn_frame(turn, width, height)

    def to_turned(x: float, y: float) -> tuple[float, float]:
        return to_frame(*to_display(x, y))

    return to_turned, frame_width, frame_height


class PdfiumReader:
    def __init__(self, path: Path | bytes, source: str, password: str | None) -> None:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw

        pdfium_fonts.install()
        self._raw = raw
        self.source = source
        self.data = path  # what was opened: the file, or its bytes with a rebuilt trailer
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
            if code == raw.FPDF_ERR_SUCCESS:  # pdfium found no fault, yet no document: it says "Success"
                raise DamagedInput("not a readable PDF (PDFium finds no document in it: a file with no pages, "
                                   "or a page tree it cannot follow)", source=source) from None
            raise DamagedInput(f"not a readable PDF ({exc})", source=source) from None
        self.page_count = len(self.doc)
        self.damaged = isinstance(path, bytes) or not raw.FPDF_DocumentHasValidCrossReferenceTable(self.doc.raw)
        self.xref_rebuilt = self.damaged and not isinstance(path, bytes) and ends_whole(path)
        self._pdfium = calls()
        # ctypes out-parameters made once per reader (a page has hundreds of paths), and
        # the references the lean calls take (lean.py).
        self._path_buffers = (ctypes.c_int(), ctypes.c_int(), *(ctypes.c_uint() for _ in range(4)), raw.FS_MATRIX(),
                              ctypes.c_float(), ctypes.c_float())
        self._path_refs = tuple(ctypes.byref(b) for b in self._path_buffers)

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
            width, height = display_size(rotation, (left, bottom, right, top))
            to_display = display_transform(rotation, (left, bottom, right, top))
            upright = (left, top) if rotation == 0 else None

            textpage = page.get_textpage()
            try:
                turn = self._turn(textpage, to_display)
                if turn:
                    to_display, width, height = turned(to_display, turn, width, height)
                    upright = None
                content = PageContent(number, width, height, turn=turn)
                images: list[float] = []
                text = _TextFacts(textpage.raw)
                self._objects(page.raw, to_display, content.paths, images, None, text, upright, content.pictures)
                # Reading the characters is also how the fonts of the objects that own
                # characters become known (text.unembedded); text.finish notes the others'.
                content.chars = self._chars(textpage, to_display, text, upright)
                content.image_cover = min(1.0, sum(images) / (width * height)) if width and height else 0.0
                content.unembedded_fonts = tuple(sorted(text.unembedded))
                content.text_objects, content.silent_text_objects = text.objects, text.silent
                content.hidden_chars = text.hidden_chars
                if images:
                    content.shown_text_objects = text.shown_over(images)
            finally:
                textpage.close()
            return content
        finally:
            page.close()

    def _turn(self, textpage: PdfTextPage, to_display: ToDisplay) -> int:
        """The quarter turn most of the page's text runs at as displayed (geometry.text_turn),
        from the matrices of up to TURN_SAMPLES characters spread over the page."""
        tp = textpage.raw
        n = max(0, self._raw.FPDFText_CountChars(tp))
        if not n:
            return 0
        matrix = self._raw.FS_MATRIX()
        matrix_ref = ctypes.byref(matrix)
        ox, oy = to_display(0.0, 0.0)
        turns = []
        raw = self._raw
        for i in range(0, n, max(1, n // TURN_SAMPLES)):
            # Spaces and line ends pdfium makes up carry no matrix of the text's own.
            if raw.FPDFText_IsGenerated(tp, i) == 1 or chr(raw.FPDFText_GetUnicode(tp, i)).isspace():
                continue
            if not self._pdfium.char_matrix(tp, i, matrix_ref):
                continue
            dx, dy = to_display(matrix.a, matrix.b)
            turns.append(quarter_turn(dx - ox, dy - oy))
        return text_turn(turns)

    def _chars(self, textpage: PdfTextPage, to_display: ToDisplay, facts: _TextFacts,
               upright: tuple[float, float] | None = None) -> list[Char]:
        """The page's characters; `upright`: the mediabox's left and top where the page
        is not rotated (display coordinates are then a shift of the PDF's). Ends with
        facts.finish, given the text objects that own a character."""
        raw = self._raw
        tp = textpage.raw
        left, top = upright or (0.0, 0.0)
        n = max(0, raw.FPDFText_CountChars(tp))
        owned: set[int] = set()  # the addresses of the text objects that own a character
        if n <= 0:
            facts.finish(owned)
            return []
        buf = ctypes.create_string_buffer((n + 1) * 2)
        raw.FPDFText_GetText(tp, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
        text = buf.raw[: n * 2].decode("utf-16-le", errors="replace")
        if len(text) != n:  # surrogate pairs: fall back to one call per char
            text = "".join(chr(raw.FPDFText_GetUnicode(tp, i)) for i in range(n))
        x, y = ctypes.c_double(), ctypes.c_double()
        box = raw.FS_RECTF()
        matrix = raw.FS_MATRIX()
        x_ref, y_ref, box_ref, matrix_ref = ctypes.byref(x), ctypes.byref(y), ctypes.byref(box), ctypes.byref(matrix)
        # By text object (pdfium gives every character its object's font, size and matrix,
        # so they are asked once): the font, the size times the scale of the matrix, and
        # for a font that is not embedded, the font and the advance of one unit of width.
        # The font is asked for every object that owns a character, spaces too: that is
        # how `facts` learns the fonts of those objects; the size and matrix only for
        # the characters kept.
        styles: dict[int, tuple[str, float, tuple[object, int, float, float, float] | None, bool, bool]] = {}
        ems: dict[tuple[int, str], float | None] = {}
        width = ctypes.c_float()
        width_ref, unit = ctypes.byref(width), ctypes.c_float(1.0)
        chars: list[Char] = []
        display = to_display
        pdfium = self._pdfium
        get_object, get_origin, get_box = pdfium.char_object, pdfium.char_origin, pdfium.char_box
        get_matrix, get_size, get_font = pdfium.char_matrix, pdfium.char_size, pdfium.text_font
        render_mode = pdfium.text_render_mode
        fonts = facts.fonts
        unseen: list[Char] = []  # characters of text objects drawn invisibly (render mode 3 or 7)
        for i, ch in enumerate(text):
            obj = get_object(tp, i)
            key = obj.value  # None where pdfium generated the character
            if ch in GENERATED_CANDIDATES or ch.isspace():  # (ch is one code point)
                # pdfium marks even real space glyphs as generated: spaces come
                # from gaps instead (geometry.SPACE_GAP), in both readers.
                if key is not None and key not in owned:
                    owned.add(key)
                    handle = get_font(obj)
                    if handle.value is not None:
                        facts.font(handle, handle.value)
                continue
            style = styles.get(key) if key is not None else None
            if style is None:
                get_matrix(tp, i, matrix_ref)
                ma, mb, mc, md = matrix.a, matrix.b, matrix.c, matrix.d
                scale = math.sqrt(abs(ma * md - mb * mc)) or 1.0
                # A character pdfium generated has no object, hence no font to note.
                handle = get_font(obj) if key is not None else None
                font_key = handle.value if handle is not None else None
                if font_key is None:
                    name, unembedded = "", False
                else:
                    noted = fonts.get(font_key)
                    name, unembedded = noted if noted is not None else facts.font(handle, font_key)
                tf = get_size(tp, i)
                advance = (handle, font_key, tf, ma, mb) if unembedded and font_key is not None else None
                # slanted(), which answers at once for text along an axis (nearly all)
                style = (name, tf * scale, advance, slanted(ma, mb) if ma and mb else not ma and not mb,
                         key is not None and render_mode(obj) in INVISIBLE_RENDER_MODES)
                if key is not None:
                    styles[key] = style
                    owned.add(key)
            font, size, advance, aslant, invisible = style
            if aslant:
                continue
            get_origin(tp, i, x_ref, y_ref)
            px, py = x.value, y.value
            # An upright page (most) is shifted, not turned: display() done inline.
            ox, baseline = (px - left, top - py) if upright else display(px, py)
            ends = None
            if advance is not None:
                # A font that is not embedded has the stand-in's glyph (pdfium_fonts), whose
                # box is an em wide: the character ends where its width in the PDF says.
                handle, font_key, tf, ma, mb = advance
                known = (font_key, ch)
                if known not in ems:  # the width at size 1: in ems
                    ems[known] = width.value if pdfium.glyph_width(handle, ord(ch), unit, width_ref) else None
                em = ems[known]
                if em is not None:
                    w = em * tf
                    ex = px + w * ma - left if upright else display(px + w * ma, py + w * mb)[0]
                    if abs(ex - ox) > 0:  # the advance runs along the displayed line
                        ends = (ox, ex)
            if ends is not None:
                ax, bx = ends
            else:
                get_box(tp, i, box_ref)
                if upright:
                    ax, bx = box.left - left, box.right - left
                else:
                    # Rotations are quarter turns, so display x comes from one PDF axis
                    # only: two opposite corners give the same extent as all four.
                    ax, _ = display(box.left, box.bottom)
                    bx, _ = display(box.right, box.top)
            x0, x1 = (ax, bx) if ax <= bx else (bx, ax)
            # max(x0, min(ox, x1)), as min and max pick between equal values
            start = x1 if x1 < ox else ox
            (unseen if invisible else chars).append(Char(ch, start if start > x0 else x0, x1, baseline, size, font))
        facts.finish(owned)
        # Text drawn invisibly is a scanner's layer over its picture where it is most of the
        # page's text, a visible title or page number beside it (the scan rules read or
        # pass over it); where the visible text is most of it, the invisible is what nobody
        # sees in print: a hidden note, anti-copy text inside the cells.
        if unseen and len(unseen) < len(chars):
            facts.hidden_chars = len(unseen)
            return chars
        return chars + unseen

    def _objects(self, holder: object, to_display: ToDisplay, paths: list[VectorPath], images: list[float],
                 form_matrix: tuple[float, ...] | None, text: _TextFacts, upright: tuple[float, float] | None,
                 pictures: list[Picture]) -> None:
        """The paths, images and text objects of `holder`: a page (pdfium's FPDF_PAGE)
        where `form_matrix` is None, else a form object; images of a mark's size also
        as `pictures`."""
        raw, pdfium = self._raw, self._pdfium
        is_form = form_matrix is not None
        if is_form:
            objects = [pdfium.form_object(holder, ctypes.c_ulong(k)) for k in range(pdfium.form_count(holder))]
        else:
            get_object = pdfium.page_object
            objects = [get_object(holder, k) for k in range(raw.FPDFPage_CountObjects(holder))]
        get_type, path_kind, text_kind = pdfium.object_type, raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_TEXT
        text_objects = text.text_objects
        for obj in objects:
            kind = get_type(obj)
            if kind == path_kind:
                self._path(obj, to_display, paths, form_matrix, upright)
            elif kind == text_kind:
                text_objects.append(obj)
            elif kind == raw.FPDF_PAGEOBJ_IMAGE:
                lo_x, lo_y, hi_x, hi_y = (ctypes.c_float() for _ in range(4))
                if pdfium.object_bounds(obj, *(ctypes.byref(v) for v in (lo_x, lo_y, hi_x, hi_y))):
                    images.append(abs(hi_x.value - lo_x.value) * abs(hi_y.value - lo_y.value))
                    text.texts_before_image.append(len(text_objects))
                    if len(pictures) > MAX_PAGE_PICTURES:
                        continue  # already too many to be marks: the page is too complex (stream._page)
                    picture = self._picture(obj, to_display, form_matrix)
                    if picture is not None:
                        pictures.append(picture)
            elif kind == raw.FPDF_PAGEOBJ_FORM:
                m = raw.FS_MATRIX()
                pdfium.object_matrix(obj, ctypes.byref(m))
                own = (m.a, m.b, m.c, m.d, m.e, m.f)
                self._objects(obj, to_display, paths, images, _compose(own, form_matrix) if form_matrix else own, text, upright,
                              pictures)

    def _picture(self, obj: object, to_display: ToDisplay, form_matrix: tuple[float, ...] | None) -> Picture | None:
        """An image object as a Picture where it is of a mark's size: its unit square
        placed by its matrix (and the form's), on the page as displayed."""
        pdfium = self._pdfium
        m = self._raw.FS_MATRIX()
        pdfium.object_matrix(obj, ctypes.byref(m))
        matrix: tuple[float, ...] = (m.a, m.b, m.c, m.d, m.e, m.f)
        if form_matrix is not None:
            matrix = _compose(matrix, form_matrix)
        a, b, c, d, e, f = matrix
        corners = [to_display(a * u + c * v + e, b * u + d * v + f) for u, v in ((0, 0), (1, 0), (0, 1), (1, 1))]
        xs, ys = [p[0] for p in corners], [p[1] for p in corners]
        if not is_mark_sized(max(xs) - min(xs), max(ys) - min(ys)):
            return None
        box = (min(xs), min(ys), max(xs), max(ys))
        size = pdfium.image_data(obj, None, ctypes.c_ulong(0))
        if size > MARK_MAX_BYTES:
            return Picture(box, large_kind(size))
        buffer = ctypes.create_string_buffer(size)
        pdfium.image_data(obj, buffer, ctypes.c_ulong(size))
        return Picture(box, kind_of(buffer.raw))

    def _path(self, obj: object, to_display: ToDisplay, paths: list[VectorPath], form_matrix: tuple[float, ...] | None,
              upright: tuple[float, float] | None) -> None:
        """The subpaths of a path object; `upright`: as in _chars."""
        raw, pdfium = self._raw, self._pdfium
        fill_mode, stroke, r, g, b, a, m, x, y = self._path_buffers
        fill_mode_ref, stroke_ref, r_ref, g_ref, b_ref, a_ref, m_ref, x_ref, y_ref = self._path_refs
        pdfium.draw_mode(obj, fill_mode_ref, stroke_ref)
        fill = fill_mode.value != 0
        if not fill and not stroke.value:
            return
        gray = 0.0
        if fill and pdfium.fill_color(obj, r_ref, g_ref, b_ref, a_ref):
            gray = (r.value + g.value + b.value) / 765
        pdfium.object_matrix(obj, m_ref)
        matrix: tuple[float, ...] = (m.a, m.b, m.c, m.d, m.e, m.f)
        if form_matrix is not None:
            matrix = _compose(matrix, form_matrix)
        a_, b_, c_, d_, e_, f_ = matrix
        display = to_display
        left, top = upright or (0.0, 0.0)
        stroked = bool(stroke.value)
        get_segment, get_point = pdfium.segment, pdfium.segment_point
        get_kind, get_close = pdfium.segment_type, pdfium.segment_close
        move_to, bezier_to = raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_BEZIERTO
        current: VectorPath | None = None
        first_new = len(paths)
        closed = False
        for k in range(pdfium.segment_count(obj)):
            seg = get_segment(obj, k)
            get_point(seg, x_ref, y_ref)
            # The first segment starts a subpath whatever its kind, so its kind is not asked.
            kind = get_kind(seg) if current is not None else move_to
            sx, sy = x.value, y.value
            ux, uy = a_ * sx + c_ * sy + e_, b_ * sx + d_ * sy + f_
            px, py = (ux - left, top - uy) if upright else display(ux, uy)
            if kind == move_to or current is None:
                current = VectorPath([(px, py)], stroke=stroked, fill=fill, fill_gray=gray)
                paths.append(current)
            else:
                current.points.append((px, py))
                if kind == bezier_to:
                    current.curved = True
            if get_close(seg):
                current.closed = closed = True
        # Only this object's subpaths: the earlier ones were trimmed when they were read
        # (trimming the whole page's list per object was quadratic in the page's paths).
        if closed:
            drop_closing_points(paths[first_new:])


# Text render modes that paint no glyph (PDF 32000 9.3.6): 3 draws nothing, 7 only adds
# the glyphs to the clipping path.
INVISIBLE_RENDER_MODES = (3, 7)


class _TextFacts:
    """What a page's text objects say about how far pdfium's text can be trusted."""

    def __init__(self, textpage: object) -> None:
        self._pdfium = calls()
        self._textpage = textpage
        self.fonts: dict[int | None, tuple[str, bool]] = {}  # font → its name, and whether it is unembedded
        self._name = ctypes.create_string_buffer(256)
        self.unembedded: set[str] = set()
        self.silent = 0
        self._bounds = tuple(ctypes.c_float() for _ in range(4))
        self._bounds_refs = tuple(ctypes.byref(v) for v in self._bounds)
        self.text_objects: list[Handle] = []  # the page's, as the reader meets them (forms' too)
        # For each image of the page, in drawing order (the areas the reader lists), the
        # text objects drawn before it: noted per image, not per text object (thousands a page).
        self.texts_before_image: list[int] = []
        self.hidden_chars = 0  # characters drawn invisibly beside visible text, left out

    def shown_over(self, images: list[float]) -> int:
        """The text objects drawn to be seen over the largest of the page's images (areas
        in drawing order): after it, and in a render mode that paints the glyphs (not 3,
        invisible, nor 7, a clip only: how a scanner lays its recognised text over a scan)."""
        largest = max(range(len(images)), key=images.__getitem__)
        mode = self._pdfium.text_render_mode
        return sum(1 for obj in self.text_objects[self.texts_before_image[largest]:] if mode(obj) not in INVISIBLE_RENDER_MODES)

    @property
    def objects(self) -> int:
        return len(self.text_objects)

    def font(self, handle: object, key: int | None) -> tuple[str, bool]:
        """A text object's font (a lean.Handle; `key`: its address, None for NULL): its
        name, and whether it is neither embedded nor standard (noted in `unembedded`)."""
        known = self.fonts.get(key)
        if known is None:
            pdfium = self._pdfium
            got = pdfium.font_name(handle, self._name, ctypes.c_ulong(len(self._name))) if key is not None else 0
            name = self._name.value.decode("latin-1") if got else ""
            embedded = key is not None and bool(pdfium.font_embedded(handle))
            known = self.fonts[key] = (name, not embedded and not is_standard_font(name))
            if known[1]:
                self.unembedded.add(name)
        return known

    def finish(self, owners: set[int]) -> None:
        """Note the fonts of the text objects that own no character of the text page (the
        reader notes the others' as it reads their characters), and count the silent
        ones: the owners decode to text, and asking pdfium for the text of every object
        (it searches the page's characters each time) was quadratic in a page's objects."""
        pdfium = self._pdfium
        for obj in self.text_objects:
            if obj.value in owners:
                continue
            handle = pdfium.text_font(obj)
            self.font(handle, handle.value)
            # An object that draws nothing (no glyph, or only spaces) has empty bounds: most
            # of those that own no character, so the bounds are asked first. Then the length
            # in bytes of the decoded text with its terminating NUL: 2 is nothing.
            left, bottom, right, top = self._bounds
            if (pdfium.object_bounds(obj, *self._bounds_refs) and right.value > left.value and top.value > bottom.value
                    and pdfium.object_text(obj, self._textpage, None, ctypes.c_ulong(0)) <= 2):
                self.silent += 1


def is_standard_font(name: str) -> bool:
    """One of the 14 fonts every PDF reader carries (their metrics and encodings are
    fixed by the standard, so reading them never depends on the machine's fonts)."""
    base = SUBSET_PREFIX.sub("", name).split(",")[0]
    return base in STANDARD_FONTS


def drop_closing_points(paths: list[VectorPath]) -> None:
    for p in paths:
        if p.closed and len(p.points) > 2 and abs(p.points[0][0] - p.points[-1][0]) < 0.01 and abs(p.points[0][1] - p.points[-1][1]) < 0.01:
            p.points.pop()


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


# ---------------------------------------------------------------- pdfplumber

class PlumberReader:
    def __init__(self, path: Path | bytes, source: str, password: str | None) -> None:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
        from pdfplumber.utils.exceptions import PdfminerException

        self.source = source
        try:
            self.pdf = pdfplumber.open(io.BytesIO(path) if isinstance(path, bytes) else str(path), password=password or "")
            self.pages = self.pdf.pages
        except PdfminerException as exc:
            cause = exc.args[0] if exc.args else exc
            if isinstance(cause, PDFPasswordIncorrect):
                if password:
                    raise EncryptedInput("wrong password for this encrypted PDF", source=source) from None
                raise EncryptedInput(PASSWORD_HINT, source=source) from None
            raise DamagedInput(f"not a readable PDF ({cause!r})", source=source) from None
        self.page_count = len(self.pages)
        self.damaged = self.xref_rebuilt = False

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
            # The characters as read_chars takes them (page.chars, less text drawn
            # invisibly beside visible text, which pdfplumber's dictionaries do not tell).
            content.chars, content.hidden_chars = self._drawn_chars(number)
            for obj in page.objects.get("rect", []):
                pts = [(obj["x0"], obj["top"]), (obj["x1"], obj["top"]), (obj["x1"], obj["bottom"]), (obj["x0"], obj["bottom"])]
                content.paths.append(VectorPath(pts, bool(obj.get("stroke")), bool(obj.get("fill")), closed=True,
                                          fill_gray=_gray(obj.get("non_stroking_color"))))
            for kind in ("line", "curve"):
                for obj in page.objects.get(kind, []):
                    content.paths.extend(_plumber_paths(obj))
            area = sum(abs(i["x1"] - i["x0"]) * abs(i["bottom"] - i["top"]) for i in page.images)
            for image in page.images:
                if len(content.pictures) > MAX_PAGE_PICTURES:
                    break  # too many to be marks, as in PdfiumPages._objects
                if is_mark_sized(abs(image["x1"] - image["x0"]), abs(image["bottom"] - image["top"])):
                    data = image["stream"].get_rawdata() or b""
                    kind = kind_of(data) if len(data) <= MARK_MAX_BYTES else large_kind(len(data))
                    content.pictures.append(Picture((image["x0"], image["top"], image["x1"], image["bottom"]), kind))
            content.image_cover = min(1.0, area / (width * height)) if width and height else 0.0
            return content
        finally:
            page.close()

    def read_chars(self, number: int, turn: int = 0) -> list[Char]:
        """Only the characters of a page: what the pdfium reader takes from pdfminer for
        fonts it cannot decode the same way on every machine.

        The same characters as pdfplumber's `page.chars` (tests/test_page_split.py), from
        pdfminer's interpreter without pdfplumber's dictionaries of every object and
        without building the page's paths, which pdfium has read already."""
        return self._drawn_chars(number, turn)[0]

    def _drawn_chars(self, number: int, turn: int = 0) -> tuple[list[Char], int]:
        """read_chars's characters, and how many drawn invisibly beside visible text
        were left out."""
        from pdfminer.pdfinterp import PDFPageInterpreter
        from pdfplumber.utils.exceptions import PdfminerException

        page = self.pages[number - 1]
        device = _char_device()(self.pdf.rsrcmgr, page.page_number)
        try:
            PDFPageInterpreter(self.pdf.rsrcmgr, device).process_page(page.page_obj)
        except Exception as exc:  # as pdfplumber wraps it, so a page note reads the same
            raise PdfminerException(exc) from exc
        mb_x0 = page.mediabox[0]  # pdfplumber's shift of pdfminer's x, made only when not 0
        height = float(page.height)
        shown = [c for c, unseen in zip(device.chars, device.unseen, strict=True) if not unseen and c._text.strip()]
        hidden = sum(device.unseen)
        # As PdfiumReader._chars: text drawn invisibly is left out where the visible is most.
        left_out = hidden if hidden and hidden < len(shown) else 0
        drawn = shown if left_out else device.chars
        kept = [c for c in drawn if c._text.strip() and not slanted(c.matrix[0], c.matrix[1])]
        if turn:  # in the frame the pdfium reader turned the page to (PageContent.turn)
            to_frame = turn_frame(turn, float(page.width), height)[0]
            return _with_cids([_turned_char(c, to_frame, mb_x0, height) for c in kept], page), left_out
        return _with_cids([Char(c._text, c.x0 + mb_x0 if mb_x0 else c.x0, c.x1 + mb_x0 if mb_x0 else c.x1,
                                height - c.matrix[5], c.size, _font_name(c.fontname))
                           for c in kept], page), left_out


def _turned_char(c: LTChar, to_frame: ToDisplay, shift: float, height: float) -> Char:
    """A pdfminer character (y up) in a turned frame: its origin gives the baseline, its
    box the extent along the turned line (quarter turns map box edges to box edges)."""
    ox, baseline = to_frame(c.matrix[4] + shift, height - c.matrix[5])
    ax, _ = to_frame(c.x0 + shift, height - c.y0)
    bx, _ = to_frame(c.x1 + shift, height - c.y1)
    x0, x1 = (ax, bx) if ax <= bx else (bx, ax)
    return Char(c._text, max(x0, min(ox, x1)), x1, baseline, c.size, _font_name(c.fontname))


@functools.cache
def _char_device():
    """The device class, made on first use: pdfminer is imported only when a page needs it."""
    from pdfminer.converter import PDFLayoutAnalyzer

    class CharDevice(PDFLayoutAnalyzer):
        """pdfminer's layout device (laparams off, as pdfplumber uses it) that keeps the
        characters, in drawing order, and skips paths and images."""

        def __init__(self, rsrcmgr: PDFResourceManager, pageno: int) -> None:
            super().__init__(rsrcmgr, pageno=pageno, laparams=None)
            self.chars: list[LTComponent] = []
            self.unseen: list[bool] = []  # each character's text drawn invisibly (render mode 3 or 7)
            self._invisible = False

        def render_string(self, textstate, *args, **kwargs) -> None:
            self._invisible = textstate.render in INVISIBLE_RENDER_MODES
            super().render_string(textstate, *args, **kwargs)

        def render_char(self, *args, **kwargs) -> float:
            adv = super().render_char(*args, **kwargs)
            self.chars.append(self.cur_item._objs[-1])
            self.unseen.append(self._invisible)
            return adv

        def paint_path(self, *args, **kwargs) -> None:
            return None

        def render_image(self, *args, **kwargs) -> None:
            return None

    return CharDevice


def _font_name(name: str | bytes) -> str:
    if isinstance(name, bytes):  # rare byte-encoded font names, fixed as pdfplumber does
        from pdfplumber.page import fix_fontname_bytes

        return fix_fontname_bytes(name)
    return name


def _plumber_chars(page: PlumberPage) -> list[Char]:
    # pdfplumber keeps the unrotated page height; its chars are already upright.
    ref_height = float(page.height)
    chars = [Char(c["text"], c["x0"], c["x1"], ref_height - c["matrix"][5], c["size"], c["fontname"])
             for c in page.chars  # spaces come from gaps, as with pdfium
             if c["text"].strip() and not slanted(c["matrix"][0], c["matrix"][1])]
    return _with_cids(chars, page)


def _with_cids(chars: list[Char], page: PlumberPage) -> list[Char]:
    if any(ch.text.startswith(CID_TOKEN) for ch in chars):
        _name_cids(chars, _cid_orderings(page))
    return chars


CID_TOKEN = "(cid:"
# The character collection a predefined CMap belongs to, by the start of its name, for
# fonts whose CIDSystemInfo cannot be read (reportlab's encrypted files leave those
# strings unencrypted, so a conforming reader decrypts them into noise).
CMAP_ORDERINGS = (
    ("UniGB", "GB1"), ("GBK", "GB1"), ("GBpc", "GB1"), ("GBT", "GB1"), ("GB-", "GB1"),
    ("UniCNS", "CNS1"), ("B5", "CNS1"), ("ETen", "CNS1"), ("HKscs", "CNS1"), ("CNS", "CNS1"),
    ("UniJIS", "Japan1"), ("90ms", "Japan1"), ("90pv", "Japan1"), ("83pv", "Japan1"), ("EUC-", "Japan1"),
    ("UniKS", "Korea1"), ("KSC", "Korea1"),
)
ORDERINGS = frozenset(o for _, o in CMAP_ORDERINGS)


def _cid_orderings(page: PlumberPage) -> dict[str, str]:
    """Font name (base font and descriptor name) → Adobe character collection, for the
    page's CID-keyed fonts."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral, literal_name

    def name(value: object) -> str:
        value = resolve1(value)
        # literal_name: a name that is not UTF-8 (a GBK font name) is bytes in pdfminer;
        # this spells it as pdfminer spells the characters' font names.
        return SUBSET_PREFIX.sub("", literal_name(value) if isinstance(value, PSLiteral) else str(value or ""))

    out: dict[str, str] = {}
    fonts = resolve1((page.page_obj.resources or {}).get("Font")) or {}
    for spec in fonts.values():
        spec = resolve1(spec)
        if not isinstance(spec, dict) or name(spec.get("Subtype")) != "Type0":
            continue
        descendants = resolve1(spec.get("DescendantFonts")) or [{}]
        child = resolve1(descendants[0]) or {}
        info = resolve1(child.get("CIDSystemInfo")) or {}
        ordering = resolve1(info.get("Ordering"))
        ordering = ordering.decode("latin-1") if isinstance(ordering, bytes) else str(ordering or "")
        if ordering not in ORDERINGS:
            encoding = name(spec.get("Encoding"))
            ordering = next((o for prefix, o in CMAP_ORDERINGS if encoding.startswith(prefix)), "")
        if ordering:
            descriptor = resolve1(child.get("FontDescriptor")) or {}
            for key in (name(spec.get("BaseFont")), name(descriptor.get("FontName"))):
                out[key] = ordering
    return out


def _name_cids(chars: list[Char], orderings: dict[str, str]) -> None:
    """Characters pdfminer left as (cid:N) get their Unicode from the font's collection."""
    from pdfminer.cmapdb import CMapDB

    for ch in chars:
        ordering = orderings.get(SUBSET_PREFIX.sub("", ch.font))
        if ordering is None or not ch.text.startswith(CID_TOKEN):
            continue
        try:
            text = CMapDB.get_unicode_map(f"Adobe-{ordering}").get_unichr(int(ch.text[len(CID_TOKEN):-1]))
        except (KeyError, ValueError, CMapDB.CMapNotFound):
            continue
        ch.text = text


def _plumber_paths(obj: dict[str, Any]) -> list[VectorPath]:  # a pdfplumber object (its T_obj)
    stroke, fill = bool(obj.get("stroke")), bool(obj.get("fill"))
    gray = _gray(obj.get("non_stroking_color"))
    commands = obj.get("path")
    out: list[VectorPath] = []
    if not commands:
        pts = [(float(p[0]), float(p[1])) for p in obj.get("pts", [])]
        return [VectorPath(pts, stroke, fill, fill_gray=gray)] if pts else []
    current: VectorPath | None = None
    # "path" gives the operators, "pts" the top-down end point of each ("h" has none).
    pts_iter = iter([(float(p[0]), float(p[1])) for p in obj.get("pts", [])])
    for command in commands:
        op = command[0]
        if op == "h":
            if current is not None:
                current.closed = True
            continue
        point = next(pts_iter, None)
        if point is None:
            break
        if op == "m" or current is None:
            current = VectorPath([point], stroke, fill, fill_gray=gray)
            out.append(current)
        else:
            current.points.append(point)
            if op == "c":
                current.curved = True
    drop_closing_points(out)
    return out


# Each reader opens (path or bytes, source name, password).
READERS: dict[str, Callable[[Path | bytes, str, str | None], PdfReader]] = {"pdfium": PdfiumReader, "pdfplumber": PlumberReader}


def with_trailer(path: Path) -> bytes | None:
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
