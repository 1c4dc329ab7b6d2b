"""Round 2: Word->PDF catalogues with new traps, plus expected contract rows (written from the data)."""
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)

import json
import sys

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_ALIGN_VERTICAL
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

OUT = HERE
CJK = "宋体"
TIME = {
    "相关信息形成或变更之日起20个工作日内": (20, "working_days"),
    "信息形成或者变更之日起20个工作日内": (20, "working_days"),
    "即时": (None, "realtime"), "实时": (None, "realtime"),
    "批复后20日内": (20, "calendar_days"),
    "每年1月31日前": (None, "deadline"),
    "及时公开": (None, None), "按季度": (None, None), "1年": (None, None),
    "收到申请之日起15个工作日内": (15, "working_days"),
    "自作出决定之日起7个工作日内": (7, "working_days"),
}
CH = {"政府网站": ["channel_website"], "政府公报": ["channel_gazette"], "政务微博": ["channel_weibo"],
      "政务微信": ["channel_wechat"], "移动客户端": ["channel_app"], "电视": ["channel_tv"], "广播": ["channel_radio"],
      "报刊": ["channel_press"], "信息公告栏": ["channel_bulletin_board"], "政务服务中心": ["channel_service_hall"],
      "档案馆": ["channel_archives"], "其他": ["channel_other"], "两微一端": ["channel_weibo", "channel_wechat", "channel_app"],
      "广播电视": ["channel_tv", "channel_radio"], "纸质媒体": ["channel_press"], "政务新媒体": ["channel_weibo", "channel_wechat", "channel_app"],
      "社区/企事业单位/村公示栏（电子屏）": ["channel_bulletin_board"], "便民服务站": ["channel_service_hall"],
      "公示栏": ["channel_bulletin_board"], "图书馆": ["channel_archives"]}
ALLCH = ["channel_website", "channel_gazette", "channel_weibo", "channel_wechat", "channel_app", "channel_tv",
         "channel_radio", "channel_press", "channel_bulletin_board", "channel_service_hall", "channel_archives", "channel_other"]
DISC = {"主动公开": "disclosure_proactive", "依申请公开": "disclosure_on_request", "不予公开": "disclosure_not_public",
        "主动": "disclosure_proactive", "依申请": "disclosure_on_request"}
METH = {"预公开": "method_pre_release", "全文发布": "method_full_text", "脱密（脱敏）公开": "method_desensitized",
        "政策解读": "method_interpretation", "现场宣讲": "method_onsite", "其他": "method_other"}
TIER = {"县级": 0, "乡级": 1, "区级": 0, "镇(街)级": 1}


# ---------------------------------------------------------------- docx helpers
def set_font(run, name=CJK, size=8, ascii_="Times New Roman"):
    run.font.size = Pt(size)
    rpr = run._element.get_or_add_rPr()
    f = rpr.find(qn("w:rFonts"))
    if f is None:
        f = OxmlElement("w:rFonts"); rpr.insert(0, f)
    f.set(qn("w:eastAsia"), name); f.set(qn("w:ascii"), ascii_); f.set(qn("w:hAnsi"), ascii_)


def wd2_run(par, text, size):
    r = par.add_run(text); r.font.size = Pt(size)
    rpr = r._element.get_or_add_rPr(); f = OxmlElement("w:rFonts")
    for a in ("ascii", "hAnsi", "eastAsia", "cs"):
        f.set(qn("w:" + a), "Wingdings 2")
    rpr.insert(0, f)


def add_break(par):
    r = par.add_run(); r._element.append(OxmlElement("w:br"))


def write(cell, text, size=8, center=False, soft=False):
    """text lines split by \n -> paragraphs; by \v -> Shift+Enter line breaks (w:br)."""
    cell.text = ""
    p = cell.paragraphs[0]
    for i, line in enumerate((text or "").split("\n")):
        if i:
            p = cell.add_paragraph()
        for j, seg in enumerate(line.split("\v")):
            if j:
                add_break(p)
            set_font(p.add_run(seg), size=size)
        if center:
            p.alignment = 1


