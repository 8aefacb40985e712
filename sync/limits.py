"""Limits on the values inside a push, checked before anything runs (a clear 4xx, nothing
applied in part). Field-specific limits (a title's length) are the merge core's: they
reject one mutation; these protect the server from a request as a whole."""

from __future__ import annotations

from base.errors import Invalid, TooLarge
from sync.messages import Create, PushRequest, Update

MAX_STRING_CHARS = 100_000
MAX_DEPTH = 8


def check_strings(request: PushRequest) -> None:
    for i, m in enumerate(request.mutations):
        match m:
            case Create():
                _check(m.fields, f"$.mutations[{i}].fields")
            case Update():
                _check(m.set, f"$.mutations[{i}].set")
                _check(m.add, f"$.mutations[{i}].add")
                _check(m.remove, f"$.mutations[{i}].remove")


def _check(value: object, path: str) -> None:
    """A quick walk without paths; only a value over a limit is walked again, with paths,
    for the message."""
    if not _fits(value, 0):
        _walk(value, path, 0)


def _fits(value: object, depth: int) -> bool:
    """What `_walk` checks, as a yes or no."""
    if depth > MAX_DEPTH:
        return False
    if isinstance(value, str):
        return len(value) <= MAX_STRING_CHARS
    if isinstance(value, dict):
        return all(_fits(item, depth + 1) for item in value.values())
    if isinstance(value, list):
        return all(_fits(item, depth + 1) for item in value)
    return True


def _walk(value: object, path: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise Invalid("too_deeply_nested", f"Values nest deeper than {MAX_DEPTH} at {path}.")
    if isinstance(value, str):
        if len(value) > MAX_STRING_CHARS:
            raise TooLarge("string_too_long",
                           f"A text is longer than {MAX_STRING_CHARS} characters at {path}.")
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(item, f"{path}.{key}", depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, f"{path}[{index}]", depth + 1)
