"""HTTP endpoints of the sync protocol: decode, call one service function, encode."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from server.context import context_of, now_of, storage_of
from server.endpoints import SIGNED_IN, endpoint, principal_of
from server.errors import ApiError
from server.ranges import download
from server.wire import decode_body, json_response
from sync import attachments, events, pull, scopes, service, telemetry
from sync.limits import check_strings
from sync.messages import (
    MIN_PROTOCOL_VERSION,
    MIN_SCHEMA_VERSION,
    PROTOCOL_VERSION,
    SCHEMA_VERSION,
    PullRequest,
    PullResponse,
    PushRequest,
    PushResponse,
)
from sync.storage import Storage

KEEPALIVE_SECONDS = 15.0
STREAM_SECONDS = 600.0
VERSION_HEADERS = {"Carefolio-Protocol": str(PROTOCOL_VERSION),
                   "Carefolio-Schema": str(SCHEMA_VERSION)}


def _version(request: Request, name: str, current: int, minimum: int) -> int:
    raw = request.headers.get(f"carefolio-{name}") or request.query_params.get(name)
    if raw is None or raw.strip() == "":
        raise ApiError(400, f"{name}_version_missing",
                       f"Send the header Carefolio-{name.title()} (the {name} version).")
    if not raw.strip().isascii() or not raw.strip().isdigit() or len(raw.strip()) > 9:
        raise ApiError(400, f"{name}_version_invalid",
                       f"The header Carefolio-{name.title()} must be a whole number "
                       f"(the {name} version), not {raw[:20]!r}.")
    raw = raw.strip()
    value = int(raw)
    if value < minimum:
        raise ApiError(426, "client_too_old",
                       f"This server needs {name} version {minimum} or later; update the app. "
                       "Unsent changes stay on the device.", headers=VERSION_HEADERS)
    if value > current:
        raise ApiError(400, f"{name}_unsupported",
                       f"This server speaks {name} versions {minimum} to {current}.",
                       headers=VERSION_HEADERS)
    return value


def schema_of(request: Request) -> int:
    _version(request, "protocol", PROTOCOL_VERSION, MIN_PROTOCOL_VERSION)
    return _version(request, "schema", SCHEMA_VERSION, MIN_SCHEMA_VERSION)


def _pull_slots(request: Request) -> asyncio.Semaphore:
    """Pulls served at once in this process (`--pull-concurrency`): when hundreds of devices
    catch up together, the rest wait here, before authentication, costing no database work,
    and pushes are never queued behind them."""
    return context_of(request).pull_slots


@endpoint(allow=SIGNED_IN, body=PushRequest, returns=PushResponse)
async def push(request: Request) -> Response:
    """Apply a device's numbered mutations exactly once; one result per mutation."""
    schema = schema_of(request)
    body = await decode_body(request, PushRequest)
    check_strings(body)
    answer = await service.push(principal_of(request), body, now_of(request), schema)
    telemetry.count_push(answer)
    return json_response(answer, headers=VERSION_HEADERS)


@endpoint(allow=SIGNED_IN, body=PullRequest, returns=PullResponse, admission=_pull_slots)
async def pull_changes(request: Request) -> Response:
    """Changes since the client's cursors, per scope the person may see (a pull waits for a
    slot before it is even authenticated)."""
    schema = schema_of(request)
    body = await decode_body(request, PullRequest)
    answer = await pull.pull(principal_of(request), body, schema, now_of(request))
    telemetry.count_pull(answer)
    return json_response(answer, headers=VERSION_HEADERS)


@endpoint(allow=SIGNED_IN)
async def change_events(request: Request) -> Response:
    """Server-sent events: `changed` with {scope, version} whenever a visible scope moves."""
    schema_of(request)
    visible = await scopes.visible(principal_of(request))
    return StreamingResponse(
        _stream(request, visible), media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no", **VERSION_HEADERS},
    )


async def _stream(request: Request, visible: set[str]) -> AsyncIterator[bytes]:
    deadline = time.monotonic() + STREAM_SECONDS
    async with events.broker().subscribe(visible) as queue:
        hello = msgspec.json.encode({"scopes": sorted(visible)})
        yield b"retry: 5000\nevent: hello\ndata: " + hello + b"\n\n"
        while time.monotonic() < deadline:
            try:  # asyncio.timeout: 3.11's wait_for can swallow a cancel (server/mail/outbox.py)
                async with asyncio.timeout(KEEPALIVE_SECONDS):
                    event = await queue.get()
            except TimeoutError:
                if await request.is_disconnected():
                    return
                yield b": keepalive\n\n"
                continue
            yield b"event: changed\ndata: " + msgspec.json.encode(event) + b"\n\n"


def _files(request: Request) -> Storage:
    return storage_of(request)


def _state_headers(state: attachments.UploadState) -> dict[str, str]:
    return {"Upload-Offset": str(state.offset),
            "Upload-Complete": "?1" if state.complete else "?0", **VERSION_HEADERS}


@endpoint(allow=SIGNED_IN, returns=attachments.UploadState)
async def attachment(request: Request) -> Response:
    """HEAD: how much was received; PUT: one chunk; GET: the verified file (or the range of
    it that a `Range` header asks for: 206)."""
    schema_of(request)
    sha: str = request.path_params["sha256"]
    principal = principal_of(request)
    files = _files(request)
    if request.method == "PUT":
        state = await attachments.upload(principal, files, sha,
                                         request.headers.get("content-range"),
                                         request.stream(), now_of(request))
        return json_response(state, headers=_state_headers(state))
    await attachments.authorise(principal, sha)
    state = await files.state(sha)
    if request.method == "HEAD":
        return Response(status_code=200, headers=_state_headers(state))
    if not state.complete:
        raise ApiError(404, "attachment_incomplete", "This attachment has not been uploaded.")
    headers: dict[str, Any] = {"Cache-Control": "private, max-age=31536000, immutable"}
    return download(files, sha, state.offset, request.headers.get("range"), headers)


routes = [
    Route("/sync/push", push, methods=["POST"]),
    Route("/sync/pull", pull_changes, methods=["POST"]),
    Route("/sync/events", change_events, methods=["GET"]),
    Route("/sync/attachments/{sha256}", attachment, methods=["GET", "HEAD", "PUT"]),
]
