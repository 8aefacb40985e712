"""Evidence linked to a unit's criterion counts for the NOS criteria the unit maps it to:
the server's coverage runs the golden cases the PWA's twin runs too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from server.assessment import coverage as cov

GOLDEN = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures" / "coverage" / "unit-mapping.json").read_text(
        "utf-8"
    )
)


def _states(case: dict[str, Any]) -> dict[str, str]:
    standards = GOLDEN["standards"]
    units = [
        cov.UnitLinks(
            s["code"],
            s["version"],
            [(link["ref"], link["code"], link["nos_ref"]) for link in s["nos_links"]],
            {f"{s['code']}/{old}": ref for old, ref in s["carried"].items()},
        )
        for s in standards
        if s["framework"] == "unit"
    ]
    evidence = [cov.EvidenceRow(e["id"], e["status"], e["criteria"]) for e in case["evidence"]]
    decisions = [
        cov.DecisionRow(d["evidence_id"], "accepted", d["judgements"], d["order"])
        for d in case["decisions"]
    ]
    states: dict[str, str] = {}
    for s in standards:
        prefix = f"{s['code']}/{s['version']}"
        criteria = [
            cov.CriterionRef(f"{prefix}/{c['ref']}", c["ref"], c["kind"], c["group"], c["text"])
            for c in s["criteria"]
        ]
        carried = {f"{s['code']}/{old}": f"{prefix}/{ref}" for old, ref in s["carried"].items()}
        also = (
            cov.mapped_keys(s["code"], s["version"], [c["ref"] for c in s["criteria"]], units)
            if s["framework"] == "nos"
            else {}
        )
        for row in cov.coverage(criteria, evidence, decisions, carried, also):
            states[row.key] = row.state
    return states


@pytest.mark.parametrize("case", GOLDEN["cases"], ids=[c["name"] for c in GOLDEN["cases"]])
def test_golden_unit_mapping_case(case: dict[str, Any]) -> None:
    states = _states(case)
    assert {key: states[key] for key in case["expect"]} == case["expect"]


def test_mapped_keys_leave_out_refs_the_nos_has_not_and_name_earlier_unit_versions() -> None:
    unit = cov.UnitLinks(
        "T9000201",
        2,
        [("2.1", "SCDHSC0389", "P1"), ("2.1", "SCDHSC0389", "P99")],
        {"T9000201/1/2.1": "2.1"},
    )
    assert cov.mapped_keys("SCDHSC0389", 3, ["P1", "P2"], [unit]) == {
        "T9000201/2/2.1": ["SCDHSC0389/3/P1"],
        "T9000201/1/2.1": ["SCDHSC0389/3/P1"],
    }
