"""Writes samples/custody/formula-cells.html: a small web-page catalogue whose cells start
with what a spreadsheet takes for a formula (=, +, -, @, a tab), the CSV-injection
payloads a hostile page can carry, and formula-cells.expected.json with the values each
item's fields must keep exactly (Parquet, JSONL) and the text the CSV must show.

Run: python samples/custody/generate_custody.py
"""

from __future__ import annotations

import html
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (一级, 二级, 公开内容, 公开主体): each content or subject begins with a formula start.
ROWS = [
    ("政策文件", "规范性文件", '=HYPERLINK("http://example.invalid/x","点击")', "区政府办公室"),
    ("政策文件", "政策解读", "=cmd|' /C calc'!A0", "+区发展改革委"),
    ("财政信息", "预算", "@SUM(1+1)", "-区财政局"),
    ("财政信息", "决算", "\t=1+2", "区财政局"),
    ("财政信息", "审计", "'=已带引号", "区审计局"),
]
HEADER = ["一级事项", "二级事项", "公开内容", "公开主体", "公开渠道", "公开时限"]
CHANNEL = '<input checked="" type="checkbox"/> 政府网站 <input type="checkbox"/> 政府公报'
LIMIT = "信息形成之日起20个工作日内"


def page() -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in HEADER)
    body = []
    for level_1, level_2, content, subject in ROWS:
        cells = [html.escape(level_1), html.escape(level_2), html.escape(content), html.escape(subject), CHANNEL,
                 html.escape(LIMIT)]
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>公开事项目录</title></head><body>\n"
            f"<table border=\"1\"><tr>{head}</tr>\n" + "\n".join(body) + "\n</table></body></html>\n")


def expected() -> list[dict[str, str]]:
    # A cell's leading tab is whitespace the text repair trims, which leaves the "=" first.
    return [{"level_1": l1, "level_2": l2, "content": content.strip(), "subject": subject}
            for l1, l2, content, subject in ROWS]


def main() -> None:
    (HERE / "formula-cells.html").write_text(page(), encoding="utf-8")
    (HERE / "formula-cells.expected.json").write_text(
        json.dumps({"rows": expected()}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
