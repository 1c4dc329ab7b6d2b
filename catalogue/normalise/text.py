"""Text repair: markup out, wrap spaces out, footnote markers off labels."""

from __future__ import annotations

import functools
import html
import unicodedata

import regex

from catalogue.normalise.marks import remove_marks
from catalogue.raw import CHECKED, UNCHECKED, UNREADABLE
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

_INPUT_TAG = regex.compile(r"<input\b[^>]*>", regex.IGNORECASE)
_CHECKED_ATTR = regex.compile(r"\bchecked\b", regex.IGNORECASE)
_CHECKBOX_ATTR = regex.compile(r"type\s*=\s*[\"']?checkbox", regex.IGNORECASE)
# Task-list boxes that Markdown converters write: "[x] 政府网站 [ ] 政府公报".
_TASK_CHECKED = regex.compile(r"\[[xX✓√]\](?=\s*\S)")
_TASK_EMPTY = regex.compile(r"\[\s\](?=\s*\S)")
_BREAK_TAG = regex.compile(r"<br\s*/?>|</p\s*>|</div\s*>|</li\s*>", regex.IGNORECASE)
_ANY_TAG = regex.compile(r"</?[A-Za-z][A-Za-z0-9:-]*\b[^<>]*>")

_FOOTNOTE_NOTE = regex.compile(rf"\s*注\s*[：:]\s*[{FOOTNOTE_MARKERS}\d\s]*$")
_FOOTNOTE_MARK = regex.compile(rf"[{FOOTNOTE_MARKERS}]")


def _input_to_mark(match: regex.Match[str]) -> str:
    tag = match.group(0)
    if not _CHECKBOX_ATTR.search(tag):
        return " "
    return f" {CHECKED if _CHECKED_ATTR.search(tag) else UNCHECKED}"


# A glyph the text layer could not map (pdfminer writes "(cid:86)"; others U+FFFD):
# where it stands before an option it is a mark we cannot read.
_UNMAPPED_GLYPH = regex.compile(r"\(cid:\d+\)|\ufffd")


def strip_markup(text: str) -> str:
    """Checkbox inputs become mark characters; other tags go; entities are decoded."""
    if "(cid:" in text or "\ufffd" in text:
        text = _UNMAPPED_GLYPH.sub(UNREADABLE, text)
    if "[" in text:
        text = _TASK_EMPTY.sub(UNCHECKED, _TASK_CHECKED.sub(CHECKED, text))
    if "<" not in text and "&" not in text:
        return text
    text = _INPUT_TAG.sub(_input_to_mark, text)
    text = _BREAK_TAG.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    return html.unescape(text)


# Option and header labels repeat on every row of a catalogue: a few thousand distinct
# strings are folded hundreds of thousands of times on a long file.
FOLD_CACHE = 8192


@functools.lru_cache(maxsize=FOLD_CACHE)  # option labels again: the same few thousand strings
def repair_wraps(text: str) -> str:
    """Fold whitespace; drop it wherever either neighbour is Han, CJK punctuation or full-width."""
    text = _SPACES.sub(" ", text).strip()
    return _WRAP_SPACE.sub("", text)


def clean_text(text: str | None) -> str | None:
    """A text value as the contract wants it: no markup, no wrap spaces, no marks; None if empty."""
    if text is None:
        return None
    value = repair_wraps(remove_marks(strip_markup(text)))
    return value or None


def clean_label(text: str | None) -> str | None:
    """A category label: clean text without footnote markers (注：①, ①)."""
    value = clean_text(text)
    if value is None:
        return None
    value = _FOOTNOTE_NOTE.sub("", value)
    value = _FOOTNOTE_MARK.sub("", value).strip()
    return value or None


@functools.lru_cache(maxsize=FOLD_CACHE)
def fold(text: str) -> str:
    """The key a label is looked up by: NFKC, no whitespace."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))
