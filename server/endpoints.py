"""Who may call what. Every route handler carries `@endpoint(allow=...)`; the app refuses
to start with a route that does not (deny by default).

allow=PUBLIC       anyone, no session needed
allow=SIGNED_IN    any signed-in, enabled user
allow=SUPERADMIN   the installation's operator (the first administrator)
allow={Role...}    a signed-in user holding one of these roles in their organisation

A session is an opaque bearer token: the PWA keeps it in an HttpOnly SameSite=Strict cookie,
other clients send `Authorization: Bearer`. A cookie-authenticated request with an unsafe
method must also carry the header `X-Carefolio: 1` (a cross-site page cannot add it).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Awaitable, Callable, Iterable
from contextlib import AbstractAsyncContextManager
from datetime import timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from base import sql
from base.principal import Principal, Role
from server.context import context_of
from server.errors import ApiError
from server.models import DeviceSession
from server.tokens import token_hash

PUBLIC = "public"
SIGNED_IN = "signed_in"
SUPERADMIN = "superadmin"
COOKIE_NAME = "carefolio_session"
CSRF_HEADER = "x-carefolio"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LAST_SEEN_GRANULARITY = timedelta(hours=1)

Handler = Callable[[Request], Awaitable[Response]]
Allow = str | Role | Iterable[Role]
Admission = Callable[[Request], AbstractAsyncContextManager[object]]


def _normalise(allow: Allow) -> str | frozenset[str]:
    if isinstance(allow, Role):
        return frozenset({allow.value})
    if isinstance(allow, str):
        if allow not in (PUBLIC, SIGNED_IN, SUPERADMIN):
            raise ValueError(f"unknown access rule {allow!r}")
        return allow
    return frozenset(Role(r).value for r in allow)


def _admit_all(request: Request) -> AbstractAsyncContextManager[object]:
    return contextlib.nullcontext()


def endpoint(
    allow: Allow, *, body: object = None, returns: object = None,
    admission: Admission = _admit_all,
) -> Callable[[Handler], Handler]:
    """Declare who may call a handler, and (for /openapi.json) what it takes and returns.

    `admission` (optional) is entered before anything else, authentication included: a
    request waiting there costs no database work (sync pulls wait for a slot this way)."""
    rule = _normalise(allow)

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def guarded(request: Request) -> Response:
            async with admission(request):
                if rule != PUBLIC:
                    principal = await authenticate(request)
                    _authorise(principal, rule)
                    request.state.principal = principal
                return await handler(request)

        guarded.__access__ = rule  # type: ignore[attr-defined]
        guarded.__body__ = body  # type: ignore[attr-defined]
        guarded.__returns__ = returns  # type: ignore[attr-defined]
        return guarded

    return decorate


def _authorise(principal: Principal, rule: str | frozenset[str]) -> None:
    if rule == SIGNED_IN:
        return
    if rule == SUPERADMIN:
        if not principal.is_superadmin:
            raise ApiError(403, "forbidden", "Only the installation's operator may do this.")
        return
    assert isinstance(rule, frozenset)
    if not (principal.roles & rule):
        needed = ", ".join(sorted(rule))
        raise ApiError(403, "forbidden", f"This needs one of these roles: {needed}.")


def _bearer_token(request: Request) -> tuple[str | None, bool]:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip(), False
    cookie = request.cookies.get(COOKIE_NAME)
    return (cookie, True) if cookie else (None, False)


# One round trip: the session, its person and their memberships (a row per membership).
_SESSION_SQL = (
    "SELECT s.id, s.user_id, s.device_id, s.last_seen_at, s.revoked_at, u.disabled, "
    "u.is_superadmin, m.organisation_id, m.role "
    "FROM device_session s JOIN user_account u ON u.id = s.user_id "
    "LEFT JOIN membership m ON m.user_id = s.user_id "
    "WHERE s.token_hash = ? ORDER BY m.id"
)


async def authenticate(request: Request) -> Principal:
    token, from_cookie = _bearer_token(request)
    if not token:
        raise ApiError(401, "not_signed_in", "Sign in first.")
    unsafe = request.method in UNSAFE_METHODS
    if from_cookie and unsafe and request.headers.get(CSRF_HEADER) != "1":
        raise ApiError(403, "csrf_header_missing", "Send the X-Carefolio: 1 header.")
    context = context_of(request)
    now = context.now()
    rows = await sql.query(sql.default(), _SESSION_SQL, [token_hash(token)])
    idle = timedelta(days=context.settings.session_idle_days)
    if not rows:
        # never issued here, or issued after the backup this database was restored from:
        # nothing says the person signed out, so a client keeps everything it holds
        raise ApiError(401, "session_unknown",
                       "This server does not know this device's session; sign in again.")
    session = rows[0]
    if session["revoked_at"] is not None or session["disabled"]:
        raise ApiError(401, "session_revoked", "This device was signed out; sign in again.")
    last_seen = sql.as_datetime(session["last_seen_at"])
    if last_seen < now - idle:
        raise ApiError(401, "session_expired", "This device's session expired; sign in again.")
    if last_seen < now - LAST_SEEN_GRANULARITY:
        await DeviceSession.filter(id=session["id"]).update(last_seen_at=now)
    return _principal(rows)


def _principal(rows: list[Any]) -> Principal:
    """The caller as the rest of the code sees them: the first organisation they belong
    to and their roles there."""
    first = rows[0]
    memberships = [(r["organisation_id"], r["role"]) for r in rows if r["role"] is not None]
    organisation_id = memberships[0][0] if memberships else None
    return Principal(
        user_id=first["user_id"],
        organisation_id=organisation_id,
        roles=frozenset(str(role) for org, role in memberships if org == organisation_id),
        session_id=first["id"],
        device_id=first["device_id"],
        is_superadmin=bool(first["is_superadmin"]),
    )


def principal_of(request: Request) -> Principal:
    principal = getattr(request.state, "principal", None)
    if not isinstance(principal, Principal):
        raise ApiError(401, "not_signed_in", "Sign in first.")
    return principal


def access_rule(handler: object) -> str | frozenset[str] | None:
    return getattr(handler, "__access__", None)
