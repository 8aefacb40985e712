"""Pure checks on an enrolment's review rule and on how it ends."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from server.reviews.rule_years import agreement_problem


def review_rule_problem(rule: str, interval_days: int | None, reason: str) -> str | None:
    """Why this review rule cannot be recorded, or None when it can."""
    if rule == "custom":
        if interval_days is None:
            return "An agreed review frequency needs its interval in days."
        if not reason.strip():
            return "An agreed review frequency needs the reason it was agreed."
        return None
    if interval_days is not None:
        return "Only an agreed (custom) review rule takes an interval in days."
    return None


def frequency_problem(fields: Mapping[str, Any], today: date) -> tuple[str, str] | None:
    """The error code and reason an enrolment's review frequency cannot be recorded (its
    interval and reason, then its rule year's need for the employer's agreement), or None.
    `fields` holds the enrolment's `review_*`, `apprenticeship`, `start_date` and
    `employer_agreed_*` as they would be stored."""
    rule, reason = fields["review_rule"], fields["review_reason"]
    problem = review_rule_problem(rule, fields["review_interval_days"], reason)
    if problem:
        return "invalid_review_rule", problem
    return agreement_problem(fields["apprenticeship"], fields["start_date"], rule,
                             fields["employer_agreed_by"], fields["employer_agreed_on"], reason,
                             today)


def end_problem(outcome: str | None, reason: str, ended_on: date | None, start_date: date,
                today: date) -> str | None:
    """Why an enrolment cannot be ended like this, or None when it can."""
    if outcome is None and not reason.strip():
        return "Say how the enrolment ended (completed or withdrawn) or give a reason."
    if ended_on is not None and ended_on > today:
        return "The end date cannot be in the future."
    if ended_on is not None and ended_on < start_date:
        return f"The end date is before the start date ({start_date.isoformat()})."
    return None
