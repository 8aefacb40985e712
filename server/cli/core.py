"""Core subcommands: serve, migrate, reset-link."""

from __future__ import annotations

import argparse
import sys

from base.clock import system_clock
from server import db
from server.cli.flags import add_setting_flags, export_settings, settings_from_args
from server.prepare import prepare

SERVE_SETTINGS = (
    "host", "port", "data_dir", "database_url", "base_url", "workers", "max_body_bytes",
    "session_idle_days", "secure_cookies", "demo", "log_level", "metrics_token",
    "reminder_interval", "pull_concurrency", "s3_bucket", "s3_endpoint_url", "s3_region",
    "s3_access_key", "s3_secret_key", "s3_prefix",
)
DB_SETTINGS = ("data_dir", "database_url", "base_url")


def run_serve(args: argparse.Namespace) -> int:
    import asyncio

    import uvicorn

    settings = settings_from_args(args)
    asyncio.run(prepare(settings))
    export_settings(settings)
    print(f"Carefolio on {settings.public_url}", file=sys.stderr, flush=True)
    uvicorn.run(
        "server.asgi:create", factory=True, host=settings.host, port=settings.port,
        workers=settings.workers, log_level=settings.log_level, access_log=False,
        proxy_headers=True,
    )
    return 0


async def run_migrate(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    await db.migrate(settings.resolved_database_url)
    print("migrations applied", file=sys.stderr)
    return 0


async def run_reset_link(args: argparse.Namespace) -> int:
    from server.accounts import links
    from server.models import User

    settings = settings_from_args(args)
    await db.connect(settings.resolved_database_url)
    try:
        user = await User.filter(email=args.email.strip().lower()).first()
        if user is None:
            raise ValueError(f"no account with the email {args.email!r}")
        token, expires = await links.issue(links.RESET, system_clock(), email=user.email)
        print(links.url_for(settings.public_url, links.RESET, token))
        print(f"valid until {expires:%Y-%m-%d %H:%M} UTC, once", file=sys.stderr)
    finally:
        await db.disconnect()
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = subparsers.add_parser("serve", help="Run the web app and sync service.")
    add_setting_flags(serve, SERVE_SETTINGS)
    serve.set_defaults(run=run_serve)

    migrate = subparsers.add_parser("migrate", help="Apply pending database migrations.")
    add_setting_flags(migrate, DB_SETTINGS)
    migrate.set_defaults(run=run_migrate)

    reset = subparsers.add_parser(
        "reset-link", help="Print a one-time password-reset link for an account."
    )
    reset.add_argument("email")
    add_setting_flags(reset, DB_SETTINGS)
    reset.set_defaults(run=run_reset_link)
