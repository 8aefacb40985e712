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
Name = Annotated[str, msgspec.Meta(max_length=200)]


class NewEnrolment(msgspec.Struct, forbid_unknown_fields=True):
    worker_id: UserId
    standard_code: StandardCode
    start_date: date
    assessor_id: UserId | None = None
    # None: the rule year's for an apprenticeship (server/reviews/rule_years.py), otherwise
    # calendar_3_months
    review_rule: ReviewRule | None = None
    review_interval_days: IntervalDays | None = None
    review_reason: Reason = ""
    apprenticeship: bool = False
    # who agreed a different review frequency for the employer, and when
    employer_agreed_by: Name = ""
    employer_agreed_on: date | None = None


class EnrolmentChange(msgspec.Struct, forbid_unknown_fields=True):
    """Only the fields given change. `reason` is kept in the audit trail."""

    assessor_id: UserId | None | msgspec.UnsetType = msgspec.UNSET
    review_rule: ReviewRule | msgspec.UnsetType = msgspec.UNSET
    review_interval_days: IntervalDays | None | msgspec.UnsetType = msgspec.UNSET
    review_reason: Reason | msgspec.UnsetType = msgspec.UNSET
    apprenticeship: bool | msgspec.UnsetType = msgspec.UNSET
    employer_agreed_by: Name | msgspec.UnsetType = msgspec.UNSET
    employer_agreed_on: date | None | msgspec.UnsetType = msgspec.UNSET
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
    apprenticeship: bool = False
    employer_agreed_by: str = ""
    employer_agreed_on: date | None = None
    rule_year: str | None = None  # an apprenticeship's funding-rule year, e.g. "2025/26"
    words: dict[str, str] = {}  # the words its screens use (end_point_assessment, gateway)


class NewEnrolments(msgspec.Struct, forbid_unknown_fields=True):
    """One worker on one or more standards, with the same assessor and review rule."""

    worker_id: UserId
    standard_codes: Annotated[list[StandardCode], msgspec.Meta(min_length=1, max_length=20)]
    start_date: date
    assessor_id: UserId | None = None
    # None: the rule year's for an apprenticeship (server/reviews/rule_years.py), otherwise
    # calendar_3_months
    review_rule: ReviewRule | None = None
    review_interval_days: IntervalDays | None = None
    review_reason: Reason = ""
    apprenticeship: bool = False
    # who agreed a different review frequency for the employer, and when
    employer_agreed_by: Name = ""
    employer_agreed_on: date | None = None


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
