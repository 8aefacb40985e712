"""deploy/nginx/carefolio.conf in front of two `carefolio serve` processes on PostgreSQL
sharing one data directory: TLS with HTTP/2, balancing, compression, cache rules, body
limits, request ids, and the live event stream crossing processes unbuffered."""

from __future__ import annotations

import json
import os
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest

from server.accounts.throttle import LIMITS
from sync.messages import SCHEMA_VERSION
from tests.ops.nginx_proxy import Proxy
from tests.support.aio import run as run_coroutine
from tests.support.live_server import LiveServer
from tests.support.postgres import PostgresTestServer

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

SYNC_HEADERS = {"Carefolio-Protocol": "1", "Carefolio-Schema": str(SCHEMA_VERSION)}


class Stack:
    def __init__(self, proxy: Proxy, apps: list[LiveServer], database_url: str) -> None:
        self.proxy, self.apps, self.database_url = proxy, apps, database_url

    def client(self, timeout: httpx.Timeout | float = 10) -> httpx.Client:
        return httpx.Client(base_url=self.proxy.url, verify=str(self.proxy.cert), timeout=timeout)

    def access_lines(self) -> list[dict[str, object]]:
        return [json.loads(line) for line in self.proxy.access_log.read_text().splitlines()]

    def logged(self, field: str, wanted: set[str]) -> set[str]:
        """The values of `field` in nginx's access log, once `wanted` are all there (nginx
        writes a line just after the response, so give it a moment)."""
        deadline = time.monotonic() + 3
        while True:
            seen = {str(line[field]) for line in self.access_lines()}
            if wanted <= seen or time.monotonic() > deadline:
                return seen
            time.sleep(0.05)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    base = os.environ.get("CAREFOLIO_TEST_POSTGRES_URL",
                          "postgres://postgres@127.0.0.1:5432/carefolio_test")
    database = PostgresTestServer(urlunsplit(urlsplit(base)._replace(path="/carefolio_proxy")))
    problem = database.prepare()
    url = database.url
    if problem:
        if os.environ.get("CAREFOLIO_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required but unavailable: {problem}")
        pytest.skip(f"PostgreSQL unavailable: {problem}")
    shared = tmp_path_factory.mktemp("shared-data")
    apps = [LiveServer(shared, "--database-url", url) for _ in range(2)]
    proxy = Proxy(tmp_path_factory.mktemp("nginx"), [app.port for app in apps])
    try:
        for app in apps:
            app.start()
        proxy.start()
        yield Stack(proxy, apps, url)
    finally:
        proxy.stop()
        for app in apps:
            app.stop()
        database.drop()


