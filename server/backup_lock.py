"""A running server holds a shared lock on `<data_dir>/.carefolio.lock`; `carefolio restore`
takes it exclusively, so it can tell that a server is still using the data directory.

`flock` locks belong to the open file and vanish with the process (even on SIGKILL), so a
crashed server never leaves a stale lock behind. Several processes sharing one data
directory (PostgreSQL deployments, a shared volume) all hold the shared lock together.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

LOCK_NAME = ".carefolio.lock"


def lock_path(data_dir: Path) -> Path:
    return data_dir / LOCK_NAME


def _open(data_dir: Path) -> int:
    data_dir.mkdir(parents=True, exist_ok=True)
    return os.open(lock_path(data_dir), os.O_RDWR | os.O_CREAT, 0o600)


def take(data_dir: Path, exclusive: bool) -> int | None:
    """The descriptor holding the lock, or None if another process holds it the other way."""
    fd = _open(data_dir)
    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def release(fd: int) -> None:
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


async def hold_data_dir(data_dir: Path) -> Callable[[], Awaitable[None]] | None:
    """Start-up hook: hold the shared lock while this process serves."""
    fd = take(data_dir, exclusive=False)
    if fd is None:
        raise RuntimeError("a restore is running on this data directory; start again after it")

    async def let_go() -> None:
        release(fd)

    return let_go
