"""Sync metrics for /metrics: mutations by result, conflicts, records per pull."""

from __future__ import annotations

from base import metrics
from sync.messages import PullResponse, PushResponse

MUTATIONS = metrics.counter(
    "carefolio_sync_mutations_total", "Pushed mutations by result (applied, already_applied, "
    "conflict, rejected, gap).", ["result"])
CONFLICTS = metrics.counter(
    "carefolio_sync_conflicts_total", "Field values kept aside as conflicts for their author.")
PULLED = metrics.histogram(
    "carefolio_sync_pull_records", "Records returned by one pull.",
    buckets=(0, 1, 10, 100, 1000, 5000))


def count_push(answer: PushResponse) -> None:
    for result in answer.results:
        MUTATIONS.inc(result=result.result)
        if result.conflicts:
            CONFLICTS.inc(len(result.conflicts))


def count_pull(answer: PullResponse) -> None:
    PULLED.observe(sum(len(scope.records) for scope in answer.scopes))
