"""OCR accuracy across scan conditions, on one half of the scan family.

    python bench/bench_scan_family.py                      # the held-back half, 2 processes
    python bench/bench_scan_family.py --half tune -v       # the tuning half, every wrong cell
    python bench/bench_scan_family.py --conditions photo-200 --sources national-catalogue
    python bench/bench_scan_family.py --family b --half tune     # family B, scored the same way
    python bench/bench_scan_family.py --family c --half all      # family C: other sources, never tuned on

--family b scores family B (samples/generate_scan_family_b.py: the same sources
scanned by an independent generator, into bench/scan-family-b/) exactly as family A:
same columns, same pairing, same tables. Its documents printed by LibreOffice number
their pages as the print does, so their page, source and warnings are not compared.
--family c scores family C (samples/generate_scan_family_c.py: other sources, a third
rasteriser and degradations of its own), which no rule has been tuned on.

The family (samples/generate_scan_family.py: every sample PDF under every scan
condition) is generated into bench/scan-family/ (git-ignored) when a member is
missing. Each member is extracted in a pool of processes (one OCR thread each, so the
two cores each read a page) and scored as bench/bench_scans.py scores a scan: cells
equal after folding whitespace (every contract column but `source`; for the Word-made
samples, whose expected rows leave out page and warnings, every column they state),
the option booleans, and items extra or missing against the source's expected rows.
Cells the source does not print (an option whose mark the PDF draws as the same
missing-glyph frame for either state: samples/unprinted_marks.py) are not counted.
A "header item" is an item whose category or content is a header word (一级, 公开内容 …):
a repeated header row taken for an item. Printed per condition, with the mean and the
worst condition; seconds per page are wall time over the pages of a member, and the
throughput line is all pages over the run's wall time with every process busy. Then
the bare OCR engine (RapidOCR detecting and recognising whole pages, the same models)
reads the first page of one member of each condition in the same pool, and the ratio of
the two times a page is printed: seconds vary from one day of a shared machine to the
next, the ratio much less (--no-bare skips it).

Targets (issue #10), on the held-back half: mean cell accuracy ≥ 98%, worst condition
≥ 95%, ≥ 99.5% of mark cells right, no header item, ≤ 2 s per dense A4 page.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))
sys.path.insert(0, str(ROOT / "bench"))

import bench_scans  # noqa: E402
import generate_scan_family as family  # noqa: E402
import generate_scan_family_b as family_b  # noqa: E402
import generate_scan_family_c as family_c  # noqa: E402

# What the Word generators do not state (tests/test_word_pdfs.py leaves them out too).
NOT_STATED = frozenset({"_tag", "source", "page", "warnings"})
LEVEL_AND_CONTENT = ("level_1", "level_2", "level_3", "level_4", "content")


expected_rows = family.expected_rows
FAMILIES = {"a": family, "b": family_b, "c": family_c}
# A document printed before it is scanned (family B's .docx) is paged by its print, not
# by the pages the reader gives the document itself, and its warnings are the reader's of
# that format: neither can be compared.
REPRINTED = frozenset({"source", "page", "warnings"})


def printed_pdf(member: dict[str, Any]) -> str | None:
    """The sample PDF a member scans, or None for a document printed first (family B)."""
    path = member.get("pdf") or member.get("printed", "")
    return path if path.endswith(".pdf") else None


def member_expected(member: dict[str, Any]) -> list[dict[str, Any]]:
    rows = expected_rows(member["expected"])
    if printed_pdf(member) is None:
        rows = [{k: v for k, v in row.items() if k not in REPRINTED} for row in rows]
    return rows


def compared_columns(rows: list[dict[str, Any]]) -> tuple[str, ...]:
    if rows and "source" in rows[0] and "page" in rows[0]:
        return bench_scans.COMPARED
    stated = {c for row in rows for c in row}
    return tuple(c for c in bench_scans.COMPARED if c in stated and c not in NOT_STATED)


def header_items(rows: list[dict[str, Any]]) -> int:
    """Items with a header word (一级, 公开内容 …) for a label or content. An option's name
    (依申请公开) names a column only in one-option-per-column headers; as a label it is
    a real category, so it does not count."""
    from catalogue.schemas.headers import ROLE_OPTION, header_role

    def names_column(value: Any) -> bool:
        role = header_role(value) if isinstance(value, str) else None
        return role is not None and role.role != ROLE_OPTION

    return sum(1 for row in rows if any(names_column(row.get(c)) for c in LEVEL_AND_CONTENT))


@dataclass
class Result:
    condition: str
    source: str
    pages: int = 0
    seconds: float = 0.0
    cpu: float = 0.0
    cells: int = 0
    cells_right: int = 0
    marks: int = 0
    marks_right: int = 0
    expected_items: int = 0
    items: int = 0
    missing: int = 0
    extra: int = 0
    header_items: int = 0
    error: str = ""
    wrong: list[str] = field(default_factory=list)


def run_member(member: dict[str, Any], folder: str) -> Result:
    from catalogue.api import extract_file
    from catalogue.errors import CatalogueError

    result = Result(member["condition"], member["source"])
    want = member_expected(member)
    result.expected_items = len(want)
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        extraction = extract_file(Path(folder) / member["file"])
        got, result.pages = extraction.items, extraction.pages
    except CatalogueError as exc:
        got, result.error = [], str(exc)
    result.seconds, result.cpu = time.perf_counter() - started, time.process_time() - cpu_started
    score = bench_scans.score_rows(want, got, compared_columns(want), unstated_cells(member))
    pairs = bench_scans._pairs(want, got)
    result.cells, result.cells_right = score.cells, score.cells_right
    result.marks, result.marks_right = score.marks, score.marks_right
    result.items = len(got)
    result.missing = sum(1 for _, j in pairs if j is None)
    result.extra = len(got) - (len(want) - result.missing)
    result.header_items = header_items(got)
    result.wrong = score.wrong
    return result


def run_bare(member: dict[str, Any], folder: str, pages: int = 1) -> tuple[int, float, float]:
    """The bare OCR engine on the member's first `pages` pages: RapidOCR detecting and
    recognising each whole page (the same models, renderer and thread count; no grid,
    marks or normalising). Pages, wall seconds, CPU seconds."""
    import pypdfium2 as pdfium

    from catalogue.extract.ocr import render_pdf_page_with_dpi
    from catalogue.extract.ocr.engine import get_engine

    rapid = get_engine()._detector()  # loaded before the clock starts, as ours is warm
    path = Path(folder) / member["file"]
    started, cpu_started = time.perf_counter(), time.process_time()
    pdf = pdfium.PdfDocument(str(path))
    pages = min(pages, len(pdf))
    pdf.close()
    for index in range(pages):
        image, _, _ = render_pdf_page_with_dpi(path, index)
        rapid(image, use_det=True, use_cls=False, use_rec=True)
    return pages, time.perf_counter() - started, time.process_time() - cpu_started


def unstated_cells(member: dict[str, Any]) -> frozenset[tuple[int, str]]:
    """The member's expected cells its source does not print (samples/unprinted_marks.py)."""
    pdf = printed_pdf(member)
    if pdf is None:
        return frozenset()
    return frozenset((item, column) for item, column in family.unstated(pdf, member["expected"]))


