"""Decoding request bodies into msgspec structs, encoding answers.

Every decode failure is a precise 4xx: the body is too large, not UTF-8, not JSON,
holds a NUL character, nests too deeply, or does not match the expected type (with the path
of the field).
"""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from server.errors import ApiError

T = TypeVar("T")

DEFAULT_LIMIT = 1_048_576


async def read_body(request: Request, limit: int | None = None) -> bytes:
    max_bytes = limit or getattr(request.app.state, "max_body_bytes", DEFAULT_LIMIT)
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise ApiError(400, "bad_content_length", "Content-Length must be a whole number.")
        if int(declared) > max_bytes:
            raise _too_large(max_bytes)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int) -> ApiError:
    return ApiError(413, "body_too_large", f"The request body is larger than {limit} bytes.")


def decode_json(raw: bytes, type_: type[T]) -> T:
    if not raw.strip():
        raise ApiError(400, "empty_body", "The request body is empty; JSON was expected.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(
            400, "invalid_utf8", f"The request body is not valid UTF-8 (byte {exc.start})."
        ) from exc
    if "\x00" in text or "\\u0000" in text:
        raise ApiError(400, "nul_character", "Text may not contain the NUL character.")
    try:
        return msgspec.json.decode(raw, type=type_)
    except msgspec.ValidationError as exc:
        _ensure_well_formed(raw)
        raise ApiError(422, "validation_error", str(exc)) from exc
    except msgspec.DecodeError as exc:
        raise ApiError(400, "invalid_json", f"The request body is not valid JSON: {exc}") from exc
    except RecursionError as exc:
        raise _too_deep() from exc


def _ensure_well_formed(raw: bytes) -> None:
    """A type error can be found before a syntax error further on; report the syntax first."""
    try:
        msgspec.json.decode(raw)
    except msgspec.DecodeError as exc:
        raise ApiError(400, "invalid_json", f"The request body is not valid JSON: {exc}") from exc
    except RecursionError as exc:
        raise _too_deep() from exc


def _too_deep() -> ApiError:
    """msgspec decodes nested arrays and objects recursively: past Python's recursion limit
    (about 1,000 levels) it gives up. No request of this API nests more than a few levels."""
    return ApiError(422, "too_deeply_nested",
                    "The request body nests arrays or objects too deeply to be read.")


async def decode_body(request: Request, type_: type[T], limit: int | None = None) -> T:
    content_type = request.headers.get("content-type", "application/json")
    if not content_type.split(";")[0].strip().endswith("json"):
        raise ApiError(415, "unsupported_media_type", "Send the body as application/json.")
    return decode_json(await read_body(request, limit), type_)


def json_response(
    payload: Any, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        msgspec.json.encode(payload), status_code=status, headers=headers,
        media_type="application/json",
    )


def query_int(
    request: Request, name: str, *, minimum: int = 1, maximum: int = 2_000_000_000
) -> int | None:
    """An optional whole-number query parameter, or a 422 naming it."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or not minimum <= int(raw) <= maximum:
        raise ApiError(
            422, "invalid_query", f"The query parameter {name!r} must be a whole number "
            f"from {minimum} to {maximum}."
        )
    return int(raw)
