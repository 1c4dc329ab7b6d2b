"""Data rows → contract items: one item over two rows, field decoding, fill-down, keys.

Page breaks are decided in normalise/breaks.py; this module asks it, row by row, whether
a row goes on from the row above, and builds an item from every row that does not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from catalogue.normalise.breaks import PageBreaks
from catalogue.normalise.junk import (
    MAX_NAMED,
    STRONG,
    UNKNOWN_HEADER,
    catalogue_evidence,
    has_marks,
    is_catalogue,
    other_table,
    unknown_header,
)
from catalogue.normalise.options import (
    OptionCell,
    decode_across_groups,
    decode_options,
    group_fields,
    is_known_extra,
    named_options,
)
from catalogue.normalise.record import (
    FILLED_DOWN,
    READ,
    ROW_PART,
    SECTION_LEVEL,
    CellSource,
    FieldRecord,
    ItemRecord,
    Record,
)
from catalogue.normalise.rows import (
    Row,
    RowReader,
    form_lines_from,
    joined,
    looks_like_office,
    section_title,
)
from catalogue.normalise.strips import Strips, makes_items, stitch
from catalogue.normalise.text import clean_label, clean_text
from catalogue.normalise.timelimit import parse_time_limit
from catalogue.raw import RawTable
from catalogue.schemas.contract import (
    CELL_TRUNCATED,
    EMPTY_ROW_DROPPED,
    FOOTNOTE_DROPPED,
    LEVELS,
    MARK_UNREADABLE,
    TOTAL_MISMATCH,
    TOTAL_ROW_DROPPED,
    UNKNOWN_OPTION,
    empty_row,
)
from catalogue.schemas.headers import Role
from catalogue.schemas.lookup import FOLD_CACHE, fold, label_key, lookup, strip_markup
from catalogue.schemas.vocabulary import (
    AUDIENCE,
    CHANNEL,
    CHECKED_MARKS,
    DISCLOSURE,
    NO_WORDS,
    OPTION_GROUPS,
    PRIVATE_USE_CHECKED,
    ROLE_BASIS,
    ROLE_CONTENT,
    ROLE_SUBJECT,
    ROLE_TIME,
    SYMBOL_FONT_CHECKED,
    SYMBOL_FONT_UNCHECKED,
    UNCHECKED_MARKS,
    UNREADABLE_MARKS,
    YES_WORDS,
)

DISCLOSURE_FIELDS = group_fields(DISCLOSURE)

# Between the texts of one item's two rows (each its own cell): two statements.
ITEM_PART_JOINER = "；"

_HAN = regex.compile(r"\p{Han}")


@dataclass
class Normalised:
    """The contract rows of one source, and whether what was read is a catalogue."""

    items: list[dict[str, object]]
    catalogue: bool = True  # False: rows were read, but no header words and no category labels
    why: str = ""  # where it is no catalogue for another reason than junk.NOT_A_CATALOGUE's, that reason
    record: Record | None = None  # what was decided for each table, item and field
    # Tables after the catalogue's that are other tables (a staff roster on a sheet of its
    # own): (page, the header of other columns they start with), left out.
    other_tables: list[tuple[int, list[str]]] = field(default_factory=list)


def normalise_tables(tables: Iterable[RawTable], source: str) -> list[dict[str, object]]:
    """Every contract row of one source, in order (none when it is no catalogue)."""
    return normalise_document(tables, source).items


def normalise_document(tables: Iterable[RawTable], source: str, *, record: bool = True) -> Normalised:
    """Every contract row of one source, in order, with the evidence that it is a
    catalogue; a table that is none gives no items. `record=False` keeps no record of
    the decisions (Normalised.record None): the items are the same, at a third of the
    memory."""
    reader = RowReader(record=record)
    breaks = PageBreaks()
    rows: list[Row] = []
    rows_read = rows_with_evidence = rows_with_strong = 0
    marked = False  # a row before any header has a check mark
    dropped_after: Counter[int] = Counter()
    empty_run = 0  # empty rows since the last row that holds anything
    totals_after: Counter[int] = Counter()
    mismatched_after: Counter[int] = Counter()  # totals whose stated count the rows above do not make
    last_total = 0  # the rows read before the last total row: a subtotal counts those after it
    notes_after: Counter[int] = Counter()
    first_texts: list[str] | None = None  # the first row read: a header the vocabulary does not know?
    strips = Strips()
    sections = _Sections()
    section_paths: list[tuple[str, ...]] = []  # the section titles over each of `rows`
    other_tables: list[tuple[int, list[str]]] = []
    after_title: set[int] = set()  # the rows that come first under a section title
    for table in tables:
        headers_before = reader.headers_seen
        table_rows = reader.rows(table)
        if headers_before and reader.headers_seen == headers_before and (other := other_table(table_rows)):
            other_tables.append((table.page, other))
            strips.other_table()
            continue
        first = True
        band = strips.strip_of(reader.tables[-1], table)
        if band is not None:
            table_rows = stitch(band, reader.tables[-1], rows, table_rows)
        elif makes_items(reader.tables[-1]):
            strips.start_table(reader.tables[-1], table)
        else:
            strips.other_table()
        del table  # no name holds a table once its rows are read
        foot = form_lines_from(table_rows)
        table_start = len(rows)
        for k, row in enumerate(table_rows):
            if row.is_total():  # before the banners: one merged across the table is no title
                totals_after[len(rows) - 1] += 1
                stated = row.stated_counts()
                if stated and not stated & {len(rows), len(rows) - last_total, len(rows) - table_start}:
                    mismatched_after[len(rows) - 1] += 1
                last_total = len(rows)
                continue
            if row.banner and row.restated:
                sections.headings = True
                continue  # a section title over its group: its label is the items' own
            if row.banner and sections.opens(row, len(rows) - 1):
                continue
            if row.banner or row.is_footnote() or (k >= foot and row.is_form_line()
                                                   and not breaks.would_join(rows, row, first)):
                notes_after[len(rows) - 1] += 1
                continue
            if row.is_empty():
                if rows and row.others:
                    dropped_after[len(rows) - 1] += 1 + empty_run
                    empty_run = 0
                    rows[-1].take_others(row)  # what it holds outside the contract is kept
                else:
                    empty_run += 1
                continue
            # Empty rows count as dropped where a row follows them: those under the last
            # row (a sheet saved as CSV writes ,,,, lines down to its used range) are no
            # rows of the table, and saying so once per line buried the items' warnings.
            if empty_run:
                dropped_after[len(rows) - 1] += empty_run
                empty_run = 0
            if rows and _same_item(rows[-1], row):
                _join_item_rows(rows[-1], row)
                strips.placed(row, len(rows) - 1)
                continue
            rows_read += 1
            if first_texts is None:
                first_texts = row.texts
            if not reader.headers_seen:  # once a header is seen, it is a catalogue
                evidence = catalogue_evidence(row)
                rows_with_evidence += evidence > 0
                rows_with_strong += evidence == STRONG
                marked = marked or has_marks(row)
            joined, first = breaks.take(rows, row, first), False
            if not joined:
                rows.append(row)
                if sections.pending:
                    after_title.add(len(rows) - 1)
                section_paths.append(sections.taken(row))
            strips.placed(row, len(rows) - 1)
    # The last table's rows (a sheet's every row, each with its cells) are held by `rows`
    # alone from here, so that each is let go as its item is made (below).
    table_rows = []
    notes_after.update(sections.notes())
    # A first row naming other columns makes no catalogue only where no row under it
    # carries a check mark: a catalogue headed in words we do not know has them; a list
    # of projects or documents has deadlines, which read as time limits, and option
    # words (主动公开), but no marks.
    other_header = (unknown_header(first_texts) if first_texts is not None and not reader.headers_seen
                    and not marked else None)
    if other_header is not None or not is_catalogue(reader.headers_seen, rows_read, rows_with_evidence,
                                                    rows_with_strong):
        why = UNKNOWN_HEADER.format("、".join(other_header[:MAX_NAMED])) if other_header is not None else ""
        return Normalised([], catalogue=False, why=why,
                          record=Record(source, [], reader.tables, breaks.decisions) if record else None)
    drafts: list[Draft] = []
    records: list[ItemRecord] | None = [] if record else None
    cuts = PageBreaks.finish(rows)
    bare = [_labels_only(row) for row in rows]
    own_labels_only = {k for k, row in enumerate(rows) if row.unplaced}
    rows.reverse()
    for cut in cuts:  # each row (and the cells it holds) let go once its item is made
        row = rows.pop()
        drafts.append(_item(row, source, cut))
        if records is not None:
            records.append(_item_record(row))
    # A section title that gives its items their category begins a new path: the labels
    # of the group before it are not filled down across it (二、财政信息 over an item whose
    # 一级 cell is empty is no item of the 机构职能 group above).
    _fill_down(drafts, records, own_labels_only, set() if sections.headings else after_title)
    if not sections.headings:
        _section_levels(drafts, records, section_paths)
    for code, after in ((EMPTY_ROW_DROPPED, dropped_after), (FOOTNOTE_DROPPED, notes_after),
                        (TOTAL_ROW_DROPPED, totals_after), (TOTAL_MISMATCH, mismatched_after)):
        for index, count in after.items():
            target = drafts[index] if index >= 0 and drafts else (drafts[0] if drafts else None)
            if target is not None:
                target.warnings.extend([code] * count)
    _drop_headings(drafts, records, bare)
    _keys(drafts)
    items = [draft.values() for draft in drafts]
    if records is None:
        return Normalised(items, other_tables=other_tables)
    for draft, rec in zip(drafts, records, strict=True):
        rec.item_no, rec.item_key, rec.page = draft.item_no, draft.item_key, draft.page
        rec.warnings = list(draft.warnings)
    return Normalised(items, record=Record(source, records, reader.tables, breaks.decisions), other_tables=other_tables)


class _Sections:
    """The section titles in force: a title row (一、机构信息 across the table, or alone
    in its first or 序号 column) names the category of the items under it, up to the
    next title of its tier: the top of their path, above the table's own level columns
    (a catalogue with none, or with one fewer than its categories). Tiers by numbering,
    in the order first met (一、 over （一）).

    Where any title of the source restates the label of the item under it (or holds it,
    or is held in it), the level columns carry the categories and the titles are
    headings over them: those that do not restate one (worded otherwise) are notes, as
    is a title no item comes under."""

    def __init__(self) -> None:
        self.tiers: list[str] = []  # numbering styles, top first
        self.titles: list[str | None] = []  # the title in force in each tier
        self.pending: dict[int, int] = {}  # tier → where its title, not yet under an item, is a note
        self.opened: list[int] = []  # where each title would be a note (the index of the item above)
        self.unused: list[int] = []  # the same, for titles no item came under
        self.headings = False  # a title restated an item's label

    def opens(self, row: Row, at: int) -> bool:
        """Whether the banner row is a section title (it then takes effect); `at`: the
        index of the item above, for its note."""
        found = section_title(row)
        if found is None or not _names_a_category(found[1]):
            return False
        style, title = found[0], clean_label(found[1]) or found[1]
        if style not in self.tiers:
            self.tiers.append(style)
            self.titles.append(None)
        tier = self.tiers.index(style)
        self.unused += [index for t, index in self.pending.items() if t >= tier]
        self.pending = {t: index for t, index in self.pending.items() if t < tier} | {tier: at}
        self.titles[tier:] = [title] + [None] * (len(self.titles) - tier - 1)
        self.opened.append(at)
        return True

    def taken(self, row: Row) -> tuple[str, ...]:
        """The titles over the item row just read. A title new to it that holds one of
        its labels, or is held in one (一、机构职能类 over 机构职能), names the category its
        level column gives: the titles are headings, as where one restates a label."""
        labels = [fold(label) for label in row.levels if label.strip()]
        for tier in self.pending:
            title = fold(self.titles[tier] or "")
            self.headings = self.headings or bool(title) and any(title in label or label in title for label in labels)
        self.pending.clear()
        return tuple(t for t in self.titles if t)

    def notes(self) -> list[int]:
        """Where each title that gives no level is a note (the index of the item above)."""
        return self.opened if self.headings else [*self.unused, *self.pending.values()]


# A category is named in a few words: the national standard's longest domains run to
# a dozen characters (重大建设项目批准和实施); a numbered row longer than this is a note.
SECTION_LABEL_MAX_CHARS = 20
_SENTENCE = regex.compile(r"[，。；：！？,;:!?]")


def _names_a_category(title: str) -> bool:
    """A numbered title that can be a category over the items under it: a few words, no
    sentence (一、本目录由县政府办负责解释。, 一、以下事项由…负责公开，…), no office
    (一、县发展和改革局: whose items, not what kind), and no kind of disclosure
    (二、依申请公开事项: how they are disclosed, which the disclosure columns say)."""
    key = label_key(title)
    return (len(key) <= SECTION_LABEL_MAX_CHARS and not _SENTENCE.search(key) and not looks_like_office(key)
            and not any(o.group == DISCLOSURE for o in named_options(key)))


def _section_levels(drafts: list[Draft], records: list[ItemRecord] | None,
                    paths: list[tuple[str, ...]]) -> None:
    """Put the section titles over each item at the top of its path: in the levels the
    table has no column for (its shallowest label is 二级 under no 一级 column), else
    above its own levels, which go one level down each. Where the path would go past the
    contract's six levels, the titles are left out and the item warns
    `footnote_dropped`: nothing goes missing unsaid."""
    for n, (draft, path) in enumerate(zip(drafts, paths, strict=True)):
        if not path:
            continue
        own = draft.levels
        lead = next((k for k, v in enumerate(own) if v), 0)  # the levels above its first label
        down = max(0, len(path) - lead)
        if any(own[LEVELS - down:]):
            draft.warnings.append(FOOTNOTE_DROPPED)
            continue
        draft.levels = [*own[:lead - len(path) + down], *path, *own[lead:LEVELS - down]]
        for k in range(LEVELS):
            draft.fields[f"level_{k + 1}"] = draft.levels[k]
        if records is None:
            continue
        for rec in records[n].fields:
            if rec.field.startswith("level_"):
                rec.field = f"level_{int(rec.field[len('level_'):]) + down}"
        top = lead + down - len(path)
        records[n].fields[:0] = [FieldRecord(f"level_{top + k + 1}", "level", title, [], [SECTION_LEVEL])
                                 for k, title in enumerate(path)]


def _labels_only(row: Row) -> bool:
    """A row with category labels and nothing else (its 序号 aside): no text in any
    contract column, no option, no other column."""
    return (row.has_levels() and not any(t.strip() for t in row.fields.values()) and not row.option_columns
            and all(name == row.seq_name for name in row.others))


def _drop_headings(drafts: list[Draft], records: list[ItemRecord] | None, bare: list[bool]) -> None:
    """A row of labels only whose path the next item goes on below (一 机构职能, then
    items 机构设置 … under it, their 一级 cells empty) is a heading written on a row of
    its own, no item: fill-down has given its labels to the items under it. Its
    warnings go to the next item. A labels-only row that no item goes on below, or whose
    labels repair to nothing (a footnote marker alone), is an item as the catalogue wrote it."""
    for n in range(len(drafts) - 2, -1, -1):
        if not bare[n]:
            continue
        path, below = drafts[n].levels, drafts[n + 1].levels
        depth = max((k + 1 for k, v in enumerate(path) if v), default=0)
        if depth and below[:depth] == path[:depth] and any(below[depth:]):
            drafts[n + 1].warnings[:0] = [w for w in drafts[n].warnings if w not in drafts[n + 1].warnings]
            del drafts[n]
            if records is not None:
                del records[n]


# ---------------------------------------------------------------- one item over several rows


def _same_item(prev: Row, row: Row) -> bool:
    """A row whose 序号 cell is the one merged over the row above, with its level cells
    merged over both too, is the rest of that item (two time-limit lines, marks on both)."""
    if prev.seq_cell is None or row.seq_cell is not prev.seq_cell or prev.page != row.page:
        return False
    return all(cell is prev.level_cells[k] for k, cell in enumerate(row.level_cells) if row.levels[k].strip())


def _join_item_rows(prev: Row, row: Row) -> None:
    """Two cells of one item, one above the other, are two statements ("预算批准后20日内",
    "决算批准后20日内"): joined by "；" unless the first ends a sentence; option cells
    by a line break, as one list."""
    for role, text in row.fields.items():
        cell = row.field_cells.get(role)
        if cell is not None and cell is prev.field_cells.get(role):
            continue  # one merged cell over both rows: its text is there already
        before = prev.fields.get(role, "")
        prev.fields[role] = joined(before, text, "\n" if role in OPTION_GROUPS else ITEM_PART_JOINER)
        if cell is not None:
            prev.field_cells.setdefault(role, cell)
    prev.option_columns.extend(pair for pair in row.option_columns if pair not in prev.option_columns)
    prev.take_others(row, ITEM_PART_JOINER)
    prev.take_record(row, ROW_PART)
    prev.warnings.extend(w for w in row.warnings if w not in prev.warnings)
    prev.time_unit = prev.time_unit or row.time_unit
    prev.last_on_page = row.last_on_page


# ---------------------------------------------------------------- one item


@dataclass(slots=True)
class Draft:
    """One item as it is built from its row: the contract values read from the row, and
    what the steps across items (fill-down, keys) still need."""

    page: int
    fields: dict[str, object]  # the contract columns (schemas.contract.empty_row), in order
    levels: list[str | None]  # its own labels, repaired; fill-down makes the path
    # Where a label of its own starts a group here: a label this row only shares, from
    # a merged cell that began on a row above, does not, and fill-down may still run below it.
    starts: list[bool]
    warnings: list[str]
    item_no: int = 0
    item_key: str = ""

    def values(self) -> dict[str, object]:
        """The contract row."""
        self.fields.update(item_no=self.item_no, item_key=self.item_key, warnings=list(self.warnings))
        return self.fields


def _item(row: Row, source: str, cut_at_foot: bool) -> Draft:
    """The item of one row; `cut_at_foot`: the page break decided that a cell of it was
    cut at its page's foot (breaks.PageBreaks.finish)."""
    item = empty_row()
    item["source"] = source
    item["page"] = row.page
    levels = [clean_label(t) for t in row.levels]
    starts = [
        bool(t.strip()) and (c is None or c.row >= row.row_in_table) and k not in row.carried_levels
        for k, (t, c) in enumerate(zip(row.levels, row.level_cells, strict=True))
    ]
    item["content"] = clean_text(row.fields.get(ROLE_CONTENT))
    item["basis"] = clean_text(row.fields.get(ROLE_BASIS))
    item["subject"] = clean_text(row.fields.get(ROLE_SUBJECT))
    scanned = row.scanned()
    time_limit = clean_text(row.fields.get(ROLE_TIME))
    item["time_limit"] = time_limit
    item["time_limit_days"], item["time_limit_kind"] = parse_time_limit(time_limit)
    if time_limit and time_limit.isdigit() and row.time_unit:
        item["time_limit_days"], item["time_limit_kind"] = int(time_limit), row.time_unit
    warnings: list[str] = list(row.warnings)
    for role in OPTION_GROUPS:
        text = row.fields.get(role)
        if text and text.strip():
            _apply_option_cell(item, role, text, warnings, scanned)
    others = {row.seq_name: row.seq} if row.seq.strip() and row.seq_name else {}
    others.update(row.others)
    if row.option_columns:
        others.update(_apply_option_columns(item, row.option_columns, row.option_roles, warnings))
    item["other_columns"] = {name: value for name, text in others.items() if (value := clean_text(text))}
    if scanned:
        _doubt_no_disclosure(item, warnings)
    if cut_at_foot:
        warnings.append(CELL_TRUNCATED)
    return Draft(row.page, item, levels, starts, list(dict.fromkeys(warnings)))


