"""Progress reviews due and overdue: assessors see their workers', managers the whole
organisation's; a review held and synced moves the next due date at once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from server.models import Enrolment
from server.reviews.schedule import add_months
from tests.assessment.test_assessment_flow import client
from tests.support.people import People, Person

pytestmark = pytest.mark.usefixtures("bundled_standards")
TODAY = datetime.now(UTC).date()


async def _enrolment(worker: Person, assessor: Person, start: date, **extra: object) -> Enrolment:
    return await Enrolment.create(organisation=worker.organisation, worker=worker.user,
                                  assessor=assessor.user, standard_code="SCDHSC0389",
                                  start_date=start, **extra)


async def test_an_overdue_review_is_listed_for_its_assessor_and_managers_only(people: People) -> None:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    assessor = await people.signed_in("assessor")
    other = await people.signed_in("assessor")
    outsider = await people.signed_in("administrator", org="Hillview Homes")
    start = TODAY - timedelta(days=120)
    await _enrolment(worker, assessor, start)
    listed = (await assessor.client.get("/api/reviews/due")).json()
    assert len(listed) == 1
    row = listed[0]
    assert row["next_review_due"] == add_months(start, 3).isoformat()
    assert row["state"] == "overdue" and row["days_overdue"] > 0
    assert row["worker_name"] == worker.user.display_name
    assert len((await admin.client.get("/api/reviews/due")).json()) == 1
    assert (await other.client.get("/api/reviews/due")).json() == []
    assert (await outsider.client.get("/api/reviews/due")).json() == []
    assert (await worker.client.get("/api/reviews/due")).status_code == 403


async def test_a_held_review_synced_from_the_tablet_moves_the_next_due_date(people: People) -> None:
    worker = await people.signed_in("worker")
    assessor = await people.signed_in("assessor")
    await _enrolment(worker, assessor, TODAY - timedelta(days=100), review_rule="weeks_12")
    assert (await assessor.client.get("/api/reviews/due")).json()[0]["state"] == "overdue"
    tablet = client(assessor)
    scope = f"portfolio:{worker.id}"
    rid = tablet.create(scope, "review", {"held_on": TODAY.isoformat(), "notes": "On track"})
    tablet.transition(scope, "review", rid, "held")
    answer = await tablet.push()
    assert answer is not None and all(r.result == "applied" for r in answer.results)
    assert (await assessor.client.get("/api/reviews/due")).json() == []
    later = (await assessor.client.get("/api/reviews/due?within_days=90")).json()
    assert later[0]["next_review_due"] == (TODAY + timedelta(weeks=12)).isoformat()
    assert later[0]["last_review_on"] == TODAY.isoformat()


async def test_a_review_moves_only_the_schedule_of_the_standards_it_covers(people: People) -> None:
    worker = await people.signed_in("worker")
    first, second = await people.signed_in("assessor"), await people.signed_in("assessor")
    start = TODAY - timedelta(days=100)
    await _enrolment(worker, first, start, review_rule="weeks_12")
    await Enrolment.create(organisation=worker.organisation, worker=worker.user, assessor=second.user,
                           standard_code="SCDHSC3110", start_date=start, review_rule="weeks_12")
    tablet = client(first)
    scope = f"portfolio:{worker.id}"
    rid = tablet.create(scope, "review", {"held_on": TODAY.isoformat(), "notes": "On track",
                                          "standards": ["SCDHSC0389"]})
    tablet.transition(scope, "review", rid, "held")
    answer = await tablet.push()
    assert answer is not None and all(r.result == "applied" for r in answer.results)
    assert (await first.client.get("/api/reviews/due")).json() == []
    [still] = (await second.client.get("/api/reviews/due")).json()
    assert (still["standard_code"], still["state"], still["last_review_on"]) == ("SCDHSC3110", "overdue", None)
    # a review that names no standard (as recorded before reviews named them) covers both
    old = client(second)
    rid = old.create(scope, "review", {"held_on": TODAY.isoformat(), "notes": "Both"})
    old.transition(scope, "review", rid, "held")
    await old.push()
    assert (await second.client.get("/api/reviews/due")).json() == []


async def test_an_earlier_agreed_next_date_is_when_the_review_falls_due(people: People) -> None:
    worker = await people.signed_in("worker")
    assessor = await people.signed_in("assessor")
    await _enrolment(worker, assessor, TODAY - timedelta(days=100), review_rule="weeks_12")
    tablet = client(assessor)
    scope = f"portfolio:{worker.id}"
    agreed = TODAY + timedelta(days=20)  # sooner than the rule's 12 weeks
    rid = tablet.create(scope, "review", {"held_on": TODAY.isoformat(), "notes": "Behind on K",
                                          "next_review_due": agreed.isoformat()})
    tablet.transition(scope, "review", rid, "held")
    await tablet.push()
    [row] = (await assessor.client.get("/api/reviews/due?within_days=30")).json()
    assert row["next_review_due"] == agreed.isoformat()


async def test_changing_the_review_rule_recomputes_the_due_date(people: People) -> None:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    assessor = await people.signed_in("assessor")
    start = TODAY - timedelta(days=10)
    enrolment = await _enrolment(worker, assessor, start)
    await assessor.client.get("/api/reviews/due")
    changed = await admin.client.patch(f"/api/admin/enrolments/{enrolment.id}", json={
        "review_rule": "custom", "review_interval_days": 14,
        "review_reason": "Agreed fortnightly while on probation"})
    assert changed.status_code == 200
    listed = (await assessor.client.get("/api/reviews/due?within_days=7")).json()
    assert listed[0]["next_review_due"] == (start + timedelta(days=14)).isoformat()


async def test_a_bad_window_is_refused_clearly(people: People) -> None:
    assessor = await people.signed_in("assessor")
    answer = await assessor.client.get("/api/reviews/due?within_days=9999")
    assert answer.status_code == 422
    assert "within_days" in answer.json()["error"]["message"]
