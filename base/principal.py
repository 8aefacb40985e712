"""The signed-in person as every layer sees them: who, in which organisation, with which roles.
`server/endpoints.py` builds one from the session; the domain takes it as an argument."""

from __future__ import annotations

from enum import StrEnum

import msgspec

from base.errors import NotAllowed


class Role(StrEnum):
    WORKER = "worker"
    ASSESSOR = "assessor"
    QUALITY_ASSURER = "quality_assurer"
    ADMINISTRATOR = "administrator"


class Principal(msgspec.Struct, frozen=True):
    user_id: int
    organisation_id: int | None
    roles: frozenset[str]
    session_id: int
    device_id: str
    is_superadmin: bool

    def has(self, *roles: Role) -> bool:
        return any(role.value in self.roles for role in roles)

    def organisation(self) -> int:
        """The caller's organisation; refused for someone who belongs to none."""
        if self.organisation_id is None:
            raise NotAllowed("forbidden", "You are not in an organisation.")
        return self.organisation_id
