"""What is not a catalogue, and items that are junk.

Two questions asked after the rows are read. Is the input a catalogue at all (a table
of figures has rows, but no header words and no category labels)? And do its items
look like a catalogue's, or like a table that was misread (items with no category,
header words taken for labels, most rows dropped as empty)? `extract` turns the
second into file-level warnings, `validate` into errors; both ask `find_junk`, which
works on contract rows, so it judges a written output exactly as a fresh extraction.
Where nearly every item is junk (MOSTLY_JUNK), the table was no catalogue after all:
`extract` fails the file with that finding's message, `validate` calls it an error.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

from catalogue.normalise.options import decode_options, group_fields
from catalogue.normalise.rows import Row
from catalogue.normalise.text import clean_label, clean_text
from catalogue.normalise.timelimit import parse_time_limit
from catalogue.schemas.contract import EMPTY_ROW_DROPPED, LABELS, LEVELS
from catalogue.schemas.headers import MAX_HEADER_CHARS, header_role
from catalogue.schemas.lookup import has_strong_marks, label_key, strip_markup
from catalogue.schemas.vocabulary import HEADER_ROLES, OPTION_GROUPS, ROLE_LEVEL, ROLE_TIME
from catalogue.schemas.warnings import (
    EMPTY_ITEM,
    EMPTY_ITEM_KEY,
    HEADER_WORD_LABEL,
    LABEL_MISREAD,
    MOST_LABELS_MISREAD,
    MOST_ROWS_DROPPED,
    MOSTLY_JUNK,
)

NOT_A_CATALOGUE = ("a table was found but it is not a catalogue: no header words, and no option marks or time "
                   "limits beside its labels")
UNKNOWN_HEADER = "a table was found but it is not a catalogue: its header names other columns ({})"

# A table without any header row counts as a catalogue when at least this share of its
# rows carries a category label, an option cell or a time limit: merged groups leave
# many rows' labels empty, but nearly every catalogue row has marks or a limit, while a
# table of figures has at most a stray 合计 row with words in it.
MIN_CATALOGUE_ROW_SHARE = 0.3
# ... and when at least this many of its rows hold what only a catalogue holds (an option
# cell, a mark, a time limit): words in the first column are any form's words (an
# invoice's 购买方 / 销售方), and a catalogue without a single channel, disclosure mark
# or time limit in any row is not one this tool can vouch for.
MIN_STRONG_ROWS = 1
# More than this share of the rows read dropped as empty: the table was not understood.
MOST_ROWS_DROPPED_SHARE = 0.5
# More than this share of a source's items with a category label misread (Latin or other
# script in a Chinese catalogue, normalise/script.py): one such label is a misread
# character; most of them is a page the recogniser could not read at all, whose other
# cells are no better.
MOST_LABELS_MISREAD_SHARE = 0.5
# More than this share of a source's items junk (no category label and no content, or
# a header word for a label): a table that was found but is no catalogue (a sheet of
# formulas never computed, a year report's statistics under channel names, the
# catalogue's fill-in guide) fails as one. A catalogue whose header was misread on a
# page or two keeps most of its items real; where one item in four is, there is
# nothing to vouch for.
MOSTLY_JUNK_SHARE = 0.75
MAX_NAMED = 10  # items (and header words) named in one message

JUNK_CHECKS: dict[str, str] = {
    EMPTY_ITEM: "with no category label and no content",
    EMPTY_ITEM_KEY: "with an empty item_key (no category label)",
    HEADER_WORD_LABEL: "with a header word as a category label",
    MOST_ROWS_DROPPED: "most rows dropped as empty",
    MOST_LABELS_MISREAD: "most category labels misread",
    MOSTLY_JUNK: "a table that is not a catalogue: nearly every item junk",
}

_HAN = regex.compile(r"\p{Han}")
_REPEAT = regex.compile(r"#\d+$")


@dataclass
class JunkFinding:
    code: str
    message: str
    items: list[int] = field(default_factory=list)  # indexes into the rows checked


# ---------------------------------------------------------------- is it a catalogue


LABEL, STRONG = 1, 2  # what catalogue_evidence finds in a row


def has_marks(row: Row) -> bool:
    """A check mark in any cell (a headerless table's columns are guessed, a mark may land
    anywhere): what a list of projects, documents or staff never has, though their
    deadlines read as time limits and a 公开方式 column of theirs holds option words."""
    return any(has_strong_marks(strip_markup(text)) for text in row.texts)


def _names_options(text: str, role: str) -> bool:
    """Whether `text`, read as a cell of the option group `role`, names its options."""
    decoded = decode_options(text, hint=role) if text.strip() else None
    return decoded is not None and decoded.group is not None


def _is_time_limit(text: str | None) -> bool:
    return parse_time_limit(clean_text(text))[1] is not None


def _options(row: Row) -> bool:
    if any(_names_options(row.fields.get(role, ""), role) for role in OPTION_GROUPS):
        return True
    return any(text.strip() for _, text in row.option_columns)


def catalogue_evidence(row: Row) -> int:
    """What a data row holds that a catalogue holds: STRONG for an option cell the
    vocabulary reads, a mark in a one-option column or a time limit; LABEL for a
    category label in words only; 0 for neither."""
    if _has_options_or_limit(row):
        return STRONG
    return LABEL if any(_HAN.search(clean_label(text) or "") for text in row.levels) else 0


def _has_options_or_limit(row: Row) -> bool:
    return _options(row) or _is_time_limit(row.fields.get(ROLE_TIME))


# The columns only this tool's output has, by name and by Chinese label: no catalogue's
# header names them, so a table headed by several is an output read back as a source,
# whose items would come out again under another 来源文件 (source) and mix two files.
# Three of the six leaves room for a user who dropped some; the first rows are looked
# at because a user may have put a title above the header.
OWN_OUTPUT_COLUMNS = ("source", "item_key", "time_limit_days", "time_limit_kind", "warnings", "other_columns")
OWN_OUTPUT_WORDS = {word: name for name in OWN_OUTPUT_COLUMNS for word in (name, LABELS[name])}
MIN_OWN_OUTPUT_COLUMNS = 3
OWN_OUTPUT_ROWS = 3
OWN_OUTPUT = ("this is an output of catalogue extract (its columns {}), not a catalogue: extract the "
              "catalogue it came from instead")


def own_output_columns(rows: Iterable[Iterable[str]]) -> list[str]:
    """The output-only columns a header among the first rows names, when it names at
    least MIN_OWN_OUTPUT_COLUMNS of them; else []."""
    for _, row in zip(range(OWN_OUTPUT_ROWS), rows, strict=False):
        named = {OWN_OUTPUT_WORDS[word] for text in row if (word := text.strip()) in OWN_OUTPUT_WORDS}
        if len(named) >= MIN_OWN_OUTPUT_COLUMNS:
            return [name for name in OWN_OUTPUT_COLUMNS if name in named]
    return []


# A first row of this many short word cells or more can be a table's header.
MIN_UNKNOWN_HEADER_CELLS = 3


def unknown_header(texts: list[str]) -> list[str] | None:
    """The cells of a first row that is a header of other columns than a catalogue's, or
    None: in a table where no catalogue header was found, a row of short words without
    marks or numbers (a data row has a 序号, a sentence or a mark), among them a header word
    a catalogue shares with other tables (序号, 责任单位, 公开方式, 一级), where the header
    finder took it for no catalogue's header (项目名称 | 建设内容 | 总投资（万元） | 责任单位 |
    完成时限 heads a list of projects; 一级 | 二级 | 姓名 | 电话 | 公开方式 a staff list,
    three of its five words a catalogue's)."""
    cells = [t.strip() for t in texts if t.strip()]
    if len(cells) < MIN_UNKNOWN_HEADER_CELLS:
        return None
    keys = [label_key(t) for t in cells]
    if any(len(k) > MAX_HEADER_CHARS or not k or k.isdigit() or has_strong_marks(k) for k in keys):
        return None
    if not any(is_header_word(t) for t in cells):
        return None  # no catalogue word at all: a data row of short words, no header
    return cells


