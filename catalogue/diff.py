"""Compare two extractions item by item: added, removed, changed, moved, relabelled.

Items are matched within their source file first (a dataset holds many): each file of
the old extraction is paired with the file of that name in the new one, or, when it
is gone, with a file that appeared holding most of its items (the file renamed or
moved). Within a pair, items are matched by item_key first. Items whose key changed (a
level relabelled, a repeat renumbered "#2" → "#1", an item moved under another
heading) are then matched by how alike their fields are, and where they sit among the
matched items, so a relabel is reported as one relabelled item, not as a removal plus
an addition. Items left over are matched across files only when all their fields are
the same (an item moved to another file).
"""

from __future__ import annotations

import bisect
import csv
import html
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from catalogue.errors import DamagedInput, InputNotFound, SchemaMismatch, UnsupportedInput
from catalogue.extract.settings import ExtractSettings
from catalogue.output.formats import DIFF_CSV_HEADER as CSV_HEADER
from catalogue.output.formats import LIST_SEPARATOR, REPORT_MARK, guard_formula, own_file_kind
from catalogue.printable import printable_lines
from catalogue.schemas.contract import COLUMNS, LABELS, LEVEL_COLUMNS, LIST_COLUMNS, MAP_COLUMNS

Row = dict[str, Any]

# These follow from where an item sits, not from what it says: a change in them
# alone is reported as "moved" (or not at all), never as "changed".
POSITION_COLUMNS = ("source", "page", "item_no", "item_key")
COMPARED = tuple(c for c in COLUMNS if c not in POSITION_COLUMNS)
BODY = tuple(c for c in COMPARED if c not in LEVEL_COLUMNS)
FORMATS = ("text", "csv", "json", "html")

# How much each field counts when two items are compared for likeness. The text
# fields tell items apart; the ~30 option flags are alike in most items of a
# catalogue, so each group of them counts as one field.
_WEIGHTS = {"content": 4.0, "basis": 2.0, "subject": 2.0, "time_limit": 1.0, "audience": 1.0}
_GROUPS = {prefix: tuple(c for c in BODY if c.startswith(prefix)) for prefix in ("channel_", "disclosure_", "method_", "tier_")}
_MINOR = tuple(c for c in BODY if c not in _WEIGHTS and not any(c in g for g in _GROUPS.values()))
_MINOR_WEIGHT = 0.5
# A leftover pair counts as the same item from this score on (path 0.3, body 0.5,
# position 0.2), with bodies at least this alike: a relabel in place scores ~0.95, a
# relabel that also moved ~0.75, a different item under the same heading ~0.65.
MATCH_THRESHOLD = 0.7
MIN_BODY_SIMILARITY = 0.6
# Above this many leftover pairs, text likeness is judged by equality only, so a
# diff of two unrelated catalogues stays fast.
MAX_FUZZY_PAIRS = 200_000
# A file gone and a file that appeared are one file renamed or moved when at least this
# share of the items of the larger of the two are the same in both (all fields): a
# renamed file keeps its items, a different catalogue shares few; a file that merely
# holds the gone one's items among many more is another file.
RENAMED_MIN_SHARED = 0.5
# The HTML report marks the changed spans inside values at least this long and this alike.
INLINE_DIFF_MIN_LENGTH = 12
INLINE_DIFF_MIN_RATIO = 0.5


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any
    key: str | None = None  # for a map column (other_columns): the source column that changed

    @property
    def label(self) -> str:
        label = LABELS.get(self.field, self.field)
        return f"{label}「{self.key}」" if self.key is not None else label

    @property
    def name(self) -> str:
        """The field as reports name it: other_columns changes by key, "other_columns[备注]"."""
        return f"{self.field}[{self.key}]" if self.key is not None else self.field


@dataclass
class Pair:
    old: Row
    new: Row
    changes: list[FieldChange]
    moved: bool = False

    @property
    def field_changes(self) -> list[FieldChange]:
        return [c for c in self.changes if c.field not in LEVEL_COLUMNS]

    @property
    def level_changes(self) -> list[FieldChange]:
        return [c for c in self.changes if c.field in LEVEL_COLUMNS]

    @property
    def changed(self) -> bool:
        return bool(self.field_changes)

    @property
    def relabelled(self) -> bool:
        return bool(self.level_changes)


