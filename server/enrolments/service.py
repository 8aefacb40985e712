"""Enrolment operations: enrol, change (reassign, review rule), end, list.

An enrolment's assessor decides who sees the worker's portfolio (sync/scopes.py reads the
active enrolments on every request), so a reassignment or an end takes effect at the former
assessor's next sync. Every change is recorded in the audit trail in the same transaction."""

from __future__ import annotations

from datetime import date, datetime
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
from server.enrolments.rules import end_problem, frequency_problem
from server.errors import ApiError
from server.models import Enrolment, Membership, Role, User
from server.reviews import rule_years
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
        apprenticeship=row.apprenticeship, employer_agreed_by=row.employer_agreed_by,
        employer_agreed_on=row.employer_agreed_on,
        rule_year=rule_years.rule_year(row.start_date).name if row.apprenticeship else None,
        words=rule_years.words(row.apprenticeship, row.start_date),
    )


def _plain(value: Any) -> Any:
    """A value as the audit trail's JSON keeps it (dates as YYYY-MM-DD)."""
    if isinstance(value, dict):
        return {name: _plain(item) for name, item in value.items()}
    return value.isoformat() if isinstance(value, date) else value


FREQUENCY = ("review_rule", "review_interval_days", "review_reason", "apprenticeship",
             "employer_agreed_by", "employer_agreed_on")


def new_fields(request: Any, now: datetime) -> dict[str, Any]:
    """The stored fields of a new enrolment (one standard's of `NewEnrolments`) with the
    review rule resolved: the one chosen, or the rule year's for an apprenticeship, or
    calendar_3_months. Raises ApiError when the frequency cannot be recorded."""
    fields = {name: getattr(request, name) for name in
              ("worker_id", "assessor_id", "start_date", *FREQUENCY)}
    if fields["review_rule"] is None:
        fields["review_rule"] = rule_years.default_rule(
            request.apprenticeship, request.start_date, "calendar_3_months")
    problem = frequency_problem(fields, now.date())
    if problem:
        raise ApiError(422, *problem)
    return fields



async def check_new(org: int, worker_id: int, assessor_id: int | None, code: str) -> None:
    """Raise the reason an enrolment cannot be made (ApiError), or return. Its review
    frequency is checked by `new_fields`."""
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
        apprenticeship=row.apprenticeship, employer_agreed_by=row.employer_agreed_by,
        employer_agreed_on=_plain(row.employer_agreed_on),
    )
    return row


async def enrol(admin: Principal, request: NewEnrolment, now: datetime) -> EnrolmentInfo:
    org = admin.organisation()
    fields = {**new_fields(request, now), "standard_code": request.standard_code}
    await check_new(org, request.worker_id, request.assessor_id, request.standard_code)
    async with in_transaction():
        row = await create(admin, org, fields, now)
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
    merged = {**{name: getattr(row, name) for name in FREQUENCY}, "start_date": row.start_date,
              **changes}
    problem = frequency_problem(merged, now.date())
    if problem:
        raise ApiError(422, *problem)
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
            before=_plain(before), after=_plain(changes),
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
