"""The smallest sync endpoint that does a push's and a pull's work: a bound for bench/peers.py.

Starlette + msgspec + the standard library's sqlite3 (one connection, WAL, statements run
on the event loop's thread: no hand-over). A push decodes the same body a Carefolio push
takes, writes each create as a row (fields as JSON) in one transaction and answers one result
per mutation; a pull returns a scope's rows after a sequence number, stored JSON passed
through. No authentication, no merge, no read models: what is left of a push when every
rule is taken away.

    CAREFOLIO_MINIMAL_DB=/tmp/m.sqlite3 uvicorn bench.minimal_app:app --port 0
"""

from __future__ import annotations

import os
import sqlite3
from typing import Any

import msgspec
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


class Create(msgspec.Struct, tag="create", tag_field="op"):
    n: int
    scope: str
    entity: str
    id: str
    fields: dict[str, Any] = {}


class PushRequest(msgspec.Struct):
    device_id: str
    mutations: list[Create]


class Result(msgspec.Struct):
    n: int
    result: str
    version: int


class PushResponse(msgspec.Struct):
    results: list[Result]


class PullRequest(msgspec.Struct):
    scope: str
    after: int = 0
    limit: int = 5000


class Row(msgspec.Struct):
    id: str
    entity: str
    version: int
    fields: msgspec.Raw


class PullResponse(msgspec.Struct):
    records: list[Row]
    cursor: int
    more: bool


_push = msgspec.json.Decoder(PushRequest).decode
_pull = msgspec.json.Decoder(PullRequest).decode
_encode = msgspec.json.Encoder().encode

db = sqlite3.connect(os.environ.get("CAREFOLIO_MINIMAL_DB", ":memory:"), isolation_level=None,
                     check_same_thread=False)
db.execute("PRAGMA journal_mode=WAL")
db.execute("CREATE TABLE IF NOT EXISTS record (seq INTEGER PRIMARY KEY, scope TEXT NOT NULL, "
           "rid TEXT NOT NULL, entity TEXT NOT NULL, fields_json TEXT NOT NULL, "
           "UNIQUE (scope, rid))")


async def push(request: Request) -> Response:
    body = _push(await request.body())
    rows = [(m.scope, m.id, m.entity, _encode(m.fields).decode()) for m in body.mutations]
    db.execute("BEGIN")
    try:
        top = db.execute("SELECT COALESCE(MAX(seq), 0) FROM record").fetchone()[0]
        db.executemany("INSERT INTO record (scope, rid, entity, fields_json) VALUES (?, ?, ?, ?)",
                       rows)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    results = [Result(m.n, "applied", top + i + 1) for i, m in enumerate(body.mutations)]
    return Response(_encode(PushResponse(results)), media_type="application/json")


async def pull(request: Request) -> Response:
    body = _pull(await request.body())
    cursor = db.execute(
        "SELECT rid, entity, seq, fields_json FROM record WHERE scope = ? AND seq > ? "
        "ORDER BY seq LIMIT ?", (body.scope, body.after, body.limit + 1))
    rows = cursor.fetchall()
    more = len(rows) > body.limit
    records = [Row(r[0], r[1], r[2], msgspec.Raw(r[3].encode())) for r in rows[:body.limit]]
    last = records[-1].version if records else body.after
    return Response(_encode(PullResponse(records, last, more)), media_type="application/json")


async def health(request: Request) -> Response:
    return Response(b"ok")


app = Starlette(routes=[Route("/push", push, methods=["POST"]),
                        Route("/pull", pull, methods=["POST"]),
                        Route("/healthz", health)])
