"""公开时限: the first number of days and what kind of limit it is.

The text is read as extract/ gives it: a recogniser's misreads in it (a speck read as a
stop, "20.日内") are repaired by the OCR path (extract/ocr/misreads.py), not here."""

from __future__ import annotations

import functools

import regex

from catalogue.schemas.lookup import FOLD_CACHE, simplified
from catalogue.schemas.vocabulary import (
    CALENDAR_DAYS,
    DAY_UNITS,
    DEADLINE,
    REALTIME,
    REALTIME_WORDS,
    WORKING_DAYS,
)

_NUMERAL = r"\d+|[零一二两三四五六七八九十百]+"
# What follows a number of days: "个工作日", "日", "天".
_DAY_UNIT = r"\s*个?\s*(" + "|".join(DAY_UNITS) + ")"
# "20个工作日", "二十个工作日", "20日内", "15天"; never the 31 of "1月31日".
_DAYS = regex.compile(rf"(?<![月\d])({_NUMERAL}){_DAY_UNIT}")
# "每年1月31日前", "3月底前", "年底前"
_DEADLINE = regex.compile(r"(\d+|[一二三四五六七八九十]+)月(\d+日|底|末)?\s*(之)?前|年底前|年末前")
_REALTIME = regex.compile("|".join(REALTIME_WORDS))

_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int | None:
    """20 for "20" or "二十"; None for what is not a number."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


# A catalogue repeats a few time-limit texts on every item: each is parsed once.
@functools.lru_cache(maxsize=FOLD_CACHE)
def parse_time_limit(text: str | None) -> tuple[int | None, str | None]:
    """(days, kind) for a 公开时限 text; the earliest of the forms in the text decides the kind."""
    if not text:
        return None, None
    text = simplified(text)  # 20個工作日內
    found: list[tuple[int, int | None, str]] = []
    days = _DAYS.search(text)
    if days:
        unit = days.group(2)
        kind = WORKING_DAYS if unit == "工作日" else CALENDAR_DAYS
        found.append((days.start(), chinese_number(days.group(1)), kind))
    deadline = _DEADLINE.search(text)
    if deadline:
        found.append((deadline.start(), None, DEADLINE))
    realtime = _REALTIME.search(text)
    if realtime:
        found.append((realtime.start(), None, REALTIME))
    if not found:
        return None, None
    found.sort(key=lambda f: f[0])
    first_days = days and chinese_number(days.group(1))
    _, _, kind = found[0]
    return (first_days or None), kind


def looks_like_time_limit(text: str) -> bool:
    """A short text that states a time limit (to put shifted cells back)."""
    return len(text) <= 60 and bool(_DAYS.search(text) or _REALTIME.search(text) or _DEADLINE.search(text))

