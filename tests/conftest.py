"""Shared fixtures: a real database on SQLite and on PostgreSQL, the real app, signed-in people.

Every test that takes `database` (or anything built on it) runs once per backend. The
PostgreSQL runs need CAREFOLIO_TEST_POSTGRES_URL's server (default: the local one); without
it they are skipped, unless CAREFOLIO_REQUIRE_POSTGRES=1 (as in CI), when they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import settings as hypothesis_settings

from tests.support.aio import run as run_coroutine
from tests.support.people import People
from tests.support.postgres import PostgresTestServer
from tests.support.s3 import S3TestServer

POSTGRES_URL = os.environ.get(
    "CAREFOLIO_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/carefolio_test"
)
REQUIRE_POSTGRES = os.environ.get("CAREFOLIO_REQUIRE_POSTGRES") == "1"

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]

# Property tests check outcomes, not speed: no per-example deadline (on a loaded CI machine
# one slow example would fail a correct property as "flaky").
hypothesis_settings.register_profile("carefolio", deadline=None)
hypothesis_settings.load_profile("carefolio")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last: the rest of the suite reports first, and runs without Chromium."""
    items.sort(key=lambda item: "tests/browser/" in str(item.fspath))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from server import db

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    run_coroutine(db.migrate(f"sqlite://{path}"))
    return path


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresTestServer]:
    server = PostgresTestServer(POSTGRES_URL)
    problem = server.prepare()
    if problem:
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL is required but unavailable: {problem}")
        pytest.skip(f"PostgreSQL unavailable: {problem}")
    yield server
    server.drop()


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3TestServer]:
    """moto's S3 server on a loopback port, for the whole run (a bucket per test)."""
    server = S3TestServer()
    yield server
    server.stop()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        target = tmp_path / "carefolio.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), target)
        return f"sqlite://{target}"
    server: PostgresTestServer = request.getfixturevalue("postgres_server")
    server.truncate_all()
    return server.url


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[str]:
    from server import db

    await db.connect(database_url)
    try:
        yield database_url
    finally:
        await db.disconnect()


@pytest.fixture
def settings(database_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    from server.settings import Settings

    return Settings(data_dir=tmp_path / "data", database_url=database_url, base_url="http://testserver")


@pytest.fixture
def clock():  # type: ignore[no-untyped-def]
    """The app's clock: the system's, unless a test module overrides this fixture (with a
    tests.support.clock.FrozenClock, moved by hand instead of sleeping)."""
    from base.clock import system_clock

    return system_clock


@pytest.fixture
async def app(database: str, settings, clock):  # type: ignore[no-untyped-def]
    from server.app import create_app

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    application = create_app(settings, clock=clock, manage_database=False)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture
async def bundled_standards(database: str) -> None:
    """The five bundled standards, as `carefolio serve` loads them on a fresh install."""
    from standards.library import ensure_bundled_standards

    await ensure_bundled_standards()


@pytest.fixture
async def people(app) -> People:  # type: ignore[no-untyped-def]
    """Organisations and signed-in people: `await people.signed_in("worker")`."""
    return People(app)
