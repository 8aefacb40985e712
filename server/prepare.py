"""What runs once before any server process starts: a check that the data directory takes
writes, migrations, then the preparation hooks (bundled standards, demo data, the
first-administrator link). Each hook is idempotent.

A start that cannot work (a read-only or full data directory, a database that refuses to
be written) stops here with one line saying why and a non-zero status, never a traceback
or a process that stays up without listening."""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path

from tortoise.exceptions import BaseORMException

from server import db, demo, setup_link, storage_settings
from server.push import vapid
from server.settings import Settings
from standards import library

# `async def hook(settings: Settings) -> None`, run in this order with the database open.
PREPARE_HOOKS: list[Callable[[Settings], Awaitable[object]]] = [
    storage_settings.check_storage,
    library.ensure_bundled_standards,
    vapid.ensure_keys,
    demo.load_demo_if_asked,
    setup_link.announce_setup_link,
]
PROBE_NAME = ".carefolio-write-check"
PROBE_BYTES = 1 << 20  # room for migrations and the first writes


class StartRefused(ValueError):
    """A reason, in one line, why the server cannot start."""


def why_unwritable(directory: Path, exc: OSError) -> str:
    if exc.errno == errno.EROFS:
        return f"the data directory {directory} is on a read-only file system"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"the data directory {directory} is full (no space left on the device)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"this user may not write to the data directory {directory}"
    return f"cannot write to the data directory {directory}: {exc.strerror or exc}"


def check_writable(directory: Path, probe_bytes: int = PROBE_BYTES) -> None:
    """Create the directory and write (and remove) a probe file, or refuse the start."""
    probe = directory / PROBE_NAME
    try:
        directory.mkdir(parents=True, exist_ok=True)
        try:
            with probe.open("wb") as handle:
                handle.write(b"\0" * probe_bytes)
                handle.flush()
                os.fsync(handle.fileno())
        finally:
            probe.unlink(missing_ok=True)
    except OSError as exc:
        raise StartRefused(f"cannot start: {why_unwritable(directory, exc)}") from exc


def why_database_failed(settings: Settings, exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if "disk is full" in text or "No space left" in text:
        return f"the database in {settings.data_dir} cannot grow: the disk is full"
    if "readonly" in text or "read-only" in text:
        return f"the database {settings.resolved_database_url} is read-only"
    if isinstance(exc, OSError):
        return why_unwritable(settings.data_dir, exc)
    return f"the database could not be prepared: {text}"


def check_sqlite_writable(settings: Settings, url: str) -> None:
    """Open the SQLite file and take its write lock once, directly: through Tortoise, a
    database that refuses writes (read-only file system) makes the migration wait forever
    on the client's lock instead of failing."""
    path = Path(url.removeprefix("sqlite://"))
    if path.parent.resolve() != settings.data_dir.resolve():
        check_writable(path.parent, probe_bytes=4096)  # its -wal and -shm files go there
    try:
        connection = sqlite3.connect(path, timeout=5)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise StartRefused(f"cannot start: {why_database_failed(settings, exc)}") from exc


async def prepare(settings: Settings) -> None:
    check_writable(settings.data_dir)
    url = settings.resolved_database_url
    if not db.is_postgres(url) and ":memory:" not in url:
        check_sqlite_writable(settings, url)
    try:
        await db.migrate(url)
        await db.connect(url)
        try:
            for hook in PREPARE_HOOKS:
                await hook(settings)
        finally:
            await db.disconnect()
    except (OSError, sqlite3.Error, BaseORMException) as exc:
        raise StartRefused(f"cannot start: {why_database_failed(settings, exc)}") from exc
