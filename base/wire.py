"""JSON bytes -> msgspec structs, every failure a precise refusal: not UTF-8, not JSON, a NUL
character, nested too deeply, or not the expected type (with the path of the field). Reading
the bytes off a request is the web layer's (`server/wire.py`)."""

from __future__ import annotations

from typing import TypeVar

import msgspec

from base.errors import Invalid, Malformed

T = TypeVar("T")


def decode_json(raw: bytes, type_: type[T]) -> T:
    if not raw.strip():
        raise Malformed("empty_body", "The request body is empty; JSON was expected.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Malformed(
            "invalid_utf8", f"The request body is not valid UTF-8 (byte {exc.start})."
        ) from exc
    if "\x00" in text or "\\u0000" in text:
        raise Malformed("nul_character", "Text may not contain the NUL character.")
    try:
        return msgspec.json.decode(raw, type=type_)
    except msgspec.ValidationError as exc:
        _ensure_well_formed(raw)
        raise Invalid("validation_error", str(exc)) from exc
    except msgspec.DecodeError as exc:
        raise Malformed("invalid_json", f"The request body is not valid JSON: {exc}") from exc
    except RecursionError as exc:
        raise _too_deep() from exc


def _ensure_well_formed(raw: bytes) -> None:
    """A type error can be found before a syntax error further on; report the syntax first."""
    try:
        msgspec.json.decode(raw)
    except msgspec.DecodeError as exc:
        raise Malformed("invalid_json", f"The request body is not valid JSON: {exc}") from exc
    except RecursionError as exc:
        raise _too_deep() from exc


def _too_deep() -> Invalid:
    """msgspec decodes nested arrays and objects recursively: past Python's recursion limit
    (about 1,000 levels) it gives up. No request of this API nests more than a few levels."""
    return Invalid("too_deeply_nested",
                   "The request body nests arrays or objects too deeply to be read.")
