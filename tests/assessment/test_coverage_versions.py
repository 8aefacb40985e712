"""Evidence linked to an older version of a standard counts for the criterion it became in
the current version (the same, renumbered or reworded); a removed criterion counts nowhere."""

from __future__ import annotations

from datetime import date

import pytest

from server.models import Enrolment
from tests.assessment.test_assessment_flow import _decide, _submitted_evidence
from tests.standards.helpers import FIXTURES
from tests.support.people import People

pytestmark = pytest.mark.usefixtures("bundled_standards")

UNIT = (FIXTURES / "other" / "unit-code-title.txt").read_bytes()  # SCDHSC0021, version 1


async def test_accepted_evidence_on_version_1_still_counts_when_version_2_is_current(people: People) -> None:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    assessor = await people.signed_in("assessor")
    assert (await admin.client.post("/api/library/imports", content=UNIT)).status_code == 201
    await Enrolment.create(organisation=worker.organisation, worker=worker.user, assessor=assessor.user,
                           standard_code="SCDHSC0021", start_date=date(2026, 1, 5))
    _, scope, rid = await _submitted_evidence(worker, ["SCDHSC0021/1/P1", "SCDHSC0021/1/P4"])
    await _decide(assessor, scope, rid, "accepted", {"SCDHSC0021/1/P1": "met", "SCDHSC0021/1/P4": "not_met"})

    reworded = UNIT.replace(b"P4 check whether", b"P4 check carefully whether")
    assert (await admin.client.post("/api/library/imports", content=reworded)).status_code == 201
    [coverage] = (await worker.client.get(f"/api/portfolios/{worker.id}/coverage")).json()
    states = {c["key"]: c["state"] for c in coverage["criteria"]}
    assert all(key.startswith("SCDHSC0021/2/") for key in states)
    # P1 unchanged: met; P4 reworded: the judgement "not met" follows it
    assert (states["SCDHSC0021/2/P1"], states["SCDHSC0021/2/P4"]) == ("met", "none")
    assert coverage["summary"]["met"] == 1

    served = (await worker.client.get("/api/standards")).json()["standards"]
    [unit] = [s for s in served if s["code"] == "SCDHSC0021"]
    assert unit["version"] == 2 and unit["carried"]["1/P1"] == "P1" and unit["carried"]["1/P4"] == "P4"
