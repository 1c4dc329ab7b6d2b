"""Every vocabulary the normaliser uses, as data: option labels and their synonyms, header
words and column roles, mark characters, time-limit words.

Rules elsewhere look words up here; no other module spells a catalogue label.
"""

from __future__ import annotations

from dataclasses import dataclass

# ---------------------------------------------------------------- option groups
CHANNEL = "channel"
DISCLOSURE = "disclosure"
METHOD = "method"
AUDIENCE = "audience"
TIER = "tier"
OPTION_GROUPS = (CHANNEL, DISCLOSURE, METHOD, AUDIENCE, TIER)


@dataclass(frozen=True)
class Option:
    group: str
    label: str  # canonical label as printed in most catalogues
    fields: tuple[str, ...]  # contract columns set by this option
    synonyms: tuple[str, ...] = ()
    # Options that may stand bare in an "other" slot of the group (其他) are resolved
    # only once the group of the cell is known.


OPTIONS: tuple[Option, ...] = (
    # 公开渠道
    Option(CHANNEL, "政府网站", ("channel_website",), ("政府门户网站", "门户网站", "政府网")),
    Option(CHANNEL, "政府公报", ("channel_gazette",)),
    Option(CHANNEL, "政务微博", ("channel_weibo",), ("微博",)),
    Option(CHANNEL, "政务微信", ("channel_wechat",), ("政务服务微信", "微信公众号", "微信")),
    Option(CHANNEL, "移动客户端", ("channel_app",), ("政务客户端", "客户端")),
    Option(CHANNEL, "两微一端", ("channel_weibo", "channel_wechat", "channel_app"), ("政务新媒体", "新媒体")),
    Option(CHANNEL, "电视", ("channel_tv",)),
    Option(CHANNEL, "广播", ("channel_radio",)),
    Option(CHANNEL, "广播电视", ("channel_tv", "channel_radio"), ("电视广播",)),
    Option(CHANNEL, "报刊", ("channel_press",), ("报纸", "纸质媒体", "报刊杂志")),
    Option(
        CHANNEL,
        "信息公告栏",
        ("channel_bulletin_board",),
        ("公示栏", "公开栏", "电子屏", "村（居）务公开栏", "村务公开栏", "居务公开栏", "公告栏", "信息公开栏", "电子显示屏", "宣传栏"),
    ),
    Option(
        CHANNEL,
        "政务服务中心",
        ("channel_service_hall",),
        ("政务服务大厅", "便民服务站", "行政服务中心", "便民服务中心", "提供政务服务的场所", "政务大厅", "服务大厅", "办事大厅"),
    ),
    Option(CHANNEL, "档案馆", ("channel_archives",), ("国家档案馆", "图书馆", "档案馆、图书馆")),
    Option(CHANNEL, "其他", ("channel_other",), ("其它",)),
    # 公开属性 (national layout: 公开方式 主动/依申请)
    Option(DISCLOSURE, "主动公开", ("disclosure_proactive",), ("主动",)),
    Option(DISCLOSURE, "依申请公开", ("disclosure_on_request",), ("依申请",)),
    Option(DISCLOSURE, "不予公开", ("disclosure_not_public",), ("不予以公开", "不公开")),
    # 公开方式 (district layout)
    Option(METHOD, "预公开", ("method_pre_release",)),
    Option(METHOD, "全文发布", ("method_full_text",), ("全文公开",)),
    Option(METHOD, "脱密（脱敏）公开", ("method_desensitized",), ("脱密公开", "脱敏公开", "脱密(脱敏)公开")),
    Option(METHOD, "政策解读", ("method_interpretation",)),
    Option(METHOD, "现场宣讲", ("method_onsite",)),
    Option(METHOD, "其他", ("method_other",), ("其它",)),
    # 公开对象
    Option(AUDIENCE, "全社会", (), ()),
    Option(AUDIENCE, "社会", ()),
    Option(AUDIENCE, "特定群体", (), ("特定群众", "特定对象", "特定人群")),
    # 公开层级
    Option(TIER, "县级", ("tier_county",), ("区级", "市级", "县（区）级", "县(区)级", "县区级")),
    Option(
        TIER,
        "乡级",
        ("tier_township",),
        ("镇级", "乡镇级", "镇(街)级", "镇（街）级", "乡、村级", "街道级", "乡（镇）级", "乡(镇)级", "乡镇（街道）级"),
    ),
)

