"""`catalogue.read_items`: outputs of `extract` as one pandas DataFrame with the
contract's types, whichever way they were written.

`pd.read_parquet` on an output gives `other_columns` as lists of (key, value) pairs
(pyarrow's maps) and, under pandas 3, text as `str` columns whose missing values are
NaN; a CSV output gives text everywhere. Here every input gives the same frame:
text columns of dtype `string` (missing: <NA>), the nullable booleans as `boolean`,
`page`, `item_no` and `time_limit_days` as `Int32`, the list columns as Python lists
and `other_columns` as dicts ({} for an item with none), in the contract's column order.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from catalogue.errors import DamagedInput, InputNotFound, UnsupportedInput
from catalogue.schemas.contract import COLUMNS, SCHEMA

if TYPE_CHECKING:
    import pandas as pd

OUTPUT_SUFFIXES = (".parquet", ".csv")
PROVENANCE_SUFFIX = ".provenance.parquet"  # written beside the items by --provenance: not items


def read_items(path: Path | str) -> pd.DataFrame:
    """The items of one output of `extract` (Parquet or CSV), of a folder of outputs
    (its Parquet files, or its CSV files where it has no Parquet), or of a batch's
    `OUTPUT/items/` dataset, as one DataFrame (see the module's docstring for the types).

    Raises InputNotFound (no such path, a folder without outputs), UnsupportedInput (a
    file that is no Parquet or CSV output) and DamagedInput (one that cannot be read)."""
    files = output_files(Path(path))
    tables = [_contract_table(file) for file in files]
    return to_frame(pa.concat_tables(tables) if tables else SCHEMA.empty_table())


def folder_outputs(folder: Path) -> list[Path]:
    """The .parquet and .csv files of a folder (not its sub-folders) that are outputs of
    extract: where the folder holds a run manifest, those it lists as outputs (an input
    beside them, as `extract . -o .` leaves it, or another program's file is none), else
    every such file. A file saved at a listed name since, without the tool's mark, is none."""
    from catalogue.output.folder import absolute, listed_outputs, still_ours

    found = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in OUTPUT_SUFFIXES)
    listed = listed_outputs(folder)
    if not listed:
        return found
    root = absolute(folder)
    return [p for p in found if root / p.name in listed and still_ours(p)]


def output_files(path: Path) -> list[Path]:
    from catalogue.output.formats import PARTITION_PREFIX, is_dataset

    if not path.exists():
        raise InputNotFound("no such file or folder", source=str(path))
    if path.is_file():
        if path.suffix.lower() not in OUTPUT_SUFFIXES:
            raise UnsupportedInput("not a Parquet or CSV output of catalogue extract", source=str(path))
        return [path]
    if is_dataset(path):
        return sorted(path.glob(f"{PARTITION_PREFIX}*/*.parquet"))
    outputs = [p for p in folder_outputs(path) if not p.name.endswith(PROVENANCE_SUFFIX)]
    parquet = [p for p in outputs if p.suffix.lower() == ".parquet"]
    # Each input's items are in its .parquet and its .csv: read one of the two.
    chosen = parquet or outputs
    if not chosen:
        raise InputNotFound("no .parquet or .csv output of catalogue extract in this folder", source=str(path))
    return chosen


def _contract_table(path: Path) -> pa.Table:
    from catalogue.output.writer import read_output

    try:
        table = read_output(path)
        missing = [name for name in COLUMNS if name not in table.column_names]
        if missing:
            raise DamagedInput(f"not an output of catalogue extract (no column {missing[0]})", source=str(path))
        # The file's own metadata (its source's hash …) would keep tables from concatenating.
        return table.select(list(COLUMNS)).cast(SCHEMA.remove_metadata())
    except (pa.ArrowException, OSError, ValueError, UnicodeDecodeError, StopIteration) as error:
        raise DamagedInput(f"not a readable output of catalogue extract ({error})", source=str(path)) from error


def to_frame(table: pa.Table) -> pd.DataFrame:
    """A contract table as a DataFrame with the types of `read_items`."""
    import pandas as pd

    dtypes: dict[pa.DataType, Any] = {
        pa.string(): pd.StringDtype(),
        pa.bool_(): pd.BooleanDtype(),
        pa.int32(): pd.Int32Dtype(),
    }
    frame = table.to_pandas(types_mapper=dtypes.get, maps_as_pydicts="strict")
    for field in SCHEMA:
        if pa.types.is_list(field.type):
            frame[field.name] = [None if v is None else list(v) for v in frame[field.name]]
        elif pa.types.is_map(field.type):
            frame[field.name] = [dict(v) if v is not None else {} for v in frame[field.name]]
    return frame
