"""Advisory locks on open files (flock): the kernel drops them when their holder ends,
however it ends, so a lock that can be taken says its last holder is gone."""

from __future__ import annotations

import errno
import fcntl


def try_lock(fd: int) -> bool:
    """Take the exclusive lock of `fd` without waiting: False when another holds it."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True
