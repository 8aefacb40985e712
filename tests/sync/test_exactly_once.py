"""Exactly once: counters, retries, gaps, poison mutations, a batch pushed twice at once."""

from __future__ import annotations

import asyncio

import msgspec

from sync.messages import Create, PushResponse, Update
from tests.sync.conftest import Team

HEADERS = {"Carefolio-Protocol": "1", "Carefolio-Schema": "2"}
OBS = {"kind": "observation", "title": "t"}


def _body(device: str, *mutations: object) -> bytes:
    return msgspec.json.encode({"device_id": device, "mutations": list(mutations)})


async def _push(team: Team, body: bytes) -> PushResponse:
    response = await team.worker.client.post("/sync/push", content=body, headers=HEADERS)
    assert response.status_code == 200, response.text
    return msgspec.json.decode(response.content, type=PushResponse)


def _create(team: Team, n: int, rid: str, title: str = "t") -> Create:
    return Create(n, team.portfolio, "evidence", rid, {"kind": "observation", "title": title})


async def test_retried_push_is_applied_once(team: Team) -> None:
    body = _body(team.worker.device_id, _create(team, 1, "e1"),
                 Update(2, team.portfolio, "evidence", "e1", add={"criteria": ["SCDHSC0389/1/P1"]}))
    first = await _push(team, body)
    again = await _push(team, body)
    assert [r.result for r in first.results] == ["applied", "applied"]
    assert [r.result for r in again.results] == ["already_applied", "already_applied"]
    assert again.last_applied == 2
    reader = team.client(team.assessor)
    await reader.pull()
    record = reader.record(team.portfolio, "e1")
    assert record is not None and record.fields["criteria"] == ["SCDHSC0389/1/P1"]


async def test_a_gap_stops_the_batch_and_moves_nothing(team: Team) -> None:
    answer = await _push(team, _body(team.worker.device_id, _create(team, 2, "e2")))
    assert [(r.n, r.result) for r in answer.results] == [(2, "gap")]
    assert answer.last_applied == 0
    answer = await _push(team, _body(team.worker.device_id, _create(team, 1, "e1"),
                                     _create(team, 3, "e3"), _create(team, 4, "e4")))
    assert [(r.n, r.result) for r in answer.results] == [(1, "applied"), (3, "gap")]
    assert answer.last_applied == 1


async def test_a_poison_mutation_is_rejected_advances_the_counter_and_stays_visible(
    team: Team,
) -> None:
    poison = Create(1, team.portfolio, "evidence", "p1", {"kind": "shopping_list"})
    answer = await _push(team, _body(team.worker.device_id, poison, _create(team, 2, "e2")))
    assert [(r.result, r.code) for r in answer.results] == [
        ("rejected", "invalid_field"), ("applied", None)]
    assert answer.last_applied == 2
    phone = team.client(team.worker)
    await phone.pull()
    inbox = phone.snapshot()[f"user:{team.worker.id}"]
    (rejection,) = [r for r in inbox.values() if r.entity == "rejection"]
    assert rejection.fields["code"] == "invalid_field"
    assert rejection.fields["mutation"]["fields"] == {"kind": "shopping_list"}


async def test_the_same_batch_pushed_twice_at_once_is_applied_once(team: Team) -> None:
    body = _body(team.worker.device_id, *[_create(team, n, f"e{n}") for n in range(1, 21)])
    first, second = await asyncio.gather(_push(team, body), _push(team, body))
    outcomes = sorted([first.results[0].result, second.results[0].result])
    assert outcomes == ["already_applied", "applied"]
    assert first.last_applied == second.last_applied == 20
    reader = team.client(team.assessor)
    await reader.pull()
    assert len(reader.snapshot()[team.portfolio]) == 20


async def test_a_device_id_of_another_session_is_refused(team: Team) -> None:
    body = _body(team.assessor.device_id, _create(team, 1, "e1"))
    response = await team.worker.client.post("/sync/push", content=body, headers=HEADERS)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "device_mismatch"


async def test_pushing_to_a_portfolio_that_is_not_yours_is_rejected_and_kept(team: Team) -> None:
    stranger = await team.people.signed_in("worker")
    intruder = team.client(stranger)
    intruder.create(team.portfolio, "evidence", OBS, rid="x1")
    answer = await intruder.push()
    assert answer is not None
    assert [(r.result, r.code) for r in answer.results] == [("rejected", "scope_forbidden")]
    await intruder.pull()
    assert team.portfolio not in intruder.state.records
    inbox = intruder.snapshot()[f"user:{stranger.id}"]
    assert [r.fields["code"] for r in inbox.values()] == ["scope_forbidden"]
    owner = team.client(team.worker)
    await owner.pull()
    assert owner.snapshot()[team.portfolio] == {}
