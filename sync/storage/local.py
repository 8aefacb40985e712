"""The local backend: attachments in the data directory (the default; one machine, or one
directory shared by every process).

    <data_dir>/attachments/partial/<sha256>     bytes received so far (the upload offset)
    <data_dir>/attachments/ab/cdef...           a verified file, renamed into place whole
    <data_dir>/attachments/locks/ab.lock        flock'd while a chunk of a file "ab..." is written

docs/decisions/0001-shared-data-directory.md says why this works across processes.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

import anyio.to_thread

from base.errors import Busy
from sync.storage.base import UploadState, check_digest, digest_mismatch, offset_mismatch

LOCK_WAIT_SECONDS = 30.0
BLOCK = 1 << 20


class Files:
    name = "local"

    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir / "attachments"

    def final(self, sha: str) -> Path:
        return self.root / sha[:2] / sha[2:]

    def partial(self, sha: str) -> Path:
        return self.root / "partial" / sha

    def current(self, sha: str) -> UploadState:
        if self.final(sha).exists():
            return UploadState(sha, self.final(sha).stat().st_size, True)
        part = self.partial(sha)
        return UploadState(sha, part.stat().st_size if part.exists() else 0, False)

    async def state(self, sha: str) -> UploadState:
        return self.current(sha)

    async def write_chunk(self, sha: str, start: int, total: int, body: bytes) -> UploadState:
        async with _exclusive(self, sha):
            state = self.current(sha)
            if state.complete:
                return state
            if start != state.offset:
                raise offset_mismatch(state.offset)
            _append(self.partial(sha), body)
            if start + len(body) < total:
                return self.current(sha)
            _verify_and_place(self, sha)
        return self.current(sha)

    async def size(self, sha: str) -> int | None:
        path = self.final(sha)
        return path.stat().st_size if path.exists() else None

    async def read(self, sha: str, start: int, end: int) -> AsyncIterator[bytes]:
        fd = os.open(self.final(sha), os.O_RDONLY)
        try:
            at = start
            while at <= end:
                block = await anyio.to_thread.run_sync(os.pread, fd, min(BLOCK, end - at + 1), at)
                if not block:
                    return
                at += len(block)
                yield block
        finally:
            os.close(fd)

    async def place(self, sha: str, data: bytes) -> bool:
        check_digest(sha, data)
        if self.final(sha).exists():
            return False
        async with _exclusive(self, sha):
            part = self.partial(sha)
            part.unlink(missing_ok=True)
            _append(part, data)
            _verify_and_place(self, sha)
        return True

    async def local_copy(self, sha: str, scratch: Path) -> Path:
        return self.final(sha)

    async def delete(self, sha: str) -> None:
        for path in (self.final(sha), self.partial(sha)):
            path.unlink(missing_ok=True)

    async def sweep(self, before: datetime) -> int:
        removed = 0
        folder = self.root / "partial"
        for part in folder.iterdir() if folder.is_dir() else ():
            async with _exclusive(self, part.name):
                if part.exists() and part.stat().st_mtime < before.timestamp():
                    part.unlink()
                    removed += 1
        return removed

    async def close(self) -> None:
        return None


@asynccontextmanager
async def _exclusive(files: Files, sha: str) -> AsyncIterator[None]:
    """One upload step of a file at a time, across every process that shares the
    attachments directory: `flock` on one of 256 fixed lock files (by the digest's first
    byte, so nothing accumulates), tried without blocking the event loop. Two requests in
    one process conflict too (each opens its own descriptor)."""
    path = files.root / "locks" / f"{sha[:2]}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise Busy("upload_busy", "Another upload of this file is still "
                               "being written; try again shortly.", retry_after=5) from None
                await asyncio.sleep(0.02)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _append(path: Path, body: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("ab") as handle:
        handle.write(body)
        handle.flush()
        os.fsync(handle.fileno())


def _verify_and_place(files: Files, sha: str) -> None:
    part = files.partial(sha)
    digest = hashlib.sha256()
    with part.open("rb") as handle:
        for block in iter(lambda: handle.read(BLOCK), b""):
            digest.update(block)
    if digest.hexdigest() != sha:
        part.unlink()
        raise digest_mismatch()
    target = files.final(sha)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(part, target)
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
