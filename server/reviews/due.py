"""Progress reviews due and overdue, for assessors (their workers) and managers (the
organisation): read from each enrolment's `next_review_due`, refreshed first from any
review held since (server/reviews/refresh.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

import msgspec

from base.principal import Principal
from server.models import Enrolment, Role, User
from server.reviews.refresh import refresh_changed
from server.reviews.schedule import days_overdue, local_today, stage
from sync import store


class ReviewDue(msgspec.Struct):
    enrolment_id: int
    worker_id: int
    worker_name: str
    assessor_id: int | None
    standard_code: str
    review_rule: str
    last_review_on: str | None
    next_review_due: str
    days_overdue: int
    state: str


# what "due soon" means on the reviews-due list unless the caller asks for another window
# (the assessor's caseload on the phone uses the same 14 days: pwa/js/lib/caseload.js)
DUE_WITHIN_DAYS = 14


async def due_reviews(
    principal: Principal, now: datetime, within_days: int | None = None
) -> list[ReviewDue]:
    """Open enrolments whose next review is due within `within_days` (default
    DUE_WITHIN_DAYS) or overdue, for the principal's organisation or caseload."""
    if within_days is None:
        within_days = DUE_WITHIN_DAYS
    await refresh_changed(store.default())
    today = local_today(now)
    query = Enrolment.filter(ended_at=None, next_review_due__lte=today + timedelta(within_days))
    if principal.has(Role.ADMINISTRATOR, Role.QUALITY_ASSURER):
        query = query.filter(organisation_id=principal.organisation_id)
    else:
        query = query.filter(assessor_id=principal.user_id)
    rows = await query.order_by("next_review_due", "id")
    names = dict(await User.filter(id__in={r.worker_id for r in rows}).values_list(
        "id", "display_name")) if rows else {}
    result = []
    for row in rows:
        due = row.next_review_due
        assert due is not None
        late = days_overdue(due, today)
        state = stage(due, today, within_days).value
        result.append(ReviewDue(
            row.id, row.worker_id, str(names.get(row.worker_id, "")), row.assessor_id,
            row.standard_code, row.review_rule,
            row.last_review_on.isoformat() if row.last_review_on else None, due.isoformat(),
            late, state,
        ))
    return result
