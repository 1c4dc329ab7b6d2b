"""Property tests for the pure stages."""

from __future__ import annotations

import pyarrow.parquet as pq
from hypothesis import given, settings
from hypothesis import strategies as st

from catalogue.normalise.text import clean_text, repair_wraps
from catalogue.output.writer import read_output, to_table, write_outputs
from catalogue.schemas.contract import SCHEMA, empty_row

han = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
cjk_text = st.text(alphabet=st.one_of(han, st.sampled_from(" \n\t（）、，。0123456789abc")), max_size=40)
latin_word = st.text(alphabet=st.characters(min_codepoint=ord("a"), max_codepoint=ord("z")), min_size=1, max_size=8)


@given(cjk_text)
def test_repair_is_idempotent(text):
    once = repair_wraps(text)
    assert repair_wraps(once) == once
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned


@given(st.lists(latin_word, min_size=2, max_size=6), cjk_text)
def test_wrap_repair_keeps_spaces_between_latin_words(words, prefix):
    text = " ".join(words)
    assert repair_wraps(text) == text
    assert " ".join(words) in repair_wraps(f"{prefix} {text}")


rows = st.lists(
    st.fixed_dictionaries(
        {
            "content": st.one_of(st.none(), cjk_text),
            "channel_website": st.one_of(st.none(), st.booleans()),
            "time_limit_days": st.one_of(st.none(), st.integers(0, 365)),
            "channels_extra": st.lists(cjk_text.filter(lambda s: "；" not in s and s.strip() == s and s), max_size=3),
        }
    ),
    max_size=5,
)


@settings(max_examples=30, deadline=None)
@given(rows)
def test_parquet_and_csv_round_trip_with_the_contract_schema(tmp_path_factory, generated):
    items = []
    for n, values in enumerate(generated, start=1):
        item = empty_row()
        item.update(values)
        item.update(source="a.txt", item_no=n, item_key=f"k{n}")
        items.append(item)
    table = to_table(items, source="a.txt", sha256="ab" * 32)
    out = tmp_path_factory.mktemp("rt")
    write_outputs(table, out, "a")
    back = pq.read_table(out / "a.parquet")
    assert back.schema.equals(SCHEMA, check_metadata=False)
    assert back.to_pylist() == table.to_pylist()
    assert back.schema.metadata[b"catalogue.source_sha256"] == b"ab" * 32
    from_csv = read_output(out / "a.csv")
    expected = table.to_pylist()
    for row in expected:  # CSV cannot tell an empty string from a null
        row["content"] = row["content"] or None
    assert from_csv.to_pylist() == expected
