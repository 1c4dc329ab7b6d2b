"""The district catalogue as a spreadsheet program saves it as CSV, and its expected rows.

  district.csv      Excel's "CSV UTF-8": a byte-order mark, a title line, the two header
                    rows with their merges flattened (a merged cell's text in its first
                    position, the rest empty, as Excel writes them), ☑/☐ before the option
                    labels, a content cell with a comma and a line break (quoted), and a
                    record of empty fields between two groups
  national.csv      the 基层政务公开标准目录 sheet (national.xlsx's items) as a spreadsheet saves
                    it: a title line, 公开渠道和载体 / 公开对象 / 公开方式 / 公开层级 over one
                    column per option, some named by no vocabulary (发布会/听证会,
                    社区/企事业单位/村公示栏（电子屏）), √ in them; with the merges gone, only
                    the words tell the second header row from an item
  district-gbk.csv  the same as Excel's "CSV (逗号分隔)" writes it on a Chinese Windows: GBK,
                    no byte-order mark, CRLF line ends; GBK has no ☑ or ☐, so the marks
                    are √ and □ as such catalogues type them
  district-joined-gb18030.csv  district.csv with one more record appended in GB18030 (two
                    exports joined): after a UTF-8 byte-order mark, a line that is not UTF-8
  district-cut.csv  district.csv cut short inside a record (a download that stopped): the
                    text ends after CUT_FIELDS fields of body record CUT_RECORD, no line end
  district-cut-char.csv  the same cut one byte into the next Chinese character after it
  district-unended.csv  district.csv whose last record stops after its last filled field,
                        with no line end (a writer that drops trailing empty fields)
  district-tab.txt  the same table as Excel's "Unicode Text (*.txt)" writes it: UTF-16LE with a
                    byte-order mark, tabs, CRLF, the cell with a line break in double quotes
  district-nul.csv  district.csv with a NUL after each of its first NUL_FIELDS commas (an
                        export padded with NUL, a transfer that damaged some bytes): the title
                        and header rows' empty cells hold only a NUL
  district-traditional.csv  district.csv in traditional characters (公開內容, 公開時限, 主動公開),
                        as a Hong Kong, Macao or Taiwan office, or a converter, writes it: each
                        of its characters in TRADITIONAL's table by its traditional form

Expected rows come from the items (samples/catalogue_data.py), never from an extraction.
Regenerate: `python samples/office/generate_csv.py` (standard library only).
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_office import (  # noqa: E402
    DISTRICT_FIELDS,
    DISTRICT_TITLE,
    LEVEL_NAMES,
    LEVELS_DISTRICT,
    NATIONAL_FIXED,
    NATIONAL_GROUPS,
    NATIONAL_TITLE,
    data,
    district_items,
    level_spans,
    national_expected_items,
    option_runs,
    write_expected,
)

# The item whose content holds a comma and a line break, so the CSV quotes it over two
# lines; the contract's text repair takes out the wrap between two CJK characters.
QUOTED_ITEM = 1
QUOTED_TAIL = ",含附件\n（按年度）"
QUOTED_TAIL_REPAIRED = ",含附件（按年度）"


def _plain(options: data.Options | None) -> str:
    return "".join(text for text, _ in option_runs(options, "glyph"))


def district_records() -> tuple[list[list[str]], list[data.Item]]:
    items = district_items()
    quoted = items[QUOTED_ITEM].content or ""
    items[QUOTED_ITEM].content = quoted + QUOTED_TAIL_REPAIRED
    width = LEVELS_DISTRICT + len(DISTRICT_FIELDS)
    records = [[DISTRICT_TITLE] + [""] * (width - 1)]
    header = [""] * width
    header[0] = "事项类别"
    header[LEVELS_DISTRICT:] = DISTRICT_FIELDS
    records += [header, [*LEVEL_NAMES[:LEVELS_DISTRICT], *[""] * len(DISTRICT_FIELDS)]]
    body = [[""] * width for _ in items]
    for row, depth, label, _, _ in level_spans(items, LEVELS_DISTRICT):
        body[row][depth] = label
    for k, (row, it) in enumerate(zip(body, items, strict=True)):
        content = quoted + QUOTED_TAIL if k == QUOTED_ITEM else it.content or ""
        row[LEVELS_DISTRICT:] = [content, it.subject or "", _plain(it.channels),
                                 it.time[0] if it.time else "", _plain(it.disclosure), _plain(it.method),
                                 it.audience or "", ""]
    # A record of empty fields where a group ends (a spreadsheet's blank row between
    # groups): an empty row of the table, not the end of it.
    second_group = next(k for k, it in enumerate(items) if it.levels[0] != items[0].levels[0])
    body.insert(second_group, [""] * width)
    return records + body, items


def national_records() -> list[list[str]]:
    items = data.NATIONAL_ITEMS
    options = [name for _, names in NATIONAL_GROUPS for name in names]
    width = 3 + len(NATIONAL_FIXED) + len(options)
    header = ["序号", "公开事项", "", *NATIONAL_FIXED]
    for group, names in NATIONAL_GROUPS:
        header += [group] + [""] * (len(names) - 1)
    records = [[NATIONAL_TITLE] + [""] * (width - 1), header,
               ["", "一级事项", "二级事项", *[""] * len(NATIONAL_FIXED), *options]]
    body = [[""] * width for _ in items]
    for row, depth, label, _, _ in level_spans(items, 2):
        body[row][1 + depth] = label
    for row, it in zip(body, items, strict=True):
        row[0] = str(it.seq) if it.seq is not None else ""
        row[3:3 + len(NATIONAL_FIXED)] = [it.content or "", it.basis or "", it.time[0] if it.time else "",
                                          it.subject or ""]
        flags = [state for group in (it.channels, it.audience_opts, it.disclosure, it.tier) for _, state in group or []]
        row[3 + len(NATIONAL_FIXED):] = ["√" if state else "" for state in flags]
    return records + body


# The record appended in GB18030: a copy of the last item's record under another label.
JOINED_LABEL = "财务信息"
# Where district-cut.csv stops: inside this record of the body (from 0), after this many
# of its fields (and the comma after the last of them).
CUT_RECORD = 8
CUT_FIELDS = 5


# The simplified characters of the district sample whose traditional form differs, and
# that form, one to one (this generator's own table, not the tool's vocabulary).
SIMPLIFIED = "与专业个为举书产众优会价体关内决况准划别办务动区医单卫发变号后听员围国场处备实审对导层属广应开当录总户执报据数时机条构标栏档汇点现疗监码称稳简类粮红级绍经结统编网罚职联脱范药营规视计认议讲许论设证话请读负财责购贸费资转运链镇门间项预领题馆"
TRADITIONAL = "與專業個為舉書產眾優會價體關內決況準劃別辦務動區醫單衛發變號後聽員圍國場處備實審對導層屬廣應開當錄總戶執報據數時機條構標欄檔匯點現療監碼稱穩簡類糧紅級紹經結統編網罰職聯脫範藥營規視計認議講許論設證話請讀負財責購貿費資轉運鏈鎮門間項預領題館"


# district-nul.csv: a NUL after each of the first this many commas of district.csv.
NUL_FIELDS = 20


def to_traditional(text: str) -> str:
    return text.translate(str.maketrans(SIMPLIFIED, TRADITIONAL))


def _csv_text(records: list[list[str]]) -> str:
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\n").writerows(records)
    return text.getvalue()


def _write(name: str, records: list[list[str]]) -> None:
    (HERE / name).write_bytes(b"\xef\xbb\xbf" + _csv_text(records).encode("utf-8"))


def joined_record(records: list[list[str]]) -> list[str]:
    return [JOINED_LABEL, *records[-1][1:]]


def cut_char_bytes(records: list[list[str]]) -> bytes:
    """district.csv's text from district-cut.csv's cut on, to the first byte of its next
    character of several bytes (a Chinese one)."""
    whole = _csv_text(records)
    at = next(k for k in range(len(cut_text(records)), len(whole)) if ord(whole[k]) > 0x7F)
    return whole[:at].encode("utf-8") + whole[at].encode("utf-8")[:1]


def cut_text(records: list[list[str]]) -> str:
    """district.csv's text up to CUT_FIELDS fields into body record CUT_RECORD."""
    head = len(records) - len(district_items()) - 1  # title, two header rows; the empty record is in the body
    whole = _csv_text(records[: head + CUT_RECORD])
    part = _csv_text([records[head + CUT_RECORD][:CUT_FIELDS]]).rstrip("\n")
    return whole + part + ","


