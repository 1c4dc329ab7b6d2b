"""Sheets in the words catalogues use that are not the standard's, and the rows they must give.

  yes-no.xlsx   national layout, one column per option (政府网站, 政府公报 under 公开渠道和载体;
                全社会, 特定群体 under 公开对象; 主动, 依申请 under 公开方式): each item writes its
                yes and no one way (是/否, Y/N, yes/no, numbers 1/0, Excel booleans, √/×, V/——),
                and one item a code no vocabulary knows ("a"), which must come out
                unreadable, never true
  header-words.xlsx a district sheet headed in other words: 公开事项名称 over 一级/二级, 公开时间
                for the time limit, 责任主体, 发布渠道 over 网站/公报/微博/微信/客户端, 公开范围
                over 全社会/特定群体 (a column the contract keeps in other_columns, its
                options still the audience), 公开类型 over 主动公开/依申请公开
  hidden-sheets.xlsx header-words.xlsx's sheet, then a hidden sheet 旧版 holding an older
                catalogue in the same layout (other labels) and a very hidden sheet 选项 of
                drop-down lists, one a column (主动公开/依申请公开, 是/否, 政府网站/…), as
                templates keep them: only the visible sheet's items may come out. hidden-sheets.ods and
                hidden-sheets.xls are LibreOffice's conversions of it (made only where soffice is
                installed; committed), whose hidden sheets are marked each format's own way

Expected rows (yes-no.expected.json, header-words.expected.json, hidden-sheets.expected.json)
come from the data below, never from an extraction. Regenerate: `python
samples/office/generate_sheet_words.py` (openpyxl; LibreOffice for the .ods and .xls).
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = ("序号", "事项类别", "", "公开内容（要素）", "公开依据", "公开时限", "公开主体",
          "公开渠道和载体", "", "公开对象", "", "公开方式", "")
SUBHEADER = ("", "一级事项", "二级事项", "", "", "", "", "政府网站", "政府公报", "全社会", "特定群体", "主动", "依申请")
# (second-level label, yes, no): every option column of an item is yes or no in this order:
# 政府网站 yes, 政府公报 no, 全社会 yes, 特定群体 no, 主动 yes, 依申请 no.
ITEMS: list[tuple[str, object, object]] = [
    ("最低生活保障", "是", "否"),
    ("特困人员救助供养", "Y", "N"),
    ("临时救助", "yes", "no"),
    ("医疗救助", 1, 0),
    ("住房救助", True, False),
    ("教育救助", "√", "×"),
    ("优抚安置", "V", "——"),  # a typed tick, a dash
    ("就业救助", "Y", "N"),  # but 政府网站 holds UNKNOWN_CODE: unreadable
]
UNKNOWN_ITEM = len(ITEMS) - 1
PACKAGE_DATE = datetime.datetime(2024, 1, 1)
ZIP_DATE = (2024, 1, 1, 0, 0, 0)
PATTERN = (True, False, True, False, True, False)
UNKNOWN_CODE = "a"


def expected_rows() -> list[dict[str, object]]:
    rows = []
    for k, (label, _, _) in enumerate(ITEMS):
        website: bool | None = None if k == UNKNOWN_ITEM else True
        rows.append({
            "item_no": k + 1,
            "item_key": f"社会救助 / {label}",
            "channel_website": website,
            "channel_gazette": False,
            "audience": "全社会",
            "disclosure_proactive": True,
            "disclosure_on_request": False,
            "disclosure_not_public": None,  # no column for it: null, not false
            "mark_unreadable": website is None,
        })
    return rows


# header-words.xlsx: (level 1, level 2, content, time limit, days, channels ticked of
# WORD_CHANNELS, proactive).
WORD_HEADER = ("序号", "公开事项名称", "", "公开内容", "公开依据", "公开时间", "责任主体",
               "发布渠道", "", "", "", "", "公开范围", "", "公开类型", "")
WORD_SUBHEADER = ("", "一级", "二级", "", "", "", "", "网站", "公报", "微博", "微信", "客户端",
                  "全社会", "特定群体", "主动公开", "依申请公开")
WORD_CHANNELS = ("channel_website", "channel_gazette", "channel_weibo", "channel_wechat", "channel_app")
WORD_ITEMS = [
    ("政策法规", "规范性文件", "文件全文", "制发后20个工作日内", 20, {"channel_website", "channel_weibo"}, True),
    ("政策法规", "政策解读", "解读材料", "文件公开后3个工作日内", 3,
     {"channel_website", "channel_gazette", "channel_wechat", "channel_app"}, True),
    ("财政信息", "部门预算", "预算表格及说明", "批复后20日内", 20, {"channel_website"}, False),
]


def word_rows() -> list[dict[str, object]]:
    rows = []
    for k, (one, two, content, limit, days, ticked, proactive) in enumerate(WORD_ITEMS):
        row: dict[str, object] = {"item_no": k + 1, "item_key": f"{one} / {two}", "level_1": one, "level_2": two,
                                  "content": content, "basis": "《条例》", "subject": "区司法局", "time_limit": limit,
                                  "time_limit_days": days, "audience": "全社会",
                                  "disclosure_proactive": proactive, "disclosure_on_request": not proactive,
                                  "other_columns": {"序号": str(k + 1)}}
        row.update({name: name in ticked for name in WORD_CHANNELS})
        rows.append(row)
    return rows


WORD_MERGES = ("A1:A2", "B1:C1", "D1:D2", "E1:E2", "F1:F2", "G1:G2", "H1:L1", "M1:N1", "O1:P1")
# The hidden sheet's older catalogue: the same layout, labels the visible one never uses.
OLD_ITEMS = [
    ("旧版事项", "已废止文件", "废止目录", "废止后20个工作日内", 20, {"channel_website"}, True),
    ("旧版事项", "历史统计", "年度统计表", "形成后20个工作日内", 20, {"channel_gazette"}, True),
]
# A drop-down list a column, as templates keep them: rows of three cells, but no header.
LOOKUP_ROWS = (("主动公开", "是", "政府网站"), ("依申请公开", "否", "政府公报"), ("不予公开", "不涉及", "政务微博"))


def _word_sheet(sheet, items) -> None:  # type: ignore[no-untyped-def]
    """header-words' layout: its two header rows, then one row an item."""
    sheet.append(WORD_HEADER)
    sheet.append(WORD_SUBHEADER)
    for ref in WORD_MERGES:
        sheet.merge_cells(ref)
    for k, (one, two, content, limit, _, ticked, proactive) in enumerate(items):
        first = k == 0 or items[k - 1][0] != one
        sheet.append([k + 1, one if first else None, two, content, "《条例》", limit, "区司法局",
                      *["√" if name in ticked else "" for name in WORD_CHANNELS],
                      "√", "", "√" if proactive else "", "" if proactive else "√"])
    sheet.merge_cells("B3:B4")  # the first level label over its first two items


