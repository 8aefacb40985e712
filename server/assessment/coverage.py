"""Coverage of a standard's criteria by a worker's evidence (pure).

For each criterion:
- `met`: linked by evidence that an assessor accepted, and the latest decision on that
  evidence did not judge this criterion `not_met` or `partly_met` (a decision that judges
  no criterion individually accepts every criterion the evidence is linked to);
- `waiting`: otherwise, linked by evidence submitted and waiting for assessment;
- `none`: otherwise (drafts and referred evidence are listed but do not count).

Evidence (and judgements) linked to another version of the standard count for the current
criterion they became, through `carried` (old key -> current key; standards/diff.py).

Evidence linked to a qualification unit's criterion counts too for the NOS criteria the
unit's specification maps it to, through `also` (unit key -> NOS keys; `mapped_keys`). The
judgement such a NOS criterion gets from a decision is the decision's own for it, else the
worst of those of the unit criteria mapped to it (removed, not_met, partly_met, met): a unit
criterion judged not met never makes a NOS criterion met. The PWA's twin is
`pwa/js/lib/coverage.js`.
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


_WORST_FIRST = ("removed", "not_met", "partly_met", "met")


def mapped_keys(
    code: str, version: int, refs: Iterable[str], units: Iterable[UnitLinks]
) -> dict[str, list[str]]:
    """Unit criterion keys -> the keys of this NOS version's criteria they map to, from the
    units' NOS mappings (links to refs this version has not are left out). Pure."""
    have = set(refs)
    out: dict[str, list[str]] = {}
    for unit in units:
        for ref, nos_code, nos_ref in unit.links:
            if nos_code != code or nos_ref not in have:
                continue
            target = f"{code}/{version}/{nos_ref}"
            for key in (f"{unit.code}/{unit.version}/{ref}", *unit.carried_to(ref)):
                if target not in out.setdefault(key, []):
                    out[key].append(target)
    return out


class UnitLinks(msgspec.Struct, frozen=True):
    """A unit's current version, its NOS mapping (ref, NOS code, NOS ref) and its other
    versions' keys that live on as each current ref (`carried`: old key -> ref)."""

    code: str
    version: int
    links: list[tuple[str, str, str]]
    carried: dict[str, str] = {}

    def carried_to(self, ref: str) -> list[str]:
        return [old for old, new in self.carried.items() if new == ref]


def _with_mapped(judgements: Mapping[str, str], also: Mapping[str, list[str]]) -> dict[str, str]:
    out = dict(judgements)
    derived: dict[str, str] = {}
    for key, judged in judgements.items():
        for target in also.get(key, []):
            before = derived.get(target)
            rank = _WORST_FIRST.index(judged) if judged in _WORST_FIRST else 0
            if before is None or rank < _WORST_FIRST.index(before):
                derived[target] = _WORST_FIRST[rank]
    for target, judged in derived.items():
        out.setdefault(target, judged)
    return out


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
    also: Mapping[str, list[str]] | None = None,
) -> list[CriterionCoverage]:
    moved = carried or {}
    mapped = also or {}
    items = list(evidence)
    latest = {
        evidence_id: msgspec.structs.replace(d, judgements=_with_mapped({
            moved.get(key, key): judged for key, judged in d.judgements.items()}, mapped))
        for evidence_id, d in latest_decisions(decisions).items()
    }
    linked: dict[str, list[EvidenceRow]] = {}
    for item in items:
        keys = [moved.get(k, k) for k in item.criteria]
        for key in dict.fromkeys([*keys, *(t for k in keys for t in mapped.get(k, []))]):
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
