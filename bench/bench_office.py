"""Office and web speed: a plain spreadsheet, web page and Word table, whole processes.

    python bench/bench_office.py [--rows 20000] [--repeat 3] [--before PKG_DIR]
    python bench/bench_office.py --slope [ROWS ...] [--kinds xlsx html docx] [--before PKG_DIR]   # peak memory by rows

Writes three generated catalogues (one plain table, no merges, √ columns, a text channel
list) into a temporary folder: an .xlsx of ROWS rows, a web page and a Word document of
ROWS/4 rows. Then times, in one command and interleaved, whole processes of `catalogue
extract` (one worker, Parquet and CSV out) against `pandas.read_excel`,
`pandas.read_html` and, for Word, which pandas does not read, python-docx reading every
cell's text; all three read cells only. Prints each one's best wall time, peak memory
(the process and its children) and the ratio. Figures go to bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = ["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开主体", "公开时限",
          "政府网站", "政府公报", "两微一端", "主动公开", "依申请公开", "公开渠道"]
CHANNEL_LISTS = ["政府网站、公示栏", "政府网站；政府公报", "便民服务站", "政务新媒体、报刊"]


def write_xlsx(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    noise = random.Random(1)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("目录")
    sheet.append(HEADER)
    for i in range(rows):
        sheet.append([i + 1, f"类别{i // 200}", f"子类{i // 20}", f"关于第{i}项事项的公开内容说明文字",
                      "《中华人民共和国政府信息公开条例》", "区政府办公室", "信息形成之日起20个工作日内",
                      "√" if noise.random() < 0.7 else "", "√" if noise.random() < 0.3 else "",
                      "√" if noise.random() < 0.5 else "", "√", "", CHANNEL_LISTS[i % 4]])
    book.save(path)


def write_docx(path: Path, rows: int) -> None:
    """The same catalogue as a Word body table (one plain table, √ columns, a channel list)."""
    from docx import Document

    noise = random.Random(1)
    document = Document()
    table = document.add_table(rows=rows + 1, cols=len(HEADER))
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    for i, row in enumerate(table.rows[1:]):
        values = [str(i + 1), f"类别{i // 200}", f"子类{i // 20}", f"关于第{i}项事项的公开内容说明文字",
                  "《中华人民共和国政府信息公开条例》", "区政府办公室", "信息形成之日起20个工作日内",
                  "√" if noise.random() < 0.7 else "", "√" if noise.random() < 0.3 else "",
                  "√" if noise.random() < 0.5 else "", "√", "", CHANNEL_LISTS[i % 4]]
        for cell, text in zip(row.cells, values, strict=True):
            if text:
                cell.text = text
    document.save(str(path))


def write_html(path: Path, rows: int) -> None:
    head = "".join(f"<th>{h}</th>" for h in ("序号", "一级事项", "二级事项", "公开内容", "公开主体", "公开时限", "公开渠道", "主动公开"))
    body = "".join(
        f"<tr><td>{i + 1}</td><td>类别{i // 200}</td><td>子类{i // 20}</td><td>关于第{i}项事项的公开内容</td>"
        f"<td>区政府办公室</td><td>20个工作日内</td><td>{CHANNEL_LISTS[i % 4]}</td><td>√</td></tr>"
        for i in range(rows)
    )
    path.write_text(f"<html><body><table border=1><tr>{head}</tr>{body}</table></body></html>", encoding="utf-8")


def run(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user and system) and peak resident MB of a whole process
    (its children included). CPU seconds move little with the machine's load; wall
    seconds do."""
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter(); done = subprocess.run(sys.argv[1:], capture_output=True)\n"
        "wall = time.perf_counter() - t\n"
        "if done.returncode: sys.exit(done.stderr.decode()[-2000:])\n"
        "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(wall, use.ru_utime + use.ru_stime, use.ru_maxrss / 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, *command], capture_output=True, text=True, check=True,
                          env=env, cwd=cwd)
    wall, cpu, peak = done.stdout.split()
    return float(wall), float(cpu), float(peak)


