"""Reading text inputs whatever their encoding, and refusing binary junk."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from catalogue.errors import DamagedInput, UnsupportedInput
from catalogue.extract.webarchive import html_part, looks_like_web_archive

# A text input larger than this is not a catalogue someone exported; refuse it rather
# than hold gigabytes in memory.
MAX_TEXT_BYTES = 64 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


# Texts that say gb2312 or gbk are written in GBK's superset as often as not (Word and
# the web do), and Python's gb2312 codec refuses the characters beyond it.
_WIDER_CHARSET = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}
# Labels that decode any bytes (or are what tools write by default) say nothing about a
# Chinese page's text: the bytes are judged as an unlabelled file's are.
_HINT_ONLY = frozenset(("iso-8859-1", "latin-1", "latin1", "l1", "windows-1252", "cp1252", "us-ascii", "ascii"))


def decode_text(data: bytes, source: str, charset: str | None = None) -> str:
    """Decode bytes by their BOM; else by the charset the container names, if it is
    more than a Western default and decodes them; else as UTF-8/16 (by shape) or
    GB18030. Refuse binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_after_bom(data[len(bom) :], encoding, source), source)
    named = (charset or "").strip().lower()
    if named and named not in _HINT_ONLY:
        text = _decoded(data, _WIDER_CHARSET.get(named, named))
        if text is not None:
            return _checked(text, source)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _checked(data.decode(utf16, errors="replace"), source)
    if b"\x00" in data:
        raise UnsupportedInput("binary data, not a text file", source=source)
    for encoding in ("utf-8", "gb18030"):
        try:
            return _checked(data.decode(encoding), source)
        except UnicodeDecodeError:
            continue
    raise UnsupportedInput("cannot decode as UTF-8, UTF-16 or GB18030 text", source=source)


# What Python's UTF-8, UTF-16 and UTF-32 decoders say of bytes that stop inside a character.
_CUT_SHORT = ("unexpected end of data", "truncated data")
# Lines named one by one in the error of a text that does not follow its BOM; more are counted.
NAMED_LINES = 5


def _after_bom(data: bytes, encoding: str, source: str) -> str:
    """The text after a byte-order mark, in the encoding it names. Bytes that do not
    follow it (text in another encoding joined to the file) are refused with their
    lines: replaced, they would come out as items of garbled text."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        if error.end == len(data) and error.reason in _CUT_SHORT:  # only the last character is short of bytes
            line = data[: error.start].decode(encoding).count("\n") + 1
            raise DamagedInput(f"the text ends inside a character (line {line}): the file was cut short; copy or "
                               "download it again", source=source) from None
    lines = [n for n, line in enumerate(data.decode(encoding, errors="replace").split("\n"), 1) if "\ufffd" in line]
    named = ", ".join(str(n) for n in lines[:NAMED_LINES])
    more = f" and {len(lines) - NAMED_LINES} more" if len(lines) > NAMED_LINES else ""
    where = f"lines {named}{more} are" if len(lines) > 1 else f"line {named} is"
    raise DamagedInput(f"{where} not {encoding.upper()} although the file begins with a {encoding.upper()} byte-order "
                       "mark (text in another encoding joined to it?); save the file in one encoding", source=source)


def _decoded(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None  # an unknown charset, or one the bytes do not follow


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the bytes read as plausible UTF-16 text without a BOM."""
    sample = data[: 8192 - 8192 % 2]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    best, best_score = None, 0.0
    for encoding in ("utf-16-le", "utf-16-be"):
        text = sample.decode(encoding, errors="replace")
        score = sum(_plausible(ch) for ch in text) / len(text)
        if score > best_score:
            best, best_score = encoding, score
    return best if best_score > 0.9 else None


def _plausible(ch: str) -> bool:
    code = ord(ch)
    return (
        ch in "\t\r\n"
        or 0x20 <= code < 0x7F
        or 0x3000 <= code < 0xA000  # CJK punctuation, kana, unified ideographs
        or 0xFF00 <= code < 0xFFEF  # full-width forms
        or 0x2000 <= code < 0x2800  # general punctuation, marks, boxes
        or 0xA0 <= code < 0x250
    )


# Control characters that are no whitespace (NUL, ESC, DEL …): no cell's text holds one.
# A few among the text (an export padded with NUL, a transfer that damaged some bytes)
# are taken out, so that a cell of only NUL is empty and no value carries one.
_CONTROLS = dict.fromkeys([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def _checked(text: str, source: str) -> str:
    sample = text[:20000]
    if not sample:
        return text
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    replaced = sample.count("\ufffd")
    if (control + replaced) / len(sample) > 0.05:
        raise UnsupportedInput("binary data, not a text file", source=source)
    return text.translate(_CONTROLS) if _CONTROL.search(text) else text


def read_text(path: Path, source: str) -> str:
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise UnsupportedInput(
            f"text input is {size // (1024 * 1024)} MiB, over the {MAX_TEXT_BYTES // (1024 * 1024)} MiB limit",
            source=source,
        )
    data = path.read_bytes()
    if data[:64].removeprefix(codecs.BOM_UTF8).lstrip()[:5] == b"{\\rtf":
        raise UnsupportedInput("an RTF document, which is not read: save it from Word or WPS as .docx", source=source)
    if looks_like_web_archive(data):
        payload, charset = html_part(data, source)
        return decode_text(payload, source, charset)
    return decode_text(data, source)