def _doubt_no_disclosure(item: dict[str, object], warnings: list[str]) -> None:
    """Every item is disclosed somehow (主动, 依申请 or 不予公开): where a scanned row's
    disclosure options were read and every one is false, a mark was most likely misread
    (a ☑ taken for a ☐, or lost to a scan's dropout), so the row's disclosure is not
    known: its false options are null, with the mark warning. A text layer or a file's
    cells state their marks: there an empty box is false, as the contract says, even
    where the source ticked none."""
    states = [item[name] for name in DISCLOSURE_FIELDS]
    if True in states or False not in states:
        return
    for name in DISCLOSURE_FIELDS:
        if item[name] is False:
            item[name] = None
    if MARK_UNREADABLE not in warnings:
        warnings.append(MARK_UNREADABLE)


def _apply_option_cell(item: dict[str, object], role: str, text: str, warnings: list[str],
                       scanned: bool = False) -> None:
    decoded = decode_options(text, hint=role, scanned=scanned)
    if decoded is None or decoded.group is None:
        with_list = decode_across_groups(text, hint=role, scanned=scanned)
        for cell in with_list or ():
            _merge(item, cell)
            warnings.extend(cell.warnings)
        if with_list:
            return
        cleaned = clean_text(text)
        if role == AUDIENCE:
            item["audience"] = cleaned
        elif role == CHANNEL and cleaned:
            item["channel_other"] = True
            item["channels_extra"] = [cleaned]
            warnings.append(f"{UNKNOWN_OPTION}:{cleaned}")
        elif cleaned:
            warnings.append(f"{UNKNOWN_OPTION}:{cleaned}")
        return
    _merge(item, decoded)
    warnings.extend(decoded.warnings)


