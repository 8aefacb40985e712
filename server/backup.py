"""Backups of the embedded SQLite installation: one archive with everything a restore needs.

    manifest.json            format, creation time, and the SHA-256 and size of every file
    database.sqlite3         an online copy made with SQLite's backup API
    data/<path>              the other files of the data directory: attachments, VAPID keys

The database is copied first, then the files: attachments are immutable once in place and
written before the record that names them, so every attachment the copied database
references is in the archive. Partial uploads, the lock file and earlier restores' leftovers
are not. `unpack` checks all of it (paths, hashes, sizes, nothing extra, SQLite's
integrity_check) in a staging directory before anything is replaced.
"""

from __future__ import annotations

import hashlib
import io
import os
import sqlite3
import tarfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import msgspec

from server.backup_lock import LOCK_NAME

FORMAT = 1
DATABASE = "database.sqlite3"
MANIFEST = "manifest.json"
SKIPPED_DIRS = ("attachments/partial", "attachments/locks", "backups")
SKIPPED_PREFIXES = (".restore-", "pre-restore-")
SQLITE_SIDECARS = ("-wal", "-shm", "-journal")


class Entry(msgspec.Struct):
    path: str
    sha256: str
    size: int


class Manifest(msgspec.Struct):
    format: int
    created_at: str
    database: Entry
    files: list[Entry]


class BackupError(ValueError):
    """The archive cannot be made or trusted; the message says why."""


class _Hashing(io.RawIOBase):
    def __init__(self, inner: BinaryIO) -> None:
        self.inner = inner
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.inner.read(size)
        self.digest.update(chunk)
        return chunk


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def snapshot(database: Path, target: Path) -> None:
    """Copy a live SQLite database with the backup API (one step: a consistent read that,
    in WAL mode, never blocks the server's writers), then check the copy."""
    source = sqlite3.connect(database, timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    check_database(target)


def check_database(path: Path) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"the database in the archive is unreadable: {exc}") from exc
    finally:
        conn.close()
    if verdict != "ok":
        raise BackupError(f"the database in the archive fails integrity_check: {verdict}")
    if "tortoise_migrations" not in tables:
        raise BackupError("the database in the archive is not a Carefolio database")


def data_files(data_dir: Path, database: Path) -> Iterator[tuple[str, Path]]:
    """(relative path, file) for what the archive keeps besides the database."""
    skip = {database.resolve(), *(Path(f"{database.resolve()}{s}") for s in SQLITE_SIDECARS)}
    for path in sorted(data_dir.rglob("*")):
        relative = path.relative_to(data_dir).as_posix()
        top = relative.split("/", 1)[0]
        if (not path.is_file() or path.is_symlink() or path.resolve() in skip
                or relative == LOCK_NAME or top.startswith(SKIPPED_PREFIXES)
                or any(relative.startswith(d + "/") for d in SKIPPED_DIRS)):
            continue
        yield relative, path


def _add(tar: tarfile.TarFile, name: str, path: Path) -> Entry:
    info = tar.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as handle:
        reader = _Hashing(handle)
        tar.addfile(info, reader)
    return Entry(name, reader.digest.hexdigest(), info.size)


def write_archive(target: Path, snapshot_file: Path, data_dir: Path, database: Path,
                  now: datetime) -> Manifest:
    """Write the archive to `target` (via a temporary name, renamed when complete)."""
    partial = target.with_name(target.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # personal data
    with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz",
                                                   compresslevel=3) as tar:
        db_entry = _add(tar, DATABASE, snapshot_file)
        files = [_add(tar, f"data/{rel}", path) for rel, path in data_files(data_dir, database)]
        manifest = Manifest(FORMAT, now.isoformat(), db_entry, files)
        body = msgspec.json.format(msgspec.json.encode(manifest))
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(body), int(now.timestamp()), 0o600
        tar.addfile(info, io.BytesIO(body))
    os.replace(partial, target)
    return manifest


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (not path.is_absolute() and ".." not in path.parts
            and (name in (DATABASE, MANIFEST) or path.parts[0] == "data"))


def unpack(archive: Path, staging: Path) -> Manifest:
    """Extract into `staging` and verify everything; raise BackupError on any doubt."""
    try:
        with tarfile.open(archive, "r:*") as tar:
            members = tar.getmembers()
            for member in members:
                if not (member.isfile() or member.isdir()) or not _safe_name(member.name):
                    raise BackupError(f"unsafe or unexpected entry in the archive: {member.name}")
            tar.extractall(staging, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"cannot read the archive: {exc}") from exc
    try:
        manifest = msgspec.json.decode((staging / MANIFEST).read_bytes(), type=Manifest)
    except (OSError, msgspec.DecodeError) as exc:
        raise BackupError(f"the archive has no valid manifest: {exc}") from exc
    if manifest.format != FORMAT:
        raise BackupError(f"archive format {manifest.format} is not supported")
    _verify(staging, manifest)
    check_database(staging / DATABASE)
    return manifest


def _verify(staging: Path, manifest: Manifest) -> None:
    expected = {e.path: e for e in [manifest.database, *manifest.files]}
    found = {p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file()}
    extra = found - set(expected) - {MANIFEST}
    if extra:
        raise BackupError(f"files not in the manifest: {sorted(extra)[:5]}")
    for name, entry in expected.items():
        path = staging / name
        if not path.is_file():
            raise BackupError(f"missing from the archive: {name}")
        if path.stat().st_size != entry.size or sha256_of(path) != entry.sha256:
            raise BackupError(f"damaged in the archive (SHA-256 differs): {name}")
