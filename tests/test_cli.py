"""The CLI against the library, exit codes and bad inputs."""

from __future__ import annotations

import shutil

import pyarrow.parquet as pq
from typer.testing import CliRunner

from catalogue.api import run_pipeline
from catalogue.cli import app

runner = CliRunner()


def test_extract_writes_what_the_library_returns(district_text, tmp_path):
    result = runner.invoke(app, ["extract", str(district_text), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = pq.read_table(tmp_path / "district-catalogue-extracted.parquet")
    assert written.to_pylist() == run_pipeline(district_text).to_pylist()
    assert written.schema.metadata[b"catalogue.contract_version"] == b"1.2"
    csv = (tmp_path / "district-catalogue-extracted.csv").read_bytes()
    assert csv.startswith(b"\xef\xbb\xbf")
    assert ",true," in csv.decode("utf-8-sig")
    assert "68 items" in result.output


def test_format_option(district_text, tmp_path):
    result = runner.invoke(app, ["extract", str(district_text), "-o", str(tmp_path), "--format", "csv"])
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["district-catalogue-extracted.csv", "manifest.json"]


def test_format_option_repeated_keeps_every_format(district_text, tmp_path):
    # A repeated option keeps only its last value unless it is read as a list: parquet was dropped.
    result = runner.invoke(app, ["extract", str(district_text), "-o", str(tmp_path), "-f", "parquet", "-f", "jsonl,csv"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        "district-catalogue-extracted.csv", "district-catalogue-extracted.jsonl", "district-catalogue-extracted.parquet",
        "manifest.json"]


def test_usage_error_exits_2(district_text, tmp_path):
    result = runner.invoke(app, ["extract", str(district_text), "-o", str(tmp_path), "--format", "docx"])
    assert result.exit_code == 2


def test_bad_inputs_fail_alone(district_text, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.txt").write_bytes(b"")
    (src / "junk.txt").write_bytes(bytes(range(256)) * 40)
    (src / "prose.txt").write_text("这是一段没有表格的文字。\n第二行。\n", encoding="utf-8")
    (src / "page.html").write_text("<html><body><p>没有表格</p></body></html>", encoding="utf-8")
    good = src / "-好 的 目录.txt"  # spaces, Chinese and a leading dash
    shutil.copy(district_text, good)
    out = tmp_path / "out"
    names = ["empty.txt", "junk.txt", "prose.txt", "page.html", good.name]
    result = runner.invoke(app, ["extract", "-o", str(out), "--", *[str(src / n) for n in names]])
    assert result.exit_code == 1
    for name in names[:4]:
        lines = [line for line in result.output.splitlines() if name in line and "error" in line]
        assert len(lines) == 1, (name, result.output)
    assert "Traceback" not in result.output
    assert sorted(p.name for p in out.iterdir()) == ["-好 的 目录.csv", "-好 的 目录.parquet", "manifest.json"]
    # An input that is not there is a mistake in the command line: nothing runs (exit 2).
    missing = runner.invoke(app, ["extract", "-o", str(tmp_path / "none"), "--", str(good), str(src / "missing.txt")])
    assert missing.exit_code == 2 and missing.output == f"catalogue extract: no such file or folder: {src / 'missing.txt'}\n"
    assert not (tmp_path / "none").exists()


def test_text_encodings(district_text, tmp_path):
    text = district_text.read_text(encoding="utf-8")
    expected = run_pipeline(district_text).column("item_key").to_pylist()
    for encoding, bom in (("gb18030", b""), ("utf-16", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"")):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(bom + text.encode(encoding, errors="replace"))
        assert run_pipeline(path).column("item_key").to_pylist() == expected, encoding


def test_folder_with_symlink_loop(district_text, tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copy(district_text, src / "sub" / "a.txt")
    (src / "sub" / "loop").symlink_to(src, target_is_directory=True)
    result = runner.invoke(app, ["extract", str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "a.parquet").exists()


def test_schema_command_lists_every_column():
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert "channel_wechat" in result.output and "政务微信" in result.output


def test_every_command_has_help():
    for name in ("extract", "diff", "validate", "schema", "version"):
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0 and len(result.output) > 40


def test_tsv_thousands_of_columns_wide_is_refused_cleanly(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_text("\n".join("\t".join(["x"] * 30000) for _ in range(100)), encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "wide.txt p1: block 1 is 100 rows by 30000 columns" in result.output
    assert not (tmp_path / "out" / "wide.parquet").exists()


def test_a_line_of_tabs_is_an_empty_row_not_a_page_break(district_text, tmp_path):
    lines = district_text.read_text(encoding="utf-8").split("\n")
    lines.insert(6, "\t" * 12)  # inside the first page
    path = tmp_path / "tabs.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    items = run_pipeline(path).to_pylist()
    assert [i["page"] for i in items] == [i["page"] for i in run_pipeline(district_text).to_pylist()]
    assert "empty_row_dropped" in items[1]["warnings"]
