"""What a push promises beyond merging: one spelling per scope, an old schema writes only
the fields it knows, mutation numbers in increasing order, and a push that writes nothing
to a scope neither moves its version nor wakes its listeners (docs/sync-protocol.md)."""

from __future__ import annotations

import asyncio

import msgspec

from sync import events, store
from sync.messages import ChangeEvent, PushResponse
from tests.sync.conftest import Team

OBS = {"kind": "observation", "title": "t"}


def _headers(schema: int = 3) -> dict[str, str]:
    return {"Carefolio-Protocol": "1", "Carefolio-Schema": str(schema),
            "Content-Type": "application/json"}


def _create(n: int, scope: str, rid: str, fields: object = OBS) -> dict[str, object]:
    return {"op": "create", "n": n, "scope": scope, "entity": "evidence", "id": rid,
            "fields": fields}


async def _push(team: Team, *mutations: object, schema: int = 3) -> PushResponse:
    body = msgspec.json.encode({"device_id": team.worker.device_id, "mutations": list(mutations)})
    response = await team.worker.client.post("/sync/push", content=body,
                                             headers=_headers(schema))
    assert response.status_code == 200, response.text
    return msgspec.json.decode(response.content, type=PushResponse)


async def _head(scope: str) -> int:
    return (await store.heads(store.default(), [scope]))[scope].version


async def test_a_scope_spelt_with_a_leading_zero_is_rejected_and_kept_for_its_author(
    team: Team,
) -> None:
    padded = f"portfolio:0{team.worker.id}"
    answer = await _push(team, _create(1, padded, "e1"), _create(2, f"user:0{team.worker.id}", "e2"))
    assert [(r.result, r.code) for r in answer.results] == [
        ("rejected", "invalid_scope"), ("rejected", "invalid_scope")]
    assert answer.last_applied == 2
    phone = team.client(team.worker)
    await phone.pull()
    assert phone.snapshot().get(team.portfolio, {}) == {}
    inbox = phone.snapshot()[f"user:{team.worker.id}"]
    kept = inbox[f"rej-{team.worker.device_id}-1"].fields
    assert kept["code"] == "invalid_scope"
    assert kept["mutation"]["scope"] == padded and kept["mutation"]["fields"] == OBS


async def test_a_scope_number_too_large_for_an_id_is_rejected_not_a_server_error(
    team: Team,
) -> None:
    answer = await _push(team, _create(1, "portfolio:99999999999999999999", "e1"))
    assert [(r.result, r.code) for r in answer.results] == [("rejected", "invalid_scope")]


async def test_the_canonical_spelling_of_the_same_scope_is_applied(team: Team) -> None:
    answer = await _push(team, _create(1, team.portfolio, "e1"))
    assert [r.result for r in answer.results] == ["applied"]


async def test_a_schema_1_client_cannot_write_a_field_of_schema_2(team: Team) -> None:
    await _push(team, _create(1, team.portfolio, "e1"))
    update = {"op": "update", "n": 2, "scope": team.portfolio, "entity": "evidence", "id": "e1",
              "set": {"duration_minutes": 45}}
    create = _create(3, team.portfolio, "e2", {**OBS, "duration_minutes": 30})
    answer = await _push(team, update, create, schema=1)
    assert [(r.result, r.code) for r in answer.results] == [
        ("rejected", "invalid_field"), ("rejected", "invalid_field")]
    reader = team.client(team.assessor)
    await reader.pull()
    record = reader.record(team.portfolio, "e1")
    assert record is not None and record.fields["duration_minutes"] is None
    assert reader.record(team.portfolio, "e2") is None


async def test_a_schema_2_client_writes_the_fields_of_schema_2(team: Team) -> None:
    answer = await _push(team, _create(1, team.portfolio, "e1", {**OBS, "duration_minutes": 30}),
                         schema=2)
    assert [r.result for r in answer.results] == ["applied"]


async def test_a_batch_repeating_a_number_is_refused_whole_with_one_code(team: Team) -> None:
    await _assert_refused(team, [_create(1, team.portfolio, "e1"),
                                 _create(1, team.portfolio, "e2")])


async def test_a_batch_in_descending_order_is_refused_whole_with_one_code(team: Team) -> None:
    await _assert_refused(team, [_create(2, team.portfolio, "e2"),
                                 _create(1, team.portfolio, "e1")])


async def _assert_refused(team: Team, mutations: list[dict[str, object]]) -> None:
    body = msgspec.json.encode({"device_id": team.worker.device_id, "mutations": mutations})
    response = await team.worker.client.post("/sync/push", content=body, headers=_headers())
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "mutations_out_of_order"
    assert "increasing order" in error["message"]
    answer = await _push(team, _create(1, team.portfolio, "e3"))
    assert [(r.n, r.result) for r in answer.results] == [(1, "applied")]  # nothing moved


async def test_a_push_only_rejected_moves_no_version_of_its_scope_and_wakes_no_listener(
    team: Team,
) -> None:
    await _push(team, _create(1, team.portfolio, "e1"))
    before = await _head(team.portfolio)
    inbox = f"user:{team.worker.id}"
    async with events.broker().subscribe({team.portfolio, inbox}) as queue:
        answer = await _push(team, _create(2, team.portfolio, "p2", {"kind": "shopping_list"}))
        assert [r.result for r in answer.results] == ["rejected"]
        first = await asyncio.wait_for(queue.get(), 10)
    assert first == ChangeEvent(inbox, await _head(inbox))  # the rejection was written there
    assert await _head(team.portfolio) == before


async def test_a_push_that_changes_nothing_moves_no_version(team: Team) -> None:
    await _push(team, _create(1, team.portfolio, "e1"))
    before = await _head(team.portfolio)
    same = {"op": "update", "n": 2, "scope": team.portfolio, "entity": "evidence", "id": "e1",
            "set": {"title": "t"}}
    answer = await _push(team, same)
    assert [(r.result, r.version) for r in answer.results] == [("applied", None)]
    assert await _head(team.portfolio) == before
    moved = {**same, "n": 3, "set": {"title": "changed"}}
    answer = await _push(team, moved)
    assert answer.results[0].version == before + 1 == await _head(team.portfolio)
