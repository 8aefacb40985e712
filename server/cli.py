"""The `carefolio` command. Each area adds its own subcommands through `register(subparsers)`."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import sys
from collections.abc import Sequence

from server.settings import SPECS, Settings, from_environment
from server.version import VERSION

COMMAND_MODULES: list[str] = [
    "server.commands",
    "standards.cli",
    "server.backup_commands",
    "server.push.commands",
    "server.retention.commands",
]


def add_setting_flags(parser: argparse.ArgumentParser, names: Sequence[str]) -> None:
    for spec in SPECS:
        if spec.name not in names:
            continue
        if spec.name in ("demo", "secure_cookies"):
            parser.add_argument(spec.flag, dest=spec.name, action="store_true", default=None,
                                help=f"{spec.help} (env {spec.env})")
        else:
            parser.add_argument(spec.flag, dest=spec.name, default=None,
                                help=f"{spec.help} (env {spec.env})")


def settings_from_args(args: argparse.Namespace) -> Settings:
    overrides = {spec.name: getattr(args, spec.name, None) for spec in SPECS}
    return from_environment(overrides=overrides)


def export_settings(settings: Settings) -> None:
    """Hand the resolved settings to server processes through the environment."""
    for spec in SPECS:
        value = getattr(settings, spec.name)
        os.environ[spec.env] = str(value).lower() if isinstance(value, bool) else str(value)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="carefolio", description="Offline-first evidence portfolios for care workers."
    )
    parser.add_argument("--version", action="version", version=f"carefolio {VERSION}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
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


if __name__ == "__main__":
    raise SystemExit(main())