@dataclass
class Diff:
    old_name: str
    new_name: str
    old_count: int
    new_count: int
    added: list[Row] = field(default_factory=list)
    removed: list[Row] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    # Source files renamed or moved (old source, new source), told only where an
    # extraction holds several files (a dataset): two single files always pair.
    renamed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed(self) -> list[Pair]:
        return [p for p in self.pairs if p.changed]

    @property
    def moved(self) -> list[Pair]:
        return [p for p in self.pairs if p.moved]

    @property
    def relabelled(self) -> list[Pair]:
        return [p for p in self.pairs if p.relabelled]

    @property
    def equal(self) -> bool:
        return not (self.added or self.removed or self.renamed or any(p.changes or p.moved for p in self.pairs))

    def summary(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": len(self.changed),
            "moved": len(self.moved),
            "relabelled": len(self.relabelled),
            "unchanged": sum(1 for p in self.pairs if not p.changes and not p.moved),
        }


# ---------------------------------------------------------------- reading


def load_items(path: Path, settings: ExtractSettings | None = None) -> pa.Table:
    """An output of `extract` (Parquet or CSV) as it is, an items/ dataset (or the output
    folder holding one) as one table, or any input extracted now. The tool's own other
    files (a provenance table, a diff report) are refused: they hold no items."""
    from catalogue.api import run_pipeline
    from catalogue.output.writer import read_output

    if not path.exists():
        raise InputNotFound("no such file", source=str(path))
    if path.is_dir():
        return _dataset_items(path)
    own = own_file_kind(path)
    if own is not None:
        raise UnsupportedInput(f"this is {own}, not items: compare the .parquet or .csv outputs of catalogue extract",
                               source=str(path))
    suffix = path.suffix.lower()
    if suffix not in (".parquet", ".csv"):
        return run_pipeline(path, settings)
    try:
        table = pq.read_table(path) if suffix == ".parquet" else read_output(path)
    except (pa.ArrowException, OSError) as error:
        raise DamagedInput(f"not a readable Parquet file ({error})", source=str(path)) from error
    except (UnicodeDecodeError, ValueError, StopIteration, csv.Error) as error:
        raise DamagedInput(f"not a readable CSV output of catalogue extract ({error})", source=str(path)) from error
    names = _csv_header(path) if suffix == ".csv" else table.column_names
    _check_contract(names, table.schema if suffix == ".parquet" else None, path)
    return table


def _dataset_items(folder: Path) -> pa.Table:
    """An items/ dataset (or the output folder that holds one) as one table. Items of
    several sources are numbered over the whole dataset in (source, item_no) order
    (diff_tables matches them within their own file, and names it in their keys)."""
    from catalogue.output.formats import DATASET_DIR, is_dataset
    from catalogue.output.manifest import PARTITION_KEY, open_dataset

    root = folder if is_dataset(folder) else folder / DATASET_DIR
    if not is_dataset(root):
        raise UnsupportedInput("a folder that is neither an items/ dataset nor an output folder holding one",
                               source=str(folder))
    try:
        table = open_dataset(root.parent).to_table()
    except (pa.ArrowException, OSError) as error:
        raise DamagedInput(f"not a readable items dataset ({error})", source=str(folder)) from error
    _check_contract([name for name in table.column_names if name != PARTITION_KEY], None, folder)
    table = table.select(list(COLUMNS)).sort_by([("source", "ascending"), ("item_no", "ascending")])
    if len(set(table.column("source").to_pylist())) > 1:
        table = table.set_column(table.schema.get_field_index("item_no"), "item_no",
                                 pa.array(range(1, table.num_rows + 1), pa.int32()))
    return table


def _csv_header(path: Path) -> list[str]:
    """The CSV's own header, as column names (a header of the contract's Chinese labels,
    written with --labels zh, read as the names they stand for): reading it as contract
    rows drops foreign columns and fills missing ones."""
    from catalogue.output.writer import column_names

    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return column_names(next(csv.reader(handle), []))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise DamagedInput(f"not a readable CSV output of catalogue extract ({error})", source=str(path)) from error