def write_options(cell, opts, style, size=8, per_line=2, brk=False):
    """style: unicode_box ☑☐ ; square ■□ ; wd2 (font runs R/£) ; sqrt √□"""
    cell.text = ""
    p = cell.paragraphs[0]
    for i, (label, on) in enumerate(opts):
        if i and i % per_line == 0:
            if brk:
                add_break(p)
            else:
                p = cell.add_paragraph()
        if style == "wd2":
            wd2_run(p, "R" if on else "£", size)
        else:
            m = {"unicode_box": "☑☐", "square": "■□", "sqrt": "√□"}[style]
            set_font(p.add_run(m[0] if on else m[1]), size=size)
        set_font(p.add_run(label + (" " if (i % per_line) != per_line - 1 and i != len(opts) - 1 else "")), size=size)


def shade(cell, fill="D9D9D9"):
    tcPr = cell._tc.get_or_add_tcPr(); s = OxmlElement("w:shd"); s.set(qn("w:val"), "clear"); s.set(qn("w:fill"), fill); tcPr.append(s)


def repeat_header(row):
    trpr = row._tr.get_or_add_trPr(); h = OxmlElement("w:tblHeader"); h.set(qn("w:val"), "true"); trpr.append(h)


def para(d, text, size=10.5, name=CJK, center=False):
    p = d.add_paragraph()
    set_font(p.add_run(text), name=name, size=size)
    if center:
        p.alignment = 1
    return p


def setup_section(s, landscape=True, margin=1.5):
    if landscape:
        s.orientation = WD_ORIENT.LANDSCAPE; s.page_width, s.page_height = Cm(29.7), Cm(21.0)
    else:
        s.orientation = WD_ORIENT.PORTRAIT; s.page_width, s.page_height = Cm(21.0), Cm(29.7)
    for a in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(s, a, Cm(margin))


