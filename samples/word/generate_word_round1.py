"""Build catalogue .docx files with python-docx (→ soffice PDF) and their expected contract rows."""
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)

import json

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ALIGN_VERTICAL
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

CJK = "宋体"

TIME = {  # text -> (days, kind)
    "信息形成或者变更之日起20个工作日内": (20, "working_days"),
    "相关信息形成或变更之日起20个工作日内": (20, "working_days"),
    "即时": (None, "realtime"),
    "批复后20日内": (20, "calendar_days"),
    "每年1月31日前": (None, "deadline"),
    "及时公开": (None, None),
    "按季度": (None, None),
    "收到申请之日起15个工作日内": (15, "working_days"),
}
CH = {"政府网站": ["channel_website"], "政府公报": ["channel_gazette"], "政务微博": ["channel_weibo"],
      "政务微信": ["channel_wechat"], "移动客户端": ["channel_app"], "电视": ["channel_tv"], "广播": ["channel_radio"],
      "报刊": ["channel_press"], "信息公告栏": ["channel_bulletin_board"], "政务服务中心": ["channel_service_hall"],
      "档案馆": ["channel_archives"], "其他": ["channel_other"], "两微一端": ["channel_weibo", "channel_wechat", "channel_app"],
      "广播电视": ["channel_tv", "channel_radio"], "纸质媒体": ["channel_press"],
      "社区/企事业单位/村公示栏（电子屏）": ["channel_bulletin_board"], "便民服务站": ["channel_service_hall"]}
ALLCH = ["channel_website", "channel_gazette", "channel_weibo", "channel_wechat", "channel_app", "channel_tv",
         "channel_radio", "channel_press", "channel_bulletin_board", "channel_service_hall", "channel_archives", "channel_other"]
DISC = {"主动公开": "disclosure_proactive", "依申请公开": "disclosure_on_request", "不予公开": "disclosure_not_public",
        "主动": "disclosure_proactive", "依申请": "disclosure_on_request"}
METH = {"预公开": "method_pre_release", "全文发布": "method_full_text", "脱密（脱敏）公开": "method_desensitized",
        "政策解读": "method_interpretation", "现场宣讲": "method_onsite", "其他": "method_other"}


def set_cjk(run, name=CJK, size=8):
    run.font.size = Pt(size)
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts"); rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:ascii"), "Times New Roman"); fonts.set(qn("w:hAnsi"), "Times New Roman")


def sym_run(par, char_hex, size=8):
    """Word's Insert > Symbol: <w:sym w:font="Wingdings 2" w:char="F052"/>"""
    r = par.add_run(); r.font.size = Pt(size)
    s = OxmlElement("w:sym"); s.set(qn("w:font"), "Wingdings 2"); s.set(qn("w:char"), char_hex)
    r._element.append(s)


def font_run(par, text, size=8):
    r = par.add_run(text); r.font.size = Pt(size)
    rpr = r._element.get_or_add_rPr(); f = OxmlElement("w:rFonts")
    for a in ("ascii", "hAnsi", "eastAsia", "cs"):
        f.set(qn("w:" + a), "Wingdings 2")
    rpr.insert(0, f)


def write(cell, text, size=8, center=False):
    cell.text = ""
    lines = text.split("\n") if text else [""]
    p = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            p = cell.add_paragraph()
        set_cjk(p.add_run(line), size=size)
        if center:
            p.alignment = 1


def write_options(cell, opts, style, size=8, per_line=2):
    """opts: list of (label, checked). style: 'unicode' ✓□, 'square' ■□, 'wd_font', 'wd_sym', 'sqrt' √□"""
    cell.text = ""
    p = cell.paragraphs[0]
    for i, (label, on) in enumerate(opts):
        if i and i % per_line == 0:
            p = cell.add_paragraph()
        if style == "wd_font":
            font_run(p, "R" if on else "£", size)
        elif style == "wd_sym":
            sym_run(p, "F052" if on else "F0A3", size)
        else:
            m = {"unicode": "✓□", "square": "■□", "sqrt": "√□"}[style]
            set_cjk(p.add_run(m[0] if on else m[1]), size=size)
        set_cjk(p.add_run(label + (" " if i % per_line != per_line - 1 else "")), size=size)


def repeat_header(row):
    trpr = row._tr.get_or_add_trPr(); h = OxmlElement("w:tblHeader"); h.set(qn("w:val"), "true"); trpr.append(h)


