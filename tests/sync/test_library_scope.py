"""The `library:<organisation>` scope: the standards every member sees, pulled as read-only
`standard` records and kept up to date when the library changes (sync/library_scope.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tortoise.transactions import in_transaction

from sync import library_scope, store
from sync.client import SyncClient
from sync.merge import FieldVersion, RecordState
from tests.standards.helpers import FIXTURES, SEEDS
from tests.support.people import People, Person

pytestmark = pytest.mark.usefixtures("bundled_standards")

UNIT = (FIXTURES / "other" / "unit-code-title.txt").read_bytes()  # SCDHSC0021


def client(person: Person) -> SyncClient:
    return SyncClient(person.client, person.device_id, retry_scale=0.0)  # type: ignore[arg-type]


def library_of(phone: SyncClient, person: Person) -> dict[str, dict]:  # type: ignore[type-arg]
    records = phone.snapshot().get(f"library:{person.organisation.id}", {})
    return {rid: record.fields["data"] for rid, record in records.items()}


async def test_every_member_pulls_the_whole_library_with_every_criterion(people: People) -> None:
    worker = await people.signed_in("worker")
    phone = client(worker)
    await phone.pull()
    library = library_of(phone, worker)
    assert sorted(library) == sorted(SEEDS)
    for code, (title, performance, knowledge) in SEEDS.items():
        kinds = [c["kind"] for c in library[code]["criteria"]]
        assert (library[code]["title"], library[code]["version"]) == (title, 1)
        assert (kinds.count("performance"), kinds.count("knowledge")) == (performance, knowledge)
    # the same shape as GET /api/standards, which the PWA reads for the standards it shows
    served = (await worker.client.get("/api/standards")).json()["standards"]
    assert {s["code"]: s for s in served} == library


async def test_a_pull_with_nothing_new_writes_nothing(people: People) -> None:
    worker = await people.signed_in("worker")
    phone = client(worker)
    await phone.pull()
    scope = f"library:{worker.organisation.id}"
    head = (await store.heads(store.default(), [scope]))[scope].version
    await client(await people.sign_in(worker.user)).pull()
    await phone.pull()
    assert (await store.heads(store.default(), [scope]))[scope].version == head
    assert len(library_of(phone, worker)) == len(SEEDS)


async def test_an_import_and_a_version_marked_current_reach_devices_at_their_next_pull(
    people: People,
) -> None:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    phone = client(worker)
    await phone.pull()
    assert (await admin.client.post("/api/library/imports", content=UNIT)).status_code == 201
    await phone.pull()
    versions = {rid: r.version for rid, r in phone.state.records[f"library:{worker.organisation.id}"].items()}
    # only what changed was written again, so only it travels to devices already up to date
    assert [rid for rid, v in versions.items() if v == max(versions.values())] == ["SCDHSC0021"]
    reworded = UNIT.replace(b"P4 check whether", b"P4 check carefully whether")
    assert (await admin.client.post("/api/library/imports", content=reworded)).status_code == 201
    await phone.pull()
    unit = library_of(phone, worker)["SCDHSC0021"]
    p4 = next(c for c in unit["criteria"] if c["ref"] == "P4")
    assert unit["version"] == 2 and "check carefully whether" in p4["text"]
    marked = await admin.client.post(
        "/api/library/standards/SCDHSC0021/versions/1/status", json={"status": "current"})
    assert marked.status_code == 204
    await phone.pull()
    assert library_of(phone, worker)["SCDHSC0021"]["version"] == 1


async def test_an_organisation_sees_the_shared_library_and_its_own_imports_only(
    people: People,
) -> None:
    admin = await people.signed_in("administrator")
    assert (await admin.client.post("/api/library/imports", content=UNIT)).status_code == 201
    elsewhere = await people.signed_in("worker", org="Hillside Homes")
    phone = client(elsewhere)
    await phone.pull()
    assert sorted(library_of(phone, elsewhere)) == sorted(SEEDS)
    assert set(phone.state.cursors) == {f"library:{elsewhere.organisation.id}",
                                        f"user:{elsewhere.id}", f"portfolio:{elsewhere.id}"}
    home = client(await people.signed_in("worker"))
    await home.pull()
    assert "SCDHSC0021" in library_of(home, admin)


async def test_a_device_cannot_write_to_the_library(people: People) -> None:
    worker = await people.signed_in("worker")
    phone = client(worker)
    await phone.pull()
    scope = f"library:{worker.organisation.id}"
    phone.update(scope, "standard", "SCDHSC0389", set={"data": {"title": "mine"}})
    await phone.sync()
    assert not phone.state.outbox  # rejected, not retried for ever
    (rejection,) = phone.snapshot()[f"user:{worker.id}"].values()
    assert rejection.fields["scope"] == scope and rejection.fields["code"]
    assert library_of(phone, worker)["SCDHSC0389"]["title"] == SEEDS["SCDHSC0389"][0]


async def test_a_standard_the_organisation_no_longer_sees_is_deleted_on_devices(
    people: People,
) -> None:
    worker = await people.signed_in("worker")
    scope = f"library:{worker.organisation.id}"
    async with in_transaction("default") as conn:  # as if an earlier library had held one more
        version = await store.bump_head(conn, scope)
        stray = RecordState(entity="standard", id="ZZZ0001", scope=scope, created_by=0,
                            fields={"data": {"code": "ZZZ0001"}},
                            versions={"data": FieldVersion(version, "server")}, version=version)
        await store.save(conn, [stray], datetime.now(UTC))
    phone = client(worker)
    await phone.pull()
    assert "ZZZ0001" not in library_of(phone, worker)
    assert (await store.scope_records(store.default(), scope))["ZZZ0001"].deleted


def test_only_new_or_changed_standards_are_written() -> None:
    from standards.documents import StandardOut

    same = StandardOut("A1", 1, "A", [], [])
    held = {
        "A1": RecordState(entity="standard", id="A1", scope="library:1", created_by=0,
                          fields={"data": {"code": "A1", "version": 1, "title": "A",
                                           "criteria": [], "glossary": [], "carried": {},
                                           "framework": "nos", "languages": {},
                                           "nos_links": []}},
                          versions={}, version=3),
        "B1": RecordState(entity="standard", id="B1", scope="library:1", created_by=0,
                          fields={"data": {}}, versions={}, version=3),
        "C1": RecordState(entity="standard", id="C1", scope="library:1", created_by=0,
                          fields={}, versions={}, version=2, deleted=True),
    }
    out = library_scope.changed_records("library:1", [same, StandardOut("D1", 2, "D", [], [])], held)
    assert [(r.id, r.deleted) for r in out] == [("D1", False), ("B1", True)]
