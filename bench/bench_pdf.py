"""PDF speed: our full pipeline against bare table extractors, on one long generated catalogue.

    python bench/bench_pdf.py [--pages 150] [--budget 15] [--fonts both] [--data DIR] [--json FILE] [--heap]

Generates (deterministically, samples/generate_bench_pdf.py) a district-layout
catalogue of at least --pages pages, twice: with its CJK font not embedded (STSong-Light:
the reader takes every page's characters from pdfminer) and embedded (a TrueType
subset, as in most real government PDFs). On each it measures pages/s for:
  - our pipeline, extract + normalise + write Parquet and CSV (catalogue.api), in 1
    process, and with workers=2 (the file's pages read by 2 worker processes, normalised
    in page order in the first), with the default engine; and with --engine camelot on
    the first 50 pages;
  - bare pdfplumber page.extract_tables(), camelot lattice (engine="vector" on camelot
    2.x, which renders nothing), PyMuPDF page.find_tables();
  - where the time of the 1-process run goes: reading (pdfium; pdfminer's characters
    apart), marks, geometry, normalising, writing.
Every run is a fresh process; imports happen before the clock starts (worker processes
of workers=2 start inside the clock: that is part of its cost). A bare extractor stops
after --budget seconds (its rate is over the pages it read by then). Then peak memory of
the pipeline for 50, 100 and all pages (peak RSS of the process; with --heap also the
Python heap via tracemalloc), to show that it stays flat as pages grow.
Takes about five minutes on 2 cores (--heap: four more, tracemalloc is slow).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path
from queue import Empty
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))

PIPELINE = "pipeline"
BARE = ("pdfplumber", "camelot", "pymupdf")
TARGET_RATIO = 2.0  # our pipeline's pages/s over the fastest bare extractor's, in one process
TARGET_RATIO_SPLIT = 3.0  # the same with the file's pages split across 2 worker processes
SPLIT_WORKERS = 2
CAMELOT_CHUNK = 10  # pages per camelot.read_pdf call: few re-opens, yet a budget can stop it
CAMELOT_ENGINE_PAGES = 50  # the camelot engine of the pipeline runs camelot too: a sample suffices
MEMORY_STEPS = (50, 100)  # and all pages
READY_TIMEOUT = 300.0  # seconds a process may take to import before the run gives up
QUEUE_POLL = 5.0  # seconds between checks that the measuring processes are still alive


@dataclass
class Job:
    label: str
    kind: str  # PIPELINE or one of BARE
    path: str
    pages: tuple[int, ...] | None = None  # None: every page
    engine: str = "pdfium"
    out_dir: str = ""
    budget: float = 0.0  # bare extractors: stop after this many seconds (0: no limit)
    trace: bool = False  # measure the Python heap with tracemalloc (slows the run)
    workers: int = 1  # pipeline: processes reading the file's pages
    stages: bool = False  # pipeline: time each stage (a little slower)


@dataclass
class Result:
    label: str
    pages: int = 0
    start: float = 0.0  # time.monotonic(): one clock for every process on the machine
    end: float = 0.0
    cpu: float = 0.0
    rss_ready_mb: float = 0.0  # resident memory once imports are done
    rss_peak_mb: float = 0.0
    heap_peak_mb: float | None = None
    items: int = 0
    error: str | None = None
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return self.end - self.start


@dataclass
class Row:
    label: str
    pages: int
    seconds: float
    cpu: float
    rss_peak_mb: float
    note: str = ""
    heap_peak_mb: float | None = None
    rss_ready_mb: float = 0.0
    cpu_max: float = 0.0  # CPU seconds of the busiest process of the run
    extra: dict[str, Any] = field(default_factory=dict)
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


# ---------------------------------------------------------------- in the measuring process

def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (page workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _prepare(kind: str) -> None:
    """Import what the run needs, so that the clock measures work, not imports."""
    if kind == PIPELINE:
        import catalogue.api  # noqa: F401
        import catalogue.extract.pdf  # noqa: F401
    elif kind == "pdfplumber":
        import pdfplumber  # noqa: F401
    elif kind == "camelot":
        import camelot  # noqa: F401
    elif kind == "pymupdf":
        import pymupdf  # noqa: F401


STAGES = ("reading: pdfium", "reading: pdfminer characters", "marks", "geometry", "normalising and the rest", "writing")


def _time_stages(spent: dict[str, float]) -> None:
    """Wrap the pipeline's stage functions so that the time spent in each adds up in `spent`."""
    import catalogue.extract.pdf as pdf
    from catalogue.extract.pdf import readers, tables

    def timed(owner: Any, name: str, stage: str) -> None:
        inner = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            began = time.process_time()  # CPU time: the other work on a shared machine does not count
            try:
                return inner(*args, **kwargs)
            finally:
                spent[stage] = spent.get(stage, 0.0) + time.process_time() - began

        setattr(owner, name, wrapper)

    timed(pdf.TextLayer, "read", "reading")  # pdfium, and pdfminer for the characters where it must
    timed(readers.PlumberReader, "read_chars", STAGES[1])
    # page_tables (pdf/tables.py, which the page loop calls) looks these up in its module.
    timed(tables, "convert_symbol_chars", "marks")
    timed(tables, "marks_and_rulings", "marks")
    timed(tables, "find_grids", "geometry")
    timed(tables, "build_table", "geometry")


