"""JSON or MessagePack on the wire? Prints figures for one pull page and one push batch.

    .venv/bin/python bench/wire_format.py      # last line: the JSON figures

A pull page of 1,000 realistic evidence records (what a new phone's first page holds) and a
push batch of 100 creates are encoded and decoded both ways with msgspec, the library the
server uses. The server keeps each record's fields as stored JSON text and sends it as
`msgspec.Raw` without decoding it; MessagePack cannot carry JSON text as is, so the server
would have to decode every record's fields and encode them again. Sizes are given raw and
gzipped (level 6, as nginx and the app send them). Timings are the best of 20 runs.
"""

from __future__ import annotations

import gzip
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the package, not bench/sync.py

from sync.messages import PullResponse, PushRequest, RecordOut, ScopeChanges  # noqa: E402

RUNS = 20
WORDS = ("support", "dignity", "choice", "hoist", "family", "medication", "consent", "record",
         "listened", "explained", "preferences", "safely", "respect", "routine", "plan")


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _fields(rng: random.Random, i: int) -> dict[str, Any]:
    return {
        "kind": "reflection", "title": _text(rng, 6), "occurred_at": "2026-11-02T14:30:00Z",
        "description": _text(rng, 90),
        "reflection": {"model": "gibbs", "stages": {s: _text(rng, 40) for s in (
            "description", "feelings", "evaluation", "analysis", "conclusion", "action_plan")}},
        "criteria": [f"SCDHSC0389/1/P{rng.randint(1, 25)}" for _ in range(3)],
        "attachments": [], "status": "submitted", "status_reason": None,
        "occurred_in_future": False, "duration_minutes": 45 + i % 30,
    }


def _page(rng: random.Random) -> tuple[list[tuple[str, str]], list[dict[str, Any]]]:
    stored = []  # (fields_json, versions_json) as the database holds them
    for i in range(1000):
        fields = _fields(rng, i)
        stored.append((json.dumps(fields), json.dumps({name: 7 + i for name in fields})))
    return stored, [json.loads(f) for f, _ in stored]


def _best(run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(RUNS):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def _response(records: list[RecordOut]) -> PullResponse:
    return PullResponse(scopes=[ScopeChanges("portfolio:7", "e.9", records, False, False, False)],
                        revoked=[], more=False, server_time="2026-11-22T10:00:00+00:00")


def main() -> None:
    rng = random.Random(7)
    stored, _ = _page(rng)
    as_raw = [RecordOut("evidence", f"id{i}", 7 + i, created_by=7, fields=msgspec.Raw(f.encode()),
                        versions=msgspec.Raw(v.encode())) for i, (f, v) in enumerate(stored)]
    decode_fields = msgspec.json.Decoder(dict[str, Any]).decode
    decode_versions = msgspec.json.Decoder(dict[str, int]).decode

    def json_pull() -> bytes:  # what the server does today: stored JSON passed through
        return msgspec.json.encode(_response(as_raw))

    def msgpack_pull() -> bytes:  # what MessagePack would need: decode, then encode
        records = [RecordOut("evidence", f"id{i}", 7 + i, created_by=7, fields=decode_fields(f),
                             versions=decode_versions(v)) for i, (f, v) in enumerate(stored)]
        return msgspec.msgpack.encode(_response(records))

    pull_json, pull_msgpack = json_pull(), msgpack_pull()
    client_json = msgspec.json.Decoder(PullResponse)
    client_msgpack = msgspec.msgpack.Decoder(PullResponse)

    batch = {"device_id": "d" * 22, "mutations": [
        {"op": "create", "n": n, "scope": "portfolio:7", "entity": "evidence", "id": f"id{n}",
         "fields": _fields(rng, n)} for n in range(1, 101)]}
    push_json, push_msgpack = msgspec.json.encode(batch), msgspec.msgpack.encode(batch)
    server_json = msgspec.json.Decoder(PushRequest)
    server_msgpack = msgspec.msgpack.Decoder(PushRequest)

    figures = {
        "pull_1000_json_bytes": len(pull_json),
        "pull_1000_msgpack_bytes": len(pull_msgpack),
        "pull_1000_json_gzip_bytes": len(gzip.compress(pull_json, 6)),
        "pull_1000_msgpack_gzip_bytes": len(gzip.compress(pull_msgpack, 6)),
        "server_encode_pull_json_ms": round(_best(json_pull), 2),
        "server_encode_pull_msgpack_ms": round(_best(msgpack_pull), 2),
        "client_decode_pull_json_ms": round(_best(lambda: client_json.decode(pull_json)), 2),
        "client_decode_pull_msgpack_ms": round(
            _best(lambda: client_msgpack.decode(pull_msgpack)), 2),
        "push_100_json_bytes": len(push_json),
        "push_100_msgpack_bytes": len(push_msgpack),
        "push_100_json_gzip_bytes": len(gzip.compress(push_json, 6)),
        "push_100_msgpack_gzip_bytes": len(gzip.compress(push_msgpack, 6)),
        "server_decode_push_json_ms": round(_best(lambda: server_json.decode(push_json)), 3),
        "server_decode_push_msgpack_ms": round(
            _best(lambda: server_msgpack.decode(push_msgpack)), 3),
    }
    for name, value in figures.items():
        print(f"  {name}: {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
