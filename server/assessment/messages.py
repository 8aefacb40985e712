"""Wire types of the assessment API."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import msgspec

from server.assessment.coverage import CoverageSummary, CriterionCoverage


class Person(msgspec.Struct):
    user_id: int
    display_name: str


class QueueItem(msgspec.Struct):
    evidence_id: str
    worker_id: int
    worker_name: str
    kind: str
    title: str
    criteria: list[str]
    submitted_at: str
    waiting_hours: float


class StandardCoverage(msgspec.Struct):
    worker_id: int
    standard_code: str
    summary: CoverageSummary
    criteria: list[CriterionCoverage]


class NewSample(msgspec.Struct, forbid_unknown_fields=True):
    assessor_id: Annotated[int, msgspec.Meta(ge=1, le=2_000_000_000)]
    # None: the organisation's QA sampling rate of the decisions (at least 1, at most 50)
    size: Annotated[int, msgspec.Meta(ge=1, le=50)] | None = None
    since: date | None = None


class Verdict(msgspec.Struct, forbid_unknown_fields=True):
    verdict: Literal["agree", "disagree"]
    note: Annotated[str, msgspec.Meta(max_length=4000)] = ""


class SampleItem(msgspec.Struct):
    id: int
    decision_id: str
    evidence_id: str
    worker_id: int
    outcome: str
    judgements: dict[str, str]
    feedback: str
    decided_at: str
    verdict: str | None
    note: str
    judged_at: str | None


class Sample(msgspec.Struct):
    id: int
    assessor_id: int
    quality_assurer_id: int
    created_at: str
    items: list[SampleItem]
