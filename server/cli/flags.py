"""The setting flags of the subcommands (from `server/settings.py` SPECS, one table), and the
resolved settings handed to server processes."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

from server.settings import SPECS, Settings, from_environment


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
