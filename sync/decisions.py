"""The rules an assessment decision keeps, decided purely (twin: pwa/js/lib/decisions.js).

A decision records only what the assessor decided, so the server checks it against the
evidence it judges *as the evidence stands on the server* when the decision arrives:

1. The evidence must exist in the decision's scope and be waiting for assessment
   (`submitted`): otherwise `evidence_not_found` or `not_submitted`.
2. Each judgement is `met`, `partly_met`, `not_met`, or `removed` (the assessor removed the
   criterion from the item while judging: the removal is recorded with the decision). A
   criterion judged `removed` must no longer be linked to the item (`removed_still_linked`).
3. **Accepted**: every criterion linked to the item has a judgement (`met`, `partly_met` or
   `not_met`), else `judgements_incomplete`; at least one of them is `met`, else
   `nothing_met`.
4. **Referred**: needs written feedback (`feedback_required`); criteria may stay unjudged,
   and a criterion nobody judged has no judgement in the record.
5. An acceptance of a witness testimony whose text changed after the witness signed it
   (sync/signatures.py) is refused, `signature_changed`: it needs signing again.
6. The evidence moves to `accepted` only on the strength of its latest decision, made since
   it was last submitted, which accepts it and still covers its criteria (rule 3 against
   the criteria it has at that moment): otherwise `decision_required`.
7. A progress review closes as `signed` only when no signature on it is stale (the review
   changed after that person signed): otherwise `signature_changed`. So a device that
   pushes the transition without such a decision (an old app, a hand-made request) cannot
   make the item accepted, and coverage does not move.

Decisions stored before these rules keep their meaning (docs/assessment.md): they are
never re-checked, and coverage reads them as it always did.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sync.signatures import review_states, witness_state

JUDGED = ("met", "partly_met", "not_met")


def refusal(decision: Mapping[str, Any], evidence: Mapping[str, Any] | None,
            ) -> tuple[str, str] | None:
    """Why the decision (its fields) may not be recorded on `evidence` (its fields, or None
    when there is no such live record), or None when it may (rules 1-5)."""
    if evidence is None:
        return "evidence_not_found", "The evidence this decision judges is not in the portfolio."
    if evidence.get("status") != "submitted":
        status = evidence.get("status") or "draft"
        return ("not_submitted",
                f"Only evidence waiting for assessment can be judged; this is {status}.")
    judgements: Mapping[str, str] = decision.get("judgements") or {}
    linked = set(evidence.get("criteria") or [])
    still = sorted(k for k, v in judgements.items() if v == "removed" and k in linked)
    if still:
        return "removed_still_linked", f"Judged removed but still linked: {', '.join(still)}."
    if decision.get("outcome") == "accepted":
        if evidence.get("witness") and witness_state(evidence["witness"]) == "changed":
            return ("signature_changed", "The testimony changed after the witness signed it: "
                    "it needs signing again before it can be accepted.")
        return _uncovered(judgements, sorted(linked))
    if not str(decision.get("feedback") or "").strip():
        return "feedback_required", "Write feedback for the worker to refer the item back."
    return None


def _uncovered(judgements: Mapping[str, str], linked: Sequence[str]) -> tuple[str, str] | None:
    missing = [k for k in linked if judgements.get(k) not in JUDGED]
    if missing:
        return ("judgements_incomplete", "To accept, judge every criterion linked to the item; "
                f"not judged: {', '.join(missing)}.")
    if not any(judgements.get(k) == "met" for k in linked):
        return ("nothing_met",
                "No criterion is judged met: refer the item back instead of accepting it.")
    return None


def acceptance_refusal(evidence: Mapping[str, Any], status_version: int,
                       decision: Mapping[str, Any] | None, decision_version: int,
                       ) -> tuple[str, str] | None:
    """Why `evidence` (its fields, before the move) may not move to accepted on the strength
    of `decision` (its latest decision's fields, or None), or None (rule 6). The versions are
    the server versions of the evidence's last status change and of the decision."""
    stale = decision_version < status_version
    if decision is None or decision.get("outcome") != "accepted" or stale:
        return ("decision_required",
                "Evidence is accepted through a decision that judges its criteria.")
    found = _uncovered(decision.get("judgements") or {}, sorted(evidence.get("criteria") or []))
    if found is not None:
        return "decision_required", f"The decision no longer covers the item. {found[1]}"
    return None


def closing_refusal(review: Mapping[str, Any]) -> tuple[str, str] | None:
    """Why a review (its fields) may not close as signed (rule 7), or None."""
    stale = [who for who, found in review_states(review).items() if found == "changed"]
    if stale:
        return ("signature_changed", f"The review changed after the {' and '.join(stale)} "
                "signed it: sign it again before closing.")
    return None


def closes_itself(review: Mapping[str, Any]) -> bool:
    """A held review that both the worker and the assessor have signed, on its text as it
    stands, is signed off: it closes by itself, whoever signed last (rule 8)."""
    return (review.get("status") == "held" and bool(review.get("worker_signed_at"))
            and bool(review.get("assessor_signed_at")) and closing_refusal(review) is None)
