"""Column roles: from header text where a page has a header, from the cells where it has not.

What a header word names, and whether a row is a header row, is schemas/headers.py
(extract/ asks it too); here the header rows of a page become one role per column,
and a page without a header gets its roles from what its cells hold.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import lru_cache
from itertools import combinations

import regex

from catalogue.normalise.options import decode_options, named_options
from catalogue.normalise.text import clean_text
from catalogue.normalise.timelimit import looks_like_time_limit
from catalogue.schemas.contract import HEADER_LEVEL_JOINER, LEVELS
from catalogue.schemas.headers import ROLE_OPTION, TEXT_CACHE_SIZE, Role, header_role, role_for
from catalogue.schemas.lookup import label_key
from catalogue.schemas.vocabulary import (
    AUDIENCE_WORDS,
    HEADER_ROLES,
    OPTION_GROUPS,
    ROLE_AUDIENCE,
    ROLE_BASIS,
    ROLE_CATEGORY,
    ROLE_CHANNEL,
    ROLE_CONTENT,
    ROLE_DISCLOSURE,
    ROLE_IGNORED,
    ROLE_LEVEL,
    ROLE_METHOD,
    ROLE_SEQ,
    ROLE_SUBJECT,
    ROLE_TIME,
    SUBJECT_HINTS,
)

_SENTENCE_PUNCT = regex.compile(r"[，。；：,;]")
_LIST_PUNCT = regex.compile(r"[，。；：,;、]")

IGNORED = Role(ROLE_IGNORED)

# A law cited by title (《…》) in a cell up to this long is 公开依据; longer is content.
MAX_BASIS_CHARS = 80
# Category labels and office names are short; a longer cell is 公开内容.
MAX_LABEL_CHARS = 40
# A level cell holding content instead of a label: longer than any label seen in the
# samples' level columns (the longest real label is 25 characters), or a sentence.
MIN_CONTENT_CHARS = 30
MIN_SENTENCE_CHARS = 12
# Where the row's content cell is empty, a list ("…文号、建设单位、…") this long will do.
MIN_LIST_CONTENT_CHARS = 15


def name_columns(roles: list[Role], rows: list[list[str]]) -> list[Role]:
    """The roles with each column's header text, top level first, joined by "/"
    ("公开对象/特定群体"), for other_columns. A column under 公开渠道 whose own header
    names no known channel (发布会, 精准推送 …) is still one of its options: a checked
    cell lists it in channels_extra.

    `rows` hold a spanning header cell's text in every column it spans. A header written
    once over several columns without a span (tab-separated text) is taken from the
    nearest filled cell to its left, where a lower header row names the column."""
    named: list[Role] = []
    # The top and the bottom header text of each column under a header of two rows or more.
    tops: list[tuple[str, str] | None] = []
    seen: Counter[str] = Counter()
    for c, role in enumerate(roles):
        parts: list[str] = []
        for r, texts in enumerate(rows):
            text = texts[c] if c < len(texts) else ""
            if not text.strip() and any(c < len(lower) and lower[c].strip() for lower in rows[r + 1 :]):
                text = next((t for t in reversed(texts[:c]) if t.strip()), "")
            part = clean_text(text)
            if part and (not parts or parts[-1] != part):
                parts.append(part)
        name = HEADER_LEVEL_JOINER.join(parts) or None
        if name is not None:
            # Two columns of one header (two 备注) stay apart: the second is "备注#2",
            # as a repeated item key is numbered.
            seen[name] += 1
            name = name if seen[name] == 1 else f"{name}#{seen[name]}"
        tops.append((parts[0], parts[-1]) if len(parts) > 1 else None)
        top = header_role(parts[0]) if len(parts) > 1 else None
        if role.role == ROLE_IGNORED and top is not None and top.role == ROLE_CHANNEL:
            role = _channel(parts[-1])
        named.append(replace(role, header=name))
    return _options_past_a_strips_edge(_options_under_a_cut_name(named, tops), rows)


def clipped_group_name(text: str, group: str) -> bool:
    """`text` is what the paper's edge left of a header word naming option group `group`,
    written once over all its options where a sheet wider than its paper was printed in
    strips: the word's start or its end (公开渠, 和载体 of 公开渠道和载体), or nothing,
    where the edge cut it away whole."""
    key = label_key(text)
    return group in OPTION_GROUPS and any(
        role == group and (word.startswith(key) or word.endswith(key)) for word, role in HEADER_ROLES.items())


def _options_under_a_cut_name(named: list[Role], tops: list[tuple[str, str] | None]) -> list[Role]:
    """Columns under a top header that names no role but is a piece of a channel group's
    name (clipped_group_name), over at least one known channel: that group's options, as
    under its whole name."""
    cut = {pair[0] for pair, role in zip(tops, named, strict=True)
           if pair is not None and role.role == ROLE_OPTION and role.group == ROLE_CHANNEL
           and header_role(pair[0]) is None and clipped_group_name(pair[0], ROLE_CHANNEL)}
    if not cut:
        return named
    return [replace(_channel(pair[1]), header=role.header)
            if pair is not None and pair[0] in cut and role.role == ROLE_IGNORED else role
            for pair, role in zip(tops, named, strict=True)]


def _options_past_a_strips_edge(named: list[Role], rows: list[list[str]]) -> list[Role]:
    """Columns at a table's left edge under no header of their own above (a header of two
    rows whose top is blank there), beside a known channel there: the channels of a
    公开渠道和载体 that began on the strip before, where a sheet wider than its paper was
    printed in strips of columns. Named as under 公开渠道: a known channel, or an extra one."""
    if len(rows) < 2 or not rows[0]:
        return named
    run = 0
    while run < len(named) and run < len(rows[0]) and not rows[0][run].strip() and named[run].header:
        run += 1
    if not any(named[c].role == ROLE_OPTION and named[c].group == ROLE_CHANNEL for c in range(run)):
        return named
    out = list(named)
    for c in range(run):
        role = named[c]
        if role.role == ROLE_IGNORED and role.header is not None:
            out[c] = replace(_channel(role.header), header=role.header)
    return out


def _channel(name: str) -> Role:
    """The channel a column under 公开渠道 names: a longer name holding one known channel
    is that channel; any other is an extra one."""
    known = {o.label for o in named_options(name) if o.group == ROLE_CHANNEL}
    return Role(ROLE_OPTION, option=known.pop() if len(known) == 1 else name, group=ROLE_CHANNEL)


def roles_from_header(rows: list[list[str]], n_cols: int) -> list[Role]:
    """Merge one or more header rows (top first) into a role per column."""
    roles: list[Role] = [IGNORED] * n_cols
    parent: list[Role | None] = [None] * n_cols
    for texts in rows:
        current: Role | None = None
        for c in range(n_cols):
            text = texts[c] if c < len(texts) else ""
            role = header_role(text) if text.strip() else None
            if role is None:
                # An empty header cell under a spanning header belongs to the span.
                if current is not None and current.role in (ROLE_CATEGORY, *OPTION_GROUPS, ROLE_METHOD):
                    parent[c] = parent[c] or current
                continue
            current = role
            if roles[c].role in (ROLE_IGNORED, ROLE_CATEGORY) or role.role in (ROLE_LEVEL, ROLE_OPTION):
                if roles[c] is not IGNORED and role.role == ROLE_OPTION:
                    parent[c] = roles[c]
                roles[c] = role
            parent[c] = parent[c] or role
    _keep_first_of_each_role(roles, rows)
    # Columns under 事项类别 without their own level header are levels in order. A
    # category column whose level a level column of the table names itself (领域 before
    # 一级事项, 二级事项) is none of the item's path: the header's own levels are the
    # contract's, and the column is kept under its name in other_columns.
    named_levels = {r.level for r in roles if r.role == ROLE_LEVEL and r.level}
    level = 0
    for c in range(n_cols):
        r, up = roles[c], parent[c]
        if r.role == ROLE_LEVEL:
            level = r.level or level + 1
        elif r.role == ROLE_CATEGORY or (r.role == ROLE_IGNORED and up is not None and up.role == ROLE_CATEGORY):
            if level + 1 in named_levels:
                roles[c] = IGNORED
                continue
            level += 1
            roles[c] = Role(ROLE_LEVEL, level=level)
    return roles


def _keep_first_of_each_role(roles: list[Role], rows: list[list[str]]) -> None:
    """Where two columns claim one text role (公开主体 and 责任单位), the one whose
    header says 公开 keeps it; the other is ignored rather than merged in."""
    for role in (ROLE_SUBJECT, ROLE_CONTENT, ROLE_BASIS, ROLE_TIME):
        columns = [c for c, r in enumerate(roles) if r.role == role]
        if len(columns) < 2:
            continue
        headers = ["".join(row[c] for row in rows if c < len(row)) for c in columns]
        keep = next((c for c, h in zip(columns, headers, strict=True) if "公开" in h), columns[0])
        for c in columns:
            if c != keep:
                roles[c] = IGNORED


def realign(previous: list[Role], n_cols: int, rows: list[list[str]] | None = None) -> list[Role] | None:
    """Roles for a headerless page with another column count than the last header.

    Candidates keep the header's order of the columns after the levels: counted from
    the right (a level column more or less), or with the header's levels and one or
    two columns missing (or extra) among the rest. What the cells hold picks the one
    that fits best; on a tie, the right-aligned reading."""
    tail = [r for r in previous if r.role != ROLE_LEVEL]
    while tail and tail[0].role in (ROLE_SEQ, ROLE_IGNORED):
        tail.pop(0)
    if not tail or len(tail) >= n_cols:
        return None
    right = [Role(ROLE_LEVEL, level=i + 1) for i in range(n_cols - len(tail))] + tail
    if not rows:
        return right
    levels = sum(1 for r in previous if r.role == ROLE_LEVEL)
    candidates = [right, *_same_levels(levels, tail, n_cols)]
    kinds = [[cell_kind(row[c]) for row in rows if c < len(row) and row[c].strip()] for c in range(n_cols)]
    return max(candidates, key=lambda roles: _fit(roles, kinds))  # max keeps the first of equals


def _same_levels(levels: int, tail: list[Role], n_cols: int) -> list[list[Role]]:
    head = [Role(ROLE_LEVEL, level=i + 1) for i in range(levels)]
    room = n_cols - levels
    if room <= 0 or abs(room - len(tail)) > 2 or room == len(tail):
        return []
    if room < len(tail):
        # Every catalogue page has its content, subject, time and option columns; a
        # page that drops one drops what is often empty (公开依据, 备注, 序号).
        optional = [i for i, r in enumerate(tail) if r.role in _OPTIONAL_ROLES]
        return [head + [r for i, r in enumerate(tail) if i not in gone]
                for gone in combinations(optional, len(tail) - room)]
    extra = room - len(tail)
    return [head + tail[:i] + [IGNORED] * extra + tail[i:] for i in range(len(tail) + 1)]


_OPTIONAL_ROLES = (ROLE_BASIS, ROLE_IGNORED, ROLE_SEQ, ROLE_OPTION)

# How well a cell of each kind fits a column role: +1 fits, 0 could be, -1 does not.
_LABELISH = ("label", ROLE_SUBJECT)


def _fit(roles: list[Role], kinds: list[list[str]]) -> float:
    score = 0.0
    for role, column in zip(roles, kinds, strict=True):
        for kind in column:
            score += _kind_fits(role.role, kind)
    return score


def _kind_fits(role: str, kind: str) -> float:
    if role in (ROLE_IGNORED, ROLE_SEQ, ROLE_OPTION):
        return 0.0
    if role == ROLE_LEVEL:
        return 1.0 if kind == "label" else 0.0 if kind == ROLE_SUBJECT else -1.0
    if role == ROLE_CONTENT:
        return 1.0 if kind == ROLE_CONTENT else 0.0 if kind in (*_LABELISH, ROLE_BASIS) else -1.0
    if role == ROLE_BASIS:
        return 1.0 if kind == ROLE_BASIS else 0.0 if kind in (*_LABELISH, ROLE_CONTENT) else -1.0
    if role == ROLE_SUBJECT:
        return 1.0 if kind == ROLE_SUBJECT else 0.0 if kind == "label" else -1.0
    if role in (ROLE_METHOD, ROLE_DISCLOSURE) and kind in (ROLE_METHOD, ROLE_DISCLOSURE):
        return 1.0
    return 1.0 if kind == role else 0.0 if kind == "label" else -1.0


def roles_from_cells(rows: list[list[str]], n_cols: int) -> list[Role]:
    """Roles for a page when no header has been seen: what most cells of a column hold."""
    kinds: list[Counter[str]] = [Counter() for _ in range(n_cols)]
    lengths = [0.0] * n_cols
    for texts in rows:
        for c, text in enumerate(texts[:n_cols]):
            if text.strip():
                kinds[c][cell_kind(text)] += 1
                lengths[c] += len(text)
    roles: list[Role] = [IGNORED] * n_cols
    for c in range(n_cols):
        if kinds[c]:
            kind, _ = kinds[c].most_common(1)[0]
            if kind in OPTION_GROUPS or kind in (ROLE_TIME,):
                roles[c] = role_for(kind)
    text_cols = [c for c in range(n_cols) if roles[c] is IGNORED and kinds[c]]
    if text_cols:
        content = max(text_cols, key=lambda c: lengths[c] / max(1, sum(kinds[c].values())))
        roles[content] = Role(ROLE_CONTENT)
        for c in text_cols:
            if c < content:
                roles[c] = Role(ROLE_LEVEL)
            elif c > content and roles[c] is IGNORED and kinds[c].get(ROLE_SUBJECT):
                roles[c] = Role(ROLE_SUBJECT)
    level = 0
    for c in range(n_cols):
        if roles[c].role == ROLE_LEVEL:
            level += 1
            roles[c] = Role(ROLE_LEVEL, level=level)
    return roles


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def cell_kind(text: str) -> str:
    """What a cell's text is, by its content alone: an option group, a time limit,
    an audience word, a subject, content, or a short label."""
    decoded = decode_options(text)
    if decoded is not None and decoded.group is not None and (decoded.has_marks or decoded.group != ROLE_CHANNEL):
        return decoded.group
    plain = label_key(text)
    if plain in AUDIENCE_WORDS:
        return ROLE_AUDIENCE
    if looks_like_time_limit(plain):
        return ROLE_TIME
    if "《" in plain and len(plain) <= MAX_BASIS_CHARS:
        return ROLE_BASIS  # a law or rule cited by its title
    if len(plain) > MAX_LABEL_CHARS or _SENTENCE_PUNCT.search(plain):
        return ROLE_CONTENT
    if any(h in plain for h in SUBJECT_HINTS) and len(plain) <= MAX_LABEL_CHARS:
        return ROLE_SUBJECT
    return "label"


def looks_like_content(text: str, relaxed: bool = False) -> bool:
    """A level cell that holds 公开内容 instead of a category label. `relaxed` where the
    row's own content cell is empty, so a shorter list ("…文号、建设单位、…") counts."""
    plain = label_key(text)
    if relaxed and len(plain) > MIN_LIST_CONTENT_CHARS and _LIST_PUNCT.search(plain):
        return True
    return len(plain) > MIN_CONTENT_CHARS or bool(_SENTENCE_PUNCT.search(plain) and len(plain) > MIN_SENTENCE_CHARS)


__all__ = [
    "IGNORED",
    "LEVELS",
    "ROLE_BASIS",
    "cell_kind",
    "name_columns",
    "looks_like_content",
    "realign",
    "roles_from_cells",
    "roles_from_header",
]
