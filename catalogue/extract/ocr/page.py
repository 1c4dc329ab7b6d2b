"""One page image → its RawTables: clean the page, find the grids, read marks and text.

Text lines are cut out of each cell by its ink profile and read one line at a time
by the recogniser, so text never crosses a ruling and marks can be put back in
reading order: "☑政府网站 ☐政府公报".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cv2
import numpy as np

from catalogue.extract.ocr import mark_pixels as mk
from catalogue.extract.ocr.dewarp import dewarp
from catalogue.extract.ocr.engine import OcrEngine, get_engine
from catalogue.extract.ocr.grid import PixelCell, PixelGrid, detect_grids
from catalogue.extract.ocr.halftone import descreen
from catalogue.extract.ocr.lens import without_lens
from catalogue.extract.ocr.misreads import repair_misreads
from catalogue.extract.ocr.preprocess import (
    binarize,
    dark_ink,
    deskew,
    even_light,
    faint_ink,
    find_page_outline,
    rectify_page,
    suppress_red,
    text_runs_vertical,
)
from catalogue.extract.ocr.recognise import read_crops
from catalogue.extract.ocr.resolution import MAX_WORK_DPI, WORK_DPI
from catalogue.extract.settings import ExtractSettings
from catalogue.raw import (
    CHECKED,
    LINE_HEIGHT,
    LOW_CONFIDENCE,
    POINTS_PER_INCH,
    TEXT_AT_BOTTOM,
    TEXT_AT_TOP,
    UNCHECKED,
    MarkBox,
    RawCell,
    RawTable,
)
from catalogue.schemas.vocabulary import MARK_LEAK
from catalogue.segmentation import word_share

CHAR_IN = 0.13  # a body character is about this tall (9-10 pt)
# A page whose lines are under this share of CHAR_IN is set in small type (under about
# 6 pt: a wide sheet fitted to its paper), and its own line height is used instead.
# The smallest type of the committed scans (a Word print in about 7 pt) measures 0.69;
# a sheet fitted to A4 landscape 0.5.
SMALL_TYPE = 0.6
SIZE_LINES = 12  # lines a page needs for their median to be its line height
# A run of ink rows under this share of CHAR_IN (about 3 pt) is no line of type: no
# catalogue is set that small (a fitted sheet's lines measure 0.5), while a copier's
# specks and what a ruling leaves in a cell make such runs by the hundred (3-5 px at
# 200 dpi), enough to pull the median under SMALL_TYPE on a page in body type.
SPECK_LINE = 0.3
LINE_GAP_IN = 0.015  # rows of ink closer than this belong to one text line
LINE_VALLEY = 0.05  # a row with this share of a band's densest row of ink is a gap
DUST_AREA = 12  # soft ink specks this small with no hard ink in them are dust,
DUST_CLEAR = 3  # if this many pixels of paper part them from other ink
PIECE_GAP_IN = 0.3  # paper wider than two characters parts a line into two crops
MIN_PIECE_INK = 0.1  # a line piece with less ink than this share of a character box is specks,
# unless it stands at least this share of a character tall: a lone "1" in a narrow 序号
# column has a quarter of MIN_PIECE_INK's ink, but its height (set on the national scan).
MIN_PIECE_HEIGHT = 0.5
# A table whose bottom ruling is closer than this to the page's lower edge runs on to
# the next page: margins and a page number take about an inch; tables that end
# mid-page leave three or more.
PAGE_FOOT_IN = 1.5
# A sideways page is turned the way its longest lines read best: this many of them,
# this many characters of each.
UPRIGHT_LINES = 4
UPRIGHT_LINE_CHARS = 6
# A page is turned over only when its turned line starts read better by this much of
# confidence × word share (0 to 1). On 184 upright pages of both scan families' tuning
# halves, every condition, the lines as they are scored 0.42-0.98 (one near-empty page
# 0) and turned over at most 0.145, nearly all 0; so an upside-down page gains at least
# about 0.27 by turning, and an upright page loses by it. The margin sits between.
HALF_TURN_MARGIN = 0.2
# The first look at a page turned over reads this many line starts, and looks further
# only when they score this much: an upright page's four turned lines scored 0.145 at
# most (two of them at most twice that), an upside-down page's at least about 0.42.
HALF_TURN_FIRST = 2
HALF_TURN_HINT = 0.1
CROP_PAD = 4  # white border around a line crop: the recogniser wants some margin
# Above and below a line, the border is this share of the line's height: the recogniser
# was trained on detector boxes that stand about that far clear of the text (PP-OCR's
# unclip ratio of 1.5). A border of a few pixels makes the text fill most of the crop,
# so every crop is scaled up wider than it needs to be, and read more slowly for it.
CROP_PAD_SHARE = 0.3
# Text-line bands, as shares of the cell's median band height: a band thinner than
# THIN_BAND (a stray stroke, the dot of a 、 split off) joins the line above when the
# paper between them is under BAND_JOIN_GAP.
THIN_BAND = 0.4
BAND_JOIN_GAP = 0.5
# A band taller than TWO_LINES characters may be two lines printed too close for a gap;
# it is cut at the faintest row between CUT_FROM and CUT_TO characters from its top,
# unless it is at most ONE_TALL_LINE body lines tall and no row of paper parts it (one
# line of larger type).
TWO_LINES = 1.5
CUT_FROM, CUT_TO = 0.6, 1.4
ONE_TALL_LINE = 1.8
# A band at least this many times as tall as its ink is wide is characters stacked one
# a line (a level label set vertically in a narrow column, "机\n关\n简\n介"), never
# one line of larger type, whose characters are square: two stacked characters set
# tight touch under blur or skew and would be read as one (简介 as 算, 公开 as 会).
STACKED = 1.5
# Dirt, not text: a band under DIRT_HEIGHT of a character tall with less ink than
# DIRT_INK of a character's box (a seal's rim, dust, a scratch).
DIRT_HEIGHT, DIRT_INK = 0.3, 0.25
# A box glyph belongs to a text line when this share of its height lies within the line.
BOX_ON_LINE = 0.3
# Pixels: a character is never drawn smaller than this, whatever the resolution.
MIN_CHAR_PX = 8
# A line start used to tell which way a sideways page reads: a smear of ink at least
# LINE_ASPECT times as wide as tall, between LINE_HEIGHTS characters tall.
LINE_ASPECT = 3
LINE_HEIGHTS = (0.6, 2.0)
# Text touches a cell's edge when it is within this share of an inch of it (2 px at 200 dpi).
TOUCH_IN = 0.01
# A band of ink less than this share as tall as a cell's tallest line is not a line of
# text but a speck (salt-and-pepper leaves bands under half a line's height, which
# would make a label's last line look a line away from the foot of its cell). A line
# of digits stands 0.7 as tall; one of only 。、 would not, but Chinese typesetting keeps
# those off the start of a line.
LINE_BAND_SHARE = 0.5
# A ring of a ▫ glyph's size is a full stop (。), not an empty box, when its top lies
# this share of its text line's height below the line's top: ▫ glyphs are centred on
# the line (their tops within its upper third), a 。 sits on the baseline (its top
# about two thirds down; "定。" would read as "定 ☐"). Only in a line at least
# STOP_LINE times as tall as the ring: a line of
# characters, not the ring alone.
STOP_TOP = 0.5
STOP_LINE = 2.0
# A dot of a ： or ； is a solid square of a ■ glyph's size (a 1-bit or dark scan fills
# it, 6 px at 200 dpi), and is taken for a ■ (checked) unless its other part is seen:
# ink from COLON_PART_MIN to COLON_PART times the dot's size across and down (the other
# dot, or a ；'s comma; a speck of noise is smaller) directly above or below it, over
# at least half its width, with paper between them under COLON_GAP of the dot's
# height (a colon's dots stand about half a dot apart), both on the same text line. A ■
# or ✓ is set alone in its line's height; marks stacked one a line stand a line
# apart, in two lines.
COLON_GAP = 1.0
COLON_PART = 3.0
COLON_PART_MIN = 0.5
# A pixel beside the kept ink and darker than this is a stroke's grey edge, given back
# to the crop: the tail of a ； drawn this light is cut off the crops otherwise and
# read as ：. Paper scans at about 242, and most paper texture lighter than this.
STROKE_EDGE_GREY = 225
# Pixels around a ruling that its blur covers (the kernel of the dilation that makes
# the zone), and how many pixels a stroke end may be grown back into that blur.
RULING_BLUR_KERNEL = 5
STROKE_REGROW = 2


@dataclass
class _Piece:
    cell: int
    line: int
    x: float
    text: str | None = None  # a mark character, or None until recognised
    crop: np.ndarray | None = None
    score: float = 1.0
    box: tuple[int, int, int, int] | None = None  # a mark's page pixels, for RawTable.marks


def _scale_to_work(image: np.ndarray, dpi: float) -> tuple[np.ndarray, float]:
    if dpi <= MAX_WORK_DPI:
        return image, dpi
    factor = WORK_DPI / dpi
    return cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA), WORK_DPI


def _to_grey(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return image
    if image.shape[2] == 4:
        image = image[:, :, :3]
    return suppress_red(np.ascontiguousarray(image))


def _line_runs(rows: np.ndarray, dpi: float) -> list[list[int]]:
    """Row ranges of ink parted by blank rows (`rows`: ink pixels a row)."""
    on = np.flatnonzero(rows > 0)
    if on.size == 0:
        return []
    gap = max(2, round(LINE_GAP_IN * dpi))  # at least 2 px: one blank row is noise
    bands: list[list[int]] = [[int(on[0]), int(on[0]) + 1]]
    for y in on[1:]:
        if y - bands[-1][1] <= gap:
            bands[-1][1] = int(y) + 1
        else:
            bands.append([int(y), int(y) + 1])
    return bands


def text_bands(ink: np.ndarray, dpi: float, char: float | None = None) -> list[tuple[int, int]]:
    """Row ranges of the text lines in a cell, from its horizontal ink profile.
    `char`: a body character's height in pixels where the page says (small_type)."""
    rows = (ink > 0).sum(axis=1)
    bands = _line_runs(rows, dpi)
    if not bands:
        return []
    # A thin band (a stray stroke, the dot of a 、 split off) joins its nearest line.
    height = float(np.median([b - a for a, b in bands]))
    merged: list[list[int]] = []
    for band in bands:
        thin = band[1] - band[0] < THIN_BAND * height
        close = bool(merged) and band[0] - merged[-1][1] < BAND_JOIN_GAP * height
        if close and (thin or merged[-1][1] - merged[-1][0] < THIN_BAND * height):
            merged[-1][1] = band[1]
        else:
            merged.append(band)
    # Two lines printed too close for a gap: cut at the faintest row near the middle.
    out: list[tuple[int, int]] = []
    char = char or CHAR_IN * dpi
    line = max(height, char)
    for a, b in merged:
        cols = np.flatnonzero(ink[a:b].any(axis=0))
        stacked = cols.size > 0 and b - a >= STACKED * (int(cols[-1]) - int(cols[0]) + 1)
        while b - a > TWO_LINES * char:
            lo, hi = a + int(CUT_FROM * char), min(b - int(CUT_FROM * char), a + int(CUT_TO * char))
            if hi <= lo:
                break
            cut = lo + int(np.argmin(rows[lo:hi]))
            # A band of two lines' height in a cell whose bands are all that tall is
            # one line of larger type, unless a row of paper parts it: two lines of
            # body text a hair apart (short lines of small type, from 1.5 lines up).
            if not stacked and b - a <= ONE_TALL_LINE * line and rows[cut] > LINE_VALLEY * rows[a:b].max():
                break
            out.append((a, cut))
            a = cut
        out.append((a, b))
    return out


