"""Without e-mail configured there is no digest to turn on, and the screen is told so."""

from __future__ import annotations

from tests.support.people import People


async def test_a_digest_cannot_be_chosen_when_the_server_sends_no_email(people: People) -> None:
    assessor = await people.signed_in("assessor")
    assert (await assessor.client.get("/api/me/digest")).json() == {
        "daily_digest": False, "available": False}
    answer = await assessor.client.put("/api/me/digest", json={"daily_digest": True})
    assert answer.status_code == 409 and answer.json()["error"]["code"] == "mail_not_configured"
