"""Raw tables → data rows with their cells placed by role.

Works one table (one page) at a time: finds header rows, gives each column a role,
and puts back cells that sit in the wrong column, by what they hold.

Two decisions weigh how far the reading can be trusted, and ask the table whether it
was read by OCR (RawTable.recognised, kept as RowReader.scanned and Row.scanned()): a
repeated header read with a cell wrong is still a header (`resembles_header`), and a
column under an option group whose header is one character off an unnamed option is
that option's column (`_misread_options`). Neither rewrites the text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import regex

from catalogue.normalise.columns import (
    cell_kind,
    clipped_group_name,
    looks_like_content,
    name_columns,
    realign,
    roles_from_cells,
    roles_from_header,
)
from catalogue.normalise.options import named_options
from catalogue.normalise.record import (
    DITTO,
    SHIFTED,
    CellSource,
    MarkRecord,
    TablePlace,
    TableRecord,
    cell_marks,
)
from catalogue.raw import HIDDEN_ROW, LOW_CONFIDENCE, MarkBox, RawCell, RawTable
from catalogue.schemas.contract import CELLS_SHIFTED, DITTO_FILLED, LEVELS, OCR_LOW_CONFIDENCE
from catalogue.schemas.headers import (
    HEADER_SEARCH_ROWS,
    MAX_HEADER_CHARS,
    ROLE_OPTION,
    Role,
    header_role,
    is_header_row,
)
from catalogue.schemas.lookup import fold, has_strong_marks, label_key, strip_markup
from catalogue.schemas.vocabulary import (
    CHECKED_MARKS,
    CONTACT_FIELDS,
    DITTO_ABOVE,
    DITTO_LEFT,
    OPTION_GROUPS,
    OPTIONS,
    ORGANISATION_ENDINGS,
    PAGE_NUMBER,
    ROLE_AUDIENCE,
    ROLE_BASIS,
    ROLE_CONTENT,
    ROLE_DISCLOSURE,
    ROLE_LEVEL,
    ROLE_METHOD,
    ROLE_SEQ,
    ROLE_SUBJECT,
    ROLE_TIME,
    SECTION_NUMBER,
    SECTION_TITLE_NUMBER,
    SIGN_OFF_FIELDS,
    TOTAL_WORDS,
    UNCHECKED_MARKS,
    UNREADABLE_MARKS,
)
from catalogue.schemas.warnings import FROM_HIDDEN_ROW

# A level cell that holds nothing but box or tick glyphs names no category: on a scan it
# is a speck read as a box in an empty merged cell (an empty span whose label is
# printed on the next page, read "☐", would give its rows the group above). 口 is a
# character too, so it does not count.
_MARKS_ONLY = regex.compile("^[" + regex.escape("".join(sorted((CHECKED_MARKS | UNCHECKED_MARKS | UNREADABLE_MARKS)
                                                                 - {"口"}))) + r"\s]+$")

# A name of an office: what a 公开主体 ends with ("县公安局", "区政府各部门（单位）").
_ORGANISATION = regex.compile(r"^\D*(" + "|".join(map(regex.escape, ORGANISATION_ENDINGS)) + r")[)）]?$")
_FOOTNOTE = regex.compile(r"^\s*(注|说明|备注|附注)\s*\d*\s*[：:]")
_TOTAL = regex.compile(r"^(?:" + "|".join(TOTAL_WORDS) + r")[：:]?$")
# A total written across the table's width in one merged cell: the word and at most the
# count it totals (合计：共33项, 共计12项), nothing more, so that a title that only starts
# with the same characters (总计划执行情况) stays a title.
# 个 counts other things too (共2个一级事项, 3个部门): those nouns after it are no items.
_STATED_COUNT = regex.compile(r"(?:^|[共计：:，,])(\d{1,6})(?:项|条|个(?!一级|二级|三级|四级|类|部门|单位|科室|乡镇|街道|社区|村))")
# What follows 其中 breaks a total down (其中主动公开：3项): parts, not the total.
_PARTS = regex.compile(r"其中.*$")
_TOTAL_LINE = regex.compile(r"^(?:" + "|".join(TOTAL_WORDS) + r")[：:]?(?:共?\d+(?:项|条|个)?)?[。.]?$")
_SIGN_OFF_WORD = "(?:" + "|".join(SIGN_OFF_FIELDS) + ")"
_FIELD_WORD = "(?:" + "|".join((*SIGN_OFF_FIELDS, *CONTACT_FIELDS)) + ")"
_SIGN_OFF = regex.compile(rf"^\s*{_SIGN_OFF_WORD}\s*[：:]")  # 制表人：张三
_FIELD = regex.compile(rf"^\s*{_FIELD_WORD}\s*[：:]")
_SIGN_OFF_NAME = regex.compile(rf"^\s*{_SIGN_OFF_WORD}\s*[：:]?\s*$")  # 制表人 | 张三, in cells of their own
_FIELD_NAME = regex.compile(rf"^\s*{_FIELD_WORD}\s*[：:]?\s*$")
# A sign-off written as names in cells of their own names this many fields at least.
SIGN_OFF_MIN_FIELDS = 2
_PAGE_FOOTER = regex.compile(PAGE_NUMBER)
_SECTION_NUMBER = regex.compile(SECTION_NUMBER)
_SECTION_TITLE_NUMBER = regex.compile(SECTION_TITLE_NUMBER)
_NUMERALS = regex.compile(r"[\s一二三四五六七八九十百]")  # what sets a section number's shape apart

# A text that ends a sentence (or a bracket, a quotation): a value that looks complete.
TERMINAL = regex.compile(r"[。；;.!！?？）)」』”\"]$")


def joined(before: str, text: str, joiner: str) -> str:
    """Two parts of one cell's text, one read after the other."""
    if not before.strip():
        return text
    if joiner.strip() and TERMINAL.search(before.strip()):
        joiner = "\n"  # the first part ends a sentence already
    return f"{before}{joiner}{text}"


def other_key(name: str) -> str:
    """The record's name of an other_columns value."""
    return f"other_columns/{name}"