def other_table(rows: Sequence[Row]) -> list[str] | None:
    """The header of other columns that a table after the catalogue's starts with, where
    most of its rows hold no catalogue's values; else None. A workbook or Word file keeps other tables
    beside its catalogue on sheets or body tables of their own (a staff roster: 序号 姓名
    性别 出生年月 职务 联系电话; a fee list, a budget with a √ under 是否公开, the
    catalogue's fill-in guide), which on their own fail as no catalogue (unknown_header);
    read under the catalogue's header, their rows became its items, the staff's names and
    phone numbers among them. A table that goes on with the catalogue starts with a data
    row, or holds a catalogue's values in most of its rows: options or time limits in
    words, or marks under header cells that name options."""
    header = next((row for row in rows if not row.is_empty()), None)
    if header is None or (cells := unknown_header(header.texts)) is None:
        return None
    body = [row for row in rows if row is not header and not row.is_empty()]
    going_on = 0
    valued: set[int] = set()  # the columns whose cells have held a catalogue's value so far
    for row in body:
        held = _catalogue_value_columns(row, header.texts)
        # A catalogue writes a group's time limit or disclosure once and leaves the rows
        # under it blank (the same as above): such a row goes on with the values above it.
        if held or (valued and all(not row.texts[k].strip() for k in valued if k < len(row.texts))):
            going_on += 1
        valued |= held
    return None if going_on > CONTINUATION_ROW_SHARE * len(body) else cells


