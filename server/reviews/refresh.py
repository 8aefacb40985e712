"""Keep each active enrolment's `last_review_on` and `next_review_due` up to date, so that
choosing the reviews due is one indexed query (server/push/store.py `reviews_due`).

Held reviews are sync records (`review` in the worker's `portfolio:` scope, status `held`
or `signed`, date `held_on`); one counts for the enrolments whose standard it names in
`standards`, or for all of the worker's when it names none (`schedule.last_held_for`).
Rather than a hook inside the sync engine, each run reads what changed since the last run:
every portfolio scope whose version moved past the one recorded in `push_scope_seen`, plus
every enrolment whose `next_review_due` is NULL (new, or marked stale by whoever changed its
rule: set it to NULL). `refresh_all` recomputes every active enrolment (run hourly by the
scheduler, and by `carefolio remind --refresh`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import msgspec

from base.sql import as_date, marks
from server.push.store import Conn, execute_many, is_postgres, json_text, query
from server.reviews.schedule import HeldReview, last_held_for, review_due

HELD = ("held", "signed")
CHUNK = 500
_decode_fields = msgspec.json.Decoder(dict[str, Any]).decode


async def _changed_scopes(conn: Conn) -> list[tuple[str, int]]:
    sql = (
        "SELECT s.scope, s.version FROM sync_scope s "
        "LEFT JOIN push_scope_seen p ON p.scope = s.scope "
        "WHERE s.scope LIKE ? AND (p.version IS NULL OR p.version < s.version)"
    )
    return [(r["scope"], r["version"]) for r in await query(conn, sql, ["portfolio:%"])]


def _held_review(fields_json: str) -> HeldReview | None:
    try:
        fields = _decode_fields(fields_json)
        day = date.fromisoformat(str(fields.get("held_on") or "")[:10])
    except (msgspec.DecodeError, ValueError):
        return None
    codes = fields.get("standards") or []
    try:
        agreed = date.fromisoformat(str(fields.get("next_review_due") or "")[:10])
    except ValueError:
        agreed = None
    return HeldReview(day, frozenset(c for c in codes if isinstance(c, str)), agreed)


async def _held(conn: Conn, workers: Sequence[int]) -> dict[int, list[HeldReview]]:
    """Every review held or signed, per worker."""
    status = json_text(conn, "fields_json", "status")
    found: dict[int, list[HeldReview]] = {}
    for start in range(0, len(workers), CHUNK):
        scopes = [f"portfolio:{w}" for w in workers[start:start + CHUNK]]
        sql = (
            f"SELECT scope, fields_json FROM sync_record WHERE scope IN ({marks(scopes)}) "
            f"AND entity = ? AND deleted = ? AND {status} IN (?, ?)"
        )
        for row in await query(conn, sql, [*scopes, "review", False, *HELD]):
            review = _held_review(row["fields_json"])
            if review is not None:
                found.setdefault(int(row["scope"].partition(":")[2]), []).append(review)
    return found


def _day(conn: Conn, value: date | None) -> Any:
    return value if value is None or is_postgres(conn) else value.isoformat()


async def _recompute(conn: Conn, where: str, values: Sequence[Any]) -> int:
    sql = (
        "SELECT id, worker_id, standard_code, start_date, review_rule, review_interval_days, "
        f"last_review_on, next_review_due FROM enrolment WHERE ended_at IS NULL AND {where}"
    )
    rows = await query(conn, sql, values)
    held = await _held(conn, sorted({r["worker_id"] for r in rows}))
    updates = []
    for r in rows:
        review = last_held_for(held.get(r["worker_id"], []), r["standard_code"])
        last = review.held_on if review else None
        start = as_date(r["start_date"])
        try:
            due = review_due(start, r["review_rule"], r["review_interval_days"], review)
        except ValueError:
            continue  # an unusable rule: no reminders rather than a wrong date
        current = (r["last_review_on"] and as_date(r["last_review_on"]),
                   r["next_review_due"] and as_date(r["next_review_due"]))
        if current != (last, due):
            updates.append((_day(conn, last), _day(conn, due), r["id"]))
    sql = "UPDATE enrolment SET last_review_on = ?, next_review_due = ? WHERE id = ?"
    await execute_many(conn, sql, updates)
    return len(updates)


async def refresh_changed(conn: Conn) -> int:
    """Recompute enrolments not computed yet or whose worker's portfolio changed."""
    changed = await _changed_scopes(conn)
    count = await _recompute(conn, "next_review_due IS NULL", [])
    workers = [int(scope.partition(":")[2]) for scope, _ in changed
               if scope.partition(":")[2].isdigit()]
    for start in range(0, len(workers), CHUNK):
        chunk = workers[start:start + CHUNK]
        count += await _recompute(conn, f"worker_id IN ({', '.join('?' for _ in chunk)})", chunk)
    upsert = (
        "INSERT INTO push_scope_seen (scope, version) VALUES (?, ?) "
        "ON CONFLICT (scope) DO UPDATE SET version = excluded.version"
    )
    await execute_many(conn, upsert, changed)
    return count


async def refresh_all(conn: Conn) -> int:
    """Recompute every active enrolment (catches rule changes that did not mark it stale)."""
    return await _recompute(conn, "1 = 1", [])
