"""The second look at crops read in doubt (catalogue/extract/ocr/recognise.py): how the
crop is prepared again, and when a second reading replaces the first."""

from __future__ import annotations

import numpy as np

from catalogue.extract.ocr.engine import SIMPLIFIED, Reading
from catalogue.extract.ocr.recognise import PAPER, _better, darker, tighter, weakest
from catalogue.schemas.vocabulary import OCR_TERMS


def reading(text: str, *steps: dict[str, float]) -> Reading:
    return Reading(text, 0.8, tuple(tuple(sorted(s.items(), key=lambda kv: -kv[1])) for s in steps))


def crop_with_ink(rows: tuple[int, int], height: int = 40, grey: int = 120) -> np.ndarray:
    crop = np.full((height, 60), PAPER, np.uint8)
    crop[rows[0]:rows[1], 10:50] = grey
    return crop


def test_tighter_cuts_the_border_down_to_a_share_of_the_ink() -> None:
    crop = crop_with_ink((12, 32))  # 20 rows of ink, 12 and 8 of paper around
    out = tighter(crop)
    ink = np.flatnonzero((out < PAPER).any(axis=1))
    assert ink[0] == 2 and out.shape[0] - 1 - ink[-1] == 2  # 0.1 of 20 rows
    assert tighter(np.full((10, 10), PAPER, np.uint8)).shape == (10, 10)


def test_darker_stretches_grey_ink_to_black_and_keeps_paper() -> None:
    crop = crop_with_ink((12, 32), grey=150)
    out = darker(crop)
    assert out[20, 20] == 0 and out[0, 0] == PAPER
    black = crop_with_ink((12, 32), grey=0)
    assert np.array_equal(darker(black), black)


def test_weakest_is_the_least_certain_character_step() -> None:
    r = reading("保陽", {"保": 0.99}, {"": 0.97}, {"陽": 0.45, "障": 0.4})
    assert weakest(r) == 0.45
    assert weakest(reading("")) == 1.0


def test_a_second_reading_replaces_the_first_only_han_for_han() -> None:
    first = reading("保陽", {"保": 0.99}, {"陽": 0.45, "障": 0.4})
    second = reading("保障", {"保": 0.99}, {"障": 0.8})
    assert _better(first, second, OCR_TERMS)
    assert not _better(second, first, OCR_TERMS)
    # Dropping the character in doubt is no better reading, however sure.
    assert not _better(first, reading("保", {"保": 0.99}), OCR_TERMS)
    # A mark's look-alike read on the first pass is not read away on the second.
    assert not _better(reading("口档案馆", {"口": 0.4}, {"档": 1.0}, {"案": 1.0}, {"馆": 1.0}),
                       reading("回档案馆", {"回": 0.9}, {"档": 1.0}, {"案": 1.0}, {"馆": 1.0}), OCR_TERMS)


def test_a_word_of_the_vocabulary_is_kept_from_a_second_look() -> None:
    # The first reading is a word: a second, even surer, reading does not replace it.
    first = reading("政务微博", {"政": 1.0}, {"务": 1.0}, {"微": 1.0}, {"博": 0.45, "信": 0.4})
    second = reading("政务微信", {"政": 1.0}, {"务": 1.0}, {"微": 1.0}, {"信": 0.9})
    assert not _better(first, second, OCR_TERMS)
    # A second reading that is a word replaces a first that is none.
    first = reading("政务徽博", {"政": 1.0}, {"务": 1.0}, {"徽": 0.9}, {"博": 0.45})
    assert _better(first, reading("政务微博", {"政": 1.0}, {"务": 1.0}, {"微": 0.6}, {"博": 0.4}), OCR_TERMS)


def test_a_japanese_form_read_as_its_traditional_twin_is_taken_back() -> None:
    # 门 drawn in a Japanese face's form was read 門 (family A's bilevel-200 /
    # national-catalogue: "县级财政部門", "部門]决算"); the catalogues are simplified.
    assert "县级财政部門".translate(SIMPLIFIED) == "县级财政部门"
    assert "详細规划".translate(SIMPLIFIED) == "详细规划"
