"""Administrators run their people: invitations one by one or by CSV (all or nothing),
resend, withdraw, deactivate and reactivate. Every change audited."""

from __future__ import annotations

import httpx

from server.accounts.models import Invitation
from server.audit.models import AuditEvent
from server.models import OneTimeLink
from tests.support.people import PASSWORD, People


def roster(count: int, bad: dict[int, str] | None = None) -> str:
    """A CSV of `count` people; `bad` replaces some data rows (1-based) with broken ones."""
    lines = ["name,email,role"]
    for n in range(1, count + 1):
        lines.append((bad or {}).get(n, f"Person {n},person{n}@care.example,worker"))
    return "\n".join(lines) + "\n"


BROKEN = {7: ",nobody@care.example,worker", 88: "Ann Other,ann-at-care,worker",
          150: "Bo Cook,bo@care.example,cook"}


async def test_a_csv_with_three_bad_rows_names_them_and_invites_nobody_until_fixed(
    people: People,
) -> None:
    admin = await people.signed_in("administrator")
    preview = await admin.client.post("/api/admin/invites/import",
                                      json={"csv": roster(200, BROKEN)})
    assert preview.status_code == 200, preview.text
    assert [p["line"] for p in preview.json()["problems"]] == [8, 89, 151]
    assert preview.json()["rows"] == 197

    refused = await admin.client.post("/api/admin/invites/import",
                                      json={"csv": roster(200, BROKEN), "commit": True})
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "csv_problems"
    assert [p["line"] for p in error["detail"]["problems"]] == [8, 89, 151]
    assert await Invitation.all().count() == 0 and await OneTimeLink.all().count() == 0

    accepted = await admin.client.post("/api/admin/invites/import",
                                       json={"csv": roster(200), "commit": True})
    assert accepted.status_code == 201, accepted.text
    assert len(accepted.json()["created"]) == 200
    assert await Invitation.all().count() == 200
    assert await AuditEvent.filter(action="invitation.created").count() == 200


async def test_someone_who_already_has_an_account_is_a_named_problem(people: People) -> None:
    admin = await people.signed_in("administrator")
    existing = await people.user("worker")
    text = f"name,email,role\nNew Person,new@care.example,worker\nAgain,{existing.email},worker\n"
    answer = (await admin.client.post("/api/admin/invites/import", json={"csv": text})).json()
    assert answer["problems"] == [{"line": 3, "problem": f"{existing.email} already has an account."}]


async def test_a_resend_retires_the_old_link_and_a_withdrawal_stops_the_new_one(
    people: People, client: httpx.AsyncClient
) -> None:
    admin = await people.signed_in("administrator")
    first = (await admin.client.post("/api/admin/invites", json={
        "email": "kit@care.example", "role": "worker", "display_name": "Kit"})).json()
    again = await admin.client.post(f"/api/admin/invites/{first['id']}/resend")
    assert again.status_code == 201, again.text
    second = again.json()
    assert second["token"] != first["token"] and second["display_name"] == "Kit"
    assert (await client.get(f"/api/invites/{first['token']}")).status_code == 410
    assert (await client.get(f"/api/invites/{second['token']}")).status_code == 200
    assert [i["id"] for i in (await admin.client.get("/api/admin/invites")).json()] == [second["id"]]

    assert (await admin.client.delete(f"/api/admin/invites/{second['id']}")).status_code == 204
    assert (await client.get(f"/api/invites/{second['token']}")).status_code == 410
    assert (await admin.client.get("/api/admin/invites")).json() == []
    actions = await AuditEvent.filter(subject_type="invitation").values_list("action", flat=True)
    assert sorted(actions) == ["invitation.created", "invitation.created", "invitation.resent",
                               "invitation.withdrawn"]