# Checked options in a channel cell that are real channels but not one of the named
# ones: they go to channels_extra (channel_other true) without an unknown_option warning.
KNOWN_EXTRA_CHANNELS: tuple[str, ...] = (
    "发布会",
    "听证会",
    "发布会/听证会",
    "新闻发布会",
    "入户",
    "现场",
    "入户/现场",
    "精准推送",
    "公开查阅点",
    "查阅点",
    "政务公开专区",
    "短信",
    "热线电话",
    "微信群",
    "会议",
    "其他媒体",
    # The national platform for procurement notices; its name holds 及, which here parts no names.
    "中国政府采购网及其地方分网",
    "中国政府采购网",
)

# ---------------------------------------------------------------- marks
# Canonical mark characters. Extractors that find a mark by other means (a symbol
# font glyph, a drawn box, an <input> tag) write one of these into the cell text,
# so that the normaliser decodes a single vocabulary of marks.
CHECKED = "☑"
UNCHECKED = "☐"
UNREADABLE = "⍰"

CHECKED_MARKS = frozenset("✓√☑■☒✔✅")
UNCHECKED_MARKS = frozenset("□☐口✗✘")  # a bare cross beside an option says "no"
# Glyphs of symbol fonts (Wingdings, Wingdings 2) as a text layer without the font
# reads them. Only taken as marks where they stand directly before an option label.
SYMBOL_FONT_CHECKED = frozenset("Rþýnü")
SYMBOL_FONT_UNCHECKED = frozenset("£¨o")
# What the OCR recogniser makes of a Wingdings 2 £ (empty box) that a Word catalogue
# printed as a letter, its font lacking the symbol: f under skew, grey JPEG and in
# photographs, E on 1-bit pages (its R it reads right).
# Rewritten as empty boxes only in a cell read by OCR, where they stand before an
# option label, as the letters themselves are taken (schemas/mark_segments.py).
OCR_SYMBOL_FONT_UNCHECKED = frozenset("fE")
# What the recogniser makes of a bare √ printed as a check mark, photographed
# ("v政府网站"). Rewritten as checked only where the f/E
# above are rewritten as empty: before an option label in a cell read by OCR.
OCR_CHECK_LOOKALIKES = frozenset("vV")
# What the recogniser makes of a √ whose thin long arm the scan lost, leaving its short
# thick stroke (on 1-bit pages: "、政府网站").
# Chinese typesetting never starts a line with 、, so there it is no enumeration comma:
# rewritten as checked only at the start of a line of a cell read by OCR, before an
# option label.
OCR_LINE_START_CHECK_LOOKALIKES = frozenset("、")
# Wingdings glyphs also arrive as private-use code points U+F000 + byte.
# (0xD6 is the Symbol font's √, which Word inserts as a check mark.)
PRIVATE_USE_CHECKED = frozenset(chr(0xF000 + ord(c)) for c in "RSTþýnüx\u00d6")
PRIVATE_USE_UNCHECKED = frozenset(chr(0xF000 + ord(c)) for c in "£¨oq")
UNREADABLE_MARKS = frozenset("⍰")
# Glyphs that government web pages put before an option label to check it (◆政府网站,
# ▄政务微信); elsewhere ◆ is a list bullet, so they count only before a label, like
# the symbol-font letters.
LABEL_CHECKED_MARKS = frozenset("◆▄")
# Other symbol-font glyphs in the private-use range: a mark we cannot read.
PRIVATE_USE_SYMBOLS = range(0xF020, 0xF100)
# A bullet inside a text cell is a list item, never a mark.
BULLETS = frozenset("●•·◆◇▪▫")
# Marks wherever they stand (口 is a mark only before an option label: 窗口 is a word).
STRONG_CHECKED = CHECKED_MARKS | PRIVATE_USE_CHECKED
STRONG_UNCHECKED = (UNCHECKED_MARKS - {"口"}) | PRIVATE_USE_UNCHECKED
STRONG_MARKS = (
    STRONG_CHECKED | STRONG_UNCHECKED | UNREADABLE_MARKS | frozenset(chr(c) for c in PRIVATE_USE_SYMBOLS)
)

