"""The contract's columns built from Arrow buffers (output/arrays.py, issue 23): the same
arrays as `pa.array`, the same failures for values the layout does not take, and a
whole run that never imports pandas."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from catalogue.output.arrays import column_array
from catalogue.schemas.contract import SCHEMA

ROOT = Path(__file__).resolve().parents[1]
# Around a validity bitmap's byte edges (7, 8, 9 values) and beyond one byte of offsets.
LENGTHS = (0, 1, 7, 8, 9, 300)


def _value(field: pa.Field, draw: random.Random) -> Any:
    kind = field.type
    if field.nullable and draw.random() < 0.2:
        return None
    if pa.types.is_string(kind):
        return draw.choice(["", "a", "政府网站", "é" * draw.randint(0, 5), "=1+1"])
    if pa.types.is_boolean(kind):
        return draw.random() < 0.5
    if pa.types.is_int32(kind):
        return draw.choice([0, 1, -1, 2**31 - 1, -(2**31), draw.randint(-1000, 1000)])
    if pa.types.is_list(kind):
        return [draw.choice(["政务新媒体", "", "a", None]) for _ in range(draw.randint(0, 3))]
    return {f"列{i}": draw.choice(["值", "", None]) for i in range(draw.randint(0, 3))}


@pytest.mark.parametrize("length", LENGTHS)
def test_every_contract_column_as_pa_array_builds_it(length: int) -> None:
    draw = random.Random(length)
    for field in SCHEMA:
        values = [_value(field, draw) for _ in range(length)]
        built = column_array(values, field)
        built.validate(full=True)
        expected = pa.array(values, type=field.type)
        assert built.type == field.type
        assert built.equals(expected), field.name
        assert built.null_count == expected.null_count


@pytest.mark.parametrize(("field_name", "values"), [
    ("content", ["text", 3]),  # a number where text belongs
    ("page", [1, 2**40]),  # past int32
    ("page", [True, 2]),  # a bool is an int to Python, not to the layout
    ("channel_website", [True, 1]),
    ("channels_extra", [["a"], ("b",)]),  # a tuple, not a list
    ("content", ["\ud800"]),  # a lone surrogate cannot be UTF-8
])
def test_a_value_the_layout_does_not_take_gets_what_pa_array_gives(field_name: str, values: list[Any]) -> None:
    field = SCHEMA.field(field_name)
    try:
        expected: pa.Array | type[BaseException] = pa.array(values, type=field.type)
    except (pa.ArrowException, ValueError, TypeError, OverflowError) as error:
        expected = type(error)
    if isinstance(expected, pa.Array):
        assert column_array(values, field).equals(expected)
    else:
        with pytest.raises(expected):
            column_array(values, field)


def test_a_null_where_the_field_allows_none_gets_what_pa_array_gives() -> None:
    field = SCHEMA.field("item_key")
    assert not field.nullable
    assert column_array(["a", None], field).equals(pa.array(["a", None], type=field.type))


def test_a_whole_run_imports_no_pandas(samples_dir: Path, tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from catalogue.api import extract_file, write_extraction\n"
        f"extraction = extract_file(Path({str(samples_dir / 'office' / 'district.xlsx')!r}), record=False)\n"
        f"write_extraction(extraction, Path({str(tmp_path)!r}), None, ('parquet', 'csv'))\n"
        "print('pandas' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() == "False"
    assert (tmp_path / "district.parquet").stat().st_size > 0