def cant_split(row):
    trpr = row._tr.get_or_add_trPr(); h = OxmlElement("w:cantSplit"); h.set(qn("w:val"), "false"); trpr.append(h)


def new_doc(title, margins=1.5):
    d = Document()
    s = d.sections[0]
    s.orientation = WD_ORIENT.LANDSCAPE
    s.page_width, s.page_height = Cm(29.7), Cm(21.0)
    for a in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(s, a, Cm(margins))
    p = d.add_paragraph(); p.alignment = 1
    set_cjk(p.add_run(title), name="黑体", size=16)
    return d


def table(d, n_rows, widths):
    t = d.add_table(rows=n_rows, cols=len(widths))
    t.style = "Table Grid"
    t.autofit = False
    for row in t.rows:
        for c, w in zip(row.cells, widths):
            c.width = Cm(w)
    return t


def vmerge_runs(t, items, depth, first_row, level_cols, center=True):
    """Merge level columns over runs of items that share the path prefix."""
    for lv in range(depth):
        i = 0
        while i < len(items):
            key = tuple(items[i]["levels"][: lv + 1])
            if key[-1] is None or items[i].get("hspan", 99) <= lv - 1:
                i += 1; continue
            j = i
            while j + 1 < len(items) and tuple(items[j + 1]["levels"][: lv + 1]) == key:
                j += 1
            col = level_cols[lv]
            c = t.cell(first_row + i, col)
            if j > i:
                c = c.merge(t.cell(first_row + j, col))
            write(c, items[i]["labels"][lv] if "labels" in items[i] else key[-1], center=True)
            if center:
                c.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            i = j + 1


def expected_row(src, n, it, layout):
    lv = list(it["levels"]) + [None] * (6 - len(it["levels"]))
    path = [x for x in lv if x]
    row = {"source": src, "item_no": n, "item_key": " / ".join(path)}
    for k in range(6):
        row[f"level_{k+1}"] = lv[k]
    row["content"] = it.get("content") or None
    row["basis"] = it.get("basis") if layout == "national" else None
    row["subject"] = it.get("subject") or None
    for f in ALLCH:
        row[f] = None
    extras = []
    if it.get("channels") is not None:
        for f in ALLCH:
            row[f] = False
        for label, on in it["channels"]:
            fields = CH.get(label)
            if fields:
                for f in fields:
                    row[f] = row[f] or on
            elif on:
                extras.append(label); row["channel_other"] = True
    row["channels_extra"] = extras
    row["time_limit"] = it.get("time")
    row["time_limit_days"], row["time_limit_kind"] = TIME.get(it.get("time"), (None, None))
    for f in ("disclosure_proactive", "disclosure_on_request", "disclosure_not_public"):
        row[f] = None
    for f in METH.values():
        row[f] = None
    if it.get("disclosure") is not None:
        # The national layout prints one column an option (主动 | 依申请): an option with
        # no column (不予公开) stays null.
        for f in (() if layout == "national" else ("disclosure_proactive", "disclosure_on_request", "disclosure_not_public")):
            row[f] = False
        for label, on in it["disclosure"]:
            row[DISC[label]] = on
    if it.get("method") is not None:
        for f in METH.values():
            row[f] = False
        for label, on in it["method"]:
            row[METH[label]] = on
    row["audience"] = it.get("audience")
    row["tier_county"] = it.get("tier", (None, None))[0]
    row["tier_township"] = it.get("tier", (None, None))[1]
    return row


# ------------------------------------------------------------------ district data
CH11 = ["政府网站", "政府公报", "政务微博", "政务微信", "移动客户端", "电视", "广播", "报刊", "信息公告栏", "政务服务中心", "档案馆"]
def chs(on, labels=CH11, extra=()):
    return [(l, l in on) for l in labels] + list(extra)
D_ATTR = [("主动公开", True), ("依申请公开", False), ("不予公开", False)]
D_METH = [("预公开", False), ("全文发布", True), ("脱密（脱敏）公开", False), ("政策解读", False)]
SUBJ = "区政府各部门（单位）"
SUBJ2 = "各街道镇、区政府各部门（单位）"
LONG = ("做好优化涉企政务服务方面信息公开，及时向社会公布新制定的涉企政策、新推出的便企政务服务事项等信息。"
        "公开惠企政策申请条件、申报材料清单、办理流程、承办部门、联系方式、起止时间等信息。")
