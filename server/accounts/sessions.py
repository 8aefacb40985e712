"""Signed-in devices: create on sign-in, list, revoke."""

from __future__ import annotations

import secrets
from datetime import datetime

from server.accounts.messages import SessionInfo
from server.errors import ApiError
from server.models import DeviceSession
from server.tokens import new_token, token_hash


async def _usable_device_id(user_id: int, requested: str | None) -> str:
    """The requested device id when it is new or already this person's; else a fresh one.

    Reusing a phone's id across sign-ins keeps its mutation counter: nothing waiting in its
    outbox is renumbered, so a push whose answer was lost can never apply twice."""
    if requested and not await DeviceSession.filter(device_id=requested).exclude(
        user_id=user_id
    ).exists():
        return requested
    return f"dev-{secrets.token_hex(8)}"


async def open_session(
    user_id: int, device_id: str | None, label: str, now: datetime
) -> tuple[str, DeviceSession]:
    token = new_token()
    session = await DeviceSession.create(
        user_id=user_id,
        token_hash=token_hash(token),
        device_id=await _usable_device_id(user_id, device_id),
        device_label=label[:200],
        created_at=now,
        last_seen_at=now,
    )
    return token, session


async def list_sessions(user_id: int, current_session_id: int) -> list[SessionInfo]:
    rows = await DeviceSession.filter(user_id=user_id, revoked_at=None).order_by("-last_seen_at")
    return [
        SessionInfo(
            id=row.id,
            device_id=row.device_id,
            device_label=row.device_label,
            created_at=row.created_at.isoformat(),
            last_seen_at=row.last_seen_at.isoformat(),
            current=row.id == current_session_id,
        )
        for row in rows
    ]


async def revoke(user_id: int, session_id: int, now: datetime) -> None:
    changed = await DeviceSession.filter(id=session_id, user_id=user_id, revoked_at=None).update(
        revoked_at=now
    )
    if changed == 0:
        raise ApiError(404, "session_not_found", "No such signed-in device.")


async def revoke_all(user_id: int, now: datetime, keep: int | None = None) -> int:
    query = DeviceSession.filter(user_id=user_id, revoked_at=None)
    if keep is not None:
        query = query.exclude(id=keep)
    return await query.update(revoked_at=now)
