"""A small district-layout catalogue one of whose rows marks no disclosure option, as a
Word table and a web page, with what each row must give
(`expected`, which the test reads).

    python samples/generate_undisclosed.py   → samples/undisclosed/undisclosed.{docx,html}

Every item is disclosed somehow (主动, 依申请 or 不予公开). On a scan, a row whose
disclosure cell reads "☐主动公开 ☐依申请公开" is most likely a misread ☑, and its
disclosure is made null with a warning; a Word table or a web page states its boxes, and
an empty box is false there, as the contract says. Item 2 is that row (the source ticked
none); the other rows tick one option each. Which option
each row ticks comes from ITEMS below, never from an extraction. Deterministic (fixed
package dates). Needs python-docx.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_option_lists import PACKAGE_DATE, _fix_zip_dates  # noqa: E402

OUT = Path(__file__).resolve().parent / "undisclosed"
STEM = "undisclosed"
TITLE = "某区政务公开事项目录（财政预决算）"
HEADER = ("序号", "一级事项", "二级事项", "公开内容", "公开主体", "公开属性", "公开渠道")
DISCLOSURE = ("主动公开", "依申请公开")
CHANNELS = ("政府网站", "政府公报")

# Each item: its labels, content, subject, the disclosure options it ticks (none for
# item 2) and the channels it ticks.
ITEMS: list[dict] = [
    {"levels": ("预算", "部门预算"), "content": "部门预算报表及说明", "subject": "区财政局",
     "disclosure": ("主动公开",), "channels": ("政府网站",)},
    {"levels": ("预算", "预算调整"), "content": "预算调整方案", "subject": "区财政局",
     "disclosure": (), "channels": ("政府网站", "政府公报")},
    {"levels": ("决算", "部门决算"), "content": "部门决算报表及说明", "subject": "区财政局",
     "disclosure": ("依申请公开",), "channels": ("政府公报",)},
]

CHECKED, UNCHECKED = "☑", "☐"


def _marked(options: tuple[str, ...], ticked: tuple[str, ...]) -> str:
    return " ".join(f"{CHECKED if o in ticked else UNCHECKED}{o}" for o in options)


def _cells(n: int, it: dict) -> list[str]:
    return [str(n), *it["levels"], it["content"], it["subject"], _marked(DISCLOSURE, it["disclosure"]),
            _marked(CHANNELS, it["channels"])]


def expected(source: str) -> list[dict]:
    """The fields the test checks, by item: disclosure as the boxes state it (every
    option false on the row that ticks none) and no warning: these files are no scans."""
    rows = []
    for n, it in enumerate(ITEMS, start=1):
        ticked = it["disclosure"]
        rows.append({
            "source": source, "item_no": n, "level_2": it["levels"][1],
            "disclosure_proactive": "主动公开" in ticked,
            "disclosure_on_request": "依申请公开" in ticked,
            # The cell lists options with marks: 不予公开, which it does not list, is false.
            "disclosure_not_public": False,
            "channel_website": "政府网站" in it["channels"], "channel_gazette": "政府公报" in it["channels"],
            "warnings": [],
        })
    return rows


def make_docx(path: Path) -> None:
    import docx

    d = docx.Document()
    d.core_properties.created = d.core_properties.modified = PACKAGE_DATE
    d.add_paragraph(TITLE)
    t = d.add_table(rows=1 + len(ITEMS), cols=len(HEADER))
    t.style = "Table Grid"
    for c, name in enumerate(HEADER):
        t.cell(0, c).text = name
    for r, it in enumerate(ITEMS):
        for c, text in enumerate(_cells(r + 1, it)):
            t.cell(1 + r, c).text = text
    d.save(str(path))
    _fix_zip_dates(path)


def make_html(path: Path) -> None:
    rows = [f"<tr><td colspan=\"{len(HEADER)}\">{TITLE}</td></tr>",
            "<tr>" + "".join(f"<th>{h}</th>" for h in HEADER) + "</tr>"]
    rows += ["<tr>" + "".join(f"<td>{text}</td>" for text in _cells(r + 1, it)) + "</tr>" for r, it in enumerate(ITEMS)]
    body = "\n".join(rows)
    path.write_text(f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{TITLE}</title></head>\n"
                    f"<body>\n<table border=\"1\">\n{body}\n</table>\n</body></html>\n", encoding="utf-8")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    make_docx(OUT / f"{STEM}.docx")
    make_html(OUT / f"{STEM}.html")
    print(f"wrote {OUT}: {STEM}.docx and {STEM}.html ({len(ITEMS)} items each)")


if __name__ == "__main__":
    main()
