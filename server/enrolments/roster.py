"""Reading a CSV of enrolments (pure): every row checked for its shape, every problem named.

Columns (first line, any order, any case): `worker_email`, `standard`, `assessor_email`,
`start_date` (YYYY-MM-DD), `review_rule` (`weeks_12`, `calendar_3_months` or `custom`; also
"12 weeks", "3 months"; blank: the organisation's default), `interval_days` and `reason`
(both only for `custom`), `apprenticeship` (yes or no; blank: no), `employer_agreed_by` and
`employer_agreed_on` (an apprenticeship's different frequency, from August 2025: who agreed it
for the employer and when; server/reviews/rule_years.py). An apprenticeship row without a
rule takes its start year's. Whether the people, the standard and the existing enrolments
allow a row is checked by the service."""

from __future__ import annotations

from datetime import date

import msgspec

from server.csv_rows import UnreadableCsv, csv_rows
from server.enrolments.rules import frequency_problem
from server.reviews.rule_years import rule_year

MAX_ROWS = 5000
REQUIRED = ("worker_email", "standard", "start_date")
OPTIONAL = ("assessor_email", "review_rule", "interval_days", "reason", "apprenticeship",
            "employer_agreed_by", "employer_agreed_on")
YES = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False,
       "false": False, "0": False, "": False}
RULES = {"weeks_12": "weeks_12", "12 weeks": "weeks_12", "12_weeks": "weeks_12",
         "calendar_3_months": "calendar_3_months", "3 months": "calendar_3_months",
         "3_months": "calendar_3_months", "custom": "custom"}


class EnrolmentRow(msgspec.Struct, frozen=True):
    line: int
    worker_email: str
    standard_code: str
    assessor_email: str
    start_date: date
    review_rule: str
    interval_days: int | None
    reason: str
    apprenticeship: bool = False
    employer_agreed_by: str = ""
    employer_agreed_on: date | None = None


class RowProblem(msgspec.Struct, frozen=True):
    line: int
    problem: str


def read_enrolments(text: str, default_rule: str = "calendar_3_months",
                    today: date | None = None) -> tuple[list[EnrolmentRow], list[RowProblem]]:
    """The rows that can be checked further and the problems of those that cannot; a row
    without a review rule takes `default_rule` (the organisation's), or its start year's for
    an apprenticeship. `today` bounds the employer's agreement date (default: no bound)."""
    try:
        lines = csv_rows(text)
    except UnreadableCsv as error:
        return [], [RowProblem(error.line, error.problem)]
    if not lines or not any(cell.strip() for cell in lines[0]):
        return [], [RowProblem(1, "The file is empty: the first line must name the columns.")]
    header = [cell.strip().lower() for cell in lines[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        return [], [RowProblem(1, f"The first line must name the columns "
                                  f"{', '.join(REQUIRED)}; missing: {', '.join(missing)}.")]
    if len(lines) - 1 > MAX_ROWS:
        return [], [RowProblem(1, f"At most {MAX_ROWS} enrolments per file.")]
    where = {name: header.index(name) for name in (*REQUIRED, *OPTIONAL) if name in header}
    rows: list[EnrolmentRow] = []
    problems: list[RowProblem] = []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        value = {name: cells[i].strip() if i < len(cells) else "" for name, i in where.items()}
        row_or_problem = _row(number, value, seen, default_rule, today or date.max)
        if isinstance(row_or_problem, str):
            problems.append(RowProblem(number, row_or_problem))
        else:
            seen[(row_or_problem.worker_email, row_or_problem.standard_code)] = number
            rows.append(row_or_problem)
    if not rows and not problems:
        problems.append(RowProblem(1, "The file names the columns but has no enrolment in it."))
    return rows, problems


def _row(number: int, value: dict[str, str], seen: dict[tuple[str, str], int],
         default_rule: str, today: date) -> EnrolmentRow | str:
    worker = value["worker_email"].lower()
    if "@" not in worker:
        return "The worker's e-mail address is missing or not an address."
    code = value["standard"].upper()
    if not code.isalnum() or not 3 <= len(code) <= 24:
        return f"{value['standard'][:40]!r} is not a standard's code."
    if (worker, code) in seen:
        return f"{worker} on {code} is already on line {seen[(worker, code)]}."
    try:
        start = date.fromisoformat(value["start_date"])
    except ValueError:
        return f"The start date {value['start_date'][:20]!r} is not a date like 2026-09-01."
    apprenticeship = YES.get(value.get("apprenticeship", "").lower())
    if apprenticeship is None:
        return f"Apprenticeship {value['apprenticeship'][:20]!r} is not yes or no."
    given = value.get("review_rule", "").lower()
    rule = RULES.get(given) if given else (
        rule_year(start).default_rule if apprenticeship else default_rule)
    if rule is None:
        return (f"The review rule {value['review_rule'][:30]!r} is not weeks_12, "
                "calendar_3_months or custom.")
    raw_days = value.get("interval_days", "")
    if raw_days and not raw_days.isdigit():
        return f"The interval {raw_days[:20]!r} is not a number of days."
    days = int(raw_days) if raw_days else None
    if days is not None and not 7 <= days <= 366:
        return "An agreed interval is between 7 and 366 days."
    reason = value.get("reason", "")
    agreed_by = value.get("employer_agreed_by", "")
    if len(agreed_by) > 200:
        return "Who agreed for the employer is longer than 200 characters."
    raw_on = value.get("employer_agreed_on", "")
    try:
        agreed_on = date.fromisoformat(raw_on) if raw_on else None
    except ValueError:
        return f"The employer's agreement date {raw_on[:20]!r} is not a date like 2025-08-20."
    problem = frequency_problem(
        {"review_rule": rule, "review_interval_days": days, "review_reason": reason,
         "apprenticeship": apprenticeship, "start_date": start, "employer_agreed_by": agreed_by,
         "employer_agreed_on": agreed_on}, today)
    if problem:
        return problem[1]
    return EnrolmentRow(number, worker, code, value.get("assessor_email", "").lower(), start,
                        rule, days, reason, apprenticeship, agreed_by, agreed_on)