def _merge(item: dict[str, object], decoded: OptionCell) -> None:
    for name, value in decoded.values.items():
        if item.get(name) is True:
            continue
        if value is None and item.get(name) is False:
            continue
        item[name] = value
    if decoded.group == AUDIENCE:
        audience = item["audience"]
        labels = [x for x in audience.split("、") if x] if isinstance(audience, str) else []
        labels += [x for x in decoded.audience if x not in labels]
        item["audience"] = "、".join(labels) or None
    before = item["channels_extra"]
    extras = list(before) if isinstance(before, list) else []
    extras += [x for x in decoded.extras if x not in extras]
    item["channels_extra"] = extras


def _apply_option_columns(item: dict[str, object], columns: list[tuple[Role, str]], present: list[Role],
                          warnings: list[str]) -> dict[str, str]:
    """One option per column: "√" (or any checked mark) is true; an empty cell is false
    when another column of its group is filled in the row (a group with no filled
    column stays null); an option that no column of the table names (`present`: 不予公开
    where the table has only 主动 and 依申请) stays null. Text in an 其他 channel column names an extra channel; other
    text written in an option column (a group's name under 特定群体) chooses that
    option, and the text itself is returned, by column, for other_columns. A checked
    channel column whose header names no known channel is an extra channel."""
    cells, written, said = _read_option_columns(tuple(columns), tuple(present))
    warnings.extend(said)
    for cell in cells:
        _merge(item, cell)
    return dict(written)


