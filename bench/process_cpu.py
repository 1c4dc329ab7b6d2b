"""Each process's CPU seconds of one command and its descendants, from /proc/PID/stat.

    python bench/process_cpu.py COMMAND [ARG ...]

Polls /proc every POLL_SECONDS while the command runs and prints, for each process in
the order it appeared, its parent, when it was first seen, its CPU seconds (user and
system) and peak resident memory (VmHWM) when last seen, and its CPU seconds when its
first child appeared: the part of
its work that came before it forked (a batch's file worker, a file's page workers), and
its CPU seconds after the last of its children was last seen: the serial tail of a split
run (the file's worker normalising the last results and writing after its page workers
end).
CPU seconds, unlike wall seconds, move little with the machine's load, so the serial
start of a split run (the CLI's CPU before it forks the file's worker, plus that
worker's before it forks the page workers) can be read on a shared machine. Linux only.
A process that lives less than one poll can be missed; its CPU is still in the total.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time

POLL_SECONDS = 0.01
TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds) of a process; None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()  # the name in parentheses may hold spaces
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS


def _peak_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM) in MB; 0 once it is gone. A forked
    child counts the pages it shares with its parent only once it touches them."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _processes() -> dict[int, tuple[int, float]]:
    found = {}
    for name in os.listdir("/proc"):
        if name.isdigit() and (stat := _stat(int(name))) is not None:
            found[int(name)] = stat
    return found


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    started = time.monotonic()
    child = subprocess.Popen(sys.argv[1:])
    seen: dict[int, list[float]] = {}  # pid: [parent, CPU s, first seen at, peak MB]
    before_child: dict[int, float] = {}  # pid: its CPU s when its first child appeared
    samples: dict[int, list[tuple[float, float]]] = {}  # pid: (seconds since start, CPU s) at each poll
    while child.poll() is None:
        table = _processes()
        tree = {child.pid}
        grown = True
        while grown:  # the command's descendants
            grown = False
            for pid, (parent, _) in table.items():
                if parent in tree and pid not in tree:
                    tree.add(pid)
                    grown = True
        now = time.monotonic() - started
        for pid in tree & table.keys():
            parent, cpu = table[pid]
            samples.setdefault(pid, []).append((now, cpu))
            if pid in seen:
                seen[pid][1] = cpu
                seen[pid][3] = max(seen[pid][3], _peak_mb(pid))
                continue
            seen[pid] = [parent, cpu, time.monotonic() - started, _peak_mb(pid)]
            if parent in seen and parent not in before_child:
                before_child[parent] = seen[parent][1]
        time.sleep(POLL_SECONDS)
    wall = time.monotonic() - started
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"wall {wall:.2f} s, CPU {used.ru_utime + used.ru_stime:.2f} s (all processes), "
          f"load average {os.getloadavg()[0]:.2f}, exit {child.returncode}", file=sys.stderr)
    for pid, (parent, cpu, at, peak) in sorted(seen.items(), key=lambda entry: entry[1][2]):
        fork = f", {before_child[pid]:.2f} s before its first child" if pid in before_child else ""
        last = samples[pid][-1][0]
        print(f"  pid {pid} (parent {int(parent)}) from {at:.2f} to {last:.2f} s: CPU {cpu:.2f} s, "
              f"peak {peak:.0f} MB{fork}{_tail(pid, seen, samples)}", file=sys.stderr)


def _tail(pid: int, seen: dict[int, list[float]], samples: dict[int, list[tuple[float, float]]]) -> str:
    """The process's CPU seconds after its last child was last seen, and the wall seconds."""
    ends = [samples[child][-1][0] for child, facts in seen.items() if int(facts[0]) == pid]
    if not ends:
        return ""
    after = [(at, cpu) for at, cpu in samples[pid] if at >= max(ends)]
    if not after:
        return ", ended with its children"
    return (f", after its children: CPU {samples[pid][-1][1] - after[0][1]:.2f} s over "
            f"{samples[pid][-1][0] - after[0][0]:.2f} s")


if __name__ == "__main__":
    main()
