"""Attachments: content-addressed, resumable, idempotent, verified, size-limited, and
readable only through a record the reader can see (which syncs before its photo)."""

from __future__ import annotations

import asyncio
import hashlib
import os
import subprocess
import sys
from datetime import UTC, datetime

import httpx

from server.models import Enrolment
from server.routes.sync import VERSION_HEADERS
from sync.attachments import MAX_ATTACHMENT_BYTES, new_refs
from sync.client import SyncClient
from sync.storage.local import Files
from sync.store import Ref
from tests.support.people import Person
from tests.sync.conftest import Team, enrol

PHOTO = os.urandom(300_000)
SHA = hashlib.sha256(PHOTO).hexdigest()


def _path(sha: str = SHA) -> str:
    return f"/sync/attachments/{sha}"


async def _put(person: Person, start: int, end: int, total: int, body: bytes,
               sha: str = SHA) -> httpx.Response:
    headers = {**VERSION_HEADERS, "Content-Range": f"bytes {start}-{end}/{total}",
               "Content-Type": "application/octet-stream"}
    return await person.client.put(_path(sha), content=body, headers=headers)


async def _reference(team: Team, sha: str = SHA) -> None:
    phone = team.client(team.worker)
    phone.create(team.portfolio, "evidence", {"kind": "product_evidence", "title": "Rota",
                                              "attachments": [sha]})
    await phone.push()


async def test_a_photo_cannot_be_uploaded_before_a_record_references_it(team: Team) -> None:
    answer = await _put(team.worker, 0, len(PHOTO) - 1, len(PHOTO), PHOTO)
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "attachment_not_found"


async def test_an_interrupted_upload_resumes_where_it_stopped(team: Team) -> None:
    await _reference(team)
    half = len(PHOTO) // 2
    first = await _put(team.worker, 0, half - 1, len(PHOTO), PHOTO[:half])
    assert first.status_code == 200 and first.json()["complete"] is False
    probe = await team.worker.client.head(_path(), headers=VERSION_HEADERS)
    assert probe.headers["upload-offset"] == str(half)
    assert probe.headers["upload-complete"] == "?0"
    wrong = await _put(team.worker, 0, half - 1, len(PHOTO), PHOTO[:half])
    assert wrong.status_code == 409
    assert wrong.headers["upload-offset"] == str(half)
    rest = await _put(team.worker, half, len(PHOTO) - 1, len(PHOTO), PHOTO[half:])
    assert rest.json()["complete"] is True
    download = await team.worker.client.get(_path(), headers=VERSION_HEADERS)
    assert download.status_code == 200 and download.content == PHOTO


async def test_uploading_a_finished_file_again_changes_nothing(team: Team) -> None:
    await _reference(team)
    assert (await _put(team.worker, 0, len(PHOTO) - 1, len(PHOTO), PHOTO)).json()["complete"]
    again = await _put(team.worker, 0, len(PHOTO) - 1, len(PHOTO), PHOTO)
    assert again.status_code == 200 and again.json()["complete"] is True


async def test_bytes_that_do_not_match_the_digest_are_refused_and_discarded(team: Team) -> None:
    await _reference(team)
    damaged = bytes([PHOTO[0] ^ 1]) + PHOTO[1:]
    answer = await _put(team.worker, 0, len(PHOTO) - 1, len(PHOTO), damaged)
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "digest_mismatch"
    probe = await team.worker.client.head(_path(), headers=VERSION_HEADERS)
    assert probe.headers["upload-offset"] == "0"
    assert (await _put(team.worker, 0, len(PHOTO) - 1, len(PHOTO), PHOTO)).json()["complete"]


async def test_the_assessor_reads_the_photo_and_a_stranger_cannot(team: Team) -> None:
    await _reference(team)
    await _put(team.worker, 0, len(PHOTO) - 1, len(PHOTO), PHOTO)
    seen = await team.assessor.client.get(_path(), headers=VERSION_HEADERS)
    assert seen.status_code == 200 and seen.content == PHOTO
    stranger = await team.people.signed_in("worker")
    hidden = await stranger.client.get(_path(), headers=VERSION_HEADERS)
    assert hidden.status_code == 404


async def test_an_oversized_attachment_is_refused_before_any_byte_is_kept(team: Team) -> None:
    await _reference(team)
    total = MAX_ATTACHMENT_BYTES + 1
    answer = await _put(team.worker, 0, 9, total, b"0123456789")
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "attachment_too_large"


async def test_malformed_upload_requests_get_precise_errors(team: Team) -> None:
    await _reference(team)
    no_range = await team.worker.client.put(_path(), content=b"x", headers=VERSION_HEADERS)
    assert no_range.json()["error"]["code"] == "content_range_required"
    short = await _put(team.worker, 0, 99, len(PHOTO), PHOTO[:50])
    assert short.json()["error"]["code"] == "chunk_size_mismatch"
    bad_name = await team.worker.client.get("/sync/attachments/NOT-A-DIGEST", headers=VERSION_HEADERS)
    assert bad_name.status_code == 400
    assert bad_name.json()["error"]["code"] == "invalid_digest"