def test_nginx_accepts_the_configuration(stack: Stack) -> None:
    result = stack.proxy.check()
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_tls_offers_http2(stack: Stack) -> None:
    context = ssl.create_default_context(cafile=str(stack.proxy.cert))
    context.set_alpn_protocols(["h2", "http/1.1"])
    with socket.create_connection(("127.0.0.1", stack.proxy.tls_port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            assert tls.selected_alpn_protocol() == "h2"
            assert tls.version() in ("TLSv1.2", "TLSv1.3")


def test_plain_http_is_sent_to_https(stack: Stack) -> None:
    answer = httpx.get(f"http://127.0.0.1:{stack.proxy.http_port}/api/me", follow_redirects=False)
    assert answer.status_code == 301
    assert answer.headers["location"].startswith("https://")


def test_requests_are_shared_between_both_app_processes(stack: Stack) -> None:
    with stack.client() as http:
        for _ in range(8):
            assert http.get("/healthz").status_code == 200
    both = {f"127.0.0.1:{app.port}" for app in stack.apps}
    assert both <= stack.logged("upstream", both)


def test_the_proxys_request_id_reaches_the_app_and_comes_back(stack: Stack) -> None:
    with stack.client() as http:
        answer = http.get("/healthz", headers={"X-Request-Id": "made-up-by-the-client"})
    rid = answer.headers["x-request-id"]
    assert rid != "made-up-by-the-client" and len(rid) == 32
    assert rid in stack.logged("request_id", {rid})


def test_text_assets_are_compressed(stack: Stack) -> None:
    with stack.client() as http:
        script = http.get("/js/app.js", headers={"Accept-Encoding": "gzip"})
        icon = http.get("/icons/icon-192.png", headers={"Accept-Encoding": "gzip"})
    assert script.status_code == 200 and script.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in script.headers["vary"].lower()
    assert "content-encoding" not in icon.headers


def test_the_shell_and_service_worker_are_revalidated_and_versioned_assets_kept_a_year(stack: Stack) -> None:
    with stack.client() as http:
        answers = {path: http.get(path) for path in
                   ("/", "/sw.js", "/js/app.js", "/js/app.js?v=3f2a9c1", "/css/app.css?v=7")}
    for path, answer in answers.items():
        assert answer.status_code == 200, path
        assert len(answer.headers.get_list("cache-control")) == 1, path
    for path in ("/", "/sw.js", "/js/app.js"):
        assert answers[path].headers["cache-control"] == "no-cache", path
    for path in ("/js/app.js?v=3f2a9c1", "/css/app.css?v=7"):
        assert answers[path].headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "script-src 'self'" in answers["/"].headers["content-security-policy"]


def test_a_body_over_the_apps_limit_gets_the_apps_json_error_from_the_proxy(stack: Stack) -> None:
    with stack.client() as http:
        too_big = http.post("/api/auth/sign-in", content=b"x" * 1_100_000,
                            headers={"Content-Type": "application/json"})
        within = http.post("/api/auth/sign-in", content=b"x" * 1_000_000,
                           headers={"Content-Type": "application/json"})
    assert too_big.status_code == 413
    assert too_big.json()["error"]["code"] == "body_too_large"
    assert within.status_code == 400 and within.json()["error"]["code"] == "invalid_json"


def test_metrics_are_not_served_through_the_proxy_but_are_on_the_process(stack: Stack) -> None:
    with stack.client() as http:
        assert http.get("/metrics").status_code == 404
    direct = httpx.get(f"{stack.apps[0].url}/metrics")
    assert direct.status_code == 200 and "carefolio_http_requests_total" in direct.text


async def signed_in_worker(database_url: str) -> tuple[int, str, str]:
    from server import db
    from server.accounts.sessions import open_session
    from server.models import Membership, Organisation, Role, User

    await db.connect(database_url)
    try:
        org = await Organisation.create(name="Proxy Care")
        user = await User.create(email="live@example.test", display_name="Live Worker",
                                 password_hash="x")
        await Membership.create(user=user, organisation=org, role=Role.WORKER)
        token, session = await open_session(user.id, None, "test", datetime.now(UTC))
    finally:
        await db.disconnect()
    return user.id, token, session.device_id


class EventReader(threading.Thread):
    def __init__(self, stack: Stack, token: str) -> None:
        super().__init__(daemon=True)
        self.stack, self.token = stack, token
        self.events: list[tuple[float, dict[str, object]]] = []
        self.ready = threading.Event()

    def run(self) -> None:
        headers = {**SYNC_HEADERS, "Authorization": f"Bearer {self.token}"}
        with self.stack.client(timeout=httpx.Timeout(10, read=30)) as http:
            with http.stream("GET", "/sync/events", headers=headers) as stream:
                for line in stream.iter_lines():
                    if line.startswith("event: hello"):
                        self.ready.set()
                    if line.startswith("data: ") and self.ready.is_set():
                        payload = json.loads(line[6:])
                        if "version" in payload:
                            self.events.append((time.monotonic(), payload))
                    if len(self.events) >= 2:
                        return


def test_a_change_pushed_to_either_process_is_streamed_live_through_the_proxy(stack: Stack) -> None:
    worker_id, token, device_id = run_coroutine(signed_in_worker(stack.database_url))
    scope = f"portfolio:{worker_id}"
    reader = EventReader(stack, token)
    reader.start()
    assert reader.ready.wait(10), "no hello event through the proxy"
    pushed_at = []
    for n, app in enumerate(stack.apps, start=1):  # one of them is not the stream's process
        mutation = {"op": "create", "n": n, "scope": scope, "entity": "evidence", "id": f"ev-{n}",
                    "fields": {"kind": "observation", "title": "Hoist transfer",
                               "occurred_at": "2025-05-30"}}
        answer = httpx.post(f"{app.url}/sync/push", headers={
            **SYNC_HEADERS, "Authorization": f"Bearer {token}"},
            json={"device_id": device_id, "mutations": [mutation]})
        assert answer.json()["results"][0]["result"] == "applied", answer.text
        pushed_at.append(time.monotonic())
    reader.join(10)
    assert [e["version"] for _, e in reader.events] == [1, 2]
    assert all(e["scope"] == scope for _, e in reader.events)
    latency = max(seen - pushed for (seen, _), pushed in zip(reader.events, pushed_at, strict=True))
    print(f"live event latency across processes via nginx: {latency * 1000:.1f} ms")
    assert latency < 2.0, latency


def test_a_forged_x_forwarded_for_does_not_escape_the_per_address_sign_in_throttle(stack: Stack) -> None:
    """Each attempt names a new account (the per-account limit never bites) and claims a new
    address; the proxy replaces the claim with the real one, so the 30-per-address limit holds."""
    limit = LIMITS["address"]
    answers = []
    with stack.client(timeout=30) as http:
        for attempt in range(limit + 1):
            answer = http.post("/api/auth/sign-in", headers={
                "X-Forwarded-For": f"203.0.113.{attempt + 1}"}, json={
                "email": f"nobody{attempt}@example.test", "password": "a guess"})
            answers.append(answer.status_code)
    assert answers[:limit] == [401] * limit
    assert answers[limit] == 429, answers
