"""Planner statistics of the sync tables on PostgreSQL: refreshed after bulk work and
whenever a table has grown by `GROWTH` since its last analysis.

Without statistics (autovacuum off, or not yet run after a bulk load) PostgreSQL plans
`scope = ? AND rid IN (...)` as a walk of the scope's whole `(scope, version)` index: on a
100k-item portfolio each lookup of a push took 0.6-2.5 s instead of 0.1-0.2 ms (issue #18),
and a prepared statement keeps that plan until the table is analysed. So:

- `analyze_all()` runs `ANALYZE` on every table in `TABLES`; the after-restore steps and
  the benchmarks' loads call it (bulk work that did not go through pushes);
- every push notes how many rows it wrote (`note`); after `CHECK_EVERY_ROWS` rows in a
  process it compares each table's size with its size at its last analysis (one query)
  and analyses the tables that `stale` says have grown, in the background: the push that
  triggered it does not wait, and at most one check runs at a time per process.

SQLite plans these lookups from its indexes alone (no statistics are kept): nothing to do.
"""

from __future__ import annotations

import asyncio
import logging

from base import sql

log = logging.getLogger("carefolio.sync.statistics")

TABLES = ("sync_record", "sync_scope", "sync_device", "sync_attachment_ref",
          "assessment_evidence", "assessment_decision", "audit_event")
GROWTH = 2.0
FLOOR_PAGES = 32  # 256 KB: about a thousand records
CHECK_EVERY_ROWS = 1000


def stale(pages: int, analysed_pages: int, analysed_rows: float, growth: float = GROWTH,
          floor: int = FLOOR_PAGES) -> bool:
    """Whether a table of `pages` pages now needs an analysis, given its size in pages and
    rows at its last analysis (`analysed_rows` negative: never analysed): once it fills
    `floor` pages, when it was never analysed or has grown more than `growth` times."""
    if pages < floor:
        return False
    return analysed_rows < 0 or pages > growth * analysed_pages


async def analyze(conn: sql.Conn, tables: tuple[str, ...] | list[str] = TABLES) -> None:
    if sql.is_postgres(conn):
        for table in tables:
            await conn.execute_script(f'ANALYZE "{table}"')


async def analyze_all() -> None:
    """Refresh the statistics of every sync table (after bulk work)."""
    await analyze(sql.default())


# the sizes now (pg_relation_size: exact at once, unlike the statistics collector's row
# counts, which lag) and at the last analysis (pg_class)
_SIZES = (
    "SELECT c.relname AS name, c.relpages AS analysed_pages, c.reltuples AS analysed_rows, "
    "pg_relation_size(c.oid) / current_setting('block_size')::int AS pages FROM pg_class c "
    "WHERE c.relkind = 'r' AND pg_table_is_visible(c.oid) AND c.relname IN ({})"
)


async def analyze_grown() -> list[str]:
    """Analyse the tables that have grown by `GROWTH` since their last analysis; their names."""
    conn = sql.default()
    if not sql.is_postgres(conn):
        return []
    rows = await sql.query(conn, _SIZES.format(sql.marks(TABLES)), list(TABLES))
    grown = sorted(r["name"] for r in rows if stale(
        int(r["pages"]), int(r["analysed_pages"]), float(r["analysed_rows"])))
    await analyze(conn, grown)
    if grown:
        log.info("analysed grown tables", extra={"tables": grown})
    return grown


class _Keeper:
    def __init__(self) -> None:
        self.written = 0
        self.task: asyncio.Task[list[str]] | None = None

    def note(self, rows: int) -> None:
        self.written += rows
        if self.written < CHECK_EVERY_ROWS or (self.task and not self.task.done()):
            return
        if not sql.is_postgres(sql.default()):
            self.written = 0
            return
        self.written = 0
        self.task = asyncio.create_task(self._check(), name="carefolio-sync-statistics")

    async def _check(self) -> list[str]:
        try:
            return await analyze_grown()
        except Exception:  # noqa: BLE001 - statistics must never fail a request
            log.warning("analysing the sync tables failed", exc_info=True)
            return []

    async def idle(self) -> None:
        if self.task is not None:
            await self.task


_keeper = _Keeper()


def note(rows: int) -> None:
    """Rows a push just committed (call outside its transaction)."""
    _keeper.note(rows)


async def idle() -> None:
    """Wait for a background check, if one runs (tests, shutdown)."""
    await _keeper.idle()
