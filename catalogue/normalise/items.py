"""Data rows → contract items: page-break joins, fill-down, field decoding, keys."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import regex

from catalogue.normalise.columns import Role
from catalogue.normalise.junk import has_catalogue_evidence, is_catalogue
from catalogue.normalise.labels import join_cut_label, looks_cut
from catalogue.normalise.marks import has_strong_marks, split_marks
from catalogue.normalise.options import (
    OptionCell,
    decode_options,
    group_fields,
    is_known_extra,
    is_label_end,
    is_label_start,
    lookup,
)
from catalogue.normalise.record import (
    BACKFILLED,
    CARRIED,
    FILLED_DOWN,
    READ,
    ROW_PART,
    CellSource,
    FieldRecord,
    ItemRecord,
    Record,
)
from catalogue.normalise.record import JOINED as RECORD_JOINED
from catalogue.normalise.record import LABEL_JOINED as RECORD_LABEL_JOINED
from catalogue.normalise.rows import PageReader, Row, looks_like_office, other_key
from catalogue.normalise.text import clean_label, clean_text, fold, strip_markup
from catalogue.normalise.timelimit import parse_time_limit, repair_scanned_time_limit
from catalogue.raw import TEXT_AT_BOTTOM, TEXT_AT_TOP, RawCell, RawTable
from catalogue.schemas.contract import (
    CELL_TRUNCATED,
    EMPTY_ROW_DROPPED,
    FOOTNOTE_DROPPED,
    LABEL_JOINED,
    LEVELS,
    MARK_UNREADABLE,
    ROW_JOINED,
    UNKNOWN_OPTION,
    empty_row,
)
from catalogue.schemas.vocabulary import (
    AUDIENCE,
    CHANNEL,
    CHECKED_MARKS,
    DISCLOSURE,
    METHOD,
    NO_WORDS,
    PRIVATE_USE_CHECKED,
    ROLE_BASIS,
    ROLE_CONTENT,
    ROLE_SUBJECT,
    ROLE_TIME,
    SYMBOL_FONT_CHECKED,
    SYMBOL_FONT_UNCHECKED,
    TIER,
    UNCHECKED_MARKS,
    UNREADABLE_MARKS,
    YES_WORDS,
)

_TERMINAL = regex.compile(r"[。；;.!！?？）)」』”\"]$")
_OPTION_ROLES = (CHANNEL, DISCLOSURE, METHOD, AUDIENCE, TIER)
# Between the texts of one item's two rows (each its own cell): two statements.
ITEM_PART_JOINER = "；"
# The first row of a page is a fragment of the row above when the upper part has at
# least this many times as many filled fields: an item by itself fills most of them.
FRAGMENT_SHARE = 2


@dataclass
class Normalised:
    """The contract rows of one source, and whether what was read is a catalogue."""

    items: list[dict[str, object]]
    catalogue: bool = True  # False: rows were read, but no header words and no category labels
    record: Record | None = None  # what was decided for each table, item and field


def normalise_tables(tables: Iterable[RawTable], source: str) -> list[dict[str, object]]:
    """Every contract row of one source, in order (none when it is no catalogue)."""
    return normalise_document(tables, source).items


def normalise_document(tables: Iterable[RawTable], source: str) -> Normalised:
    """Every contract row of one source, in order, with the evidence that it is a
    catalogue; a table that is none gives no items."""
    reader = PageReader()
    rows: list[Row] = []
    rows_read = rows_with_evidence = 0
    dropped_after: Counter[int] = Counter()
    notes_after: Counter[int] = Counter()
    # A spanning level cell whose label was rejoined: its later rows get the joined label.
    relabelled: dict[CellPlace, Given] = {}
    # A merged non-level cell that runs over a page break: its text, for its rows there.
    carried: dict[CellPlace, Given] = {}
    for table in tables:
        first = True
        for row in reader.rows(table):
            if row.is_footnote():
                notes_after[len(rows) - 1] += 1
                continue
            if row.is_empty():
                dropped_after[len(rows) - 1] += 1
                if rows and row.others:
                    _join_others(rows[-1], row)  # what it holds outside the contract is kept
                continue
            if rows and _same_item(rows[-1], row):
                _join_item_rows(rows[-1], row)
                continue
            rows_read += 1
            if not reader.headers_seen:  # once a header is seen, it is a catalogue
                rows_with_evidence += has_catalogue_evidence(row)
            _apply_relabels(row, relabelled)
            after_break = first and bool(rows) and rows[-1].page != row.page
            first = False
            if after_break:
                _carry_merged_cells(rows[-1], row, carried)
                _backfill_open_labels(rows, row)
                if _continues(rows[-1], row):
                    _join(rows, row, relabelled)
                    continue
            _apply_carried(row, carried)
            if after_break:
                _join_cut_labels(rows, row, relabelled)
            rows.append(row)
    if not is_catalogue(reader.headers_seen, rows_read, rows_with_evidence):
        return Normalised([], catalogue=False, record=Record(source, [], reader.tables))
    # A cell can only be cut at a page's foot when the table goes on over a later page:
    # the last row of the document, or of a table another table follows on the same
    # page, ends where its table ends (a one-page LibreOffice catalogue's last row,
    # filled to its cell's foot, was flagged).
    for k, row in enumerate(rows):
        if k + 1 == len(rows) or rows[k + 1].page == row.page:
            row.last_on_page = False
    items = [_item(row, source) for row in rows]
    records = [_item_record(row) for row in rows]
    _fill_down(items, records)
    for code, after in ((EMPTY_ROW_DROPPED, dropped_after), (FOOTNOTE_DROPPED, notes_after)):
        for index, count in after.items():
            target = items[index] if index >= 0 and items else (items[0] if items else None)
            if target is not None and isinstance(target_warnings := target["warnings"], list):
                target_warnings.extend([code] * count)
    _keys(items)
    for item, rec in zip(items, records, strict=True):
        rec.item_no, rec.item_key, rec.page = item["item_no"], item["item_key"], item["page"]  # type: ignore[assignment]
        rec.warnings = list(item["warnings"])  # type: ignore[call-overload]
    return Normalised(items, record=Record(source, records, reader.tables))


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
        prev.fields[role] = _joined(before, text, "\n" if role in _OPTION_ROLES else ITEM_PART_JOINER)
        if cell is not None:
            prev.field_cells.setdefault(role, cell)
    prev.option_columns.extend(pair for pair in row.option_columns if pair not in prev.option_columns)
    _join_others(prev, row, ITEM_PART_JOINER)
    prev.take_record(row, ROW_PART)
    prev.warnings.extend(w for w in row.warnings if w not in prev.warnings)
    prev.time_unit = prev.time_unit or row.time_unit
    prev.last_on_page = row.last_on_page


def _join_others(prev: Row, row: Row, joiner: str = "\n") -> None:
    """The other_columns texts of a row that goes to the row above: appended by column."""
    for name, text in row.others.items():
        for source in row.sources.get(other_key(name), []):
            prev.sources.setdefault(other_key(name), [])
            if source not in prev.sources[other_key(name)]:
                prev.sources[other_key(name)].append(source)
        cell = row.other_cells.get(name)
        if cell is not None and cell is prev.other_cells.get(name):
            continue
        prev.others[name] = _joined(prev.others.get(name, ""), text, joiner)
        if cell is not None:
            prev.other_cells.setdefault(name, cell)


def _joined(before: str, text: str, joiner: str) -> str:
    if not before.strip():
        return text
    if joiner.strip() and _TERMINAL.search(before.strip()):
        joiner = "\n"  # the first part ends a sentence already
    return f"{before}{joiner}{text}"


# ---------------------------------------------------------------- page breaks

# Where a cell is: (page, table on the page, row, column). State carried from one page
# to the next is keyed by place, never by id(): a cell that is freed once its page is
# done may leave its id to a new cell of a later page.
CellPlace = tuple[int, int, int, int]
# A text given to the rows of a cell on a later page, with the cells it was read from.
Given = tuple[str, list[CellSource]]


def _place_of(row: Row, cell: RawCell) -> CellPlace:
    return (row.page, row.table, cell.row, cell.col)



def _continues(prev: Row, row: Row) -> bool:
    """Whether the first row of a page is the rest of the last row of the page before,
    from all the evidence together.

    Against it, outright: a 序号 of its own, level cells that cannot belong to the row
    above, one-option columns marked in both parts, an option list that starts again.
    For it, strongly: an option list that goes on, or a cell the geometry shows cut at
    the page foot. Weakly: text that stops mid-sentence, a cell the first part left
    empty. A value that looks complete counts against it, unless the lower part could
    not stand as an item by itself (it lacks most of the fields the upper part has)
    and strong evidence says it goes on: the cut fell just after a full stop.
    """
    if row.seq.strip():
        return False  # a new 序号 starts a new item
    if row.has_levels() and not _levels_continue(prev, row):
        return False
    if any(t.strip() for _, t in row.option_columns) and any(t.strip() for _, t in prev.option_columns):
        return False  # both parts mark the one-option columns: two items
    strong = weak = complete = False
    for role, text in row.fields.items():
        before = prev.fields.get(role, "")
        if not before.strip():
            weak = True  # it fills a cell the first part left empty
            continue
        if role in _OPTION_ROLES:
            if not _option_list_goes_on(before, text, _scanned(prev)):
                return False
            strong = True
            continue
        cut = _looks_cut_text(prev, role, before)
        if cut is None:
            complete = True
            continue
        strong = strong or cut
        weak = True
    filled_before = sum(1 for t in prev.fields.values() if t.strip())
    filled_here = sum(1 for t in row.fields.values() if t.strip())
    fragment = filled_here * FRAGMENT_SHARE <= filled_before
    if complete:
        return strong and fragment
    if strong:
        return True
    return weak and fragment


def _levels_continue(prev: Row, row: Row) -> bool:
    """Whether the level cells of a page's first row can belong to the last row of the
    page before: the same label (a merged cell's, given to both parts), the rest of a
    label cut by the break, or a merged cell whose label is printed on this page."""
    for k, text in enumerate(row.levels):
        if not text.strip() or text == prev.levels[k]:
            continue
        cell = row.level_cells[k]
        if cell is None:
            return False
        if prev.levels[k].strip():
            if TEXT_AT_TOP not in cell.flags or not _label_is_cut(prev, row, k):
                return False
        elif not (cell.rowspan > 1 and cell.row == row.row_in_table and _open_at_foot(prev, k)):
            return False
    return True


def _open_at_foot(row: Row, k: int) -> bool:
    cell = row.level_cells[k]
    return cell is not None and cell.bbox is not None and cell.row + cell.rowspan >= row.table_rows


def _scanned(row: Row) -> bool:
    """The row's table was read by OCR."""
    return row.place is not None and row.place.dpi is not None


def _option_list_goes_on(before: str, after: str, scanned: bool = False) -> bool:
    first = decode_options(before, scanned=scanned)
    if first is None:
        return False
    if not first.has_marks:
        return False  # a plain list of names is complete in itself
    head = strip_markup(after).lstrip()
    if head and not has_strong_marks(head[:1]):
        return True  # the cell starts with the rest of a cut label: "布 □脱密…"
    second = decode_options(after, first.group, scanned)
    if second is None or second.group != first.group:
        return False
    # It goes on when it names options the first part did not list.
    listed_before = _listed(before)
    return any(label not in listed_before for label in _listed(after))


def _listed(text: str) -> set[str]:
    return {fold(label) for label in _labels_in(text)}


def _labels_in(text: str) -> list[str]:
    marked = split_marks(strip_markup(text), is_label_start, is_label_end)
    return [s.label.strip() for s in marked.segments] if marked else []


def _looks_cut_text(prev: Row, role: str, text: str) -> bool | None:
    """True: the geometry shows the cell cut at the page foot; False: text that may be
    cut (content without a full stop, a time limit that states none, a subject that
    does not end like an office); None: a value that looks complete, so a second part
    of it would more likely be another item's. Where the geometry does not show text
    at the foot, the words decide: a last line may stop a little above the cell's
    bottom edge (Word leaves what a whole line does not fill)."""
    cell = prev.field_cells.get(role)
    if cell is not None and cell.bbox is not None and TEXT_AT_BOTTOM in cell.flags:
        return cell.row + cell.rowspan >= prev.table_rows
    cleaned = clean_text(text) or ""
    if not cleaned:
        return None
    if role in (ROLE_CONTENT, ROLE_BASIS):
        return None if _TERMINAL.search(cleaned) else False
    if role == ROLE_TIME:
        return None if parse_time_limit(cleaned)[1] else False
    if role == ROLE_SUBJECT:
        return None if looks_like_office(cleaned) else False
    return None


def _join(rows: list[Row], row: Row, relabelled: dict[CellPlace, Given]) -> None:
    """Make `row` the rest of the last row: texts appended, option lists run on, and a
    level label cut by the break rejoined on every row of its group."""
    prev = rows[-1]
    for role, text in row.fields.items():
        before = prev.fields.get(role, "")
        prev.fields[role] = f"{before}\n{text}" if before else text
        if before.strip() and text.strip() and CELL_TRUNCATED not in prev.warnings:
            prev.warnings.append(CELL_TRUNCATED)  # the cell went on over the break: it was cut
    prev.option_columns.extend(row.option_columns)
    _join_others(prev, row)
    levels = {f"level_{k + 1}": row.sources.pop(f"level_{k + 1}", []) for k in range(LEVELS)}
    prev.take_record(row, RECORD_JOINED)
    for k, text in enumerate(row.levels):
        key = f"level_{k + 1}"
        if not text.strip() or text == prev.levels[k]:
            continue
        if not prev.levels[k].strip():
            prev.levels[k] = text
            prev.sources[key] = levels[key]
            continue
        sources = [*prev.sources.get(key, []), *levels[key]]
        joined = _relabel_cut(rows, k, prev.levels[k], text, sources)
        if (cell := row.level_cells[k]) is not None:
            relabelled[_place_of(row, cell)] = (joined, sources)
    prev.warnings.extend(w for w in row.warnings if w not in prev.warnings)
    if ROW_JOINED not in prev.warnings:
        prev.warnings.append(ROW_JOINED)


def _relabel_cut(rows: list[Row], k: int, cut: str, rest: str, sources: list[CellSource]) -> str:
    """Give the rejoined label to the rows of the last page that carry the cut part."""
    joined = join_cut_label(clean_label(cut) or "", clean_label(rest) or "")
    page = rows[-1].page
    start = len(rows) - 1
    while start > 0 and rows[start - 1].page == page and rows[start - 1].levels[k] in (cut, ""):
        start -= 1
    for r in rows[start:]:
        if r.levels[k] == cut:
            r.levels[k] = joined
            r.sources[f"level_{k + 1}"] = [*sources]
            r.decide(f"level_{k + 1}", RECORD_LABEL_JOINED)
            if LABEL_JOINED not in r.warnings:
                r.warnings.append(LABEL_JOINED)
    return joined


def _label_is_cut(prev: Row, row: Row, k: int) -> bool:
    """Whether the level-k label of `prev` (last page) goes on in `row` (first row of
    this page). With geometry, only the geometry says so: text that touches the foot
    of a cell reaching the page's last row, and text at the top of the next cell. The
    words alone (`looks_cut`) decide only where there is no geometry."""
    before_cell, after_cell = prev.level_cells[k], row.level_cells[k]
    if before_cell is not None and after_cell is not None and before_cell.bbox and after_cell.bbox:
        at_foot = before_cell.row + before_cell.rowspan >= prev.table_rows
        return at_foot and TEXT_AT_BOTTOM in before_cell.flags and TEXT_AT_TOP in after_cell.flags
    before = clean_label(prev.levels[k]) or ""
    after = clean_label(row.levels[k]) or ""
    return looks_cut(before, after)


def _carry_merged_cells(prev: Row, row: Row, carried: dict[CellPlace, Given]) -> None:
    """Merged cells (公开主体 over several items) that go on over a page break, empty
    on the new page: the text printed on the page before belongs to their rows too."""
    for role, cell in row.empty_cells.items():
        before = prev.field_cells.get(role)
        text = prev.fields.get(role, "")
        if cell.bbox is None or before is None or before.bbox is None or not text.strip():
            continue
        starts_at_top = cell.row == row.row_in_table
        reaches_foot = before.row + before.rowspan >= prev.table_rows
        if starts_at_top and reaches_foot and (cell.rowspan > 1 or before.rowspan > 1):
            carried[_place_of(row, cell)] = (text, prev.sources.get(role, []))


def _apply_carried(row: Row, carried: dict[CellPlace, Given]) -> None:
    for role, cell in row.empty_cells.items():
        given = carried.get(_place_of(row, cell))
        if given is not None and not row.fields.get(role, "").strip():
            row.fields[role] = given[0]
            row.field_cells[role] = cell
            row.sources[role] = [*given[1]]
            row.decide(role, CARRIED)


def _apply_relabels(row: Row, relabelled: dict[CellPlace, Given]) -> None:
    for k, cell in enumerate(row.level_cells):
        given = relabelled.get(_place_of(row, cell)) if cell is not None else None
        if given is not None:
            row.levels[k] = given[0]
            row.sources[f"level_{k + 1}"] = [*given[1]]
            row.decide(f"level_{k + 1}", RECORD_LABEL_JOINED)
            if LABEL_JOINED not in row.warnings:
                row.warnings.append(LABEL_JOINED)


def _backfill_open_labels(rows: list[Row], row: Row) -> None:
    """A level cell that runs over a page break with its label printed on the next
    page: the rows of the previous page that it covers get that label too.

    Only where the geometry shows it: an empty level cell of its own (not the rest of
    the cell above) that reaches the bottom of its page."""
    for k in range(LEVELS):
        cell = row.level_cells[k]
        if cell is None or cell.bbox is None or not row.levels[k].strip():
            continue  # nothing printed here at this level: no evidence either way
        if cell.row != row.row_in_table:
            return
        tail = _open_tail(rows, k)
        if not tail:
            return  # the previous page had its own label at this level: a new group starts
        for prev in tail:
            prev.levels[k] = row.levels[k]
            prev.sources[f"level_{k + 1}"] = [*row.sources.get(f"level_{k + 1}", [])]
            prev.decide(f"level_{k + 1}", BACKFILLED)


def _open_tail(rows: list[Row], k: int) -> list[Row]:
    """The rows at the end of the last page whose level-k cell is empty, open at the
    page bottom, and not a continuation of the labelled cell above it."""
    if not rows:
        return []
    last = rows[-1]
    cell = last.level_cells[k]
    if cell is None or cell.bbox is None or last.levels[k].strip():
        return []
    if cell.row + cell.rowspan < last.table_rows:
        return []
    page = [r for r in rows if r.page == last.page]
    if not any(c is not None and c.rowspan > 1 for r in page for c in r.level_cells):
        # A page that merges no level cells leaves a cell empty to mean "as
        # above"; only where cells are merged does an empty cell of its own stand apart.
        return []
    tail = [r for r in page if r.level_cells[k] is cell]
    if cell.row < tail[0].row_in_table:
        return []  # its first row was the rest of the previous page's last row: it goes on from there
    above = rows[len(rows) - len(tail) - 1] if len(rows) > len(tail) else None
    if above is not None and above.page == last.page and above.level_cells[k] is cell:
        return []
    if above is not None and tail[0].index_on_page == 0 and _runs_to_page_end(above, k):
        return []  # the merged cell began on the page before, with its label there
    return tail


def _runs_to_page_end(row: Row, k: int) -> bool:
    """Whether a row's level-k cell is a merged one that reaches the foot of its page."""
    cell = row.level_cells[k]
    return cell is not None and cell.rowspan > 1 and cell.row + cell.rowspan >= row.table_rows


def _join_cut_labels(rows: list[Row], row: Row, relabelled: dict[CellPlace, Given]) -> None:
    """The first row of a page carries the rest of a label that the page break cut:
    the whole label goes to every row of the group, on both pages."""
    k = next((k for k, text in enumerate(row.levels) if text.strip()), None)
    if k is None:
        return
    owner_at = next((i for i in range(len(rows) - 1, -1, -1) if rows[i].levels[k].strip()), None)
    if owner_at is None or rows[owner_at].page != rows[-1].page:
        return
    # The group must run to the end of the page: no later row starts a shallower one.
    if any(r.levels[j].strip() for r in rows[owner_at + 1 :] for j in range(k)):
        return
    owner = rows[owner_at]
    if not _label_is_cut(owner, row, k):
        return
    key = f"level_{k + 1}"
    sources = [*owner.sources.get(key, []), *row.sources.get(key, [])]
    joined = _relabel_cut(rows, k, owner.levels[k], row.levels[k], sources)
    row.levels[k] = joined
    row.sources[key] = sources
    row.decide(key, RECORD_LABEL_JOINED)
    row.carried_levels.add(k)  # the group of the page before goes on: its deeper labels too
    row.warnings.append(LABEL_JOINED)
    if (cell := row.level_cells[k]) is not None:
        relabelled[_place_of(row, cell)] = (joined, sources)


# ---------------------------------------------------------------- one item


def _item(row: Row, source: str) -> dict[str, object]:
    item = empty_row()
    item["source"] = source
    item["page"] = row.page
    item["_levels"] = [clean_label(t) for t in row.levels]
    # A label this row only shares, from a merged cell that began on a row above, does
    # not start a new group here: fill-down may still run below it.
    item["_starts"] = [
        bool(t.strip()) and (c is None or c.row >= row.row_in_table) and k not in row.carried_levels
        for k, (t, c) in enumerate(zip(row.levels, row.level_cells, strict=True))
    ]
    item["content"] = clean_text(row.fields.get(ROLE_CONTENT))
    item["basis"] = clean_text(row.fields.get(ROLE_BASIS))
    item["subject"] = clean_text(row.fields.get(ROLE_SUBJECT))
    scanned = _scanned(row)
    time_limit = clean_text(row.fields.get(ROLE_TIME))
    if scanned:
        time_limit = repair_scanned_time_limit(time_limit)
    item["time_limit"] = time_limit
    item["time_limit_days"], item["time_limit_kind"] = parse_time_limit(time_limit)
    if time_limit and time_limit.isdigit() and row.time_unit:
        item["time_limit_days"], item["time_limit_kind"] = int(time_limit), row.time_unit
    warnings: list[str] = list(row.warnings)
    for role in _OPTION_ROLES:
        text = row.fields.get(role)
        if text and text.strip():
            _apply_option_cell(item, role, text, warnings, scanned)
    others = {row.seq_name: row.seq} if row.seq.strip() and row.seq_name else {}
    others.update(row.others)
    if row.option_columns:
        others.update(_apply_option_columns(item, row.option_columns, warnings))
    item["other_columns"] = {name: value for name, text in others.items() if (value := clean_text(text))}
    if row.last_on_page and _cut_at_page_edge(row):
        warnings.append(CELL_TRUNCATED)
    item["warnings"] = list(dict.fromkeys(warnings))
    return item


def _apply_option_cell(item: dict[str, object], role: str, text: str, warnings: list[str],
                       scanned: bool = False) -> None:
    decoded = decode_options(text, hint=role, scanned=scanned)
    if decoded is None or decoded.group is None:
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


def _cut_at_page_edge(row: Row) -> bool:
    """A cell of the last row on a page whose text stops mid-word at the page edge."""
    for role, text in row.fields.items():
        cell = row.field_cells.get(role)
        if cell is not None and cell.bbox is not None:
            if TEXT_AT_BOTTOM in cell.flags and role in (ROLE_CONTENT, ROLE_BASIS, ROLE_SUBJECT, ROLE_TIME):
                return True
        elif role in _OPTION_ROLES and _last_label_cut(text):
            return True
    return False


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
    current = item["channels_extra"]
    extras: list[str] = list(current) if isinstance(current, list) else []
    extras += [x for x in decoded.extras if x not in extras]
    item["channels_extra"] = extras


def _last_label_cut(text: str) -> bool:
    labels = [label for label in _labels_in(text) if label]
    return bool(labels) and not lookup(labels[-1]) and len(fold(labels[-1])) >= 2 and not is_known_extra(labels[-1])



def _apply_option_columns(item: dict[str, object], columns: list[tuple[Role, str]], warnings: list[str]) -> dict[str, str]:
    """One option per column: "√" (or any checked mark) is true; an empty cell is false
    when another column of its group is filled in the row (a group with no filled
    column stays null). Text in an 其他 channel column names an extra channel; other
    text written in an option column (a group's name under 特定群体) chooses that
    option, and the text itself is returned, by column, for other_columns. A checked
    channel column whose header names no known channel is an extra channel."""
    by_group: dict[str, list[tuple[str, bool | None]]] = {}
    extras: list[str] = []
    written: dict[str, str] = {}
    for role, text in columns:
        if role.group is None or role.option is None:
            continue
        plain = strip_markup(text).strip()
        state = _column_state(plain)
        if state is None and plain and not any(ch in UNREADABLE_MARKS for ch in plain):
            label = clean_text(plain) or plain
            state = True
            if role.group == CHANNEL and role.option == "其他":
                extras.append(label)
                if not is_known_extra(label):
                    warnings.append(f"{UNKNOWN_OPTION}:{label}")
            elif not any(o.label == role.option for o in lookup(label)):
                written[role.header or role.option] = label
        elif state is None:
            warnings.append(MARK_UNREADABLE)
        if state and role.group == CHANNEL and not lookup(role.option) and role.option not in extras:
            extras.append(role.option)  # a channel column whose header names no known channel
        by_group.setdefault(role.group, []).append((role.option, state))
    for group, states in by_group.items():
        cell = OptionCell(group=group, has_marks=True, extras=extras if group == CHANNEL else [])
        for name in group_fields(group):
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
        _merge(item, cell)
    return written


def _column_state(plain: str) -> bool | None:
    """The state one cell of a one-option column gives: True, False, or None (unreadable)."""
    if not plain or all(ch in UNCHECKED_MARKS for ch in plain) or fold(plain) in NO_WORDS:
        return False
    if any(ch in CHECKED_MARKS or ch in PRIVATE_USE_CHECKED for ch in plain) or fold(plain) in YES_WORDS:
        return True
    if len(plain) == 1 and plain in SYMBOL_FONT_CHECKED:
        return True  # a Wingdings tick that the text layer reads as a letter
    if len(plain) == 1 and plain in SYMBOL_FONT_UNCHECKED:
        return False
    return None


# ---------------------------------------------------------------- across items


def _fill_down(items: list[dict[str, object]], records: list[ItemRecord]) -> None:
    """Empty levels above an item's first own label come from the item above; empty
    levels below it stay null. A level taken from above is recorded with the cells
    the item above read it from."""
    above: list[str | None] = [None] * LEVELS
    above_sources: list[list[CellSource]] = [[] for _ in range(LEVELS)]
    for item, rec in zip(items, records, strict=True):
        own: list[str | None] = item.pop("_levels")  # type: ignore[assignment]
        starts: list[bool] = item.pop("_starts")  # type: ignore[assignment]
        first = next((k for k, v in enumerate(own) if v and starts[k]), None)
        cut = LEVELS if first is None else first
        path = above[:cut] + own[cut:]
        for k in range(LEVELS):
            item[f"level_{k + 1}"] = path[k]
            name = f"level_{k + 1}"
            mine = rec.field(name)
            if k < cut and path[k] is not None and (mine is None or own[k] != path[k]):
                if mine is not None:
                    rec.fields.remove(mine)
                mine = FieldRecord(name, "level", path[k] or "", list(above_sources[k]), [FILLED_DOWN])
                rec.fields.append(mine)
            above_sources[k] = list(mine.sources) if mine is not None and path[k] is not None else []
        above = path


def _item_record(row: Row) -> ItemRecord:
    """The record of one item's fields: their source cells and what was done to them."""
    fields: list[FieldRecord] = []
    for key in dict.fromkeys([*row.sources, *row.decisions]):
        text, role = _recorded_text(row, key)
        if not text.strip():
            continue
        fields.append(FieldRecord(key, role, text, list(row.sources.get(key, [])), list(row.decisions.get(key, [READ]))))
    return ItemRecord(0, "", row.page, fields, list(row.marks))


def _recorded_text(row: Row, key: str) -> tuple[str, str]:
    """The raw text of a recorded field, and the kind of column it went to."""
    if key.startswith("level_"):
        return row.levels[int(key.removeprefix("level_")) - 1], "level"
    if key.startswith("other_columns/"):
        name = key.removeprefix("other_columns/")
        return (row.seq if name == row.seq_name else row.others.get(name, "")), "other"
    if key in row.fields:
        return row.fields[key], key
    texts = [row.texts[c] for c, name in row.col_fields.items() if name == key and c < len(row.texts)]
    return "\n".join(texts), "option"


def _keys(items: list[dict[str, object]]) -> None:
    seen: Counter[str] = Counter()
    for n, item in enumerate(items, start=1):
        item["item_no"] = n
        base = " / ".join(str(item[f"level_{k}"]) for k in range(1, LEVELS + 1) if item[f"level_{k}"])
        seen[base] += 1
        item["item_key"] = base if seen[base] == 1 else f"{base}#{seen[base]}"
