"""PDF speed as a user times it: whole processes, start-up included, on a text-heavy catalogue.

    python bench/bench_text_pdf.py [--pages 195] [--repeat 1] [--budget 20] [--data DIR] [--json FILE] [--baseline DIR]

Generates (deterministically, samples/generate_bench_text_pdf.py; the PDFs are built on
demand into --data or a temporary folder, not committed) the text-heavy catalogue of
issue 23 (national layout, about 7 items a page, embedded TrueType subset, marks as
glyphs) and bench_pdf.py's 151-page district catalogue (embedded font), and on each
times, one after the other, each a fresh process from its start to its end:
  - `catalogue extract PDF` with the default workers, and with `-w 1`;
  - camelot lattice (`engine="vector"` where the installed camelot has it: camelot 2.x
    reads the ruling paths, renders nothing), 10 pages a read_pdf call;
  - PyMuPDF `page.find_tables()` (when pymupdf is installed: the `bench` extra);
  - the pdfium read floor: every character's code and loose box and every page object's
    bounds, through pypdfium2's raw calls, in one process.
A bare extractor with --budget stops after that many seconds of work; its rate is over
the pages it read by then (the process's whole time, start-up included). With
--repeat N every run is taken N times in turn and the fastest kept (the machine is
shared: the least time is the one least disturbed). The ratios that matter are those
measured in the same command.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))

TARGET_BOTH = 3.0  # ours with the default workers over the faster of camelot and PyMuPDF
TARGET_ONE = 2.0  # ours in one process (-w 1) over the same
TARGET_SPLIT = 1.8  # default workers over -w 1 on two cores, files of 100 pages and more
TARGET_FLOOR_SHARE = 0.5  # ours per core, as a share of the pdfium read floor
CAMELOT_CHUNK = 10  # pages per camelot.read_pdf call, as in bench_pdf.py
# Seconds of work a bare extractor gets by default: its rate settles within a few seconds,
# and a slow one (PyMuPDF with its layout model: over a second a page) would take minutes.
BARE_BUDGET = 20.0

# Each bare run is a whole process: `python -c SNIPPET PDF BUDGET`; it prints "pages tables".
CAMELOT = """
import sys, time, warnings
import camelot, pypdfium2
path, budget = sys.argv[1], float(sys.argv[2])
doc = pypdfium2.PdfDocument(path); count = len(doc); doc.close()
options = {"flavor": "lattice"}
if int(camelot.__version__.split(".")[0]) >= 2:
    options["engine"] = "vector"
deadline = time.monotonic() + budget if budget else float("inf")
pages = tables = 0
for first in range(1, count + 1, CHUNK):
    last = min(count, first + CHUNK - 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        tables += len(camelot.read_pdf(path, pages=f"{first}-{last}", **options))
    pages += last - first + 1
    if time.monotonic() > deadline:
        break
print(pages, tables)
""".replace("CHUNK", str(CAMELOT_CHUNK))
PYMUPDF = """
import sys, time
import pymupdf
path, budget = sys.argv[1], float(sys.argv[2])
deadline = time.monotonic() + budget if budget else float("inf")
pages = tables = 0
sys.path.insert(0, sys.argv[3])
from bench_pdf import pymupdf_options  # the ruling paths alone, as camelot's vector engine reads them
options = pymupdf_options(pymupdf)
with pymupdf.open(path) as doc:
    for page in doc:
        tables += len(page.find_tables(**options).tables)
        pages += 1
        if time.monotonic() > deadline:
            break
print(pages, tables)
"""
FLOOR = """
import ctypes, sys
import pypdfium2.raw as raw
path = sys.argv[1]
doc = raw.FPDF_LoadDocument(path.encode(), None)
pages = chars = objects = 0
left, bottom, right, top = (ctypes.c_double() for _ in range(4))
fl, fb, fr, ft = (ctypes.c_float() for _ in range(4))
codes = 0
for number in range(raw.FPDF_GetPageCount(doc)):
    page = raw.FPDF_LoadPage(doc, number)
    text = raw.FPDFText_LoadPage(page)
    for k in range(raw.FPDFText_CountChars(text)):
        codes += raw.FPDFText_GetUnicode(text, k)
        raw.FPDFText_GetCharBox(text, k, left, right, bottom, top)
        chars += 1
    for k in range(raw.FPDFPage_CountObjects(page)):
        raw.FPDFPageObj_GetBounds(raw.FPDFPage_GetObject(page, k), fl, fb, fr, ft)
        objects += 1
    raw.FPDFText_ClosePage(text)
    raw.FPDF_ClosePage(page)
    pages += 1
raw.FPDF_CloseDocument(doc)
print(pages, chars + objects)
"""
# The CPU seconds of each stage in one process (bench_pdf.py's stage timing), all pages.
STAGES = """
import json, sys
sys.path.insert(0, sys.argv[3])
from bench_pdf import PIPELINE, Job, Result, _prepare, _run
_prepare(PIPELINE)
result = Result("stages")
_run(Job("stages", PIPELINE, sys.argv[1], out_dir=sys.argv[2], stages=True), result)
print(json.dumps(result.stages))
"""
# A committed two-page catalogue: a whole `catalogue extract` of it is mostly fixed cost
# (interpreter, imports, the file's worker process, writing).
SMALL_PDF = ROOT / "samples" / "pdf" / "national-catalogue.pdf"


@dataclass
class Run:
    label: str
    pages: int = 0
    seconds: float = 0.0  # wall, the whole process
    cpu: float = 0.0  # CPU seconds of the process and its children
    count: int = 0  # items (ours), tables (bare), characters and objects (floor)
    error: str = ""

    @property
    def rate(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def timed(label: str, command: list[str], env: dict[str, str]) -> tuple[Run, str]:
    """One whole process: its wall and CPU time, and its stdout. It runs in an empty
    folder: `python -m` puts the working folder first on the path, and a checkout there
    would stand in for the package that PYTHONPATH names (--baseline)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-cwd-") as cwd:
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False, cwd=cwd)
    seconds = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    run = Run(label, seconds=seconds, cpu=cpu)
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        run.error = f"exit {done.returncode}: {lines[-1] if lines else ''}"
    return run, done.stdout


