"""A piece of text that the recogniser read just off a word of the vocabulary, taken
back to that word when the recogniser itself offered its characters.

The greedy reading keeps the best class at each step of the CTC output. Where a worn or
low-resolution crop leaves a step in doubt, the right character is often the second
class there ("公开时隈" for 公开时限, "政府网佔" for 政府网站). A piece whose whole text
is not a word of the vocabulary (option labels, header words: schemas/vocabulary.py
OCR_TERMS) is checked against each word: the word is taken only if a CTC path spells
it from start to end through classes the recogniser gave at every step
(engine.Reading.steps, each at least engine.CANDIDATE_MIN_PROB), and only by putting
Han characters for Han characters: a character added or dropped, or a mark's look-alike
changed, would change what normalise/ reads as an option's mark. So the check only
chooses among the recogniser's own candidates: it never writes a character the model
did not offer where it stands, and a piece of running text, whose steps are certain,
has no path but its own.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache

from catalogue.extract.ocr.engine import Reading
from catalogue.schemas.vocabulary import MARK_LEAK, OCR_TERMS

BLANK = ""
# The greedy reading may be one character off a word for every this many of the
# word's characters (and one at least): a reading two characters off a four-character
# word is as near to other words (政务微信 and 政务微博 differ by one) as to it.
CHARS_PER_CHANGE = 3


def path_log_prob(reading: Reading, word: str) -> float | None:
    """The log-probability of the best CTC path that spells `word` through the reading's
    candidates (Viterbi over the blank-separated labels), or None when there is none."""
    labels = [BLANK]
    for ch in word:
        labels += [ch, BLANK]
    n = len(labels)
    neg = -math.inf
    prev = [neg] * n
    for t, step in enumerate(reading.steps):
        probs = dict(step)
        cur = [neg] * n
        for s, label in enumerate(labels):
            p = probs.get(label)
            if p is None or p <= 0.0:
                continue
            if t == 0:
                best = 0.0 if s < 2 else neg
            else:
                best = prev[s]
                if s >= 1:
                    best = max(best, prev[s - 1])
                if s >= 2 and label != BLANK and label != labels[s - 2]:
                    best = max(best, prev[s - 2])
            if best > neg:
                cur[s] = best + math.log(p)
        prev = cur
        if all(v == neg for v in prev):
            return None
    end = max(prev[-1], prev[-2]) if n > 1 else prev[-1]
    return None if end == neg else end


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def han_substitutions(reading: str, word: str) -> int | None:
    """How many Han characters of the reading the word replaces by other Han characters,
    or None when it changes anything else: a character added or dropped, a mark or its
    look-alike (口, √, v, ]), a stop. Those tell an option's mark or a cell's punctuation,
    which a word list cannot judge."""
    if len(reading) != len(word):
        return None
    changed = 0
    for a, b in zip(reading, word, strict=True):
        if a == b:
            continue
        if not (_is_han(a) and _is_han(b)) or a in MARK_LEAK:
            return None
        changed += 1
    return changed


@lru_cache(maxsize=4)
def _ordered(vocabulary: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(vocabulary))


def vocabulary_reading(reading: Reading, words: Iterable[str] = OCR_TERMS) -> str:
    """The reading's text, or the word of the vocabulary that its own candidates spell
    best when its text is no word; the text as read when no word fits."""
    text = reading.text.strip()
    vocabulary = words if isinstance(words, frozenset) else frozenset(words)
    if not text or text in vocabulary or all(len(step) < 2 for step in reading.steps):
        return reading.text
    offered = {ch for step in reading.steps for ch, _ in step}
    best: tuple[float, str] | None = None
    # In a fixed order, so that two words spelt equally well give the same one on every
    # run (a set's order of strings changes from process to process).
    for word in _ordered(vocabulary):
        if not set(word) <= offered:
            continue
        changed = han_substitutions(text, word)
        if changed is None or changed > max(1, len(word) // CHARS_PER_CHANGE):
            continue
        score = path_log_prob(reading, word)
        if score is not None and (best is None or score > best[0]):
            best = (score, word)
    return best[1] if best is not None else reading.text
