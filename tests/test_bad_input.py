"""Bad input on every endpoint that takes a body: a 4xx with a stable code, never a 500."""

from __future__ import annotations

import msgspec
import pytest

from server.routes.sync import VERSION_HEADERS
from tests.support.people import People
from tests.support.routes import body_routes

# What a well-behaved client sends besides the body, so the body itself is what is judged.
JSON = {"Content-Type": "application/json", **VERSION_HEADERS}


def _all_optional(body_type: type) -> bool:
    return all(
        f.default is not msgspec.NODEFAULT or f.default_factory is not msgspec.NODEFAULT
        for f in msgspec.structs.fields(body_type)
    )

BAD_BODIES = {
    "malformed JSON": (b'{"email": ', {"invalid_json"}),
    "wrong type": (b"[1, 2, 3]", {"validation_error"}),
    "missing fields": (b"{}", {"validation_error"}),
    "NUL byte": (b'{"email": "a\\u0000b@x.test", "password": "x"}', {"nul_character"}),
    "invalid UTF-8": (b'{"email": "\xff\xfe"}', {"invalid_utf8"}),
    "empty": (b"", {"empty_body"}),
    "wrong field types": (b'{"email": 5, "password": [], "token": {}, "name": 1, "role": 2}', {"validation_error"}),
}


@pytest.mark.parametrize("case", sorted(BAD_BODIES))
async def test_bad_bodies_get_a_precise_4xx_on_every_endpoint(app, people: People, case: str) -> None:  # type: ignore[no-untyped-def]
    caller = await people.signed_in(
        "administrator", "worker", "assessor", "quality_assurer", superadmin=True
    )
    raw, codes = BAD_BODIES[case]
    for method, path, body_type in body_routes(app):
        if case == "missing fields" and _all_optional(body_type):
            continue  # a partial update with nothing in it is valid
        answer = await caller.client.request(method, path, content=raw, headers=JSON)
        assert 400 <= answer.status_code < 500, (case, method, path, answer.status_code)
        assert answer.json()["error"]["code"] in codes, (case, path, answer.json())


async def test_an_oversized_body_is_refused_before_it_is_read(app, people: People) -> None:  # type: ignore[no-untyped-def]
    caller = await people.signed_in(
        "administrator", "worker", "assessor", "quality_assurer", superadmin=True
    )
    huge = b'{"name": "' + b"x" * (app.state.context.settings.max_body_bytes + 10) + b'"}'
    for method, path, _ in body_routes(app):
        answer = await caller.client.request(method, path, content=huge, headers=JSON)
        assert answer.status_code == 413, (method, path)
        assert answer.json()["error"]["code"] == "body_too_large"


async def test_a_body_that_is_not_json_is_refused_with_415(app, people: People) -> None:  # type: ignore[no-untyped-def]
    caller = await people.signed_in(
        "administrator", "worker", "assessor", "quality_assurer", superadmin=True
    )
    for method, path, _ in body_routes(app):
        headers = {**JSON, "Content-Type": "application/x-www-form-urlencoded"}
        answer = await caller.client.request(method, path, content=b"email=x", headers=headers)
        assert answer.status_code == 415, (method, path)


async def test_huge_path_numbers_are_not_found_rather_than_errors(people: People) -> None:
    admin = await people.signed_in("administrator")
    answer = await admin.client.post("/api/admin/members/99999999999999999999/reset-link")
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "not_found"
