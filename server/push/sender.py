"""Sending encrypted pushes through pywebpush, in parallel with a bound, with retries.

What a push service's answer means:

    201 (or 200, 202)  delivered to the push service: `delivered`
    404, 410           the subscription is gone: `gone` (the caller deletes it)
    413                the payload is too large: `too_large` (never retried)
    429, 5xx           try again after Retry-After (seconds or an HTTP date), else after an
                       exponential backoff; after `attempts` tries, or when the push service
                       asks for a longer wait than `max_wait`: `retry` (the caller releases
                       the claim so a later run sends it, if still due)
    other 4xx, errors  `failed` (logged)

The VAPID token (ES256 JWT) is signed once per push-service origin and reused until an hour
before its 12-hour expiry: signing per message would dominate the cost.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from email.utils import parsedate_to_datetime
from typing import Literal
from urllib.parse import urlsplit

import aiohttp
import msgspec
from pywebpush import WebPusher

from server.push.reminders import Urgency
from server.push.store import Target
from server.push.vapid import VapidKeys

log = logging.getLogger("carefolio.push")
Status = Literal["delivered", "gone", "too_large", "retry", "failed"]
TOKEN_LIFETIME = 12 * 3600
TOKEN_RENEW_BEFORE = 3600


class Message(msgspec.Struct, frozen=True):
    target: Target
    key: str
    data: bytes
    ttl: int
    urgency: Urgency
    topic: str | None = None


class Outcome(msgspec.Struct, frozen=True):
    subscription_id: int
    key: str
    status: Status
    http_status: int | None
    attempts: int


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """Retry-After as seconds: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now)
    except (TypeError, ValueError):
        return None


def classify(status: int) -> Status:
    if status in (200, 201, 202):
        return "delivered"
    if status in (404, 410):
        return "gone"
    if status == 413:
        return "too_large"
    if status == 429 or status >= 500:
        return "retry"
    return "failed"


class Sender:
    def __init__(
        self, keys: VapidKeys, subject: str, *, concurrency: int = 50, attempts: int = 3,
        backoff: float = 1.0, max_wait: float = 60.0, timeout: float = 10.0,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.keys, self.subject = keys, subject
        self.concurrency, self.attempts = concurrency, attempts
        self.backoff, self.max_wait, self.timeout = backoff, max_wait, timeout
        self.clock, self.sleep = clock, sleep
        self._tokens: dict[str, tuple[float, dict[str, str]]] = {}
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Sender:
        connector = aiohttp.TCPConnector(limit=self.concurrency)
        self._session = aiohttp.ClientSession(connector=connector)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def vapid_headers(self, endpoint: str) -> dict[str, str]:
        parts = urlsplit(endpoint)
        audience = f"{parts.scheme}://{parts.netloc}"
        now = self.clock()
        cached = self._tokens.get(audience)
        if cached is None or cached[0] - TOKEN_RENEW_BEFORE <= now:
            expires = int(now) + TOKEN_LIFETIME
            claims = {"sub": self.subject, "aud": audience, "exp": expires}
            cached = (expires, dict(self.keys.vapid.sign(claims)))
            self._tokens[audience] = cached
        return cached[1]

    async def _post(self, message: Message) -> tuple[int, str | None]:
        assert self._session is not None, "use `async with Sender(...)`"
        subscription = {"endpoint": message.target.endpoint,
                        "keys": {"p256dh": message.target.p256dh, "auth": message.target.auth}}
        headers = {**self.vapid_headers(message.target.endpoint), "Urgency": message.urgency}
        if message.topic:
            headers["Topic"] = message.topic
        pusher = WebPusher(subscription, aiohttp_session=self._session)
        response = await pusher.send_async(
            message.data, headers, ttl=message.ttl,
            timeout=aiohttp.ClientTimeout(total=self.timeout),
        )
        assert not isinstance(response, str)
        return response.status, response.headers.get("Retry-After")

    async def send(self, message: Message) -> Outcome:
        status: int | None = None
        for attempt in range(1, self.attempts + 1):
            try:
                status, retry_after = await self._post(message)
            except (aiohttp.ClientError, TimeoutError, OSError) as exc:
                log.warning("push to subscription %s failed: %s", message.target.subscription_id,
                            type(exc).__name__)
                status, retry_after, verdict = None, None, "retry"
            else:
                verdict = classify(status)
            if verdict != "retry":
                if verdict == "failed":
                    log.warning("push service answered %s", status)
                return Outcome(message.target.subscription_id, message.key, verdict, status,
                               attempt)
            wait = retry_after_seconds(retry_after, self.clock())
            if wait is None:
                wait = self.backoff * 2 ** (attempt - 1)
            if attempt == self.attempts or wait > self.max_wait:
                break
            await self.sleep(wait)
        return Outcome(message.target.subscription_id, message.key, "retry", status, attempt)

    async def send_all(self, messages: Sequence[Message]) -> list[Outcome]:
        """Send every message, at most `concurrency` at a time; outcomes in the same order."""
        gate = asyncio.Semaphore(self.concurrency)

        async def one(message: Message) -> Outcome:
            async with gate:
                return await self.send(message)

        return list(await asyncio.gather(*(one(m) for m in messages)))
