"""The assessor's queue: evidence submitted and waiting for assessment, oldest first."""

from __future__ import annotations

from datetime import datetime

from base.principal import Principal
from server.assessment.messages import QueueItem
from server.assessment.models import EvidenceIndex
from server.assessment.visibility import visible_workers
from server.models import User


async def waiting(
    principal: Principal, now: datetime, *, worker_id: int | None = None,
    standard_code: str | None = None,
) -> list[QueueItem]:
    workers = await visible_workers(principal)
    if worker_id is not None:
        workers &= {worker_id}
    if not workers:
        return []
    rows = await EvidenceIndex.filter(
        worker_id__in=workers, status="submitted", deleted=False
    ).order_by("submitted_at", "id")
    if standard_code:
        prefix = f"{standard_code}/"
        rows = [r for r in rows if any(str(k).startswith(prefix) for k in r.criteria)]
    names = dict(await User.filter(id__in={r.worker_id for r in rows}).values_list(
        "id", "display_name")) if rows else {}
    return [
        QueueItem(
            evidence_id=r.rid, worker_id=r.worker_id, worker_name=str(names.get(r.worker_id, "")),
            kind=r.kind, title=r.title, criteria=list(r.criteria),
            submitted_at=(r.submitted_at or r.status_changed_at).isoformat(),
            waiting_hours=round(
                (now - (r.submitted_at or r.status_changed_at)).total_seconds() / 3600, 1),
        )
        for r in rows
    ]


async def oldest_waiting_seconds(now: datetime) -> float:
    """For /metrics: how long the oldest submitted evidence has waited (0 when none)."""
    oldest = await EvidenceIndex.filter(status="submitted", deleted=False).order_by(
        "submitted_at").first()
    if oldest is None or oldest.submitted_at is None:
        return 0.0
    return (now - oldest.submitted_at).total_seconds()