LONGER = ("主要公示行政许可决定书文号、设定依据、许可事项名称、行政相对人名称及统一社会信用代码、审批部门等内容，"
          "以及作出行政许可决定的日期、有效期限、许可证书名称和编号；对依法变更、延续、撤回、撤销、注销的许可，"
          "同步公示变更后的许可内容及其理由；涉及国家秘密、商业秘密和个人隐私的，按规定作脱敏处理后公示；"
          "许可决定作出之日起七个工作日内在政府网站公示，公示期限不少于三年，法律法规另有规定的从其规定。")

def district_items():
    T = "相关信息形成或变更之日起20个工作日内"
    its = [
        dict(levels=("履职依据", "上级法规规章", None, None), content="甲：涉及本部门的国务院部门行政规章、省政府行政规章",
             subject=SUBJ, channels=chs({"政府网站"}, CH11[:4]), time=T, disclosure=D_ATTR[:2], method=D_METH[:2], audience="社会"),
        dict(levels=("履职依据", "部门（处镇）文件", None, None), content="乙：涉及本部门制发的规范性文件及其他文件",
             subject=SUBJ2, channels=chs({"政府网站", "政府公报"}, CH11[:4]), time=T, disclosure=D_ATTR[:2], method=D_METH[:2], audience="社会"),
        dict(levels=("履职依据", "政策专题", "惠企政策", None), content="丙：" + LONG, subject=SUBJ,
             channels=chs({"政府网站", "政务微信", "移动客户端"}), time=T, disclosure=D_ATTR, method=D_METH, audience="社会"),
        dict(levels=("履职依据", "政策专题", "六稳六保工作", None), content="丁：稳就业、稳金融、稳外贸、稳外资、稳投资、稳预期各项政策举措及其效果，实时发布保居民就业、保基本民生、保市场主体等相关政策以及解读信息",
             subject=SUBJ, channels=chs({"政府网站"}), time="即时", disclosure=D_ATTR, method=[("预公开", False), ("全文发布", True), ("脱密（脱敏）公开", False), ("政策解读", True)], audience="社会"),
        dict(levels=("履职依据", "政策汇编", None, None), content=None, subject=SUBJ,
             channels=chs({"政府网站"}), time=T, disclosure=D_ATTR[:2], method=D_METH[:2], audience="社会"),
        dict(levels=("机关简介", "机构设置", "机构概况", None), labels=("机关简介①", "机构设置", "机构概况", None),
             content="戊：机构职责（按“三定方案”）；机构设置（按“三定方案”）；联系方式（地址、办公时间、联系电话等）",
             subject=SUBJ2, channels=chs({"政府网站", "信息公告栏"}), time=T, disclosure=D_ATTR, method=D_METH[:3], audience="社会"),
        dict(levels=("机关简介", "机构设置", "内设机构及下属单位", None), labels=("机关简介①", "机构设置", "内设机构及下属单位", None),
             content="己：内设机构职责（按“三定方案”）；内设机构及下属单位负责人（姓名、职务等）；联系方式（地址、办公时间、联系电话等）",
             subject=SUBJ2, channels=chs({"政府网站"}), time=T, disclosure=D_ATTR, method=D_METH, audience="社会"),
        dict(levels=("机关简介", "部门领导成员及分工", None, None), labels=("机关简介①", "部门领导成员及分工", None, None),
             content="庚：领导班子成员姓名及职务（姓名、行政职务）；职责分工（负责的工作内容和分管的处室、事业单位）",
             subject=SUBJ2, channels=chs({"政府网站", "政务微博"}), time=T, disclosure=D_ATTR, method=[("预公开", True), ("全文发布", True), ("脱密（脱敏）公开", False)], audience="社会"),
        dict(levels=("机关简介", "部门职责任务清单", None, None), labels=("机关简介①", "部门职责任务清单", None, None),
             content=None, subject=SUBJ, channels=chs({"政府网站"}), time=T, disclosure=D_ATTR, method=D_METH[:2], audience="社会"),
        dict(levels=("规划信息", "专项规划", None, None), content="辛：涉及本部门的本级专项规划信息。", subject=SUBJ,
             channels=chs({"政府网站", "报刊"}), time=T, disclosure=D_ATTR, method=D_METH[:2], audience="社会"),
        dict(levels=("规划信息", "年度计划", None, None), content="壬：涉及本部门的本级年度计划信息。", subject=SUBJ2,
             channels=chs({"政府网站"}), time="每年1月31日前", disclosure=D_ATTR, method=D_METH[:2], audience="社会"),
        dict(levels=("行政执法", "行政许可", "许可事项清单", None), content="癸：行政许可事项名称、设定依据、办理条件、申请材料、办理流程、办理时限",
             subject=SUBJ, channels=chs({"政府网站", "政务服务中心"}), time=T, disclosure=D_ATTR, method=D_METH[:2], audience="社会"),
        dict(levels=("行政执法", "行政许可", "许可决定", None), content="子：" + LONGER,
             subject=SUBJ, channels=chs({"政府网站", "政务服务中心"}, extra=[("公开查阅点", True)]), time="即时", disclosure=D_ATTR, method=D_METH, audience="社会"),
        dict(levels=("行政执法", "行政处罚", "处罚决定", "一般程序"), content="丑：" + LONGER.replace("许可", "处罚"),
             subject=SUBJ, channels=chs({"政府网站"}), time=T, disclosure=D_ATTR, method=[("预公开", False), ("全文发布", False), ("脱密（脱敏）公开", True), ("政策解读", False)], audience="社会"),
        dict(levels=("行政执法", "行政处罚", "处罚决定", "简易程序"), content="寅：简易程序处罚决定的案件名称、处罚依据、处罚结果",
             subject=SUBJ, channels=chs({"政府网站"}), time=T, disclosure=D_ATTR, method=[("预公开", False), ("全文发布", False), ("脱密（脱敏）公开", True), ("政策解读", False)], audience="社会"),
        dict(levels=("行政执法", "行政检查", None, None), hspan=1, content="卯：检查计划、检查结果、随机抽查事项清单",
             subject=SUBJ, channels=chs({"政府网站"}), time=T, disclosure=D_ATTR, method=D_METH[:2], audience="社会"),
        dict(levels=("财政信息", "财政预决算", "部门预算", None), content="辰：部门预算报表及说明，“三公”经费预算",
             subject=SUBJ, channels=chs({"政府网站", "政府公报"}), time="批复后20日内", disclosure=D_ATTR, method=D_METH[:2], audience="社会"),
        dict(levels=("财政信息", "财政预决算", "部门决算", None), content="巳：部门决算报表及说明，“三公”经费决算",
             subject=SUBJ, channels=chs({"政府网站", "政府公报"}), time="批复后20日内", disclosure=D_ATTR, method=D_METH[:2], audience="社会"),
        dict(levels=("财政信息", "统计信息", None, None), content="午：本单位专项统计数据",
             subject=SUBJ, channels=chs({"政府网站"}), time="按季度", disclosure=D_ATTR, method=D_METH[:2], audience="社会"),
        dict(levels=("依申请公开", "申请办理", None, None), content="未：依申请公开的答复书",
             subject=SUBJ2, channels=chs(set(), CH11[:4], extra=[("其他", True)]), time="收到申请之日起15个工作日内",
             disclosure=[("主动公开", False), ("依申请公开", True), ("不予公开", False)], method=D_METH[:2], audience="特定群众", audience_expected="特定群体"),
    ]
    return its