def make_header_words() -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "目录"
    _word_sheet(book.active, WORD_ITEMS)
    _save(book, "header-words", word_rows())


def make_hidden_sheets() -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "目录"
    _word_sheet(book.active, WORD_ITEMS)
    old = book.create_sheet("旧版")
    _word_sheet(old, OLD_ITEMS)
    old.sheet_state = "hidden"
    lookup = book.create_sheet("选项")
    for row in LOOKUP_ROWS:
        lookup.append(list(row))
    lookup.sheet_state = "veryHidden"
    _save(book, "hidden-sheets", word_rows())
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("no LibreOffice: hidden-sheets.ods and .xls left as they are")
        return
    with tempfile.TemporaryDirectory() as work:
        for kind in ("ods", "xls"):
            subprocess.run([soffice, "--headless", f"-env:UserInstallation={Path(work, 'profile').as_uri()}",
                            "--convert-to", kind, "--outdir", str(HERE), str(HERE / "hidden-sheets.xlsx")],
                           check=True, capture_output=True, timeout=120)


def _sheet(header: tuple[str, ...], subheader: tuple[str, ...], merges: tuple[str, ...]):  # type: ignore[no-untyped-def]
    """A workbook of one sheet, 目录, with two header rows and their merges."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "目录"
    sheet.append(header)
    sheet.append(subheader)
    for ref in merges:
        sheet.merge_cells(ref)
    return book, sheet


def _save(book, stem: str, rows: list[dict[str, object]]) -> None:  # type: ignore[no-untyped-def]
    """<stem>.xlsx with the same bytes on every run, and <stem>.expected.json."""
    path = HERE / f"{stem}.xlsx"
    book.properties.created = book.properties.modified = PACKAGE_DATE
    book.save(path)
    _fix_zip_dates(path)
    doc = {"source": path.name, "rows": rows}
    (HERE / f"{stem}.expected.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    make_yes_no()
    make_header_words()
    make_hidden_sheets()


def make_yes_no() -> None:
    book, sheet = _sheet(HEADER, SUBHEADER, ("A1:A2", "B1:C1", "D1:D2", "E1:E2", "F1:F2", "G1:G2", "H1:I1", "J1:K1", "L1:M1"))
    for k, (label, yes, no) in enumerate(ITEMS):
        marks = [yes if on else no for on in PATTERN]
        if k == UNKNOWN_ITEM:
            marks[0] = UNKNOWN_CODE
        sheet.append([k + 1, "社会救助" if k == 0 else None, label, "申请条件、办理流程", "《社会救助暂行办法》",
                      "20个工作日", "县民政局", *marks])
    sheet.merge_cells(start_row=3, start_column=2, end_row=2 + len(ITEMS), end_column=2)
    _save(book, "yes-no", expected_rows())


def _fix_zip_dates(path: Path) -> None:
    """Rewrite the package with one date on every member and in its properties (openpyxl
    stamps dcterms:modified with the time of saving), so the bytes do not depend on when it ran."""
    with zipfile.ZipFile(path) as package:
        members = [(info.filename, package.read(info)) for info in package.infolist()]
    stamp = PACKAGE_DATE.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    members = [(name, re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, content)
                if name == "docProps/core.xml" else content) for name, content in members]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in members:
            package.writestr(zipfile.ZipInfo(name, ZIP_DATE), content, zipfile.ZIP_DEFLATED)


if __name__ == "__main__":
    main()
