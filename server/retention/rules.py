"""Whether the evidence of a person who left may be removed yet (pure: values in, verdict out).

The rules, in order:
1. Only a person who left can have their evidence removed: deactivated, and with no open
   enrolment (an open one is refused by name: end it first, so nothing under assessment
   is lost).
2. They left on the later of the day they were deactivated and the day their last
   enrolment ended. Without a known day (no deactivation in the audit trail) nothing is
   removed: the period cannot be counted.
3. Their evidence is kept for the organisation's retention period (whole years) after
   that day; it may be removed from the day the period ends, never before.
"""

from __future__ import annotations

from datetime import date

import msgspec


class Leaver(msgspec.Struct, frozen=True):
    user_id: int
    organisation_id: int
    name: str
    email: str
    deactivated: bool
    left_on: date | None
    open_enrolments: list[str]  # standard codes of enrolments not ended
    retention_years: int


class Verdict(msgspec.Struct, frozen=True):
    user_id: int
    removable: bool
    reason: str
    kept_until: date | None


def kept_until(left_on: date, years: int) -> date:
    """The first day the evidence may be removed: `years` after `left_on` (29 February
    gives 28 February in a year that has none)."""
    try:
        return left_on.replace(year=left_on.year + years)
    except ValueError:
        return left_on.replace(year=left_on.year + years, day=28)


def judge(leaver: Leaver, today: date) -> Verdict:
    if not leaver.deactivated:
        return Verdict(leaver.user_id, False, "has not left (not deactivated)", None)
    if leaver.open_enrolments:
        codes = ", ".join(sorted(leaver.open_enrolments))
        return Verdict(leaver.user_id, False,
                       f"still has an open enrolment ({codes}): end it first", None)
    if leaver.left_on is None:
        return Verdict(leaver.user_id, False,
                       "no record of when they left, so the retention period cannot be "
                       "counted", None)
    until = kept_until(leaver.left_on, leaver.retention_years)
    years = f"{leaver.retention_years} year{'s' if leaver.retention_years != 1 else ''}"
    if today < until:
        return Verdict(leaver.user_id, False,
                       f"within the retention period: kept until {until.isoformat()} "
                       f"({years} after leaving on {leaver.left_on.isoformat()})", until)
    return Verdict(leaver.user_id, True,
                   f"left on {leaver.left_on.isoformat()}; the {years} of retention "
                   f"ended on {until.isoformat()}", until)