# A row's option cells and its table's option columns: the same few combinations of
# marks repeat row after row (√ or nothing in each column), read once each.
@lru_cache(maxsize=FOLD_CACHE)
def _read_option_columns(columns: tuple[tuple[Role, str], ...], present: tuple[Role, ...]
                         ) -> tuple[tuple[OptionCell, ...], dict[str, str], tuple[str, ...]]:
    """What `_apply_option_columns` merges into an item (an OptionCell a group, read only
    by `_merge`), the text written in its columns by column, and the warnings it adds."""
    by_group: dict[str, list[tuple[str, bool | None]]] = {}
    warnings: list[str] = []
    extras: list[str] = []
    written: dict[str, str] = {}
    for role, text in columns:
        if role.group is None or role.option is None:
            continue
        plain = strip_markup(text).strip()
        state = _column_state(plain)
        answered = _ANSWER_WITH_NOTE.match(plain)
        if state is None and answered is not None:
            # 否（依申请公开）: the answer decides; the words in brackets are kept.
            state = _column_state(answered.group(1))
            if state is not None:
                written[role.header or role.option] = clean_text(plain) or plain
        # Text in the column names something (a group under 特定群体, a channel under 其他);
        # one character that is neither Han nor a mark or yes/no word names nothing: a
        # code this tool does not know, unreadable rather than a yes.
        names = (len(plain) > 1 or bool(_HAN.match(plain))) and not _FIGURE.match(fold(plain))
        if state is None and names and not any(ch in UNREADABLE_MARKS for ch in plain):
            label = clean_text(plain) or plain
            state = True
            named = [o for o in lookup(label) if o.group == role.group]
            if role.option != "其他" and named and all(o.label != role.option for o in named):
                # Another option of the column's group (依申请公开 under 是否主动公开): a no
                # to this column's; the option it names is set only by a column of its own.
                state = False
                written[role.header or role.option] = label
            elif role.group == CHANNEL and role.option == "其他":
                extras.append(label)
                if not is_known_extra(label):
                    warnings.append(f"{UNKNOWN_OPTION}:{label}")
            elif not any(o.label == role.option for o in lookup(label)):
                written[role.header or role.option] = label
        elif state is None:
            warnings.append(MARK_UNREADABLE)
            if _FIGURE.match(fold(plain)):
                written[role.header or role.option] = plain  # a figure is no mark, but it is kept
        if state and role.group == CHANNEL and not lookup(role.option) and role.option not in extras:
            extras.append(role.option)  # a channel column whose header names no known channel
        by_group.setdefault(role.group, []).append((role.option, state))
    cells: list[OptionCell] = []
    for group, states in by_group.items():
        cell = OptionCell(group=group, has_marks=True, extras=extras if group == CHANNEL else [])
        for name in _table_column_fields(present, group):
            cell.values[name] = False
        if extras and group == CHANNEL:
            cell.values["channel_other"] = True
        for label, state in states:
            options = [o for o in lookup(label) if o.group == group]
            if not options:
                continue
            for name in options[0].fields:
                if cell.values.get(name) is not True:  # an extra channel already set channel_other
                    cell.values[name] = state
            if state and group == AUDIENCE:
                cell.audience.append(options[0].label)
        cells.append(cell)
    return tuple(cells), written, tuple(warnings)


