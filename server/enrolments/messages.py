"""Wire types of the enrolments API."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import msgspec

ReviewRule = Literal["weeks_12", "calendar_3_months", "custom"]
UserId = Annotated[int, msgspec.Meta(ge=1, le=2_000_000_000)]
StandardCode = Annotated[str, msgspec.Meta(pattern=r"^[A-Z0-9]{3,24}$")]
IntervalDays = Annotated[int, msgspec.Meta(ge=7, le=366)]
Reason = Annotated[str, msgspec.Meta(max_length=2000)]


class NewEnrolment(msgspec.Struct, forbid_unknown_fields=True):
    worker_id: UserId
    standard_code: StandardCode
    start_date: date
    assessor_id: UserId | None = None
    review_rule: ReviewRule = "calendar_3_months"
    review_interval_days: IntervalDays | None = None
    review_reason: Reason = ""


class EnrolmentChange(msgspec.Struct, forbid_unknown_fields=True):
    """Only the fields given change. `reason` is kept in the audit trail."""

    assessor_id: UserId | None | msgspec.UnsetType = msgspec.UNSET
    review_rule: ReviewRule | msgspec.UnsetType = msgspec.UNSET
    review_interval_days: IntervalDays | None | msgspec.UnsetType = msgspec.UNSET
    review_reason: Reason | msgspec.UnsetType = msgspec.UNSET
    reason: Reason = ""


class EndEnrolment(msgspec.Struct, forbid_unknown_fields=True):
    """How and when it ended. `outcome` and `ended_on` (not in the future, not before the
    start) are what the administrator says; without an outcome a reason is required."""

    reason: Reason = ""
    outcome: Literal["completed", "withdrawn"] | None = None
    ended_on: date | None = None


class EnrolmentInfo(msgspec.Struct):
    id: int
    worker_id: int
    worker_name: str
    assessor_id: int | None
    assessor_name: str | None
    standard_code: str
    start_date: date
    review_rule: str
    review_interval_days: int | None
    review_reason: str
    ended_at: str | None
    outcome: str | None = None
    ended_on: date | None = None
    next_review_due: date | None = None


class NewEnrolments(msgspec.Struct, forbid_unknown_fields=True):
    """One worker on one or more standards, with the same assessor and review rule."""

    worker_id: UserId
    standard_codes: Annotated[list[StandardCode], msgspec.Meta(min_length=1, max_length=20)]
    start_date: date
    assessor_id: UserId | None = None
    review_rule: ReviewRule = "calendar_3_months"
    review_interval_days: IntervalDays | None = None
    review_reason: Reason = ""


class EnrolmentsCsv(msgspec.Struct, forbid_unknown_fields=True):
    """A CSV of enrolments; `commit` false: only check it."""

    csv: Annotated[str, msgspec.Meta(max_length=1_000_000)]
    commit: bool = False


class CsvProblem(msgspec.Struct):
    line: int
    problem: str


class EnrolmentsImport(msgspec.Struct):
    rows: int
    problems: list[CsvProblem]
    created: list[EnrolmentInfo]


class AssessorLoad(msgspec.Struct):
    assessor_id: int | None
    assessor_name: str
    learners: int
    enrolments: int
    items_waiting: int
    reviews_overdue: int
