"""Enrolment operations: enrol, change (reassign, review rule), end, list.

An enrolment's assessor decides who sees the worker's portfolio (sync/scopes.py reads the
active enrolments on every request), so a reassignment or an end takes effect at the former
assessor's next sync. Every change is recorded in the audit trail in the same transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from tortoise.transactions import in_transaction

from base.errors import NotFound
from base.principal import Principal
from server.audit import log as audit
from server.enrolments.messages import (
    EndEnrolment,
    EnrolmentChange,
    EnrolmentInfo,
    NewEnrolment,
)
from server.enrolments.rules import end_problem, review_rule_problem
from server.errors import ApiError
from server.models import Enrolment, Membership, Role, User
from standards import library


async def known_standard(code: str, organisation_id: int) -> bool:
    """Is `code` in the organisation's standards library (bundled or imported)?"""
    try:
        await library.standard_info(library.Scope(organisation_id), code)
    except NotFound:
        return False
    return True


async def _require_role(organisation_id: int, user_id: int, role: Role, what: str) -> None:
    if not await Membership.exists(user_id=user_id, organisation_id=organisation_id, role=role):
        raise ApiError(
            422, f"not_{role.value}",
            f"The {what} must be a member of your organisation with the {role.value} role.",
        )


async def infos(rows: list[Enrolment]) -> list[EnrolmentInfo]:
    """Enrolments as wire structs, with people's names fetched in one query."""
    ids = {row.worker_id for row in rows} | {row.assessor_id for row in rows if row.assessor_id}
    names = dict(await User.filter(id__in=ids).values_list("id", "display_name")) if ids else {}
    return [_info(row, names) for row in rows]


async def _one(row: Enrolment) -> EnrolmentInfo:
    return (await infos([row]))[0]


def _info(row: Enrolment, names: dict[int, str]) -> EnrolmentInfo:
    return EnrolmentInfo(
        id=row.id, worker_id=row.worker_id, worker_name=str(names.get(row.worker_id, "")),
        assessor_id=row.assessor_id,
        assessor_name=str(names[row.assessor_id]) if row.assessor_id in names else None,
        standard_code=row.standard_code, start_date=row.start_date, review_rule=row.review_rule,
        review_interval_days=row.review_interval_days, review_reason=row.review_reason,
        ended_at=row.ended_at.isoformat() if row.ended_at else None,
        outcome=row.outcome, ended_on=row.ended_on, next_review_due=row.next_review_due,
    )



async def check_new(
    org: int, worker_id: int, assessor_id: int | None, code: str, rule: str,
    interval_days: int | None, reason: str,
) -> None:
    """Raise the reason an enrolment cannot be made (ApiError), or return."""
    problem = review_rule_problem(rule, interval_days, reason)
    if problem:
        raise ApiError(422, "invalid_review_rule", problem)
    await _require_role(org, worker_id, Role.WORKER, "worker")
    if assessor_id is not None:
        await _require_role(org, assessor_id, Role.ASSESSOR, "assessor")
    if not await known_standard(code, org):
        raise ApiError(422, "unknown_standard", f"No standard {code} in the library.")


async def create(admin: Principal, org: int, fields: dict[str, Any], now: datetime) -> Enrolment:
    """Insert one checked enrolment and its audit entry. Call inside a transaction."""
    if await Enrolment.exists(worker_id=fields["worker_id"],
                              standard_code=fields["standard_code"], ended_at=None):
        raise ApiError(409, "already_enrolled",
                       f"This worker is already on {fields['standard_code']}.")
    row = await Enrolment.create(organisation_id=org, **fields)
    await audit.record(
        "enrolment.created", organisation_id=org, actor_id=admin.user_id,
        subject_type="enrolment", subject_id=row.id, now=now,
        worker_id=row.worker_id, assessor_id=row.assessor_id,
        standard_code=row.standard_code, review_rule=row.review_rule,
    )
    return row