# A figure (1203, 52.3, -3.1, 12%) in a one-option column: a count or a share under the
# option's name (a year report's statistics), neither a tick nor a name, so unreadable.
# 0 and 1 are NO_WORDS / YES_WORDS, read before this is asked.
_FIGURE = regex.compile(r"^[-+]?\d+(?:[.,]\d+)*%?$")
# A yes or no with a note in brackets (否（依申请公开）, 是(主动公开)): the answer, then the note.
_ANSWER_WITH_NOTE = regex.compile(r"^(\S{1,2}?)\s*[（(].+[)）]$")


# A table's option columns are the same on each of its rows: asked once per table and
# group, not per item (a document has a few tables; bounded all the same).
COLUMN_FIELDS_CACHE_SIZE = 1024


@lru_cache(maxsize=COLUMN_FIELDS_CACHE_SIZE)
def _table_column_fields(present: tuple[Role, ...], group: str) -> tuple[str, ...]:
    """The contract fields of a group that the table's one-option columns name; all of
    the group's where one of its columns names an option that was not read."""
    if any(role.group == group and role.option is None for role in present):
        return group_fields(group)
    named = {name for role in present if role.group == group and role.option is not None
             for option in lookup(role.option) if option.group == group for name in option.fields}
    if group == CHANNEL and any(role.group == group and role.option is not None and not lookup(role.option)
                                for role in present):
        named.add("channel_other")  # a column of a channel outside the named ones (发布会) is an 其他 one
    return tuple(name for name in group_fields(group) if name in named)


