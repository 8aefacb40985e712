"""An apprenticeship's review rule follows the year it started (server/reviews/rule_years.py):
the default rule, the words, and the employer's agreement a different frequency needs from
August 2025. A worker not on an apprenticeship keeps today's rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.support.people import People, Person

pytestmark = pytest.mark.usefixtures("bundled_standards")


async def _enrol(admin: Person, worker: Person, start: str, **extra: object):  # type: ignore[no-untyped-def]
    body = {"worker_id": worker.id, "standard_code": "SCDHSC0389", "start_date": start, **extra}
    return await admin.client.post("/api/admin/enrolments", json=body)


async def test_an_apprenticeship_gets_its_start_years_rule_and_words(people: People) -> None:
    admin = await people.signed_in("administrator")
    older, newer, later, other = [await people.signed_in("worker") for _ in range(4)]
    before = (await _enrol(admin, older, "2025-07-31", apprenticeship=True)).json()
    assert (before["review_rule"], before["rule_year"]) == ("weeks_12", "before 2025/26")
    assert before["words"]["end_point_assessment"] == "end-point assessment"
    august = (await _enrol(admin, newer, "2025-08-01", apprenticeship=True)).json()
    assert (august["review_rule"], august["rule_year"]) == ("calendar_3_months", "2025/26")
    words = (await _enrol(admin, later, "2026-08-01", apprenticeship=True)).json()["words"]
    assert words == {"end_point_assessment": "apprenticeship assessment",
                     "gateway": "gateway to completion"}
    plain = (await _enrol(admin, other, "2020-01-06")).json()
    assert (plain["apprenticeship"], plain["review_rule"], plain["rule_year"]) == (
        False, "calendar_3_months", None)
    assert plain["words"]["gateway"] == "gateway"


async def test_a_different_frequency_from_august_2025_needs_the_employers_agreement(
    people: People,
) -> None:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    custom = {"apprenticeship": True, "review_rule": "custom", "review_interval_days": 56,
              "review_reason": "Night shifts: eight-weekly suits the rota"}
    nobody = await _enrol(admin, worker, "2025-09-01", **custom)
    assert nobody.status_code == 422
    assert nobody.json()["error"]["code"] == "employer_agreement_required"
    assert "say who agreed it" in nobody.json()["error"]["message"]
    undated = await _enrol(admin, worker, "2025-09-01", **custom, employer_agreed_by="R. Patel")
    assert undated.status_code == 422
    assert "when they agreed" in undated.json()["error"]["message"]
    future = (datetime.now(UTC).date() + timedelta(days=2)).isoformat()
    ahead = await _enrol(admin, worker, "2025-09-01", **custom, employer_agreed_by="R. Patel",
                         employer_agreed_on=future)
    assert ahead.status_code == 422
    assert ahead.json()["error"]["code"] == "invalid_review_rule"
    unreasoned = await _enrol(admin, worker, "2025-09-01", apprenticeship=True,
                              review_rule="weeks_12", employer_agreed_by="R. Patel",
                              employer_agreed_on="2025-08-20")
    assert unreasoned.status_code == 422
    assert "needs the reason" in unreasoned.json()["error"]["message"]
    agreed = await _enrol(admin, worker, "2025-09-01", **custom, employer_agreed_by="R. Patel",
                          employer_agreed_on="2025-08-20")
    assert agreed.status_code == 201, agreed.text
    made = agreed.json()
    assert (made["employer_agreed_by"], made["employer_agreed_on"]) == ("R. Patel", "2025-08-20")
    trail = (await admin.client.get(
        f"/api/audit?subject_type=enrolment&subject_id={made['id']}")).json()
    assert trail[0]["detail"]["employer_agreed_on"] == "2025-08-20"


async def test_older_starts_and_other_workers_need_no_employer_agreement(people: People) -> None:
    admin = await people.signed_in("administrator")
    older, plain = await people.signed_in("worker"), await people.signed_in("worker")
    custom = {"review_rule": "custom", "review_interval_days": 56, "review_reason": "Rota"}
    made = await _enrol(admin, older, "2025-07-31", apprenticeship=True, **custom)
    assert made.status_code == 201, made.text
    refused = await _enrol(admin, plain, "2026-01-05", **custom, employer_agreed_by="R. Patel",
                           employer_agreed_on="2026-01-02")
    assert refused.status_code == 422
    assert refused.json()["error"]["message"] == (
        "An employer's agreement is recorded only for an apprenticeship.")
    assert (await _enrol(admin, plain, "2026-01-05", **custom)).status_code == 201


async def test_the_apprenticeship_flag_is_a_boolean(people: People) -> None:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    answer = await _enrol(admin, worker, "2025-09-01", apprenticeship="yes")
    assert 400 <= answer.status_code < 500
    assert "$.apprenticeship" in answer.json()["error"]["message"]


async def test_marking_an_apprenticeship_later_checks_its_rule_again(people: People) -> None:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    made = (await _enrol(admin, worker, "2025-10-06", review_rule="weeks_12")).json()
    url = f"/api/admin/enrolments/{made['id']}"
    refused = await admin.client.patch(url, json={"apprenticeship": True})
    assert refused.status_code == 422
    assert "at least every 3 calendar months" in refused.json()["error"]["message"]
    changed = await admin.client.patch(url, json={
        "apprenticeship": True, "review_reason": "Twelve weeks agreed at sign-up",
        "employer_agreed_by": "R. Patel", "employer_agreed_on": "2025-10-01",
        "reason": "Funded as an apprenticeship"})
    assert changed.status_code == 200, changed.text
    assert changed.json()["rule_year"] == "2025/26"
    trail = (await admin.client.get(f"/api/audit?subject_type=enrolment&subject_id={made['id']}")).json()
    assert trail[0]["detail"]["after"]["employer_agreed_on"] == "2025-10-01"
    back = await admin.client.patch(url, json={"review_rule": "calendar_3_months"})
    assert back.status_code == 422
    assert "no different frequency for the employer to agree" in back.json()["error"]["message"]


async def test_an_enrolment_csv_marks_apprenticeships_and_names_a_missing_agreement(
    people: People,
) -> None:
    admin = await people.signed_in("administrator")
    one, two, three = [await people.signed_in("worker") for _ in range(3)]
    head = "worker_email,standard,start_date,review_rule,reason,apprenticeship,employer_agreed_by,employer_agreed_on\n"
    rows = [f"{one.user.email},SCDHSC0389,2025-07-31,,,yes,,",
            f"{two.user.email},SCDHSC0389,2025-09-01,weeks_12,Rota,yes,,",
            f"{three.user.email},SCDHSC0389,2025-09-01,,,perhaps,,"]
    checked = await admin.client.post("/api/admin/enrolments/import",
                                      json={"csv": head + "\n".join(rows) + "\n"})
    assert checked.status_code == 200, checked.text
    problems = {p["line"]: p["problem"] for p in checked.json()["problems"]}
    assert sorted(problems) == [3, 4]
    assert "say who agreed it" in problems[3]
    assert problems[4] == "Apprenticeship 'perhaps' is not yes or no."
    rows[1] = f"{two.user.email},SCDHSC0389,2025-09-01,weeks_12,Rota,yes,R. Patel,2025-08-20"
    rows[2] = f"{three.user.email},SCDHSC0389,2025-09-01,,,no,,"
    done = await admin.client.post("/api/admin/enrolments/import",
                                   json={"csv": head + "\n".join(rows) + "\n", "commit": True})
    assert done.status_code == 201, done.text
    made = {e["worker_id"]: e for e in done.json()["created"]}
    assert (made[one.id]["review_rule"], made[one.id]["rule_year"]) == ("weeks_12", "before 2025/26")
    assert made[two.id]["employer_agreed_by"] == "R. Patel"
    assert (made[three.id]["apprenticeship"], made[three.id]["review_rule"]) == (
        False, "calendar_3_months")