# Missing columns named in a refusal; the rest are counted (a table with none of the
# contract's columns would otherwise be refused with all 46 of them).
NAMED_COLUMNS = 5


def _check_contract(names: list[str], schema: pa.Schema | None, path: Path) -> None:
    """Refuse a table that is not an output of extract: comparing it anyway would report
    its every item as added or removed, or hide that a column is not there at all."""
    missing = [c for c in COLUMNS if c not in names]
    foreign = [c for c in names if c not in COLUMNS]
    problem = ""
    if missing:
        more = f" and {len(missing) - NAMED_COLUMNS} more" if len(missing) > NAMED_COLUMNS else ""
        problem = f"missing column(s) {', '.join(missing[:NAMED_COLUMNS])}{more}"
        if len(missing) == len(COLUMNS) or more:
            problem += (f"; a {path.suffix.lower()} is compared as an output of catalogue extract: extract it, "
                        "then compare the outputs")
    elif foreign:
        problem = f"column(s) not in the contract: {', '.join(foreign)}"
    elif schema is not None:
        from catalogue.validate import wrong_types

        problem = "; ".join(wrong_types(schema))
    if problem:
        column = missing[0] if missing else foreign[0] if foreign else None
        raise SchemaMismatch(f"not a catalogue output: {problem}", column=column, source=str(path))


def _rows(table: pa.Table) -> list[Row]:
    present = [c for c in COLUMNS if c in table.column_names]
    rows = table.select(present).to_pylist()
    normalised = [{c: _normal(c, row.get(c)) for c in COLUMNS} for row in rows]
    return sorted(normalised, key=lambda row: (row["item_no"] is None, row["item_no"] or 0))


def _normal(column: str, value: Any) -> Any:
    # A CSV cannot tell "" from null, nor an empty list from a missing one: treat
    # them alike so the Parquet and CSV of one extraction compare equal.
    if column in LIST_COLUMNS:
        return tuple(value or ())
    if column in MAP_COLUMNS:
        # Arrow gives a map as (key, value) pairs, a CSV as an object: one sorted,
        # hashable form, so the Parquet and CSV of one extraction compare equal.
        pairs = value.items() if isinstance(value, dict) else (value or ())
        return tuple(sorted(pairs))
    if value == "":
        return None
    return value


# ---------------------------------------------------------------- matching


def diff_tables(old: pa.Table, new: pa.Table, old_name: str = "old", new_name: str = "new") -> Diff:
    a, b = _rows(old), _rows(new)
    match: dict[int, int] = {}  # index in a → index in b
    free_b = set(range(len(b)))

    def take(i: int, j: int) -> None:
        match[i] = j
        free_b.discard(j)

    files_a, files_b = _by_source(a), _by_source(b)
    paired = _pair_sources(a, b, files_a, files_b)
    for source_a, source_b in paired:
        _match_rows(a, b, files_a[source_a], files_b[source_b], match, free_b, take)
    # An item moved to another file, all its fields the same.
    _match_same_fields(a, b, [i for i in range(len(a)) if i not in match], free_b, take)

    # Moved: out of order within its file (and its pair), or into another file.
    partner = dict(paired)
    pairs = {i: Pair(a[i], b[j], _changes(a[i], b[j]), moved=True) for i, j in match.items()}
    for source, indices in files_a.items():
        same_file = [i for i in indices if i in match and source in partner and b[match[i]]["source"] == partner[source]]
        for i, in_order in zip(same_file, _longest_increasing([match[i] for i in same_file]), strict=True):
            pairs[i].moved = not in_order
    several = len(files_a) > 1 or len(files_b) > 1
    if several:
        _name_sources(a + b)
    return Diff(
        old_name=old_name,
        new_name=new_name,
        old_count=len(a),
        new_count=len(b),
        added=[b[j] for j in sorted(free_b)],
        removed=[row for i, row in enumerate(a) if i not in match],
        pairs=[pairs[i] for i in sorted(pairs)],
        renamed=[(x, y) for x, y in paired if x != y] if several else [],
    )


