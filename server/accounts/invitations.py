"""Invitations: one or many (a CSV, all or nothing), resend, withdraw, list.

Each invitation is a one-time link (links.py, hash only) plus an `Invitation` row naming who
it is for. With e-mail configured (`mail=True`) the letter is queued in the outbox in the
same transaction as the link, and the delivery loop is woken after the commit; without it,
the answer carries the link for the administrator to hand over. Every change is audited."""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from base.principal import Principal
from server.accounts import links, roster
from server.accounts.messages import (
    CsvProblem,
    InvitationInfo,
    NewInvite,
    PeopleImport,
)
from server.accounts.models import Invitation
from server.audit import log as audit
from server.errors import ApiError
from server.mail import compose, outbox
from server.mail.models import MailMessage
from server.models import OneTimeLink, Organisation, User
from server.tokens import token_hash

WAITING, EXPIRED, ACCEPTED, WITHDRAWN = "waiting", "expired", "accepted", "withdrawn"


def _state(row: Invitation, now: datetime) -> str:
    if row.accepted_at is not None:
        return ACCEPTED
    if row.withdrawn_at is not None:
        return WITHDRAWN
    return WAITING if row.expires_at > now else EXPIRED


def _info(row: Invitation, mail: MailMessage | None, now: datetime, url: str = "",
          token: str = "") -> InvitationInfo:
    return InvitationInfo(
        id=row.id, email=row.email, display_name=row.display_name, role=row.role,
        expires_at=row.expires_at.isoformat(), state=_state(row, now),
        mail_state=mail.state if mail else None, mail_error=mail.last_error if mail else "",
        url=url, token=token,
    )


async def _organisation_name(organisation_id: int) -> str:
    org = await Organisation.filter(id=organisation_id).first()
    if org is None:
        raise ApiError(404, "organisation_not_found", "No such organisation.")
    return org.name


async def _issue(
    admin: Principal, organisation_id: int, org_name: str, email: str, name: str, role: str,
    base_url: str, mail: bool, now: datetime,
) -> tuple[Invitation, MailMessage | None, str, str]:
    """Make the link, the invitation row and (with mail) the queued letter. In a transaction."""
    token, expires = await links.issue(
        links.INVITE, now, email=email, organisation_id=organisation_id, role=role,
        created_by_id=admin.user_id,
    )
    link = await OneTimeLink.get(token_hash=token_hash(token))
    url = links.url_for(base_url, links.INVITE, token)
    message = None
    if mail:
        letter = compose.invitation(email, name, org_name, role, url, expires)
        message = await outbox.enqueue(letter, organisation_id, now)
    row = await Invitation.create(
        organisation_id=organisation_id, link_id=link.id, email=email, display_name=name,
        role=role, created_by_id=admin.user_id, created_at=now, expires_at=expires,
        mail_id=message.id if message else None,
    )
    await audit.record(
        "invitation.created", organisation_id=organisation_id, actor_id=admin.user_id,
        subject_type="invitation", subject_id=row.id, now=now, email=email, role=role,
        emailed=mail,
    )
    return row, message, url, token


async def _registered(emails: list[str]) -> set[str]:
    return {str(e) for e in await User.filter(email__in=emails).values_list("email", flat=True)}


async def invite(
    admin: Principal, organisation_id: int, request: NewInvite, base_url: str, mail: bool,
    now: datetime,
) -> InvitationInfo:
    org_name = await _organisation_name(organisation_id)
    email = request.email.strip().lower()
    if await _registered([email]):
        raise ApiError(
            409, "already_registered",
            "Someone with this email already has an account; assign a role to them instead.",
        )
    async with in_transaction():
        row, message, url, token = await _issue(
            admin, organisation_id, org_name, email, request.display_name.strip(),
            request.role, base_url, mail, now,
        )
    if message:
        outbox.wake()
    return _info(row, message, now, url, token)


