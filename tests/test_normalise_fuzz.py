"""The normaliser takes any grid of strings without raising, and its output always fits the contract."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from catalogue.normalise import normalise_tables
from catalogue.output.writer import to_table
from catalogue.raw import RawTable

words = st.sampled_from(
    ["", "", "", "一级", "公开内容", "公开方式", "社会", "✓政府网站□政府公报", "√", "20个工作日内", "机关简",
     "介 绍", "☑主动公开 ☐依申请", "区政府各部门", "<input checked type='checkbox'/>预公开", "注：①", "R政府网站£政府公报",
     "⍰其他", "每年1月31日前", "全社会", "县级", "●要点"]
)
grids = st.lists(st.lists(st.lists(words, min_size=1, max_size=14), min_size=1, max_size=6), min_size=1, max_size=4)


@settings(max_examples=150, deadline=None)
@given(grids)
def test_any_grid_gives_contract_rows(pages):
    tables = [RawTable.from_rows("f.txt", n, rows) for n, rows in enumerate(pages, start=1)]
    items = normalise_tables(tables, "f.txt")
    table = to_table(items, source="f.txt")
    keys = table.column("item_key").to_pylist()
    assert len(keys) == len(set(keys))
    assert table.column("item_no").to_pylist() == list(range(1, len(items) + 1))
