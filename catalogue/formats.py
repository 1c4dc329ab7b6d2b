"""Names of the output formats and header styles, apart from the writers, so that the
CLI can offer them without importing pyarrow."""

from __future__ import annotations

# What `extract` writes unless told otherwise, and every format it can write.
FORMATS: tuple[str, ...] = ("parquet", "csv")
ALL_FORMATS: tuple[str, ...] = ("parquet", "csv", "xlsx", "jsonl")
# Header rows: the contract's column names, or its Chinese labels (xlsx always has these).
HEADER_LABELS: tuple[str, ...] = ("en", "zh")
# Not an output format a user names in --format: `--provenance` adds it, so that a batch
# carries it with the formats (and a change to it re-extracts, like a change of format).
PROVENANCE = "provenance.parquet"
