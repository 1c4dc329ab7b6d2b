"""catalogue diff: an extraction against an edited copy of itself, in every report format."""

from __future__ import annotations

import copy
import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from catalogue.api import run_pipeline
from catalogue.cli import app
from catalogue.diff import diff_tables
from catalogue.output.writer import to_table, write_outputs
from catalogue.schemas.contract import LEVEL_COLUMNS, empty_row

runner = CliRunner()
OFFICE = Path(__file__).resolve().parents[1] / "samples" / "office"

# The edits planted in the copy, by item_key of the original extraction.
CHANGED = {
    "履职依据 / 政策专题 / 惠企政策": {"subject": "区财政局"},
    "统计信息 / 部门统计信息": {"channel_gazette": True},
    "行政许可": {"time_limit": "信息形成后，5个工作日内公开；", "time_limit_days": 5},
}
REMOVED = ["决策公开 / 重大项目执行情况", "应急管理"]
RELABEL_FROM, RELABEL_TO = "规划信息", "规划计划信息"  # level_1 of two items
RELABELLED = {"规划信息 / 专项规划": "规划计划信息 / 专项规划", "规划信息 / 年度计划": "规划计划信息 / 年度计划"}
MOVED = "履职依据 / 政策汇编"  # to the end
ADDED = ["新增类别 / 新增事项甲", "新增类别 / 新增事项乙"]


def _key(row: dict) -> str:
    return " / ".join(row[c] for c in LEVEL_COLUMNS if row[c] is not None)


def _new_item(label: str, content: str) -> dict:
    row = empty_row()
    row.update(
        level_1="新增类别",
        level_2=label,
        content=content,
        subject="区测试局",
        channel_website=True,
        time_limit="即时",
        time_limit_kind="realtime",
        disclosure_proactive=True,
        audience="特定群体",
    )
    return row


def edited_copy(rows: list[dict]) -> list[dict]:
    rows = copy.deepcopy(rows)
    by_key = {r["item_key"]: r for r in rows}
    for key, fields in CHANGED.items():
        by_key[key].update(fields)
    rows = [r for r in rows if r["item_key"] not in REMOVED]
    for r in rows:
        if r["level_1"] == RELABEL_FROM:
            r["level_1"] = RELABEL_TO
            r["item_key"] = _key(r)
    moved = next(r for r in rows if r["item_key"] == MOVED)
    rows.remove(moved)
    rows.append(moved)
    rows.insert(30, _new_item("新增事项甲", "新增的公开内容：区测试局年度测试报告"))
    rows.append(_new_item("新增事项乙", "另一项新增的公开内容：测试名单"))
    for r in rows[-2:] + [rows[30]]:
        r["item_key"] = _key(r)
        r["source"] = rows[0]["source"]
    for n, r in enumerate(rows, start=1):
        r["item_no"] = n
    return rows


@pytest.fixture(scope="module")
def base(request: pytest.FixtureRequest) -> pa.Table:
    root = Path(request.config.rootpath)
    return run_pipeline(root / "samples" / "district-catalogue-extracted.txt")


@pytest.fixture
def files(base: pa.Table, tmp_path: Path) -> dict[str, Path]:
    source = base.column("source")[0].as_py()
    write_outputs(base, tmp_path, "old")
    write_outputs(to_table(edited_copy(base.to_pylist()), source=source), tmp_path, "new")
    return {name: tmp_path / name for name in ("old.parquet", "old.csv", "new.parquet", "new.csv")}


def _invoke(*args: object):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["diff", *[str(a) for a in args]])


def test_library_reports_exactly_the_edits(base: pa.Table) -> None:
    source = base.column("source")[0].as_py()
    result = diff_tables(base, to_table(edited_copy(base.to_pylist()), source=source))
    assert sorted(r["item_key"] for r in result.added) == sorted(ADDED)
    assert sorted(r["item_key"] for r in result.removed) == sorted(REMOVED)
    assert {p.old["item_key"]: {c.field: c.new for c in p.field_changes} for p in result.changed} == CHANGED
    assert {p.old["item_key"]: p.new["item_key"] for p in result.relabelled} == RELABELLED
    assert all([c.field for c in p.level_changes] == ["level_1"] for p in result.relabelled)
    assert [p.new["item_key"] for p in result.moved] == [MOVED]
    assert result.summary() == {"added": 2, "removed": 2, "changed": 3, "moved": 1, "relabelled": 2, "unchanged": 60}


