"""Comments on an evidence item (sync/comments.py): a thread between the worker and their
assessor in the item's own portfolio scope, read by exactly the people who read the item,
and refused, with its code kept for its author, on an item the author may not see."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from server.models import Enrolment
from tests.assessment.test_assessment_flow import P1, _submitted_evidence, _team, client
from tests.support.people import People

pytestmark = pytest.mark.usefixtures("bundled_standards")


def _bodies(records: dict[str, object]) -> list[str]:
    return sorted(r.fields["body"] for r in records.values()  # type: ignore[attr-defined]
                  if r.entity == "comment")  # type: ignore[attr-defined]


async def test_the_worker_and_the_assessor_each_read_the_others_comment(people: People) -> None:
    _, worker, assessor, qa = await _team(people)
    phone, scope, rid = await _submitted_evidence(worker, [P1])
    phone.create(scope, "comment", {"evidence_id": rid, "body": "Is the date right?",
                                    "written_at": "2026-03-02T09:00:00Z"})
    await phone.sync()
    tablet = client(assessor)
    await tablet.pull()
    tablet.create(scope, "comment", {"evidence_id": rid, "body": "Yes: it was the 2nd."})
    answer = await tablet.push()
    assert answer is not None and [r.result for r in answer.results] == ["applied"]
    await phone.pull()
    assert _bodies(phone.snapshot()[scope]) == ["Is the date right?", "Yes: it was the 2nd."]
    reader = client(qa)
    await reader.pull()
    assert _bodies(reader.snapshot()[scope]) == ["Is the date right?", "Yes: it was the 2nd."]
    reader.create(scope, "comment", {"evidence_id": rid, "body": "QA here"})
    answer = await reader.push()
    assert answer is not None and answer.results[0].code == "forbidden"


async def test_a_comment_on_an_item_the_author_may_not_see_is_refused_and_kept(
        people: People) -> None:
    _, worker, assessor, _ = await _team(people)
    other = await people.signed_in("worker")  # assessed by someone else
    _, scope, _ = await _submitted_evidence(worker, [P1])
    _, other_scope, other_rid = await _submitted_evidence(other, [P1])
    tablet = client(assessor)
    await tablet.pull()
    tablet.create(scope, "comment", {"evidence_id": other_rid, "body": "Wrong portfolio"})
    tablet.create(other_scope, "comment", {"evidence_id": other_rid, "body": "Not mine"})
    answer = await tablet.push()
    assert answer is not None
    assert [(r.result, r.code) for r in answer.results] == [
        ("rejected", "comment_item_not_found"), ("rejected", "scope_forbidden")]
    await tablet.pull()
    assert _bodies(tablet.snapshot()[scope]) == []
    kept = {r.fields["code"] for r in tablet.snapshot()[f"user:{assessor.id}"].values()
            if r.entity == "rejection"}
    assert kept == {"comment_item_not_found", "scope_forbidden"}


async def test_a_reassigned_assessor_can_no_longer_comment(people: People) -> None:
    _, worker, assessor, _ = await _team(people)
    _, scope, rid = await _submitted_evidence(worker, [P1])
    await Enrolment.filter(worker_id=worker.id).update(ended_at=datetime(2026, 2, 1, tzinfo=UTC))
    tablet = client(assessor)
    tablet.create(scope, "comment", {"evidence_id": rid, "body": "Still here?"})
    answer = await tablet.push()
    assert answer is not None and answer.results[0].code == "scope_forbidden"