async def test_deactivating_a_person_ends_their_sessions_at_once_and_reactivating_lets_them_back(
    people: People, client: httpx.AsyncClient
) -> None:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    assert (await worker.client.get("/api/me")).status_code == 200
    done = await admin.client.post(f"/api/admin/members/{worker.id}/deactivate")
    assert done.status_code == 200, done.text
    assert done.json()["sessions_ended"] == 1
    me = await worker.client.get("/api/me")
    assert me.status_code == 401 and me.json()["error"]["code"] == "session_revoked"
    sign_in = {"email": worker.user.email, "password": PASSWORD}
    assert (await client.post("/api/auth/sign-in", json=sign_in)).status_code == 401
    listed = {m["user_id"]: m for m in (await admin.client.get("/api/admin/members")).json()}
    assert listed[worker.id]["disabled"] is True
    again = await admin.client.post(f"/api/admin/members/{worker.id}/deactivate")
    assert again.json()["error"]["code"] == "already_deactivated"

    assert (await admin.client.post(f"/api/admin/members/{worker.id}/reactivate")).status_code == 204
    assert (await client.post("/api/auth/sign-in", json=sign_in)).status_code == 200
    actions = await AuditEvent.filter(subject_id=str(worker.id)).values_list("action", flat=True)
    assert "user.deactivated" in actions and "user.reactivated" in actions


async def test_an_administrator_cannot_deactivate_themselves_but_can_another_administrator(
    people: People,
) -> None:
    admin = await people.signed_in("administrator")
    own = await admin.client.post(f"/api/admin/members/{admin.id}/deactivate")
    assert own.status_code == 409 and own.json()["error"]["code"] == "cannot_deactivate_self"
    other = await people.signed_in("administrator")
    assert (await admin.client.post(f"/api/admin/members/{other.id}/deactivate")).status_code == 200
    assert (await other.client.get("/api/me")).status_code == 401


async def test_a_reset_link_to_hand_over_is_refused_for_someone_deactivated(people: People) -> None:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    assert (await admin.client.post(f"/api/admin/members/{worker.id}/reset-link")).status_code == 201
    await admin.client.post(f"/api/admin/members/{worker.id}/deactivate")
    refused = await admin.client.post(f"/api/admin/members/{worker.id}/reset-link")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "member_deactivated"


async def test_another_organisations_administrator_can_touch_none_of_these_people(
    people: People,
) -> None:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    stranger = await people.signed_in("administrator", org="Hillside Homes")
    made = (await admin.client.post("/api/admin/invites", json={
        "email": "lee@care.example", "role": "worker"})).json()
    for method, path in [
        ("POST", f"/api/admin/invites/{made['id']}/resend"),
        ("DELETE", f"/api/admin/invites/{made['id']}"),
        ("POST", f"/api/admin/members/{worker.id}/deactivate"),
        ("POST", f"/api/admin/members/{worker.id}/reactivate"),
        ("POST", f"/api/admin/members/{worker.id}/reset-link"),
        ("POST", f"/api/admin/members/{worker.id}/reset-mail"),
    ]:
        answer = await stranger.client.request(method, path)
        assert answer.status_code == 404, (method, path, answer.text)
    assert (await stranger.client.get("/api/admin/invites")).json() == []
    assert (await worker.client.get("/api/me")).status_code == 200


async def test_the_organisation_is_renamed_and_its_default_review_rule_changed_with_an_audit(
    people: People,
) -> None:
    admin = await people.signed_in("administrator")
    shown = (await admin.client.get("/api/admin/organisation")).json()
    assert shown["name"] == "Riverside Care" and shown["default_review_rule"] == "calendar_3_months"
    changed = await admin.client.patch("/api/admin/organisation", json={
        "name": "Riverside Care Ltd", "default_review_rule": "weeks_12"})
    assert changed.status_code == 200, changed.text
    assert changed.json()["default_review_rule"] == "weeks_12"
    assert (await admin.client.get("/api/me")).json()["organisation_name"] == "Riverside Care Ltd"
    event = await AuditEvent.get(action="organisation.changed")
    assert event.detail["before"] == {"name": "Riverside Care", "default_review_rule": "calendar_3_months"}
    bad = await admin.client.patch("/api/admin/organisation", json={"default_review_rule": "custom"})
    assert bad.status_code == 422
    stranger = await people.signed_in("administrator", org="Hillside Homes")
    assert (await stranger.client.get("/api/admin/organisation")).json()["name"] == "Hillside Homes"
