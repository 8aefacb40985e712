"""Reading a CSV of people to invite (pure): every row checked, every problem named.

The first line names the columns: `name`, `email` and `role` (any order, any case; extra
columns are ignored). A role is `worker`, `assessor`, `quality_assurer` or `administrator`
(or its label, `quality assurer`). Line numbers are the file's own, header included, so the
administrator can find the row in their spreadsheet."""

from __future__ import annotations

import re

import msgspec

from server.csv_rows import UnreadableCsv, csv_rows

ROLES = ("worker", "assessor", "quality_assurer", "administrator")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_ROWS = 5000
COLUMNS = ("name", "email", "role")


class PersonRow(msgspec.Struct, frozen=True):
    line: int
    name: str
    email: str
    role: str


class RowProblem(msgspec.Struct, frozen=True):
    line: int
    problem: str


def _role(value: str) -> str | None:
    key = value.strip().lower().replace(" ", "_").replace("-", "_")
    return key if key in ROLES else None


def read_people(text: str) -> tuple[list[PersonRow], list[RowProblem]]:
    """The rows that can be invited and the problems of those that cannot."""
    try:
        lines = csv_rows(text)
    except UnreadableCsv as error:
        return [], [RowProblem(error.line, error.problem)]
    if not lines or not any(cell.strip() for cell in lines[0]):
        return [], [RowProblem(1, "The file is empty: the first line must name the columns "
                                  "name, email, role.")]
    header = [cell.strip().lower() for cell in lines[0]]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        return [], [RowProblem(1, f"The first line must name the columns name, email, role; "
                                  f"missing: {', '.join(missing)}.")]
    if len(lines) - 1 > MAX_ROWS:
        return [], [RowProblem(1, f"At most {MAX_ROWS} people per file; this one has "
                                  f"{len(lines) - 1}.")]
    where = {name: header.index(name) for name in COLUMNS}
    rows: list[PersonRow] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        value = {name: cells[i].strip() if i < len(cells) else "" for name, i in where.items()}
        problem = _problem(value, seen)
        if problem:
            problems.append(RowProblem(number, problem))
            continue
        email = value["email"].lower()
        seen[email] = number
        rows.append(PersonRow(number, value["name"], email, _role(value["role"]) or ""))
    if not rows and not problems:
        problems.append(RowProblem(1, "The file names the columns but has nobody in it."))
    return rows, problems


def _problem(value: dict[str, str], seen: dict[str, int]) -> str | None:
    if not value["name"]:
        return "The name is missing."
    if len(value["name"]) > 200:
        return "The name is longer than 200 characters."
    email = value["email"].lower()
    if not email:
        return "The e-mail address is missing."
    if len(email) > 254 or not EMAIL.match(email):
        return f"{value['email'][:80]!r} is not an e-mail address."
    if email in seen:
        return f"{email} is already on line {seen[email]}."
    if _role(value["role"]) is None:
        shown = value["role"][:40] or "(empty)"
        return f"The role {shown!r} is not one of worker, assessor, quality_assurer, " \
               "administrator."
    return None
