"""Reading a page's line crops: one pass of the recogniser over all of them, the
vocabulary check on each reading, and a second look at the crops read in doubt.

A step of the CTC output that the recogniser gives its best class with little
certainty is where a misread sits ("保陽" for 保障, "信思" for 信息). Such a crop is read
again, prepared otherwise: at another scale (the text filling more of the recogniser's
48 pixels: the border cut down) and with its ink stretched to black (a worn copy's grey
strokes). A second reading replaces the first only where it puts Han characters for Han
characters (as the vocabulary check does), and when it is a word of the vocabulary and
the first is not, or its least certain step is more certain: a reading that drops the
character in doubt is not a better one.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

from catalogue.extract.ocr.engine import OcrEngine, Reading
from catalogue.extract.ocr.vocabulary_check import (
    han_substitutions,
    office_word_near,
    organisation_reading,
    vocabulary_reading,
)
from catalogue.schemas.vocabulary import OCR_TERMS

# A crop whose least certain character step is below this is read a second time. At 0.5
# another class can hold as much as the one read; above it the best class outweighs
# every other together, and a second look costs recognition time for little.
SECOND_PASS_BELOW = 0.5
# The second look's smaller border above and below the text, as a share of the ink's
# height (the first pass's is 0.3 of the line: page.CROP_PAD_SHARE), and its least:
# the recogniser wants some margin.
TIGHT_PAD_SHARE = 0.1
TIGHT_PAD_MIN = 2
# Paper is 255 in a crop (page._crop paints everything but the kept ink white); the ink
# is stretched so that this percentile of its pixels becomes black.
INK_DARK_PERCENTILE = 5
PAPER = 255


def weakest(reading: Reading) -> float:
    """The probability of the least certain step that reads a character (1.0: none)."""
    return min((step[0][1] for step in reading.steps if step and step[0][0].strip()), default=1.0)


def tighter(crop: np.ndarray) -> np.ndarray:
    """The crop with a smaller border above and below its ink: the text larger in the
    recogniser's fixed height."""
    rows = np.flatnonzero((crop < PAPER).any(axis=1) if crop.ndim == 2 else (crop < PAPER).any(axis=(1, 2)))
    if rows.size == 0:
        return crop
    pad = max(TIGHT_PAD_MIN, round(TIGHT_PAD_SHARE * (rows[-1] - rows[0] + 1)))
    return np.ascontiguousarray(crop[max(0, rows[0] - pad): rows[-1] + 1 + pad])


def darker(crop: np.ndarray) -> np.ndarray:
    """The crop with its ink stretched to black and its paper left white."""
    ink = crop[crop < PAPER]
    if ink.size == 0:
        return crop
    dark = float(np.percentile(ink, INK_DARK_PERCENTILE))
    if dark <= 0:
        return crop
    scale = PAPER / max(1.0, PAPER - dark)
    return np.clip((crop.astype(np.float32) - dark) * scale, 0, PAPER).astype(np.uint8)


SECOND_LOOKS: tuple[Callable[[np.ndarray], np.ndarray], ...] = (tighter, darker)
# The office-word look's wider border above and below the crop, as a share of its
# height: the text smaller in the recogniser's 48 pixels, as a smaller print's would be.
LOOSE_PAD_SHARE = 1 / 3
# The office-word look's narrower crop, as a share of its width: the glyphs drawn in
# the proportions of a narrower face.
NARROW_SHARE = 0.8


def looser(crop: np.ndarray) -> np.ndarray:
    """The crop with a wider paper border above and below: its text smaller."""
    pad = max(TIGHT_PAD_MIN, round(LOOSE_PAD_SHARE * crop.shape[0]))
    paper = PAPER if crop.ndim == 2 else (PAPER,) * crop.shape[2]
    return cv2.copyMakeBorder(crop, pad, pad, 0, 0, cv2.BORDER_CONSTANT, value=paper)


def narrower(crop: np.ndarray) -> np.ndarray:
    """The crop squeezed across: its glyphs in a narrower face's proportions."""
    width = max(1, round(NARROW_SHARE * crop.shape[1]))
    return cv2.resize(crop, (width, crop.shape[0]), interpolation=cv2.INTER_AREA)


# Where a character of a crop, changed, would make an office word (部内 for 部门), the
# crop is read again in these preparations and their candidates join the first
# reading's (organisation_reading): a glyph drawn in another face's form (门 in a
# Japanese face's, its dot an upright stroke) can be read 内 with certainty at one
# scale and 门 at another, so the recogniser's doubt shows only across preparations.
OFFICE_LOOKS: tuple[Callable[[np.ndarray], np.ndarray], ...] = (looser, narrower)


def _better(first: Reading, second: Reading, vocabulary: frozenset[str]) -> bool:
    a, b = vocabulary_reading(first, vocabulary).strip(), vocabulary_reading(second, vocabulary).strip()
    # As the vocabulary check: Han characters for Han characters only, so a mark's
    # look-alike, a stop or a character in doubt is never dropped by a second look.
    if a in vocabulary or han_substitutions(a, b) is None:
        return False
    return b in vocabulary or weakest(second) > weakest(first)


def read_crops(engine: OcrEngine, crops: list[np.ndarray],
               vocabulary: frozenset[str] = OCR_TERMS) -> list[tuple[str, float]]:
    """Text and confidence of each line crop, checked against the vocabulary, with a
    second look at the crops read in doubt."""
    readings = engine.read(crops)
    doubtful = [i for i, r in enumerate(readings) if r.text.strip() and weakest(r) < SECOND_PASS_BELOW]
    for look in SECOND_LOOKS:
        if not doubtful:
            break
        again = engine.read([look(crops[i]) for i in doubtful])
        for i, second in zip(doubtful, again, strict=True):
            if _better(readings[i], second, vocabulary):
                readings[i] = second
        doubtful = [i for i in doubtful if weakest(readings[i]) < SECOND_PASS_BELOW]
    near = [i for i, r in enumerate(readings)
            if vocabulary_reading(r, vocabulary) == r.text and office_word_near(r.text)]
    others: dict[int, list[Reading]] = {i: [] for i in near}
    for look in OFFICE_LOOKS if near else ():
        for i, other in zip(near, engine.read([look(crops[i]) for i in near]), strict=True):
            others[i].append(other)
    return [(checked_reading(r, vocabulary, tuple(others.get(i, ()))), r.score) for i, r in enumerate(readings)]


def checked_reading(reading: Reading, vocabulary: frozenset[str], others: tuple[Reading, ...] = ()) -> str:
    """The piece as a word of the vocabulary (`vocabulary_reading`), else with a word of
    an office's name that its own candidates, or those of `others` (the crop read in
    OFFICE_LOOKS), spell (`organisation_reading`)."""
    text = vocabulary_reading(reading, vocabulary)
    return organisation_reading(reading, others=others) if text == reading.text else text
