"""Category labels in a script the catalogue is not written in.

A Chinese catalogue's category labels are Chinese. When OCR reads a label as Latin
letters (a tall merged cell, a blurred JPEG: `MAIRAD公开`, `重点领k 0`, `Me m th t`), the
label is almost surely misread, and the group's every item carries it down. The
recogniser cannot be asked again here, so such a label is at least flagged on each item
that carries it (`label_misread`), never filled down silently.

Only labels read by OCR are judged: a text layer's letters are what its author typed
(a text layer that decodes to letters drawn as wide as Han glyphs never gets this far),
and a label such as "PPP项目" is real there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import regex

from catalogue.schemas.contract import LEVELS
from catalogue.schemas.warnings import LABEL_MISREAD

_HAN = regex.compile(r"\p{Han}")
# A letter of another script: Latin (full width too), Greek, Cyrillic, kana, Hangul …
# Digits are no evidence: labels number things (2024年度, 12345热线).
_FOREIGN_LETTER = regex.compile(r"[^\P{L}\p{Han}]")
# A catalogue is written in Chinese when at least this share of the letters of its labels
# and contents are Han. Misreads are a few labels among hundreds of cells, far below
# half; a catalogue in another language is nearly all other letters.
CHINESE_SHARE = 0.5

_LEVEL_COLUMNS = tuple(f"level_{k}" for k in range(1, LEVELS + 1))


def written_in_chinese(items: Iterable[dict[str, Any]]) -> bool:
    han = foreign = 0
    for item in items:
        for column in (*_LEVEL_COLUMNS, "content"):
            text = item.get(column)
            if isinstance(text, str):
                han += len(_HAN.findall(text))
                foreign += len(_FOREIGN_LETTER.findall(text))
    return han > 0 and han >= CHINESE_SHARE * (han + foreign)


def misread_label(text: object) -> bool:
    """A level label holding a letter of another script than Han."""
    return isinstance(text, str) and _FOREIGN_LETTER.search(text) is not None


def flag_misread_labels(items: list[dict[str, Any]], scanned_pages: set[int]) -> None:
    """Add `label_misread` to each item read by OCR (its page in `scanned_pages`) whose
    category label, its own or carried down from its group, holds foreign letters in a
    catalogue written in Chinese."""
    if not scanned_pages or not written_in_chinese(items):
        return
    for item in items:
        if item.get("page") not in scanned_pages:
            continue
        if any(misread_label(item.get(column)) for column in _LEVEL_COLUMNS):
            warnings = item.setdefault("warnings", [])
            if LABEL_MISREAD not in warnings:
                warnings.append(LABEL_MISREAD)
