"""Push benchmark: choosing what is due over many enrolments, and sending to many
subscriptions through the local push service (tests/push/receiver.py). Prints figures.

    .venv/bin/python -m bench.push [--database-url URL] [--enrolments N] [--subscriptions N]

Without --database-url it uses a fresh SQLite file. The receiver runs in a thread of this
process: with --check it also verifies VAPID and decrypts every message (slower, sharing the
CPU with the sender); without it, it answers 201 at once, which measures the sender.

With receipts on: the same sends while the phones' receipts (shown and tapped, for the
reminders of the run before, 200 to a request as the app sends them) are recorded at the
same time in this process; printed as a ratio to the sends per second measured without
them in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import msgspec

from server import db
from server.push import engine, receipts, store
from server.push.reach import Receipt
from server.push.reminders import Send
from server.push.sender import Sender
from server.push.vapid import load_or_create
from tests.push.receiver import Receiver

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


async def fill(conn: store.Conn, enrolments: int, subscriptions: int, receiver: Receiver) -> None:
    pg = store.is_postgres(conn)
    stamp = NOW if pg else NOW.isoformat(sep=" ")
    await store.execute_many(conn, "INSERT INTO organisation (id, name, created_at) "
                             "VALUES (?, ?, ?)", [(1, "Bench Care", stamp)])
    users = [(i, f"w{i}@bench.test", f"W{i}", None, False, False, stamp)
             for i in range(1, enrolments + 1)]
    await store.execute_many(conn, "INSERT INTO user_account (id, email, display_name, "
                             "password_hash, is_superadmin, disabled, created_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)", users)
    start = date(2024, 12, 1)
    rows = []
    for i in range(1, enrolments + 1):
        due = NOW.date() + timedelta(days=(i * 7919) % 365 - 30)  # a year of due dates
        rows.append((i, 1, i, None, "SCDHSC0389", start if pg else start.isoformat(),
                     "calendar_3_months", None, "", stamp,
                     due if pg else due.isoformat()))
    await store.execute_many(
        conn, "INSERT INTO enrolment (id, organisation_id, worker_id, assessor_id, "
        "standard_code, start_date, review_rule, review_interval_days, review_reason, "
        "created_at, next_review_due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    sessions, subs = [], []
    for n in range(subscriptions):
        user = n * max(1, enrolments // subscriptions) + 1
        sessions.append((n + 1, user, f"hash{n}", f"dev{n}", "", stamp, stamp, None))
        info = receiver.subscribe(f"d{n}")
        subs.append((n + 1, user, n + 1, info["endpoint"], f"h{n}", info["keys"]["p256dh"],
                     info["keys"]["auth"], True, True, True, None, None, "Europe/London",
                     stamp, stamp))
    await store.execute_many(conn, "INSERT INTO device_session (id, user_id, token_hash, "
                             "device_id, device_label, created_at, last_seen_at, revoked_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", sessions)
    await store.execute_many(conn, "INSERT INTO push_subscription (id, user_id, session_id, "
                             "endpoint, endpoint_hash, p256dh, auth, reviews, queue, feedback, "
                             "quiet_start, quiet_end, time_zone, created_at, updated_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", subs)


async def record_receipts(conn: store.Conn, rows: list[tuple[int, int]]) -> int:
    """The phones' receipts for these (delivery, user) rows: each phone sends its shown and
    tapped receipts in one request with its next sync."""
    count = 0
    at = datetime.now(UTC)
    for delivery, user in rows:
        mine = [Receipt(delivery, "shown", at), Receipt(delivery, "tapped", at)]
        count += (await receipts.record(user, mine, datetime.now(UTC), conn)).recorded
    return count


async def receipts_on(conn: store.Conn, keys: object, choice: engine.Choice, count: int,
                      bound: float) -> None:
    """Sends per second while the receipts of the previous run's reminders arrive (one
    request per phone)."""
    rows = [(r["id"], r["user_id"]) for r in await store.query(
        conn, "SELECT id, user_id FROM push_delivery WHERE status = ?", ["delivered"])]
    await store.query(conn, "UPDATE push_delivery SET reminder_key = 'old:' || reminder_key")
    async with Sender(keys, "mailto:operator@localhost", concurrency=50) as sender:  # type: ignore[arg-type]
        report = engine.Report()
        template = choice.reminders[0]
        sends = [Send(n + 1, msgspec.structs.replace(template, user_id=n + 1, key=f"next:{n}"))
                 for n in range(count)]
        began = time.perf_counter()
        recorded, _ = await asyncio.gather(record_receipts(conn, rows),
                                           engine.deliver(conn, sends, sender, NOW, report))
        took = time.perf_counter() - began
    rate = len(sends) / took
    print(f"send {len(sends)} with receipts on ({recorded} receipts recorded meanwhile), "
          f"concurrency 50: {took:.1f} s, {rate:.0f}/s = {rate / bound:.2f} x the sends/s "
          f"without receipts ({bound:.0f}/s); delivered {report.delivered}")


async def main(args: argparse.Namespace) -> None:
    scratch = Path(tempfile.mkdtemp())
    url = args.database_url or f"sqlite://{scratch / 'bench.sqlite3'}"
    await db.migrate(url)
    await db.connect(url)
    receiver = Receiver(check=args.check).start()
    try:
        conn = store.default()
        began = time.perf_counter()
        await fill(conn, args.enrolments, args.subscriptions, receiver)
        if store.is_postgres(conn):
            await store.query(conn, "ANALYZE")  # as autovacuum would after a bulk load
        backend = "PostgreSQL" if store.is_postgres(conn) else "SQLite"
        print(f"filled {args.enrolments} enrolments, {args.subscriptions} subscriptions in "
              f"{time.perf_counter() - began:.1f} s ({backend})")
        timings = []
        for _ in range(5):
            began = time.perf_counter()
            choice = await engine.choose(conn, NOW)
            timings.append(time.perf_counter() - began)
        print(f"choose what is due over {args.enrolments} enrolments: median "
              f"{statistics.median(timings) * 1000:.0f} ms, best {min(timings) * 1000:.0f} ms "
              f"({len(choice.reminders)} reminders, {len(choice.plan.sends)} sends)")
        keys = load_or_create(scratch / "vapid")
        bound = 1.0
        for concurrency in (10, 50, 100):
            await store.query(conn, "DELETE FROM push_delivery")
            before = receiver.attempts
            async with Sender(keys, "mailto:operator@localhost", concurrency=concurrency) as sender:
                report = engine.Report()
                template = choice.reminders[0]
                sends = [Send(n + 1, msgspec.structs.replace(template, key=f"bench:{n}"))
                         for n in range(args.subscriptions)]
                began = time.perf_counter()
                await engine.deliver(conn, sends, sender, NOW, report)
                took = time.perf_counter() - began
            print(f"send {len(sends)} (claim, encrypt, POST, record), concurrency {concurrency}: "
                  f"{took:.1f} s, {len(sends) / took:.0f}/s; delivered {report.delivered}, "
                  f"receiver saw {receiver.attempts - before}")
            if concurrency == 50:
                bound = len(sends) / took
        await receipts_on(conn, keys, choice, args.subscriptions, bound)
    finally:
        receiver.stop()
        await db.disconnect()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="")
    parser.add_argument("--enrolments", type=int, default=100_000)
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--check", action="store_true",
                        help="verify VAPID and decrypt every message in the receiver")
    asyncio.run(main(parser.parse_args()))
