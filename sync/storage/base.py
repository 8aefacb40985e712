"""The storage interface of attachments, and the rules every backend shares.

A backend keeps two kinds of thing per digest: the bytes of an upload in progress (chunks
received so far, their sum the upload offset) and the verified file. A file becomes visible
only whole and only after its SHA-256 was checked; it never changes afterwards. The upload
state lives where every process sees it (the shared directory, or the bucket), never in one
process's memory, so a chunk sent to one process can be continued through another.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Protocol

import msgspec

from base.errors import Conflict, Invalid

ABANDONED_AFTER_HOURS = 48  # an upload with no chunk for this long is removed (maintenance)


class UploadState(msgspec.Struct):
    sha256: str
    offset: int
    complete: bool


class Storage(Protocol):
    name: str  # "local" or "s3"

    async def state(self, sha: str) -> UploadState:
        """How much of the file has arrived, and whether it is in place."""
        ...

    async def write_chunk(self, sha: str, start: int, total: int, body: bytes) -> UploadState:
        """Append `body` at `start` (which must be the offset: else `offset_mismatch`); when it
        ends at `total`, verify the digest and put the file in place (else `digest_mismatch`,
        and the upload starts again from 0)."""
        ...

    async def size(self, sha: str) -> int | None:
        """The size of the verified file, or None when it is not in place."""
        ...

    def read(self, sha: str, start: int, end: int) -> AsyncIterator[bytes]:
        """Bytes `start`..`end` (inclusive) of the verified file, in blocks."""
        ...

    async def place(self, sha: str, data: bytes) -> bool:
        """Put a whole file in place (its digest checked first); False if it already was."""
        ...

    async def local_copy(self, sha: str, scratch: Path) -> Path:
        """A file on this machine with the verified bytes (the file itself, or a copy made
        in `scratch`), for code that needs a path (the export's ZIP)."""
        ...

    async def delete(self, sha: str) -> None:
        """Remove the file and any unfinished upload of it (retention); nothing if absent."""
        ...

    async def sweep(self, before: datetime) -> int:
        """Remove uploads whose last chunk arrived before `before`; how many were removed."""
        ...

    async def close(self) -> None: ...


def offset_mismatch(offset: int) -> Conflict:
    return Conflict("offset_mismatch", f"Resume at byte {offset}.", detail={"offset": offset})


def digest_mismatch() -> Invalid:
    return Invalid("digest_mismatch",
                    "The bytes received do not match the SHA-256; upload again from 0.")


def check_digest(sha: str, data: bytes) -> None:
    if hashlib.sha256(data).hexdigest() != sha:
        raise digest_mismatch()


async def read_all(storage: Storage, sha: str) -> bytes | None:
    """The whole verified file, or None (for the export's ZIP: files of 25 MB at most)."""
    size = await storage.size(sha)
    if size is None:
        return None
    if size == 0:
        return b""
    return b"".join([block async for block in storage.read(sha, 0, size - 1)])


async def read_head(storage: Storage, sha: str, count: int) -> bytes | None:
    """The first `count` bytes of the verified file (to tell its type), or None."""
    size = await storage.size(sha)
    if size is None:
        return None
    if size == 0:
        return b""
    return b"".join([block async for block in storage.read(sha, 0, min(count, size) - 1)])
