"""Which criteria of an older version live on in the current one (standards/diff.py)."""

from __future__ import annotations

from standards.diff import carried_refs
from standards.parsed import Criterion

OLD = [
    Criterion("P1", "agree with the individual how they want to keep in touch"),
    Criterion("P2", "support the individual to plan visits from key people"),
    Criterion("P3", "record the arrangements in line with agreed ways of working"),
    Criterion("K1", "legal and work setting requirements on confidentiality"),
]
NEW = [
    Criterion("P1", "agree with the individual how they want to keep in touch"),
    Criterion("P2", "report concerns about abuse straight away"),  # new
    Criterion("P3", "support the individual to plan visits from their key people"),  # was P2
    Criterion("P4", "record the arrangements in line with agreed ways of working"),  # was P3
]


def test_same_renumbered_and_reworded_criteria_carry_and_removed_ones_do_not() -> None:
    assert carried_refs(OLD, NEW) == {"P1": "P1", "P2": "P3", "P3": "P4"}


def test_a_version_compared_with_itself_carries_every_criterion_to_itself() -> None:
    assert carried_refs(OLD, OLD) == {c.ref: c.ref for c in OLD}
