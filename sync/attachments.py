"""Attachments: files named by their SHA-256, uploaded in resumable, idempotent chunks.
Where the bytes live (the data directory or a bucket) is sync/storage/.

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

import re
from collections.abc import AsyncIterator, Iterable
from datetime import datetime

from base.errors import Malformed, NotFound, TooLarge
from base.principal import Principal
from sync import scopes, store
from sync.merge import RecordState
from sync.storage.base import Storage, UploadState

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
SHA256 = re.compile(r"^[0-9a-f]{64}$")
RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")


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


async def authorise(principal: Principal, sha: str) -> None:
    if not SHA256.match(sha):
        raise Malformed("invalid_digest", "Name the attachment by its lowercase SHA-256.")
    if await _can_read(principal, await store.refs(store.default(), [sha]), sha):
        return
    raise NotFound("attachment_not_found",
                   "No record you can see references this attachment; sync the record first.")


def parse_range(header: str | None) -> tuple[int, int, int]:
    match = RANGE.match(header or "")
    if not match:
        raise Malformed("content_range_required",
                       "Send Content-Range: bytes START-END/TOTAL with each chunk.")
    start, end, total = (int(g) for g in match.groups())
    if end < start or end >= total:
        raise Malformed("invalid_content_range", "Content-Range is out of order.")
    if total > MAX_ATTACHMENT_BYTES:
        raise TooLarge("attachment_too_large",
                       f"Attachments are limited to {MAX_ATTACHMENT_BYTES} bytes.")
    return start, end, total


async def upload(
    principal: Principal, files: Storage, sha: str, content_range: str | None,
    chunks: AsyncIterator[bytes], now: datetime,
) -> UploadState:
    await authorise(principal, sha)
    start, end, total = parse_range(content_range)
    body = await _receive(chunks, end - start + 1)  # before writing: a slow phone holds nothing
    state = await files.write_chunk(sha, start, total, body)
    if state.complete:
        await _record(sha, state.offset, principal.user_id, now)
    return state


async def _receive(chunks: AsyncIterator[bytes], expected: int) -> bytes:
    received = bytearray()
    async for chunk in chunks:
        received += chunk
        if len(received) > expected:
            raise Malformed("chunk_size_mismatch", "The body is longer than its range.")
    if len(received) != expected:
        raise Malformed("chunk_size_mismatch", "The body is shorter than its range.")
    return bytes(received)


async def _record(sha: str, size: int, user_id: int, now: datetime) -> None:
    from sync.models import Attachment

    await Attachment.get_or_create(
        sha256=sha,
        defaults={"size": size, "received": size, "complete": True, "created_by": user_id,
                  "created_at": now},
    )
