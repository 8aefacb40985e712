"""A real `carefolio serve`: its whole output through setup, sign-in and signed-in requests
holds JSON access lines with request ids, and never the email, password or session token."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.support.live_server import LiveServer

EMAIL = "ann.operator@example.test"
PASSWORD = "a long and private passphrase"


@pytest.fixture
def server(tmp_path: Path):  # type: ignore[no-untyped-def]
    live = LiveServer(tmp_path / "data").start()
    try:
        yield live
    finally:
        live.stop()


def sign_in_flow(server: LiveServer) -> tuple[str, list[str]]:
    setup_token = parse_qs(urlsplit(server.setup_link()).fragment.split("?", 1)[1])["token"][0]
    ids: list[str] = []
    with httpx.Client(base_url=server.url, timeout=10) as http:
        answer = http.post("/api/setup", json={
            "token": setup_token, "email": EMAIL, "display_name": "Ann Operator",
            "password": PASSWORD, "organisation_name": "Riverside Care"})
        assert answer.status_code in (200, 201), answer.text
        ids.append(answer.headers["x-request-id"])
        wrong = http.post("/api/auth/sign-in", json={"email": EMAIL, "password": "wrong guess"})
        assert wrong.status_code == 401
        ids.append(wrong.headers["x-request-id"])
        signed = http.post("/api/auth/sign-in",
                           json={"email": EMAIL, "password": PASSWORD, "client": "api"})
        token = signed.json()["token"]
        ids.append(signed.headers["x-request-id"])
        bearer = {"Authorization": f"Bearer {token}"}
        for path in ("/api/me", "/api/me/devices"):
            answer = http.get(path, headers=bearer)
            assert answer.status_code == 200
            ids.append(answer.headers["x-request-id"])
        ids.append(http.post("/api/auth/sign-out", headers=bearer).headers["x-request-id"])
    return token, ids


def test_a_sign_in_flow_leaves_json_access_lines_and_no_personal_data(server: LiveServer) -> None:
    token, ids = sign_in_flow(server)
    server.stop()
    output = "".join(server.output)
    assert EMAIL not in output and EMAIL.split("@")[0] not in output
    assert PASSWORD not in output and token not in output and "Ann Operator" not in output
    records = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    access = [r for r in records if r["logger"] == "carefolio.access"]
    assert [r["request_id"] for r in access if r["request_id"] in ids] == ids
    me = next(r for r in access if r["route"] == "/api/me")
    assert isinstance(me["user_id"], int) and me["status"] == 200
    assert any(r["logger"].startswith("uvicorn") for r in records)
