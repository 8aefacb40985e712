"""Config for Tortoise's own migration CLI.

    tortoise -c server.tortoise_settings.TORTOISE_ORM makemigrations core

Uses CAREFOLIO_DATABASE_URL, or a scratch SQLite file (migrations are backend-neutral).
"""

import os

from server.db import tortoise_config

TORTOISE_ORM = tortoise_config(
    os.environ.get("CAREFOLIO_DATABASE_URL", "sqlite:///tmp/carefolio-makemigrations.sqlite3")
)
