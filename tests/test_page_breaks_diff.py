"""The HTML diff report names the page of every changed, added, removed or moved item,
so a reviewer can open the source where it changed."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from typer.testing import CliRunner

from catalogue.api import extract_file
from catalogue.cli import app

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "pagebreaks" / "split-row-bare.pdf"
runner = CliRunner()


def test_html_diff_shows_page_numbers(tmp_path: Path) -> None:
    extraction = extract_file(SAMPLE)
    table = extraction.table()
    old = tmp_path / "old.parquet"
    pq.write_table(table, old)
    rows = table.to_pylist()
    last = rows[-1]
    assert last["page"] == 2  # the sample's last item starts on page 2
    rows[-1] = {**last, "subject": "区政府办公室"}
    removed = rows.pop(0)
    new = tmp_path / "new.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=table.schema).replace_schema_metadata(table.schema.metadata), new)
    result = runner.invoke(app, ["diff", str(old), str(new), "--format", "html"])
    assert result.exit_code == 1, result.output
    html = result.stdout
    changed = html[html.index("修改 changed"):]
    assert re.search(rf'#{last["item_no"]} → #{last["item_no"]}</span> <span class="page">p2 → p2</span>', changed)
    removed_part = html[html.index("删除 removed"):html.index("修改 changed")]
    assert f'<td class="page">p{removed["page"]}</td>' in removed_part
