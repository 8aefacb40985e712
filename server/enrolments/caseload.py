"""The caseload view: for each assessor, their learners, the evidence waiting for them and
the progress reviews overdue. Counts over active enrolments of the organisation; evidence
of a worker with two assessors counts for both (either may assess it)."""

from __future__ import annotations

from datetime import date

from base.principal import Principal
from server.assessment.models import EvidenceIndex
from server.enrolments.messages import AssessorLoad
from server.models import Enrolment, User


async def caseload(admin: Principal, today: date) -> list[AssessorLoad]:
    rows = await Enrolment.filter(organisation_id=admin.organisation(), ended_at=None)
    by_assessor: dict[int | None, list[Enrolment]] = {}
    for row in rows:
        by_assessor.setdefault(row.assessor_id, []).append(row)
    workers = {row.worker_id for row in rows}
    waiting: dict[int, int] = {}
    if workers:
        for worker_id in await EvidenceIndex.filter(
            worker_id__in=workers, status="submitted", deleted=False
        ).values_list("worker_id", flat=True):
            waiting[int(worker_id)] = waiting.get(int(worker_id), 0) + 1
    ids = [a for a in by_assessor if a is not None]
    names = dict(await User.filter(id__in=ids).values_list("id", "display_name")) if ids else {}
    loads = [
        AssessorLoad(
            assessor_id=assessor_id,
            assessor_name=str(names.get(assessor_id, "")) if assessor_id else "No assessor",
            learners=len({r.worker_id for r in group}), enrolments=len(group),
            items_waiting=sum(waiting.get(w, 0) for w in {r.worker_id for r in group}),
            reviews_overdue=sum(1 for r in group
                                if r.next_review_due is not None and r.next_review_due < today),
        )
        for assessor_id, group in by_assessor.items()
    ]
    return sorted(loads, key=lambda load: (load.assessor_id is None, load.assessor_name.lower()))
