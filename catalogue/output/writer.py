"""Contract rows → Parquet, CSV, JSON Lines and Excel, written atomically (a failed run
leaves no partial file)."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from catalogue.output.arrays import column_array
from catalogue.output.formats import (
    ALL_FORMATS,
    FORMATS,
    HEADER_LABELS,
    LIST_SEPARATOR,
    PROVENANCE,
    guard_formula,
    map_from_json,
    map_to_json,
    unguard_formula,
)
from catalogue.output.temp import make_temp
from catalogue.schemas.contract import (
    BOOL_COLUMNS,
    COLUMNS,
    LABELS,
    LIST_COLUMNS,
    MAP_COLUMNS,
    META_SHA256,
    META_SOURCE,
    META_TOOL_VERSION,
    SCHEMA,
)
from catalogue.schemas.provenance import PROVENANCE_SCHEMA
from catalogue.version import __version__

META_PANDAS = b"pandas"
# Items turned into Arrow columns at a time: each batch's transposed Python lists and
# UTF-8 bytes are let go before the next is made, where the whole table's were held at
# once (about 1 KB an item). The batches are one table's chunks; Parquet writes the same
# bytes from them as from one chunk (its row groups and pages do not follow the chunks).
TABLE_BATCH_ROWS = 4096


def to_table(items: Iterable[dict[str, object]], *, source: str = "", sha256: str = "") -> pa.Table:
    """A pyarrow table with the contract schema exactly (and the source's SHA-256)."""
    rows = items if isinstance(items, list) else list(items)
    parts = [_arrays(rows[start:start + TABLE_BATCH_ROWS]) for start in range(0, len(rows), TABLE_BATCH_ROWS)]
    table = pa.Table.from_batches(parts, schema=SCHEMA) if parts else pa.Table.from_arrays(
        [column_array([], field) for field in SCHEMA], schema=SCHEMA)
    metadata = dict(SCHEMA.metadata or {})
    metadata[META_SHA256] = sha256.encode()
    metadata[META_SOURCE] = source.encode()
    metadata[META_TOOL_VERSION] = __version__.encode()
    metadata[META_PANDAS] = PANDAS_METADATA
    return table.replace_schema_metadata(metadata)


def _arrays(rows: list[dict[str, object]]) -> pa.RecordBatch:
    """The contract columns of some items, as one record batch."""
    try:  # transposed in C: an item is a dict with every contract column (empty_row)
        columns = dict(zip(COLUMNS, map(list, zip(*map(itemgetter(*COLUMNS), rows), strict=True)), strict=True))
    except KeyError:  # rows made by hand, or before a column was added
        columns = {name: [row.get(name) for row in rows] for name in COLUMNS}
    for name in MAP_COLUMNS:
        columns[name] = [value or {} for value in columns[name]]  # rows made before v1.1 have no map
    # Built column by column from buffers: pa.RecordBatch.from_pydict would import pandas.
    return pa.RecordBatch.from_arrays([column_array(columns[field.name], field) for field in SCHEMA], schema=SCHEMA)


def _pandas_column(field: pa.Field) -> dict[str, object]:
    """How pandas should rebuild a column: a nullable boolean or int32 column as pandas'
    own nullable dtype (`boolean`, `Int32`), not as object / float with NaN."""
    if pa.types.is_boolean(field.type):
        kinds = ("bool", "boolean" if field.nullable else "bool")
    elif pa.types.is_int32(field.type):
        kinds = ("int32", "Int32" if field.nullable else "int32")
    elif pa.types.is_string(field.type):
        kinds = ("unicode", "object")
    elif pa.types.is_list(field.type):
        kinds = ("list[unicode]", "object")
    else:
        kinds = ("object", "object")
    return {"name": field.name, "field_name": field.name, "pandas_type": kinds[0], "numpy_type": kinds[1], "metadata": None}


# pyarrow's `pandas` schema metadata, written by hand so that writing needs no pandas:
# pd.read_parquet and Table.to_pandas read each column's dtype from it.
PANDAS_METADATA = json.dumps(
    {
        "index_columns": [],
        "column_indexes": [],
        "columns": [_pandas_column(f) for f in SCHEMA],
        "creator": {"library": "catalogue", "version": __version__},
    }
).encode()


def header_cells(names: Sequence[str], labels: str) -> list[str]:
    """The header row: the column names, or (labels="zh") the contract's Chinese labels."""
    if labels not in HEADER_LABELS:
        raise ValueError(f"labels must be one of {', '.join(HEADER_LABELS)}, not {labels!r}")
    return [LABELS.get(name, name) if labels == "zh" else name for name in names]


# Rows turned into text at a time by the CSV and JSON Lines writers: a batch's Python
# values and text are a few MB at most (an item is about 1 KB of text), where the whole
# table's, built at once, grew with the rows (three copies of every cell: the values,
# the text and its UTF-8 bytes; 15 MB at 5,000 rows).
TEXT_BATCH_ROWS = 2048


def _csv_chunks(table: pa.Table, labels: str) -> Iterator[bytes]:
    """The CSV file in pieces: header, then the rows TEXT_BATCH_ROWS at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header_cells(table.column_names, labels))
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")
    for start in range(0, table.num_rows, TEXT_BATCH_ROWS):
        batch = table.slice(start, TEXT_BATCH_ROWS)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        # Column by column: each column's conversion is chosen once, not once per cell.
        columns = [_csv_column(name, batch.column(name).to_pylist()) for name in batch.column_names]
        writer.writerows(zip(*columns, strict=True))
        yield buffer.getvalue().encode("utf-8")


def csv_bytes(table: pa.Table, labels: str = "en") -> bytes:
    """UTF-8 with BOM (Excel opens it), booleans true/false, lists joined by "；"."""
    return b"".join(_csv_chunks(table, labels))


def _write_chunks(chunks: Iterable[bytes], path: Path) -> None:
    with open(path, "wb") as handle:
        for chunk in chunks:
            handle.write(chunk)


EMPTY_MAP_JSON = map_to_json({})


def _csv_column(name: str, values: list[Any]) -> list[str]:
    """The CSV cells of one column: booleans true/false, lists joined by LIST_SEPARATOR, maps as
    JSON objects, texts guarded against formulas, null as an empty cell."""
    if name in BOOL_COLUMNS:
        return ["" if v is None else "true" if v else "false" for v in values]
    if name in LIST_COLUMNS:
        return ["" if v is None else guard_formula(LIST_SEPARATOR.join(map(str, v))) for v in values]
    if name in MAP_COLUMNS:  # most items have no other column: an empty map's JSON made once
        return ["" if v is None else map_to_json(v) if v else EMPTY_MAP_JSON for v in values]
    return ["" if v is None else guard_formula(v) if isinstance(v, str) else str(v) for v in values]


def _jsonl_chunks(table: pa.Table) -> Iterator[bytes]:
    for start in range(0, table.num_rows, TEXT_BATCH_ROWS):
        rows = table.slice(start, TEXT_BATCH_ROWS).to_pylist(maps_as_pydicts="strict")
        yield "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")


def jsonl_bytes(table: pa.Table) -> bytes:
    """One JSON object per item and line, UTF-8 with Chinese as is: lists as arrays,
    other_columns as an object, nulls as null."""
    return b"".join(_jsonl_chunks(table))


def _write_xlsx(table: pa.Table, path: Path, labels: str) -> None:
    from catalogue.output.workbook import write_xlsx  # openpyxl only when a workbook is asked for

    write_xlsx(table, path)


# format → how its file is written (table, path, header labels); xlsx always has Chinese labels.
WRITERS: dict[str, Callable[[pa.Table, Path, str], Any]] = {
    "parquet": lambda table, path, labels: pq.write_table(table, path),
    "csv": lambda table, path, labels: _write_chunks(_csv_chunks(table, labels), path),
    "xlsx": _write_xlsx,
    "jsonl": lambda table, path, labels: _write_chunks(_jsonl_chunks(table), path),
}


def write_outputs(
    table: pa.Table, out_dir: Path, stem: str, formats: Sequence[str] = FORMATS, *, labels: str = "en"
) -> list[Path]:
    """Write <stem>.<format> into out_dir for each format; all of them or none.
    labels="zh" gives the CSV the contract's Chinese labels as its header."""
    header_cells([], labels)  # a bad value fails before anything is written
    unknown = [fmt for fmt in formats if fmt not in WRITERS]
    if unknown:
        raise ValueError(f"unknown output format {unknown[0]!r}; use {', '.join(ALL_FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for fmt in formats:
            target = out_dir / f"{stem}.{fmt}"
            temp = make_temp(out_dir, f".{stem}.", f".{fmt}.part")
            staged.append((temp, target))
            WRITERS[fmt](table, temp, labels)
        for temp, target in staged:
            os.replace(temp, target)
    finally:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
    return [target for _, target in staged]


def read_output(path: Path) -> pa.Table:
    """Read back a Parquet or CSV output of `extract` as a contract table."""
    if path.suffix.lower() == ".parquet":
        return pq.read_table(path)
    return _read_csv(path)


def _read_csv(path: Path) -> pa.Table:
    text = path.read_bytes().decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    names = column_names(next(reader))
    rows = list(reader)
    data: dict[str, list[object]] = {}
    for i, name in enumerate(names):
        if name not in COLUMNS:
            continue
        field = SCHEMA.field(name)
        values: list[object] = []
        for row in rows:
            raw = row[i] if i < len(row) else ""
            values.append(_parse_csv_value(field, raw))
        data[name] = values
    for name in COLUMNS:
        data.setdefault(name, [None] * len(rows))
    return pa.Table.from_pydict(data, schema=SCHEMA)


_BY_LABEL = {label: name for name, label in LABELS.items()}


def column_names(header_row: list[str]) -> list[str]:
    """A CSV header as column names: a header written with --labels zh (every cell a
    contract label) is read back as the names those labels stand for."""
    if header_row and all(cell in _BY_LABEL for cell in header_row):
        return [_BY_LABEL[cell] for cell in header_row]
    return header_row


def _parse_csv_value(field: pa.Field, raw: str) -> object:
    if pa.types.is_list(field.type):
        return [v for v in unguard_formula(raw).split(LIST_SEPARATOR) if v] if raw else []
    if pa.types.is_map(field.type):
        return map_from_json(raw)
    if raw == "":
        return None if field.nullable else ""
    if pa.types.is_boolean(field.type):
        return raw.strip().lower() == "true"
    if pa.types.is_integer(field.type):
        return int(raw)
    return unguard_formula(raw)




def stage_provenance(rows: list[dict[str, object]], out_dir: Path, stem: str, source: str = "", sha256: str = "") -> tuple[Path, Path]:
    """Write the provenance rows to a temporary file with the output mode; returns
    (temporary, target) for the caller to rename once the other outputs are written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pylist(rows, schema=PROVENANCE_SCHEMA)
    table = table.replace_schema_metadata({META_SOURCE: source, META_SHA256: sha256, META_TOOL_VERSION: __version__})
    temp = make_temp(out_dir, f".{stem}.", f".{PROVENANCE}.part")
    try:
        pq.write_table(table, temp)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp, out_dir / f"{stem}.{PROVENANCE}"
