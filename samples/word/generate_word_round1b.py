from pathlib import Path

HERE = str(Path(__file__).resolve().parent)

import json
import sys

sys.path.insert(0, HERE)
from generate_word_round1 import *


def vertical(cell):
    tcPr = cell._tc.get_or_add_tcPr(); td = OxmlElement("w:textDirection"); td.set(qn("w:val"), "tbRlV"); tcPr.append(td)

def shade(cell, fill="D9D9D9"):
    tcPr = cell._tc.get_or_add_tcPr(); s = OxmlElement("w:shd"); s.set(qn("w:val"), "clear"); s.set(qn("w:fill"), fill); tcPr.append(s)

def sym(par, font, hexch, size=8):
    r = par.add_run(); r.font.size = Pt(size)
    s = OxmlElement("w:sym"); s.set(qn("w:font"), font); s.set(qn("w:char"), hexch); r._element.append(s)

def opts_symbol(cell, opts, per_line=2):
    """√ from Symbol F0D6, □ from Wingdings F0A8 (common in WPS/Word catalogues)"""
    cell.text = ""; p = cell.paragraphs[0]
    for i, (label, on) in enumerate(opts):
        if i and i % per_line == 0: p = cell.add_paragraph()
        if on: sym(p, "Symbol", "F0D6")
        else: sym(p, "Wingdings", "F0A8")
        set_cjk(p.add_run(label + " "))

exp = json.load(open(HERE + "/expected-round1.json"))

# --- district_vertical: vertical level-1 text, shaded header, Symbol/Wingdings sym marks, header repeated
def build(name, markfn, vert=True):
    items = district_items()
    W = [1.0, 1.8, 1.6, 1.4, 5.4, 2.2, 4.8, 2.2, 2.0, 2.4, 1.2]
    d = new_doc("××区政务公开事项标准目录")
    t = table(d, 2 + len(items), W)
    hdr = ["事项类别", None, None, None, "公开内容", "公开主体", "公开渠道", "公开时限", "公开属性", "公开方式", "公开对象"]
    for c, h in enumerate(["一级", "二级", "三级", "四级"]): write(t.cell(1, c), h, size=9, center=True)
    m = t.cell(0, 0).merge(t.cell(0, 3)); write(m, "事项类别", size=9, center=True)
    for c in range(4, 11):
        m = t.cell(0, c).merge(t.cell(1, c)); write(m, hdr[c], size=9, center=True)
    for r in (0, 1):
        for c in t.rows[r].cells: shade(c)
    repeat_header(t.rows[0]); repeat_header(t.rows[1])
    for i, it in enumerate(items):
        r = 2 + i
        write(t.cell(r, 4), it["content"] or ""); write(t.cell(r, 5), it["subject"])
        markfn(t.cell(r, 6), it["channels"]); write(t.cell(r, 7), it["time"])
        markfn(t.cell(r, 8), it["disclosure"], per_line=1); markfn(t.cell(r, 9), it["method"], per_line=1)
        write(t.cell(r, 10), it["audience"], center=True)
    for i, it in enumerate(items):
        if it.get("hspan"):
            m = t.cell(2 + i, 1).merge(t.cell(2 + i, 3)); write(m, it["levels"][1])
    vmerge_runs(t, items, 4, 2, [0, 1, 2, 3])
    if vert:
        seen = set()
        for i in range(len(items)):
            c = t.cell(2 + i, 0)
            if id(c._tc) not in seen: seen.add(id(c._tc)); vertical(c)
    p = d.add_paragraph(); set_cjk(p.add_run("注：①机关简介类信息由各单位自行维护。"), size=9)
    d.save(f"{HERE}/{name}.docx")
    exp[name] = []
    for n, it in enumerate(items, 1):
        row = expected_row(name + ".pdf", n, it, "district")
        if it.get("audience_expected"): row["audience"] = it["audience_expected"]
        exp[name].append(row)

build("district_vertical_symbol", opts_symbol)
build("district_fakewd2", lambda c, o, per_line=2: write_options(c, o, "wd_font", per_line=per_line), vert=False)
for v in exp.values():
    for r in v:
        if r["content"]: r["content"] = r["content"].replace("\n", "")
json.dump(exp, open(HERE + "/expected-round1.json", "w"), ensure_ascii=False, indent=1)