# A table after the catalogue under a header of its own words goes on with the catalogue
# when more than this share of its rows holds a catalogue's values: nearly every item has
# a disclosure, a channel or a time limit, where a fill-in guide names them in a row or two.
CONTINUATION_ROW_SHARE = 0.5


def _catalogue_value_columns(row: Row, header: list[str]) -> set[int]:
    """The columns of the row whose cells hold a catalogue's value: an option the
    vocabulary knows (主动公开) or a time limit (信息形成之日起20个工作日内), whatever the
    column (a continuation under a header worded its own way, 事项 细项 说明 …, holds them;
    a roster or a fee list does not); or a mark under a header cell that names an option (a
    bare √ means what its column's header says: under 是否公开 of a budget or 已完成 of a
    work plan it is no catalogue's option)."""
    return {k for k, text in enumerate(row.texts)
            if text.strip() and (_is_time_limit(text) or _names_an_option(text)
                                 or (has_strong_marks(strip_markup(text)) and k < len(header)
                                     and _names_an_option(header[k])))}


def _names_an_option(text: str) -> bool:
    """The text names an option in words, whatever its column: a bare √ names none."""
    decoded = decode_options(text) if text.strip() else None
    return decoded is not None and decoded.group is not None


def is_catalogue(headers_seen: int, rows_read: int, rows_with_evidence: int, rows_with_strong: int) -> bool:
    if headers_seen or not rows_read:
        return True
    return rows_with_strong >= MIN_STRONG_ROWS and rows_with_evidence >= MIN_CATALOGUE_ROW_SHARE * rows_read


# ---------------------------------------------------------------- junk items


def is_header_word(text: str | None) -> bool:
    """The whole text is a header word of the vocabulary (一级, 事项类别, 公开内容 …).
    Option labels are not: 其他 or 社会 may well be a category."""
    key = label_key(text or "")
    role = header_role(key) if key else None
    return role is not None and (role.role == ROLE_LEVEL or key in HEADER_ROLES)


def _levels(row: Mapping[str, Any]) -> list[str]:
    return [str(v) for k in range(1, LEVELS + 1) if (v := row.get(f"level_{k}"))]


def find_junk(rows: Sequence[Mapping[str, Any]]) -> list[JunkFinding]:
    """The junk checks that fail on these contract rows (each with the rows concerned)."""
    empty, unkeyed, header_words = [], [], []
    words: list[str] = []
    for i, row in enumerate(rows):
        levels = _levels(row)
        key = _REPEAT.sub("", str(row.get("item_key") or "")).strip()
        if not levels and not (row.get("content") or "").strip():
            empty.append(i)
        elif not key:
            unkeyed.append(i)
        found = [label for label in levels if is_header_word(label)]
        if found:
            header_words.append(i)
            words += [w for w in found if w not in words]
    findings = []
    for code, hits in ((EMPTY_ITEM, empty), (EMPTY_ITEM_KEY, unkeyed), (HEADER_WORD_LABEL, header_words)):
        if hits:
            what = JUNK_CHECKS[code] + (f" ({', '.join(words[:MAX_NAMED])})" if code == HEADER_WORD_LABEL else "")
            findings.append(JunkFinding(code, f"{len(hits)} item(s) {what}: {_numbers(rows, hits)}", hits))
    findings.extend(_rows_dropped(rows))
    findings.extend(_labels_misread(rows))
    findings.extend(_mostly_junk(rows, empty, header_words))
    return findings


def not_a_catalogue(findings: Iterable[JunkFinding]) -> JunkFinding | None:
    """The finding that makes the rows no catalogue at all (MOSTLY_JUNK), or None:
    `extract` fails the file with its message, `validate` reports it as an error."""
    return next((f for f in findings if f.code == MOSTLY_JUNK), None)


_JUNK_KINDS = {EMPTY_ITEM: "have no category label and no content", HEADER_WORD_LABEL: "have a header word for a label"}


