"""What the sync engine and the assessment queue report on /metrics."""

from __future__ import annotations

import re

import pytest

from tests.assessment.test_assessment_flow import P1, _submitted_evidence, _team
from tests.support.people import People

pytestmark = pytest.mark.usefixtures("bundled_standards")


def _value(text: str, name: str) -> float:
    match = re.search(rf"^{re.escape(name)} ([0-9.e+-]+)$", text, re.M)
    assert match, name
    return float(match.group(1))


async def test_pushed_mutations_pulls_and_the_queue_age_are_counted(people: People) -> None:
    _, worker, _, _ = await _team(people)
    before = (await people.client_for(None).get("/metrics")).text
    applied = 'carefolio_sync_mutations_total{result="applied"}'
    start = _value(before, applied) if applied in before else 0.0
    await _submitted_evidence(worker, [P1])
    after = (await people.client_for(None).get("/metrics")).text
    assert _value(after, applied) == start + 2
    assert "carefolio_sync_pull_records_count" in after
    assert _value(after, "carefolio_assessment_queue_oldest_seconds") >= 0