# ---------------------------------------------------------------- headers and column roles
ROLE_LEVEL = "level"
ROLE_CATEGORY = "category"  # a header that spans the level columns (事项类别)
ROLE_SEQ = "seq"
ROLE_CONTENT = "content"
ROLE_BASIS = "basis"
ROLE_SUBJECT = "subject"
ROLE_CHANNEL = CHANNEL
ROLE_TIME = "time_limit"
ROLE_DISCLOSURE = DISCLOSURE
ROLE_METHOD = METHOD  # 公开方式: method_* or disclosure_* as the cells' options decide
ROLE_AUDIENCE = AUDIENCE
ROLE_TIER = TIER
ROLE_IGNORED = "ignored"

# Header text (after folding) → role. Longer keys are tried first, by containment.
HEADER_ROLES: dict[str, str] = {
    "事项类别": ROLE_CATEGORY,
    "事项名称": ROLE_CATEGORY,
    "公开事项": ROLE_CATEGORY,
    "事项分类": ROLE_CATEGORY,
    "目录类别": ROLE_CATEGORY,
    # The older 政府信息公开目录's words (序号 信息类别 信息名称 内容概述 公开形式 公开时限 责任科室).
    # Not 信息类别 itself: a real district catalogue names a category group so
    # (信息类别 / 业务工作 / 重点工作, samples/district-catalogue-extracted.txt), and a
    # header word there would flag its labels; beside 信息名称 its column is a category's.
    "信息名称": ROLE_CATEGORY,
    # A catalogue of one 领域 after another names the 领域 column so (序号 所属领域 事项名称 …);
    # beside level columns of the table's own (领域 一级事项 二级事项) it is an other column
    # (columns.roles_from_header).
    "领域": ROLE_CATEGORY,
    "所属领域": ROLE_CATEGORY,
    "序号": ROLE_SEQ,
    "编号": ROLE_SEQ,
    "公开内容": ROLE_CONTENT,
    "内容": ROLE_CONTENT,
    "内容概述": ROLE_CONTENT,
    # Other catalogues' words for the same columns (信息内容描述, 公开要素, 产生时限, 公开期限;
    # 承办科室 beside 责任科室): their headers were not found, and such a table was refused.
    "内容描述": ROLE_CONTENT,
    "公开要素": ROLE_CONTENT,
    "公开依据": ROLE_BASIS,
    "依据": ROLE_BASIS,
    "公开主体": ROLE_SUBJECT,
    "责任主体": ROLE_SUBJECT,
    "公开单位": ROLE_SUBJECT,
    "发布主体": ROLE_SUBJECT,
    "发布机关": ROLE_SUBJECT,
    "主体": ROLE_SUBJECT,
    "公开渠道": ROLE_CHANNEL,
    "公开渠道和载体": ROLE_CHANNEL,
    "公开载体": ROLE_CHANNEL,
    "发布渠道": ROLE_CHANNEL,
    "公开途径": ROLE_CHANNEL,
    "发布途径": ROLE_CHANNEL,
    "渠道": ROLE_CHANNEL,
    "公开时限": ROLE_TIME,
    "时限": ROLE_TIME,
    "公开时间": ROLE_TIME,
    "公开时效": ROLE_TIME,
    "产生时限": ROLE_TIME,
    "公开期限": ROLE_TIME,
    "时限要求": ROLE_TIME,
    "公开属性": ROLE_DISCLOSURE,
    "公开类型": ROLE_DISCLOSURE,
    "公开方式": ROLE_METHOD,
    "公开形式": ROLE_METHOD,
    "公开对象": ROLE_AUDIENCE,
    "对象": ROLE_AUDIENCE,
    "公开层级": ROLE_TIER,
    "层级": ROLE_TIER,
    "责任科室": ROLE_IGNORED,
    "承办科室": ROLE_IGNORED,
    "责任单位": ROLE_SUBJECT,
    "责任部门": ROLE_SUBJECT,
    "备注": ROLE_IGNORED,
    "监督方式": ROLE_IGNORED,
}

# Option names shortened in a one-option column's header under 发布渠道 or 公开渠道 (网站,
# 公报), or asked as a question over 是/否 cells (是否主动公开): the header's own words,
# matched whole. Not synonyms of the options: inside a list, 部门网站 is another website
# and 公报栏 a notice board.
OPTION_HEADER_WORDS: dict[str, str] = {"网站": "政府网站", "公报": "政府公报",
                                       "是否主动公开": "主动公开", "是否依申请公开": "依申请公开"}