def ours(pdf: Path, out: Path, workers: int | None, env: dict[str, str], tag: str = "") -> Run:
    label = "catalogue extract" + (f" -w {workers}" if workers else " (default workers)") + tag
    args = ["-w", str(workers)] if workers else []
    folder = out / f"ours-{workers or 'default'}{'-baseline' if tag else ''}"
    command = [sys.executable, "-m", "catalogue", "extract", str(pdf), "-o", str(folder), "-q", "-f", "parquet,csv", *args]
    run, _ = timed(label, command, env)
    if not run.error:
        with (folder / f"{pdf.stem}.csv").open(encoding="utf-8") as handle:
            run.count = sum(1 for _ in csv.DictReader(handle))
        run.pages = page_count(pdf)
    return run


def bare(label: str, snippet: str, pdf: Path, budget: float, env: dict[str, str], *more: str) -> Run:
    run, stdout = timed(label, [sys.executable, "-c", snippet, str(pdf), str(budget), *more], env)
    if not run.error:
        pages, count = stdout.split()
        run.pages, run.count = int(pages), int(count)
    elif "ModuleNotFoundError" in run.error:
        run.error = "not installed (" + run.error.rsplit("'", 2)[-2] + "); pip install '.[bench]'"
    return run


def page_count(pdf: Path) -> int:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


