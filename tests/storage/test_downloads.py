"""Uploads and downloads through the app on each backend and each database: the same
authorisation, resumable chunks, and range requests (206, Content-Range, 416) for seeking."""

from __future__ import annotations

import hashlib
import os

import httpx

from server.routes.sync import VERSION_HEADERS
from tests.storage.conftest import Team
from tests.support.people import Person

MEDIA = os.urandom(1_300_000)  # three phone chunks of 512 KiB
SHA = hashlib.sha256(MEDIA).hexdigest()
CHUNK = 512 * 1024


def _path(sha: str = SHA) -> str:
    return f"/sync/attachments/{sha}"


async def _put(person: Person, start: int, body: bytes, total: int = len(MEDIA)) -> httpx.Response:
    headers = {**VERSION_HEADERS, "Content-Range": f"bytes {start}-{start + len(body) - 1}/{total}",
               "Content-Type": "application/octet-stream"}
    return await person.client.put(_path(), content=body, headers=headers)


async def _get(person: Person, range_header: str | None = None) -> httpx.Response:
    headers = dict(VERSION_HEADERS)
    if range_header:
        headers["Range"] = range_header
    return await person.client.get(_path(), headers=headers)


async def _uploaded(team: Team) -> None:
    from sync.client import SyncClient

    phone = SyncClient(team.worker.client, team.worker.device_id, retry_scale=0.0)  # type: ignore[arg-type]
    phone.create(team.portfolio, "evidence", {"kind": "product_evidence", "title": "Recording",
                                              "attachments": [SHA]})
    await phone.push()
    for start in range(0, len(MEDIA), CHUNK):
        answer = await _put(team.worker, start, MEDIA[start:start + CHUNK])
        assert answer.status_code == 200, answer.text
    assert answer.json()["complete"] is True


async def test_chunks_upload_resume_and_the_whole_file_comes_back(team: Team) -> None:
    await _uploaded(team)
    whole = await _get(team.assessor)
    assert whole.status_code == 200 and whole.content == MEDIA
    assert whole.headers["accept-ranges"] == "bytes"
    assert whole.headers["etag"] == f'"{SHA}"'
    probe = await team.worker.client.head(_path(), headers=VERSION_HEADERS)
    assert probe.headers["upload-complete"] == "?1"
    assert probe.headers["upload-offset"] == str(len(MEDIA))


async def test_a_range_request_gets_206_with_those_bytes(team: Team) -> None:
    await _uploaded(team)
    middle = await _get(team.assessor, "bytes=600000-600999")
    assert middle.status_code == 206 and middle.content == MEDIA[600_000:601_000]
    assert middle.headers["content-range"] == f"bytes 600000-600999/{len(MEDIA)}"
    assert middle.headers["content-length"] == "1000"
    rest = await _get(team.worker, "bytes=1299000-")
    assert rest.status_code == 206 and rest.content == MEDIA[1_299_000:]
    suffix = await _get(team.worker, "bytes=-10")
    assert suffix.status_code == 206 and suffix.content == MEDIA[-10:]
    past = await _get(team.worker, "bytes=1300000-1300001")
    assert past.status_code == 416
    assert past.headers["content-range"] == f"bytes */{len(MEDIA)}"
    assert past.json()["error"]["code"] == "range_not_satisfiable"
    several = await _get(team.worker, "bytes=0-1,5-6")  # not served: the whole file
    assert several.status_code == 200 and several.content == MEDIA


async def test_a_range_is_no_way_round_the_authorisation(team: Team) -> None:
    await _uploaded(team)
    stranger = await team.people.signed_in("worker")
    hidden = await _get(stranger, "bytes=0-99")
    assert hidden.status_code == 404
    assert hidden.json()["error"]["code"] == "attachment_not_found"


async def test_an_unfinished_upload_is_not_served(team: Team) -> None:
    from sync.client import SyncClient

    phone = SyncClient(team.worker.client, team.worker.device_id, retry_scale=0.0)  # type: ignore[arg-type]
    phone.create(team.portfolio, "evidence", {"kind": "product_evidence", "attachments": [SHA]})
    await phone.push()
    assert (await _put(team.worker, 0, MEDIA[:CHUNK])).json()["complete"] is False
    answer = await _get(team.worker, "bytes=0-9")
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "attachment_incomplete"
