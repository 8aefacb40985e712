"""The gauges /metrics reads when scraped, declared once by `create_app` (never as a side
effect of importing a route module). Metrics belong to the process: the first app's clock
is the one the queue's age is measured with."""

from __future__ import annotations

from base import metrics
from base.clock import Clock
from server.assessment import queue
from sync import events


def _live_listeners() -> float:
    return float(getattr(events.broker(), "listeners", 0))


def declare(clock: Clock) -> None:
    metrics.gauge("carefolio_sync_live_listeners",
                  "Open live-change streams (/sync/events) on this process.",
                  callback=_live_listeners)

    async def oldest_waiting() -> float:
        return await queue.oldest_waiting_seconds(clock())

    metrics.gauge("carefolio_assessment_queue_oldest_seconds",
                  "How long the oldest evidence waiting for assessment has waited.",
                  callback=oldest_waiting)
