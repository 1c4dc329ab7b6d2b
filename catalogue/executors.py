"""Where a batch's files are extracted: in this process, a local process pool, or a Dask cluster.

Each executor maps a picklable function over tasks and yields results as they
finish, in any order. A task whose worker dies yields `failed(task, message)`
instead of stopping the batch.
"""

from __future__ import annotations

import multiprocessing
import os
import warnings
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TypeVar
from uuid import uuid4

from catalogue.errors import CatalogueError

T = TypeVar("T")
R = TypeVar("R")

EXECUTORS: tuple[str, ...] = ("local", "dask")
# How long to wait for a scheduler before calling the address wrong (distributed retries meanwhile).
DASK_CONNECT_TIMEOUT = "20s"
CRASH_MESSAGE = "the worker process died while extracting this file (crash or out of memory)"

Failed = Callable[[T, str], R]


def map_serial(fn: Callable[[T], R], tasks: Sequence[T], failed: Failed[T, R]) -> Iterator[R]:
    for task in tasks:
        try:
            yield fn(task)
        except Exception as error:  # fn records its own errors; this is a bug in it, kept to this file
            yield failed(task, f"{type(error).__name__}: {error}")


def map_local(fn: Callable[[T], R], tasks: Sequence[T], workers: int, failed: Failed[T, R]) -> Iterator[R]:
    """A process pool of `workers`, at most `workers` tasks in flight.

    Keeping the window that small is what lets a crash be pinned on a file: when a
    worker dies the pool breaks and every in-flight task fails with it, so those few
    are re-run each in a pool of its own; the one that kills its pool again is the
    culprit, the others come back with their results.
    """
    context = multiprocessing.get_context("spawn")  # no fork: the parent runs a progress thread
    pending = deque(tasks)
    first = True
    while pending:
        suspects: list[T] = []
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            if first and not _starts(pool):
                warnings.warn("worker processes cannot start here; extracting in this process instead", RuntimeWarning, stacklevel=2)
                yield from map_serial(fn, list(pending), failed)
                return
            first = False
            running: dict[Future[R], T] = {}
            while pending or running:
                while pending and len(running) < workers and not suspects:
                    task = pending.popleft()
                    try:
                        running[pool.submit(fn, task)] = task
                    except BrokenProcessPool:  # it broke before any result said so
                        pending.appendleft(task)
                        suspects.extend(running.values())
                        running.clear()
                        break
                if not running:
                    break
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    task = running.pop(future)
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        suspects.append(task)
                    except Exception as error:
                        yield failed(task, f"{type(error).__name__}: {error}")
        yield from _isolate(fn, suspects, context, failed)


def _starts(pool: ProcessPoolExecutor) -> bool:
    """Whether the pool's workers start at all. A spawned worker re-imports __main__,
    which fails when that is not a file (`python - <<EOF`); without this check every
    file would be blamed for a crash that is the pool's."""
    try:
        pool.submit(os.getpid).result()
    except BrokenProcessPool:
        return False
    return True


def _isolate(fn: Callable[[T], R], suspects: list[T], context: multiprocessing.context.BaseContext, failed: Failed[T, R]) -> Iterator[R]:
    pools = [ProcessPoolExecutor(max_workers=1, mp_context=context) for _ in suspects]
    try:
        futures = [(pool.submit(fn, task), task) for pool, task in zip(pools, suspects, strict=True)]
        for future, task in futures:
            try:
                yield future.result()
            except BrokenProcessPool:
                yield failed(task, CRASH_MESSAGE)
            except Exception as error:
                yield failed(task, f"{type(error).__name__}: {error}")
    finally:
        for pool in pools:
            pool.shutdown(wait=True)


def connect_dask(scheduler: str):  # type: ignore[no-untyped-def]
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


def map_dask(fn: Callable[[T], R], tasks: Sequence[T], scheduler: str, failed: Failed[T, R]) -> Iterator[R]:
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
