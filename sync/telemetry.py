"""Sync metrics for /metrics: mutations by result, conflicts, records per pull."""

from __future__ import annotations

from collections import Counter

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
    by_result = Counter(result.result for result in answer.results)
    for name, count in sorted(by_result.items()):
        MUTATIONS.inc(count, result=name)
    conflicts = sum(len(result.conflicts) for result in answer.results)
    if conflicts:
        CONFLICTS.inc(conflicts)


def count_pull(answer: PullResponse) -> None:
    PULLED.observe(sum(len(scope.records) for scope in answer.scopes))