def _run(job: Job, result: Result) -> None:
    if job.kind == PIPELINE:
        from catalogue.api import extract_file, write_extraction

        spent: dict[str, float] = {}
        if job.stages:
            _time_stages(spent)
        began = time.process_time()
        extraction = extract_file(job.path, {"engine": job.engine, "pages": job.pages}, workers=job.workers)
        extracted = time.process_time()
        write_extraction(extraction, Path(job.out_dir), stem=Path(job.out_dir).name)
        result.pages = len(job.pages) if job.pages else extraction.pages
        result.items = len(extraction.items)
        if job.stages:
            miner = spent.get(STAGES[1], 0.0)
            result.stages = {
                STAGES[0]: spent.get("reading", 0.0) - miner, STAGES[1]: miner,
                "marks": spent.get("marks", 0.0), "geometry": spent.get("geometry", 0.0),
                STAGES[4]: extracted - began - sum(spent.get(k, 0.0) for k in ("reading", "marks", "geometry")),
                "writing": time.process_time() - extracted,
            }
        return
    deadline = time.monotonic() + job.budget if job.budget else float("inf")
    if job.kind == "pdfplumber":
        import pdfplumber

        with pdfplumber.open(job.path) as pdf:
            for page in pdf.pages:
                result.items += len(page.extract_tables())
                page.close()
                result.pages += 1
                if time.monotonic() > deadline:
                    break
    elif job.kind == "camelot":
        import camelot

        options: dict[str, Any] = {"flavor": "lattice"}
        if int(camelot.__version__.split(".")[0]) >= 2:
            options["engine"] = "vector"  # no rendering, no Ghostscript
        count = _page_count(job.path)
        for first in range(1, count + 1, CAMELOT_CHUNK):
            last = min(count, first + CAMELOT_CHUNK - 1)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)  # "No tables found on page-N"
                result.items += len(camelot.read_pdf(job.path, pages=f"{first}-{last}", **options))
            result.pages += last - first + 1
            if time.monotonic() > deadline:
                break
    elif job.kind == "pymupdf":
        import pymupdf

        options = pymupdf_options(pymupdf)
        with pymupdf.open(job.path) as doc:
            for page in doc:
                result.items += len(page.find_tables(**options).tables)
                result.pages += 1
                if time.monotonic() > deadline:
                    break


def pymupdf_options(pymupdf: Any) -> dict[str, Any]:
    """find_tables' options for ruled tables from the paths alone: PyMuPDF 2 gates them by
    its layout model unless told not to (over a second a page); older releases have no
    such option."""
    return {"use_layout": False} if "use_layout" in (pymupdf.table.find_tables.__doc__ or "") else {}


def _page_count(path: str) -> int:
    import pypdfium2

    doc = pypdfium2.PdfDocument(path)
    try:
        return len(doc)
    finally:
        doc.close()


def _child(job: Job, barrier: Any, queue: Any) -> None:
    result = Result(job.label)
    try:
        _prepare(job.kind)
    except ImportError as exc:
        result.error = f"not installed ({exc.name or exc})"
        queue.put(result)
        barrier.abort()
        return
    result.rss_ready_mb = _rss_mb()
    if job.trace:
        tracemalloc.start()
    try:
        barrier.wait(timeout=READY_TIMEOUT)
    except threading.BrokenBarrierError:
        result.error = "another process of this run could not start"
        queue.put(result)
        return
    result.start, cpu0 = time.monotonic(), _cpu()
    try:
        _run(job, result)
    except Exception as exc:  # reported in the table: one failing extractor must not hide the others
        result.error = f"{type(exc).__name__}: {exc}"
    result.end, result.cpu = time.monotonic(), _cpu() - cpu0
    if job.trace:
        result.heap_peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    result.rss_peak_mb = _peak_rss_mb()
    queue.put(result)


