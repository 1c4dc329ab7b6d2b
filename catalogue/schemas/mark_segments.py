"""Check marks: split an option cell into (state, label) segments.

"✓政府网站□政 府公报" → [(True, "政府网站"), (False, "政府公报")]. Marks in every form the
extractors hand over (Unicode glyphs, the canonical ☑/☐/⍰ they write for symbol
fonts, drawn boxes and checkbox inputs, and symbol-font letters read as Latin) are
decoded here, by the vocabulary in schemas/.

Both stages ask it, so it sits below them: normalise/ splits option cells with
`split_marks`, and the OCR path (extract/ocr/misreads.py) repairs the recogniser's
look-alike marks with `lookalikes_as_marks` (its f or E for a symbol font's empty box,
its v for a bare √, its 、 for a √ that lost its long arm), by the same rule that
takes a weak mark: before an option label.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from catalogue.schemas.lookup import is_label_end, is_label_start
from catalogue.schemas.vocabulary import (
    BULLETS,
    CHECKED,
    LABEL_CHECKED_MARKS,
    OCR_CHECK_LOOKALIKES,
    OCR_LINE_START_CHECK_LOOKALIKES,
    OCR_SYMBOL_FONT_UNCHECKED,
    STRONG_CHECKED,
    STRONG_MARKS,
    STRONG_UNCHECKED,
    SYMBOL_FONT_CHECKED,
    SYMBOL_FONT_UNCHECKED,
    UNCHECKED,
)

# Letters (and 口, ◆, ▄) that are marks only where they stand before an option label.
_WEAK = {
    **dict.fromkeys(SYMBOL_FONT_CHECKED, True),
    **dict.fromkeys(LABEL_CHECKED_MARKS, True),
    **dict.fromkeys(SYMBOL_FONT_UNCHECKED, False),
    "口": False,
}
# In an OCR reading, the recogniser's readings of those letters too, and its v for a √.
_WEAK_OCR = {**_WEAK, **dict.fromkeys(OCR_SYMBOL_FONT_UNCHECKED, False), **dict.fromkeys(OCR_CHECK_LOOKALIKES, True)}
_OCR_LOOKALIKES = OCR_SYMBOL_FONT_UNCHECKED | OCR_CHECK_LOOKALIKES | OCR_LINE_START_CHECK_LOOKALIKES


def _any_of(chars: Iterable[str]) -> re.Pattern[str]:
    """One character of `chars` (single characters only: a longer key never equals one)."""
    return re.compile("[" + "".join(re.escape(c) for c in sorted(set(chars)) if len(c) == 1) + "]")


# Where split_marks looks: the strong marks, and the weak ones where labels are known.
# A regular expression finds them in C; most cells (labels, content) hold none.
_CANDIDATES = {
    False: _any_of(STRONG_MARKS),
    True: _any_of(STRONG_MARKS | _WEAK.keys()),
}
_OCR_CANDIDATES = _any_of(STRONG_MARKS | _WEAK_OCR.keys() | OCR_LINE_START_CHECK_LOOKALIKES)


@dataclass(frozen=True)
class Segment:
    state: bool | None  # True checked, False empty box, None unreadable
    label: str  # raw label text that follows (or precedes) the mark


def _state(ch: str) -> bool | None:
    if ch in STRONG_CHECKED:
        return True
    if ch in STRONG_UNCHECKED:
        return False
    return None


# Each mark character (bullets not: they are list items) → a space; str.translate does
# the whole text in C (every text value of every item goes through remove_marks).
_MARKS_TO_SPACES = {ord(ch): " " for ch in STRONG_MARKS if ch not in BULLETS}


def remove_marks(text: str) -> str:
    """The text without mark characters (bullets stay: they are list items)."""
    return text.translate(_MARKS_TO_SPACES)


@dataclass(frozen=True)
class MarkedCell:
    head: str  # text before the first mark that is not a label of its own (a title, or the rest of a cut label)
    segments: list[Segment]


def split_marks(
    text: str,
    is_label_start: Callable[[str], bool] | None = None,
    is_label_end: Callable[[str], bool] | None = None,
) -> MarkedCell | None:
    """The segments of a cell that holds marks, or None when it holds none.

    `is_label_start(text)` tells whether an option label starts at the beginning of
    `text`; weak marks (Wingdings letters read as Latin, 口) count only where it says
    so, which keeps the R of "RFID" or the 口 of "窗口" out of the marks.
    """
    positions = _mark_positions(text, is_label_start, is_label_end, _WEAK, _CANDIDATES[is_label_start is not None])
    if positions is None:
        return None
    head = text[: positions[0][0]].strip()
    segments = []
    for n, (pos, state) in enumerate(positions):
        end = positions[n + 1][0] if n + 1 < len(positions) else len(text)
        segments.append(Segment(state, text[pos + 1 : end]))
    tail_empty = not segments[-1].label.strip()
    if head and tail_empty:
        # Marks after their labels: "政府网站√ 政务微博□".
        labels = [head] + [s.label for s in segments[:-1]]
        return MarkedCell("", [Segment(s.state, label) for s, label in zip(segments, labels, strict=True)])
    return MarkedCell(head, segments)


def lookalikes_as_marks(text: str) -> str:
    """An OCR reading with the recogniser's look-alike marks written as the marks they
    stand for (☐ for its f or E, ☑ for its v or a line-starting 、), where they stand
    as split_marks takes a weak mark: before an option label (or after one), one of a
    list of marks or alone before a label that is the whole cell, and where the text
    each one marks ends with an option label."""
    positions = _mark_positions(text, is_label_start, is_label_end, _WEAK_OCR, _OCR_CANDIDATES, line_start=True)
    if positions is None:
        return text
    ends = [pos for pos, _ in positions[1:]] + [len(text)]
    if any(text[pos] in _OCR_LOOKALIKES and text[pos + 1 : end].strip() and not is_label_end(text[pos + 1 : end])
           for (pos, _), end in zip(positions, ends, strict=True)):
        # Running text that names options ("E政府网站f政务微博的建设情况。"): in an option
        # cell each mark's text ends with an option label (or is empty: the mark
        # follows its label).
        return text
    chars = list(text)
    for pos, state in positions:
        if chars[pos] in _OCR_LOOKALIKES:
            chars[pos] = CHECKED if state else UNCHECKED
    return "".join(chars)


def _mark_positions(
    text: str,
    is_label_start: Callable[[str], bool] | None,
    is_label_end: Callable[[str], bool] | None,
    weak: dict[str, bool],
    candidates: re.Pattern[str],
    line_start: bool = False,
) -> list[tuple[int, bool | None]] | None:
    """Where the marks of `text` stand and their states, or None when it holds none.
    `weak`: the letters that are marks only beside an option label; `line_start`: a 、
    starting a line before a label is a check mark (OCR_LINE_START_CHECK_LOOKALIKES)."""
    positions: list[tuple[int, bool | None]] = []
    for found in candidates.finditer(text):
        i, ch = found.start(), found.group()
        if ch in STRONG_MARKS:
            positions.append((i, _state(ch)))
        elif line_start and ch in OCR_LINE_START_CHECK_LOOKALIKES and is_label_start is not None:
            if (i == 0 or text[i - 1] == "\n") and is_label_start(text[i + 1:].lstrip()):
                positions.append((i, True))
        elif ch in weak and is_label_start is not None:
            rest = text[i + 1 :].lstrip()
            prev = text[i - 1] if i else " "
            # A weak mark starts a token: it follows a space, a mark or the cell start.
            if (prev.isspace() or prev in STRONG_MARKS or i == 0 or _is_cjk_or_punct(prev)) and is_label_start(rest):
                positions.append((i, weak[ch]))
            elif is_label_end is not None and (not rest or rest[0].isspace() or _is_cjk_or_punct(rest[0])) and is_label_end(text[:i]):
                positions.append((i, weak[ch]))  # after its label: "政府网站R 政府公报£"
    if not positions:
        return None
    if all(text[pos] in weak for pos, _ in positions) and len(positions) < 2:
        # One letter before a label proves nothing ("R政府网站" may be a code); a symbol
        # font's boxes come in lists.
        rest = text[: positions[0][0]] + text[positions[0][0] + 1 :]
        if text[: positions[0][0]].strip() or not is_label_start or not is_label_start(rest.strip()):
            return None
    return positions


def _is_cjk_or_punct(ch: str) -> bool:
    return ord(ch) > 0x2E80 or not ch.isalnum()
