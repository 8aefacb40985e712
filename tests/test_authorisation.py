"""Walk every route with no session, with every role, and check the gate answers as declared."""

from __future__ import annotations

import pytest

from server.endpoints import PUBLIC, SIGNED_IN, SUPERADMIN, access_rule
from server.models import Role
from tests.support.people import People
from tests.support.routes import api_routes

ROLES = [r.value for r in Role]
# Calls that end the caller's own session would spoil the rest of the walk; tested elsewhere.
SELF_ENDING = {("POST", "/api/auth/sign-out"), ("DELETE", "/api/me/devices/1")}


async def test_every_route_declares_who_may_call_it(app) -> None:  # type: ignore[no-untyped-def]
    walked = api_routes(app)
    assert len(walked) >= 20
    assert all(rule is not None for _, _, rule in walked)


async def test_without_a_session_only_public_routes_answer(app, people: People) -> None:  # type: ignore[no-untyped-def]
    anonymous = people.client_for(None)
    for method, path, rule in api_routes(app):
        answer = await anonymous.request(method, path, headers={"X-Carefolio": "1"})
        if rule == PUBLIC:
            assert answer.status_code not in (401, 403), (method, path)
        else:
            assert answer.status_code == 401, (method, path, answer.text)
            assert answer.json()["error"]["code"] == "not_signed_in"


@pytest.mark.parametrize("role", ROLES)
async def test_each_role_passes_exactly_the_gates_that_name_it(app, people: People, role: str) -> None:  # type: ignore[no-untyped-def]
    person = await people.signed_in(role)
    for method, path, rule in api_routes(app):
        if rule == PUBLIC or (method, path) in SELF_ENDING:
            continue
        answer = await person.client.request(method, path)
        allowed = rule == SIGNED_IN or (isinstance(rule, frozenset) and role in rule)
        if allowed:
            assert answer.status_code != 403 or answer.json()["error"]["code"] != "forbidden", (
                method, path, answer.text)
            assert answer.status_code != 401, (method, path)
        else:
            assert answer.status_code == 403, (role, method, path, answer.status_code)
            assert answer.json()["error"]["code"] == "forbidden"


async def test_superadmin_routes_refuse_an_ordinary_administrator(app, people: People) -> None:  # type: ignore[no-untyped-def]
    admin = await people.signed_in("administrator")
    operator = await people.signed_in("administrator", superadmin=True)
    for method, path, rule in api_routes(app):
        if rule != SUPERADMIN:
            continue
        assert (await admin.client.request(method, path)).status_code == 403
        assert (await operator.client.request(method, path)).status_code != 403


async def test_no_route_answers_500_to_anyone(app, people: People) -> None:  # type: ignore[no-untyped-def]
    callers = [people.client_for(None)] + [
        (await people.signed_in(role)).client for role in ROLES
    ]
    for caller in callers:
        for method, path, _ in api_routes(app):
            if (method, path) in SELF_ENDING:
                continue
            answer = await caller.request(method, path, headers={"X-Carefolio": "1"})
            assert answer.status_code < 500 or answer.status_code == 503, (method, path, answer.text)


async def test_a_worker_reaches_only_their_own_portfolio_on_every_portfolio_route(app, people: People) -> None:  # type: ignore[no-untyped-def]
    """Every GET route of one worker's portfolio (coverage, export ...) answers a worker
    for their own and refuses them another's; /api/me/export is always their own."""
    me = await people.signed_in("worker")
    other = await people.signed_in("worker")
    routes = [route.path for route in app.routes
              if "{worker_id" in getattr(route, "path", "") and "GET" in (route.methods or ())]
    assert any(path.endswith("/export") for path in routes)
    for path in routes:
        own = await me.client.get(path.replace("{worker_id:id}", str(me.id)))
        assert own.status_code == 200, (path, own.text)
        theirs = await me.client.get(path.replace("{worker_id:id}", str(other.id)))
        assert theirs.status_code == 404, (path, theirs.status_code)
    assert (await me.client.get("/api/me/export")).headers["content-disposition"] == (
        (await me.client.get(f"/api/portfolios/{me.id}/export")).headers["content-disposition"])


async def test_an_administrator_of_another_organisation_gets_nothing_from_the_admin_routes(
    app, people: People, bundled_standards: None  # type: ignore[no-untyped-def]
) -> None:
    """Every administrator route, called by another organisation's administrator with the ids
    of this organisation's people, invitation, enrolment and mail: nothing is changed, and
    no list shows this organisation's data."""
    import re

    from starlette.routing import Route

    from server.mail.models import MailMessage

    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    invite = (await admin.client.post("/api/admin/invites", json={
        "email": "secret-invitee@example.test", "role": "worker"})).json()
    enrolment = (await admin.client.post("/api/admin/enrolments", json={
        "worker_id": worker.id, "standard_code": "SCDHSC0389", "start_date": "2026-09-01"})).json()
    mail = await MailMessage.create(
        organisation_id=admin.organisation.id, purpose="invite", recipient="secret-invitee@example.test",
        subject="s", text_body="t", html_body="h", state="failed", next_attempt_at=invite["expires_at"],
        created_at=invite["expires_at"])
    ids = {"user_id": str(worker.id), "invite_id": str(invite["id"]),
           "enrolment_id": str(enrolment["id"]), "mail_id": str(mail.id), "role": "worker"}
    stranger = await people.signed_in("administrator", org="Hillside Homes")
    walked = 0
    for route in app.routes:
        rule = access_rule(getattr(route, "endpoint", None))
        if not isinstance(route, Route) or not isinstance(rule, frozenset) or "administrator" not in rule:
            continue
        if not route.path.startswith("/api/admin/") or "library" in route.path:
            continue
        path = re.sub(r"{([a-z_]+)(?::[a-z]+)?}", lambda m: ids[m.group(1)], route.path)
        for method in sorted((route.methods or set()) - {"HEAD"}):
            answer = await stranger.client.request(method, path, json={} if method != "GET" else None)
            walked += 1
            if method == "GET":
                assert answer.status_code == 200, (method, path, answer.text)
                assert worker.user.email not in answer.text, (method, path)
                assert "secret-invitee" not in answer.text, (method, path)
            elif "{" in route.path:
                assert answer.status_code in (404, 409, 422), (method, path, answer.status_code, answer.text)
    assert walked >= 20
    assert (await worker.client.get("/api/me")).status_code == 200
    assert (await MailMessage.get(id=mail.id)).state == "failed"
    assert (await admin.client.get("/api/admin/invites")).json()[0]["state"] == "waiting"
    listed = (await admin.client.get(f"/api/admin/enrolments?worker_id={worker.id}")).json()
    assert listed[0]["ended_at"] is None and listed[0]["assessor_id"] is None
