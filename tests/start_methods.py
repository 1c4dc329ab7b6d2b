"""For the scripts that tests run in a fresh interpreter (threads that earlier tests
leave in the test process rightly keep workers from being forked there): the start
method of each worker pool catalogue.executors makes, and someone else's thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import catalogue.executors as executors


def record_start_methods() -> list[str]:
    """A list to which every pool made from now on adds its start method ("fork" or "spawn")."""
    methods: list[str] = []
    real_pool = executors.ProcessPool

    def pool(*args: Any, context: Any, **kwargs: Any) -> Any:
        methods.append(context.get_start_method())
        return real_pool(*args, context=context, **kwargs)

    executors.ProcessPool = pool  # type: ignore[misc]
    return methods


@contextmanager
def someone_elses_thread() -> Iterator[None]:
    """A thread that is not ours runs meanwhile: it might hold a lock at a fork."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, name="someone-elses")
    other.start()
    try:
        yield
    finally:
        stop.set()
        other.join()
