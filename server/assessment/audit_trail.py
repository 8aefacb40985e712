"""The audit trail as people read it: who (name and role), what (a sentence), when, on which
item (its title, with the worker, for a link), filterable by worker, person, kind and date,
and as CSV. The entries themselves stay as written (server/audit); this only reads them."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import msgspec

from server.assessment.audit_words import KINDS, ROLE_WORDS, kind_of, sentence
from server.assessment.models import EvidenceIndex
from server.audit.models import AuditEvent
from server.models import Enrolment, Membership, User

SCAN_PAGE = 500
ACTING_ROLE = {"assessment": "assessor", "evidence": "assessor", "qa": "quality_assurer",
               "enrolment": "administrator", "role": "administrator"}


class TrailQuery(msgspec.Struct, kw_only=True):
    worker_id: int | None = None
    actor_id: int | None = None
    kind: str | None = None
    since: date | None = None
    until: date | None = None  # inclusive
    before_id: int | None = None
    limit: int = 100


class TrailEntry(msgspec.Struct, kw_only=True):
    id: int
    at: str
    action: str
    kind: str
    who: str
    role: str
    sentence: str
    subject_type: str
    subject_id: str
    actor_id: int | None
    item_title: str | None = None
    evidence_id: str | None = None
    worker_id: int | None = None
    worker_name: str | None = None


async def _events(organisation_id: int, q: TrailQuery) -> list[AuditEvent]:
    """Newest first; the worker filter reads each entry's detail, so scan page by page."""
    query = AuditEvent.filter(organisation_id=organisation_id)
    if q.actor_id:
        query = query.filter(actor_id=q.actor_id)
    if q.kind:
        query = query.filter(action__startswith=f"{q.kind}.")
    if q.since:
        query = query.filter(at__gte=datetime.combine(q.since, time(), UTC))
    if q.until:
        query = query.filter(at__lt=datetime.combine(q.until + timedelta(days=1), time(), UTC))
    found: list[AuditEvent] = []
    seen: dict[int, int | None] = {}
    before = q.before_id
    while len(found) < q.limit:
        page = query.filter(id__lt=before) if before else query
        rows = await page.order_by("-id").limit(SCAN_PAGE)
        if not rows:
            break
        found += [r for r in rows if q.worker_id is None or await _worker(r, seen) == q.worker_id]
        before = rows[-1].id
    return found[: q.limit]


async def _worker(event: AuditEvent, enrolments: dict[int, int | None]) -> int | None:
    """The worker an entry concerns, if any (`enrolments`: enrolment id -> worker, memo)."""
    detail = dict(event.detail or {})
    if isinstance(detail.get("worker_id"), int):
        return int(detail["worker_id"])
    if event.subject_type == "enrolment" and event.subject_id.isdigit():
        eid = int(event.subject_id)
        if eid not in enrolments:
            row = await Enrolment.filter(id=eid).values_list("worker_id", flat=True)
            enrolments[eid] = int(str(row[0])) if row else None
        return enrolments[eid]
    if event.subject_type == "user" and event.subject_id.isdigit():
        return int(event.subject_id)
    return None


def _people_in(events: list[AuditEvent]) -> set[int]:
    ids: set[int] = set()
    for e in events:
        if e.actor_id:
            ids.add(e.actor_id)
        detail = dict(e.detail or {})
        for key in ("worker_id", "assessor_id"):
            if isinstance(detail.get(key), int):
                ids.add(int(detail[key]))
        if e.subject_type == "user" and e.subject_id.isdigit():
            ids.add(int(e.subject_id))
    return ids


async def trail(organisation_id: int, q: TrailQuery) -> list[TrailEntry]:
    events = await _events(organisation_id, q)
    people = _people_in(events)
    names = {u.id: u.display_name for u in await User.filter(id__in=sorted(people))}
    roles: dict[int, set[str]] = {}
    for m in await Membership.filter(organisation_id=organisation_id, user_id__in=sorted(people)):
        roles.setdefault(m.user_id, set()).add(str(m.role.value))  # type: ignore[attr-defined]
    rids = sorted({e.subject_id for e in events if e.subject_type == "evidence"})
    items = {r.rid: r for r in await EvidenceIndex.filter(rid__in=rids)} if rids else {}

    def name(uid: object) -> str:
        return names.get(uid, "someone") if isinstance(uid, int) else "someone"

    seen: dict[int, int | None] = {}
    entries = []
    for e in events:
        detail: dict[str, Any] = dict(e.detail or {})
        item = items.get(e.subject_id) if e.subject_type == "evidence" else None
        worker = await _worker(e, seen) if item is None else item.worker_id
        title = (item.title or "Untitled evidence") if item else None
        user = e.subject_type == "user" and e.subject_id.isdigit()
        about = names.get(int(e.subject_id), "") if user else ""
        entries.append(TrailEntry(
            id=e.id, at=e.at.isoformat(), action=e.action, kind=kind_of(e.action),
            who=name(e.actor_id) if e.actor_id else "The system",
            role=_role(e, roles.get(e.actor_id or 0, set())),
            sentence=sentence(e.action, detail, name,
                              title or "an item no longer in the portfolio", about),
            subject_type=e.subject_type, subject_id=e.subject_id, actor_id=e.actor_id,
            item_title=title, evidence_id=e.subject_id if e.subject_type == "evidence" else None,
            worker_id=worker, worker_name=names.get(worker) if worker else None,
        ))
    return entries


def _role(event: AuditEvent, held: set[str]) -> str:
    acting = ACTING_ROLE.get(kind_of(event.action))
    if acting in held:
        return ROLE_WORDS[acting]
    return ", ".join(ROLE_WORDS.get(r, r) for r in sorted(held)) or ""


CSV_COLUMNS = ("when_utc", "who", "role", "what", "item", "worker", "action", "subject_type",
               "subject_id", "entry_id")


def as_csv(entries: list[TrailEntry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        writer.writerow([e.at, e.who, e.role, e.sentence, e.item_title or "", e.worker_name or "",
                         e.action, e.subject_type, e.subject_id, e.id])
    return out.getvalue()


def valid_kind(kind: str | None) -> bool:
    return kind is None or kind in KINDS
