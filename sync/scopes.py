"""Which scopes a signed-in person may see, and their relations in each (see entities.py).

Computed from the accounts tables on every request: a grant or a revocation (a new
enrolment, an ended one, a role removed) shows at the person's next pull or push.

    portfolio:<worker>  owner (that worker), assessor (active enrolment), qa (same org)
    library:<org>       member (any member of the organisation)
    user:<id>           owner (that person): their conflicts and rejections
"""

from __future__ import annotations

import re

from base import sql
from base.principal import Principal, Role

WORKER, QA = Role.WORKER.value, Role.QUALITY_ASSURER.value
# One spelling per scope: a known kind, a colon, an id in decimal with no leading zero or
# sign, small enough to be a row id (31 bits). `portfolio:03` names nothing: it is
# rejected (`invalid_scope`) rather than written where no pull would ever find it.
CANONICAL = re.compile(r"^(portfolio|library|user):[1-9][0-9]{0,9}$")
MAX_ID = 2**31 - 1


def portfolio(worker_id: int) -> str:
    return f"portfolio:{worker_id}"


def inbox(user_id: int) -> str:
    return f"user:{user_id}"


def canonical(scope: str) -> bool:
    """Whether `scope` is the one spelling of a scope (see CANONICAL)."""
    return CANONICAL.match(scope) is not None and int(scope.partition(":")[2]) <= MAX_ID


def _split(scope: str) -> tuple[str, int | None]:
    kind, _, key = scope.partition(":")
    return kind, int(key) if canonical(scope) else None


async def relations(
    principal: Principal, scope: str, conn: sql.Conn | None = None
) -> frozenset[str]:
    """The principal's relations in `scope`; empty when they may not see it (read on `conn`,
    by default the default connection)."""
    kind, key = _split(scope)
    if key is None:
        return frozenset()
    if kind == "user":
        return frozenset({"owner"}) if key == principal.user_id else frozenset()
    if kind == "library":
        return frozenset({"member"}) if key == principal.organisation_id else frozenset()
    if kind != "portfolio":
        return frozenset()
    found: set[str] = set()
    if key == principal.user_id and WORKER in principal.roles:
        found.add("owner")
    conn = conn or sql.default()
    if await sql.query(conn, _ASSESSES, [key, principal.user_id]):
        found.add("assessor")
    if QA in principal.roles and principal.organisation_id is not None and await sql.query(
        conn, _WORKER_IN_ORG, [key, principal.organisation_id, WORKER]
    ):
        found.add("qa")
    return frozenset(found)


# Raw SQL: these run on every push and pull.
_ASSESSES = ("SELECT 1 FROM enrolment WHERE worker_id = ? AND assessor_id = ? "
             "AND ended_at IS NULL LIMIT 1")
_WORKER_IN_ORG = ("SELECT 1 FROM membership WHERE user_id = ? AND organisation_id = ? "
                  "AND role = ? LIMIT 1")
_ASSESSED = "SELECT DISTINCT worker_id FROM enrolment WHERE assessor_id = ? AND ended_at IS NULL"
_ORG_WORKERS = "SELECT user_id FROM membership WHERE organisation_id = ? AND role = ?"


async def visible(principal: Principal) -> set[str]:
    """Every scope the principal may pull."""
    found = {inbox(principal.user_id)}
    if principal.organisation_id is not None:
        found.add(f"library:{principal.organisation_id}")
    if WORKER in principal.roles:
        found.add(portfolio(principal.user_id))
    conn = sql.default()
    assessed = await sql.query(conn, _ASSESSED, [principal.user_id])
    found.update(portfolio(int(row["worker_id"])) for row in assessed)
    if QA in principal.roles and principal.organisation_id is not None:
        workers = await sql.query(conn, _ORG_WORKERS, [principal.organisation_id, WORKER])
        found.update(portfolio(int(row["user_id"])) for row in workers)
    return found
