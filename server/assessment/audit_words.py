"""The audit trail in plain words (pure): one sentence per entry, from its action and detail,
with the names and item titles looked up by the caller. Ids stay in the entry for support;
a person reads the sentence."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

KINDS = {"assessment": "Assessment decisions", "evidence": "Locks and unlocks",
         "qa": "Quality assurance", "enrolment": "Enrolments", "role": "Roles"}
ROLE_WORDS = {"worker": "worker", "assessor": "assessor", "administrator": "administrator",
              "quality_assurer": "quality assurer", "employer": "employer"}
JUDGEMENT_WORDS = {"met": "met", "partly_met": "partly met", "not_met": "not yet met",
                   "removed": "removed"}

Name = Callable[[object], str]


def kind_of(action: str) -> str:
    return action.split(".", 1)[0]


def _judged(judgements: Mapping[str, str]) -> str:
    counts: dict[str, int] = {}
    for value in judgements.values():
        counts[value] = counts.get(value, 0) + 1
    parts = [f"{n} {JUDGEMENT_WORDS.get(v, v)}" for v, n in sorted(counts.items())]
    return f" ({', '.join(parts)})" if parts else ""


def sentence(action: str, detail: Mapping[str, Any], name: Name, item: str,
             subject: str = "") -> str:
    """What happened, as a sentence without its subject (the "who" is shown beside it).
    `name(user_id)` gives a person's name; `item` is the evidence title (or a fallback);
    `subject` the name of the person an entry about a user is about."""
    d = detail
    match action:
        case "assessment.decision":
            if d.get("outcome") == "accepted":
                return f"Accepted “{item}”{_judged(d.get('judgements') or {})}."
            return f"Referred “{item}” back to the worker{_judged(d.get('judgements') or {})}."
        case "evidence.locked":
            return f"Locked “{item}” (accepted evidence cannot be changed)."
        case "evidence.unlocked":
            return f"Unlocked “{item}”: {d.get('reason') or 'no reason given'}."
        case "qa.sample_drawn":
            return (f"Drew a sample of {d.get('size', '?')} decisions by "
                    f"{name(d.get('assessor_id'))}.")
        case "qa.verdict":
            verdict = "Agreed with" if d.get("verdict") == "agree" else "Disagreed with"
            note = f": {d['note']}" if d.get("note") else ""
            return f"{verdict} a sampled decision{note}."
        case "enrolment.created":
            return (f"Enrolled {name(d.get('worker_id'))} on {d.get('standard_code', '?')} "
                    f"with {name(d.get('assessor_id'))} as assessor.")
        case "enrolment.ended":
            return f"Ended an enrolment: {d.get('reason') or 'no reason given'}."
        case "role.assigned" | "role.removed":
            verb = "Gave" if action == "role.assigned" else "Removed"
            role = ROLE_WORDS.get(str(d.get("role")), str(d.get("role")))
            joined = " (by invitation)" if d.get("via") == "invitation" else ""
            to = "to" if action == "role.assigned" else "from"
            return f"{verb} the {role} role {to} {subject or 'someone'}{joined}."
    if action.startswith("enrolment."):
        changed = ", ".join(sorted((d.get("after") or {}).keys())) or "details"
        return f"Changed an enrolment ({changed}): {d.get('reason') or 'no reason given'}."
    return f"{action.replace('.', ' ').replace('_', ' ').capitalize()}."
