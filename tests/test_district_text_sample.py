"""The shared real catalogue text, end to end. Expected values were written by reading
samples/district-catalogue-extracted.txt line by line (see the comments: Lnn is the
line of the sample that holds the item)."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from catalogue.api import extract_file

A = "履职依据"
J = "机关简介"
D = "决策公开"
X = "行政权力运行公开"
GL = "管理公开"
QT = "其他 / 政策解读与回应 / 文件解读"
ZW = "政务公开工作"
YB = "重点领域信息公开 / 社会公益事业 / 医疗卫生 / 医疗保障工作 / 卫生健康领域"

# (page, item_key) for every data row of the sample, in order.
EXPECTED_KEYS: list[tuple[int, str]] = [
    (1, f"{A} / 上级法规规章"),  # L5
    (1, f"{A} / 部门（处镇）文件"),
    (1, f"{A} / 政策专题 / 惠企政策"),
    (1, f"{A} / 政策专题 / 六稳六保工作"),
    (1, f"{A} / 政策汇编"),
    (1, f"{J} / 机构设置 / 机构概况"),  # L10: 机关简 …
    (1, f"{J} / 机构设置 / 内设机构及下属单位"),
    (2, f"{J} / 部门领导成员及分工"),  # L13: … 介 绍
    (2, f"{J} / 部门职责任务清单"),
    (2, "规划信息 / 专项规划"),
    (2, "规划信息 / 年度计划"),
    (2, "统计信息 / 部门统计信息"),
    (2, "行政许可"),
    (2, "行政处罚"),
    (2, "财政预决算"),
    (3, "人事信息 / 人事任免"),  # L22
    (3, f"{D} / 会议公开 / 部门（处镇）会议"),
    (3, f"{D} / 会议公开 / 政府开放日和听证会"),
    (3, f"{D} / 政府工作报告落实情况"),
    (3, f"{D} / 民生实事项目落实情况"),
    (3, f"{D} / 重大项目执行情况"),
    (3, f"{D} / 重点工作攻坚年落实"),
    (3, f"{D} / 稳增长促改革"),
    (3, f"{D} / 八大发展战略推进落实 / 军民融合"),
    (3, f"{D} / 八大发展战略推进落实 / 区域协调发展"),
    (3, f"{D} / 八大发展战略推进落实 / 对外开放"),
    (4, f"{X} / 疫情防控和复工复产复学"),  # L34
    (4, f"{X} / 优化营商环境 / 其他"),
    (4, f"{X} / 优化营商环境 / 其他#2"),  # L36: no level cells, same group
    (4, f"{X} / 优化营商环境 / 其他#3"),
    (4, f"{X} / 督查整改"),
    (4, "随机抽查 / 随机抽查 / 抽查事项及计划"),
    (4, "随机抽查 / 随机抽查 / 抽查结果"),
    (5, f"{GL} / 行政执法公示 / 事前公开"),  # L42
    (5, f"{GL} / 行政执法公示 / 事中公示"),
    (5, f"{GL} / 行政执法公示 / 事后公开"),
    (5, f"{GL} / 信用信息 / 信用红黑名单"),
    (5, "结果公开 / 决策执行评估"),
    (5, "结果公开 / 建议提案办理结果公开 / 人大建议办理结果"),
    (5, "结果公开 / 建议提案办理结果公开 / 政协提案办理结果"),
    (6, "应急管理"),  # L50
    (6, f"{QT} / 主要负责人解读"),  # L51: 其他 注：①
    (6, f"{QT} / 图解政策"),
    (6, f"{QT} / 音视频解读"),
    (6, f"{QT} / 专家解读"),
    (6, f"{QT} / 专家解读#2"),  # L55: no level cells
    (6, f"{QT} / 动漫解读"),
    (6, f"{QT} / 政策简明问答"),
    (6, f"{QT} / 新闻发布会"),
    (6, "其他 / 政策解读与回应 / 回应关切"),
    (7, "信息类别 / 业务工作 / 重点工作"),  # L61
    (7, "信息类别 / 业务工作 / 通知公告"),
    (7, f"{ZW} / 政府信息公开指南"),
    (7, f"{ZW} / 政府信息公开年报"),
    (7, f"{ZW} / 政务公开组织领导"),
    (7, f"{ZW} / 政务公开工作推进及培训"),
    (7, f"{ZW} / 基层政务公开标准化规范化工作 / 工作推进"),
    (7, f"{ZW} / 基层政务公开标准化规范化工作 / 试点领域目录"),
    (7, f"{ZW} / 基层政务公开标准化规范化工作 / 部门目录"),
    (7, "财税信息 / 绩效信息 / 部门绩效信息"),
    (7, "财税信息 / 社会救助 / 医疗救助 / 相关政策"),  # L71: level 1 filled down
    (8, f"{YB} / 医疗保障基金监督"),  # L73: 14 columns, six levels
    (8, f"{YB} / 财务和基金监管"),
    (8, f"{YB} / 医药价格和招标采购"),
    (8, f"{YB} / 职工医疗保险"),
    (8, f"{YB} / 居民医疗保险"),
    (8, f"{YB} / 生育保险和医疗救助"),
    (8, f"{YB} / 医保稽查稽核"),
]

CHANNELS = [
    "channel_website", "channel_gazette", "channel_weibo", "channel_wechat", "channel_app", "channel_tv",
    "channel_radio", "channel_press", "channel_bulletin_board", "channel_service_hall", "channel_archives",
    "channel_other",
]
DISCLOSURE = ["disclosure_proactive", "disclosure_on_request", "disclosure_not_public"]
METHODS = ["method_pre_release", "method_full_text", "method_desensitized", "method_interpretation", "method_onsite", "method_other"]

ONLY_WEBSITE = [True] + [False] * 11
PROACTIVE = [True, False, False]
FULL_TEXT = [False, True, False, False, False, False]
PRE_AND_FULL = [True, True, False, False, False, False]
NONE3 = [None] * 3
NONE6 = [None] * 6
NONE12 = [None] * 12

# item_no → (channels, disclosure, methods, audience, time_limit_days, time_limit_kind)
EXPECTED_VALUES: dict[int, tuple[list[bool | None], list[bool | None], list[bool | None], str | None, int | None, str | None]] = {
    1: (ONLY_WEBSITE, PROACTIVE, FULL_TEXT, "社会", 20, "working_days"),
    6: (ONLY_WEBSITE, PROACTIVE, FULL_TEXT, "社会", 20, "working_days"),  # "□脱密 (脱敏)" cut: false
    8: (ONLY_WEBSITE, PROACTIVE, PRE_AND_FULL, "社会", 20, "working_days"),  # ✓预公开 ✓全文发 布
    13: (NONE12, PROACTIVE, NONE6, "社会", 7, "working_days"),  # L18: empty channel and method cells
    17: (ONLY_WEBSITE, PROACTIVE, NONE6, "社会", None, "realtime"),  # L23: 社会 in the method column
    18: (ONLY_WEBSITE, PROACTIVE, NONE6, None, None, "realtime"),  # L24: no method, no audience
    27: (ONLY_WEBSITE, PROACTIVE, NONE6, "社会", None, "realtime"),  # L34: checkbox inputs
    28: (ONLY_WEBSITE, PROACTIVE, PRE_AND_FULL, "社会", 20, "working_days"),  # "不予公 □公开", <small>(脱敏)</small>
    31: (ONLY_WEBSITE, PROACTIVE, PRE_AND_FULL, "社会", 20, "working_days"),  # "现场宣" cut: false
    32: (ONLY_WEBSITE, PROACTIVE, PRE_AND_FULL, "社会", 20, "working_days"),  # "不予公 □开"
    35: (ONLY_WEBSITE, PROACTIVE, FULL_TEXT, "社会", None, None),  # L43: time-limit cell missing, shifted left
    36: (ONLY_WEBSITE, PROACTIVE, FULL_TEXT, "社会", 7, "working_days"),  # 7个工作日…每年1月31日前
    37: (NONE12, NONE3, NONE6, "社会", None, None),  # L45: subject and audience only
    41: (NONE12, PROACTIVE, FULL_TEXT, "社会", 20, "working_days"),  # L50: empty channel cell
    42: (ONLY_WEBSITE, PROACTIVE, FULL_TEXT, "社会", 3, "working_days"),
    46: (ONLY_WEBSITE, PROACTIVE, FULL_TEXT, "社会", 7, "working_days"),  # ✓全文发 cut
    51: (NONE12, PROACTIVE, FULL_TEXT, "社会", 20, "working_days"),
    53: (ONLY_WEBSITE, PROACTIVE, FULL_TEXT, "社会", None, "realtime"),  # 不予以公开
    57: (ONLY_WEBSITE, PROACTIVE, FULL_TEXT, "社会", None, None),  # 相关信息形成或变化
    61: (NONE12, NONE3, NONE6, "社会", 20, "working_days"),  # L71: time limit in the channel column
    62: (ONLY_WEBSITE, PROACTIVE, FULL_TEXT, "社会", 20, "working_days"),  # √ marks
    64: (NONE12, NONE3, NONE6, "社会", None, None),
}

TEXT_COLUMNS = ["level_1", "level_2", "level_3", "level_4", "level_5", "level_6", "content", "basis", "subject", "time_limit", "audience"]
HAN_SPACE = regex.compile(r"\p{Han}\s+|\s+\p{Han}")
MARKUP = regex.compile(r"[✓√☑☐□■⍰]|<[a-z/]")


@pytest.fixture(scope="module")
def items() -> list[dict]:
    return extract_file(Path(__file__).parent.parent / "samples" / "district-catalogue-extracted.txt").items


def test_one_item_per_data_row_in_order(items):
    assert [(i["page"], i["item_key"]) for i in items] == EXPECTED_KEYS
    assert [i["item_no"] for i in items] == list(range(1, len(EXPECTED_KEYS) + 1))


def test_item_keys_are_unique(items):
    keys = [i["item_key"] for i in items]
    assert len(keys) == len(set(keys))


def test_no_header_row_becomes_an_item(items):
    words = {"事项类别", "一级", "公开内容", "公开主体"}
    assert not any(i["level_1"] in words or i["content"] in words for i in items)


def test_text_values_are_repaired(items):
    for item in items:
        for column in TEXT_COLUMNS:
            value = item[column]
            if value is None:
                continue
            assert not HAN_SPACE.search(value), (item["item_no"], column, value)
            assert not MARKUP.search(value), (item["item_no"], column, value)


def test_split_label_is_rejoined_on_every_item_of_its_group(items):
    group = [i for i in items if i["item_key"].startswith(J)]
    assert len(group) == 4
    assert {i["level_1"] for i in group} == {J}
    assert "label_joined_across_pages" in group[2]["warnings"]


@pytest.mark.parametrize("item_no", sorted(EXPECTED_VALUES))
def test_marks_time_limits_and_audience(items, item_no):
    channels, disclosure, methods, audience, days, kind = EXPECTED_VALUES[item_no]
    item = items[item_no - 1]
    assert [item[c] for c in CHANNELS] == channels
    assert [item[c] for c in DISCLOSURE] == disclosure
    assert [item[c] for c in METHODS] == methods
    assert item["audience"] == audience
    assert (item["time_limit_days"], item["time_limit_kind"]) == (days, kind)


def test_shifted_rows_are_put_back_and_flagged(items):
    shifted = {i["item_no"] for i in items if "cells_shifted" in i["warnings"]}
    assert shifted == {17, 35, 61}
    assert items[60]["time_limit"] == "相关信息形成或变更之日起20个工作日内"
    assert items[60]["subject"] == "区医保局、区社会救助管理中心"
    assert items[34]["time_limit"] is None


def test_wrapped_values(items):
    assert items[0]["subject"] == "区政府各部门（单位）"
    assert items[0]["time_limit"] == "相关信息形成或变更之日起20个工作日内"
    assert items[59]["subject"] == "区政府各部门(单位)"
    assert items[12]["time_limit"] == "信息形成后，7个工作日内公开；"
    assert items[7]["content"] == "领导班子成员姓名及职务（姓名、行政职务）；职责分工（负责的工作内容和分管的处室、事业单位）"


def test_footnote_marker_is_stripped_from_label(items):
    assert items[41]["level_1"] == "其他"


def test_deeper_levels_below_an_own_label_stay_null(items):
    assert items[49]["level_3"] == "回应关切"
    assert items[49]["level_4"] is None
    assert items[12]["level_2"] is None