# A row repeats the header when at least this many of its cells, and all of its filled
# ones, hold what a header row had in the same column: one cell alone could be data.
MIN_REPEATED_HEADER_CELLS = 2
# A scanned header repeated on a later page may have a cell misread (公开时陨, or 四级
# whose 四 reads as a box: ☑级) or two cells merged where a faint ruling between them
# was lost, so on a scan (a table read by OCR; a text layer's repeat is exact) a repeat
# need not be exact: this share of its filled cells match the header by column (the
# rest short, as header cells are), and a match may differ from the header's
# text by one character in four (a 4-character header word read with one wrong).
REPEATED_HEADER_SHARE = 0.6
HEADER_TEXT_SIMILARITY = 0.74
# Shorter header words (一级, 序号) must match exactly or name the column's role: one
# character of two changed makes another word (一级 → 一般).
MIN_SIMILAR_HEADER_CHARS = 3

# A photographed page's table whose columns line up, from the left, with those of the
# table its roles were read from (each column's left edge where the header's stands, the
# pages' scales allowed to differ by SAME_PRINT_SCALE), but with another column count,
# has lost or gained a column at its right: a curled edge squeezes the last column out
# of the picture, or adds one of its own beyond the frame. Its columns keep the header's
# roles by position; a column the header does not have is the curl's, never a new one
# (read from the right, every column would take its neighbour's role). An edge lines up
# within this share of the header's median column width: columns near a curl are
# squeezed and their edges drift by a few points, far less than a column's width.
EDGE_MATCH_SHARE = 0.25
# Pages of one print rectified from photographs differ in scale by a few per cent.
SAME_PRINT_SCALE = 0.1
# A photographed page's table whose columns do not line up by position with the header
# table's can still stand on the header's column edges: a page whose every cell spans
# two of the header's columns (level labels merged across the level columns) has no
# ruling between them, and a curled edge adds a ruling of its own at the right, so the
# page may even have the header's column count with every column after the lost ruling
# one place off. Such a page's edges are placed on the header's one by one (one scale
# for the page, each within EDGE_MATCH_SHARE as above); all but this many of its inner
# edges must stand on one of the header's: a curl or a sliver of a doubled ruling adds
# one, and two edges that stand on none say the page is another table.
MAX_UNPLACED_EDGES = 1

# Roles a data cell can be put back into by its content.
MOVABLE = (*OPTION_GROUPS, ROLE_TIME)
TEXT_ROLES = (ROLE_CONTENT, ROLE_BASIS, ROLE_SUBJECT, ROLE_TIME, *OPTION_GROUPS)


@dataclass(slots=True)
class Row:
    """One data row of one page, its texts placed by role (still raw: not repaired)."""

    page: int
    table: int = 0  # the table's order on its page: with page, row and column, a cell's place
    levels: list[str] = field(default_factory=lambda: [""] * LEVELS)
    level_cells: list[RawCell | None] = field(default_factory=lambda: [None] * LEVELS)
    fields: dict[str, str] = field(default_factory=dict)  # role → raw text
    field_cells: dict[str, RawCell] = field(default_factory=dict)
    empty_cells: dict[str, RawCell] = field(default_factory=dict)  # role → an empty cell in that role
    option_columns: list[tuple[Role, str]] = field(default_factory=list)  # the filled ones
    # Every one-option column of the row's table, filled or not: a group's option that no
    # column names is absent from the table, so its field stays unknown.
    option_roles: list[Role] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seq: str = ""  # the 序号 cell, where the catalogue numbers its items
    seq_cell: RawCell | None = None
    seq_name: str = ""  # the 序号 column's header: its other_columns key
    others: dict[str, str] = field(default_factory=dict)  # columns no contract column takes: name → raw text
    other_cells: dict[str, RawCell] = field(default_factory=dict)
    time_unit: str | None = None  # the unit a 公开时限 header gives bare numbers
    texts: list[str] = field(default_factory=list)  # every cell's raw text, in column order
    index_on_page: int = 0
    last_on_page: bool = False
    row_in_table: int = 0
    table_rows: int = 0
    # Levels whose label here is the rest of the page before's (a label cut by the
    # break): the group goes on, so it starts nothing new on this row.
    carried_levels: set[int] = field(default_factory=set)
    # A row of one cell merged across the whole table (a section title 一、…, a note at
    # the foot), or a section title alone in the first or 序号 column: never an item.
    # `restated`: a section title that only repeats a category label of the item under
    # it, so nothing of it is lost.
    banner: bool = False
    restated: bool = False
    # A row of a strip of a table wider than its paper that had no row to go on
    # (normalise/strips.py): an item of its own, which borrows no labels.
    unplaced: bool = False
    # The record of decisions (normalise/record.py): where each value came from.
    place: TablePlace | None = None
    sources: dict[str, list[CellSource]] = field(default_factory=dict)  # field → its source cells
    decisions: dict[str, list[str]] = field(default_factory=dict)  # field → what was done to it
    marks: list[MarkRecord] = field(default_factory=list)
    col_fields: dict[int, str] = field(default_factory=dict)  # column → the field its cell went to
    # False where no record is kept (normalise_document(record=False)): no source cells
    # are noted, so a row costs what its item needs.
    recording: bool = True

    def note(self, key: str, cell: RawCell | None, column: int | None = None) -> None:
        """Record `cell` as a source of field `key` (once)."""
        if not self.recording:
            return
        if column is not None:
            self.col_fields[column] = key
        if cell is None or self.place is None:
            return
        source = CellSource.of(self.place, cell)
        known = self.sources.setdefault(key, [])
        if source not in known:
            known.append(source)

    def decide(self, key: str, decision: str) -> None:
        done = self.decisions.setdefault(key, [])
        if decision not in done:
            done.append(decision)

    def take_record(self, other: Row, decision: str | None = None) -> None:
        """The sources, decisions and marks of `other`, which becomes part of this row."""
        for key, sources in other.sources.items():
            known = self.sources.setdefault(key, [])
            known.extend(s for s in sources if s not in known)
            if decision is not None:
                self.decide(key, decision)
        for key, decisions in other.decisions.items():
            for d in decisions:
                self.decide(key, d)
        self.marks.extend(m for m in other.marks if m not in self.marks)

    def take_others(self, other: Row, joiner: str = "\n") -> None:
        """The other_columns texts of a row that becomes part of this one: appended by column."""
        for name, text in other.others.items():
            for source in other.sources.get(other_key(name), []):
                self.sources.setdefault(other_key(name), [])
                if source not in self.sources[other_key(name)]:
                    self.sources[other_key(name)].append(source)
            cell = other.other_cells.get(name)
            if cell is not None and cell is self.other_cells.get(name):
                continue
            self.others[name] = joined(self.others.get(name, ""), text, joiner)
            if cell is not None:
                self.other_cells.setdefault(name, cell)

    def scanned(self) -> bool:
        """The row's table was read by OCR."""
        return self.place is not None and self.place.recognised

    def is_footnote(self) -> bool:
        """A note under the table (注：…, 说明：…) in one cell; not an item."""
        filled = [t for t in self.texts if t.strip()]
        return len(filled) == 1 and bool(_FOOTNOTE.match(filled[0]))

    def is_total(self) -> bool:
        """A total row (合计 | … | 共4项): its first filled cell is a total word alone; or,
        merged across the table, a total word with its count (合计：共4项)."""
        first = next((t for t in self.texts if t.strip()), None)
        if first is None:
            return False
        key = regex.sub(r"\s", "", first)
        return bool(_TOTAL.match(key) or (self.banner and _TOTAL_LINE.match(key)))

    def stated_counts(self) -> set[int]:
        """The counts a total row states (合计 | 共12项, 合计：12条, 共4个事项): numbers with an
        item's unit only, not sums of money or of ticks, nor a count of something else
        (共2个一级事项), nor the parts after 其中."""
        return {int(found.group(1)) for text in self.texts
                for found in _STATED_COUNT.finditer(_PARTS.sub("", regex.sub(r"\s", "", text)))}

    def is_form_line(self) -> bool:
        """A line of the form's own inside the table's rulings: its sign-off (制表人：…
        审核人：…, with a contact beside them) or its page footer (第1页 共5页). Such a line
        is a note only at a table's foot (items.normalise_document): elsewhere the same
        words are an item's (经办人 | 经办人员名单…) or the rest of a row cut by a page break."""
        keys = [fold(t) for t in self.texts if t.strip()]
        if keys and all(_PAGE_FOOTER.match(regex.sub(r"\s", "", k)) for k in keys):
            return True
        if any(_SIGN_OFF.match(k) for k in keys) and all(_FIELD.match(k) for k in keys):
            return True
        # Each field's name in a cell of its own, its value in the next: two fields at
        # least (制表人 | 张三 | 审核人 | 李四), for one name and one text (负责人 | 本机关负责人
        # 姓名及分工) is as much an item's level and content.
        names = keys[0::2]
        return (len(names) >= SIGN_OFF_MIN_FIELDS and len(keys) > 1 and any(_SIGN_OFF_NAME.match(k) for k in names)
                and all(_FIELD_NAME.match(k) for k in names))

    def has_levels(self) -> bool:
        return any(t.strip() for t in self.levels)

    def is_empty(self) -> bool:
        return not self.has_levels() and not any(t.strip() for t in self.fields.values()) and not any(
            t.strip() for _, t in self.option_columns
        )

    def add_other(self, name: str, text: str, cell: RawCell | None) -> None:
        """A cell of a column that no contract column takes, under the column's name."""
        self.note(other_key(name), cell, cell.col if cell is not None else None)
        old = self.others.get(name, "")
        self.others[name] = f"{old}\n{text}" if old else text
        if cell is not None:
            self.other_cells.setdefault(name, cell)

    def add(self, role: str, text: str, cell: RawCell | None) -> None:
        self.note(role, cell)
        old = self.fields.get(role, "")
        if old and label_key(old) == label_key(text):
            return
        self.fields[role] = f"{old} {text}" if old else text
        if cell is not None:
            self.field_cells.setdefault(role, cell)


