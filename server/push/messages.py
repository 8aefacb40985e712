"""Wire types of the push API."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

Clock = Annotated[str, msgspec.Meta(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
TimeZone = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_+\-/]+$")]
Days = Annotated[int, msgspec.Meta(ge=1, le=90)]
Base64Url = Annotated[
    str, msgspec.Meta(min_length=16, max_length=200, pattern=r"^[A-Za-z0-9_-]+={0,2}$")
]


class PushKey(msgspec.Struct):
    public_key: str


class Preferences(msgspec.Struct, forbid_unknown_fields=True):
    reviews: bool = True
    queue: bool = True
    feedback: bool = True
    quiet_start: Clock | None = None  # "22:00"; both or neither
    quiet_end: Clock | None = None
    time_zone: TimeZone = "Europe/London"


class SubscriptionKeys(msgspec.Struct, forbid_unknown_fields=True):
    p256dh: Base64Url
    auth: Base64Url


class NewSubscription(msgspec.Struct, forbid_unknown_fields=True):
    """What `PushSubscription.toJSON()` gives, plus this device's choices."""

    endpoint: Annotated[str, msgspec.Meta(min_length=10, max_length=2000)]
    keys: SubscriptionKeys
    expirationTime: int | None = None  # noqa: N815 - the browser's own name
    preferences: Preferences = msgspec.field(default_factory=Preferences)


class SubscriptionState(msgspec.Struct):
    subscribed: bool
    preferences: Preferences


class TestResult(msgspec.Struct):
    status: Literal["delivered", "gone", "too_large", "retry", "failed"]


class OrganisationReminders(msgspec.Struct, forbid_unknown_fields=True):
    time_zone: TimeZone = "Europe/London"
    review_soon_days: Days = 7
    overdue_repeat_days: Days = 7
    queue_after_days: Days = 7
    queue_repeat_days: Days = 1
