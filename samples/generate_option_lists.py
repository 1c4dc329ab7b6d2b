"""One small national-layout catalogue whose channel cells list options without marks, in
every format a catalogue comes in, with the contract rows each must give.

    python samples/generate_option_lists.py   → samples/option-lists/option-lists.{pdf,xlsx,docx,html}
                                                samples/option-lists/option-lists.expected.json

The traps (issues 20 and 22):
  - a channel cell that lists its channels one a line, without marks or separators (an
    Excel Alt+Enter cell; a Word cell of one paragraph a line), one of them no vocabulary
    knows → each named channel true, the unknown one an extra channel;
  - two option labels run together with nothing between them ("政府网站政府公报") → both;
  - a separator word inside a channel's name ("中国政府采购网及其地方分网") → one channel,
    while the same word between two known names ("政府网站及政务微博") parts them;
  - 公开方式 printed one option a column with only 主动 and 依申请 → disclosure_not_public
    has no column and stays null.

Expected rows come from ITEMS below, never from an extraction. Deterministic: the PDF in
reportlab's invariant mode, the Office files with fixed package dates. Needs reportlab,
openpyxl and python-docx, and fonts-dejavu-core for the PDF (samples/generate_pdfs.py
registers it for mark glyphs; the PDF's CJK font is not embedded).
"""

from __future__ import annotations

import datetime
import json
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate_pdfs as gp  # noqa: E402
import pdflayout as pl  # noqa: E402
from catalogue_data import CHANNEL_COLUMNS  # noqa: E402  (the contract's channel columns)

OUT = Path(__file__).resolve().parent / "option-lists"
STEM = "option-lists"
TITLE = "某县基层政务公开标准目录（政府采购领域）"
HEADER = ("序号", "一级事项", "二级事项", "公开内容（要素）", "公开主体", "公开渠道和载体", "主动", "依申请")
# The dates written into the Office packages, so that a re-run gives the same bytes.
PACKAGE_DATE = datetime.datetime(2024, 1, 1)
# A fixed timestamp for every member of a rewritten zip package.
ZIP_DATE = (2024, 1, 1, 0, 0, 0)

# Each item: its cells as printed, and what they mean. `channel_lines`: the channel
# cell's lines (no marks); `channels`: the contract channel fields that are true;
# `extras`: channels outside the vocabulary; `on_request`: which one-option column of
# 公开方式 has its √ (主动 otherwise).
ITEMS: list[dict] = [
    {
        "levels": ("采购信息", "采购意向"),
        "content": "采购项目名称、采购需求概况、预算金额、预计采购时间",
        "subject": "县财政局",
        "channel_lines": ["政府网站", "报刊", "公开查阅点", "行政服务中心", "现场公开", "其他"],
        "channels": ("website", "press", "service_hall", "other"),
        "extras": ("公开查阅点", "现场公开"),
        "warnings": ("unknown_option:现场公开",),
    },
    {
        "levels": ("采购信息", "采购公告"),
        "content": "招标公告、竞争性谈判公告、询价公告",
        "subject": "县财政局",
        "channel_lines": ["政府网站政府公报"],
        "channels": ("website", "gazette"),
    },
    {
        "levels": ("采购信息", "中标结果"),
        "content": "中标、成交供应商名称、地址和中标、成交金额",
        "subject": "县财政局、采购人",
        "channel_lines": ["政府网站、中国政府采购网及其地方分网"],
        "channels": ("website", "other"),
        "extras": ("中国政府采购网及其地方分网",),
    },
    {
        "levels": ("投诉处理", "处理决定"),
        "content": "投诉人和被投诉人名称、处理依据、处理结果",
        "subject": "县财政局",
        "channel_lines": ["政府网站及政务微博"],
        "channels": ("website", "weibo"),
        "on_request": True,
    },
]


# ---------------------------------------------------------------- expected rows


def expected_rows(source: str) -> list[dict]:
    rows = []
    for n, it in enumerate(ITEMS, start=1):
        levels = [*it["levels"], *[None] * (6 - len(it["levels"]))]
        row: dict[str, object] = {"source": source, "page": 1, "item_no": n, "item_key": " / ".join(it["levels"])}
        row.update({f"level_{k + 1}": label for k, label in enumerate(levels)})
        row.update(content=it["content"], basis=None, subject=it["subject"])
        row.update({name: name.removeprefix("channel_") in it["channels"] for name in CHANNEL_COLUMNS})
        row["channels_extra"] = list(it.get("extras", ()))
        row.update(time_limit=None, time_limit_days=None, time_limit_kind=None)
        on_request = bool(it.get("on_request"))
        # 主动 and 依申请 have a column each; 不予公开 has none, so it is not known.
        row.update(disclosure_proactive=not on_request, disclosure_on_request=on_request, disclosure_not_public=None)
        row.update({f"method_{m}": None for m in ("pre_release", "full_text", "desensitized", "interpretation",
                                                   "onsite", "other")})
        row.update(audience=None, tier_county=None, tier_township=None)
        row["warnings"] = sorted(it.get("warnings", ()))
        row["other_columns"] = {"序号": str(n)}
        rows.append(row)
    return rows


def _cells(n: int, it: dict) -> list[str]:
    on_request = bool(it.get("on_request"))
    return [str(n), *it["levels"], it["content"], it["subject"], "\n".join(it["channel_lines"]),
            "" if on_request else "√", "√" if on_request else ""]


# ---------------------------------------------------------------- the formats


