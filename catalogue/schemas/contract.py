"""The catalogue items contract (v1.2) as a pyarrow schema: ../shared/contract.md, machine-readable.

Each field carries its Chinese label and meaning in its metadata, so the Parquet file
documents itself and `catalogue schema` prints from here.

The columns are written down with their Arrow types by name, and `SCHEMA` (the pyarrow
schema) is built from them on first use: `catalogue schema` and the normaliser, which
need only the names, labels and kinds, never import pyarrow.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from catalogue.schemas.warnings import (
    CELL_TRUNCATED,
    CELLS_SHIFTED,
    COLUMNS_FROM_PAGE,
    DITTO_FILLED,
    EMPTY_ROW_DROPPED,
    FOOTNOTE_DROPPED,
    FROM_HIDDEN_ROW,
    LABEL_JOINED,
    LABEL_MISREAD,
    MARK_UNREADABLE,
    OCR_LOW_CONFIDENCE,
    ROW_JOINED,
    TOTAL_MISMATCH,
    TOTAL_ROW_DROPPED,
    UNKNOWN_OPTION,
)
from catalogue.version import CONTRACT_VERSION

if TYPE_CHECKING:
    import pyarrow as pa

# The Arrow types of the contract, by the names pyarrow prints for them.
STRING, INT32, BOOL = "string", "int32", "bool"
LIST_OF_STRING = "list<item: string>"
MAP_OF_STRING = "map<string, string>"

LEVELS = 6
LEVEL_COLUMNS = tuple(f"level_{i}" for i in range(1, LEVELS + 1))

# (name, type, nullable, Chinese label, meaning)
_FIELDS: list[tuple[str, str, bool, str, str]] = [
    ("source", STRING, False, "来源文件", "input file name; in a folder batch, its path relative to the input folder"),
    (
        "page",
        INT32,
        True,
        "页码",
        "1-based page on which the item's row starts (text input: block number; spreadsheet: sheet number; Word: table number)",
    ),
    ("item_no", INT32, False, "序号", "1-based order of the item in its source"),
    ("item_key", STRING, False, "事项键", 'stable key for diffs: the non-null levels joined by " / ", plus "#2", "#3" … for repeats'),
    *[
        (f"level_{i}", STRING, True, f"{label}级事项", "category path after fill-down and rejoining split labels")
        for i, label in enumerate("一二三四五六", start=1)
    ],
    ("content", STRING, True, "公开内容", "公开内容"),
    ("basis", STRING, True, "公开依据", "公开依据, where the catalogue has that column"),
    ("subject", STRING, True, "公开主体", "公开主体"),
    ("channel_website", BOOL, True, "政府网站", "政府网站"),
    ("channel_gazette", BOOL, True, "政府公报", "政府公报"),
    ("channel_weibo", BOOL, True, "政务微博", "政务微博"),
    ("channel_wechat", BOOL, True, "政务微信", "政务微信 (also the misprint 政务服务微信)"),
    ("channel_app", BOOL, True, "移动客户端", "移动客户端 / 政务客户端"),
    ("channel_tv", BOOL, True, "电视", "电视"),
    ("channel_radio", BOOL, True, "广播", "广播"),
    ("channel_press", BOOL, True, "报刊", "报刊 / 报纸"),
    ("channel_bulletin_board", BOOL, True, "信息公告栏", "信息公告栏 / 公示栏 / 公开栏 / 电子屏"),
    ("channel_service_hall", BOOL, True, "政务服务中心", "政务服务中心 / 政务服务大厅 / 便民服务站"),
    ("channel_archives", BOOL, True, "档案馆", "档案馆 / 图书馆"),
    ("channel_other", BOOL, True, "其他渠道", "其他, and any checked option not listed above"),
    ("channels_extra", LIST_OF_STRING, False, "其他渠道名称", "labels of checked options that are not one of the named channels"),
    ("time_limit", STRING, True, "公开时限", "公开时限, as text"),
    ("time_limit_days", INT32, True, "公开时限天数", 'the first number of days in it ("20个工作日内" → 20)'),
    ("time_limit_kind", STRING, True, "公开时限类型", "working_days, calendar_days, realtime, deadline, or null"),
    ("disclosure_proactive", BOOL, True, "主动公开", "主动公开 (or 主动)"),
    ("disclosure_on_request", BOOL, True, "依申请公开", "依申请公开 (or 依申请)"),
    ("disclosure_not_public", BOOL, True, "不予公开", "不予公开 / 不予以公开"),
    ("method_pre_release", BOOL, True, "预公开", "预公开"),
    ("method_full_text", BOOL, True, "全文发布", "全文发布"),
    ("method_desensitized", BOOL, True, "脱密（脱敏）公开", "脱密（脱敏）公开"),
    ("method_interpretation", BOOL, True, "政策解读", "政策解读"),
    ("method_onsite", BOOL, True, "现场宣讲", "现场宣讲"),
    ("method_other", BOOL, True, "其他方式", "其他"),
    ("audience", STRING, True, "公开对象", "公开对象 as text (option columns: checked options joined by 、)"),
    ("tier_county", BOOL, True, "县级", "公开层级 县级, where the catalogue has that column"),
    ("tier_township", BOOL, True, "乡级", "公开层级 乡级 / 乡镇级"),
    ("warnings", LIST_OF_STRING, False, "提取警告", "what the extractor noticed and could not fully repair, as short codes"),
    (
        "other_columns",
        MAP_OF_STRING,
        False,
        "其他列",
        'columns no contract column takes (备注, 责任科室 …): header text (levels joined by "/") → the cell\'s repaired text',
    ),
]



@functools.cache
def arrow_schema() -> pa.Schema:
    """The contract as a pyarrow schema (also `SCHEMA`), built once."""
    import pyarrow as pa

    types = {STRING: pa.string(), INT32: pa.int32(), BOOL: pa.bool_(), LIST_OF_STRING: pa.list_(pa.string()),
             MAP_OF_STRING: pa.map_(pa.string(), pa.string())}
    return pa.schema(
        [pa.field(name, types[kind], nullable=nullable, metadata={"label": label, "meaning": meaning})
         for name, kind, nullable, label, meaning in _FIELDS],
        metadata={"catalogue.contract_version": CONTRACT_VERSION},
    )


def __getattr__(name: str) -> pa.Schema:
    if name == "SCHEMA":  # built on first use, so importing this module costs no pyarrow
        return arrow_schema()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


COLUMNS: tuple[str, ...] = tuple(name for name, *_ in _FIELDS)
TYPES: dict[str, str] = {name: kind for name, kind, *_ in _FIELDS}
NULLABLE: dict[str, bool] = {name: nullable for name, _, nullable, *_ in _FIELDS}
LABELS: dict[str, str] = {name: label for name, _, _, label, _ in _FIELDS}
MEANINGS: dict[str, str] = {name: meaning for name, *_, meaning in _FIELDS}
BOOL_COLUMNS: tuple[str, ...] = tuple(name for name in COLUMNS if TYPES[name] == BOOL)
LIST_COLUMNS: tuple[str, ...] = tuple(name for name in COLUMNS if TYPES[name] == LIST_OF_STRING)
MAP_COLUMNS: tuple[str, ...] = tuple(name for name in COLUMNS if TYPES[name] == MAP_OF_STRING)
OTHER_COLUMNS = "other_columns"
HEADER_LEVEL_JOINER = "/"  # a header of two levels (公开范围 over 县级) is keyed "公开范围/县级"

# The contract's warning codes, written into items' `warnings`; catalogue.schemas.warnings
# defines them with every other code the tool writes, and what each means.
WARNING_CODES: tuple[str, ...] = (
    MARK_UNREADABLE,
    CELL_TRUNCATED,
    CELLS_SHIFTED,
    ROW_JOINED,
    LABEL_JOINED,
    UNKNOWN_OPTION,
    OCR_LOW_CONFIDENCE,
    EMPTY_ROW_DROPPED,
    DITTO_FILLED,
    FOOTNOTE_DROPPED,
    LABEL_MISREAD,
    COLUMNS_FROM_PAGE,
    TOTAL_ROW_DROPPED,
    FROM_HIDDEN_ROW,
    TOTAL_MISMATCH,
)

META_VERSION = b"catalogue.contract_version"
META_SHA256 = b"catalogue.source_sha256"
META_SOURCE = b"catalogue.source"
META_TOOL_VERSION = b"catalogue.tool_version"


def empty_row() -> dict[str, object]:
    """A row with every column null (lists empty), ready to be filled."""
    row: dict[str, object] = {name: None for name in COLUMNS}
    for name in LIST_COLUMNS:
        row[name] = []
    for name in MAP_COLUMNS:
        row[name] = {}
    return row
