"""Bad requests get a clear 4xx each, and nothing of them is applied."""

from __future__ import annotations

import msgspec
import pytest

from sync.messages import PushResponse
from tests.sync.conftest import Team

HEADERS = {"Carefolio-Protocol": "1", "Carefolio-Schema": "2",
           "Content-Type": "application/json"}


def _create(team: Team, n: int, fields: object) -> dict[str, object]:
    return {"op": "create", "n": n, "scope": team.portfolio, "entity": "evidence",
            "id": f"e{n}", "fields": fields}


def _bodies(team: Team) -> list[tuple[str, bytes, int, str]]:
    device = team.worker.device_id
    good = _create(team, 1, {"kind": "observation"})

    def push(*mutations: object) -> bytes:
        return msgspec.json.encode({"device_id": device, "mutations": list(mutations)})

    return [
        ("malformed JSON", b'{"device_id": "x", "mutations": [', 400, "invalid_json"),
        ("wrong types", push({**good, "n": "one"}), 422, "validation_error"),
        ("unknown mutation kind", push({**good, "op": "merge"}), 422, "validation_error"),
        ("unknown field", push({**good, "colour": "red"}), 422, "validation_error"),
        ("oversized batch",
         push(*[_create(team, n, {"kind": "observation"}) for n in range(1, 502)]),
         413, "batch_too_large"),
        ("huge string", push(good, _create(team, 2, {"kind": "observation",
                                                    "description": "x" * 200_000})),
         413, "string_too_long"),
        ("NUL byte", push(good, _create(team, 2, {"kind": "observation", "title": "a\x00b"})),
         400, "nul_character"),
        ("invalid UTF-8", push(good).replace(b"observation", b"observ\xff\xfetion"),
         400, "invalid_utf8"),
        ("negative counter", push({**good, "n": -1}), 422, "validation_error"),
        ("scope name with a path", push({**good, "scope": "portfolio:../1"}), 422,
         "validation_error"),
    ]


@pytest.mark.parametrize("case", range(10))
async def test_a_bad_push_is_refused_whole_with_a_clear_code(team: Team, case: int) -> None:
    name, body, status, code = _bodies(team)[case]
    response = await team.worker.client.post("/sync/push", content=body, headers=HEADERS)
    assert (response.status_code, response.json()["error"]["code"]) == (status, code), name
    good = msgspec.json.encode({"device_id": team.worker.device_id,
                                "mutations": [_create(team, 1, {"kind": "observation"})]})
    response = await team.worker.client.post("/sync/push", content=good, headers=HEADERS)
    answer = msgspec.json.decode(response.content, type=PushResponse)
    assert [r.result for r in answer.results] == ["applied"], f"{name} moved the counter"


async def test_a_request_without_protocol_versions_is_refused(team: Team) -> None:
    response = await team.worker.client.post("/sync/pull", json={})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "protocol_version_missing"


async def test_sync_needs_a_signed_in_device(team: Team) -> None:
    anonymous = team.people.client_for(None)
    response = await anonymous.post("/sync/pull", json={}, headers=HEADERS)
    assert response.status_code == 401