def _init_worker() -> None:
    os.environ["CATALOGUE_OCR_THREADS"] = "1"  # one OCR thread a process: the processes share the cores


def ensure(members: list[dict[str, Any]], folder: Path, generator: Any = family) -> None:
    missing = [m for m in members if not (folder / m["file"]).is_file()]
    if missing:
        print(f"generating {len(missing)} members into {folder} …", flush=True)
        generator.write_members(folder, missing, generator.family())


def share(right: int, total: int) -> float:
    return right / total if total else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--family", choices=tuple(FAMILIES), default="a",
                        help="a: generate_scan_family.py; b: the independent generate_scan_family_b.py; "
                             "c: generate_scan_family_c.py (other sources, a third way; no rule tuned on it)")
    parser.add_argument("--half", choices=(family.TUNE, family.HELD_BACK, "all"), default=family.HELD_BACK,
                        help="all: both halves (family C, which nothing has been tuned on)")
    parser.add_argument("--conditions", nargs="*")
    parser.add_argument("--sources", nargs="*")
    parser.add_argument("--folder", type=Path, help="where the members are (default: the family's bench folder)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", type=Path, help="write every member's result here")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every wrong cell")
    parser.add_argument("--no-bare", action="store_true", help="do not time the bare OCR engine")
    args = parser.parse_args()
    generator = FAMILIES[args.family]
    if args.folder is None:
        args.folder = generator.OUT

    members = [m for m in generator.family() if args.half in (m["half"], "all")
               and (not args.conditions or m["condition"] in args.conditions)
               and (not args.sources or m["source"] in args.sources)]
    ensure(members, args.folder, generator)
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}; {len(members)} members of family {args.family.upper()}'s {args.half} half, "
          f"{args.workers} processes", flush=True)
    started = time.perf_counter()
    # Longest first, so the pool does not end on one long member.
    order = sorted(members, key=lambda m: -(ROOT / "samples" / (m.get("pdf") or m["printed"])).stat().st_size)
    with ProcessPoolExecutor(args.workers, initializer=_init_worker) as pool:
        results = list(pool.map(run_member, order, [str(args.folder)] * len(order)))
    wall = time.perf_counter() - started

    by_condition: dict[str, list[Result]] = {}
    for r in results:
        by_condition.setdefault(r.condition, []).append(r)
    print("\n| condition | members | pages | cells | marks | items extra / missing | header items | s/page |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    shares = []
    for name in generator.CONDITIONS:
        group = by_condition.get(name)
        if not group:
            continue
        cells = share(sum(r.cells_right for r in group), sum(r.cells for r in group))
        marks = share(sum(r.marks_right for r in group), sum(r.marks for r in group))
        pages = sum(r.pages for r in group)
        shares.append((cells, name))
        print(f"| {name} | {len(group)} | {pages} | {cells:.1%} | {marks:.1%} | "
              f"{sum(r.extra for r in group)} / {sum(r.missing for r in group)} | "
              f"{sum(r.header_items for r in group)} | {sum(r.seconds for r in group) / max(1, pages):.2f} |")
    all_marks = share(sum(r.marks_right for r in results), sum(r.marks for r in results))
    pages = sum(r.pages for r in results)
    if shares:
        mean = sum(s for s, _ in shares) / len(shares)
        worst = min(shares)
        print(f"\nmean cell accuracy over conditions {mean:.1%}; worst {worst[0]:.1%} ({worst[1]}); "
              f"marks {all_marks:.2%}; header items {sum(r.header_items for r in results)}; "
              f"extra {sum(r.extra for r in results)}, missing {sum(r.missing for r in results)} "
              f"of {sum(r.expected_items for r in results)} items")
    print(f"{pages} pages in {wall:.0f} s: {wall / max(1, pages):.2f} s a page with {args.workers} processes "
          f"({sum(r.cpu for r in results) / max(1, pages):.2f} CPU s a page)")
    if not args.no_bare:
        # The bare engine in the same pool, right after, on the first page of one member
        # of each condition (a dense page; it takes several times our time a page, so
        # not all of them): the ratio holds from one machine, or one day of a shared
        # one, to the next; seconds do not.
        sample = list({m["condition"]: m for m in reversed(order)}.values())
        started = time.perf_counter()
        with ProcessPoolExecutor(args.workers, initializer=_init_worker) as pool:
            bare = list(pool.map(run_bare, sample, [str(args.folder)] * len(sample)))
        bare_wall = time.perf_counter() - started
        bare_pages = sum(p for p, _, _ in bare)
        print(f"bare RapidOCR (detect and recognise each whole page, same models and renderer) on "
              f"{bare_pages} first pages, one member a condition: {bare_wall / max(1, bare_pages):.2f} s a page "
              f"({sum(c for _, _, c in bare) / max(1, bare_pages):.2f} CPU s); ours ÷ bare "
              f"{(wall / max(1, pages)) / max(1e-9, bare_wall / max(1, bare_pages)):.2f}")
    for r in results:
        if r.error:
            print(f"  {r.condition}/{r.source}: failed: {r.error}")
        if args.verbose and r.wrong:
            print(f"  {r.condition}/{r.source}:")
            for line in r.wrong:
                print(f"    {line}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps([r.__dict__ for r in results], ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
