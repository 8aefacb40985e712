"""Push routes: the VAPID public key, this device's subscription and choices, a test
notification, and an organisation's reminder thresholds (administrators)."""

from __future__ import annotations

import time

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from base.principal import Role
from server.context import context_of, now_of
from server.endpoints import PUBLIC, SIGNED_IN, endpoint, principal_of
from server.mail.sender import config_from
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
from server.push.vapid import keys_for
from server.wire import decode_body, json_response


def _http_hosts(request: Request) -> frozenset[str]:
    return context_of(request).push_http_hosts


@endpoint(allow=PUBLIC, returns=PushKey)
async def public_key(request: Request) -> Response:
    keys = keys_for(context_of(request).settings.data_dir)
    return json_response(PushKey(keys.public_key), headers={"cache-control": "no-cache"})


@endpoint(allow=SIGNED_IN, returns=SubscriptionState)
async def get_subscription(request: Request) -> Response:
    row = await service.current(principal_of(request))
    prefs = service.preferences_of(row) if row else Preferences()
    return json_response(SubscriptionState(row is not None, prefs))


@endpoint(allow=SIGNED_IN, body=NewSubscription, returns=SubscriptionState)
async def put_subscription(request: Request) -> Response:
    body = await decode_body(request, NewSubscription)
    prefs = await service.subscribe(principal_of(request), body,
                                    now_of(request), _http_hosts(request))
    return json_response(SubscriptionState(True, prefs))


@endpoint(allow=SIGNED_IN)
async def delete_subscription(request: Request) -> Response:
    await service.unsubscribe(principal_of(request))
    return Response(status_code=204)


@endpoint(allow=SIGNED_IN, body=Preferences, returns=SubscriptionState)
async def put_preferences(request: Request) -> Response:
    body = await decode_body(request, Preferences)
    await service.set_preferences(principal_of(request), body, now_of(request))
    return json_response(SubscriptionState(True, body))


@endpoint(allow=SIGNED_IN, returns=TestResult)
async def send_test(request: Request) -> Response:
    context = context_of(request)
    status = await service.send_test_limited(principal_of(request), context.push_test_limit,
                                             time.monotonic(), context.settings)
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
    return json_response(await receipts.record(principal.user_id, body.receipts, now_of(request)))


@endpoint(allow=SIGNED_IN, returns=list[InboxItem])
async def get_inbox(request: Request) -> Response:
    return json_response(await receipts.inbox(principal_of(request).user_id))


@endpoint(allow={Role.ADMINISTRATOR}, returns=list[PersonReach])
async def get_reach(request: Request) -> Response:
    mail = config_from(context_of(request).settings) is not None
    found = await receipts.organisation_reach(principal_of(request).organisation(), mail,
                                              now_of(request))
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
