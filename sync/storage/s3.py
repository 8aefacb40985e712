"""The S3 backend: attachments in an S3-compatible bucket (AWS S3, MinIO, and the like), so
app processes on several machines share nothing but PostgreSQL and the bucket.

    <prefix>attachments/ab/cdef...        a verified file, written whole after its check
    <prefix>uploads/<sha256>/<start>      one staged chunk (start zero-padded to 12 digits)

The upload state is the chain of staged chunks from byte 0: the offset is where the chain
ends. A chunk is written with `If-None-Match: *` on the key named by its start, so of two
writers at one offset (in one process or on two machines) exactly one wins and the other
gets `409 offset_mismatch`: the bucket's conditional write is the lock that `flock` is on
the local backend, and a process killed mid-chunk leaves either the whole chunk or none.
The chunk that reaches the end is followed by the check of the digest over the chain and
one write of the file; only then is it visible. A writer killed between the last chunk and
that write is finished by whoever asks next (`state`). Staging objects rather than multipart
uploads: a multipart part must be 5 MiB (phones send 512 KiB chunks) and a part cannot be
written conditionally.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiobotocore.config import AioConfig
from aiobotocore.session import get_session
from botocore.exceptions import ClientError

from sync.storage.base import UploadState, check_digest, digest_mismatch, offset_mismatch

CONFLICT_CODES = {"PreconditionFailed", "ConditionalRequestConflict", "412", "409"}
MISSING_CODES = {"NoSuchKey", "404", "NotFound"}
BLOCK = 1 << 20


class S3Config:
    def __init__(self, *, bucket: str, endpoint_url: str = "", region: str = "us-east-1",
                 access_key: str = "", secret_key: str = "", prefix: str = "") -> None:
        self.bucket = bucket
        self.endpoint_url = endpoint_url
        self.region = region or "us-east-1"
        self.access_key = access_key
        self.secret_key = secret_key
        self.prefix = prefix


def code_of(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


class Chunk:
    __slots__ = ("key", "start", "size", "modified")

    def __init__(self, key: str, start: int, size: int, modified: datetime) -> None:
        self.key, self.start, self.size, self.modified = key, start, size, modified


def chain(chunks: list[Chunk]) -> list[Chunk]:
    """The chunks that follow on from byte 0 without a gap: the upload so far."""
    linked: list[Chunk] = []
    offset = 0
    for chunk in sorted(chunks, key=lambda c: c.start):
        if chunk.start != offset:
            break
        linked.append(chunk)
        offset += chunk.size
    return linked


class S3Files:
    name = "s3"

    def __init__(self, config: S3Config, client: Any, stack: AsyncExitStack) -> None:
        self.config = config
        self.bucket = config.bucket
        self.client = client
        self._stack = stack

    @classmethod
    async def open(cls, config: S3Config) -> S3Files:
        stack = AsyncExitStack()
        options: dict[str, Any] = {"region_name": config.region}
        if config.endpoint_url:
            options["endpoint_url"] = config.endpoint_url
        if config.access_key:
            options["aws_access_key_id"] = config.access_key
            options["aws_secret_access_key"] = config.secret_key
        client = await stack.enter_async_context(get_session().create_client(
            "s3", config=AioConfig(s3={"addressing_style": "path"} if config.endpoint_url
                                   else {}, retries={"max_attempts": 3, "mode": "standard"},
                                   connect_timeout=10, read_timeout=60),
            **options))
        return cls(config, client, stack)

    async def close(self) -> None:
        await self._stack.aclose()

    def final(self, sha: str) -> str:
        return f"{self.config.prefix}attachments/{sha[:2]}/{sha[2:]}"

    def staging(self, sha: str) -> str:
        return f"{self.config.prefix}uploads/{sha}/"

    def chunk_key(self, sha: str, start: int) -> str:
        return f"{self.staging(sha)}{start:012d}"

    async def size(self, sha: str) -> int | None:
        try:
            head = await self.client.head_object(Bucket=self.bucket, Key=self.final(sha))
        except ClientError as exc:
            if code_of(exc) in MISSING_CODES:
                return None
            raise
        return int(head["ContentLength"])

    async def _chunks(self, prefix: str) -> list[Chunk]:
        found: list[Chunk] = []
        paginator = self.client.get_paginator("list_objects_v2")
        async for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
            for item in page.get("Contents", []):
                last = item["Key"].rsplit("/", 1)[-1]
                if last.isdigit():
                    found.append(Chunk(item["Key"], int(last), int(item["Size"]),
                                       item["LastModified"]))
        return found

    async def state(self, sha: str) -> UploadState:
        size = await self.size(sha)
        if size is not None:
            return UploadState(sha, size, True)
        linked = chain(await self._chunks(self.staging(sha)))
        offset = sum(c.size for c in linked)
        if linked and offset == await self._total(linked[-1]):
            return await self._finish(sha, linked)  # its writer stopped before the check
        return UploadState(sha, offset, False)

    async def _total(self, chunk: Chunk) -> int | None:
        try:
            head = await self.client.head_object(Bucket=self.bucket, Key=chunk.key)
        except ClientError as exc:
            if code_of(exc) in MISSING_CODES:
                return None
            raise
        total = head.get("Metadata", {}).get("total", "")
        return int(total) if total.isdigit() else None

    async def write_chunk(self, sha: str, start: int, total: int, body: bytes) -> UploadState:
        linked = chain(await self._chunks(self.staging(sha)))
        offset = sum(c.size for c in linked)
        if not linked or start != offset:  # a new upload, a repeat, or a finished file?
            state = await self.state(sha)
            if state.complete:
                return state
            if start != state.offset:
                raise offset_mismatch(state.offset)
        key = self.chunk_key(sha, start)
        try:
            await self.client.put_object(Bucket=self.bucket, Key=key, Body=body,
                                         IfNoneMatch="*", Metadata={"total": str(total)})
        except ClientError as exc:
            if code_of(exc) not in CONFLICT_CODES:
                raise
            state = await self.state(sha)  # another writer got this offset first
            if state.complete:
                return state
            raise offset_mismatch(state.offset) from None
        if start + len(body) < total:
            return UploadState(sha, start + len(body), False)
        return await self._finish(sha, [*linked, Chunk(key, start, len(body), datetime.now(UTC))])

    async def _finish(self, sha: str, linked: list[Chunk]) -> UploadState:
        digest = hashlib.sha256()
        parts: list[bytes] = []
        for chunk in linked:
            try:
                answer = await self.client.get_object(Bucket=self.bucket, Key=chunk.key)
            except ClientError as exc:
                if code_of(exc) not in MISSING_CODES:
                    raise
                return await self._after_race(sha)
            async with answer["Body"] as stream:
                data = await stream.read()
            digest.update(data)
            parts.append(data)
        if digest.hexdigest() != sha:
            await self._delete([c.key for c in await self._chunks(self.staging(sha))])
            raise digest_mismatch()
        data = b"".join(parts)
        await self.client.put_object(Bucket=self.bucket, Key=self.final(sha), Body=data)
        await self._delete([c.key for c in await self._chunks(self.staging(sha))])
        return UploadState(sha, len(data), True)

    async def _after_race(self, sha: str) -> UploadState:
        """A chunk vanished while this process checked the upload: another finished (or
        discarded) it first."""
        size = await self.size(sha)
        if size is not None:
            return UploadState(sha, size, True)
        state = await self.state(sha)
        raise offset_mismatch(state.offset)

    async def read(self, sha: str, start: int, end: int) -> AsyncIterator[bytes]:
        answer = await self.client.get_object(Bucket=self.bucket, Key=self.final(sha),
                                              Range=f"bytes={start}-{end}")
        async with answer["Body"] as stream:
            async for block in stream.iter_chunks(BLOCK):
                yield block

    async def place(self, sha: str, data: bytes) -> bool:
        check_digest(sha, data)
        if await self.size(sha) == len(data):
            return False
        await self.client.put_object(Bucket=self.bucket, Key=self.final(sha), Body=data)
        return True

    async def local_copy(self, sha: str, scratch: Path) -> Path:
        target = scratch / sha
        with target.open("wb") as handle:
            size = await self.size(sha) or 0
            if size:
                async for block in self.read(sha, 0, size - 1):
                    handle.write(block)
        return target

    async def delete(self, sha: str) -> None:
        staged = [c.key for c in await self._chunks(self.staging(sha))]
        await self._delete([self.final(sha), *staged])

    async def sweep(self, before: datetime) -> int:
        uploads: dict[str, list[Chunk]] = {}
        for chunk in await self._chunks(f"{self.config.prefix}uploads/"):
            uploads.setdefault(chunk.key.rsplit("/", 2)[-2], []).append(chunk)
        removed = 0
        for chunks in uploads.values():
            if max(c.modified for c in chunks) < before:
                await self._delete([c.key for c in chunks])
                removed += 1
        return removed

    async def _delete(self, keys: list[str]) -> None:
        for at in range(0, len(keys), 1000):
            batch = [{"Key": key} for key in keys[at:at + 1000]]
            await self.client.delete_objects(Bucket=self.bucket,
                                             Delete={"Objects": batch, "Quiet": True})
