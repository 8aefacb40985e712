"""Probes, headers and the published contract."""

from __future__ import annotations

import re

import httpx

from tests.support.routes import api_routes


async def test_healthz_reports_the_database_answering(client: httpx.AsyncClient) -> None:
    answer = await client.get("/healthz")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "database": "ok"}


async def test_every_response_carries_the_security_headers(client: httpx.AsyncClient) -> None:
    for path in ("/", "/healthz", "/api/me", "/nowhere", "/js/app.js"):
        headers = (await client.get(path)).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert "strict-transport-security" not in headers


async def test_hsts_is_sent_when_served_over_tls(app) -> None:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as tls:
        answer = await tls.get("/healthz")
    assert answer.headers["strict-transport-security"].startswith("max-age=")


async def test_api_answers_are_never_cached(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/setup")).headers["cache-control"] == "no-store"


async def test_unknown_paths_get_a_json_404(client: httpx.AsyncClient) -> None:
    answer = await client.get("/no/such/thing")
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "not_found"


async def test_openapi_lists_every_route_with_its_access_rule(app, client: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    spec = (await client.get("/openapi.json")).json()
    assert spec["openapi"].startswith("3.")
    operations = {
        (method.upper(), path) for path, item in spec["paths"].items() for method in item
    }
    for method, path, _ in api_routes(app):
        if path in ("/", "/sw.js", "/manifest.webmanifest", "/openapi.json"):
            continue
        template = path.replace("/1", "/{x}")
        assert any(m == method and p.count("/") == path.count("/") for m, p in operations), template
    sign_in = spec["paths"]["/api/auth/sign-in"]["post"]
    schema_ref = sign_in["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert schema_ref.endswith("/SignInRequest")
    assert "email" in spec["components"]["schemas"]["SignInRequest"]["properties"]


async def test_the_service_worker_and_shell_are_not_cached_by_http(client: httpx.AsyncClient) -> None:
    for path in ("/", "/sw.js", "/manifest.webmanifest"):
        assert (await client.get(path)).headers["cache-control"] == "no-cache"


async def test_text_answers_are_compressed_for_clients_that_accept_gzip(client: httpx.AsyncClient) -> None:
    answer = await client.get("/js/app.js", headers={"Accept-Encoding": "gzip"})
    assert answer.headers["content-encoding"] == "gzip"
    assert answer.headers["content-security-policy"]
    spec = await client.get("/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert spec.headers["content-encoding"] == "gzip" and spec.json()["openapi"]


async def test_a_version_header_that_is_not_a_number_is_called_invalid_not_missing(people) -> None:  # type: ignore[no-untyped-def]
    worker = await people.signed_in("worker")
    cases: dict[tuple[str | bytes, str], str] = {
        ("abc", "3"): "protocol_version_invalid",
        ("1", "abc"): "schema_version_invalid",
        ("1", "-2"): "schema_version_invalid",
        ("\u0661".encode(), "3"): "protocol_version_invalid",  # an Arabic-Indic one
        ("1", "9" * 5000): "schema_version_invalid",
    }
    for (protocol, schema), code in cases.items():
        headers: dict[str, str | bytes] = {"Carefolio-Protocol": protocol, "Carefolio-Schema": schema}
        answer = await worker.client.post("/sync/pull", json={"scopes": {}}, headers=headers)
        assert answer.status_code == 400, (protocol, schema)
        error = answer.json()["error"]
        assert error["code"] == code, (protocol, schema, error)
        assert "whole number" in error["message"]
    missing = await worker.client.post("/sync/pull", json={"scopes": {}})
    assert missing.json()["error"]["code"] == "protocol_version_missing"


async def test_openapi_declares_every_path_parameter_and_head_where_get_is(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    for path, item in spec["paths"].items():
        named = set(re.findall(r"{([^}]+)}", path))
        for method, operation in item.items():
            declared = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
            assert declared == named, (method, path)
        if "get" in item:
            assert "head" in item, path
    attachment = spec["paths"]["/sync/attachments/{sha256}"]
    assert set(attachment) == {"get", "head", "put"}
    assert attachment["head"]["parameters"][0]["name"] == "sha256"


async def test_a_wrong_method_is_answered_with_every_method_the_path_allows(app, client: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    by_path: dict[str, set[str]] = {}
    for method, path, _ in api_routes(app):
        by_path.setdefault(path, set()).add(method)
    several = {path: methods for path, methods in by_path.items() if len(methods) > 1}
    assert "/api/setup" in several and "/api/push/subscription" in several
    for path, methods in several.items():
        wrong = next(m for m in ("PATCH", "PUT", "DELETE", "POST") if m not in methods)
        answer = await client.request(wrong, path)
        assert answer.status_code == 405, path
        allowed = {m.strip() for m in answer.headers["allow"].split(",")}
        assert methods <= allowed, (path, allowed)
        assert answer.json()["error"]["code"] == "method_not_allowed"


async def test_get_on_the_invitation_accept_path_is_not_read_as_a_token(client: httpx.AsyncClient) -> None:
    answer = await client.get("/api/invites/accept")
    assert answer.status_code == 405
    assert answer.headers["allow"] == "POST"
    unknown = await client.get("/api/invites/a-token-nobody-issued")
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "link_unknown"
