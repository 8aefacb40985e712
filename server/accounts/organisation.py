"""An organisation's settings as its administrators change them: its name and the default
progress-review rule (preselected when enrolling, used by an enrolment CSV row without one).
Every change audited with the values before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec
from tortoise.transactions import in_transaction

from server.access import Principal
from server.accounts.models import OrganisationSettings
from server.audit import log as audit
from server.models import Organisation

DefaultRule = Literal["weeks_12", "calendar_3_months"]
DEFAULT_RULE = "calendar_3_months"


class OrganisationView(msgspec.Struct):
    id: int
    name: str
    default_review_rule: str


class OrganisationChange(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)] | msgspec.UnsetType = (
        msgspec.UNSET
    )
    default_review_rule: DefaultRule | msgspec.UnsetType = msgspec.UNSET


async def default_review_rule(organisation_id: int) -> str:
    row = await OrganisationSettings.filter(organisation_id=organisation_id).first()
    return row.default_review_rule if row else DEFAULT_RULE


async def show(admin: Principal) -> OrganisationView:
    org = await Organisation.get(id=admin.organisation())
    return OrganisationView(org.id, org.name, await default_review_rule(org.id))


async def change(admin: Principal, request: OrganisationChange, now: datetime
                 ) -> OrganisationView:
    before = await show(admin)
    after = {k: v for k, v in msgspec.structs.asdict(request).items() if v is not msgspec.UNSET}
    if isinstance(after.get("name"), str):
        after["name"] = after["name"].strip() or before.name
    async with in_transaction():
        if "name" in after:
            await Organisation.filter(id=before.id).update(name=after["name"])
        if "default_review_rule" in after:
            await OrganisationSettings.update_or_create(
                organisation_id=before.id,
                defaults={"default_review_rule": after["default_review_rule"], "updated_at": now},
            )
        if after:
            await audit.record(
                "organisation.changed", organisation_id=before.id, actor_id=admin.user_id,
                subject_type="organisation", subject_id=before.id, now=now,
                before={k: getattr(before, k) for k in after}, after=after,
            )
    return await show(admin)
