"""Push subscriptions and preferences of one device session; organisation thresholds; the
test notification. Routes call one function each; errors are ApiErrors."""

from __future__ import annotations

import hashlib
import ipaddress
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec

from base.principal import Principal
from server.errors import ApiError
from server.push import reminders as pure
from server.push import store
from server.push.messages import NewSubscription, OrganisationReminders, Preferences
from server.push.models import OrganisationSettings, Subscription
from server.push.sender import Message, Sender
from server.push.vapid import keys_for, subject
from server.ratelimit import SlidingWindow
from server.settings import Settings


def _minutes(clock: str | None) -> int | None:
    if clock is None:
        return None
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _clock(minutes: int | None) -> str | None:
    return None if minutes is None else f"{minutes // 60:02d}:{minutes % 60:02d}"


def check_time_zone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ApiError(422, "unknown_time_zone", f"Unknown time zone {name[:64]!r}.") from exc


def check_endpoint(endpoint: str, http_hosts: frozenset[str] = frozenset()) -> None:
    """Push services are public https origins; refuse anything that would make the server
    post to itself or its network (plain http, IP literals, localhost), except the hosts
    an operator allowed for testing."""
    parts = urlsplit(endpoint)
    host = parts.hostname or ""
    if host in http_hosts and parts.scheme in ("http", "https"):
        return
    problem = parts.scheme != "https" or not host or host == "localhost" or "." not in host
    try:
        ipaddress.ip_address(host)
        problem = True
    except ValueError:
        pass
    if problem:
        raise ApiError(422, "invalid_endpoint", "The push endpoint must be a push service's "
                       "https address.")


def _check_preferences(prefs: Preferences) -> None:
    if (prefs.quiet_start is None) != (prefs.quiet_end is None):
        raise ApiError(422, "invalid_quiet_hours", "Give both ends of the quiet hours, or neither.")
    check_time_zone(prefs.time_zone)


def _preference_columns(prefs: Preferences) -> dict[str, object]:
    return {"reviews": prefs.reviews, "queue": prefs.queue, "feedback": prefs.feedback,
            "quiet_start": _minutes(prefs.quiet_start), "quiet_end": _minutes(prefs.quiet_end),
            "time_zone": prefs.time_zone}


def preferences_of(row: Subscription) -> Preferences:
    return Preferences(row.reviews, row.queue, row.feedback, _clock(row.quiet_start),
                       _clock(row.quiet_end), row.time_zone)


async def subscribe(principal: Principal, body: NewSubscription, now: datetime,
                    http_hosts: frozenset[str] = frozenset()) -> Preferences:
    """Store this device session's subscription, replacing its previous one (and any other
    session's row for the same endpoint: one browser, one subscription)."""
    check_endpoint(body.endpoint, http_hosts)
    _check_preferences(body.preferences)
    digest = hashlib.sha256(body.endpoint.encode()).hexdigest()
    columns = {"user_id": principal.user_id, "endpoint": body.endpoint, "endpoint_hash": digest,
               "p256dh": body.keys.p256dh, "auth": body.keys.auth, "updated_at": now,
               **_preference_columns(body.preferences)}
    await Subscription.filter(endpoint_hash=digest).exclude(
        session_id=principal.session_id).delete()
    updated = await Subscription.filter(session_id=principal.session_id).update(**columns)
    if not updated:
        await Subscription.create(session_id=principal.session_id, created_at=now, **columns)
    return body.preferences


async def current(principal: Principal) -> Subscription | None:
    return await Subscription.filter(session_id=principal.session_id).first()


async def unsubscribe(principal: Principal) -> None:
    await Subscription.filter(session_id=principal.session_id).delete()


async def set_preferences(principal: Principal, prefs: Preferences, now: datetime) -> None:
    _check_preferences(prefs)
    changed = await Subscription.filter(session_id=principal.session_id).update(
        updated_at=now, **_preference_columns(prefs))
    if not changed:
        raise ApiError(404, "not_subscribed", "Turn notifications on for this device first.")


TEST_REMINDER = pure.Reminder(
    key="test", user_id=0, topic="reviews", kind="test", title="Carefolio",
    body="Notifications work on this device.", tag="test", url="#/notifications", ttl=300,
    urgency="normal", why="asked for from the settings screen",
)


async def send_test_limited(principal: Principal, limit: SlidingWindow, moment: float,
                            settings: Settings) -> str:
    """A test notification, at most as often as `limit` allows per device (`moment`: a
    monotonic clock reading); 429 past it."""
    key = str(principal.session_id)
    wait = limit.retry_after(key, moment)
    if wait:
        raise ApiError(429, "too_many_tests", "Wait a minute before another test.",
                       headers={"Retry-After": str(int(wait) + 1)})
    limit.record(key, moment)
    sender = Sender(keys_for(settings.data_dir), subject(settings.public_url), attempts=1)
    return await send_test(principal, sender, settings.public_url)


async def send_test(principal: Principal, sender: Sender, base_url: str) -> str:
    """Push a test notification to this device now (not logged: it is not a reminder)."""
    row = await current(principal)
    if row is None:
        raise ApiError(404, "not_subscribed", "Turn notifications on for this device first.")
    target = store.Target(row.id, row.endpoint, row.p256dh, row.auth)
    data = msgspec.json.encode(pure.declarative(TEST_REMINDER, base_url))
    async with sender:
        outcome = await sender.send(Message(target, "test", data, TEST_REMINDER.ttl, "normal"))
    if outcome.status == "gone":
        await Subscription.filter(id=row.id).delete()
    return outcome.status



async def organisation_reminders(principal: Principal) -> OrganisationReminders:
    row = await OrganisationSettings.filter(organisation_id=principal.organisation()).first()
    if row is None:
        return OrganisationReminders()
    return OrganisationReminders(row.time_zone, row.review_soon_days, row.overdue_repeat_days,
                                 row.queue_after_days, row.queue_repeat_days)


async def set_organisation_reminders(principal: Principal, body: OrganisationReminders) -> None:
    check_time_zone(body.time_zone)
    org = principal.organisation()
    values = msgspec.structs.asdict(body)
    if not await OrganisationSettings.filter(organisation_id=org).update(**values):
        await OrganisationSettings.create(organisation_id=org, **values)
