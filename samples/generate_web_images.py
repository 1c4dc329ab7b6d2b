"""A web page whose marks are pictures: older government sites draw a tick as an image
with the glyph as its text equivalent (<img src="gou.gif" alt="√">), and an empty box
as one too (alt="□") or as nothing at all.

    python samples/generate_web_images.py   → samples/html/image-marks.html
                                              samples/html/image-marks.expected.json

One-option columns under 公开渠道 (政府网站, 政府公报, 政务微信) and 公开方式 (主动,
依申请), two header rows; a seal picture (alt "公章") in a content cell adds no text;
one item's title attribute stands in for a missing alt. The expected rows come from
ITEMS below, never from an extraction.
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parent / "html"
STEM = "image-marks"
CHANNELS = ("channel_website", "channel_gazette", "channel_wechat")
CHANNEL_NAMES = ("政府网站", "政府公报", "政务微信")
TICK = '<img src="images/gou.gif" alt="√" width="12">'
TICK_TITLE = '<img src="images/gou.gif" title="√">'
BOX = '<img src="images/kong.gif" alt="□">'
SEAL = '<img src="images/seal.png" alt="公章">'
# (level 1, level 2, content, channels ticked, proactive, how an unticked mark is drawn)
ITEMS = [
    ("政策文件", "规范性文件", "文件全文及解读", {"channel_website", "channel_gazette"}, True, BOX),
    ("政策文件", "其他文件", "其他需要公开的文件", {"channel_website"}, True, ""),
    ("财政信息", "部门预算", "预算表格及说明", {"channel_website", "channel_wechat"}, False, BOX),
    ("财政信息", "部门决算", "决算表格及说明", {"channel_wechat"}, True, ""),
]


def page_html() -> str:
    rows = []
    for n, (one, two, content, ticked, proactive, empty) in enumerate(ITEMS, start=1):
        tick = TICK_TITLE if n == 4 else TICK
        seal = SEAL if n == 1 else ""
        marks = "".join(f"<td>{tick if name in ticked else empty}</td>" for name in CHANNELS)
        method = f"<td>{tick if proactive else empty}</td><td>{empty if proactive else tick}</td>"
        rows.append(f"<tr><td>{n}</td><td>{one}</td><td>{two}</td><td>{content}{seal}</td>"
                    f"<td>县政府办公室</td><td>信息形成之日起20个工作日内</td>{marks}{method}</tr>")
    head = ('<tr><th rowspan="2">序号</th><th rowspan="2">一级事项</th><th rowspan="2">二级事项</th>'
            '<th rowspan="2">公开内容</th><th rowspan="2">公开主体</th><th rowspan="2">公开时限</th>'
            '<th colspan="3">公开渠道</th><th colspan="2">公开方式</th></tr>'
            f'<tr>{"".join(f"<th>{name}</th>" for name in CHANNEL_NAMES)}<th>主动</th><th>依申请</th></tr>')
    return ('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>政务公开事项目录</title></head><body>\n'
            '<h2>某县政务公开事项目录</h2>\n<table border="1">\n' + head + "\n" + "\n".join(rows)
            + "\n</table>\n</body></html>\n")


def expected_rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for n, (one, two, content, ticked, proactive, _) in enumerate(ITEMS, start=1):
        row: dict[str, object] = {"item_no": n, "item_key": f"{one} / {two}", "level_1": one, "level_2": two,
                                  "content": content, "subject": "县政府办公室",
                                  "time_limit": "信息形成之日起20个工作日内", "time_limit_days": 20,
                                  "disclosure_proactive": proactive, "disclosure_on_request": not proactive,
                                  "disclosure_not_public": None}
        row.update({name: name in ticked for name in CHANNELS})
        rows.append(row)
    return rows


def main() -> None:
    OUT.mkdir(exist_ok=True)
    (OUT / f"{STEM}.html").write_text(page_html(), encoding="utf-8")
    doc = {"source": f"{STEM}.html", "rows": expected_rows()}
    (OUT / f"{STEM}.expected.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
