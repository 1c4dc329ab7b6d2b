"""A government web page that holds a catalogue, with the traps real saved pages have,
and its expected contract rows, both written from the data below.

    python samples/generate_web.py   → samples/html/county-web-page.html
                                       samples/html/county-web-page.expected.json

The traps: site markup around the catalogue (a layout table holding navigation, the
catalogue and a side bar, a footer table); an editor's paste of an Excel sheet (a
title row merged over the header, <font>/<span> wrappers, x:str attributes, U+3000
and &nbsp; in empty cells, a nested table inside a cell); a catalogue split into two
tables, the second without a header; option lists written as text (、 ； <br>, one
with two platforms no vocabulary knows); marks as web pages print them (◆ and ▄
checked, CJK 口 an empty box, ● a bullet); a group's name written in the 特定群体
column; 同上 / 同左 cells; an item over two rows (序号 and level cells merged over
both, two time-limit lines, marks on both); 责任科室 and 备注 columns, which go to
other_columns.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalogue_data import CHANNEL_COLUMNS, METHOD_FIELDS  # noqa: E402  (the contract's column names, shared)

OUT = Path(__file__).resolve().parent / "html"
STEM = "county-web-page"
SOURCE = f"{STEM}.html"

CHANNELS = {
    "政府网站": ("channel_website",),
    "政府公报": ("channel_gazette",),
    "政务微博": ("channel_weibo",),
    "政务微信": ("channel_wechat",),
    "公示栏": ("channel_bulletin_board",),
    "村（居）公示栏": ("channel_bulletin_board",),
}
DISCLOSURE = {"主动公开": "disclosure_proactive", "依申请公开": "disclosure_on_request", "不予公开": "disclosure_not_public"}
T20 = "信息形成或者变更之日起20个工作日内"
SUBJECT = "县发展和改革局"
EMPTY_CELLS = ("\u3000", "&nbsp;", "\u3000\u3000", "")  # what editors leave in an empty cell, in turn

# Each item: how its cells are written on the page (`cells`) and what it means (the rest).
# `channels`: (label, checked) for every option the cell names; `extras`: checked
# channels outside the vocabulary; `audience`: the checked one-option columns.
ITEMS: list[dict] = [
    {
        "levels": ("机构信息", "机构职能"),
        "content": "本机关职能、内设机构及其职责",
        "channels": [("政府网站", True), ("公示栏", True)],
        "cells": {"channels": "政府网站、公示栏", "attr": "◆主动公开 口依申请公开", "all": "√", "group": "", "office": "办公室", "remark": ""},
        "time": T20,
        "disclosure": ("主动公开",),
        "audience": ("全社会",),
        "others": {"责任科室": "办公室"},
    },
    {
        "levels": ("机构信息", "领导信息"),
        "content": "领导姓名、职务、分工",
        "channels": [("政府网站", True), ("村（居）公示栏", True)],
        "cells": {
            "channels": "政府网站<br>村（居）公示栏", "time": "同上", "attr": "▄主动公开 口依申请公开", "all": "√", "group": "",
            "office": "办公室", "remark": "<font color=\"#ff0000\"><span style=\"font-size:9pt\">按季度更新</span></font>",
        },
        "time": T20,  # 同上: the cell above
        "disclosure": ("主动公开",),
        "audience": ("全社会",),
        "others": {"责任科室": "办公室", "备注": "按季度更新"},
        "warnings": ["ditto_filled"],
    },
    {
        "levels": ("政策文件", "规范性文件"),
        "content": "本机关制定的规范性文件",
        "channels": [("政府网站", True), ("政府公报", True)],
        "cells": {
            "channels": "政府网站；政府公报", "attr": "◆主动公开 口依申请公开", "all": "√", "group": "同左", "office": "法规股",
            "remark": "<table border=\"0\"><tr><td>联系电话</td><td>0591-1234567</td></tr></table>",
        },
        "time": T20,
        "disclosure": ("主动公开",),
        "audience": ("全社会", "特定群体"),  # 同左: the √ to its left
        # A nested table is read as lines of its cells; the wrap space between Han and a
        # number goes, as for any cell.
        "others": {"责任科室": "法规股", "备注": "联系电话0591-1234567"},
        "warnings": ["ditto_filled"],
    },
    {
        "levels": ("公共资源交易", "招标投标信息"),
        "content": "招标公告、中标候选人公示、中标结果",
        "channels": [("政府网站", True)],
        "extras": ["福建省公共资源交易电子公共服务平台", "电子招标投标交易平台"],
        "cells": {
            "channels": "福建省公共资源交易电子公共服务平台、电子招标投标交易平台、政府网站",
            "attr": "◆主动公开 口依申请公开", "all": "", "group": "投标人", "office": "交易股", "remark": "",
        },
        "time": "即时",
        "time_parsed": (None, "realtime"),
        "disclosure": ("主动公开",),
        "audience": ("特定群体",),  # a group's name written in the 特定群体 column chooses it
        "others": {"公开对象/特定群体": "投标人", "责任科室": "交易股"},
        "warnings": ["unknown_option:福建省公共资源交易电子公共服务平台", "unknown_option:电子招标投标交易平台"],
    },
    {
        # One item over two rows: 序号 and level cells merged over both.
        "levels": ("财政信息", "预算决算"),
        "content": "部门预算、决算及说明",
        "channels": [("政府网站", True), ("政府公报", False), ("政务微博", False), ("公示栏", True)],
        "rows": [
            {"channels": "◆政府网站 口政府公报", "time": "预算批准后20日内", "remark": "年初公开预算"},
            {"channels": "口政务微博 ◆公示栏", "time": "决算批准后20日内", "remark": "年中公开决算"},
        ],
        "cells": {"attr": "◆主动公开 口依申请公开", "all": "√", "group": "", "office": "预算股"},
        "time": "预算批准后20日内；决算批准后20日内",
        "time_parsed": (20, "calendar_days"),
        "disclosure": ("主动公开",),
        "audience": ("全社会",),
        "others": {"责任科室": "预算股", "备注": "年初公开预算；年中公开决算"},
    },
    {
        "levels": ("财政信息", "专项资金"),
        "content": "●专项资金管理办法<br>●资金分配结果",
        "content_expected": "●专项资金管理办法●资金分配结果",  # ● is a list bullet, kept as text
        "channels": [("政府网站", True), ("政务微信", True)],
        "cells": {"channels": "● 政府网站<br>● 政务微信", "attr": "◆主动公开 口依申请公开", "all": "√", "group": "", "office": "预算股", "remark": ""},
        "time": T20,
        "disclosure": ("主动公开",),
        "audience": ("全社会",),
        "others": {"责任科室": "预算股"},
    },
    # ---- the second table: no header, same columns, the catalogue going on
    {
        "table": 2,
        "levels": ("财政信息", "政府采购"),
        "cells_levels": ("同上", "政府采购"),  # 同上 at the top of a table: the last row of the one before
        "content": "采购意向、采购结果",
        "channels": [("政府公报", False), ("政府网站", True), ("政务微信", True)],
        "cells": {"channels": "口政府公报 ◆政府网站 ▄政务微信", "attr": "口主动公开 ◆依申请公开", "all": "", "group": "√", "office": "采购股", "remark": "&nbsp;"},
        "time": "收到申请之日起15个工作日内",
        "time_parsed": (15, "working_days"),
        "disclosure": ("依申请公开",),
        "audience": ("特定群体",),
        "others": {"责任科室": "采购股"},
        "warnings": ["ditto_filled"],
    },
    {
        "table": 2,
        "levels": ("建议提案", "人大代表建议"),
        "content": "建议办理复文",
        "channels": [("政府网站", True)],
        "cells": {"channels": "政府网站", "attr": "◆主动公开", "all": "√", "group": "", "office": "办公室", "remark": "办结后公开"},
        "time": T20,
        "disclosure": ("主动公开",),
        "audience": ("全社会",),
        "others": {"责任科室": "办公室", "备注": "办结后公开"},
    },
]

HEADER = """<tr height="40">
<td colspan="12" class="xl70" style="font-size:16pt"><font face="黑体"><b>某县发展和改革局政务公开事项目录</b></font></td>
</tr>
<tr height="24">
<td rowspan="2" class="xl66">序号</td><td colspan="2" class="xl66"><span>事项类别</span></td>
<td rowspan="2" class="xl66">公开内容</td><td rowspan="2" class="xl66">公开主体</td>
<td rowspan="2" class="xl66"><font face="宋体">公开渠道</font></td><td rowspan="2" class="xl66">公开时限</td>
<td rowspan="2" class="xl66">公开属性</td><td colspan="2" class="xl66">公开对象</td>
<td rowspan="2" class="xl66">责任科室</td><td rowspan="2" class="xl66">备注</td>
</tr>
<tr height="24"><td class="xl66">一级</td><td class="xl66">二级</td><td class="xl66">全社会</td><td class="xl66">特定群体</td></tr>
"""


def _td(text: str, rowspan: int = 1, empty: int = 0) -> str:
    """An Excel-pasted cell: a class, x:str, a <font> wrapper; an empty one gets what editors leave."""
    span = f' rowspan="{rowspan}"' if rowspan > 1 else ""
    body = text if text else EMPTY_CELLS[empty % len(EMPTY_CELLS)]
    return f'<td class="xl67" x:str{span}><font face="宋体" size="2">{body}</font></td>'


def page_html() -> str:
    first = [it for it in ITEMS if it.get("table", 1) == 1]
    second = [it for it in ITEMS if it.get("table", 1) == 2]
    rows1 = _rows_html_spanning(first, 1)
    rows2 = _rows_html_spanning(second, len(first) + 1)
    table_open = '<table border="1" cellspacing="0" cellpadding="0" width="1200" style="border-collapse:collapse">'
    cols = '<col width="40"><col width="80" span="2"><col width="220"><col width="100"><col width="200">' + (
        '<col width="120"><col width="110"><col width="50" span="2"><col width="70"><col width="90">'
    )
    return f"""<!DOCTYPE html>
