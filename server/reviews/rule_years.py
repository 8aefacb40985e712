"""Rule years: which progress-review rule and which words apply to an enrolment, by whether
it is an apprenticeship and when it started. Pure data and pure functions; the one place
these rules live. `scripts/publish_registry.py` publishes the table to the PWA
(pwa/js/lib/rule-years.js, checked by tests/test_published.py) and the golden cases
in sync/golden/rules/review_schedule.json run against both.

- An enrolment that is not an apprenticeship keeps the organisation's rules: its default
  review rule (server/accounts/organisation.py), any agreed interval with its reason.
- An apprenticeship that started before 1 August 2025: a review every 12 weeks.
- From 1 August 2025 (2025/26 funding rules): at least every 3 calendar months. A different
  agreed frequency needs its reason and the employer's agreement (who agreed, and when).
- From 1 August 2026 (2026/27): the same frequency rule; end-point assessment is called
  "apprenticeship assessment" and the gateway "gateway to completion".

Words are keyed by what they name (`end_point_assessment`, `gateway`), so a screen asks for
the word of the enrolment's year instead of spelling it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec

from server.reviews.schedule import RuleName

WORDS_BEFORE_2026 = {"end_point_assessment": "end-point assessment", "gateway": "gateway"}
WORDS_2026 = {"end_point_assessment": "apprenticeship assessment",
              "gateway": "gateway to completion"}


class RuleYear(msgspec.Struct, frozen=True):
    name: str
    starts_from: date  # the first start date the year applies to
    default_rule: RuleName
    summary: str  # the rule in words, as the screens say it
    agreement_needs_employer: bool  # a different frequency needs the employer's agreement
    words: dict[str, str]


RULE_YEARS: tuple[RuleYear, ...] = (
    RuleYear("before 2025/26", date.min, "weeks_12", "every 12 weeks", False, WORDS_BEFORE_2026),
    RuleYear("2025/26", date(2025, 8, 1), "calendar_3_months",
             "at least every 3 calendar months", True, WORDS_BEFORE_2026),
    RuleYear("2026/27", date(2026, 8, 1), "calendar_3_months",
             "at least every 3 calendar months", True, WORDS_2026),
)


def rule_year(start: date) -> RuleYear:
    """The rule year of an apprenticeship that started on `start`: the latest that began on or
    before it."""
    return [year for year in RULE_YEARS if year.starts_from <= start][-1]


def default_rule(apprenticeship: bool, start: date, organisation_default: str) -> str:
    """The review rule an enrolment gets when none is chosen."""
    return rule_year(start).default_rule if apprenticeship else organisation_default


def words(apprenticeship: bool, start: date) -> dict[str, str]:
    """The words the screens use for this enrolment (today's for one not an apprenticeship)."""
    return rule_year(start).words if apprenticeship else WORDS_BEFORE_2026


AGREEMENT_REQUIRED = "employer_agreement_required"
INVALID = "invalid_review_rule"


def agreement_problem(
    apprenticeship: bool, start: date, rule: str, agreed_by: str, agreed_on: date | None,
    reason: str, today: date,
) -> tuple[str, str] | None:
    """The error code and reason the review frequency cannot be recorded for this enrolment as
    far as its rule year goes, or None when it can. The interval and its reason for a custom
    rule are checked first by server/enrolments/rules.py `review_rule_problem`."""
    agreed = bool(agreed_by.strip()) or agreed_on is not None
    if not apprenticeship:
        if agreed:
            return INVALID, "An employer's agreement is recorded only for an apprenticeship."
        return None
    year = rule_year(start)
    if rule == year.default_rule:
        if agreed:
            return INVALID, (f"Reviews {year.summary} is the rule for this start date: there "
                             "is no different frequency for the employer to agree.")
        return None
    if not reason.strip():
        return INVALID, (f"An apprenticeship that started on {start.isoformat()} has reviews "
                         f"{year.summary}; a different frequency needs the reason it was "
                         "agreed.")
    if not year.agreement_needs_employer:
        if agreed:
            return INVALID, ("An employer's agreement is recorded only for apprenticeships "
                             "started from 1 August 2025.")
        return None
    if not agreed_by.strip():
        return AGREEMENT_REQUIRED, (
            f"An apprenticeship that started on {start.isoformat()} ({year.name} rules) has "
            f"reviews {year.summary}; a different frequency needs the employer's agreement: "
            "say who agreed it.")
    if agreed_on is None:
        return AGREEMENT_REQUIRED, (
            "A different review frequency needs the employer's agreement: say when they "
            "agreed it.")
    if agreed_on > today:
        return INVALID, "The date the employer agreed cannot be in the future."
    return None


def describe() -> list[dict[str, Any]]:
    """The table as JSON-able data (published for the PWA's twin)."""
    return [
        {**msgspec.to_builtins(year), "starts_from": year.starts_from.isoformat()}
        for year in RULE_YEARS
    ]
