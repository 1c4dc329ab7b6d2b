"""Pages read so far of a file being extracted in another process, told through a small
file: the worker writes "read total" into it as pages are read (replacing it whole, so
a reader never sees half a line), and the parent polls the files of a folder. A file
needs no pipe or queue set up when the worker process starts (pebble's workers are
started before the tasks exist), works the same in this process and in a worker, and a
killed worker leaves at most a stale count.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

SUFFIX = ".pages"
# Where stderr is no terminal (a log, CI), a plain line at most this often: a file read
# faster than this prints none, a long scan one line every few pages.
PLAIN_LINE_SECONDS = 5.0
# How often the parent looks at the files and redraws its display: often enough for a
# bar to move smoothly, rarely enough to cost nothing beside pages that take a second or
# more each.
POLL_SECONDS = 0.25


def progress_file(folder: Path, stem: str) -> Path:
    return folder / f"{stem}{SUFFIX}"


def write_pages(path: Path, read: int, total: int) -> None:
    temp = path.with_name(f".{path.name}.{os.getpid()}")
    temp.write_text(f"{read} {total}\n", encoding="ascii")
    os.replace(temp, path)


def read_pages(path: Path) -> tuple[int, int] | None:
    try:
        read, total = path.read_text(encoding="ascii").split()
        return int(read), int(total)
    except (OSError, ValueError):  # not written yet, or removed
        return None


class PageWriter:
    """`api.PagesRead` for a worker: each count written to its progress file (a count
    that cannot be written is dropped: progress must never fail an extraction)."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)

    def __call__(self, read: int, total: int) -> None:
        # A full or vanished temporary folder: the bar stands still, the file is extracted.
        with contextlib.suppress(OSError):
            write_pages(self.path, read, total)


class PagePoller:
    """Reads the progress files of `folder` and calls `on_pages(stem, read, total)` for
    each count that changed since the last poll.

    No thread of its own: the CLI polls from its main thread while it waits for the
    workers (batch.run_batch's on_wait), so that those can be forked from it, which a
    thread that might hold a lock at the fork would forbid (executors.can_fork)."""

    def __init__(self, folder: Path, on_pages: Callable[[str, int, int], None]) -> None:
        self.folder = folder
        self.on_pages = on_pages
        self.seen: dict[str, tuple[int, int]] = {}

    def poll(self) -> None:
        for path in sorted(self.folder.glob(f"*{SUFFIX}")):
            count = read_pages(path)
            stem = path.name[: -len(SUFFIX)]
            if count is not None and self.seen.get(stem) != count:
                self.seen[stem] = count
                self.on_pages(stem, *count)


class PageProgress:
    """The pages of one file as they are read, on stderr: on a terminal a bar with pages
    read of all, pages per second and the time left; elsewhere a plain line at most
    every PLAIN_LINE_SECONDS ("scan.pdf: 12 of 40 pages read, 0.50 pages/s, about 56 s
    left"). A total of 0 is not known yet: pages read and the rate only. The bar is
    redrawn by refresh(), not by a thread of rich's (see PagePoller)."""

    def __init__(self, console: Console, name: str, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.console = console
        self.name = name
        self.clock = clock
        self.started = clock()
        self.last_line = self.started
        self.bar: Progress | None = None
        self.task: TaskID | None = None
        if console.is_terminal:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self.bar = Progress(
                TextColumn("{task.description}", markup=False),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("pages {task.fields[rate]}"),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=console,
                transient=True,
                auto_refresh=False,
            )
            self.task = self.bar.add_task(name, total=None, rate="")
            self.bar.start()

    def update(self, read: int, total: int) -> None:
        elapsed = self.clock() - self.started
        rate = read / elapsed if elapsed > 0 else 0.0
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, completed=read, total=total or None, rate=f"{rate:.2f}/s" if rate else "")
            return
        now = self.clock()
        if now - self.last_line < PLAIN_LINE_SECONDS or (total and read >= total):
            return
        self.last_line = now
        if not total:  # pages not known before they are read (text inputs)
            self.console.print(f"{self.name}: {read} pages read, {rate:.2f} pages/s", highlight=False, soft_wrap=True,
                               markup=False)
            return
        left = f", about {(total - read) / rate:.0f} s left" if rate > 0 else ""
        self.console.print(f"{self.name}: {read} of {total} pages read, {rate:.2f} pages/s{left}",
                           highlight=False, soft_wrap=True, markup=False)

    def refresh(self) -> None:
        """Redraw the bar (its elapsed time and time left move between counts)."""
        if self.bar is not None:
            self.bar.refresh()

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