def unended_text(records: list[list[str]]) -> str:
    """district.csv as a writer that drops a record's trailing empty fields and the last
    line end writes it: the last record stops after its last filled field."""
    last = list(records[-1])
    while last and not last[-1]:
        last.pop()
    return _csv_text([*records[:-1], last]).rstrip("\n")


def main() -> None:
    _write("national.csv", national_records())
    write_expected(HERE / "national-csv.expected.json", "national.csv", national_expected_items(),
                   [1] * len(data.NATIONAL_ITEMS))
    records, items = district_records()
    _write("district.csv", records)
    crlf = io.StringIO(newline="")
    csv.writer(crlf, lineterminator="\r\n").writerows(records)
    gbk = crlf.getvalue().translate(str.maketrans({"☑": "√", "☐": "□"}))
    (HERE / "district-gbk.csv").write_bytes(gbk.encode("gbk"))
    write_expected(HERE / "district-csv.expected.json", "district.csv", items, [1] * len(items))
    joined = _csv_text([joined_record(records)]).encode("gb18030")
    (HERE / "district-joined-gb18030.csv").write_bytes(b"\xef\xbb\xbf" + _csv_text(records).encode("utf-8") + joined)
    (HERE / "district-cut.csv").write_bytes(b"\xef\xbb\xbf" + cut_text(records).encode("utf-8"))
    (HERE / "district-cut-char.csv").write_bytes(b"\xef\xbb\xbf" + cut_char_bytes(records))
    (HERE / "district-unended.csv").write_bytes(b"\xef\xbb\xbf" + unended_text(records).encode("utf-8"))
    tabbed = io.StringIO(newline="")
    csv.writer(tabbed, delimiter="\t", lineterminator="\r\n").writerows(records)
    (HERE / "district-tab.txt").write_bytes(codecs.BOM_UTF16_LE + tabbed.getvalue().encode("utf-16-le"))
    (HERE / "district-nul.csv").write_bytes(b"\xef\xbb\xbf" + _csv_text(records).replace(",", ",\x00", NUL_FIELDS)
                                            .encode("utf-8"))
    _write("district-traditional.csv", [[to_traditional(text) for text in record] for record in records])


if __name__ == "__main__":
    main()