def _by_source(rows: list[Row]) -> dict[Any, list[int]]:
    """The indices of each source's rows, in order."""
    files: dict[Any, list[int]] = {}
    for index, row in enumerate(rows):
        files.setdefault(row["source"], []).append(index)
    return files


def _pair_sources(a: list[Row], b: list[Row], files_a: dict[Any, list[int]],
                  files_b: dict[Any, list[int]]) -> list[tuple[Any, Any]]:
    """Each old source with the new source its items are matched in: the same name, else
    (a file renamed or moved) a file that appeared holding most of its items, the one with
    the same file name and the closest path first where several do. One file compared
    with one file always pair, whatever their names."""
    paired = [(source, source) for source in files_a if source in files_b]
    gone = [source for source in files_a if source not in files_b]
    came = [source for source in files_b if source not in files_a]
    if len(files_a) == 1 and len(files_b) == 1:
        return paired + list(zip(gone, came, strict=True))
    if not gone or not came:
        return paired
    came_rows: dict[tuple[Any, ...], dict[Any, int]] = {}
    for source in came:
        for j in files_b[source]:
            counts = came_rows.setdefault(_signature(b[j]), {})
            counts[source] = counts.get(source, 0) + 1
    gone_rows: dict[tuple[Any, ...], dict[Any, int]] = {}
    for source in gone:
        for i in files_a[source]:
            signature = _signature(a[i])
            if signature in came_rows:
                counts = gone_rows.setdefault(signature, {})
                counts[source] = counts.get(source, 0) + 1
    shared: dict[tuple[Any, Any], int] = {}
    for signature, olds in gone_rows.items():
        for x, n in olds.items():
            for y, m in came_rows[signature].items():
                shared[(x, y)] = shared.get((x, y), 0) + min(n, m)
    candidates = sorted(
        ((-n, _file_name(x) != _file_name(y), -_text_similarity(str(x), str(y), True), str(x), str(y)), x, y)
        for (x, y), n in shared.items()
        if n >= RENAMED_MIN_SHARED * max(len(files_a[x]), len(files_b[y]))
    )
    taken_a: set[Any] = set()
    taken_b: set[Any] = set()
    for _, x, y in candidates:
        if x not in taken_a and y not in taken_b:
            taken_a.add(x)
            taken_b.add(y)
            paired.append((x, y))
    return paired


def _file_name(source: Any) -> str:
    return str(source).rsplit("/", 1)[-1]


def _name_sources(rows: list[Row]) -> None:
    """Keys shown with their source where an extraction holds several files ("a/x.csv / 公开…")."""
    for row in rows:
        row["item_key"] = f"{row['source']} / {row['item_key']}"


def _match_rows(a: list[Row], b: list[Row], left: list[int], right: list[int], match: dict[int, int],
                free_b: set[int], take: Callable[[int, int], None]) -> None:
    """Match the rows `left` of a with the rows `right` of b (one file with its pair)."""
    # 1. Same key, same fields: the common case, and unambiguous.
    by_key = {b[j]["item_key"]: j for j in right}
    for i in left:
        j = by_key.get(a[i]["item_key"])
        if j is not None and j in free_b and _signature(a[i]) == _signature(b[j]):
            take(i, j)
    # 2. Same fields, other key: a repeat renumbered ("其他#3" → "其他#2" after its
    #    sibling went). The levels are among the fields, so the path is the same.
    _match_same_fields(a, b, [i for i in left if i not in match], {j for j in right if j in free_b}, take)
    # 3. Same key, fields changed.
    for i in left:
        j = by_key.get(a[i]["item_key"])
        if i not in match and j is not None and j in free_b:
            take(i, j)
    # 4. What is left: alike enough in path, fields and place.
    _match_similar(a, b, left, right, match, free_b, take)