def _is_dirt(band: np.ndarray, dpi: float, char: float | None = None) -> bool:
    """A band too thin and too light to be a line of text: seal rim, dust, a scratch."""
    char = char or CHAR_IN * dpi
    return band.shape[0] < DIRT_HEIGHT * char and int((band > 0).sum()) < DIRT_INK * char * char


def _crop(grey: np.ndarray, keep: np.ndarray, x0: int, y0: int, x1: int, y1: int, line: int) -> np.ndarray:
    """Grey pixels of the kept ink only (rulings, marks and specks become paper), with a
    border for a text line `line` pixels tall."""
    region = grey[y0:y1, x0:x1].copy()
    region[keep[y0:y1, x0:x1] == 0] = 255
    pad = max(CROP_PAD, round(CROP_PAD_SHARE * line))
    return cv2.copyMakeBorder(region, pad, pad, CROP_PAD, CROP_PAD, cv2.BORDER_CONSTANT, value=255)


def _without_dust(soft: np.ndarray, hard: np.ndarray) -> np.ndarray:
    """Soft ink without specks that have no hard ink in them and stand apart from
    other ink: grey dust. The dot of 门 or 义 is as small, but sits by its strokes."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(soft, connectivity=8)
    small = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] <= DUST_AREA)
    small = np.setdiff1d(small[small > 0], labels[(hard > 0) & (labels > 0)])
    out = soft
    for label in small:
        x, y, w, h, _ = stats[label]
        r = DUST_CLEAR
        y0, x0 = max(0, y - r), max(0, x - r)
        near = labels[y0: y + h + r, x0: x + w + r]
        if np.all((near == 0) | (near == label)):
            if out is soft:
                out = soft.copy()
            out[labels == label] = 0
    return out


def _meets(band: tuple[int, int], m: mk.Mark) -> bool:
    """The mark shares rows with the text line `band`."""
    return band[0] < m.y1 and m.y0 < band[1]


def _without_stops(glyphs: list[mk.Mark], ink: np.ndarray, dpi: float, char: float | None = None) -> list[mk.Mark]:
    """Glyph marks without the stops among them: a small 。 is a ring of a ▫'s size,
    but a ▫ is centred on its text line and a 。 sits on the baseline after a
    character, its top below the line's middle; a dot of a ： or ； is a ■'s size, but
    has its other part over or under it (`_colon_dot`). `ink`: the cell's text with
    the drawn boxes taken out."""
    if not glyphs:
        return glyphs
    bands = text_bands(ink, dpi, char)
    out = []
    for m in glyphs:
        line = next((band for band in bands if _meets(band, m)), None)
        if m.state == UNCHECKED and line is not None and line[1] - line[0] >= STOP_LINE * (m.y1 - m.y0) \
                and m.y0 - line[0] >= STOP_TOP * (line[1] - line[0]):
            continue
        if m.state == CHECKED and line is not None and _colon_dot(m, ink, line):
            continue
        out.append(m)
    return out


def _colon_dot(m: mk.Mark, ink: np.ndarray, line: tuple[int, int]) -> bool:
    """Whether a solid glyph mark has the other dot of a ： (or the comma of a ；)
    directly above or below it on its text line `line` (see COLON_GAP)."""
    w, h = m.x1 - m.x0, m.y1 - m.y0
    reach = max(1, round(COLON_GAP * h))
    y0, y1 = max(line[0], m.y0 - reach - round(COLON_PART * h)), min(line[1], m.y1 + reach + round(COLON_PART * h))
    x0, x1 = max(0, m.x0 - w), min(ink.shape[1], m.x1 + w)
    n, _, stats, _ = cv2.connectedComponentsWithStats((ink[y0:y1, x0:x1] > 0).astype(np.uint8), connectivity=8)
    for x, y, cw, ch, _ in stats[1:]:
        top, foot = y0 + int(y), y0 + int(y) + int(ch)
        gap = m.y0 - foot if foot <= m.y0 else top - m.y1
        over = min(x0 + int(x) + int(cw), m.x1) - max(x0 + int(x), m.x0)
        if 0 < gap <= reach and over * 2 >= w and COLON_PART_MIN * w <= cw <= COLON_PART * w \
                and COLON_PART_MIN * h <= ch <= COLON_PART * h and y0 < top and foot < y1:
            return True
    return False


def _mark_starts_line(band: tuple[int, int], text: np.ndarray, marks: list[mk.Mark]) -> bool:
    """A mark already found on this text line, left of its first ink."""
    cols = np.flatnonzero(text[band[0]:band[1]].any(axis=0))
    first = int(cols[0]) if cols.size else text.shape[1]
    return any(_meets(band, m) and m.x0 < first for m in marks)


def _ink_runs(ink: np.ndarray, offset: int, gap: float) -> list[tuple[int, int]]:
    """Column ranges of ink split where more than `gap` of paper lies between: a
    speck far right of a short line must not make its crop mostly paper (a lone 》
    read in a crop ten times its width comes back empty)."""
    cols = np.flatnonzero(ink.any(axis=0))
    if cols.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(cols) > gap)
    starts = [cols[0], *cols[breaks + 1]]
    ends = [*cols[breaks], cols[-1]]
    return [(offset + int(s), offset + int(e) + 1) for s, e in zip(starts, ends, strict=True)]


def _cell_pieces(index: int, layout: PageLayout,
                 cell: PixelCell) -> tuple[list[_Piece], tuple[int, int, int, int], list[tuple[int, int]]]:
    """Marks and text-line crops of one cell, in cell pixels."""
    dpi = layout.dpi
    x0, y0, x1, y1 = cell_box(cell)
    if x1 <= x0 or y1 <= y0:
        return [], (x0, y0, x1, y1), []
    sub = cell_ink(layout, cell)
    dark = layout.dark[y0:y1, x0:x1] if layout.dark is not None else None
    soft_ink = cell_ink(layout, cell, soft=True)
    boxes = mk.find_boxes(sub, dpi, dark, soft_ink, layout.grey[y0:y1, x0:x1])
    soft = mk.erase_marks(soft_ink, boxes)
    glyphs = _without_stops(mk.find_glyph_marks(soft, dpi, dark, sub, layout.grey[y0:y1, x0:x1]),
                            mk.erase_marks(sub, boxes), dpi, layout.char)
    boxes = sorted(boxes + glyphs, key=lambda m: (m.y0, m.x0))
    text = mk.erase_marks(sub, boxes)
    starts = [band for band in text_bands(text, dpi, layout.char) if not _mark_starts_line(band, text, boxes)]
    soft_text = mk.erase_marks(soft, boxes) if starts else soft
    faint = [tick for band in starts
             if (tick := mk.faint_line_start_tick(layout.grey[y0:y1, x0:x1], soft_text, text, band, dpi,
                                                  layout.two_tone)) is not None]
    if faint:
        boxes = sorted(boxes + faint, key=lambda m: (m.y0, m.x0))
        text = mk.erase_marks(sub, boxes)
    if not boxes and mk.lone_tick(text, dpi):
        ys, xs = np.nonzero(text)
        ink_box = (x0 + int(xs.min()), y0 + int(ys.min()), x0 + int(xs.max()) + 1, y0 + int(ys.max()) + 1)
        return [_Piece(index, 0, 0.0, CHECKED, box=ink_box)], (x0, y0, x1, y1), []
    # The recogniser sees the soft ink: small box glyphs (▫) and thin ticks are
    # mostly light grey and would be wiped out of the crop with the hard ink. Grey
    # dust is not: a speck beside a bracket reads as "(·单位）".
    keep = cv2.dilate(_without_dust(mk.erase_marks(soft, boxes), sub), np.ones((3, 3), np.uint8))
    # The thin grey ends of small strokes (the tail of a ；, 2-3 px at 150 dpi) fall
    # outside the soft ink: a pixel of stroke edge around what is kept goes back in.
    # Only pixels lighter than the soft ink: the marks and dust taken out of it above
    # stay out (on a 1-bit page every ink pixel is soft ink, and a box's side beside
    # its label came back and was read as part of it).
    # A 1-bit scan has no grey edge: the grey around its strokes is the resampling's.
    if not layout.two_tone:
        edge = np.where((layout.grey[y0:y1, x0:x1] < STROKE_EDGE_GREY) & (soft_ink == 0), 255, 0).astype(np.uint8)
        keep = cv2.bitwise_or(keep, cv2.bitwise_and(cv2.dilate(keep, np.ones((3, 3), np.uint8)), edge))
    bands = [band for band in text_bands(text, dpi, layout.char)
             if not _is_dirt(text[band[0]:band[1]], dpi, layout.char)]
    for m in boxes:  # a line with nothing but a box still needs a band
        if not any(_meets(band, m) for band in bands):
            bands.append((m.y0, m.y1))
    bands.sort()
    pieces = []
    for line, (a, b) in enumerate(bands):
        on_line = [m for m in boxes if min(b, m.y1) - max(a, m.y0) > BOX_ON_LINE * (m.y1 - m.y0)]
        cuts = [0, *sorted(int(m.cx) for m in on_line), sub.shape[1]]
        for m in on_line:
            pieces.append(_Piece(index, line, m.cx, m.state, box=(x0 + m.x0, y0 + m.y0, x0 + m.x1, y0 + m.y1)))
        for ca, cb in (run for left, right in zip(cuts, cuts[1:], strict=False)
                       for run in _ink_runs(text[a:b, left:right], left, PIECE_GAP_IN * dpi)):
            rows = np.flatnonzero(text[a:b, ca:cb].any(axis=1))
            if int((text[a:b, ca:cb] > 0).sum()) < MIN_PIECE_INK * (CHAR_IN * dpi) ** 2 \
                    and rows[-1] - rows[0] + 1 < MIN_PIECE_HEIGHT * CHAR_IN * dpi:
                continue  # specks beside a label or a box: nothing a reader would see as text
            ra, rb = a + int(rows[0]), a + int(rows[-1]) + 1
            crop = _crop(layout.grey[y0:y1, x0:x1], keep, ca, ra, cb, rb, b - a)
            pieces.append(_Piece(index, line, (ca + cb) / 2, None, crop))
    return pieces, (x0, y0, x1, y1), bands


_HAN = r"[\u3400-\u9fff\uf900-\ufaff]"
# The recogniser gives ASCII brackets whatever their width; beside a Han character, or
# closing after a full-width closing quote or title mark, they are the full-width ones
# a Chinese catalogue prints: "部门(单位)" → "部门（单位）", "（按“三定方案”)" → "…”）",
# and so an opening one before a full-width opening quote or title mark ("(“三定方案”)").
_OPEN_BY_HAN = re.compile(rf"\((?=[{_HAN[1:-1]}“‘《「『])|(?<={_HAN})\((?=\S)")
_CLOSE_BY_HAN = re.compile(rf"(?<=[{_HAN[1:-1]}”’》」』])\)|(?<=\S)\)(?={_HAN})")


def full_width_brackets(text: str) -> str:
    return _CLOSE_BY_HAN.sub("）", _OPEN_BY_HAN.sub("（", text))


# What the recogniser makes of a 》 that ends a line: the closing marks it looks like.
_TITLE_CLOSE_LOOKALIKES = ")）»>"


def close_title_marks(text: str) -> str:
    """A title opened by 《 is closed by 》: a look-alike closer (")", "»", ">") that
    closes a 《 rather than a bracket is the 》 the page printed."""
    out, stack = [], []
    for ch in text:
        if ch == "《" or ch in "（(":
            stack.append("《" if ch == "《" else "（")
        elif ch == "》" and stack and stack[-1] == "《":
            stack.pop()
        elif ch in _TITLE_CLOSE_LOOKALIKES and stack and stack.pop() == "《":
            ch = "》"
        out.append(ch)
    return "".join(out)


# Chinese text stops with 。 and lists with 、; a half-width dot follows only digits and
# Latin letters (1. A03. 3.5). So a dot the recogniser gives after a Han character or a
# full-width mark, or at the start of a line, is a speck of toner or dust beside the
# text, not a character ("区政府各部门（单位）.", "《…办法》.《…》", ".4"); and so is a
# bullet or middle dot after a full-width mark, or after a Han character at the line's
# end ("流程、·办理", "规划实施•"). A middle dot between two Han characters is the 间隔号
# of a foreign name and stays; a bullet that starts a line is a list's and stays.
_FULL_WIDTH_MARKS = "）》”」』、，。；："
_SPECK_DOT = re.compile(rf"(?<=[{_HAN[1:-1]}{_FULL_WIDTH_MARKS}])[.．](?!\d)|^[.．](?=\S)"
                        rf"|(?<=[{_FULL_WIDTH_MARKS}])[·•]|(?<=[{_HAN[1:-1]}{_FULL_WIDTH_MARKS}])[·•]$")


# A ruling beside a line of text, left in its crop where the ruling bends (a photographed
# page) or breaks, is read as a vertical stroke: I, l, |, 丨, or a bracket. Chinese text
# never starts or ends a line with a lone stroke, nor ends one with an opening bracket or
# starts one with a closing bracket, so a run of them (spaced or not) between the line's
# edge and a Han character or full-width mark is the ruling, not text ("主管部门I",
# "主管部门 I"); and so is a line of nothing else in a cell of Chinese text (a ruling
# bent into a cell is cut into short bands beside its text, each read "[" or "I"). A
# bracket that can stand at a line's edge ("[注]说明", "说明[注]") stays.
_STROKES = "Il|丨"
_RULING_LINE = re.compile(rf"^[{re.escape(_STROKES + '[]')}\s]+$")
_HAN_CHAR = re.compile(_HAN)
_RULING_AT_END = re.compile(rf"(?<=[{_HAN[1:-1]}{_FULL_WIDTH_MARKS}])(?:\s*[{re.escape(_STROKES + '[')}])+\s*$")
_RULING_AT_START = re.compile(rf"^(?:[{re.escape(_STROKES + ']')}]\s*)+(?=[{_HAN[1:-1]}（《“])")


def without_speck_dots(text: str) -> str:
    return _SPECK_DOT.sub("", text)


def without_rulings(text: str) -> str:
    return _RULING_AT_START.sub("", _RULING_AT_END.sub("", text))


def without_ruling_lines(lines: list[str]) -> list[str]:
    """A cell's lines without those that are nothing but strokes, where another line is
    Chinese text (a lone "I" may be a misread item number, a cell of its own)."""
    if not any(_HAN_CHAR.search(line) for line in lines):
        return lines
    return [line for line in lines if not _RULING_LINE.match(line)]


def _line_text(items: list[_Piece]) -> str:
    out = ""
    previous_mark = False
    for item in sorted(items, key=lambda p: p.x):
        text = item.text or ""
        if item.crop is None:  # a mark
            out += (" " if out and not previous_mark else "") + text
            previous_mark = True
        else:
            if previous_mark:
                text = text.lstrip(MARK_LEAK + " ")
            out += text
            previous_mark = False
    return without_rulings(without_speck_dots(full_width_brackets(out.strip())))


def _upright(grey: np.ndarray, ink: np.ndarray, dpi: float,
             engine: OcrEngine | None) -> tuple[np.ndarray, np.ndarray]:
    """Turn a page scanned a quarter or a half turn off, choosing the turn that reads best."""
    char = max(MIN_CHAR_PX, round(CHAR_IN * dpi))
    if not text_runs_vertical(ink, char):
        return _right_way_up(grey, ink, char, engine or get_engine())
    engine = engine or get_engine()
    # Text lines of the page turned one way; turned the other way they are the same
    # lines upside down. A few line starts are enough to tell which way reads. Dense
    # lists of short lines (option columns) can look vertical to text_runs_vertical,
    # so the page as it is competes too: it stays unless a turn reads better.
    g, i = np.ascontiguousarray(np.rot90(grey, 1)), np.ascontiguousarray(np.rot90(ink, 1))
    turned = _line_starts(g, i, char)
    if not turned:
        return grey, ink
    read = engine.recognize(turned + [np.ascontiguousarray(c[::-1, ::-1]) for c in turned])
    left, right = _reads(read[: len(turned)]), _reads(read[len(turned):])
    as_is = _line_starts(grey, ink, char)
    if as_is and _reads(engine.recognize(as_is)) >= max(left, right):
        return grey, ink
    if left >= right:
        return g, i
    return np.ascontiguousarray(np.rot90(grey, 3)), np.ascontiguousarray(np.rot90(ink, 3))


def _right_way_up(grey: np.ndarray, ink: np.ndarray, char: int,
                  engine: OcrEngine) -> tuple[np.ndarray, np.ndarray]:
    """Turn a page fed into the scanner upside down. Its lines run across as an upright
    page's do, so only reading tells: a few line starts, as they are and turned over.
    The page is turned only when the turned lines read as words and better than the
    lines as they are (the recogniser reads an upside-down line confidently enough, as
    characters that make no words), so a page whose lines read poorly either way stays."""
    starts = _line_starts(grey, ink, char)
    if not starts:
        return grey, ink
    turned = [np.ascontiguousarray(c[::-1, ::-1]) for c in starts]
    # Reading costs about 20 ms a crop: two turned lines first, and the rest only where
    # they make words at all, which an upright page's turned lines nearly never do.
    if _reads(engine.recognize(turned[:HALF_TURN_FIRST]))[0] < HALF_TURN_HINT:
        return grey, ink
    read = engine.recognize(starts + turned)
    as_is, over = _reads(read[: len(starts)]), _reads(read[len(starts):])
    if over[0] <= as_is[0] + HALF_TURN_MARGIN:
        return grey, ink
    return np.ascontiguousarray(grey[::-1, ::-1]), np.ascontiguousarray(ink[::-1, ::-1])


def _reads(results: list[tuple[str, float]]) -> tuple[float, float]:
    """How well line crops read, best first: the recogniser's confidence weighted by
    the share of characters in dictionary words, then its confidence alone. The
    recogniser reads characters turned a quarter as confidently as upright ones (it is
    trained on vertical text), so a page read the wrong way is characters from
    successive lines: confident, but no words; a narrow-column page can read as
    confidently turned as upright, never with as many words."""
    if not results:
        return 0.0, 0.0
    return (float(np.mean([score * word_share(text) for text, score in results])),
            float(np.mean([score for _, score in results])))


def _line_starts(grey: np.ndarray, ink: np.ndarray, char: int) -> list[np.ndarray]:
    """The starts of the page's longest horizontal text lines, as crops."""
    smear = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (char // 2, 1)))
    n, _, stats, _ = cv2.connectedComponentsWithStats(smear, connectivity=8)
    lines = [s for s in stats[1:] if s[2] > LINE_ASPECT * s[3] and char * LINE_HEIGHTS[0] < s[3] < char * LINE_HEIGHTS[1]]
    lines.sort(key=lambda s: -s[2])
    return [grey[y: y + h, x: x + min(w, UPRIGHT_LINE_CHARS * char)] for x, y, w, h, _ in lines[:UPRIGHT_LINES]]


@dataclass
class PageLayout:
    """A cleaned page and its table grids: what OCR needs, and what tests look at."""

    grey: np.ndarray  # upright, deskewed, red ink removed
    ink: np.ndarray  # text and marks only: rulings and specks taken out
    grids: list[PixelGrid]  # the page's ruled tables in reading order (grid.detect_grids)
    dpi: float
    soft: np.ndarray | None = None  # like ink, with light grey edges kept (binarize(soft=True))
    dark: np.ndarray | None = None  # only the blackest ink (preprocess.dark_ink)
    two_tone: bool = False  # the source image is black and white only (a 1-bit scan)
    char: float | None = None  # a body character's pixels, where the page is set small (small_type)


CELL_MARGIN = 2  # pixels inside the rulings that still belong to the ruling's blur


def layout_page(image: np.ndarray, dpi: float = WORK_DPI, engine: OcrEngine | None = None,
                two_tone: bool = False) -> PageLayout | None:
    """Clean the page and find its table grids; None when it has no ruled table.
    `two_tone`: the image is a 1-bit scan (its source said so)."""
    if image.size == 0:
        return None
    # Before any scaling, which would average the dots into a grey of their own.
    plain = descreen(image, dpi)
    if plain is not None:
        image, two_tone = plain, False
    image, dpi = _scale_to_work(image, dpi)
    # A lens bends lines about the picture's centre: undone on the picture as taken,
    # before its outline (bowed until then) is looked for and the centre moves.
    image = without_lens(image, dpi)
    found = find_page_outline(image)
    if found is not None:  # a photographed page: straighten it before anything else
        image, dpi = rectify_page(image, *found)
        image, dpi = _scale_to_work(image, dpi)
    grey, _ = deskew(_to_grey(even_light(image, dpi)))
    straight = dewarp(grey, dpi)  # a photograph's bent rulings straightened before the grid is looked for
    straightened, grey = straight is not grey, straight
    ink = binarize(grey)
    grey, ink = _upright(grey, ink, dpi, engine)
    # Rulings are looked for in the soft ink: a grey table style or worn toner prints
    # them lighter than the text, and the hard ink's cut at the page's ink/paper split
    # would drop them; nothing but a ruling is long and thin in either.
    grids = detect_grids(binarize(grey, soft=True), dpi, faint_ink(grey), straightened)
    if not grids:
        return None
    rulings = grids[0].rulings
    for grid in grids[1:]:
        rulings = cv2.bitwise_or(rulings, grid.rulings)
    zone = cv2.dilate(rulings, np.ones((RULING_BLUR_KERNEL, RULING_BLUR_KERNEL), np.uint8))
    ink = mk.despeckle(_without_rulings(ink, rulings, zone))
    char = small_type(ink, grids, dpi)
    # A speck is judged against the page's type: in small type the soft ink of a 、 or
    # the dot of a ： is as small as noise is in body type, and the recogniser sees the
    # soft ink (the hard ink's specks stay as they were: they only cut lines and pieces).
    speck = mk.SPECK_AREA if char is None else mk.SPECK_AREA * (char / (CHAR_IN * dpi)) ** 2
    soft = mk.despeckle(_without_rulings(binarize(grey, soft=True), rulings, zone), speck)
    return PageLayout(grey=grey, ink=ink, grids=grids, dpi=dpi, soft=soft, dark=dark_ink(grey), two_tone=two_tone,
                      char=char)


def small_type(ink: np.ndarray, grids: list[PixelGrid], dpi: float) -> float | None:
    """A body character's height in pixels on a page set in small type (a wide sheet
    printed to fit its paper), or None for a page in body type. The line rules take a
    character to be CHAR_IN tall; at half that, two lines of a cell set with no blank row
    between them read as one line, their characters interleaved. The page's own lines
    tell: most cells hold one line, so the median run of ink between blank rows, over
    every cell, is one line's height."""
    heights = []
    for grid in grids:
        for cell in grid.cells:
            x0, y0, x1, y1 = cell_box(cell)
            if x1 > x0 and y1 > y0:
                rows = (ink[y0:y1, x0:x1] > 0).sum(axis=1)
                heights += [b - a for a, b in _line_runs(rows, dpi) if b - a >= SPECK_LINE * CHAR_IN * dpi]
    if len(heights) < SIZE_LINES:
        return None
    line = float(np.median(heights))
    return line if line < SMALL_TYPE * CHAR_IN * dpi else None


def _without_rulings(ink: np.ndarray, rulings: np.ndarray, zone: np.ndarray) -> np.ndarray:
    """Ink with the rulings and their blur (`zone`) taken out, but not the ends of
    strokes that run into a ruling: text set tight in a cell touches the rule, and the
    top of 申 cut off at the ruling's blur leaves 甲."""
    text = cv2.subtract(ink, zone)
    # Grow the remaining strokes back into the blur, a pixel at a time, along ink
    # only and never onto the ruling itself: the blur on either side of a ruling is
    # 2 pixels, and a stroke end that far is what a reader sees of it.
    room = cv2.bitwise_and(cv2.subtract(zone, cv2.dilate(rulings, np.ones((3, 3), np.uint8))), ink)
    if not room.any():
        return text
    cross = cv2.getStructuringElement(cv2.MORPH_CROSS, (3, 3))
    for _ in range(STROKE_REGROW):
        text = cv2.bitwise_or(text, cv2.bitwise_and(cv2.dilate(text, cross), room))
    return text


def _without_specks(bands: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A cell's lines of text, without the specks noise leaves as bands of their own."""
    if not bands:
        return []
    tallest = max(b - a for a, b in bands)
    return [(a, b) for a, b in bands if b - a >= LINE_BAND_SHARE * tallest]


def _text_room(lines: list[tuple[int, int]], height: int, line: float) -> tuple[float, float] | None:
    """RawCell.text_room of a cell read by OCR, as the PDF readers measure it: the paper
    between its text and its top and bottom rulings, in lines of that text (`line`, the
    height one more line of it would take). `lines` and `height` are in the pixels of
    the box inside the rulings (cell_box), CELL_MARGIN in from each."""
    if line <= 0:
        return None
    above = lines[0][0] + CELL_MARGIN
    below = height - lines[-1][1] + CELL_MARGIN
    return round(above / line, 3), round(below / line, 3)


def cell_box(cell: PixelCell) -> tuple[int, int, int, int]:
    return cell.x0 + CELL_MARGIN, cell.y0 + CELL_MARGIN, cell.x1 - CELL_MARGIN, cell.y1 - CELL_MARGIN


def cell_ink(layout: PageLayout, cell: PixelCell, soft: bool = False) -> np.ndarray:
    x0, y0, x1, y1 = cell_box(cell)
    ink = layout.soft if soft and layout.soft is not None else layout.ink
    return ink[y0:max(y0, y1), x0:max(x0, x1)]


def ocr_page_image(image: np.ndarray, source: str, page: int,
                   settings: ExtractSettings | None = None, *, dpi: float = WORK_DPI,
                   engine: OcrEngine | None = None, two_tone: bool = False) -> list[RawTable]:
    """The ruled tables on one page image (RGB or grey) in reading order, or [] when
    there is none. `two_tone`: the image is a 1-bit scan (no grey edges of its own)."""
    settings = ExtractSettings.resolve(settings)
    layout = layout_page(image, dpi, engine, two_tone)
    if layout is None:
        return []
    engine = engine or get_engine()
    # Every table's cells are cut up first and read in one batch: the recogniser is
    # faster on one long list than on one list a table.
    cells = [(grid, cell) for grid in layout.grids for cell in grid.cells]
    pieces: list[_Piece] = []
    inner: list[tuple[int, int, int, int]] = []
    bands: list[list[tuple[int, int]]] = []
    for i, (_, cell) in enumerate(cells):
        cell_pieces, box, cell_bands = _cell_pieces(i, layout, cell)
        pieces += cell_pieces
        inner.append(box)
        bands.append(cell_bands)
    to_read = [(p, p.crop) for p in pieces if p.crop is not None]
    for (piece, _), (text, score) in zip(to_read, read_crops(engine, [crop for _, crop in to_read]), strict=True):
        piece.text, piece.score = text.strip(), score
    by_cell: dict[int, list[_Piece]] = {}
    for piece in pieces:
        by_cell.setdefault(piece.cell, []).append(piece)
    tables = []
    at = 0
    for index, grid in enumerate(layout.grids):
        mine = range(at, at + len(grid.cells))
        at += len(grid.cells)
        tables.append(_table(layout, grid, [(cells[i][1], by_cell.get(i, []), inner[i], bands[i]) for i in mine],
                             source, page, index, settings))
    return tables


def _table(layout: PageLayout, grid: PixelGrid,
           cells: list[tuple[PixelCell, list[_Piece], tuple[int, int, int, int], list[tuple[int, int]]]],
           source: str, page: int, index: int, settings: ExtractSettings) -> RawTable:
    """One grid's RawTable from its cells' read pieces, inner boxes and text bands."""
    dpi = layout.dpi
    out = []
    pt = POINTS_PER_INCH / dpi  # bboxes in points, as the PDF extractors give them
    touch = max(2, round(TOUCH_IN * dpi))
    foot = layout.grey.shape[0] - grid.ys[-1] <= PAGE_FOOT_IN * dpi
    marks = []
    for cell, mine, (_, y0, _, y1), cell_bands in cells:
        lines = sorted({p.line for p in mine})
        text = close_title_marks("\n".join(without_ruling_lines(
            [t for t in (_line_text([p for p in mine if p.line == n]) for n in lines) if t])))
        flags = set()
        if any(p.crop is not None and p.score < settings.ocr_min_confidence for p in mine):
            flags.add(LOW_CONFIDENCE)
        # As the PDF readers set them: no room for another line between the text and
        # that edge. A label cut by the page edge then reads as cut, as it does from
        # the text layer, though its last line ends a little above the ruling. A
        # table that stops well above the page's foot was not cut there: its last
        # row is flagged only where the text touches the ruling.
        lines_of_text = _without_specks(cell_bands)
        room = None
        if lines_of_text:
            line = LINE_HEIGHT * float(np.median([b - a for a, b in lines_of_text]))
            bottom_room = line if foot or cell.row + cell.rowspan < grid.n_rows else touch
            if lines_of_text[0][0] < line:
                flags.add(TEXT_AT_TOP)
            if (y1 - y0) - lines_of_text[-1][1] < bottom_room:
                flags.add(TEXT_AT_BOTTOM)
            room = _text_room(lines_of_text, y1 - y0, line)
        out.append(RawCell(row=cell.row, col=cell.col, text=repair_misreads(text), rowspan=cell.rowspan, colspan=cell.colspan,
                           bbox=(cell.x0 * pt, cell.y0 * pt, cell.x1 * pt, cell.y1 * pt), flags=frozenset(flags),
                           text_room=room))
        marks += [MarkBox(p.text or "", (p.box[0] * pt, p.box[1] * pt, p.box[2] * pt, p.box[3] * pt), cell.row, cell.col)
                  for p in mine if p.box is not None]
    return RawTable(source=source, page=page, index=index, n_rows=grid.n_rows, n_cols=grid.n_cols, cells=out,
                    marks=marks, dpi=dpi)
