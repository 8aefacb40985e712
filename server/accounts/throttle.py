"""Sign-in throttling shared by every app process: failed attempts are rows in
`sign_in_failure`, counted per account (5 in 15 minutes) and per client address (30 in 15
minutes). A success clears the account's count. The decision is `ratelimit.wait_seconds`."""

from __future__ import annotations

from datetime import datetime, timedelta

from server.models import SignInFailure
from server.ratelimit import wait_seconds

WINDOW = timedelta(minutes=15)
LIMITS = {"account": 5, "address": 30}


def keys(email: str, address: str) -> dict[str, str]:
    return {"account": f"account:{email}", "address": f"address:{address}"}


async def wait(keyed: dict[str, str], now: datetime) -> float:
    """Seconds the caller must wait before trying again (0: go ahead)."""
    rows = await SignInFailure.filter(key__in=list(keyed.values()),
                                      at__gt=now - WINDOW).values_list("key", "at")
    times: dict[str, list[float]] = {}
    for key, at in rows:  # the ORM gives aware datetimes on both backends
        times.setdefault(str(key), []).append(at.timestamp())
    return max(wait_seconds(times.get(key, []), LIMITS[kind], WINDOW.total_seconds(),
                            now.timestamp()) for kind, key in keyed.items())


async def failed(keyed: dict[str, str], now: datetime) -> None:
    """Count a failed attempt against every key; forget attempts older than the window."""
    await SignInFailure.filter(at__lt=now - WINDOW).delete()
    await SignInFailure.bulk_create([SignInFailure(key=key, at=now) for key in keyed.values()])


async def succeeded(keyed: dict[str, str]) -> None:
    await SignInFailure.filter(key=keyed["account"]).delete()
