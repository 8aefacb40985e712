"""An organisation's settings as its administrators change them: its name, the default
progress-review rule (preselected when enrolling, used by an enrolment CSV row without one),
reminder quiet hours (for devices whose person set none; server/push/store.py reads them)
and the QA sampling rate (the share of an assessor's decisions a sample draws when the
quality assurer gives no size; server/assessment/qa.py) and the retention period (whole
years the evidence of a person who left is kept; server/retention/). Every change audited
with the values before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec
from tortoise.transactions import in_transaction

from base.principal import Principal
from server.accounts.models import OrganisationSettings
from server.audit import log as audit
from server.errors import ApiError
from server.models import Organisation

DefaultRule = Literal["weeks_12", "calendar_3_months"]
DEFAULT_RULE = "calendar_3_months"
DEFAULT_QA_PERCENT = 10
DEFAULT_RETENTION_YEARS = 6
Clock = Annotated[str, msgspec.Meta(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
Percent = Annotated[int, msgspec.Meta(ge=1, le=100)]
Years = Annotated[int, msgspec.Meta(ge=1, le=50)]
UNSET = msgspec.UNSET


class OrganisationView(msgspec.Struct):
    id: int
    name: str
    default_review_rule: str
    quiet_start: str | None  # "22:00", in each device's own time zone; both or neither
    quiet_end: str | None
    qa_sample_percent: int
    retention_years: int = DEFAULT_RETENTION_YEARS


class OrganisationChange(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)] | msgspec.UnsetType = UNSET
    default_review_rule: DefaultRule | msgspec.UnsetType = UNSET
    quiet_start: Clock | None | msgspec.UnsetType = UNSET
    quiet_end: Clock | None | msgspec.UnsetType = UNSET
    qa_sample_percent: Percent | msgspec.UnsetType = UNSET
    retention_years: Years | msgspec.UnsetType = UNSET


def minutes(clock: str | None) -> int | None:
    if clock is None:
        return None
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


def clock(value: int | None) -> str | None:
    return None if value is None else f"{value // 60:02d}:{value % 60:02d}"


async def _settings(organisation_id: int) -> OrganisationSettings | None:
    return await OrganisationSettings.filter(organisation_id=organisation_id).first()


async def default_review_rule(organisation_id: int) -> str:
    row = await _settings(organisation_id)
    return row.default_review_rule if row else DEFAULT_RULE


async def qa_sample_percent(organisation_id: int) -> int:
    row = await _settings(organisation_id)
    return row.qa_sample_percent if row else DEFAULT_QA_PERCENT


async def retention_years(organisation_id: int) -> int:
    row = await _settings(organisation_id)
    return row.retention_years if row else DEFAULT_RETENTION_YEARS


async def show(admin: Principal) -> OrganisationView:
    org = await Organisation.get(id=admin.organisation())
    row = await _settings(org.id)
    if row is None:
        return OrganisationView(org.id, org.name, DEFAULT_RULE, None, None, DEFAULT_QA_PERCENT)
    return OrganisationView(org.id, org.name, row.default_review_rule, clock(row.quiet_start),
                            clock(row.quiet_end), row.qa_sample_percent, row.retention_years)


async def change(admin: Principal, request: OrganisationChange, now: datetime
                 ) -> OrganisationView:
    before = await show(admin)
    after = {k: v for k, v in msgspec.structs.asdict(request).items() if v is not UNSET}
    if isinstance(after.get("name"), str):
        after["name"] = after["name"].strip() or before.name
    quiet = (after.get("quiet_start", before.quiet_start), after.get("quiet_end", before.quiet_end))
    if (quiet[0] is None) != (quiet[1] is None):
        raise ApiError(422, "invalid_quiet_hours", "Give both ends of the quiet hours, or neither.")
    columns = {k: v for k, v in after.items() if k != "name"}
    for end in ("quiet_start", "quiet_end"):
        if end in columns:
            columns[end] = minutes(columns[end])
    async with in_transaction():
        if "name" in after:
            await Organisation.filter(id=before.id).update(name=after["name"])
        if columns:
            await OrganisationSettings.update_or_create(
                organisation_id=before.id, defaults={**columns, "updated_at": now},
            )
        if after:
            await audit.record(
                "organisation.changed", organisation_id=before.id, actor_id=admin.user_id,
                subject_type="organisation", subject_id=before.id, now=now,
                before={k: getattr(before, k) for k in after}, after=after,
            )
    return await show(admin)
