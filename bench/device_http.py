"""A simulated device's HTTP connection for the load benchmark, on aiohttp.

The reference client (sync/client.py) needs only `post(path, content=, headers=)` and an
answer with `status_code`, `content`, `text` and `headers`; httpx gives that too, but costs
the load generator about twice the CPU per request. On this two-core machine the generator
shares the CPU with the servers it measures (the phones it stands for bring their own), so a
cheaper generator leaves the servers the CPU they would have in the field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import aiohttp


class Answer:
    """What the reference client reads from an HTTP answer."""

    __slots__ = ("content", "headers", "status_code")

    def __init__(self, status_code: int, content: bytes, headers: Mapping[str, str]) -> None:
        self.status_code = status_code
        self.content = content
        self.headers = headers

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")


class DeviceHttp:
    """One device's own connections (at most two, kept alive) to the server, bearer token
    attached; `on_status` sees every answer's status code."""

    def __init__(self, base: str, token: str, on_status: Callable[[int], None]) -> None:
        self.base = base.rstrip("/")
        self.auth = {"Authorization": f"Bearer {token}"}
        self.on_status = on_status
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=2, ttl_dns_cache=None),
            timeout=aiohttp.ClientTimeout(total=60), skip_auto_headers=("User-Agent",))

    async def post(self, path: str, *, content: bytes, headers: Mapping[str, str]) -> Answer:
        async with self.session.post(self.base + path, data=content,
                                     headers={**self.auth, **headers}) as response:
            body = await response.read()
            self.on_status(response.status)
            return Answer(response.status, body, response.headers)

    async def aclose(self) -> None:
        await self.session.close()
