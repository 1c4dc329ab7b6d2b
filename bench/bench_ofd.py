"""The OFD path against the PDF path on the same 151 pages.

    python bench/bench_ofd.py [--runs 3] [--data DIR]

Generates the bench PDF (samples/generate_bench_pdf.py, CJK font not embedded) and two
OFD twins of it (samples/generate_ofd.py: millimetres with line runs; points under CTM
0.3528 with one text object per character and rulings as filled rectangles), checks
that each twin's CSV is the PDF's (source aside), then times extract + write (Parquet
and CSV) in one process, each run in a fresh process with its imports done before the
clock starts. Prints wall and CPU seconds and pages a second, best of `--runs`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "samples"))

RUN = """
import json, sys, tempfile, time
from pathlib import Path
from catalogue.api import extract_file, write_extraction
path = Path(sys.argv[1])
wall, cpu = time.perf_counter(), time.process_time()
extraction = extract_file(path)
write_extraction(extraction, Path(tempfile.mkdtemp()))
print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                  "pages": extraction.pages, "items": len(extraction.items)}))
"""


def csv_without_source(path: Path) -> list[str]:
    from catalogue.api import run_pipeline
    from catalogue.output.writer import csv_bytes

    return [line.split(",", 1)[1] for line in csv_bytes(run_pipeline(path)).decode("utf-8-sig").splitlines()]


def timed(path: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", RUN, str(path)], capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    from generate_ofd import Style, twin

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=None, help="keep the generated files here")
    args = parser.parse_args()
    folder = args.data or Path(tempfile.mkdtemp(prefix="bench-ofd-"))
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, str(ROOT / "samples" / "generate_bench_pdf.py"), str(folder)], check=True,
                   capture_output=True)
    pdf = next(folder.glob("bench-district-*.pdf"))
    files = {"PDF (pdfium)": pdf}
    for name, style in (("OFD, mm, line runs", Style("mm", "line")),
                        ("OFD, pt CTM, one object a character, rect rulings", Style("pt", "char", "rect"))):
        target = folder / f"{pdf.stem}-{style.units}-{style.text}.ofd"
        target.write_bytes(twin(pdf, style))
        files[name] = target
    reference = csv_without_source(pdf)
    for name, path in files.items():
        same = csv_without_source(path) == reference
        print(f"{name}: {path.name}, {path.stat().st_size / 1e6:.1f} MB, CSV equal to the PDF's: {same}")
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    print("| input | pages | items | wall s | CPU s | pages/s (wall) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, path in files.items():
        best = min((timed(path) for _ in range(args.runs)), key=lambda r: r["wall"])
        print(f"| {name} | {best['pages']:.0f} | {best['items']:.0f} | {best['wall']:.2f} | {best['cpu']:.2f} "
              f"| {best['pages'] / best['wall']:.1f} |")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
