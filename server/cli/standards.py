"""`carefolio standards ...`: parse, import, list, show, diff and mark NOS documents.

`parse` never touches the database. The others open it with the same settings as
`carefolio migrate` (--data-dir, --database-url) and act on the shared library.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import msgspec

from base.errors import DomainError
from standards import catalogue
from standards.parse import ParseError
from standards.parsed import ParsedStandard
from standards.reader import read_path

DB_SETTINGS = ("data_dir", "database_url", "base_url")


def run_parse(args: argparse.Namespace) -> int:
    try:
        parsed = read_path(Path(args.file), code=args.code, title=args.title)
    except ParseError as error:
        print(f"carefolio: {args.file}: refused: {error}", file=sys.stderr)
        return 1
    if args.json:
        sys.stdout.write(msgspec.json.format(msgspec.json.encode(parsed)).decode() + "\n")
        return 0
    if parsed.framework == "unit":
        unit = parsed.unit
        print(
            f"{parsed.code} {parsed.title}: a qualification unit, "
            f"{len(parsed.criteria('assessment'))} assessment criteria in "
            f"{len(parsed.sections)} learning outcomes, {len(parsed.nos_links)} NOS mappings"
            + (f" (level {unit.level}, credit {unit.credit})" if unit and unit.level else "")
        )
    else:
        print(
            _summary(
                parsed.code,
                parsed.title,
                parsed.criteria("performance"),
                parsed.criteria("knowledge"),
            )
            + (" (a Welsh record)" if parsed.language == "cy" else "")
        )
        print(_catalogue_line(parsed.code))
    for line in _doubt_lines(parsed):
        print(line)
    return 0


def _catalogue_line(code: str | None) -> str:
    entry = catalogue.lookup(code) if code else None
    if entry is None:
        return f"catalogue: {code or 'no code'} is not in the 2019 catalogue"
    suites = "; ".join(entry.suites) or "no suite"
    return f"catalogue: {entry.code} {entry.title} ({suites}; {entry.validity or 'no validity'})"


def _doubt_lines(parsed: ParsedStandard) -> list[str]:
    """The doubts, each with the text as read, so it can be checked against the document."""
    if not parsed.doubts:
        return ["doubts: none"]
    texts = {c.ref: c.text for c in parsed.criteria()}
    keys = list(dict.fromkeys(d.key for d in parsed.doubts))
    lines = [f"doubts: {len(keys)} to check before importing (confirm with --confirm KEY,...)"]
    for doubt in parsed.doubts:
        lines.append(f"  {doubt.key} [{doubt.reason}] {doubt.message}")
        if doubt.key in texts:
            lines.append(f"      read as: {texts[doubt.key]}")
    return lines


def _summary(code: Any, title: Any, performance: list[Any], knowledge: list[Any]) -> str:
    counts = f"{len(performance)} performance criteria, {len(knowledge)} knowledge statements"
    return f"{code} {title}: {counts}"


def _confirm(args: argparse.Namespace) -> list[str]:
    return [key.strip() for value in args.confirm or [] for key in value.split(",") if key.strip()]


async def _with_database(args: argparse.Namespace, work: Any) -> int:
    from server import db
    from server.cli.flags import settings_from_args

    settings = settings_from_args(args)
    await db.connect(settings.resolved_database_url)
    try:
        return int(await work())
    finally:
        await db.disconnect()


async def run_import(args: argparse.Namespace) -> int:
    from standards import library

    async def work() -> int:
        failed = 0
        for file in args.files:
            try:
                parsed = read_path(Path(file), code=args.code, title=args.title)
                result = await library.import_standard(
                    parsed, source_name=Path(file).name, confirm=_confirm(args)
                )
            except ParseError as error:
                print(f"{file}: refused: {error}", file=sys.stderr)
                failed += 1
                continue
            except DomainError as error:
                print(f"{file}: refused: {error.code}: {error.message}", file=sys.stderr)
                if error.code == "uncertain_layout":
                    for line in _doubt_lines(parsed)[1:]:
                        print(line, file=sys.stderr)
                failed += 1
                continue
            what = (
                f"version {result.version}"
                if result.created
                else f"unchanged (version {result.version})"
            )
            counts = (
                f"{result.assessment} assessment criteria"
                if result.framework == "unit"
                else f"{result.performance} P, {result.knowledge} K"
            )
            if result.language != "en":
                what = f"{result.language} text of version {result.version}" + (
                    "" if result.created else " (unchanged)"
                )
            print(f"{result.code} {what}: {counts}, {result.title}")
        return 1 if failed else 0

    return await _with_database(args, work)


async def run_list(args: argparse.Namespace) -> int:
    from standards import library

    async def work() -> int:
        for info in await library.list_standards(library.Scope(everything=True)):
            versions = ", ".join(f"v{v.number} {v.status}" for v in info.versions)
            print(f"{info.code}\t{info.title}\t{versions}")
        return 0

    return await _with_database(args, work)


async def run_show(args: argparse.Namespace) -> int:
    from standards import library

    async def work() -> int:
        try:
            info, number, document = await library.show(
                library.Scope(everything=True), args.code.upper(), args.version
            )
        except DomainError as error:
            print(f"carefolio: {error.message}", file=sys.stderr)
            return 1
        if args.json:
            sys.stdout.write(msgspec.json.format(msgspec.json.encode(document)).decode() + "\n")
            return 0
        print(f"{info.code} version {number}: {info.title}")
        for section in document.sections:
            print(f"\n{section.title}")
            for criterion in section.criteria:
                print(f"  {criterion.ref} {criterion.text}")
        return 0

    return await _with_database(args, work)


async def run_diff(args: argparse.Namespace) -> int:
    from standards import library

    async def work() -> int:
        try:
            old, new, changes = await library.diff(
                library.Scope(everything=True), args.code.upper(), args.old, args.new
            )
        except DomainError as error:
            print(f"carefolio: {error.message}", file=sys.stderr)
            return 1
        print(f"{args.code.upper()}: version {old} -> {new}")
        for c in changes.added:
            print(f"+ {c.ref} {c.text}")
        for c in changes.removed:
            print(f"- {c.ref} {c.text}")
        for change in changes.reworded:
            print(
                f"~ {change.old_ref}->{change.new_ref}\n"
                f"    was: {change.old_text}\n    now: {change.new_text}"
            )
        for change in changes.renumbered:
            print(f"# {change.old_ref}->{change.new_ref} {change.new_text}")
        if changes.unchanged:
            print("no changes to the criteria")
        return 0

    return await _with_database(args, work)


async def run_mark(args: argparse.Namespace) -> int:
    from standards import library

    async def work() -> int:
        try:
            await library.mark(
                library.Scope(everything=True), args.code.upper(), args.version, args.status
            )
        except DomainError as error:
            print(f"carefolio: {error.message}", file=sys.stderr)
            return 1
        print(f"{args.code.upper()} version {args.version} is now {args.status}")
        return 0

    return await _with_database(args, work)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from server.cli.flags import add_setting_flags

    group = subparsers.add_parser("standards", help="The NOS standards library.")
    commands = group.add_subparsers(dest="standards_command", required=True, metavar="ACTION")

    parse = commands.add_parser("parse", help="Parse a NOS file and print it (no database).")
    parse.add_argument("file")
    parse.add_argument("--json", action="store_true", help="print the parsed standard as JSON")
    parse.add_argument("--code", help="the NOS code, if the document does not state it")
    parse.add_argument("--title", help="the title, if the document does not state it")
    parse.set_defaults(run=run_parse)

    importing = commands.add_parser("import", help="Import NOS files into the shared library.")
    importing.add_argument("files", nargs="+", metavar="FILE")
    importing.add_argument("--code", help="the NOS code, if the document does not state it")
    importing.add_argument("--title", help="the title, if the document does not state it")
    importing.add_argument(
        "--confirm",
        action="append",
        metavar="KEY,...",
        help="doubts checked against the document (P3, title, counts, or all); "
        "an import with unconfirmed doubts is refused",
    )
    importing.set_defaults(run=run_import)

    listing = commands.add_parser("list", help="List the standards and their versions.")
    listing.set_defaults(run=run_list)

    show = commands.add_parser("show", help="Print one standard's criteria.")
    show.add_argument("code")
    show.add_argument("--version", type=int, help="a version number (default: current)")
    show.add_argument("--json", action="store_true")
    show.set_defaults(run=run_show)

    diff = commands.add_parser("diff", help="Criteria added, removed, reworded between versions.")
    diff.add_argument("code")
    diff.add_argument("--old", type=int, help="the older version (default: the one before --new)")
    diff.add_argument("--new", type=int, help="the newer version (default: the latest)")
    diff.set_defaults(run=run_diff)

    mark = commands.add_parser("mark", help="Mark a version current or legacy.")
    mark.add_argument("code")
    mark.add_argument("version", type=int)
    mark.add_argument("status", choices=["current", "legacy"])
    mark.set_defaults(run=run_mark)

    for command in (importing, listing, show, diff, mark):
        add_setting_flags(command, DB_SETTINGS)
