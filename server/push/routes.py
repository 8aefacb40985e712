"""Push routes: the VAPID public key, this device's subscription and choices, a test
notification, and an organisation's reminder thresholds (administrators)."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from server.access import PUBLIC, SIGNED_IN, endpoint, principal_of
from server.errors import ApiError
from server.models import Role
from server.push import receipts, service
from server.push.messages import (
    NewSubscription,
    OrganisationReminders,
    Preferences,
    PushKey,
    SubscriptionState,
    TestResult,
)
from server.push.reach import PersonReach, Receipts
from server.push.receipts import InboxItem, ReceiptsRecorded
from server.push.sender import Sender
from server.push.vapid import keys_for, subject
from server.ratelimit import SlidingWindow
from server.wire import decode_body, json_response


def _test_limit(request: Request) -> SlidingWindow:
    """At most 3 test notifications a minute per device, counted in this process (a person
    pressing the button; sign-in attempts, which guard passwords, are counted in the database)."""
    state = request.app.state
    if not hasattr(state, "push_test_limit"):
        state.push_test_limit = SlidingWindow(3, 60)
    limit: SlidingWindow = state.push_test_limit
    return limit


def _now() -> datetime:
    return datetime.now(UTC)


def _http_hosts(request: Request) -> frozenset[str]:
    return frozenset(getattr(request.app.state, "push_http_hosts", ()))


@endpoint(allow=PUBLIC, returns=PushKey)
async def public_key(request: Request) -> Response:
    keys = keys_for(request.app.state.settings.data_dir)
    return json_response(PushKey(keys.public_key), headers={"cache-control": "no-cache"})


@endpoint(allow=SIGNED_IN, returns=SubscriptionState)
async def get_subscription(request: Request) -> Response:
    row = await service.current(principal_of(request))
    prefs = service.preferences_of(row) if row else Preferences()
    return json_response(SubscriptionState(row is not None, prefs))


@endpoint(allow=SIGNED_IN, body=NewSubscription, returns=SubscriptionState)
async def put_subscription(request: Request) -> Response:
    body = await decode_body(request, NewSubscription)
    prefs = await service.subscribe(principal_of(request), body, _now(), _http_hosts(request))
    return json_response(SubscriptionState(True, prefs))


@endpoint(allow=SIGNED_IN)
async def delete_subscription(request: Request) -> Response:
    await service.unsubscribe(principal_of(request))
    return Response(status_code=204)


@endpoint(allow=SIGNED_IN, body=Preferences, returns=SubscriptionState)
async def put_preferences(request: Request) -> Response:
    body = await decode_body(request, Preferences)
    await service.set_preferences(principal_of(request), body, _now())
    return json_response(SubscriptionState(True, body))


@endpoint(allow=SIGNED_IN, returns=TestResult)
async def send_test(request: Request) -> Response:
    principal = principal_of(request)
    key, moment = str(principal.session_id), time.monotonic()
    limit = _test_limit(request)
    wait = limit.retry_after(key, moment)
    if wait:
        raise ApiError(429, "too_many_tests", "Wait a minute before another test.",
                       headers={"Retry-After": str(int(wait) + 1)})
    limit.record(key, moment)
    settings = request.app.state.settings
    sender = Sender(keys_for(settings.data_dir), subject(settings.public_url), attempts=1)
    status = await service.send_test(principal, sender, settings.public_url)
    return json_response(TestResult(status))  # type: ignore[arg-type]


@endpoint(allow={Role.ADMINISTRATOR}, returns=OrganisationReminders)
async def get_organisation(request: Request) -> Response:
    return json_response(await service.organisation_reminders(principal_of(request)))


@endpoint(allow={Role.ADMINISTRATOR}, body=OrganisationReminders, returns=OrganisationReminders)
async def put_organisation(request: Request) -> Response:
    body = await decode_body(request, OrganisationReminders)
    await service.set_organisation_reminders(principal_of(request), body)
    return json_response(body)


@endpoint(allow=SIGNED_IN, body=Receipts, returns=ReceiptsRecorded)
async def post_receipts(request: Request) -> Response:
    body = await decode_body(request, Receipts)
    principal = principal_of(request)
    return json_response(await receipts.record(principal.user_id, body.receipts, _now()))


@endpoint(allow=SIGNED_IN, returns=list[InboxItem])
async def get_inbox(request: Request) -> Response:
    return json_response(await receipts.inbox(principal_of(request).user_id))


@endpoint(allow={Role.ADMINISTRATOR}, returns=list[PersonReach])
async def get_reach(request: Request) -> Response:
    mail = bool(request.app.state.settings.smtp_host)
    found = await receipts.organisation_reach(principal_of(request).organisation(), mail, _now())
    return json_response(found)


routes = [
    Route("/api/push/key", public_key, methods=["GET"]),
    Route("/api/push/subscription", get_subscription, methods=["GET"]),
    Route("/api/push/subscription", put_subscription, methods=["PUT"]),
    Route("/api/push/subscription", delete_subscription, methods=["DELETE"]),
    Route("/api/push/preferences", put_preferences, methods=["PUT"]),
    Route("/api/push/test", send_test, methods=["POST"]),
    Route("/api/push/organisation", get_organisation, methods=["GET"]),
    Route("/api/push/organisation", put_organisation, methods=["PUT"]),
    Route("/api/push/receipts", post_receipts, methods=["POST"]),
    Route("/api/push/inbox", get_inbox, methods=["GET"]),
    Route("/api/admin/reach", get_reach, methods=["GET"]),
]
