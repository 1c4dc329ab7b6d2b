"""Header words: the role a header cell names, and whether a row is a header row.

Both stages ask: extract/html.py picks a web page's catalogue tables by their header
rows, and normalise/ gives each column its role from them. So the answer sits here,
below both, on the vocabulary (HEADER_ROLES, the option labels).

A role says what a column holds: a category level, 公开内容, an option group … The
same header words mean different things across layouts (公开方式), so option
columns are only given a group hint here; the labels in the cells decide.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import regex

from catalogue.schemas.lookup import has_strong_marks, label_key, lookup, strip_markup
from catalogue.schemas.vocabulary import (
    CALENDAR_DAYS,
    HEADER_ROLES,
    LEVEL_NUMERALS,
    OPTION_GROUPS,
    OPTION_HEADER_WORDS,
    ROLE_LEVEL,
    ROLE_METHOD,
    ROLE_TIME,
    UNNAMED_COLUMN,
    WORKING_DAYS,
)

ROLE_OPTION = "option"  # one option per column: the header is the option's label

_LEVEL_HEADER = regex.compile(r"^([一二三四五六]|[1-6])级")


@dataclass(frozen=True)
class Role:
    role: str
    level: int | None = None  # for level columns: 1-based
    option: str | None = None  # for one-option-per-column: the option's label
    group: str | None = None  # option group hint (channel, disclosure, method, audience, tier)
    header: str | None = None  # the column's header text, levels joined by "/" (None: no header seen)

    def name(self, column: int) -> str:
        """The key this column's cells go under in other_columns."""
        return self.header or UNNAMED_COLUMN.format(column + 1)


# Header cells are short: "六级事项" is a level header, a sentence that starts 一级 is not.
MAX_LEVEL_HEADER_CHARS = 6
# An option named as a column header (one option per column): "政府网站", "依申请公开".
MAX_OPTION_HEADER_CHARS = 8
# The longest header cell read by the words it contains ("公开时限（工作日）", "公开渠道和载体");
# a longer cell is data. Also the longest cell in a row of mostly known header words.
MAX_HEADER_CHARS = 12
# A header word found inside a longer header must be this long: two-character words
# (公开, 事项) occur inside data labels too.
MIN_CONTAINED_HEADER_WORD = 4
# A header row has at least two filled cells (a lone word is a title or a label).
MIN_HEADER_CELLS = 2
# A table's header sits in its first rows: under a title, a subtitle, an attachment
# number (附件2), an issuer line (填报单位：… 填报日期：…) and a blank row or two. Every
# input looks this far down for it.
HEADER_SEARCH_ROWS = 8
# A row with unknown words is a header only when it is wide (four or more cells) and at
# least this share of its cells are known header words: a data row of short labels
# rarely has three of four cells that are header words.
MIN_CELLS_WITH_UNKNOWN = 4
MIN_KNOWN_SHARE = 0.75

# The texts of a catalogue repeat row after row (a subject, a time limit, a channel
# list): the pure per-text decisions are cached, bounded so that a file of
# all-different cells costs a fixed amount of memory.
TEXT_CACHE_SIZE = 8192


# The header words that count inside a longer header, longest first (sorted once, not for
# every short text: 序号 cells, numbers and short labels, are unique row after row).
_CONTAINED_WORDS = tuple(word for word in sorted(HEADER_ROLES, key=len, reverse=True)
                         if len(word) >= MIN_CONTAINED_HEADER_WORD)


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def header_role(text: str) -> Role | None:
    """The role a header cell names, or None when the text is not a header word."""
    key = label_key(text)
    if not key:
        return None
    level = _LEVEL_HEADER.match(key)
    if level and len(key) <= MAX_LEVEL_HEADER_CHARS:
        n = level.group(1)
        return Role(ROLE_LEVEL, level=LEVEL_NUMERALS.get(n) or int(n))
    if key in HEADER_ROLES:
        return role_for(HEADER_ROLES[key])
    if key in OPTION_HEADER_WORDS:
        key = OPTION_HEADER_WORDS[key]
    options = list(lookup(key))
    if options and len(key) <= MAX_OPTION_HEADER_CHARS:
        return Role(ROLE_OPTION, option=options[0].label, group=options[0].group)
    if len(key) <= MAX_HEADER_CHARS:
        for word in _CONTAINED_WORDS:
            if word in key:
                role = role_for(HEADER_ROLES[word])
                if role.role == ROLE_TIME and key != word:
                    # "公开时限（工作日）": bare numbers below it count in that unit.
                    unit = WORKING_DAYS if "工作日" in key else CALENDAR_DAYS if ("日" in key or "天" in key) else None
                    return Role(ROLE_TIME, option=unit)
                return role
    return None


