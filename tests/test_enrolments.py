"""Enrolments decide who assesses whom; every change lands in the audit trail."""

from __future__ import annotations

import pytest

from base.principal import Principal
from sync import scopes
from tests.support.people import People, Person

pytestmark = pytest.mark.usefixtures("bundled_standards")


async def _enrol(admin: Person, worker: Person, assessor: Person | None, **extra: object):  # type: ignore[no-untyped-def]
    body = {"worker_id": worker.id, "standard_code": "SCDHSC0389", "start_date": "2026-09-01",
            **({"assessor_id": assessor.id} if assessor else {}), **extra}
    return await admin.client.post("/api/admin/enrolments", json=body)


def _principal(person: Person, *roles: str) -> Principal:
    return Principal(person.id, person.organisation.id, frozenset(roles), 0, person.device_id, False)


async def test_an_enrolled_workers_portfolio_is_visible_to_the_assigned_assessor_only(people: People) -> None:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    assessor = await people.signed_in("assessor")
    other = await people.signed_in("assessor")
    answer = await _enrol(admin, worker, assessor)
    assert answer.status_code == 201, answer.text
    assert answer.json()["assessor_name"] == assessor.user.display_name
    portfolio = scopes.portfolio(worker.id)
    assert portfolio in await scopes.visible(_principal(assessor, "assessor"))
    assert portfolio not in await scopes.visible(_principal(other, "assessor"))


async def test_reassignment_moves_access_to_the_new_assessor_and_is_audited(people: People) -> None:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    first = await people.signed_in("assessor")
    second = await people.signed_in("assessor")
    enrolment = (await _enrol(admin, worker, first)).json()
    moved = await admin.client.patch(f"/api/admin/enrolments/{enrolment['id']}", json={
        "assessor_id": second.id, "reason": "Caseload rebalanced"})
    assert moved.status_code == 200, moved.text
    portfolio = scopes.portfolio(worker.id)
    assert portfolio not in await scopes.visible(_principal(first, "assessor"))
    assert portfolio in await scopes.visible(_principal(second, "assessor"))
    trail = (await admin.client.get(f"/api/audit?subject_type=enrolment&subject_id={enrolment['id']}")).json()
    assert [e["action"] for e in trail] == ["enrolment.reassigned", "enrolment.created"]
    assert trail[0]["detail"]["before"] == {"assessor_id": first.id}
    assert trail[0]["detail"]["reason"] == "Caseload rebalanced"
    assert trail[0]["actor_id"] == admin.id


async def test_an_agreed_review_frequency_needs_its_interval_and_reason(people: People) -> None:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    missing = await _enrol(admin, worker, None, review_rule="custom", review_interval_days=42)
    assert missing.status_code == 422
    assert missing.json()["error"]["code"] == "invalid_review_rule"
    ok = await _enrol(admin, worker, None, review_rule="custom", review_interval_days=42,
                      review_reason="Part-time hours agreed with employer")
    assert ok.status_code == 201
    assert ok.json()["review_interval_days"] == 42


async def test_only_workers_are_enrolled_and_only_assessors_assess(people: People) -> None:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    not_assessor = await people.signed_in("worker")
    answer = await _enrol(admin, worker, not_assessor)
    assert answer.json()["error"]["code"] == "not_assessor"
    answer = await _enrol(admin, admin, None)
    assert answer.json()["error"]["code"] == "not_worker"


async def test_a_worker_of_another_organisation_cannot_be_enrolled(people: People) -> None:
    admin = await people.signed_in("administrator", org="Riverside Care")
    outsider = await people.signed_in("worker", org="Hillview Homes")
    answer = await _enrol(admin, outsider, None)
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "not_worker"


async def test_an_unknown_standard_and_a_duplicate_enrolment_are_refused(people: People) -> None:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    unknown = await _enrol(admin, worker, None, standard_code="NOSUCH123")
    assert unknown.json()["error"]["code"] == "unknown_standard"
    assert (await _enrol(admin, worker, None)).status_code == 201
    duplicate = await _enrol(admin, worker, None)
    assert duplicate.status_code == 409
    assert duplicate.json()["error"]["code"] == "already_enrolled"


async def test_ending_an_enrolment_removes_the_assessors_access_once(people: People) -> None:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    assessor = await people.signed_in("assessor")
    enrolment = (await _enrol(admin, worker, assessor)).json()
    ended = await admin.client.post(f"/api/admin/enrolments/{enrolment['id']}/end", json={"reason": "Completed"})
    assert ended.status_code == 200 and ended.json()["ended_at"]
    assert scopes.portfolio(worker.id) not in await scopes.visible(_principal(assessor, "assessor"))
    again = await admin.client.post(f"/api/admin/enrolments/{enrolment['id']}/end", json={"reason": "Again"})
    assert again.status_code == 409
    listed = (await admin.client.get("/api/admin/enrolments")).json()
    assert listed == []
    assert len((await admin.client.get("/api/admin/enrolments?ended=1")).json()) == 1