# 一级 … 六级 (also 一级事项, 一级分类, 1级)
LEVEL_NUMERALS: dict[str, int] = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}

# ---------------------------------------------------------------- cell kinds
AUDIENCE_WORDS = ("社会", "全社会", "社会公众", "公众", "特定群体", "特定群众", "特定对象", "特定人群")
# Words that make a short text cell look like a 公开主体.
SUBJECT_HINTS = ("部门", "单位", "政府", "办公室", "委员会", "局", "街道", "镇", "乡", "中心", "委", "办", "处", "科", "站", "所", "院", "队")
# What the name of an office ends with ("县公安局", "区政府各部门（单位）"): a cell that is
# one such name is a 公开主体, wherever it sits.
ORGANISATION_ENDINGS = ("局", "部门", "单位", "政府", "办公室", "委员会", "中心", "街道", "乡镇", "委", "办", "院", "所", "站", "队")
# What the name of a place ends with (市中区, 历城区, 平阴县): catalogues name the places
# their offices serve as often as the offices. Not 市: the recogniser reads 门 drawn in
# a Japanese face's form as 市 ("县级民政部市" with 门 offered at 0.25).
PLACE_ENDINGS = ("省", "州", "盟", "县", "区", "旗", "镇", "乡", "村")

# A one-option column (one column per option, a mark or nothing in each cell) may say
# yes or no in words, or as a sheet exported from a database or a form says it: Y/N,
# 1/0, Excel's TRUE/FALSE booleans, a typed V for a tick; a bare cross, a dash or "not
# applicable" says no. Matched on the NFKC-folded cell, upper-cased unless it is one of
# the letters a Wingdings box becomes when it loses its font (a lone n is ■, checked:
# SYMBOL_FONT_CHECKED, SYMBOL_FONT_UNCHECKED), which stay what they were.
YES_WORDS = ("是", "有", "Y", "YES", "TRUE", "1", "V", "●")
NO_WORDS = ("否", "无", "/", "-", "—", "——", "--", "×", "N", "NO", "FALSE", "0", "N/A", "NA", "不涉及", "○")

# ---------------------------------------------------------------- time limits
REALTIME_WORDS = ("实时", "即时")
# What follows a number of days ("20个工作日", "20日内", "15天"), the longer first: a
# regular expression tries them in this order.
DAY_UNITS = ("工作日", "自然日", "日", "天")
# The contract's time_limit_kind values.
WORKING_DAYS = "working_days"
CALENDAR_DAYS = "calendar_days"
REALTIME = "realtime"
DEADLINE = "deadline"

# ---------------------------------------------------------------- footnotes
FOOTNOTE_MARKERS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳※*＊"
# A form's sign-off written in the table's last row (制表人：… 审核人：… 填报日期：…), each
# field a word and a colon: who made, checked or filed the table, and when. A contact
# (联系人：, 联系电话：) goes with them, but alone it may be the rest of an item's cell.
SIGN_OFF_FIELDS = ("制表人", "填表人", "填报人", "审核人", "审批人", "签发人", "经办人", "负责人", "单位负责人",
                   "主要负责人", "分管领导", "填报单位", "制表单位", "编制单位", "填报日期", "制表日期", "编制日期",
                   "审核日期", "制表时间", "填报时间")
CONTACT_FIELDS = ("联系人", "联系电话", "电话")
# What a total row under a table (or a group) starts with, in its 序号 or first label
# cell: 合计 | … | 共4项. Such a row counts the items; it is none.
TOTAL_WORDS = ("合计", "小计", "总计", "共计")

# ---------------------------------------------------------------- section titles
# The number a section title across a table starts with: 一、 / （一） / 第一部分 / 1. / 1、
SECTION_NUMBER = (r"^\s*(?:第?[一二三四五六七八九十百]+(?:[、.．]|部分|类)|[（(][一二三四五六七八九十百\d]+[)）]"
                  r"|\d+\s*[、.．])\s*")

