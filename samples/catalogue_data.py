"""The items the sample PDFs are made of, and the contract rows they must give.

The expected rows are derived from these items alone (never from an extraction), by
the rules of shared/contract.md, so a test comparing them with the pipeline's output
checks the extractor and the normaliser together.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Options = list[tuple[str, bool | None]]  # (label, checked / empty / unreadable)

SHORT = ("政府网站", "政府公报", "政务微博", "政务微信")
LONG = (*SHORT, "移动客户端", "电视", "广播", "报刊", "信息公告栏", "政务服务中心", "档案馆")
LONG_OTHER = (*LONG, "其他")
DISCLOSURE2 = ("主动公开", "依申请公开")
DISCLOSURE3 = ("主动公开", "依申请公开", "不予公开")
METHOD2 = ("预公开", "全文发布")
METHOD4 = ("预公开", "全文发布", "脱密（脱敏）公开", "政策解读")
METHOD6 = (*METHOD4, "现场宣讲", "其他")

NATIONAL_CHANNELS = (
    "政府网站", "政府公报", "两微一端", "发布会/听证会", "广播电视", "纸质媒体", "公开查阅点",
    "政务服务中心", "便民服务站", "入户/现场", "社区/企事业单位/村公示栏（电子屏）", "精准推送", "其他",
)

WORK20 = ("相关信息形成或变更之日起20个工作日内", 20, "working_days")
REALTIME = ("实时公开", None, "realtime")


def opts(labels: tuple[str, ...], checked: tuple[str, ...] = (), unreadable: tuple[str, ...] = ()) -> Options:
    return [(lb, None if lb in unreadable else lb in checked) for lb in labels]


def web(labels: tuple[str, ...] = SHORT, *more: str) -> Options:
    return opts(labels, ("政府网站", *more))


def proactive(labels: tuple[str, ...] = DISCLOSURE3) -> Options:
    return opts(labels, ("主动公开",))


def full_text(labels: tuple[str, ...] = METHOD2, *more: str) -> Options:
    return opts(labels, ("全文发布", *more))


@dataclass
class Item:
    levels: tuple[str, ...]
    content: str | None = None
    subject: str | None = "区政府各部门（单位）"
    channels: Options | None = None
    time: tuple[str, int | None, str | None] | None = WORK20
    disclosure: Options | None = None
    method: Options | None = None
    audience: str | None = "社会"
    style: str = "check"  # how marks are printed (see pdflayout.GLYPH_MARKS, or "box")
    shift: str | None = None  # "time_missing" | "time_in_channel": cells one column off
    basis: str | None = None  # national layout only
    audience_opts: Options | None = None  # national layout: 全社会 / 特定群体 columns
    tier: Options | None = None  # national layout: 县级 / 乡级 columns
    expected_levels: tuple[str, ...] | None = None  # when the printed label differs (footnotes)
    extra_warnings: tuple[str, ...] = ()
    seq: int | None = None  # national layout: 序号
    # Option groups printed one option a column ("disclosure": 主动 | 依申请): an option
    # of the group that no column names is absent from the table, so its field is null.
    columns: tuple[str, ...] = ()


def _std(levels: tuple[str, ...], content: str | None = None, **kw: object) -> Item:
    defaults: dict[str, object] = {
        "channels": web(LONG),
        "disclosure": proactive(),
        "method": full_text(METHOD4),
    }
    defaults.update(kw)
    return Item(levels, content, **defaults)  # type: ignore[arg-type]


SUBJ_ALL = "各街道镇、区政府各部门（单位）"

DISTRICT_ITEMS: list[Item] = [
    _std(("履职依据", "上级法规规章"), "涉及本部门的国务院部门行政规章、省政府行政规章",
         channels=web(), disclosure=proactive(DISCLOSURE2), method=full_text()),
    _std(("履职依据", "部门（处镇）文件"), "涉及本部门制发的文件", subject=SUBJ_ALL,
         channels=web(), disclosure=proactive(DISCLOSURE2), method=full_text()),
    _std(("履职依据", "政策专题", "惠企政策"),
         "做好优化涉企政务服务方面信息公开，及时向社会公布新制定的涉企政策、新推出的便企政务服务事项等信息。"
         "公开惠企政策申请条件、申报材料清单、办理流程、承办部门、联系方式、起止时间等信息。"),
    _std(("履职依据", "政策专题", "六稳六保工作"),
         "稳就业、稳金融、稳外贸、稳外资、稳投资、稳预期各项政策举措及其效果，实时发布保居民就业、保基本民生、"
         "保市场主体、保粮食能源安全、保产业链供应链稳定、保基层运转等相关政策以及解读信息"),
    _std(("履职依据", "政策汇编"), None, disclosure=proactive(DISCLOSURE2), method=full_text()),
    _std(("机关简介", "机构设置", "机构概况"),
         "机构职责（按“三定方案”）；机构设置（按“三定方案”）；联系方式（地址、办公时间、联系电话等）", subject=SUBJ_ALL),
    _std(("机关简介", "机构设置", "内设机构及下属单位"),
         "内设机构职责（按“三定方案”）；机构设置（按“三定方案”）；内设机构及下属单位负责人（姓名、职务等）；"
         "联系方式（地址、办公时间、联系电话等）", subject=SUBJ_ALL),
    _std(("机关简介", "部门领导成员及分工"),
         "领导班子成员姓名及职务（姓名、行政职务）；职责分工（负责的工作内容和分管的处室、事业单位）",
         subject=SUBJ_ALL, method=opts(METHOD4, ("预公开", "全文发布"))),
    _std(("机关简介", "部门职责任务清单"), None, method=opts(METHOD2, ("预公开", "全文发布"))),
    _std(("规划信息", "专项规划"), "涉及本部门的本级专项规划信息。", style="wd2",
         channels=web(LONG, "政务微博"), method=full_text()),
    _std(("规划信息", "年度计划"), "涉及本部门的本级年度计划信息，含R&D经费投入计划。", subject=SUBJ_ALL,
         style="wd2", method=full_text()),
    _std(("统计信息", "部门统计信息"), "本单位专项统计数据", style="wd", method=full_text()),
    _std(("行政许可",),
         "主要公示行政许可决定书文号、设定依据、许可事项名称、行政相对人名称及统一社会信用代码、审批部门等内容，"
         "以及作出行政许可决定的部门认为应当公示的相关信息",
         channels=None, time=("信息形成后，7个工作日内公开；", 7, "working_days"), method=None),
    _std(("行政处罚",), "主要公示行政处罚决定书文号、处罚依据、行政相对人名称等内容",
         channels=None, time=("信息形成后，7个工作日内公开；", 7, "working_days"), method=None),
    _std(("财政预决算",), None, subject="区财政局、区政府各部门（单位）", style="pua",
         channels=web(LONG_OTHER), method=full_text(METHOD6)),
    _std(("决策公开", "会议公开", "部门（处镇）会议"),
         "对涉及重大民生事项的部门办公会议的议题，要邀请利益相关方、公众、专家、媒体等列席，及时发布会议时间、"
         "议题、内容、列席情况、议题解读等信息。", subject=SUBJ_ALL, time=REALTIME),
    _std(("决策公开", "会议公开", "政府开放日和听证会"),
         "起草与企业生产经营活动密切相关的政策文件，按要求召开听证会，及时发布听证会通告及听证结果。",
         channels=web((*LONG, "发布会/听证会"), "发布会/听证会"), time=REALTIME, audience=None, method=None),
    _std(("决策公开", "政府工作报告落实情况"), None, subject=SUBJ_ALL,
         channels=web(), disclosure=proactive(DISCLOSURE2), method=full_text()),
    _std(("行政权力运行公开", "优化营商环境", "其他"),
         "公开实施深入推进大众创业万众创新的相关政策措施、工作进展成效。", style="box",
         channels=web(SHORT + ("移动客户端", "电视")), method=opts(METHOD4, ("预公开", "全文发布"))),
    _std(("行政权力运行公开", "优化营商环境", "其他"),
         "公开实施压减行政许可的相关政策措施、工作进展成效。", style="box",
         channels=web(SHORT + ("移动客户端", "电视")), method=opts(METHOD4, ("预公开", "全文发布"))),
    _std(("行政权力运行公开", "优化营商环境", "其他"),
         "推进跨境贸易便利化方面信息公开，方便企业快速办理跨境结算、贸易融资等业务方面信息公开。",
         subject="区发改局、区商务局", style="box",
         channels=opts(SHORT + ("移动客户端", "电视"), ("政府网站",), unreadable=("政务微博",)),
         method=opts(METHOD4, ("预公开", "全文发布"))),
    _std(("管理公开", "行政执法公示", "事前公开"),
         "行政执法事项清单，包括行政执法类别、事项名称、执法依据、裁量基准、承办机构和办理时限",
         channels=web(("政府网站", "政府公报", "政务微博", "政务服务微信", "移动客户端", "电视"))),
    _std(("管理公开", "行政执法公示", "事中公示"), None, time=None, shift="time_missing",
         channels=web(("政府网站", "政府公报", "政务微博", "政务服务微信")), method=full_text(),
         extra_warnings=("cells_shifted",)),
    _std(("管理公开", "行政执法公示", "事后公开"),
         "公示行政执法结果信息，包括执法机关、执法对象、执法类别、执法结论等。每年1月31日前公开本机关上年度"
         "行政执法总体情况有关数据",
         time=("执法结果信息形成后，7个工作日内公开；行政执法总体情况每年1月31日前", 7, "working_days")),
    Item(("管理公开", "信用信息", "信用红黑名单"), None, time=None),
    _std(("其他注：①", "政策解读与回应", "文件解读", "主要负责人解读"), None, style="square",
         time=("政策文件发布后3个工作日内", 3, "working_days"),
         expected_levels=("其他", "政策解读与回应", "文件解读", "主要负责人解读")),
    _std(("其他注：①", "政策解读与回应", "文件解读", "图解政策"), None, style="square",
         time=("政策文件发布后4个工作日内", 4, "working_days"),
         expected_levels=("其他", "政策解读与回应", "文件解读", "图解政策")),
    _std(("应急管理",), "上级单位或本单位制定的应急预案、预警信息及应对情况，涉密的除外。", channels=None,
         method=full_text(METHOD6)),
    _std(("重点领域信息公开", "社会公益事业", "医疗卫生", "医疗保障工作", "卫生健康领域", "医疗保障基金监督"),
         None, subject="区医保局", style="sqrt", channels=web(),
         disclosure=proactive(("主动公开", "依申请")), method=full_text()),
    _std(("重点领域信息公开", "社会公益事业", "医疗卫生", "医疗保障工作", "卫生健康领域", "财务和基金监管"),
         None, subject="区医保局", style="sqrt", channels=web(LONG_OTHER),
         disclosure=proactive(("主动公开", "依申请", "不予公开")), method=full_text(METHOD6)),
    Item(("重点领域信息公开", "社会公益事业", "医疗卫生", "医疗保障工作", "卫生健康领域", "医药价格和招标采购"),
         None, subject=None, time=None),
    _std(("财税信息", "社会救助", "医疗救助", "相关政策"), "救助对象认定、救助标准",
         subject="区医保局、区社会救助管理中心", channels=None, disclosure=None, method=None,
         shift="time_in_channel", extra_warnings=("cells_shifted",)),
    _std(("政务公开工作", "政府信息公开指南"), "介绍政府信息公开范围、方式、工作机构等",
         subject="区政府办公室、各街道镇、区政府各部门（单位）", time=REALTIME,
         disclosure=proactive(("主动公开", "依申请公开", "不予以公开"))),
]


def _nat(seq: int, levels: tuple[str, str], content: str, basis: str, time: tuple[str, int | None, str | None],
         subject: str, channels: tuple[str, ...], audience: tuple[str, ...] = ("全社会",),
         disclosure: tuple[str, ...] = ("主动公开",), tier: tuple[str, ...] = ("县级",)) -> Item:
    return Item(
        levels, content, subject=subject, channels=opts(NATIONAL_CHANNELS, channels), time=time,
        disclosure=opts(DISCLOSURE2, disclosure), method=None, audience="、".join(audience),
        style="square", basis=basis, audience_opts=opts(("全社会", "特定群体"), audience),
        tier=opts(("县级", "乡级"), tier), seq=seq, columns=("disclosure", "tier"),
    )


BUDGET_LAW = "《中华人民共和国预算法》《中华人民共和国政府信息公开条例》"
RELIEF_LAW = "《社会救助暂行办法》《最低生活保障审核确认办法》《中华人民共和国政府信息公开条例》"
NATIONAL_ITEMS: list[Item] = [
    _nat(1, ("政府预决算", "政府预算"),
         "经本级人大或其常委会批准的政府预算、预算调整、预算执行情况的报告及报表", BUDGET_LAW,
         ("批准后20日内", 20, "calendar_days"), "县级财政部门",
         ("政府网站", "两微一端", "公开查阅点")),
    _nat(2, ("政府预决算", "政府决算"),
         "经本级人大或其常委会批准的政府决算及报表；政府预算执行和其他财政收支的审计工作报告", BUDGET_LAW,
         ("批准后20日内", 20, "calendar_days"), "县级财政部门",
         ("政府网站", "纸质媒体")),
    _nat(3, ("政府预决算", "部门预算"),
         "部门预算收支总表、收入总表、支出总表、财政拨款收支总表、一般公共预算支出表、“三公”经费支出表等",
         BUDGET_LAW, ("财政部门批复后20日内", 20, "calendar_days"), "各预算部门",
         ("政府网站", "政府公报")),
    _nat(4, ("政府预决算", "部门决算"),
         "部门决算收支总表、收入决算表、支出决算表、财政拨款收支决算总表；决算说明", BUDGET_LAW,
         ("财政部门批复后20日内", 20, "calendar_days"), "各预算部门", ("政府网站",)),
    _nat(5, ("政府预决算", "乡镇预决算"),
         "乡镇预算、决算及报表；乡镇“三公”经费预决算情况", BUDGET_LAW,
         ("批准后20日内", 20, "calendar_days"), "乡镇人民政府",
         ("政府网站", "社区/企事业单位/村公示栏（电子屏）"), tier=("乡级",)),
    _nat(6, ("最低生活保障", "政策法规文件"),
         "国家、省、市、县有关最低生活保障的法律法规、规章、规范性文件", RELIEF_LAW,
         ("信息形成或变更之日起20个工作日内", 20, "working_days"), "县级民政部门、乡镇人民政府",
         ("政府网站", "两微一端", "政务服务中心", "便民服务站"), tier=("县级", "乡级")),
    _nat(7, ("最低生活保障", "办事指南"),
         "申请条件、申请材料、办理流程、办理时限、咨询电话、监督电话", RELIEF_LAW,
         ("信息形成或变更之日起20个工作日内", 20, "working_days"), "县级民政部门、乡镇人民政府",
         ("政府网站", "政务服务中心", "便民服务站", "入户/现场"), tier=("县级", "乡级")),
    _nat(8, ("最低生活保障", "审核确认结果"),
         "最低生活保障对象姓名（隐去中间字）、所在村（居）、保障人数、保障金额", RELIEF_LAW,
         ("审核确认后10个工作日内", 10, "working_days"), "乡镇人民政府",
         ("社区/企事业单位/村公示栏（电子屏）", "精准推送"), audience=("特定群体",),
         disclosure=("主动公开", "依申请公开"), tier=("乡级",)),
    _nat(9, ("最低生活保障", "资金使用情况"),
         "最低生活保障资金筹集、分配、使用情况", RELIEF_LAW,
         ("每年3月31日前", None, "deadline"), "县级民政部门",
         ("政府网站", "政府公报", "其他")),
    _nat(10, ("特困人员救助供养", "政策法规文件"),
         "国家、省、市、县有关特困人员救助供养的法律法规、规章、规范性文件", RELIEF_LAW,
         ("信息形成或变更之日起20个工作日内", 20, "working_days"), "县级民政部门",
         ("政府网站", "广播电视", "纸质媒体")),
    _nat(11, ("特困人员救助供养", "审核确认结果"),
         "特困人员姓名（隐去中间字）、所在村（居）、供养方式、救助供养标准", RELIEF_LAW,
         ("审核确认后10个工作日内", 10, "working_days"), "乡镇人民政府",
         ("社区/企事业单位/村公示栏（电子屏）",), audience=("全社会", "特定群体"), tier=("乡级",)),
    _nat(12, ("特困人员救助供养", "监督检查"),
         "监督检查结果；举报投诉方式及处理结果", RELIEF_LAW,
         ("即时", None, "realtime"), "县级民政部门", ("政府网站", "发布会/听证会")),
]


# ---------------------------------------------------------------- expected contract rows

CHANNEL_FIELDS: dict[str, tuple[str, ...]] = {
    "政府网站": ("channel_website",),
    "政府公报": ("channel_gazette",),
    "政务微博": ("channel_weibo",),
    "政务微信": ("channel_wechat",),
    "政务服务微信": ("channel_wechat",),
    "移动客户端": ("channel_app",),
    "两微一端": ("channel_weibo", "channel_wechat", "channel_app"),
    "电视": ("channel_tv",),
    "广播": ("channel_radio",),
    "广播电视": ("channel_tv", "channel_radio"),
    "报刊": ("channel_press",),
    "纸质媒体": ("channel_press",),
    "信息公告栏": ("channel_bulletin_board",),
    "社区/企事业单位/村公示栏（电子屏）": ("channel_bulletin_board",),
    "政务服务中心": ("channel_service_hall",),
    "便民服务站": ("channel_service_hall",),
    "档案馆": ("channel_archives",),
    "其他": ("channel_other",),
}
CHANNEL_COLUMNS = (
    "channel_website", "channel_gazette", "channel_weibo", "channel_wechat", "channel_app", "channel_tv",
    "channel_radio", "channel_press", "channel_bulletin_board", "channel_service_hall", "channel_archives",
    "channel_other",
)
DISCLOSURE_FIELDS = {
    "主动公开": "disclosure_proactive", "依申请公开": "disclosure_on_request", "依申请": "disclosure_on_request",
    "不予公开": "disclosure_not_public", "不予以公开": "disclosure_not_public",
}
METHOD_FIELDS = {
    "预公开": "method_pre_release", "全文发布": "method_full_text", "脱密（脱敏）公开": "method_desensitized",
    "政策解读": "method_interpretation", "现场宣讲": "method_onsite", "其他": "method_other",
}
TIER_FIELDS = {"县级": "tier_county", "乡级": "tier_township"}


def _group(columns: tuple[str, ...], options: Options | None, fields: dict[str, str],
           one_a_column: bool = False) -> tuple[dict[str, bool | None], bool]:
    """Booleans of one option group; True in the second value when a mark was unreadable.
    `one_a_column`: the group is printed one option a column, so an option it does not
    list has no column and stays null."""
    if not options:
        return dict.fromkeys(columns), False
    values: dict[str, bool | None] = dict.fromkeys(columns, False)
    if one_a_column:
        values = dict.fromkeys(columns)
        values.update({fields[label]: False for label, _ in options})
    unreadable = False
    for label, state in options:
        column = fields[label]
        if state is None:
            unreadable = True
            if values[column] is not True:
                values[column] = None
        elif state:
            values[column] = True
    return values, unreadable


@dataclass
class RowFacts:
    """What only the layout knows: the page a row starts on, and what a page break did to it."""

    page: int
    row_split: bool = False
    label_split: bool = False
    warnings: list[str] = field(default_factory=list)


def expected_row(item: Item, source: str, item_no: int, key_counts: dict[str, int], facts: RowFacts) -> dict[str, object]:
    levels = item.expected_levels or item.levels
    key = " / ".join(levels)
    key_counts[key] = key_counts.get(key, 0) + 1
    if key_counts[key] > 1:
        key = f"{key}#{key_counts[key]}"
    row: dict[str, object] = {"source": source, "page": facts.page, "item_no": item_no, "item_key": key}
    for i in range(6):
        row[f"level_{i + 1}"] = levels[i] if i < len(levels) else None
    row["content"] = item.content
    row["basis"] = item.basis
    row["subject"] = item.subject
    warnings: list[str] = []

    channel_values: dict[str, bool | None] = dict.fromkeys(CHANNEL_COLUMNS)
    extra: list[str] = []
    if item.channels:
        channel_values = dict.fromkeys(CHANNEL_COLUMNS, False)
        if "channel" in item.columns:  # a channel no column names stays null
            channel_values = dict.fromkeys(CHANNEL_COLUMNS)
            channel_values.update({c: False for label, _ in item.channels for c in CHANNEL_FIELDS.get(label, ())})
        for label, state in item.channels:
            columns = CHANNEL_FIELDS.get(label)
            if columns is None:  # a real channel that is not one of the named ones
                if state:
                    extra.append(label)
                    channel_values["channel_other"] = True
                elif state is None:
                    warnings.append("mark_unreadable")
                continue
            for column in columns:
                if state is None:
                    if channel_values[column] is not True:
                        channel_values[column] = None
                elif state:
                    channel_values[column] = True
            if state is None:
                warnings.append("mark_unreadable")
    row.update(channel_values)
    row["channels_extra"] = extra

    if item.time is None:
        row.update(time_limit=None, time_limit_days=None, time_limit_kind=None)
    else:
        row.update(time_limit=item.time[0], time_limit_days=item.time[1], time_limit_kind=item.time[2])

    disclosure, bad = _group(
        ("disclosure_proactive", "disclosure_on_request", "disclosure_not_public"), item.disclosure, DISCLOSURE_FIELDS,
        "disclosure" in item.columns,
    )
    row.update(disclosure)
    method, bad_method = _group(tuple(METHOD_FIELDS.values()), item.method, METHOD_FIELDS)
    row.update(method)
    if bad or bad_method:
        warnings.append("mark_unreadable")
    row["audience"] = item.audience
    tier, _ = _group(("tier_county", "tier_township"), item.tier, TIER_FIELDS, "tier" in item.columns)
    row.update(tier)
    warnings.extend(item.extra_warnings)
    warnings.extend(facts.warnings)
    row["warnings"] = sorted(set(warnings))
    # Contract v1.1: columns no contract column takes. The national layout prints 序号.
    row["other_columns"] = {"序号": str(item.seq)} if item.seq is not None else {}
    return row
