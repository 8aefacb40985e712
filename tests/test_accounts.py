"""Accounts over HTTP against the real app, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from server.accounts import links
from server.models import DeviceSession, OneTimeLink
from server.setup_link import announce_setup_link
from tests.support.people import PASSWORD, People

CSRF = {"X-Carefolio": "1"}


async def _setup_token(settings) -> str:  # type: ignore[no-untyped-def]
    url = await announce_setup_link(settings)
    assert url is not None
    return url.split("token=")[1]


async def test_first_start_prints_a_setup_link_that_creates_the_first_administrator(
    client: httpx.AsyncClient, settings, capsys  # type: ignore[no-untyped-def]
) -> None:
    assert (await client.get("/api/setup")).json() == {"needed": True}
    token = await _setup_token(settings)
    assert "/#/setup?token=" in capsys.readouterr().err
    answer = await client.post("/api/setup", json={
        "token": token, "email": "Ada@Example.test", "display_name": "Ada",
        "password": "a long enough password", "organisation_name": "Riverside Care",
    })
    assert answer.status_code == 200, answer.text
    assert "carefolio_session" in answer.cookies
    me = (await client.get("/api/me")).json()
    assert me["email"] == "ada@example.test"
    assert me["roles"] == ["administrator"] and me["is_superadmin"] is True
    assert (await client.get("/api/setup")).json() == {"needed": False}
    assert await announce_setup_link(settings) is None


async def test_a_setup_link_works_once(client: httpx.AsyncClient, settings) -> None:  # type: ignore[no-untyped-def]
    token = await _setup_token(settings)
    body = {"token": token, "email": "a@x.test", "display_name": "A",
            "password": "a long enough password", "organisation_name": "Org"}
    assert (await client.post("/api/setup", json=body)).status_code == 200
    again = await client.post("/api/setup", json={**body, "email": "b@x.test"})
    assert again.status_code == 410
    assert again.json()["error"]["code"] == "link_used"


async def test_an_expired_setup_link_is_refused(client: httpx.AsyncClient, settings) -> None:  # type: ignore[no-untyped-def]
    token = await _setup_token(settings)
    await OneTimeLink.filter(purpose=links.SETUP).update(
        expires_at=datetime.now(UTC) - timedelta(minutes=1)
    )
    answer = await client.post("/api/setup", json={
        "token": token, "email": "a@x.test", "display_name": "A",
        "password": "a long enough password", "organisation_name": "Org"})
    assert answer.status_code == 410
    assert answer.json()["error"]["code"] == "link_expired"


async def test_sign_in_gives_a_cookie_to_browsers_and_a_token_to_api_clients(
    client: httpx.AsyncClient, people: People
) -> None:
    await people.user("worker", email="w@example.test")
    browser = await client.post("/api/auth/sign-in", json={"email": "W@example.test", "password": PASSWORD})
    assert browser.status_code == 200
    assert browser.json().get("token") is None
    assert "httponly" in browser.headers["set-cookie"].lower()
    assert "samesite=strict" in browser.headers["set-cookie"].lower()
    api = await client.post("/api/auth/sign-in", json={
        "email": "w@example.test", "password": PASSWORD, "client": "api", "device_id": "phone-1"})
    token = api.json()["token"]
    me = await people.client_for(token).get("/api/me")
    assert me.json()["device_id"] == "phone-1"


async def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(
    client: httpx.AsyncClient, people: People
) -> None:
    await people.user("worker", email="w@example.test")
    wrong = await client.post("/api/auth/sign-in", json={"email": "w@example.test", "password": "nope"})
    unknown = await client.post("/api/auth/sign-in", json={"email": "z@example.test", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


async def test_repeated_failed_sign_ins_are_rate_limited_per_account(
    client: httpx.AsyncClient, people: People
) -> None:
    await people.user("worker", email="w@example.test")
    for _ in range(5):
        assert (await client.post("/api/auth/sign-in", json={
            "email": "w@example.test", "password": "wrong"})).status_code == 401
    limited = await client.post("/api/auth/sign-in", json={"email": "w@example.test", "password": PASSWORD})
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) > 0
    assert limited.json()["error"]["code"] == "too_many_attempts"


async def test_a_revoked_device_can_no_longer_call_the_api(people: People) -> None:
    worker = await people.signed_in("worker")
    phone = await people.sign_in(worker.user)
    devices = (await worker.client.get("/api/me/devices")).json()
    assert len(devices) == 2
    phone_session = next(d["id"] for d in devices if not d["current"])
    assert (await worker.client.delete(f"/api/me/devices/{phone_session}")).status_code == 204
    answer = await phone.client.get("/api/me")
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "session_revoked"
    assert (await worker.client.get("/api/me")).status_code == 200


async def test_nobody_can_revoke_another_persons_device(people: People) -> None:
    alice = await people.signed_in("worker")
    bob = await people.signed_in("worker")
    bob_session = (await bob.client.get("/api/me/devices")).json()[0]["id"]
    assert (await alice.client.delete(f"/api/me/devices/{bob_session}")).status_code == 404
    assert (await bob.client.get("/api/me")).status_code == 200


async def test_sign_out_ends_only_this_device(people: People) -> None:
    worker = await people.signed_in("worker")
    other = await people.sign_in(worker.user)
    assert (await worker.client.post("/api/auth/sign-out")).status_code == 204
    assert (await worker.client.get("/api/me")).status_code == 401
    assert (await other.client.get("/api/me")).status_code == 200


async def test_a_session_idle_past_the_limit_expires(people: People) -> None:
    from server.models import DeviceSession

    worker = await people.signed_in("worker")
    await DeviceSession.filter(user_id=worker.id).update(
        last_seen_at=datetime.now(UTC) - timedelta(days=91)
    )
    answer = await worker.client.get("/api/me")
    assert answer.json()["error"]["code"] == "session_expired"


async def test_a_device_offline_for_weeks_is_still_signed_in(people: People) -> None:
    from server.models import DeviceSession

    worker = await people.signed_in("worker")
    await DeviceSession.filter(user_id=worker.id).update(
        last_seen_at=datetime.now(UTC) - timedelta(days=60)
    )
    assert (await worker.client.get("/api/me")).status_code == 200


async def test_changing_the_password_signs_out_the_other_devices(people: People, client) -> None:  # type: ignore[no-untyped-def]
    worker = await people.signed_in("worker")
    other = await people.sign_in(worker.user)
    answer = await worker.client.post("/api/me/password", json={
        "current_password": PASSWORD, "new_password": "a brand new password"})
    assert answer.status_code == 204
    assert (await other.client.get("/api/me")).status_code == 401
    assert (await worker.client.get("/api/me")).status_code == 200
    signed = await client.post("/api/auth/sign-in", json={
        "email": worker.user.email, "password": "a brand new password"})
    assert signed.status_code == 200


async def test_a_short_new_password_is_refused_with_the_reason(people: People) -> None:
    worker = await people.signed_in("worker")
    answer = await worker.client.post("/api/me/password", json={
        "current_password": PASSWORD, "new_password": "short"})
    assert answer.status_code == 422
    assert "10 characters" in answer.json()["error"]["message"]


async def test_an_administrator_issues_a_reset_link_that_sets_a_new_password(
    people: People, client: httpx.AsyncClient
) -> None:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    link = await admin.client.post(f"/api/admin/members/{worker.id}/reset-link")
    assert link.status_code == 201
    token = link.json()["token"]
    assert (await client.post("/api/password-reset", json={
        "token": token, "new_password": "reset password here"})).status_code == 204
    assert (await worker.client.get("/api/me")).status_code == 401
    assert (await client.post("/api/auth/sign-in", json={
        "email": worker.user.email, "password": "reset password here"})).status_code == 200
    reuse = await client.post("/api/password-reset", json={"token": token, "new_password": "another one!!"})
    assert reuse.json()["error"]["code"] == "link_used"


async def test_an_invited_worker_joins_the_organisation_by_link(
    people: People, client: httpx.AsyncClient
) -> None:
    admin = await people.signed_in("administrator")
    invite = await admin.client.post("/api/admin/invites", json={"email": "new@example.test", "role": "worker"})
    assert invite.status_code == 201, invite.text
    token = invite.json()["token"]
    assert invite.json()["url"].startswith("http://testserver/#/invite?token=")
    info = (await client.get(f"/api/invites/{token}")).json()
    assert info["organisation_name"] == "Riverside Care" and info["role"] == "worker"
    joined = await client.post("/api/invites/accept", json={
        "token": token, "display_name": "New Worker", "password": "a long enough password"})
    assert joined.status_code == 200
    me = (await client.get("/api/me")).json()
    assert me["roles"] == ["worker"] and me["organisation_name"] == "Riverside Care"
    again = await client.post("/api/invites/accept", json={
        "token": token, "display_name": "Again", "password": "a long enough password"})
    assert again.status_code == 410


async def test_roles_are_assigned_and_removed_but_the_last_administrator_stays(people: People) -> None:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    assert (await admin.client.post(f"/api/admin/members/{worker.id}/roles", json={"role": "assessor"})).status_code == 204
    members = {m["user_id"]: m for m in (await admin.client.get("/api/admin/members")).json()}
    assert members[worker.id]["roles"] == ["assessor", "worker"]
    assert (await admin.client.delete(f"/api/admin/members/{worker.id}/roles/assessor")).status_code == 204
    last = await admin.client.delete(f"/api/admin/members/{admin.id}/roles/administrator")
    assert last.status_code == 409
    assert last.json()["error"]["code"] == "last_administrator"


async def test_an_administrator_cannot_touch_another_organisations_members(people: People) -> None:
    admin = await people.signed_in("administrator", org="Riverside Care")
    outsider = await people.signed_in("worker", org="Hillview Homes")
    for answer in (
        await admin.client.post(f"/api/admin/members/{outsider.id}/roles", json={"role": "assessor"}),
        await admin.client.delete(f"/api/admin/members/{outsider.id}/roles/worker"),
        await admin.client.post(f"/api/admin/members/{outsider.id}/reset-link"),
    ):
        assert answer.status_code == 404
    listed = {m["user_id"] for m in (await admin.client.get("/api/admin/members")).json()}
    assert outsider.id not in listed


async def test_cookie_sessions_need_the_csrf_header_for_changes(
    people: People, client: httpx.AsyncClient
) -> None:
    await people.user("worker", email="w@example.test")
    await client.post("/api/auth/sign-in", json={"email": "w@example.test", "password": PASSWORD})
    refused = await client.post("/api/auth/sign-out")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "csrf_header_missing"
    assert (await client.post("/api/auth/sign-out", headers=CSRF)).status_code == 204


async def test_signing_in_again_on_a_phone_keeps_its_device_id(client: httpx.AsyncClient, people: People) -> None:
    await people.user("worker", email="w@example.test")
    body = {"email": "w@example.test", "password": PASSWORD, "client": "api", "device_id": "phone-7"}
    first = (await client.post("/api/auth/sign-in", json=body)).json()
    again = (await client.post("/api/auth/sign-in", json=body)).json()
    assert first["device_id"] == again["device_id"] == "phone-7"


async def test_nobody_can_take_over_another_persons_device_id(client: httpx.AsyncClient, people: People) -> None:
    await people.user("worker", email="a@example.test")
    await people.user("worker", email="b@example.test")
    await client.post("/api/auth/sign-in", json={
        "email": "a@example.test", "password": PASSWORD, "client": "api", "device_id": "phone-7"})
    other = (await client.post("/api/auth/sign-in", json={
        "email": "b@example.test", "password": PASSWORD, "client": "api", "device_id": "phone-7"})).json()
    assert other["device_id"] != "phone-7" and other["device_id"].startswith("dev-")


async def test_every_process_starting_together_prints_a_working_link_and_setup_retires_them_all(
    client: httpx.AsyncClient, settings  # type: ignore[no-untyped-def]
) -> None:
    first, second = await _setup_token(settings), await _setup_token(settings)  # two processes
    for token in (first, second):
        assert (await links.peek(links.SETUP, token, datetime.now(UTC))).used_at is None
    body = {"token": first, "email": "a@x.test", "display_name": "A",
            "password": "a long enough password", "organisation_name": "Org"}
    assert (await client.post("/api/setup", json=body)).status_code == 200
    late = await client.post("/api/setup", json={**body, "token": second, "email": "b@x.test"})
    assert late.status_code in (409, 410), late.text
    assert await OneTimeLink.filter(purpose=links.SETUP, used_at=None).count() == 0


async def test_a_later_start_retires_the_links_printed_by_earlier_ones(
    client: httpx.AsyncClient, settings  # type: ignore[no-untyped-def]
) -> None:
    old = await _setup_token(settings)
    # that start was an hour ago
    await OneTimeLink.filter(purpose=links.SETUP).update(
        expires_at=datetime.now(UTC) + links.LIFETIMES[links.SETUP] - timedelta(hours=1))
    new = await _setup_token(settings)
    answer = await client.post("/api/setup", json={
        "token": old, "email": "a@x.test", "display_name": "A",
        "password": "a long enough password", "organisation_name": "Org"})
    assert answer.status_code == 410 and answer.json()["error"]["code"] == "link_used"
    assert (await links.peek(links.SETUP, new, datetime.now(UTC))).used_at is None


async def test_failed_sign_ins_count_on_every_process(people: People, app, settings) -> None:  # type: ignore[no-untyped-def]
    """Failures recorded by one app process stop the next attempt on another (same database)."""
    from server.app import create_app

    await people.user("worker", email="w2@example.test")
    other = create_app(settings, manage_database=False)  # a second process on the same database
    async with other.router.lifespan_context(other):
        first = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
        second = httpx.AsyncClient(transport=httpx.ASGITransport(app=other), base_url="http://testserver")
        async with first, second:
            for http in (first, second, first, second, first):
                assert (await http.post("/api/auth/sign-in", json={
                    "email": "w2@example.test", "password": "wrong"})).status_code == 401
            limited = await second.post("/api/auth/sign-in", json={
                "email": "w2@example.test", "password": PASSWORD})
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "too_many_attempts"


async def test_a_successful_sign_in_clears_the_accounts_failures(client: httpx.AsyncClient, people: People) -> None:
    await people.user("worker", email="w3@example.test")
    for _ in range(4):
        assert (await client.post("/api/auth/sign-in", json={
            "email": "w3@example.test", "password": "wrong"})).status_code == 401
    assert (await client.post("/api/auth/sign-in", json={
        "email": "w3@example.test", "password": PASSWORD})).status_code == 200
    for _ in range(4):  # four more failures are allowed again
        assert (await client.post("/api/auth/sign-in", json={
            "email": "w3@example.test", "password": "wrong"})).status_code == 401


async def test_a_token_the_server_never_issued_is_unknown_not_revoked(people: People) -> None:
    stranger = people.client_for("a-token-this-database-never-saw")
    answer = await stranger.get("/api/me")
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "session_unknown"


async def test_a_session_opened_after_the_backup_is_unknown_once_the_backup_is_restored(
    people: People,
) -> None:
    worker = await people.signed_in("worker")
    # a restore brings back a database from before this session: its row is simply gone
    await DeviceSession.filter(user_id=worker.id).delete()
    answer = await worker.client.get("/api/me")
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "session_unknown"



async def test_a_newer_reset_link_retires_the_older_one(people: People, client: httpx.AsyncClient) -> None:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    older = (await admin.client.post(f"/api/admin/members/{worker.id}/reset-link")).json()["token"]
    newer = (await admin.client.post(f"/api/admin/members/{worker.id}/reset-link")).json()["token"]
    stale = await client.post("/api/password-reset", json={"token": older, "new_password": "the older link's"})
    assert stale.status_code == 410
    assert stale.json()["error"]["code"] == "link_replaced"
    assert (await client.post("/api/password-reset", json={
        "token": newer, "new_password": "the newer link's"})).status_code == 204
    after = await client.post("/api/password-reset", json={"token": older, "new_password": "the older again"})
    assert after.status_code == 410
    assert (await client.post("/api/auth/sign-in", json={
        "email": worker.user.email, "password": "the newer link's"})).status_code == 200


async def test_using_a_reset_link_retires_every_other_one_for_that_person(
    people: People, client: httpx.AsyncClient
) -> None:
    worker = await people.signed_in("worker")
    now = datetime.now(UTC)
    # two links alive at once (issued side by side by two processes, say)
    first, _ = await links.issue(links.RESET, now, email=worker.user.email)
    await OneTimeLink.create(purpose=links.RESET, token_hash=links.token_hash("second-link"),
                             expires_at=now + timedelta(hours=1), email=worker.user.email)
    assert (await client.post("/api/password-reset", json={
        "token": first, "new_password": "set by the first"})).status_code == 204
    second = await client.post("/api/password-reset", json={"token": "second-link", "new_password": "set by the second"})
    assert second.status_code == 410
    assert (await client.post("/api/auth/sign-in", json={
        "email": worker.user.email, "password": "set by the first"})).status_code == 200


async def test_without_smtp_an_invitation_gives_the_link_to_hand_over_and_queues_no_mail(
    people: People,
) -> None:
    from server.mail.models import MailMessage

    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    made = await admin.client.post("/api/admin/invites", json={"email": "h@example.test", "role": "worker"})
    assert made.status_code == 201
    assert made.json()["mail_state"] is None and "#/invite?token=" in made.json()["url"]
    refused = await admin.client.post(f"/api/admin/members/{worker.id}/reset-mail")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "mail_not_configured"
    overview = (await admin.client.get("/api/admin/mail")).json()
    assert overview["configured"] is False and await MailMessage.all().count() == 0
