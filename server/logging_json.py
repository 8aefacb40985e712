"""Structured logs: one JSON object per line on stderr, each carrying the request id of the
request it belongs to (a context variable set by server/logging_requests.py).

What may be logged: ids (request, user, session row), route templates, status codes, timings,
error class names. What may not: emails, names, tokens, passwords, request or response
bodies, query strings, raw paths (a path can hold a token). Messages are written with that
in mind; `extra={"fields": {...}}` adds structured fields to a line.
"""

from __future__ import annotations

import logging
import sys
import traceback
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

import msgspec

request_id: ContextVar[str | None] = ContextVar("carefolio_request_id", default=None)

_encode = msgspec.json.Encoder().encode
LOGGERS = ("carefolio", "uvicorn", "uvicorn.error", "tortoise")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        rid = getattr(record, "request_id", None) or request_id.get()
        if rid:
            line["request_id"] = rid
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update(fields)
        if record.exc_info and record.exc_info[0] is not None:
            line["error"] = record.exc_info[0].__name__
            # Frames only: an exception's message can quote a value (a unique email, say).
            line["trace"] = "".join(traceback.format_tb(record.exc_info[2]))
        return _encode(line).decode()


def handler() -> logging.Handler:
    stream = logging.StreamHandler(sys.stderr)
    stream.setFormatter(JsonFormatter())
    return stream


def configure(level: str = "info") -> None:
    """Send every log line of this process through one JSON handler on stderr."""
    root = logging.getLogger()
    root.handlers = [handler()]
    root.setLevel(level.upper())
    for name in LOGGERS:
        logger = logging.getLogger(name)
        logger.handlers = []
        logger.propagate = True
    logging.getLogger("uvicorn.access").disabled = True
