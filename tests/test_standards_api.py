"""GET /api/standards: the standards a person works with, from the library, for offline use."""

from __future__ import annotations

from datetime import date

import pytest

from server.models import Enrolment
from tests.support.people import People

pytestmark = pytest.mark.usefixtures("bundled_standards")


async def test_a_worker_gets_the_standards_they_are_enrolled_on_with_every_criterion(people: People) -> None:
    worker = await people.signed_in("worker")
    await Enrolment.create(organisation=worker.organisation, worker=worker.user,
                           standard_code="SCDHSC0389", start_date=date(2026, 1, 5))
    answer = (await worker.client.get("/api/standards")).json()
    assert answer["enrolled"] == ["SCDHSC0389"]
    [standard] = answer["standards"]
    assert standard["code"] == "SCDHSC0389" and standard["version"] == 1
    kinds = [c["kind"] for c in standard["criteria"]]
    assert (kinds.count("performance"), kinds.count("knowledge")) == (25, 46)
    assert standard["glossary"]


async def test_someone_with_no_enrolment_gets_the_whole_library(people: People) -> None:
    quality = await people.signed_in("quality_assurer")
    codes = [s["code"] for s in (await quality.client.get("/api/standards")).json()["standards"]]
    assert sorted(codes) == ["SCDHSC0389", "SCDHSC3110", "SCDLMCB3", "SCDLMCB4", "SCDLMCB6"]
