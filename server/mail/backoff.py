"""When to try a failed message again (pure).

Attempts are spaced 1, 5, 15 and 60 minutes, then 3 and 6 hours: a mail server that is down
for an afternoon still gets the message out. After MAX_ATTEMPTS the message is `failed`:
listed for the administrators, never dropped."""

from __future__ import annotations

from datetime import datetime, timedelta

DELAYS = (
    timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1),
    timedelta(hours=3), timedelta(hours=6),
)
MAX_ATTEMPTS = len(DELAYS) + 1


def next_attempt(attempts: int, now: datetime) -> datetime | None:
    """After `attempts` failed tries, when to try again; None when it is time to give up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return now + DELAYS[min(attempts, len(DELAYS)) - 1]