def build_district(name, style_ch, style_attr, style_meth, widths, repeat=True, center=True, footnote=True):
    items = district_items()
    d = new_doc("××区政务公开事项标准目录（2023年版）")
    t = table(d, 2 + len(items), widths)
    hdr = ["事项类别", None, None, None, "公开内容", "公开主体", "公开渠道", "公开时限", "公开属性", "公开方式", "公开对象"]
    for c, h in enumerate(hdr):
        if h: write(t.cell(0, c), h, size=9, center=True)
    for c, h in enumerate(["一级", "二级", "三级", "四级"]):
        write(t.cell(1, c), h, size=9, center=True)
    t.cell(0, 0).merge(t.cell(0, 3)); write(t.cell(0, 0), "事项类别", size=9, center=True)
    for c in range(4, 11):
        m = t.cell(0, c).merge(t.cell(1, c)); write(m, hdr[c], size=9, center=True)
    if repeat:
        repeat_header(t.rows[0]); repeat_header(t.rows[1])
    for i, it in enumerate(items):
        r = 2 + i
        write(t.cell(r, 4), it["content"] or "")
        write(t.cell(r, 5), it["subject"])
        write_options(t.cell(r, 6), it["channels"], style_ch)
        write(t.cell(r, 7), it["time"])
        write_options(t.cell(r, 8), it["disclosure"], style_attr, per_line=1)
        write_options(t.cell(r, 9), it["method"], style_meth, per_line=1)
        write(t.cell(r, 10), it["audience"], center=True)
    # horizontal span first (行政检查: 二级 spans 二级..四级)
    for i, it in enumerate(items):
        if it.get("hspan"):
            m = t.cell(2 + i, 1).merge(t.cell(2 + i, 3)); write(m, it["levels"][1])
    vmerge_runs(t, items, 4, 2, [0, 1, 2, 3], center=center)
    if footnote:
        p = d.add_paragraph(); set_cjk(p.add_run("注：①机关简介类信息由各单位自行维护，发生变化的应及时更新。公开方式中的“全文发布”指在政府网站全文公开。"), size=9)
    d.save(f"{HERE}/{name}.docx")
    src = name + ".pdf"
    rows = []
    for n, it in enumerate(items, 1):
        row = expected_row(src, n, it, "district")
        if it.get("audience_expected"): row["audience"] = it["audience_expected"]
        rows.append(row)
    return rows


