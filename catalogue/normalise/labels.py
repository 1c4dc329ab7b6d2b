"""Category labels that a page break cut in two ("机关简" … "介 绍")."""

from __future__ import annotations

import logging
from functools import lru_cache

import regex

_HAN = regex.compile(r"^\p{Han}$")


@lru_cache(maxsize=1)
def _jieba():  # type: ignore[no-untyped-def]
    # jieba ships its dictionary inside the package: nothing is downloaded.
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def looks_cut(before: str, after: str) -> bool:
    """Whether `before` (the end of one page's label) and `after` (the start of the
    next page's) are one word cut by the break: the first ends in a lone character
    that forms a dictionary word with the start of the second."""
    if not before or not after:
        return False
    jieba = _jieba()
    tokens = jieba.lcut(before, HMM=False)
    last = tokens[-1]
    # A lone character after at least one whole word: a single-character label is
    # more likely a short name (甲, 其) than a cut one.
    if len(tokens) < 2 or len(last) != 1 or not _HAN.match(last):
        return False
    head = jieba.lcut(after, HMM=False)[0]
    for candidate in (last + after[0], last + head):
        if len(candidate) >= 2 and jieba.get_FREQ(candidate):
            return True
    joined = jieba.lcut(before + after, HMM=False)
    # A token of the joined text that straddles the break.
    pos = 0
    for token in joined:
        if pos < len(before) < pos + len(token):
            return True
        pos += len(token)
    return False


def join_cut_label(before: str, after: str) -> str:
    """The label that `before` and `after` make together.

    Where the continuation is itself a whole word that begins by completing the cut
    one ("机关简" + "介绍": 简介, then 介绍), the text layer shows the centred label
    reflowed on the next page; the completed word is the label ("机关简介").
    """
    jieba = _jieba()
    if len(after) >= 2 and jieba.get_FREQ(after) and jieba.get_FREQ(before[-1] + after[0]):
        joined = jieba.lcut(before + after, HMM=False)
        if joined and joined[-1] == after:
            return before + after[0]
    return before + after