def make_pdf(path: Path) -> None:
    widths = [24.0, 60.0, 64.0, 210.0, 80.0, 150.0, 36.0, 40.0]
    header = [pl.CellSpec(0, 0, ["序号"], rowspan=2, align="center"),
              pl.CellSpec(0, 1, ["公开事项"], colspan=2, align="center")]
    for k, name in enumerate(HEADER[3:6]):
        header.append(pl.CellSpec(0, 3 + k, [name], rowspan=2, align="center"))
    header.append(pl.CellSpec(0, 6, ["公开方式"], colspan=2, align="center"))
    for k, name in ((1, "一级事项"), (2, "二级事项"), (6, "主动"), (7, "依申请")):
        header.append(pl.CellSpec(1, k, [name], align="center"))
    body: list[pl.CellSpec] = []
    for r, it in enumerate(ITEMS):
        for c, text in enumerate(_cells(r + 1, it)):
            centred = c in (0, 6, 7)
            body.append(pl.CellSpec(r, c, [text] if text else [], valign="middle" if centred else "top",
                                    align="center" if centred else "left"))
    spec = pl.TableSpec(widths, header, [16.0, 16.0], body, len(ITEMS), ruling="lines")
    lay = pl.layout_table(spec, gp.capacity_fn(spec, gp.LANDSCAPE[1], title=True))
    assert lay.n_pages == 1, "the sample is one page"
    gp.draw_document(path, spec, lay, TITLE)


def make_xlsx(path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Alignment

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "目录"
    ws.cell(1, 1, TITLE)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.cell(2, 2, "公开事项")
    ws.merge_cells("B2:C2")
    ws.cell(2, 7, "公开方式")
    ws.merge_cells("G2:H2")
    for c, name in enumerate(HEADER, start=1):
        if name in ("一级事项", "二级事项", "主动", "依申请"):
            ws.cell(3, c, name)
        else:
            ws.cell(2, c, name)
            ws.merge_cells(start_row=2, start_column=c, end_row=3, end_column=c)
    for r, it in enumerate(ITEMS):
        for c, text in enumerate(_cells(r + 1, it), start=1):
            cell = ws.cell(4 + r, c, text or None)
            if "\n" in text:
                cell.alignment = Alignment(wrap_text=True)  # Alt+Enter: one channel a line
    book.properties.created = book.properties.modified = PACKAGE_DATE
    book.save(path)
    _fix_zip_dates(path)


def make_docx(path: Path) -> None:
    import docx

    d = docx.Document()
    d.core_properties.created = d.core_properties.modified = PACKAGE_DATE
    d.add_paragraph(TITLE)
    t = d.add_table(rows=2 + len(ITEMS), cols=len(HEADER))
    t.style = "Table Grid"
    for c in (0, 3, 4, 5):
        t.cell(0, c).merge(t.cell(1, c)).text = HEADER[c]
    t.cell(0, 1).merge(t.cell(0, 2)).text = "公开事项"
    t.cell(0, 6).merge(t.cell(0, 7)).text = "公开方式"
    for c in (1, 2, 6, 7):
        t.cell(1, c).text = HEADER[c]
    for r, it in enumerate(ITEMS):
        for c, text in enumerate(_cells(r + 1, it)):
            cell = t.cell(2 + r, c)
            lines = text.split("\n")
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)  # one channel a paragraph
    d.save(str(path))
    _fix_zip_dates(path)


def make_html(path: Path) -> None:
    def cell(text: str, extra: str = "") -> str:
        return f"<td{extra}>{'<br>'.join(text.split(chr(10)))}</td>"

    rows = [f"<tr><td colspan=\"{len(HEADER)}\">{TITLE}</td></tr>",
            "<tr>" + cell("序号", ' rowspan="2"') + cell("公开事项", ' colspan="2"')
            + "".join(cell(h, ' rowspan="2"') for h in HEADER[3:6]) + cell("公开方式", ' colspan="2"') + "</tr>",
            "<tr>" + "".join(cell(h) for h in ("一级事项", "二级事项", "主动", "依申请")) + "</tr>"]
    rows += ["<tr>" + "".join(cell(text) for text in _cells(r + 1, it)) + "</tr>" for r, it in enumerate(ITEMS)]
    body = "\n".join(rows)
    path.write_text(f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{TITLE}</title></head>\n"
                    f"<body>\n<table border=\"1\">\n{body}\n</table>\n</body></html>\n", encoding="utf-8")


def _fix_zip_dates(path: Path) -> None:
    """Rewrite a zip package with one date on every member, so the bytes do not depend on when it ran."""
    with zipfile.ZipFile(path) as package:
        members = [(info.filename, package.read(info)) for info in package.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in members:
            package.writestr(zipfile.ZipInfo(name, ZIP_DATE), content, zipfile.ZIP_DEFLATED)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, gp.fixed_font_timestamps():
        gp.register_fonts(Path(tmp))
        make_pdf(OUT / f"{STEM}.pdf")
    make_xlsx(OUT / f"{STEM}.xlsx")
    make_docx(OUT / f"{STEM}.docx")
    make_html(OUT / f"{STEM}.html")
    expected = {ext: expected_rows(f"{STEM}.{ext}") for ext in ("pdf", "xlsx", "docx", "html")}
    (OUT / f"{STEM}.expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n",
                                              encoding="utf-8")
    print(f"wrote {OUT}: {STEM}.pdf/.xlsx/.docx/.html and the expected rows ({len(ITEMS)} items each)")


if __name__ == "__main__":
    main()