def _match_same_fields(a: list[Row], b: list[Row], left: list[int], right: set[int],
                       take: Callable[[int, int], None]) -> None:
    """Rows of `left` with a row of `right` whose fields are all the same, in order."""
    by_signature: dict[tuple[Any, ...], list[int]] = {}
    for j in sorted(right):
        by_signature.setdefault(_signature(b[j]), []).append(j)
    for i in left:
        if candidates := by_signature.get(_signature(a[i])):
            take(i, candidates.pop(0))


def diff_files(old: Path, new: Path, settings: ExtractSettings | None = None) -> Diff:
    return diff_tables(load_items(old, settings), load_items(new, settings), str(old), str(new))


def _signature(row: Row) -> tuple[Any, ...]:
    return tuple(row[c] for c in COMPARED)


def _changes(old: Row, new: Row) -> list[FieldChange]:
    changes: list[FieldChange] = []
    for c in COMPARED:
        if old[c] == new[c]:
            continue
        if c in MAP_COLUMNS:
            changes.extend(_map_changes(c, dict(old[c]), dict(new[c])))
        else:
            changes.append(FieldChange(c, old[c], new[c]))
    return changes


def _map_changes(column: str, old: dict[str, str], new: dict[str, str]) -> list[FieldChange]:
    """One change per key whose value differs, was added (old null) or removed (new null)."""
    keys = list(old) + [k for k in new if k not in old]
    return [FieldChange(column, old.get(k), new.get(k), key=k) for k in keys if old.get(k) != new.get(k)]


def _match_similar(a: list[Row], b: list[Row], file_a: list[int], file_b: list[int], match: dict[int, int],
                   free_b: set[int], take: Callable[[int, int], None]) -> None:
    """The rows of file_a and file_b (a file and its pair, in order) not yet matched."""
    left = [i for i in file_a if i not in match]
    right = [j for j in file_b if j in free_b]
    if not left or not right:
        return
    fuzzy = len(left) * len(right) <= MAX_FUZZY_PAIRS
    old_place = _neighbours(file_a, match.get)
    new_place = _neighbours(file_b, lambda j: None if j in free_b else j)
    scored: list[tuple[float, int, int, int]] = []
    for i in left:
        for j in right:
            body = _body_similarity(a[i], b[j], fuzzy)
            if body < MIN_BODY_SIMILARITY:
                continue
            before, after = old_place[i]
            place = 1.0 if (before == new_place[j][0] or after == new_place[j][1]) else 0.0
            score = 0.3 * _path_similarity(a[i], b[j], fuzzy) + 0.5 * body + 0.2 * place
            if score >= MATCH_THRESHOLD:
                scored.append((-score, abs(i - j), i, j))
    for _, _, i, j in sorted(scored):
        if i not in match and j in free_b:
            take(i, j)


def _neighbours(indices: list[int], partner: Callable[[int], int | None]) -> dict[int, tuple[int | None, int | None]]:
    """For each index (in order), the partners (in the other table) of the nearest matched
    index before and after it among `indices`."""
    before: list[int | None] = []
    last: int | None = None
    for i in indices:
        before.append(last)
        last = partner(i) if partner(i) is not None else last
    after: list[int | None] = [None] * len(indices)
    last = None
    for k in reversed(range(len(indices))):
        after[k] = last
        last = partner(indices[k]) if partner(indices[k]) is not None else last
    return {i: (before[k], after[k]) for k, i in enumerate(indices)}


def _text_similarity(x: Any, y: Any, fuzzy: bool) -> float:
    if x == y:
        return 1.0
    if x is None or y is None or not fuzzy:
        return 0.0
    if isinstance(x, str) and isinstance(y, str):
        return SequenceMatcher(None, x, y, autojunk=False).ratio()
    return 0.0


def _path_similarity(x: Row, y: Row, fuzzy: bool) -> float:
    scores = [_text_similarity(x[c], y[c], fuzzy) for c in LEVEL_COLUMNS if x[c] is not None or y[c] is not None]
    return sum(scores) / len(scores) if scores else 1.0


