"""Fixtures for the storage tests: each backend (the data directory, and a bucket on a real
S3-compatible server on loopback), as the store suite has each database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import msgspec
import pytest

from server.settings import Settings
from server.storage_settings import open_storage
from sync.storage.base import Storage
from tests.support.people import People
from tests.support.s3 import S3TestServer
from tests.sync.conftest import Team, enrol

STORAGE_BACKENDS = ["local", "s3"]


@pytest.fixture(params=STORAGE_BACKENDS)
def storage_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings for one backend (data directory under tmp_path; a fresh bucket for s3)."""
    if request.param == "local":
        return Settings(data_dir=tmp_path / "data")
    s3: S3TestServer = request.getfixturevalue("s3_server")
    return Settings(data_dir=tmp_path / "data", **s3.settings(s3.new_bucket()))  # type: ignore[arg-type]


@pytest.fixture
async def opener(storage_settings: Settings) -> AsyncIterator[Callable[[], object]]:
    """Opens another instance of the same backend, as another process would."""
    opened: list[Storage] = []

    async def open_one() -> Storage:
        storage = await open_storage(storage_settings)
        opened.append(storage)
        return storage

    yield open_one
    for storage in opened:
        await storage.close()


@pytest.fixture
async def storage(opener) -> Storage:  # type: ignore[no-untyped-def]
    return await opener()  # type: ignore[no-any-return]


@pytest.fixture
def settings(database_url: str, storage_settings: Settings) -> Settings:
    """The app's settings (the root conftest's), on each backend as well as each database."""
    return msgspec.structs.replace(storage_settings, database_url=database_url,
                                   base_url="http://testserver")


@pytest.fixture
async def team(people: People) -> Team:
    worker = await people.signed_in("worker")
    assessor = await people.signed_in("assessor")
    qa = await people.signed_in("quality_assurer")
    await enrol(worker, assessor)
    return Team(people, worker, assessor, qa)
