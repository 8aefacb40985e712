"""`carefolio attachments to-bucket`: copy an installation's attachments from the data
directory into the bucket the S3 settings name, checking every file's SHA-256 on the way
out (the file against its name) and on the way in (the object read back).
`carefolio attachments check`: every attachment the database records, read back from the
configured backend and checked (the restore drill's proof).

Resumable and idempotent: a file whose object is already in the bucket at its size is
skipped, so an interrupted run is simply run again, and a second run copies nothing. A file
whose bytes do not match its name is reported and left alone (exit status 1). Uploads in
progress (`attachments/partial/`) are not copied: the phones still hold those files and
upload them again. `--dry-run` says what would be copied and copies nothing."""

from __future__ import annotations

import argparse
import hashlib
from collections.abc import Iterator
from pathlib import Path

import msgspec

from server.cli.flags import add_setting_flags, settings_from_args
from server.settings import Settings
from server.storage_settings import open_storage, probe
from sync.storage.base import Storage, read_all
from sync.storage.local import Files
from sync.storage.s3 import S3Files

HEX = frozenset("0123456789abcdef")


class Report(msgspec.Struct):
    copied: int = 0
    copied_bytes: int = 0
    already: int = 0
    damaged: list[str] = msgspec.field(default_factory=list)
    dry_run: bool = False


def local_files(files: Files) -> Iterator[tuple[str, Path]]:
    """(sha256, path) of every verified file in the directory, in digest order."""
    if not files.root.is_dir():
        return
    for folder in sorted(files.root.iterdir()):
        if len(folder.name) != 2 or not set(folder.name) <= HEX or not folder.is_dir():
            continue  # partial/, locks/
        for path in sorted(folder.iterdir()):
            sha = folder.name + path.name
            if len(sha) == 64 and set(sha) <= HEX and path.is_file():
                yield sha, path


async def to_bucket(source: Files, target: S3Files, *, dry_run: bool = False) -> Report:
    report = Report(dry_run=dry_run)
    for sha, path in local_files(source):
        size = path.stat().st_size
        if await target.size(sha) == size:
            report.already += 1
            continue
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != sha:
            report.damaged.append(sha)
            continue
        if not dry_run:
            await target.place(sha, data)
            back = await read_all(target, sha)
            if back is None or hashlib.sha256(back).hexdigest() != sha:
                raise ValueError(f"the bucket returned other bytes for {sha} than were sent; "
                                 "nothing was deleted, run again")
        report.copied += 1
        report.copied_bytes += size
    return report


def describe(report: Report) -> str:
    verb = "would copy" if report.dry_run else "copied"
    lines = [f"{verb} {report.copied} files ({report.copied_bytes} bytes); "
             f"{report.already} already in the bucket"]
    for sha in report.damaged:
        lines.append(f"damaged (bytes do not match the name), left alone: {sha}")
    return "\n".join(lines)


async def run(settings: Settings, dry_run: bool) -> int:

    if not settings.s3_bucket:
        raise ValueError("name the bucket to copy into: CAREFOLIO_S3_BUCKET (or --s3-bucket), "
                         "with the endpoint and keys `carefolio serve` will use")
    target = await open_storage(settings)
    assert isinstance(target, S3Files)
    try:
        reason = await probe(target)
        if reason:
            raise ValueError(f"cannot copy: {reason}")
        report = await to_bucket(Files(settings.data_dir), target, dry_run=dry_run)
    finally:
        await target.close()
    print(describe(report))
    return 1 if report.damaged else 0


async def run_to_bucket(args: argparse.Namespace) -> int:

    return await run(settings_from_args(args), args.dry_run)


STORAGE_SETTINGS = ("data_dir", "s3_bucket", "s3_endpoint_url", "s3_region", "s3_access_key",
                    "s3_secret_key", "s3_prefix")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:

    group = subparsers.add_parser("attachments", help="Move attachments between backends.")
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    move = actions.add_parser(
        "to-bucket", help="Copy the data directory's attachments into the S3 bucket "
        "(resumable; every digest checked).")
    move.add_argument("--dry-run", action="store_true",
                      help="Say what would be copied; copy nothing.")
    add_setting_flags(move, STORAGE_SETTINGS)
    move.set_defaults(run=run_to_bucket)

    check = actions.add_parser(
        "check", help="Read back every attachment the database records and check its "
        "SHA-256 (exit 1 if any is missing or damaged).")
    add_setting_flags(check, (*STORAGE_SETTINGS, "database_url"))
    check.set_defaults(run=run_check)


class Checked(msgspec.Struct):
    intact: int = 0
    missing: list[str] = msgspec.field(default_factory=list)
    damaged: list[str] = msgspec.field(default_factory=list)


async def check_all(storage: Storage) -> Checked:
    """Every attachment the database records as complete, read back from the backend:
    there, at its size, with its SHA-256 (the last step of the restore drill)."""
    from sync.models import Attachment

    checked = Checked()
    async for row in Attachment.filter(complete=True).order_by("sha256"):
        if await storage.size(row.sha256) != row.size:
            checked.missing.append(row.sha256)
            continue
        digest = hashlib.sha256()
        if row.size:
            async for block in storage.read(row.sha256, 0, row.size - 1):
                digest.update(block)
        if digest.hexdigest() == row.sha256:
            checked.intact += 1
        else:
            checked.damaged.append(row.sha256)
    return checked


async def run_check(args: argparse.Namespace) -> int:
    from server import db

    settings = settings_from_args(args)
    storage = await open_storage(settings)
    await db.connect(settings.resolved_database_url)
    try:
        checked = await check_all(storage)
    finally:
        await db.disconnect()
        await storage.close()
    print(f"{checked.intact} attachments intact in the {storage.name} storage; "
          f"{len(checked.missing)} missing; {len(checked.damaged)} damaged")
    for sha in checked.missing:
        print(f"missing: {sha}")
    for sha in checked.damaged:
        print(f"damaged (bytes do not match the name): {sha}")
    return 1 if checked.missing or checked.damaged else 0
