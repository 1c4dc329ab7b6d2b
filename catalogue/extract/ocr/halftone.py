"""Pages whose paper is a field of dots: a 1-bit scan or fax made in a halftone
(photo) mode dithers the paper's light grey into scattered black dots, so every cell,
gap and margin is speckled. The grid finder and the recogniser read the dots as ink
(text around every character, rulings everywhere), and such a page came out as
hundreds of junk items. Blurring at the dots' scale turns the field back into the
grey it stands for, and the page is read as a grey scan."""

from __future__ import annotations

import cv2
import numpy as np

INK_SPLIT = 128  # a 1-bit page's render is black or white but for its resampled edges
# A dot is an ink pixel with at most one other ink pixel among its eight neighbours:
# a character's stroke, a ruling or a box has more.
DOT_NEIGHBOURS = 1
# Dots per page pixel above which the page is a halftone. The speckliest scans of the
# project's families (a worn copier's toner, a fax's salt and pepper) have at most
# 0.0011 of their pixels so; paper as light as 0.93 grey dithered has about 0.04. At
# 0.01 a scan must be ten times as speckled as any seen to be taken for a halftone.
HALFTONE_DOTS = 0.01
# The blur's standard deviation, inches: a pixel at 200 dpi, about half the spacing of
# a light grey's dots there, which leaves a 10 pt character's strokes (two pixels and
# more) dark enough to read.
BLUR_IN = 1 / 200
PAPER_SHARE = 90  # percentile of the blurred page taken for its paper


def _grey(image: np.ndarray) -> np.ndarray:
    return image if image.ndim == 2 else cv2.cvtColor(np.ascontiguousarray(image[:, :, :3]), cv2.COLOR_RGB2GRAY)


def dot_share(grey: np.ndarray) -> float:
    """The share of the page's pixels that are lone dots of ink."""
    ink = (grey < INK_SPLIT).astype(np.uint8)
    if not ink.any():
        return 0.0
    around = cv2.filter2D(ink, cv2.CV_16S, np.ones((3, 3), np.float32), borderType=cv2.BORDER_CONSTANT) - ink
    return float(((ink == 1) & (around <= DOT_NEIGHBOURS)).mean())


def descreen(image: np.ndarray, dpi: float) -> np.ndarray | None:
    """The page as grey, its dots blurred into the paper's tone and the paper made
    white again; None when the page is no halftone."""
    grey = _grey(image)
    if dot_share(grey) < HALFTONE_DOTS:
        return None
    blurred = cv2.GaussianBlur(grey, (0, 0), max(0.5, BLUR_IN * dpi))
    paper = float(np.percentile(blurred, PAPER_SHARE))
    return np.clip(blurred.astype(np.float32) * (255.0 / max(1.0, paper)), 0, 255).astype(np.uint8)
