"""Text repair: markup out (schemas/lookup.py), wrap spaces out, footnote markers off labels."""

from __future__ import annotations

import functools

import regex

from catalogue.schemas.lookup import FOLD_CACHE, strip_markup
from catalogue.schemas.mark_segments import remove_marks
from catalogue.schemas.vocabulary import FOOTNOTE_MARKERS

# Characters next to which a line wrap leaves no real space: Han, CJK punctuation,
# full-width forms and the quotes/dashes Chinese text uses.
_CJK = (
    r"\p{Han}\p{Block=CJK_Symbols_and_Punctuation}\p{Block=Halfwidth_and_Fullwidth_Forms}"
    r"\p{Block=CJK_Compatibility_Forms}\p{Block=Vertical_Forms}"
    r"\u2018-\u201f\u2026\u2014\u00b7\u2022\u25a0-\u25ff\u2610-\u2612\u2713-\u2718\u2460-\u24ff"
)
_WRAP_SPACE = regex.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_SPACES = regex.compile(r"\s+")

_FOOTNOTE_NOTE = regex.compile(rf"\s*注\s*[：:]\s*[{FOOTNOTE_MARKERS}\d\s]*$")
_FOOTNOTE_MARK = regex.compile(rf"[{FOOTNOTE_MARKERS}]")


@functools.lru_cache(maxsize=FOLD_CACHE)  # option labels again: the same few thousand strings
def repair_wraps(text: str) -> str:
    """Fold whitespace; drop it wherever either neighbour is Han, CJK punctuation or full-width."""
    text = _SPACES.sub(" ", text).strip()
    return _WRAP_SPACE.sub("", text)


def clean_text(text: str | None) -> str | None:
    """A text value as the contract wants it: no markup, no wrap spaces, no marks; None if empty."""
    if text is None:
        return None
    return _clean(text)


# Most values of a long catalogue repeat from item to item (categories, 公开主体, 公开依据,
# 公开时限, the other columns): each distinct text is cleaned once, not once an item.
@functools.lru_cache(maxsize=FOLD_CACHE)
def _clean(text: str) -> str | None:
    return repair_wraps(remove_marks(strip_markup(text))) or None


def clean_label(text: str | None) -> str | None:
    """A category label: clean text without footnote markers (注：①, ①)."""
    return None if text is None else _clean_label(text)


@functools.lru_cache(maxsize=FOLD_CACHE)  # a category's label repeats on each of its items
def _clean_label(text: str) -> str | None:
    value = _clean(text)
    if value is None:
        return None
    value = _FOOTNOTE_NOTE.sub("", value)
    value = _FOOTNOTE_MARK.sub("", value).strip()
    return value or None
