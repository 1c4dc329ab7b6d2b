"""jieba's dictionary and its exact segmentation, without loading the dictionary.

Shared by the normaliser (labels cut by a page break, normalise/labels.py) and the OCR
path (which way up a page reads, extract/ocr/page.py), so it sits beside both.

`normalise/labels.py` segments a few short labels and asks a few word frequencies per
file, yet `jieba.Tokenizer` loads all of its ~500,000 entries (0.7 CPU s from its
marshal cache, plus 0.13 s to import jieba) in every process. Here the same prefix
dictionary (every word with its frequency, every prefix of a word with 0, and the sum
of the frequencies; built as `jieba.Tokenizer.gen_pfdict` builds it, from the
dict.txt that jieba ships) is an SQLite table, written once per machine into a cache
folder and then queried a word at a time. The segmentation is jieba's accurate mode
without its HMM (`jieba.Tokenizer().lcut(text, HMM=False)`), re-stated here over that
lookup; tests/test_segmentation.py checks both against jieba itself.

The store is built into a temporary file and renamed into place, so readers never see
half of one (two processes building at once both rename a whole file). Where the cache
folder cannot be written, the dictionary is loaded the old way, through jieba itself.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import logging
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable
from math import log
from pathlib import Path

import regex

CACHE_ENV = "CATALOGUE_CACHE_DIR"  # where the store goes; else $XDG_CACHE_HOME/catalogue or ~/.cache/catalogue
STORE_FORMAT = 1  # part of the store's name: a new layout never reads an old file
LOOKUP_CACHE = 4096  # words asked again within a process: the same few labels and their pieces

# jieba 0.42's own patterns (jieba/__init__.py: re_han_default, re_skip_default, re_eng).
_HAN_BLOCK = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)", re.U)
_SKIP = re.compile("(\r\n|\\s)", re.U)
_ENGLISH = re.compile("[a-zA-Z0-9]", re.U)

_log = logging.getLogger(__name__)


class Dictionary:
    """A prefix dictionary: `freq(word)` is the word's frequency, 0 for a prefix of a
    word that is no word itself, None for anything else; `total` sums the frequencies."""

    def __init__(self, lookup: Callable[[str], int | None], total: int) -> None:
        self.freq = functools.lru_cache(maxsize=LOOKUP_CACHE)(lookup)
        self.total = total

    def cut(self, text: str) -> list[str]:
        """`jieba.Tokenizer().lcut(text, HMM=False)` over this dictionary: runs of Han,
        Latin letters, digits and +#&._%- are segmented; whitespace comes out as it is,
        every other character alone."""
        words: list[str] = []
        for block in _HAN_BLOCK.split(text):
            if not block:
                continue
            if _HAN_BLOCK.match(block):
                words += self._cut_block(block)
                continue
            for piece in _SKIP.split(block):
                if _SKIP.match(piece):
                    words.append(piece)
                else:
                    words.extend(piece)
        return words

    def _cut_block(self, block: str) -> list[str]:
        freq, n = self.freq, len(block)
        # Every word of the dictionary that starts at k: where it ends (jieba's DAG).
        ends: list[list[int]] = []
        for k in range(n):
            found = []
            i = k
            while i < n:
                f = freq(block[k:i + 1])
                if f is None:  # no word goes on like this
                    break
                if f:
                    found.append(i)
                i += 1
            ends.append(found or [k])
        # The most probable path from the right (jieba's calc: the same float operations
        # in the same order, ties to the longer word).
        log_total = log(self.total)
        route: list[tuple[float, int]] = [(0, 0)] * (n + 1)
        for idx in range(n - 1, -1, -1):
            route[idx] = max((log(freq(block[idx:x + 1]) or 1) - log_total + route[x + 1][0], x) for x in ends[idx])
        # Single Latin letters and digits in a row are one word.
        words: list[str] = []
        latin = ""
        x = 0
        while x < n:
            y = route[x][1] + 1
            word = block[x:y]
            if len(word) == 1 and _ENGLISH.match(word):
                latin += word
            else:
                if latin:
                    words.append(latin)
                    latin = ""
                words.append(word)
            x = y
        if latin:
            words.append(latin)
        return words


def jieba_dict_file() -> Path:
    """The dictionary jieba ships, found without importing jieba (its import loads its HMM)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("jieba is not installed", name="jieba")
    return Path(next(iter(spec.submodule_search_locations))) / "dict.txt"