def form_lines_from(rows: list[Row]) -> int:
    """Where the rows at the foot of a table's `rows` start that are each a line of the
    form's own (Row.is_form_line), a note or nothing: the only place a sign-off or a page
    footer is one."""
    k = len(rows)
    while k and (rows[k - 1].is_form_line() or rows[k - 1].is_footnote() or rows[k - 1].is_empty()):
        k -= 1
    return k


class RowReader:
    """Reads the rows of a source's tables, one table after another (`rows`), and keeps
    what carries over from page to page: the last known column roles, and the header
    cells seen so far, so that a header repeated on a later page is known even where it
    names only a few of the columns."""

    def __init__(self, *, record: bool = True) -> None:
        self.record = record  # note each value's source cells, for the record (Row.recording)
        self.roles: list[Role] | None = None
        self.last_texts: list[str] | None = None  # the last data row read, for a 同上 at a page top
        self.header_cells: set[tuple[int, str]] = set()  # (column, folded text) of header rows
        self.header_texts: dict[int, set[str]] = {}  # column → the folded texts header rows had there
        self.headers_seen = 0  # header rows read, repeats included: evidence of a catalogue
        self.scanned = False  # the table being read came from OCR: its header repeats may be misread
        self.tables: list[TableRecord] = []  # how each table was read, for the record
        # The roles each distinct header gave: a table printed in strips repeats the first
        # strip's header after another strip's, and its columns are the first strip's again.
        self.roles_of_header: dict[tuple[tuple[str, ...], ...], list[Role]] = {}
        # The column edges (points) of the scanned table `roles` were read from, if any.
        self.role_edges: list[float] | None = None

    def is_header(self, texts: list[str], above: list[str] | None) -> bool:
        return is_header_row(texts, above) or self.repeats_header(texts) or self.resembles_header(texts)

    def repeats_header(self, texts: list[str]) -> bool:
        """A row whose every filled cell is the text a header row had in that column."""
        filled = 0
        for c, t in enumerate(texts):  # asked of every data row: it stops at the first cell that differs
            if t.strip():
                if (c, label_key(t)) not in self.header_cells:
                    return False
                filled += 1
        return filled >= MIN_REPEATED_HEADER_CELLS

    def resembles_header(self, texts: list[str]) -> bool:
        """A header row repeated on a scanned page, read with a cell or two wrong: most
        of its filled cells match the header by column (`_matches_header`), and the
        others are short, as header cells are (a mark may be a misread character)."""
        if not self.scanned or not self.header_texts:
            return False
        filled = [(c, label_key(t)) for c, t in enumerate(texts) if t.strip()]
        if len(filled) < MIN_REPEATED_HEADER_CELLS:
            return False
        matched = [self._matches_header(c, key) for c, key in filled]
        if sum(matched) < max(MIN_REPEATED_HEADER_CELLS, REPEATED_HEADER_SHARE * len(filled)):
            return False
        return all(ok or len(key) <= MAX_HEADER_CHARS for ok, (_, key) in zip(matched, filled, strict=True))

    def _matches_header(self, column: int, key: str) -> bool:
        """The cell holds what the header had in its column: the same text, nearly the
        same text, the header's text with a neighbour's run into it (a lost ruling), or
        another header word naming the column's role."""
        for known in self.header_texts.get(column, ()):
            if key == known:
                return True
            if len(known) >= MIN_SIMILAR_HEADER_CHARS and (
                known in key and len(key) <= MAX_HEADER_CHARS
                or SequenceMatcher(None, key, known, autojunk=False).ratio() >= HEADER_TEXT_SIMILARITY
            ):
                return True
        role = header_role(key) if len(key) <= MAX_HEADER_CHARS else None
        mine = self.roles[column] if self.roles is not None and column < len(self.roles) else None
        return role is not None and mine is not None and (role.role, role.level, role.option) == (
            mine.role, mine.level, mine.option)

    def rows(self, table: RawTable) -> list[Row]:
        self.scanned = table.recognised
        grid = table.grid()
        texts = [[_text_at(grid[r][c], c) for c in range(table.n_cols)] for r in range(table.n_rows)]
        header_rows, data_start = _header_rows(texts, self.is_header, grid)
        if header_rows:
            self.headers_seen += len(header_rows)
            # A header that only repeats cells seen before (perhaps not all of them)
            # says nothing new: the roles read from the full header stay; a header seen
            # before, word for word, gives the roles it gave then (a page after one whose
            # scan ruled a column more, or after a strip of other columns).
            header = tuple(tuple(texts[r]) for r in header_rows)
            if header in self.roles_of_header:
                self.roles = self.roles_of_header[header]
            elif self.roles is None or not all(self.repeats_header(texts[r]) or self.resembles_header(texts[r])
                                               for r in header_rows):
                self.roles = self._header_roles(grid, texts, header_rows, table.n_cols)
                self.roles_of_header[header] = self.roles
            self._remember_header([texts[r] for r in header_rows])
            if len(self.roles) == table.n_cols:  # else a repeat on a page that lost or gained a column
                self.role_edges = column_edges(table) if table.recognised else None
        roles = self._roles_for(texts[data_start:], table.n_cols, bool(header_rows), table)
        rows: list[Row] = []
        above: list[str] | None = None
        last = self.last_texts if self.last_texts is not None and len(self.last_texts) == table.n_cols else None
        place = TablePlace.of(table)
        read = TableRecord(place, list(roles), bool(header_rows), list(header_rows))
        self.tables.append(read)
        option_roles = option_column_roles(roles)  # the table's, shared by its rows
        # The marks' records (each mark's state and option) go only to the record: where
        # none is kept they are not made (most of the normaliser's time on a PDF of drawn marks).
        marks_by_cell: dict[tuple[int, int], list[MarkBox]] = {}
        for m in table.marks if self.record else ():
            marks_by_cell.setdefault((m.row, m.col), []).append(m)
        for r in range(data_start, table.n_rows):
            if _spans_table(grid[r], table.n_cols) or (_section_title(texts[r], roles)
                                                       and not _item_of_its_tier_below(texts, r, roles)):
                rows.append(Row(page=table.page, table=table.index, texts=texts[r], place=place, banner=True,
                                row_in_table=r, table_rows=table.n_rows, recording=self.record))
                continue
            if self.is_header(texts[r], above):
                above = texts[r]  # a header repeated inside the table
                self.headers_seen += 1
                read.header_rows.append(r)
                continue
            above = None
            # Header and title rows: those above data_start, and headers repeated in the table.
            dittos = _fill_dittos(grid, texts, r, last, lambda k: k < data_start or k in read.header_rows)
            last = texts[r]
            row = _place(table.page, grid[r], texts[r], roles, place, option_roles, self.record)
            if dittos:
                row.warnings.append(DITTO_FILLED)
                for c in dittos:
                    if c in row.col_fields:
                        row.decide(row.col_fields[c], DITTO)
            row.marks = _row_marks(place, grid[r], r, roles, marks_by_cell)
            row.table = table.index
            row.row_in_table = r
            row.table_rows = table.n_rows
            rows.append(row)
        foot = form_lines_from(rows)
        read.data_rows = [row.row_in_table for k, row in enumerate(rows)
                          if not row.banner and not row.is_empty() and not row.is_footnote()
                          and not (k >= foot and row.is_form_line())]
        _restated_titles(rows)
        for i, row in enumerate(rows):
            row.index_on_page = i
        if rows:
            rows[-1].last_on_page = True
        if last is not None:
            self.last_texts = last
        return rows

    def _header_roles(self, grid: list[list[RawCell | None]], texts: list[list[str]], header_rows: list[int],
                      n_cols: int) -> list[Role]:
        roles = roles_from_header([texts[r] for r in header_rows], n_cols)
        spanned = [[cell.text if cell is not None else "" for cell in grid[r]] for r in header_rows]
        named = name_columns(roles, spanned)
        return _misread_options(named) if self.scanned else named

    def _remember_header(self, rows: list[list[str]]) -> None:
        for texts in rows:
            for c, t in enumerate(texts):
                if t.strip():
                    self.header_cells.add((c, label_key(t)))
                    self.header_texts.setdefault(c, set()).add(label_key(t))

    def _roles_for(self, data: list[list[str]], n_cols: int, has_header: bool,
                   table: RawTable | None = None) -> list[Role]:
        edges = (column_edges(table) if self.roles is not None and table is not None and table.recognised
                 and self.role_edges is not None else None)
        if self.roles is not None and len(self.roles) == n_cols:
            if edges is None or self.role_edges is None or same_places(self.role_edges, edges):
                return self.roles
            # A scanned page with the header's column count whose columns stand elsewhere:
            # a ruling lost and one gained (MAX_UNPLACED_EDGES).
            placed = roles_by_edges(self.roles, self.role_edges, edges)
            return placed if placed is not None else self.roles
        # A scanned page that repeats the header, or has none, whose columns line up with
        # the roles' table but for one at the right (lined_up): the roles by position;
        # else, whose column edges stand on the header's (roles_by_edges): theirs.
        if self.roles is not None and edges is not None and self.role_edges is not None:
            if lined_up(self.role_edges, edges):
                return self.roles[:n_cols] + [Role("ignored")] * (n_cols - len(self.roles))
            placed = roles_by_edges(self.roles, self.role_edges, edges)
            if placed is not None:
                return placed
        used = _used_width(data)
        if self.roles is not None and not has_header and len(self.roles) == used < n_cols:
            # Trailing columns that hold nothing (a tab at each line's end) are no columns.
            return self.roles + [Role("ignored")] * (n_cols - used)
        if self.roles is not None and not has_header:
            realigned = realign(self.roles, n_cols, data)
            if realigned is not None:
                return realigned
        roles = roles_from_cells(data, n_cols)
        if self.roles is None:
            self.roles = roles
        return roles


