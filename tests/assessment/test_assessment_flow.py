"""The assessment flow through the real sync engine: capture, submit, refer, resubmit,
accept, unlock; the queue, coverage, export, audit trail and QA sampling along the way."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest

from server.models import Enrolment
from sync.client import SyncClient
from tests.support.people import People, Person

pytestmark = pytest.mark.usefixtures("bundled_standards")

P1, P2, K1 = "SCDHSC0389/1/P1", "SCDHSC0389/1/P2", "SCDHSC0389/1/K1"


_clients: dict[str, SyncClient] = {}


def client(person: Person) -> SyncClient:
    """One reference client per device: a device numbers its mutations 1, 2, 3 ... once."""
    if person.device_id not in _clients:
        _clients[person.device_id] = SyncClient(person.client, person.device_id, retry_scale=0.0)  # type: ignore[arg-type]
    return _clients[person.device_id]


async def _team(people: People) -> tuple[Person, Person, Person, Person]:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    assessor = await people.signed_in("assessor")
    qa = await people.signed_in("quality_assurer")
    await Enrolment.create(organisation=worker.organisation, worker=worker.user,
                           assessor=assessor.user, standard_code="SCDHSC0389",
                           start_date=date(2026, 1, 5))
    return admin, worker, assessor, qa


async def _submitted_evidence(worker: Person, criteria: list[str]) -> tuple[SyncClient, str, str]:
    phone = client(worker)
    scope = f"portfolio:{worker.id}"
    rid = phone.create(scope, "evidence", {
        "kind": "observation", "title": "Supported a family visit",
        "description": "Helped arrange a video call with a relative.", "criteria": criteria})
    phone.transition(scope, "evidence", rid, "submitted")
    await phone.sync()
    return phone, scope, rid


async def _decide(assessor: Person, scope: str, rid: str, outcome: str,
                  judgements: dict[str, str] | None = None, feedback: str = "") -> SyncClient:
    tablet = client(assessor)
    await tablet.pull()
    tablet.create(scope, "decision", {"evidence_id": rid, "outcome": outcome,
                                      "judgements": judgements or {}, "feedback": feedback})
    tablet.transition(scope, "evidence", rid, outcome)
    answer = await tablet.push()
    assert answer is not None and all(r.result == "applied" for r in answer.results), answer
    return tablet


async def test_submitted_evidence_waits_in_the_assessors_queue_oldest_first(people: People) -> None:
    _, worker, assessor, qa = await _team(people)
    _, _, first = await _submitted_evidence(worker, [P1])
    _, _, second = await _submitted_evidence(worker, [P2])
    queue = (await assessor.client.get("/api/assessment/queue")).json()
    assert [item["evidence_id"] for item in queue] == [first, second]
    assert queue[0]["worker_name"] == worker.user.display_name
    assert queue[0]["waiting_hours"] >= 0
    assert [i["evidence_id"] for i in (await qa.client.get("/api/assessment/queue")).json()] == [first, second]
    only = await assessor.client.get("/api/assessment/queue?standard=SCDHSC3110")
    assert only.json() == []


async def test_an_assessor_not_assigned_to_the_worker_sees_nothing(people: People) -> None:
    _, worker, _, _ = await _team(people)
    stranger = await people.signed_in("assessor")
    outsider = await people.signed_in("assessor", org="Hillview Homes")
    await _submitted_evidence(worker, [P1])
    for person in (stranger, outsider):
        assert (await person.client.get("/api/assessment/queue")).json() == []
        assert (await person.client.get(f"/api/portfolios/{worker.id}/coverage")).status_code == 404
        assert (await person.client.get(f"/api/portfolios/{worker.id}/export")).status_code == 404


async def test_refer_resubmit_accept_moves_coverage_from_waiting_to_met(people: People) -> None:
    admin, worker, assessor, _ = await _team(people)
    phone, scope, rid = await _submitted_evidence(worker, [P1, P2])
    coverage = (await worker.client.get(f"/api/portfolios/{worker.id}/coverage")).json()[0]
    states = {c["key"]: c["state"] for c in coverage["criteria"]}
    assert states[P1] == states[P2] == "waiting" and states[K1] == "none"
    assert coverage["summary"]["total"] == 71

    await _decide(assessor, scope, rid, "referred", feedback="Say how you checked consent.")
    await phone.pull()
    assert phone.record(scope, rid).fields["status"] == "referred"  # type: ignore[union-attr]
    assert (await assessor.client.get("/api/assessment/queue")).json() == []

    phone.update(scope, "evidence", rid, set={"description": "Asked first, then called."})
    phone.transition(scope, "evidence", rid, "submitted")
    await phone.sync()
    assert len((await assessor.client.get("/api/assessment/queue")).json()) == 1

    await _decide(assessor, scope, rid, "accepted", judgements={P1: "met", P2: "not_met"})
    coverage = (await assessor.client.get(f"/api/portfolios/{worker.id}/coverage")).json()[0]
    states = {c["key"]: c["state"] for c in coverage["criteria"]}
    assert states[P1] == "met" and states[P2] == "none"
    trail = (await admin.client.get(f"/api/audit?subject_type=evidence&subject_id={rid}")).json()
    actions = [e["action"] for e in reversed(trail)]
    assert actions == ["assessment.decision", "assessment.decision", "evidence.locked"]


async def test_accepted_evidence_is_locked_and_unlocking_needs_a_reason_that_is_audited(people: People) -> None:
    admin, worker, assessor, _ = await _team(people)
    phone, scope, rid = await _submitted_evidence(worker, [P1])
    tablet = await _decide(assessor, scope, rid, "accepted", {P1: "met"})
    await phone.pull()
    n = phone.update(scope, "evidence", rid, set={"title": "Changed after acceptance"})
    await phone.push()
    assert phone.state.results[n].result == "rejected" and phone.state.results[n].code == "locked"

    tablet.transition(scope, "evidence", rid, "referred")
    answer = await tablet.push()
    assert answer is not None and answer.results[-1].result == "rejected"
    tablet.transition(scope, "evidence", rid, "referred", reason="Witness statement unsigned")
    answer = await tablet.push()
    assert answer is not None and answer.results[-1].result == "applied"
    trail = (await admin.client.get(f"/api/audit?subject_type=evidence&subject_id={rid}")).json()
    unlock = next(e for e in trail if e["action"] == "evidence.unlocked")
    assert unlock["detail"]["reason"] == "Witness statement unsigned"
    assert unlock["actor_id"] == assessor.id


async def test_a_decision_is_never_edited_and_a_later_one_supersedes_it(people: People) -> None:
    _, worker, assessor, _ = await _team(people)
    _, scope, rid = await _submitted_evidence(worker, [P1])
    tablet = await _decide(assessor, scope, rid, "referred", feedback="More detail please")
    await tablet.pull()
    decision_id = next(k for k, r in tablet.snapshot()[scope].items() if r.entity == "decision")
    n = tablet.update(scope, "decision", decision_id, set={"feedback": "Rewritten"})
    await tablet.push()
    assert tablet.state.results[n].result == "rejected"
    await tablet.pull()
    assert tablet.record(scope, decision_id).fields["feedback"] == "More detail please"  # type: ignore[union-attr]


async def test_an_assessors_own_observation_appears_in_the_workers_portfolio(people: People) -> None:
    _, worker, assessor, _ = await _team(people)
    tablet = client(assessor)
    scope = f"portfolio:{worker.id}"
    rid = tablet.create(scope, "evidence", {"kind": "observation", "title": "Observed handover",
                                            "criteria": [P1]})
    await tablet.sync()
    phone = client(worker)
    await phone.pull()
    held = phone.record(scope, rid)
    assert held is not None and held.fields["title"] == "Observed handover"


async def test_the_export_holds_a_readable_summary_and_the_data(people: People) -> None:
    _, worker, assessor, qa = await _team(people)
    _, scope, rid = await _submitted_evidence(worker, [P1])
    await _decide(assessor, scope, rid, "accepted", {P1: "met"})
    for person in (worker, assessor, qa):
        answer = await person.client.get(f"/api/portfolios/{worker.id}/export")
        assert answer.status_code == 200
        assert answer.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    data = json.loads(archive.read("portfolio.json"))
    assert data["worker"]["id"] == worker.id
    assert {r["entity"] for r in data["records"]} == {"evidence", "decision"}
    summary = archive.read("summary.html").decode()
    assert "Supported a family visit" in summary and "1 of 71 criteria met" in summary


async def test_a_quality_assurer_samples_an_assessors_decisions_and_records_verdicts(people: People) -> None:
    admin, worker, assessor, qa = await _team(people)
    for _ in range(3):
        _, scope, rid = await _submitted_evidence(worker, [P1])
        await _decide(assessor, scope, rid, "accepted", {P1: "met"})
    drawn = await qa.client.post("/api/qa/samples", json={"assessor_id": assessor.id, "size": 2})
    assert drawn.status_code == 201, drawn.text
    sample = drawn.json()
    assert len(sample["items"]) == 2 and all(i["verdict"] is None for i in sample["items"])
    item = sample["items"][0]["id"]
    refused = await qa.client.post(f"/api/qa/samples/{sample['id']}/items/{item}", json={"verdict": "disagree"})
    assert refused.json()["error"]["code"] == "note_required"
    judged = await qa.client.post(f"/api/qa/samples/{sample['id']}/items/{item}",
                                  json={"verdict": "disagree", "note": "P1 not shown"})
    assert judged.json()["items"][0]["verdict"] == "disagree"
    assert (await assessor.client.get("/api/qa/samples")).status_code == 403
    trail = (await admin.client.get("/api/audit?subject_type=qa_sample")).json()
    assert [e["action"] for e in trail] == ["qa.verdict", "qa.sample_drawn"]


async def test_sampling_an_assessor_with_no_decisions_says_so(people: People) -> None:
    _, _, assessor, qa = await _team(people)
    answer = await qa.client.post("/api/qa/samples", json={"assessor_id": assessor.id})
    assert answer.status_code == 409
    assert answer.json()["error"]["code"] == "nothing_to_sample"


async def test_the_assessor_confirms_adds_and_removes_suggested_criteria(people: People) -> None:
    _, worker, assessor, _ = await _team(people)
    phone, scope, rid = await _submitted_evidence(worker, [P1, P2])
    tablet = client(assessor)
    await tablet.pull()
    n = tablet.update(scope, "evidence", rid, add={"criteria": [K1]}, remove={"criteria": [P2]})
    await tablet.push()
    assert tablet.state.results[n].result == "applied"
    await phone.pull()
    assert phone.record(scope, rid).fields["criteria"] == [K1, P1]  # type: ignore[union-attr]
    n = tablet.update(scope, "evidence", rid, set={"title": "Rewritten by the assessor"})
    await tablet.push()
    assert tablet.state.results[n].result == "rejected"


async def test_a_review_records_who_took_part(people: People) -> None:
    _, worker, assessor, _ = await _team(people)
    tablet = client(assessor)
    scope = f"portfolio:{worker.id}"
    rid = tablet.create(scope, "review", {"held_on": "2026-11-20", "participants":
                                          "Worker, assessor, line manager"})
    await tablet.sync()
    phone = client(worker)
    await phone.pull()
    assert phone.record(scope, rid).fields["participants"] == "Worker, assessor, line manager"  # type: ignore[union-attr]


async def test_a_quality_assurer_lists_the_organisations_assessors(people: People) -> None:
    _, _, assessor, qa = await _team(people)
    await people.signed_in("assessor", org="Hillview Homes")
    listed = (await qa.client.get("/api/assessors")).json()
    assert [p["user_id"] for p in listed] == [assessor.id]
