"""Request bodies read within their limit and decoded into msgspec structs (the decoding and
its precise refusals: `base/wire.py`), answers encoded as JSON."""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from base.wire import decode_json
from server.context import context_of
from server.errors import ApiError

T = TypeVar("T")



async def read_body(request: Request, limit: int | None = None) -> bytes:
    max_bytes = limit or context_of(request).settings.max_body_bytes
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
