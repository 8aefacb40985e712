"""Admission control for pulls (`--pull-concurrency`): a pull waits for a slot before anything
else, authentication included, so hundreds of devices catching up at once cost nothing while
they wait; pushes never wait for a pull slot."""

from __future__ import annotations

import asyncio

import httpx

HEADERS = {"Authorization": "Bearer not-a-session", "Carefolio-Protocol": "1", "Carefolio-Schema": "2"}


async def test_a_waiting_pull_does_no_work_until_a_slot_frees_and_pushes_go_past(app, client: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    app.state.context.pull_slots = asyncio.Semaphore(1)
    await app.state.context.pull_slots.acquire()  # every slot taken
    pull = asyncio.create_task(client.post("/sync/pull", headers=HEADERS, json={"scopes": {}}))
    await asyncio.sleep(0.3)
    assert not pull.done()  # not even the session was looked up: that would answer 401 now
    push = await client.post("/sync/push", headers=HEADERS, json={"device_id": "d", "mutations": []})
    assert push.status_code == 401  # a push does not queue behind pulls
    app.state.context.pull_slots.release()
    answer = await asyncio.wait_for(pull, 10)
    assert answer.status_code == 401 and answer.json()["error"]["code"] == "session_unknown"
