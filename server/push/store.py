"""Rows <-> structs for reminders: one small query function per source, and the delivery
log, subscriptions, organisation settings and the sending lease.

The sources read other areas' tables: enrolments (core), and the assessment app's read
models of synced evidence and decisions (`assessment_evidence`, `assessment_decision`,
kept in step with every sync push). If those tables change shape, only these functions
change.
Raw SQL written once with `?` placeholders and numbered for PostgreSQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

import msgspec

from base.sql import (  # noqa: F401 - re-exported
    Conn,
    as_date,
    as_datetime,
    default,
    execute_many,
    is_postgres,
    marks,
    query,
)
from server.push.reminders import (
    Decision,
    OrgRules,
    Recipient,
    ReviewDue,
    Subscriber,
    WaitingEvidence,
)

CHUNK = 500


class Target(msgspec.Struct, frozen=True):
    subscription_id: int
    endpoint: str
    p256dh: str
    auth: str


def stamp(conn: Conn, moment: datetime) -> Any:
    """A time as the backend compares it (ISO text in UTC on SQLite, as sync/store.py does)."""
    moment = moment.astimezone(UTC)
    return moment if is_postgres(conn) else moment.isoformat()


def orm_stamp(conn: Conn, moment: datetime) -> Any:
    """A time as Tortoise writes it in its own tables (on SQLite: text with a space)."""
    moment = moment.astimezone(UTC)
    return moment if is_postgres(conn) else moment.isoformat(sep=" ")


def json_text(conn: Conn, column: str, key: str) -> str:
    """SQL for the text of `key` in a JSON text column."""
    if is_postgres(conn):
        return f"({column}::json ->> '{key}')"
    return f"json_extract({column}, '$.{key}')"


def chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


# --- sources ------------------------------------------------------------------------------


async def reviews_due(conn: Conn, horizon: date) -> list[ReviewDue]:
    """Active enrolments whose next review is due on or before `horizon` (one indexed query)."""
    sql = (
        "SELECT id, organisation_id, worker_id, assessor_id, standard_code, next_review_due "
        "FROM enrolment WHERE ended_at IS NULL AND next_review_due <= ?"
    )
    rows = await query(conn, sql, [horizon if is_postgres(conn) else horizon.isoformat()])
    return [
        ReviewDue(r["id"], r["organisation_id"], r["worker_id"], r["assessor_id"],
                  r["standard_code"], as_date(r["next_review_due"]))
        for r in rows
    ]


async def assessors_of(conn: Conn, workers: Sequence[int]) -> dict[int, set[int]]:
    """worker -> the assessors of their active enrolments."""
    found: dict[int, set[int]] = defaultdict(set)
    for chunk in chunks(sorted(set(workers))):
        sql = (
            "SELECT worker_id, assessor_id FROM enrolment WHERE ended_at IS NULL "
            f"AND assessor_id IS NOT NULL AND worker_id IN ({marks(chunk)})"
        )
        for row in await query(conn, sql, chunk):
            found[row["worker_id"]].add(row["assessor_id"])
    return found


async def waiting_evidence(conn: Conn, submitted_before: datetime) -> list[WaitingEvidence]:
    """Evidence submitted before the given time and still waiting (the assessment app's read
    model of synced evidence, indexed on status and submission time)."""
    sql = (
        "SELECT worker_id, organisation_id, rid, submitted_at FROM assessment_evidence "
        "WHERE status = ? AND deleted = ? AND submitted_at <= ?"
    )
    rows = await query(conn, sql, ["submitted", False, orm_stamp(conn, submitted_before)])
    assessors = await assessors_of(conn, [r["worker_id"] for r in rows])
    return [
        WaitingEvidence(r["organisation_id"] or 0, r["worker_id"], r["rid"],
                        as_datetime(r["submitted_at"]), tuple(sorted(assessors[r["worker_id"]])))
        for r in rows if assessors.get(r["worker_id"])
    ]


async def decisions_since(conn: Conn, since: datetime) -> list[Decision]:
    """Assessment decisions (referred back or accepted) recorded since `since`."""
    sql = (
        "SELECT rid, worker_id, organisation_id, evidence_id, outcome, decided_at "
        "FROM assessment_decision WHERE decided_at >= ? AND outcome IN (?, ?)"
    )
    rows = await query(conn, sql, [orm_stamp(conn, since), "referred", "accepted"])
    return [
        Decision(r["organisation_id"] or 0, r["worker_id"], r["rid"], r["evidence_id"],
                 r["outcome"], as_datetime(r["decided_at"]))
        for r in rows
    ]


async def organisation_rules(conn: Conn) -> dict[int, OrgRules]:
    sql = (
        "SELECT organisation_id, time_zone, review_soon_days, overdue_repeat_days, "
        "queue_after_days, queue_repeat_days FROM push_organisation"
    )
    return {
        r["organisation_id"]: OrgRules(
            r["time_zone"], r["review_soon_days"], r["overdue_repeat_days"],
            r["queue_after_days"], r["queue_repeat_days"])
        for r in await query(conn, sql)
    }


# --- subscriptions ------------------------------------------------------------------------

LIVE = (
    "FROM push_subscription s JOIN device_session d ON d.id = s.session_id "
    "JOIN user_account u ON u.id = s.user_id "
    "WHERE d.revoked_at IS NULL AND u.disabled = ?"
)


# A device with no quiet hours of its own takes its person's organisation's (the first
# membership, as server/endpoints.py picks the organisation), set on the Organisation screen.
_ORG_QUIET = (
    "(SELECT os.{0} FROM organisation_settings os JOIN membership m "
    "ON m.organisation_id = os.organisation_id WHERE m.user_id = s.user_id "
    "ORDER BY m.id LIMIT 1)"
)


async def subscribers(conn: Conn, user_ids: Iterable[int]) -> list[Subscriber]:
    """The live subscriptions (device still signed in, person enabled) of these people,
    with the quiet hours that apply (the device's own, else its organisation's)."""
    found = []
    for chunk in chunks(sorted(set(user_ids))):
        sql = (
            "SELECT s.id, s.user_id, s.reviews, s.queue, s.feedback, s.failures, "
            f"COALESCE(s.quiet_start, {_ORG_QUIET.format('quiet_start')}) AS quiet_start, "
            f"COALESCE(s.quiet_end, {_ORG_QUIET.format('quiet_end')}) AS quiet_end, "
            f"s.time_zone {LIVE} AND s.user_id IN ({marks(chunk)})"
        )
        for r in await query(conn, sql, [False, *chunk]):
            found.append(Subscriber(
                r["id"], r["user_id"], bool(r["reviews"]), bool(r["queue"]),
                bool(r["feedback"]), r["quiet_start"], r["quiet_end"], r["time_zone"],
                r["failures"] or 0))
    return found


async def recipients(conn: Conn, user_ids: Iterable[int]) -> dict[int, Recipient]:
    """Enabled people by id, with their e-mail and their organisation's quiet hours and time
    zone (the first membership, as for devices)."""
    found: dict[int, Recipient] = {}
    org = ("(SELECT m.organisation_id FROM membership m WHERE m.user_id = u.id "
           "ORDER BY m.id LIMIT 1)")
    for chunk in chunks(sorted(set(user_ids))):
        sql = (
            f"SELECT u.id, u.email, {org} AS organisation_id, os.quiet_start, os.quiet_end, "
            f"(SELECT o.name FROM organisation o WHERE o.id = {org}) AS organisation_name, "
            "po.time_zone FROM user_account u "
            f"LEFT JOIN organisation_settings os ON os.organisation_id = {org} "
            f"LEFT JOIN push_organisation po ON po.organisation_id = {org} "
            f"WHERE u.disabled = ? AND u.id IN ({marks(chunk)})"
        )
        for r in await query(conn, sql, [False, *chunk]):
            found[r["id"]] = Recipient(r["id"], r["email"], r["organisation_id"],
                                       r["quiet_start"], r["quiet_end"],
                                       r["time_zone"] or "Europe/London",
                                       r["organisation_name"] or "")
    return found


async def count_failures(conn: Conn, failed: Sequence[int], delivered: Sequence[int]) -> None:
    """A subscription's sends failed in a row: one more for `failed`, back to 0 for
    `delivered`."""
    for chunk in chunks(sorted(set(failed))):
        await query(conn, "UPDATE push_subscription SET failures = failures + 1 "
                    f"WHERE id IN ({marks(chunk)})", chunk)
    for chunk in chunks(sorted(set(delivered))):
        await query(conn, "UPDATE push_subscription SET failures = 0 "
                    f"WHERE failures > 0 AND id IN ({marks(chunk)})", chunk)


async def targets(conn: Conn, subscription_ids: Iterable[int]) -> dict[int, Target]:
    found: dict[int, Target] = {}
    for chunk in chunks(sorted(set(subscription_ids))):
        sql = (f"SELECT id, endpoint, p256dh, auth FROM push_subscription "
               f"WHERE id IN ({marks(chunk)})")
        for r in await query(conn, sql, chunk):
            found[r["id"]] = Target(r["id"], r["endpoint"], r["p256dh"], r["auth"])
    return found


async def remove_subscriptions(conn: Conn, ids: Sequence[int]) -> None:
    for chunk in chunks(sorted(set(ids))):
        await query(conn, f"DELETE FROM push_subscription WHERE id IN ({marks(chunk)})", chunk)


# --- the delivery log ---------------------------------------------------------------------

Pair = tuple[int, str]
NO_SUBSCRIPTION = 0  # the subscription of a claim by e-mail or in the app


class Claim(msgspec.Struct, frozen=True):
    subscription_id: int
    key: str
    user_id: int
    channel: str = "push"  # push, email, app
    payload: str | None = None


async def claim(conn: Conn, claims: Sequence[Claim], now: datetime,
                status: str = "sending") -> dict[Pair, int]:
    """Insert a row per (subscription, key); return the pairs this call inserted, with the
    row's id (the receipts name it).

    A pair already in the log (sent before, or claimed by another process) is not returned:
    the unique key makes the claim, and so the send, happen at most once.
    """
    won: dict[Pair, int] = {}
    moment = stamp(conn, now)
    unique = list({(c.subscription_id, c.key): c for c in claims}.values())
    for chunk in chunks(unique):
        values = ", ".join("(?, ?, ?, ?, ?, ?, ?)" for _ in chunk)
        sql = (
            "INSERT INTO push_delivery (subscription_id, reminder_key, status, created_at, "
            f"user_id, channel, payload) VALUES {values} "
            "ON CONFLICT (subscription_id, reminder_key) DO NOTHING "
            "RETURNING id, subscription_id, reminder_key"
        )
        flat = [v for c in chunk for v in (c.subscription_id, c.key, status, moment,
                                           c.user_id, c.channel, c.payload)]
        for r in await query(conn, sql, flat):
            won[(r["subscription_id"], r["reminder_key"])] = r["id"]
    return won


async def reached(conn: Conn, keys: Iterable[str]) -> set[str]:
    """Of these reminder keys, those a push already delivered (to any device)."""
    found: set[str] = set()
    for chunk in chunks(sorted(set(keys))):
        sql = ("SELECT DISTINCT reminder_key FROM push_delivery WHERE status = ? "
               f"AND reminder_key IN ({marks(chunk)})")
        found.update(r["reminder_key"] for r in await query(conn, sql, ["delivered", *chunk]))
    return found


async def finish(conn: Conn, results: Sequence[tuple[int, str, str]], now: datetime) -> None:
    """Record (subscription, key, status) outcomes."""
    sql = ("UPDATE push_delivery SET status = ?, finished_at = ? "
           "WHERE subscription_id = ? AND reminder_key = ?")
    moment = stamp(conn, now)
    await execute_many(conn, sql, [(status, moment, sub, key) for sub, key, status in results])


async def release(conn: Conn, pairs: Sequence[Pair]) -> None:
    """Forget claims whose send surely failed (429, 5xx): the next run tries again."""
    sql = "DELETE FROM push_delivery WHERE subscription_id = ? AND reminder_key = ?"
    await execute_many(conn, sql, pairs)


async def delivered(conn: Conn, pairs: Sequence[Pair]) -> dict[Pair, str]:
    """The log's status of each pair already claimed (for the dry run)."""
    by_sub: dict[int, list[str]] = defaultdict(list)
    for sub, key in pairs:
        by_sub[sub].append(key)
    found: dict[Pair, str] = {}
    for sub, keys in by_sub.items():
        for chunk in chunks(keys):
            sql = ("SELECT reminder_key, status FROM push_delivery WHERE subscription_id = ? "
                   f"AND reminder_key IN ({marks(chunk)})")
            for r in await query(conn, sql, [sub, *chunk]):
                found[(sub, r["reminder_key"])] = r["status"]
    return found


async def purge_deliveries(conn: Conn, before: datetime) -> None:
    await query(conn, "DELETE FROM push_delivery WHERE created_at < ?", [stamp(conn, before)])


# --- the lease ----------------------------------------------------------------------------


async def take_lease(conn: Conn, name: str, holder: str, now: datetime, until: datetime) -> bool:
    """Take or renew the named lease unless another holder's is still valid."""
    await query(
        conn, "INSERT INTO push_lease (name, holder, expires_at) VALUES (?, ?, ?) "
        "ON CONFLICT DO NOTHING", [name, "", stamp(conn, now)],
    )
    rows = await query(
        conn, "UPDATE push_lease SET holder = ?, expires_at = ? "
        "WHERE name = ? AND (holder = ? OR expires_at <= ?) RETURNING holder",
        [holder, stamp(conn, until), name, holder, stamp(conn, now)],
    )
    return bool(rows)


async def drop_lease(conn: Conn, name: str, holder: str, now: datetime) -> None:
    await query(conn, "UPDATE push_lease SET expires_at = ? WHERE name = ? AND holder = ?",
                [stamp(conn, now), name, holder])
