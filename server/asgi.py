"""ASGI entry point for uvicorn and other servers: settings come from CAREFOLIO_* variables.

    uvicorn --factory server.asgi:create
"""

from starlette.applications import Starlette

from server import logging_json
from server.app import create_app
from server.settings import from_environment


def create() -> Starlette:
    settings = from_environment()
    logging_json.configure(settings.log_level)
    return create_app(settings)