# ------------------------------------------------------------------ national data
NCH = ["政府网站", "政府公报", "两微一端", "发布会/听证会", "广播电视", "纸质媒体", "公开查阅点", "政务服务中心", "便民服务站",
       "入户/现场", "社区/企事业单位/村公示栏（电子屏）", "精准推送", "其他"]
BASIS = ("《中华人民共和国城乡规划法》《中华人民共和国政府信息公开条例》《城市、镇控制性详细规划编制审批办法》"
         "《村庄和集镇规划建设管理条例》《省城乡规划条例》")

def nch(on):
    return [(l, l in on) for l in NCH]

def national_items():
    T = "信息形成或者变更之日起20个工作日内"
    mk = lambda l1, l2, content, subj, on, time=T, aud=(True, False), disc=(True, False), tier=(True, True), basis=BASIS: dict(
        levels=(l1, l2), content=content, basis=basis, subject=subj, channels=nch(on), time=time,
        aud=aud, audience="、".join(x for x, y in zip(("全社会", "特定群体"), aud) if y) or None,
        disclosure=[("主动", disc[0]), ("依申请", disc[1])], tier=tier)
    G = "县级人民政府及其自然资源主管部门"
    X = "乡级人民政府"
    its = [
        mk("规划制定", "城市总体规划", "1.规划批准文件\n2.批准机关\n3.批准时间\n4.规划主要内容及图件", G, {"政府网站", "两微一端", "公开查阅点"}),
        mk("规划制定", "镇总体规划", "1.规划批准文件\n2.批准机关\n3.批准时间\n4.规划主要内容", G, {"政府网站", "两微一端"}),
        mk("规划制定", "控制性详细规划", "1.规划批准文件\n2.批准机关\n3.批准时间\n4.规划主要内容\n5.规划图件及说明书\n6.修改控制性详细规划的理由、依据及修改后的内容", G, {"政府网站", "纸质媒体", "公开查阅点"}, basis=BASIS * 2),
        mk("规划制定", "乡规划和村庄规划", "1.规划批准文件\n2.批准机关\n3.批准时间\n4.规划主要内容\n5.村民会议或村民代表会议讨论同意情况", X,
           {"政府网站", "社区/企事业单位/村公示栏（电子屏）", "入户/现场"}, tier=(False, True)),
        mk("规划制定", "专项规划", "1.规划批准文件\n2.批准机关\n3.规划主要内容", G, {"政府网站"}, time="即时"),
        mk("规划实施", "建设项目选址意见书核发", "1.审批依据\n2.申请材料\n3.办理流程\n4.办理时限\n5.审批结果", G,
           {"政府网站", "政务服务中心", "便民服务站"}, aud=(True, True)),
        mk("规划实施", "建设用地规划许可证核发", "1.审批依据\n2.申请材料\n3.办理流程\n4.办理时限\n5.审批结果\n6.许可证号、用地单位、用地位置、用地面积", G,
           {"政府网站", "政务服务中心"}, time="即时", basis=BASIS * 2),
        mk("规划实施", "建设工程规划许可证核发", "1.审批依据\n2.申请材料\n3.办理流程\n4.办理时限\n5.审批结果", G,
           {"政府网站", "政务服务中心", "精准推送"}),
        mk("规划实施", "乡村建设规划许可证核发", "1.审批依据\n2.申请材料\n3.办理流程\n4.审批结果", X,
           {"便民服务站", "社区/企事业单位/村公示栏（电子屏）"}, tier=(False, True), aud=(False, True)),
        mk("规划监督", "违法建设查处", "1.行政处罚决定书\n2.处罚依据\n3.处罚结果", G, {"政府网站", "其他"}, aud=(False, True), disc=(False, True),
           time="收到申请之日起15个工作日内"),
        mk("规划监督", "规划核实", "1.核实依据\n2.核实结果", G, {"政府网站"}, time="及时公开"),
    ]
    return its


