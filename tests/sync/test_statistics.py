"""The planner's statistics of the sync tables are refreshed after bulk work and when a
table has grown (sync/statistics.py): no PostgreSQL cliff after a large load (issue #18)."""

from __future__ import annotations

import msgspec
import pytest

from base import sql
from server.cli import backup as backup_commands
from sync import statistics
from tests.sync.conftest import Team


async def _analysed_rows(table: str) -> float:
    rows = await sql.query(sql.default(), "SELECT reltuples FROM pg_class WHERE relname = ? "
                           "AND relkind = 'r' AND pg_table_is_visible(oid)", [table])
    return float(rows[0]["reltuples"])


def test_a_table_is_analysed_once_it_has_grown_past_the_factor() -> None:
    assert not statistics.stale(pages=10, analysed_pages=0, analysed_rows=-1)  # small
    assert statistics.stale(pages=40, analysed_pages=0, analysed_rows=-1)  # never analysed
    assert statistics.stale(pages=100, analysed_pages=40, analysed_rows=1000)
    assert not statistics.stale(pages=80, analysed_pages=40, analysed_rows=1000)


@pytest.mark.postgres
async def test_the_after_restore_steps_analyse_every_sync_table(team: Team) -> None:
    if not sql.is_postgres(sql.default()):
        pytest.skip("SQLite keeps no statistics")
    assert await _analysed_rows("sync_record") < 0  # fresh tables: never analysed
    for hook in backup_commands.AFTER_RESTORE_HOOKS:
        await hook()
    for table in statistics.TABLES:
        assert await _analysed_rows(table) >= 0, table


async def test_pushes_that_grow_a_portfolio_get_its_tables_analysed(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(statistics, "_keeper", statistics._Keeper())
    headers = {"Carefolio-Protocol": "1", "Carefolio-Schema": "3",
               "Content-Type": "application/json"}
    scope = team.portfolio
    for batch in range(4):
        mutations = [{"op": "create", "n": batch * 500 + i + 1, "scope": scope,
                      "entity": "evidence", "id": f"e{batch}-{i}",
                      "fields": {"kind": "observation", "title": f"Item {i}"}}
                     for i in range(500)]
        body = msgspec.json.encode({"device_id": team.worker.device_id, "mutations": mutations})
        response = await team.worker.client.post("/sync/push", content=body, headers=headers)
        assert response.status_code == 200, response.text
    await statistics.idle()
    if sql.is_postgres(sql.default()):
        assert await _analysed_rows("sync_record") >= 1000
        assert await _analysed_rows("assessment_evidence") >= 1000