def memory_slope(sizes: list[int], before: Path | None, kinds: list[str]) -> None:
    """Peak resident memory of whole `catalogue extract` runs (one worker, Parquet and CSV)
    on generated inputs of `sizes` rows (`kinds`: xlsx, html, docx), and its slope per 1,000
    rows between the smallest and the largest: memory flat in the rows has a slope near 0.
    "ours" is this checkout's package (round eleven: it was the installed `catalogue`)."""
    writers = {"xlsx": write_xlsx, "html": write_html, "docx": write_docx}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        command = [sys.executable, "-m", "catalogue.cli"]
        runs: dict[str, dict[str, str]] = {"ours": {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}}
        if before is not None:
            runs["before"] = {**os.environ, "PYTHONPATH": str(before.resolve())}
        for kind in kinds:
            peaks: dict[str, list[float]] = {key: [] for key in runs}
            for rows in sizes:
                source = folder / f"plain{rows}.{kind}"
                writers[kind](source, rows)
                for key, env in runs.items():
                    _, cpu, peak = run([*command, "extract", str(source), "-o", str(folder / "out"), "-q", "-w", "1"],
                                       env, cwd=folder)
                    peaks[key].append(peak)
                    print(f"{kind:4} {key:6} {rows:>7,} rows: {peak:6.0f} MB peak, {cpu:6.2f} CPU s", flush=True)
                source.unlink()
            for key, values in peaks.items():
                slope = (values[-1] - values[0]) / ((sizes[-1] - sizes[0]) / 1000) if len(sizes) > 1 else 0.0
                print(f"{kind:4} {key:6} slope: {slope:.2f} MB per 1,000 rows", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--slope", type=int, nargs="*", metavar="ROWS",
                        help="instead: the peak memory of whole runs on sheets of these many rows (default "
                             "5000 20000 80000) and its slope per 1,000 rows, with --before too")
    parser.add_argument("--before", type=Path, metavar="PKG_DIR",
                        help="also time the package in this folder (it holds catalogue/, e.g. from "
                             "`git archive <commit> catalogue | tar -x -C PKG_DIR`), interleaved with the others")
    parser.add_argument("--kinds", nargs="*", default=["xlsx"], choices=["xlsx", "html", "docx"],
                        help="with --slope: the inputs to generate (default xlsx)")
    args = parser.parse_args()
    if args.slope is not None:
        memory_slope(args.slope or [5_000, 20_000, 80_000], args.before, args.kinds)
        return
    catalogue = str(Path(sys.executable).with_name("catalogue"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        xlsx, page, word = folder / "plain.xlsx", folder / "plain.html", folder / "plain.docx"
        write_xlsx(xlsx, args.rows)
        write_html(page, args.rows // 4)
        write_docx(word, args.rows // 4)
        readers = {
            f"xlsx, {args.rows:,} rows": (xlsx, f"import pandas; pandas.read_excel({str(xlsx)!r})"),
            f"web page, {args.rows // 4:,} rows": (page, f"import pandas; pandas.read_html({str(page)!r})"),
            f"docx, {args.rows // 4:,} rows": (
                word, f"import docx; [[c.text for c in r.cells] for t in docx.Document({str(word)!r}).tables for r in t.rows]"),
        }
        before_env = None
        if args.before is not None:
            # `python -m` from the temporary folder: no checkout's package ahead of PYTHONPATH.
            before_env = {**os.environ, "PYTHONPATH": str(args.before.resolve())}
        print(f"{'input':24} {'catalogue s':>12} {'CPU s':>6} {'MB':>5}  {'reader s':>8} {'CPU s':>6} {'MB':>5}  "
              f"{'ratio':>5} {'CPU':>5}" + ("   before: s, CPU s, MB, ratio" if before_env else ""))
        for name, (path, reader) in readers.items():
            out = ["-o", str(folder / "out"), "-q", "-w", "1"]
            commands = {"ours": ([catalogue, "extract", str(path), *out], None),
                        "reader": ([sys.executable, "-c", reader], None)}
            if before_env is not None:
                commands["before"] = ([sys.executable, "-m", "catalogue.cli", "extract", str(path), *out], before_env)
            best: dict[str, tuple[float, float, float]] = {}
            for _ in range(args.repeat):  # interleaved, so a busy moment hits all alike
                for key, (command, env) in commands.items():
                    figures = run(command, env, cwd=folder)
                    if key not in best or figures[0] < best[key][0]:
                        best[key] = figures
            (o, oc, om), (t, tc, tm) = best["ours"], best["reader"]
            line = f"{name:24} {o:12.2f} {oc:6.2f} {om:5.0f}  {t:8.2f} {tc:6.2f} {tm:5.0f}  {o / t:5.2f} {oc / tc:5.2f}"
            if "before" in best:
                b, bc, bm = best["before"]
                line += f"   {b:.2f}, {bc:.2f}, {bm:.0f}, {b / t:.2f}"
            print(line)
    print(f"({time.strftime('%Y-%m-%d %H:%M')}, best wall time of {args.repeat}; ratio = catalogue / reader, lower is better)")


if __name__ == "__main__":
    main()