async def test_workers_and_assessors_see_their_own_enrolments(people: People) -> None:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    assessor = await people.signed_in("assessor")
    await _enrol(admin, worker, assessor)
    await _enrol(admin, worker, assessor, standard_code="SCDHSC3110")
    mine = (await worker.client.get("/api/me/enrolments")).json()
    assert sorted(e["standard_code"] for e in mine) == ["SCDHSC0389", "SCDHSC3110"]
    assigned = (await assessor.client.get("/api/me/enrolments")).json()
    assert {e["worker_id"] for e in assigned} == {worker.id}


async def test_another_organisations_enrolment_cannot_be_changed(people: People) -> None:
    admin = await people.signed_in("administrator", org="Riverside Care")
    other_admin = await people.signed_in("administrator", org="Hillview Homes")
    worker = await people.signed_in("worker")
    enrolment = (await _enrol(admin, worker, None)).json()
    answer = await other_admin.client.patch(f"/api/admin/enrolments/{enrolment['id']}", json={"review_rule": "weeks_12"})
    assert answer.status_code == 404


async def test_role_changes_are_in_the_audit_trail_for_quality_assurers(people: People) -> None:
    admin = await people.signed_in("administrator")
    qa = await people.signed_in("quality_assurer")
    worker = await people.signed_in("worker")
    await admin.client.post(f"/api/admin/members/{worker.id}/roles", json={"role": "assessor"})
    await admin.client.delete(f"/api/admin/members/{worker.id}/roles/assessor")
    trail = (await qa.client.get(f"/api/audit?subject_type=user&subject_id={worker.id}")).json()
    assert [(e["action"], e["detail"]["role"]) for e in trail] == [
        ("role.removed", "assessor"), ("role.assigned", "assessor")]
    assert (await worker.client.get("/api/audit")).status_code == 403


async def test_the_audit_trail_of_another_organisation_stays_hidden(people: People) -> None:
    admin = await people.signed_in("administrator", org="Riverside Care")
    other_qa = await people.signed_in("quality_assurer", org="Hillview Homes")
    worker = await people.signed_in("worker")
    await admin.client.post(f"/api/admin/members/{worker.id}/roles", json={"role": "assessor"})
    assert (await other_qa.client.get("/api/audit")).json() == []


async def test_bad_query_parameters_are_refused_clearly(people: People) -> None:
    admin = await people.signed_in("administrator")
    answer = await admin.client.get("/api/admin/enrolments?worker_id=abc")
    assert answer.status_code == 422
    assert "worker_id" in answer.json()["error"]["message"]


async def test_a_worker_is_enrolled_on_several_standards_at_once_or_on_none(people: People) -> None:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    assessor = await people.signed_in("assessor")
    body = {"worker_id": worker.id, "standard_codes": ["SCDHSC0389", "SCDHSC3110"],
            "assessor_id": assessor.id, "start_date": "2026-09-01", "review_rule": "weeks_12"}
    made = await admin.client.post("/api/admin/enrolments/batch", json=body)
    assert made.status_code == 201, made.text
    assert sorted(e["standard_code"] for e in made.json()) == ["SCDHSC0389", "SCDHSC3110"]
    again = await admin.client.post("/api/admin/enrolments/batch",
                                    json={**body, "standard_codes": ["SCDLMCB4", "SCDHSC0389"]})
    assert again.status_code == 409 and "SCDHSC0389" in again.json()["error"]["message"]
    listed = (await admin.client.get(f"/api/admin/enrolments?worker_id={worker.id}")).json()
    assert len(listed) == 2  # SCDLMCB4 was not made either


async def test_ending_an_enrolment_records_its_outcome_and_date_but_not_a_future_one(
    people: People,
) -> None:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    enrolment = (await _enrol(admin, worker, None)).json()
    future = await admin.client.post(f"/api/admin/enrolments/{enrolment['id']}/end",
                                     json={"outcome": "completed", "ended_on": "2099-01-01"})
    assert future.status_code == 422 and future.json()["error"]["code"] == "invalid_end"
    nothing = await admin.client.post(f"/api/admin/enrolments/{enrolment['id']}/end", json={})
    assert nothing.status_code == 422
    ended = await admin.client.post(f"/api/admin/enrolments/{enrolment['id']}/end",
                                    json={"outcome": "withdrawn", "ended_on": "2026-10-15"})
    assert ended.status_code == 200, ended.text
    assert ended.json()["outcome"] == "withdrawn" and ended.json()["ended_on"] == "2026-10-15"
    trail = (await admin.client.get(f"/api/audit?subject_type=enrolment&subject_id={enrolment['id']}")).json()
    assert trail[0]["detail"]["outcome"] == "withdrawn"


def _enrolment_csv(rows: list[str]) -> str:
    return "worker_email,standard,assessor_email,start_date,review_rule,interval_days,reason\n" + \
        "\n".join(rows) + "\n"


