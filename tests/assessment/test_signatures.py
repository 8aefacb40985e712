"""Signatures bound to what they signed: the shared golden cases
(sync/golden/rules/signatures.json, also run by pwa/tests/signatures.test.js)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sync.signatures import REVIEW_FIELDS, digest, signed_text, state, witness_state

CASES = json.loads((Path(__file__).parents[2] / "sync/golden/rules/signatures.json").read_text())


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_signature_golden_case(case: dict[str, Any]) -> None:
    witness = case["witness"]
    assert signed_text(witness) == case["text"]
    assert digest(witness) == case["digest"]
    assert witness_state(witness) == case["state"]


def test_a_review_signature_covers_its_notes_and_actions() -> None:
    review = {"held_on": "2026-03-02", "participants": "Wren, Sam", "notes": "Good progress.",
              "actions": "Observe lunch.", "next_review_due": "2026-06-01"}
    signed = digest(review, REVIEW_FIELDS)
    assert state(True, signed, review, REVIEW_FIELDS) == "signed"
    assert state(True, signed, {**review, "notes": "Poor progress."}, REVIEW_FIELDS) == "changed"
    assert state(False, signed, review, REVIEW_FIELDS) == "unsigned"