def build_national(name, widths, repeat=True, mark="√", chstyle="square", merge_subject=False, font=CJK):
    items = national_items()
    d = new_doc("城乡规划领域基层政务公开标准目录")
    t = table(d, 2 + len(items), widths)
    top = ["序号", "公开事项", None, "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
           "公开对象", None, "公开方式", None, "公开层级", None]
    sub = {1: "一级事项", 2: "二级事项", 8: "全社会", 9: "特定群体", 10: "主动", 11: "依申请", 12: "县级", 13: "乡级"}
    for c, s in sub.items():
        write(t.cell(1, c), s, size=8, center=True)
    for c in (1, 8, 10, 12):
        m = t.cell(0, c).merge(t.cell(0, c + 1)); write(m, top[c], size=9, center=True)
    for c in (0, 3, 4, 5, 6, 7):
        m = t.cell(0, c).merge(t.cell(1, c)); write(m, top[c], size=9, center=True)
    if repeat:
        repeat_header(t.rows[0]); repeat_header(t.rows[1])
    for i, it in enumerate(items):
        r = 2 + i
        write(t.cell(r, 0), str(i + 1), center=True)
        write(t.cell(r, 3), it["content"])
        write(t.cell(r, 4), it["basis"], size=7)
        write(t.cell(r, 5), it["time"])
        if not merge_subject:
            write(t.cell(r, 6), it["subject"])
        write_options(t.cell(r, 7), it["channels"], chstyle, per_line=1)
        for c, v in zip((8, 9, 10, 11, 12, 13), it["aud"] + tuple(o for _, o in it["disclosure"]) + it["tier"]):
            write(t.cell(r, c), mark if v else "", center=True)
    vmerge_runs(t, items, 2, 2, [1, 2])
    if merge_subject:  # 公开主体 merged over runs with the same subject
        i = 0
        while i < len(items):
            j = i
            while j + 1 < len(items) and items[j + 1]["subject"] == items[i]["subject"]:
                j += 1
            c = t.cell(2 + i, 6).merge(t.cell(2 + j, 6)) if j > i else t.cell(2 + i, 6)
            write(c, items[i]["subject"]); c.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            i = j + 1
    p = d.add_paragraph(); set_cjk(p.add_run("注：公开层级中“县级”含县级人民政府及其部门，“乡级”含乡镇人民政府（街道办事处）。"), size=9)
    d.save(f"{HERE}/{name}.docx")
    return [expected_row(name + ".pdf", n, it, "national") for n, it in enumerate(items, 1)]


if __name__ == "__main__":
    W_D = [1.6, 1.8, 1.6, 1.4, 5.2, 2.2, 4.6, 2.2, 2.0, 2.4, 1.2]
    W_D2 = [1.2, 1.5, 1.5, 1.2, 6.2, 2.0, 5.0, 2.0, 1.9, 2.1, 1.1]
    W_N = [0.9, 1.5, 2.0, 4.0, 4.4, 2.2, 2.2, 4.4, 1.1, 1.1, 1.0, 1.1, 1.0, 1.0]
    exp = {}
    exp["district_unicode"] = build_district("district_unicode", "unicode", "unicode", "unicode", W_D)
    exp["district_wd2font"] = build_district("district_wd2font", "wd_font", "wd_font", "wd_font", W_D2, repeat=False, center=False)
    exp["district_mixed"] = build_district("district_mixed", "wd_sym", "square", "sqrt", W_D, repeat=True)
    exp["national_sqrt"] = build_national("national_sqrt", W_N)
    exp["national_merged_subject"] = build_national("national_merged_subject", [0.8, 1.3, 1.8, 4.6, 4.0, 2.0, 2.4, 4.5, 1.1, 1.1, 1.1, 1.1, 1.1, 1.0],
                                                    repeat=False, mark="✓", chstyle="unicode", merge_subject=True)
    json.dump(exp, open(HERE + "/expected-round1.json", "w"), ensure_ascii=False, indent=1)
    print({k: len(v) for k, v in exp.items()})
