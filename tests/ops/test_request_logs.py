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
