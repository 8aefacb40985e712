"""Attachments: files named by their SHA-256, uploaded in resumable, idempotent chunks.

    <data_dir>/attachments/partial/<sha256>     bytes received so far (the upload offset)
    <data_dir>/attachments/ab/cdef...           a verified file, renamed into place whole
    <data_dir>/attachments/locks/ab.lock        flock'd while a chunk of a file "ab..." is written

A file may be uploaded or read only through a record that references it (the record syncs
first) in a scope the person can see, and only through a reference that *grants*: one
written by someone who could read the file then, or the first reference of the digest
anywhere (its author brought the file). Listing a digest learnt elsewhere in one's own
record claims nothing, and neither does uploading bytes that are already there (that
upload is refused like a read): a digest is not a password. Chunks must start at the
received offset; the last chunk triggers verification of the digest; a mismatch discards
the upload.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import os
import re
import time
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

import msgspec

from server.access import Principal
from server.errors import ApiError
from sync import scopes, store
from sync.merge import RecordState

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
SHA256 = re.compile(r"^[0-9a-f]{64}$")
RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")
LOCK_WAIT_SECONDS = 30.0


class UploadState(msgspec.Struct):
    sha256: str
    offset: int
    complete: bool


def referenced(records: Iterable[RecordState]) -> set[tuple[str, str]]:
    """(sha256, scope) for every attachment a record refers to (files, signatures)."""
    pairs: set[tuple[str, str]] = set()
    for record in records:
        found: list[str] = []
        for value in record.fields.values():
            if value is not None and not isinstance(value, bool | int | float):
                _collect(value, found)
        pairs.update((sha, record.scope) for sha in found)
    return pairs


def new_refs(
    pairs: set[tuple[str, str]], held: Iterable[store.Ref], readable: set[str]
) -> list[store.Ref]:
    """The references to keep for `pairs` just written by someone who can read the digests
    in `readable`, given the references `held` already: a pair already granting needs
    nothing; otherwise it grants when its writer could read the file, or when nobody had
    referenced the digest before."""
    by_sha: dict[str, list[store.Ref]] = {}
    for ref in held:
        by_sha.setdefault(ref.sha256, []).append(ref)
    kept: list[store.Ref] = []
    for sha, scope in sorted(pairs):
        before = by_sha.get(sha, [])
        grants = sha in readable or not before
        same = [r for r in before if r.scope == scope]
        if same and (same[0].grants or not grants):
            continue
        kept.append(store.Ref(sha, scope, grants))
    return kept


async def register(conn: store.Conn, principal: Principal, records: Iterable[RecordState]) -> None:
    """Keep the references of records the principal just wrote (see `new_refs`)."""
    pairs = referenced(records)
    if not pairs:
        return
    held = await store.refs(conn, {sha for sha, _ in pairs})
    granting = {(r.sha256, r.scope) for r in held if r.grants}
    undecided = {sha for sha, scope in pairs - granting} & {r.sha256 for r in held}
    readable = {sha for sha in sorted(undecided) if await _can_read(principal, held, sha, conn)}
    await store.add_refs(conn, new_refs(pairs, held, readable), principal.user_id)


async def _can_read(
    principal: Principal, held: Iterable[store.Ref], sha: str, conn: store.Conn | None = None
) -> bool:
    for ref in held:
        if ref.sha256 == sha and ref.grants and await scopes.relations(principal, ref.scope, conn):
            return True
    return False


def _collect(value: object, found: list[str]) -> None:
    """Every text in `value` (nested lists and dict values too) that is a digest."""
    if isinstance(value, str):
        # the length first: SHA256.match costs more than len(), and "$" allows a final \n
        if 64 <= len(value) <= 65 and SHA256.match(value):
            found.append(value)
    elif isinstance(value, list):
        for item in value:
            _collect(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            _collect(item, found)


class Files:
    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir / "attachments"

    def final(self, sha: str) -> Path:
        return self.root / sha[:2] / sha[2:]

    def partial(self, sha: str) -> Path:
        return self.root / "partial" / sha

    def state(self, sha: str) -> UploadState:
        if self.final(sha).exists():
            return UploadState(sha, self.final(sha).stat().st_size, True)
        part = self.partial(sha)
        return UploadState(sha, part.stat().st_size if part.exists() else 0, False)


async def authorise(principal: Principal, sha: str) -> None:
    if not SHA256.match(sha):
        raise ApiError(400, "invalid_digest", "Name the attachment by its lowercase SHA-256.")
    if await _can_read(principal, await store.refs(store.default(), [sha]), sha):
        return
    raise ApiError(404, "attachment_not_found",
                   "No record you can see references this attachment; sync the record first.")


def parse_range(header: str | None) -> tuple[int, int, int]:
    match = RANGE.match(header or "")
    if not match:
        raise ApiError(400, "content_range_required",
                       "Send Content-Range: bytes START-END/TOTAL with each chunk.")
    start, end, total = (int(g) for g in match.groups())
    if end < start or end >= total:
        raise ApiError(400, "invalid_content_range", "Content-Range is out of order.")
    if total > MAX_ATTACHMENT_BYTES:
        raise ApiError(413, "attachment_too_large",
                       f"Attachments are limited to {MAX_ATTACHMENT_BYTES} bytes.")
    return start, end, total


async def upload(
    principal: Principal, files: Files, sha: str, content_range: str | None,
    chunks: AsyncIterator[bytes], now: datetime,
) -> UploadState:
    await authorise(principal, sha)
    start, end, total = parse_range(content_range)
    body = await _receive(chunks, end - start + 1)  # before the lock: a slow phone holds nothing
    async with _exclusive(files, sha):
        state = files.state(sha)
        if state.complete:
            return state
        if start != state.offset:
            raise ApiError(409, "offset_mismatch", f"Resume at byte {state.offset}.",
                           headers={"Upload-Offset": str(state.offset)})
        _append(files.partial(sha), body)
        if end + 1 < total:
            return files.state(sha)
        _verify_and_place(files, sha)
    await _record(sha, total, principal.user_id, now)
    return files.state(sha)


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
                    raise ApiError(503, "upload_busy", "Another upload of this file is still "
                                   "being written; try again shortly.",
                                   headers={"Retry-After": "5"}) from None
                await asyncio.sleep(0.02)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


async def _receive(chunks: AsyncIterator[bytes], expected: int) -> bytes:
    received = bytearray()
    async for chunk in chunks:
        received += chunk
        if len(received) > expected:
            raise ApiError(400, "chunk_size_mismatch", "The body is longer than its range.")
    if len(received) != expected:
        raise ApiError(400, "chunk_size_mismatch", "The body is shorter than its range.")
    return bytes(received)


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
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != sha:
        part.unlink()
        raise ApiError(422, "digest_mismatch",
                       "The bytes received do not match the SHA-256; upload again from 0.")
    target = files.final(sha)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(part, target)
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


async def _record(sha: str, size: int, user_id: int, now: datetime) -> None:
    from sync.models import Attachment

    await Attachment.get_or_create(
        sha256=sha,
        defaults={"size": size, "received": size, "complete": True, "created_by": user_id,
                  "created_at": now},
    )
