"""Small pictures in a table's cells read as marks, for every input that places pictures
(PDF pages, Word runs, pictures anchored in a sheet's cells).

Where the font has no ✓, people paste a tick as a picture in front of each checked
option (or over a one-option cell) and type □ before the others, or leave them blank. A
picture says nothing of itself; where it sits says which option it marks, and what it
shows only that it is some mark. So the pictures of a mark's size are ticks (☑) where
they cannot be anything else: all of one kind (the same picture placed again and again)
and the text around them has no checked glyph of its own. Two kinds (a tick and an empty
box pasted alike), or ticks typed as well, cannot be told apart by place: each picture
is then ⍰, which the normaliser reports as mark_unreadable, never as a tick.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import regex

from catalogue.raw import CHECKED, UNREADABLE
from catalogue.schemas.headers import HEADER_SEARCH_ROWS, ROLE_OPTION, header_role, is_header_row
from catalogue.schemas.lookup import fold, lookup, option_index
from catalogue.schemas.vocabulary import (
    CHECKED_MARKS,
    OPTION_GROUPS,
    PRIVATE_USE_CHECKED,
    ROLE_METHOD,
)

# Points: a picture standing for a mark is about a glyph of the text beside it (a cell's
# text is 8 to 16 points); a seal, a logo or a photo is several times larger, and a picture
# smaller than the smallest glyph is a spacer or a rule's dot, not a mark anyone can see.
MARK_MIN_POINTS, MARK_MAX_POINTS = 3.0, 20.0
# Width / height of a mark's picture: a tick or a box is about square, a pasted word or a
# signature is long.
MARK_ASPECT = (0.5, 2.0)
# EMU (the unit of Office drawings) in a point.
EMU_PER_POINT = 12_700
# Bytes: a mark's picture is a few kilobytes (a 48-pixel PNG is under one); the data of a
# picture larger than this is not read to tell its kind (a photo scaled down to a glyph's
# size, drawn a thousand times, would cost that many copies), and it is a kind of its own.
MARK_MAX_BYTES = 256 * 1024
# A catalogue page has at most a thousand or so option cells (60 rows of 20 options);
# a page with more pictures of a mark's size than this is a pattern or a forged page, no
# catalogue's: the data of the pictures past it is never read (a picture placed 40,000
# times would be copied and digested 40,000 times), and the page is too complex to read.
MAX_PAGE_PICTURES = 5_000
# Checked glyphs typed in the text, which make a picture beside them no tick for certain.
_TYPED_TICKS = CHECKED_MARKS | PRIVATE_USE_CHECKED | {CHECKED}


def is_mark_sized(width: float, height: float) -> bool:
    """Whether a picture `width` × `height` points could stand for a mark glyph."""
    if not (MARK_MIN_POINTS <= width <= MARK_MAX_POINTS and MARK_MIN_POINTS <= height <= MARK_MAX_POINTS):
        return False
    return MARK_ASPECT[0] <= width / height <= MARK_ASPECT[1]


def kind_of(data: bytes) -> str:
    """What a picture shows, as far as telling two apart goes: a digest of its bytes."""
    return hashlib.sha256(data).hexdigest()


def large_kind(size: int) -> str:
    """The kind of a picture whose data is past MARK_MAX_BYTES, told by its size alone."""
    return f"large:{size}"


def picture_mark(kinds: Iterable[str], texts: Iterable[str]) -> str:
    """The mark every mark-sized picture of a document (or page) stands for: ☑ where they
    are all of one kind and `texts` (the text they sit among) have no checked glyph, else ⍰."""
    if len(set(kinds)) != 1:
        return UNREADABLE
    if any(ch in _TYPED_TICKS for text in texts for ch in text):
        return UNREADABLE
    return CHECKED


def option_places(rows: list[list[str]]) -> tuple[int, set[int]] | None:
    """Where a picture in a table can be a mark: the first row under its header and the
    columns whose header cell (`rows` give a merged cell's text to each column it covers)
    names an option or a group of options (公开方式, 公开渠道, 主动, 政府网站); None where
    no header is found among the first rows. A picture anywhere else, a logo in the
    title, an icon in a 公开主体 cell or beside the table, marks nothing: it is left
    alone, and it is no kind among the marks' (picture_mark)."""
    start = next((r for r in range(min(HEADER_SEARCH_ROWS, len(rows))) if is_header_row(rows[r])), None)
    if start is None:
        return None
    end = start + 1
    while end < len(rows) and is_header_row(rows[end], rows[end - 1]):
        end += 1
    columns: set[int] = set()
    for row in rows[start:end]:
        for c, text in enumerate(row):
            role = header_role(text) if text.strip() else None
            if role is not None and role.role in (*OPTION_GROUPS, ROLE_METHOD, ROLE_OPTION):
                columns.add(c)
    return end, columns


_WORD_BREAK = regex.compile(r"[^\p{L}\p{N}]+")  # spaces, punctuation and mark glyphs between option names


def names_options(text: str) -> bool:
    """Whether a cell holding pictures is an options cell: its text, split at spaces,
    punctuation and mark glyphs, names an option (□主动公开 □依申请公开), or it has no
    text (a one-option cell). A 公开主体 or a content cell names none."""
    words = [w for w in _WORD_BREAK.split(text) if w]
    return not words or any(lookup(w) for w in words)


# A word cut by a line's end still names its option by this many characters at least
# (政务新媒 | 体): one character starts too many words.
MIN_CUT_OPTION_CHARS = 2


def starts_an_option(text: str) -> bool:
    """Whether the text after a picture on its line begins with an option's name, or
    with the start of one that the line's end cut (政务新媒 of 政务新媒体)."""
    words = [w for w in _WORD_BREAK.split(text) if w]
    word = fold(words[0]) if words else ""
    if len(word) < MIN_CUT_OPTION_CHARS:
        return False
    return any(word.startswith(key) or key.startswith(word) for key, _ in option_index().keys)