def test_json_report(files: dict[str, Path]) -> None:
    result = _invoke(files["old.parquet"], files["new.csv"], "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["equal"] is False
    assert report["summary"] == {"added": 2, "removed": 2, "changed": 3, "moved": 1, "relabelled": 2, "unchanged": 60}
    assert sorted(i["item_key"] for i in report["added"]) == sorted(ADDED)
    assert sorted(i["item_key"] for i in report["removed"]) == sorted(REMOVED)
    changes = {c["old_key"]: {f["field"]: f["new"] for f in c["changes"]} for c in report["changed"]}
    assert changes == CHANGED
    labels = {f["label"] for c in report["changed"] for f in c["changes"]}
    assert labels == {"公开主体", "政府公报", "公开时限", "公开时限天数"}
    assert {c["old_key"]: c["new_key"] for c in report["relabelled"]} == RELABELLED
    assert [(c["old_key"], c["new_item_no"]) for c in report["moved"]] == [(MOVED, 67)]


def test_text_report(files: dict[str, Path]) -> None:
    result = _invoke(files["old.csv"], files["new.parquet"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    by_kind: dict[str, list[str]] = {}
    for line in lines:
        kind, _, rest = line.partition(" ")
        by_kind.setdefault(kind, []).append(rest.strip())
    assert sorted(r.split(" ", 1)[1] for r in by_kind["added"]) == sorted(ADDED)
    assert sorted(r.split(" ", 1)[1] for r in by_kind["removed"]) == sorted(REMOVED)
    assert len(by_kind["changed"]) == 3 and len(by_kind["relabelled"]) == 2
    assert by_kind["moved"] == [f"#5 → #67 {MOVED}"]
    assert "    公开主体 (subject): 区政府各部门（单位） → 区财政局" in lines
    assert "    政府公报 (channel_gazette): false → true" in lines
    assert "    一级事项 (level_1): 规划信息 → 规划计划信息" in lines
    assert lines[-1] == "summary: 2 added, 2 removed, 3 changed, 1 moved, 2 relabelled, 60 unchanged"


def test_csv_report(files: dict[str, Path], tmp_path: Path) -> None:
    report = tmp_path / "report.csv"
    result = _invoke(files["old.parquet"], files["new.parquet"], "--format", "csv", "-o", report)
    assert result.exit_code == 1
    data = report.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    seen = {(r["change"], r["old_key"] or r["new_key"], r["field"]) for r in rows}
    expected = {("added", k, "") for k in ADDED} | {("removed", k, "") for k in REMOVED}
    expected |= {("changed", k, f) for k, fields in CHANGED.items() for f in fields}
    expected |= {("relabelled", k, "level_1") for k in RELABELLED}
    expected |= {("moved", MOVED, "")}
    assert seen == expected
    subject = next(r for r in rows if r["field"] == "subject")
    assert (subject["label"], subject["old"], subject["new"]) == ("公开主体", "区政府各部门（单位）", "区财政局")


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_report_is_self_contained(files: dict[str, Path]) -> None:
    result = _invoke(files["old.parquet"], files["new.parquet"], "--format", "html")
    assert result.exit_code == 1
    page = _Collect()
    page.feed(result.stdout)
    assert "style" in page.tags
    assert not {"script", "link", "img", "iframe"} & set(page.tags)
    assert not [value for name, value in page.attrs if name in ("src", "href")]
    text = "".join(page.text)
    for key in ADDED + REMOVED + list(RELABELLED.values()) + [MOVED]:
        assert key in text
    for label in ("公开主体", "政府公报", "公开时限", "一级事项"):
        assert label in text
    # each changed field is highlighted: the new value's differing part inside <ins>
    assert "<del>区政府各部门（单位）</del>" in result.stdout and "<ins>区财政局</ins>" in result.stdout
    assert result.stdout.count("<ins>") >= 6


def test_equal_outputs(files: dict[str, Path], base: pa.Table, request: pytest.FixtureRequest) -> None:
    for fmt in ("text", "json", "csv", "html"):
        result = _invoke(files["old.parquet"], files["old.parquet"], "--format", fmt)
        assert result.exit_code == 0, (fmt, result.output)
    assert _invoke(files["old.parquet"], files["old.csv"]).exit_code == 0
    assert json.loads(_invoke(files["new.csv"], files["new.parquet"], "-f", "json").stdout)["equal"] is True
    # an input is extracted on the fly
    sample = Path(request.config.rootpath) / "samples" / "district-catalogue-extracted.txt"
    assert _invoke(sample, files["old.csv"]).exit_code == 0


def test_renumbered_repeat_is_not_a_change(base: pa.Table) -> None:
    rows = base.to_pylist()
    first = next(i for i, r in enumerate(rows) if r["item_key"].endswith("优化营商环境 / 其他"))
    edited = copy.deepcopy(rows[:first] + rows[first + 1 :])
    for r in edited:  # the repeats move up one: 其他#2 → 其他, 其他#3 → 其他#2
        if "优化营商环境 / 其他" in r["item_key"]:
            n = int(r["item_key"].rpartition("#")[2]) if "#" in r["item_key"] else 1
            r["item_key"] = _key(r) + (f"#{n - 1}" if n > 2 else "")
    for n, r in enumerate(edited, start=1):
        r["item_no"] = n
    result = diff_tables(base, to_table(edited))
    assert [r["item_key"] for r in result.removed] == [rows[first]["item_key"]]
    assert result.summary()["unchanged"] == len(rows) - 1
    assert not result.added and not result.changed and not result.moved


def test_errors_exit_2_with_one_line(files: dict[str, Path], tmp_path: Path) -> None:
    missing = tmp_path / "missing.parquet"
    result = _invoke(missing, files["old.parquet"])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and str(missing) in result.output
    junk = tmp_path / "junk.parquet"
    junk.write_bytes(b"not parquet at all")
    result = _invoke(files["old.parquet"], junk)
    assert result.exit_code == 2 and "junk.parquet" in result.output and "Traceback" not in result.output
    assert _invoke(files["old.parquet"], files["new.parquet"], "--format", "xml").exit_code == 2


def test_foreign_tables_are_refused_in_one_line(files: dict[str, Path], base: pa.Table, tmp_path: Path) -> None:
    old = files["old.parquet"]
    foreign = tmp_path / "foreign.csv"  # a spreadsheet export, not an output of extract
    foreign.write_text("item_no,item_key,名称\n1,甲,乙\n", encoding="utf-8")
    missing = tmp_path / "missing-column.parquet"
    pq.write_table(base.drop_columns(["audience"]), missing)
    extra = tmp_path / "extra-column.csv"
    write_outputs(base.append_column("备注", pa.array(["x"] * base.num_rows)), tmp_path, "extra-column", ("csv",))
    typed = tmp_path / "typed.parquet"
    pq.write_table(base.set_column(base.schema.get_field_index("item_no"), "item_no", base.column("item_no").cast(pa.string())), typed)
    truncated = tmp_path / "truncated.parquet"
    truncated.write_bytes(old.read_bytes()[: old.stat().st_size // 2])
    expected = {
        foreign: "not a catalogue output: missing column(s) source, page",
        missing: "not a catalogue output: missing column(s) audience",
        extra: "not a catalogue output: column(s) not in the contract: 备注",
        typed: "not a catalogue output: item_no is string, not int32",
        truncated: "not a readable Parquet file",
    }
    for path, message in expected.items():
        result = _invoke(old, path)
        assert result.exit_code == 2, (path, result.output)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error: {path}: {message}"), lines


# ---------------------------------------------------------------- datasets: items matched within their file


DISTRICT_CSV = Path(__file__).resolve().parent.parent / "samples" / "office" / "district.csv"


def test_a_dataset_diff_matches_items_within_their_file(tmp_path: Path) -> None:
    """Two departments publish the same catalogue (a/y.csv, b/x.csv); then a/y.csv is
    deleted and folder b renamed c. The items removed are a/y.csv's, and b/x.csv is told
    renamed to c/x.csv with every item unchanged: matched within a file first, a deleted
    file's items never claim a renamed file's (hostile week of round nine, F6)."""
    src = tmp_path / "in"
    for name in ("a/y.csv", "b/x.csv"):
        (src / name).parent.mkdir(parents=True)
        (src / name).write_bytes(DISTRICT_CSV.read_bytes())
    week1, week2 = tmp_path / "week1", tmp_path / "week2"
    assert runner.invoke(app, ["extract", str(src), "-o", str(week1), "-q"]).exit_code == 0
    items = pq.read_table(week1 / "x.parquet").num_rows
    (src / "a" / "y.csv").unlink()
    (src / "b").rename(src / "c")
    assert runner.invoke(app, ["extract", str(src), "-o", str(week2), "-q"]).exit_code == 0
    result = runner.invoke(app, ["diff", str(week1), str(week2), "-f", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["renamed"] == [{"old": "b/x.csv", "new": "c/x.csv"}]
    assert report["summary"] == {"added": 0, "removed": items, "changed": 0, "moved": 0, "relabelled": 0,
                                 "unchanged": items}
    assert {row["source"] for row in report["removed"]} == {"a/y.csv"}
    text = runner.invoke(app, ["diff", str(week1), str(week2)]).stdout.splitlines()
    assert "renamed     b/x.csv → c/x.csv" in text
    assert all(" a/y.csv / " in line for line in text if line.startswith("removed"))
    # The other way round: c/x.csv goes back to the file of its name, a/y.csv is added.
    back = json.loads(runner.invoke(app, ["diff", str(week2), str(week1), "-f", "json"]).stdout)
    assert back["renamed"] == [{"old": "c/x.csv", "new": "b/x.csv"}]
    assert {row["source"] for row in back["added"]} == {"a/y.csv"} and back["summary"]["unchanged"] == items


def test_a_csv_with_chinese_labels_compares_as_its_parquet(tmp_path: Path) -> None:
    """extract --labels zh writes the CSV header in the contract's Chinese labels; diff
    reads it as validate does, rather than refuse the tool's own output (hostile week of
    round nine)."""
    out = tmp_path / "zh"
    assert runner.invoke(app, ["extract", str(DISTRICT_CSV), "-o", str(out), "--labels", "zh", "-q"]).exit_code == 0
    assert (out / "district.csv").read_text(encoding="utf-8-sig").startswith("来源文件,")
    result = runner.invoke(app, ["diff", str(out / "district.csv"), str(out / "district.parquet")])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("summary: 0 added, 0 removed, 0 changed, 0 moved, 0 relabelled")


def test_a_name_with_a_newline_cannot_forge_a_line_of_the_text_reports(tmp_path: Path) -> None:
    """A file name holding a newline (from a zip or a mail attachment) is escaped in diff's
    and validate's text reports as in extract's lines, so it cannot start a report line of
    its own (hostile week of round ten, finding 2)."""
    name = "cat\nsummary: forged\n.csv"
    sheet = (OFFICE / "district.csv").read_text(encoding="utf-8")
    assert "20个工作日" in sheet
    for week, text in (("wk1", sheet), ("wk2", sheet.replace("20个工作日", "10个工作日"))):
        (tmp_path / week).mkdir()
        (tmp_path / week / name).write_text(text, encoding="utf-8")
        assert runner.invoke(app, ["extract", str(tmp_path / week), "-o", str(tmp_path / f"out-{week}"), "-q"]).exit_code == 0
    reports = {
        "diff": runner.invoke(app, ["diff", str(tmp_path / "out-wk1" / name), str(tmp_path / "out-wk2" / name)]),
        "folder diff": runner.invoke(app, ["diff", str(tmp_path / "out-wk1"), str(tmp_path / "out-wk2")]),
        "validate": runner.invoke(app, ["validate", str(tmp_path / "out-wk1" / name)]),
    }
    for command, result in reports.items():
        assert result.exit_code in (0, 1), (command, result.output)  # diff: 1 when they differ
        lines = result.stdout.splitlines()
        if command != "folder diff":  # one source there: its name is not shown
            assert "cat\\nsummary: forged\\n.csv" in result.stdout, command
        assert not any(line.startswith((".csv", "summary: forged")) for line in lines), (command, lines)
    for command in ("diff", "folder diff"):
        assert sum(line.startswith("summary:") for line in reports[command].stdout.splitlines()) == 1


def test_diff_opens_a_password_protected_input_as_extract_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """diff extracts an input of another kind now: its error asked for --password, which
    diff did not take, and CATALOGUE_PASSWORD was not read (hostile week of round ten,
    finding 3). password.xlsx is national.xlsx encrypted (samples/office/generate_office.py)."""
    protected, plain = str(OFFICE / "password.xlsx"), str(OFFICE / "national.xlsx")
    monkeypatch.delenv("CATALOGUE_PASSWORD", raising=False)
    refused = runner.invoke(app, ["diff", protected, plain])
    assert refused.exit_code == 2 and "--password" in refused.stderr
    given = runner.invoke(app, ["diff", protected, plain, "--password", "catalogue"])  # generate_office.PASSWORD
    assert given.exit_code == 0 and "0 added, 0 removed, 0 changed" in given.stdout, given.output
    monkeypatch.setenv("CATALOGUE_PASSWORD", "catalogue")
    from_environment = runner.invoke(app, ["diff", protected, plain])
    assert from_environment.exit_code == given.exit_code and from_environment.stdout == given.stdout