<html xmlns:x="urn:schemas-microsoft-com:office:excel">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>某县发展和改革局政务公开事项目录_政务公开_某县人民政府</title>
<style>.xl66{{font-weight:bold;text-align:center}} .xl67{{font-size:9pt}} .nav a{{margin:0 8px}}</style>
<script>var _hmt = _hmt || []; /* site statistics */</script>
</head>
<body>
<table width="100%" border="0" cellspacing="0" cellpadding="0" class="layout">
<tr><td colspan="2" class="nav"><a href="/">首页</a>&nbsp;|&nbsp;<a href="/zwgk/">政务公开</a>&nbsp;|&nbsp;<a href="/hdjl/">互动交流</a>&nbsp;|&nbsp;公开内容</td></tr>
<tr>
<td width="200" valign="top">
<table border="0" class="side"><tr><td>相关链接</td></tr><tr><td><a href="#">政府信息公开指南</a></td></tr><tr><td><a href="#">政府信息公开年报</a></td></tr></table>
</td>
<td valign="top">
<h2>某县发展和改革局政务公开事项目录</h2>
<p>发布时间：2023-06-01&nbsp;&nbsp;来源：县发改局&nbsp;&nbsp;【字体：大 中 小】</p>
<div class="TRS_Editor"><p align="center"><span style="font-size:12pt">（第一部分）</span></p>
{table_open}
{cols}
<tbody>
{HEADER}{rows1}
</tbody>
</table>
<p>&nbsp;</p>
<p align="center"><span style="font-size:12pt">（第二部分）</span></p>
{table_open}
{cols}
<tbody>
{rows2}
</tbody>
</table>
</div>
</td>
</tr>
</table>
<table width="100%" class="footer"><tr><td>主办单位：某县人民政府办公室</td><td>联系我们</td><td>网站地图</td></tr></table>
</body>
</html>
"""


def _rows_html_spanning(items: list[dict], first_no: int) -> str:
    """Rows of one table: a level-1 cell merged over the rows of its items."""
    spans = []
    i = 0
    while i < len(items):
        j = i
        while j + 1 < len(items) and items[j + 1]["levels"][0] == items[i]["levels"][0] and not items[j + 1].get("cells_levels"):
            j += 1
        spans.append((i, j))
        i = j + 1
    out = []
    for start, end in spans:
        rows_in_span = sum(len(it.get("rows", [{}])) for it in items[start : end + 1])
        for k in range(start, end + 1):
            out.append(_item_rows(items[k], first_no + k, rows_in_span if k == start else 0, k))
    return "\n".join(out)


def _item_rows(it: dict, no: int, level_1_rows: int, i: int) -> str:
    c = it["cells"]
    parts = it.get("rows", [{}])
    n = len(parts)
    written = it.get("cells_levels") or it["levels"]
    first = parts[0]
    cells = [_td(str(no), n)]
    if level_1_rows:
        cells.append(_td(written[0], level_1_rows))
    cells += [_td(written[1], n), _td(it["content"], n), _td(SUBJECT, n)]
    for key in ("channels", "time"):
        own = key in first
        cells.append(_td(first[key] if own else c.get(key, it.get(key, "")), 1 if own else n))
    cells += [_td(c["attr"], n), _td(c["all"], n, empty=i), _td(c["group"], n, empty=i + 1), _td(c["office"], n)]
    own = "remark" in first
    cells.append(_td(first["remark"] if own else c.get("remark", ""), 1 if own else n, empty=i + 2))
    lines = ['<tr height="36">' + "".join(cells) + "</tr>"]
    for part in parts[1:]:
        lines.append('<tr height="36">' + _td(part["channels"]) + _td(part["time"]) + _td(part["remark"]) + "</tr>")
    return "\n".join(lines)


def expected_rows() -> list[dict]:
    rows = []
    seen: dict[str, int] = {}
    for n, it in enumerate(ITEMS, start=1):
        key = " / ".join(it["levels"])
        seen[key] = seen.get(key, 0) + 1
        row: dict = {
            "source": SOURCE,
            "page": it.get("table", 1),
            "item_no": n,
            "item_key": key if seen[key] == 1 else f"{key}#{seen[key]}",
        }
        for k in range(6):
            row[f"level_{k + 1}"] = it["levels"][k] if k < len(it["levels"]) else None
        row["content"] = it.get("content_expected", it["content"])
        row["basis"] = None
        row["subject"] = SUBJECT
        # A cell that names channels: every channel field is decided (false unless named and checked).
        for field in CHANNEL_COLUMNS:
            row[field] = False
        for label, on in it["channels"]:
            for field in CHANNELS[label]:
                row[field] = row[field] or on
        row["channels_extra"] = list(it.get("extras", []))
        if row["channels_extra"]:
            row["channel_other"] = True
        row["time_limit"] = it["time"]
        row["time_limit_days"], row["time_limit_kind"] = it.get("time_parsed", (20, "working_days"))
        for label, field in DISCLOSURE.items():
            row[field] = label in it["disclosure"]
        for field in METHOD_FIELDS.values():
            row[field] = None
        row["audience"] = "、".join(it["audience"]) or None
        row["tier_county"] = row["tier_township"] = None
        row["warnings"] = list(it.get("warnings", []))
        row["other_columns"] = {"序号": str(n), **it["others"]}
        rows.append(row)
    return rows


def main() -> None:
    OUT.mkdir(exist_ok=True)
    (OUT / SOURCE).write_text(page_html(), encoding="utf-8")
    expected = json.dumps(expected_rows(), ensure_ascii=False, indent=1)
    (OUT / f"{STEM}.expected.json").write_text(expected + "\n", encoding="utf-8")
    print(f"wrote {OUT / SOURCE} and its expected rows ({len(ITEMS)} items)")


if __name__ == "__main__":
    main()
