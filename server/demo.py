"""`carefolio serve --demo`: a demo organisation with a worker, an assessor and an
administrator, so a newcomer can sign in at once. Idempotent; prints the logins."""

from __future__ import annotations

from datetime import date

from base.clock import system_clock
from server.models import Enrolment, Membership, Organisation, Role, User
from server.passwords import hash_password
from server.settings import Settings

DEMO_ORGANISATION = "Demo Care Homes"
DEMO_PASSWORD = "demo-password-123"
DEMO_PEOPLE = (
    ("admin@demo.carefolio", "Ada Admin", (Role.ADMINISTRATOR, Role.QUALITY_ASSURER)),
    ("assessor@demo.carefolio", "Sam Assessor", (Role.ASSESSOR,)),
    ("worker@demo.carefolio", "Wren Worker", (Role.WORKER,)),
)
DEMO_STANDARDS = ("SCDHSC0389", "SCDHSC3110")


async def load_demo(settings: Settings) -> dict[str, int]:
    org, _ = await Organisation.get_or_create(name=DEMO_ORGANISATION)
    password_hash = await hash_password(DEMO_PASSWORD)
    ids: dict[str, int] = {}
    for email, name, roles in DEMO_PEOPLE:
        user, created = await User.get_or_create(
            email=email,
            defaults={
                "display_name": name,
                "password_hash": password_hash,
                "is_superadmin": Role.ADMINISTRATOR in roles,
            },
        )
        ids[email] = user.id
        for role in roles:
            await Membership.get_or_create(user=user, organisation=org, role=role)
    worker, assessor = ids["worker@demo.carefolio"], ids["assessor@demo.carefolio"]
    for code in DEMO_STANDARDS:
        await Enrolment.get_or_create(
            organisation=org, worker_id=worker, standard_code=code, ended_at=None,
            defaults={"assessor_id": assessor, "start_date": date.today()},
        )
    return ids


async def load_demo_if_asked(settings: Settings) -> None:
    if not settings.demo:
        return
    await load_demo(settings)
    logins = "\n".join(
        f"    {email:<26} {DEMO_PASSWORD}   ({name})" for email, name, _ in DEMO_PEOPLE
    )
    print(
        f"\nDemo organisation loaded at {system_clock():%H:%M} UTC. Sign in at "
        f"{settings.public_url} as:\n{logins}\n",
        flush=True,
    )
