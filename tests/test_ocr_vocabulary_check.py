"""The vocabulary check chooses among the recogniser's own candidates, never beyond them
(catalogue/extract/ocr/vocabulary_check.py). Readings are written out step by step as
the CTC output gives them: each step's classes with their probabilities, "" the blank."""

from __future__ import annotations

import math

from catalogue.extract.ocr.engine import Reading
from catalogue.extract.ocr.recognise import checked_reading
from catalogue.extract.ocr.vocabulary_check import (
    office_word_near,
    organisation_reading,
    path_log_prob,
    vocabulary_reading,
)
from catalogue.schemas.vocabulary import OCR_TERMS


def reading(text: str, *steps: dict[str, float]) -> Reading:
    return Reading(text, 0.8, tuple(tuple(sorted(s.items(), key=lambda kv: -kv[1])) for s in steps))


SURE_BLANK = {"": 1.0}


def sure(ch: str) -> dict[str, float]:
    return {ch: 1.0}


def test_a_second_candidate_that_spells_a_word_is_taken() -> None:
    # 公开时限 read 公开时隈: the recogniser gave 限 0.3 at the step it read 隈.
    r = reading("公开时隈", sure("公"), SURE_BLANK, sure("开"), sure("时"), {"隈": 0.6, "限": 0.3}, SURE_BLANK)
    assert vocabulary_reading(r) == "公开时限"


def test_only_han_characters_are_put_for_han_characters() -> None:
    # 政务微博 read 政务微: the step after 微 was a blank at 0.8, 博 at 0.15. A path spells
    # the word, but adding a character is no choice between readings of one.
    r = reading("政务微", sure("政"), sure("务"), sure("微"), {"": 0.8, "博": 0.15}, SURE_BLANK)
    assert path_log_prob(r, "政务微博") is not None
    assert vocabulary_reading(r) == "政务微"
    # A narrow box read 口 before its option: dropping it would lose the option's mark.
    r = reading("口档案馆", {"口": 0.6, "": 0.4}, sure("档"), sure("案"), sure("馆"))
    assert vocabulary_reading(r) == "口档案馆"
    # A tick read v, or a box read ], is no Han character to replace.
    r = reading("v主动", {"v": 0.6, "主": 0.3}, SURE_BLANK, sure("动"))
    assert vocabulary_reading(r) == "v主动"
    # A reading that is a word itself stays (政府网 is a synonym of 政府网站).
    r = reading("政府网", sure("政"), sure("府"), {"网": 0.6, "站": 0.3})
    assert vocabulary_reading(r) == "政府网"


def test_nothing_is_written_that_the_recogniser_did_not_offer() -> None:
    # 公开时隈 with no 限 among the step's candidates: no path spells 公开时限.
    r = reading("公开时隈", sure("公"), sure("开"), sure("时"), {"隈": 0.6, "陽": 0.3})
    assert vocabulary_reading(r) == "公开时隈"
    assert path_log_prob(r, "公开时限") is None


def test_certain_steps_keep_running_text() -> None:
    # A piece of running text whose every step is sure has only its own path.
    r = reading("网站", sure("网"), sure("站"))
    assert vocabulary_reading(r) == "网站"


def test_a_reading_far_from_every_word_stays() -> None:
    # Two characters of four in doubt: 政务微信 and 政务微博 are each one step away from
    # the other, and the reading 政务徽佶 is two from both.
    r = reading("政务徽佶", sure("政"), sure("务"), {"徽": 0.6, "微": 0.3}, {"佶": 0.6, "信": 0.3})
    assert vocabulary_reading(r) == "政务徽佶"


def test_the_best_path_wins_between_two_words() -> None:
    r = reading("政务微恃", sure("政"), sure("务"), sure("微"), {"恃": 0.5, "博": 0.3, "信": 0.15})
    assert vocabulary_reading(r) == "政务微博"
    bo, xin = path_log_prob(r, "政务微博"), path_log_prob(r, "政务微信")
    assert bo is not None and xin is not None and math.isclose(bo - xin, math.log(0.3 / 0.15))


def test_a_repeated_character_needs_a_blank_between() -> None:
    # CTC folds repeats: 同上上 is no path through three steps without a blank.
    r = reading("同上", sure("同"), sure("上"), sure("上"))
    assert path_log_prob(r, "同上上") is None
    assert path_log_prob(r, "同上") == 0.0


