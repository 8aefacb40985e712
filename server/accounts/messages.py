"""Wire types of the accounts API."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

Email = Annotated[str, msgspec.Meta(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Password = Annotated[str, msgspec.Meta(min_length=1, max_length=256)]
Token = Annotated[str, msgspec.Meta(min_length=10, max_length=200)]
DeviceId = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
RoleName = Literal["worker", "assessor", "quality_assurer", "administrator"]


class SetupStatus(msgspec.Struct):
    needed: bool


class SetupRequest(msgspec.Struct, forbid_unknown_fields=True):
    token: Token
    email: Email
    display_name: Name
    password: Password
    organisation_name: Name


class SignInRequest(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    password: Password
    device_id: DeviceId | None = None
    device_label: Annotated[str, msgspec.Meta(max_length=200)] = ""
    client: Literal["browser", "api"] = "browser"


class SignedIn(msgspec.Struct):
    user_id: int
    device_id: str
    token: str | None = None


class Me(msgspec.Struct):
    user_id: int
    email: str
    display_name: str
    organisation_id: int | None
    organisation_name: str | None
    roles: list[str]
    is_superadmin: bool
    device_id: str


class SessionInfo(msgspec.Struct):
    id: int
    device_id: str
    device_label: str
    created_at: str
    last_seen_at: str
    current: bool


class ChangePassword(msgspec.Struct, forbid_unknown_fields=True):
    current_password: Password
    new_password: Password


class ResetPassword(msgspec.Struct, forbid_unknown_fields=True):
    token: Token
    new_password: Password


class Link(msgspec.Struct):
    url: str
    token: str
    expires_at: str


class NewOrganisation(msgspec.Struct, forbid_unknown_fields=True):
    name: Name


class OrganisationInfo(msgspec.Struct):
    id: int
    name: str


class NewInvite(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    role: RoleName
    organisation_id: int | None = None
    display_name: Annotated[str, msgspec.Meta(max_length=200)] = ""


class InviteInfo(msgspec.Struct):
    email: str
    role: str
    organisation_name: str
    expires_at: str


class AcceptInvite(msgspec.Struct, forbid_unknown_fields=True):
    token: Token
    display_name: Name
    password: Password
    device_id: DeviceId | None = None
    client: Literal["browser", "api"] = "browser"


class RoleChange(msgspec.Struct, forbid_unknown_fields=True):
    role: RoleName


class Member(msgspec.Struct):
    user_id: int
    email: str
    display_name: str
    roles: list[str]
    disabled: bool


class Health(msgspec.Struct):
    status: str
    database: str


class InvitationInfo(msgspec.Struct):
    """An invitation as the administrator sees it. `url` and `token` are given only in the
    answer that made the link (a new invitation, a resend): the server keeps only a hash."""

    id: int
    email: str
    display_name: str
    role: str
    expires_at: str
    state: str  # "waiting", "expired", "accepted", "withdrawn"
    mail_state: str | None  # None: not e-mailed (hand the link over)
    mail_error: str = ""
    url: str = ""
    token: str = ""


class PeopleCsv(msgspec.Struct, forbid_unknown_fields=True):
    """A CSV of people (name, email, role). `commit` false: only check it."""

    csv: Annotated[str, msgspec.Meta(max_length=1_000_000)]
    commit: bool = False


class CsvProblem(msgspec.Struct):
    line: int
    problem: str


class PeopleImport(msgspec.Struct):
    rows: int
    problems: list[CsvProblem]
    created: list[InvitationInfo]


class Deactivated(msgspec.Struct):
    user_id: int
    sessions_ended: int
