"""Writing and reading the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from server.audit.models import AuditEvent


class AuditEntry(msgspec.Struct):
    id: int
    action: str
    subject_type: str
    subject_id: str
    actor_id: int | None
    at: str
    detail: dict[str, Any]


async def record(
    action: str, *, organisation_id: int | None, actor_id: int | None, subject_type: str,
    subject_id: object, now: datetime, **detail: Any,
) -> None:
    """Append one event. Call inside the transaction that makes the change it records."""
    await AuditEvent.create(
        organisation_id=organisation_id, actor_id=actor_id, action=action,
        subject_type=subject_type, subject_id=str(subject_id), detail=detail, at=now,
    )


async def read(
    organisation_id: int, *, subject_type: str | None = None, subject_id: str | None = None,
    actor_id: int | None = None, before_id: int | None = None, limit: int = 100,
) -> list[AuditEntry]:
    query = AuditEvent.filter(organisation_id=organisation_id)
    if subject_type:
        query = query.filter(subject_type=subject_type)
    if subject_id:
        query = query.filter(subject_id=subject_id)
    if actor_id:
        query = query.filter(actor_id=actor_id)
    if before_id:
        query = query.filter(id__lt=before_id)
    rows = await query.order_by("-id").limit(limit)
    return [
        AuditEntry(r.id, r.action, r.subject_type, r.subject_id, r.actor_id, r.at.isoformat(),
                   dict(r.detail))
        for r in rows
    ]
