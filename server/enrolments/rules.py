"""Pure checks on an enrolment's review rule."""

from __future__ import annotations


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
