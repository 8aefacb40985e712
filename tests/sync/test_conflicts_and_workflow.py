"""Field-level merge, workflow and locking through the real service."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.sync.conftest import Team

OBS = {"kind": "observation", "title": "Hoist", "description": "first draft"}


async def _shared_record(team: Team):  # type: ignore[no-untyped-def]
    phone = team.client(team.worker)
    tablet = team.client(await team.second_device(team.worker))
    rid = phone.create(team.portfolio, "evidence", OBS)
    await phone.sync()
    await tablet.pull()
    return phone, tablet, rid


async def test_concurrent_edits_of_different_fields_both_survive(team: Team) -> None:
    phone, tablet, rid = await _shared_record(team)
    phone.update(team.portfolio, "evidence", rid, set={"title": "Hoist transfer"})
    tablet.update(team.portfolio, "evidence", rid, set={"description": "I explained each step"})
    await phone.sync()
    await tablet.sync()
    await phone.pull()
    for device in (phone, tablet):
        record = device.record(team.portfolio, rid)
        assert record is not None
        assert record.fields["title"] == "Hoist transfer"
        assert record.fields["description"] == "I explained each step"


async def test_the_losing_edit_of_one_field_is_kept_for_its_author(team: Team) -> None:
    phone, tablet, rid = await _shared_record(team)
    phone.update(team.portfolio, "evidence", rid, set={"description": "phone text"})
    n = tablet.update(team.portfolio, "evidence", rid, set={"description": "tablet text"})
    await phone.sync()
    await tablet.sync()
    assert tablet.state.results[n].result == "conflict"
    record = tablet.record(team.portfolio, rid)
    assert record is not None and record.fields["description"] == "phone text"
    inbox = tablet.snapshot()[f"user:{team.worker.id}"]
    (conflict,) = inbox.values()
    assert (conflict.fields["lost"], conflict.fields["kept"]) == ("tablet text", "phone text")
    await phone.pull()
    assert phone.snapshot()[f"user:{team.worker.id}"].keys() == inbox.keys()


async def test_criteria_links_from_two_devices_merge(team: Team) -> None:
    phone, tablet, rid = await _shared_record(team)
    phone.update(team.portfolio, "evidence", rid, add={"criteria": ["SCDHSC0389/1/P1"]})
    tablet.update(team.portfolio, "evidence", rid, add={"criteria": ["SCDHSC0389/1/K2"]})
    await phone.sync()
    await tablet.sync()
    record = tablet.record(team.portfolio, rid)
    assert record is not None
    assert record.fields["criteria"] == ["SCDHSC0389/1/K2", "SCDHSC0389/1/P1"]


async def test_an_edit_to_accepted_evidence_is_rejected_and_preserved(team: Team) -> None:
    phone, tablet, rid = await _shared_record(team)
    phone.update(team.portfolio, "evidence", rid, add={"criteria": ["SCDHSC0389/1/P1"]})
    phone.transition(team.portfolio, "evidence", rid, "submitted")
    await phone.sync()
    assessor = team.client(team.assessor)
    await assessor.pull()
    assessor.create(team.portfolio, "decision", {"evidence_id": rid, "outcome": "accepted",
                                                 "judgements": {"SCDHSC0389/1/P1": "met"}})
    assessor.transition(team.portfolio, "evidence", rid, "accepted")
    await assessor.sync()
    n = tablet.update(team.portfolio, "evidence", rid, set={"description": "late addition"})
    await tablet.sync()
    assert (tablet.state.results[n].result, tablet.state.results[n].code) == ("rejected", "locked")
    record = tablet.record(team.portfolio, rid)
    assert record is not None and record.fields["description"] == "first draft"
    (rejection,) = tablet.snapshot()[f"user:{team.worker.id}"].values()
    assert rejection.fields["mutation"]["set"] == {"description": "late addition"}


async def test_a_delete_against_a_concurrent_edit_keeps_the_edit(team: Team) -> None:
    phone, tablet, rid = await _shared_record(team)
    tablet.update(team.portfolio, "evidence", rid, set={"description": "kept"})
    await tablet.sync()
    n = phone.delete(team.portfolio, "evidence", rid)
    await phone.sync()
    assert phone.state.results[n].code == "edit_kept"
    record = phone.record(team.portfolio, rid)
    assert record is not None and not record.deleted and record.fields["description"] == "kept"


async def test_an_edit_that_restores_a_deleted_record_is_applied_and_no_conflict(
    team: Team,
) -> None:
    phone, tablet, rid = await _shared_record(team)
    phone.delete(team.portfolio, "evidence", rid)
    await phone.sync()
    n = tablet.update(team.portfolio, "evidence", rid, set={"description": "finished later"})
    await tablet.sync()
    result = tablet.state.results[n]
    assert (result.result, result.code, result.conflicts) == (
        "applied", "restored_after_delete", [])
    record = tablet.record(team.portfolio, rid)
    assert record is not None and not record.deleted
    assert record.fields["description"] == "finished later"
    assert tablet.snapshot().get(f"user:{team.worker.id}", {}) == {}  # nothing lost to review


async def test_every_conflict_result_carries_its_code_and_a_message(team: Team) -> None:
    phone, tablet, rid = await _shared_record(team)
    phone.update(team.portfolio, "evidence", rid, set={"description": "phone text"})
    n = tablet.update(team.portfolio, "evidence", rid, set={"description": "tablet text"})
    await phone.sync()
    await tablet.sync()
    result = tablet.state.results[n]
    assert (result.result, result.code) == ("conflict", "concurrent_edit")
    assert result.message and [c.reason for c in result.conflicts] == ["concurrent_edit"]


async def test_a_worker_cannot_accept_and_an_assessor_can_refer_back(team: Team) -> None:
    phone, _, rid = await _shared_record(team)
    phone.transition(team.portfolio, "evidence", rid, "submitted")
    n = phone.transition(team.portfolio, "evidence", rid, "accepted")
    await phone.sync()
    assert phone.state.results[n].code == "forbidden"
    assessor = team.client(team.assessor)
    await assessor.pull()
    assessor.create(team.portfolio, "decision", {"evidence_id": rid, "outcome": "referred",
                                                 "feedback": "Add how you gained consent."})
    assessor.transition(team.portfolio, "evidence", rid, "referred")
    await assessor.sync()
    await phone.pull()
    kinds = sorted(r.entity for r in phone.snapshot()[team.portfolio].values())
    assert kinds == ["decision", "evidence"]
    record = phone.record(team.portfolio, rid)
    assert record is not None and record.fields["status"] == "referred"


async def test_submitting_stamps_the_servers_time_whatever_the_phone_clock(team: Team) -> None:
    phone, _, rid = await _shared_record(team)
    phone.transition(team.portfolio, "evidence", rid, "submitted")
    before = datetime.now(UTC).replace(microsecond=0)
    await phone.sync()
    assessor = team.client(team.assessor)
    await assessor.pull()
    record = assessor.record(team.portfolio, rid)
    assert record is not None
    stamped = datetime.fromisoformat(record.fields["submitted_at"].replace("Z", "+00:00"))
    assert before <= stamped <= datetime.now(UTC)
    older = team.client(team.assessor, schema=2)  # a client that does not know the field
    await older.pull()
    held = older.record(team.portfolio, rid)
    assert held is not None and "submitted_at" not in held.fields


async def test_phone_clocks_years_off_are_data_not_refusals(team: Team) -> None:
    phone = team.client(team.worker)
    future = phone.create(team.portfolio, "evidence",
                          {"kind": "observation", "occurred_at": "2031-02-03T04:05:00Z"})
    past = phone.create(team.portfolio, "evidence",
                        {"kind": "observation", "occurred_at": "2009-02-03T04:05:00+05:00"})
    answer = await phone.push()
    assert answer is not None and [r.result for r in answer.results] == ["applied", "applied"]
    await phone.pull()
    for rid, flagged in ((future, True), (past, False)):
        record = phone.record(team.portfolio, rid)
        assert record is not None and record.fields["occurred_in_future"] is flagged
