"""The server keeps the decision rules (sync/decisions.py) whatever a device pushes: a
hand-made acceptance that judges nothing is rejected with its code, kept for its author,
and moves neither the item nor coverage."""

from __future__ import annotations

import pytest

from tests.assessment.test_assessment_flow import P1, P2, _submitted_evidence, _team, client
from tests.support.people import People, Person

pytestmark = pytest.mark.usefixtures("bundled_standards")


async def _states(person: Person, worker_id: int) -> dict[str, str]:
    coverage = (await person.client.get(f"/api/portfolios/{worker_id}/coverage")).json()[0]
    return {c["key"]: c["state"] for c in coverage["criteria"]}


async def test_a_pushed_acceptance_that_judges_no_criterion_is_rejected_and_coverage_does_not_move(
        people: People) -> None:
    _, worker, assessor, _ = await _team(people)
    _, scope, rid = await _submitted_evidence(worker, [P1, P2])
    before = await _states(assessor, worker.id)
    tablet = client(assessor)
    await tablet.pull()
    decision = tablet.create(scope, "decision", {"evidence_id": rid, "outcome": "accepted"})
    tablet.transition(scope, "evidence", rid, "accepted")
    answer = await tablet.push()
    assert answer is not None
    assert [(r.result, r.code) for r in answer.results] == [
        ("rejected", "judgements_incomplete"), ("rejected", "decision_required")]
    assert await _states(assessor, worker.id) == before
    await tablet.pull()
    assert tablet.record(scope, decision) is None
    assert tablet.record(scope, rid).fields["status"] == "submitted"  # type: ignore[union-attr]
    kept = {r.fields["code"] for r in tablet.snapshot()[f"user:{assessor.id}"].values()
            if r.entity == "rejection"}
    assert kept == {"judgements_incomplete", "decision_required"}


async def test_an_acceptance_judging_one_of_two_criteria_is_rejected(people: People) -> None:
    _, worker, assessor, _ = await _team(people)
    _, scope, rid = await _submitted_evidence(worker, [P1, P2])
    tablet = client(assessor)
    await tablet.pull()
    tablet.create(scope, "decision", {"evidence_id": rid, "outcome": "accepted",
                                      "judgements": {P1: "met"}})
    answer = await tablet.push()
    assert answer is not None and answer.results[0].code == "judgements_incomplete"
    assert P2 in (answer.results[0].message or "")


async def test_a_transition_to_accepted_alone_is_rejected(people: People) -> None:
    _, worker, assessor, _ = await _team(people)
    _, scope, rid = await _submitted_evidence(worker, [P1])
    tablet = client(assessor)
    await tablet.pull()
    tablet.transition(scope, "evidence", rid, "accepted")
    answer = await tablet.push()
    assert answer is not None and answer.results[0].code == "decision_required"


async def test_an_acceptance_counts_only_the_criteria_judged_met(people: People) -> None:
    _, worker, assessor, _ = await _team(people)
    _, scope, rid = await _submitted_evidence(worker, [P1, P2])
    tablet = client(assessor)
    await tablet.pull()
    tablet.create(scope, "decision", {"evidence_id": rid, "outcome": "accepted",
                                      "judgements": {P1: "met", P2: "partly_met"}})
    tablet.transition(scope, "evidence", rid, "accepted")
    answer = await tablet.push()
    assert answer is not None and [r.result for r in answer.results] == ["applied", "applied"]
    states = await _states(assessor, worker.id)
    assert (states[P1], states[P2]) == ("met", "none")


async def test_an_acceptance_pushed_after_its_decision_in_a_later_push_still_counts(
        people: People) -> None:
    _, worker, assessor, _ = await _team(people)
    _, scope, rid = await _submitted_evidence(worker, [P1])
    tablet = client(assessor)
    await tablet.pull()
    tablet.create(scope, "decision", {"evidence_id": rid, "outcome": "accepted",
                                      "judgements": {P1: "met"}})
    assert (await tablet.push()) is not None
    tablet.transition(scope, "evidence", rid, "accepted")
    answer = await tablet.push()
    assert answer is not None and answer.results[0].result == "applied", answer
    assert (await _states(assessor, worker.id))[P1] == "met"


async def test_a_referral_without_feedback_is_rejected_and_one_with_feedback_records_only_what_was_judged(
        people: People) -> None:
    _, worker, assessor, _ = await _team(people)
    _, scope, rid = await _submitted_evidence(worker, [P1, P2])
    tablet = client(assessor)
    await tablet.pull()
    tablet.create(scope, "decision", {"evidence_id": rid, "outcome": "referred", "feedback": " "})
    ok = tablet.create(scope, "decision", {"evidence_id": rid, "outcome": "referred",
                                           "feedback": "Say how you asked.",
                                           "judgements": {P2: "not_met"}})
    tablet.transition(scope, "evidence", rid, "referred")
    answer = await tablet.push()
    assert answer is not None
    assert [(r.result, r.code) for r in answer.results] == [
        ("rejected", "feedback_required"), ("applied", None), ("applied", None)]
    await tablet.pull()
    assert tablet.record(scope, ok).fields["judgements"] == {P2: "not_met"}  # type: ignore[union-attr]


async def test_a_testimony_changed_after_signing_cannot_be_accepted_until_signed_again(
        people: People) -> None:
    from sync.signatures import digest

    _, worker, assessor, _ = await _team(people)
    phone = client(worker)
    scope = f"portfolio:{worker.id}"
    witness = {"name": "Jo Senior", "role": "Senior carer", "relationship": "",
               "statement": "I saw Wren ask first.", "signature_sha256": "a" * 64}
    rid = phone.create(scope, "evidence", {
        "kind": "witness_testimony", "title": "Witnessed", "criteria": [P1],
        "witness": {**witness, "signed_digest": digest(witness)}})
    phone.update(scope, "evidence", rid, set={"witness": {
        **witness, "statement": "I saw Wren ask first, then leave.", "signed_digest": digest(witness)}})
    phone.transition(scope, "evidence", rid, "submitted")
    await phone.sync()
    tablet = client(assessor)
    await tablet.pull()
    tablet.create(scope, "decision", {"evidence_id": rid, "outcome": "accepted",
                                      "judgements": {P1: "met"}})
    answer = await tablet.push()
    assert answer is not None and answer.results[0].code == "signature_changed"
