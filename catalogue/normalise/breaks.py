"""Page breaks: every decision about the rows on both sides of a break, made once, from
the evidence, and recorded.

A break lies between the last row read and the first row of the next page (or of a
table that goes on in the next one, as a Word table after a page-break paragraph). When
that row is read, `PageBreaks.take` decides, in this order:

1. merged cells that go on over the break carry the text printed above to their rows
   below (`_carry_merged_cells`);
2. a merged level cell whose label is printed below the break gives it to its rows
   above (`_backfill_open_labels`);
3. whether the row is the rest of the row above (`_continues`): if so it is joined to
   it (`_join`: texts go on, a cut cell is `cell_truncated`, a cut label is rejoined);
4. else whether its first label is the rest of a label the break cut
   (`_join_cut_labels`), which then goes to every row of the group on both pages.

Each decision is kept in the normaliser's record (`record.BreakRecord`). What a decision
still owes rows read later (a rejoined label for the rest of its merged cell, a merged
cell's text) is kept by the cell's place. `PageBreaks.finish` decides, once all rows are
read, which last rows of a page a break cut where there is no geometry to show it.

Geometry (a PDF's boxes, text-edge flags raw.TEXT_AT_TOP / TEXT_AT_BOTTOM, and the
room between a cell's text and its edges, RawCell.text_room) decides where it can; the
words (`labels.looks_cut`, sentence ends, option lists) decide where it cannot, and
where there is none.
"""

from __future__ import annotations

from catalogue.normalise.labels import join_cut_label, looks_cut
from catalogue.normalise.options import decode_options, is_known_extra, is_label_end, is_label_start
from catalogue.normalise.record import BACKFILLED, CARRIED, JOINED, BreakRecord, CellSource
from catalogue.normalise.record import LABEL_JOINED as LABEL_JOINED_DECISION
from catalogue.normalise.rows import TERMINAL, Row, looks_like_office
from catalogue.normalise.text import clean_label, clean_text
from catalogue.normalise.timelimit import parse_time_limit
from catalogue.raw import TEXT_AT_BOTTOM, TEXT_AT_TOP, RawCell
from catalogue.schemas.contract import CELL_TRUNCATED, LABEL_JOINED, LEVELS, ROW_JOINED
from catalogue.schemas.lookup import fold, has_strong_marks, lookup, strip_markup
from catalogue.schemas.mark_segments import split_marks
from catalogue.schemas.vocabulary import (
    OPTION_GROUPS,
    ROLE_BASIS,
    ROLE_CONTENT,
    ROLE_SUBJECT,
    ROLE_TIME,
)

# The first row of a page is a fragment of the row above when the upper part has at
# least this many times as many filled fields: an item by itself fills most of them.
FRAGMENT_SHARE = 2

# A line that does not fit above a page break moves on whole, so the last line before
# the break is less than one line box above the foot; the text's own glyphs sit inside
# their line box with up to about half a line of leading below them, so measured from
# the glyphs that room is under two lines (RawCell.text_room).
MOVED_LINE_ROOM = 2.0
# Text that sits at one edge of its cell has at least a line more room at the other
# edge: a label centred in its own cell (or filling it) has about as much on both.
OFF_CENTRE = 1.0

# Where a cell is: (page, table on the page, row, column). State carried from one page
# to the next is keyed by place, never by id(): a cell that is freed once its page is
# done may leave its id to a new cell of a later page.
CellPlace = tuple[int, int, int, int]
# A text given to the rows of a cell on a later page, with the cells it was read from.
Given = tuple[str, list[CellSource]]