def new_table(d, n_rows, widths):
    t = d.add_table(rows=n_rows, cols=len(widths)); t.style = "Table Grid"; t.autofit = False
    for row in t.rows:
        for c, w in zip(row.cells, widths):
            c.width = Cm(w)
    for gc, w in zip(t._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        gc.set(qn("w:w"), str(int(w * 567)))
    return t


# ---------------------------------------------------------------- generic table builder
def build_table(d, spec, items, size=8):
    """spec: dict(cols=[...], header=..., levels=n, repeat=bool, shade_header, zebra, center_labels)
    col kinds: seq, L0..L5, content, basis, subject, channels, time, attr, method, audience, remark,
               percol:<field>:<label>  (√ or empty), tier_inline, disc_inline"""
    cols = spec["cols"]
    widths = [w for _, w, _ in cols]
    hdr_rows = 2
    rows_total = hdr_rows + len(items)
    t = new_table(d, rows_total, widths)
    # header: groups
    c = 0
    while c < len(cols):
        kind, _, title = cols[c]
        grp = title[0] if isinstance(title, tuple) else None
        if grp:
            j = c
            while j + 1 < len(cols) and isinstance(cols[j + 1][2], tuple) and cols[j + 1][2][0] == grp:
                j += 1
            m = t.cell(0, c).merge(t.cell(0, j)) if j > c else t.cell(0, c)
            write(m, grp, size=9, center=True)
            for k in range(c, j + 1):
                write(t.cell(1, k), cols[k][2][1], size=8, center=True)
            c = j + 1
        else:
            m = t.cell(0, c).merge(t.cell(1, c)); write(m, title, size=9, center=True); c += 1
    if spec.get("repeat", True):
        repeat_header(t.rows[0]); repeat_header(t.rows[1])
    if spec.get("shade_header"):
        for r in (0, 1):
            for cc in t.rows[r].cells:
                shade(cc)
    seq = 0
    for i, it in enumerate(items):
        r = hdr_rows + i
        if it.get("empty"):
            continue
        seq += 1
        for ci, (kind, _, _) in enumerate(cols):
            cell = t.cell(r, ci)
            if kind == "seq":
                write(cell, str(seq), center=True)
            elif kind == "content":
                write(cell, it.get("content_doc", it.get("content")) or "", size=size)
            elif kind == "basis":
                write(cell, it.get("basis") or "", size=7)
            elif kind == "subject":
                if not spec.get("merge_subject"):
                    write(cell, it.get("subject") or "", size=size)
            elif kind == "time":
                write(cell, it.get("time") or "", size=size)
            elif kind == "remark":
                write(cell, it.get("remark") or "", size=size)
            elif kind == "audience":
                write(cell, it.get("audience_doc", it.get("audience")) or "", size=size, center=True)
            elif kind in ("channels", "attr", "method", "tier_inline", "disc_inline"):
                key = {"channels": "channels", "attr": "disclosure", "method": "method", "tier_inline": "tier_opts",
                       "disc_inline": "disclosure"}[kind]
                opts = it.get(key)
                if opts:
                    style = it.get("style_" + kind, spec.get("style_" + kind, "unicode_box"))
                    pl = spec.get("per_line_" + kind, 1 if kind != "channels" else 2)
                    if kind in ("disc_inline", "tier_inline"):
                        pl = 99
                    write_options(cell, opts, style, size=size, per_line=pl, brk=spec.get("brk_" + kind, False))
            elif kind.startswith("percol:"):
                _, field, label = kind.split(":")
                v = dict(it.get(field) or []).get(label)
                write(cell, spec.get("mark", "√") if v else "", size=size, center=True)
        if spec.get("zebra") and i % 2:
            for cc in t.rows[r].cells:
                shade(cc, "F2F2F2")
    # horizontal spans: it["hspan"] = (from_level, to_level)
    lvl_cols = [ci for ci, (k, _, _) in enumerate(cols) if k.startswith("L")]
    for i, it in enumerate(items):
        if it.get("hspan"):
            a, b = it["hspan"]
            m = t.cell(hdr_rows + i, lvl_cols[a]).merge(t.cell(hdr_rows + i, lvl_cols[b]))
            write(m, it["labels"][a], size=size)
    # vertical merges of levels
    for lv in range(len(lvl_cols)):
        i = 0
        while i < len(items):
            it = items[i]
            if it.get("empty") or lv >= len(it["levels"]) or it["levels"][lv] is None or (it.get("hspan") and it["hspan"][0] < lv):
                i += 1; continue
            key = tuple(it["levels"][: lv + 1])
            j = i
            while (j + 1 < len(items) and not items[j + 1].get("empty") and not items[j + 1].get("hspan", (9,))[0] < lv
                   and tuple(items[j + 1]["levels"][: lv + 1]) == key):
                j += 1
            cell = t.cell(hdr_rows + i, lvl_cols[lv])
            if j > i:
                cell = cell.merge(t.cell(hdr_rows + j, lvl_cols[lv]))
            write(cell, it["labels"][lv], size=spec.get("label_size", size), center=True)
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER if spec.get("center_labels", True) else WD_ALIGN_VERTICAL.TOP
            i = j + 1
    if spec.get("merge_subject"):
        ci = [k for k, (kind, _, _) in enumerate(cols) if kind == "subject"][0]
        i = 0
        while i < len(items):
            j = i
            while j + 1 < len(items) and items[j + 1].get("subject") == items[i].get("subject"):
                j += 1
            cell = t.cell(hdr_rows + i, ci)
            if j > i:
                cell = cell.merge(t.cell(hdr_rows + j, ci))
            write(cell, items[i].get("subject") or "", size=size); cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            i = j + 1
    return t


def expected(src, items, spec, start_no=1):
    kinds = [k for k, _, _ in spec["cols"]]
    rows = []
    n = start_no - 1
    for it in items:
        if it.get("empty"):
            continue
        n += 1
        lv = list(it["levels"]) + [None] * (6 - len(it["levels"]))
        path = [x for x in lv if x]
        row = {"source": src, "item_no": n, "item_key": " / ".join(path), "_tag": it.get("tag")}
        for k in range(6):
            row[f"level_{k+1}"] = lv[k]
        row["content"] = (it.get("content") or "").replace("\n", "").replace("\v", "") or None
        row["basis"] = it.get("basis") if "basis" in kinds else None
        row["subject"] = it.get("subject") if "subject" in kinds else None
        for f in ALLCH:
            row[f] = None
        extras = []
        if "channels" in kinds and it.get("channels"):
            for f in ALLCH:
                row[f] = False
            for label, on in it["channels"]:
                fs = CH.get(label)
                if fs:
                    for f in fs:
                        row[f] = row[f] or on
                elif on:
                    extras.append(label); row["channel_other"] = True
        row["channels_extra"] = extras
        row["time_limit"] = it.get("time") or None
        row["time_limit_days"], row["time_limit_kind"] = TIME.get(it.get("time"), (None, None))
        for f in ("disclosure_proactive", "disclosure_on_request", "disclosure_not_public"):
            row[f] = None
        for f in METH.values():
            row[f] = None
        disc_cols = [k for k in kinds if k.startswith("percol:disclosure") or k in ("attr", "disc_inline")]
        if disc_cols and it.get("disclosure") is not None:
            # One column an option (主动 | 依申请): an option with no column stays null.
            printed = {k.split(":")[2] for k in disc_cols if k.startswith("percol:")}
            if not printed:
                for f in ("disclosure_proactive", "disclosure_on_request", "disclosure_not_public"):
                    row[f] = False
            for label, on in it["disclosure"]:
                if not printed or label in printed:
                    row[DISC[label]] = on
        if "method" in kinds and it.get("method") is not None:
            for f in METH.values():
                row[f] = False
            for label, on in it["method"]:
                row[METH[label]] = on
        # Columns no contract column takes (v1.1 other_columns): 序号 as the table numbers
        # its items, from 1 in each table, and 备注 where the item has one.
        row["other_columns"] = {}
        if "seq" in kinds:
            row["other_columns"]["序号"] = str(n - start_no + 1)
        if "remark" in kinds and it.get("remark"):
            row["other_columns"]["备注"] = it["remark"]
        if "audience" in kinds:
            row["audience"] = it.get("audience")
        elif any(k.startswith("percol:aud") for k in kinds):
            row["audience"] = "、".join(l for l, on in it.get("aud", []) if on) or None
        else:
            row["audience"] = None
        row["tier_county"] = row["tier_township"] = None
        if any(k.startswith("percol:tier") or k == "tier_inline" for k in kinds) and it.get("tier_opts"):
            row["tier_county"] = row["tier_township"] = False
            for label, on in it["tier_opts"]:
                row[["tier_county", "tier_township"][TIER[label]]] = on
        rows.append(row)
    return rows


import re

_H = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
def repair(s):
    return re.sub(rf"(?<={_H})\s+|\s+(?={_H})", "", s) if isinstance(s, str) else s


def finish(rows):
    seen = {}
    for r in rows:
        for k in ("content", "basis", "subject", "time_limit"):
            r[k] = repair(r[k])
        seen[r["item_key"]] = seen.get(r["item_key"], 0) + 1
        if seen[r["item_key"]] > 1:
            r["item_key"] += f"#{seen[r['item_key']]}"
    return rows


# ---------------------------------------------------------------- data
CH11 = ["政府网站", "政府公报", "政务微博", "政务微信", "移动客户端", "电视", "广播", "报刊", "信息公告栏", "政务服务中心", "档案馆"]
NCH = ["政府网站", "政府公报", "两微一端", "发布会/听证会", "广播电视", "纸质媒体", "公开查阅点", "政务服务中心", "便民服务站",
       "入户/现场", "社区/企事业单位/村公示栏（电子屏）", "精准推送", "其他"]
T20 = "相关信息形成或变更之日起20个工作日内"
SUBJ = "区政府各部门（单位）"
FILL = ("包括事项名称、设定依据、申请条件、申请材料、办理流程、办理时限、收费标准、咨询方式、监督投诉渠道等要素，"
        "并同步公开办理结果及其变更、撤销情况")


def D(tag, levels, content, on=("政府网站",), time=T20, disc=(True, False, False), meth=(False, True, False, False),
      aud="社会", subject=SUBJ, labels=None, chl=CH11, **kw):
    it = dict(tag=tag, levels=tuple(levels), labels=tuple(labels or levels),
              content=(tag + "：" + content) if content is not None else None, subject=subject,
              channels=[(l, l in on) for l in chl], time=time,
              disclosure=list(zip(("主动公开", "依申请公开", "不予公开"), disc)),
              method=list(zip(("预公开", "全文发布", "脱密（脱敏）公开", "政策解读"), meth)), audience=aud)
    it.update(kw)
    return it


def N(tag, levels, content, on=("政府网站",), time="信息形成或者变更之日起20个工作日内", aud=(True, False), disc=(True, False),
      tier=(True, True), subject="县级人民政府及其有关部门", basis="《中华人民共和国政府信息公开条例》", **kw):
    it = dict(tag=tag, levels=tuple(levels), labels=tuple(levels), content=tag + "：" + content, subject=subject, basis=basis,
              channels=[(l, l in on) for l in NCH], time=time, aud=list(zip(("全社会", "特定群体"), aud)),
              disclosure=list(zip(("主动", "依申请"), disc)), tier_opts=list(zip(("县级", "乡级"), tier)))
    it.update(kw)
    return it


DIST_COLS = lambda W: [("L0", W[0], ("事项类别", "一级")), ("L1", W[1], ("事项类别", "二级")), ("L2", W[2], ("事项类别", "三级")),
                       ("content", W[3], "公开内容"), ("subject", W[4], "公开主体"), ("channels", W[5], "公开渠道"),
                       ("time", W[6], "公开时限"), ("attr", W[7], "公开属性"), ("method", W[8], "公开方式"), ("audience", W[9], "公开对象")]


def doc_A():
    """Level-1 group spanning 3 pages, label vertically centred (printed on middle page); ☑/☐ marks; 9pt."""
    its = [D("A01", ("机关简介", "机构职能", None), "机构职责（按“三定方案”）")]
    subs = ["行政许可", "行政处罚", "行政强制", "行政检查", "行政确认", "行政奖励", "行政征收"]
    k = 2
    for s in subs:
        for x in range(2):
            its.append(D(f"A{k:02d}", ("行政执法", s, ("结果公开", "过程公开")[x]), f"{s}{('结果', '过程')[x]}信息，" + FILL + "；" + FILL, labels=("\n" * 44 + "行政执法", s, ("结果公开", "过程公开")[x]),
                         on=("政府网站", "信息公告栏") if x else ("政府网站",), meth=(False, True, x == 1, False)))
            k += 1
    its.append(D(f"A{k:02d}", ("财政信息", "部门预算", None), "部门预算报表及说明，“三公”经费预算", time="批复后20日内",
                 on=("政府网站", "政府公报")))
    d = Document(); setup_section(d.sections[0])
    para(d, "××区行政执法领域政务公开事项目录", 16, "黑体", True)
    spec = dict(cols=DIST_COLS([1.3, 1.6, 1.6, 7.0, 2.2, 4.6, 2.4, 2.0, 2.5, 1.3]), style_channels="unicode_box",
                style_attr="unicode_box", style_method="unicode_box", label_size=9)
    build_table(d, spec, its, size=9)
    return d, [("A", spec, its)]


def doc_B():
    """National: title + paragraph, table 1 (序号, per-column marks), paragraph, table 2 (inline ■主动 □依申请, inline 县级/乡级)."""
    t1 = [N("B01", ("政策文件", "规范性文件"), "本级政府及部门制定的规范性文件", on=("政府网站", "政府公报")),
          N("B02", ("政策文件", "政策解读"), "政策解读材料及图解、音视频", on=("政府网站", "两微一端", "广播电视")),
          N("B03", ("政策文件", "其他文件"), "其他需要公开的文件", on=("政府网站",), tier=(True, False)),
          N("B04", ("重大决策", "决策预公开"), "决策草案、决策依据、征求意见情况", on=("政府网站", "发布会/听证会"), time="即时"),
          N("B05", ("重大决策", "决策结果"), "决策结果及执行情况", aud=(True, True), on=("政府网站", "精准推送"))]
    t2 = [N("B06", ("社会救助", "最低生活保障"), "最低生活保障对象名单（脱敏处理）", on=("便民服务站", "社区/企事业单位/村公示栏（电子屏）"),
            tier=(True, True), aud=(False, True), audience="特定群体", time="每年1月31日前"),
          N("B07", ("社会救助", "特困人员救助供养"), "特困人员救助供养政策、办理流程", on=("政府网站", "政务服务中心"), audience="全社会"),
          N("B08", ("社会救助", "临时救助"), "临时救助对象、救助金额", on=("入户/现场",), disc=(False, True), tier=(False, True),
            audience="特定群体", time="收到申请之日起15个工作日内"),
          N("B09", ("慈善事业",), "慈善组织认定、公开募捐资格", on=("政府网站", "其他"), audience="全社会", hspan=(0, 1))]
    d = Document(); setup_section(d.sections[0])
    para(d, "××县基层政务公开标准目录", 16, "黑体", True)
    para(d, "根据《中华人民共和国政府信息公开条例》和国务院办公厅有关要求，结合本县实际，编制本目录。本目录分为决策公开和民生领域两部分，"
            "各部门应当按照目录要求，及时、准确公开有关信息，并动态更新。" * 2)
    para(d, "一、决策公开领域", 12, "黑体")
    s1 = dict(cols=[("seq", 0.9, "序号"), ("L0", 1.6, ("公开事项", "一级事项")), ("L1", 1.8, ("公开事项", "二级事项")),
                    ("content", 4.2, "公开内容（要素）"), ("basis", 3.2, "公开依据"), ("time", 2.2, "公开时限"), ("subject", 2.0, "公开主体"),
                    ("channels", 4.4, "公开渠道和载体"), ("percol:aud:全社会", 1.1, ("公开对象", "全社会")),
                    ("percol:aud:特定群体", 1.1, ("公开对象", "特定群体")), ("percol:disclosure:主动", 1.0, ("公开方式", "主动")),
                    ("percol:disclosure:依申请", 1.1, ("公开方式", "依申请")), ("percol:tier_opts:县级", 1.0, ("公开层级", "县级")),
                    ("percol:tier_opts:乡级", 1.0, ("公开层级", "乡级"))],
              style_channels="square", per_line_channels=1, mark="√")
    build_table(d, s1, t1)
    para(d, "二、民生领域（社会救助）", 12, "黑体")
    para(d, "本部分事项由民政部门牵头，乡镇人民政府（街道办事处）配合落实。")
    s2 = dict(cols=[("L0", 2.0, ("公开事项", "一级事项")), ("L1", 2.4, ("公开事项", "二级事项")), ("content", 5.5, "公开内容（要素）"),
                    ("time", 2.6, "公开时限"), ("subject", 2.4, "公开主体"), ("channels", 5.0, "公开渠道和载体"),
                    ("audience", 1.6, "公开对象"), ("disc_inline", 2.3, "公开方式"), ("tier_inline", 2.4, "公开层级")],
              style_channels="sqrt", per_line_channels=2, style_disc_inline="square", style_tier_inline="square")
    build_table(d, s2, t2)
    return d, [("B1", s1, t1), ("B2", s2, t2)]


def doc_C():
    """Portrait section (title, text, small table: one option per column) then landscape section (full district table)."""
    t1 = [D("C01", ("概况信息", "机构职能", None), "机构职能、内设机构、领导信息", on=()),
          D("C02", ("概况信息", "办公地址", None), "办公地址、办公时间、联系电话", on=()),
          D("C03", ("概况信息", "工作动态", None), "本单位重要会议、活动信息", on=(), time="及时公开"),
          D("C04", ("人事信息", "公务员招考", None), "招考公告、拟录用人员名单", on=(), disc=(True, True, False))]
    t2 = [D("C05", ("财政信息", "部门预算", None), "部门预算报表及说明", on=("政府网站", "政府公报"), time="批复后20日内"),
          D("C06", ("财政信息", "部门决算", None), "部门决算报表及说明", on=("政府网站", "政府公报"), time="批复后20日内"),
          D("C07", ("财政信息", "政府采购", "采购意向"), "采购项目名称、采购需求概况、预算金额、预计采购时间", on=("政府网站", "政务微信")),
          D("C08", ("财政信息", "政府采购", "采购结果"), "中标（成交）供应商名称、地址和中标（成交）金额", on=("政府网站",), time="即时"),
          D("C09", ("统计信息", "统计数据", None), "主要统计指标数据", on=("政府网站", "报刊", "档案馆"), time="按季度", aud="全社会")]
    d = Document(); setup_section(d.sections[0], landscape=False, margin=2.0)
    para(d, "××区财政局政务公开事项目录", 16, "黑体", True)
    para(d, "编制说明：本目录依据《中华人民共和国政府信息公开条例》编制，分为概况类和业务类两部分。概况类事项见表1，业务类事项见表2。" * 3)
    para(d, "表1 概况类事项", 11, "黑体", True)
    s1 = dict(cols=[("L0", 2.0, ("事项类别", "一级")), ("L1", 2.2, ("事项类别", "二级")), ("content", 5.8, "公开内容"),
                    ("subject", 2.6, "公开主体"), ("time", 2.6, "公开时限"),
                    ("percol:disclosure:主动公开", 1.2, ("公开属性", "主动公开")), ("percol:disclosure:依申请公开", 1.2, ("公开属性", "依申请公开"))],
              mark="√")
    build_table(d, s1, t1, size=9)
    sec = d.add_section(WD_SECTION.NEW_PAGE); setup_section(sec, landscape=True)
    para(d, "表2 业务类事项", 11, "黑体", True)
    s2 = dict(cols=DIST_COLS([1.6, 1.8, 1.6, 5.8, 2.2, 4.6, 2.2, 2.0, 2.4, 1.2]), style_channels="sqrt", style_attr="sqrt",
              style_method="sqrt", shade_header=True)
    build_table(d, s2, t2)
    return d, [("C1", s1, t1), ("C2", s2, t2)]


def doc_D():
    """序号 + 备注 columns, 4 levels, horizontal merges (一级 over 一级–四级; 二级 over 二级–四级), empty rows,
    zebra shading, Wingdings 2 font runs (R/£), Shift+Enter line breaks, 8pt, 特定对象 -> 特定群体."""
    its = [
        D("D01", ("政府信息公开指南",), "公开指南：公开方式、申请渠道、受理机构\v联系方式、办公时间", hspan=(0, 3), remark="每年更新"),
        D("D02", ("政府信息公开年报",), "上一年度政府信息公开工作年度报告", hspan=(0, 3), time="每年1月31日前", remark=""),
        dict(empty=True),
        D("D03", ("行政执法", "执法主体", None, None), "执法主体名称、执法依据、执法人员\v（姓名、执法证号）", hspan=(1, 3), remark="与省平台同步"),
        D("D04", ("行政执法", "行政处罚", "简易程序", None), "简易程序处罚决定", on=("政府网站", "政务服务中心")),
        D("D05", ("行政执法", "行政处罚", "一般程序", "决定书"), "行政处罚决定书全文（脱敏）", meth=(False, False, True, False)),
        D("D06", ("行政执法", "行政处罚", "一般程序", "执行情况"), "罚没款缴纳、执行情况", on=("政府网站", "其他")),
        D("D07", ("行政执法", "行政强制", None, None), "行政强制措施决定", hspan=(1, 3), aud="特定对象", aud_exp="特定群体",
          disc=(False, True, False), time="收到申请之日起15个工作日内", remark="依申请"),
        dict(empty=True),
        D("D08", ("建议提案", "人大代表建议", None, None), "建议办理复文\v（全文或摘要）", hspan=(1, 3), on=("政府网站", "档案馆"),
          subject="区政府各部门\v（单位）", subject_exp="区政府各部门（单位）", time="自作出决定之日起7个工作日内"),
        D("D09", ("建议提案", "政协委员提案", None, None), "提案办理复文", hspan=(1, 3), time="1年", remark="按年度"),
    ]
    for it in its:
        if "levels" in it:
            it["levels"] = tuple(list(it["levels"]) + [None] * (4 - len(it["levels"])))
            it["labels"] = it["levels"]
    d = Document(); setup_section(d.sections[0])
    para(d, "××区司法局政务公开事项标准目录", 14, "黑体", True)
    W = [0.8, 1.5, 1.5, 1.4, 1.3, 5.4, 2.1, 4.4, 2.2, 1.9, 2.3, 1.2, 1.2]
    cols = [("seq", W[0], "序号"), ("L0", W[1], ("事项类别", "一级")), ("L1", W[2], ("事项类别", "二级")), ("L2", W[3], ("事项类别", "三级")),
            ("L3", W[4], ("事项类别", "四级")), ("content", W[5], "公开内容"), ("subject", W[6], "公开主体"), ("channels", W[7], "公开渠道"),
            ("time", W[8], "公开时限"), ("attr", W[9], "公开属性"), ("method", W[10], "公开方式"), ("audience", W[11], "公开对象"),
            ("remark", W[12], "备注")]
    spec = dict(cols=cols, style_channels="wd2", style_attr="wd2", style_method="wd2", zebra=True, shade_header=True, brk_channels=True)
    build_table(d, spec, its, size=8)
    return d, [("D", spec, its)]


def doc_E():
    """National, channels one per line (13 options, ☑/☐) so rows split across pages with only marks after the break;
    公开方式 inline '■主动 □依申请'; tiers per column; 公开依据 long."""
    L = "《中华人民共和国政府信息公开条例》《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》"
    its = []
    k = 1
    for l1, subs in (("征地补偿", ["征地告知", "征地调查结果确认", "征地听证", "征地补偿安置方案", "补偿费用支付"]),
                     ("农村宅基地", ["宅基地申请", "宅基地审批结果", "宅基地退出"]),
                     ("耕地保护", ["耕地保护责任", "永久基本农田"])):
        for s in subs:
            on = {"政府网站", "社区/企事业单位/村公示栏（电子屏）"} | ({"入户/现场"} if k % 3 == 0 else set()) | ({"其他"} if k % 4 == 0 else set())
            its.append(N(f"E{k:02d}", (l1, s), f"{s}相关信息：1.依据 2.范围 3.标准 4.结果", on=on, basis=L,
                         tier=(True, k % 2 == 0), aud=(True, k % 5 == 0), disc=(True, k % 3 == 0),
                         subject="县级人民政府自然资源主管部门、乡级人民政府"))
            k += 1
    d = Document(); setup_section(d.sections[0])
    para(d, "自然资源领域基层政务公开标准目录", 16, "黑体", True)
    cols = [("seq", 0.9, "序号"), ("L0", 1.6, ("公开事项", "一级事项")), ("L1", 2.0, ("公开事项", "二级事项")),
            ("content", 3.8, "公开内容（要素）"), ("basis", 4.0, "公开依据"), ("time", 2.2, "公开时限"), ("subject", 2.4, "公开主体"),
            ("channels", 4.6, "公开渠道和载体"), ("percol:aud:全社会", 1.1, ("公开对象", "全社会")),
            ("percol:aud:特定群体", 1.1, ("公开对象", "特定群体")), ("disc_inline", 1.6, "公开方式"),
            ("percol:tier_opts:县级", 0.9, ("公开层级", "县级")), ("percol:tier_opts:乡级", 0.9, ("公开层级", "乡级"))]
    spec = dict(cols=cols, style_channels="unicode_box", per_line_channels=1, mark="√", style_disc_inline="square")
    build_table(d, spec, its, size=8)
    return d, [("E", spec, its)]


def doc_F():
    """Long level-2 labels in narrow column, vertically centred over a group straddling a page break (label text cut);
    rows whose content continues with only its last line on the next page; no header repeat."""
    long_lbl = "重大建设项目批准和实施领域信息"
    its = [D(f"F{k:02d}", ("规划信息", "国民经济和社会发展规划", None), f"规划文本第{k}部分：" + FILL, on=("政府网站",)) for k in range(1, 5)]
    its += [D(f"F{k:02d}", ("重大项目", long_lbl, ("批准服务信息", "批准结果信息", "招标投标信息", "征收土地信息", "重大设计变更信息", "施工有关信息")[k - 5]),
              f"项目{k}：" + FILL + ("；" + FILL if k % 2 else ""), on=("政府网站", "政务微信"), meth=(False, True, False, k % 2 == 0),
              labels=("重大项目", "\n" * 14 + long_lbl, ("批准服务信息", "批准结果信息", "招标投标信息", "征收土地信息", "重大设计变更信息", "施工有关信息")[k - 5]))
            for k in range(5, 11)]
    its += [D(f"F{k:02d}", ("公共资源配置", "政府采购", None), f"采购{k}：" + FILL, on=("政府网站",)) for k in range(11, 13)]
    d = Document(); setup_section(d.sections[0])
    para(d, "××区发展和改革局政务公开事项目录", 16, "黑体", True)
    spec = dict(cols=DIST_COLS([1.2, 1.1, 1.8, 7.6, 2.2, 4.6, 2.4, 2.0, 2.4, 1.2]), style_channels="square", style_attr="square",
                style_method="square", repeat=False, label_size=10)
    build_table(d, spec, its, size=9)
    return d, [("F", spec, its)]


if __name__ == "__main__":
    names = sys.argv[1:] or ["A", "B", "C", "D", "E", "F"]
    exp = json.load(open(f"{OUT}/expected-round2.json")) if len(sys.argv) > 1 else {}
    fn = dict(A=("dA_span3", doc_A), B=("nB_two_tables", doc_B), C=("dC_orient", doc_C), D=("dD_hmerge", doc_D),
              E=("nE_splitrows", doc_E), F=("dF_labelcut", doc_F))
    for n in names:
        stem, f = fn[n]
        d, parts = f()
        d.save(f"{OUT}/{stem}.docx")
        rows = []
        for _, spec, its in parts:
            rows += expected(stem + ".pdf", its, spec, start_no=len(rows) + 1)
        for r, it in zip(rows, [i for _, _, its in parts for i in its if not i.get("empty")]):
            if it.get("aud_exp"): r["audience"] = it["aud_exp"]
            if it.get("subject_exp"): r["subject"] = it["subject_exp"]
        exp[stem] = finish(rows)
    json.dump(exp, open(f"{OUT}/expected-round2.json", "w"), ensure_ascii=False, indent=1)
    print({k: len(v) for k, v in exp.items()})
