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


# Purposes where only a person's newest link works: issuing one retires every earlier one
# for that email, and using one retires them all (a leaked older reset link is dead).
ONE_AT_A_TIME = frozenset({RESET})


async def issue(purpose: str, now: datetime, **fields: object) -> tuple[str, datetime]:
    token = new_token()
    expires_at = now + LIFETIMES[purpose]
    async with in_transaction():
        if purpose in ONE_AT_A_TIME:
            await _retire_all(purpose, str(fields["email"]), now)
        await OneTimeLink.create(
            purpose=purpose, token_hash=token_hash(token), expires_at=expires_at, **fields
        )
    return token, expires_at


async def _retire_all(purpose: str, email: str, now: datetime) -> None:
    """End every live link of this purpose for this email now (they expire: none was used)."""
    await OneTimeLink.filter(
        purpose=purpose, email=email, used_at=None, expires_at__gt=now
    ).update(expires_at=now)


def url_for(base_url: str, purpose: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{PATHS[purpose]}?token={token}"


async def peek(purpose: str, token: str, now: datetime) -> OneTimeLink:
    link = await OneTimeLink.filter(token_hash=token_hash(token), purpose=purpose).first()
    if link is None:
        raise ApiError(404, "link_unknown", "This link is not valid. Ask for a new one.")
    if link.used_at is not None:
        raise ApiError(410, "link_used", "This link was already used. Ask for a new one.")
    if link.expires_at <= now:
        if purpose in ONE_AT_A_TIME and await OneTimeLink.exists(
            purpose=purpose, email=link.email, id__gt=link.id
        ):
            raise ApiError(410, "link_replaced",
                           "A newer link was issued after this one; use the newest link.")
        raise ApiError(410, "link_expired", "This link has expired. Ask for a new one.")
    return link


async def consume(purpose: str, token: str, now: datetime) -> OneTimeLink:
    """Mark the link used; exactly one caller wins even if two use it at once."""
    link = await peek(purpose, token, now)
    async with in_transaction():
        claimed = await OneTimeLink.filter(id=link.id, used_at=None).update(used_at=now)
        if claimed == 1 and purpose in ONE_AT_A_TIME:
            await _retire_all(purpose, str(link.email), now)
    if claimed != 1:
        raise ApiError(410, "link_used", "This link was already used. Ask for a new one.")
    return link
