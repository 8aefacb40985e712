"""Organisations and people for tests, signed in through real device sessions.

Passwords are hashed once per test run (at the cheapest argon2 profile, as in every test); sessions are opened
with the real session code, so tokens behave exactly like a signed-in device's."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx
from starlette.applications import Starlette

from server.accounts.sessions import open_session
from server.models import Membership, Organisation, Role, User
from server.passwords import HASHER

PASSWORD = "correct horse battery"


@functools.cache
def password_hash() -> str:
    return HASHER.hash(PASSWORD)


@dataclass
class Person:
    user: User
    token: str
    device_id: str
    client: httpx.AsyncClient
    organisation: Organisation

    @property
    def id(self) -> int:
        return self.user.id


@dataclass
class People:
    app: Starlette
    organisations: dict[str, Organisation] = field(default_factory=dict)
    _count: int = 0

    async def organisation(self, name: str = "Riverside Care") -> Organisation:
        if name not in self.organisations:
            self.organisations[name] = await Organisation.create(name=name)
        return self.organisations[name]

    async def user(
        self, *roles: str, org: str = "Riverside Care", superadmin: bool = False,
        email: str | None = None,
    ) -> User:
        self._count += 1
        organisation = await self.organisation(org)
        user = await User.create(
            email=email or f"person{self._count}@example.test",
            display_name=f"Person {self._count}",
            password_hash=password_hash(),
            is_superadmin=superadmin,
        )
        for role in roles:
            await Membership.create(user=user, organisation=organisation, role=Role(role))
        return user

    def client_for(self, token: str | None) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=self.app, raise_app_exceptions=False)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.AsyncClient(transport=transport, base_url="http://testserver", headers=headers)

    async def signed_in(
        self, *roles: str, org: str = "Riverside Care", superadmin: bool = False,
        device_id: str | None = None,
    ) -> Person:
        user = await self.user(*roles, org=org, superadmin=superadmin)
        return await self.sign_in(user, device_id=device_id, org=org)

    async def sign_in(
        self, user: User, device_id: str | None = None, org: str = "Riverside Care"
    ) -> Person:
        token, session = await open_session(user.id, device_id, "test", datetime.now(UTC))
        return Person(user, token, session.device_id, self.client_for(token), self.organisations[org])
