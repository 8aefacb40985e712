"""One-time links: first-administrator setup, invitations, password resets."""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from server.errors import ApiError
from server.models import OneTimeLink
from server.tokens import new_token, token_hash

SETUP = "setup"
INVITE = "invite"
RESET = "reset"

LIFETIMES = {SETUP: timedelta(hours=24), INVITE: timedelta(days=14), RESET: timedelta(hours=24)}
PATHS = {SETUP: "/#/setup", INVITE: "/#/invite", RESET: "/#/reset"}


async def issue(purpose: str, now: datetime, **fields: object) -> tuple[str, datetime]:
    token = new_token()
    expires_at = now + LIFETIMES[purpose]
    await OneTimeLink.create(
        purpose=purpose, token_hash=token_hash(token), expires_at=expires_at, **fields
    )
    return token, expires_at


def url_for(base_url: str, purpose: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{PATHS[purpose]}?token={token}"


async def peek(purpose: str, token: str, now: datetime) -> OneTimeLink:
    link = await OneTimeLink.filter(token_hash=token_hash(token), purpose=purpose).first()
    if link is None:
        raise ApiError(404, "link_unknown", "This link is not valid. Ask for a new one.")
    if link.used_at is not None:
        raise ApiError(410, "link_used", "This link was already used. Ask for a new one.")
    if link.expires_at <= now:
        raise ApiError(410, "link_expired", "This link has expired. Ask for a new one.")
    return link


async def consume(purpose: str, token: str, now: datetime) -> OneTimeLink:
    """Mark the link used; exactly one caller wins even if two use it at once."""
    link = await peek(purpose, token, now)
    async with in_transaction():
        claimed = await OneTimeLink.filter(id=link.id, used_at=None).update(used_at=now)
    if claimed != 1:
        raise ApiError(410, "link_used", "This link was already used. Ask for a new one.")
    return link
