"""`carefolio backup`, `carefolio restore` and `carefolio after-restore`.

Restore, in order, replacing nothing until the last step:
  1. take the data directory's lock exclusively (a running server holds it shared): refuse
     unless `--force`;
  2. unpack and verify the archive in `<data_dir>/.restore-<stamp>/` (server/backup.py);
  3. migrate the staged database and run AFTER_RESTORE_HOOKS on it (a new sync epoch: every
     device that synced past the backup is told to reset and pushes its work again);
  4. move the current database and files to `<data_dir>/pre-restore-<stamp>/` (kept, never
     deleted) and the staged ones into place.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path

from base.clock import system_clock
from server import backup, backup_lock, db
from server.cli.flags import add_setting_flags, settings_from_args
from server.settings import Settings
from sync import statistics

# `async def hook() -> None`, run with the restored database open (before it goes live).
DB_SETTINGS = ("data_dir", "database_url")
POSTGRES_HINT = ("with PostgreSQL, back up with pg_dump and the data directory's files, and "
                 "after pg_restore run `carefolio after-restore` (docs/operations.md)")


async def renew_sync_epoch() -> None:
    """Cursors handed out before the restore point must get a reset, not wrong answers."""
    from sync import store

    await store.new_epoch(store.default())


AFTER_RESTORE_HOOKS: list[Callable[[], Awaitable[None]]] = [
    renew_sync_epoch, statistics.analyze_all,
]


def sqlite_path(settings: Settings) -> Path:
    url = settings.resolved_database_url
    if db.is_postgres(url):
        raise ValueError(f"backup and restore here cover SQLite; {POSTGRES_HINT}")
    path = url.removeprefix("sqlite://")
    if not path or path == ":memory:":
        raise ValueError("the database is in memory: nothing to back up")
    return Path(path)


def _stamp(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%SZ")


def names_a_directory(output: str) -> bool:
    """`--output` names a folder when it is one, ends in a slash, or has no .tar/.tgz suffix
    (`/var/backups/carefolio`); `.../nightly.tar.gz` names the archive itself."""
    path = Path(output)
    archive = {".tar", ".tgz"} & set(path.suffixes)
    return output.endswith(("/", "\\")) or path.is_dir() or not archive


def archive_path(output: str, now: datetime) -> Path:
    """Where the archive goes; a folder named but missing is created."""
    target = Path(output)
    if names_a_directory(output):
        if target.exists() and not target.is_dir():
            raise ValueError(f"{output} is a file, not a folder; name a folder or a .tar.gz")
        target.mkdir(parents=True, exist_ok=True)
        return target / f"carefolio-backup-{_stamp(now)}.tar.gz"
    if not target.parent.is_dir():
        raise ValueError(f"the folder {target.parent} does not exist; create it first")
    return target


def run_backup(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    database = sqlite_path(settings)
    if not database.exists():
        raise ValueError(f"no database at {database}")
    now = system_clock()
    target = archive_path(str(args.output), now)
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        copy = Path(work) / backup.DATABASE
        backup.snapshot(database, copy)
        manifest = backup.write_archive(target, copy, settings.data_dir, database, now)
    size = sum(e.size for e in [manifest.database, *manifest.files])
    print(f"backup written: {target} (database and {len(manifest.files)} files, "
          f"{size / 1e6:.1f} MB before compression)", file=sys.stderr)
    if settings.s3_bucket:
        print(f"the attachments are in the bucket {settings.s3_bucket!r}, not in this archive: "
              "copy the bucket now (docs/operations.md, attachments in object storage)",
              file=sys.stderr)
    print(target)
    return 0


async def _prepare_staged(database: Path) -> None:
    url = f"sqlite://{database.resolve()}"
    await db.migrate(url)
    await db.connect(url)
    try:
        for hook in AFTER_RESTORE_HOOKS:
            await hook()
    finally:
        await db.disconnect()


def _move_aside(data_dir: Path, database: Path, aside: Path) -> None:
    aside.mkdir(parents=True)
    for suffix in ("", *backup.SQLITE_SIDECARS):
        current = Path(f"{database}{suffix}")
        if current.exists():
            shutil.move(current, aside / f"{database.name}{suffix}")
    for relative, path in list(backup.data_files(data_dir, database)):
        destination = aside / "data" / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        path.replace(destination)


def _move_in(staging: Path, data_dir: Path, database: Path, manifest: backup.Manifest) -> None:
    for entry in manifest.files:
        destination = data_dir / entry.path.removeprefix("data/")
        destination.parent.mkdir(parents=True, exist_ok=True)
        (staging / entry.path).replace(destination)
    database.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(staging / backup.DATABASE, database)


def restore(settings: Settings, archive: Path, force: bool, now: datetime) -> Path:
    """Restore `archive` over the installation; return where the previous data was kept."""
    database = sqlite_path(settings)
    data_dir = settings.data_dir
    lock = backup_lock.take(data_dir, exclusive=True)
    if lock is None and not force:
        raise ValueError(
            f"a Carefolio server is running on {data_dir} (it holds {backup_lock.LOCK_NAME}). "
            "Stop it first (for example `systemctl stop carefolio`), then restore; "
            "--force restores anyway.")
    staging = data_dir / f".restore-{_stamp(now)}"
    try:
        manifest = backup.unpack(archive, staging)
        asyncio.run(_prepare_staged(staging / backup.DATABASE))
        aside = data_dir / f"pre-restore-{_stamp(now)}"
        _move_aside(data_dir, database, aside)
        _move_in(staging, data_dir, database, manifest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if lock is not None:
            backup_lock.release(lock)
    return aside


def run_restore(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    aside = restore(settings, Path(args.archive), args.force, system_clock())
    print(f"restored from {args.archive}; the data it replaced is kept in {aside}. "
          "Devices that synced after the backup will reset and send their work again.",
          file=sys.stderr)
    return 0


async def run_after_restore(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    await db.connect(settings.resolved_database_url)
    try:
        for hook in AFTER_RESTORE_HOOKS:
            await hook()
    finally:
        await db.disconnect()
    print("after-restore hooks ran: devices will reset and send their work again",
          file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    take = subparsers.add_parser(
        "backup", help="Write one archive of the SQLite database and the data directory's "
        "files, online (the server may keep running).")
    take.add_argument("--output", default=".",
                      help="a directory for a time-stamped archive, created if missing "
                      "(default: .), or an archive file name ending in .tar.gz")
    add_setting_flags(take, DB_SETTINGS)
    take.set_defaults(run=run_backup)

    back = subparsers.add_parser(
        "restore", help="Verify an archive, then replace the database and files with it "
        "(the server must be stopped).")
    back.add_argument("archive")
    back.add_argument("--force", action="store_true",
                      help="restore even though a server seems to hold the data directory")
    add_setting_flags(back, DB_SETTINGS)
    back.set_defaults(run=run_restore)

    after = subparsers.add_parser(
        "after-restore", help="Run the after-restore steps on the configured database "
        "(new sync epoch); for PostgreSQL after pg_restore.")
    add_setting_flags(after, DB_SETTINGS)
    after.set_defaults(run=run_after_restore)
