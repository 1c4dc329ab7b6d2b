"""Reading text inputs whatever their encoding, and refusing binary junk."""

from __future__ import annotations

import codecs
from pathlib import Path

from catalogue.errors import UnsupportedInput

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


def decode_text(data: bytes, source: str) -> str:
    """Decode bytes as UTF-8/16/32 (by BOM or by shape) or GB18030; refuse binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data[len(bom) :].decode(encoding, errors="replace"), source)
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


def _utf16_without_bom(data: bytes) -> str | None:
    # UTF-16 text of mostly ASCII or CJK has NUL bytes in one of the two lanes.
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > half * 0.3 and even_nuls == 0:
        return "utf-16-le"
    if even_nuls > half * 0.3 and odd_nuls == 0:
        return "utf-16-be"
    return None


def _checked(text: str, source: str) -> str:
    sample = text[:20000]
    if not sample:
        return text
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    replaced = sample.count("\ufffd")
    if (control + replaced) / len(sample) > 0.05:
        raise UnsupportedInput("binary data, not a text file", source=source)
    return text


def read_text(path: Path, source: str) -> str:
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise UnsupportedInput(
            f"text input is {size // (1024 * 1024)} MiB, over the {MAX_TEXT_BYTES // (1024 * 1024)} MiB limit",
            source=source,
        )
    return decode_text(path.read_bytes(), source)
