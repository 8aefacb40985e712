"""Fixtures for the sync tests: a worker, their assessor and a quality assurer, each with a
reference sync client on the real app (ASGI), on SQLite and on PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from server.models import Enrolment
from sync.client import SyncClient
from tests.support.people import People, Person


@dataclass
class Team:
    people: People
    worker: Person
    assessor: Person
    qa: Person

    @property
    def portfolio(self) -> str:
        return f"portfolio:{self.worker.id}"

    def client(self, person: Person, **options: object) -> SyncClient:
        return SyncClient(person.client, person.device_id, retry_scale=0.0, **options)  # type: ignore[arg-type]

    async def second_device(self, person: Person) -> Person:
        return await self.people.sign_in(person.user)


async def enrol(worker: Person, assessor: Person) -> Enrolment:
    return await Enrolment.create(
        organisation=worker.organisation, worker=worker.user, assessor=assessor.user,
        standard_code="SCDHSC0389", start_date=date(2025, 1, 6),
    )


@pytest.fixture
async def team(people: People) -> Team:
    worker = await people.signed_in("worker")
    assessor = await people.signed_in("assessor")
    qa = await people.signed_in("quality_assurer")
    await enrol(worker, assessor)
    return Team(people, worker, assessor, qa)
