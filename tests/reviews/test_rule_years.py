"""The rule-year table's checks on an agreed review frequency (pure). The dates and words of
each year are golden cases (tests/reviews/test_schedule_golden.py)."""

from __future__ import annotations

from datetime import date

from server.reviews.rule_years import RULE_YEARS, agreement_problem, rule_year

TODAY = date(2026, 3, 1)


def test_the_years_are_in_order_and_each_starts_in_august() -> None:
    starts = [year.starts_from for year in RULE_YEARS]
    assert starts == sorted(starts)
    assert all(start.month == 8 and start.day == 1 for start in starts[1:])
    assert rule_year(date(2025, 7, 31)).name == "before 2025/26"
    assert rule_year(date(2025, 8, 1)).name == "2025/26"


def test_the_years_default_rule_needs_no_agreement() -> None:
    assert agreement_problem(True, date(2025, 8, 1), "calendar_3_months", "", None, "", TODAY) is None
    assert agreement_problem(True, date(2025, 7, 31), "weeks_12", "", None, "", TODAY) is None


def test_a_different_rule_from_august_2025_needs_reason_then_who_then_when() -> None:
    start = date(2025, 8, 1)
    code, message = agreement_problem(True, start, "weeks_12", "", None, "", TODAY) or ("", "")
    assert (code, "needs the reason" in message) == ("invalid_review_rule", True)
    code, message = agreement_problem(True, start, "weeks_12", " ", None, "Rota", TODAY) or ("", "")
    assert (code, "say who agreed it" in message) == ("employer_agreement_required", True)
    code, message = agreement_problem(True, start, "weeks_12", "R. Patel", None, "Rota", TODAY) or ("", "")
    assert (code, "when they agreed" in message) == ("employer_agreement_required", True)
    assert agreement_problem(True, start, "weeks_12", "R. Patel", TODAY, "Rota", TODAY) is None


def test_an_agreement_is_refused_where_there_is_nothing_to_agree() -> None:
    assert agreement_problem(False, TODAY, "custom", "R. Patel", TODAY, "Rota", TODAY)
    assert agreement_problem(True, date(2025, 7, 31), "custom", "R. Patel", TODAY, "Rota", TODAY)
    assert agreement_problem(True, date(2025, 9, 1), "calendar_3_months", "R. Patel", TODAY, "", TODAY)
    assert agreement_problem(False, TODAY, "custom", "", None, "Rota", TODAY) is None
