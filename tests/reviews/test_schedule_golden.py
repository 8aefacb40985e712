"""Review scheduling and rule years against the shared golden cases
(sync/golden/rules/review_schedule.json, also run by pwa/tests/review-schedule.test.js):
month ends, leap years, the August 2025 and August 2026 boundaries, apprenticeship or not."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from server.reviews import rule_years
from server.reviews.refresh import HELD, _held_review
from server.reviews.schedule import add_months, days_overdue, last_held_for, review_due, stage

GOLDEN = json.loads(
    (Path(__file__).parents[2] / "sync/golden/rules/review_schedule.json").read_text())
SOON_DAYS = 14  # the due list's and the PWA's default


@pytest.mark.parametrize("case", GOLDEN["add_months"], ids=[c["name"] for c in GOLDEN["add_months"]])
def test_add_months_golden_case(case: dict[str, Any]) -> None:
    assert add_months(date.fromisoformat(case["start"]), case["months"]).isoformat() == case["expect"]


@pytest.mark.parametrize("case", GOLDEN["schedules"], ids=[c["name"] for c in GOLDEN["schedules"]])
def test_schedule_golden_case(case: dict[str, Any]) -> None:
    e, expect = case["enrolment"], case["expect"]
    start = date.fromisoformat(e["start_date"])
    rule = e.get("review_rule") or rule_years.default_rule(
        e["apprenticeship"], start, case.get("organisation_default", "calendar_3_months"))
    held = [_held_review(json.dumps(r)) for r in case["reviews"] if r["status"] in HELD]
    last = last_held_for([r for r in held if r is not None], e["standard_code"])
    due = review_due(start, rule, e.get("review_interval_days"), last)
    today = date.fromisoformat(case["today"])
    year = rule_years.rule_year(start).name if e["apprenticeship"] else None
    got = {"year": year, "rule": rule, "due": due.isoformat(), "state": stage(due, today, SOON_DAYS).value,
           "days_overdue": days_overdue(due, today)}
    if "words" in expect:
        got["words"] = rule_years.words(e["apprenticeship"], start)
    assert got == expect