async def import_csv(
    admin: Principal, text: str, commit: bool, base_url: str, mail: bool, now: datetime
) -> PeopleImport:
    """Check a CSV of people; with `commit`, invite them all or (any problem) nobody."""
    organisation_id = admin.organisation()
    rows, problems = roster.read_people(text)
    registered = await _registered([row.email for row in rows])
    problems += [roster.RowProblem(row.line, f"{row.email} already has an account.")
                 for row in rows if row.email in registered]
    found = [CsvProblem(p.line, p.problem) for p in sorted(problems, key=lambda p: p.line)]
    if not commit or found:
        if commit:
            raise ApiError(
                422, "csv_problems",
                f"Nobody was invited: {len(found)} row(s) of the file need fixing.",
                detail={"problems": [{"line": p.line, "problem": p.problem} for p in found]},
            )
        return PeopleImport(rows=len(rows), problems=found, created=[])
    org_name = await _organisation_name(organisation_id)
    created: list[InvitationInfo] = []
    async with in_transaction():
        for person in rows:
            row, message, url, token = await _issue(
                admin, organisation_id, org_name, person.email, person.name, person.role,
                base_url, mail, now,
            )
            created.append(_info(row, message, now, url, token))
    if mail:
        outbox.wake()
    return PeopleImport(rows=len(rows), problems=[], created=created)


async def listing(admin: Principal, now: datetime) -> list[InvitationInfo]:
    """Invitations not yet accepted or withdrawn, newest first."""
    rows = await Invitation.filter(
        organisation_id=admin.organisation(), accepted_at=None, withdrawn_at=None
    ).order_by("-id")
    mail_ids = [row.mail_id for row in rows if row.mail_id]
    mails = {m.id: m for m in await MailMessage.filter(id__in=mail_ids)} if mail_ids else {}
    return [_info(row, mails.get(row.mail_id or 0), now) for row in rows]


async def _open(admin: Principal, invitation_id: int) -> Invitation:
    row = await Invitation.filter(id=invitation_id, organisation_id=admin.organisation()).first()
    if row is None:
        raise ApiError(404, "invitation_not_found", "No such invitation in your organisation.")
    if row.accepted_at is not None:
        raise ApiError(409, "invitation_accepted", "This invitation was already accepted.")
    if row.withdrawn_at is not None:
        raise ApiError(409, "invitation_withdrawn", "This invitation was withdrawn.")
    return row


async def _retire(row: Invitation, now: datetime) -> None:
    await OneTimeLink.filter(id=row.link_id, used_at=None).update(expires_at=now)
    if row.mail_id:
        await outbox.cancel(row.mail_id)


async def resend(
    admin: Principal, invitation_id: int, base_url: str, mail: bool, now: datetime
) -> InvitationInfo:
    """A new link (and letter) for the same person; the old link stops working."""
    row = await _open(admin, invitation_id)
    if await _registered([row.email]):
        raise ApiError(409, "already_registered", "This person already has an account.")
    org_name = await _organisation_name(row.organisation_id)
    async with in_transaction():
        await _retire(row, now)
        await Invitation.filter(id=row.id).update(withdrawn_at=now)
        new, message, url, token = await _issue(
            admin, row.organisation_id, org_name, row.email, row.display_name, row.role,
            base_url, mail, now,
        )
        await audit.record(
            "invitation.resent", organisation_id=row.organisation_id, actor_id=admin.user_id,
            subject_type="invitation", subject_id=row.id, now=now, replaced_by=new.id,
        )
    if message:
        outbox.wake()
    return _info(new, message, now, url, token)


async def withdraw(admin: Principal, invitation_id: int, now: datetime) -> None:
    row = await _open(admin, invitation_id)
    async with in_transaction():
        await _retire(row, now)
        await Invitation.filter(id=row.id).update(withdrawn_at=now)
        await audit.record(
            "invitation.withdrawn", organisation_id=row.organisation_id,
            actor_id=admin.user_id, subject_type="invitation", subject_id=row.id, now=now,
        )


async def accepted(link_id: int, now: datetime) -> None:
    """Called in the transaction that accepts the link."""
    await Invitation.filter(link_id=link_id).update(accepted_at=now)