# ---------------------------------------------------------------- in the driving process

def run_together(jobs: list[Job]) -> list[Result]:
    """Run the jobs in fresh processes that start their clocks together; one Result each."""
    ctx = mp.get_context("spawn")  # fresh interpreters: nothing imported or cached in advance
    barrier, queue = ctx.Barrier(len(jobs)), ctx.Queue()
    procs = [ctx.Process(target=_child, args=(job, barrier, queue)) for job in jobs]
    for proc in procs:
        proc.start()
    results: list[Result] = []
    while len(results) < len(jobs):
        try:
            results.append(queue.get(timeout=QUEUE_POLL))
        except Empty:
            if not any(proc.is_alive() for proc in procs) and queue.empty():
                # a process died without a word (killed, out of memory): say so, do not wait forever
                codes = ", ".join(str(proc.exitcode) for proc in procs)
                results += [Result(job.label, error=f"process ended without a result (exit codes {codes})")
                            for job in jobs[len(results):]]
    for proc in procs:
        proc.join()
    return results


def measure(label: str, jobs: list[Job], note: str = "") -> Row:
    began = time.perf_counter()
    results = run_together(jobs)
    print(f"  {label}: {time.perf_counter() - began:.1f} s with start-up", file=sys.stderr)
    failed = [r.error for r in results if r.error]
    if failed:
        return Row(label, 0, 0.0, 0.0, 0.0, note=failed[0])
    return Row(
        label,
        pages=sum(r.pages for r in results),
        seconds=max(r.end for r in results) - min(r.start for r in results),
        cpu=sum(r.cpu for r in results),
        cpu_max=max(r.cpu for r in results),
        rss_peak_mb=max(r.rss_peak_mb for r in results),
        rss_ready_mb=max(r.rss_ready_mb for r in results),
        heap_peak_mb=max((r.heap_peak_mb for r in results if r.heap_peak_mb is not None), default=None),
        note=note,
        extra={"items": sum(r.items for r in results)},
        stages=results[0].stages,
    )


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except (OSError, subprocess.CalledProcessError) as exc:
        model = f"{model} (lscpu failed: {exc})"
    return f"{model}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


