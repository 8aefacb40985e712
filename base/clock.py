"""The one clock. Whatever needs the time takes a `Clock` (or a `now`) as an argument;
`create_app(settings, clock=...)` hands the app's clock to every request, so a test can freeze
it instead of sleeping."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)