def bench_one(pdf: Path, out: Path, args: argparse.Namespace, env: dict[str, str]) -> dict[str, object]:
    makers = [
        lambda: ours(pdf, out, None, env),
        lambda: ours(pdf, out, 1, env),
        lambda: bare("camelot lattice (vector)", CAMELOT, pdf, args.budget, env),
        lambda: bare("PyMuPDF find_tables", PYMUPDF, pdf, args.budget, env, str(Path(__file__).resolve().parent)),
        lambda: bare("pdfium read floor", FLOOR, pdf, 0.0, env),
    ]
    if args.baseline:  # the same two runs of another copy of the package, interleaved with these
        base = {**env, "PYTHONPATH": str(args.baseline.resolve())}
        makers += [lambda: ours(pdf, out, None, base, " [baseline]"), lambda: ours(pdf, out, 1, base, " [baseline]")]
    best: list[Run | None] = [None] * len(makers)
    load_before = os.getloadavg()[0]
    for _ in range(args.repeat):
        for k, make in enumerate(makers):  # in turn, so that a busy spell spreads over every run
            run = make()
            current = best[k]
            if current is None or (not run.error and (current.error or run.seconds < current.seconds)):
                best[k] = run
    runs = [run for run in best if run is not None]
    load = os.getloadavg()[0]
    total = page_count(pdf)
    print(f"\n=== {pdf.name}: {total} pages, {pdf.stat().st_size / 2**20:.1f} MB; "
          f"load average {load_before:.2f} before, {load:.2f} after")
    anchors = [r for r in runs[2:4] if r.pages and not r.error]
    fastest = max(anchors, key=lambda r: r.rate, default=None)
    floor = runs[4]
    print(f"{'run':48} {'pages':>5} {'wall s':>7} {'cpu s':>6} {'pages/s':>8} {'pages/cpu-s':>11} "
          f"{'vs fastest bare':>15}  count")
    for run in runs:
        if run.error:
            print(f"{run.label:48} {run.error}")
            continue
        ratio = f"{run.rate / fastest.rate:.2f}x" if fastest else "-"
        print(f"{run.label:48} {run.pages:5d} {run.seconds:7.2f} {run.cpu:6.2f} {run.rate:8.2f} "
              f"{run.pages / run.cpu if run.cpu else 0.0:11.2f} {ratio:>15}  {run.count}")
    both, one = runs[0], runs[1]
    if fastest and not both.error and not one.error:
        print(f"fastest bare extractor: {fastest.label}, {fastest.rate:.2f} pages/s")
        for run, target in ((both, TARGET_BOTH), (one, TARGET_ONE)):
            verdict = "met" if run.rate >= target * fastest.rate else "MISSED"
            print(f"  {run.label}: {run.rate / fastest.rate:.2f}x (target {target:g}x: {verdict})")
    if not both.error and not one.error and one.rate:
        verdict = "met" if both.rate >= TARGET_SPLIT * one.rate else "MISSED"
        print(f"  default workers over -w 1: {both.rate / one.rate:.2f}x (target {TARGET_SPLIT:g}x "
              f"from 100 pages: {verdict})")
    if not floor.error and floor.rate and not one.error:
        share = one.rate / floor.rate
        verdict = "met" if share >= TARGET_FLOOR_SHARE else "MISSED"
        print(f"  -w 1 over the pdfium read floor: {share:.2f} (target {TARGET_FLOOR_SHARE:g}: {verdict})")
    stages = stage_seconds(pdf, out, env)
    small = [sys.executable, "-m", "catalogue", "extract", str(SMALL_PDF), "-q", "-f", "parquet,csv", "-w", "1", "-o"]
    fixed, _ = timed("catalogue extract, a 2-page file", [*small, str(out / "small")], env)
    print(f"where the CPU goes, one process, all pages (bench_pdf.py's stage timing; a 2-page file's whole "
          f"`catalogue extract -w 1` takes {fixed.seconds:.2f} s, {fixed.cpu:.2f} CPU s: the fixed cost):")
    base_fixed = None
    if args.baseline:
        base_fixed, _ = timed("the same, baseline", [*small, str(out / "small-baseline")],
                              {**env, "PYTHONPATH": str(args.baseline.resolve())})
        print(f"  (the baseline's 2-page file: {base_fixed.seconds:.2f} s, {base_fixed.cpu:.2f} CPU s)")
    for name, seconds in stages.items():
        print(f"  {name:28} {seconds:6.2f} s  {100 * seconds / sum(stages.values()):5.1f} %")
    for run, base in zip(runs[:2], runs[5:], strict=False):
        if not run.error and not base.error and base.rate:
            print(f"  {run.label} over the baseline's: {run.rate / base.rate:.2f}x "
                  f"(CPU {base.cpu:.2f} s -> {run.cpu:.2f} s)")
    return {"pdf": pdf.name, "pages": total, "load_average": [load_before, load],
            "runs": [{**asdict(r), "pages_per_s": r.rate} for r in runs], "stages": stages,
            "fixed": asdict(fixed), "fixed_baseline": asdict(base_fixed) if base_fixed else None}


def stage_seconds(pdf: Path, out: Path, env: dict[str, str]) -> dict[str, float]:
    # bench_pdf puts this checkout first on the path: the stages are always this package's
    run, stdout = timed("stages", [sys.executable, "-c", STAGES, str(pdf), str(out / "stages"),
                                   str(Path(__file__).resolve().parent)], env)
    if run.error:
        print(f"stage timing failed: {run.error}")
        return {}
    stages: dict[str, float] = json.loads(stdout)
    return stages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=195, help="pages of the text-heavy catalogue (at least)")
    parser.add_argument("--district-pages", type=int, default=150,
                        help="pages of bench_pdf.py's district catalogue (0: leave it out)")
    parser.add_argument("--repeat", type=int, default=1, help="take every run this many times, keep the fastest")
    parser.add_argument("--budget", type=float, default=BARE_BUDGET, help="seconds of work per bare extractor (0: all pages)")
    parser.add_argument("--data", type=Path, help="keep the generated PDFs here (default: a temporary folder)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--baseline", type=Path,
                        help="a folder holding another copy of the catalogue package (git archive of an earlier "
                             "commit): its two catalogue extract runs are timed too, in turn with these")
    args = parser.parse_args()

    from bench_pdf import machine
    from generate_bench_pdf import make_bench_pdf
    from generate_bench_text_pdf import make_text_pdf

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    print(machine())
    figures: dict[str, object] = {"machine": machine(), "command": " ".join(sys.argv)}
    with tempfile.TemporaryDirectory(prefix="bench-text-") as temp:
        data = (args.data or Path(temp)).resolve()  # the runs start in folders of their own
        pdfs = [make_text_pdf(data, args.pages)]
        if args.district_pages:
            pdfs.append(make_bench_pdf(data, args.district_pages, embedded=True))
        figures["files"] = [bench_one(pdf, Path(temp) / pdf.stem, args, env) for pdf in pdfs]
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
