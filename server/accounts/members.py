"""Members leaving and coming back, and reset links by e-mail.

Deactivating a person ends every session they have at once (their next request is 401
`session_revoked`, and the app then clears that person's data from the phone); their
evidence, assessments and audit entries stay with the organisation, and their enrolments are
left as they are so the assessor's records keep their context. Reactivating lets them sign in
again (with a reset link if they forgot their password)."""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from base.principal import Principal
from server.accounts import links, sessions
from server.accounts.messages import Deactivated
from server.audit import log as audit
from server.errors import ApiError
from server.mail import compose, outbox
from server.mail.outbox import MailInfo
from server.models import Membership, Organisation, Role, User


async def _member(admin: Principal, user_id: int) -> User:
    organisation_id = admin.organisation()
    if not await Membership.exists(user_id=user_id, organisation_id=organisation_id):
        raise ApiError(404, "member_not_found", "No such member in your organisation.")
    return await User.get(id=user_id)


async def deactivate(admin: Principal, user_id: int, now: datetime) -> Deactivated:
    user = await _member(admin, user_id)
    organisation_id = admin.organisation()
    if user_id == admin.user_id:
        raise ApiError(409, "cannot_deactivate_self",
                       "You cannot deactivate yourself; ask another administrator.")
    async with in_transaction():
        if await Membership.exists(user_id=user_id, organisation_id=organisation_id,
                                   role=Role.ADMINISTRATOR):
            others = await Membership.filter(
                organisation_id=organisation_id, role=Role.ADMINISTRATOR,
                user__disabled=False,
            ).exclude(user_id=user_id).count()
            if others == 0:
                raise ApiError(409, "last_administrator",
                               "An organisation keeps at least one active administrator.")
        changed = await User.filter(id=user_id, disabled=False).update(disabled=True)
        if not changed:
            raise ApiError(409, "already_deactivated", "This person is already deactivated.")
        ended = await sessions.revoke_all(user_id, now)
        await audit.record(
            "user.deactivated", organisation_id=organisation_id, actor_id=admin.user_id,
            subject_type="user", subject_id=user_id, now=now, sessions_ended=ended,
        )
    return Deactivated(user_id=user.id, sessions_ended=ended)


async def reactivate(admin: Principal, user_id: int, now: datetime) -> None:
    await _member(admin, user_id)
    async with in_transaction():
        changed = await User.filter(id=user_id, disabled=True).update(disabled=False)
        if not changed:
            raise ApiError(409, "not_deactivated", "This person is not deactivated.")
        await audit.record(
            "user.reactivated", organisation_id=admin.organisation(), actor_id=admin.user_id,
            subject_type="user", subject_id=user_id, now=now,
        )


async def reset_link(
    admin: Principal, user_id: int, base_url: str, now: datetime
) -> tuple[str, str, datetime]:
    """A reset link to hand over (print, read out): for someone who cannot get e-mail."""
    user = await _member(admin, user_id)
    if user.disabled:
        raise ApiError(409, "member_deactivated", "Reactivate this person first.")
    async with in_transaction():
        token, expires = await links.issue(links.RESET, now, email=user.email)
        await audit.record(
            "reset_link.issued", organisation_id=admin.organisation(), actor_id=admin.user_id,
            subject_type="user", subject_id=user_id, now=now, emailed=False,
        )
    return links.url_for(base_url, links.RESET, token), token, expires


async def reset_mail(admin: Principal, user_id: int, base_url: str, mail_on: bool,
                     now: datetime) -> MailInfo:
    """E-mail a reset link (queued in the outbox with the link, in one transaction); refused
    when the server sends no mail."""
    if not mail_on:
        raise ApiError(409, "mail_not_configured",
                       "E-mail is not set up on this server; print a reset link instead.")
    user = await _member(admin, user_id)
    if user.disabled:
        raise ApiError(409, "member_deactivated", "Reactivate this person first.")
    org = await Organisation.get(id=admin.organisation())
    async with in_transaction():
        token, expires = await links.issue(links.RESET, now, email=user.email)
        url = links.url_for(base_url, links.RESET, token)
        message = await outbox.enqueue(compose.reset(user.email, org.name, url, expires),
                                       org.id, now)
        await audit.record(
            "reset_link.issued", organisation_id=org.id, actor_id=admin.user_id,
            subject_type="user", subject_id=user_id, now=now, emailed=True,
        )
    outbox.wake()
    return outbox.info(message)
