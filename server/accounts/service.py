"""Account operations. Routes decode and call one of these; the decisions live here."""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from base.principal import Principal
from server.accounts import invitations, links, sessions, throttle
from server.accounts.messages import (
    AcceptInvite,
    InvitationInfo,
    InviteInfo,
    Me,
    Member,
    NewInvite,
    OrganisationInfo,
    SetupRequest,
    SignInRequest,
)
from server.audit import log as audit
from server.errors import ApiError
from server.models import Membership, OneTimeLink, Organisation, Role, User
from server.passwords import hash_password, password_problem, verify_password


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _check_password(password: str) -> None:
    problem = password_problem(password)
    if problem:
        raise ApiError(422, "weak_password", problem)


async def setup_needed() -> bool:
    return not await User.exists()


async def complete_setup(request: SetupRequest, now: datetime) -> tuple[str, User]:
    _check_password(request.password)
    await links.peek(links.SETUP, request.token, now)
    password_hash = await hash_password(request.password)
    async with in_transaction():
        if await User.exists():
            raise ApiError(409, "setup_done", "Setup is already complete; sign in instead.")
        await links.consume(links.SETUP, request.token, now)
        # the links the other processes printed die with this one
        await OneTimeLink.filter(purpose=links.SETUP, used_at=None).update(used_at=now)
        user = await User.create(
            email=normalise_email(request.email),
            display_name=request.display_name.strip(),
            password_hash=password_hash,
            is_superadmin=True,
        )
        org = await Organisation.create(name=request.organisation_name.strip())
        await Membership.create(user=user, organisation=org, role=Role.ADMINISTRATOR)
        await audit.record(
            "role.assigned", organisation_id=org.id, actor_id=user.id, subject_type="user",
            subject_id=user.id, now=now, role=Role.ADMINISTRATOR.value, via="setup",
        )
    token, _ = await sessions.open_session(user.id, None, "setup", now)
    return token, user


async def sign_in_throttled(
    request: SignInRequest, address: str, now: datetime
) -> tuple[str, User, str]:
    """Sign in, unless this address or account failed too often lately (429 then); a failure
    counts against both, a success clears them (server/accounts/throttle.py)."""
    keyed = throttle.keys(normalise_email(request.email), address)
    wait = await throttle.wait(keyed, now)
    if wait > 0:
        raise ApiError(
            429, "too_many_attempts", "Too many sign-in attempts; wait a little and try again.",
            headers={"Retry-After": str(int(wait) + 1)},
        )
    try:
        signed_in = await sign_in(request, now)
    except ApiError:
        await throttle.failed(keyed, now)
        raise
    await throttle.succeeded(keyed)
    return signed_in


async def sign_in(request: SignInRequest, now: datetime) -> tuple[str, User, str]:
    user = await User.filter(email=normalise_email(request.email)).first()
    ok = await verify_password(user.password_hash if user else None, request.password)
    if user is None or not ok or user.disabled:
        raise ApiError(401, "bad_credentials", "That email and password do not match.")
    token, session = await sessions.open_session(
        user.id, request.device_id, request.device_label, now
    )
    return token, user, session.device_id


async def me(principal: Principal) -> Me:
    user = await User.get(id=principal.user_id)
    org = (
        await Organisation.filter(id=principal.organisation_id).first()
        if principal.organisation_id
        else None
    )
    return Me(
        user_id=user.id,
        email=user.email,
        display_name=user.display_name,
        organisation_id=org.id if org else None,
        organisation_name=org.name if org else None,
        roles=sorted(principal.roles),
        is_superadmin=user.is_superadmin,
        device_id=principal.device_id,
    )


async def change_password(principal: Principal, current: str, new: str, now: datetime) -> None:
    _check_password(new)
    user = await User.get(id=principal.user_id)
    if not await verify_password(user.password_hash, current):
        raise ApiError(403, "bad_credentials", "The current password is not right.")
    user.password_hash = await hash_password(new)
    await user.save(update_fields=["password_hash"])
    await sessions.revoke_all(user.id, now, keep=principal.session_id)


async def issue_reset_link(
    admin: Principal, user_id: int, base_url: str, now: datetime
) -> tuple[str, str, datetime]:
    await _member_of(admin, user_id)
    user = await User.get(id=user_id)
    token, expires = await links.issue(links.RESET, now, email=user.email)
    return links.url_for(base_url, links.RESET, token), token, expires


async def reset_password(token: str, new_password: str, now: datetime) -> None:
    _check_password(new_password)
    await links.peek(links.RESET, token, now)
    password_hash = await hash_password(new_password)
    link = await links.consume(links.RESET, token, now)
    user = await User.filter(email=link.email).first()
    if user is None:
        raise ApiError(404, "link_unknown", "This link is not valid. Ask for a new one.")
    user.password_hash = password_hash
    await user.save(update_fields=["password_hash"])
    await sessions.revoke_all(user.id, now)