# ---------------------------------------------------------------- page furniture
# A page number printed alone at a page's foot (spaces removed): 第3页, 第3页共9页,
# 共9页第3页, -3-, — 3 —, 3/9. A bare number is not one: it may be a 序号 on its own line.
# The number of a section title standing alone in a row's first cell, where a table lost
# its merges: Chinese numerals only. "1、" / "2." there start the rest of a numbered list
# cut by a page break (1、指南 … 2、目录), which must join the row before.
SECTION_TITLE_NUMBER = (r"^\s*(?:第?[一二三四五六七八九十百]+(?:[、.．]|部分|类)"
                        r"|[（(][一二三四五六七八九十百]+[)）])\s*")

PAGE_NUMBER = r"^(?:第\d+页(?:[,，/]?共\d+页)?|共\d+页[,，/]?第\d+页|[-—–]+\d+[-—–]+|\d+/\d+)$"

# ---------------------------------------------------------------- other_columns
# The other_columns key of a column that has no header text (a headerless page).
UNNAMED_COLUMN = "第{}列"

# ---------------------------------------------------------------- ditto cells
# Alone in a cell: the value of the cell above / to the left.
DITTO_ABOVE = ("同上",)
DITTO_LEFT = ("同左",)

# ---------------------------------------------------------------- OCR look-alikes
# The recogniser reads some simplified characters as the traditional twin that differs
# by a stroke (内 as 內, 决 as 決), and some drawn in a Japanese face's form as their
# traditional form (门 as 門, its dot an upright stroke; 细 as 細, its silk radical
# drawn whole); the catalogues are printed in simplified Chinese.
TRADITIONAL_TWINS = "內決脫況減沖淨涼稅兌戶強呂溫黃敎靑淸晉値眞卽門細"
SIMPLIFIED_TWINS = "内决脱况减冲净凉税兑户强吕温黄教青清晋值真即门细"
# What OCR may make of a box or tick left at the edge of an option label.
MARK_LEAK = "口囗回□☐☑☒√✓✔"

# ---------------------------------------------------------------- traditional characters
# A catalogue printed in traditional characters (公開內容, 公開時限, 主動公開; Hong Kong,
# Macao, Taiwan, or a copy run through a converter) names the same columns and options.
# Every vocabulary word is looked up after its traditional characters are folded to the
# simplified ones (lookup.fold), so one vocabulary serves both. The table holds the
# characters of the words above (header, level, option, channel, audience, time-limit,
# organisation and sign-off words) whose traditional form differs, one to one; a
# character that stands for two simplified ones (乾 for 干 and 乾) is left out. Values are
# written as the source prints them: only the lookups fold.
TRADITIONAL_FORMS = "專兩個箇鄉書產産眾衆會傳體關內準別辦務動區單廳縣發號聽國圖場備實對層屬廣開錄徑誌戶報據無時顯機雜欄檔註點熱現電監稱類級紙線編網脫視議講證話請讀責質購載採鎮門間聞閱項預領館員處審導簽係繫經聯負隊製佈"
SIMPLIFIED_FORMS = "专两个个乡书产产众众会传体关内准别办务动区单厅县发号听国图场备实对层属广开录径志户报据无时显机杂栏档注点热现电监称类级纸线编网脱视议讲证话请读责质购载采镇门间闻阅项预领馆员处审导签系系经联负队制布"

# ---------------------------------------------------------------- OCR vocabulary check
# The words a cell piece read by OCR may be taken back to when the recogniser's own
# candidates spell them (extract/ocr/vocabulary_check.py): the option labels and their
# synonyms, the known extra channels, the header words (事项类别, 一级事项 …) and the
# time-limit words that stand alone. Words of one character are left out: a lone
# character has too many neighbours among the recogniser's candidates to be chosen by
# a word list, and reads right more often than a word does.
OCR_TERM_MIN_CHARS = 2
_LEVEL_HEADER_WORDS = tuple(f"{n}级{suffix}" for n in LEVEL_NUMERALS for suffix in ("", "事项", "分类", "类别", "目录"))
OCR_TERMS: frozenset[str] = frozenset(
    word
    for word in (
        *(word for option in OPTIONS for word in (option.label, *option.synonyms)),
        *KNOWN_EXTRA_CHANNELS,
        *HEADER_ROLES,
        *_LEVEL_HEADER_WORDS,
        *AUDIENCE_WORDS,
        *REALTIME_WORDS,
        *DITTO_ABOVE,
        *DITTO_LEFT,
    )
    if len(word) >= OCR_TERM_MIN_CHARS
)
