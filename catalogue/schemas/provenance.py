"""The provenance table beside the contract's: `catalogue extract --provenance` writes
<stem>.provenance.parquet, one row per source cell of each value of each item, and per
mark, from the normaliser's record (normalise/record.py)."""

from __future__ import annotations

import pyarrow as pa

_COLUMNS: list[tuple[str, pa.DataType]] = [
    ("item_key", pa.string()), ("item_no", pa.int32()), ("field", pa.string()), ("role", pa.string()),
    ("text", pa.string()), ("decisions", pa.list_(pa.string())),
    ("page", pa.int32()), ("table", pa.int32()), ("row", pa.int32()), ("col", pa.int32()),
    ("x0", pa.float64()), ("y0", pa.float64()), ("x1", pa.float64()), ("y1", pa.float64()),
    ("units", pa.string()), ("dpi", pa.float64()), ("line", pa.int32()), ("cell_ref", pa.string()),
    ("where", pa.string()), ("mark_state", pa.string()), ("mark_label", pa.string()),
    ("mark_fields", pa.list_(pa.string())), ("warnings", pa.string()),
]
PROVENANCE_SCHEMA = pa.schema(_COLUMNS)
