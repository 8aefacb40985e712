"""`carefolio retention`: remove the evidence of people who left once the retention period
has passed. A dry run unless `--apply`: it says exactly what would be removed, for whom and
why, and which leavers are kept and until when."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from base.clock import system_clock
from server import db
from server.cli.attachments import STORAGE_SETTINGS
from server.cli.flags import add_setting_flags, settings_from_args
from server.retention import service
from server.retention.rules import Leaver, Verdict, judge
from server.storage_settings import open_storage
from sync.storage import Storage

# the database, and where attachments live (the files of those removed go too)
SETTINGS = ("database_url", "base_url", *STORAGE_SETTINGS)


def describe(removal: service.Removal) -> list[str]:
    records = ", ".join(f"{entity} {n}" for entity, n in removal.records.items()) or "none"
    return [
        f"  sync records: {records} (and {removal.tombstones} deleted-item markers)",
        f"  assessment index: {removal.evidence_index} evidence item(s), "
        f"{removal.decisions} decision(s), {removal.qa_items} QA sample item(s)",
        f"  attachments referenced by no one else: {len(removal.attachments)} file(s), "
        f"{removal.attachment_bytes} bytes",
        f"  push subscriptions: {removal.push_subscriptions}",
    ]


def _who(leaver: Leaver) -> str:
    return f"{leaver.name} <{leaver.email}> (user {leaver.user_id}, organisation " \
           f"{leaver.organisation_id})"


async def run_retention(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    storage = await open_storage(settings)
    await db.connect(settings.resolved_database_url)
    try:
        return await report(args, storage, system_clock())
    finally:
        await db.disconnect()
        await storage.close()


async def report(args: argparse.Namespace, storage: Storage, now: datetime) -> int:
    """Print the plan (and with --apply carry it out); 1 when --person was refused."""
    today = now.date()
    found = await service.leavers(args.organisation, args.person)
    if args.person and not found:
        print(f"carefolio: refused: no member with the email {args.person!r}", file=sys.stderr)
        return 1
    verdicts: list[tuple[Leaver, Verdict]] = [(lv, judge(lv, today)) for lv in found]
    due = [(lv, v) for lv, v in verdicts if v.removable]
    kept = [(lv, v) for lv, v in verdicts if not v.removable]
    if not args.apply:
        print("Dry run: nothing is removed. Run again with --apply to remove what is "
              'listed under "Would remove".')
    for lv, verdict in due:
        print(f"{'Removed' if args.apply else 'Would remove'}: {_who(lv)}: {verdict.reason}")
        if args.apply:
            removal = await service.remove(lv.user_id, storage, today, now)
        else:
            removal = await service.plan(lv.user_id)
        print("\n".join(describe(removal)))
    for lv, verdict in kept:
        print(f"Kept: {_who(lv)}: {verdict.reason}")
    if not verdicts:
        print("Nobody has left: nothing to remove.")
    if args.person and kept:
        print(f"carefolio: refused: {kept[0][1].reason}", file=sys.stderr)
        return 1
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "retention",
        help="Remove the evidence of people who left once the retention period has passed "
        "(a dry run unless --apply).",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--apply", action="store_true",
                        help="Remove what the dry run lists (audited); without it nothing "
                        "is removed.")
    mode.add_argument("--dry-run", action="store_true",
                        help="Only say what would be removed (the default).")
    parser.add_argument("--person", metavar="EMAIL",
                        help="Only this person; refused (exit 1) if they have not left, "
                        "have an open enrolment or are within the retention period.")
    parser.add_argument("--organisation", type=int, metavar="ID",
                        help="Only the leavers of this organisation.")
    add_setting_flags(parser, SETTINGS)
    parser.set_defaults(run=run_retention)
