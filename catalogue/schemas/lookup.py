"""Cell text read against the vocabulary, by both stages.

extract/ picks a page's catalogue tables by their header words (extract/html.py) and
normalise/ gives columns their roles by the same words, so what both need to look a
text up sits here, below both: markup turned into the canonical marks
(`strip_markup`), the key a label is looked up by (`fold`), the options a label names
(`lookup`) and whether a text holds a mark wherever it stands (`has_strong_marks`).
"""

from __future__ import annotations

import functools
import html
import unicodedata
from dataclasses import dataclass

import regex

from catalogue.schemas.vocabulary import (
    CHECKED,
    KNOWN_EXTRA_CHANNELS,
    OPTIONS,
    SIMPLIFIED_FORMS,
    STRONG_MARKS,
    TRADITIONAL_FORMS,
    UNCHECKED,
    UNREADABLE,
    Option,
)

_SPACES = regex.compile(r"\s+")
# Unicode format characters: zero-width space and joiners, the byte-order mark, word
# joiner, soft hyphen, direction marks. Web pages and text copied from them carry them
# unseen; kept, they made two labels that look the same different keys.
# Not the zero-width non-joiner (U+200C) nor the Mongolian vowel separator (U+180E),
# which spell Uyghur and Mongolian words in a bilingual catalogue.
_FORMAT = regex.compile(r"(?:(?![\u200c\u180e])\p{Cf})+")

_INPUT_TAG = regex.compile(r"<input\b[^>]*>", regex.IGNORECASE)
_CHECKED_ATTR = regex.compile(r"\bchecked\b", regex.IGNORECASE)
_CHECKBOX_ATTR = regex.compile(r"type\s*=\s*[\"']?checkbox", regex.IGNORECASE)
# Task-list boxes that Markdown converters write: "[x] 政府网站 [ ] 政府公报".
_TASK_CHECKED = regex.compile(r"\[[xX✓√]\](?=\s*\S)")
_TASK_EMPTY = regex.compile(r"\[\s\](?=\s*\S)")
_BREAK_TAG = regex.compile(r"<br\s*/?>|</p\s*>|</div\s*>|</li\s*>", regex.IGNORECASE)
_ANY_TAG = regex.compile(r"</?[A-Za-z][A-Za-z0-9:-]*\b[^<>]*>")


def _input_to_mark(match: regex.Match[str]) -> str:
    tag = match.group(0)
    if not _CHECKBOX_ATTR.search(tag):
        return " "
    return f" {CHECKED if _CHECKED_ATTR.search(tag) else UNCHECKED}"


# A glyph the text layer could not map (pdfminer writes "(cid:86)"; others U+FFFD):
# where it stands before an option it is a mark we cannot read.
_UNMAPPED_GLYPH = regex.compile(r"\(cid:\d+\)|\ufffd")


def strip_markup(text: str) -> str:
    """Checkbox inputs become mark characters; other tags go; entities are decoded;
    format characters (zero-width, BOM, soft hyphen: _FORMAT) go."""
    if _FORMAT.search(text):
        text = _FORMAT.sub("", text)
    if "(cid:" in text or "\ufffd" in text:
        text = _UNMAPPED_GLYPH.sub(UNREADABLE, text)
    if "[" in text:
        text = _TASK_EMPTY.sub(UNCHECKED, _TASK_CHECKED.sub(CHECKED, text))
    if "<" not in text and "&" not in text:
        return text
    text = _INPUT_TAG.sub(_input_to_mark, text)
    text = _BREAK_TAG.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    text = html.unescape(text)  # &#8203; and &shy; become format characters here
    return _FORMAT.sub("", text) if _FORMAT.search(text) else text


# Option and header labels repeat on every row of a catalogue: a few thousand distinct
# strings are folded hundreds of thousands of times on a long file.
FOLD_CACHE = 8192


_SIMPLIFIED = str.maketrans(TRADITIONAL_FORMS, SIMPLIFIED_FORMS)


def simplified(text: str) -> str:
    """The text with the vocabulary's traditional characters folded to simplified ones,
    character for character (so positions in it are positions in `text`)."""
    return text.translate(_SIMPLIFIED)


@functools.lru_cache(maxsize=FOLD_CACHE)
def fold(text: str) -> str:
    """The key a label is looked up by: NFKC, no whitespace, the vocabulary's
    traditional characters as simplified ones (公開內容 is 公开内容)."""
    return simplified(_SPACES.sub("", _FORMAT.sub("", unicodedata.normalize("NFKC", text))))



@functools.lru_cache(maxsize=FOLD_CACHE)
def label_key(text: str) -> str:
    """fold(strip_markup(text)): the key a cell's text is compared and looked up by, its
    markup gone. Cached as fold is: the normaliser asks it of every cell of every row
    several times (headers, dittos, header words), most of them texts that repeat."""
    return fold(strip_markup(text))


@dataclass(frozen=True)
class OptionIndex:
    exact: dict[str, tuple[Option, ...]]  # folded label or synonym → the options it names
    keys: tuple[tuple[str, Option], ...]  # every folded label and synonym with its option


@functools.lru_cache(maxsize=1)
def option_index() -> OptionIndex:
    exact: dict[str, list[Option]] = {}
    keys: list[tuple[str, Option]] = []
    for option in OPTIONS:
        for name in (option.label, *option.synonyms):
            key = fold(name)
            exact.setdefault(key, []).append(option)
            keys.append((key, option))
    return OptionIndex({k: tuple(v) for k, v in exact.items()}, tuple(keys))


def lookup(label: str) -> tuple[Option, ...]:
    """Options a whole label names (several where a word belongs to two groups, like 其他)."""
    return option_index().exact.get(fold(label), ())


def has_strong_marks(text: str) -> bool:
    """Whether the text holds a mark that is one wherever it stands (☑, ☐, □ …)."""
    return not STRONG_MARKS.isdisjoint(text)


MIN_PREFIX = 2  # a cut label must keep at least this many characters to be recognised
# The label lookups below scan every option name and are asked again for the same few
# thousand segment labels of a file's option cells (every item repeats them), so they
# are cached; bounded, so a file of all-different cells costs a fixed amount of memory.
LABEL_CACHE_SIZE = 8192


@functools.lru_cache(maxsize=1)
def extra_keys() -> tuple[str, ...]:
    """The folded names of the channels outside the named ones that catalogues commonly list."""
    return tuple(fold(x) for x in KNOWN_EXTRA_CHANNELS)


@functools.lru_cache(maxsize=LABEL_CACHE_SIZE)
def is_label_end(text: str) -> bool:
    """Whether an option label ends `text` (a weak mark may follow its label)."""
    key = fold(text)[-12:]
    if len(key) < MIN_PREFIX:
        return False
    keys = [k for k, _ in option_index().keys] + list(extra_keys())
    return any(key.endswith(k) for k in keys)


@functools.lru_cache(maxsize=LABEL_CACHE_SIZE)
def is_label_start(text: str) -> bool:
    """Whether an option label begins `text` (used to accept weak marks such as Wingdings 'R')."""
    key = fold(text)[:12]
    if len(key) < MIN_PREFIX:
        return False
    keys = [k for k, _ in option_index().keys] + list(extra_keys())
    return any(key.startswith(k) for k in keys)