class PageBreaks:
    """The page breaks of one source, decided as their rows are read."""

    def __init__(self) -> None:
        # A spanning level cell whose label was rejoined: its later rows get the joined label.
        self.relabelled: dict[CellPlace, Given] = {}
        # A merged non-level cell that runs over a page break: its text, for its rows there.
        self.carried: dict[CellPlace, Given] = {}
        self.decisions: list[BreakRecord] = []

    def take(self, rows: list[Row], row: Row, first_of_table: bool) -> bool:
        """Read `row` after `rows`: True when it is the rest of the last row (now joined to
        it, so no item of its own), False when it is to be appended as a row of its own."""
        _apply_relabels(row, self.relabelled)
        if not (first_of_table and rows and rows[-1].page != row.page):
            _apply_carried(row, self.carried)
            return False
        carried = _carry_merged_cells(rows[-1], row, self.carried)
        given = _backfill_open_labels(rows, row)
        if _continues(rows[-1], row):
            rejoined = _join(rows, row, self.relabelled)
            self._record(row, True, rejoined, given, carried)
            return True
        _apply_carried(row, self.carried)
        rejoined_here = _join_cut_labels(rows, row, self.relabelled)
        self._record(row, False, [rejoined_here] if rejoined_here else [], given, carried)
        return False

    @staticmethod
    def would_join(rows: list[Row], row: Row, first_of_table: bool) -> bool:
        """Whether `take` would join `row` to the last of `rows` as the rest of a row cut
        by a page break: asked before a page's first row is read as anything else."""
        return first_of_table and bool(rows) and rows[-1].page != row.page and _continues(rows[-1], row)

    def _record(self, row: Row, joined: bool, rejoined: list[str], given: list[str], carried: list[str]) -> None:
        self.decisions.append(BreakRecord(row.page, row.table, joined, tuple(rejoined), tuple(given), tuple(carried)))

    @staticmethod
    def finish(rows: list[Row]) -> list[bool]:
        """For each row, whether a cell of it was cut at its page's foot with no row below
        to go on in: an option label of an input without geometry that stops mid-word.
        Only a page that a later page follows has a cut foot: the last row of the
        document, or of a table another follows on the same page, ends with its table."""
        return [k + 1 < len(rows) and rows[k + 1].page != row.page and row.last_on_page and _cut_at_page_edge(row)
                for k, row in enumerate(rows)]


# ---------------------------------------------------------------- does the row go on?


def _continues(prev: Row, row: Row) -> bool:
    """Whether the first row of a page is the rest of the last row of the page before,
    from all the evidence together.

    Against it, outright: a 序号 of its own, level cells that cannot belong to the row
    above, one-option columns marked in both parts, an option list that starts again.
    For it, strongly: an option list that goes on, or a cell the geometry shows cut at
    the page foot (also an option cell whose first part, on a scan, the recogniser
    misread past decoding: the list then says nothing, and the geometry decides).
    Weakly: text that stops mid-sentence, a cell the first part left empty. A value
    that looks complete counts against it, unless the lower part could
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
        if role in OPTION_GROUPS:
            goes_on = _option_list_goes_on(before, text, prev.scanned())
            if goes_on is None:  # a scan's first part misread past decoding: as any text, the geometry decides
                goes_on = _cut_at_foot(prev, role) is True
            if not goes_on:
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


def _option_list_goes_on(before: str, after: str, scanned: bool = False) -> bool | None:
    """Whether the option list of a cell's second part goes on from its first part's.
    None on a scan whose first part decodes as no option list at all: its marks and
    labels misread ("□]政府网 / 政府公报", "政政公报"), it says neither way."""
    first = decode_options(before, scanned=scanned)
    if first is None:
        return None if scanned else False
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
    at_foot = _cut_at_foot(prev, role)
    if at_foot is not None:
        return at_foot
    cleaned = clean_text(text) or ""
    if not cleaned:
        return None
    if role in (ROLE_CONTENT, ROLE_BASIS):
        return None if TERMINAL.search(cleaned) else False
    if role == ROLE_TIME:
        return None if parse_time_limit(cleaned)[1] else False
    if role == ROLE_SUBJECT:
        return None if looks_like_office(cleaned) else False
    return None


def _cut_at_foot(prev: Row, role: str) -> bool | None:
    """What the geometry says of a cell of the last row of a page: True, its text
    touches the foot of a cell that reaches the table's last row (cut by the break);
    False, its text touches the foot of a cell that ends above it; None, no geometry,
    or text that stops short of the cell's foot."""
    cell = prev.field_cells.get(role)
    if cell is not None and cell.bbox is not None and TEXT_AT_BOTTOM in cell.flags:
        return cell.row + cell.rowspan >= prev.table_rows
    return None


# ---------------------------------------------------------------- a row that goes on


