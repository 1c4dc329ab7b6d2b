"""Where a batch's files are extracted: in this process, a local process pool, or a Dask cluster.

Each executor maps a picklable function over tasks and yields results as they
finish, in any order. A task whose worker dies yields `failed(task, message)`
instead of stopping the batch.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from uuid import uuid4

from pebble import ProcessExpired, ProcessPool

from catalogue.errors import CatalogueError
from catalogue.scratch import run_scratch, sweep

if TYPE_CHECKING:
    from distributed import Client

T = TypeVar("T")
R = TypeVar("R")

EXECUTORS: tuple[str, ...] = ("local", "dask")
# A file still being extracted after this long is stuck (a pathological PDF, a parser
# loop): its worker is killed and the file recorded as failed. The largest sample
# catalogues take seconds; real 500-page scans with OCR take minutes.
# How long to wait for a scheduler before calling the address wrong (distributed retries meanwhile).
DASK_CONNECT_TIMEOUT = "20s"
CRASH_MESSAGE = "the worker process died while extracting this file (crash or out of memory)"
# A worker that has not answered a trivial task by then cannot start here at all.
WORKER_START_TIMEOUT = 60.0  # seconds; spawning imports the extraction libraries
# How often a worker checks that the process that started it is still there, where the
# kernel cannot be asked to kill it with its parent (not Linux).
PARENT_CHECK_INTERVAL = 1.0  # seconds
# Tasks queued per worker beyond the one it runs: enough to keep workers busy, few
# enough that an interrupted run has little to cancel.
QUEUED_PER_WORKER = 1
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCH_THREAD = "catalogue-parent-watch"
# Libraries that run thread pools of their own, in native code that threading does not
# list: a child forked once they are loaded has their state but not their threads, and
# may wait for ever on work given to the pool (onnxruntime's sessions, OpenCV's parallel
# loops). Where one is loaded (OCR read a page here before), workers are spawned.
NATIVE_POOLS = ("onnxruntime", "cv2")

Failed = Callable[[T, str], R]


TIMED_OUT = "timed out after"  # how a file whose worker was killed at its time limit fails


def timeout_message(seconds: float) -> str:
    return f"{TIMED_OUT} {seconds:g} s"


def map_serial(fn: Callable[[T], R], tasks: Sequence[T], failed: Failed[T, R]) -> Generator[R, None, None]:
    for task in tasks:
        try:
            yield fn(task)
        except Exception as error:  # fn records its own errors; this is a bug in it, kept to this file
            yield failed(task, f"{type(error).__name__}: {error}")


def map_local(
    fn: Callable[[T], R], tasks: Sequence[T], workers: int, failed: Failed[T, R], *, timeout: float = 0.0,
    on_wait: Callable[[], None] | None = None, wait_seconds: float = 0.0, preload: Callable[[], None] | None = None,
) -> Generator[R, None, None]:
    """A process pool of `workers` (pebble), results as they finish; the workers are
    forked where that is safe (start_pool's `inherit`: a caller with no thread of its
    own skips a second import of pyarrow and numpy), else spawned.

    on_wait is called in this thread at least every `wait_seconds` while the workers
    run: a caller's progress display, which as a thread of its own would keep the
    workers from being forked (can_fork). `preload`: see start_pool.

    A task that runs longer than `timeout` seconds (0: no limit) has its worker killed
    and yields failed(task, "timed out after N s"); a task whose worker dies yields
    failed(task, CRASH_MESSAGE). Either way the pool starts a new worker and the other
    tasks go on. Workers end with this process, even when it is killed (see
    _worker_start), and closing the generator (an interrupted run) stops them at once.
    """
    if on_wait is not None and wait_seconds <= 0:
        raise ValueError("on_wait needs wait_seconds > 0")
    with run_scratch() as scratch:
        pool = start_pool(workers, inherit=True, preload=preload)
        if pool is None:
            warnings.warn("worker processes cannot start here; extracting in this process instead", RuntimeWarning, stacklevel=2)
            yield from map_serial(fn, tasks, failed)
            return
        yield from _pool_results(pool, fn, tasks, workers, failed, timeout, on_wait, wait_seconds, scratch)


def _pool_results(
    pool: ProcessPool, fn: Callable[[T], R], tasks: Sequence[T], workers: int, failed: Failed[T, R], timeout: float,
    on_wait: Callable[[], None] | None, wait_seconds: float, scratch: Path | None,
) -> Generator[R, None, None]:
    try:
        pending = iter(tasks)
        running: dict[Future[R], T] = {}
        window = workers * (1 + QUEUED_PER_WORKER)
        while True:
            for task in pending:
                running[pool.schedule(fn, args=(task,), timeout=timeout or None)] = task
                if len(running) >= window:
                    break
            if not running:
                return
            done, _ = wait(running, timeout=wait_seconds if on_wait is not None else None, return_when=FIRST_COMPLETED)
            if on_wait is not None:
                on_wait()
            for future in done:
                result = _result(future, running.pop(future), failed, timeout)
                if scratch is not None and future.exception() is not None:
                    sweep(scratch)  # a worker killed at its time limit, or dead: what it left
                yield result
    finally:
        pool.stop()
        pool.join()


def start_pool(workers: int, *, inherit: bool = False, preload: Callable[[], None] | None = None) -> ProcessPool | None:
    """A pebble pool of `workers` processes that end with this one (see _worker_start);
    None, with the pool stopped, when its workers cannot start here.

    Workers are spawned: fresh interpreters that import what their tasks need (a second
    of CPU each, half of it pyarrow and numpy). With `inherit`, where forking is safe
    (can_fork), they are forked instead: they start at once with what this process has
    imported, and the CPU that a spawned worker spends importing goes to its tasks.
    pebble forks the first workers in this thread, before it starts its own threads; a
    worker that died or was killed at its time limit is replaced by a fork from pebble's
    manager thread, while pebble's other threads run, as pebble does on Linux by default:
    the new worker runs only pebble's worker loop and our tasks, none of which takes a
    lock that those threads hold. can_fork is asked once, here: a caller that starts a
    thread of its own while the pool runs would make those replacements unsafe (the
    CLI's progress display runs in its main thread, through map_local's on_wait).

    `preload` imports what every worker needs: called here before they are forked, so
    that they inherit it rather than each importing it (not when they are spawned).
    """
    fork = inherit and can_fork()
    if fork and preload is not None:
        preload()
    context = multiprocessing.get_context("fork" if fork else "spawn")
    pool = ProcessPool(max_workers=workers, context=context, initializer=_worker_start, initargs=(os.getpid(),))
    if _starts(pool):
        return pool
    pool.stop()
    pool.join()
    return None


class WorkerDied(RuntimeError):
    """A worker of map_ordered ended without an answer (a crash, or out of memory)."""


def map_ordered(pool: ProcessPool, fn: Callable[[T], R], tasks: Sequence[T], window: int) -> Generator[R, None, None]:
    """fn over tasks in the pool, the results in task order, at most `window` tasks
    scheduled or waiting to be yielded (so memory does not grow with the tasks).

    An exception of fn is raised here; a worker that dies raises WorkerDied. The pool
    is stopped at the end, also when the generator is closed early.
    """
    try:
        pending = iter(tasks)
        queue: list[Future[R]] = []
        while True:
            for task in pending:
                queue.append(pool.schedule(fn, args=(task,)))
                if len(queue) >= window:
                    break
            if not queue:
                return
            try:
                result = queue.pop(0).result()
            except (ProcessExpired, BrokenProcessPool) as error:
                raise WorkerDied(CRASH_MESSAGE) from error
            yield result
    finally:
        pool.stop()
        pool.join()


def _result(future: Future[R], task: T, failed: Failed[T, R], timeout: float) -> R:
    try:
        return future.result()
    except FutureTimeout:
        return failed(task, timeout_message(timeout))
    except (ProcessExpired, BrokenProcessPool):
        return failed(task, CRASH_MESSAGE)
    except Exception as error:
        return failed(task, f"{type(error).__name__}: {error}")


def can_fork() -> bool:
    """Whether a child forked from this process can run: the platform forks (not macOS,
    where system libraries break in a forked child), and no thread runs but the main one
    and our parent watch, which holds no lock. Any other thread (a caller's, a progress
    display's) may hold a lock at the moment of the fork, which the child would wait on
    for ever; the CLI and a batch's file worker (map_local) have none. Nor may a library
    with a native thread pool be loaded (NATIVE_POOLS)."""
    if sys.platform == "darwin" or "fork" not in multiprocessing.get_all_start_methods():
        return False
    if any(name in sys.modules for name in NATIVE_POOLS):
        return False
    return all(thread is threading.main_thread() or thread.name == WATCH_THREAD for thread in threading.enumerate())


def _starts(pool: ProcessPool) -> bool:
    """Whether the pool's workers start at all. A spawned worker re-imports __main__,
    which fails when that is not a file (`python - <<EOF`); without this check every
    file would be blamed for a crash that is the pool's."""
    try:
        pool.schedule(os.getpid, timeout=WORKER_START_TIMEOUT).result()
    except (ProcessExpired, BrokenProcessPool, FutureTimeout, RuntimeError):
        return False
    return True


def _worker_start(parent: int) -> None:
    """Initializer of every pool worker: end when the parent ends, however it ends.

    A parent killed with SIGKILL cannot stop its workers, and workers left running
    under PID 1 keep writing outputs and hold the resource tracker open. On Linux the
    kernel sends the worker SIGKILL when its parent goes (PR_SET_PDEATHSIG); elsewhere
    a thread notices that the parent changed.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent went before the request above took effect
        os._exit(1)
    # A forked worker writes to the process's own streams, as a spawned one does: the
    # parent's progress display may have put a proxy of its console in their place
    # (rich's Live draws its bar below what is written), whose copy here would draw it again.
    if sys.__stdout__ is not None and sys.__stderr__ is not None:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    threading.Thread(target=_watch_parent, args=(parent,), name=WATCH_THREAD, daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_INTERVAL)
    os._exit(1)


def connect_dask(scheduler: str) -> Client:
    """A distributed Client for a scheduler address (tcp://host:8786) or a scheduler file (JSON)."""
    try:
        from distributed import Client
    except ImportError as error:
        raise CatalogueError("the dask executor needs the dask extra: pip install 'catalogue[dask]'") from error
    try:
        if Path(scheduler).is_file():  # dask-jobqueue, dask-mpi and `dask scheduler --scheduler-file` write one
            return Client(scheduler_file=scheduler, timeout=DASK_CONNECT_TIMEOUT)
        return Client(scheduler, timeout=DASK_CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as error:
        raise CatalogueError(f"cannot connect to the Dask scheduler {scheduler}: {error}") from error


def map_dask(fn: Callable[[T], R], tasks: Sequence[T], scheduler: str, failed: Failed[T, R]) -> Generator[R, None, None]:
    """The same tasks on a Dask cluster. Workers read the inputs and write the outputs
    themselves, so both must be at the same paths on every worker (a shared filesystem)."""
    if not tasks:
        return
    from distributed import as_completed

    client = connect_dask(scheduler)
    try:
        run = uuid4().hex[:8]
        keys = [f"catalogue-extract-{run}-{i}" for i in range(len(tasks))]
        by_key = dict(zip(keys, tasks, strict=True))
        # pure=False: the same file may be re-extracted on purpose (--force);
        # retries=0: a file that kills a worker is that file's error, not retried on the next worker.
        futures = client.map(fn, list(tasks), key=keys, pure=False, retries=0)
        for future in as_completed(futures):
            task = by_key[future.key]
            if future.status == "finished":
                yield future.result()
            else:
                error = future.exception()
                message = CRASH_MESSAGE if type(error).__name__ == "KilledWorker" else f"{type(error).__name__}: {error}"
                yield failed(task, message)
            future.release()
    finally:
        client.close()
