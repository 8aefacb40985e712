"""Schemathesis over every operation of /openapi.json (issue 14: "no 500 and no schema
violation on either database"), against a real `carefolio serve --demo` on a SQLite file
and on PostgreSQL, signed in as a person holding every organisation role.

Bounded to run in the normal suite: a fixed number of examples per operation, derandomised
(the same requests every run), no example database. What the server answers must be below
500 and, for a success or an error, match the schema the document declares for it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from server.demo import DEMO_PASSWORD
from server.routes.sync import VERSION_HEADERS
from tests.support.live_server import LiveServer
from tests.support.postgres import PostgresTestServer

EXAMPLES = 8  # per operation: ~110 operations, about 20-40 s per database here under load
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]

# What would end the caller's own session or never answer: the rest are all generated.
SKIPPED = {
    ("POST", "/api/auth/sign-out"),  # ends the session the run uses
    ("POST", "/api/me/password"),  # signs the other devices out
    ("DELETE", "/api/me/devices/{session_id}"),
    ("GET", "/sync/events"),  # a stream that stays open by design
    ("HEAD", "/sync/events"),
}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LiveServer]:
    extra: list[str] = ["--demo", "--log-level", "warning", "--reminder-interval", "0"]
    if request.param == "postgres":
        postgres: PostgresTestServer = request.getfixturevalue("postgres_server")
        postgres.truncate_all()
        extra += ["--database-url", postgres.url]
    live = LiveServer(tmp_path / "data", *extra).start()
    try:
        yield live
    finally:
        live.stop()


def _every_role(base_url: str) -> dict[str, str]:
    """The demo administrator signed in for the API, given every organisation role."""
    with httpx.Client(base_url=base_url, timeout=30) as http:
        signed = http.post("/api/auth/sign-in", json={
            "email": "admin@demo.carefolio", "password": DEMO_PASSWORD, "client": "api"})
        assert signed.status_code == 200, signed.text
        headers = {"Authorization": f"Bearer {signed.json()['token']}", "X-Carefolio": "1"}
        me = http.get("/api/me", headers=headers).json()
        for role in ("worker", "assessor"):
            given_role = http.post(f"/api/admin/members/{me['user_id']}/roles",
                                   json={"role": role}, headers=headers)
            assert given_role.status_code < 300, given_role.text
    return {**headers, **VERSION_HEADERS}


def _run(operation, base_url: str, headers: dict[str, str]) -> list[str]:  # type: ignore[no-untyped-def]
    problems: list[str] = []

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck), phases=[Phase.generate])
    def check(case) -> None:  # type: ignore[no-untyped-def]
        response = case.call(base_url=base_url, headers=headers, timeout=30)
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as failure:
            problems.append(f"{operation.label}: {str(failure)[:1500]}")

    check()
    return problems


def test_every_operation_answers_below_500_and_as_its_schema_says(server: LiveServer) -> None:
    headers = _every_role(server.url)
    schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
    problems: list[str] = []
    ran = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in SKIPPED:
            continue
        problems += _run(operation, server.url, headers)
        ran += 1
    assert ran > 90
    assert not problems, "\n\n".join([*dict.fromkeys(problems), "".join(server.output)[-6000:]])
    assert httpx.get(f"{server.url}/healthz", timeout=10).status_code == 200