def _join(rows: list[Row], row: Row, relabelled: dict[CellPlace, Given]) -> list[str]:
    """Make `row` the rest of the last row: texts appended, option lists run on, and a
    level label cut by the break rejoined on every row of its group. Returns the level
    fields whose label was rejoined."""
    prev = rows[-1]
    for role, text in row.fields.items():
        before = prev.fields.get(role, "")
        prev.fields[role] = f"{before}\n{text}" if before else text
        if before.strip() and text.strip() and CELL_TRUNCATED not in prev.warnings:
            prev.warnings.append(CELL_TRUNCATED)  # the cell went on over the break: it was cut
    prev.option_columns.extend(row.option_columns)
    prev.take_others(row)
    levels = {f"level_{k + 1}": row.sources.pop(f"level_{k + 1}", []) for k in range(LEVELS)}
    prev.take_record(row, JOINED)
    rejoined: list[str] = []
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
        rejoined.append(key)
        if (cell := row.level_cells[k]) is not None:
            relabelled[_place_of(row, cell)] = (joined, sources)
    prev.warnings.extend(w for w in row.warnings if w not in prev.warnings)
    if ROW_JOINED not in prev.warnings:
        prev.warnings.append(ROW_JOINED)
    return rejoined


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
            r.decide(f"level_{k + 1}", LABEL_JOINED_DECISION)
            if LABEL_JOINED not in r.warnings:
                r.warnings.append(LABEL_JOINED)
    return joined


def _label_is_cut(prev: Row, row: Row, k: int) -> bool:
    """Whether the level-k label of `prev` (last page) goes on in `row` (first row of
    this page), from the geometry where there is one, and the words where it leaves
    the question open.

    Geometry rules a cut out unless the cell above reaches the page's last row and the
    text below touches the top of its cell. It shows a cut where the text above also
    touches the foot of its cell, except where that cell is one row's own and its text
    fills it from edge to edge: a whole label of its own row (two rows' labels that
    merely meet at the break). A line that did not fit may leave more room at the foot
    than the flag allows, so where the text above stops short of the foot, or fills a
    row of its own, the words (`looks_cut`) decide, as they do without geometry; before
    them, the text's place in its cell (`_flows_over_break`) shows a cut the flags miss."""
    before_cell, after_cell = prev.level_cells[k], row.level_cells[k]
    if before_cell is not None and after_cell is not None and before_cell.bbox and after_cell.bbox:
        at_foot = before_cell.row + before_cell.rowspan >= prev.table_rows
        if not at_foot or TEXT_AT_TOP not in after_cell.flags:
            return False
        fills_own_row = before_cell.rowspan == 1 and TEXT_AT_TOP in before_cell.flags
        if TEXT_AT_BOTTOM in before_cell.flags and not fills_own_row:
            return True
        if _flows_over_break(before_cell, after_cell):
            return True
    before = clean_label(prev.levels[k]) or ""
    after = clean_label(row.levels[k]) or ""
    return looks_cut(before, after)


def _flows_over_break(before: RawCell, after: RawCell) -> bool:
    """Where the text-edge flags miss (the last line above the break stopped short of
    the foot, its next line having moved on): the text above sits low in its part of the
    span, less than a moved line's room above the foot, and the text below sits at the
    top of the span's next part with room under it. A label centred in a cell of its own,
    or filling it, sits at neither edge: two rows' own labels are never read as one."""
    if before.text_room is None or after.text_room is None:
        return False
    above, below = before.text_room
    top, bottom = after.text_room
    low = below < MOVED_LINE_ROOM and above >= below + OFF_CENTRE
    high = top < 1.0 and bottom >= top + OFF_CENTRE  # under a line: TEXT_AT_TOP's "touches"
    return low and high


# ---------------------------------------------------------------- labels across the break


def _backfill_open_labels(rows: list[Row], row: Row) -> list[str]:
    """A level cell that runs over a page break with its label printed on the next
    page: the rows of the previous page that it covers get that label too.

    Only where the geometry shows it: an empty level cell of its own (not the rest of
    the cell above) that reaches the bottom of its page. Returns the level fields given."""
    given: list[str] = []
    for k in range(LEVELS):
        cell = row.level_cells[k]
        if cell is None or cell.bbox is None or not row.levels[k].strip():
            continue  # nothing printed here at this level: no evidence either way
        if cell.row != row.row_in_table:
            return given
        tail = _open_tail(rows, k, merges=cell.rowspan > 1)
        if not tail and rows and _label_is_cut(rows[-1], row, k):
            continue  # the rest of the label above, cut by the break: the group goes on, deeper levels may open
        if not tail:
            return given  # the previous page had its own label at this level: a new group starts
        for prev in tail:
            prev.levels[k] = row.levels[k]
            prev.sources[f"level_{k + 1}"] = [*row.sources.get(f"level_{k + 1}", [])]
            prev.decide(f"level_{k + 1}", BACKFILLED)
        given.append(f"level_{k + 1}")
    return given


