"""Batch speed: 20 generated inputs extracted with 1 and 2 local workers.

    python bench/bench_batch.py [--files 20] [--inputs auto|pdf|text]

Prints files/s for each run and the speed-up of 2 workers over 1. The inputs are
copies of the samples (PDFs from samples/pdf/ when this checkout can extract them,
else the extracted-text sample), each given a distinct name. The manifest is off, so
every run extracts every file.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from catalogue.api import extract_file
from catalogue.batch import run_batch
from catalogue.errors import CatalogueError

ROOT = Path(__file__).resolve().parent.parent
PDF_SAMPLES = ("pdf/district-catalogue.pdf", "pdf/national-catalogue.pdf", "pdf/district-text-sample.pdf")
TEXT_SAMPLE = "district-catalogue-extracted.txt"


def pick_samples(kind: str) -> list[Path]:
    if kind in ("auto", "pdf"):
        pdfs = [ROOT / "samples" / name for name in PDF_SAMPLES]
        try:
            for pdf in pdfs:
                extract_file(pdf)
            return pdfs
        except (CatalogueError, ImportError, OSError) as error:
            if kind == "pdf":
                sys.exit(f"cannot extract the PDF samples: {error}")
            print(f"PDF samples not extractable here ({error}); using the text sample", file=sys.stderr)
    return [ROOT / "samples" / TEXT_SAMPLE]


def make_inputs(folder: Path, samples: list[Path], count: int) -> list[Path]:
    inputs = []
    for n in range(count):
        sample = samples[n % len(samples)]
        target = folder / f"input-{n:02d}{sample.suffix}"
        shutil.copy(sample, target)
        inputs.append(target)
    return inputs


def timed(inputs: list[Path], out: Path, workers: int | None) -> float:
    started = time.perf_counter()
    outcomes = run_batch(inputs, out, workers=workers)
    elapsed = time.perf_counter() - started
    failed = [o.error for o in outcomes if not o.ok]
    if failed:
        sys.exit(f"{len(failed)} input(s) failed, first: {failed[0]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--inputs", choices=("auto", "pdf", "text"), default="auto")
    args = parser.parse_args()
    samples = pick_samples(args.inputs)
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as temp:
        folder = Path(temp) / "in"
        folder.mkdir()
        inputs = make_inputs(folder, samples, args.files)
        print(f"{args.files} inputs from {', '.join(s.name for s in samples)}")
        rates: dict[str, float] = {}
        for label, workers in (("in-process", None), ("1 worker", 1), ("2 workers", 2)):
            seconds = timed(inputs, Path(temp) / f"out-{label.replace(' ', '-')}", workers)
            rates[label] = args.files / seconds
            print(f"{label:11} {seconds:6.2f} s  {rates[label]:6.2f} files/s")
        print(f"2 workers / 1 worker: {rates['2 workers'] / rates['1 worker']:.2f}x")


if __name__ == "__main__":
    main()
