"""Finding people who left, planning what removing their evidence takes, and removing it.

What goes, for a person whose retention period has passed (`rules.judge`): every record of
their portfolio (`portfolio:<id>`: evidence, reviews, assessment records, tombstones) and
of their inbox (`user:<id>`: conflicts, rejections), the assessment index rows made from
them (evidence, decisions, and QA sample items judging those decisions), the attachment
files no other scope references, and their push subscriptions. The scopes' heads move on
and every cursor into them is reset, so a device still holding a copy (a quality
assurer's) empties it at its next pull. What stays: the person's account (deactivated),
their enrolments (who was enrolled on what, and when it ended) and the audit trail, which
gains one `retention.removed` event with the counts. All of it in one transaction, the
verdict checked again inside it; files are deleted after the commit.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

import msgspec
from tortoise.transactions import in_transaction

from server.accounts.organisation import retention_years
from server.assessment.models import DecisionIndex, EvidenceIndex, QaSampleItem
from server.audit import log as audit
from server.audit.models import AuditEvent
from server.models import Enrolment, Membership, User
from server.push.models import Subscription
from server.retention.rules import Leaver, Verdict, judge
from sync import store
from sync.models import Attachment, AttachmentRef, SyncRecord
from sync.scopes import inbox, portfolio
from sync.storage import Storage


class Removal(msgspec.Struct):
    """What removing one person's evidence takes (the dry run prints exactly this)."""

    user_id: int
    records: dict[str, int]  # entity -> live records
    tombstones: int
    evidence_index: int
    decisions: int
    qa_items: int
    attachments: list[str]  # SHA-256 of the files no other scope references
    attachment_bytes: int
    push_subscriptions: int


class Refused(Exception):
    def __init__(self, verdict: Verdict) -> None:
        super().__init__(verdict.reason)
        self.verdict = verdict


def scopes_of(user_id: int) -> list[str]:
    return [portfolio(user_id), inbox(user_id)]


async def leaver(user: User, organisation_id: int) -> Leaver:
    deactivation = await AuditEvent.filter(
        action="user.deactivated", subject_type="user", subject_id=str(user.id)
    ).order_by("-at").first()
    enrolments = await Enrolment.filter(worker_id=user.id)
    open_codes = [e.standard_code for e in enrolments if e.ended_at is None]
    ended = [e.ended_on or e.ended_at.date() for e in enrolments if e.ended_at is not None]
    left_on: date | None = None
    if deactivation is not None:
        left_on = max([deactivation.at.date(), *ended])
    return Leaver(user.id, organisation_id, user.display_name, user.email, user.disabled,
                  left_on, open_codes, await retention_years(organisation_id))


async def leavers(organisation_id: int | None = None, email: str | None = None) -> list[Leaver]:
    """People who left (deactivated members), or the one person with `email` whatever
    their state (so that a refusal can say why)."""
    members = Membership.filter()
    if organisation_id is not None:
        members = members.filter(organisation_id=organisation_id)
    if email is not None:
        members = members.filter(user__email=email.strip().lower())
    else:
        members = members.filter(user__disabled=True)
    found: dict[int, int] = {}
    for user_id, org_id in await members.order_by("user_id").values_list(
        "user_id", "organisation_id"
    ):
        found.setdefault(int(user_id), int(org_id))
    users = {u.id: u for u in await User.filter(id__in=list(found))}
    return [await leaver(users[uid], org) for uid, org in found.items() if uid in users]


async def plan(user_id: int) -> Removal:
    scopes = scopes_of(user_id)
    rows = await SyncRecord.filter(scope__in=scopes).values_list("entity", "deleted")
    live = Counter(str(entity) for entity, deleted in rows if not deleted)
    shas = set(await AttachmentRef.filter(scope__in=scopes).values_list("sha256", flat=True))
    shared = set(
        await AttachmentRef.filter(sha256__in=list(shas))
        .exclude(scope__in=scopes)
        .values_list("sha256", flat=True)
    )
    orphans = sorted(str(sha) for sha in shas - shared)
    sizes = await Attachment.filter(sha256__in=orphans).values_list("size", flat=True)
    decisions = await DecisionIndex.filter(worker_id=user_id).values_list("id", flat=True)
    return Removal(
        user_id=user_id,
        records=dict(sorted(live.items())),
        tombstones=sum(1 for _, deleted in rows if deleted),
        evidence_index=await EvidenceIndex.filter(worker_id=user_id).count(),
        decisions=len(decisions),
        qa_items=await QaSampleItem.filter(decision_id__in=list(decisions)).count(),
        attachments=orphans,
        attachment_bytes=sum(int(size) for size in sizes),
        push_subscriptions=await Subscription.filter(user_id=user_id).count(),
    )


async def remove(user_id: int, storage: Storage, today: date, now: datetime) -> Removal:
    """Remove one leaver's evidence, or raise `Refused` (checked again in the transaction)."""
    async with in_transaction("default") as conn:
        found = await _one(user_id)
        verdict = judge(found, today)
        if not verdict.removable:
            raise Refused(verdict)
        removal = await plan(user_id)
        scopes = scopes_of(user_id)
        for scope in scopes:  # every cursor into the scope resets: copies empty themselves
            version = await store.bump_head(conn, scope)
            await store.query(
                conn, "UPDATE sync_scope SET purged_below = ? WHERE scope = ?", [version, scope]
            )
        await SyncRecord.filter(scope__in=scopes).delete()
        await AttachmentRef.filter(scope__in=scopes).delete()
        await Attachment.filter(sha256__in=removal.attachments).delete()
        decisions = await DecisionIndex.filter(worker_id=user_id).values_list("id", flat=True)
        await QaSampleItem.filter(decision_id__in=list(decisions)).delete()
        await DecisionIndex.filter(worker_id=user_id).delete()
        await EvidenceIndex.filter(worker_id=user_id).delete()
        await Subscription.filter(user_id=user_id).delete()
        await audit.record(
            "retention.removed", organisation_id=found.organisation_id, actor_id=None,
            subject_type="user", subject_id=user_id, now=now, by="carefolio retention",
            left_on=found.left_on.isoformat() if found.left_on else None,
            retention_years=found.retention_years, records=removal.records,
            tombstones=removal.tombstones, evidence_index=removal.evidence_index,
            decisions=removal.decisions, qa_items=removal.qa_items,
            attachments=len(removal.attachments), attachment_bytes=removal.attachment_bytes,
            push_subscriptions=removal.push_subscriptions,
        )
    for sha in removal.attachments:
        await storage.delete(sha)
    return removal


async def _one(user_id: int) -> Leaver:
    user = await User.get(id=user_id)
    membership = await Membership.filter(user_id=user_id).order_by("id").first()
    if membership is None:
        raise Refused(Verdict(user_id, False, "is in no organisation", None))
    return await leaver(user, membership.organisation_id)
