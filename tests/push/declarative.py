"""The Declarative Web Push message format (W3C Push API, "declarative push message"; WebKit's
explainer and Safari 18.4), checked strictly: what a browser that shows these messages by
itself would accept, and nothing it would not know."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

TOP = {"web_push", "notification", "app_badge", "mutable"}
DIRECTIONS = {"auto", "ltr", "rtl"}
STRINGS = {"body", "lang", "tag"}
URLS = {"image", "icon", "badge"}
BOOLEANS = {"renotify", "silent", "requireInteraction"}
NOTIFICATION = {"title", "navigate", "dir", "vibrate", "timestamp", "data", "actions",
                *STRINGS, *URLS, *BOOLEANS}


def _absolute(url: Any, origin: str | None) -> str:
    assert isinstance(url, str), url
    parts = urlsplit(url)
    assert parts.scheme in ("https", "http") and parts.netloc, f"not an absolute URL: {url!r}"
    if origin is not None:
        assert f"{parts.scheme}://{parts.netloc}" == origin, f"{url!r} is not on {origin}"
    return url


def check(message: Any, origin: str | None = None) -> dict[str, Any]:
    """Assert `message` is a well-formed declarative push message; return its notification."""
    assert isinstance(message, dict), message
    assert set(message) <= TOP, f"unknown members {set(message) - TOP}"
    assert message.get("web_push") == 8030 and type(message["web_push"]) is int
    if "mutable" in message:
        assert isinstance(message["mutable"], bool)
    if "app_badge" in message:
        assert type(message["app_badge"]) is int and message["app_badge"] >= 0
    note = message.get("notification")
    assert isinstance(note, dict), "notification is required"
    assert set(note) <= NOTIFICATION, f"unknown notification members {set(note) - NOTIFICATION}"
    assert isinstance(note.get("title"), str) and note["title"], "title is required"
    _absolute(note.get("navigate"), origin)
    assert note.get("dir", "auto") in DIRECTIONS
    for name in STRINGS:
        assert isinstance(note.get(name, ""), str), name
    for name in URLS & set(note):
        _absolute(note[name], None)
    for name in BOOLEANS:
        assert isinstance(note.get(name, False), bool), name
    if "timestamp" in note:
        assert type(note["timestamp"]) is int
    for action in note.get("actions", []):
        assert isinstance(action.get("action"), str) and isinstance(action.get("title"), str)
        _absolute(action.get("navigate"), origin)
    return note


def fields(message: Any) -> dict[str, Any]:
    """The notification's text and Carefolio's own data in one flat dict (for assertions)."""
    note = check(message)
    return {"title": note["title"], "body": note.get("body"), "tag": note.get("tag"),
            "navigate": note["navigate"], **(note.get("data") or {})}
