"""Shapes an attacker's fuzzer found to give 500s (issue 14.7), on SQLite and PostgreSQL: each
gets a precise 4xx with a code and a message, and the server keeps answering."""

from __future__ import annotations

import pytest

from server.routes.sync import VERSION_HEADERS
from tests.standards.helpers import FIXTURES
from tests.support.people import People
from tests.support.routes import api_routes, body_routes

JSON = {"Content-Type": "application/json", **VERSION_HEADERS}
DEEP = 1_000


def _deep(depth: int = DEEP) -> bytes:
    return b"[" * depth + b"]" * depth


NESTED_BODIES = {
    "a nested array as the whole body": _deep(),
    "a nested array in a field": b'{"email": ' + _deep() + b', "password": "x"}',
    "nested objects": b'{"a": ' * DEEP + b"1" + b"}" * DEEP,
}


def _assert_precise(answer, what: object) -> None:  # type: ignore[no-untyped-def]
    assert 400 <= answer.status_code < 500, (what, answer.status_code, answer.text[:300])
    error = answer.json()["error"]
    assert error["code"] and error["message"], (what, error)


@pytest.mark.parametrize("shape", sorted(NESTED_BODIES))
async def test_deeply_nested_json_gets_a_4xx_on_every_json_endpoint(app, people: People, shape: str) -> None:  # type: ignore[no-untyped-def]
    caller = await people.signed_in(
        "administrator", "worker", "assessor", "quality_assurer", superadmin=True
    )
    anonymous = people.client_for(None)
    for method, path, _ in body_routes(app):
        for client in (anonymous, caller.client):
            answer = await client.request(method, path, content=NESTED_BODIES[shape], headers=JSON)
            _assert_precise(answer, (shape, method, path))


async def test_deeply_nested_values_in_a_push_get_a_4xx(people: People) -> None:
    worker = await people.signed_in("worker")
    body = (b'{"device_id": "' + worker.device_id.encode() + b'", "mutations": [{"op": "create",'
            b' "n": 1, "scope": "portfolio:' + str(worker.id).encode() + b'", "entity": "evidence",'
            b' "id": "ev-1", "fields": {"title": ' + _deep() + b"}}]}")
    answer = await worker.client.post("/sync/push", content=body, headers=JSON)
    _assert_precise(answer, "push")


async def test_a_standard_code_of_64_characters_or_more_gets_a_4xx(people: People) -> None:
    admin = await people.signed_in("administrator", "assessor")
    code = "SCDHSC" + "9" * 70
    document = (FIXTURES / "pdf" / "SCDHSC0389.pdf").read_bytes()
    for path in (f"/api/library/standards/{code}", f"/api/library/standards/{code}/diff",
                 f"/api/assessment/queue?standard={code}"):
        _assert_precise(await admin.client.get(path), path)
    for path in (f"/api/library/imports?code={code}&filename=x.pdf",
                 f"/api/library/preview?code={code}&filename=x.pdf"):
        answer = await admin.client.post(path, content=document,
                                         headers={"Content-Type": "application/pdf"})
        _assert_precise(answer, path)
    enrol = await admin.client.post("/api/admin/enrolments", json={
        "worker_id": admin.id, "assessor_id": admin.id, "standard_code": code})
    _assert_precise(enrol, "enrolment")


async def test_a_push_to_a_scope_number_beyond_the_database_integer_gets_a_4xx(people: People) -> None:
    worker = await people.signed_in("worker")
    for number in ("99999999999", "2147483648", "9" * 400):
        answer = await worker.client.post("/sync/push", headers=JSON, json={
            "device_id": worker.device_id, "mutations": [{
                "op": "create", "n": 1, "scope": f"portfolio:{number}", "entity": "evidence",
                "id": "ev-1", "fields": {"kind": "observation", "title": "Hoist"}}]})
        assert answer.status_code < 500, (number, answer.text)
        pull = await worker.client.post("/sync/pull", headers=JSON, json={
            "scopes": {f"portfolio:{number}": 0}})
        assert pull.status_code < 500, (number, pull.text)


async def test_a_nul_in_any_path_or_query_gets_a_4xx(app, people: People) -> None:  # type: ignore[no-untyped-def]
    caller = await people.signed_in(
        "administrator", "worker", "assessor", "quality_assurer", superadmin=True
    )
    seen = set()
    for method, path, _ in api_routes(app):
        if method != "GET" or path in seen or path == "/sync/events":  # a stream: never ends
            continue
        seen.add(path)
        for target in (path.rstrip("/") + "/a%00b", path + "?q=a%00b&subject_type=%00&standard=%00"):
            answer = await caller.client.get(target, headers=VERSION_HEADERS)
            assert answer.status_code < 500, (target, answer.text[:200])
    for target in ("/api/audit?subject_type=a%00b", "/api/audit?subject_id=%00",
                   "/api/library/standards/SCD%00HSC", "/api/library/search?q=care%00",
                   "/api/admin/members/1/roles/work%00er"):
        answer = await caller.client.request(
            "DELETE" if "roles" in target else "GET", target, headers=VERSION_HEADERS)
        _assert_precise(answer, target)
        assert answer.json()["error"]["code"] == "nul_character", target