def test_issue_20_a_character_in_doubt_is_taken_to_an_office_word_its_candidates_spell() -> None:
    # 部门预算 read 部内预算 (a 门 drawn in a Japanese face's form, its dot an upright
    # stroke): the step gave 内 0.64 and 门 0.35, as the real recogniser did on family B's
    # copier-200 / national-catalogue.
    r = reading("部内预算", sure("部"), SURE_BLANK, {"内": 0.64, "门": 0.35}, sure("预"), SURE_BLANK, sure("算"))
    assert organisation_reading(r) == "部门预算"
    assert checked_reading(r, OCR_TERMS) == "部门预算"
    # Read with certainty, 部内 stays: nothing in doubt.
    r = reading("部内预算", sure("部"), {"内": 0.96}, sure("预"), sure("算"))
    assert organisation_reading(r) == "部内预算"
    # A candidate under ORGANISATION_ALT_MIN is not taken.
    r = reading("部内预算", sure("部"), {"内": 0.91, "门": 0.08}, sure("预"), sure("算"))
    assert organisation_reading(r) == "部内预算"
    r = reading("部内预算", sure("部"), {"内": 0.82, "门": 0.17}, sure("预"), sure("算"))
    assert organisation_reading(r) == "部门预算"
    # Only where the candidate makes an office's word: 原 in doubt with 源 offered
    # (资原, round nine's 资源 case) is no office's word, and stays.
    r = reading("资原", sure("资"), {"原": 0.71, "源": 0.29})
    assert organisation_reading(r) == "资原"
    # A word already spelt stays, though a candidate in doubt would spell another.
    r = reading("单位", {"单": 0.6, "部": 0.3}, sure("位"))
    assert organisation_reading(r) == "单位"
    # A mark's look-alike is never changed, nor a character put in for a mark.
    r = reading("部口", sure("部"), {"口": 0.6, "门": 0.3})
    assert organisation_reading(r) == "部口"


def test_a_vocabulary_term_read_right_is_never_taken_to_an_office_word() -> None:
    # 政务微博 with 府 offered at 0.3 where 务 was read would spell 政府: a right reading
    # of a channel's name stays (final review of round ten, finding 2).
    r = reading("政务微博", sure("政"), {"务": 0.65, "府": 0.3}, sure("微"), sure("博"))
    assert organisation_reading(r) == "政务微博"


def test_a_place_name_read_right_is_never_taken_to_an_office_word() -> None:
    # 市中区财政局 (a district of Jinan) with 心 offered at 0.2 where 区 was read would
    # spell the office word 中心 across the district's name (final review of round ten).
    r = reading("市中区财政局", sure("市"), sure("中"), {"区": 0.8, "心": 0.2}, sure("财"), sure("政"), sure("局"))
    assert organisation_reading(r) == "市中区财政局"
    assert checked_reading(r, OCR_TERMS) == "市中区财政局"
    # The rule still acts beside a place's name: 区财政部内 with 门 offered.
    r = reading("区财政部内", sure("区"), sure("财"), sure("政"), sure("部"), {"内": 0.7, "门": 0.3})
    assert organisation_reading(r) == "区财政部门"


def test_issue_20_the_candidates_of_the_crop_read_otherwise_count_too() -> None:
    # 部门决算 read 部内决算 with certainty (a 门 in a Japanese face's form, lowres-120 /
    # national-catalogue): the crop read again with a wider border gives 门 0.98 there.
    first = reading("部内决算", sure("部"), {"内": 0.94}, sure("决"), sure("算"))
    again = reading("部门决算", sure("部"), {"门": 0.98}, sure("决"), sure("算"))
    assert organisation_reading(first) == "部内决算"
    assert organisation_reading(first, others=(again,)) == "部门决算"
    assert checked_reading(first, OCR_TERMS, (again,)) == "部门决算"
    # A reading of the crop that spells the text otherwise, not Han for Han (a mark's
    # look-alike, a character more), lends nothing.
    boxed = reading("部口决算", sure("部"), {"口": 0.6, "门": 0.3}, sure("决"), sure("算"))
    assert organisation_reading(first, others=(boxed,)) == "部内决算"
    longer = reading("部门门决算", sure("部"), {"门": 0.9}, SURE_BLANK, {"门": 0.9}, sure("决"), sure("算"))
    assert organisation_reading(first, others=(longer,)) == "部内决算"
    # A place's name stays whatever another reading offers.
    place = reading("市中区财政局", sure("市"), sure("中"), {"区": 0.95}, sure("财"), sure("政"), sure("局"))
    other = reading("市中心财政局", sure("市"), sure("中"), {"心": 0.9}, sure("财"), sure("政"), sure("局"))
    assert organisation_reading(place, others=(other,)) == "市中区财政局"


def test_a_crop_is_read_again_only_where_one_character_would_make_an_office_word() -> None:
    assert office_word_near("部内决算") and office_word_near("政府各部ウ（")
    assert not office_word_near("部门决算") and not office_word_near("预算收支")
    assert not office_word_near("市中区")  # 区 ends a place's name
    assert not office_word_near("政务微博")  # a vocabulary term as read
    # Words of their own one character from an office word, no look-alike of it: not read
    # again (the mid-round review, L1: a sixth of an ordinary page's cells were).
    assert not any(office_word_near(text) for text in ("县财政局", "行政许可", "《中华人民共和国预算法》", "部分事项",
                                                        "公开渠道"))
