"""A process's fixed cost: whole `catalogue extract FILE -o DIR` runs of a small file.

    python bench/bench_startup.py [--repeat 7] [--baseline PKG_DIR] [--file PDF]

Each run is a fresh process from its start to its end (bench_text_pdf.timed: in an empty
folder, its CPU seconds and those of its children), in three displays: the default one
with stderr a pipe (a log: the page counter, polled), the default one on a terminal (a
pty: the page bar), and `-q`. The runs of one round are interleaved (each display, and
the --baseline package's runs, once per round), and the median of the rounds is printed:
on a shared machine the CPU seconds move less with the load than the wall seconds, and
the median leaves out the runs that a neighbour's burst disturbed.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pdf import machine  # noqa: E402
from bench_text_pdf import ROOT, SMALL_PDF, timed  # noqa: E402

DISPLAYS = {"default, stderr a pipe": [], "default, stderr a terminal": [], "-q": ["-q"]}
# A run that has not ended by then is stuck, not slow: a 2-page file takes seconds.
RUN_SECONDS = 300


def on_terminal(command: list[str], env: dict[str, str]) -> float:
    """CPU seconds of one whole process whose stderr is a terminal (a pty), drained as it writes."""
    import pty
    import select

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    leader, follower = pty.openpty()
    with tempfile.TemporaryDirectory(prefix="bench-cwd-") as cwd:
        run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=follower, env=env, cwd=cwd)
        os.close(follower)
        deadline = time.monotonic() + RUN_SECONDS
        try:
            while time.monotonic() < deadline and run.poll() is None:
                if select.select([leader], [], [], 0.5)[0]:
                    try:
                        os.read(leader, 4096)
                    except OSError:  # EIO: every process that had the terminal has ended
                        break
            code = run.wait(timeout=RUN_SECONDS)
        finally:
            os.close(leader)
    if code != 0:
        raise SystemExit(f"{' '.join(command)}: exit {code}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def one_run(package: Path, display: str, pdf: Path, out: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(package)}
    command = [sys.executable, "-m", "catalogue", "extract", str(pdf), "-o", str(out), *DISPLAYS[display]]
    if "terminal" in display:
        return on_terminal(command, env)
    run, _ = timed(display, command, env)
    if run.error:
        raise SystemExit(f"{' '.join(command)}: {run.error}")
    return run.cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="rounds; the median is printed")
    parser.add_argument("--file", type=Path, default=SMALL_PDF, help="the input (default: a committed 2-page catalogue)")
    parser.add_argument("--baseline", type=Path,
                        help="a folder holding another copy of the catalogue package (git archive of an earlier commit)")
    args = parser.parse_args()
    pdf = args.file.resolve()
    packages = {"this package": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    print(machine())
    print(f"{pdf.name}, {args.repeat} rounds; load average before: {os.getloadavg()[0]:.1f}")
    cpu: dict[tuple[str, str], list[float]] = {(p, d): [] for p in packages for d in DISPLAYS}
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as temp:
        for _ in range(args.repeat):
            for n, ((name, display), seconds) in enumerate(cpu.items()):
                seconds.append(one_run(packages[name], display, pdf, Path(temp) / str(n)))
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    for (name, display), seconds in cpu.items():
        print(f"  {name:13} {display:27} median {statistics.median(seconds):.2f} CPU s "
              f"(range {min(seconds):.2f}-{max(seconds):.2f})")


if __name__ == "__main__":
    main()