def role_for(role: str) -> Role:
    """The Role of a role name; an option group's carries itself as its group hint."""
    if role in OPTION_GROUPS:
        return Role(role, group=role)
    return Role(role)


def is_header_row(texts: list[str], above: list[str] | None = None) -> bool:
    """A row of header words: all of its filled cells, or, in a row of four or more
    short cells with no marks, nearly all (a header may name a column we do not know).

    A row of only option words ("全社会 特定群体 主动 依申请", "政府网站 公开栏") is a
    sub-header only under a header row (`above`) whose cells over those words are
    empty or name an option group; elsewhere it may be a sparse data row. Under such a
    row, a cell the vocabulary does not know, below a header naming an option group,
    is an option of that group (发布会/听证会, 社区/企事业单位/村公示栏（电子屏） under
    公开渠道和载体): it counts as known, whatever its length, when it holds no mark.
    """
    cells = [(c, t) for c, t in enumerate(texts) if t.strip()]
    if len(cells) < MIN_HEADER_CELLS:
        return False
    spans = _spanning_roles(len(texts), above) if above is not None else None

    def option_name(c: int, text: str) -> bool:
        # Only a header spread over several columns has a row of names under it: under
        # one column's 公开渠道和载体, a row's text is the rest of a cell a page break cut.
        return (spans is not None and _is_option_group(spans[c][0]) and spans[c][1] > 1
                and not has_strong_marks(strip_markup(text)))

    if any(_long_data(t) and not option_name(c, t) for c, t in cells):
        return False
    roles = [header_role(t) for _, t in cells]
    options = {c for (c, t), role in zip(cells, roles, strict=True) if role is None and option_name(c, t)}
    known = [r for r in roles if r is not None]
    if len(known) + len(options) < len(roles):
        short = all(len(label_key(t)) <= MAX_HEADER_CHARS for c, t in cells if c not in options)
        marked = any(has_strong_marks(strip_markup(t)) for _, t in cells)
        if (len(cells) < MIN_CELLS_WITH_UNKNOWN or not short or marked
                or len(known) + len(options) < MIN_KNOWN_SHARE * len(cells)):
            return False
    if any(r.role != ROLE_OPTION for r in known):
        return True
    return above is not None and _under_option_groups(texts, above)


def _long_data(text: str) -> bool:
    """A cell longer than any header cell (MAX_HEADER_CHARS) that is no header word: it
    names no column (header_role asks the level, option and contained words only of
    shorter texts) and is not short, so its row is no header row. Asked before any cell's
    role, so that a data row's short unique cells (its 序号) are not looked up."""
    key = label_key(text)
    return len(key) > MAX_HEADER_CHARS and key not in HEADER_ROLES


def _spanning_roles(width: int, above: list[str]) -> list[tuple[Role | None, int]]:
    """For each column of the row below `above`: the role of the header cell over it (a
    header spans the empty cells to its right) and how many columns that cell spans."""
    starts: list[int] = []
    roles: dict[int, Role | None] = {-1: None}
    for c in range(width):
        text = above[c] if c < len(above) else ""
        if text.strip():
            roles[c] = header_role(text)
            starts.append(c)
        else:
            starts.append(starts[-1] if starts else -1)
    widths = Counter(starts)
    return [(roles[start], widths[start]) for start in starts]


def _is_option_group(role: Role | None) -> bool:
    return role is not None and role.role in (*OPTION_GROUPS, ROLE_METHOD, ROLE_OPTION)


def _under_option_groups(texts: list[str], above: list[str]) -> bool:
    spans = _spanning_roles(len(texts), above)
    return all(_is_option_group(spans[c][0]) for c, text in enumerate(texts) if text.strip())
