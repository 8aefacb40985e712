"""Coverage of a standard's criteria by a worker's evidence (pure).

For each criterion:
- `met`: linked by evidence that an assessor accepted, and the latest decision on that
  evidence did not judge this criterion `not_met` or `partly_met` (a decision that judges
  no criterion individually accepts every criterion the evidence is linked to);
- `waiting`: otherwise, linked by evidence submitted and waiting for assessment;
- `none`: otherwise (drafts and referred evidence are listed but do not count).

Evidence (and judgements) linked to another version of the standard count for the current
criterion they became, through `carried` (old key -> current key; standards/diff.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

import msgspec

State = Literal["none", "waiting", "met"]


class CriterionRef(msgspec.Struct, frozen=True):
    key: str
    ref: str
    kind: str
    group: str
    text: str


class EvidenceRow(msgspec.Struct, frozen=True):
    id: str
    status: str
    criteria: list[str]
    title: str = ""
    kind: str = ""


class DecisionRow(msgspec.Struct, frozen=True):
    evidence_id: str
    outcome: str
    judgements: dict[str, str]
    order: int


class CriterionCoverage(msgspec.Struct):
    key: str
    ref: str
    kind: str
    group: str
    text: str
    state: State
    evidence: list[str]
    met_by: list[str]


class CoverageSummary(msgspec.Struct):
    total: int
    met: int
    waiting: int
    none: int


def latest_decisions(decisions: Iterable[DecisionRow]) -> dict[str, DecisionRow]:
    latest: dict[str, DecisionRow] = {}
    for decision in sorted(decisions, key=lambda d: d.order):
        latest[decision.evidence_id] = decision
    return latest


def _meets(item: EvidenceRow, key: str, latest: dict[str, DecisionRow]) -> bool:
    if item.status != "accepted":
        return False
    decision = latest.get(item.id)
    if decision is None or not decision.judgements:
        return True
    return decision.judgements.get(key, "met") == "met"


def coverage(
    criteria: Iterable[CriterionRef], evidence: Iterable[EvidenceRow],
    decisions: Iterable[DecisionRow], carried: Mapping[str, str] | None = None,
) -> list[CriterionCoverage]:
    moved = carried or {}
    items = list(evidence)
    latest = {
        evidence_id: msgspec.structs.replace(d, judgements={
            moved.get(key, key): judged for key, judged in d.judgements.items()})
        for evidence_id, d in latest_decisions(decisions).items()
    }
    linked: dict[str, list[EvidenceRow]] = {}
    for item in items:
        for key in dict.fromkeys(moved.get(k, k) for k in item.criteria):
            linked.setdefault(key, []).append(item)
    result = []
    for criterion in criteria:
        these = linked.get(criterion.key, [])
        met_by = [i.id for i in these if _meets(i, criterion.key, latest)]
        waiting = any(i.status == "submitted" for i in these)
        state: State = "met" if met_by else "waiting" if waiting else "none"
        result.append(CriterionCoverage(
            criterion.key, criterion.ref, criterion.kind, criterion.group, criterion.text,
            state, [i.id for i in these], met_by,
        ))
    return result


def summarise(rows: Iterable[CriterionCoverage]) -> CoverageSummary:
    states = [row.state for row in rows]
    return CoverageSummary(
        len(states), states.count("met"), states.count("waiting"), states.count("none")
    )