async def create_organisation(name: str) -> OrganisationInfo:
    org = await Organisation.create(name=name.strip())
    return OrganisationInfo(org.id, org.name)


async def list_organisations() -> list[OrganisationInfo]:
    return [OrganisationInfo(o.id, o.name) for o in await Organisation.all().order_by("name")]


def _target_organisation(admin: Principal, requested: int | None) -> int:
    if requested is not None and requested != admin.organisation_id:
        if not admin.is_superadmin:
            raise ApiError(403, "forbidden", "You can only invite into your own organisation.")
        return requested
    if admin.organisation_id is None:
        raise ApiError(422, "organisation_required", "Say which organisation to invite into.")
    return admin.organisation_id


async def invite(
    admin: Principal, request: NewInvite, base_url: str, mail: bool, now: datetime
) -> InvitationInfo:
    organisation_id = _target_organisation(admin, request.organisation_id)
    return await invitations.invite(admin, organisation_id, request, base_url, mail, now)


async def describe_invite(token: str, now: datetime) -> InviteInfo:
    link = await links.peek(links.INVITE, token, now)
    org = await Organisation.get(id=link.organisation_id)
    return InviteInfo(link.email, link.role, org.name, link.expires_at.isoformat())


async def accept_invite(request: AcceptInvite, now: datetime) -> tuple[str, User, str]:
    _check_password(request.password)
    await links.peek(links.INVITE, request.token, now)
    password_hash = await hash_password(request.password)
    async with in_transaction():
        link = await links.consume(links.INVITE, request.token, now)
        if await User.exists(email=link.email):
            raise ApiError(409, "already_registered", "This invitation was already accepted.")
        await invitations.accepted(link.id, now)
        user = await User.create(
            email=link.email, display_name=request.display_name.strip(),
            password_hash=password_hash,
        )
        await Membership.create(
            user=user, organisation_id=link.organisation_id, role=Role(link.role)
        )
        await audit.record(
            "role.assigned", organisation_id=link.organisation_id, actor_id=link.created_by_id,
            subject_type="user", subject_id=user.id, now=now, role=link.role, via="invitation",
        )
    token, session = await sessions.open_session(user.id, request.device_id, "invite", now)
    return token, user, session.device_id


async def _member_of(admin: Principal, user_id: int) -> None:
    if not await Membership.exists(user_id=user_id, organisation_id=admin.organisation_id):
        raise ApiError(404, "member_not_found", "No such member in your organisation.")


async def list_members(admin: Principal) -> list[Member]:
    rows = await Membership.filter(organisation_id=admin.organisation_id).select_related("user")
    by_user: dict[int, Member] = {}
    for row in rows:
        member = by_user.setdefault(
            row.user_id,
            Member(row.user_id, row.user.email, row.user.display_name, [], row.user.disabled),
        )
        member.roles.append(str(row.role))
    for member in by_user.values():
        member.roles.sort()
    return sorted(by_user.values(), key=lambda m: m.display_name.lower())


async def assign_role(admin: Principal, user_id: int, role: str, now: datetime) -> None:
    await _member_of(admin, user_id)
    async with in_transaction():
        _, created = await Membership.get_or_create(
            user_id=user_id, organisation_id=admin.organisation_id, role=Role(role)
        )
        if created:
            await audit.record(
                "role.assigned", organisation_id=admin.organisation_id, actor_id=admin.user_id,
                subject_type="user", subject_id=user_id, now=now, role=role,
            )


async def remove_role(admin: Principal, user_id: int, role: str, now: datetime) -> None:
    if role not in {r.value for r in Role}:
        raise ApiError(404, "role_unknown", f"There is no role called {role[:40]!r}.")
    await _member_of(admin, user_id)
    async with in_transaction():
        if role == Role.ADMINISTRATOR:
            admins = await Membership.filter(
                organisation_id=admin.organisation_id, role=Role.ADMINISTRATOR
            ).count()
            if admins <= 1:
                raise ApiError(
                    409, "last_administrator", "An organisation keeps at least one administrator."
                )
        deleted = await Membership.filter(
            user_id=user_id, organisation_id=admin.organisation_id, role=Role(role)
        ).delete()
        if deleted == 0:
            raise ApiError(404, "role_not_held", "That member does not hold this role.")
        await audit.record(
            "role.removed", organisation_id=admin.organisation_id, actor_id=admin.user_id,
            subject_type="user", subject_id=user_id, now=now, role=role,
        )
