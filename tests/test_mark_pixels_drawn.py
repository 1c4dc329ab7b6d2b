"""Box marks judged from drawn cells (ocr/mark_pixels.py): each crop draws what a scan of
family B's tuning half shows (issue 20, round eight), with the look-alike a rule must
keep out. The insides of the ☒ and of 政 are the pixels of the scans themselves."""

from __future__ import annotations

import cv2
import numpy as np

from catalogue.extract.ocr import mark_pixels as mk
from catalogue.raw import CHECKED, UNCHECKED

PAPER = 240

# The hard ink inside a ☒ glyph of the Word print (DejaVu Sans, 7 pt) scanned by a worn
# copier at 200 dpi: its arms 2-3 px thick meet in a blob that runs the inside's height.
CROSS_INSIDE = """
11000001
11100011
01111111
00111110
00111110
01111110
11110111
11100011
11000001
"""
# The same place in 政 of a bold 1-bit scan (family A's bilevel-200), which a frame's
# outline also closes round: 正's upright runs down the whole left edge.
ZHENG_INSIDE = """
01110001111
01110001110
01110011110
01111111110
01111111110
01110011110
01110000111
01110000011
01110000011
"""


def _wang(ink: np.ndarray, x: int, y0: int, y1: int) -> None:
    """A label's first character (王: three bars and an upright, no frame) at column `x`."""
    for y in (y0, (y0 + y1) // 2, y1 - 2):
        ink[y: y + 2, x: x + 18] = 255
    ink[y0: y1, x + 8: x + 10] = 255


def _bits(text: str) -> np.ndarray:
    return np.array([[255 if c == "1" else 0 for c in line] for line in text.split()], np.uint8)


def test_a_blurred_cross_in_a_small_box_is_a_cross_and_a_characters_strokes_are_not():
    assert mk._blurred_cross(_bits(CROSS_INSIDE))
    assert not mk._blurred_cross(_bits(ZHENG_INSIDE))
    # 田's inside: a bar across and one down, meeting the middle of every edge.
    tian = np.zeros((9, 9), np.uint8)
    tian[4, :] = tian[:, 4] = 255
    assert not mk._blurred_cross(tian)
    # A tick: no ink in the top left corner.
    tick = np.zeros((9, 9), np.uint8)
    for i in range(9):
        tick[8 - i, i] = 255
        tick[min(8, 4 + i // 2), i // 2] = 255
    assert not mk._blurred_cross(tick)


# The top left of the channel cell "☒政府网站 ☐政府公报 …" on that copier page, its hard
# ink as the cell's rulings were taken out: the ☒ (14 by 15 px) and its label's 政.
CROSS_CELL = """
00000000000000000000000000000000
00000000000000000000000000111110
00000001111111111111100001111111
00000001111111010111100000001110
00000001111100000000100000001100
00000001101100000110100000001100
00000001101110001110100001101110
00000001100111111100100001111111
00000001100011111000100001101111
00000001100011111000100001101110
00000001100111111000100001101100
00000001101111011100100001101100
00000001101110001110100001101100
00000001111100000110100001111110
00000001111110000111100001111111
00000001111111111111100011111111
00000001111111111111100011111100
00000000000000000000000000000000
"""


def test_a_crossed_box_glyph_whose_arms_blur_together_is_checked():
    marks = mk.find_boxes(_bits(CROSS_CELL), 200)
    assert [(m.x0, m.y0, m.x1, m.y1, m.state) for m in marks] == [(7, 2, 21, 17, CHECKED)]


def _drawn_box(grey: np.ndarray, x: int, y: int, side: int) -> np.ndarray:
    cv2.rectangle(grey, (x, y), (x + side - 1, y + side - 1), 70, 2)
    return np.where(grey < 150, 255, 0).astype(np.uint8)


def test_a_box_with_a_hairline_cross_is_checked():
    # A Word form's ☒ (0.11 in, 21 px at 200 dpi): a dark frame, its cross a hairline that
    # prints grey 190-215 on paper at 240, in neither the hard nor the soft ink.
    grey = np.full((50, 50), PAPER, np.uint8)
    cv2.line(grey, (15, 15), (31, 31), 200, 1)
    cv2.line(grey, (31, 15), (15, 31), 200, 1)
    ink = _drawn_box(grey, 12, 12, 23)
    assert [m.state for m in mk.find_boxes(ink, 200)] == [UNCHECKED]  # the ink alone shows no cross
    assert [m.state for m in mk.find_boxes(ink, 200, grey=grey)] == [CHECKED]
    # Dust and paper texture inside an empty box make no cross.
    empty = np.full((50, 50), PAPER, np.uint8)
    rng = np.random.default_rng(20)
    spots = rng.integers(16, 31, size=(12, 2))
    empty[spots[:, 0], spots[:, 1]] = 205
    assert [m.state for m in mk.find_boxes(_drawn_box(empty, 12, 12, 23), 200, grey=empty)] == [UNCHECKED]


def test_a_solid_square_with_its_label_hard_against_it_is_checked():
    # A ■ (0.09 in) with its label's first character 1 px to its right, as a photograph's
    # blur sets it: black to its core.
    ink = np.zeros((40, 70), np.uint8)
    ink[10:28, 10:28] = 255
    _wang(ink, 29, 9, 29)
    assert [m.state for m in mk.find_boxes(ink, 200, dark=ink)] == [CHECKED]
    # A dense character that a bold 1-bit scan made a blob as big (置, a 、 hard after it)
    # has paper in its core: rows of it, a tenth of the core.
    dark = ink.copy()
    dark[16, 14:24] = dark[21, 14:24] = 0
    assert mk.find_boxes(ink, 200, dark=dark) == []
    # Ink across the ring above it too: part of a bold character, not a ■.
    ink[5:9, 15:22] = 255
    assert mk.find_boxes(ink, 200, dark=ink) == []


def test_a_light_box_glyph_broken_into_two_halves_is_a_box():
    # A ▫ of 11 px printed light (grey 185 on paper at 240, a 150 dpi JPEG): the soft ink
    # lost a piece of its top and of its foot, so it is a [ and a ] side by side.
    grey = np.full((40, 60), PAPER, np.uint8)
    grey[15:25, 15:26] = 185
    grey[17:23, 17:24] = PAPER
    grey[15:17, 20] = grey[23:25, 20] = 225  # the lighter pieces, cut from the soft ink
    soft = np.where(grey < 220, 255, 0).astype(np.uint8)
    assert mk.find_glyph_marks(soft, 200, hard=soft) == []  # no closed frame in the ink
    assert [(m.x0, m.x1, m.state) for m in mk.find_glyph_marks(soft, 200, hard=soft, grey=grey)] \
        == [(15, 26, UNCHECKED)]
    # Two upright strokes side by side (a "||", or 川's outer strokes) have no top or foot.
    bars = np.full((40, 60), PAPER, np.uint8)
    bars[15:25, 15:17] = bars[15:25, 24:26] = 185
    ink = np.where(bars < 220, 255, 0).astype(np.uint8)
    assert mk.find_glyph_marks(ink, 200, hard=ink, grey=bars) == []


# A ✓ glyph starting a channel cell of family C's 150 dpi JPEG 35, blurred page (issue 20,
# round nine), its ink as the scan has it: the short arm is a blot and the glyph fills
# 0.504 of its bounding box.
BLURRED_TICK = """
00000000111
00000001111
00000011111
00000111110
00000111110
00111111100
11111111000
11111110000
11111110000
11111100000
01111000000
"""


# On family A's blurred 200 dpi page, a 《 with the next character's part blurred into
# it: a blob of a character's size (16 by 16 px) as full (0.535) and as tick-like.
BRACKET_BLOB = """
0000000000000100
0000000011001110
0000000111111110
0000001111111111
0000000111111111
0110000011111110
1111000011111110
0111000111111110
0111000111111110
0111000011111110
0111000011111100
0111001111111110
0011111111111110
0011100001111100
0011100000111000
0011000000110000
"""


def test_a_blurred_tick_glyph_whose_short_arm_is_a_blot_is_checked():
    ink = np.zeros((40, 60), np.uint8)
    tick = _bits(BLURRED_TICK)
    ink[12:23, 8:19] = tick
    _wang(ink, 24, 11, 27)  # its label's first character, a space's width after it
    assert [(m.x0, m.y0, m.x1, m.y1, m.state) for m in mk.find_glyph_marks(ink, 200, hard=ink)] \
        == [(8, 12, 19, 23, CHECKED)]
    # The same outline with the notch under its long arm filled (0.64 of its box) is a
    # blot (a character's part blurred together), not a tick.
    blot = ink.copy()
    blot[19:23, 15:19] = 255
    assert mk.find_glyph_marks(blot, 200, hard=blot) == []
    # As full, but of a character's size: no text-size ✓.
    big = np.zeros((40, 60), np.uint8)
    big[10:26, 6:22] = _bits(BRACKET_BLOB)
    _wang(big, 27, 9, 27)
    assert mk.find_glyph_marks(big, 200, hard=big) == []


def _wang_grey(grey: np.ndarray, x: int, y0: int, y1: int, level: int = 90) -> None:
    """王 in the grey, printed dark, at column `x` (see `_wang`)."""
    for y in (y0, (y0 + y1) // 2, y1 - 2):
        grey[y: y + 2, x: x + 14] = level
    grey[y0: y1, x + 6: x + 8] = level


def test_a_light_box_glyph_hard_after_its_label_with_one_side_in_the_ink_is_a_box():
    # "政务微博▫政务微信" on family C's 150 dpi JPEG 35, blurred page (issue 20, round nine):
    # an 11 px ▫ printed light (grey 190) a pixel after the label before it; only its right
    # side is dark enough for the soft ink (grey 150), the rest is in the grey only, and
    # read with the label it was a stray "：".
    grey = np.full((40, 80), PAPER, np.uint8)
    _wang_grey(grey, 5, 12, 26)
    grey[14:25, 20:31] = 190
    grey[16:23, 22:29] = PAPER
    grey[14:25, 29:31] = 150
    _wang_grey(grey, 36, 12, 26)
    soft = np.where(grey < 170, 255, 0).astype(np.uint8)
    assert mk.find_glyph_marks(soft, 200, hard=soft) == []  # no frame in the ink
    found = mk.find_glyph_marks(soft, 200, hard=soft, grey=grey)
    assert [m.state for m in found] == [UNCHECKED]
    # The frame, to within SIDE_ONLY_SLACK: its rows and far side are read in the grey.
    frame = (20, 14, 31, 25)
    assert all(abs(a - b) <= mk.SIDE_ONLY_SLACK for a, b in zip((found[0].x0, found[0].y0, found[0].x1, found[0].y1),
                                                                frame, strict=True))
    # Ink across the middle of that frame (a character's strokes, or a tick the soft ink
    # lost) makes it no empty box.
    crossed = grey.copy()
    crossed[19:21, 22:29] = 170
    assert mk.find_glyph_marks(soft, 200, hard=soft, grey=crossed) == []
    # With no label after it (the stroke ends its line), it is no option's box.
    alone = grey.copy()
    alone[:, 34:] = PAPER
    ink = np.where(alone < 170, 255, 0).astype(np.uint8)
    assert mk.find_glyph_marks(ink, 200, hard=ink, grey=alone) == []
    # An upright stroke standing alone, with no frame in the grey beside it (a 1 or 川's
    # last stroke), is no box.
    bare = np.full((40, 80), PAPER, np.uint8)
    _wang_grey(bare, 5, 12, 26)
    bare[14:25, 29:31] = 150
    _wang_grey(bare, 36, 12, 26)
    ink = np.where(bare < 170, 255, 0).astype(np.uint8)
    assert mk.find_glyph_marks(ink, 200, hard=ink, grey=bare) == []
