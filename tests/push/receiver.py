"""A local push service on 127.0.0.1 standing in for FCM/Mozilla's: it checks each request
as a real one would (VAPID JWT signature, audience, expiry; TTL; aes128gcm body decrypted
with the subscription's private key) and answers 201, or 410/429/500 when told to.

Runs its own event loop in a thread, so tests (sync or async) and server subprocesses can
all push to it.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import http_ece
from aiohttp import web
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64e(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass
class Device:
    name: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes

    def info(self, origin: str) -> dict[str, Any]:
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        return {"endpoint": f"{origin}/push/{self.name}",
                "keys": {"p256dh": b64e(point), "auth": b64e(self.auth)}}


@dataclass
class Received:
    device: str
    payload: dict[str, Any]
    ttl: int
    urgency: str | None

    @property
    def fields(self) -> dict[str, Any]:
        """The declarative message's notification text and data, checked against the format."""
        from tests.push.declarative import fields

        return fields(self.payload)


@dataclass
class Rejected:
    device: str
    reason: str


@dataclass
class Receiver:
    expected_key: str | None = None  # the server's VAPID public key, when known
    check: bool = True  # False: answer 201 at once (for benchmarks of the sender alone)
    devices: dict[str, Device] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    answers: dict[str, deque[tuple[int, dict[str, str]]]] = field(default_factory=dict)
    attempts: int = 0
    port: int = 0
    _loop: asyncio.AbstractEventLoop | None = None
    _thread: threading.Thread | None = None
    _runner: web.AppRunner | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def subscribe(self, name: str | None = None) -> dict[str, Any]:
        name = name or os.urandom(6).hex()
        device = Device(name, ec.generate_private_key(ec.SECP256R1()), os.urandom(16))
        self.devices[name] = device
        return device.info(self.origin)

    def answer(self, name: str, status: int, times: int = 1, **headers: str) -> None:
        """Answer the next `times` pushes to this device with `status`."""
        queue = self.answers.setdefault(name, deque())
        queue.extend([(status, headers)] * times)

    def for_device(self, name: str) -> list[Received]:
        with self._lock:
            return [r for r in self.received if r.device == name]

    # --- checks a push service makes -------------------------------------------------

    def _check_vapid(self, header: str) -> str | None:
        if not header.startswith("vapid "):
            return "no vapid authorization"
        parts = dict(p.strip().split("=", 1) for p in header[6:].split(","))
        token, key = parts.get("t", ""), parts.get("k", "")
        if self.expected_key is not None and key != self.expected_key:
            return "unexpected VAPID key"
        try:
            head, body, signature = token.split(".")
            public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64d(key))
            raw = b64d(signature)
            der = encode_dss_signature(int.from_bytes(raw[:32], "big"),
                                       int.from_bytes(raw[32:], "big"))
            public.verify(der, f"{head}.{body}".encode(), ec.ECDSA(hashes.SHA256()))
        except (ValueError, InvalidSignature):
            return "bad VAPID signature"
        if json.loads(b64d(head)).get("alg") != "ES256":
            return "VAPID alg is not ES256"
        claims = json.loads(b64d(body))
        if claims.get("aud") != self.origin:
            return f"wrong audience {claims.get('aud')!r}"
        exp = int(claims.get("exp", 0))
        if not time.time() < exp <= time.time() + 24 * 3600:
            return "VAPID token expired or lives more than 24 h"
        if not str(claims.get("sub", "")).startswith(("mailto:", "https://")):
            return "no sub claim"
        return None

    async def _push(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        with self._lock:
            self.attempts += 1
        if not self.check:
            await request.read()
            return web.Response(status=201)
        problem = self._check_vapid(request.headers.get("Authorization", ""))
        if problem is None and "TTL" not in request.headers:
            problem = "no TTL header"
        if problem is None and request.headers.get("Content-Encoding") != "aes128gcm":
            problem = "not aes128gcm"
        device = self.devices.get(name)
        if device is None:
            return web.Response(status=404)
        if problem:
            with self._lock:
                self.rejected.append(Rejected(name, problem))
            return web.Response(status=403, text=problem)
        queue = self.answers.get(name)
        if queue:
            status, headers = queue.popleft()
            return web.Response(status=status, headers=headers)
        body = await request.read()
        try:
            plain = http_ece.decrypt(body, private_key=device.private_key,
                                     auth_secret=device.auth, version="aes128gcm")
        except Exception as exc:  # noqa: BLE001 - any failure is a bad body
            with self._lock:
                self.rejected.append(Rejected(name, f"cannot decrypt: {exc}"))
            return web.Response(status=400)
        with self._lock:
            self.received.append(Received(name, json.loads(plain), int(request.headers["TTL"]),
                                          request.headers.get("Urgency")))
        return web.Response(status=201)

    # --- lifecycle -------------------------------------------------------------------

    def start(self) -> Receiver:
        ready = threading.Event()

        async def boot() -> None:
            app = web.Application()
            app.router.add_post("/push/{name}", self._push)
            self._runner = web.AppRunner(app, access_log=None)
            await self._runner.setup()
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            await site.start()
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            self._loop.run_until_complete(boot())
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        assert self._loop is not None and self._runner is not None
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread:
            self._thread.join(10)
        self._loop.close()
