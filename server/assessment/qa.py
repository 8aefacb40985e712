"""Quality-assurance sampling: draw a sample of an assessor's decisions, then record
agreement or disagreement with each, with a note. Verdicts are audited."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time

from tortoise.transactions import in_transaction

from base.principal import Principal
from server.accounts import organisation
from server.assessment.messages import NewSample, Sample, SampleItem, Verdict
from server.assessment.models import DecisionIndex, QaSample, QaSampleItem
from server.audit import log as audit
from server.errors import ApiError
from server.models import Membership, Role

_random = random.SystemRandom()
MAX_SAMPLE = 50


def sample_size(percent: int, decisions: int) -> int:
    """The organisation's rate of `decisions`, rounded up: at least 1, at most MAX_SAMPLE."""
    return max(1, min(MAX_SAMPLE, -(-percent * decisions // 100)))



async def draw(principal: Principal, request: NewSample, now: datetime) -> Sample:
    org = principal.organisation()
    if not await Membership.exists(user_id=request.assessor_id, organisation_id=org,
                                   role=Role.ASSESSOR):
        raise ApiError(
            422, "not_assessor", "Sample the decisions of an assessor in your organisation."
        )
    query = DecisionIndex.filter(organisation_id=org, assessor_id=request.assessor_id)
    if request.since is not None:
        query = query.filter(decided_at__gte=datetime.combine(request.since, time(), UTC))
    candidates = list(await query.values_list("id", flat=True))
    if not candidates:
        raise ApiError(409, "nothing_to_sample", "This assessor has no decisions to sample yet.")
    size = request.size or sample_size(await organisation.qa_sample_percent(org), len(candidates))
    chosen = _random.sample(candidates, min(size, len(candidates)))
    async with in_transaction():
        sample = await QaSample.create(organisation_id=org, quality_assurer_id=principal.user_id,
                                       assessor_id=request.assessor_id, created_at=now)
        await QaSampleItem.bulk_create(
            [QaSampleItem(sample=sample, decision_id=d) for d in sorted(chosen)])
        await audit.record("qa.sample_drawn", organisation_id=org, actor_id=principal.user_id,
                           subject_type="qa_sample", subject_id=sample.id, now=now,
                           assessor_id=request.assessor_id, size=len(chosen))
    return await describe(principal, sample.id)


async def describe(principal: Principal, sample_id: int) -> Sample:
    sample = await QaSample.filter(id=sample_id, organisation_id=principal.organisation()).first()
    if sample is None:
        raise ApiError(404, "sample_not_found", "No such sample in your organisation.")
    items = await QaSampleItem.filter(sample_id=sample.id).select_related("decision").order_by("id")
    return Sample(
        sample.id, sample.assessor_id, sample.quality_assurer_id, sample.created_at.isoformat(),
        [
            SampleItem(
                i.id, i.decision.rid, i.decision.evidence_id, i.decision.worker_id,
                i.decision.outcome, dict(i.decision.judgements), i.decision.feedback,
                i.decision.decided_at.isoformat(), i.verdict, i.note,
                i.judged_at.isoformat() if i.judged_at else None,
            )
            for i in items
        ],
    )


async def list_samples(principal: Principal) -> list[Sample]:
    ids = await QaSample.filter(organisation_id=principal.organisation()).order_by("-id").limit(100)
    return [await describe(principal, s.id) for s in ids]


async def judge(principal: Principal, sample_id: int, item_id: int, verdict: Verdict,
                now: datetime) -> Sample:
    sample = await describe(principal, sample_id)
    if item_id not in {i.id for i in sample.items}:
        raise ApiError(404, "sample_item_not_found", "No such decision in this sample.")
    if verdict.verdict == "disagree" and not verdict.note.strip():
        raise ApiError(422, "note_required", "Say why you disagree with the decision.")
    async with in_transaction():
        await QaSampleItem.filter(id=item_id).update(
            verdict=verdict.verdict, note=verdict.note, judged_at=now)
        await audit.record("qa.verdict", organisation_id=principal.organisation_id,
                           actor_id=principal.user_id, subject_type="qa_sample",
                           subject_id=sample_id, now=now, item_id=item_id,
                           verdict=verdict.verdict, note=verdict.note)
    return await describe(principal, sample_id)