# The few mark texts of option columns (√, 是, ☑ …) repeat on every row: each is read once.
@lru_cache(maxsize=FOLD_CACHE)
def _column_state(plain: str) -> bool | None:
    """The state one cell of a one-option column gives: True, False, or None (unreadable)."""
    word = fold(plain)
    if word not in SYMBOL_FONT_CHECKED and word not in SYMBOL_FONT_UNCHECKED:  # a lone n is Wingdings' ■
        word = word.upper()
    if not plain or all(ch in UNCHECKED_MARKS for ch in plain) or word in NO_WORDS:
        return False
    if any(ch in CHECKED_MARKS or ch in PRIVATE_USE_CHECKED for ch in plain) or word in YES_WORDS:
        return True
    if len(plain) == 1 and plain in SYMBOL_FONT_CHECKED:
        return True  # a Wingdings tick that the text layer reads as a letter
    if len(plain) == 1 and plain in SYMBOL_FONT_UNCHECKED:
        return False
    return None


# ---------------------------------------------------------------- across items


def _fill_down(drafts: list[Draft], records: list[ItemRecord] | None, own_only: set[int],
               fresh: set[int]) -> None:
    """Empty levels above an item's first own label come from the item above; empty
    levels below it stay null. A level taken from above is recorded (where `records`
    are kept) with the cells the item above read it from. The items in `own_only` (a
    strip's rows that had no place) keep their own levels and borrow none; those in
    `fresh` (the first under a section title) borrow none either."""
    above: list[str | None] = [None] * LEVELS
    above_sources: list[list[CellSource]] = [[] for _ in range(LEVELS)]
    for n, draft in enumerate(drafts):
        if n in fresh:
            above = [None] * LEVELS
            above_sources = [[] for _ in range(LEVELS)]
        own = draft.levels
        first = next((k for k, v in enumerate(own) if v and draft.starts[k]), None)
        cut = 0 if n in own_only else LEVELS if first is None else first
        path = above[:cut] + own[cut:]
        draft.levels = path
        for k in range(LEVELS):
            draft.fields[f"level_{k + 1}"] = path[k]
        if n in own_only:
            continue  # lends no labels either
        above = path
        if records is None:
            continue
        rec = records[n]
        for k in range(LEVELS):
            name = f"level_{k + 1}"
            mine = rec.field(name)
            if k < cut and path[k] is not None and (mine is None or own[k] != path[k]):
                if mine is not None:
                    rec.fields.remove(mine)
                mine = FieldRecord(name, "level", path[k] or "", list(above_sources[k]), [FILLED_DOWN])
                rec.fields.append(mine)
            above_sources[k] = list(mine.sources) if mine is not None and path[k] is not None else []


