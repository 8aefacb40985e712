"""Proof of reach: the phone's receipts (a notification shown, a notification tapped), the
reminders kept for the app's next open, and what the administrators see per person.

A receipt names its delivery log row; only the person the row was for may record it, and
each event is recorded once (the first time wins). The phone's clock is data: a time in
the future is recorded as now.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

import msgspec

from base import metrics
from base.sql import Conn, as_datetime, marks, query
from server.push import store
from server.push.reach import (
    WINDOW,
    ChannelCount,
    PersonReach,
    Receipt,
    changes,
    reach_of,
)
from server.push.reminders import FAILING, Declarative

SHOWN = metrics.counter(
    "carefolio_reminders_shown_total",
    "Reminders a phone said it showed (the receipt arrives with its next sync), by channel.",
    ["channel"])
TAPPED = metrics.counter(
    "carefolio_reminders_tapped_total",
    "Reminders a person tapped (a notification, an e-mail's link, an in-app reminder), by "
    "channel.", ["channel"])



class ReceiptsRecorded(msgspec.Struct):
    recorded: int
    ignored: int  # already recorded, or not this person's


class InboxItem(msgspec.Struct):
    delivery: int
    title: str
    body: str
    url: str
    kind: str
    created_at: datetime


def _case(conn: Conn, column: str, values: dict[int, datetime]) -> tuple[str, list[Any]]:
    """`column = COALESCE(column, CASE id WHEN .. THEN .. END)`: each row its own time, and
    a time already recorded (by a request that raced this one) stays."""
    if not values:
        return "", []
    cast = "::timestamptz" if store.is_postgres(conn) else ""
    whens = " ".join(f"WHEN ? THEN ?{cast}" for _ in values)
    params = [v for delivery, at in values.items() for v in (delivery, store.stamp(conn, at))]
    return f"{column} = COALESCE({column}, CASE id {whens} END)", params


async def record(user_id: int, receipts: list[Receipt], now: datetime,
                 conn: Conn | None = None) -> ReceiptsRecorded:
    """Record this person's receipts: one read, then one write for all of them."""
    conn = conn or store.default()
    ids = sorted({r.delivery for r in receipts})
    if not ids:
        return ReceiptsRecorded(0, 0)
    rows = {r["id"]: (r["channel"], r["shown_at"] is not None, r["tapped_at"] is not None)
            for r in await query(conn, "SELECT id, channel, shown_at, tapped_at FROM "
                                 f"push_delivery WHERE user_id = ? AND id IN ({marks(ids)})",
                                 [user_id, *ids])}
    found = changes(receipts, rows, now)
    if found:
        sets = [_case(conn, "shown_at", {c.delivery: c.shown_at for c in found if c.shown_at}),
                _case(conn, "tapped_at", {c.delivery: c.tapped_at for c in found if c.tapped_at})]
        columns = ", ".join(sql for sql, _ in sets if sql)
        changed = [c.delivery for c in found]
        await query(conn, f"UPDATE push_delivery SET {columns} WHERE id IN ({marks(changed)})",
                    [*sets[0][1], *sets[1][1], *changed])
    recorded = 0
    for change in found:
        if change.shown_at is not None and any(
                r.delivery == change.delivery and r.event == "shown" for r in receipts):
            SHOWN.inc(channel=change.channel)
            recorded += 1
        if change.tapped_at is not None:
            TAPPED.inc(channel=change.channel)
            recorded += 1
    return ReceiptsRecorded(recorded, len(receipts) - recorded)


async def inbox(user_id: int, conn: Conn | None = None) -> list[InboxItem]:
    """Reminders kept for this person's app (no push, no e-mail) that no phone showed yet."""
    conn = conn or store.default()
    sql = ("SELECT id, payload, created_at FROM push_delivery WHERE user_id = ? AND channel = ? "
           "AND shown_at IS NULL ORDER BY id DESC LIMIT 20")
    found = []
    for r in await query(conn, sql, [user_id, "app"]):
        message = msgspec.json.decode(r["payload"] or "{}", type=Declarative)
        n, data = message.notification, message.notification.data
        found.append(InboxItem(r["id"], n.title, n.body or "", data.url if data else "#/",
                               data.kind if data else "", as_datetime(r["created_at"])))
    return found


async def organisation_reach(organisation_id: int, mail: bool, now: datetime,
                             conn: Conn | None = None) -> list[PersonReach]:
    """Per member of the organisation: how reminders reach them (server/push/reach.py)."""
    conn = conn or store.default()
    members = [r["user_id"] for r in await query(
        conn, "SELECT DISTINCT user_id FROM membership WHERE organisation_id = ? "
        "ORDER BY user_id", [organisation_id])]
    devices: dict[int, int] = defaultdict(int)
    counts: dict[int, list[ChannelCount]] = defaultdict(list)
    last: dict[int, datetime] = {}
    tapped: dict[int, int] = defaultdict(int)
    since = store.stamp(conn, now - WINDOW)
    for chunk in store.chunks(members):
        m = marks(chunk)
        for r in await query(conn, f"SELECT s.user_id, COUNT(*) AS n {store.LIVE} "
                             f"AND s.failures < ? AND s.user_id IN ({m}) GROUP BY s.user_id",
                             [False, FAILING, *chunk]):
            devices[r["user_id"]] = r["n"]
        for r in await query(conn, "SELECT user_id, channel, COUNT(*) AS sent, "
                             "COUNT(shown_at) AS shown, COUNT(tapped_at) AS tapped "
                             f"FROM push_delivery WHERE user_id IN ({m}) AND created_at >= ? "
                             "AND status IN ('delivered', 'mailed', 'in_app') "
                             "GROUP BY user_id, channel", [*chunk, since]):
            counts[r["user_id"]].append(ChannelCount(r["channel"], r["sent"], r["shown"]))
            tapped[r["user_id"]] += r["tapped"]
        for r in await query(conn, "SELECT user_id, MAX(shown_at) AS last FROM push_delivery "
                             f"WHERE user_id IN ({m}) AND shown_at IS NOT NULL "
                             "GROUP BY user_id", chunk):
            last[r["user_id"]] = as_datetime(r["last"])
    return [reach_of(user, devices[user], counts[user], mail, last.get(user), tapped[user])
            for user in members]
