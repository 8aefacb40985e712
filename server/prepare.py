"""What runs once before any server process starts: migrations, then the preparation hooks
(bundled standards, demo data, the first-administrator link). Each hook is idempotent."""

from __future__ import annotations

import importlib
from typing import Any

from server import db
from server.settings import Settings

# `async def hook(settings: Settings) -> None`, run in this order with the database open.
PREPARE_HOOKS: list[str] = [
    "standards.library:ensure_bundled_standards",
    "server.push.vapid:ensure_keys",
    "server.demo:load_demo_if_asked",
    "server.setup:announce_setup_link",
]


def _load(dotted: str) -> Any:
    module, _, attr = dotted.partition(":")
    return getattr(importlib.import_module(module), attr)


async def prepare(settings: Settings) -> None:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    url = settings.resolved_database_url
    await db.migrate(url)
    await db.connect(url)
    try:
        for hook in PREPARE_HOOKS:
            await _load(hook)(settings)
    finally:
        await db.disconnect()
