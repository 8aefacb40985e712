"""How reminders reach a person, for the administrators' People screen, and what a phone's
receipts change (pure).

From what the delivery log says of the last `WINDOW` (per channel: how many reminders went
out, how many the phone said it showed) and what reaches them now (working subscriptions,
whether the server sends e-mail):

    push_shown      notifications are on, and a phone said it showed one
    push_not_shown  notifications are on, pushes were sent, no phone said it showed one
                    (a phone that never synced since, or a push service that dropped them)
    push_waiting    notifications are on, no reminder was due yet
    email           no working subscription: reminders come by e-mail
    in_app          no working subscription and no e-mail: only the app shows them, when
                    the person opens it (`reachable` is False: the screen says so)
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Literal

import msgspec

How = Literal["push_shown", "push_not_shown", "push_waiting", "email", "in_app"]
WINDOW = timedelta(days=30)


class ChannelCount(msgspec.Struct, frozen=True):
    channel: str
    sent: int
    shown: int


class PersonReach(msgspec.Struct, frozen=True):
    user_id: int
    how: How
    reachable: bool
    devices: int  # working subscriptions
    last_shown_at: datetime | None = None
    tapped: int = 0  # reminders tapped in the window


def how_reached(devices: int, counts: list[ChannelCount], mail: bool) -> How:
    if devices:
        push = [c for c in counts if c.channel == "push"]
        if any(c.shown for c in push):
            return "push_shown"
        return "push_not_shown" if any(c.sent for c in push) else "push_waiting"
    return "email" if mail else "in_app"


def reach_of(user_id: int, devices: int, counts: list[ChannelCount], mail: bool,
             last_shown_at: datetime | None, tapped: int = 0) -> PersonReach:
    how = how_reached(devices, counts, mail)
    return PersonReach(user_id, how, how != "in_app", devices, last_shown_at, tapped)


# --- receipts -----------------------------------------------------------------------------

MAX_RECEIPTS = 200


class Receipt(msgspec.Struct, forbid_unknown_fields=True):
    delivery: Annotated[int, msgspec.Meta(ge=1, le=2**63 - 1)]
    event: Literal["shown", "tapped"]
    at: Annotated[datetime, msgspec.Meta(tz=True)]


class Receipts(msgspec.Struct, forbid_unknown_fields=True):
    receipts: Annotated[list[Receipt], msgspec.Meta(max_length=MAX_RECEIPTS)] = msgspec.field(
        default_factory=list)


class Change(msgspec.Struct, frozen=True):
    delivery: int
    channel: str
    shown_at: datetime | None  # to set (None: leave)
    tapped_at: datetime | None


def changes(receipts: list[Receipt], rows: dict[int, tuple[str, bool, bool]],
            now: datetime) -> list[Change]:
    """What these receipts change (pure): `rows` is delivery -> (channel, shown already,
    tapped already) for this person's rows. The first time of each event wins; a tap is also
    a showing; a time after `now` is `now`."""
    shown: dict[int, datetime] = {}
    tapped: dict[int, datetime] = {}
    for receipt in receipts:
        (shown if receipt.event == "shown" else tapped).setdefault(
            receipt.delivery, min(receipt.at, now))
    found = []
    for delivery, (channel, was_shown, was_tapped) in sorted(rows.items()):
        tap = None if was_tapped else tapped.get(delivery)
        show = None if was_shown else shown.get(delivery, tap)
        if show is not None or tap is not None:
            found.append(Change(delivery, channel, show, tap))
    return found
