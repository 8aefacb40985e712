"""What the domain refuses, without HTTP: each error names a stable `code` (clients switch on
it), a `message` for people and an optional `detail` a screen needs. The kind of refusal is the
class; `server/errors.py` alone turns a kind into an HTTP status (`STATUS`), so `sync/` and
`standards/` never speak HTTP.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A request the domain refuses. Raise one of the kinds below, not this."""

    def __init__(
        self, code: str, message: str, *, detail: dict[str, Any] | None = None,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.detail = detail
        self.retry_after = retry_after  # seconds, for a refusal that passes (Busy)


class Malformed(DomainError):
    """The request is not well formed (a digest that is no digest, a range out of order)."""


class NotAllowed(DomainError):
    """The caller may not do this."""


class NotFound(DomainError):
    """Nothing of that name among what the caller can see."""


class Conflict(DomainError):
    """The request disagrees with the state it meets (resume at another byte)."""


class TooLarge(DomainError):
    """Past a size limit (a batch, a text, a file)."""


class Invalid(DomainError):
    """Well formed, but the domain refuses its content."""


class Busy(DomainError):
    """Not now: try again after `retry_after` seconds."""