async def test_the_same_chunk_sent_twice_at_once_is_written_once(team: Team) -> None:
    await _reference(team)
    half = len(PHOTO) // 2
    first, second = await asyncio.gather(
        _put(team.worker, 0, half - 1, len(PHOTO), PHOTO[:half]),
        _put(team.worker, 0, half - 1, len(PHOTO), PHOTO[:half]))
    assert sorted([first.status_code, second.status_code]) == [200, 409]
    rest = await _put(team.worker, half, len(PHOTO) - 1, len(PHOTO), PHOTO[half:])
    assert rest.status_code == 200 and rest.json()["complete"] is True
    download = await team.worker.client.get(_path(), headers=VERSION_HEADERS)
    assert download.content == PHOTO


async def test_an_upload_waits_while_another_process_writes_the_same_file(team: Team, settings) -> None:  # type: ignore[no-untyped-def]
    await _reference(team)
    lock = Files(settings.data_dir).root / "locks" / f"{SHA[:2]}.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(  # another process in the middle of writing a chunk of this file
        [sys.executable, "-c", HOLD_LOCK, str(lock)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        upload = asyncio.ensure_future(_put(team.worker, 0, len(PHOTO) - 1, len(PHOTO), PHOTO))
        await asyncio.sleep(0.3)
        assert not upload.done()  # waiting for the other process, not writing beside it
        holder.terminate()  # releases the lock
        answer = await asyncio.wait_for(upload, 10)
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    assert answer.status_code == 200 and answer.json()["complete"] is True


HOLD_LOCK = """
import fcntl, sys, time
fd = open(sys.argv[1], "a")
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(60)
"""


async def _uploaded(team: Team) -> None:
    await _reference(team)
    assert (await _put(team.worker, 0, len(PHOTO) - 1, len(PHOTO), PHOTO)).json()["complete"]


async def _cite(person: Person, scope: str, sha: str = SHA) -> None:
    client = SyncClient(person.client, person.device_id, retry_scale=0.0)  # type: ignore[arg-type]
    client.create(scope, "evidence", {"kind": "product_evidence", "attachments": [sha]})
    await client.push()
    assert [r.result for r in client.state.results.values()] == ["applied"]


async def _refused_everything(person: Person) -> None:
    for method in ("GET", "HEAD"):
        answer = await person.client.request(method, _path(), headers=VERSION_HEADERS)
        assert answer.status_code == 404, method
    upload = await _put(person, 0, len(PHOTO) - 1, len(PHOTO), PHOTO)
    assert upload.status_code == 404
    assert upload.json()["error"]["code"] == "attachment_not_found"


async def test_listing_a_known_digest_in_ones_own_evidence_does_not_open_the_file(
    team: Team,
) -> None:
    await _uploaded(team)
    outsider = await team.people.signed_in("worker", org="Elsewhere Homes")
    await _cite(outsider, f"portfolio:{outsider.id}")
    await _refused_everything(outsider)  # the bytes themselves claim nothing either
    owner = await team.worker.client.get(_path(), headers=VERSION_HEADERS)
    assert owner.status_code == 200 and owner.content == PHOTO


async def test_a_former_assessor_who_kept_a_digest_reads_nothing_through_another_portfolio(
    team: Team,
) -> None:
    await _uploaded(team)
    other = await team.people.signed_in("worker")
    await enrol(other, team.assessor)
    await Enrolment.filter(worker_id=team.worker.id).update(ended_at=datetime.now(UTC))
    await _cite(team.assessor, f"portfolio:{other.id}")
    await _refused_everything(team.assessor)
    await _refused_everything(other)


async def test_someone_who_can_read_a_file_can_share_it_through_another_record(
    team: Team,
) -> None:
    await _uploaded(team)
    other = await team.people.signed_in("worker")
    await enrol(other, team.assessor)
    await _cite(team.assessor, f"portfolio:{other.id}")
    answer = await other.client.get(_path(), headers=VERSION_HEADERS)
    assert answer.status_code == 200 and answer.content == PHOTO


async def test_the_first_to_reference_a_new_digest_may_upload_and_read_it(team: Team) -> None:
    fresh = os.urandom(1000)
    sha = hashlib.sha256(fresh).hexdigest()
    await _cite(team.assessor, team.portfolio, sha)
    assert (await _put(team.assessor, 0, 999, 1000, fresh, sha)).json()["complete"]
    for person in (team.assessor, team.worker):
        answer = await person.client.get(_path(sha), headers=VERSION_HEADERS)
        assert answer.status_code == 200 and answer.content == fresh


def test_a_reference_that_granted_nothing_grants_once_someone_who_can_read_writes_it() -> None:
    held = [Ref("a" * 64, "portfolio:1", True), Ref("a" * 64, "portfolio:2", False)]
    pairs = {("a" * 64, "portfolio:1"), ("a" * 64, "portfolio:2"), ("a" * 64, "portfolio:3")}
    assert new_refs(pairs, held, readable=set()) == [Ref("a" * 64, "portfolio:3", False)]
    assert new_refs(pairs, held, readable={"a" * 64}) == [
        Ref("a" * 64, "portfolio:2", True), Ref("a" * 64, "portfolio:3", True)]
    assert new_refs({("b" * 64, "portfolio:3")}, held, readable=set()) == [
        Ref("b" * 64, "portfolio:3", True)]
