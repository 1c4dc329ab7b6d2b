"""Can a page's decoded text be trusted? A PDF's text is only as good as its fonts' maps.

A font that is not embedded is decoded from its encoding or a predefined CMap
(UniGB-UCS2-H, GBK-EUC-H …). pdfium does that with a font lookup of our own
(pdfium_fonts), the same on every machine, but not with every CMap (it reads
UniGB-UTF8-H as two-byte codes). pdfminer carries the predefined CMaps and the standard
metrics itself, so the first page on which such a font appears is read by both, and the
font is left to pdfium only when they agree (same_reading); otherwise, and where pdfium
decodes most of a page's text objects to nothing, the page takes its characters from
pdfminer.

An embedded font with a missing or broken ToUnicode map decodes to junk in every
reader: private-use code points, U+FFFD, `(cid:N)`, control characters, or Latin letters
where the glyphs are Han. Such a page is not read as text at all: it goes to OCR of the
rendered page (the glyphs are in the file), or, where OCR cannot run, it is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from catalogue.extract.pdf.geometry import Char, PageContent
from catalogue.extract.pdf.readers import CID_TOKEN
from catalogue.extract.symbol_fonts import font_family

# A page is judged only on enough text: a few odd glyphs (a logo, a dingbat in a text
# font) on a page of hundreds of characters are not a broken font.
MIN_BAD_CHARS = 5
# A broken font map spoils every character in that font; the body font of a
# catalogue carries well over this share of a page's text, while stray odd glyphs on a
# sound page stay far below it (0 on every sample page).
MAX_BAD_SHARE = 0.10
# pdfium decodes a text object to nothing when it has no map for the font; on a sound
# page every text object yields text (spaces included).
MAX_SILENT_SHARE = 0.10
# Latin letters and digits are about half an em wide, Han glyphs a full em: letters
# drawn this wide (advance / font size) are Han glyphs decoded through the wrong map.
# (A few Latin capitals such as M and W reach 0.85–0.95 in wide fonts, hence the
# share below rather than a single letter.)
HAN_WIDTH = 0.9
# Share of a page's Latin letters and digits drawn at Han width that marks the page as
# misdecoded; in real Latin text only M/W/m/w approach that width (a few per cent).
MAX_WIDE_LATIN_SHARE = 0.5
# Word, LibreOffice and pdfium put a symbol font's glyphs (Wingdings ¨, Symbol √) at
# U+F020–U+F0FF whatever the font is called (OpenSymbol, a fallback text font): those
# are marks that pdf/vector_marks.py and the normaliser decode, not a broken map.
SYMBOL_AREA = (0xF020, 0xF0FF)
# The one-character texts judge_text counts or looks at further: control characters,
# the private-use area, U+FFFD and ASCII letters and digits. A page of Han text has few,
# so where every character is one code point only these are looked at one by one.
_JUDGED = re.compile("[\x00-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd0-9A-Za-z]")


@dataclass(frozen=True)
class TextVerdict:
    """Why a page's text layer cannot be used; `reason` is one phrase for a page note."""

    reason: str


# pdfium and pdfminer place a glyph from the same numbers in the PDF (float against
# double): on every sample page they agree within 0.007 pt. A font decoded through the
# wrong map differs in the characters themselves, or in their count.
SAME_PLACE = 0.05


def same_reading(ours: list[Char], theirs: list[Char]) -> bool:
    """Whether two readers give the same characters in the same places, whatever their
    order (spaces aside: both readers make spaces from gaps)."""
    def key(ch: Char) -> tuple[str, float, float]:
        return ch.text, round(ch.baseline, 1), round(ch.x0, 1)

    mine = sorted((ch for ch in ours if ch.text.strip()), key=key)
    other = sorted((ch for ch in theirs if ch.text.strip()), key=key)
    return len(mine) == len(other) and all(
        a.text == b.text and abs(a.x0 - b.x0) <= SAME_PLACE and abs(a.x1 - b.x1) <= SAME_PLACE
        and abs(a.baseline - b.baseline) <= SAME_PLACE for a, b in zip(mine, other, strict=True))


def needs_pdfminer(content: PageContent) -> bool:
    """Whether pdfium decoded most of this page's text objects to nothing (a font it
    has no map for): then the page's characters are read with pdfminer instead."""
    return _mostly_silent(content)


def _mostly_silent(content: PageContent) -> bool:
    """Enough of the page's text objects decoded to nothing to say the font had no map."""
    silent = content.silent_text_objects
    return silent >= MIN_BAD_CHARS and silent > MAX_SILENT_SHARE * content.text_objects


def judge_text(chars: list[Char]) -> TextVerdict | None:
    """None when the decoded characters look like text; else why they do not."""
    counts = {"cid": 0, "replacement": 0, "private": 0, "control": 0}
    latin = wide_latin = 0
    total = len(chars)
    texts = [ch.text for ch in chars]
    joined = "".join(texts)
    looked: Iterable[Char] = chars
    if len(joined) == total and "" not in texts:  # one code point each, none a (cid:N) token
        looked = [chars[m.start()] for m in _JUDGED.finditer(joined)]
    for ch in looked:
        text = ch.text
        if text.startswith(CID_TOKEN):
            counts["cid"] += 1
            continue
        if len(text) != 1:
            continue
        code = ord(text)
        if code == 0xFFFD:
            counts["replacement"] += 1
        elif code < 0x20 or 0x7F <= code < 0xA0:
            counts["control"] += 1
        elif 0xE000 <= code <= 0xF8FF and not font_family(ch.font) and not SYMBOL_AREA[0] <= code <= SYMBOL_AREA[1]:
            counts["private"] += 1
        elif text.isascii() and text.isalnum() and not font_family(ch.font):
            latin += 1
            if ch.size > 0 and (ch.x1 - ch.x0) >= HAN_WIDTH * ch.size:
                wide_latin += 1
    bad = sum(counts.values())
    if bad >= MIN_BAD_CHARS and bad > MAX_BAD_SHARE * total:
        worst = max(counts, key=counts.__getitem__)
        return TextVerdict(f"{bad} of {total} characters decode to {_KINDS[worst]}")
    if wide_latin >= MIN_BAD_CHARS and wide_latin > MAX_WIDE_LATIN_SHARE * latin:
        return TextVerdict(f"{wide_latin} of {latin} Latin letters are drawn as wide as Han glyphs "
                           "(a font without a usable Unicode map)")
    return None


def judge_page(content: PageContent) -> TextVerdict | None:
    """judge_text, plus text objects that decoded to nothing at all."""
    verdict = judge_text(content.chars)
    if verdict is not None:
        return verdict
    if _mostly_silent(content):
        return TextVerdict(f"{content.silent_text_objects} of {content.text_objects} text objects decode to no text")
    return None


_KINDS = {
    "cid": "bare glyph numbers (cid:N)",
    "replacement": "U+FFFD",
    "private": "private-use code points",
    "control": "control characters",
}
