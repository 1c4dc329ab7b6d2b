"""Option cells → contract fields, by the vocabulary in schemas/.

One function, `decode_options`, reads any option cell: an inline list of marks
("✓主动公开 □依申请公开"), a cut list ("✓全文发"), or plain text naming options
("政府网站、政务新媒体"). The cell's group (channel, disclosure, method, audience,
tier) comes from the labels it holds, so the same words are read right whatever
the column is called.

`scanned` (the cell's table is RawTable.recognised) is a decision in
`_match_segments`: option labels run together on a scan lost the marks between them,
so those marks are left unknown, where a text layer's one mark stands for them all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache

import regex

from catalogue.normalise.text import repair_wraps
from catalogue.schemas.contract import MARK_UNREADABLE, UNKNOWN_OPTION
from catalogue.schemas.lookup import (
    LABEL_CACHE_SIZE,
    MIN_PREFIX,
    extra_keys,
    fold,
    is_label_end,
    is_label_start,
    lookup,
    option_index,
    strip_markup,
)
from catalogue.schemas.mark_segments import Segment, split_marks
from catalogue.schemas.vocabulary import (
    AUDIENCE,
    BULLETS,
    CHANNEL,
    OPTION_GROUPS,
    OPTIONS,
    Option,
)

_SEPARATORS = regex.compile(r"[、，,；;/／\s]+|(?<=\p{Han})[和及与](?=\p{Han})")
# Punctuation and line breaks between names; a slash may join one name ("发布会/听证会",
# "入户/现场").
_PUNCTUATION_BUT_SLASH = regex.compile(r"[、，,；;\s]+")
_PUNCTUATION = regex.compile(r"[、，,；;/／\s]+")
# 和 / 及 / 与 are words, not punctuation: they part two names only where each side is a
# name the vocabulary knows ("政府网站及政务微博"); inside a longer name they stay
# ("中国政府采购网及其地方分网"). So does a plus sign ("政府网站+政务新媒体"), which is also
# part of names (互联网+政务服务).
_WORD_SEPARATORS = regex.compile(r"(?<=\p{Han})[和及与+＋](?=\p{Han})")
# Labels that run together are looked for in a label at most this long (three of the
# longest option names): a longer one is text, not lost marks.
RUN_TOGETHER_MAX = 24




@cache  # a handful of groups, asked for on every option cell
def group_fields(group: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for option in OPTIONS:
        if option.group == group:
            seen.update(dict.fromkeys(option.fields))
    return tuple(seen)


def named_options(label: str) -> tuple[Option, ...]:
    """Options a header label names, whole or as the one option inside a longer name
    (the national standard's channel 社区/企事业单位/村公示栏（电子屏） is a 公示栏)."""
    return lookup(label) or _contained(label)


@lru_cache(maxsize=LABEL_CACHE_SIZE)
def lookup_prefix(label: str) -> tuple[Option, ...]:
    """Options whose label starts with `label`: a label cut by the cell edge ("全文发")."""
    key = fold(label)
    if len(key) < MIN_PREFIX:
        return ()
    found = {id(o): o for k, o in option_index().keys if k.startswith(key)}
    return tuple(found.values())


def is_known_extra(label: str) -> bool:
    """A channel outside the named ones that catalogues commonly list (发布会, 入户 …)."""
    return fold(label) in extra_keys()


@dataclass
class OptionCell:
    group: str | None
    values: dict[str, bool | None] = field(default_factory=dict)  # contract field → value
    audience: list[str] = field(default_factory=list)  # checked audience labels, canonical
    extras: list[str] = field(default_factory=list)  # checked channel labels outside the vocabulary
    warnings: list[str] = field(default_factory=list)
    has_marks: bool = False

    def copy(self) -> OptionCell:
        return OptionCell(self.group, dict(self.values), list(self.audience), list(self.extras),
                          list(self.warnings), self.has_marks)


@dataclass
class _Match:
    state: bool | None
    label: str  # cleaned label text
    options: tuple[Option, ...]
    cut: bool = False


def decode_options(text: str, hint: str | None = None, scanned: bool = False) -> OptionCell | None:
    """Decode an option cell, or None when the text names no option (not an option cell).
    `scanned`: the text was read by OCR (see _match_segments)."""
    decoded = _decoded(text, hint, scanned)
    return decoded.copy() if decoded is not None else None  # the caller's own, to change


def decode_across_groups(text: str, hint: str | None = None, scanned: bool = False
                         ) -> tuple[OptionCell, ...] | None:
    """A cell without marks naming options of several groups ("主动公开（政府网站、公开栏）",
    "主动公开：政府网站、政务新媒体": the disclosure and the channels it goes through): one
    cell a group, each named option true; None where the cell is not so. Every part must
    be an option the vocabulary knows, so a note (主动公开（涉及个人隐私的除外）) is never
    read as options; a list that ends in 等 ("公开栏等") names the options before it."""
    if split_marks(strip_markup(text), is_label_start, is_label_end) is not None:
        return None
    for source in (strip_markup(text), repair_wraps(strip_markup(text))):
        by_group: dict[str, list[str]] = {}
        for part in (p for p in _GROUP_PARTS.split(source) if p):
            name = part if lookup(part) or not part.endswith(_AND_SO_ON) else part[:-1]
            groups = {o.group for o in lookup(name)}
            group = hint if hint in groups else (groups.pop() if len(groups) == 1 else None)
            if group is None:
                break
            by_group.setdefault(group, []).append(name)
        else:
            if len(by_group) > 1:
                cells = [decode_options("、".join(names), group, scanned) for group, names in by_group.items()]
                read = tuple(cell for cell in cells if cell is not None and cell.group is not None)
                if len(read) == len(cells):
                    return read
    return None


# Between the names of a cell naming several groups: brackets, a colon and the list
# separators, and spaces (tried before a wrap's spaces are taken out).
_GROUP_PARTS = regex.compile(r"[（()）:：、，,；;/／\s]+")
_AND_SO_ON = "等"


# Option cells repeat row after row (the same channel list on every item); a cell's
# reading depends on nothing but its text, the hint and `scanned`, so it is cached,
# bounded as the other per-text caches are.
DECODED_CACHE_SIZE = 8192


@lru_cache(maxsize=DECODED_CACHE_SIZE)
def _decoded(text: str, hint: str | None, scanned: bool) -> OptionCell | None:
    text = strip_markup(text)
    marked = split_marks(text, is_label_start, is_label_end)
    if marked is None:
        return _decode_plain(text, hint)
    matches = _match_segments(marked.segments, scanned)
    group = _choose_group(matches, hint)
    if group is None:
        return None
    return _fill(group, matches, has_marks=True)


def _match_segments(segments: list[Segment], scanned: bool = False) -> list[_Match]:
    matches: list[_Match] = []
    for seg in segments:
        label = repair_wraps(seg.label)
        if not label:
            continue
        exact = lookup(label)
        if exact:
            matches.append(_Match(seg.state, label, exact))
            continue
        if matches and matches[-1].cut and _completes(matches[-1], label):
            # A converter put a box inside a wrapped label: "不予公 □公开" is 不予公开.
            prev = matches[-1]
            matches[-1] = _Match(prev.state, prev.options[0].label, prev.options)
            continue
        if matches and (not matches[-1].options or matches[-1].cut):
            # The rest of a label that a wrap or a stray box cut off: "不予公 □开".
            joined = matches[-1].label + label
            rejoined = lookup(joined) or lookup_prefix(joined)
            if rejoined:
                prev = matches[-1]
                matches[-1] = _Match(prev.state, joined, rejoined, cut=not lookup(joined))
                continue
        prefix = lookup_prefix(label)
        if len(prefix) == 1 or (prefix and len({o.group for o in prefix}) == 1 and len({o.label for o in prefix}) == 1):
            matches.append(_Match(seg.state, label, prefix[:1], cut=True))
            continue
        parts = [p for p in _SEPARATORS.split(label) if p]
        if len(parts) > 1 and all(lookup(p) for p in parts):
            # One mark for several options written together: "✓政府网站、政务微博".
            for part in parts:
                matches.append(_Match(seg.state, part, lookup(part)))
            continue
        run = _run_together(label) or (_split_at_strays(label) if scanned else None)
        if run:
            # Option labels that run together with nothing between them, or on a scan with a
            # stray character between them (_split_at_strays). On a scan they
            # lost the mark between them ("☑政府网站 ▯政府公报" read without its ▯): the
            # first keeps the mark read before it, the others' marks are unread. A text
            # layer loses no mark: one mark stands for the names written together, as
            # with "✓政府网站、政务微博".
            matches.append(_Match(seg.state, run[0], lookup(run[0])))
            matches += [_Match(None if scanned else seg.state, part, lookup(part)) for part in run[1:]]
            continue
        matches.append(_Match(seg.state, label, _contained(label)))
    return matches


# On a scan, a box glyph the pixels missed is read as one stray character between two
# option labels ("政务微博：政务微信", "移动客户端）电视", "政务微博3政务微信"): any one
# character that is neither Han nor a separator, between Han ones. A label that holds
# such a character itself (村公示栏（电子屏）) is found whole before this is tried, and
# every part must be an option label. A dot or a dash joins the words of one name
# (报刊·广播, 公开栏-电子屏), and a colon after 其他 introduces what the other channel is
# (其他：村务公开栏): neither is a mark.
_STRAY_MARK = regex.compile(r"(?<=\p{Han})(?<!其[他它](?=[:：]))[^\p{Han}、，,；;/／\s·・‧\-－—](?=\p{Han})")


def _split_at_strays(label: str) -> list[str] | None:
    """`label` as option labels (each known, or known labels run together) parted by
    stray characters, or None."""
    parts = _STRAY_MARK.split(label)
    if len(parts) < 2:
        return None
    out: list[str] = []
    for part in parts:
        if lookup(part):
            out.append(part)
        elif (run := _run_together(part)) is not None:
            out += run
        else:
            return None
    return out


def _run_together(label: str) -> list[str] | None:
    """`label` as two or more option labels written one after another, or None."""
    found = _split_run(fold(label))
    return list(found) if found is not None else None


@lru_cache(maxsize=LABEL_CACHE_SIZE)
def _split_run(key: str) -> tuple[str, ...] | None:
    if len(key) > RUN_TOGETHER_MAX:
        return None
    # ways[i]: a split of key[:i] into known labels (the fewest parts), if any.
    ways: list[list[str] | None] = [[]] + [None] * len(key)
    for end in range(1, len(key) + 1):
        for start in range(end):
            head, best = ways[start], ways[end]
            if head is not None and end - start >= MIN_PREFIX and lookup(key[start:end]) and (best is None or len(head) + 1 < len(best)):
                ways[end] = [*head, key[start:end]]
    found = ways[len(key)]
    return tuple(found) if found is not None and len(found) > 1 else None


@lru_cache(maxsize=LABEL_CACHE_SIZE)
def _contained(label: str) -> tuple[Option, ...]:
    """The one option whose name stands inside a longer label ("村公示栏（电子屏）")."""
    key = fold(label)
    found = {o.label: o for k, o in option_index().keys if len(k) >= 2 and k in key and o.label != "其他"}
    if len({(o.group, o.label) for o in found.values()}) == 1:
        return tuple(found.values())
    return ()


def _completes(prev: _Match, fragment: str) -> bool:
    """Whether `fragment` is the missing end of the cut label `prev`."""
    frag = fold(fragment)
    if lookup(fragment) or not frag:
        return False
    names = [fold(n) for o in prev.options for n in (o.label, *o.synonyms)]
    have = fold(prev.label)
    return any(n.startswith(have) and n.endswith(frag) and len(have) + len(frag) >= len(n) for n in names)


def _choose_group(matches: list[_Match], hint: str | None) -> str | None:
    votes: Counter[str] = Counter()
    for m in matches:
        groups = {o.group for o in m.options}
        if len(groups) == 1:
            votes[groups.pop()] += 1
    if not votes:
        return hint if hint in OPTION_GROUPS else None
    best = max(votes.values())
    leaders = [g for g, n in votes.items() if n == best]
    if hint in leaders:
        return hint
    return leaders[0]


def _fill(group: str, matches: list[_Match], has_marks: bool) -> OptionCell:
    cell = OptionCell(group=group, has_marks=has_marks)
    for name in group_fields(group):
        cell.values[name] = False
    for m in matches:
        options = [o for o in m.options if o.group == group]
        if not options:
            _unknown(cell, m)
            continue
        option = options[0]
        if m.state is None:
            cell.warnings.append(MARK_UNREADABLE)
            for name in option.fields:
                if cell.values.get(name) is not True:
                    cell.values[name] = None
            if group == AUDIENCE:
                cell.audience.append(option.label)
            continue
        if m.state:
            for name in option.fields:
                cell.values[name] = True
            if group == AUDIENCE and option.label not in cell.audience:
                cell.audience.append(option.label)
    return cell


def _unknown(cell: OptionCell, m: _Match) -> None:
    known_extra = is_known_extra(m.label)
    if not known_extra:
        cell.warnings.append(f"{UNKNOWN_OPTION}:{m.label}")
    if cell.group == CHANNEL and m.state:
        cell.values["channel_other"] = True
        if m.label not in cell.extras:
            cell.extras.append(m.label)
    elif cell.group == CHANNEL and m.state is None:
        cell.warnings.append(MARK_UNREADABLE)


def _decode_plain(text: str, hint: str | None) -> OptionCell | None:
    """A cell with no marks that lists options by name: each named option is true.

    Every part must be an option name; in a channel cell one known channel is enough,
    and the other parts are channels outside the vocabulary (channels_extra), so
    "福建省公共资源交易电子公共服务平台、电子招标投标交易平台、政府网站" is three channels."""
    cleaned = repair_wraps(text)
    if not cleaned:
        return None
    whole = lookup(cleaned)
    if whole:  # a name that holds a separator itself: 乡、村级
        return _plain_cell([_Match(True, cleaned, whole)], hint)
    # Spaces may separate names ("广播电视 纸质媒体") or be wraps inside one ("政务服务中 心"):
    # split on them first, and rejoin only if that leaves a part no vocabulary knows.
    # Of the two readings, the one that names more options wins (a cell that lists its
    # channels one a line, one of them unknown, keeps its lines).
    readings = []
    for source in (text, cleaned):
        parts = [p for chunk in _PUNCTUATION_BUT_SLASH.split(strip_markup(source)) for p in _names(chunk, hint)]
        found = [_plain_options(p, hint) for p in parts]
        readings.append((parts, found))
        if parts and all(f is not None for f in found):
            break
    parts, found = max(readings, key=lambda reading: sum(1 for f in reading[1] if f is not None))
    known = sum(1 for f in found if f is not None)
    if not parts or not known or (known < len(parts) and hint != CHANNEL):
        return None
    matches = [_Match(True, p, f or ()) for p, f in zip(parts, found, strict=True)]
    return _plain_cell(matches, hint)


# Option cells repeat row after row; a chunk's names depend on nothing but its text and
# the group hint, so they are cached (bounded: a file of all-different cells costs a
# fixed amount of memory).
NAMES_CACHE_SIZE = 8192


@lru_cache(maxsize=NAMES_CACHE_SIZE)
def _names(chunk: str, hint: str | None) -> tuple[str, ...]:
    """The option names a chunk of a cell without marks lists (split by separators,
    word separators between two known names, or names run together)."""
    name = repair_wraps(chunk).lstrip("".join(BULLETS))  # "●政府网站": a list bullet, not part of the name
    if not name:
        return ()
    if _plain_options(name, hint) is not None:
        return (name,)
    names: list[str] = []
    for piece in _PUNCTUATION.split(chunk):
        piece = repair_wraps(piece).lstrip("".join(BULLETS))
        if not piece.strip(" " + "".join(BULLETS)):
            continue
        if _plain_options(piece, hint) is not None:
            names.append(piece)
            continue
        words = [w for w in _WORD_SEPARATORS.split(piece) if w]
        if len(words) > 1 and all(_plain_options(w, hint) is not None for w in words):
            names += words
            continue
        names += _run_together(piece) or [piece]
    return tuple(names)


def _plain_options(part: str, hint: str | None) -> tuple[Option, ...] | None:
    """The options one named part sets; () for a known extra channel; None if unknown."""
    found = lookup(part) or (_contained(part) if hint == CHANNEL else ())
    if found:
        return found
    # Inside a channel column a longer name may hold a channel ("村务公开栏（电子屏）");
    # elsewhere only whole names count, or "县级财政部门" would read as a tier.
    if hint == CHANNEL and is_known_extra(part):
        return ()
    return None


def _plain_cell(matches: list[_Match], hint: str | None) -> OptionCell | None:
    group = _choose_group(matches, hint)
    if group is None:
        return None
    if any(m.options and not any(o.group == group for o in m.options) for m in matches):
        return None
    return _fill(group, matches, has_marks=False)
