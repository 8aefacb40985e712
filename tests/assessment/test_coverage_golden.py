"""Coverage by the assessment rule against the shared golden cases
(sync/golden/rules/coverage.json, also run by pwa/tests/coverage-golden.test.js)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from server.assessment.coverage import CriterionRef, DecisionRow, EvidenceRow, coverage

CASES = json.loads((Path(__file__).parents[2] / "sync/golden/rules/coverage.json").read_text())


def _criterion(key: str) -> CriterionRef:
    ref = key.rsplit("/", 1)[1]
    return CriterionRef(key, ref, "performance" if ref[0] == "P" else "knowledge", "", "")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_coverage_golden_case(case: dict[str, Any]) -> None:
    rows = coverage(
        [_criterion(k) for k in case["criteria"]],
        [EvidenceRow(e["id"], e["status"], e["criteria"]) for e in case["evidence"]],
        [DecisionRow(d["evidence_id"], "accepted", d["judgements"], d["order"])
         for d in case["decisions"]],
        case.get("carried"),
    )
    got = {r.key: {"state": r.state, "evidence": r.evidence, "met_by": r.met_by} for r in rows}
    assert got == case["expect"]
