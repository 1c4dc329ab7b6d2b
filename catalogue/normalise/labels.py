"""Category labels that a page break cut in two ("机关简" … "介 绍").

Where the input has geometry (a PDF), the caller decides a cut from the cells' flags
and only asks here how the two parts join. Where it has none (text, HTML, Markdown),
`looks_cut` is the only evidence, and it must not invent a label out of two whole ones
that merely touch: "机构职能" + "人员" and "应急管理类" + "人事信息" are two labels
each, although a general dictionary holds 能人 and 类人. The rule, in words:

1. The first part ends in a fragment: its segmentation ends in a single character
   after at least one whole word ("机关/简", "规划/信"; not "机构/职能").
2. That character and the start of the second part make a dictionary word that
   neither part holds by itself (简+介 → 简介, 信+息 → 信息): the break runs
   through a word.
3. The second part cannot stand as a label of its own: either it starts inside a
   word (its own segmentation begins with a lone character, "息/公开", "可"), or
   the first part's last character is bound, i.e. the dictionary knows it more
   often inside the straddling word than as a word of its own (简 988 < 简介 2,671;
   but 类 14,536 > 类人 162), so the first part is no complete label either.

The dictionary is jieba's, read from the dict.txt it ships (`catalogue/segmentation.py`:
queried a word at a time, not loaded whole), so that no other user of jieba in the
process changes what we read (nor we theirs).
"""

from __future__ import annotations

import regex

from catalogue.segmentation import dictionary

_HAN = regex.compile(r"^\p{Han}$")
# The longest dictionary word worth trying across the break: jieba's entries that
# matter for category labels are at most four characters.
MAX_STRADDLE = 4
# A lone last character is a fragment when the straddling word is at least this many
# times as frequent as the character alone (1: more often bound than free).
BOUND_RATIO = 1.0


def _tokens(text: str) -> list[str]:
    return dictionary().cut(text)


def _freq(word: str) -> int:
    return dictionary().freq(word) or 0


def _fragment(before: str) -> str | None:
    """The lone last character of a label that ends in one after a whole word."""
    tokens = _tokens(before)
    # A label of one character is more likely a short name (甲, 其) than a cut one.
    if len(tokens) < 2 or len(tokens[-1]) != 1 or not _HAN.match(tokens[-1]):
        return None
    return tokens[-1]


def _straddle(char: str, after: str) -> str | None:
    """The most frequent dictionary word made of `char` and a start of `after`."""
    words = [char + after[:j] for j in range(1, min(len(after), MAX_STRADDLE - 1) + 1)]
    known = [w for w in words if _freq(w)]
    return max(known, key=_freq) if known else None


def _bound(char: str, word: str) -> bool:
    return _freq(word) >= BOUND_RATIO * max(1, _freq(char))


def looks_cut(before: str, after: str) -> bool:
    """Whether `before` (the end of one page's label) and `after` (the start of the
    next page's) are one label cut by the break, judged from the words alone (see the
    module's docstring for the rule)."""
    if not before or not after:
        return False
    char = _fragment(before)
    if char is None:
        return False
    word = _straddle(char, after)
    if word is None:
        return False
    starts_inside = len(_tokens(after)[0]) == 1
    return starts_inside or _bound(char, word)


def join_cut_label(before: str, after: str) -> str:
    """The label that `before` and `after` make together, once a cut is established.

    The parts are joined as they are, except where the first ends in a bound fragment
    and the continuation is itself one whole word that begins by completing it
    ("机关简" + "介绍": 简介, then 介绍): the text layer shows the centred label
    reflowed on the next page, and the completed word is the label ("机关简介").
    """
    char = _fragment(before) if before else None
    if char is not None and len(after) >= 2 and _tokens(after) == [after]:
        word = char + after[0]
        if _freq(word) and _bound(char, word):
            return before + after[0]
    return before + after
