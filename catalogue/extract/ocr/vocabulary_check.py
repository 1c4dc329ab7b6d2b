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
from catalogue.schemas.vocabulary import (
    MARK_LEAK,
    OCR_TERM_MIN_CHARS,
    OCR_TERMS,
    ORGANISATION_ENDINGS,
    PLACE_ENDINGS,
)

BLANK = ""
# The greedy reading may be one character off a word for every this many of the
# word's characters (and one at least): a reading two characters off a four-character
# word is as near to other words (政务微信 and 政务微博 differ by one) as to it.
CHARS_PER_CHANGE = 3
# The words of an office's name (部门, 单位, 政府 …) that a character in doubt inside a
# longer piece may be taken to: catalogues name their 公开主体 with them in nearly every
# row, and in running text ("涉及本部门的…"). One-character endings (局, 委) are left out,
# as in OCR_TERMS: a lone character has too many neighbours among the candidates.
ORGANISATION_WORDS: tuple[str, ...] = tuple(w for w in ORGANISATION_ENDINGS if len(w) >= OCR_TERM_MIN_CHARS)
# The candidate taken must hold at least this at the character's step (so the class
# read holds 0.85 at most): the recogniser's own doubt. A sure step gives every other
# class under engine.CANDIDATE_MIN_PROB; a 门 drawn in a Japanese face's form (its dot an
# upright stroke) and read 内 left 门 0.17 to 0.35 there.
ORGANISATION_ALT_MIN = 0.15


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


def _kana(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff"


def _emitted(reading: Reading) -> list[tuple[str, dict[str, float]]] | None:
    """Each character of the greedy text with the classes its steps gave (the most any
    of its repeated steps gave each), or None where the steps do not spell the text."""
    out: list[tuple[str, dict[str, float]]] = []
    previous = BLANK
    for step in reading.steps:
        best = step[0][0] if step else BLANK
        if best != BLANK and best == previous and out:
            for ch, p in step:
                out[-1][1][ch] = max(p, out[-1][1].get(ch, 0.0))
        elif best != BLANK:
            out.append((best, dict(step)))
        previous = best
    return out if "".join(ch for ch, _ in out) == reading.text else None


def _changeable(ch: str) -> bool:
    """Whether a character as read may be taken to an office word's character: a Han
    character or a kana (a Han glyph's look-alike), never a mark's look-alike nor the
    end of a place's name (PLACE_ENDINGS: 市中区 read right with 心 offered for 区
    spells the office word 中心 across a district's name, and a word list cannot tell
    the two apart)."""
    return (_is_han(ch) or _kana(ch)) and ch not in MARK_LEAK and ch not in PLACE_ENDINGS


# What an office word's character is read as, with certainty, when a font draws it in
# another form: a Japanese-form 门 (its dot an upright stroke) reads 内, ウ, 市 or 門 at 0.9
# and more, so its own candidates hold no 门 to choose. Only such a crop is worth reading
# again in other preparations (recognise.OFFICE_LOOKS); any one-character slip from an
# office word (政务, 中华, 部分, 渠道 are words of their own) would send a sixth of an
# ordinary page's cells through the recogniser twice more.
REREAD_LOOKALIKES: dict[str, frozenset[str]] = {"门": frozenset("内ウ市門冂")}


def office_word_near(text: str, words: tuple[str, ...] = ORGANISATION_WORDS) -> bool:
    """Whether one character of the text, a known look-alike (REREAD_LOOKALIKES) of an
    office word's character, changed, would spell that word where the text does not (部内,
    部ウ: 部门): a crop that `organisation_reading` could mend if the recogniser offered
    the character in another preparation."""
    known = _in_terms(text)
    for word in words:
        for start in range(len(text) - len(word) + 1):
            here = text[start: start + len(word)]
            off = [k for k in range(len(word)) if here[k] != word[k]]
            if (len(off) == 1 and here[off[0]] in REREAD_LOOKALIKES.get(word[off[0]], ())
                    and _changeable(here[off[0]]) and start + off[0] not in known):
                return True
    return False


def _merged(chars: list[tuple[str, dict[str, float]]], others: Iterable[Reading]) -> None:
    """Each character's classes with those other readings of the same crop gave it (the
    most any gave each), where a reading spells the text character for character but for
    changeable ones: another preparation of a crop can shift the recogniser's doubt
    between two forms of a glyph, never what the text says elsewhere."""
    for other in others:
        theirs = _emitted(other)
        if theirs is None or len(theirs) != len(chars):
            continue
        if any(a != b and not (_changeable(a) and _changeable(b)) for (a, _), (b, _) in zip(chars, theirs, strict=True)):
            continue
        for (_, classes), (_, extra) in zip(chars, theirs, strict=True):
            for ch, p in extra.items():
                classes[ch] = max(p, classes.get(ch, 0.0))


def organisation_reading(reading: Reading, words: tuple[str, ...] = ORGANISATION_WORDS,
                         others: tuple[Reading, ...] = ()) -> str:
    """The reading's text with a character in doubt taken to the recogniser's own
    candidate where that candidate, and no other change, makes a word of an office's
    name with the characters beside it (部内 → 部门 where 门 was offered). Only a
    changeable character (`_changeable`) is changed, and only for a Han one. `others`:
    readings of the same crop prepared otherwise, whose candidates count too (`_merged`)."""
    chars = _emitted(reading)
    if chars is None:
        return reading.text
    _merged(chars, others)
    if all(len(c) < 2 for _, c in chars):
        return reading.text
    text = list(reading.text)
    known = _in_terms(reading.text)
    for i, (ch, classes) in enumerate(chars):
        if not _changeable(ch) or i in known:
            continue
        for alt, p in sorted(classes.items(), key=lambda item: -item[1]):
            if alt == ch or p < ORGANISATION_ALT_MIN or not _is_han(alt) or alt in MARK_LEAK:
                continue
            if any(_makes(text, i, alt, word) for word in words):
                text[i] = alt
                break
    return "".join(text)


def _in_terms(text: str) -> set[int]:
    """The places of the text inside a vocabulary term as read (政务微博, 政务公开): a
    right reading is never taken to an office's word (政府微博) however its candidates run."""
    places: set[int] = set()
    for term in OCR_TERMS:
        start = text.find(term)
        while start >= 0:
            places.update(range(start, start + len(term)))
            start = text.find(term, start + 1)
    return places


def _makes(text: list[str], i: int, alt: str, word: str) -> bool:
    """Whether putting `alt` at `i` spells `word` over `i` where the text did not."""
    for start in range(max(0, i - len(word) + 1), min(i, len(text) - len(word)) + 1):
        here = text[start: start + len(word)]
        if "".join(here) == word:
            return False
        changed = here.copy()
        changed[i - start] = alt
        if "".join(changed) == word:
            return True
    return False