async def test_a_csv_of_enrolments_names_every_bad_row_and_enrols_nobody_until_fixed(
    people: People,
) -> None:
    admin = await people.signed_in("administrator")
    workers = [await people.signed_in("worker") for _ in range(3)]
    assessor = await people.signed_in("assessor")
    w = [p.user.email for p in workers]
    a = assessor.user.email
    bad = _enrolment_csv([
        f"{w[0]},SCDHSC0389,{a},2026-09-01,weeks_12,,",
        f"{w[1]},NOSUCH1,{a},2026-09-01,,,",
        f"{w[2]},SCDHSC0389,{w[0]},2026-09-01,3 months,,",
        f"{a},SCDHSC0389,,2026-09-01,,,",
        f"{w[1]},SCDHSC3110,{a},01/09/2026,,,",
        f"{w[1]},SCDHSC0389,{a},2026-09-01,custom,42,",
    ])
    preview = (await admin.client.post("/api/admin/enrolments/import", json={"csv": bad})).json()
    assert [(p["line"], p["problem"]) for p in preview["problems"]] == [
        (3, "No standard NOSUCH1 in the library."),
        (4, f"{w[0]} is not an assessor in your organisation."),
        (5, f"{a} is not a worker in your organisation."),
        (6, "The start date '01/09/2026' is not a date like 2026-09-01."),
        (7, "An agreed review frequency needs the reason it was agreed."),
    ]
    refused = await admin.client.post("/api/admin/enrolments/import", json={"csv": bad, "commit": True})
    assert refused.status_code == 422 and len(refused.json()["error"]["detail"]["problems"]) == 5
    assert (await admin.client.get("/api/admin/enrolments")).json() == []

    good = _enrolment_csv([
        f"{w[0]},SCDHSC0389,{a},2026-09-01,weeks_12,,",
        f"{w[1]},SCDHSC0389,{a},2026-09-01,custom,42,Works nights; agreed with employer",
        f"{w[2]},SCDHSC3110,,2026-09-01,,,",
    ])
    done = await admin.client.post("/api/admin/enrolments/import", json={"csv": good, "commit": True})
    assert done.status_code == 201, done.text
    assert [e["review_rule"] for e in done.json()["created"]] == ["weeks_12", "custom", "calendar_3_months"]
    again = (await admin.client.post("/api/admin/enrolments/import", json={"csv": good})).json()
    assert [p["line"] for p in again["problems"]] == [2, 3, 4]


async def test_the_caseload_counts_each_assessors_learners_waiting_items_and_overdue_reviews(
    people: People,
) -> None:
    from datetime import date

    from server.assessment.models import EvidenceIndex
    from server.models import Enrolment

    admin = await people.signed_in("administrator")
    assessor = await people.signed_in("assessor")
    workers = [await people.signed_in("worker") for _ in range(2)]
    for worker in workers:
        await _enrol(admin, worker, assessor)
    unassigned = await people.signed_in("worker")
    await _enrol(admin, unassigned, None)
    await Enrolment.filter(worker_id=workers[0].id).update(next_review_due=date(2020, 1, 1))
    for n, status in enumerate(["submitted", "submitted", "draft"]):
        await EvidenceIndex.create(**_evidence(workers[1].id, f"e{n}", status))
    stranger = await people.signed_in("administrator", org="Hillside Homes")
    assert (await stranger.client.get("/api/admin/caseload")).json() == []
    loads = (await admin.client.get("/api/admin/caseload")).json()
    assert loads == [
        {"assessor_id": assessor.id, "assessor_name": assessor.user.display_name, "learners": 2,
         "enrolments": 2, "items_waiting": 2, "reviews_overdue": 1},
        {"assessor_id": None, "assessor_name": "No assessor", "learners": 1, "enrolments": 1,
         "items_waiting": 0, "reviews_overdue": 0},
    ]


def _evidence(worker_id: int, rid: str, status: str) -> dict[str, object]:
    """An evidence row as the sync projection writes it (server/assessment/projection.py)."""
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    return {"scope": f"portfolio:{worker_id}", "rid": rid, "worker_id": worker_id,
            "author_id": worker_id, "kind": "observation", "status": status,
            "submitted_at": now if status == "submitted" else None, "status_changed_at": now,
            "updated_at": now}


async def test_an_enrolment_csv_row_without_a_review_rule_takes_the_organisations_default(
    people: People,
) -> None:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    await admin.client.patch("/api/admin/organisation", json={"default_review_rule": "weeks_12"})
    text = _enrolment_csv([f"{worker.user.email},SCDHSC0389,,2026-09-01,,,"])
    done = await admin.client.post("/api/admin/enrolments/import", json={"csv": text, "commit": True})
    assert done.status_code == 201, done.text
    assert done.json()["created"][0]["review_rule"] == "weeks_12"
