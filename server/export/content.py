"""What an export shows, from the records of one portfolio scope. Pure.

Evidence in the order it happened (undated last, then by title), each with its decisions
(oldest first) and its files; progress reviews in the order they were held or planned.
Files are named once, by the first item that refers to them (`files.attachment_name`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from server.export.files import attachment_name
from sync.signatures import review_states, witness_state

KIND_WORDS = {
    "observation": "Observation", "reflective_account": "Reflective account",
    "witness_testimony": "Witness testimony", "professional_discussion": "Professional discussion",
    "product_evidence": "Product evidence", "evidence_location": "Where a record is kept",
}
# the PWA's vocabulary (pwa/js/lib/words.js STATE_WORDS) for the states the server knows
STATUS_WORDS = {
    "draft": "Sent (draft)", "submitted": "With your assessor",
    "accepted": "Accepted", "referred": "Referred back",
}


class File(msgspec.Struct, frozen=True):
    sha256: str
    name: str  # its path in the ZIP
    content_type: str
    present: bool  # False: the phone has not uploaded it yet


class Decision(msgspec.Struct, frozen=True):
    outcome: str
    feedback: str
    judgements: dict[str, str]
    decided_at: str | None


class Witness(msgspec.Struct, frozen=True):
    name: str
    role: str
    relationship: str
    statement: str
    signed_at: str | None
    signature: File | None
    signature_state: str = "unsigned"  # sync/signatures.py: unsigned, signed, changed, unbound


class Item(msgspec.Struct, frozen=True):
    id: str
    number: int
    title: str
    kind: str
    status: str
    occurred_at: str | None
    description: str
    stages: list[tuple[str, str]]
    criteria: list[str]
    witness: Witness | None
    location: str
    photos: list[File]
    decisions: list[Decision]


class Review(msgspec.Struct, frozen=True):
    status: str
    scheduled_for: str | None
    held_on: str | None
    participants: str
    notes: str
    actions: str
    next_review_due: str | None
    worker_signed_at: str | None
    assessor_signed_at: str | None
    signatures: dict[str, str] = {}  # per signer: sync/signatures.py states


class Content(msgspec.Struct, frozen=True):
    items: list[Item]
    reviews: list[Review]
    files: list[File]


def _sort_key(record: dict[str, Any]) -> tuple[int, str, str]:
    f = record["fields"]
    when = str(f.get("occurred_at") or "")
    return (0 if when else 1, when, str(f.get("title") or ""))


def assemble(records: list[dict[str, Any]], kinds: Mapping[str, tuple[str, str]],
             present: frozenset[str]) -> Content:
    """`kinds`: sha -> (content type, extension); `present`: the shas the server holds."""
    evidence = sorted((r for r in records if r["entity"] == "evidence"), key=_sort_key)
    decided: dict[str, list[Decision]] = {}
    for r in records:
        if r["entity"] == "decision":
            f = r["fields"]
            decided.setdefault(str(f.get("evidence_id")), []).append(Decision(
                str(f.get("outcome", "")), str(f.get("feedback") or ""),
                dict(f.get("judgements") or {}), f.get("decided_at")))
    named: dict[str, File] = {}

    def file(sha: str, number: int, title: str, role: str) -> File:
        if sha not in named:
            content_type, extension = kinds.get(sha, ("application/octet-stream", "bin"))
            named[sha] = File(sha, attachment_name(number, title, role, extension),
                              content_type, sha in present)
        return named[sha]

    items = []
    for number, r in enumerate(evidence, 1):
        f = r["fields"]
        title = str(f.get("title") or "Untitled")
        photos = [file(str(sha), number, title, f"file-{n}")
                  for n, sha in enumerate(f.get("attachments") or [], 1)]
        items.append(Item(
            r["id"], number, title, str(f.get("kind", "")), str(f.get("status") or "draft"),
            f.get("occurred_at"), str(f.get("description") or ""), _stages(f), list(
                f.get("criteria") or []), _witness(f, number, title, file), _location(f),
            photos, decided.get(r["id"], [])))
    reviews = [_review(r["fields"]) for r in records if r["entity"] == "review"]
    reviews.sort(key=lambda v: str(v.held_on or v.scheduled_for or ""))
    return Content(items, reviews, list(named.values()))


def _stages(f: dict[str, Any]) -> list[tuple[str, str]]:
    stages = (f.get("reflection") or {}).get("stages") or {}
    return [(stage.replace("_", " ").capitalize(), str(text)) for stage, text in stages.items()]


def _witness(f: dict[str, Any], number: int, title: str, file: Any) -> Witness | None:
    w = f.get("witness")
    if not w:
        return None
    sha = w.get("signature_sha256")
    signature = file(str(sha), number, title, "witness-signature") if sha else None
    return Witness(str(w.get("name", "")), str(w.get("role", "")),
                   str(w.get("relationship") or ""), str(w.get("statement") or ""),
                   w.get("signed_at"), signature, witness_state(w))


def _location(f: dict[str, Any]) -> str:
    loc = f.get("location")
    if not loc:
        return ""
    custodian = f", kept by {loc['custodian']}" if loc.get("custodian") else ""
    return f"{loc.get('record_type', '')}: {loc.get('location', '')}{custodian}"


def _review(f: dict[str, Any]) -> Review:
    return Review(str(f.get("status") or "planned"), f.get("scheduled_for"), f.get("held_on"),
                  str(f.get("participants") or ""), str(f.get("notes") or ""),
                  str(f.get("actions") or ""), f.get("next_review_due"),
                  f.get("worker_signed_at"), f.get("assessor_signed_at"), review_states(f))
