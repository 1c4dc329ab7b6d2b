"""A category label of Latin (or other non-Han) letters in a Chinese catalogue, read by
OCR, is almost surely misread (issue 20): every item that carries it is flagged
`label_misread`, never filled down silently. Labels of a text layer are what the author
typed and are left alone; digits are no evidence."""

from __future__ import annotations

from catalogue.normalise.script import flag_misread_labels, misread_label, written_in_chinese
from catalogue.schemas.warnings import LABEL_MISREAD


def _item(page: int, level_1: str, level_2: str | None = None, content: str = "本机关职能、内设机构及其职责") -> dict:
    return {"page": page, "level_1": level_1, "level_2": level_2, "content": content, "warnings": []}


def test_misread_labels_are_those_with_letters_of_another_script():
    for label in ("MAIRAD公开", "重点领k 0", "Me m th t", "Δ1N八T", "政务公开ｄ"):
        assert misread_label(label), label
    for label in ("重点领域信息公开", "2024年度预算", "12345热线", "（一）机构职能", None):
        assert not misread_label(label), label


def test_every_item_carrying_a_misread_label_is_flagged_on_scanned_pages():
    items = [_item(1, "机构信息", "机构职能"), _item(1, "MAIRAD公开", "会议公开"),
             _item(2, "MAIRAD公开", "政策解读"), _item(2, "重点领域信息公开", "Me m th t"),
             _item(2, "重点领域信息公开", "社会救助")]
    flag_misread_labels(items, scanned_pages={1, 2})
    assert [LABEL_MISREAD in item["warnings"] for item in items] == [False, True, True, True, False]


def test_a_text_layer_page_is_not_judged():
    items = [_item(1, "PPP项目", "项目公示"), _item(2, "PPP项目", "项目公示")]
    flag_misread_labels(items, scanned_pages={2})
    assert [LABEL_MISREAD in item["warnings"] for item in items] == [False, True]
    flag_misread_labels(items, scanned_pages={2})  # once a code an item
    assert items[1]["warnings"].count(LABEL_MISREAD) == 1


def test_a_catalogue_in_another_language_is_not_judged():
    items = [_item(1, "Institutional information", "Functions", "Functions and internal departments of the office")
             for _ in range(3)]
    assert not written_in_chinese(items)
    flag_misread_labels(items, scanned_pages={1})
    assert all(not item["warnings"] for item in items)
