"""Sliding-window limits (pure: the caller passes `now`). `wait_seconds` is the rule; sign-in
throttling feeds it failures kept in the database (server/accounts/throttle.py),
`SlidingWindow` keeps events in one process's memory (the push test-notification button)."""

from __future__ import annotations

from collections import deque


class SlidingWindow:
    """At most `limit` events per `window` seconds for each key."""

    def __init__(self, limit: int, window: float, max_keys: int = 100_000) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self._events: dict[str, deque[float]] = {}

    def _recent(self, key: str, now: float) -> deque[float]:
        events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self.window:
            events.popleft()
        return events

    def retry_after(self, key: str, now: float) -> float:
        """Seconds until another event is allowed for `key` (0 when allowed now)."""
        return wait_seconds(list(self._recent(key, now)), self.limit, self.window, now)

    def record(self, key: str, now: float) -> None:
        if len(self._events) >= self.max_keys and key not in self._events:
            self._events.pop(next(iter(self._events)))
        self._recent(key, now).append(now)

    def clear(self, key: str) -> None:
        self._events.pop(key, None)


def wait_seconds(recent: list[float], limit: int, window: float, now: float) -> float:
    """Seconds until another event is allowed, given the times (seconds, any epoch) of the
    events so far: 0 while fewer than `limit` fall inside the last `window` seconds."""
    inside = sorted(t for t in recent if t > now - window)
    if len(inside) < limit:
        return 0.0
    return max(0.0, inside[-limit] + window - now)