def _mostly_junk(rows: Sequence[Mapping[str, Any]], empty: list[int], header_words: list[int]) -> list[JunkFinding]:
    """Per source: items with no label and no content or a header word for a label,
    when they are more than MOSTLY_JUNK_SHARE of its items."""
    by_source: Counter[str] = Counter(str(row.get("source") or "") for row in rows)
    hits: dict[str, dict[str, list[int]]] = {}
    for code, found in ((EMPTY_ITEM, empty), (HEADER_WORD_LABEL, header_words)):
        for i in found:
            hits.setdefault(str(rows[i].get("source") or ""), {}).setdefault(code, []).append(i)
    findings = []
    for source, kinds in hits.items():
        # An item with no label and no content whose time limit was read and whose text
        # went to other_columns is a catalogue's row whose category column was not found
        # (栏目名称, 信息项 …): an empty_item, not junk.
        # An item with a header word for a label (依据, 内容, 对象 as a 二级事项), content
        # of its own and options or a time limit read is a catalogue's item whose category
        # is named as a column may be: a header row read as an item holds header words in
        # those cells, and a fill-in guide's row its note alone.
        kinds = {code: kept for code, found in kinds.items()
                 if (kept := [i for i in found if not (_unnamed_item(rows[i]) if code == EMPTY_ITEM
                                                       else _holds_values(rows[i]))])}
        junk = sorted(i for found in kinds.values() for i in found)
        if len(junk) > MOSTLY_JUNK_SHARE * by_source[source]:
            where = f"{source}: " if len(by_source) > 1 else ""
            what = " and ".join(f"{len(found)} of {by_source[source]} items {_JUNK_KINDS[code]}"
                                for code, found in kinds.items())
            message = f"{where}a table was found but it is not a catalogue: {what} ({_numbers(rows, junk)})"
            findings.append(JunkFinding(MOSTLY_JUNK, message, junk))
    return findings


def _unnamed_item(row: Mapping[str, Any]) -> bool:
    """A time limit read and words in other_columns: what a table of figures (no time
    limit) or a sheet of uncomputed formulas (no words) does not give."""
    words = (row.get("other_columns") or {}).values()
    return row.get("time_limit_kind") is not None and any(_HAN.search(str(text)) for text in words)


def _holds_values(row: Mapping[str, Any]) -> bool:
    """Content, and a time limit read or an option checked: what a header row read as an
    item, whose cells hold header words, never gives."""
    if is_header_word(row.get("content")) or not (row.get("content") or "").strip():
        return False
    return row.get("time_limit_kind") is not None or any(row.get(name) is True for name in _OPTION_FIELDS)


_OPTION_FIELDS = tuple(name for group in OPTION_GROUPS for name in group_fields(group))


def _numbers(rows: Sequence[Mapping[str, Any]], hits: list[int]) -> str:
    shown = [f"#{rows[i].get('item_no') or i + 1}" for i in hits[:MAX_NAMED]]
    more = f" … {len(hits) - MAX_NAMED} more" if len(hits) > MAX_NAMED else ""
    return "items " + ", ".join(shown) + more


def _labels_misread(rows: Sequence[Mapping[str, Any]]) -> list[JunkFinding]:
    """Per source: items whose category label OCR misread, when they are most of its items."""
    by_source: dict[str, list[int]] = {}
    misread: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        source = str(row.get("source") or "")
        by_source.setdefault(source, []).append(i)
        if LABEL_MISREAD in (row.get("warnings") or []):
            misread.setdefault(source, []).append(i)
    findings = []
    for source, hits in misread.items():
        if len(hits) > MOST_LABELS_MISREAD_SHARE * len(by_source[source]):
            where = f"{source}: " if len(by_source) > 1 else ""
            message = (f"{where}{len(hits)} of {len(by_source[source])} items have a category label OCR misread "
                       f"({LABEL_MISREAD}): the scan is too small, blurred or faint to read; {_numbers(rows, hits)}")
            findings.append(JunkFinding(MOST_LABELS_MISREAD, message, hits))
    return findings


def _rows_dropped(rows: Iterable[Mapping[str, Any]]) -> list[JunkFinding]:
    """Per source: rows dropped as empty (one empty_row_dropped each) against rows read."""
    items: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    for row in rows:
        source = str(row.get("source") or "")
        items[source] += 1
        dropped[source] += sum(1 for code in row.get("warnings") or [] if code == EMPTY_ROW_DROPPED)
    findings = []
    for source, n in dropped.items():
        read = items[source] + n
        if n > MOST_ROWS_DROPPED_SHARE * read:
            where = f"{source}: " if len(items) > 1 else ""
            message = f"{where}{n} of {read} rows read were dropped as empty ({EMPTY_ROW_DROPPED}): the table was not read as a catalogue"
            findings.append(JunkFinding(MOST_ROWS_DROPPED, message))
    return findings
