"""The `carefolio` command. Each module of this package adds its subcommands through
`register(subparsers)`; the setting flags they share: `flags.py`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from server.cli import attachments, backup, core, push, retention, standards
from server.version import VERSION

# each adds its subcommands with register(subparsers), in this order in --help
COMMAND_MODULES = (core, standards, backup, push, attachments, retention)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="carefolio", description="Offline-first evidence portfolios for care workers."
    )
    parser.add_argument("--version", action="version", version=f"carefolio {VERSION}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result = args.run(args)
        if asyncio.iscoroutine(result):
            result = asyncio.run(result)
    except ValueError as exc:
        print(f"carefolio: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return int(result or 0)
