"""Many enrolments at once: one worker on several standards, or a CSV of enrolments.

Both are all or nothing: every enrolment is checked first and every problem named (for a
CSV, by its line); then all are made in one transaction, or, if any cannot be, none is."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from base.principal import Principal
from server.accounts import organisation
from server.enrolments import roster, service
from server.enrolments.messages import (
    CsvProblem,
    EnrolmentInfo,
    EnrolmentsImport,
    NewEnrolments,
)
from server.errors import ApiError
from server.models import Enrolment, Membership, Role, User


async def enrol_many(admin: Principal, request: NewEnrolments, now: datetime
                     ) -> list[EnrolmentInfo]:
    org = admin.organisation()
    codes = list(dict.fromkeys(request.standard_codes))
    common = service.new_fields(request, now)
    for code in codes:
        await service.check_new(org, request.worker_id, request.assessor_id, code)
    async with in_transaction():
        rows = [await service.create(admin, org, {**common, "standard_code": code}, now)
                for code in codes]
    return await service.infos(rows)


async def _ids_by_email(org: int, emails: set[str]) -> dict[str, int]:
    rows = await User.filter(email__in=list(emails), memberships__organisation_id=org
                             ).distinct().values_list("email", "id")
    return {str(email): int(user_id) for email, user_id in rows}


async def _holders(org: int, role: Role) -> set[int]:
    ids = await Membership.filter(organisation_id=org, role=role).values_list("user_id",
                                                                            flat=True)
    return {int(i) for i in ids}


async def import_csv(admin: Principal, text: str, commit: bool, now: datetime
                     ) -> EnrolmentsImport:
    org = admin.organisation()
    rows, problems = roster.read_enrolments(text, await organisation.default_review_rule(org),
                                            now.date())
    emails = {r.worker_email for r in rows} | {r.assessor_email for r in rows if r.assessor_email}
    ids = await _ids_by_email(org, emails)
    workers, assessors = await _holders(org, Role.WORKER), await _holders(org, Role.ASSESSOR)
    active = set(await Enrolment.filter(organisation_id=org, ended_at=None).values_list(
        "worker_id", "standard_code"))
    known: dict[str, bool] = {}
    ready: list[dict[str, Any]] = []
    for row in rows:
        if row.standard_code not in known:
            known[row.standard_code] = await service.known_standard(row.standard_code, org)
        worker_id, assessor_id = ids.get(row.worker_email), ids.get(row.assessor_email)
        problem = None
        if worker_id not in workers:
            problem = f"{row.worker_email} is not a worker in your organisation."
        elif row.assessor_email and assessor_id not in assessors:
            problem = f"{row.assessor_email} is not an assessor in your organisation."
        elif not known[row.standard_code]:
            problem = f"No standard {row.standard_code} in the library."
        elif (worker_id, row.standard_code) in active:
            problem = f"{row.worker_email} is already on {row.standard_code}."
        if problem:
            problems.append(roster.RowProblem(row.line, problem))
            continue
        ready.append({"worker_id": worker_id, "assessor_id": assessor_id,
                      "standard_code": row.standard_code, "start_date": row.start_date,
                      "review_rule": row.review_rule, "review_interval_days": row.interval_days,
                      "review_reason": row.reason, "apprenticeship": row.apprenticeship,
                      "employer_agreed_by": row.employer_agreed_by,
                      "employer_agreed_on": row.employer_agreed_on})
    found = [CsvProblem(p.line, p.problem) for p in sorted(problems, key=lambda p: p.line)]
    if commit and found:
        raise ApiError(
            422, "csv_problems",
            f"No enrolment was made: {len(found)} row(s) of the file need fixing.",
            detail={"problems": [{"line": p.line, "problem": p.problem} for p in found]},
        )
    if not commit or found:
        return EnrolmentsImport(rows=len(rows), problems=found, created=[])
    async with in_transaction():
        made = [await service.create(admin, org, fields, now) for fields in ready]
    return EnrolmentsImport(rows=len(rows), problems=[], created=await service.infos(made))
