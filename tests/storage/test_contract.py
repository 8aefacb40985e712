"""The storage contract, run against both backends (the data directory and a bucket): what
sync/attachments.py relies on, whichever holds the bytes."""

from __future__ import annotations

import asyncio
import hashlib
import os
from datetime import UTC, datetime, timedelta

import pytest

from base.errors import Conflict, DomainError, Invalid
from server.errors import from_domain
from sync.storage.base import Storage, read_all

DATA = os.urandom(150_000)
SHA = hashlib.sha256(DATA).hexdigest()
THIRD = len(DATA) // 3


async def _chunks(storage: Storage, data: bytes = DATA, sha: str = SHA, size: int = THIRD,  # type: ignore[no-untyped-def]
                  begin: int = 0):
    state = None
    for start in range(begin, len(data), size):
        state = await storage.write_chunk(sha, start, len(data), data[start:start + size])
    return state


async def test_nothing_is_there_before_an_upload(storage: Storage) -> None:
    state = await storage.state(SHA)
    assert (state.offset, state.complete) == (0, False)
    assert await storage.size(SHA) is None


async def test_chunks_in_order_make_the_file_and_only_the_last_makes_it_visible(storage: Storage) -> None:
    first = await storage.write_chunk(SHA, 0, len(DATA), DATA[:THIRD])
    assert (first.offset, first.complete) == (THIRD, False)
    assert await storage.size(SHA) is None  # nothing half-written is visible
    assert (await storage.state(SHA)).offset == THIRD
    state = await _chunks(storage, begin=THIRD)
    assert state is not None and state.complete and state.offset == len(DATA)
    assert await storage.size(SHA) == len(DATA)
    assert await read_all(storage, SHA) == DATA


async def test_a_range_reads_those_bytes_alone(storage: Storage) -> None:
    await _chunks(storage)
    got = b"".join([block async for block in storage.read(SHA, 1000, 70_999)])
    assert got == DATA[1000:71_000]
    tail = b"".join([block async for block in storage.read(SHA, len(DATA) - 1, len(DATA) - 1)])
    assert tail == DATA[-1:]


async def test_a_chunk_at_the_wrong_offset_is_refused_with_the_offset(storage: Storage) -> None:
    await storage.write_chunk(SHA, 0, len(DATA), DATA[:THIRD])
    for start in (0, THIRD + 1):
        with pytest.raises(Conflict) as refused:
            await storage.write_chunk(SHA, start, len(DATA), DATA[start:start + 10])
        assert refused.value.code == "offset_mismatch"
        answer = from_domain(refused.value)
        assert answer.status == 409 and answer.headers == {"Upload-Offset": str(THIRD)}


async def test_the_same_chunk_written_twice_at_once_is_kept_once(storage: Storage) -> None:
    answers = await asyncio.gather(
        *(storage.write_chunk(SHA, 0, len(DATA), DATA[:THIRD]) for _ in range(2)),
        return_exceptions=True)
    refused = [a for a in answers if isinstance(a, DomainError)]
    assert len(refused) == 1 and refused[0].code == "offset_mismatch"
    assert (await storage.state(SHA)).offset == THIRD
    await storage.write_chunk(SHA, THIRD, len(DATA), DATA[THIRD:])
    assert await read_all(storage, SHA) == DATA


async def test_a_finished_file_written_again_changes_nothing(storage: Storage) -> None:
    await _chunks(storage)
    again = await storage.write_chunk(SHA, 0, len(DATA), DATA[:THIRD])
    assert again.complete and again.offset == len(DATA)
    assert await read_all(storage, SHA) == DATA


async def test_bytes_that_do_not_match_are_discarded_and_the_upload_starts_again(storage: Storage) -> None:
    damaged = DATA[:-1] + bytes([DATA[-1] ^ 1])
    with pytest.raises(Invalid) as refused:
        await _chunks(storage, damaged, SHA)
    assert refused.value.code == "digest_mismatch" and from_domain(refused.value).status == 422
    assert await storage.size(SHA) is None
    assert (await storage.state(SHA)).offset == 0
    assert (await _chunks(storage)).complete  # type: ignore[union-attr]


async def test_another_instance_continues_an_upload(opener) -> None:  # type: ignore[no-untyped-def]
    one, other = await opener(), await opener()
    await one.write_chunk(SHA, 0, len(DATA), DATA[:THIRD])
    assert (await other.state(SHA)).offset == THIRD
    await other.write_chunk(SHA, THIRD, len(DATA), DATA[THIRD:2 * THIRD])
    done = await one.write_chunk(SHA, 2 * THIRD, len(DATA), DATA[2 * THIRD:])
    assert done.complete
    assert await read_all(other, SHA) == DATA


async def test_a_whole_file_is_placed_once_and_only_if_it_matches(storage: Storage) -> None:
    assert await storage.place(SHA, DATA) is True
    assert await storage.place(SHA, DATA) is False
    assert await read_all(storage, SHA) == DATA
    with pytest.raises(Invalid) as refused:
        await storage.place(SHA.replace(SHA[0], "0" if SHA[0] != "0" else "1", 1), DATA)
    assert refused.value.code == "digest_mismatch"


async def test_an_abandoned_upload_is_swept_and_a_recent_one_kept(storage: Storage) -> None:
    other = os.urandom(1000)
    other_sha = hashlib.sha256(other).hexdigest()
    await storage.write_chunk(SHA, 0, len(DATA), DATA[:THIRD])
    await _chunks(storage, other, other_sha, 400)  # finished: never swept
    now = datetime.now(UTC)
    assert await storage.sweep(now - timedelta(hours=1)) == 0
    assert (await storage.state(SHA)).offset == THIRD
    assert await storage.sweep(now + timedelta(minutes=5)) == 1
    assert (await storage.state(SHA)).offset == 0
    assert await read_all(storage, other_sha) == other


async def test_an_empty_file_uploads_and_reads(storage: Storage) -> None:
    empty_sha = hashlib.sha256(b"").hexdigest()
    assert await storage.place(empty_sha, b"") is True
    assert await read_all(storage, empty_sha) == b""


async def test_a_writer_stopped_after_the_last_chunk_is_finished_by_the_next_to_ask(
    storage: Storage,
) -> None:
    from sync.storage.s3 import S3Files

    if not isinstance(storage, S3Files):
        pytest.skip("the local backend verifies and renames under one flock")
    await storage.write_chunk(SHA, 0, len(DATA), DATA[:THIRD])
    # the last chunk staged, then the process died before the check and the file's write
    await storage.client.put_object(Bucket=storage.bucket, Key=storage.chunk_key(SHA, THIRD),
                                    Body=DATA[THIRD:], Metadata={"total": str(len(DATA))})
    assert await storage.size(SHA) is None
    state = await storage.state(SHA)
    assert state.complete and state.offset == len(DATA)
    assert await read_all(storage, SHA) == DATA


async def test_the_daily_maintenance_sweeps_uploads_idle_for_the_set_time(storage: Storage) -> None:
    from sync.maintenance import sweep_once
    from sync.storage.base import ABANDONED_AFTER_HOURS

    await storage.write_chunk(SHA, 0, len(DATA), DATA[:THIRD])
    now = datetime.now(UTC)
    assert await sweep_once(storage, now + timedelta(hours=ABANDONED_AFTER_HOURS - 1)) == 0
    assert await sweep_once(storage, now + timedelta(hours=ABANDONED_AFTER_HOURS, minutes=5)) == 1
    assert (await storage.state(SHA)).offset == 0
