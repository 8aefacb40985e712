"""Downloads with HTTP range requests (media seeking), whichever backend holds the file.

`byte_range` is the pure rule (RFC 9110 §14): one range `bytes=A-B`, `bytes=A-` or
`bytes=-N`; a range past the end is `416` with `Content-Range: bytes */SIZE`; a header this
server does not serve (several ranges, another unit) is ignored and the whole file sent,
as the RFC allows."""

from __future__ import annotations

import re
from typing import Any

from starlette.responses import Response, StreamingResponse

from server.errors import ApiError
from sync.storage.base import Storage

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(start, end) inclusive for a satisfiable single range; None for the whole file."""
    if not header:
        return None
    match = RANGE.match(header.strip())
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":
        length = int(last)
        if length == 0 or size == 0:
            raise _unsatisfiable(size)
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if last and int(last) < start:
        return None  # invalid: ignored, like an unknown unit
    if start >= size:
        raise _unsatisfiable(size)
    return start, end


def _unsatisfiable(size: int) -> ApiError:
    return ApiError(416, "range_not_satisfiable",
                    f"The attachment has {size} bytes; ask for a range inside them.",
                    headers={"Content-Range": f"bytes */{size}"})


def download(storage: Storage, sha: str, size: int, range_header: str | None,
             headers: dict[str, Any]) -> Response:
    wanted = byte_range(range_header, size)
    common = {**headers, "Accept-Ranges": "bytes", "ETag": f'"{sha}"'}
    if size == 0:
        return Response(b"", headers=common, media_type="application/octet-stream")
    start, end = wanted or (0, size - 1)
    common["Content-Length"] = str(end - start + 1)
    if wanted is not None:
        common["Content-Range"] = f"bytes {start}-{end}/{size}"
    return StreamingResponse(storage.read(sha, start, end), status_code=206 if wanted else 200,
                             headers=common, media_type="application/octet-stream")