def _open_tail(rows: list[Row], k: int, merges: bool = False) -> list[Row]:
    """The rows at the end of the last page whose level-k cell is empty, open at the
    page bottom, and not a continuation of the labelled cell above it. `merges`: the
    cell with the label on the new page is itself merged over rows, which shows that
    the table merges level cells where the last page cannot (its one data row is the
    open cell's)."""
    if not rows:
        return []
    last = rows[-1]
    cell = last.level_cells[k]
    if cell is None or cell.bbox is None or last.levels[k].strip():
        return []
    if cell.row + cell.rowspan < last.table_rows:
        return []
    page = [r for r in rows if r.page == last.page]
    tail = [r for r in page if r.level_cells[k] is cell]
    alone = merges and len(page) == 1
    if not alone and not any(c is not None and c.rowspan > 1 for r in page for c in r.level_cells):
        # A page that merges no level cells leaves a cell empty to mean "as
        # above"; only where cells are merged does an empty cell of its own stand apart.
        return []
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


def _join_cut_labels(rows: list[Row], row: Row, relabelled: dict[CellPlace, Given]) -> str | None:
    """The first row of a page carries the rest of a label that the page break cut:
    the whole label goes to every row of the group, on both pages. Returns the level
    field rejoined, if any."""
    k = next((k for k, text in enumerate(row.levels) if text.strip()), None)
    if k is None:
        return None
    owner_at = next((i for i in range(len(rows) - 1, -1, -1) if rows[i].levels[k].strip()), None)
    if owner_at is None or rows[owner_at].page != rows[-1].page:
        return None
    # The group must run to the end of the page: no later row starts a shallower one.
    if any(r.levels[j].strip() for r in rows[owner_at + 1 :] for j in range(k)):
        return None
    owner = rows[owner_at]
    if not _label_is_cut(owner, row, k):
        return None
    key = f"level_{k + 1}"
    sources = [*owner.sources.get(key, []), *row.sources.get(key, [])]
    joined = _relabel_cut(rows, k, owner.levels[k], row.levels[k], sources)
    row.levels[k] = joined
    row.sources[key] = sources
    row.decide(key, LABEL_JOINED_DECISION)
    row.carried_levels.add(k)  # the group of the page before goes on: its deeper labels too
    row.warnings.append(LABEL_JOINED)
    if (cell := row.level_cells[k]) is not None:
        relabelled[_place_of(row, cell)] = (joined, sources)
    return key


# ---------------------------------------------------------------- merged cells across the break


def _carry_merged_cells(prev: Row, row: Row, carried: dict[CellPlace, Given]) -> list[str]:
    """Merged cells (公开主体 over several items) that go on over a page break, empty
    on the new page: the text printed on the page before belongs to their rows too.
    Returns the roles of the cells that carry their text."""
    roles: list[str] = []
    for role, cell in row.empty_cells.items():
        before = prev.field_cells.get(role)
        text = prev.fields.get(role, "")
        if cell.bbox is None or before is None or before.bbox is None or not text.strip():
            continue
        starts_at_top = cell.row == row.row_in_table
        reaches_foot = before.row + before.rowspan >= prev.table_rows
        if starts_at_top and reaches_foot and (cell.rowspan > 1 or before.rowspan > 1):
            carried[_place_of(row, cell)] = (text, prev.sources.get(role, []))
            roles.append(role)
    return roles


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
            row.decide(f"level_{k + 1}", LABEL_JOINED_DECISION)
            if LABEL_JOINED not in row.warnings:
                row.warnings.append(LABEL_JOINED)


def _place_of(row: Row, cell: RawCell) -> CellPlace:
    return (row.page, row.table, cell.row, cell.col)


# ---------------------------------------------------------------- cut at a page's foot


def _cut_at_page_edge(row: Row) -> bool:
    """An option cell of the last row on a page, in an input without geometry, whose
    last label stops mid-word ("✓全文发"): the rest of the row was on the next page.
    Where there is geometry, the page break's own decision says whether a cell went on
    (`_join`); a cell whose text merely reaches its foot is no evidence (a row's
    tallest cell always does)."""
    return any(role in OPTION_GROUPS and _last_label_cut(text) for role, text in row.fields.items()
               if (cell := row.field_cells.get(role)) is None or cell.bbox is None)


def _last_label_cut(text: str) -> bool:
    labels = [label for label in _labels_in(text) if label]
    return bool(labels) and not lookup(labels[-1]) and len(fold(labels[-1])) >= 2 and not is_known_extra(labels[-1])