def _item_record(row: Row) -> ItemRecord:
    """The record of one item's fields: their source cells and what was done to them."""
    fields: list[FieldRecord] = []
    sources, decisions = row.sources, row.decisions
    option_columns: dict[str, list[int]] | None = None  # field → its columns, made when first asked
    for key in [*sources, *(key for key in decisions if key not in sources)]:
        if key.startswith(("level_", "other_columns/")):
            text, role = _recorded_text(row, key)
        elif key in row.fields:
            text, role = row.fields[key], key
        else:  # an option column's field: the texts of its columns
            if option_columns is None:
                option_columns = {}
                for c, name in row.col_fields.items():
                    option_columns.setdefault(name, []).append(c)
            text = "\n".join(row.texts[c] for c in option_columns.get(key, ()) if c < len(row.texts))
            role = "option"
        if not text.strip():
            continue
        fields.append(FieldRecord(key, role, text, list(sources.get(key, ())), list(decisions.get(key, (READ,)))))
    return ItemRecord(0, "", row.page, fields, list(row.marks))


def _recorded_text(row: Row, key: str) -> tuple[str, str]:
    """The raw text of a level or other_columns field, and the kind of column it went to."""
    if key.startswith("level_"):
        return row.levels[int(key.removeprefix("level_")) - 1], "level"
    name = key.removeprefix("other_columns/")
    return (row.seq if name == row.seq_name else row.others.get(name, "")), "other"


def _keys(drafts: list[Draft]) -> None:
    seen: Counter[str] = Counter()
    for n, draft in enumerate(drafts, start=1):
        draft.item_no = n
        base = " / ".join(label for label in draft.levels if label)
        seen[base] += 1
        draft.item_key = base if seen[base] == 1 else f"{base}#{seen[base]}"
