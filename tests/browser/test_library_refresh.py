"""The device's standards follow the library scope: a pulled `standard` record replaces the
cached standard of the same code (a new version reaches the phone at its next sync), and
never adds one the person does not work with. Real IndexedDB in real Chromium."""

from __future__ import annotations

from tests.support.live_server import LiveServer

APPLY = """async () => {
  const { Store, dbName } = await import("/js/store.js");
  const store = await Store.open(999001);
  const old = {code: "SCDHSC0389", version: 1, title: "Old", criteria: [], glossary: []};
  await store.putStandards([old]);
  const newer = {code: "SCDHSC0389", version: 2, title: "New", criteria: [{ref: "P1", kind: "performance", group: "", text: "t"}], glossary: []};
  const stranger = {code: "SCDLMCB4", version: 1, title: "Not mine", criteria: [], glossary: []};
  await store.applyPull({revoked: [], scopes: [{scope: "library:1", cursor: "e.2", more: false, reset: false, records: [
    {entity: "standard", id: "SCDHSC0389", version: 2, fields: {data: newer}, versions: {data: 2}},
    {entity: "standard", id: "SCDLMCB4", version: 2, fields: {data: stranger}, versions: {data: 2}},
  ]}]});
  const held = await store.standards();
  store.close();
  await new Promise((resolve) => { indexedDB.deleteDatabase(dbName(999001)).onsuccess = resolve; });
  return held.map((s) => [s.code, s.version, s.title]);
}"""


def test_a_pulled_standard_replaces_the_cached_one_and_adds_none(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    page = phone().new_page()
    page.goto(demo_server.url + "/")
    assert page.evaluate(APPLY) == [["SCDHSC0389", 2, "New"]]
