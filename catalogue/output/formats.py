"""Names of the output formats and the cell conventions every text output shares, apart
from the writers, so that the CLI can offer them without importing pyarrow."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

# What `extract` writes unless told otherwise, and every format it can write.
FORMATS: tuple[str, ...] = ("parquet", "csv")
ALL_FORMATS: tuple[str, ...] = ("parquet", "csv", "xlsx", "jsonl")
# Header rows: the contract's column names, or its Chinese labels (xlsx always has these).
HEADER_LABELS: tuple[str, ...] = ("en", "zh")
# Not an output format a user names in --format: `--provenance` adds it, so that a batch
# carries it with the formats (and a change to it re-extracts, like a change of format).
PROVENANCE = "provenance.parquet"

SHEET_TITLE = "公开事项"  # the xlsx output's one sheet

# Lists in a text cell (CSV, xlsx): the contract's full-width semicolon.
LIST_SEPARATOR = "；"

# Contract v1.2: a CSV cell whose text begins with one of these is a formula to a
# spreadsheet (OWASP "CSV injection": =, +, -, @, and tab or carriage return, which
# some spreadsheets skip before looking for one). Such a cell is written with a leading
# apostrophe, which the spreadsheet shows as text and hides.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"


# The first characters a guarded text can begin with: any other text is written as it is,
# with no further test (every text cell of every item is asked).
_GUARD_FIRST = frozenset(start[0] for start in (*FORMULA_STARTS, FORMULA_GUARD))


def _needs_guard(text: str) -> bool:
    if not text or text[0] not in _GUARD_FIRST:
        return False
    # A text that already starts with the guard before a formula start gets one more,
    # so that reading back removes exactly one and every value round-trips.
    while text.startswith(FORMULA_GUARD):
        text = text[1:]
    return text.startswith(FORMULA_STARTS)


def guard_formula(text: str) -> str:
    """A CSV cell's text as written: a leading apostrophe where a spreadsheet would see a formula."""
    return FORMULA_GUARD + text if _needs_guard(text) else text


def unguard_formula(text: str) -> str:
    """The value a CSV cell written by guard_formula holds."""
    return text[1:] if text.startswith(FORMULA_GUARD) and _needs_guard(text[1:]) else text


def map_to_json(value: object) -> str:
    """A map cell as a JSON object, Chinese kept readable; an empty map is "{}", so every
    cell of the column parses as an object. Arrow hands maps over as (key, value) pairs."""
    pairs = value.items() if isinstance(value, dict) else value
    return json.dumps(dict(pairs), ensure_ascii=False)  # type: ignore[call-overload]


def map_from_json(raw: str) -> dict[str, str]:
    """The map a CSV cell holds; an empty cell is an empty map. ValueError if it is not
    a JSON object of strings."""
    if not raw.strip():
        return {}
    value = json.loads(raw)
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ValueError(f"not a JSON object of strings: {raw[:60]!r}")
    return value


# The items/ dataset of an output folder: hive partitions "file=<stem>/".
DATASET_DIR = "items"
PARTITION_PREFIX = "file="


def is_dataset(path: Path) -> bool:
    """Whether a folder is an items/ dataset (it holds "file=…" partitions)."""
    return path.is_dir() and any(p.is_dir() and p.name.startswith(PARTITION_PREFIX) for p in path.iterdir())


def holds_dataset(path: Path) -> bool:
    """An items/ dataset, or an output folder holding one."""
    return is_dataset(path) or is_dataset(path / DATASET_DIR)


# The header of `catalogue diff -f csv`.
DIFF_CSV_HEADER = ("change", "old_item_no", "new_item_no", "old_key", "new_key", "field", "label", "old", "new")
# What a file written by this tool but holding no items says of itself.
REPORT_MARK = '<meta name="generator" content="catalogue diff">'
_HTML_MARKS = (REPORT_MARK, "<h1>目录比对 catalogue diff</h1>")


# The PNG text chunk `catalogue inspect` marks its drawings with (inspect/draw.py), as read here.
DRAWING_MARK = "tEXtSoftware\x00catalogue inspect"


def own_file_kind(path: Path) -> str | None:
    """"a diff report" or "a provenance table" for such files of this tool, else None."""
    name = path.name.lower()
    if name.endswith(".provenance.parquet"):
        return "a provenance table of catalogue extract --provenance"
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None  # a pipe would block the read; what it is, the reader says
        with open(path, "rb") as handle:
            head = handle.read(4096).decode("utf-8-sig", errors="replace")
    except OSError:
        return None
    if name.endswith(".png"):
        # Its text chunk comes right after the header (inspect.draw writes SOFTWARE_KEY =
        # SOFTWARE; not imported here: drawing pulls in PIL and the page model).
        return "a drawing of catalogue inspect" if DRAWING_MARK in head else None
    first = head.split("\n", 1)[0].strip()
    if any(mark in head for mark in _HTML_MARKS) or first == ",".join(DIFF_CSV_HEADER):
        return "a report of catalogue diff"
    if head.lstrip().startswith("{") and all(f'"{key}"' in head for key in ("old", "new", "equal", "summary")):
        return "a report of catalogue diff"
    return None