def prefix_dict(path: Path) -> tuple[dict[str, int], int]:
    """dict.txt as `jieba.Tokenizer.gen_pfdict` reads it: a later line of the same word
    wins, every line counts in the total."""
    freqs: dict[str, int] = {}
    total = 0
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, 1):
            text = line.strip().decode("utf-8")
            try:
                word, count = text.split(" ")[:2]
                freq = int(count)
            except ValueError:
                raise ValueError(f"invalid dictionary entry in {path} at line {number}: {text}") from None
            freqs[word] = freq
            total += freq
            for end in range(1, len(word)):
                freqs.setdefault(word[:end], 0)
    return freqs, total


def cache_dir() -> Path:
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "catalogue"


def store_path(source: Path, folder: Path) -> Path:
    """The store of this very dict.txt: its path, size and modification time name it."""
    stat = source.stat()
    key = f"{STORE_FORMAT}|{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    return folder / f"jieba-words-{hashlib.sha256(key.encode()).hexdigest()[:16]}.sqlite3"


def build_store(source: Path, target: Path) -> None:
    """Write the prefix dictionary of `source` to `target`, whole or not at all."""
    freqs, total = prefix_dict(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".tmp")
    os.close(fd)
    try:
        with sqlite3.connect(temp) as db:
            db.execute("PRAGMA journal_mode = OFF")  # a private temporary file: nothing to roll back
            db.execute("PRAGMA synchronous = OFF")
            db.execute("CREATE TABLE words (word TEXT PRIMARY KEY, freq INTEGER NOT NULL) WITHOUT ROWID")
            db.execute("CREATE TABLE meta (total INTEGER NOT NULL)")
            db.executemany("INSERT INTO words VALUES (?, ?)", sorted(freqs.items()))
            db.execute("INSERT INTO meta VALUES (?)", (total,))
        db.close()
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def open_store(path: Path) -> Dictionary:
    """The dictionary of a built store (read-only: the file never changes once renamed)."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
    (total,) = db.execute("SELECT total FROM meta").fetchone()
    query = "SELECT freq FROM words WHERE word = ?"

    def lookup(word: str) -> int | None:
        row = db.execute(query, (word,)).fetchone()
        return None if row is None else int(row[0])

    return Dictionary(lookup, int(total))


def _from_jieba() -> Dictionary:
    """The fallback: jieba's own private tokenizer, loaded whole (0.7 s)."""
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return Dictionary(tokenizer.FREQ.get, int(tokenizer.total))


@functools.lru_cache(maxsize=1)
def dictionary() -> Dictionary:
    """jieba's dictionary for this process: from the store, built first if need be."""
    source = jieba_dict_file()
    target = store_path(source, cache_dir())
    try:
        if target.exists():
            if not target.is_file():  # a named pipe there would hold SQLite's open for ever
                raise OSError(f"{target} is not a regular file")
            try:
                return open_store(target)
            except sqlite3.Error:  # damaged (not by us: ours are renamed into place whole): built again
                pass
        build_store(source, target)
        return open_store(target)
    except (OSError, sqlite3.Error) as exc:  # no cache folder to write, or a store that will not open
        _log.debug("jieba word store unavailable (%s): loading the dictionary whole", exc)
        return _from_jieba()


if hasattr(os, "register_at_fork"):  # a forked child opens its own connection
    os.register_at_fork(after_in_child=dictionary.cache_clear)


# Han characters, for `word_share`.
_HAN_CHARS = regex.compile(r"\p{Han}")


def word_share(text: str) -> float:
    """The share of the Han characters of `text` that stand in dictionary words of two
    or more characters: near 1 for a line of Chinese prose, near 0 for characters
    taken from different lines (a page read a quarter turn off), 0 without Han."""
    han = [len(_HAN_CHARS.findall(token)) for token in dictionary().cut(text)]
    total = sum(han)
    return sum(n for n in han if n > 1) / total if total else 0.0
