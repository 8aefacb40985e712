"""Push and pull through the real app on both databases."""

from __future__ import annotations

from tests.sync.conftest import Team

OBSERVATION = {"kind": "observation", "title": "Hoist transfer", "occurred_at": "2025-05-30"}


async def test_a_worker_sees_their_evidence_after_a_round_trip(team: Team) -> None:
    phone = team.client(team.worker)
    rid = phone.create(team.portfolio, "evidence", OBSERVATION)
    answer = await phone.push()
    assert answer is not None and answer.last_applied == 1
    assert [r.result for r in answer.results] == ["applied"]
    await phone.pull()
    record = phone.record(team.portfolio, rid)
    assert record is not None and record.fields["title"] == "Hoist transfer"
    assert not phone.state.outbox


async def test_the_assigned_assessor_and_quality_assurer_see_the_portfolio(team: Team) -> None:
    phone = team.client(team.worker)
    rid = phone.create(team.portfolio, "evidence", OBSERVATION)
    await phone.sync()
    for person in (team.assessor, team.qa):
        other = team.client(person)
        await other.pull()
        assert other.record(team.portfolio, rid) is not None
