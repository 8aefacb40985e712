"""`carefolio remind`: run the reminder engine once now, or show what it would send."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from base.clock import system_clock
from server import db
from server.cli.flags import add_setting_flags, settings_from_args
from server.models import User
from server.push import engine, store
from server.push.scheduler import LEASE, Scheduler
from server.push.vapid import load_for
from server.reviews import refresh

DB_SETTINGS = ("data_dir", "database_url", "base_url")


def _now(text: str | None) -> datetime:
    if not text:
        return system_clock()
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def describe(choice: engine.Choice, logged: dict[store.Pair, str], names: dict[int, str],
             now: datetime) -> list[str]:
    """The dry run's lines: each reminder due, to whom, why, and what happens per device."""
    lines = [f"Reminders due at {now:%Y-%m-%d %H:%M} UTC: {len(choice.reminders)}"]
    devices: dict[tuple[int, str], list[str]] = {}
    for label, sends in (("would send", choice.plan.sends), ("held: quiet hours",
                                                              choice.plan.held)):
        for send in sends:
            state = logged.get((send.subscription_id, send.reminder.key))
            verdict = f"already {state}" if state else label
            devices.setdefault((send.reminder.user_id, send.reminder.key), []).append(
                f"    device {send.subscription_id}: {verdict}")
    for reminder in sorted(choice.reminders, key=lambda r: (r.user_id, r.key)):
        who = names.get(reminder.user_id, f"user {reminder.user_id}")
        lines += [
            f"  {reminder.kind} -> {who}: \"{reminder.body}\" (opens {reminder.url})",
            f"    why: {reminder.why}",
            f"    key: {reminder.key}",
            *devices.get((reminder.user_id, reminder.key),
                         ["    no device of theirs has notifications on for this (with no "
                          "working subscription: e-mailed, or kept for the app)"]),
        ]
    return lines


async def dry_run(now: datetime) -> list[str]:
    conn = store.default()
    choice = await engine.choose(conn, now)
    pairs = [(s.subscription_id, s.reminder.key) for s in [*choice.plan.sends, *choice.plan.held]]
    logged = await store.delivered(conn, pairs)
    users = {r.user_id for r in choice.reminders}
    names = {int(i): str(e) for i, e in await User.filter(id__in=users).values_list("id", "email")}
    return describe(choice, logged, names, now)


async def run_remind(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    await db.connect(settings.resolved_database_url)
    try:
        now = _now(args.at)
        conn = store.default()
        if args.refresh:
            print(f"review dates recomputed: {await refresh.refresh_all(conn)}", file=sys.stderr)
        else:
            await refresh.refresh_changed(conn)
        if args.dry_run:
            print("\n".join(await dry_run(now)))
            return 0
        await load_for(settings.data_dir)  # the installation's key, from the database
        scheduler = Scheduler(settings, 60, clock=lambda: now)
        report = await scheduler.tick()
        await scheduler.release()
        if report is None:
            print(f"another process holds the {LEASE!r} lease; nothing sent", file=sys.stderr)
            return 1
        print(report, file=sys.stderr)
    finally:
        await db.disconnect()
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    remind = subparsers.add_parser(
        "remind", help="Send the push reminders due now (or show them with --dry-run)."
    )
    remind.add_argument("--dry-run", action="store_true",
                        help="Show what would be sent now, to whom and why; send nothing.")
    remind.add_argument("--at", help="Pretend it is this time (ISO 8601, UTC if no offset).")
    remind.add_argument("--refresh", action="store_true",
                        help="Recompute every enrolment's next review date first.")
    add_setting_flags(remind, DB_SETTINGS)
    remind.set_defaults(run=run_remind)