def _body_similarity(x: Row, y: Row, fuzzy: bool) -> float:
    total = weight = 0.0
    parts: list[tuple[float, float]] = []
    for column, w in _WEIGHTS.items():
        if x[column] is not None or y[column] is not None:
            parts.append((w, _text_similarity(x[column], y[column], fuzzy)))
    for columns in _GROUPS.values():
        known = [c for c in columns if x[c] is not None or y[c] is not None]
        if known:
            parts.append((1.0, sum(x[c] == y[c] for c in known) / len(known)))
    for column in _MINOR:
        if x[column] not in (None, ()) or y[column] not in (None, ()):
            parts.append((_MINOR_WEIGHT, 1.0 if x[column] == y[column] else 0.0))
    for w, score in parts:
        total += w * score
        weight += w
    return total / weight if weight else 1.0


def _longest_increasing(values: Sequence[int]) -> list[bool]:
    """Which values lie on one longest increasing subsequence: the items that kept their order."""
    tails: list[int] = []  # position in values of the smallest tail of an increasing run of each length
    tail_values: list[int] = []
    previous: list[int | None] = [None] * len(values)
    for k, v in enumerate(values):
        pos = bisect.bisect_left(tail_values, v)
        previous[k] = tails[pos - 1] if pos else None
        if pos == len(tails):
            tails.append(k)
            tail_values.append(v)
        else:
            tails[pos] = k
            tail_values[pos] = v
    kept = [False] * len(values)
    at = tails[-1] if tails else None
    while at is not None:
        kept[at] = True
        at = previous[at]
    return kept


# ---------------------------------------------------------------- reports


# A text report read back to tell whether it is one: its size at most, far above any
# report's head, and the lines its head and foot always have (render_text).
REPORT_READ_LIMIT = 64 << 20


def is_report(path: Path) -> bool:
    """Whether `path` is a report this command wrote, in any of its formats."""
    if own_file_kind(path) == "a report of catalogue diff":
        return True
    try:
        if path.stat().st_size > REPORT_READ_LIMIT:
            return False
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return False
    return (len(lines) >= 3 and lines[0].startswith("--- ") and lines[1].startswith("+++ ")
            and lines[-1].startswith("summary: "))


