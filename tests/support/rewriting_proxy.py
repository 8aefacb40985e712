"""A small HTTP proxy for browser tests that need the server to change under a running app
(a new service worker, say): it forwards every request to the real server, and answers a
path with rewritten text when told to. Playwright cannot route the browser's own fetch of a
service worker script, so the change has to come from the network side."""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
              "proxy-authorization", "proxy-authenticate", "content-length"}


class RewritingProxy:
    """`http://127.0.0.1:<port>` in front of `upstream`. `rewrite[path] = f` makes the proxy
    answer GET `path` with f(upstream text); `delay[path] = seconds` holds every request
    for `path` that long before forwarding it, and `peak[path]` records how many were in
    flight at once. The live event stream is not proxied (it answers 503; the app falls back
    to its timers)."""

    def __init__(self, upstream: str) -> None:
        self.upstream = urlsplit(upstream)
        self.rewrite: dict[str, Callable[[str], str]] = {}
        self.delay: dict[str, float] = {}
        self.peak: dict[str, int] = {}
        self._active: dict[str, int] = {}
        self._count = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

            def _forward(self) -> None:
                path = self.path.split("?")[0]
                if path == "/sync/events":
                    self._answer(503, [("Retry-After", "60")], b"")
                    return
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                if path in proxy.delay:
                    with proxy._counting(path):
                        time.sleep(proxy.delay[path])
                        self._send_upstream(path, body)
                    return
                self._send_upstream(path, body)

            def _send_upstream(self, path: str, body: bytes | None) -> None:
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                change = proxy.rewrite.get(path) if self.command == "GET" else None
                if change:
                    headers.pop("Accept-Encoding", None)
                conn = http.client.HTTPConnection(proxy.upstream.hostname, proxy.upstream.port,
                                                  timeout=30)
                try:
                    conn.request(self.command, self.path, body=body, headers=headers)
                    answer = conn.getresponse()
                    content = answer.read()
                    if change and answer.status == 200:
                        content = change(content.decode()).encode()
                    kept = [(k, v) for k, v in answer.getheaders() if k.lower() not in HOP_BY_HOP]
                    self._answer(answer.status, kept, content)
                finally:
                    conn.close()

            def _answer(self, status: int, headers: list[tuple[str, str]], content: bytes) -> None:
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(content)

            do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @contextmanager
    def _counting(self, path: str) -> Iterator[None]:
        with self._count:
            self._active[path] = self._active.get(path, 0) + 1
            self.peak[path] = max(self.peak.get(path, 0), self._active[path])
        try:
            yield
        finally:
            with self._count:
                self._active[path] -= 1

    def __enter__(self) -> RewritingProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