async def enrol(admin: Principal, request: NewEnrolment, now: datetime) -> EnrolmentInfo:
    org = admin.organisation()
    await check_new(org, request.worker_id, request.assessor_id, request.standard_code,
                    request.review_rule, request.review_interval_days, request.review_reason)
    async with in_transaction():
        row = await create(admin, org, msgspec.structs.asdict(request), now)
    return await _one(row)


async def _own(admin: Principal, enrolment_id: int) -> Enrolment:
    row = await Enrolment.filter(id=enrolment_id, organisation_id=admin.organisation()).first()
    if row is None:
        raise ApiError(404, "enrolment_not_found", "No such enrolment in your organisation.")
    return row


async def change(
    admin: Principal, enrolment_id: int, request: EnrolmentChange, now: datetime
) -> EnrolmentInfo:
    row = await _own(admin, enrolment_id)
    if row.ended_at is not None:
        raise ApiError(409, "enrolment_ended", "This enrolment has ended; enrol again instead.")
    changes = {
        name: value for name, value in msgspec.structs.asdict(request).items()
        if name != "reason" and value is not msgspec.UNSET
    }
    merged = {"review_rule": row.review_rule, "review_interval_days": row.review_interval_days,
              "review_reason": row.review_reason, **changes}
    problem = review_rule_problem(
        merged["review_rule"], merged["review_interval_days"], merged["review_reason"]
    )
    if problem:
        raise ApiError(422, "invalid_review_rule", problem)
    if changes.get("assessor_id") is not None:
        await _require_role(row.organisation_id, changes["assessor_id"], Role.ASSESSOR, "assessor")
    before = {name: getattr(row, name) for name in changes}
    stale = changes.keys() & {"review_rule", "review_interval_days"}
    async with in_transaction():
        # a new review rule makes the cached due date stale: the reminder engine recomputes it
        await Enrolment.filter(id=row.id).update(
            **changes, **({"next_review_due": None} if stale else {})
        )
        action = "enrolment.reassigned" if "assessor_id" in changes else "enrolment.changed"
        await audit.record(
            action, organisation_id=row.organisation_id, actor_id=admin.user_id,
            subject_type="enrolment", subject_id=row.id, now=now, reason=request.reason,
            before=before, after=changes,
        )
    return await _one(await Enrolment.get(id=row.id))


async def end(
    admin: Principal, enrolment_id: int, request: EndEnrolment, now: datetime
) -> EnrolmentInfo:
    row = await _own(admin, enrolment_id)
    problem = end_problem(request.outcome, request.reason, request.ended_on, row.start_date,
                          now.date())
    if problem:
        raise ApiError(422, "invalid_end", problem)
    ended_on = request.ended_on or now.date()
    async with in_transaction():
        ended = await Enrolment.filter(id=row.id, ended_at=None).update(
            ended_at=now, outcome=request.outcome, ended_on=ended_on
        )
        if not ended:
            raise ApiError(409, "enrolment_ended", "This enrolment has already ended.")
        await audit.record(
            "enrolment.ended", organisation_id=row.organisation_id, actor_id=admin.user_id,
            subject_type="enrolment", subject_id=row.id, now=now, reason=request.reason,
            outcome=request.outcome, ended_on=ended_on.isoformat(),
        )
    return await _one(await Enrolment.get(id=row.id))


async def list_for_organisation(
    admin: Principal, worker_id: int | None, include_ended: bool
) -> list[EnrolmentInfo]:
    query = Enrolment.filter(organisation_id=admin.organisation())
    if worker_id is not None:
        query = query.filter(worker_id=worker_id)
    if not include_ended:
        query = query.filter(ended_at=None)
    return await infos(list(await query.order_by("worker_id", "standard_code")))


async def list_mine(principal: Principal) -> list[EnrolmentInfo]:
    """A worker's own enrolments and an assessor's assigned ones, active only."""
    own = (
        list(await Enrolment.filter(ended_at=None, worker_id=principal.user_id))
        if principal.has(Role.WORKER) else []
    )
    assessed = await Enrolment.filter(ended_at=None, assessor_id=principal.user_id)
    seen = {row.id for row in own}
    return await infos([*own, *(row for row in assessed if row.id not in seen)])
