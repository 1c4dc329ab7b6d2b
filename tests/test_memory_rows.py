"""Memory per row of a long catalogue (issue 23, "memory flat in the rows"): what an
extraction holds beyond its items while it reads and writes, measured with tracemalloc
on generated web pages of N and 4N rows in one process (bench/bench_office.py's
generator), and the batched writers' outputs against the generator's rows."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import tracemalloc
from pathlib import Path
from types import ModuleType

import pyarrow as pa
import pyarrow.parquet as pq

from catalogue.api import extract_file, write_extraction

ROOT = Path(__file__).resolve().parents[1]

# Rows of the small page and 4x as many on the large one: enough rows that the per-row
# cost (kilobytes) stands well above the fixed cost's spread (imports, caches: under a MB).
SMALL_ROWS = 1_000
LARGE_ROWS = 4 * SMALL_ROWS
# Traced peak growth per extra row, extracting and writing (Parquet, CSV): an item's dict
# alone is 1.6 KB (43 columns) and its values, channel lists and warnings about 1.5 KB
# more, all held until written. Main's code at a92a664 grew by 6.7 KB a row on these
# pages (the last table's rows and cells kept alive after their items were made; the
# CSV's every cell as Python text, then as one string, then as bytes); with them let go
# it is 5.4 KB. The bound sits between.
MAX_PEAK_BYTES_PER_ROW = 6_000


def _bench_office() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_office", ROOT / "bench" / "bench_office.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _peak(page: Path, out: Path) -> int:
    tracemalloc.start()
    try:
        extraction = extract_file(page, record=False)
        write_extraction(extraction, out, "page")
        del extraction
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_peak_memory_per_row_is_bounded(tmp_path: Path) -> None:
    bench = _bench_office()
    small, large = tmp_path / "small.html", tmp_path / "large.html"
    bench.write_html(small, SMALL_ROWS)
    bench.write_html(large, LARGE_ROWS)
    _peak(small, tmp_path / "warm")  # imports and caches made before either is measured
    grown = _peak(large, tmp_path / "large") - _peak(small, tmp_path / "small")
    assert grown / (LARGE_ROWS - SMALL_ROWS) < MAX_PEAK_BYTES_PER_ROW


def test_batched_outputs_hold_every_row(tmp_path: Path) -> None:
    """A page of more rows than a batch of either writer: every row, in order, as the
    generator wrote it, and the same Parquet bytes as from one chunk."""
    from catalogue.output.writer import TABLE_BATCH_ROWS, TEXT_BATCH_ROWS, csv_bytes, to_table

    rows = max(TABLE_BATCH_ROWS, TEXT_BATCH_ROWS) + TEXT_BATCH_ROWS // 2 + 3
    page = tmp_path / "page.html"
    _bench_office().write_html(page, rows)
    extraction = extract_file(page, record=False)
    written = write_extraction(extraction, tmp_path, "page", ("parquet", "csv", "jsonl"))
    table = to_table(extraction.items, source=extraction.source, sha256=extraction.sha256)
    assert table.column("content").num_chunks > 1
    one_chunk = io.BytesIO()
    pq.write_table(table.combine_chunks(), one_chunk)
    assert written[0].read_bytes() == one_chunk.getvalue()

    expected = [f"关于第{i}项事项的公开内容" for i in range(rows)]
    text = written[1].read_bytes()
    assert text.startswith("\ufeff".encode()) and text.count("\ufeff".encode()) == 1
    assert text == csv_bytes(pq.read_table(written[0]))
    records = list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))
    assert [r["content"] for r in records] == expected
    assert [r["item_no"] for r in records] == [str(i + 1) for i in range(rows)]
    lines = written[2].read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["content"] for line in lines] == expected
    assert pq.read_table(written[0]).equals(pa.Table.from_pylist(
        [json.loads(line) for line in lines], schema=table.schema).cast(table.schema), check_metadata=False)
