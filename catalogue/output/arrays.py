"""Arrow columns built from their buffers, for the contract's few column types.

`pa.array` over a Python list asks pyarrow's pandas shim whether the list is a pandas
object, and the first such question imports pandas (about 0.27 CPU s, a fifth of a small
file's whole run) though no pandas object is ever handed over. A string, boolean or
int32 column, a list of strings and a map of strings to strings are laid out here
directly (validity bitmap, offsets, UTF-8 bytes: the Arrow format), which needs numpy
(pyarrow imports it anyway) and no pandas. Any value of another type, or a null where
the field allows none, hands the column to `pa.array`, so such input behaves exactly
as before (the same array or the same error).
"""

from __future__ import annotations

from array import array as machine_array
from itertools import accumulate, chain, repeat
from operator import is_not
from typing import Any

import numpy as np
import pyarrow as pa

# The typecode of a C int, the width of Arrow's int32 values and (non-large) offsets.
_INT32 = "i"


class _Unusual(Exception):
    """A value the buffer layout does not take as is: the column goes to pa.array."""


def column_array(values: list[Any], field: pa.Field) -> pa.Array:
    """`pa.array(values, type=field.type)` for a contract column, without importing pandas."""
    try:
        return _build(values, field.type, field.nullable)
    except (_Unusual, UnicodeEncodeError):
        return pa.array(values, type=field.type)


def _build(values: list[Any], kind: pa.DataType, nullable: bool) -> pa.Array:
    if pa.types.is_string(kind):
        return _strings(values, nullable)
    if pa.types.is_boolean(kind):
        return _booleans(values, nullable)
    if pa.types.is_int32(kind):
        return _int32s(values, nullable)
    if pa.types.is_list(kind) and pa.types.is_string(kind.value_type):
        return _string_lists(values, kind, nullable)
    if pa.types.is_map(kind) and pa.types.is_string(kind.key_type) and pa.types.is_string(kind.item_type):
        return _string_maps(values, kind, nullable)
    raise _Unusual


def _validity(values: list[Any], nullable: bool) -> tuple[pa.Buffer | None, int]:
    """The validity bitmap (None when no value is null) and the null count."""
    nulls = values.count(None)
    if not nulls:
        return None, 0
    if not nullable:
        raise _Unusual
    present = np.fromiter(map(is_not, values, repeat(None)), dtype=bool, count=len(values))
    return pa.py_buffer(np.packbits(present, bitorder="little").tobytes()), nulls


def _only(values: list[Any], kind: type) -> None:
    """Every value is of exactly this type or None (a bool is no int here), else _Unusual."""
    if not set(map(type, values)) <= {kind, type(None)}:
        raise _Unusual


def _offsets(lengths: Any) -> pa.Buffer:
    return pa.py_buffer(machine_array(_INT32, accumulate(lengths, initial=0)))


def _strings(values: list[Any], nullable: bool) -> pa.Array:
    validity, nulls = _validity(values, nullable)
    _only(values, str)
    encoded = list(map(str.encode, values)) if not nulls else [b"" if v is None else v.encode() for v in values]
    return pa.Array.from_buffers(pa.string(), len(values),
                                 [validity, _offsets(map(len, encoded)), pa.py_buffer(b"".join(encoded))], nulls)


def _booleans(values: list[Any], nullable: bool) -> pa.Array:
    validity, nulls = _validity(values, nullable)
    _only(values, bool)
    bits = np.fromiter((v is True for v in values) if nulls else values, dtype=bool, count=len(values))
    return pa.Array.from_buffers(pa.bool_(), len(values),
                                 [validity, pa.py_buffer(np.packbits(bits, bitorder="little").tobytes())], nulls)


def _int32s(values: list[Any], nullable: bool) -> pa.Array:
    validity, nulls = _validity(values, nullable)
    _only(values, int)
    try:
        data = machine_array(_INT32, [0 if v is None else v for v in values])
    except OverflowError:
        raise _Unusual from None
    return pa.Array.from_buffers(pa.int32(), len(values), [validity, pa.py_buffer(data)], nulls)


def _string_lists(values: list[Any], kind: pa.ListType, nullable: bool) -> pa.Array:
    validity, nulls = _validity(values, nullable)
    _only(values, list)
    lists = [() if v is None else v for v in values]
    child = _strings(list(chain.from_iterable(lists)), kind.value_field.nullable)
    return pa.Array.from_buffers(kind, len(values), [validity, _offsets(map(len, lists))], nulls, children=[child])


def _string_maps(values: list[Any], kind: pa.MapType, nullable: bool) -> pa.Array:
    validity, nulls = _validity(values, nullable)
    _only(values, dict)
    maps = [{} if v is None else v for v in values]
    keys = _strings(list(chain.from_iterable(maps)), kind.key_field.nullable)
    items = _strings(list(chain.from_iterable(m.values() for m in maps)), kind.item_field.nullable)
    entries = pa.StructArray.from_arrays([keys, items], fields=[kind.key_field, kind.item_field])
    return pa.Array.from_buffers(kind, len(values), [validity, _offsets(map(len, maps))], nulls, children=[entries])
