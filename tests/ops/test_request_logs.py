"""Structured logs: JSON lines, one request id per request in every line, no personal data."""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from server.logging_json import JsonFormatter
from server.logging_requests import RequestContext


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """What the `carefolio` loggers write, formatted as the server formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("carefolio")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def parsed(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def tiny_app() -> Starlette:
    async def work(request: Request) -> PlainTextResponse:
        logging.getLogger("carefolio.work").info("working on it")
        return PlainTextResponse("done")

    return Starlette(routes=[Route("/work/{item}", work)], middleware=[Middleware(RequestContext)])


async def test_every_line_logged_during_a_request_carries_its_id(log_lines: io.StringIO) -> None:
    transport = httpx.ASGITransport(app=tiny_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        answer = await http.get("/work/secret-item?q=private")
    rid = answer.headers["x-request-id"]
    lines = parsed(log_lines)
    assert [line["msg"] for line in lines] == ["working on it", "GET /work/{item} 200"]
    assert all(line["request_id"] == rid for line in lines)
    access = lines[1]
    assert access["route"] == "/work/{item}" and access["status"] == 200
    assert "secret-item" not in log_lines.getvalue() and "private" not in log_lines.getvalue()


async def test_a_well_formed_request_id_is_kept_and_a_malformed_one_replaced(client: httpx.AsyncClient) -> None:
    kept = await client.get("/healthz", headers={"X-Request-Id": "edge-7f3a.1"})
    assert kept.headers["x-request-id"] == "edge-7f3a.1"
    replaced = await client.get("/healthz", headers={"X-Request-Id": "bad id\twith <html>"})
    assert replaced.headers["x-request-id"] != "bad id\twith <html>"
    assert len(replaced.headers["x-request-id"]) == 32


async def test_the_access_line_names_the_signed_in_user_by_id_only(app, people, log_lines: io.StringIO) -> None:  # type: ignore[no-untyped-def]
    person = await people.signed_in("worker")
    answer = await person.client.get("/api/me")
    assert answer.status_code == 200
    access = [line for line in parsed(log_lines) if line["logger"] == "carefolio.access"]
    assert access[-1]["user_id"] == person.id and access[-1]["route"] == "/api/me"
    assert access[-1]["request_id"] == answer.headers["x-request-id"]
    assert person.user.email not in log_lines.getvalue()
    assert person.token not in log_lines.getvalue()


def test_an_exception_is_logged_by_class_and_frames_without_its_message() -> None:
    record = logging.LogRecord("carefolio", logging.ERROR, __file__, 1, "failed", (), None)
    email = "ann" + "@example.test"
    try:
        raise ValueError(f"duplicate key: (email)=({email})")
    except ValueError:
        record.exc_info = sys.exc_info()
    line = json.loads(JsonFormatter().format(record))
    assert line["error"] == "ValueError" and "test_request_logs.py" in line["trace"]
    assert "ann@example.test" not in json.dumps(line)


async def test_an_unexpected_error_logs_the_route_template_not_the_path(app, log_lines: io.StringIO) -> None:  # type: ignore[no-untyped-def]
    async def broken(request: Request) -> PlainTextResponse:
        raise RuntimeError("a bug")

    app.router.routes.insert(0, Route("/api/broken/{who}", broken))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        answer = await http.get("/api/broken/Jane%20Smith%20943%20476%205919")
    assert answer.status_code == 500
    written = log_lines.getvalue()
    assert "Jane" not in written and "943" not in written
    errors = [line for line in parsed(log_lines) if line["level"] == "error"]
    assert errors[0]["msg"] == "unexpected error on GET /api/broken/{who}"


async def test_a_client_going_away_mid_upload_is_not_logged_as_an_error(app, people, log_lines: io.StringIO) -> None:  # type: ignore[no-untyped-def]
    worker = await people.signed_in("worker")
    sha = "a" * 64
    versions = {"Carefolio-Protocol": "1", "Carefolio-Schema": "3"}
    mutation = {"op": "create", "n": 1, "scope": f"portfolio:{worker.id}", "entity": "evidence",
                "id": "ev-1", "fields": {"kind": "product_evidence", "title": "Rota",
                                         "attachments": [sha]}}
    pushed = await worker.client.post("/sync/push", headers=versions, json={
        "device_id": worker.device_id, "mutations": [mutation]})
    assert pushed.json()["results"][0]["result"] == "applied", pushed.text
    headers = [(b"authorization", f"Bearer {worker.token}".encode()),
               (b"carefolio-protocol", b"1"), (b"carefolio-schema", b"3"),
               (b"content-range", b"bytes 0-99999/100000"), (b"content-length", b"100000"),
               (b"content-type", b"application/octet-stream")]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "PUT",
             "scheme": "http", "path": f"/sync/attachments/{sha}", "raw_path": b"",
             "query_string": b"", "headers": headers, "client": ("127.0.0.1", 5000),
             "server": ("testserver", 80), "root_path": ""}
    incoming = [{"type": "http.request", "body": b"x" * 1000, "more_body": True},
                {"type": "http.disconnect"}]
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    await app(scope, receive, send)  # raises nothing
    lines = parsed(log_lines)
    assert not [line for line in lines if line["level"] in ("error", "critical")], lines
    assert not [line for line in lines if "trace" in line], lines
    gone = [line for line in lines if line["msg"].startswith("client went away")]
    assert gone and gone[0]["msg"] == "client went away during PUT /sync/attachments/{sha256}"