def render(diff: Diff, fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    return {"text": render_text, "csv": render_csv, "json": render_json, "html": render_html}[fmt](diff)


def show(value: Any) -> str:
    """A value as a person reads it: null as "—", booleans true/false, lists joined by "；"."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return LIST_SEPARATOR.join(str(v) for v in value) if value else "—"
    return str(value)


def _ref(row: Row) -> str:
    return f"#{row['item_no']} {row['item_key']}"


def render_text(diff: Diff) -> str:
    lines = [f"--- {diff.old_name} ({diff.old_count} items)", f"+++ {diff.new_name} ({diff.new_count} items)"]
    for old_source, new_source in diff.renamed:
        lines.append(f"renamed     {old_source} → {new_source}")
    for row in diff.added:
        lines.append(f"added       {_ref(row)}")
    for row in diff.removed:
        lines.append(f"removed     {_ref(row)}")
    for pair in diff.relabelled:
        lines.append(f"relabelled  #{pair.old['item_no']} {pair.old['item_key']} → #{pair.new['item_no']} {pair.new['item_key']}")
        lines.extend(_change_lines(pair.level_changes))
    for pair in diff.changed:
        lines.append(f"changed     {_ref(pair.new)}")
        lines.extend(_change_lines(pair.field_changes))
    for pair in diff.moved:
        lines.append(f"moved       #{pair.old['item_no']} → #{pair.new['item_no']} {pair.new['item_key']}")
    counts = diff.summary()
    lines.append("summary: " + ", ".join(f"{n} {name}" for name, n in counts.items()))
    return printable_lines(lines)


def _change_lines(changes: list[FieldChange]) -> list[str]:
    return [f"    {c.label} ({c.name}): {show(c.old)} → {show(c.new)}" for c in changes]




def render_csv(diff: Diff) -> str:
    """One row a change; every cell guarded against spreadsheet formulas (contract v1.2)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def write(cells: Sequence[object]) -> None:
        writer.writerow([guard_formula(c) if isinstance(c, str) else c for c in cells])

    write(CSV_HEADER)
    for old_source, new_source in diff.renamed:
        write(["renamed", "", "", "", "", "source", LABELS["source"], old_source, new_source])
    for row in diff.added:
        write(["added", "", row["item_no"], "", row["item_key"], "", "", "", ""])
    for row in diff.removed:
        write(["removed", row["item_no"], "", row["item_key"], "", "", "", "", ""])
    sections: list[tuple[str, list[Pair], Callable[[Pair], list[FieldChange]]]] = [
        ("relabelled", diff.relabelled, lambda p: p.level_changes),
        ("changed", diff.changed, lambda p: p.field_changes),
    ]
    for kind, pairs, pick in sections:
        for pair in pairs:
            for c in pick(pair):
                write([kind, pair.old["item_no"], pair.new["item_no"], pair.old["item_key"], pair.new["item_key"], c.name, c.label, _csv(c.old), _csv(c.new)])
    for pair in diff.moved:
        write(["moved", pair.old["item_no"], pair.new["item_no"], pair.old["item_key"], pair.new["item_key"], "", "", "", ""])
    return buffer.getvalue()


def _csv(value: Any) -> str:
    return "" if value is None else show(value)


def _json_value(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _json_item(row: Row) -> dict[str, Any]:
    return {c: dict(row[c]) if c in MAP_COLUMNS else _json_value(row[c]) for c in COLUMNS}


def _json_change(c: FieldChange) -> dict[str, Any]:
    change = {"field": c.field, "label": c.label, "old": _json_value(c.old), "new": _json_value(c.new)}
    if c.key is not None:
        change["key"] = c.key
    return change


def _json_pair(pair: Pair, changes: list[FieldChange]) -> dict[str, Any]:
    return {
        "old_item_no": pair.old["item_no"],
        "new_item_no": pair.new["item_no"],
        "old_key": pair.old["item_key"],
        "new_key": pair.new["item_key"],
        "changes": [_json_change(c) for c in changes],
    }


def to_json(diff: Diff) -> dict[str, Any]:
    return {
        "old": diff.old_name,
        "new": diff.new_name,
        "equal": diff.equal,
        "summary": diff.summary(),
        "renamed": [{"old": x, "new": y} for x, y in diff.renamed],
        "added": [_json_item(row) for row in diff.added],
        "removed": [_json_item(row) for row in diff.removed],
        "changed": [_json_pair(p, p.field_changes) for p in diff.changed],
        "relabelled": [_json_pair(p, p.level_changes) for p in diff.relabelled],
        "moved": [_json_pair(p, []) for p in diff.moved],
    }


def render_json(diff: Diff) -> str:
    return json.dumps(to_json(diff), ensure_ascii=False, indent=2) + "\n"


_CSS = """
body{font:14px/1.5 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
h1{font-size:1.3em}h2{font-size:1.1em;margin-top:2em;border-bottom:1px solid #ddd}
.files{color:#555}.summary span{display:inline-block;margin-right:1em;padding:.2em .6em;border-radius:4px;background:#eee}
.summary .added{background:#e6ffec}.summary .removed{background:#ffebe9}.summary .changed,.summary .relabelled{background:#fff8c5}
.summary .moved{background:#ddf4ff}
table{border-collapse:collapse;margin:.5em 0 1.5em;width:100%}
th,td{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f6f8fa;width:14em}
td.old{background:#fff5f5}td.new{background:#f0fff4}
del{background:#ffc0c0;text-decoration:line-through}ins{background:#acf2bd;text-decoration:none}
.key{font-weight:600}.no{color:#666}.none{color:#999}
"""


def render_html(diff: Diff) -> str:
    e = html.escape
    counts = diff.summary()
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="zh-CN"><head><meta charset="utf-8">{REPORT_MARK}',
        f"<title>catalogue diff: {e(Path(diff.old_name).name)} → {e(Path(diff.new_name).name)}</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>目录比对 catalogue diff</h1>",
        f'<p class="files">旧 old: {e(diff.old_name)} ({diff.old_count} items)<br>新 new: {e(diff.new_name)} ({diff.new_count} items)</p>',
        '<p class="summary">' + "".join(f'<span class="{name}">{name}: {n}</span>' for name, n in counts.items()) + "</p>",
    ]
    if diff.equal:
        parts.append("<p>No differences. 无差异。</p>")
    if diff.renamed:
        rows = "".join(f"<tr><td>{e(str(x))}</td><td>{e(str(y))}</td></tr>" for x, y in diff.renamed)
        parts.append(f"<h2>文件改名或移动 files renamed or moved</h2><table><tr><th>old 来源文件</th><th>new 来源文件</th></tr>"
                     f"{rows}</table>")
    if diff.added:
        parts.append("<h2>新增 added</h2>" + _html_items(diff.added, "new"))
    if diff.removed:
        parts.append("<h2>删除 removed</h2>" + _html_items(diff.removed, "old"))
    if diff.relabelled:
        parts.append("<h2>改名 relabelled</h2>")
        parts.extend(_html_pair(p, p.level_changes) for p in diff.relabelled)
    if diff.changed:
        parts.append("<h2>修改 changed</h2>")
        parts.extend(_html_pair(p, p.field_changes) for p in diff.changed)
    if diff.moved:
        rows = "".join(
            f"<tr><td>#{p.old['item_no']}</td><td>#{p.new['item_no']}</td><td>{_page(p.old)}</td><td>{_page(p.new)}</td>"
            f"<td>{e(p.new['item_key'])}</td></tr>" for p in diff.moved
        )
        parts.append("<h2>移动 moved</h2><table><tr><th>old 序号</th><th>new 序号</th><th>old 页</th><th>new 页</th>"
                     f"<th>事项键</th></tr>{rows}</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _page(row: Row) -> str:
    """Where the item starts in its source: "p3" (a page, text block, sheet or body table)."""
    page = row.get("page")
    return f"p{page}" if page is not None else "p?"


def _html_items(rows: list[Row], side: str) -> str:
    e = html.escape
    out = ["<table>", "<tr><th>序号</th><th>页 page</th><th>事项键</th><th>公开内容</th><th>公开主体</th></tr>"]
    for row in rows:
        out.append(
            f'<tr><td class="no">#{row["item_no"]}</td><td class="page">{_page(row)}</td>'
            f'<td class="key {side}">{e(row["item_key"])}</td>'
            f"<td>{e(show(row['content']))}</td><td>{e(show(row['subject']))}</td></tr>"
        )
    out.append("</table>")
    return "".join(out)


def _html_pair(pair: Pair, changes: list[FieldChange]) -> str:
    e = html.escape
    title = e(pair.new["item_key"])
    if pair.old["item_key"] != pair.new["item_key"]:
        title = f"{e(pair.old['item_key'])} → {title}"
    out = [
        f'<p><span class="no">#{pair.old["item_no"]} → #{pair.new["item_no"]}</span> '
        f'<span class="page">{_page(pair.old)} → {_page(pair.new)}</span> <span class="key">{title}</span></p>',
        "<table><tr><th>字段 field</th><th>旧 old</th><th>新 new</th></tr>",
    ]
    for c in changes:
        old_html, new_html = _inline_diff(show(c.old), show(c.new))
        out.append(f'<tr><th>{e(c.label)} <span class="no">{e(c.name)}</span></th><td class="old">{old_html}</td><td class="new">{new_html}</td></tr>')
    out.append("</table>")
    return "".join(out)


def _inline_diff(old: str, new: str) -> tuple[str, str]:
    """Old and new text with the differing spans marked, so a long 公开内容 shows what changed."""
    e = html.escape
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    if min(len(old), len(new)) < INLINE_DIFF_MIN_LENGTH or matcher.ratio() < INLINE_DIFF_MIN_RATIO:
        # Short or unrelated values read better marked whole than as a scatter of characters.
        return f"<del>{e(old)}</del>", f"<ins>{e(new)}</ins>"
    a: list[str] = []
    b: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            a.append(e(old[i1:i2]))
            b.append(e(new[j1:j2]))
            continue
        if i2 > i1:
            a.append(f"<del>{e(old[i1:i2])}</del>")
        if j2 > j1:
            b.append(f"<ins>{e(new[j1:j2])}</ins>")
    return "".join(a), "".join(b)
