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
                _walk(m.fields, f"$.mutations[{i}].fields", 0)
            case Update():
                _walk(m.set, f"$.mutations[{i}].set", 0)
                _walk(m.add, f"$.mutations[{i}].add", 0)
                _walk(m.remove, f"$.mutations[{i}].remove", 0)


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