FONT_VARIANTS = {"cid": False, "embedded": True}  # name → the CJK font embedded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=150, help="pages of the generated catalogue (at least)")
    parser.add_argument("--budget", type=float, default=15.0, help="seconds per bare extractor (0: all pages)")
    parser.add_argument("--fonts", choices=[*FONT_VARIANTS, "both"], default="both",
                        help="cid: CJK font not embedded (pdfminer reads the characters); embedded: a TrueType subset")
    parser.add_argument("--data", type=Path, help="keep the generated PDFs here (default: a temporary folder)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--heap", action="store_true",
                        help="memory runs also trace the Python heap (tracemalloc: adds about four minutes)")
    args = parser.parse_args()

    from generate_bench_pdf import make_bench_pdf

    print(machine())
    figures: dict[str, Any] = {"machine": machine()}
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as temp:
        data = args.data or Path(temp)
        for variant in FONT_VARIANTS if args.fonts == "both" else [args.fonts]:
            started = time.perf_counter()
            pdf = make_bench_pdf(data, args.pages, embedded=FONT_VARIANTS[variant])
            print(f"\n=== {variant}: {pdf.name}, {_page_count(str(pdf))} pages, {pdf.stat().st_size / 2**20:.1f} MB, "
                  f"ready in {time.perf_counter() - started:.1f} s")
            figures[variant] = bench_one(pdf, args, Path(temp) / variant)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def bench_one(pdf: Path, args: argparse.Namespace, out: Path) -> dict[str, Any]:
    """Every measurement on one PDF; prints the tables and returns the figures."""
    total = _page_count(str(pdf))
    load_before = os.getloadavg()[0]
    everything = tuple(range(1, total + 1))

    def pipeline(label: str, pages: tuple[int, ...] | None, engine: str = "pdfium", trace: bool = False,
                 workers: int = 1, stages: bool = False) -> Job:
        return Job(label, PIPELINE, str(pdf), pages, engine, str(out / label.replace(" ", "-")), trace=trace,
                   workers=workers, stages=stages)

    rows = [
        measure("ours, 1 process", [pipeline("one", None)]),
        measure(f"ours, workers={SPLIT_WORKERS}", [pipeline("split", None, workers=SPLIT_WORKERS)],
                note=f"pages read by {SPLIT_WORKERS} worker processes, started inside the clock"),
        measure("ours, --engine camelot", [pipeline("camelot", everything[:CAMELOT_ENGINE_PAGES], "camelot")],
                note=f"first {CAMELOT_ENGINE_PAGES} pages"),
    ]
    bare_rows = [
        measure("pdfplumber extract_tables", [Job("pdfplumber", "pdfplumber", str(pdf), budget=args.budget)]),
        measure("camelot lattice (vector)", [Job("camelot", "camelot", str(pdf), budget=args.budget)]),
        measure("PyMuPDF find_tables", [Job("pymupdf", "pymupdf", str(pdf), budget=args.budget)]),
    ]
    stages = measure("ours, 1 process, stages timed", [pipeline("stages", None, stages=True)])
    # The all-pages point is the 1-process run above, unless the heap is traced too.
    steps = [n for n in MEMORY_STEPS if n < total] + ([total] if args.heap else [])
    memory = [measure(f"ours, {n} pages", [pipeline(f"mem-{n}", everything[:n], trace=args.heap)]) for n in steps]
    if not args.heap:
        memory.append(rows[0])

    fastest = max((r for r in bare_rows if r.pages), key=lambda r: r.rate, default=None)
    load = os.getloadavg()[0]
    print(f"load average: {load_before:.2f} before, {load:.2f} after (other work on the machine "
          "shows as wall time above cpu time)\n")
    print(f"{'run':28} {'pages':>5} {'wall s':>7} {'cpu s':>6} {'pages/s':>8} {'pages/cpu-s':>11} "
          f"{'vs fastest bare':>15} {'peak RSS MB':>11}  note")
    for row in rows + bare_rows:
        if not row.pages:
            print(f"{row.label:28} {'-':>5} {'-':>7} {'-':>6} {'-':>8} {'-':>11} {'-':>15} {'-':>11}  {row.note}")
            continue
        ratio = f"{row.rate / fastest.rate:.2f}x" if fastest else "-"
        note = row.note + (f"; stopped after {args.budget:.0f} s" if row in bare_rows and row.pages < total else "")
        print(f"{row.label:28} {row.pages:5d} {row.seconds:7.2f} {row.cpu:6.2f} {row.rate:8.2f} "
              f"{row.pages / row.cpu:11.2f} {ratio:>15} {row.rss_peak_mb:11.0f}  {note.lstrip('; ')}")
    if fastest:
        print(f"\nfastest bare extractor: {fastest.label}, {fastest.rate:.2f} pages/s")
        for row, target in ((rows[0], TARGET_RATIO), (rows[1], TARGET_RATIO_SPLIT)):
            if row.pages:
                verdict = "met" if row.rate >= target * fastest.rate else "MISSED"
                print(f"{row.label}: {row.rate / fastest.rate:.2f}x (target {target:.0f}x: {verdict})")

    if stages.pages:
        print(f"\nwhere the time goes ({stages.label}: {stages.seconds:.2f} s wall, {stages.cpu:.2f} s cpu; "
              "CPU seconds per stage)")
        for name, seconds in stages.stages.items():
            print(f"  {name:28} {seconds:6.2f} s  {100 * seconds / stages.cpu:5.1f} %")

    print(f"\n{'memory, ours (1 process)':28} {'pages':>5} {'RSS after imports':>17} {'peak RSS':>8} "
          f"{'growth':>6} {'Python heap peak':>16}  (MB)")
    for row in memory:
        if not row.pages:
            print(f"{row.label:28} failed: {row.note}")
            continue
        heap = f"{row.heap_peak_mb:.1f}" if row.heap_peak_mb is not None else "-"
        print(f"{'ours, ' + str(row.pages) + ' pages':28} {row.pages:5d} {row.rss_ready_mb:17.0f} {row.rss_peak_mb:8.0f} "
              f"{row.rss_peak_mb - row.rss_ready_mb:6.0f} {heap:>16}")
    return {
        "pdf": pdf.name, "pdf_pages": total, "load_average": [load_before, load],
        "runs": [{**asdict(r), "pages_per_s": r.rate} for r in rows + bare_rows],
        "stages": asdict(stages), "memory": [asdict(r) for r in memory],
    }


if __name__ == "__main__":
    main()
