"""Organisation settings that other parts obey: reminder quiet hours for devices that set
none, and the QA sampling rate when a quality assurer gives no sample size."""

from __future__ import annotations

from datetime import UTC, datetime

from server.assessment.models import DecisionIndex
from server.assessment.qa import sample_size
from server.push import store
from server.push.models import Subscription
from tests.support.people import People, Person


def test_the_sampling_rate_is_rounded_up_and_kept_between_one_and_fifty() -> None:
    assert sample_size(10, 25) == 3
    assert sample_size(1, 5) == 1
    assert sample_size(100, 80) == 50


async def _subscribe(person: Person, n: int, quiet: tuple[int, int] | None) -> None:
    from server.models import DeviceSession

    session = await DeviceSession.filter(user_id=person.id).first()
    assert session is not None
    now = datetime.now(UTC)
    await Subscription.create(
        user_id=person.id, session_id=session.id, endpoint=f"https://push.example/{n}",
        endpoint_hash=f"{n:064d}", p256dh="k", auth="a", created_at=now, updated_at=now,
        quiet_start=quiet[0] if quiet else None, quiet_end=quiet[1] if quiet else None)


async def test_devices_without_quiet_hours_take_the_organisations(people: People) -> None:
    admin = await people.signed_in("administrator")
    plain = await people.signed_in("worker")
    own = await people.signed_in("worker")
    await _subscribe(plain, 1, None)
    await _subscribe(own, 2, (23 * 60, 6 * 60))
    before = {s.user_id: (s.quiet_start, s.quiet_end)
              for s in await store.subscribers(store.default(), [plain.id, own.id])}
    assert before[plain.id] == (None, None)

    changed = await admin.client.patch("/api/admin/organisation", json={
        "quiet_start": "21:30", "quiet_end": "07:00"})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["quiet_start"], changed.json()["quiet_end"]) == ("21:30", "07:00")
    after = {s.user_id: (s.quiet_start, s.quiet_end)
             for s in await store.subscribers(store.default(), [plain.id, own.id])}
    assert after == {plain.id: (21 * 60 + 30, 7 * 60), own.id: (23 * 60, 6 * 60)}
    half = await admin.client.patch("/api/admin/organisation", json={"quiet_end": None})
    assert half.status_code == 422 and half.json()["error"]["code"] == "invalid_quiet_hours"


async def test_a_sample_without_a_size_draws_the_organisations_rate(people: People) -> None:
    admin = await people.signed_in("administrator")
    qa = await people.signed_in("quality_assurer")
    assessor = await people.signed_in("assessor")
    now = datetime.now(UTC)
    for n in range(20):
        await DecisionIndex.create(
            scope="portfolio:1", rid=f"d{n}", worker_id=1, organisation_id=qa.organisation.id,
            assessor_id=assessor.id, evidence_id=f"e{n}", outcome="accepted", decided_at=now)
    await admin.client.patch("/api/admin/organisation", json={"qa_sample_percent": 30})
    drawn = await qa.client.post("/api/qa/samples", json={"assessor_id": assessor.id})
    assert drawn.status_code == 201, drawn.text
    assert len(drawn.json()["items"]) == 6  # 30% of 20 (not the old fixed 5)
    sized = await qa.client.post("/api/qa/samples", json={"assessor_id": assessor.id, "size": 2})
    assert len(sized.json()["items"]) == 2