def column_edges(table: RawTable) -> list[float] | None:
    """The x of each column edge of a table (points, left to right, n_cols + 1 of them),
    from its cells' boxes; None where a cell has no box or an edge no cell starting or
    ending on it."""
    starts: dict[int, list[float]] = {}
    for cell in table.cells:
        if cell.bbox is None:
            return None
        starts.setdefault(cell.col, []).append(cell.bbox[0])
        starts.setdefault(cell.col + cell.colspan, []).append(cell.bbox[2])
    if any(c not in starts for c in range(table.n_cols + 1)):
        return None
    return [sorted(starts[c])[len(starts[c]) // 2] for c in range(table.n_cols + 1)]


def lined_up(header: list[float], page: list[float]) -> bool:
    """Whether a page's column edges line up with the header table's from the left: the
    left edges of every column both have, less the last (squeezed or cut by a curl), at
    the header's places scaled by one factor (EDGE_MATCH_SHARE, SAME_PRINT_SCALE)."""
    shared = min(len(header), len(page)) - 1  # the columns both have
    if shared < 2 or len(header) == len(page):
        return False
    h = [x - header[0] for x in header[1:shared]]
    p = [x - page[0] for x in page[1:shared]]
    fitted = _scale_and_room(header, h, p)
    return fitted is not None and all(abs(b - fitted[0] * a) <= fitted[1] for a, b in zip(h, p, strict=True))


def _scale_and_room(header: list[float], h: list[float], p: list[float]) -> tuple[float, float] | None:
    """The scale of a page's edges `p` against the header's `h` (both from their left
    edge, the last left out: squeezed or cut by a curl), and how far an edge may stand
    from its place (EDGE_MATCH_SHARE of the header's median column width); None when
    the scale is not one print's (SAME_PRINT_SCALE)."""
    span = sum(a * a for a in h)
    scale = sum(a * b for a, b in zip(h, p, strict=True)) / span if span > 0 else 0.0
    if abs(scale - 1) > SAME_PRINT_SCALE:
        return None
    return scale, EDGE_MATCH_SHARE * _median_width(header)


def _median_width(edges: list[float]) -> float:
    widths = sorted(b - a for a, b in zip(edges, edges[1:], strict=False))
    return widths[len(widths) // 2]


def same_places(header: list[float], page: list[float]) -> bool:
    """Whether a page with the header table's column count has its columns where the
    header's stand, position by position (the last edge left out)."""
    h = [x - header[0] for x in header[1:-1]]
    p = [x - page[0] for x in page[1:-1]]
    if len(h) != len(p) or len(h) < 2:
        return True  # nothing to compare: the roles by position, as ever
    fitted = _scale_and_room(header, h, p)
    return fitted is not None and all(abs(b - fitted[0] * a) <= fitted[1] for a, b in zip(h, p, strict=True))


def roles_by_edges(roles: list[Role], header: list[float], page: list[float]) -> list[Role] | None:
    """The roles of a scanned page's columns placed on the header table's column edges
    (MAX_UNPLACED_EDGES): each column takes the role of the header's column its left
    edge stands on; a column whose left edge stands on none takes the role of the
    header's column it overlaps most: a sliver of a doubled ruling lies inside the column
    it is part of, and a ruling drawn a little off its place (a photograph's) leaves its
    column over the header's column to its right, which the column on its left (序号)
    would wrongly lend its role; a column beyond the header's last edge is the curl's
    (ignored). None when the page's edges do not stand on the header's."""
    h = [x - header[0] for x in header[1:]]  # the header's right edge too: past it lies the curl
    p = [x - page[0] for x in page[1:-1]]  # the page's inner edges
    if len(h) < 2 or not p:
        return None
    room = _median_width(header) * EDGE_MATCH_SHARE
    best: tuple[int, float, list[int | None], float] | None = None
    # Each pairing of a page edge with a header edge proposes the page's scale.
    for b in p:
        for a in h:
            scale = b / a if a > 0 else 0.0
            if abs(scale - 1) > SAME_PRINT_SCALE:
                continue
            on: list[int | None] = []
            error = 0.0
            for x in p:
                i = min(range(len(h)), key=lambda k: abs(x - scale * h[k]))
                miss = abs(x - scale * h[i])
                on.append(i if miss <= room else None)
                error += min(miss, room)
            placed = [i for i in on if i is not None]
            if placed != sorted(set(placed)):
                continue  # two edges on one, or out of order: not one print's columns
            if best is None or (len(placed), -error) > (best[0], -best[1]):
                best = (len(placed), error, on, scale)
    if best is None or len(p) - best[0] > MAX_UNPLACED_EDGES or best[0] < len(h) // 2:
        return None
    scaled = [0.0] + [best[3] * a for a in h]  # the header's edges at the page's scale
    ends = p + [page[-1] - page[0]]  # each of the page's columns after the first ends here
    out = [roles[0]]
    for k, stands_on in enumerate(best[2]):
        column = stands_on + 1 if stands_on is not None else _overlapped_most(scaled, p[k], ends[k + 1])
        out.append(roles[column] if column is not None and column < len(roles) else Role("ignored"))
    return out


def _overlapped_most(edges: list[float], left: float, right: float) -> int | None:
    """The column between `edges` that the span left..right overlaps most, or None where
    it overlaps none (beyond the last edge)."""
    overlaps = [min(right, b) - max(left, a) for a, b in zip(edges, edges[1:], strict=False)]
    most = max(range(len(overlaps)), key=lambda j: overlaps[j], default=None)
    return most if most is not None and overlaps[most] > 0 else None


def _row_marks(place: TablePlace, cells: list[RawCell | None], r: int, roles: list[Role],
               marks: dict[tuple[int, int], list[MarkBox]]) -> list[MarkRecord]:
    """The marks of the cells that start in this row, as the normaliser reads them."""
    if not marks:  # a table with no mark boxes (Office, web and text inputs have none)
        return []
    out: list[MarkRecord] = []
    seen: set[tuple[int, int]] = set()
    for cell in cells:
        if cell is None or cell.row != r or (cell.row, cell.col) in seen:
            continue
        seen.add((cell.row, cell.col))
        found = marks.get((cell.row, cell.col))
        if found:
            role = roles[cell.col] if cell.col < len(roles) else None
            out.extend(cell_marks(place, cell, found, role))
    return out


def _used_width(rows: list[list[str]]) -> int:
    return 1 + max((c for row in rows for c, text in enumerate(row) if text.strip()), default=-1)


def _spans_table(cells: list[RawCell | None], n_cols: int) -> bool:
    """The row's only text is one cell merged across every column of the table: a title
    or a note, as an item has its label, content and options in columns of their own."""
    first = cells[0] if cells else None
    return (n_cols > 1 and first is not None and first.colspan >= n_cols and bool(first.text.strip())
            and all(cell is first for cell in cells))


def _section_title(texts: list[str], roles: list[Role]) -> bool:
    """The row's one text is a section title with a Chinese number (一、机构职能,
    （二）财政信息) in the table's first column or its 序号 column: a section row of a
    table whose merges were lost (Markdown, CSV, TSV). In a level column such a text is
    a label; in any other column (公开内容, 公开时限 …), or numbered 1、/2., it is the rest
    of a cell cut by a page break. Or the number alone there and the title in the first
    level column, the row's only other text (一、 | 机构职能 over items that fill that
    column themselves): the same section row, typed one cell a part."""
    filled = [c for c, text in enumerate(texts) if text.strip()][:3]  # more than two: an item row
    role = roles[filled[0]].role if filled and filled[0] < len(roles) else None
    if not filled or role == ROLE_LEVEL or (filled[0] > 0 and role != ROLE_SEQ):
        return False  # a numbered label in a level column heads its group (fill-down)
    title = texts[filled[0]]
    number = _SECTION_TITLE_NUMBER.match(title)
    if number is None:
        return False
    if len(filled) == 1:
        return bool(title[number.end():].strip())
    level_columns = [c for c, r in enumerate(roles) if r.role == ROLE_LEVEL]
    return (len(filled) == 2 and not title[number.end():].strip() and bool(level_columns)
            and filled[1] == level_columns[0])


def _tier(text: str) -> str | None:
    """The shape of a section number the text starts with (一、 → "、"), None for none."""
    number = _SECTION_TITLE_NUMBER.match(text)
    return _NUMERALS.sub("", number.group()) if number else None


def _item_of_its_tier_below(texts: list[list[str]], r: int, roles: list[Role]) -> bool:
    """Whether the next row with text after section title row r is an item numbered in
    the title's own tier, in the same column (三、 | 规范性文件 over 四、 | 财政预算 | 年度预算报告):
    a flat list numbered 一、二、三, whose item with nothing past its name is no heading, as
    the items under a section are numbered a tier lower or not at all. A section title
    right below (an empty section) does not count."""
    column = next(c for c, text in enumerate(texts[r]) if text.strip())
    below = next((row for row in texts[r + 1:] if any(t.strip() for t in row)), None)
    if below is None or column >= len(below) or _section_title(below, roles):
        return False
    tier = _tier(below[column])
    return tier is not None and tier == _tier(texts[r][column])


def _banner_text(texts: list[str]) -> str:
    """A banner row's text: its one filled cell, or a section number alone followed by
    the title in the next filled cell (_section_title), joined."""
    filled = [text for text in texts if text.strip()]
    if len(filled) > 1:
        number = _SECTION_TITLE_NUMBER.match(filled[0])
        if number is not None and not filled[0][number.end():].strip():
            return filled[0].strip() + filled[1].strip()
    return filled[0] if filled else ""


def section_title(row: Row) -> tuple[str, str] | None:
    """A banner row's section title: the shape of its number (一、 → "、", （二） → "（）"),
    which tells its tier, and the title after it; None for a banner that is no
    section title (a note 注：…, a list numbered 1、 at the foot)."""
    text = _banner_text(row.texts)
    number = _SECTION_TITLE_NUMBER.match(text)
    title = strip_markup(text[number.end():]).strip() if number else ""
    if number is None or not title:
        return None
    return _NUMERALS.sub("", number.group()), title


def _restated_titles(rows: list[Row]) -> None:
    """Mark each section title (a banner row) that only repeats, after its number
    (一、 …), a category label of the next item row: a heading over its group."""
    for i, row in enumerate(rows):
        if not row.banner:
            continue
        after = next((r for r in rows[i + 1:] if not r.banner and not r.is_empty()), None)
        title = label_key(_SECTION_NUMBER.sub("", _banner_text(row.texts)))
        row.restated = after is not None and any(label_key(label) == title for label in after.levels)


def _text_at(cell: RawCell | None, c: int) -> str:
    """A merged cell gives its text to every row it spans, but only to its first column."""
    if cell is None or c != cell.col:
        return ""
    return cell.text or ""


# A sub-header cell names one column under a spanning header: a few words, not a sentence
# (longer only when it names an option, as a channel under 公开渠道和载体 may).
SUB_HEADER_MAX_CHARS = 12
# A group's header over its options names at least two of them (one is a label, not a list).
MIN_GROUP_OPTIONS = 2


def _sub_header(grid: list[list[RawCell | None]], texts: list[list[str]], above: int, r: int) -> bool:
    """A row under a header row whose every filled cell is either a header cell merged
    down from above or sits under a header cell merged across columns (公开渠道 over
    政府网站 | 发布会, 联系方式 over 电话 | 地址): the second header row, whatever words
    it holds. Decided from the merges, so it needs cells that carry spans."""
    under_span = False
    for c, text in enumerate(texts[r]):
        if not text.strip():
            continue
        here, top = grid[r][c], grid[above][c]
        if here is not None and here is top:
            continue  # a header cell over both rows
        if (top is None or not top.text.strip()) and not _has_marks(text) and named_options(strip_markup(text)):
            continue  # an option named under no group: its group began left of a strip's edge
        if top is None or top.colspan < 2 or _has_marks(text):
            return False
        if len(label_key(text)) > SUB_HEADER_MAX_CHARS and not named_options(strip_markup(text)):
            return False
        under_span = True
    return under_span


def _fill_dittos(grid: list[list[RawCell | None]], texts: list[list[str]], r: int, last: list[str] | None,
                 is_header: Callable[[int], bool]) -> list[int]:
    """同上 / 同左 alone in a cell: the text of the cell above / to the left, as merged
    cells give it (a row above that is a header, or none on this page: the last data
    row of the page before). Filled into `texts[r]`; the columns that were."""
    filled: list[int] = []
    for c, text in enumerate(texts[r]):
        key = label_key(text)
        if key in DITTO_ABOVE:
            source = _text_above(grid, texts, r, c, last, is_header)
        elif key in DITTO_LEFT and c > 0:
            source = texts[r][c - 1] or _spanning_text(grid[r][c - 1])
        else:
            continue
        if label_key(source) in (*DITTO_ABOVE, *DITTO_LEFT, ""):
            continue  # nothing to copy: the cell keeps its text
        texts[r][c] = source
        filled.append(c)
    return filled


def _text_above(grid: list[list[RawCell | None]], texts: list[list[str]], r: int, c: int, last: list[str] | None,
                is_header: Callable[[int], bool]) -> str:
    """What a 同上 copies. `is_header(row)`: the reader took the row for a header (a
    header repeated in part is one, though no header word list would say so)."""
    cell = grid[r][c]
    top = cell.row if cell is not None else r  # a 同上 merged over several rows looks above its first
    if top > 0 and not is_header(top - 1):
        return texts[top - 1][c] or _spanning_text(grid[top - 1][c])
    return last[c] if last is not None else ""  # the first data row of its page


def _spanning_text(cell: RawCell | None) -> str:
    return cell.text if cell is not None else ""


# A row above the header holds at most this many texts (an issuer line has two); an item
# has more (a category, a content, an option or a time). Rows above a header found are
# titles, never items; where no header is found, none is skipped.
MAX_TITLE_ROW_TEXTS = 2


def _header_rows(texts: list[list[str]], is_header: Callable[[list[str], list[str] | None], bool],
                 grid: list[list[RawCell | None]] | None = None) -> tuple[list[int], int]:
    headers: list[int] = []
    for r, row in enumerate(texts[:HEADER_SEARCH_ROWS]):
        if is_header(row, texts[headers[-1]] if headers else None) or (
            headers and grid is not None and _sub_header(grid, texts, headers[-1], r)
        ) or (not headers and grid is not None and _group_over_options(grid, texts, r)):
            headers.append(r)
            continue
        distinct = {t.strip() for t in row if t.strip()}
        if not headers and len(distinct) <= MAX_TITLE_ROW_TEXTS:
            continue  # a title row above the header ("XX区政务公开事项目录")
        break
    if not headers:
        return [], 0
    return headers, headers[-1] + 1


def _group_over_options(grid: list[list[RawCell | None]], texts: list[list[str]], r: int) -> bool:
    """A first header row that is one cell merged across the table, naming a group of
    options (公开渠道和载体), over a row of its options: the header of a strip of a table
    wider than its paper, whose other header cells are on the first strip's pages.

    The group's name is written once, centred over all its options, so the edge of the
    paper may cut it: the strip keeps a piece of it (公开渠 or 和载体, the start or the
    end of a header word of that group), or none of it where the whole name fell on
    another strip. Such a cell names the group of the options under it."""
    filled = {t.strip() for t in texts[r] if t.strip()}
    if len(filled) > 1 or r + 1 >= len(texts):
        return False
    cell = next((cell for cell in grid[r] if cell is not None and (cell.text.strip() or not filled)), None)
    if cell is None or cell.colspan < 2 or (not filled and cell.colspan < len(grid[r])):
        return False  # a blank row names nothing unless it is one cell over the whole strip
    # The row under it names options of one group, at least half of its cells (a channel
    # the vocabulary does not know may be among them), and no other header word: a title
    # or a section row over a header, or over a data row, is no such header.
    names = [header_role(t) for t in texts[r + 1] if t.strip()]
    groups = {n.group for n in names if n is not None and n.role == ROLE_OPTION}
    if len(groups) != 1 or any(n is not None and n.role != ROLE_OPTION for n in names):
        return False
    group = groups.pop()
    role = header_role(cell.text) if filled else None
    if role is None:
        if group is None or not clipped_group_name(cell.text, group):
            return False
    elif role.role != group:
        return False
    known = sum(1 for n in names if n is not None)
    return known >= max(MIN_GROUP_OPTIONS, len(names) / 2) and _sub_header(grid, texts, r, r + 1)


def _parent_header(role: Role) -> str | None:
    """The spanning header over a column ("公开方式" of "公开方式/主动"), if it has one."""
    return role.header.split("/", 1)[0] if role.header and "/" in role.header else None


def _one_character_off(read: str, word: str) -> bool:
    """A header word of at least MIN_SIMILAR_HEADER_CHARS characters read with one wrong."""
    return len(read) == len(word) >= MIN_SIMILAR_HEADER_CHARS and sum(a != b for a, b in zip(read, word, strict=True)) == 1


def _misread_options(roles: list[Role]) -> list[Role]:
    """On a scan, a column under the same spanning header as a group's option columns,
    whose own header names no option but is one character off an option of that group
    that no other column names (依甲请 for 依申请), is that option's column."""
    options = [role for role in roles if role.role == ROLE_OPTION]
    groups = {parent: role.group for role in options if (parent := _parent_header(role)) is not None}
    named = {role.option for role in options}
    out = []
    for role in roles:
        parent = _parent_header(role)
        if role.role != ROLE_OPTION and parent is not None and parent in groups and role.header is not None:
            own = fold(role.header.split("/", 1)[1])
            found = {option.label for option in OPTIONS if option.group == groups[parent] and option.label not in named
                     for word in (option.label, *option.synonyms) if _one_character_off(own, fold(word))}
            if len(found) == 1:
                role = Role(ROLE_OPTION, option=found.pop(), group=groups[parent], header=role.header)
        out.append(role)
    return out


def option_column_roles(roles: list[Role]) -> list[Role]:
    """Every one-option column of a table. A column under the same spanning header as a
    group's option columns whose own header names no option (a scan read 依申请 as 依甲请)
    is an option column of that group whose option is unread (option None): what the
    group's columns leave out is then not known."""
    options = [role for role in roles if role.role == ROLE_OPTION]
    groups = {parent: role.group for role in options if (parent := _parent_header(role)) is not None}
    unread = [Role(ROLE_OPTION, group=groups[parent], header=role.header) for role in roles
              if role.role != ROLE_OPTION and (parent := _parent_header(role)) is not None and parent in groups]
    return options + unread


def _place(page: int, cells: list[RawCell | None], texts: list[str], roles: list[Role],
           place: TablePlace | None, option_roles: list[Role], recording: bool = True) -> Row:
    """The row's cells put into the fields their columns' `roles` say; `option_roles`:
    option_column_roles(roles), the same for every row of a table."""
    row = Row(page=page, texts=texts, place=place, option_roles=option_roles, recording=recording)
    shifted = False
    for c, text in enumerate(texts):
        cell = cells[c]
        if cell is not None and cell.flags:  # most cells have none
            if LOW_CONFIDENCE in cell.flags and OCR_LOW_CONFIDENCE not in row.warnings:
                row.warnings.append(OCR_LOW_CONFIDENCE)
            if HIDDEN_ROW in cell.flags and FROM_HIDDEN_ROW not in row.warnings:
                row.warnings.append(FROM_HIDDEN_ROW)
        role = roles[c] if c < len(roles) else Role("ignored")
        if role.role == ROLE_LEVEL and role.level is not None and role.level <= LEVELS:
            if _MARKS_ONLY.match(text):
                text = ""
            if text.strip() and looks_like_content(text):
                row.add(ROLE_CONTENT, text, cell)  # a content cell in a level column
                row.note(ROLE_CONTENT, cell, c)
                row.decide(ROLE_CONTENT, SHIFTED)
                shifted = True
            else:
                row.levels[role.level - 1] = text
                row.level_cells[role.level - 1] = cell
                if text.strip():
                    row.note(f"level_{role.level}", cell, c)
            continue
        if role.role == ROLE_OPTION and not text.strip() and cell is not None and cell.col != c:
            text = cell.text  # one mark merged across several option columns marks each
        if not text.strip():
            if cell is not None and role.role in TEXT_ROLES:
                row.empty_cells.setdefault(role.role, cell)
            continue
        if role.role == ROLE_OPTION:
            row.option_columns.append((role, text))
            row.note(f"{role.group or ROLE_OPTION}/{role.option or c}", cell, c)
            continue
        if role.role == ROLE_SEQ:
            row.seq = text
            row.seq_cell = cell
            row.note(other_key(role.name(c)), cell, c)
            row.seq_name = role.name(c)
            continue
        target = _target_role(role, text)
        if target is None:
            row.add_other(role.name(c), text, cell)  # no contract column takes it: kept as it is
            continue
        # 公开方式 may hold 主动/依申请; a level column past the sixth exists only in our
        # reading of a headerless page, so its text going to content is no shift.
        expected = (role.role == ROLE_METHOD and target == ROLE_DISCLOSURE) or (
            role.role == ROLE_LEVEL and target == ROLE_CONTENT
        )
        if target != role.role and not expected:
            shifted = True
            row.decide(target, SHIFTED)
        row.add(target, text, cell)
        row.col_fields[c] = target
        if target == ROLE_TIME and role.role == ROLE_TIME and role.option:
            row.time_unit = role.option
    if ROLE_CONTENT not in row.fields:
        shifted = _content_from_levels(row) or shifted
    if shifted:
        row.warnings.append(CELLS_SHIFTED)
    return row


def _content_from_levels(row: Row) -> bool:
    """A row with an empty content cell whose deepest level holds a sentence, not a label."""
    k = next((k for k in range(LEVELS - 1, -1, -1) if row.levels[k].strip()), None)
    if k is None or not looks_like_content(row.levels[k], relaxed=True):
        return False
    row.add(ROLE_CONTENT, row.levels[k], row.level_cells[k])
    row.decide(ROLE_CONTENT, SHIFTED)
    row.sources.pop(f"level_{k + 1}", None)
    row.levels[k] = ""
    return True


def _target_role(role: Role, text: str) -> str | None:
    """The role a cell's content says it belongs to, where that differs from its column."""
    column = role.role
    if column == ROLE_LEVEL:  # a level column past the sixth: place by content
        kind = cell_kind(text)
        return kind if kind in (*MOVABLE, ROLE_AUDIENCE, ROLE_SUBJECT, ROLE_CONTENT) else ROLE_CONTENT
    if column not in TEXT_ROLES:
        return None
    if column in (ROLE_CONTENT, ROLE_BASIS):
        # Content may speak of days or of 社会; only a cell of marks is out of place.
        # The marks are asked first: a content cell is nearly always unique and has none,
        # and its kind would be decoded for nothing.
        if not _has_marks(text):
            return column
        kind = cell_kind(text)
        return kind if kind in OPTION_GROUPS and kind != ROLE_AUDIENCE else column
    kind = cell_kind(text)
    if kind in MOVABLE or kind == ROLE_AUDIENCE:
        return kind
    if column == ROLE_TIME and looks_like_office(text):
        return ROLE_SUBJECT  # the time-limit cell is missing and the subject sits in its place
    return column


def looks_like_office(text: str) -> bool:
    """Text that ends like the name of an office (a complete 公开主体)."""
    return bool(_ORGANISATION.search(label_key(text)))


def _has_marks(text: str) -> bool:
    return has_strong_marks(strip_markup(text))
